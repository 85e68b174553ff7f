"""The end of the game: scores, objectives revealed, timeline, history, full archive."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from rich.markdown import Markdown
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static, TabbedContent, TabPane

from game import GameState
from game.play.debrief import SECTIONS, debrief_md, section
from tui import storage
from tui.i18n import ngettext
from tui.screens.requests import GoToMenu
from tui.session import HUMAN
from tui.widgets.safe import line, say


class DebriefScreen(Screen[None]):
    """The training debrief: the archive is opened for everyone."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("e", "export", "Export .md"),
        Binding("q,escape", "menu", "Menu"),
    ]

    def __init__(self, state: GameState, seats: Mapping[str, str],
                 advice: Mapping[str, int] | None = None) -> None:
        super().__init__()
        self.state = state
        self.seats = dict(seats)
        self.advice = dict(advice or {})
        """Seat -> times it asked the advisor."""

    def compose(self) -> ComposeResult:
        sc = self.state.scenario
        yield Static(line(f" Debrief: {sc.title}, seed {self.state.seed}"),
                     id="debrief-title")
        asked = self.advised()
        if asked:
            yield Static(line(asked), id="debrief-advice")
        with TabbedContent(id="debrief-tabs"):
            for title in SECTIONS:
                with TabPane(title, id=f"tab-{title.lower()}"), VerticalScroll():
                    yield Static(Markdown(section(self.state, self.seats, title)),
                                 classes="section")
        yield Footer()

    def advised(self) -> str:
        """How often each human seat that asked the advisor asked it, or ""."""
        sc = self.state.scenario
        asked = {s: self.advice.get(s, 0) for s in sc.seats if self.seats.get(s) == HUMAN}
        return "   ".join(
            ngettext("{seat}: advisor asked {n} time", "{seat}: advisor asked {n} times",
                     n).format(seat=sc.members[seat].name, n=n)
            for seat, n in asked.items() if n)

    def action_export(self) -> None:
        sc = self.state.scenario
        try:
            path = storage.write_export(sc.id, self.state.seed,
                                        debrief_md(self.state, self.seats))
        except storage.StorageError as err:
            self.notify(say(err), title="Not exported", severity="error", timeout=10,
                        markup=False)
            return
        self.notify(say(f"Debrief exported to {path}"), timeout=8, markup=False)

    def action_menu(self) -> None:
        self.post_message(GoToMenu())
