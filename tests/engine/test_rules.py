"""Unit tests of every rule in `game/rules/engine.py`, played on the four-seat lab scenario.

Lab facts the tests lean on (see lab_scenarios/lab.toml): chair order Brunei, Indonesia,
Singapore, Vietnam; Indonesia chairs round 1; lab-drill strains N3 1.2 and N5 0.6 at
ambition 3 of 3; Singapore's red line is N3 above 0.9; Vietnam's is lab-force above 1.
"""

from __future__ import annotations

from pathlib import Path

import attrs
import pytest
from engine_kit import close_floor, declare_all, lab, pass_until, run
from hypothesis import given
from hypothesis import strategies as st

from game import (
    Action,
    GameState,
    IllegalAction,
    LogKind,
    Phase,
    Scenario,
    Verb,
    apply,
    bundled_ids,
    is_over,
    legal_actions,
    load_scenario,
    new_game,
    norm_stage,
    render,
    tableable,
    tabled_strains,
    view,
)
from game.rules.model import Measure
from game.rules.norms import stage, strains

OPEN = ["indonesia convene", "indonesia pass", "singapore pass", "vietnam pass", "brunei pass"]
"""Round 1 up to the tabling phase, nobody consulting."""
FLOOR = ["singapore pass", "vietnam pass", "brunei pass"]
"""After the chair tables: the other seats table nothing, and deliberation opens."""


def rule_of(state: GameState, text: str) -> str:
    with pytest.raises(IllegalAction) as err:
        apply(state, Action.parse(text))
    return err.value.rule


def texts(state: GameState) -> list[str]:
    assert state.to_move is not None
    return [str(a) for a in legal_actions(state, state.to_move)]


def singapore_tables_drill(start: GameState) -> GameState:
    """Round 1 with Singapore (not the chair) sponsoring lab-drill at its top ambition."""
    return close_floor(run(start, [*OPEN, "indonesia pass",
                                   "singapore table lab-drill ambition=3"]))


def quiet_round(state: GameState) -> GameState:
    """Convene and pass until the meeting, at which nobody tables, closes by itself."""
    start = state.round
    while not is_over(state) and state.round == start:
        seat = state.to_move
        assert seat is not None
        state = apply(state, next(a for a in legal_actions(state, seat)
                                  if a.verb in (Verb.CONVENE, Verb.PASS)))
    return state


def briefings(state: GameState) -> list[GameState]:
    """The state at each round's briefing in a game where nobody tables anything."""
    seen = []
    while not is_over(state):
        seen.append(state)
        state = quiet_round(state)
    return seen


# --- the start and the phase flow ---------------------------------------------------

def test_new_game_opens_round_one_briefing_with_the_first_chair(start: GameState) -> None:
    assert (start.phase, start.round, start.chair, start.queue) == (
        "briefing", 1, "indonesia", ("indonesia",))
    assert start.face == {"brunei": 50, "indonesia": 65, "singapore": 60, "vietnam": 55}
    assert start.trust["indonesia"]["singapore"] == 45  # the profile's own figure
    assert start.trust["vietnam"]["brunei"] == 50  # rules.trust.default
    assert start.event == "routine-meeting"


def test_only_the_chair_may_convene(start: GameState) -> None:
    assert legal_actions(start, "brunei") == []
    assert texts(start) == ["indonesia convene"]
    assert rule_of(start, "brunei convene") == "turn-order"


def test_a_round_walks_the_phases_in_order(start: GameState) -> None:
    seen = [start.phase]
    state = run(start, [*OPEN, "indonesia table lab-talks ambition=1", *FLOOR])
    seen.append(state.phase)
    state = declare_all(state)
    seen.append(state.phase)
    state = apply(state, Action.parse("indonesia adjourn"))
    seen.append(state.phase)
    assert seen == ["briefing", "deliberation", "review", "briefing"]
    state = run(start, ["indonesia convene"])
    assert state.phase == "consultation"
    state = run(state, OPEN[1:])
    assert state.phase == "tabling"


def test_blocked_proposal_passes_through_decision(start: GameState) -> None:
    state = run(start, [*OPEN, "indonesia table lab-drill ambition=1", *FLOOR])
    state = declare_all(state, singapore="object reason=N3")
    assert (state.phase, state.to_move) == ("deliberation", "indonesia")
    state = apply(state, Action.parse("indonesia call"))
    assert (state.phase, state.to_move) == ("decision", "indonesia")
    state = apply(state, Action.parse("indonesia withdraw"))
    assert (state.phase, state.to_move) == ("review", "indonesia")


