"""The settings dialog: theme, computer players' pace, language, advisor.

It returns the chosen `Settings` with `dismiss` (None when cancelled); the app applies
and saves them (`MufakatApp.apply_settings`).
"""

from __future__ import annotations

from typing import ClassVar

import attrs
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Label, Select, Switch

from tui.i18n import LANGUAGES, N_, STILL_ENGLISH, _
from tui.settings import PACES, Settings


class SettingsScreen(ModalScreen[Settings | None]):
    """Change the settings; they are kept for the next session."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", N_("Cancel"))]

    def __init__(self, current: Settings, themes: list[str]) -> None:
        super().__init__()
        self.current = current
        self.themes = themes

    def compose(self) -> ComposeResult:
        s = self.current
        with Vertical(classes="dialog", id="settings-box"):
            yield Label(_("Settings (kept for the next session)"), classes="dialog-title")
            yield Label(_("Theme"))
            yield Select([(t, t) for t in self.themes], value=s.theme, allow_blank=False,
                         compact=True, id="theme")
            yield Label(_("Computer players: seconds between two moves"))
            yield Select([(_("{pace:g} s").format(pace=p) if p else _("no pause"), p)
                          for p in PACES], value=s.bot_pace, allow_blank=False, compact=True,
                         id="pace")
            yield Label(_("Language of the interface (from the next start)") + " "
                        + _(STILL_ENGLISH))
            yield Select([(title, code) for code, title in LANGUAGES.items()],
                         value=s.language, allow_blank=False, compact=True,
                         id="language")
            with Horizontal(classes="setting-row"):
                yield Switch(value=s.advisor, id="advisor")
                yield Label(_("Advisor: the strongest computer player may suggest a move "
                              "(off for competitive play; shown in the debrief when used)"))
            with Horizontal(classes="dialog-buttons"):
                yield Button(_("Save"), id="save", variant="primary", compact=True)
                yield Button(_("Cancel"), id="cancel", compact=True)
        yield Footer()

    def chosen(self) -> Settings:
        """The settings as the dialog shows them now."""
        return attrs.evolve(
            self.current,
            theme=str(self.query_one("#theme", Select).value),
            bot_pace=float(self.query_one("#pace", Select).value),  # type: ignore[arg-type]
            language=str(self.query_one("#language", Select).value),
            advisor=self.query_one("#advisor", Switch).value)

    @on(Button.Pressed, "#save")
    def _save(self) -> None:
        self.dismiss(self.chosen())

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
