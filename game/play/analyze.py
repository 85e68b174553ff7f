"""The agency table: do a seat's choices change its score, or does one line of play win?

For every seat of a scenario, `agency` plays `games` seeded games in which that seat
plays each policy (`hard`, `historical` and every scripted policy of
`game.bots.scripted`) while every other seat plays `historical`, and records the seat's
score in each game. Game `i` uses seed `seed + i` for every seat and policy (common
random numbers), so the differences between policies are paired and their standard
errors small. The all-historical game of a seed is the same whichever seat is measured,
so it is played once per seed.

Figures per seat (`SeatRow`): each policy's mean score and standard error; the best
policies (every policy within `TIE` of the highest mean: ties count for each); the
margin of the best policy over the best passive one (`PASSIVE`), with the paired
standard error of that difference; each loophole's (`LOOPHOLES`) gain over
`historical`, which *pays* when it is at least `LOOPHOLE_MARGIN` points and more than
two paired standard errors.

Figures over seats (`Summary`, for one scenario or pooled over several): the share of
seats where the best policy beats passive by at least `AGENCY_MARGIN` points; for each
policy, the share of seats where it is (one of) the best; where the loopholes pay; and
the three targets of issue 7 with a pass or fail each:

    agency           share of seats with best - passive >= 3 points is at least 80%
    no-dominant      no scripted policy is (one of) the best in more than 25% of seats
    loopholes-closed no loophole pays in any seat

`AgencyTable.to_json()` (what `mufakat analyze --agency --json` prints per scenario)
has the keys `scenario`, `title`, `games`, `seed`, `policies`, `scripted`, `passive`,
`loopholes`, `elapsed_s`, `seats` (one object per seat: `seat`, `name`, `sponsor`,
`scores` {policy: {`mean`, `se`}}, `best`, `top`, `best_passive`, `margin`,
`margin_se`, `beats_passive`, `loopholes` {policy: {`gain`, `se`, `pays`}}) and
`summary` (`Summary.to_json()`: `seats`, `beats_passive`, `beats_passive_share`,
`best_share`, `sole_best_share`, `loopholes_pay`, `targets`).
"""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs

from game.bots import KINDS, Bot, BotError, make_bot
from game.bots.scripted import LOOPHOLES, PASSIVE, POLICIES
from game.play.simulate import play_bots
from game.play.stats import mean, se
from game.rules.model import Scenario
from game.rules.scoring import scores
from game.scenario.loader import load_scenario

BASELINE = "historical"
"""What every other seat plays."""
SEARCHING = ("expert", "hard")
"""The slow policies, started first so the pool's last jobs are short ones."""
DEFAULT_POLICIES: tuple[str, ...] = ("hard", "historical", *POLICIES)
AGENCY_MARGIN = 3.0
"""Points by which the best policy must beat the best passive one."""
AGENCY_TARGET = 0.8
"""Share of seats where it must."""
DOMINANT_TARGET = 0.25
"""No scripted policy may be (one of) the best in a larger share of seats."""
LOOPHOLE_MARGIN = 1.0
"""A loophole pays when it gains at least this much over historical (and > 2 SE)."""
TIE = 1e-6
"""Means this close to the highest count as best too."""

Progress = Callable[[int, int], None]


def make_policy(name: str, seat: str, seed: int = 0) -> Bot:
    """A bot playing policy `name`: a scripted policy or a bot kind of `game.bots`."""
    if name in POLICIES:
        return POLICIES[name](seat, seed)
    return make_bot(name, seat, seed)


def check_policies(names: Iterable[str]) -> tuple[str, ...]:
    """The names, checked; raise `BotError` naming the policies there are."""
    names = tuple(names)
    known = (*KINDS, *POLICIES)
    unknown = [n for n in names if n not in known]
    if unknown:
        raise BotError(f"unknown policy `{unknown[0]}`; policies: {', '.join(known)}")
    if not names:
        raise BotError(f"no policy given; policies: {', '.join(known)}")
    if len(set(names)) != len(names):
        raise BotError("a policy is named twice")
    return names


