"""`mufakat tournament`: the schedule, the ratings and the command.

Tiny tournaments on the real engine (one scenario, one game per seat and kind, the fast
kinds); the rating arithmetic is also checked on hand-made scores.
"""

from __future__ import annotations

import itertools
import json
import math
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from game.bots import KINDS
from game.bots.historical import HistoricalBot
from game.play.tournament import Game, check_kinds, rate, schedule, tournament
from game.scenario.loader import load_scenario

REPO = Path(__file__).resolve().parents[2]
SMALL = "1994-regional-peacekeeping"
CLEAR = "2018-preventive-diplomacy"
"""Historical outscores random here in every seat-swapped seed tried (0-3)."""
LAB = REPO / "tests" / "engine" / "lab_scenarios" / "lab.toml"
HOSTILE = "<img src=x onerror=alert(1)> *em* | `code` [l](javascript:x) \x1b[2J"

RATING_KEYS = {"kind", "mu", "sigma", "low", "high", "ordinal", "games", "diff", "diff_se",
               "sponsor_diff", "sponsor_se", "other_diff", "other_se"}


def mufakat(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tui.cli", "tournament", *args], cwd=REPO,
                          capture_output=True, text=True, timeout=300)


def run_json(*args: str) -> dict[str, Any]:
    done = mufakat(*args, "--json")
    assert done.returncode == 0, done.stderr
    data: dict[str, Any] = json.loads(done.stdout)
    return data


# --- the schedule -----------------------------------------------------------------------

def test_each_kind_plays_each_seat_against_fields_of_every_other_kind() -> None:
    sc = load_scenario(SMALL)
    kinds = ("a", "b", "c")
    games = schedule([sc], kinds, 4, seed=7)
    assert len(games) == len(sc.seats) * len(kinds) * 4
    for seat, kind in itertools.product(sc.seats, kinds):
        mine = [g for g in games if g.seat == seat and g.kind == kind]
        assert [g.seed for g in mine] == [7, 8, 9, 10]
        for g in mine:
            lineup = dict(g.lineup)
            assert list(lineup) == list(sc.seats) and lineup[seat] == kind
            assert all(k != kind for s, k in lineup.items() if s != seat)
        met = {k for g in mine for s, k in g.lineup if s != seat}
        assert met == set(kinds) - {kind}
        # every other seat meets every other kind over the games
        for other in sc.seats:
            if other != seat:
                assert {dict(g.lineup)[other] for g in mine} == set(kinds) - {kind}


def test_kinds_are_checked_and_default_to_every_kind() -> None:
    assert check_kinds(None) == tuple(KINDS)
    for bad, message in ((["random", "lazy"], "unknown bot kind `lazy`"),
                         (["random", "random"], "named twice"),
                         (["random"], "at least two")):
        with pytest.raises(ValueError, match=message):
            check_kinds(bad)


def test_the_kinds_come_from_the_bot_registry_when_it_runs() -> None:
    ladder = dict(KINDS)  # restored in order: the ladder's order is what screens show
    try:
        del KINDS["hard"], KINDS["expert"]  # fast, and shows the registry is read now
        KINDS["copycat"] = HistoricalBot
        result = tournament([load_scenario(SMALL)], games=1)
    finally:
        KINDS.clear()
        KINDS.update(ladder)
    assert result.kinds == ("random", "historical", "copycat")
    assert {r.kind for r in result.ratings} == {"random", "historical", "copycat"}


# --- the ratings ------------------------------------------------------------------------

def _game(i: int, lineup: dict[str, str]) -> Game:
    first = next(iter(lineup))
    return Game("s", first, lineup[first], i, tuple(lineup.items()))


def test_a_kind_that_always_scores_more_is_rated_higher_with_ties_shared() -> None:
    # Seat b scores ten times seat a, yet only scores relative to the seat's count.
    lineups = [{"a": "strong", "b": "weak"}, {"a": "weak", "b": "strong"}] * 4
    scored = [(_game(i, lu), {s: (5.0 if k == "strong" else 1.0) * (1 + 9 * (s == "b"))
                              for s, k in lu.items()}) for i, lu in enumerate(lineups)]
    ratings, stats = rate(scored, ["weak", "strong"], {"s": "a"})
    assert [r.kind for r in ratings] == ["strong", "weak"]
    strong, weak = ratings
    assert strong.mu > weak.mu and strong.games == weak.games == 8
    assert strong.diff > 0 > weak.diff
    assert strong.sponsor_diff == pytest.approx(2.0)  # 5 vs the seat mean 3
    assert strong.other_diff == pytest.approx(20.0)  # 50 vs the seat mean 30
    assert stats[("s", "b")].mean == pytest.approx(30.0)
    # equal scores: equal rank, so equal ratings
    even = [(_game(i, lu), {"a": 1.0, "b": 2.0}) for i, lu in enumerate(lineups)]
    tied, _ = rate(even, ["weak", "strong"], {"s": "a"})
    assert tied[0].mu == pytest.approx(tied[1].mu)


@given(st.lists(st.tuples(st.sampled_from(["x", "y", "z"]), st.sampled_from(["x", "y", "z"]),
                          st.integers(-20, 20), st.integers(-20, 20)), min_size=1, max_size=12),
       st.integers(-50, 50), st.integers(1, 9))
