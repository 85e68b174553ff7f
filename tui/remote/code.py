"""The first screen of a workshop client: type the code on your seat card."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Button, Footer, Input, Label, Static

from tui.i18n import N_, _
from tui.widgets.safe import block, line


class CodeScreen(Screen[str]):
    """Asks for a code and dismisses with it; says why the last one was refused."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("ctrl+q", "app.quit", N_("Quit"))]

    def __init__(self, title: str, address: str, problem: str = "") -> None:
        super().__init__()
        self.heading, self.address, self.problem = title, address, problem

    def compose(self) -> ComposeResult:
        with Vertical(id="code-box"):
            yield Static(line(self.heading, style="bold"), id="code-title")
            yield Label(block(_("Workshop at {address}.").format(address=self.address) + "\n"
                              + _("Type the code on your card (the seat's, the projector's "
                                  "or the facilitator's).")))
            yield Input(placeholder="XXXXX-XXXXX", id="code", max_length=40)
            yield Static(block(self.problem), id="code-problem")
            yield Button(_("Join"), id="join", variant="primary")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#code-problem").display = bool(self.problem)
        self.query_one("#code", Input).focus()

    @on(Input.Submitted, "#code")
    @on(Button.Pressed, "#join")
    def _join(self) -> None:
        code = self.query_one("#code", Input).value.strip()
        if code:
            self.dismiss(code)
