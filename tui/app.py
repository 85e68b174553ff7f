"""The Textual app: a start screen, then tables, dialogs and debriefs pushed over it.

The app owns the settings (theme, bot pace; kept by `tui.settings`) and the game-level
commands (new, continue, load, help);
each game runs on a `TableScreen` holding a `Session`. Screens never import this
module: they post the messages of `tui.screens.requests`, handled here.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

import attrs
from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen

from tui import settings, storage
from tui.screens.requests import ChangePace, GoToMenu, ResumeGame, ShowHelp, StartGame
from tui.screens.start import StartScreen
from tui.screens.toosmall import TooSmallScreen, too_small
from tui.widgets.safe import say

if TYPE_CHECKING:
    from tui.plan import Plan
    from tui.session import Session

# The table, the engine and the help (Markdown) load on first use, not at start-up:
# the first screen must come up about as fast as a bare Textual app.

EXIT_AFTER_START = "MUFAKAT_EXIT_AFTER_START"
"""Set (to anything) to quit right after the first screen is drawn: for `tui.bench`."""


class MufakatApp(App[None]):
    """Mufakat in the terminal."""

    CSS_PATH = "mufakat.tcss"
    TITLE = "Mufakat"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("question_mark,f1", "help", "Help", key_display="?"),
        Binding("ctrl+q", "quit", "Quit app", show=False, priority=True),
    ]

    def __init__(self, plan: Plan | None = None, bot_delay: float | None = None,
                 advisor: bool = False) -> None:
        """`bot_delay` (seconds between bot moves) overrides the saved pace for this run;
        `advisor` turns the advisor on in the settings (`mufakat play --advisor`)."""
        super().__init__()
        self.plan = plan
        self._advisor = advisor
        self.settings, self._setting_problems = settings.load()
        self.bot_delay = self.settings.bot_pace if bot_delay is None else bot_delay
        if self.settings.theme in self.available_themes:
            self.theme = self.settings.theme
        else:
            self._setting_problems.append(
                f"theme {self.settings.theme!r} is not installed: the default is used")

    def on_mount(self) -> None:
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        for problem in self._setting_problems:
            self.notify(say(problem), title="Settings", severity="warning", timeout=10,
                        markup=False)
        if self._advisor and not self.settings.advisor:
            self.change_settings(advisor=True)
        self.push_screen(StartScreen())
        if self.plan is not None:
            self.start_game(self.plan)
        if os.environ.get(EXIT_AFTER_START):
            self.call_after_refresh(self.exit)
        self.call_after_refresh(self._check_size)

    def on_resize(self, _: events.Resize) -> None:
        self._check_size()

    def _check_size(self) -> None:
        """Below the smallest size the screens are laid out for, say so over them (not
        before the first screen is up: `on_mount` checks then)."""
        if (len(self.screen_stack) > 1 and too_small((self.size.width, self.size.height))
                and not isinstance(self.screen, TooSmallScreen)):
            self.push_screen(TooSmallScreen())

    # --- games ----------------------------------------------------------------

    def start_game(self, plan: Plan) -> None:
        from tui.session import Session, SessionError

        self.clear_notifications()  # what the menus said is done with: a game opens

        try:
            session = Session.start(plan.scenario, plan.seed, plan.seats,
                                    storage.last_game(), plan.source)
        except SessionError as err:
            self.notify(say(err), title="Cannot start a new game", severity="error",
                        timeout=15, markup=False)
            return
        if plan.from_round > 1:
            played = session.fast_forward(plan.from_round)
            self.notify(f"Bots played {played} moves; you take over at round "
                        f"{session.state.round}.", markup=False)
        self.open_table(session, plan.path)

    def resume_game(self, record: Path) -> None:
        """Continue the last game, or load a saved record into the current-game slot."""
        from tui.session import Session, SessionError

        self.clear_notifications()

        try:
            session, notes = Session.resume(record, storage.last_game())
        except SessionError as err:
            self.notify(say(err), title="Cannot resume", severity="error", timeout=15,
                        markup=False)
            return
        for note in notes:
            self.notify(say(note), title="Record", severity="warning", timeout=10,
                        markup=False)
        self.open_table(session)

    def open_table(self, session: Session, watch: Path | None = None) -> None:
        from tui.screens.table import TableScreen

        self.to_start()
        self.push_screen(TableScreen(session, watch, self.bot_delay,
                                     lambda: self.settings.advisor))

    # --- what screens ask for (tui.screens.requests) -----------------------------------

    def on_start_game(self, message: StartGame) -> None:
        self.start_game(message.plan)

    def on_resume_game(self, message: ResumeGame) -> None:
        self.resume_game(message.record)

    def on_go_to_menu(self, _: GoToMenu) -> None:
        self.to_start()

    def on_show_help(self, _: ShowHelp) -> None:
        self.action_help()

    def on_change_pace(self, message: ChangePace) -> None:
        self._pace(message.step)

    def to_start(self) -> None:
        """Close every screen above the start screen (a table's game is closed at once,
        so this window holds no lock on it any more)."""
        from tui.screens.table import TableScreen

        while len(self.screen_stack) > 1 and not isinstance(self.screen, StartScreen):
            if isinstance(self.screen, TableScreen):
                self.screen.session.close()
            self.pop_screen()

    # --- keys and commands ------------------------------------------------------

    def action_help(self) -> None:
        from tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def slower(self) -> None:
        self._pace(+1)

    def faster(self) -> None:
        self._pace(-1)

    def _pace(self, step: int) -> None:
        paces = settings.PACES
        near = min(range(len(paces)), key=lambda i: abs(paces[i] - self.bot_delay))
        self.bot_delay = paces[max(0, min(len(paces) - 1, near + step))]
        from tui.screens.table import TableScreen

        for screen in self.screen_stack:
            if isinstance(screen, TableScreen):
                screen.bot_delay = self.bot_delay
                screen.redraw()  # the waiting line shows the pace
        self.notify(f"Computer players: {self.bot_delay:g} s per move", markup=False)
        self.change_settings(bot_pace=self.bot_delay)

    def _theme_changed(self, theme: object) -> None:
        self.change_settings(theme=self.theme)

    def change_settings(self, **changes: Any) -> None:
        """Apply `changes` to the settings and save them; a failure to save is said,
        and the change still holds for this session."""
        self.settings = attrs.evolve(self.settings, **changes)
        try:
            settings.save(self.settings)
        except storage.StorageError as err:
            self.notify(say(err), title="Settings not saved", severity="warning",
                        timeout=10, markup=False)

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        from tui.screens.table import TableScreen

        yield from super().get_system_commands(screen)
        yield SystemCommand("Help: keys and rules", "Every key and the rules reference",
                            self.action_help)
        if isinstance(screen, StartScreen):
            yield from screen.commands()
        if isinstance(screen, TableScreen):
            yield from screen.commands()
        yield SystemCommand("Slower computer players", "More time between bot moves",
                            self.slower)
        yield SystemCommand("Faster computer players", "Less time between bot moves",
                            self.faster)
