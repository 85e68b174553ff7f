"""The start screen: new game, continue, load a record, rules, quit."""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import Center, Vertical
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from tui import storage
from tui.i18n import N_, _
from tui.screens.requests import ResumeGame, ShowHelp, ShowSettings, StartGame

BANNER_TAGLINE = N_("ASEAN consensus rounds on peacekeeping: consult, table, object, agree.")


class StartScreen(Screen[None]):
    """What opens with `mufakat` and what every game returns to."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "new", N_("New game")),
        Binding("t", "tutorial", N_("Tutorial")),
        Binding("c", "continue", N_("Continue")),
        Binding("l", "load", N_("Load")),
        Binding("s", "settings", N_("Settings")),
        Binding("q", "app.quit", N_("Quit")),
    ]

    def __init__(self, offer_tutorial: bool = False) -> None:
        """`offer_tutorial`: a first-time player is offered the tutorial, once."""
        super().__init__()
        self.offer_tutorial = offer_tutorial

    def compose(self) -> ComposeResult:
        with Center(), Vertical(id="start-box"):
            yield Static("MUFAKAT\n" + _(BANNER_TAGLINE), id="banner")
            if self.offer_tutorial:
                yield Static(_("New to Mufakat? Press t for the tutorial: one meeting, "
                               "step by step, with a coach at the table."), id="offer")
            yield OptionList(*self._options(), id="menu")
        yield Footer()

    def _options(self) -> list[Option]:
        has_last = storage.has_last_game()
        return [Option(_("New game"), id="new"),
                Option(_("Tutorial: your first meeting"), id="tutorial"),
                Option(_("Continue the last game"), id="continue", disabled=not has_last),
                Option(_("Load a saved game"), id="load"),
                Option(_("Rules and keys"), id="help"),
                Option(_("Settings"), id="settings"),
                Option(_("Quit"), id="quit")]

    def on_screen_resume(self) -> None:
        if self.offer_tutorial and storage.has_last_game():  # played once: offered enough
            self.query_one("#offer").display = False
        menu = self.query_one("#menu", OptionList)
        highlighted = menu.highlighted
        menu.clear_options()
        menu.add_options(self._options())
        menu.highlighted = highlighted or 0
        menu.focus()
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "continue":
            return storage.has_last_game()
        return True

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        choice = event.option.id
        if choice == "quit":
            self.app.exit()
        elif choice == "help":
            self.post_message(ShowHelp())
        else:
            getattr(self, f"action_{choice}")()

    def action_new(self) -> None:
        from tui.screens.newgame import NewGameScreen

        self.app.push_screen(NewGameScreen())

    def action_tutorial(self) -> None:
        from tui.plan import PlanError, tutorial_plan

        try:
            self.post_message(StartGame(tutorial_plan()))
        except PlanError as err:
            self.notify(str(err), title=_("Cannot start the tutorial"), severity="error",
                        markup=False)

    def action_continue(self) -> None:
        if storage.has_last_game():
            self.post_message(ResumeGame(storage.last_game()))

    def action_settings(self) -> None:
        self.post_message(ShowSettings())

    def action_load(self) -> None:
        from tui.screens.load import LoadScreen

        self.app.push_screen(LoadScreen())

    def commands(self) -> Iterable[SystemCommand]:
        yield SystemCommand(_("New game"), _("Pick a scenario, your seats and the bots"),
                            self.action_new)
        if storage.has_last_game():
            yield SystemCommand(_("Continue"), _("Resume the last game where you left it"),
                                self.action_continue)
        yield SystemCommand(_("Tutorial: your first meeting"),
                            _("One meeting, step by step, with a coach at the table"),
                            self.action_tutorial)
        yield SystemCommand(_("Load a saved game"), _("Open a record saved under a name"),
                            self.action_load)
