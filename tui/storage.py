"""Where the TUI keeps games: the user's data directory, or `$MUFAKAT_HOME` if set.

The game being played is always `games/last.jsonl` (so "continue" knows where to
look); "save as" copies it to `saves/NAME.jsonl`; debriefs are exported to `exports/`.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

HOME_VAR = "MUFAKAT_HOME"
NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")


class StorageError(ValueError):
    """A bad save name or a file that cannot be written; the message says the fix."""


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


def exports_dir() -> Path:
    return home() / "exports"


def saved_games() -> list[Path]:
    """Saved records, by name."""
    folder = saves_dir()
    return sorted(folder.glob("*.jsonl")) if folder.is_dir() else []


def save_as(name: str) -> Path:
    """Copy the current game's record to `saves/NAME.jsonl` and return that path."""
    name = name.strip().removesuffix(".jsonl")
    if not NAME.match(name):
        raise StorageError(f"`{name}` cannot be a save name: use letters, digits, `.`, `_` "
                           "or `-` (at most 64), starting with a letter or digit")
    source = last_game()
    if not source.is_file():
        raise StorageError("there is no game in progress to save")
    target = saves_dir() / f"{name}.jsonl"
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
    except OSError as err:
        raise StorageError(f"cannot write {target}: {err.strerror}") from None
    return target


def write_export(filename: str, text: str) -> Path:
    """Write an exported document (a debrief) and return its path."""
    target = exports_dir() / filename
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    except OSError as err:
        raise StorageError(f"cannot write {target}: {err.strerror}") from None
    return target
