"""The engine commands of `mufakat`, run as a real subprocess (the keys are a contract)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from engine_kit import LAB, REPO

IDS = ["1994-regional-peacekeeping", "2003-standby-force", "2011-apcn", "2015-apf-revival",
       "2018-preventive-diplomacy", "2020-asean-flag", "2027-crisis"]
SIMULATE_KEYS = {"scenario", "games", "seed", "adoption_rate", "objections", "norm_stage",
                 "mean_scores", "sponsor", "focus", "focus_adoption_rate", "rounds",
                 "elapsed_s", "rounds_per_s"}
TIMINGS = {"elapsed_s", "rounds_per_s"}
BENCH_KEYS = {"rounds_per_s", "us_per_action", "ms_per_decision", "replay_actions_per_s"}


def mufakat(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tui.cli", *args], cwd=REPO,
                          capture_output=True, text=True, timeout=300)


def ok_json(*args: str) -> Any:
    done = mufakat(*args)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    return json.loads(done.stdout)


def test_scenarios_lists_the_bundled_ids() -> None:
    done = mufakat("scenarios")
    assert done.returncode == 0, done.stderr
    listed = [line.split()[0] for line in done.stdout.splitlines() if line.strip()]
    assert set(IDS) <= set(listed)
    assert listed == sorted(listed), "in chronological order"


def test_scenarios_json_gives_id_sponsor_and_focus() -> None:
    rows = ok_json("scenarios", "--json")
    assert set(IDS) <= {r["id"] for r in rows}
    assert all(r["sponsor"] and r["focus"] for r in rows)
    assert next(r for r in rows if r["id"] == "2027-crisis")["seats"] == 11


def test_simulate_json_has_every_key_and_the_same_seed_gives_the_same_figures() -> None:
    first = ok_json("simulate", "2011-apcn", "--games", "4", "--seed", "3", "--json")
    assert set(first) >= SIMULATE_KEYS
    assert (first["scenario"], first["games"], first["seed"]) == ("2011-apcn", 4, 3)
    assert (first["sponsor"], first["focus"]) == ("indonesia", "apcn")
    assert first["focus_adoption_rate"] == first["adoption_rate"]["apcn"]
    assert all(0 <= rate <= 1 for rate in first["adoption_rate"].values())
    assert sum(first["norm_stage"].values()) == 4
    assert set(first["objections"]) == set(first["mean_scores"]) == {
        "brunei", "cambodia", "indonesia", "laos", "malaysia", "myanmar", "philippines",
        "singapore", "thailand", "vietnam"}
    assert first["rounds"] >= 4
    again = ok_json("simulate", "2011-apcn", "--games", "4", "--seed", "3", "--json")
    assert {k: v for k, v in first.items() if k not in TIMINGS} == {
        k: v for k, v in again.items() if k not in TIMINGS}


def test_simulate_figures_do_not_depend_on_the_number_of_jobs() -> None:
    args = ("simulate", "2020-asean-flag", "--games", "4", "--bots", "random", "--json")
    one, two = ok_json(*args), ok_json(*args, "--jobs", "2")
    assert {k: v for k, v in one.items() if k not in TIMINGS} == {
        k: v for k, v in two.items() if k not in TIMINGS}


def test_simulate_takes_per_seat_bots() -> None:
    result = ok_json("simulate", "2011-apcn", "--games", "2", "--bots",
                     "indonesia=hard,*=random", "--json")
    assert result["bots"]["indonesia"] == "hard"
    assert {k for s, k in result["bots"].items() if s != "indonesia"} == {"random"}


def test_simulate_takes_a_scenario_file() -> None:
    result = ok_json("simulate", str(LAB), "--games", "2", "--json")
    assert (result["scenario"], result["focus"]) == ("lab", "lab-drill")


@pytest.mark.parametrize("spec", ["indonesia=genius", "atlantis=hard", "genius", "indonesia"])
def test_a_bad_bot_spec_is_a_clear_error(spec: str) -> None:
    done = mufakat("simulate", "2011-apcn", "--games", "1", "--bots", spec)
    assert done.returncode == 2
    assert done.stderr.startswith("mufakat: error:")
    assert "Traceback" not in done.stderr
    assert "random, historical, hard, expert" in done.stderr or "not seated" in done.stderr


def test_simulate_records_replay_and_verify(tmp_path: Path) -> None:
    ok_json("simulate", "2003-standby-force", "--games", "3", "--seed", "7", "--records",
            str(tmp_path), "--json")
    records = sorted(tmp_path.glob("*.jsonl"))
    assert [r.name for r in records] == [f"2003-standby-force-{s}.jsonl" for s in (7, 8, 9)]
    for record in records:
        done = mufakat("replay", str(record), "--verify", "--quiet")
        assert done.returncode == 0, done.stderr


def test_records_of_a_scenario_file_named_without_a_folder_replay(tmp_path: Path) -> None:
    (tmp_path / "lab.toml").write_text(LAB.read_text(encoding="utf-8"), encoding="utf-8")
    games = tmp_path / "games"
    run = [sys.executable, "-m", "tui.cli"]
    done = subprocess.run([*run, "simulate", "lab.toml", "--games", "1", "--records",
                           str(games), "--json"], cwd=tmp_path, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    for record in games.glob("*.jsonl"):
        done = subprocess.run([*run, "replay", str(record), "--verify", "--quiet"],
                              cwd=REPO, capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr
    assert list(games.glob("*.jsonl"))


def test_bench_prints_the_figures() -> None:
    figures = ok_json("bench", "--json", "--seconds", "0.2")
    assert set(figures) >= BENCH_KEYS
    assert set(figures["ms_per_decision"]) == {"random", "historical", "hard", "expert"}
    for kind in figures["ms_per_decision"].values():
        assert 0 <= kind["median"] <= kind["p95"] <= kind["p99"] <= kind["max"]
    assert figures["rounds_per_s"] > 0 and figures["replay_actions_per_s"] > 0


def test_bench_compares_random_playouts_with_another_checkout() -> None:
    figures = ok_json("bench", "--json", "--seconds", "0.1", "--against", str(REPO))
    assert figures["yardstick"] == str(REPO.resolve())
    assert figures["yardstick_rounds_per_s"] > 0 and figures["rounds_per_s_ratio"] > 0


@pytest.mark.parametrize("args", [
    ["simulate"],
    ["simulate", "atlantis-2030"],
    ["simulate", "/nowhere/mine.toml"],
    ["simulate", "2011-apcn", "--games", "0"],
    ["simulate", "2011-apcn", "--games", "many"],
    ["simulate", "2011-apcn", "--jobs", "0"],
    ["replay"],
    ["replay", "/nowhere/game.jsonl"],
    ["scenarios", "--yaml"],
    ["no-such-command"],
    ["validate", "/nowhere/mine.toml"],
    ["bench", "--scenario", "atlantis-2030", "--seconds", "0.01"],
    ["bench", "--seconds", "0"],
    ["bench", "--against", "/nowhere", "--seconds", "0.01"],
])
def test_bad_arguments_never_print_a_traceback(args: list[str]) -> None:
    done = mufakat(*args)
    assert done.returncode != 0
    assert "Traceback" not in done.stderr + done.stdout
    assert done.stderr.strip(), "a failure should say what went wrong"


def test_help_lists_the_engine_commands() -> None:
    done = mufakat("--help")
    assert done.returncode == 0
    for command in ("play", "scenarios", "validate", "simulate", "replay", "bench"):
        assert command in done.stdout


def test_a_records_path_that_is_a_file_is_a_clear_error(tmp_path: Path) -> None:
    taken = tmp_path / "taken"
    taken.write_text("not a directory\n", encoding="utf-8")
    done = mufakat("simulate", "2011-apcn", "--games", "1", "--records", str(taken))
    assert done.returncode != 0
    assert "Traceback" not in done.stderr and str(taken) in done.stderr
