"""What a screen asks of the app, as Textual messages.

Screens never import `tui.app` (an import-linter contract keeps it so): a modal returns
its answer with `dismiss(...)`, and a screen that needs the app to act (start a game,
continue one, go back to the menu) posts one of these messages, which bubble from the
screen to the app's `on_...` handlers.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from textual.message import Message

if TYPE_CHECKING:
    from tui.plan import Plan


class StartGame(Message):
    """Start the game `plan` describes (handled by `MufakatApp.on_start_game`)."""

    def __init__(self, plan: Plan) -> None:
        super().__init__()
        self.plan = plan


class ResumeGame(Message):
    """Continue the game in `record` (the last game, or a saved one to load)."""

    def __init__(self, record: Path) -> None:
        super().__init__()
        self.record = record


class GoToMenu(Message):
    """Close every screen above the start screen."""


class ShowHelp(Message):
    """Open the keys and rules reference."""


class ChangePace(Message):
    """Computer players slower (`step` > 0) or faster (`step` < 0)."""

    def __init__(self, step: int) -> None:
        super().__init__()
        self.step = step


class ShowSettings(Message):
    """Open the settings dialog."""