def test_nobody_tabling_closes_the_meeting_with_no_outcome(start: GameState) -> None:
    """Nothing to review: the meeting is adjourned without the chair's click."""
    state = run(start, [*OPEN, "indonesia pass", "singapore pass", "vietnam pass",
                        "brunei pass"])
    assert (state.phase, state.round, state.to_move) == ("briefing", 2, "indonesia")
    assert (state.outcomes[-1].round, state.outcomes[-1].result) == (1, "none")
    assert state.tabled is None


# --- consultation -------------------------------------------------------------------

def test_consultation_goes_round_the_table_from_the_chair(start: GameState) -> None:
    state = run(start, ["indonesia convene"])
    assert state.queue == ("indonesia", "singapore", "vietnam", "brunei")


def test_consulting_builds_trust_both_ways_and_shares_soundings(start: GameState) -> None:
    state = run(start, ["indonesia convene", "indonesia consult vietnam"])
    bump = start.scenario.rules.trust_consult
    assert state.trust["indonesia"]["vietnam"] == start.trust["indonesia"]["vietnam"] + bump
    assert state.trust["vietnam"]["indonesia"] == start.trust["vietnam"]["indonesia"] + bump
    sounding = state.soundings["indonesia"]["vietnam"]
    assert sounding.red_lines == start.scenario.members["vietnam"].red_lines
    assert "indonesia" in state.soundings["vietnam"]
    assert ("indonesia", "vietnam") in state.consulted


def test_a_consultation_is_seen_only_by_the_two_seats(start: GameState) -> None:
    state = run(start, ["indonesia convene", "indonesia consult vietnam"])
    private = state.log[-1]
    assert private.kind == "consult"
    assert private in view(state, "vietnam").log
    assert private not in view(state, "brunei").log
    assert view(state, "brunei").soundings == {}


@pytest.mark.parametrize("target", ["indonesia", "myanmar", "atlantis"])
def test_consult_needs_another_seated_member(start: GameState, target: str) -> None:
    state = run(start, ["indonesia convene"])
    assert rule_of(state, f"indonesia consult {target}") == "consult-target"


# --- the chair ------------------------------------------------------------------------

def chairs(state: GameState) -> list[str]:
    return [s.chair for s in briefings(state)]


def test_the_chair_of_the_year_chairs_every_meeting(tmp_path: Path) -> None:
    """The chairmanship rotates annually (Charter Art. 31): a scenario's meetings are
    those of one chair's year."""
    scenario = lab(tmp_path, rounds=6)
    assert chairs(new_game(scenario)) == ["indonesia"] * 6


def test_speaking_order_follows_english_names_not_ids(tmp_path: Path) -> None:
    renamed = lab(tmp_path, rounds=4, members={"brunei": {"name": "Negara Brunei"}})
    state = run(new_game(renamed), ["indonesia convene"])
    assert state.queue == ("indonesia", "brunei", "singapore", "vietnam")
    assert run(new_game(lab()), ["indonesia convene"]).queue == (
        "indonesia", "singapore", "vietnam", "brunei")


# --- tabling --------------------------------------------------------------------------

def test_tabling_goes_round_the_table_and_the_first_proposal_takes_the_floor(
        start: GameState) -> None:
    state = run(start, OPEN)
    assert (state.phase, state.queue) == ("tabling", ("indonesia", "singapore", "vietnam",
                                                      "brunei"))
    state = run(state, ["indonesia pass", "singapore table lab-trade ambition=2"])
    assert (state.phase, state.to_move) == ("tabling", "vietnam")  # the others speak too
    state = run(state, ["vietnam pass", "brunei pass"])
    assert state.phase == "deliberation"
    assert state.tabled is not None
    assert (state.tabled.sponsor, state.tabled.measure, state.tabled.ambition) == (
        "singapore", "lab-trade", 2)


@pytest.mark.parametrize(("text", "rule"), [
    ("indonesia table standby-force ambition=1", "agenda"),
    ("indonesia table lab-force ambition=1", "prerequisite"),
    ("indonesia table lab-drill ambition=4", "ambition-range"),
    ("indonesia support", "wrong-phase"),
])
def test_what_may_be_tabled(start: GameState, text: str, rule: str) -> None:
    assert rule_of(run(start, OPEN), text) == rule


def test_a_measure_is_tabled_at_an_ambition(start: GameState) -> None:
    with pytest.raises(IllegalAction) as err:
        apply(run(start, OPEN), Action("indonesia", Verb.TABLE, "lab-drill"))
    assert err.value.rule == "ambition-range"


def test_an_adopted_measure_cannot_be_tabled_again(tmp_path: Path) -> None:
    state = run(new_game(lab(tmp_path, adopted=["lab-drill"])), OPEN)
    assert rule_of(state, "indonesia table lab-drill ambition=1") == "already-adopted"
    assert tableable(state) == ["lab-talks", "lab-trade", "lab-force"]
    assert "indonesia table lab-force ambition=4" in texts(state)


