"""The balance report's sections (issue 12): each figure recomputed here from the games'
final states, and each section present in the terminal table, Markdown and HTML."""

from __future__ import annotations

import collections
import contextlib
import io
import json
import statistics
from pathlib import Path
from typing import Any

import pytest

from game.bots import parse_spec
from game.play.report import (
    bots_label,
    compare_html,
    compare_table,
    html_report,
    markdown_report,
    text_report,
)
from game.play.simulate import objective_label, play, simulate
from game.rules.enums import LogKind
from game.rules.scoring import asean_outcome, objective_points, scores
from game.rules.state import GameState
from game.scenario.loader import load_scenario, resolve
from tui import cli

SCENARIO, GAMES, SEED = "2027-crisis", 8, 3  # objections, reservations, clauses, late focus


@pytest.fixture(scope="module")
def result() -> dict[str, Any]:
    return simulate(SCENARIO, games=GAMES, seed=SEED)


@pytest.fixture(scope="module")
def states() -> list[GameState]:
    """The same games, played here one by one."""
    sc = load_scenario(SCENARIO)
    kinds = dict.fromkeys(sc.seats, "historical")
    return [play(sc, SEED + i, kinds) for i in range(GAMES)]


def run(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = cli.main(list(args))
    return status, out.getvalue(), err.getvalue()


def test_adoption_by_ambition_and_by_clauses(result: dict[str, Any],
                                             states: list[GameState]) -> None:
    sc = states[0].scenario
    for m in sc.agenda:
        for level, share in result["adoption_by_ambition"][m].items():
            games = sum(s.adopted.get(m) == int(level) for s in states if m not in sc.adopted)
            assert share == games / GAMES, (m, level)
    clauses = collections.Counter(" + ".join(sorted(s.adopted_clauses.get(sc.focus, ())))
                                  or "no clause" for s in states if sc.focus in s.adopted)
    assert result["adoption_by_clauses"][sc.focus] == {k: v / GAMES for k, v in
                                                       sorted(clauses.items())}
    assert any(result["adoption_by_ambition"][sc.focus].values())  # the run adopts it


def test_objections_and_reservations_by_seat_measure_and_round(
        result: dict[str, Any], states: list[GameState]) -> None:
    entries = [e for s in states for e in s.log]
    for kind, key in ((LogKind.OBJECT, "objections"), (LogKind.RESERVE, "reservations")):
        seats = collections.Counter(e.seats[0] for e in entries if e.kind is kind)
        assert result[key] == {s: seats[s] for s in states[0].scenario.seats}
        measures = collections.Counter(e.measure for e in entries if e.kind is kind)
        assert {m: v[key] for m, v in result["stances_by_measure"].items()} == {
            m: measures[m] for m in result["stances_by_measure"]}
        assert sum(seats.values()) > 0
    rounds = collections.Counter(e.round for e in entries if e.kind is LogKind.OBJECT)
    assert result["objections_by_round"] == {str(r): rounds[r] for r in sorted(rounds)}


def test_who_tabled_what(result: dict[str, Any], states: list[GameState]) -> None:
    tabled: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    for s in states:
        for e in s.log:
            if e.kind is LogKind.TABLE:
                tabled[e.measure][e.seats[0]] += 1
    assert result["tabled_by"] == {m: dict(c) for m, c in tabled.items()}


def test_objectives_met_per_seat(result: dict[str, Any], states: list[GameState]) -> None:
    sc = states[0].scenario
    for seat in sc.seats:
        expected = [{"objective": objective_label(o),
                     "met": sum(objective_points(o, s, seat) > 0 for s in states) / GAMES}
                    for o in sc.members[seat].objectives]
        assert result["objectives_met"][seat] == expected


def test_round_of_adoption_histogram(result: dict[str, Any], states: list[GameState]) -> None:
    sc = states[0].scenario
    rounds = [next((o.round for o in s.outcomes if o.measure == sc.focus and o.result.adopted),
                   0) for s in states]
    hist = result["focus_round_histogram"]
    assert hist["never"] == rounds.count(0)
    assert {k: v for k, v in hist.items() if k != "never"} == {
        str(r): rounds.count(r) for r in range(1, sc.rounds + 1)}
    assert len({r for r in rounds if r}) > 1  # the run spreads over rounds


def test_score_quantiles_per_seat(result: dict[str, Any], states: list[GameState]) -> None:
    for seat, q in result["score_quantiles"].items():
        values = sorted(scores(s)[seat] for s in states)
        q1, median, q3 = statistics.quantiles(values, n=4, method="inclusive")
        assert q == {"min": values[0], "q1": round(q1, 3), "median": round(median, 3),
                     "q3": round(q3, 3), "max": values[-1]}


def test_event_card_effects(result: dict[str, Any], states: list[GameState]) -> None:
    drawn_cards = {e.card for s in states for e in s.log if e.kind is LogKind.EVENT}
    assert set(result["event_effects"]) == drawn_cards
    for card, effect in result["event_effects"].items():
        drew = [s for s in states if any(e.kind is LogKind.EVENT and e.card == card
                                         for e in s.log)]
        assert effect["drawn"] == len(drew)
        assert effect["outcome_drawn"] == round(statistics.mean(map(asean_outcome, drew)), 3)


def test_every_section_in_text_markdown_and_html(result: dict[str, Any]) -> None:
    text, md, page = text_report(result), markdown_report(result), html_report(result)
    for title in ("Seats", "Measures", "Rounds", "Objectives met", "Event cards"):
        assert f"\n{title}:\n" in text
        assert f"\n## {title}\n" in md
        assert f"<h2>{title}</h2>" in page
    seat = max(result["score_quantiles"], key=lambda s: result["reservations"][s])
    q = result["score_quantiles"][seat]
    row = next(line for line in text.splitlines() if line.startswith(seat + " "))
    assert row.split()[1:9] == ["historical", *(f"{q[k]:.2f}" for k in q),
                                 str(result["objections"][seat]),
                                 str(result["reservations"][seat])]
    focus = result["focus"]
    levels = " / ".join(f"{100 * v:.0f}%" for v in result["adoption_by_ambition"][focus].values())
    assert levels in next(line for line in md.splitlines() if line.startswith(f"| {focus} |"))
    assert page.count("<svg") == 4 and "<script" not in page
    assert page.count('fill="#9cc0e6"') == len(result["score_quantiles"])  # a box per seat


def test_the_title_keeps_the_bot_of_every_seat() -> None:
    sc = load_scenario("2011-apcn")
    spec = "singapore=random,indonesia=hard,*=historical"
    small = simulate("2011-apcn", games=1, bots=spec)
    assert text_report(small).splitlines()[0].endswith(
        "(seed 0, bots: indonesia=hard, singapore=random, *=historical)")
    assert parse_spec(bots_label(small["bots"]), sc.seats, ("random", "historical", "hard"),
                      "historical") == small["bots"]


def test_compare_two_bot_line_ups_from_the_command_line(tmp_path: Path) -> None:
    status, out, err = run("simulate", "2011-apcn", "--games", "3", "--compare-bots",
                           "indonesia=hard,*=historical", "--report", str(tmp_path / "c.html"))
    assert status == 0, err
    lines = out.splitlines()
    assert lines[0] == "A: Balance report: 2011-apcn, 3 games (seed 0, bots: *=historical)"
    assert lines[1].startswith("B: Balance report: 2011-apcn, 3 games (seed 0, bots: "
                               "indonesia=hard, *=historical)")
    row = next(line for line in lines if line.startswith("indonesia score (median)"))
    assert row.endswith("*")  # the hard sponsor scores far more
    page = (tmp_path / "c.html").read_text(encoding="utf-8")
    assert '<td class="marked n">' in page and page.count("<h2>Balance report") == 2
    status, out, _ = run("simulate", "2011-apcn", "--games", "3", "--compare-bots",
                         "indonesia=hard,*=historical", "--json")
    both = json.loads(out)
    assert both["a"]["bots"]["indonesia"] == "historical"
    assert both["b"]["bots"]["indonesia"] == "hard"


def test_compare_a_scenario_with_an_edited_copy(tmp_path: Path) -> None:
    source = resolve("2011-apcn")
    text = source.read_text(encoding="utf-8")
    same = tmp_path / "same.toml"
    same.write_text(text, encoding="utf-8")
    status, out, err = run("simulate", "2011-apcn", "--games", "2", "--compare", str(same))
    assert status == 0, err
    assert not [line for line in out.splitlines() if line.endswith("*")]  # nothing differs
    a = simulate("2011-apcn", games=2)
    table = compare_table(a, {**a, "focus_adoption_rate": 0.5})
    assert [row[0] for row in table.rows if row[-1]] == ["focus adopted"]
    status, _, err = run("simulate", "2011-apcn", "--compare", str(same), "--records",
                         str(tmp_path / "r"))
    assert status == 2 and "--records and --compare" in err
    assert not (tmp_path / "r").exists()


def test_compare_page_escapes_file_text() -> None:
    a = simulate("2011-apcn", games=1)
    hostile = {**a, "scenario": "<img src=x onerror=alert(1)>",
               "bots": dict.fromkeys(a["bots"], "<b>x</b>")}
    page = compare_html(a, hostile)
    assert "<img" not in page and "<b>" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page


def test_the_same_seeds_give_the_same_report_whatever_the_jobs(result: dict[str, Any]) -> None:
    again = simulate(SCENARIO, games=GAMES, seed=SEED, jobs=2)
    assert markdown_report(again) == markdown_report(result)
    assert html_report(again) == html_report(result)
