"""Engine speed figures for `mufakat bench` (measured, never asserted in tests)."""

from __future__ import annotations

import json
import math
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from game.bots import KINDS, make_bot
from game.play.record import replay
from game.play.simulate import play
from game.rules.engine import apply, is_over, legal_actions, new_game
from game.rules.model import Scenario
from game.rules.state import GameState
from game.rules.view import view
from game.scenario.loader import load_scenario

MAX_SECONDS = 600.0
"""The longest time `bench` spends on one figure."""


class BenchError(ValueError):
    """A bench setting that cannot be used; the message says which and why."""


def check_seconds(seconds: object) -> float:
    """`seconds` as the time per figure, refusing what would never end or mean nothing:
    nan, inf, zero, negative or more than MAX_SECONDS."""
    if isinstance(seconds, bool) or not isinstance(seconds, int | float):
        raise BenchError(f"--seconds must be a number, not {seconds!r}")
    if not math.isfinite(seconds) or not 0 < seconds <= MAX_SECONDS:
        raise BenchError(f"--seconds {seconds:g} is not a time bench can use: give more than "
                         f"0 and at most {MAX_SECONDS:g} seconds per figure, e.g. 2")
    return float(seconds)


def random_playout(scenario: Scenario, seed: int) -> tuple[GameState, int]:
    """A game of uniformly random legal moves; returns it and its action count."""
    rng = random.Random(seed)
    state = new_game(scenario, seed)
    actions = 0
    while not is_over(state):
        seat = state.to_move
        assert seat is not None
        legal = legal_actions(state, seat)
        state = apply(state, legal[rng.randrange(len(legal))])
        actions += 1
    return state, actions


def _playouts(scenario: Scenario, seconds: float) -> dict[str, float]:
    rounds = actions = games = 0
    started = time.perf_counter()
    while time.perf_counter() - started < seconds or games == 0:
        state, n = random_playout(scenario, games)
        rounds += state.round
        actions += n
        games += 1
    elapsed = time.perf_counter() - started
    return {"random_games": games, "rounds_per_s": round(rounds / elapsed, 1),
            "actions_per_s": round(actions / elapsed, 1)}


def _apply_cost(scenario: Scenario, seconds: float) -> float:
    """Microseconds per `apply` alone, on positions from random games."""
    pairs = []
    for seed in range(20):
        rng = random.Random(seed)
        state = new_game(scenario, seed)
        while not is_over(state):
            seat = state.to_move
            assert seat is not None
            legal = legal_actions(state, seat)
            action = legal[rng.randrange(len(legal))]
            pairs.append((state, action))
            state = apply(state, action)
    count = 0
    started = time.perf_counter()
    while time.perf_counter() - started < seconds or count == 0:
        for state, action in pairs:
            apply(state, action)
        count += len(pairs)
    return round((time.perf_counter() - started) / count * 1e6, 2)


def _decision_cost(scenario: Scenario, kind: str, seconds: float) -> dict[str, float]:
    """Milliseconds of CPU time per decision of a bot kind (one process, so on one core;
    other work on a busy machine hardly skews it), over the positions of historical
    games."""
    times: list[float] = []
    started = time.perf_counter()
    seed = 0
    while time.perf_counter() - started < seconds or not times:
        bots = {s: make_bot(kind, s, seed) for s in scenario.seats}
        state = new_game(scenario, seed)
        referee = {s: make_bot("historical", s, seed) for s in scenario.seats}
        while not is_over(state):
            seat = state.to_move
            assert seat is not None
            v, legal = view(state, seat), legal_actions(state, seat)
            t0 = time.process_time()
            bots[seat].decide(v, legal)
            times.append((time.process_time() - t0) * 1000)
            state = apply(state, referee[seat].decide(v, legal))
            if time.perf_counter() - started > seconds * 4:
                break
        seed += 1
    cuts = statistics.quantiles(times, n=100, method="inclusive") if len(times) > 1 \
        else times * 99
    return {"mean": round(statistics.fmean(times), 4),
            "median": round(statistics.median(times), 4),
            "p95": round(cuts[94], 4), "p99": round(cuts[98], 4),
            "max": round(max(times), 4), "decisions": len(times)}


