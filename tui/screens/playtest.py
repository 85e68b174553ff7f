"""Dialogs of the author's playtest (`play PATH --watch`): pick a member or a round, and
read a member's why trace (`game.play.explain`) or the briefing."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Label, OptionList, Static
from textual.widgets.option_list import Option

from tui.i18n import N_
from tui.widgets.safe import block, line


class PickDialog(ModalScreen[str | None]):
    """Pick one of several things by name; its id comes back (None on escape)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", N_("Cancel"))]

    def __init__(self, title: str, choices: Sequence[tuple[str, str]]) -> None:
        super().__init__()
        self.title_text = title
        self.choices = choices  # (id, label)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(line(self.title_text), classes="dialog-title")
            yield OptionList(*(Option(line(label), id=key) for key, label in self.choices),
                             id="picks")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#picks", OptionList).focus()

    @on(OptionList.OptionSelected, "#picks")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


class TextDialog(ModalScreen[None]):
    """Text to read (a member's why trace, a briefing); escape or enter closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,enter", "close", N_("Close"))]

    def __init__(self, title: str, lines: Sequence[str]) -> None:
        super().__init__()
        self.title_text = title
        self.lines = lines

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(line(self.title_text), classes="dialog-title")
            with VerticalScroll():
                yield Static(block("\n".join(self.lines)), id="text")
        yield Footer()

    def action_close(self) -> None:
        self.dismiss(None)
