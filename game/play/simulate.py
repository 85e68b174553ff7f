"""Playing whole games with bots, one or many, and summing up what happened.

Game `i` of a run uses seed `seed + i` for both the event deck and the bots, so a
run is reproducible whatever `jobs` is: results are gathered in game order.
"""

from __future__ import annotations

import collections
import contextlib
import itertools
import multiprocessing
import os
import re
import time
from collections.abc import Callable, Iterable, Mapping
from multiprocessing.pool import AsyncResult
from multiprocessing.synchronize import Event
from pathlib import Path
from typing import Any

import attrs

from game.bots import DEFAULT, KINDS, Bot, make_bot, parse_spec
from game.play.record import RecordWriter, header_for
from game.play.stats import mean, quantiles
from game.rules.actions import Action
from game.rules.engine import apply, is_over, legal_actions, new_game
from game.rules.enums import LogKind
from game.rules.model import Objective, Scenario
from game.rules.scoring import asean_outcome, norm_stage, objective_points, scores
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
    adopted: Mapping[str, int]  # measure -> ambition adopted at, for measures not in force
    clauses: Mapping[str, tuple[str, ...]]  # the clauses each of those texts carries
    stances: tuple[tuple[str, str, str, int, str], ...]  # (kind, seat, measure, round, reason)
    tabled: tuple[tuple[str, str], ...]  # (sponsor, measure), each tabling
    met: Mapping[str, tuple[bool, ...]]  # seat -> each objective earned points or not
    events: tuple[str, ...]  # the event cards drawn
    outcome: float  # the ASEAN outcome
    stage: str
    scores: Mapping[str, float]
    rounds: int
    actions: int
    deadlocks: int
    decided_round: int  # round the focus was adopted, 0 if never


_STANCES = (LogKind.OBJECT, LogKind.RESERVE)


