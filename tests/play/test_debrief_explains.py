"""The debrief explains: rank and score, objectives and why, turning points, the strongest
line and the comparison with history, on real games of seeded bots, by name, never id."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest

from game import GameState, bundled_ids, check_file, load_scenario, scores
from game.play.debrief import (
    SECTIONS,
    debrief_md,
    history_md,
    section,
    strongest_section,
    you_md,
    your_seats,
)
from game.play.simulate import play
from game.play.strongest import line_kinds, strongest_line
from game.play.turning import turning_points

BUNDLE = Path(__file__).resolve().parents[2] / "scenarios"
STANDBY = "2003-standby-force"
FORCE = "ASEAN Standby (Peacekeeping) Force for UN missions"


def seats_of(sid: str, humans: tuple[str, ...]) -> dict[str, str]:
    sc = load_scenario(sid)
    return {s: "human" if s in humans else "historical" for s in sc.seats}


@cache
def game(sid: str, seed: int = 1) -> GameState:
    """A whole game of historical bots (what a human who played as they would sees)."""
    sc = load_scenario(sid)
    return play(sc, seed, {s: "historical" for s in sc.seats})


def test_you_gives_rank_score_objectives_with_reasons_and_turning_points() -> None:
    state = game(STANDBY)
    text = you_md(state, seats_of(STANDBY, ("indonesia",)))
    total = scores(state)
    rank = 1 + sum(v > total["indonesia"] for v in total.values())
    assert "### Indonesia (played by you)" in text
    assert f"**{total['indonesia']:.1f}** points, rank {rank} of 10" in text
    assert ("missed: Table and carry the standby force" in text
            and f"Why: {FORCE} was last tabled in round 3 by Indonesia" in text)
    assert "blocked by Singapore (Non-interference), Vietnam (Sovereign equality)" in text
    assert "Why: face ended at" in text
    assert f"- Round 1: Indonesia tabled {FORCE} at ambition 3." in text
    assert f"- Round 1: Singapore objected to {FORCE} (Non-interference)." in text
    # Indonesia lets the force drop instead of pressing it (the scenario, after [P18]).
    assert f"- Round 1: {FORCE} deferred." in text


def test_a_turning_point_is_said_once_though_the_objection_is_repeated() -> None:
    state = game(STANDBY)
    points = turning_points(state, "indonesia")
    objection = f"Round 1: Singapore objected to {FORCE} (Non-interference)."
    assert points.count(objection) == 1
    assert sum(e.kind == "object" and e.round == 1 and e.seats[0] == "singapore"
               for e in state.log) > 1


def test_an_adoption_says_what_it_did_to_the_objectives() -> None:
    state = game("2020-asean-flag")
    points = turning_points(state, "vietnam")
    adopted = next(p for p in points if "adopted at ambition" in p and "ASEAN flag" in p)
    assert "this meets the objective “As chair, carry its own concept paper" in adopted


def test_you_are_each_human_seat_or_else_the_sponsor() -> None:
    state = game(STANDBY)
    hot = seats_of(STANDBY, ("singapore", "indonesia"))
    assert your_seats(state, hot) == ("indonesia", "singapore")
    text = you_md(state, hot)
    assert "### Indonesia (played by you)" in text and "### Singapore (played by you)" in text
    bots = seats_of(STANDBY, ())
    assert your_seats(state, bots) == ("indonesia",)
    assert "### Indonesia (the sponsor, played by a bot)" in you_md(state, bots)


def test_the_strongest_line_is_the_expert_in_your_seat_and_the_same_bots_elsewhere() -> None:
    state = game(STANDBY)
    seats = seats_of(STANDBY, ("indonesia", "vietnam")) | {"laos": "hard"}
    kinds = line_kinds(seats, "indonesia")
    assert kinds["indonesia"] == "expert" and kinds["vietnam"] == "historical"
    assert kinds["laos"] == "hard"
    moves: list[int] = []
    best = strongest_line(state, seats, "indonesia", lambda _a, s: moves.append(s.seq))
    again = play(state.scenario, state.seed, kinds)
    assert best.digest() == again.digest() and best.phase == "over"
    assert moves == list(range(1, best.seq + 1))
    text = strongest_section(state, {"indonesia": best})
    played, line = scores(state)["indonesia"], scores(best)["indonesia"]
    assert "With the `expert` bot in Indonesia's seat" in text
    assert f"**{line:.1f}** points" in text and f"As played: **{played:.1f}** points" in text
    assert f"({line - played:+.1f} with the strongest line)" in text


def test_history_names_the_objectors_their_grounds_and_the_norm_stage() -> None:
    state = game(STANDBY)
    text = history_md(state)
    assert "- Who objected then: Singapore (Non-interference), Vietnam (Sovereign equality)" \
        in text
    assert f"  - Round 1, {FORCE}: Singapore (Non-interference), Vietnam (Sovereign equality)" \
        in text
    assert "- Norm stage then: emergence; in this game: emergence" in text
    assert "Singapore blocked as then; Vietnam blocked as then." in text


def test_history_gives_the_ambition_and_clauses_then_and_now() -> None:
    state = game("2020-asean-flag")
    text = history_md(state)
    assert ("- Adopted then: ASEAN flag beside the national flag in UN compounds at ambition "
            "2, with the clause “Command stays national”") in text
    level = state.adopted["asean-flag"]
    assert f"ASEAN flag beside the national flag in UN compounds at ambition {level}" in \
        text.split("- Adopted in this game:")[1]


@pytest.mark.parametrize("sid", bundled_ids())
def test_the_explaining_sections_name_members_and_measures_never_by_id(sid: str) -> None:
    state = game(sid)
    sc = state.scenario
    seats = seats_of(sid, (sc.sponsor,))
    best = {sc.sponsor: strongest_line(state, seats, sc.sponsor)}
    shown = "\n".join([section(state, seats, t) for t in SECTIONS if t != "Archive"]
                      + [strongest_section(state, best)])
    for named in (*sc.members.values(), *sc.measures.values()):
        shown = shown.replace(named.name, "")  # a name may hold its id (early-warning)
    for ident in (*sc.seats, *sc.measures):
        assert not re.search(rf"(?<![\w-]){re.escape(ident)}(?![\w-])", shown), ident


def test_the_export_has_every_part() -> None:
    state = game(STANDBY)
    seats = seats_of(STANDBY, ("indonesia",))
    text = debrief_md(state, seats)
    heads = re.findall(r"^## (.+)$", text, re.M)
    assert heads == ["You", "Strongest line", *SECTIONS[1:]]
    assert "Turning points" in text and "With the `expert` bot in Indonesia's seat" in text


@pytest.mark.parametrize(("field", "code"), [
    ('grounds = { singapore = "N9" }', "M004"),
    ('grounds = { thailand = "N3" }', "R001"),
    ('levels = { apf-internal = 1 }', "R002"),
    ('clauses = ["no-such-clause"]', "R008"),
])
def test_history_data_is_checked(tmp_path: Path, field: str, code: str) -> None:
    text = (BUNDLE / f"{STANDBY}.toml").read_text()
    text = text.replace('grounds = { singapore = "N3", vietnam = "N1" }', field)
    path = tmp_path / f"{STANDBY}.toml"
    path.write_text(text)
    _, problems = check_file(path)
    assert [p.code for p in problems if p.where.startswith("history")] == [code]
