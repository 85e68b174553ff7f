"""Load (bounded, loopback only): 11 seats with 3 connections each, the projector and the
facilitator play a whole game as fast as the rules allow. Nothing acknowledged is lost
or doubled, every connection sees every move, and nobody gets an error."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from workshop_kit import hosted, run

from workshop.loadbench import play_room

SCENARIO = "2027-crisis"  # 11 seats, the most of any bundled scenario


def test_a_full_room_plays_a_whole_game_and_loses_nothing(tmp_path: Path) -> None:
    with hosted(tmp_path, SCENARIO, "--seed", "7") as host:
        room = run(play_room(host.address, host.info["codes"], host.info["facilitator"],
                             host.info["projector"], per_seat=3, seed=7))
        rows = sqlite3.connect(host.database).execute(
            "SELECT seq FROM actions ORDER BY seq").fetchall()
    assert room.over, "the game did not reach its end"
    assert room.errors == []
    assert room.acked == list(range(1, len(room.acked) + 1))
    assert [r[0] for r in rows] == room.acked
    assert len(room.seen) == 11 * 3 + 2
    for name, moves in room.seen.items():
        assert moves == sorted(moves), f"{name} saw the game go backwards"
        assert moves[-1] == room.acked[-1], f"{name} missed the last move"
    assert len(room.latencies) == len(room.acked)
