"""Class 4 of issue 8 (the CLI's part): every number on the command line is bounded
before any work. `--games 10**23` used to raise MemoryError, `--jobs 300` forked 300
workers on 2 cores, `bench --seconds inf` never ended, and a seed of 5,000 digits or
`²` gave a traceback."""

from __future__ import annotations

import argparse
import subprocess
import time
from pathlib import Path

import pytest
from hardening_kit import mufakat, run
from hypothesis import given
from hypothesis import strategies as st

from game.play import simulate as simulate_module
from tui import cli

REPO = Path(__file__).resolve().parents[2]
BAD_COUNTS = [str(10**23), "1000001", "-1", "0", "1e9", "1.5", "", " ", "٣", "²", "0x10",
              "9" * 5000, "nan", "inf", "1_000"]
BAD_SEEDS = [str(2**63), "-1", "1.5", "1e3", "", "²", "٣", "9" * 5000, "0x10", "seven"]
BAD_SECONDS = ["inf", "-inf", "nan", "0", "-1", "601", "1e308", "", "two"]


def short(value: str) -> str:
    return repr(value) if len(value) <= 24 else f"{len(value)}-chars"


def refused(done: subprocess.CompletedProcess[str], *words: str) -> None:
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr and "MemoryError" not in done.stderr
    assert len(done.stderr) < 2000, "the bad value is echoed clipped"
    for word in words:
        assert word in done.stderr


@pytest.mark.parametrize("games", BAD_COUNTS, ids=short)
def test_games_out_of_bounds_is_refused_before_any_work(games: str) -> None:
    started = time.monotonic()
    done = run("simulate", "2011-apcn", "--games", games)
    refused(done, "--games", "1,000,000")
    assert time.monotonic() - started < 60


@pytest.mark.parametrize("jobs", ["0", "-3", "1.5", "", "10" * 30, "many"], ids=short)
def test_bad_jobs_are_refused(jobs: str) -> None:
    refused(run("simulate", "2011-apcn", "--games", "1", "--jobs", jobs), "--jobs")


def test_jobs_beyond_the_cpus_are_capped_and_said_so() -> None:
    done = mufakat("simulate", "2020-asean-flag", "--games", "2", "--jobs", "300", "--json",
                   timeout=120)
    assert done.returncode == 0, done.stderr
    assert f"--jobs 300 capped at {simulate_module.cpu_count()}" in done.stderr


def test_simulate_caps_the_workers_it_starts(monkeypatch: pytest.MonkeyPatch) -> None:
    started: list[int] = []
    real = simulate_module.multiprocessing.get_context

    class Context:
        def __init__(self, method: str) -> None:
            self.inner = real(method)

        def Pool(self, processes: int, **kwargs: object) -> object:
            started.append(processes)
            return self.inner.Pool(processes, **kwargs)

        def __getattr__(self, name: str) -> object:  # the rest as the real context
            return getattr(self.inner, name)

    monkeypatch.setattr(simulate_module.multiprocessing, "get_context", Context)
    monkeypatch.setattr(simulate_module, "cpu_count", lambda: 2)
    simulate_module.simulate("2020-asean-flag", games=3, jobs=300, bots="random")
    assert started == [2]


@pytest.mark.parametrize("seed", BAD_SEEDS, ids=short)
def test_seeds_must_be_whole_numbers_in_range(seed: str) -> None:
    refused(run("simulate", "2011-apcn", "--games", "1", "--seed", seed), "--seed")
    refused(run("play", "2011-apcn", "--seed", seed), "--seed")  # argparse, before the TUI


@pytest.mark.parametrize("seconds", BAD_SECONDS)
def test_bench_seconds_must_be_finite_and_bounded(seconds: str) -> None:
    started = time.monotonic()
    refused(run("bench", "--seconds", seconds), "--seconds")
    assert time.monotonic() - started < 60


@pytest.mark.parametrize("round_no", ["0", "-1", str(10**30), "1.5", "²"])
def test_from_round_must_be_a_small_whole_number(round_no: str) -> None:
    refused(run("play", "2011-apcn", "--from-round", round_no), "--from-round")


def test_the_engine_refuses_too_many_games_before_any_work() -> None:
    started = time.monotonic()
    with pytest.raises(simulate_module.SimulateError, match="1,000,000"):
        simulate_module.simulate("2011-apcn", games=10**23)
    assert time.monotonic() - started < 5
    assert cli.MAX_GAMES == simulate_module.MAX_GAMES


@given(st.text(max_size=30))
def test_the_whole_number_type_only_returns_numbers_in_range(text: str) -> None:
    parse = cli._whole(1, 1000)
    try:
        value = parse(text)
    except argparse.ArgumentTypeError as err:
        assert len(str(err)) < 200
    else:
        assert 1 <= value <= 1000 and isinstance(value, int)


@given(st.one_of(st.text(max_size=30), st.floats().map(str)))
def test_the_seconds_type_only_returns_finite_bounded_numbers(text: str) -> None:
    try:
        value = cli._seconds(text)
    except argparse.ArgumentTypeError as err:
        assert len(str(err)) < 200
    else:
        assert 0 < value <= cli.MAX_SECONDS