def test_tableable_needs_prerequisites(start: GameState) -> None:
    assert tableable(start) == ["lab-talks", "lab-trade", "lab-drill"]


# --- deliberation ---------------------------------------------------------------------

def test_declarations_go_round_the_table_from_the_sponsor(start: GameState) -> None:
    state = singapore_tables_drill(start)
    assert state.queue == ("vietnam", "brunei", "indonesia")


def test_a_red_line_forbids_support(start: GameState) -> None:
    state = run(start, [*OPEN, "indonesia table lab-drill ambition=3", *FLOOR])
    assert state.to_move == "singapore"
    assert rule_of(state, "singapore support") == "red-line"
    assert "singapore support" not in texts(state)
    assert "singapore object reason=red-line" in texts(state)


def test_below_the_red_line_support_is_allowed(start: GameState) -> None:
    state = run(start, [*OPEN, "indonesia table lab-drill ambition=2", *FLOOR])  # N3 strain 0.8
    assert "singapore support" in texts(state)
    assert "singapore object reason=red-line" not in texts(state)


def test_a_measure_red_line_forbids_support_above_its_ambition(tmp_path: Path) -> None:
    state = run(new_game(lab(tmp_path, adopted=["lab-drill"])),
                [*OPEN, "indonesia table lab-force ambition=2", *FLOOR,
                 "singapore reserve ambition=1 reason=N3"])
    assert state.to_move == "vietnam"
    assert rule_of(state, "vietnam support") == "red-line"


@pytest.mark.parametrize(("reason", "legal"), [
    ("N3", True), ("N5", True), ("burden", True), ("N1", False), ("red-line", False),
    ("whim", False)])
def test_an_objection_reason_must_apply(start: GameState, reason: str, legal: bool) -> None:
    state = run(start, [*OPEN, "indonesia table lab-drill ambition=2", *FLOOR])
    action = Action.parse(f"singapore object reason={reason}")
    assert (action in legal_actions(state, "singapore")) is legal
    if not legal:
        assert rule_of(state, str(action)) == "reason"


def test_a_measure_that_strains_nothing_cannot_be_objected_to(start: GameState) -> None:
    state = run(start, [*OPEN, "indonesia table lab-talks ambition=2", *FLOOR])
    assert [t for t in texts(state) if " object " in t] == []
    assert rule_of(state, "singapore object reason=N1") == "reason"


def test_a_reservation_states_its_concern_in_the_log(start: GameState) -> None:
    state = run(start, [*OPEN, "indonesia table lab-drill ambition=2", *FLOOR,
                        "singapore reserve ambition=1 reason=N5"])
    entry = state.log[-1]
    assert (entry.kind, entry.reason) == ("reserve", "N5")
    assert state.tabled is not None and state.tabled.positions["singapore"].reason == "N5"
    assert f"its concern: {start.scenario.rules.norm_names['N5']}" in render(
        entry, state.scenario)


def test_an_objection_costs_the_sponsors_trust(start: GameState) -> None:
    state = run(start, [*OPEN, "indonesia table lab-drill ambition=1", *FLOOR,
                        "singapore object reason=N3"])
    assert state.trust["indonesia"]["singapore"] == (
        start.trust["indonesia"]["singapore"] + start.scenario.rules.trust_object)
    assert state.log[-1].reason == "N3"
    assert start.scenario.rules.norm_names["N3"] in render(state.log[-1], state.scenario)


def test_a_reservation_must_be_below_the_tabled_ambition(start: GameState) -> None:
    state = run(start, [*OPEN, "indonesia table lab-drill ambition=2", *FLOOR])
    assert [t for t in texts(state) if "reserve" in t] == [
        f"singapore reserve {ask} reason={reason}"
        for ask in ("ambition=1", "clause=host-consent") for reason in ("N3", "N5", "burden")]
    assert rule_of(state, "singapore reserve ambition=2 reason=N3") == "ambition-range"


def test_consensus_adopts_at_the_tabled_ambition(start: GameState) -> None:
    state = declare_all(run(start, [*OPEN, "indonesia table lab-drill ambition=2", *FLOOR]))
    assert state.phase == "review"
    assert state.adopted == {"lab-drill": 2}
    assert state.outcomes[-1].result == "adopted"
    assert state.outcomes[-1].objectors == ()


def test_a_reservation_blocks_until_the_sponsor_amends_to_it(start: GameState) -> None:
    state = run(start, [*OPEN, "indonesia table lab-drill ambition=3", *FLOOR])
    state = declare_all(state, singapore="reserve ambition=2 reason=N3")
    assert (state.phase, state.to_move) == ("deliberation", "indonesia")
    assert state.tabled is not None and state.tabled.blocking() == ["singapore"]
    state = apply(state, Action.parse("indonesia amend ambition=2"))
    assert state.phase == "review"
    assert state.adopted == {"lab-drill": 2}


