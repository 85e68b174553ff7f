"""The facilitator's console: the roster, the clock, the seats' hand-overs, the press,
every move (private ones too), and the room's debrief at the end.

Every command is a request to the server, which carries it out and answers; the screen
only shows what comes back.
"""

from __future__ import annotations

import time
from functools import partial
from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, RichLog, Static, TabbedContent, TabPane

from game.bots import KINDS
from tui.i18n import N_, _
from tui.remote.logs import write_new, write_press
from tui.remote.pick import PickDialog
from tui.remote.press import WriteDialog
from tui.remote.projector import headline
from tui.screens.dialogs import ConfirmDialog
from tui.widgets.safe import block, line, say
from workshop.client import Link
from workshop.protocol import PHASES

Message = dict[str, Any]
NO_INTRO = N_("The seat codes were shown when the workshop was created (`mufakat host` "
              "printed them, and --cards printed seat cards). k gives the selected seat a "
              "new code.")
TIMERS = ((0, N_("No clock")), (30, N_("30 seconds a turn")), (60, N_("1 minute a turn")),
          (120, N_("2 minutes a turn")), (300, N_("5 minutes a turn")))


class ConsoleScreen(Screen[None]):
    """Everything the facilitator sees and does."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("s", "start", N_("Start/resume")),
        Binding("p", "pause", N_("Pause")),
        Binding("t", "timer", N_("Timer")),
        Binding("plus,equals_sign", "extend", N_("+1 min")),
        Binding("h", "hand", N_("Hand seat")),
        Binding("k", "kick", N_("New code")),
        Binding("i", "inject", N_("Inject")),
        Binding("w", "write", N_("Write")),
        Binding("x", "export", N_("Export")),
        Binding("d", "debrief", N_("Debrief")),
        Binding("ctrl+q", "app.quit", N_("Quit")),
    ]

    def __init__(self, link: Link, welcome: Message, first: Message,
                 intro: str = "") -> None:
        super().__init__()
        self.link = link
        self.names: dict[str, str] = dict(welcome["seats"])
        self.cards: dict[str, str] = dict(welcome.get("cards", {}))
        self.intro = intro
        self.sync = first
        self.roster: list[Message] = first["roster"]
        self.press: list[Message] = []
        self.connection = "connected"
        self._logged = 0
        self._received = time.monotonic()

    def compose(self) -> ComposeResult:
        yield Static(id="headline")
        with Horizontal(id="console"):
            with Vertical(id="console-left"):
                yield DataTable(id="roster", cursor_type="row", zebra_stripes=True)
                yield Static(id="clock")
            with TabbedContent(id="console-tabs"):
                with TabPane(_("Everything"), id="all-tab"):
                    yield RichLog(id="full-log", wrap=True, markup=False, min_width=1)
                with TabPane(_("Press"), id="press-tab"):
                    yield RichLog(id="press", wrap=True, markup=False, min_width=1)
                with TabPane(_("Scores"), id="scores-tab"):
                    yield Static(id="scores")
                with TabPane(_("Join"), id="join-tab"), VerticalScroll():
                    yield Static(block(self.intro or _(NO_INTRO)), id="intro")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#roster", DataTable).add_columns(_("Seat"), _("Player"), _("Screens"),
                                                          _("Idle"))
        self.redraw()
        self._draw_press(self.press)
        self.set_interval(1.0, self._draw_clock)

    # --- what the server says -------------------------------------------------------

    def receive(self, message: Message) -> None:
        kind = message["type"]
        if kind == "sync":
            self.sync, self.roster = message, message["roster"]
            self._received = time.monotonic()
            if self.is_mounted:  # else `on_mount` draws it
                self.redraw()
        elif kind == "roster":
            self.roster = message["roster"]
            if self.is_mounted:
                self._draw_roster()
        elif kind == "press":
            self.press.extend(message["messages"])
            if self.is_mounted:
                self._draw_press(message["messages"])
        elif kind == "ack" and "code" in message:
            self.notify(say(_("New code: {code} (the old one no longer works)").format(
                code=message["code"])), title=_("Code replaced"), timeout=60, markup=False)
        elif kind == "ack" and "card" in message:
            self.notify(_("The card opens the next meeting."), title=_("Injected"),
                        markup=False)
        elif kind == "ack" and "files" in message:
            self.notify(say(_("Written:") + "\n" + "\n".join(message["files"])),
                        title=_("Exported"), timeout=30, markup=False)
        elif kind == "error":
            self.notify(say(message["message"]), title=_("Not done"), severity="error",
                        markup=False)

    def _draw_press(self, messages: list[Message]) -> None:
        write_press(self.query_one("#press", RichLog), messages, self.names)

    def link_state(self, state: str) -> None:
        self.connection = state
        self._draw_clock()

    def redraw(self) -> None:
        board = self.sync["board"]
        self.query_one("#headline", Static).update(headline(board, self.sync["status"]))
        self._logged = write_new(self.query_one("#full-log", RichLog), self.sync["log"],
                                 self._logged)
        scores = Text(_("Scores so far (revealed in the debrief)") + "\n", style="bold")
        for member, score in board["scores"].items():
            scores.append(line(f"{member}: {score:g}\n"))
        self.query_one("#scores", Static).update(scores)
        self._draw_roster()
        self._draw_clock()

    def _draw_roster(self) -> None:
        table = self.query_one("#roster", DataTable)
        row = table.cursor_row
        table.clear()
        to_move = self.sync["status"]["to_move"]
        for r in self.roster:
            idle = "-" if r["idle"] is None else _("{seconds} s").format(seconds=r["idle"])
            table.add_row(line(("> " if r["seat"] == to_move else "  ") + r["name"]),
                          r["kind"], str(r["connections"]),
                          idle if r["joined"] else _("absent"), key=r["seat"])
        if self.roster:
            table.move_cursor(row=min(row, len(self.roster) - 1))

    def _draw_clock(self) -> None:
        if not self.is_attached:
            return
        status = self.sync["status"]
        if self.connection != "connected":
            text = _("Connection to the server lost: reconnecting...")
        elif not status["started"]:
            text = _("Not started: press s to start the game.")
        elif status["over"]:
            text = _("The game is over: d opens the room's debrief, x exports it.")
        elif status["paused"]:
            text = _("Paused: press s to resume.")
        else:
            text = _("Running, move {move}.").format(move=self.sync["moves"])
        if status["timer"]:
            text += " " + _("Clock: {seconds} s a turn, then {then}.").format(
                seconds=status["timer"], then=status["then"])
            if status["left"] is not None:
                left = status["left"] - (time.monotonic() - self._received)
                text += " " + _("{seconds} s left.").format(seconds=max(0, round(left)))
        self.query_one("#clock", Static).update(line(text))

    # --- commands -------------------------------------------------------------------

    def _send(self, request: str, **fields: Any) -> None:
        self.run_worker(self.link.request(request, **fields), group="send")

    def action_start(self) -> None:
        self._send("resume" if self.sync["status"]["started"] else "start")

    def action_pause(self) -> None:
        self._send("pause")

    def action_timer(self) -> None:
        self.app.push_screen(PickDialog(_("A clock for the turns of which phase?"),
                                        [(_("every phase (unless set for it)"), ""),
                                         *((p, p) for p in PHASES)]), self._phase)

    def _phase(self, phase: str | None) -> None:
        if phase is not None:
            self.app.push_screen(PickDialog(_("Each turn in {phase} gets:").format(
                phase=phase or _("every phase")), [(_(label), s) for s, label in TIMERS]),
                                 partial(self._timer, phase))

    def _timer(self, phase: str, seconds: int | None) -> None:
        if seconds is None:
            return
        if not seconds:
            self._send("timer", seconds=0, then="bot", phase=phase)
            return
        self.app.push_screen(PickDialog(_("When the time runs out:"),
                                        [(_("a computer player makes that move"), "bot"),
                                         (_("the seat passes (when it may)"), "pass")]),
                             partial(self._then, phase, seconds))

    def _then(self, phase: str, seconds: int, then: str | None) -> None:
        if then is not None:
            self._send("timer", seconds=seconds, then=then, phase=phase)

    def action_extend(self) -> None:
        self._send("extend", seconds=60)

    def _selected_seat(self) -> str | None:
        table = self.query_one("#roster", DataTable)
        if not self.roster:
            return None
        return str(self.roster[min(table.cursor_row, len(self.roster) - 1)]["seat"])

    def action_hand(self) -> None:
        seat = self._selected_seat()
        if seat is None:
            return
        self.app.push_screen(PickDialog(_("Who plays {member}?").format(member=self.names[seat]),
                                        [(_("a person (its code)") if k == "human"
                                          else _("the {kind} computer player").format(kind=k), k)
                                         for k in ("human", *KINDS)]),
                             partial(self._hand, seat))

    def _hand(self, seat: str, kind: str | None) -> None:
        if kind is not None:
            self._send("hand", seat=seat, kind=kind)

    def action_kick(self) -> None:
        seat = self._selected_seat()
        if seat is None:
            return
        self.app.push_screen(ConfirmDialog(
            _("A new code for {member}?").format(member=self.names[seat]),
            _("Its connections close and its old code stops working; give the new code to "
              "whoever should play the seat.")), partial(self._kick, seat))

    def _kick(self, seat: str, yes: bool | None) -> None:
        if yes:
            self._send("kick", who=seat)

    def action_inject(self) -> None:
        """Choose the next meeting's event card (the server says if that round cannot
        draw it); a free-text inject is a statement to the room (w)."""
        self.app.push_screen(PickDialog(_("Inject which event card at the next meeting?"),
                                        [(name, card) for card, name in self.cards.items()]),
                             self._inject)

    def _inject(self, card: str | None) -> None:
        if card is not None:
            self._send("inject", card=card)

    def action_write(self) -> None:
        self.app.push_screen(WriteDialog(self.names, ""), self._written)

    def _written(self, written: tuple[list[str], str] | None) -> None:
        if written is not None:
            self.run_worker(self.link.say(*written), group="send")

    def action_export(self) -> None:
        self._send("export")

    def action_debrief(self) -> None:
        if "debrief" in self.sync:
            from tui.remote.debrief import RoomDebrief  # Markdown loads only then

            self.app.push_screen(RoomDebrief(self.sync["debrief"]))
        else:
            self.notify(_("The room's debrief opens when the game is over."), markup=False)
