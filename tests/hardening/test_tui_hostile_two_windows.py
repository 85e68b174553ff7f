"""Class 6, TUI: two Mufakat windows on one saved game.

While a window plays the game in `games/last.jsonl` it holds a lock beside it; a second
window (another app in this process, or another process) is told the game is open in
another window and never writes to it: not by continuing, not by starting a new game
over it, not by loading a save into it. The lock goes when the first window leaves the
game, quits, or dies (`kill -9`): no stale lock is left behind.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from hardening_kit import messages, new_app, run_async, settle
from textual.pilot import Pilot

from game import load_scenario
from game.play.record import replay
from tui import storage
from tui.app import MufakatApp
from tui.plan import make_plan
from tui.screens.start import StartScreen
from tui.screens.table import TableScreen
from tui.session import Session, SessionError, seat_plan

SCENARIO = "2020-asean-flag"
ROOT = Path(__file__).parents[2]
IN_USE = "open in another Mufakat window"


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "home"
    monkeypatch.setenv(storage.HOME_VAR, str(folder))
    return folder


def _session() -> Session:
    sc = load_scenario(SCENARIO)
    return Session.start(sc, 7, seat_plan(sc, ["vietnam"], "historical"), storage.last_game())


def _moves(s: Session, count: int) -> None:
    for _ in range(count):
        seat = s.to_move or ""
        s.act(s.legal(seat)[0] if s.human_to_move() else s.decide(s.state))


async def refused_everywhere(pilot: Pilot[None], app: MufakatApp) -> None:
    """Continue, a new game and loading a save are each refused with the reason."""
    await pilot.press("c")
    await settle(pilot)
    assert isinstance(app.screen, StartScreen)
    assert any(IN_USE in m for m in messages(app))
    app.start_game(make_plan(SCENARIO, ["thailand"], 9, "historical"))
    await settle(pilot)
    assert not any(isinstance(s, TableScreen) for s in app.screen_stack)
    assert any("Cannot start a new game" in m and IN_USE in m for m in messages(app))
    app.resume_game(storage.saves_dir() / "other.jsonl")
    await settle(pilot)
    assert not any(isinstance(s, TableScreen) for s in app.screen_stack)


def test_a_second_session_on_the_same_record_is_refused() -> None:
    first = _session()
    _moves(first, 3)
    with pytest.raises(SessionError, match=IN_USE):
        _session()
    with pytest.raises(SessionError, match=IN_USE):
        Session.resume(storage.last_game(), storage.last_game())
    _moves(first, 3)  # the first window goes on, alone
    first.close()
    back, notes = Session.resume(storage.last_game(), storage.last_game())
    assert notes == [] and back.actions == first.actions  # nothing interleaved, nothing lost
    back.close()


@run_async
async def test_a_second_app_is_told_and_writes_nothing() -> None:
    first = _session()
    _moves(first, 4)
    first_bytes = storage.last_game().read_bytes()
    storage.saves_dir().mkdir(parents=True)
    storage.saves_dir().joinpath("other.jsonl").write_bytes(first_bytes)
    app = new_app()
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await pilot.pause()
        await refused_everywhere(pilot, app)
    assert storage.last_game().read_bytes() == first_bytes  # untouched by the second
    _moves(first, 2)
    first.close()
    result = replay(storage.last_game())
    assert not result.problems and list(result.actions) == first.actions


@run_async
async def test_leaving_or_quitting_the_first_window_frees_the_game() -> None:
    first = new_app()
    async with first.run_test(size=(120, 36)) as pilot:
        first.start_game(make_plan(SCENARIO, ["vietnam"], 7, "historical"))
        await settle(pilot)
        with pytest.raises(SessionError, match=IN_USE):
            _session()
        await pilot.press("q")  # back to the menu: the game is free
        await pilot.pause()
        second = _session()
        second.close()
        await pilot.press("c")  # and this window can take it again
        await settle(pilot)
        assert isinstance(first.screen, TableScreen)
    # The app ended with the game open (ctrl+q, or the test's end): freed as well.
    again = _session()
    again.close()


CHILD = textwrap.dedent("""
    import asyncio, json, sys
    from tui.app import MufakatApp
    from tui.plan import make_plan
    from tui.screens.table import TableScreen

    async def main():
        app = MufakatApp(plan=make_plan("2020-asean-flag", ["vietnam"], 7, "historical"),
                         bot_delay=0)
        async with app.run_test(size=(120, 36)) as pilot:
            async def settle():
                await pilot.pause()
                while any(not w.is_finished for w in app.workers):
                    await app.workers.wait_for_complete()
                    await pilot.pause()
            async def play(n):
                screen = next(s for s in app.screen_stack if isinstance(s, TableScreen))
                for _ in range(n):
                    screen.play(screen.legal_actions()[0])
                    await settle()
                return screen
            await settle()
            await play(2)
            print("ready", flush=True)
            if sys.stdin.readline().strip() == "more":
                screen = await play(3)
                print(json.dumps([str(a) for a in screen.session.actions]), flush=True)
                await pilot.press("q")
                await pilot.pause()

    asyncio.run(main())
""")


def _child(home: Path) -> subprocess.Popen[str]:
    env = {**os.environ, storage.HOME_VAR: str(home), "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen([sys.executable, "-c", CHILD], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                             env=env, cwd=ROOT)
    assert child.stdout is not None
    line = child.stdout.readline()
    assert line.strip() == "ready", child.stderr.read() if child.stderr else ""
    return child


@run_async
async def test_two_processes_never_interleave_their_moves(home: Path) -> None:
    child = _child(home)
    try:
        storage.saves_dir().mkdir(parents=True)
        storage.saves_dir().joinpath("other.jsonl").write_bytes(
            storage.last_game().read_bytes())
        app = new_app()
        async with app.run_test(size=(120, 36), notifications=True) as pilot:
            await pilot.pause()
            await refused_everywhere(pilot, app)
        out, err = child.communicate("more\n", timeout=120)
    finally:
        if child.poll() is None:
            child.kill()
    assert child.returncode == 0, err[-2000:]
    moves = json.loads(out.strip().splitlines()[-1])
    result = replay(storage.last_game())
    assert not result.problems
    assert [str(a) for a in result.actions] == moves  # only the first window's moves
    back, notes = Session.resume(storage.last_game(), storage.last_game())  # free now
    assert notes == []
    back.close()


def test_a_window_killed_with_the_game_open_leaves_no_stale_lock(home: Path) -> None:
    child = _child(home)
    recorded = replay(storage.last_game()).actions
    os.kill(child.pid, signal.SIGKILL)
    child.communicate(timeout=30)  # reaps it and closes its pipes
    back, notes = Session.resume(storage.last_game(), storage.last_game())
    assert notes == [] and back.actions == list(recorded)  # every recorded move kept
    back.close()


def test_a_late_move_after_leaving_never_writes_or_relocks() -> None:
    first = _session()
    _moves(first, 3)
    first.close()  # the window left the game; a bot's move arrives late
    recorded = storage.last_game().read_bytes()
    _moves(first, 1)
    assert not first.save()
    assert storage.last_game().read_bytes() == recorded
    second = _session()  # the game is free for the next window
    second.close()
