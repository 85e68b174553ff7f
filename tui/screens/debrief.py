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
from tui.i18n import N_, _
from tui.screens.requests import GoToMenu
from tui.widgets.safe import line, say


class DebriefScreen(Screen[None]):
    """The training debrief: the archive is opened for everyone."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("e", "export", N_("Export .md")),
        Binding("q,escape", "menu", N_("Menu")),
    ]

    def __init__(self, state: GameState, seats: Mapping[str, str]) -> None:
        super().__init__()
        self.state = state
        self.seats = dict(seats)

    def compose(self) -> ComposeResult:
        sc = self.state.scenario
        yield Static(line(" " + _("Debrief: {title}, seed {seed}").format(title=sc.title,
                                                                    seed=self.state.seed)),
                     id="debrief-title")
        with TabbedContent(id="debrief-tabs"):
            for title in SECTIONS:
                with TabPane(title, id=f"tab-{title.lower()}"), VerticalScroll():
                    yield Static(Markdown(section(self.state, self.seats, title)),
                                 classes="section")
        yield Footer()

    def action_export(self) -> None:
        sc = self.state.scenario
        try:
            path = storage.write_export(sc.id, self.state.seed,
                                        debrief_md(self.state, self.seats))
        except storage.StorageError as err:
            self.notify(say(err), title=_("Not exported"), severity="error", timeout=10,
                        markup=False)
            return
        self.notify(say(_("Debrief exported to {path}").format(path=path)), timeout=8, markup=False)

    def action_menu(self) -> None:
        self.post_message(GoToMenu())
