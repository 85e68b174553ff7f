"""Speed figures for the TUI (printed, never asserted): `python -m tui.bench`.

- start: process start to first screen drawn, for `mufakat` and for a bare Textual
  app measured the same way (each exits right after its first refresh), medians;
- key: median time from a key press on the table (open / close a dialog) until the
  screen has handled it and everything it triggered (`Pilot.press` returns), and
  the median time to redraw every panel of the table after a move;
- bots: whether bot turns run in a Textual worker, and how long a key press takes
  to be answered while the bots are playing.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

BARE_APP = """
from textual.app import App
from textual.widgets import Static


class Bare(App[None]):
    def compose(self):
        yield Static("hello")

    def on_mount(self):
        self.call_after_refresh(self.exit)


Bare().run()
"""


def _time_process(command: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(command, env=env, check=True, stdin=subprocess.DEVNULL,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=120)
    return time.perf_counter() - started


def start_times(repeat: int = 5) -> dict[str, float]:
    """Median seconds from process start to the first screen, `mufakat` vs bare Textual."""
    from tui.app import EXIT_AFTER_START

    with tempfile.TemporaryDirectory() as home:
        env = {**os.environ, "MUFAKAT_HOME": home, EXIT_AFTER_START: "1"}
        script = Path(home) / "bare.py"
        script.write_text(BARE_APP)
        mufakat = [sys.executable, "-c", "import sys, tui.cli; sys.exit(tui.cli.main([]))"]
        bare = [sys.executable, str(script)]
        _time_process(bare, env)  # warm the file cache for both
        _time_process(mufakat, env)
        ours, theirs = [], []
        for _ in range(repeat):
            theirs.append(_time_process(bare, env))
            ours.append(_time_process(mufakat, env))
    m, b = statistics.median(ours), statistics.median(theirs)
    return {"start_mufakat_s": round(m, 3), "start_bare_textual_s": round(b, 3),
            "start_ratio": round(m / b, 2)}


async def _press_to_paint(app: Any, key: str, done: Callable[[], bool]) -> float:
    """Seconds from a key event reaching the app to the first screen update painted
    after `done()` holds (the headless driver computes every update, writes none).
    The process's CPU seconds for the same span go to `_CPU` (other processes on a
    busy machine stretch the wall time, not this)."""
    from textual import events

    painted: list[float] = []
    display = app._display

    def spy(screen: Any, renderable: Any) -> None:
        display(screen, renderable)
        if renderable is not None:
            painted.append(time.perf_counter())

    app._display = spy
    try:
        cpu = time.process_time()
        started = time.perf_counter()
        event = events.Key(key, key if len(key) == 1 else None)
        event.set_sender(app)
        app._driver.send_message(event)
        while not done():
            await asyncio.sleep(0.0005)
        ready = time.perf_counter()
        while not painted or painted[-1] < ready:
            await asyncio.sleep(0.0005)
        _CPU.append(time.process_time() - cpu)
        return painted[-1] - started
    finally:
        app._display = display


_CPU: list[float] = []

DIRECT = {"convene": "v", "support": "s", "adjourn": "j"}
"""Moves that apply at once (no dialog; a pass is confirmed): a key that changes the table."""


async def _table_figures(presses: int) -> dict[str, Any]:
    from game.bots import DEFAULT
    from tui.app import MufakatApp
    from tui.plan import make_plan
    from tui.screens.dialogs import ChoiceDialog
    from tui.screens.table import TableScreen

    figures: dict[str, Any] = {}
    moves: list[float] = []
    move_cpu: list[float] = []
    dialogs: list[float] = []
    seed = 0
    while len(moves) < presses:
        seed += 1
        plan = make_plan("2020-asean-flag", ["vietnam"], seed, DEFAULT)
        app = MufakatApp(plan=plan, bot_delay=0.05)
        async with app.run_test(size=(100, 32)) as pilot:
            while not isinstance(app.screen, TableScreen):
                await pilot.pause()
            table = app.screen
            while not table.session.over and len(moves) < presses:
                await app.workers.wait_for_complete()
                await pilot.pause()
                verbs = {str(v) for v in table.legal_verbs()}
                if "consult" in verbs and len(dialogs) < presses:
                    dialogs.append(await _press_to_paint(
                        app, "c", lambda: isinstance(app.screen, ChoiceDialog)))  # noqa: B023
                    await pilot.pause()
                    dialogs.append(await _press_to_paint(
                        app, "escape", lambda: app.screen is table))  # noqa: B023
                    await pilot.pause()
                direct = [v for v in DIRECT if v in verbs]
                if direct:
                    count = len(table.session.actions)
                    moves.append(await _press_to_paint(
                        app, DIRECT[direct[0]],
                        lambda: len(table.session.actions) > count))  # noqa: B023
                    move_cpu.append(_CPU[-1])
                elif verbs:
                    table.play(table.legal_actions()[0])
    figures["move_key_median_ms"] = round(statistics.median(moves) * 1000, 1)
    figures["move_key_cpu_median_ms"] = round(statistics.median(move_cpu) * 1000, 1)
    figures["dialog_key_median_ms"] = round(statistics.median(dialogs) * 1000, 1)
    figures["key_samples"] = len(moves) + len(dialogs)
    return figures


async def _bots_figures() -> dict[str, Any]:
    """Open the help while a bot worker is running: input must not wait on the bots."""
    from game.bots import DEFAULT
    from tui.app import MufakatApp
    from tui.plan import make_plan
    from tui.screens.help import HelpScreen
    from tui.screens.table import TableScreen

    app = MufakatApp(plan=make_plan("2020-asean-flag", ["vietnam"], 1, DEFAULT),
                     bot_delay=0.25)
    async with app.run_test(size=(100, 32)) as pilot:
        while not isinstance(app.screen, TableScreen):
            await pilot.pause()
        table = app.screen
        table.session.replace("vietnam", DEFAULT)  # every seat a bot: they play on
        table.advance()
        await asyncio.sleep(0.3)
        worker = table._bots
        running = bool(worker is not None and worker.is_running)
        latency = await _press_to_paint(app, "question_mark",
                                        lambda: isinstance(app.screen, HelpScreen))
        still = bool(worker is not None and worker.is_running)
        app.workers.cancel_all()
    return {"bots_in_worker": running, "bots_still_playing_after_key": still,
            "help_key_while_bots_play_ms": round(latency * 1000, 1)}


def run(repeat: int = 5, presses: int = 20) -> dict[str, Any]:
    """Every figure, as a dict (what `python -m tui.bench` prints)."""
    figures: dict[str, Any] = start_times(repeat)
    with tempfile.TemporaryDirectory() as home:
        os.environ["MUFAKAT_HOME"] = home
        figures.update(asyncio.run(_table_figures(presses)))
        figures.update(asyncio.run(_bots_figures()))
    return figures


def main() -> int:
    for key, value in run().items():
        print(f"{key:<32} {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
