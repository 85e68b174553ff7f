"""Where the TUI keeps games: the user's data directory, or `$MUFAKAT_HOME` if set.

The game being played is always `games/last.jsonl` (so "continue" knows where to
look); "save as" writes `saves/NAME.jsonl`; debriefs are exported to `exports/`.

Every file name is built from a checked slug and the result is checked to stay inside
its folder, so no scenario id or save name can write elsewhere. A game's record is
locked (`last.jsonl.lock` beside it) while a window plays it, so a second window cannot
interleave its moves into the same record. Write failures (a read-only or full disk, a
file where a folder should be) come back as `StorageError` naming the path and the fault.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import shutil
import time
from pathlib import Path
from typing import IO

from game.rules.text import plain

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX: no lock, as before
    fcntl = None  # type: ignore[assignment]

HOME_VAR = "MUFAKAT_HOME"
NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
SLUG_MAX = 64


class StorageError(ValueError):
    """A bad save name or a file that cannot be written; the message says the fix."""


class GameInUse(StorageError):
    """The game's record is open in another Mufakat window."""


def home() -> Path:
    """The data directory (tests point `MUFAKAT_HOME` at a temporary one)."""
    override = os.environ.get(HOME_VAR)
    if override:
        return Path(override)
    from platformdirs import user_data_dir

    return Path(user_data_dir("mufakat"))


def last_game() -> Path:
    return home() / "games" / "last.jsonl"


def saves_dir() -> Path:
    return home() / "saves"


def archive_dir() -> Path:
    return home() / "games" / "archive"


def archive(source: Path) -> Path | None:
    """Move the game record `source` into the archive (named by when it was moved
    there), so the game that takes its place never overwrites it; None if there is no
    record. An `OSError` leaves the record where it was."""
    if not source.is_file():
        return None
    folder = archive_dir()
    ensure_folder(folder)
    stamp = time.strftime("%Y-%m-%d %H.%M.%S")
    target = folder / f"{stamp}.jsonl"
    n = 1
    while target.exists():
        n += 1
        target = folder / f"{stamp} ({n}).jsonl"
    os.replace(source, target)
    return target


def archived_games() -> list[Path]:
    """Games a new one displaced, newest first (none if the folder is unreadable)."""
    folder = archive_dir()
    try:
        found = [p for p in folder.glob("*.jsonl") if p.is_file()] if folder.is_dir() else []
    except OSError:
        return []
    return sorted(found, reverse=True)


def exports_dir() -> Path:
    return home() / "exports"


def has_last_game() -> bool:
    """Is there a last game to continue? (False, never an error, on a broken folder.)"""
    try:
        return last_game().is_file()
    except OSError:
        return False


def saved_games() -> list[Path]:
    """Saved records, by name (none if the folder is missing or unreadable)."""
    folder = saves_dir()
    try:
        return sorted(p for p in folder.glob("*.jsonl") if p.is_file()) if folder.is_dir() else []
    except OSError:
        return []


# --- messages ---------------------------------------------------------------------

_FAULTS = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
    errno.EFBIG: "the file would exceed the file-size limit (ulimit -f)",
    errno.EROFS: "the folder is on a read-only file system",
    errno.EACCES: "permission denied (the folder is read-only for you)",
    errno.EPERM: "permission denied (the folder is read-only for you)",
    errno.EISDIR: "it is a folder, not a file",
    errno.ENOTDIR: "a part of the path is a file, not a folder",
    errno.EEXIST: "a file is in the way where a folder should be",
    errno.ENAMETOOLONG: "the name is too long",
}


def fault(err: OSError) -> str:
    """What went wrong, in words a player can act on."""
    return _FAULTS.get(err.errno or 0, err.strerror or str(err))


def show_path(path: object) -> str:
    """A path for a message: control characters shown as escapes."""
    return plain(str(path), keep_newlines=False)


def problem(what: str, path: Path, err: OSError) -> str:
    """`cannot WHAT PATH: FAULT`, and which file is in the way when one is."""
    text = f"cannot {what} {show_path(path)}: {fault(err)}"
    if err.errno in (errno.ENOTDIR, errno.EEXIST):
        blocker = in_the_way(path)
        if blocker is not None:
            text += f" ({show_path(blocker)} is a file)"
    return text


def in_the_way(path: Path) -> Path | None:
    """The first of `path`'s folders that exists as something other than a folder."""
    for folder in reversed(path.parents):
        try:
            if folder.exists() and not folder.is_dir():
                return folder
        except OSError:
            return None
    return None


# --- paths that stay in their folder --------------------------------------------------

