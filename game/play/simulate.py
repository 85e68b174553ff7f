"""Playing whole games with bots, one or many, and summing up what happened.

Game `i` of a run uses seed `seed + i` for both the event deck and the bots, so a
run is reproducible whatever `jobs` is: results are gathered in game order.
"""

from __future__ import annotations

import collections
import contextlib
import multiprocessing
import os
import re
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import attrs

from game.bots import DEFAULT, KINDS, Bot, make_bot, parse_spec
from game.play.record import RecordWriter, header_for
from game.rules.actions import Action
from game.rules.engine import apply, is_over, legal_actions, new_game
from game.rules.model import Scenario
from game.rules.scoring import norm_stage, scores
from game.rules.state import GameState
from game.rules.text import clip
from game.rules.view import view
from game.scenario.loader import load_scenario, resolve


def play(scenario: Scenario, seed: int, kinds: Mapping[str, str],
         record: Path | None = None, source: str | Path = "") -> GameState:
    """One game with a bot in every seat, optionally written to a record."""
    bots = {seat: make_bot(kind, seat, seed) for seat, kind in kinds.items()}
    if not record:
        return play_bots(scenario, seed, bots)
    state = new_game(scenario, seed)
    with RecordWriter(record, header_for(scenario, seed, kinds, source), state) as writer:
        return play_bots(scenario, seed, bots, writer.append)


def play_bots(scenario: Scenario, seed: int, bots: Mapping[str, Bot],
              on_move: Callable[[Action, GameState], None] | None = None) -> GameState:
    """One game, each seat played by its bot; `on_move` hears each action and the state
    it led to."""
    state = new_game(scenario, seed)
    while not is_over(state):
        seat = state.to_move
        assert seat is not None
        action = bots[seat].decide(view(state, seat), legal_actions(state, seat))
        state = apply(state, action)
        if on_move:
            on_move(action, state)
    return state


@attrs.frozen
class GameSummary:
    """What one game contributes to the statistics (small, so it pickles fast)."""

    seed: int
    adopted: tuple[str, ...]
    objections: Mapping[str, int]
    reasons: Mapping[str, int]
    stage: str
    scores: Mapping[str, float]
    rounds: int
    actions: int
    deadlocks: int
    decided_round: int  # round the focus was adopted, 0 if never


def summarize(state: GameState) -> GameSummary:
    objections: collections.Counter[str] = collections.Counter()
    reasons: collections.Counter[str] = collections.Counter()
    for entry in state.log:
        if entry.kind == "object":
            objections[entry.seats[0]] += 1
            reasons[f"{entry.seats[0]}:{entry.reason}"] += 1
    focus = state.scenario.focus
    decided = next((o.round for o in state.outcomes
                    if o.measure == focus and o.result.adopted), 0)
    deadlocks = sum(o.result in ("withdrawn", "deferred", "failed") for o in state.outcomes)
    return GameSummary(state.seed, tuple(sorted(m for m in state.adopted
                                                if m not in state.scenario.adopted)),
                       dict(objections), dict(reasons), norm_stage(state), scores(state),
                       state.round, state.seq, deadlocks, decided)


MAX_GAMES = 1_000_000
"""The most games one `simulate` run plays (about a day of work on one core); more is
refused before any work, since the run keeps one summary per game."""

_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


class SimulateError(ValueError):
    """A run that cannot start (too many games, an output path that would leave its
    folder); the message says what is wrong and the fix."""


class RecordWriteError(SimulateError):
    """A record could not be written during the run (a full disk, a file-size limit,
    a folder made read-only); the records of the games before it are kept."""