def test_an_amendment_asks_the_objectors_again(start: GameState) -> None:
    state = run(start, [*OPEN, "indonesia table lab-drill ambition=3", *FLOOR])
    state = declare_all(state, singapore="object reason=red-line",
                        brunei="reserve ambition=1 reason=N5")
    state = apply(state, Action.parse("indonesia amend ambition=2"))
    assert state.tabled is not None
    assert dict(state.tabled.positions) == {"vietnam": state.tabled.positions["vietnam"]}
    assert state.queue == ("singapore", "brunei")


@pytest.mark.parametrize("limit", [0, 1, 2])
def test_amendments_are_bounded_by_the_rules(tmp_path: Path, limit: int) -> None:
    scenario = lab(tmp_path, rules={"amendments": {"max": limit}},
                   measures={"lab-drill": {"levels": ["a", "b", "c", "d"]}})
    state = run(new_game(scenario), [*OPEN, "indonesia table lab-drill ambition=4", *FLOOR])
    state = declare_all(state, singapore="object reason=N5")
    amended = 0
    while any(a.verb == "amend" for a in legal_actions(state, "indonesia")):
        assert state.tabled is not None
        state = apply(state, Action("indonesia", Verb.AMEND, ambition=state.tabled.ambition - 1))
        state = declare_all(state, singapore="object reason=N5")
        amended += 1
    assert amended == limit
    assert texts(state) == ["indonesia call", "indonesia informals"]


def test_the_sponsor_cannot_amend_below_ambition_one(start: GameState) -> None:
    state = run(start, [*OPEN, "indonesia table lab-drill ambition=1", *FLOOR])
    state = declare_all(state, singapore="object reason=N3")
    assert texts(state) == ["indonesia amend clause=host-consent", "indonesia call",
                            "indonesia informals"]
    assert rule_of(state, "indonesia amend ambition=1") == "ambition-range"


# --- the chair's compromise -----------------------------------------------------------

def test_the_chair_may_offer_a_compromise_when_someone_blocks(start: GameState) -> None:
    state = singapore_tables_drill(start)
    state = declare_all(state, vietnam="object reason=N5")
    assert state.to_move == "indonesia"
    assert texts(state) == ["indonesia compromise ambition=1", "indonesia compromise ambition=2",
                            "indonesia compromise clause=host-consent", "indonesia informals",
                            "indonesia pass"]
    state = apply(state, Action.parse("indonesia compromise ambition=2"))
    assert state.tabled is not None
    assert (state.tabled.ambition, state.tabled.compromise, state.tabled.amendments) == (2, True,
                                                                                       0)
    assert state.queue == ("vietnam",)  # supporters stand, the objector speaks again


def test_objecting_to_the_compromise_costs_face(start: GameState) -> None:
    state = declare_all(singapore_tables_drill(start), vietnam="object reason=N5")
    state = run(state, ["indonesia compromise ambition=2"])
    before = state.face["vietnam"]
    state = apply(state, Action.parse("vietnam object reason=N3"))
    assert state.face["vietnam"] == before + start.scenario.rules.face_object_compromise


def test_objecting_before_a_compromise_costs_no_face(start: GameState) -> None:
    state = run(singapore_tables_drill(start), ["vietnam object reason=N5"])
    assert state.face == start.face


def test_the_compromise_is_offered_once_per_tabling(start: GameState) -> None:
    state = declare_all(singapore_tables_drill(start), vietnam="object reason=N5")
    state = run(state, ["indonesia compromise ambition=2", "vietnam object reason=N3"])
    assert texts(state) == ["indonesia informals", "indonesia pass"]
    state = run(state, ["indonesia pass"])
    assert state.to_move == "singapore"
    assert "singapore call" in texts(state)
    assert all(a.verb != "compromise" for a in legal_actions(state, "singapore"))


def test_a_chair_declining_to_compromise_hands_the_floor_to_the_sponsor(
        start: GameState) -> None:
    state = declare_all(singapore_tables_drill(start), vietnam="object reason=N5")
    state = apply(state, Action.parse("indonesia pass"))
    assert state.to_move == "singapore"
    assert texts(state) == ["singapore amend ambition=1", "singapore amend ambition=2",
                            "singapore amend clause=host-consent", "singapore call"]


def test_a_chair_who_sponsors_offers_no_compromise(start: GameState) -> None:
    state = run(start, [*OPEN, "indonesia table lab-drill ambition=2", *FLOOR])
    state = declare_all(state, singapore="object reason=N3")
    assert state.to_move == "indonesia"
    assert all(a.verb not in ("compromise", "pass") for a in legal_actions(state, "indonesia"))