def play_seat(scenario: Scenario, seed: int, seat: str | None,
              policy: str) -> dict[str, float]:
    """Every seat's score in the game of `seed` where `seat` plays `policy` and every
    other seat plays historical (`seat` None: all historical)."""
    bots = {s: make_policy(policy if s == seat else BASELINE, s, seed)
            for s in scenario.seats}
    return scores(play_bots(scenario, seed, bots))


# --- one seat's figures -----------------------------------------------------------------


def _diff(a: Sequence[float], b: Sequence[float]) -> list[float]:
    return [x - y for x, y in zip(a, b, strict=True)]


@attrs.frozen
class Cell:
    """A policy's scores for one seat, one per game in seed order."""

    scores: tuple[float, ...]

    @property
    def mean(self) -> float:
        return mean(self.scores)

    @property
    def se(self) -> float:
        return se(self.scores)


@attrs.frozen
class Loophole:
    gain: float  # mean score over historical's
    se: float  # paired standard error of the gain
    pays: bool


@attrs.frozen
class SeatRow:
    """One seat's scores under each policy, and what they show."""

    seat: str
    name: str
    sponsor: bool
    cells: Mapping[str, Cell]
    top: tuple[str, ...]  # every policy within TIE of the highest mean, in table order
    best_passive: str | None
    margin: float | None  # best mean - best passive mean
    margin_se: float | None
    loopholes: Mapping[str, Loophole]

    @property
    def best(self) -> str:
        return self.top[0]

    @property
    def beats_passive(self) -> bool | None:
        return None if self.margin is None else self.margin >= AGENCY_MARGIN - TIE

    def to_json(self) -> dict[str, Any]:
        return {
            "seat": self.seat, "name": self.name, "sponsor": self.sponsor,
            "scores": {p: {"mean": round(c.mean, 3), "se": round(c.se, 3)}
                       for p, c in self.cells.items()},
            "best": self.best, "top": list(self.top), "best_passive": self.best_passive,
            "margin": _round(self.margin), "margin_se": _round(self.margin_se),
            "beats_passive": self.beats_passive,
            "loopholes": {p: {"gain": round(lh.gain, 3), "se": round(lh.se, 3),
                              "pays": lh.pays} for p, lh in self.loopholes.items()},
        }


def _round(x: float | None) -> float | None:
    return None if x is None else round(x, 3)


def seat_row(seat: str, cells: Mapping[str, Sequence[float]], name: str = "",
             sponsor: bool = False) -> SeatRow:
    """A seat's figures from its per-game scores under each policy (same seeds, same
    order for every policy). Policies keep the order of `cells`."""
    if not cells:
        raise ValueError(f"no scores for {seat}")
    table = {p: Cell(tuple(xs)) for p, xs in cells.items()}
    lengths = {len(c.scores) for c in table.values()}
    if len(lengths) != 1 or 0 in lengths:
        raise ValueError(f"{seat}: every policy needs the same number (> 0) of games")
    means = {p: c.mean for p, c in table.items()}
    high = max(means.values())
    top = tuple(p for p in table if means[p] >= high - TIE)
    passive = [p for p in PASSIVE if p in table]
    best_passive = max(passive, key=lambda p: means[p]) if passive else None
    margin = margin_se = None
    if best_passive is not None:
        margin = high - means[best_passive]
        margin_se = se(_diff(table[top[0]].scores, table[best_passive].scores))
    loopholes = {}
    if BASELINE in table:
        for p in LOOPHOLES:
            if p in table:
                gains = _diff(table[p].scores, table[BASELINE].scores)
                gain, error = mean(gains), se(gains)
                loopholes[p] = Loophole(gain, error, gain >= LOOPHOLE_MARGIN and gain > 2 * error)
    return SeatRow(seat, name or seat, sponsor, table, top, best_passive, margin, margin_se,
                   loopholes)


# --- figures over seats ---------------------------------------------------------------

@attrs.frozen
class Target:
    name: str
    text: str
    value: float | None
    passed: bool | None  # None: not measurable with these policies

    def to_json(self) -> dict[str, Any]:
        return {"text": self.text, "value": _round(self.value), "pass": self.passed}


