"""Upgrading scenario files written for an older `format` to the current one.

Format 0 was the pre-release draft: it had no `format` key, called the event deck
`deck`, the first chair `chair` and the number of meetings `turns`. Format 1 added
`format = 1` and named them `events`, `first_chair` and `rounds`. Format 2 (today) is
the second rules ("Rules 2"): every field of format 1 keeps its name and meaning in the
data, new fields are optional, but the rules read them differently, so the upgrade sets
`format = 2` and says what changed (`NOTES`) for the author to check.

The upgrade edits the text where TOML has its keys (`game.scenario.edit`), so comments
and layout survive and a line inside a string that looks like `chair = ...` is left
alone; it only touches top-level keys (before the first `[table]`). Nothing is written
unless the caller asks (`upgrade_file(..., write=True)`), and then the original is kept
as `FILE.bak`. Both files are written whole or not at all (a temporary file renamed
into place), so a full disk leaves the original as it was and no empty `.bak` behind.
"""

from __future__ import annotations

import contextlib
import re
from pathlib import Path

import attrs

from game.rules.files import InputFileError, read_bounded
from game.scenario.edit import create_file, replace_file, top_level_keys
from game.scenario.loader import MAX_BYTES, read_toml
from game.scenario.schema import FORMAT

RENAMES_0_TO_1 = {"deck": "events", "chair": "first_chair", "turns": "rounds"}
"""Top-level keys renamed between format 0 and format 1."""


NOTES: dict[int, tuple[str, ...]] = {
    2: ("the chair now holds the chair for every meeting of the scenario (Charter Art. 31), "
        "so `first_chair` chairs them all",
        "reservations and objections state a concern; only the chair tables a measure "
        "with `chair_only = true` (the chair's statement)",
        "new optional fields: measures' `clauses` and `chair_only`, `adopted_levels`, "
        "`clause` objectives, and the rules' `[rules.clauses]`; see \"From format 1\" "
        "in scenarios/README.md"),
}
"""What an author should check when a file moves up to each format."""


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

    @property
    def notes(self) -> tuple[str, ...]:
        """What changed in the rules between the file's format and this one."""
        return tuple(n for v in range(self.old + 1, self.new + 1) for n in NOTES.get(v, ()))


def file_format(data: dict[str, object]) -> int:
    """The format a parsed file declares; a file without the key is format 0."""
    version = data.get("format", 0)
    if not isinstance(version, int) or isinstance(version, bool):
        raise UpgradeError(f"`format` must be a whole number, not {version!r}")
    return version


def upgrade_text(text: str) -> tuple[str, list[str]]:
    """Format-0 text as format-1 text, with a line per change made. Only real top-level
    keys are renamed; a `format` key is set, or added before the first key."""
    spans = top_level_keys(text)
    edits: list[tuple[int, int, str]] = []
    changes: list[str] = []
    has_format = False
    for span in spans:
        if span.name == "format":
            has_format = True
            edits.append((span.value_start, span.value_end, str(FORMAT)))
            changes.append(f"line {span.line}: `format` set to {FORMAT}")
        elif span.name in RENAMES_0_TO_1:
            new = RENAMES_0_TO_1[span.name]
            edits.append((span.key_start, span.key_end, new))
            changes.append(f"line {span.line}: `{span.name}` renamed `{new}`")
    if not has_format:
        if spans:
            at, line = spans[0].start, spans[0].line
        else:
            table = re.search(r"(?m)^[ \t]*\[", text)
            at = table.start() if table else len(text)
            line = text.count("\n", 0, at) + 1
        prefix = "" if at == 0 or text[at - 1] == "\n" else "\n"
        edits.append((at, at, f"{prefix}format = {FORMAT}\n"))
        changes.insert(0, f"line {line}: added `format = {FORMAT}`")
    for start, end, new_text in sorted(edits, reverse=True):
        text = text[:start] + new_text + text[end:]
    return text, changes


def upgrade_file(path: Path, write: bool = False) -> Upgrade:
    """Upgrade `path` to the current format; raise `UpgradeError` when it cannot be.

    With `write`, the file is replaced and the original kept as `FILE.bak` (never
    overwriting an older backup; a backup identical to the file, or empty, left by an
    earlier attempt that failed, is reused). Both writes are atomic: after an error
    the file is unchanged and no new `.bak` remains."""
    data, text, problems = read_toml(path)
    if data is None:
        raise UpgradeError("\n".join(str(p) for p in problems))
    old = file_format(data)
    if old > FORMAT:
        raise UpgradeError(f"{path}: format {old} is newer than this Mufakat reads "
                           f"({FORMAT}); upgrade Mufakat instead")
    if old == FORMAT:
        return Upgrade(path, old, old, text, ())
    clash = [new for old_key, new in RENAMES_0_TO_1.items() if old_key in data and new in data]
    if clash:
        raise UpgradeError(f"{path}: has both old and new keys ({', '.join(clash)}); "
                           "remove one of each pair by hand")
    new_text, changes = upgrade_text(text)
    backup = None
    if write:
        backup = path.with_name(path.name + ".bak")
        _write(path, backup, text.encode("utf-8"), new_text.encode("utf-8"))
    return Upgrade(path, old, FORMAT, new_text, tuple(changes), backup)


def _write(path: Path, backup: Path, original: bytes, upgraded: bytes) -> None:
    made_backup = False
    try:
        if backup.exists() or backup.is_symlink():
            kept = _existing(backup, len(original))
            if kept == b"":
                replace_file(backup, original)
            elif kept != original:
                raise UpgradeError(f"{backup} already exists; move it away so the upgrade "
                                   "can keep the original there")
        else:
            create_file(backup, original)
            made_backup = True
        replace_file(path.resolve(), upgraded)
    except OSError as err:
        if made_backup:
            with contextlib.suppress(OSError):
                backup.unlink()
        raise UpgradeError(f"{path}: cannot write: {err.strerror or err}; the file is "
                           "unchanged") from None


def _existing(backup: Path, size: int) -> bytes | None:
    """The bytes of an existing backup (None when it is no regular file or too big)."""
    try:
        return read_bounded(backup, max(size, MAX_BYTES), "backup")
    except InputFileError:
        return None