# --- the sponsor's decision -----------------------------------------------------------

def blocked_decision(start: GameState) -> GameState:
    state = run(start, [*OPEN, "indonesia table lab-drill ambition=1", *FLOOR])
    state = declare_all(state, singapore="object reason=N3", vietnam="object reason=burden")
    return apply(state, Action.parse("indonesia call"))


def test_withdrawing_costs_the_sponsor_face(start: GameState) -> None:
    state = apply(blocked_decision(start), Action.parse("indonesia withdraw"))
    rules = start.scenario.rules
    assert state.face == {**start.face, "indonesia": start.face["indonesia"] + rules.face_withdraw}
    assert state.outcomes[-1].result == "withdrawn"
    assert state.adopted == {}


def test_deferring_costs_face_and_is_counted(start: GameState) -> None:
    state = apply(blocked_decision(start), Action.parse("indonesia defer"))
    rules = start.scenario.rules
    assert state.face["indonesia"] == start.face["indonesia"] + rules.face_defer
    assert state.deferred == {"lab-drill": 1}
    assert state.outcomes[-1].result == "deferred"


def test_pressing_costs_face_and_trust_on_both_sides(start: GameState) -> None:
    before = blocked_decision(start)
    state = apply(before, Action.parse("indonesia press"))
    r = start.scenario.rules
    assert state.outcomes[-1].result == "failed"
    assert state.outcomes[-1].objectors == ("singapore", "vietnam")
    assert state.face == {"brunei": 50, "indonesia": 65 + r.face_press_sponsor,
                          "singapore": 60 + r.face_press_objector,
                          "vietnam": 55 + r.face_press_objector}
    for objector in ("singapore", "vietnam"):
        assert state.trust[objector]["indonesia"] == (before.trust[objector]["indonesia"]
                                                      + r.trust_press)
        assert state.trust["indonesia"][objector] == (before.trust["indonesia"][objector]
                                                      + r.trust_press)
    assert state.trust["brunei"] == before.trust["brunei"]


def test_deferral_is_impossible_in_the_last_round(tmp_path: Path) -> None:
    state = blocked_decision(new_game(lab(tmp_path, rounds=1)))
    assert sorted(texts(state)) == ["indonesia press", "indonesia withdraw"]
    assert rule_of(state, "indonesia defer") == "wrong-phase"


def test_face_stays_within_the_rules_bounds(tmp_path: Path) -> None:
    scenario = lab(tmp_path, rules={"face": {"press_sponsor": -100, "press_objector": 100}})
    state = apply(blocked_decision(new_game(scenario)), Action.parse("indonesia press"))
    assert state.face["indonesia"] == scenario.rules.face_min
    assert state.face["singapore"] == scenario.rules.face_max


def test_each_deferral_relieves_the_strain(start: GameState) -> None:
    def strain_after(deferrals: int) -> dict[str, float]:
        state = start
        for _ in range(deferrals):
            state = apply(blocked_decision(state), Action.parse("indonesia defer"))
        return tabled_strains(state, "lab-drill", 3)

    relief = start.scenario.rules.deferral_relief
    assert strain_after(0) == pytest.approx({"N3": 1.2, "N5": 0.6})
    assert strain_after(1) == pytest.approx({"N3": 1.2 - relief, "N5": 0.6 - relief})


def table_drill_and_defer(state: GameState) -> GameState:
    """Indonesia tables lab-drill at 3, Singapore objects on its red line, Indonesia defers."""
    state = pass_until(state, "tabling")
    while state.to_move != "indonesia":
        state = apply(state, Action.parse(f"{state.to_move} pass"))
    state = run(state, ["indonesia table lab-drill ambition=3", *FLOOR])
    assert rule_of(state, "singapore support") == "red-line"
    state = declare_all(state, singapore="object reason=red-line")
    if state.to_move == state.chair != "indonesia":
        state = apply(state, Action.parse(f"{state.chair} pass"))
    state = run(state, ["indonesia call", "indonesia defer"])
    return apply(state, Action.parse(f"{state.chair} adjourn"))


def test_deferrals_can_bring_a_measure_under_a_red_line(start: GameState) -> None:
    state = table_drill_and_defer(table_drill_and_defer(start))  # rounds 1 and 2
    assert state.deferred == {"lab-drill": 2}
    state = pass_until(state, "tabling")  # round 3: N3 strain 1.2 - 2 * 0.25 = 0.7 < 0.9
    while state.to_move != "indonesia":
        state = apply(state, Action.parse(f"{state.to_move} pass"))
    state = declare_all(run(state, ["indonesia table lab-drill ambition=3", *FLOOR]))
    assert state.adopted == {"lab-drill": 3}


