"""A seed reproduces a game exactly: the same record bytes, the same state digest in
another process, whatever the interpreter's string-hash seed."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from engine_kit import REPO

from game import load_scenario
from game.play.simulate import play

BOTS = {"indonesia": "hard", "vietnam": "random"}
SCENARIO = "2003-standby-force"

PROBE = """
import sys
from pathlib import Path
from game import load_scenario
from game.play.simulate import play
scenario = load_scenario({scenario!r})
kinds = {{s: {bots!r}.get(s, "historical") for s in scenario.seats}}
state = play(scenario, {seed}, kinds, Path(sys.argv[1]))
print(state.digest())
"""


def kinds_for(seats: tuple[str, ...]) -> dict[str, str]:
    return {seat: BOTS.get(seat, "historical") for seat in seats}


def test_the_same_seed_and_bots_write_the_same_record_bytes(tmp_path: Path) -> None:
    scenario = load_scenario(SCENARIO)
    first = play(scenario, 21, kinds_for(scenario.seats), tmp_path / "a.jsonl")
    second = play(scenario, 21, kinds_for(scenario.seats), tmp_path / "b.jsonl")
    assert first == second and first.digest() == second.digest()
    assert (tmp_path / "a.jsonl").read_bytes() == (tmp_path / "b.jsonl").read_bytes()


def test_another_seed_plays_another_game(tmp_path: Path) -> None:
    scenario = load_scenario(SCENARIO)
    kinds = dict.fromkeys(scenario.seats, "random")
    digests = {play(scenario, seed, kinds).digest() for seed in range(4)}
    assert len(digests) > 1


@pytest.mark.parametrize("hash_seed", ["1", "2"])
def test_a_game_in_another_process_has_the_same_digest_and_record(
        tmp_path: Path, hash_seed: str) -> None:
    scenario = load_scenario(SCENARIO)
    here = play(scenario, 33, kinds_for(scenario.seats), tmp_path / "here.jsonl")
    there_record = tmp_path / "there.jsonl"
    done = subprocess.run(
        [sys.executable, "-c", PROBE.format(scenario=SCENARIO, bots=BOTS, seed=33),
         str(there_record)],
        cwd=REPO, capture_output=True, text=True, timeout=300,
        env={**os.environ, "PYTHONHASHSEED": hash_seed})
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == here.digest()
    assert there_record.read_bytes() == (tmp_path / "here.jsonl").read_bytes()
