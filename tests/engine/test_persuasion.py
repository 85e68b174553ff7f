"""Norm change by persuasion: a norm holder argues in the consultation, the target's
sensitivity moves a step, and it adopts the norm only when its own weighing crosses.

Lab facts (lab_scenarios/lab.toml): Indonesia (capability 4.5) holds the norm and chairs
every meeting; Brunei's N1 and N3 sensitivities are 1.2 and 1.4 (mean 1.3); persuasion
moves N1 and N3 by 0.05 + 0.02 per point of capability + 0.01 per point of trust above 50,
and a seat adopts the norm at a mean of 1.0.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from engine_kit import lab, next_meeting, run, write_variant
from hypothesis import given, settings
from hypothesis import strategies as st

from game import Action, GameState, IllegalAction, apply, legal_actions, new_game, view
from game.rules.enums import LogKind
from game.rules.norms import persuasion_step, weighing
from game.scenario.loader import load_scenario


def persuade_each_round(state: GameState, target: str, rounds: int) -> list[GameState]:
    """Indonesia (the chair) persuades `target` at the start of each of `rounds` meetings;
    the state after each persuasion."""
    after = []
    for _ in range(rounds):
        state = run(state, ["indonesia convene", f"indonesia persuade {target}"])
        after.append(state)
        state = next_meeting(state)
    return after


def expected_step(state: GameState, persuader: str, target: str) -> float:
    r = state.scenario.rules
    return (r.persuasion_step + r.persuasion_per_capability * state.capability[persuader]
            + r.persuasion_per_trust * (state.trust[target][persuader] - r.trust_default))


def test_persuasion_moves_the_targets_strained_norms_by_the_step(start: GameState) -> None:
    state = run(start, ["indonesia convene", "indonesia persuade brunei"])
    step = expected_step(start, "indonesia", "brunei")
    assert step == pytest.approx(0.14)
    assert state.norm_shift == {"brunei": {"N1": pytest.approx(-step),
                                           "N3": pytest.approx(-step)}}
    moved = view(state, "brunei").me.sensitivity
    base = start.scenario.members["brunei"].sensitivity
    assert moved["N1"] == pytest.approx(base["N1"] - step)
    assert moved["N3"] == pytest.approx(base["N3"] - step)
    assert moved["N2"] == base["N2"]
    assert "brunei" not in state.norm_adopters  # 1.3 - 0.14 is still above 1.0
    assert state.to_move == "singapore"  # it cost Indonesia its consultation
    assert state.trust == start.trust


def test_the_step_grows_with_trust_and_the_peacekeeping_record(tmp_path: Path) -> None:
    rules = lab().rules
    assert persuasion_step(rules, 4.5, 70) > persuasion_step(rules, 4.5, 50) > \
        persuasion_step(rules, 1.0, 50)
    assert persuasion_step(rules, 0.0, 0) == 0.0  # distrust never pushes the other way
    trusted = lab(tmp_path, members={"brunei": {"trust": {"indonesia": 70}}})
    state = run(new_game(trusted, 1), ["indonesia convene", "indonesia persuade brunei"])
    assert state.norm_shift["brunei"]["N1"] == pytest.approx(-0.34)


def test_a_member_adopts_when_its_own_weighing_crosses(start: GameState) -> None:
    rules = start.scenario.rules
    states = persuade_each_round(start, "brunei", 3)
    weighings = [weighing(view(s, "brunei").me.sensitivity, rules) for s in states]
    assert weighings == pytest.approx([1.16, 1.02, 0.88])
    assert ["brunei" in s.norm_adopters for s in states] == [False, False, True]
    adopted = [e for e in states[-1].log if e.kind is LogKind.NORM_ADOPTED]
    assert [(e.seats, e.seen_by) for e in adopted] == [(("brunei",), ())]  # public


def test_only_a_norm_holder_persuades_and_only_one_without_the_norm(start: GameState
                                                                      ) -> None:
    state = run(start, ["indonesia convene"])
    assert {str(a) for a in legal_actions(state, "indonesia") if a.verb == "persuade"} == {
        "indonesia persuade brunei", "indonesia persuade singapore",
        "indonesia persuade vietnam"}
    state = run(state, ["indonesia pass"])
    assert not [a for a in legal_actions(state, "singapore") if a.verb == "persuade"]
    with pytest.raises(IllegalAction) as err:
        apply(state, Action.parse("singapore persuade brunei"))
    assert err.value.rule == "wrong-phase"


def test_persuasion_is_private_to_the_two_seats(start: GameState) -> None:
    state = run(start, ["indonesia convene", "indonesia persuade brunei"])
    entry = state.log[-1]
    assert entry.kind is LogKind.PERSUADE and entry.seen_by == ("indonesia", "brunei")
    for seat in ("indonesia", "brunei"):
        assert entry in view(state, seat).log
    for seat in ("singapore", "vietnam"):
        assert entry not in view(state, seat).log
        assert view(state, seat).me == start.scenario.members[seat]


def test_a_sounding_shows_the_moved_sensitivity(start: GameState) -> None:
    state = persuade_each_round(start, "brunei", 1)[0]
    state = next_meeting(state)
    state = run(state, ["indonesia convene", "indonesia pass", "singapore consult brunei"])
    assert (view(state, "singapore").soundings["brunei"].sensitivity
            == view(state, "brunei").me.sensitivity)
    assert view(state, "brunei").me.sensitivity["N1"] < start.scenario.members[
        "brunei"].sensitivity["N1"]


def test_internalization_needs_the_share_held_over_several_meetings(tmp_path: Path) -> None:
    everyone = lab(tmp_path, norm_adopters=["brunei", "indonesia", "singapore", "vietnam"])
    state = new_game(everyone, 1)
    stages = []
    for _ in range(everyone.rounds):
        state = next_meeting(state)
        stages.append((state.norm_held, view(state, "vietnam").stage))
    assert everyone.rules.internalization_meetings == 3
    assert stages == [(1, "cascade"), (2, "cascade"), (3, "internalization")]


@settings(max_examples=20, deadline=None)
@given(step=st.floats(0, 3), per_trust=st.floats(0, 1), n1=st.floats(0, 3),
       n3=st.floats(0, 3), trust=st.integers(0, 100))
def test_persuasion_never_takes_a_sensitivity_below_zero(
        step: float, per_trust: float, n1: float, n3: float, trust: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        sc = load_scenario(write_variant(Path(folder), {
            "rules": {"persuasion": {"step": step, "per_trust": per_trust,
                                     "norms": {"N1": n1, "N3": n3}}},
            "members": {"vietnam": {"trust": {"indonesia": trust}}}}))
    base = sc.members["vietnam"].sensitivity
    state = new_game(sc, 1)
    for _ in range(sc.rounds):
        if "vietnam" in state.norm_adopters:
            break  # no longer a target
        before = state.norm_adopters
        state = persuade_each_round(state, "vietnam", 1)[0]
        moved = view(state, "vietnam").me.sensitivity
        assert all(0 <= moved[n] <= base[n] for n in base)
        assert before <= state.norm_adopters <= before | {"vietnam"}
        state = next_meeting(state)