def cpu_count() -> int:
    """The CPUs this process may run on: the most worker processes worth starting."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def record_path(folder: str | Path, scenario_id: str, seed: int) -> Path:
    """`folder/ID-SEED.jsonl`, refusing an id that is not lower-case letters, digits and
    dashes, so that no scenario can name a file outside `folder`."""
    if not _SLUG.fullmatch(scenario_id) or len(scenario_id) > 100:
        raise SimulateError(f"the scenario id `{clip(scenario_id, 60)}` is not lower-case "
                            "letters, digits and dashes (e.g. 2026-my-workshop), so records "
                            "cannot be named after it; fix `id =` in the scenario file")
    base = Path(folder).resolve()
    path = base / f"{scenario_id}-{seed}.jsonl"
    if path.parent != base or not path.is_relative_to(base):
        raise SimulateError(f"{path}: not inside {base}")
    return path


def _part(record: Path) -> Path:
    """Where a record is written until its game is over (then renamed over `record`,
    which replaces a file or a link of that name and never follows it)."""
    return record.with_name(f".{record.name}.part")


_SCENARIO: Scenario | None = None  # the run's scenario, set in each worker once


def _use(scenario: Scenario | None) -> None:
    global _SCENARIO
    _SCENARIO = scenario


def _one(job: tuple[int, dict[str, str], str, str | None]) -> GameSummary:
    seed, kinds, source, record_dir = job
    scenario = _SCENARIO
    assert scenario is not None, "the worker was started without the scenario"
    if not record_dir:
        return summarize(play(scenario, seed, kinds, None, source))
    record = record_path(record_dir, scenario.id, seed)
    part = _part(record)
    try:
        with contextlib.suppress(FileNotFoundError):
            part.unlink()
        state = play(scenario, seed, kinds, part, source)
        os.replace(part, record)
    except OSError as err:
        with contextlib.suppress(OSError):  # a half-written record proves nothing
            part.unlink()
        raise RecordWriteError(f"{record}: cannot write the record: {err.strerror}; the "
                               "records of the games before it are kept; free some "
                               "space or choose another --records folder") from None
    return summarize(state)


def _clean_parts(records: str, scenario_id: str, seeds: range) -> None:
    """Remove what games stopped half-way (a failed run) left in `records`."""
    folder = record_path(records, scenario_id, 0).parent  # the id is a checked slug
    for part in folder.glob(f".{scenario_id}-*.jsonl.part"):
        seed = part.name[len(scenario_id) + 2:-len(".jsonl.part")]
        if seed.isdigit() and int(seed) in seeds:
            with contextlib.suppress(OSError):
                part.unlink()


def simulate(ref: str, games: int = 100, seed: int = 0, bots: str = DEFAULT,
             jobs: int = 1, records: str | None = None,
             progress: Callable[[int, int], None] | None = None) -> dict[str, Any]:
    """Play `games` games and return the figures `mufakat simulate --json` prints.

    The scenario is read once, here: a file edited during the run does not change it.
    `jobs` is capped at the number of CPUs; `games` may not exceed `MAX_GAMES`."""
    if not 1 <= games <= MAX_GAMES:
        raise SimulateError(f"games must be from 1 to {MAX_GAMES:,}, not {games:,}")
    path = str(resolve(ref).resolve())  # a bundled id or a path, fixed once
    scenario = load_scenario(Path(path))
    kinds = parse_spec(bots, scenario.seats, KINDS, DEFAULT)
    if records:
        record_path(records, scenario.id, seed)  # a bad id fails before any game
    jobs = max(1, min(jobs, cpu_count(), games))
    work = ((seed + i, kinds, path, records) for i in range(games))
    started = time.perf_counter()
    results: list[GameSummary] = []
    _use(scenario)
    try:
        if jobs > 1:
            context = multiprocessing.get_context("fork")
            with context.Pool(jobs, initializer=_use, initargs=(scenario,)) as pool:
                for summary in pool.imap(_one, work,
                                         chunksize=max(1, min(64, games // (jobs * 8)))):
                    results.append(summary)
                    if progress:
                        progress(len(results), games)
        else:
            for job in work:
                results.append(_one(job))
                if progress:
                    progress(len(results), games)
    except BaseException:
        if records:  # the pool is closed: no worker writes any more
            _clean_parts(records, scenario.id, range(seed + len(results), seed + games))
        raise
    finally:
        _use(None)
    elapsed = time.perf_counter() - started
    return report(scenario, results, seed, kinds, elapsed)


def report(scenario: Scenario, results: list[GameSummary], seed: int,
           kinds: Mapping[str, str], elapsed: float) -> dict[str, Any]:
    n = max(1, len(results))
    adoption = {m: sum(m in r.adopted for r in results) / n for m in scenario.agenda}
    objections = {s: sum(r.objections.get(s, 0) for r in results) for s in scenario.seats}
    reasons: collections.Counter[str] = collections.Counter()
    for r in results:
        reasons.update(r.reasons)
    why = {s: dict(sorted(((k.split(":", 1)[1], v) for k, v in reasons.items()
                           if k.split(":", 1)[0] == s), key=lambda kv: (-kv[1], kv[0])))
           for s in scenario.seats}
    stages = {stage: sum(r.stage == stage for r in results)
              for stage in ("emergence", "cascade", "internalization")}
    mean = {s: round(sum(r.scores[s] for r in results) / n, 3) for s in scenario.seats}
    spread = {s: round((sum((r.scores[s] - mean[s]) ** 2 for r in results) / n) ** 0.5, 3)
              for s in scenario.seats}
    rounds = sum(r.rounds for r in results)
    decided = [r.decided_round for r in results if r.decided_round]
    return {
        "scenario": scenario.id, "games": len(results), "seed": seed, "bots": dict(kinds),
        "sponsor": scenario.sponsor, "focus": scenario.focus,
        "focus_adoption_rate": adoption.get(scenario.focus, 0.0),
        "adoption_rate": adoption, "objections": objections, "objection_reasons": why,
        "norm_stage": stages, "mean_scores": mean, "score_spread": spread,
        "rounds_to_focus": round(sum(decided) / len(decided), 3) if decided else None,
        "deadlock_rate": round(sum(r.deadlocks > 0 for r in results) / n, 4),
        "rounds": rounds, "actions": sum(r.actions for r in results),
        "elapsed_s": round(elapsed, 4),
        "rounds_per_s": round(rounds / elapsed, 1) if elapsed > 0 else None,
    }
