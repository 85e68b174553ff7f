"""The player's settings, kept between sessions: theme, bot pace, language, advisor.

They live in `settings.toml` in the platform's config folder (`$MUFAKAT_HOME` when set,
as for games, so tests and portable installs keep everything in one place). A file that
cannot be read, or a value that is wrong, is reported by name with the fix and that one
value falls back to its default; the rest of the file still applies.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any

import attrs
import tomli_w

from tui import storage
from tui.i18n import LANGUAGES

FILE = "settings.toml"
PACES = (0.0, 0.25, 0.6, 1.2, 2.5)
"""Seconds between two computer players' moves, fastest first."""
SIZE_LIMIT = 64 * 1024


@attrs.frozen
class Settings:
    """What the player chose; the defaults are a first-time player's."""

    theme: str = "textual-dark"
    bot_pace: float = 0.6
    language: str = "en"
    advisor: bool = False
    """Whether the advisor may be asked during play (off: competitive play)."""
    tutorial_offered: bool = False
    """Set once the start screen has offered the tutorial to this first-time player."""


def path() -> Path:
    if os.environ.get(storage.HOME_VAR):
        return storage.home() / FILE
    from platformdirs import user_config_dir

    return Path(user_config_dir("mufakat")) / FILE


def _check(name: str, value: Any) -> str | None:
    """What is wrong with `value` for the setting `name`, or None."""
    if name == "bot_pace":
        if isinstance(value, bool) or not isinstance(value, int | float) or value not in PACES:
            return f"bot_pace must be one of {', '.join(f'{p:g}' for p in PACES)} (seconds)"
    elif name == "language":
        if value not in LANGUAGES:
            return f"language must be one of {', '.join(LANGUAGES)}"
    elif name == "theme":
        if not isinstance(value, str) or not value:
            return "theme must be the name of a theme, e.g. \"textual-dark\""
    elif not isinstance(value, bool):
        return f"{name} must be true or false"
    return None


def load() -> tuple[Settings, list[str]]:
    """The saved settings and the problems met reading them (each naming the file and
    the field); a missing file is the defaults without a problem."""
    where = path()
    try:
        if not where.exists():
            return Settings(), []
        if where.stat().st_size > SIZE_LIMIT:
            return Settings(), [f"{storage.show_path(where)} is not a settings file "
                                "(too large): the defaults are used"]
        data = tomllib.loads(where.read_text(encoding="utf-8"))
    except OSError as err:
        return Settings(), [storage.problem("read", where, err) + ": the defaults are used"]
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
        return Settings(), [f"{storage.show_path(where)}: {err}; fix or delete the file "
                            "(the defaults are used)"]
    known = {f.name for f in attrs.fields(Settings)}
    values: dict[str, Any] = {}
    problems: list[str] = []
    for name, value in data.items():
        if name not in known:
            problems.append(f"{storage.show_path(where)}: unknown setting {name!r} "
                            f"(known: {', '.join(sorted(known))}); it is ignored")
            continue
        wrong = _check(name, value)
        if wrong:
            problems.append(f"{storage.show_path(where)}: {wrong}; the default is used")
        else:
            values[name] = float(value) if name == "bot_pace" else value
    return Settings(**values), problems


def save(settings: Settings) -> None:
    """Write `settings` (atomically); `StorageError` names the path and the fault."""
    storage.write_atomic(path(), tomli_w.dumps(attrs.asdict(settings)))
