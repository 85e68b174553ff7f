"""Helpers for the TUI tests: start the app, let the bots move, press legal keys."""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable, Coroutine
from typing import Any

from textual.pilot import Pilot

from tui import storage
from tui.app import MufakatApp
from tui.plan import Plan, make_plan
from tui.screens.dialogs import ChoiceDialog, ConfirmDialog
from tui.screens.seat import CONFIRM, VERB_KEYS
from tui.screens.table import TableScreen
from tui.session import Session

SCENARIO = "2020-asean-flag"
SEED = 7


def run_async(test: Callable[..., Coroutine[Any, Any, None]]) -> Callable[..., None]:
    """Run an async test body with `asyncio.run` (no asyncio plugin is installed)."""

    @functools.wraps(test)
    def wrapper(*args: Any, **kwargs: Any) -> None:
        asyncio.run(test(*args, **kwargs))

    return wrapper


def plan(humans: tuple[str, ...] = ("vietnam",), bots: str = "historical") -> Plan:
    return make_plan(SCENARIO, list(humans), SEED, bots)


def new_app(p: Plan | None = None, theme: str = "textual-dark") -> MufakatApp:
    app = MufakatApp(plan=p, bot_delay=0)
    app.theme = theme
    return app


async def settle(pilot: Pilot[None]) -> None:
    """Wait until the computer players have stopped moving and the screen is drawn."""
    await pilot.pause()
    while any(not worker.is_finished for worker in pilot.app.workers):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


def table(app: MufakatApp) -> TableScreen:
    for screen in reversed(app.screen_stack):
        if isinstance(screen, TableScreen):
            return screen
    raise AssertionError(f"no table screen; screens: {app.screen_stack}, "
                         f"notes: {messages(app)}")


def messages(app: MufakatApp) -> list[str]:
    """The notifications shown so far, as "title: message"."""
    return [f"{n.title}: {n.message}" for n in app._notifications]


async def press_first_legal(pilot: Pilot[None], app: MufakatApp) -> str:
    """Play the first legal action with the keyboard only: its key, then enter in a
    dialog. Returns the action's text."""
    action = table(app).legal_actions()[0]
    await pilot.press(VERB_KEYS[action.verb])
    await pilot.pause()
    for _ in range(2):  # a reservation asks what it asks, then the concern it states
        if not isinstance(app.screen, ChoiceDialog | ConfirmDialog):
            break
        await pilot.press("y" if action.verb in CONFIRM else "enter")
        await pilot.pause()
    await settle(pilot)
    return str(action)


async def play_until(pilot: Pilot[None], app: MufakatApp, verb: str) -> None:
    """Play the first legal action until `verb` is legal for the human seat."""
    while verb not in {str(v) for v in table(app).legal_verbs()}:
        await press_first_legal(pilot, app)


def finished_game(p: Plan | None = None) -> Session:
    """A whole game played without the UI (humans take their first legal move) and
    recorded as the last game, for screens that need a finished one."""
    p = p or plan()
    session = Session.start(p.scenario, p.seed, p.seats, storage.last_game())
    while not session.over:
        seat = session.to_move or ""
        session.act(session.legal(seat)[0] if session.human_to_move()
                    else session.decide(session.state))
    session.close()
    return session