@attrs.frozen
class Summary:
    seats: int
    beats_passive: int  # seats whose best beats passive by AGENCY_MARGIN
    measured: int  # seats with a passive policy to compare against
    best_share: Mapping[str, float]  # policy -> share of seats where it is among the best
    sole_best_share: Mapping[str, float]  # ... where it alone is the best
    loopholes_pay: tuple[tuple[str, str, str, Loophole], ...]  # scenario, seat, policy
    targets: tuple[Target, ...]

    @property
    def beats_passive_share(self) -> float | None:
        return self.beats_passive / self.measured if self.measured else None

    def target(self, name: str) -> Target:
        return next(t for t in self.targets if t.name == name)

    def to_json(self) -> dict[str, Any]:
        return {
            "seats": self.seats, "beats_passive": self.beats_passive,
            "beats_passive_share": _round(self.beats_passive_share),
            "best_share": {p: round(v, 4) for p, v in self.best_share.items()},
            "sole_best_share": {p: round(v, 4) for p, v in self.sole_best_share.items()},
            "loopholes_pay": [{"scenario": sc, "seat": seat, "policy": p,
                               "gain": round(lh.gain, 3), "se": round(lh.se, 3)}
                              for sc, seat, p, lh in self.loopholes_pay],
            "targets": {t.name: t.to_json() for t in self.targets},
        }


def summarize(rows: Iterable[tuple[str, SeatRow]]) -> Summary:
    """The figures over seats, from (scenario id, row) pairs: one scenario or several."""
    rows = list(rows)
    n = len(rows)
    policies = list(dict.fromkeys(p for _, r in rows for p in r.cells))
    measured = [r for _, r in rows if r.margin is not None]
    beats = sum(bool(r.beats_passive) for r in measured)
    best = {p: sum(p in r.top for _, r in rows) / n if n else 0.0 for p in policies}
    sole = {p: sum(r.top == (p,) for _, r in rows) / n if n else 0.0 for p in policies}
    pay = tuple((sc, r.seat, p, lh) for sc, r in rows for p, lh in r.loopholes.items()
                if lh.pays)
    share = beats / len(measured) if measured else None
    scripted = {p: v for p, v in best.items() if p in POLICIES}
    worst = max(scripted.values(), default=None)
    has_loopholes = any(r.loopholes for _, r in rows)
    targets = (
        Target("agency", f"in at least {AGENCY_TARGET:.0%} of seats the best policy beats "
               f"the passive ones by {AGENCY_MARGIN:g} points or more", share,
               None if share is None else share >= AGENCY_TARGET),
        Target("no-dominant", f"no scripted policy is the best in more than "
               f"{DOMINANT_TARGET:.0%} of seats", worst,
               None if worst is None else worst <= DOMINANT_TARGET),
        Target("loopholes-closed", f"no loophole ({', '.join(LOOPHOLES)}) beats "
               "historical in any seat", float(len(pay)),
               not pay if has_loopholes else None),
    )
    return Summary(n, beats, len(measured), best, sole, pay, targets)


@attrs.frozen
class Versus:
    """One policy against another in the same seats and games (paired by seed)."""

    a: str
    b: str
    cells: int  # seats measured
    ahead: int  # seats where `a`'s mean is higher by more than TIE
    behind: int
    by_kind: Mapping[str, tuple[float, float, int]]  # sponsor/other -> mean a-b, se, games
    beats_scripted: int  # seats where `a` scores at least every scripted policy present

    def to_json(self) -> dict[str, Any]:
        return {"a": self.a, "b": self.b, "cells": self.cells, "ahead": self.ahead,
                "behind": self.behind, "ties": self.cells - self.ahead - self.behind,
                "by_kind": {k: {"mean": round(m, 3), "se": round(se, 3), "games": n}
                            for k, (m, se, n) in self.by_kind.items()},
                "beats_scripted": self.beats_scripted}


