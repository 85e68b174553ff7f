"""Seat-swapped round robins between bot kinds, rated with openskill.

The schedule: for every scenario, every seat and every kind K, `games` games in which
that seat plays K and every other seat plays one of the *other* kinds (the field). The
field rotates: in game `g` the `j`-th other seat plays `others[(j + g + seed) % len]`,
so over the games each kind meets each other kind in every seat. Game `g` uses seed
`seed + g` for the event deck and every bot (common random numbers: the kinds in one
seat are compared on the same decks). Each kind plays each seat equally often as K, so
no kind is favoured by the seats it happened to get.

Scores of different seats are not comparable (a sponsor's stakes are not a small
member's), so a game is judged by *relative* scores: a seat's score minus that seat's
mean over the whole tournament, divided by that seat's standard deviation (a z-score;
a seat whose score never varies counts 0). The z-score rather than the plain
difference keeps one seat with wide swings from deciding every game.

Ratings (openskill's Plackett–Luce model): each game is one match between the kinds
present. A kind playing several seats of a game is one player there, not several
copies of itself, so its result is the mean z-score of its seats; the kinds are ranked
by it (equal means share a rank). Matches are rated in a fixed order (game index, then
scenario, seat and kind), so the same arguments give the same ratings whatever `jobs`.

Figures per kind (`KindRating`): `mu`, `sigma`, the 95% interval `mu ± 1.96 sigma`,
openskill's `ordinal` (`mu - 3 sigma`), `games` (games it took part in), and `diff`:
its mean score minus the seat's mean, in points, averaged per game over the seats it
played and then over its games, with the standard error over games (`diff_se`), also
split into the sponsor seat and the other seats.

`Tournament.to_json()` (what `mufakat tournament --json` prints) has the keys
`scenarios` (ids), `titles` {id: title}, `kinds`, `games`, `seed`, `played`,
`elapsed_s`, `ratings` (one object per kind, best first: `kind`, `mu`, `sigma`, `low`,
`high`, `ordinal`, `games`, `diff`, `diff_se`, `sponsor_diff`, `sponsor_se`,
`other_diff`, `other_se`) and `seats` ({scenario: {seat: {`mean`, `sd`}}}).
"""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import attrs
from openskill.models import PlackettLuce

from game.bots import KINDS, make_bot
from game.play.simulate import cpu_count, play_bots
from game.play.stats import mean, sd, se
from game.rules.model import Scenario
from game.rules.scoring import scores

Z95 = 1.96
"""Half-width of a 95% interval in standard deviations."""
TIE = 1e-9
"""Mean z-scores this close share a rank."""

Progress = Callable[[int, int], None]


class TournamentError(ValueError):
    """A tournament that cannot start (an unknown or repeated kind, too few kinds, no
    scenario, no games); the message says what to choose."""


@attrs.frozen
class Game:
    """One scheduled game: who plays each seat of which scenario, with which seed."""

    scenario: str
    seat: str  # the seat whose kind the game measures
    kind: str
    seed: int
    lineup: tuple[tuple[str, str], ...]  # (seat, kind) in seat order


def check_kinds(names: Iterable[str] | None) -> tuple[str, ...]:
    """The kinds to play (all of `KINDS` when None), checked: at least two, no repeats,
    each a bot kind."""
    kinds = tuple(KINDS) if names is None else tuple(names)
    unknown = [k for k in kinds if k not in KINDS]
    if unknown:
        raise TournamentError(f"unknown bot kind `{unknown[0]}`; kinds: {', '.join(KINDS)}")
    if len(set(kinds)) != len(kinds):
        raise TournamentError("a kind is named twice")
    if len(kinds) < 2:
        raise TournamentError(f"a tournament needs at least two kinds; kinds: "
                              f"{', '.join(KINDS)}")
    return kinds


