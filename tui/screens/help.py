"""Help: every key of the table and the rules reference (`game/rules/RULES.md`)."""

from __future__ import annotations

from importlib.resources import files
from typing import ClassVar

from rich.markdown import Markdown
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

FALLBACK = "The rules reference (game/rules/RULES.md) is not installed with this copy of Mufakat."

GENERAL_KEYS = [
    ("? / F1", "this help"), ("ctrl+p", "command palette: every action by name"),
    ("q", "back to the menu (the game stays saved) / quit from the menu"),
    ("ctrl+s", "save the game under a name"),
    ("ctrl+r", "save again, after saving failed (a full or read-only disk)"),
    ("+ / -", "faster / slower computer players"),
    ("h", "why? who blocks the item on the table, and what they (and your consultations) "
          "said; every member's public role"),
    ("d", "advisor (when turned on in the settings or with --advisor): the expert bot's "
          "move for your seat and why; the debrief says how often you asked"),
    ("e", "playtest (--watch): why a member declares what it does, with the numbers"),
    ("ctrl+t / ctrl+g", "playtest (--watch): restart this round / jump to round N"),
    ("g", "debrief, once the game is over"), ("e", "export the debrief as Markdown"),
    ("tab / shift+tab", "move between panels; arrows move inside them"),
    ("enter", "choose in a list / press a button; esc cancels a dialog"),
    ("ctrl+q", "quit at once (the game stays saved)"),
]


def rules_text() -> str:
    try:
        return (files("game.rules") / "RULES.md").read_text(encoding="utf-8")
    except (FileNotFoundError, OSError):
        return FALLBACK


def keys_text() -> str:
    from tui.describe import VERB_LABELS
    from tui.screens.seat import VERB_KEYS

    rows = [f"| `{key}` | {VERB_LABELS[verb]} (`{verb}`) |" for verb, key in VERB_KEYS.items()]
    rows += [f"| `{key}` | {what} |" for key, what in GENERAL_KEYS]
    return ("# Keys\n\nOn the table only the actions legal for you now are offered, in the "
            "footer and as buttons (click them).\n\n| Key | Does |\n|---|---|\n"
            + "\n".join(rows))


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "app.pop_screen", "Close")]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box"):
            # Rich's Markdown in a Static draws in milliseconds; Textual's Markdown widget
            # builds a widget per block and took most of a second to open here.
            yield Static(Markdown(keys_text() + "\n\n" + rules_text()), id="help-text")
        yield Footer()
