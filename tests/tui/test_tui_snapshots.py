"""Snapshots at a fixed size and theme, with a fixed seed: start, table, dialog, debrief.

Regenerate with `pytest tests/tui/test_tui_snapshots.py --snapshot-update` after a
deliberate change to the screens (or to the bundled scenario's numbers).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.pilot import Pilot
from tui_kit import finished_game, new_app, plan, press_first_legal, settle

SIZE = (100, 32)
Snap = Callable[..., bool]


def test_start_screen(snap_compare: Snap) -> None:
    assert snap_compare(new_app(), terminal_size=SIZE)


def test_start_screen_at_80x24(snap_compare: Snap) -> None:
    assert snap_compare(new_app(), terminal_size=(80, 24))


async def _mid_round(pilot: Pilot[Any]) -> None:
    await settle(pilot)
    for _ in range(3):  # convene, consult, then bots speak up to the tabling
        await press_first_legal(pilot, pilot.app)  # type: ignore[arg-type]


def test_table_mid_round(snap_compare: Snap) -> None:
    assert snap_compare(new_app(plan()), terminal_size=SIZE, run_before=_mid_round)


def test_table_mid_round_at_80x24(snap_compare: Snap) -> None:
    assert snap_compare(new_app(plan()), terminal_size=(80, 24), run_before=_mid_round)


def test_table_mid_round_in_the_light_theme(snap_compare: Snap) -> None:
    assert snap_compare(new_app(plan(), theme="textual-light"), terminal_size=SIZE,
                        run_before=_mid_round)


async def _table_dialog(pilot: Pilot[Any]) -> None:
    await _mid_round(pilot)
    await pilot.press("r", "down")
    await pilot.pause()


def test_table_dialog(snap_compare: Snap) -> None:
    assert snap_compare(new_app(plan()), terminal_size=SIZE, run_before=_table_dialog)


def test_debrief(snap_compare: Snap) -> None:
    finished_game()
    assert snap_compare(new_app(), terminal_size=SIZE, press=["c"])


async def _new_game(pilot: Pilot[Any]) -> None:
    await settle(pilot)
    await pilot.press("n")
    await settle(pilot)  # the briefing is rendered by a worker
    await pilot.pause()


def test_new_game_screen_shows_the_ladder_at_80x24(snap_compare: Snap) -> None:
    assert snap_compare(new_app(), terminal_size=(80, 24), run_before=_new_game)


def test_start_screen_at_80x24_in_the_light_theme(snap_compare: Snap) -> None:
    assert snap_compare(new_app(theme="textual-light"), terminal_size=(80, 24))


def test_table_mid_round_at_120x40_in_both_themes(snap_compare: Snap) -> None:
    for theme in ("textual-dark", "textual-light"):
        assert snap_compare(new_app(plan(), theme=theme), terminal_size=(120, 40),
                            run_before=_mid_round)


def test_table_mid_round_at_80x24_in_the_light_theme(snap_compare: Snap) -> None:
    assert snap_compare(new_app(plan(), theme="textual-light"), terminal_size=(80, 24),
                        run_before=_mid_round)