def test_ratings_ignore_each_seats_scale(games: list[tuple[str, str, int, int]], shift: int,
                                         stretch: int) -> None:
    """Only scores relative to the seat count: moving or stretching one seat's scores
    changes no rating (its stakes are not another seat's)."""
    played = [(_game(i, {"a": ka, "b": kb}), {"a": float(sa), "b": float(sb)})
              for i, (ka, kb, sa, sb) in enumerate(games)]
    moved = [(g, {"a": f["a"], "b": shift + stretch * f["b"]}) for g, f in played]
    one, _ = rate(played, ["x", "y", "z"], {"s": "a"})
    two, _ = rate(moved, ["x", "y", "z"], {"s": "a"})
    assert [(r.kind, r.mu, r.sigma) for r in one] == pytest.approx(
        [(r.kind, r.mu, r.sigma) for r in two])


def test_historical_is_rated_above_random_on_the_real_engine() -> None:
    data = run_json("--scenarios", CLEAR, "--kinds", "random,historical", "--games", "1")
    best, worst = data["ratings"]
    assert (best["kind"], worst["kind"]) == ("historical", "random")
    assert best["mu"] > worst["mu"] and best["ordinal"] > worst["ordinal"]
    assert best["diff"] > 0 > worst["diff"]


# --- the command ------------------------------------------------------------------------

def test_json_has_every_field() -> None:
    data = run_json("--scenarios", SMALL, "--kinds", "random,historical", "--games", "2",
                    "--seed", "5")
    seats = load_scenario(SMALL).seats
    assert data["scenarios"] == [SMALL] and data["kinds"] == ["random", "historical"]
    assert (data["games"], data["seed"], data["played"]) == (2, 5, len(seats) * 2 * 2)
    assert set(data["titles"]) == {SMALL}
    assert set(data["seats"][SMALL]) == set(seats)
    assert [set(r) for r in data["ratings"]] == [RATING_KEYS] * 2
    ordinals = [r["ordinal"] for r in data["ratings"]]
    assert ordinals == sorted(ordinals, reverse=True)
    for r in data["ratings"]:
        assert r["games"] == data["played"]  # two kinds: each plays in every game
        assert math.isclose(r["low"], r["mu"] - 1.96 * r["sigma"], abs_tol=5e-3)
        assert math.isclose(r["high"], r["mu"] + 1.96 * r["sigma"], abs_tol=5e-3)
        assert math.isclose(r["ordinal"], r["mu"] - 3 * r["sigma"], abs_tol=5e-3)
        assert r["sigma"] < 25 / 3  # the games moved it from openskill's prior


def test_the_same_seed_gives_the_same_ratings_whatever_the_jobs() -> None:
    args = ("--scenarios", SMALL, "--kinds", "random,historical", "--games", "2")
    one = run_json(*args)
    two = run_json(*args, "--jobs", "2", "--progress")
    other = run_json(*args, "--seed", "1")
    assert one["ratings"] == two["ratings"] and one["seats"] == two["seats"]
    assert one["ratings"] != other["ratings"]


def test_table_on_stdout_and_progress_on_stderr() -> None:
    done = mufakat("--scenarios", SMALL, "--kinds", "historical,random", "--games", "1",
                   "--progress")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("Tournament of historical, random")
    assert any(line.startswith("1  ") for line in lines)
    assert "95% interval" in done.stdout
    assert "12/12 games" in done.stderr and "\\x0d" not in done.stderr
    quiet = mufakat("--scenarios", SMALL, "--kinds", "historical,random", "--games", "1")
    assert quiet.stderr == ""  # no bar when stderr is not a terminal


def test_reports_have_charts_and_escape_file_text(tmp_path: Path) -> None:
    hostile = tmp_path / "hostile.toml"
    text = LAB.read_text(encoding="utf-8")
    title = json.dumps(HOSTILE)  # a TOML basic string: JSON escapes are valid there
    hostile.write_text(text.replace('title = "Rules laboratory"', f"title = {title}"),
                       encoding="utf-8")
    md, page = tmp_path / "r.md", tmp_path / "r.html"
    for path in (md, page):
        done = mufakat("--scenarios", str(hostile), "--kinds", "random,historical",
                       "--games", "1", "--report", str(path))
        assert done.returncode == 0, done.stderr
    markdown = md.read_text(encoding="utf-8")
    assert "├" in markdown and "●" in markdown and "┤" in markdown
    assert "&lt;img src=x onerror=alert(1)&gt; \\*em\\* \\| \\`code\\` \\[l\\]" in markdown
    assert "<img" not in markdown and "\x1b" not in markdown
    html = page.read_text(encoding="utf-8")
    assert html.count("<svg") == 2 and "<script" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "<img" not in html and "\x1b" not in html and "\\x1b" in html
    again = mufakat("--scenarios", str(hostile), "--kinds", "random,historical",
                    "--games", "1", "--report", str(md))
    assert again.returncode == 2 and "--force" in again.stderr


@pytest.mark.parametrize("args, message", [
    (["--kinds", "random,lazy"], "unknown bot kind `lazy`; kinds: random, historical"),
    (["--kinds", "random"], "at least two kinds"),
    (["--scenarios", "nowhere-1999"], "cannot load scenario `nowhere-1999`"),
    (["--scenarios", ","], "no scenario given"),
    (["--games", "0"], "--games: must be from 1"),
    (["--jobs", "0"], "--jobs: must be from 1"),
    (["--report", "ratings.txt"], "must end in .md"),
])
def test_bad_input_is_a_clear_error(args: list[str], message: str) -> None:
    done = mufakat(*args)
    assert done.returncode == 2
    assert message in done.stderr
    assert "Traceback" not in done.stderr and done.stdout == ""
