"""The room's debrief as the server sends it (Markdown): the same for everyone."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Markdown

from tui.i18n import N_


class RoomDebrief(Screen[None]):
    """Timeline, objections, the press archive, face and trust, history."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("q,escape", "close", N_("Back"))]

    def __init__(self, markdown: str) -> None:
        super().__init__()
        self.markdown = markdown

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="room-debrief"):
            yield Markdown(self.markdown)
        yield Footer()

    def action_close(self) -> None:
        self.dismiss(None)