# --- ASEAN minus X --------------------------------------------------------------------

def pressed(tmp_path: Path, measure: str, objectors: dict[str, str], answer: str = "accept",
            **minus_x: object) -> GameState:
    """Press `measure` over `objectors`; if minus X could apply, each objector asked to
    stand aside gives `answer`."""
    scenario = lab(tmp_path, rules={"minus_x": minus_x}) if minus_x else lab()
    state = run(new_game(scenario), [*OPEN, f"indonesia table {measure} ambition=1"])
    state = declare_all(state, **objectors)
    state = run(state, ["indonesia call", "indonesia press"])
    while state.phase is Phase.DECISION and state.to_move in objectors:
        state = run(state, [f"{state.to_move} {answer}"])
    return state


def test_minus_x_needs_every_objectors_consent(tmp_path: Path) -> None:
    """Art. 21(2): minus X applies only "where there is a consensus to do so"."""
    objectors = {"singapore": "object reason=N1", "vietnam": "object reason=N1"}
    scenario = lab(tmp_path, rules={"minus_x": {"enabled": True}})
    state = run(new_game(scenario), [*OPEN, "indonesia table lab-trade ambition=1"])
    state = run(declare_all(state, **objectors), ["indonesia call", "indonesia press"])
    asked = state.log[-1]
    assert (asked.kind, asked.seats) == (LogKind.MINUS_X_ASKED,
                                         ("indonesia", "singapore", "vietnam"))
    assert [str(a) for a in legal_actions(state, "singapore")] == ["singapore accept",
                                                                   "singapore decline"]
    assert state.adopted == {} and state.face == run(state, []).face
    state = run(state, ["singapore accept"])
    assert state.log[-1].kind is LogKind.CONSENT and state.to_move == "vietnam"
    refused = run(state, ["vietnam decline"])
    assert [e.kind for e in refused.log[-2:]] == [LogKind.REFUSE, LogKind.FAILED]
    assert refused.outcomes[-1].result == "failed" and refused.adopted == {}
    agreed = run(state, ["vietnam accept"])
    assert agreed.outcomes[-1].result == "adopted-minus-x"
    assert agreed.opted_out == {"lab-trade": ("singapore", "vietnam")}


def test_a_refused_minus_x_costs_what_a_failed_press_costs(tmp_path: Path) -> None:
    objectors = {"singapore": "object reason=N1"}
    refused = pressed(tmp_path, "lab-trade", objectors, "decline", enabled=True)
    off = pressed(tmp_path, "lab-trade", objectors)
    assert refused.outcomes[-1].result == off.outcomes[-1].result == "failed"
    assert refused.face == off.face and refused.trust == off.trust


def test_minus_x_is_off_by_default(tmp_path: Path) -> None:
    state = pressed(tmp_path, "lab-trade", {"singapore": "object reason=N1"})
    assert state.outcomes[-1].result == "failed"
    assert state.adopted == {}


def test_minus_x_adopts_a_non_security_measure_without_the_objectors(tmp_path: Path) -> None:
    state = pressed(tmp_path, "lab-trade", {"singapore": "object reason=N1"}, enabled=True)
    assert state.outcomes[-1].result == "adopted-minus-x"
    assert state.adopted == {"lab-trade": 1}
    assert state.opted_out == {"lab-trade": ("singapore",)}
    assert state.capability["singapore"] == state.scenario.members["singapore"].capability
    assert state.capability["brunei"] > state.scenario.members["brunei"].capability


def test_minus_x_leaves_security_measures_alone_unless_the_scenario_says(
        tmp_path: Path) -> None:
    blocked = pressed(tmp_path, "lab-drill", {"singapore": "object reason=N3"}, enabled=True)
    assert blocked.outcomes[-1].result == "failed"
    allowed = pressed(tmp_path, "lab-drill", {"singapore": "object reason=N3"}, enabled=True,
                      security=True)
    assert allowed.outcomes[-1].result == "adopted-minus-x"


def test_minus_x_has_a_most_objectors_limit(tmp_path: Path) -> None:
    objectors = {"singapore": "object reason=N1", "vietnam": "object reason=N1"}
    assert pressed(tmp_path, "lab-trade", objectors, enabled=True,
                   max_objectors=1).outcomes[-1].result == "failed"
    assert pressed(tmp_path, "lab-trade", objectors, enabled=True,
                   max_objectors=2).outcomes[-1].result == "adopted-minus-x"


# --- review and the norm life cycle ---------------------------------------------------