def summarize(state: GameState) -> GameSummary:
    """The figures of one finished game, read from its log, outcomes and scores."""
    sc = state.scenario
    stances = tuple((str(e.kind), e.seats[0], e.measure, e.round, e.reason)
                    for e in state.log if e.kind in _STANCES)
    tabled = tuple((e.seats[0], e.measure) for e in state.log if e.kind is LogKind.TABLE)
    events = tuple(e.card for e in state.log if e.kind is LogKind.EVENT)
    met = {seat: tuple(objective_points(o, state, seat) > 0
                       for o in sc.members[seat].objectives) for seat in sc.seats}
    focus = sc.focus
    decided = next((o.round for o in state.outcomes
                    if o.measure == focus and o.result.adopted), 0)
    deadlocks = sum(o.result in ("withdrawn", "deferred", "failed") for o in state.outcomes)
    adopted = {m: level for m, level in sorted(state.adopted.items()) if m not in sc.adopted}
    clauses = {m: tuple(sorted(state.adopted_clauses.get(m, ()))) for m in adopted}
    return GameSummary(state.seed, adopted, clauses, stances, tabled, met, events,
                       asean_outcome(state), norm_stage(state), scores(state),
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
_STOP: Event | None = None  # set when the run has failed, in each worker
AHEAD = 4
"""Batches of games handed out per worker beyond the ones being played: enough to keep
every worker busy, few enough that a failed run stops soon."""

Job = tuple[int, dict[str, str], str, str | None]


def _use(scenario: Scenario | None, stop: Event | None = None) -> None:
    global _SCENARIO, _STOP
    _SCENARIO, _STOP = scenario, stop


def _one(job: Job) -> GameSummary | None:
    """Play one game of a run (None: the run failed before this game began)."""
    if _STOP is not None and _STOP.is_set():
        return None
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

    def done(summary: GameSummary | None) -> None:
        assert summary is not None, "a game was skipped while the run went on"
        results.append(summary)
        if progress:
            progress(len(results), games)

    _use(scenario)
    try:
        if jobs > 1:
            _in_pool(scenario, work, jobs, max(1, min(64, games // (jobs * 8))), done)
        else:
            for job in work:
                done(_one(job))
    except BaseException:
        if records:  # the pool is closed: no worker writes any more
            _clean_parts(records, scenario.id, range(seed + len(results), seed + games))
        raise
    finally:
        _use(None)
    elapsed = time.perf_counter() - started
    return report(scenario, results, seed, kinds, elapsed)


def _in_pool(scenario: Scenario, work: Iterable[Job], jobs: int, size: int,
             done: Callable[[GameSummary | None], None]) -> None:
    """`_one` over `work` in `jobs` forked workers, `size` games at a time, each result
    handed to `done` in game order. When a game fails, the games not begun are skipped
    and the ones under way finish: the pool is closed and joined, not terminated,
    because terminating a pool while a worker sends its result can hang it for good
    (CPython issue 96995). Only an interrupt from the keyboard terminates it."""
    context = multiprocessing.get_context("fork")
    stop = context.Event()
    pool = context.Pool(jobs, initializer=_use, initargs=(scenario, stop))
    handed: collections.deque[AsyncResult[list[GameSummary | None]]] = collections.deque()
    work = iter(work)
    try:
        while chunk := list(itertools.islice(work, size)):
            handed.append(pool.map_async(_one, chunk, chunksize=len(chunk)))
            while handed and (len(handed) > jobs * AHEAD or handed[0].ready()):
                for summary in handed.popleft().get():
                    done(summary)
        while handed:
            for summary in handed.popleft().get():
                done(summary)
    except KeyboardInterrupt:
        pool.terminate()
        raise
    except BaseException:
        stop.set()
        raise
    finally:
        pool.close()
        pool.join()


def objective_label(o: Objective) -> str:
    """A short name for an objective in the report's tables (what it takes, its points)."""
    need = {
        "adopt": f"adopt {o.measure} at {o.min_ambition}+",
        "block": f"block {o.measure} above {o.max_ambition}",
        "face": f"face {o.min:g}+",
        "norm": f"norm {o.stage}",
        "progress": f"adopt intrusiveness {o.min_intrusiveness}+",
        "clause": f"{o.measure} only with {o.clause}",
    }.get(o.kind, o.kind)
    return f"{need} ({o.points:g} pts)"


def _share(count: int, n: int) -> float:
    return round(count / n, 4)


def _adoption(scenario: Scenario, results: list[GameSummary], n: int) -> dict[str, Any]:
    """Adoption by measure, by the ambition reached and by the clause set carried."""
    levels: dict[str, dict[str, float]] = {}
    clause_sets: dict[str, dict[str, float]] = {}
    for m in scenario.agenda:
        counts = collections.Counter(r.adopted[m] for r in results if m in r.adopted)
        top = scenario.measures[m].max_ambition
        levels[m] = {str(level): _share(counts[level], n) for level in range(1, top + 1)}
        sets = collections.Counter(" + ".join(r.clauses[m]) or "no clause"
                                   for r in results if m in r.adopted)
        clause_sets[m] = {k: _share(v, n) for k, v in sorted(sets.items())}
    return {"adoption_rate": {m: _share(sum(m in r.adopted for r in results), n)
                              for m in scenario.agenda},
            "adoption_by_ambition": levels, "adoption_by_clauses": clause_sets}


def _stances(scenario: Scenario, results: list[GameSummary]) -> dict[str, Any]:
    """Objections and reservations by seat (with reasons), by measure and by round."""
    counts: collections.Counter[tuple[str, str]] = collections.Counter()
    reasons: dict[str, collections.Counter[str]] = {s: collections.Counter()
                                                    for s in scenario.seats}
    by_measure: dict[str, collections.Counter[str]] = {}
    by_round: collections.Counter[int] = collections.Counter()
    for r in results:
        for kind, seat, measure, rnd, reason in r.stances:
            counts[kind, seat] += 1
            by_measure.setdefault(measure, collections.Counter())[kind] += 1
            if kind == LogKind.OBJECT:
                reasons[seat][reason] += 1
                by_round[rnd] += 1
    obj, res = str(LogKind.OBJECT), str(LogKind.RESERVE)
    return {
        "objections": {s: counts[obj, s] for s in scenario.seats},
        "reservations": {s: counts[res, s] for s in scenario.seats},
        "objection_reasons": {s: dict(sorted(c.items(), key=lambda kv: (-kv[1], kv[0])))
                              for s, c in reasons.items()},
        "stances_by_measure": {m: {"objections": c[obj], "reservations": c[res]}
                               for m, c in sorted(by_measure.items())},
        "objections_by_round": {str(k): by_round[k] for k in sorted(by_round)},
    }


def _events(scenario: Scenario, results: list[GameSummary]) -> dict[str, Any]:
    """Each card's effect: the mean ASEAN outcome and the focus's adoption in the games
    that drew it against the games that did not (None where there are none)."""
    out: dict[str, Any] = {}
    for card in sorted({c for r in results for c in r.events}):
        drawn = [r for r in results if card in r.events]
        other = [r for r in results if card not in r.events]
        out[card] = {
            "drawn": len(drawn),
            "outcome_drawn": round(mean([r.outcome for r in drawn]), 3),
            "outcome_not": round(mean([r.outcome for r in other]), 3) if other else None,
            "focus_drawn": _share(sum(r.decided_round > 0 for r in drawn), len(drawn)),
            "focus_not": (_share(sum(r.decided_round > 0 for r in other), len(other))
                          if other else None),
        }
    return out


def report(scenario: Scenario, results: list[GameSummary], seed: int,
           kinds: Mapping[str, str], elapsed: float) -> dict[str, Any]:
    n = max(1, len(results))
    adoption = _adoption(scenario, results, n)
    stages = {stage: sum(r.stage == stage for r in results)
              for stage in ("emergence", "cascade", "internalization")}
    means = {s: round(mean([r.scores[s] for r in results]), 3) for s in scenario.seats}
    spread = {s: round((sum((r.scores[s] - means[s]) ** 2 for r in results) / n) ** 0.5, 3)
              for s in scenario.seats}
    rounds = sum(r.rounds for r in results)
    decided = [r.decided_round for r in results if r.decided_round]
    when = collections.Counter(decided)
    sponsors: dict[str, collections.Counter[str]] = {}
    for r in results:
        for sponsor, measure in r.tabled:
            sponsors.setdefault(measure, collections.Counter())[sponsor] += 1
    met = {s: [{"objective": objective_label(o),
                "met": _share(sum(r.met[s][i] for r in results), n)}
               for i, o in enumerate(scenario.members[s].objectives)]
           for s in scenario.seats}
    return {
        "scenario": scenario.id, "games": len(results), "seed": seed, "bots": dict(kinds),
        "sponsor": scenario.sponsor, "focus": scenario.focus,
        "focus_adoption_rate": adoption["adoption_rate"].get(scenario.focus, 0.0),
        **adoption, **_stances(scenario, results),
        "tabled_by": {m: dict(sorted(c.items(), key=lambda kv: (-kv[1], kv[0])))
                      for m, c in sorted(sponsors.items())},
        "objectives_met": met,
        "norm_stage": stages, "mean_scores": means, "score_spread": spread,
        "score_quantiles": {s: quantiles([r.scores[s] for r in results])
                            for s in scenario.seats},
        "asean_outcome": quantiles([r.outcome for r in results]),
        "rounds_to_focus": round(sum(decided) / len(decided), 3) if decided else None,
        "focus_round_histogram": {**{str(k): when[k] for k in range(1, scenario.rounds + 1)},
                                  "never": len(results) - len(decided)},
        "event_effects": _events(scenario, results),
        "deadlock_rate": round(sum(r.deadlocks > 0 for r in results) / n, 4),
        "rounds": rounds, "actions": sum(r.actions for r in results),
        "elapsed_s": round(elapsed, 4),
        "rounds_per_s": round(rounds / elapsed, 1) if elapsed > 0 else None,
    }