def schedule(scenarios: Sequence[Scenario], kinds: Sequence[str], games: int,
             seed: int) -> list[Game]:
    """Every game of the tournament, in rating order (see the module's docstring)."""
    out = []
    for g in range(games):
        for sc in scenarios:
            for seat in sc.seats:
                for kind in kinds:
                    others = [k for k in kinds if k != kind]
                    rest = [s for s in sc.seats if s != seat]
                    field = {s: others[(j + g + seed) % len(others)]
                             for j, s in enumerate(rest)}
                    lineup = tuple((s, kind if s == seat else field[s]) for s in sc.seats)
                    out.append(Game(sc.id, seat, kind, seed + g, lineup))
    return out


def play_game(scenario: Scenario, game: Game) -> dict[str, float]:
    """Every seat's score in `game`."""
    bots = {seat: make_bot(kind, seat, game.seed) for seat, kind in game.lineup}
    return scores(play_bots(scenario, game.seed, bots))


# --- the figures ------------------------------------------------------------------------







@attrs.frozen
class SeatStats:
    """A seat's score over every game of the tournament: the yardstick of relative
    scores."""

    mean: float
    sd: float

    def z(self, score: float) -> float:
        return (score - self.mean) / self.sd if self.sd > 0 else 0.0


@attrs.frozen
class KindRating:
    kind: str
    mu: float
    sigma: float
    ordinal: float
    games: int
    diff: float
    diff_se: float
    sponsor_diff: float | None  # None: the kind never played a sponsor seat
    sponsor_se: float | None
    other_diff: float | None
    other_se: float | None

    @property
    def low(self) -> float:
        return self.mu - Z95 * self.sigma

    @property
    def high(self) -> float:
        return self.mu + Z95 * self.sigma

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "mu": _r(self.mu), "sigma": _r(self.sigma),
                "low": _r(self.low), "high": _r(self.high), "ordinal": _r(self.ordinal),
                "games": self.games, "diff": _r(self.diff), "diff_se": _r(self.diff_se),
                "sponsor_diff": _r(self.sponsor_diff), "sponsor_se": _r(self.sponsor_se),
                "other_diff": _r(self.other_diff), "other_se": _r(self.other_se)}


def _r(x: float | None) -> float | None:
    return None if x is None else round(x, 3)


@attrs.frozen
class Tournament:
    scenarios: tuple[str, ...]
    titles: Mapping[str, str]  # scenario id -> title
    kinds: tuple[str, ...]
    games: int
    seed: int
    played: int
    ratings: tuple[KindRating, ...]  # best first (highest ordinal)
    seats: Mapping[tuple[str, str], SeatStats]
    elapsed_s: float = attrs.field(eq=False, default=0.0)

    def to_json(self) -> dict[str, Any]:
        seats: dict[str, dict[str, dict[str, float | None]]] = {}
        for (sid, seat), st in self.seats.items():
            seats.setdefault(sid, {})[seat] = {"mean": _r(st.mean), "sd": _r(st.sd)}
        return {"scenarios": list(self.scenarios), "titles": dict(self.titles),
                "kinds": list(self.kinds),
                "games": self.games, "seed": self.seed, "played": self.played,
                "elapsed_s": round(self.elapsed_s, 3),
                "ratings": [r.to_json() for r in self.ratings], "seats": seats}


def seat_stats(results: Sequence[tuple[Game, Mapping[str, float]]]
               ) -> dict[tuple[str, str], SeatStats]:
    """Each (scenario, seat)'s mean score and standard deviation over all games."""
    by_seat: dict[tuple[str, str], list[float]] = {}
    for game, figures in results:
        for seat, _ in game.lineup:
            by_seat.setdefault((game.scenario, seat), []).append(figures[seat])
    return {key: SeatStats(mean(xs), sd(xs)) for key, xs in by_seat.items()}


def _ranks(values: Sequence[float]) -> list[float]:
    """1 for the highest value; equal values (within `TIE`) share a rank."""
    return [1.0 + sum(other > v + TIE for other in values) for v in values]