def test_an_adoption_raises_capability_face_trust_and_the_sponsor_holds_the_norm(
        start: GameState) -> None:
    state = run(start, [*OPEN, "indonesia pass", "singapore table lab-drill ambition=2"])
    state = declare_all(state)
    r = start.scenario.rules
    sc = start.scenario
    assert state.phase == "review"
    share = 2 / sc.measures["lab-drill"].max_ambition  # the sponsor's face by the share agreed
    assert state.face["singapore"] == pytest.approx(start.face["singapore"]
                                                    + r.face_adopted_sponsor * share)
    assert state.face["indonesia"] == start.face["indonesia"] + r.face_adopted_chair
    for seat in ("brunei", "indonesia", "vietnam"):
        assert state.trust[seat]["singapore"] == start.trust[seat]["singapore"] + \
            r.trust_adopted_support
        assert state.capability[seat] == pytest.approx(
            min(5.0, sc.members[seat].capability + 0.3 * 2 / 3))
    # Supporting is not conviction: only the sponsor of the intrusive text holds the norm.
    assert state.norm_adopters == frozenset({"indonesia", "singapore"})
    assert norm_stage(state) == "cascade"


def test_supporting_a_level_one_text_does_not_make_an_adopter(
        start: GameState) -> None:
    state = run(start, [*OPEN, "indonesia pass", "singapore table lab-drill ambition=2"])
    state = declare_all(state, vietnam="reserve ambition=1 reason=burden")
    state = run(state, ["indonesia pass", "singapore amend ambition=1"])  # chair: no text
    assert state.phase == "review" and state.adopted == {"lab-drill": 1}
    assert state.norm_adopters == frozenset({"indonesia", "singapore"})


def test_a_low_intrusiveness_adoption_does_not_spread_the_norm(start: GameState) -> None:
    state = declare_all(run(start, [*OPEN, "indonesia table lab-talks ambition=2", *FLOOR]))
    assert state.adopted == {"lab-talks": 2}
    assert state.norm_adopters == frozenset({"indonesia"})
    assert norm_stage(state) == "emergence"


def test_norm_stages_follow_the_tipping_point(lab_scenario: Scenario) -> None:
    rules = lab_scenario.rules
    held = rules.internalization_meetings
    assert [stage(n, 4, rules, held) for n in range(5)] == [
        "emergence", "emergence", "cascade", "cascade", "internalization"]


def test_internalization_needs_the_share_held_over_several_meetings(
        lab_scenario: Scenario) -> None:
    rules = lab_scenario.rules
    assert rules.internalization_meetings == 3
    assert [stage(4, 4, rules, held) for held in range(5)] == [
        "cascade", "cascade", "cascade", "internalization", "internalization"]


def test_the_tipping_point_is_a_scenario_rule(tmp_path: Path) -> None:
    rules = lab(tmp_path, rules={"norm": {"tipping_point": 0.6}}).rules
    assert [stage(n, 4, rules, 3) for n in range(5)] == [
        "emergence", "emergence", "emergence", "cascade", "internalization"]


def test_neither_objectors_nor_supporters_adopt_the_norm_by_voting(tmp_path: Path) -> None:
    state = pressed(tmp_path, "lab-drill", {"singapore": "object reason=N3"}, enabled=True,
                    security=True)
    assert state.outcomes[-1].result == "adopted-minus-x"
    assert state.norm_adopters == frozenset({"indonesia"})
    assert norm_stage(state) == "emergence"


# --- event cards ----------------------------------------------------------------------

DECK = ["routine-meeting", "maritime-crime", "natural-disaster", "migrant-boat-crisis",
        "border-clash"]


def all_cards(state: GameState) -> list[str]:
    return [s.event for s in briefings(state)]


def test_event_cards_are_drawn_from_the_seed(tmp_path: Path) -> None:
    scenario = lab(tmp_path, events=DECK)
    draws = {seed: all_cards(new_game(scenario, seed)) for seed in range(30)}
    assert draws[7] == all_cards(new_game(scenario, 7))
    drawn = {card for cards in draws.values() for card in cards}
    assert len(drawn) >= 2, "different seeds should draw different cards"
    assert drawn <= {"routine-meeting", "maritime-crime", "natural-disaster"}


def test_the_card_does_not_depend_on_the_moves(tmp_path: Path) -> None:
    scenario = lab(tmp_path, events=DECK)
    quiet = quiet_round(new_game(scenario, 3))
    busy = declare_all(run(new_game(scenario, 3),
                           [*OPEN, "indonesia table lab-trade ambition=1", *FLOOR]))
    busy = apply(busy, Action.parse("indonesia adjourn"))
    assert quiet.round == busy.round == 2 and quiet.event == busy.event


def test_a_scheduled_card_overrides_the_deck(tmp_path: Path) -> None:
    scenario = lab(tmp_path, events=DECK, schedule={"2": "natural-disaster"})
    for seed in range(5):
        assert all_cards(new_game(scenario, seed))[1] == "natural-disaster"


