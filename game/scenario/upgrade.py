"""Upgrading scenario files written for an older `format` to the current one.

Format 0 was the pre-release draft: it had no `format` key, called the event deck
`deck`, the first chair `chair` and the number of meetings `turns`. Format 1 (today)
adds `format = 1` and names them `events`, `first_chair` and `rounds`.

The upgrade edits the text line by line, so comments and layout survive; it only
touches top-level keys (before the first `[table]`). Nothing is written unless the
caller asks (`upgrade_file(..., write=True)`), and then the original is kept as
`FILE.bak`.
"""

from __future__ import annotations

import re
from pathlib import Path

import attrs

from game.scenario.loader import read_toml
from game.scenario.schema import FORMAT

RENAMES_0_TO_1 = {"deck": "events", "chair": "first_chair", "turns": "rounds"}
"""Top-level keys renamed between format 0 and format 1."""


class UpgradeError(Exception):
    """A file that cannot be upgraded; the message says why and what to do."""


@attrs.frozen
class Upgrade:
    """What upgrading one file did (or would do)."""

    path: Path
    old: int
    new: int
    text: str
    changes: tuple[str, ...]
    backup: Path | None = None


def file_format(data: dict[str, object]) -> int:
    """The format a parsed file declares; a file without the key is format 0."""
    version = data.get("format", 0)
    if not isinstance(version, int) or isinstance(version, bool):
        raise UpgradeError(f"`format` must be a whole number, not {version!r}")
    return version


def upgrade_text(text: str) -> tuple[str, list[str]]:
    """Format-0 text as format-1 text, with a line per change made."""
    lines = text.splitlines(keepends=True)
    changes: list[str] = []
    first_key = None
    for i, line in enumerate(lines):
        if re.match(r"\s*\[", line):
            break
        found = re.match(r"(\s*)([A-Za-z_]+)(\s*=)", line)
        if not found:
            continue
        if first_key is None:
            first_key = i
        key = found.group(2)
        if key in RENAMES_0_TO_1:
            new = RENAMES_0_TO_1[key]
            lines[i] = found.group(1) + new + line[found.end(2):]
            changes.append(f"line {i + 1}: `{key}` renamed `{new}`")
    at = first_key if first_key is not None else len(lines)
    lines.insert(at, f"format = {FORMAT}\n")
    changes.insert(0, f"line {at + 1}: added `format = {FORMAT}`")
    return "".join(lines), changes


def upgrade_file(path: Path, write: bool = False) -> Upgrade:
    """Upgrade `path` to the current format; raise `UpgradeError` when it cannot be.

    With `write`, the file is replaced and the original kept as `FILE.bak` (never
    overwriting an older backup)."""
    data, text, problems = read_toml(path)
    if data is None:
        raise UpgradeError("\n".join(str(p) for p in problems))
    old = file_format(data)
    if old > FORMAT:
        raise UpgradeError(f"{path}: format {old} is newer than this Mufakat reads "
                           f"({FORMAT}); upgrade Mufakat instead")
    if old == FORMAT:
        return Upgrade(path, old, old, text, ())
    if "format" in data:
        text = re.sub(r"(?m)^\s*format\s*=.*\n?", "", text, count=1)
    clash = [new for old_key, new in RENAMES_0_TO_1.items() if old_key in data and new in data]
    if clash:
        raise UpgradeError(f"{path}: has both old and new keys ({', '.join(clash)}); "
                           "remove one of each pair by hand")
    new_text, changes = upgrade_text(text)
    backup = None
    if write:
        backup = path.with_name(path.name + ".bak")
        if backup.exists():
            raise UpgradeError(f"{backup} already exists; move it away so the upgrade can "
                               "keep the original there")
        try:
            backup.write_bytes(path.read_bytes())
            path.write_text(new_text, encoding="utf-8")
        except OSError as err:
            raise UpgradeError(f"{path}: cannot write: {err.strerror}") from None
    return Upgrade(path, old, FORMAT, new_text, tuple(changes), backup)
