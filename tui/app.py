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

from tui import i18n, settings, storage
from tui.i18n import N_, _
from tui.screens.requests import (
    ChangePace,
    GoToMenu,
    ResumeGame,
    ShowHelp,
    ShowSettings,
    StartGame,
)
from tui.screens.start import StartScreen
from tui.screens.toosmall import TooSmallScreen, too_small
from tui.widgets.safe import commands, say

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
        Binding("question_mark,f1", "help", N_("Help"), key_display="?"),
        Binding("f2", "settings", N_("Settings"), show=False),
        Binding("ctrl+q", "quit", N_("Quit app"), show=False, priority=True),
    ]

    def __init__(self, plan: Plan | None = None, bot_delay: float | None = None,
                 language: str | None = None, advisor: bool = False) -> None:
        """`bot_delay` (seconds between bot moves) and `language` (`--lang`) override
        the saved pace and language for this run; `advisor` turns the advisor on in the
        settings (`mufakat play --advisor`)."""
        super().__init__()
        self.plan = plan
        self._advisor = advisor
        self.settings, self._setting_problems = settings.load()
        i18n.use(language or self.settings.language)
        self.bot_delay = self.settings.bot_pace if bot_delay is None else bot_delay
        if self.settings.theme in self.available_themes:
            self.theme = self.settings.theme
        else:
            self._setting_problems.append(
                _("theme {theme} is not installed: the default is used").format(
                    theme=repr(self.settings.theme)))

    def on_mount(self) -> None:
        i18n.follow(self)
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        for problem in self._setting_problems:
            self.notify(say(problem), title=_("Settings"), severity="warning", timeout=10,
                        markup=False)
        if self._advisor and not self.settings.advisor:
            self.change_settings(advisor=True)
        first = (self.plan is None and not self.settings.tutorial_offered
                 and not storage.has_last_game())
        self.push_screen(StartScreen(offer_tutorial=first))
        if first:  # offered once; the menu keeps it
            self.change_settings(tutorial_offered=True)
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
            self.notify(say(err), title=_("Cannot start a new game"), severity="error",
                        timeout=15, markup=False)
            return
        if plan.from_round > 1:
            played = session.fast_forward(plan.from_round)
            self.notify(i18n.ngettext(
                "Bots played {moves} move; you take over at round {round}.",
                "Bots played {moves} moves; you take over at round {round}.", played).format(
                moves=played, round=session.state.round), markup=False)
        self.open_table(session, plan.path)

    def resume_game(self, record: Path) -> None:
        """Continue the last game, or load a saved record into the current-game slot."""
        from tui.session import Session, SessionError

        self.clear_notifications()

        try:
            session, notes = Session.resume(record, storage.last_game())
        except SessionError as err:
            self.notify(say(err), title=_("Cannot resume"), severity="error", timeout=15,
                        markup=False)
            return
        for note in notes:
            self.notify(say(note), title=_("Record"), severity="warning", timeout=10,
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

    def on_show_settings(self, _: ShowSettings) -> None:
        self.action_settings()

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

    def action_settings(self) -> None:
        from tui.screens.settings import SettingsScreen

        if not isinstance(self.screen, SettingsScreen):
            self.push_screen(SettingsScreen(self.settings, sorted(self.available_themes)),
                             self.apply_settings)

    def apply_settings(self, chosen: settings.Settings | None) -> None:
        """Apply what the settings dialog returned (None: cancelled) and keep it."""
        if chosen is None or chosen == self.settings:
            return
        language = chosen.language != self.settings.language
        self.theme = chosen.theme
        self._use_pace(chosen.bot_pace)
        self.change_settings(**attrs.asdict(chosen))
        if language:
            self.notify(say(_("The interface will be in {language} from the next start.")
                            .format(language=i18n.LANGUAGES[chosen.language])),
                        title=_("Language"), markup=False)

    def slower(self) -> None:
        self._pace(+1)

    def faster(self) -> None:
        self._pace(-1)

    def _pace(self, step: int) -> None:
        paces = settings.PACES
        near = min(range(len(paces)), key=lambda i: abs(paces[i] - self.bot_delay))
        self._use_pace(paces[max(0, min(len(paces) - 1, near + step))])
        self.notify(_("Computer players: {pace} s per move").format(pace=f"{self.bot_delay:g}"),
                    markup=False)
        self.change_settings(bot_pace=self.bot_delay)

    def _use_pace(self, delay: float) -> None:
        """Computer players wait `delay` seconds a move from now on, at every table."""
        from tui.screens.table import TableScreen

        self.bot_delay = delay
        for screen in self.screen_stack:
            if isinstance(screen, TableScreen):
                screen.bot_delay = delay
                screen.redraw()  # the waiting line shows the pace

    def _theme_changed(self, theme: object) -> None:
        self.change_settings(theme=self.theme)

    def change_settings(self, **changes: Any) -> None:
        """Apply `changes` to the settings and save them; a failure to save is said,
        and the change still holds for this session."""
        self.settings = attrs.evolve(self.settings, **changes)
        try:
            settings.save(self.settings)
        except storage.StorageError as err:
            self.notify(say(err), title=_("Settings not saved"), severity="warning",
                        timeout=10, markup=False)

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        from tui.screens.table import TableScreen

        yield from super().get_system_commands(screen)
        yield SystemCommand(_("Help: keys and rules"), _("Every key and the rules reference"),
                            self.action_help)
        if isinstance(screen, StartScreen | TableScreen):
            yield from commands(screen.commands())
        yield SystemCommand(_("Settings"), _("Theme, computer players' pace, language, advisor"),
                            self.action_settings)
        yield SystemCommand(_("Slower computer players"), _("More time between bot moves"),
                            self.slower)
        yield SystemCommand(_("Faster computer players"), _("Less time between bot moves"),
                            self.faster)
