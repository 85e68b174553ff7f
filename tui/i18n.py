"""Interface text in the player's language.

Every string the interface shows is written in English inside `_()` (or `ngettext`
for counts) and looked up in the catalogue of the language chosen in the settings or
with `--lang`. Strings needed before a language is chosen (key binding descriptions,
column headings: class attributes) are marked with `N_()` and translated where shown.
Scenario texts, the game's log and the debrief stay English for now.

The catalogues are the Babel `.po` files under `tui/locale/` (no compiled files in git):
the chosen one is read with Babel at start, so English, the default, loads nothing.
"""

from __future__ import annotations

import dataclasses
import gettext
import io
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from textual.app import App
    from textual.dom import DOMNode

DOMAIN = "mufakat"
LOCALE_DIR = Path(__file__).with_name("locale")
SOURCE = "en"
"""The language the interface is written in (no catalogue)."""
LANGUAGES = {"en": "English", "id": "Bahasa Indonesia", "vi": "Tiếng Việt"}
"""The languages the interface is translated into, by code (scenario texts stay English)."""

ISO_CODES = {
    "brunei": "BN", "cambodia": "KH", "indonesia": "ID", "laos": "LA", "malaysia": "MY",
    "myanmar": "MM", "philippines": "PH", "singapore": "SG", "thailand": "TH",
    "timor-leste": "TL", "vietnam": "VN",
}
"""Member (seat) ids to ISO 3166 codes, by which CLDR names the members in each language."""

_current: gettext.NullTranslations = gettext.NullTranslations()
_language = SOURCE


def catalogue(language: str) -> Path:
    """The `.po` file holding `language`'s translations."""
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def use(language: str) -> None:
    """Show the interface in `language` (a code of `LANGUAGES`) from now on;
    a language without a catalogue shows English."""
    global _current, _language
    if language == _language:
        return
    _current, _language = gettext.NullTranslations(), language
    if language != SOURCE and catalogue(language).exists():
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        with catalogue(language).open("rb") as po:
            read = read_po(po, locale=language, domain=DOMAIN)
        compiled = io.BytesIO()
        write_mo(compiled, read)  # fuzzy entries are left out: they show English
        compiled.seek(0)
        _current = gettext.GNUTranslations(compiled)


def language() -> str:
    """The code of the language the interface is shown in."""
    return _language


def _(message: str) -> str:
    """`message` in the current language."""
    return _current.gettext(message)


def N_(message: str) -> str:
    """`message` unchanged, marked for the catalogue: translated with `_()` where shown."""
    return message


STILL_ENGLISH = N_("Scenario texts, the game's log, the debrief and the rules are in English "
                   "for now.")
"""What the help (and the settings) say of the texts not translated yet; show `_()` of it."""


def ngettext(singular: str, plural: str, n: int) -> str:
    """The singular or plural form for `n`, in the current language."""
    return _current.ngettext(singular, plural, n)


def member_name(seat: str, english: str) -> str:
    """The member `seat`'s name in the current language, from CLDR (Babel's locale
    data), without the alternative name CLDR adds in brackets ("Myanmar (Burma)": the
    board has room for one name); `english` (the scenario's name) for English or a seat
    CLDR does not name."""
    code = ISO_CODES.get(seat)
    if _language == SOURCE or code is None:
        return english
    from babel import Locale

    found: str = Locale.parse(_language).territories.get(code, english)
    return found.split(" (")[0]


def relabel(node: DOMNode) -> None:
    """Translate the descriptions of `node`'s key bindings: Textual merges `BINDINGS`
    when a class is defined, before the player's language is known."""
    if _language == SOURCE:
        return
    from textual.binding import BindingsMap

    node._bindings = BindingsMap.from_keys({
        key: [dataclasses.replace(b, description=_(b.description) if b.description else "",
                                  tooltip=_(b.tooltip) if b.tooltip else "")
              for b in bindings]
        for key, bindings in node._bindings.key_to_bindings.items()})


def follow(app: App[Any]) -> None:
    """Translate the key bindings of `app` and of every screen it shows, as it is shown
    (call when `app` runs, before its first screen)."""
    relabel(app)
    app.screen_change_signal.subscribe(app, relabel, immediate=True)