def slug(text: str, fallback: str = "game") -> str:
    """Lower-case letters, digits and single dashes from `text`, at most 64 characters."""
    cleaned = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:SLUG_MAX].strip("-")
    return cleaned or fallback


def inside(folder: Path, filename: str) -> Path:
    """`folder / filename`, refusing any name that would leave the folder (a separator,
    `..`, an absolute path, NUL, or a symlink pointing out)."""
    if (not filename or "\0" in filename or "/" in filename or "\\" in filename
            or filename in (".", "..") or len(filename.encode()) > 255):
        raise StorageError(f"`{show_path(filename)[:80]}` cannot be a file name here")
    target = folder / filename
    base = folder.resolve()
    try:
        resolved = target.resolve()
    except (OSError, RuntimeError) as err:
        raise StorageError(f"cannot use {show_path(target)}: {err}") from None
    if resolved.parent != base or not resolved.is_relative_to(base):
        raise StorageError(f"{show_path(target)} would be written outside "
                           f"{show_path(folder)}; refused")
    return target


def save_path(name: str) -> Path:
    """The file a game saved as `name` goes to, after checking the name."""
    name = name.strip().removesuffix(".jsonl")
    if not NAME.fullmatch(name):
        raise StorageError(f"`{show_path(name)[:80]}` cannot be a save name: use letters, "
                           "digits, `.`, `_` or `-` (at most 64), starting with a letter "
                           "or digit")
    return inside(saves_dir(), f"{name}.jsonl")


def export_path(scenario_id: str, seed: int) -> Path:
    """Where the debrief of a game of `scenario_id` with `seed` is exported."""
    return inside(exports_dir(), f"{slug(scenario_id, 'scenario')}-seed{int(seed)}-debrief.md")


def ensure_folder(folder: Path) -> None:
    """Make `folder` (and its parents), or say clearly why it cannot be."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise StorageError(problem("make the folder", folder, err)) from None
    if not folder.is_dir():
        raise StorageError(f"cannot use the folder {show_path(folder)}: it is not a folder")


def write_atomic(target: Path, text: str) -> None:
    """Write `text` to `target` through a temporary file, so a failure (a full disk)
    leaves any file already there as it was."""
    ensure_folder(target.parent)
    tmp = target.with_name(f".{target.name}.tmp")
    try:
        with tmp.open("w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except OSError as err:
        _discard(tmp)
        raise StorageError(problem("write", target, err)) from None


def _discard(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink(missing_ok=True)


def save_as(name: str) -> Path:
    """Copy the current game's record to `saves/NAME.jsonl` and return that path."""
    target = save_path(name)
    source = last_game()
    if not source.is_file():
        raise StorageError("there is no game in progress to save")
    ensure_folder(target.parent)
    tmp = target.with_name(f".{target.name}.tmp")
    try:
        shutil.copyfile(source, tmp)
        os.replace(tmp, target)
    except OSError as err:
        _discard(tmp)
        raise StorageError(problem("write", target, err)) from None
    return target


def write_export(scenario_id: str, seed: int, text: str) -> Path:
    """Write an exported debrief and return its path."""
    target = export_path(scenario_id, seed)
    write_atomic(target, text)
    return target


# --- one window per game ------------------------------------------------------------

IN_USE = ("this game is open in another Mufakat window ({path}); close it there, or "
          "start a new game in that window")


class GameLock:
    """An exclusive, non-blocking lock on a game's record while a window plays it.

    The lock is on `RECORD.lock` beside the record (the record itself is replaced when
    it is rewritten), held through an open file until `release()` or process exit.
    `GameInUse` if another window holds it; `StorageError` (with `held` false) when no
    lock file can be made at all, e.g. in a read-only folder, where no window can write
    the record either.
    """

    def __init__(self, record: Path) -> None:
        self.record = record
        self.path = record.with_name(record.name + ".lock")
        self._file: IO[bytes] | None = None

    @property
    def held(self) -> bool:
        return self._file is not None

    def acquire(self) -> GameLock:
        if self._file is not None or fcntl is None:
            return self
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            handle = self.path.open("ab")
        except OSError as err:  # no lock file, so no record either: say it of the record
            raise StorageError(problem("save the game to", self.record, err)) from None
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.close()
            raise GameInUse(IN_USE.format(path=show_path(self.record))) from None
        except OSError as err:  # a file system without locks: go on unlocked
            handle.close()
            raise StorageError(problem("lock the game at", self.path, err)) from None
        self._file = handle
        return self

    def release(self) -> None:
        if self._file is not None:
            try:
                self._file.close()  # closing the file releases the lock
            finally:
                self._file = None
