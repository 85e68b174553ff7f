"""The projector: the public table on the wall, following the game by itself."""

from __future__ import annotations

from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import DataTable, RichLog, Static

from tui.i18n import N_, _
from tui.remote.logs import write_new, write_press
from tui.widgets.safe import line

Message = dict[str, Any]


def headline(board: Message, status: Message) -> Text:
    """Two big lines: where the meeting is, and who speaks."""
    text = Text()
    text.append(line(board["title"], style="bold"))
    text.append("\n" + _("Round {round} of {rounds}").format(
        round=min(board["round"], board["rounds"]), rounds=board["rounds"])
        + f" · {_(str(board['phase'])).upper()} · " + _("chair:") + " ")
    text.append(line(board["chair"]))
    if status.get("paused"):
        text.append("   " + _("PAUSED"), style="bold reverse")
    elif board["over"]:
        text.append("   " + _("GAME OVER"), style="bold reverse")
    elif board["to_move"]:
        text.append(" · " + _("to speak:") + " ")
        text.append(line(board["to_move"], style="bold"))
    text.append("\n" + _("Regional norm: {stage}").format(stage=board["stage"]))
    tabled = board.get("tabled")
    if tabled:
        text.append("\n" + _("On the table:") + " ")
        text.append(line(tabled["measure"], style="bold"))
        text.append(line(" " + _("({level}), proposed by {member}").format(
            level=tabled["level"], member=tabled["sponsor"])))
    return text


class ProjectorScreen(Screen[None]):
    """Public information only, large and uncluttered; no keys needed to follow."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("ctrl+q", "app.quit", N_("Quit"))]

    def __init__(self, first: Message, names: dict[str, str]) -> None:
        super().__init__()
        self.sync = first
        self.names = names
        self.press: list[Message] = []
        self._logged = 0
        self._debriefed = False

    def compose(self) -> ComposeResult:
        yield Static(id="headline")
        with Horizontal(id="wall"):
            with Vertical(id="wall-left"):
                yield DataTable(id="decided", cursor_type="none", zebra_stripes=True)
                yield DataTable(id="faces", cursor_type="none")
            with Vertical(id="wall-right"):
                yield RichLog(id="public-log", wrap=True, markup=False, min_width=1)
                yield RichLog(id="statements", wrap=True, markup=False, min_width=1)

    def on_mount(self) -> None:
        self.query_one("#decided", DataTable).add_columns(_("Round"), _("Measure"), _("Result"))
        self.query_one("#faces", DataTable).add_columns(_("Member"), _("Face"))
        self.query_one("#statements", RichLog).border_title = _("Statements to the room")
        self.redraw()
        self._draw_press(self.press)

    def receive(self, message: Message) -> None:
        if message["type"] == "sync":
            self.sync = message
            if self.is_mounted:  # else `on_mount` draws it
                self.redraw()
        elif message["type"] == "press":  # the server sends the projector public ones only
            self.press.extend(message["messages"])
            if self.is_mounted:
                self._draw_press(message["messages"])

    def _draw_press(self, messages: list[Message]) -> None:
        write_press(self.query_one("#statements", RichLog), messages, self.names)

    def link_state(self, state: str) -> None:
        if state != "connected":
            self.query_one("#headline", Static).update(line(_("Connection lost: "
                                                              "reconnecting...")))

    def redraw(self) -> None:
        board, status = self.sync["board"], self.sync["status"]
        self.query_one("#headline", Static).update(headline(board, status))
        decided = self.query_one("#decided", DataTable)
        decided.clear()
        for o in board["outcomes"]:
            decided.add_row(str(o["round"]), line(o["measure"]), line(o["result"]))
        faces = self.query_one("#faces", DataTable)
        faces.clear()
        for member, face in board["face"].items():
            faces.add_row(line(member), f"{face:g}")
        self._logged = write_new(self.query_one("#public-log", RichLog), self.sync["log"],
                                 self._logged)
        if "debrief" in self.sync and not self._debriefed:
            self._debriefed = True
            from tui.remote.debrief import RoomDebrief  # Markdown loads only then

            self.app.push_screen(RoomDebrief(self.sync["debrief"]))
