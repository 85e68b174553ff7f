"""The press: write to some seats in private, or to the whole room."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, SelectionList
from textual.widgets.selection_list import Selection

from tui.i18n import N_, _
from tui.widgets.safe import line

Written = tuple[list[str], str]


class WriteDialog(ModalScreen[Written | None]):
    """Recipients (none ticked: the whole room) and the text; dismisses with both."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", N_("Cancel"))]

    def __init__(self, seats: Mapping[str, str], me: str) -> None:
        super().__init__()
        self.seats = {s: n for s, n in seats.items() if s != me}

    def compose(self) -> ComposeResult:
        with Vertical(id="write-box", classes="dialog"):
            yield Label(line(_("Write to (none ticked: a public statement to the room)"),
                             style="bold"))
            yield SelectionList[str](*(Selection(line(n), s) for s, n in self.seats.items()),
                                     id="to")
            yield Input(placeholder=_("Your message"), id="text", max_length=1000)
            with Horizontal(classes="dialog-buttons"):
                yield Button(_("Send"), id="send", variant="primary")
                yield Button(_("Cancel"), id="cancel")

    def on_mount(self) -> None:
        self.query_one("#text", Input).focus()

    @on(Input.Submitted, "#text")
    @on(Button.Pressed, "#send")
    def _send(self) -> None:
        text = self.query_one("#text", Input).value.strip()
        if not text:
            self.notify(_("Write something first."), severity="warning", markup=False)
            return
        self.dismiss((list(self.query_one("#to", SelectionList).selected), text))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


def press_line(message: Mapping[str, object], names: Mapping[str, str]) -> str:
    """`Laos to Thailand: ...` or `Laos to the room: ...` (plain text, for `block`)."""
    sender = str(message["sender"])
    who = names.get(sender, _("Facilitator") if sender == "facilitator" else sender)
    to = [str(t) for t in message["to"]]  # type: ignore[attr-defined]
    if not to:
        return _("{sender} to the room: {text}").format(sender=who, text=message["text"])
    return _("{sender} to {recipients}: {text}").format(
        sender=who, recipients=", ".join(names.get(t, t) for t in to), text=message["text"])
