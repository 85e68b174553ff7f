"""The Why panel: who blocks the item on the table, and why, in words.

Drawn from the seat's view alone (public positions and stated concerns, and what its
own consultations revealed), so it works the same at a solo table and a workshop seat.
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


class WhyScreen(ModalScreen[None]):
    """Positions, concerns and what consultations told; escape closes."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,h,q", "close", N_("Close"))]

    def __init__(self, view: View, private: bool = True) -> None:
        super().__init__()
        self.view, self.private = view, private

    def compose(self) -> ComposeResult:
        with Vertical(id="why-box", classes="dialog"):
            yield Label(line(_("Why? Who blocks, and what they said"), style="bold"))
            with VerticalScroll(id="why-scroll"):
                yield Static(block(why_text(self.view, self.private)), id="why")
            yield Label(line(_("escape closes"), style="dim"))

    def action_close(self) -> None:
        self.dismiss(None)
