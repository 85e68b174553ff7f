"""Reading an input file with its size bound checked before the work.

A FIFO, a device or `/dev/zero` named as a scenario, record or `--from` file must not
hang or fill memory: only regular files are read, opened without blocking, and never
more than `limit` bytes.
"""

from __future__ import annotations

import os
import stat
import tempfile
from pathlib import Path


class InputFileError(OSError):
    """A file that cannot be read as input; the message names it and says why."""


def read_bounded(path: str | Path, limit: int, what: str = "file") -> bytes:
    """The bytes of the regular file `path`, refusing more than `limit` bytes."""
    name = str(path)
    try:
        fd = os.open(name, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as err:
        raise InputFileError(f"{name}: cannot read the {what}: {err.strerror}") from None
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        if stat.S_ISDIR(info.st_mode):
            raise InputFileError(f"{name}: is a folder, not a {what}")
        raise InputFileError(f"{name}: is not a regular file (a pipe or a device?); "
                             f"give the path of a {what}")
    with os.fdopen(fd, "rb") as handle:
        if info.st_size > limit:
            raise InputFileError(f"{name}: the {what} is {info.st_size:,} bytes; "
                                 f"the limit is {limit:,}")
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise InputFileError(f"{name}: the {what} is over {limit:,} bytes (it grew while read)")
    return data


def unwritable(folder: str | Path) -> str:
    """Why `folder` takes no new file (read-only, full, out of inodes), or "" if it does:
    checked by creating and removing a probe file, before any work is done."""
    try:
        fd, probe = tempfile.mkstemp(prefix=".mufakat-", suffix=".tmp", dir=folder)
        os.close(fd)
        os.unlink(probe)
    except OSError as err:
        return err.strerror or str(err)
    return ""
