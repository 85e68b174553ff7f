"""Interface text in the player's language.

Every string the interface shows is written in English inside `_()` (or `ngettext`
for counts) and looked up in the catalogue of the language chosen in the settings or
with `--lang`. Scenario texts, the game's log and the debrief stay English for now.
"""

from __future__ import annotations

import gettext
from pathlib import Path

DOMAIN = "mufakat"
LOCALE_DIR = Path(__file__).with_name("locale")

_current: gettext.NullTranslations = gettext.NullTranslations()


def use(language: str) -> None:
    """Show the interface in `language` (a code of `tui.settings.LANGUAGES`) from now on."""
    global _current
    _current = gettext.translation(DOMAIN, LOCALE_DIR, [language], fallback=True)


def _(message: str) -> str:
    """`message` in the current language."""
    return _current.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural form for `n`, in the current language."""
    return _current.ngettext(singular, plural, n)
