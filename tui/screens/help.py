"""Help: every key of the table, what each marker and column of the board means, and the
rules reference (`game/rules/RULES.md`)."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path
from typing import ClassVar

from rich.markdown import Markdown
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from tui.i18n import N_, STILL_ENGLISH, _

FALLBACK = N_("The rules reference (game/rules/RULES.md) is not installed with this copy of "
              "Mufakat.")

GENERAL_KEYS = [
    ("? / F1", N_("this help")), ("ctrl+p", N_("command palette: every action by name")),
    ("q", N_("back to the menu (the game stays saved) / quit from the menu")),
    ("ctrl+s", N_("save the game under a name")),
    ("ctrl+r", N_("save again, after saving failed (a full or read-only disk)")),
    ("+ / -", N_("faster / slower computer players")),
    ("h", N_("why? who blocks the item on the table, and what they (and your consultations) "
             "said; every member's public role")),
    ("d", N_("advisor (when turned on in the settings, F2, or with --advisor): the expert "
             "bot's move for your seat and why; the debrief says how often you asked")),
    ("enter", N_("on a member or a measure: inspect it (role, standing, moves; levels, "
                 "clauses, history)")),
    ("z", N_("tutorial: hide or show the coach")),
    ("F2 / s", N_("settings: theme, computer players' pace, language, advisor")),
    ("e", N_("playtest (--watch): why a member declares what it does, with the numbers")),
    ("ctrl+t / ctrl+g", N_("playtest (--watch): restart this round / jump to round N")),
    ("g", N_("debrief, once the game is over")), ("e", N_("export the debrief as Markdown")),
    ("tab / shift+tab", N_("move between panels; arrows move inside them")),
    ("enter", N_("choose in a list / press a button; esc cancels a dialog")),
    ("ctrl+q", N_("quit at once (the game stays saved)")),
]


def rules_text() -> str:
    try:
        return (files("game.rules") / "RULES.md").read_text(encoding="utf-8")
    except (FileNotFoundError, OSError):
        return _(FALLBACK)


def board_text() -> str:
    """What each marker and column heading of the board means (`tui/board.md`)."""
    try:
        return (Path(__file__).parents[1] / "board.md").read_text(encoding="utf-8")
    except OSError:
        return ""


def keys_text() -> str:
    from tui.describe import verb_label
    from tui.screens.seat import VERB_KEYS

    rows = [f"| `{key}` | {verb_label(verb)} (`{verb}`) |" for verb, key in VERB_KEYS.items()]
    rows += [f"| `{key}` | {_(what)} |" for key, what in GENERAL_KEYS]
    return ("# " + _("Keys") + "\n\n"
            + _("On the table only the actions legal for you now are offered, in the "
                "footer and as buttons (click them).") + "\n\n"
            + _(STILL_ENGLISH) + "\n\n"
            + "| " + _("Key") + " | " + _("Does") + " |\n|---|---|\n" + "\n".join(rows))


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "app.pop_screen", N_("Close"))]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box"):
            # Rich's Markdown in a Static draws in milliseconds; Textual's Markdown widget
            # builds a widget per block and took most of a second to open here.
            yield Static(Markdown("\n\n".join((keys_text(), board_text(), rules_text()))),
                         id="help-text")
        yield Footer()
