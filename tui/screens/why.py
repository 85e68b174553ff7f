"""Panels of words over the table: Why? (who blocks the item on the table, and why) and
Inspect (one member or measure as this seat knows it).

Drawn from the seat's view alone (public positions and stated concerns, and what its
own consultations revealed), so they work the same at a solo table and a workshop seat.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from game import View
from tui.describe import why_text
from tui.i18n import N_, _
from tui.widgets.safe import block, line


class TextScreen(ModalScreen[None]):
    """A title and a text that scrolls; escape closes."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q", "close", N_("Close"))]

    def __init__(self, title: str, text: str) -> None:
        super().__init__()
        self.heading, self.text = title, text

    def compose(self) -> ComposeResult:
        with Vertical(id="why-box", classes="dialog"):
            yield Label(line(self.heading, style="bold"))
            with VerticalScroll(id="why-scroll"):
                yield Static(block(self.text), id="why")
            yield Label(line(_("escape closes"), style="dim"))

    def action_close(self) -> None:
        self.dismiss(None)


class WhyScreen(TextScreen):
    """Positions, concerns and what consultations told."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,h,q", "close", N_("Close"))]

    def __init__(self, view: View, private: bool = True) -> None:
        super().__init__(_("Why? Who blocks, and what they said"), why_text(view, private))


class InspectScreen(TextScreen):
    """One member or measure: its profile as this seat knows it, and its history."""