def versus(rows: Iterable[SeatRow], a: str, b: str) -> Versus:
    """`a` against `b` over `rows`: in how many seats it is ahead, and its mean score
    difference for sponsors and other seats, with the paired standard error."""
    rows = [r for r in rows if a in r.cells and b in r.cells]
    diffs = [_diff(r.cells[a].scores, r.cells[b].scores) for r in rows]  # seat names
    ahead = sum(mean(d) > TIE for d in diffs)  # repeat across scenarios: keep rows apart
    behind = sum(mean(d) < -TIE for d in diffs)
    by_kind = {}
    for kind, sponsor in (("sponsor", True), ("other", False)):
        pooled = [x for r, d in zip(rows, diffs, strict=True) if r.sponsor == sponsor
                  for x in d]
        if pooled:
            by_kind[kind] = (mean(pooled), se(pooled), len(pooled))
    beats = sum(all(r.cells[a].mean >= c.mean - TIE for p, c in r.cells.items()
                    if p in POLICIES) for r in rows)
    return Versus(a, b, len(rows), ahead, behind, by_kind, beats)


@attrs.frozen
class AgencyTable:
    scenario: str
    title: str
    games: int
    seed: int
    policies: tuple[str, ...]
    rows: tuple[SeatRow, ...]
    elapsed_s: float = attrs.field(eq=False, default=0.0)

    @property
    def summary(self) -> Summary:
        return summarize((self.scenario, r) for r in self.rows)

    def to_json(self) -> dict[str, Any]:
        return {
            "scenario": self.scenario, "title": self.title, "games": self.games,
            "seed": self.seed, "policies": list(self.policies),
            "scripted": [p for p in self.policies if p in POLICIES],
            "passive": [p for p in PASSIVE if p in self.policies],
            "loopholes": [p for p in LOOPHOLES if p in self.policies],
            "elapsed_s": round(self.elapsed_s, 3),
            "seats": [r.to_json() for r in self.rows],
            "summary": self.summary.to_json(),
        }


# --- playing the games ------------------------------------------------------------------

Job = tuple[int, str | None, str]  # seed, seat (None: the all-historical game), policy

_WORKER_SCENARIO: Scenario | None = None


def _init_worker(scenario: Scenario) -> None:
    global _WORKER_SCENARIO
    _WORKER_SCENARIO = scenario


def _run(job: Job) -> tuple[Job, dict[str, float]]:
    assert _WORKER_SCENARIO is not None
    seed, seat, policy = job
    return job, play_seat(_WORKER_SCENARIO, seed, seat, policy)


def agency(scenario: Scenario | str | Path, games: int = 200, seed: int = 0, jobs: int = 1,
           policies: Iterable[str] = DEFAULT_POLICIES,
           progress: Progress | None = None) -> AgencyTable:
    """The agency table of `scenario` (a `Scenario`, bundled id or path): see the
    module's docstring. The same arguments give the same table, whatever `jobs`."""
    sc = scenario if isinstance(scenario, Scenario) else load_scenario(scenario)
    names = check_policies(policies)
    if games < 1 or jobs < 1:
        raise ValueError("games and jobs must be at least 1")
    seeds = range(seed, seed + games)
    # The searching bots' games are the slow ones: start them first, so workers finish
    # together.
    order = sorted((p for p in names if p != BASELINE), key=lambda p: p not in SEARCHING)
    work: list[Job] = [(s, seat, p) for p in order for seat in sc.seats for s in seeds]
    if BASELINE in names:
        work += [(s, None, BASELINE) for s in seeds]
    started = time.perf_counter()
    results: dict[Job, dict[str, float]] = {}

    def done(job: Job, figures: dict[str, float]) -> None:
        results[job] = figures
        if progress:
            progress(len(results), len(work))

    if jobs > 1 and len(work) > 1:
        chunk = max(1, min(16, len(work) // (jobs * 16)))
        with multiprocessing.get_context("fork").Pool(
                jobs, initializer=_init_worker, initargs=(sc,)) as pool:
            for job, figures in pool.imap_unordered(_run, work, chunksize=chunk):
                done(job, figures)
    else:
        for job in work:
            done(job, play_seat(sc, *job))
    rows = []
    for seat in sc.seats:
        cells = {p: [results[(s, None if p == BASELINE else seat, p)][seat] for s in seeds]
                 for p in names}
        rows.append(seat_row(seat, cells, sc.members[seat].name, seat == sc.sponsor))
    return AgencyTable(sc.id, sc.title, games, seed, names, tuple(rows),
                       time.perf_counter() - started)
