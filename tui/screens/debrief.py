"""The end of the game: you, the strongest line, scores, objectives revealed, timeline,
history, full archive."""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from rich.markdown import Markdown
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Static, TabbedContent, TabPane
from textual.worker import Worker, WorkerState, get_current_worker

from game import Action, GameState
from game.play.debrief import (
    SECTIONS,
    STRONGEST_LINE,
    debrief_md,
    section,
    strongest_section,
    your_seats,
)
from game.play.strongest import strongest_line
from tui import storage
from tui.i18n import N_, _, member_name, ngettext
from tui.screens.requests import GoToMenu
from tui.session import HUMAN
from tui.widgets.safe import line, say


class _Stopped(Exception):
    """The screen closed while the strongest line was being replayed."""


class DebriefScreen(Screen[None]):
    """The training debrief: the archive is opened for everyone."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("e", "export", N_("Export .md")),
        Binding("q,escape", "menu", N_("Menu")),
    ]

    def __init__(self, state: GameState, seats: Mapping[str, str],
                 advice: Mapping[str, int] | None = None) -> None:
        super().__init__()
        self.state = state
        self.seats = dict(seats)
        self.best: dict[str, GameState] | None = None
        """Each of your seats' strongest line, once the worker has replayed it."""
        self._export_waiting = False
        self.advice = dict(advice or {})
        """Seat -> times it asked the advisor."""

    def compose(self) -> ComposeResult:
        sc = self.state.scenario
        yield Static(line(" " + _("Debrief: {title}, seed {seed}").format(title=sc.title,
                                                                    seed=self.state.seed)),
                     id="debrief-title")
        asked = self.advised()
        if asked:
            yield Static(line(asked), id="debrief-advice")
        with TabbedContent(id="debrief-tabs"):
            for title in SECTIONS:
                with TabPane(title, id=f"tab-{title.lower()}"), VerticalScroll():
                    yield Static(Markdown(section(self.state, self.seats, title)),
                                 classes="section")
                if title == "You":
                    with TabPane(STRONGEST_LINE, id="tab-strongest"), VerticalScroll():
                        yield Static(_("The strongest line is being replayed…"),
                                     id="strongest", classes="section", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.replay_strongest()

    @work(thread=True, exclusive=True, group="strongest", exit_on_error=False)
    def replay_strongest(self) -> None:
        """Replay the game with the expert in each of your seats, saying how far it is."""
        worker = get_current_worker()
        rounds = self.state.scenario.rounds
        best = {}
        for seat in your_seats(self.state, self.seats):
            who = self.state.scenario.members[seat].name
            said = [0]  # the round last shown: the line changes once a round

            def progress(_action: Action, state: GameState, who: str = who,
                         said: list[int] = said) -> None:
                if worker.is_cancelled:
                    raise _Stopped
                if state.round != said[0]:
                    said[0] = state.round
                    self.app.call_from_thread(self._progress, who, state.round, rounds)

            best[seat] = strongest_line(self.state, self.seats, seat, progress)
        self.app.call_from_thread(self._show_best, best)

    def _progress(self, who: str, rnd: int, rounds: int) -> None:
        self.query_one("#strongest", Static).update(line(
            _("Replaying the game with the strongest bot in {member}'s seat: "
              "round {round} of {rounds}…").format(member=who, round=rnd, rounds=rounds)))

    def _show_best(self, best: dict[str, GameState]) -> None:
        self.best = best
        if best:
            self.query_one("#strongest", Static).update(
                Markdown(strongest_section(self.state, best)))
        if self._export_waiting:
            self._export_waiting = False
            self.action_export()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """A replay that fails says why; the export goes on without it."""
        error = event.worker.error
        if event.state is not WorkerState.ERROR or isinstance(error, _Stopped):
            return
        self.query_one("#strongest", Static).update(line(
            _("The strongest line could not be replayed: {error}").format(error=error)))
        self._show_best({})

    def advised(self) -> str:
        """How often each human seat that asked the advisor asked it, or ""."""
        sc = self.state.scenario
        asked = {s: self.advice.get(s, 0) for s in sc.seats if self.seats.get(s) == HUMAN}
        return "   ".join(
            ngettext("{seat}: advisor asked {n} time", "{seat}: advisor asked {n} times",
                     n).format(seat=member_name(seat, sc.members[seat].name), n=n)
            for seat, n in asked.items() if n)

    def action_export(self) -> None:
        if self.best is None:  # the export carries the strongest line: it waits for it
            self._export_waiting = True
            self.notify(_("The debrief is exported once the strongest line is replayed."),
                        timeout=8, markup=False)
            return
        sc = self.state.scenario
        try:
            path = storage.write_export(sc.id, self.state.seed,
                                        debrief_md(self.state, self.seats, self.best))
        except storage.StorageError as err:
            self.notify(say(err), title=_("Not exported"), severity="error", timeout=10,
                        markup=False)
            return
        self.notify(say(_("Debrief exported to {path}").format(path=path)), timeout=8, markup=False)

    def action_menu(self) -> None:
        self.post_message(GoToMenu())