def test_a_card_is_not_drawn_before_its_first_round(tmp_path: Path) -> None:
    scenario = lab(tmp_path, events=["routine-meeting", "late"], cards={"late": {
        "name": "Late", "text": "Comes late.", "min_round": 3}})
    for seed in range(20):
        cards = all_cards(new_game(scenario, seed))
        assert "late" not in cards[:2]


def test_a_card_changes_face_trust_and_strain_for_its_round(tmp_path: Path) -> None:
    scenario = lab(tmp_path, schedule={"1": "scandal"}, cards={"scandal": {
        "name": "Scandal", "text": "A scandal.", "face": {"vietnam": -5},
        "trust": {"vietnam": -4}, "strain": {"N3": 0.3}}})
    state = new_game(scenario)
    assert state.event == "scandal"
    assert state.face["vietnam"] == 50
    assert all(state.trust[s]["vietnam"] == 46 for s in ("brunei", "indonesia", "singapore"))
    assert tabled_strains(state, "lab-drill", 3) == pytest.approx({"N3": 1.5, "N5": 0.6})
    assert view(state, "brunei").event is not None


# --- the end --------------------------------------------------------------------------

def test_the_game_is_over_after_the_last_round(start: GameState) -> None:
    state = start
    while not is_over(state):
        state = quiet_round(state)
    assert (state.phase, state.round, state.queue, state.to_move) == ("over", 3, (), None)
    assert all(legal_actions(state, seat) == [] for seat in state.scenario.seats)
    assert rule_of(state, "vietnam adjourn") == "game-over"


def test_an_illegal_action_names_its_rule_and_changes_nothing(start: GameState) -> None:
    before = start.digest()
    with pytest.raises(IllegalAction) as err:
        apply(start, Action.parse("vietnam convene"))
    assert err.value.rule == "turn-order"
    assert "vietnam convene" in str(err.value) and "indonesia" in err.value.message
    assert start.digest() == before


def test_an_unseated_member_cannot_act(start: GameState) -> None:
    assert rule_of(start, "myanmar convene") == "unknown-seat"


def test_a_verb_that_takes_no_target_refuses_one(start: GameState) -> None:
    state = run(start, [*OPEN, "indonesia table lab-drill ambition=2", *FLOOR])
    with pytest.raises(IllegalAction) as err:
        apply(state, Action("singapore", Verb.SUPPORT, target="lab-drill"))
    assert err.value.rule == "syntax"


def test_measures_in_force_start_at_the_level_agreed(tmp_path: Path) -> None:
    """Already-adopted measures carry the ambition actually agreed, not their top."""
    agreed = lab(tmp_path, adopted=["lab-drill"], adopted_levels={"lab-drill": 1})
    assert new_game(agreed).adopted == {"lab-drill": 1}
    assert new_game(lab(tmp_path, adopted=["lab-drill"])).adopted == {"lab-drill": 3}


@pytest.mark.parametrize(("levels", "code"), [({"lab-drill": 4}, "M005"),
                                              ({"lab-drill": 1.5}, "M005"),
                                              ({"lab-force": 1}, "R002")])
def test_a_level_agreed_must_be_a_level_of_a_measure_in_force(
        tmp_path: Path, levels: dict[str, float], code: str) -> None:
    from engine_kit import write_variant

    from game import check_file

    path = write_variant(tmp_path, {"adopted": ["lab-drill"], "adopted_levels": levels})
    scenario, problems = check_file(path)
    assert scenario is None and code in [p.code for p in problems]


@given(name=st.sampled_from(bundled_ids()), data=st.data())
def test_a_texts_strain_is_the_same_whatever_the_order_of_its_clauses(
        name: str, data: st.DataObject) -> None:
    """Bit for bit, so every process and every bot agrees on it, and what the measure
    keeps is what a fresh measure works out."""
    sc = load_scenario(name)
    measure = sc.measures[data.draw(st.sampled_from(sorted(sc.measures)))]
    ambition = data.draw(st.integers(1, measure.max_ambition))
    event = data.draw(st.sampled_from([None, *sc.events.values()]))
    clauses = data.draw(st.lists(st.sampled_from(sorted(sc.rules.clauses)), unique=True))
    shuffled = data.draw(st.permutations(clauses))
    deferrals = data.draw(st.integers(0, 3))
    relief = sc.rules.deferral_relief

    def load(names: list[str], of: Measure = measure) -> dict[str, float]:
        return dict(strains(of, ambition, event, deferrals, relief,
                            [sc.rules.clauses[c] for c in names]))

    kept = load(clauses)
    assert load(shuffled) == kept
    assert load(clauses, attrs.evolve(measure)) == kept  # a fresh measure, nothing kept
