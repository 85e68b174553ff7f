"""Shared helpers for the TUI tests: a private data directory and bot-settling."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

from tui.app import MufakatApp
from tui.plan import Plan, make_plan
from tui.screens.table import VERB_KEYS, TableScreen

SCENARIO = "2020-asean-flag"
SEED = 7


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own data directory, so records never touch the user's."""
    folder = tmp_path / "home"
    monkeypatch.setenv("MUFAKAT_HOME", str(folder))
    return folder


def plan(humans: tuple[str, ...] = ("vietnam",), bots: str = "historical") -> Plan:
    return make_plan(SCENARIO, list(humans), SEED, bots)


def new_app(p: Plan | None = None) -> MufakatApp:
    app = MufakatApp(plan=p, bot_delay=0)
    app.theme = "textual-dark"
    return app


async def settle(pilot: Pilot[None]) -> None:
    """Wait until the computer players have stopped moving and the screen is drawn."""
    for _ in range(5):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def table(app: MufakatApp) -> TableScreen:
    for screen in reversed(app.screen_stack):
        if isinstance(screen, TableScreen):
            return screen
    raise AssertionError(f"no table screen; screens: {app.screen_stack}")


async def press_first_legal(pilot: Pilot[None], app: MufakatApp) -> str:
    """Play the first legal action with the keyboard only: its key, then enter in a
    dialog. Returns the action's text."""
    action = table(app).legal_actions()[0]
    await pilot.press(VERB_KEYS[action.verb])
    await pilot.pause()
    if app.screen is not table(app):
        await pilot.press("enter" if action.verb.value not in ("withdraw", "defer", "press",
                                                               "call") else "y")
    await settle(pilot)
    return str(action)