def _replay_speed(scenario: Scenario, seconds: float) -> float:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.jsonl"
        kinds = dict.fromkeys(scenario.seats, "random")
        play(scenario, 1, kinds, record=path)
        actions = 0
        started = time.perf_counter()
        while time.perf_counter() - started < seconds or actions == 0:
            result = replay(path, verify=True)
            assert not result.problems, result.problems
            actions += len(result.actions)
        return round(actions / (time.perf_counter() - started), 1)


def run_bench(scenario_id: str = "2003-standby-force", seconds: float = 2.0) -> dict[str, Any]:
    """Every figure `mufakat bench` prints (`BenchError` for an unusable `seconds`)."""
    seconds = check_seconds(seconds)
    t0 = time.perf_counter()
    scenario = load_scenario(scenario_id)
    load_ms = round((time.perf_counter() - t0) * 1000, 2)
    figures: dict[str, Any] = {"scenario": scenario.id, "scenario_load_ms": load_ms}
    figures.update(_playouts(scenario, seconds))
    figures["us_per_action"] = _apply_cost(scenario, seconds)
    figures["ms_per_decision"] = {kind: _decision_cost(scenario, kind, seconds)
                                  for kind in KINDS}
    figures["replay_actions_per_s"] = _replay_speed(scenario, seconds)
    return figures


_PLAYOUTS = """\
import json, sys, time
try:
    from game.play.bench import random_playout
    from game.scenario.loader import load_scenario
except ImportError:  # a checkout from before game/ had sub-packages
    from game.bench import random_playout
    from game.scenario import load_scenario
scenario, seconds = load_scenario(sys.argv[1]), float(sys.argv[2])
rounds = actions = games = 0
started = time.process_time()
while time.process_time() - started < seconds or games == 0:
    state, n = random_playout(scenario, games)
    rounds, actions, games = rounds + state.round, actions + n, games + 1
cpu = time.process_time() - started
print(json.dumps({"rounds_per_s": round(rounds / cpu, 1),
                  "actions_per_s": round(actions / cpu, 1)}))
"""
"""Random playouts for `seconds` of CPU time, in any checkout (other processes on a
busy machine stretch the wall time, hardly the CPU time)."""


def _playouts_in(checkout: Path, scenario_id: str, seconds: float) -> dict[str, float]:
    """The random-playout figures of the engine in `checkout`, in a fresh process."""
    env = {**os.environ, "PYTHONPATH": str(checkout)}
    done = subprocess.run([sys.executable, "-c", _PLAYOUTS, scenario_id, str(seconds)],
                          cwd=checkout, env=env, capture_output=True, text=True,
                          timeout=seconds * 10 + 120)
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no message"])[-1]
        raise BenchError(f"the engine in {checkout} could not play {scenario_id}: {last}")
    figures: dict[str, float] = json.loads(done.stdout)
    return figures


def compare(checkout: str | Path, scenario_id: str = "2003-standby-force",
            seconds: float = 2.0, repeats: int = 2) -> dict[str, Any]:
    """Random playouts of this engine against the engine in another checkout (the
    yardstick, e.g. a `git worktree` of an older commit), in one run: each is measured
    `repeats` times, in turn, in fresh processes, per second of CPU time, and the best
    of each is kept (a busy machine only ever slows a run down)."""
    seconds = check_seconds(seconds)
    yard = Path(checkout).resolve()
    if not (yard / "game" / "__init__.py").is_file():
        raise BenchError(f"--against {checkout}: not a checkout of mufakat (no game/ in it)")
    ours = Path(__file__).resolve().parents[2]
    runs: dict[str, list[dict[str, float]]] = {"this": [], "yardstick": []}
    for _ in range(repeats):
        runs["this"].append(_playouts_in(ours, scenario_id, seconds))
        runs["yardstick"].append(_playouts_in(yard, scenario_id, seconds))
    figures: dict[str, Any] = {"scenario": scenario_id, "yardstick": str(yard)}
    for name in ("rounds_per_s", "actions_per_s"):
        this = max(f[name] for f in runs["this"])
        other = max(f[name] for f in runs["yardstick"])
        figures[name] = this
        figures[f"yardstick_{name}"] = other
        figures[f"{name}_ratio"] = round(this / other, 2)
    return figures
