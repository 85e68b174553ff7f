"""The chair's good offices (Charter Art. 32(c)): it sets the order of the agenda and
may once per meeting call informal consultations on a blocked item; and a meeting with
no business closes without anyone clicking through it."""

from __future__ import annotations

from pathlib import Path

from engine_kit import lab, run

from game import Action, LogKind, Phase, legal_actions, new_game
from game.rules.enums import Result

CONVENED = ["indonesia convene", "indonesia pass", "singapore pass", "vietnam pass",
            "brunei pass"]
TWO_ITEMS = [*CONVENED, "indonesia table lab-trade ambition=2",
             "singapore table lab-drill ambition=1", "vietnam pass", "brunei pass"]
BLOCKED = [*CONVENED, "indonesia pass", "singapore table lab-drill ambition=3",
           "vietnam pass", "brunei pass", "vietnam object reason=N5", "brunei support",
           "indonesia support"]


def test_the_chair_chooses_which_item_is_deliberated_first() -> None:
    state = run(new_game(lab(), 1), [*TWO_ITEMS, "indonesia take-up lab-drill"])
    state = run(state, ["vietnam support", "brunei support", "indonesia support"])
    # lab-drill, tabled second, was decided first; lab-trade follows without asking.
    assert [o.measure for o in state.outcomes] == ["lab-drill"]
    assert state.tabled is not None and state.tabled.measure == "lab-trade"
    taken = [e for e in state.log if e.kind is LogKind.TAKE_UP]
    assert [(e.seats, e.measure) for e in taken] == [(("indonesia", "singapore"), "lab-drill")]


def test_a_single_item_is_taken_up_without_asking() -> None:
    state = run(new_game(lab(), 1), [*CONVENED, "indonesia pass",
                                     "singapore table lab-drill ambition=3", "vietnam pass"])
    state = run(state, ["brunei pass"])
    assert state.phase is Phase.DELIBERATION and state.to_move == "vietnam"
    assert not any(e.kind is LogKind.TAKE_UP for e in state.log)


def test_informals_hear_the_blockers_again_and_keep_the_supporters() -> None:
    state = run(new_game(lab(), 1), [*BLOCKED, "indonesia informals"])
    assert state.phase is Phase.CONSULTATION
    assert state.queue == ("indonesia", "singapore", "vietnam", "brunei")
    assert state.tabled is not None
    assert set(state.tabled.positions) == {"brunei", "indonesia"}
    state = run(state, ["indonesia consult vietnam", "singapore pass", "vietnam pass",
                        "brunei pass"])
    assert state.phase is Phase.DELIBERATION and state.queue == ("vietnam",)
    state = run(state, ["vietnam support"])
    assert state.outcomes[-1].result is Result.ADOPTED
    kinds = [e.kind for e in state.log]
    assert kinds.count(LogKind.INFORMALS) == 1 and kinds.count(LogKind.CONVENE) == 1


def test_informals_are_called_once_per_meeting_and_again_at_the_next() -> None:
    state = run(new_game(lab(), 1), [*BLOCKED, "indonesia informals", "indonesia pass",
                                     "singapore pass", "vietnam pass", "brunei pass",
                                     "vietnam object reason=N5"])
    assert state.to_move == "indonesia"
    assert Action.parse("indonesia informals") not in legal_actions(state, "indonesia")
    state = run(state, ["indonesia pass", "singapore call", "singapore defer",
                        "indonesia adjourn", "indonesia convene"])
    assert state.round == 2 and state.informals == 0


def test_the_chair_as_sponsor_may_call_informals_on_its_own_item() -> None:
    state = run(new_game(lab(), 1), [*CONVENED, "indonesia table lab-drill ambition=3",
                                     "singapore pass", "vietnam pass", "brunei pass",
                                     "singapore object reason=red-line", "vietnam support",
                                     "brunei support"])
    assert Action.parse("indonesia informals") in legal_actions(state, "indonesia")


def test_a_meeting_where_nothing_is_tabled_needs_no_adjournment() -> None:
    state = run(new_game(lab(), 1), [*CONVENED, "indonesia pass", "singapore pass",
                                     "vietnam pass", "brunei pass"])
    assert state.phase is Phase.BRIEFING and state.round == 2
    assert [e.kind for e in state.log][-4:-1] == [LogKind.NO_ITEM, LogKind.ADJOURN,
                                                 LogKind.ROUND]


def test_meetings_with_nothing_tableable_are_held_for_form(tmp_path: Path) -> None:
    """Nothing on the agenda can be tabled (its prerequisite is not on it): every
    meeting is held for form, its event card applied, and the game is over at once."""
    scenario = lab(tmp_path, agenda=["lab-force"], focus="lab-force")
    state = new_game(scenario, 1)
    assert state.phase is Phase.OVER
    assert [o.result for o in state.outcomes] == [Result.NONE] * scenario.rounds
    assert [e.kind for e in state.log].count(LogKind.NO_BUSINESS) == scenario.rounds
    assert [e.kind for e in state.log].count(LogKind.ROUND) == scenario.rounds
