"""The hot-seat cover: hides the table while the keyboard passes to another delegate."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Center, Middle
from textual.screen import Screen
from textual.widgets import Button, Static

from tui.i18n import N_, _
from tui.widgets.safe import line


class CoverScreen(Screen[None]):
    """Shows nothing of the game but whose turn it is."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,space", "ready", N_("I am the delegate"), show=False)]

    def __init__(self, seat_name: str) -> None:
        super().__init__()
        self.seat_name = seat_name

    def compose(self) -> ComposeResult:
        with Middle(), Center():
            yield Static(line(_("Pass the keyboard to the delegate of {member}.").format(
                member=self.seat_name)) + "\n\n" + _("Others, please look away."),
                id="cover-text")
            yield Button(line(_("I am the delegate of {member} (enter)").format(
                member=self.seat_name)), id="ready",
                         variant="primary", compact=True)

    def on_mount(self) -> None:
        """What the last delegate was told (some of it private) leaves with its table."""
        self.app.clear_notifications()

    def on_button_pressed(self) -> None:
        self.action_ready()

    def action_ready(self) -> None:
        self.dismiss(None)
