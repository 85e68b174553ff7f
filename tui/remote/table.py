"""A seat of a workshop: the same table as solo play, drawn from the server's `sync`.

The server sends this seat its own `View` and the actions it may take now; a move is
sent as a request and comes back in the next `sync` once the server has committed it.
Press messages arrive on their own and show in the Press tab; `e` writes one.
"""

from __future__ import annotations

import time
from typing import Any, ClassVar

from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.widgets import RichLog, Static, TabbedContent, TabPane

from game import Action, Entry, View, render
from game.play.wire import decode_view
from tui.i18n import N_, _
from tui.remote.logs import write_press
from tui.remote.press import WriteDialog, press_line
from tui.screens.seat import SeatScreen
from tui.widgets.safe import line, say
from workshop.client import Link

Message = dict[str, Any]


class RemoteTableScreen(SeatScreen):
    """One seat's table in a workshop."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("e", "write", N_("Write")),
        Binding("ctrl+q", "app.quit", N_("Quit")),
    ]

    def __init__(self, link: Link, welcome: Message, first: Message) -> None:
        super().__init__()
        self.link = link
        self.names: dict[str, str] = dict(welcome["seats"])
        self.seat = str(welcome["seat"])
        self.view: View = decode_view({**first["view"], "log": first["log"]})
        self.legal: list[Action] = []
        self.status: Message = {}
        self.debrief: str | None = None
        self.press: list[Message] = []
        self.connection = "connected"
        self._deadline: float | None = None
        self._take(first)

    # --- what the server says -----------------------------------------------------------

    def _take(self, sync: Message) -> None:
        self.view = decode_view({**sync["view"], "log": sync["log"]})
        self.legal = [Action.parse(a) for a in sync["legal"]]
        self.status = sync["status"]
        left = self.status.get("left")
        self._deadline = None if left is None else time.monotonic() + float(left)
        self.debrief = sync.get("debrief", self.debrief)

    def receive(self, message: Message) -> None:
        kind = message["type"]
        if kind == "sync":
            self._take(message)
            if not self.is_mounted:  # `on_mount` draws it
                return
            self.redraw()
            self._draw_status()
            if self.debrief is not None and not self._debriefed:
                self._debriefed = True
                self.action_debrief()
        elif kind == "press":
            self.press.extend(message["messages"])
            if self.is_mounted:
                self._draw_press(message["messages"])
        elif kind == "error":
            self.notify(say(message["message"]), title=_("Not done"), severity="error",
                        markup=False)

    def _draw_press(self, messages: list[Message]) -> None:
        write_press(self.query_one("#press", RichLog), messages, self.names)
        for item in messages:
            if item["sender"] != self.seat:
                self.notify(say(press_line(item, self.names)), title=_("Press"),
                            markup=False)

    def link_state(self, state: str) -> None:
        self.connection = state
        self._draw_status()

    # --- the board ----------------------------------------------------------------------

    _debriefed = False

    def seen(self) -> View:
        return self.view

    def legal_actions(self) -> list[Action]:
        return self.legal if self.connection == "connected" else []

    def over(self) -> bool:
        return bool(self.status.get("over"))

    def playing(self) -> bool:
        return bool(self.status.get("kinds", {}).get(self.seat) == "human")

    def sentence(self, entry: Entry) -> str:
        return render(entry, self.view)

    def waiting_text(self) -> str:
        to_move = self.status.get("to_move")
        if not self.status.get("started"):
            return _("Waiting for the facilitator to start the game...")
        if self.status.get("paused"):
            return _("The facilitator has paused the game.")
        if to_move and to_move != self.seat:
            return _("Waiting for {member}...").format(member=self.names.get(to_move, to_move))
        return ""

    def extra_tabs(self) -> ComposeResult:
        with TabPane(_("Press"), id="press-tab"):
            yield RichLog(id="press", wrap=True, markup=False, min_width=1)

    def status_lines(self) -> ComposeResult:
        yield Static(id="remote-status")

    def on_mount(self) -> None:
        self.redraw()
        self._draw_status()
        self._draw_press(self.press)
        self.set_interval(1.0, self._draw_status)

    def _draw_status(self) -> None:
        if not self.is_attached:
            return
        parts = [f"{self.names.get(self.seat, self.seat)}",
                 _("connected") if self.connection == "connected"
                 else _("connection lost: reconnecting..."),
                 _("move {move}").format(move=self.link.moves)]
        if self._deadline is not None and self.view.to_move == self.seat:
            parts.append(_("{seconds} s left").format(
                seconds=max(0, round(self._deadline - time.monotonic()))))
        if not self.playing():
            parts.append(_("played by a computer player for now"))
        self.query_one("#remote-status", Static).update(line(" · ".join(parts)))

    # --- acting -------------------------------------------------------------------------

    def play(self, action: Action) -> None:
        self.legal = []  # nothing more until the server's answer
        self.redraw()
        self.run_worker(self.link.act(str(action)), group="send")

    def action_write(self) -> None:
        self.app.push_screen(WriteDialog(self.names, self.seat), self._written)

    def _written(self, written: tuple[list[str], str] | None) -> None:
        if written is not None:
            self.run_worker(self.link.say(*written), group="send")
            self.query_one("#tabs", TabbedContent).active = "press-tab"

    def action_debrief(self) -> None:
        if self.debrief is not None:
            from tui.remote.debrief import RoomDebrief  # Markdown loads only then

            self.app.push_screen(RoomDebrief(self.debrief))

    def commands(self) -> list[SystemCommand]:
        return [*self.verb_commands(),
                SystemCommand(_("Write"), _("A private message, or a statement to the room"),
                              self.action_write)]
