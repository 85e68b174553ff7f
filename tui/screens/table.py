"""The table: one game in play, drawn from `view(state, seat)` for the seat at the keys.

Only the actions `legal_actions` lists for that seat are offered, as keys (the
footer hides the rest through `check_action`) and as buttons. Computer players move
in a Textual worker, one move per `bot_delay`, so input never waits on them.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.widgets import Static
from textual.worker import Worker, WorkerState

from game import Action, Entry, IllegalAction, ScenarioError, View, load_scenario, render
from game.play.explain import explain
from game.rules.text import clip
from tui import storage
from tui.describe import name
from tui.i18n import N_, _, ngettext
from tui.screens.advisor import AdvisorScreen
from tui.screens.cover import CoverScreen
from tui.screens.dialogs import BotErrorDialog, ConfirmDialog, SaveDialog
from tui.screens.playtest import PickDialog, TextDialog
from tui.screens.requests import ChangePace, GoToMenu
from tui.screens.seat import SeatScreen
from tui.session import HUMAN, BotFailure, Session
from tui.widgets.coach import CoachPanel
from tui.widgets.safe import line, say, say_line


class TableScreen(SeatScreen):
    """Plays one `Session` to its end, then opens the debrief."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", N_("Save as"), show=False),  # in the help and palette
        Binding("ctrl+r", "retry_save", N_("Save again")),
        Binding("plus,equals_sign", "pace(-1)", N_("Faster"), show=False),
        Binding("minus", "pace(1)", N_("Slower"), show=False),
        Binding("q", "leave", N_("Menu")),
        Binding("e", "explain", N_("Why (numbers)")),
        Binding("ctrl+t", "restart_round", N_("Restart round")),
        Binding("ctrl+g", "jump", N_("Jump to round")),
        Binding("z", "toggle_coach", N_("Coach")),
        Binding("d", "advise", N_("Advisor")),
    ]
    PLAYTEST = frozenset({"explain", "restart_round", "jump"})
    """Keys of the author's playtest: only while the scenario file is watched."""

    def __init__(self, session: Session, watch: Path | None = None,
                 bot_delay: float = 0.6, advisor: Callable[[], bool] = lambda: False,
                 ) -> None:
        super().__init__()
        self.session = session
        self.watch_path = watch
        self.bot_delay = bot_delay
        """Seconds between computer players' moves (the app sets it: + and - keys)."""
        self.advisor_on = advisor
        """Whether the player turned the advisor on, asked at each ask (the settings
        can change during play)."""
        first = session.to_move if session.human_to_move() else None
        self.viewer: str = first or (session.humans or session.scenario.seats)[0]
        self._covered = len(session.humans) > 1
        self._bots: Worker[None] | None = None
        self._debriefed = False
        self._mtime = self._watched_mtime() or 0.0
        self._save_problem: str | None = None
        self._busy = ""
        """What the playtest is doing in a thread (replaying after an edit...), or ""."""

    def status_lines(self) -> ComposeResult:
        yield Static(id="unsaved")
        if self.session.scenario.tutorial:  # the coach teaches in the tutorial only
            yield CoachPanel(self.seen(), id="coach")

    def redraw(self) -> None:
        super().redraw()
        if self.session.scenario.tutorial:
            self.query_one(CoachPanel).show(self.seen(), self.legal_actions())

    def action_toggle_coach(self) -> None:
        coach = self.query_one(CoachPanel)
        coach.display = not coach.display

    def on_mount(self) -> None:
        if self.watch_path is not None:
            self.set_interval(1.0, self._check_watch)
        self.query_one("#unsaved", Static).display = False
        self.redraw()
        self._report_saving()
        self._announce_briefing()
        self.advance()

    def _announce_briefing(self) -> None:
        """A scenario opened by path never passed the new-game screen, which shows the
        briefing: a new game of one says where it stands, and where the rest is."""
        if not self.session.header.source or self.session.actions:
            return
        sc = self.session.scenario
        self.notify(say(f"{sc.summary}\n\n{clip(sc.briefing, 400)}\n\n"
                        + _("The whole briefing: ctrl+p, Briefing.")),
                    title=say_line(_("Briefing: {title}").format(title=sc.title)), timeout=30,
                    markup=False)

    def on_unmount(self) -> None:
        self.session.close()

    # --- what the board shows ---------------------------------------------------------

    def seen(self) -> View:
        return self.session.view(self.viewer)

    def over(self) -> bool:
        return self.session.over

    def playing(self) -> bool:
        return len(self.session.humans) > 1 or self.session.seats[self.viewer] == HUMAN

    def private(self) -> bool:
        return not self._covered  # hot-seat: nobody's papers while nobody holds the keys

    def sentence(self, entry: Entry) -> str:
        return render(entry, self.session.scenario)

    def announce_turn(self) -> bool:
        return len(self.session.humans) == 1  # hot-seat: the cover screen says it

    def waiting_text(self) -> str:
        if self._busy:
            return _("Playtest: {doing}...").format(doing=self._busy)
        seat = self.session.to_move
        if seat is None:
            return ""
        if self._covered and self.session.human_to_move():
            return _("Hot-seat: waiting for the next delegate to take the keyboard.")
        return _("Waiting for {member}...   (computer players: {pace} s a move; + faster, "
                 "- slower)").format(member=name(self.session.view(self.viewer), seat),
                                     pace=f"{self.bot_delay:g}")

    def legal_actions(self) -> list[Action]:
        """What the viewer may do now: nothing while another seat is to move."""
        s = self.session
        if (s.over or s.to_move != self.viewer or not s.human_to_move() or self._covered
                or self._busy):
            return []
        return s.legal(self.viewer)

    # --- acting -------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "retry_save":
            return not self.session.saved
        if action in self.PLAYTEST:
            return self.watch_path is not None and not self._busy
        if action == "toggle_coach":
            return self.session.scenario.tutorial
        if action == "advise":
            return bool(self.legal_actions())
        return super().check_action(action, parameters)

    def play(self, action: Action) -> None:
        """Apply a move (the human's or a bot's), record it, redraw, and go on."""
        try:
            self.session.act(action)
        except IllegalAction as err:
            self.notify(say(err.message), title=_("Not allowed"), severity="error",
                        markup=False)
            return
        if (len(self.session.humans) > 1 and not self.session.over
                and self.session.to_move != self.viewer):
            self._covered = True  # the viewer's turn is over: its papers leave the screen
        self.redraw()
        self._report_saving()
        self.advance()

    def _report_saving(self) -> None:
        """Say once when the record stops being saved, and once when it is saved again;
        meanwhile a line under the table says what is wrong and where."""
        problem = self.session.save_problem
        if problem == self._save_problem:
            return
        banner = self.query_one("#unsaved", Static)
        self.refresh_bindings()
        if problem is None:
            banner.display = False
            self.notify(_("The game is saved again, every move included."), title=_("Saved"),
                        markup=False)
        else:
            moves = len(self.session.actions)
            banner.update(line(_("NOT SAVED: {problem}. The moves stay in memory; each move "
                                 "tries again, ctrl+r saves now, ctrl+s saves elsewhere.")
                               .format(problem=problem), style="bold"))
            banner.display = True
            self.notify(say(f"{problem}.\n" + ngettext(
                "The game goes on in memory ({moves} move); fix the folder and press ctrl+r, "
                "or ctrl+s to save it under a name elsewhere.",
                "The game goes on in memory ({moves} moves); fix the folder and press ctrl+r, "
                "or ctrl+s to save it under a name elsewhere.", moves).format(moves=moves)),
                        title=_("The game is not being saved"), severity="error", timeout=15,
                        markup=False)
        self._save_problem = problem

    def advance(self) -> None:
        """After every move: end the game, pass the keyboard, or let the bots move."""
        s = self.session
        if self._busy:
            return  # the game is being rebuilt: `_take_over` goes on with the new one
        if s.over:
            if not self._debriefed:
                self._debriefed = True
                self.action_debrief()
            return
        seat = s.to_move
        assert seat is not None
        if s.human_to_move():
            if seat != self.viewer or self._covered:
                self._hand_over(seat)
            return
        if self._bots is None or self._bots.is_finished:
            self._bots = self.run_worker(self._bot_moves(), name="bots", group="bots",
                                         exclusive=True, exit_on_error=False)

    def _hand_over(self, seat: str) -> None:
        if len(self.session.humans) < 2:
            self.viewer = seat
            self.redraw()
            return
        self._covered = True
        self.redraw()
        self.app.push_screen(CoverScreen(name(self.session.view(seat), seat)),
                             partial(self._uncovered, seat))

    def _uncovered(self, seat: str, _: None = None) -> None:
        self._covered = False
        self.viewer = seat
        self._logged = 10**9  # another seat's log: draw it afresh
        self.redraw()

    async def _bot_moves(self) -> None:
        """Computer players move one by one until a human is to move or the game ends."""
        s = self.session
        while not s.over and not s.human_to_move():
            await asyncio.sleep(self.bot_delay)
            state = s.state
            action = await asyncio.to_thread(s.decide, state)
            if s.state is state:
                self.play(action)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.worker.group == "rebuild" and event.state is WorkerState.ERROR:
            self._busy = ""  # an edit the old moves cannot replay on: keep playing
            error = event.worker.error
            self.notify(say(f"{event.worker.name}: {type(error).__name__}: {error}; "
                            + _("the game goes on unchanged")),
                        title=_("Watch"), severity="error", timeout=15, markup=False)
            self.redraw()
            self.advance()
            return
        if event.worker.group != "bots" or event.state is not WorkerState.ERROR:
            return
        error = event.worker.error
        if not isinstance(error, BotFailure):  # not the bot's fault: say what it was
            self.notify(say(f"{type(error).__name__}: {error}"),
                        title=_("Error during the computer players' turn"), severity="error",
                        timeout=15, markup=False)
            return
        seat = self.session.to_move or ""
        self.app.push_screen(BotErrorDialog(name(self.session.view(self.viewer), seat),
                                            str(error)),
                             partial(self._remedy, seat))

    def _remedy(self, seat: str, kind: str | None) -> None:
        if kind and kind != "retry":
            self.session.replace(seat, kind)
            member = name(self.session.view(self.viewer), seat)
            self.notify(say(_("{member} is now played by you.").format(member=member)
                            if kind == HUMAN else
                            _("{member} is now played by the {kind} bot.").format(
                                member=member, kind=kind)), markup=False)
        self.redraw()
        self.advance()

    # --- other keys -----------------------------------------------------------------

    def action_debrief(self) -> None:
        if self.session.over:
            from tui.screens.debrief import DebriefScreen

            self.app.push_screen(DebriefScreen(self.session.state, self.session.seats,
                                               self.session.advice))

    def action_advise(self) -> None:
        """The expert bot's move for the seat at the keys, if the player turned the
        advisor on (off by default: competitive play); each ask is counted."""
        legal = self.legal_actions()
        if not legal:
            return
        if not self.advisor_on():
            self.notify(_("The advisor is off, as in competitive play. Turn it on in the "
                          "settings (F2), or start with: mufakat play --advisor"),
                        title=_("Advisor"), timeout=8, markup=False)
            return
        trouble = self.session.note_advice(self.viewer)
        if trouble:
            self.notify(say(_("The advisor's count is not kept: {problem}").format(
                problem=trouble)), severity="warning", timeout=10, markup=False)
        self.app.push_screen(AdvisorScreen(self.seen(), legal, self.session.state.seed),
                             self._chosen)

    def action_save(self) -> None:
        self.app.push_screen(SaveDialog(), self._save)

    def _save(self, name_: str | None) -> None:
        """Write the whole game from memory to `saves/NAME.jsonl` (works even while the
        last-game record cannot be written)."""
        if not name_:
            return
        try:
            path = storage.save_path(name_)
            storage.ensure_folder(path.parent)
            self.session.write_copy(path)
        except storage.StorageError as err:
            self.notify(say(err), title=_("Not saved"), severity="error", timeout=10,
                        markup=False)
            return
        except OSError as err:
            self.notify(say(storage.problem("save the game to", path, err)),
                        title=_("Not saved"), severity="error", timeout=10, markup=False)
            return
        self.notify(say(_("Saved as {path}").format(path=path)), markup=False)

    def action_retry_save(self) -> None:
        if self.session.save():
            self.notify(_("Every move is saved."), markup=False)
        elif self.session.save_problem == self._save_problem:
            self.notify(say(f"{self.session.save_problem}."), title=_("Still not saved"),
                        severity="error", timeout=10, markup=False)
        self._report_saving()

    def action_pace(self, step: int) -> None:
        self.post_message(ChangePace(step))

    def action_leave(self) -> None:
        """Back to the menu; the record already holds every move, so nothing is lost
        (unless it could not be written: then ask first)."""
        if not self.session.saved and not self.session.save():
            self._report_saving()
            self.app.push_screen(
                ConfirmDialog(_("Leave without saving?"),
                              f"{self.session.save_problem}.\n"
                              + _("The moves not saved are lost if you leave. ctrl+s saves "
                                  "the game under a name elsewhere.")),
                self._leave_unsaved)
            return
        self._leave()

    def _leave_unsaved(self, yes: bool | None) -> None:
        if yes:
            self._leave()

    def _leave(self) -> None:
        self.workers.cancel_group(self, "bots")
        self.session.close()
        self.post_message(GoToMenu())

    def _watched_mtime(self) -> float | None:
        try:
            return self.watch_path.stat().st_mtime if self.watch_path else None
        except OSError:
            return None

    def _check_watch(self) -> None:
        assert self.watch_path is not None
        mtime = self._watched_mtime()
        if mtime is None or mtime == self._mtime or self._busy:
            return  # while busy, the next check sees the edit
        self._mtime = mtime
        try:
            scenario = load_scenario(self.watch_path)
        except ScenarioError as err:
            self.notify(say("\n".join(str(p) for p in err.problems[:5])),
                        title=_("Scenario has problems"), severity="error", timeout=15,
                        markup=False)
            return
        except OSError as err:  # a file turned into a folder, a pipe...
            self.notify(say(f"{self.watch_path}: {storage.fault(err)}"),
                        title=_("Scenario cannot be read"), severity="error", timeout=15,
                        markup=False)
            return
        session, watched = self.session, self.watch_path
        self._rebuild(lambda: session.reload(scenario, watched),
                      _("replaying the game on the edited scenario"))

    def _rebuild(self, work: Callable[[], tuple[Session, str]], doing: str) -> None:
        """Run `work` (a reload, a rewind, a jump) in a thread, as the computer players
        may take seconds to decide again, then play on with the session it gives. The
        keys wait meanwhile, so no move is made on the game being rebuilt."""
        self.workers.cancel_group(self, "bots")
        self._busy = doing
        self.redraw()

        def run() -> None:
            session, message = work()
            self.app.call_from_thread(self._take_over, session, message)

        self.run_worker(run, name=doing, group="rebuild", thread=True, exclusive=True,
                        exit_on_error=False)

    def _take_over(self, session: Session, message: str) -> None:
        """Play on with `session` (the same game reloaded or rewound), saying how."""
        self._busy = ""
        self.session = session
        self._debriefed = self._debriefed and session.over  # a game rewound ends again
        self._logged = 10**9
        self.notify(say(message), title=_("Watch"), markup=False)
        self.redraw()
        self._report_saving()
        self.advance()

    def action_briefing(self) -> None:
        """The scenario's briefing, also for a scenario opened by path (no menu shown)."""
        sc = self.session.scenario
        self.app.push_screen(TextDialog(sc.title, [sc.summary, "", sc.briefing]))

    # --- the author's playtest (--watch) ------------------------------------------------

    def action_explain(self) -> None:
        """Choose a member, then read the numbers behind its declaration."""
        sc = self.session.scenario
        view = self.seen()
        self.app.push_screen(PickDialog(_("Why does it declare what it does? Choose a member"),
                                        [(s, name(view, s)) for s in sc.seats]),
                             self._show_why)

    def _show_why(self, seat: str | None) -> None:
        if seat:
            self.app.push_screen(TextDialog(
                _("Why: {member}").format(member=name(self.seen(), seat)),
                explain(self.session.state, seat)))

    def action_restart_round(self) -> None:
        self._go_to_round(str(self.session.state.round))

    def action_jump(self) -> None:
        """Choose a round: an earlier one is replayed up to its start, a later one is
        reached with the bots playing every seat (as `--from-round`)."""
        now = self.session.state.round
        rounds = [(str(n), _("Round {round} (now: restart it)").format(round=n) if n == now
                   else _("Round {round}").format(round=n))
                  for n in range(1, self.session.scenario.rounds + 1)]
        self.app.push_screen(PickDialog(_("Jump to round"), rounds), self._go_to_round)

    def _go_to_round(self, choice: str | None) -> None:
        if not choice:
            return
        target = int(choice)
        session = self.session
        if target <= session.state.round:
            self._rebuild(lambda: (session.rewind(target),
                                   _("back to the start of round {round}").format(round=target)),
                          _("going back to round {round}").format(round=target))
            return

        def jump() -> tuple[Session, str]:
            played = session.fast_forward(target)
            return session, ngettext(
                "the computer players played {moves} move; round {round} opens",
                "the computer players played {moves} moves; round {round} opens",
                played).format(moves=played, round=session.state.round)

        self._rebuild(jump, _("the computer players play until round {round}").format(
            round=target))

    def commands(self) -> Iterable[SystemCommand]:
        """Command palette entries: the legal actions, save, debrief, menu."""
        yield from self.verb_commands()
        if self.legal_actions():
            yield SystemCommand(_("Ask the advisor (d)"),
                                _("The strongest computer player's move for your seat, and why"),
                                self.action_advise)
        if self.session.over:
            yield SystemCommand(_("Debrief"), _("Scores, objectives, timeline, archive"),
                                self.action_debrief)
        yield SystemCommand(_("Briefing"), _("The scenario's briefing: the situation and who "
                                             "stands where"), self.action_briefing)
        if self.watch_path is not None:
            yield SystemCommand(_("Playtest: why does a member declare that?"),
                                _("The numbers behind a member's position on the item tabled"),
                                self.action_explain)
            yield SystemCommand(_("Playtest: restart this round"),
                                _("Back to the start of the round now played"),
                                self.action_restart_round)
            yield SystemCommand(_("Playtest: jump to round N"),
                                _("Earlier: back to its start; later: the bots play until it "
                                  "opens"), self.action_jump)
        yield SystemCommand(_("Save game as"), _("Keep a copy of this game under a name"),
                            self.action_save)
        yield SystemCommand(_("Back to the menu"), _("The game stays saved; continue resumes it"),
                            self.action_leave)
