"""The hot-seat cover: hides the table while the keyboard passes to another delegate."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Center, Middle
from textual.screen import Screen
from textual.widgets import Button, Static

from tui.widgets.safe import line


class CoverScreen(Screen[None]):
    """Shows nothing of the game but whose turn it is."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,space", "ready", "I am the delegate", show=False)]

    def __init__(self, seat_name: str) -> None:
        super().__init__()
        self.seat_name = seat_name

    def compose(self) -> ComposeResult:
        with Middle(), Center():
            yield Static(line(f"Pass the keyboard to the delegate of {self.seat_name}.")
                         + "\n\nOthers, please look away.", id="cover-text")
            yield Button(line(f"I am the delegate of {self.seat_name} (enter)"), id="ready",
                         variant="primary", compact=True)

    def on_mount(self) -> None:
        """What the last delegate was told (some of it private) leaves with its table."""
        self.app.clear_notifications()

    def on_button_pressed(self) -> None:
        self.action_ready()

    def action_ready(self) -> None:
        self.dismiss(None)