def rate(results: Sequence[tuple[Game, Mapping[str, float]]], kinds: Sequence[str],
         sponsors: Mapping[str, str]) -> tuple[tuple[KindRating, ...],
                                               dict[tuple[str, str], SeatStats]]:
    """The kinds' ratings from the games' scores (in the given order), best first, and
    the seat statistics they were judged by. `sponsors` maps scenario id to its sponsor
    seat."""
    stats = seat_stats(results)
    model = PlackettLuce()
    ratings = {k: model.rating(name=k) for k in kinds}
    diffs: dict[str, dict[str, list[float]]] = {k: {"all": [], "sponsor": [], "other": []}
                                                for k in kinds}
    for game, figures in results:
        z: dict[str, list[float]] = {}
        points: dict[str, dict[str, list[float]]] = {}
        for seat, kind in game.lineup:
            st = stats[(game.scenario, seat)]
            z.setdefault(kind, []).append(st.z(figures[seat]))
            part = "sponsor" if seat == sponsors[game.scenario] else "other"
            mine = points.setdefault(kind, {"all": [], "sponsor": [], "other": []})
            for key in ("all", part):
                mine[key].append(figures[seat] - st.mean)
        present = list(z)
        if len(present) > 1:  # a game of one kind ranks nobody
            teams = [[ratings[k]] for k in present]
            rated = model.rate(teams, ranks=_ranks([mean(z[k]) for k in present]))
            ratings.update((k, team[0]) for k, team in zip(present, rated, strict=True))
        for k in present:
            for key, xs in points[k].items():
                if xs:
                    diffs[k][key].append(mean(xs))
    out = []
    for k in kinds:
        d = diffs[k]
        out.append(KindRating(
            k, ratings[k].mu, ratings[k].sigma, ratings[k].ordinal(), len(d["all"]),
            mean(d["all"]), se(d["all"]),
            mean(d["sponsor"]) if d["sponsor"] else None,
            se(d["sponsor"]) if d["sponsor"] else None,
            mean(d["other"]) if d["other"] else None,
            se(d["other"]) if d["other"] else None))
    out.sort(key=lambda r: (-r.ordinal, r.kind))
    return tuple(out), stats


# --- playing the games ------------------------------------------------------------------

_WORKER_SCENARIOS: dict[str, Scenario] = {}


def _init_worker(scenarios: dict[str, Scenario]) -> None:
    global _WORKER_SCENARIOS
    _WORKER_SCENARIOS = scenarios


def _run(job: tuple[int, Game]) -> tuple[int, dict[str, float]]:
    i, game = job
    return i, play_game(_WORKER_SCENARIOS[game.scenario], game)


def tournament(scenarios: Sequence[Scenario], kinds: Iterable[str] | None = None,
               games: int = 4, seed: int = 0, jobs: int = 1,
               progress: Progress | None = None) -> Tournament:
    """Play and rate the tournament (see the module's docstring). `jobs` is capped at
    the number of CPUs; the result does not depend on it."""
    names = check_kinds(kinds)
    if not scenarios:
        raise TournamentError("no scenario given")
    if len({sc.id for sc in scenarios}) != len(scenarios):
        raise TournamentError("a scenario is named twice")
    if games < 1 or jobs < 1:
        raise TournamentError("games and jobs must be at least 1")
    by_id = {sc.id: sc for sc in scenarios}
    work = schedule(scenarios, names, games, seed)
    jobs = min(jobs, cpu_count(), len(work))
    started = time.perf_counter()
    results: dict[int, dict[str, float]] = {}

    def done(i: int, figures: dict[str, float]) -> None:
        results[i] = figures
        if progress:
            progress(len(results), len(work))

    if jobs > 1:
        chunk = max(1, min(8, len(work) // (jobs * 16)))
        with multiprocessing.get_context("fork").Pool(
                jobs, initializer=_init_worker, initargs=(by_id,)) as pool:
            for i, figures in pool.imap_unordered(_run, enumerate(work), chunksize=chunk):
                done(i, figures)
    else:
        for i, game in enumerate(work):
            done(i, play_game(by_id[game.scenario], game))
    played = [(game, results[i]) for i, game in enumerate(work)]
    ratings, stats = rate(played, names, {sc.id: sc.sponsor for sc in scenarios})
    return Tournament(tuple(by_id), {sc.id: sc.title for sc in scenarios}, names, games,
                      seed, len(played), ratings, stats, time.perf_counter() - started)
