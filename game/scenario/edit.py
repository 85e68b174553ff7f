"""Editing scenario text where TOML puts its keys, and writing files safely.

`upgrade` and `new --from` change a few top-level keys of an author's file and keep
everything else (comments, layout). A line that merely looks like `chair = ...` inside
a multi-line string (a briefing) is text, not a key: `top_level_keys` scans the TOML
the way a parser does (strings, comments, brackets), in one linear pass, and returns
only the real keys before the first `[table]`.

`replace_file` and `create_file` write through a temporary file in the same folder,
so a full disk or a size limit leaves either the whole new file or nothing, never an
empty or half-written one.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import re
import tomllib
from pathlib import Path

import attrs

_BARE = re.compile(r"[A-Za-z0-9_-]+")
_SPACE = re.compile(r"[ \t]*")
_BASIC = re.compile(r'"(?:[^"\\\n]++|\\.)*+"')
_LITERAL = re.compile(r"'[^'\n]*+'")
_ML_BASIC = re.compile(r'"""(?:[^"\\]++|\\[\s\S]|"(?!""))*+"""(?:"{0,2})')
_ML_LITERAL = re.compile(r"'''(?:[^']++|'(?!''))*+'''(?:'{0,2})")
_VALUE_STOP = re.compile(r"[\"'#\[\]{}\n]")
_NO_LINKS = {errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK,
             errno.ENOSYS}


@attrs.frozen
class KeySpan:
    """One top-level `key = value` statement: offsets into the text."""

    name: str | None
    """The key as TOML reads it (quotes removed), or None for a dotted key."""
    line: int
    """1-based line of the key."""
    start: int
    """Offset of the line's start (indentation included)."""
    key_start: int
    key_end: int
    value_start: int
    value_end: int
    """After the value's last character (a trailing comment excluded)."""
    end: int
    """After the statement's newline (or the end of the text)."""


def _string_end(text: str, at: int) -> int:
    """The offset after the string starting at `at` (the end of the text if it is
    unterminated)."""
    for pattern in ((_ML_BASIC, _BASIC) if text[at] == '"' else (_ML_LITERAL, _LITERAL)):
        found = pattern.match(text, at)
        if found:
            return found.end()
    return len(text)


def _key(text: str, at: int) -> tuple[str | None, int, int] | None:
    """The key starting at `at`: its name (None when dotted), its end and the offset
    after the `=`; None when this is no `key =`."""
    parts: list[str] = []
    end = at
    while True:
        if at < len(text) and text[at] in "\"'":
            found = (_BASIC if text[at] == '"' else _LITERAL).match(text, at)
            if not found:
                return None
            raw = found.group()
            try:
                parts.append(tomllib.loads(f"k = {raw}")["k"] if raw[0] == '"' else raw[1:-1])
            except tomllib.TOMLDecodeError:
                return None
        else:
            found = _BARE.match(text, at)
            if not found:
                return None
            parts.append(found.group())
        end = found.end()
        at = _SPACE.match(text, end).end()  # type: ignore[union-attr]
        if at < len(text) and text[at] == ".":
            at = _SPACE.match(text, at + 1).end()  # type: ignore[union-attr]
            continue
        break
    if at >= len(text) or text[at] != "=":
        return None
    return (parts[0] if len(parts) == 1 else None), end, at + 1


def top_level_keys(text: str) -> list[KeySpan]:
    """Every `key = value` statement before the first `[table]`, in order. Linear in
    the text; text that is not TOML yields what can be read of it, never an error."""
    spans: list[KeySpan] = []
    pos = 0
    n = len(text)
    line, counted = 1, 0  # the line number at offset `counted`
    while pos < n:
        start = pos
        at = _SPACE.match(text, pos).end()  # type: ignore[union-attr]
        if at >= n or text[at] == "[":
            break
        if text[at] in "\r\n#":
            newline = text.find("\n", at)
            pos = n if newline < 0 else newline + 1
            continue
        key = _key(text, at)
        if key is None:  # not TOML: skip the line
            newline = text.find("\n", at)
            pos = n if newline < 0 else newline + 1
            continue
        name, key_end, after_eq = key
        value_start = _SPACE.match(text, after_eq).end()  # type: ignore[union-attr]
        p, depth, value_end = value_start, 0, value_start
        while p < n:
            found = _VALUE_STOP.search(text, p)
            stop = found.start() if found else n
            if text[p:stop].strip():
                value_end = p + len(text[p:stop].rstrip())
            if stop >= n:
                p = n
                break
            ch = text[stop]
            if ch in "\"'":
                p = value_end = _string_end(text, stop)
            elif ch == "#":
                newline = text.find("\n", stop)
                p = n if newline < 0 else newline
            elif ch in "[{":
                depth += 1
                p = value_end = stop + 1
            elif ch in "]}":
                depth -= 1
                p = value_end = stop + 1
            elif depth > 0:  # a newline inside an array
                p = stop + 1
            else:
                p = stop
                break
        end = min(p + 1, n)
        line += text.count("\n", counted, at)
        counted = at
        spans.append(KeySpan(name, line, start, at, key_end, value_start, value_end, end))
        pos = end
    return spans


def toml_string(value: str) -> str:
    """`value` as a TOML basic string (every control character escaped)."""
    return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")


def _temporary(path: Path, data: bytes) -> Path:
    """`data` written and flushed to disk in a new temporary file beside `path`."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    _create_directly(tmp, data)
    return tmp


def replace_file(path: Path, data: bytes) -> None:
    """Replace `path` with `data` atomically: on any error (a full disk, a size limit)
    `path` is left as it was and no temporary file remains. Raises OSError."""
    tmp = _temporary(path, data)
    try:
        with contextlib.suppress(OSError):
            os.chmod(tmp, path.stat().st_mode & 0o7777)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def create_file(path: Path, data: bytes) -> None:
    """Create `path` holding `data`, whole or not at all; never overwrite a file that
    exists (FileExistsError). Raises OSError."""
    tmp = _temporary(path, data)
    try:
        os.link(tmp, path)  # fails if `path` exists: no file is ever replaced
    except OSError as err:  # a file system without hard links: exclusive create, then fill
        if err.errno not in _NO_LINKS:
            raise
        _create_directly(path, data)
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()


def _create_directly(path: Path, data: bytes) -> None:
    """Create `path` (never an existing file) holding `data`, flushed to disk; on any
    error no file is left behind."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
    except BaseException:
        with contextlib.suppress(OSError):
            path.unlink()
        raise
