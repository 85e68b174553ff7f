"""Event cards that put a choice to a seat, and the card that makes the chair stand aside
(issue "Rules 2", item 7: events are choices)."""

from __future__ import annotations

import attrs
import pytest

from game import Action, GameState, LogKind, Scenario, apply, legal_actions, load_scenario, view
from game.bots.hard import HardBot
from game.bots.historical import HistoricalBot
from game.rules.engine import chooser, current_event, new_game
from game.rules.model import Choice, Option
from game.scenario.loader import bundled_ids

ALL_SEATS = "2027-crisis"
"""The bundled scenario seating every member, with every shared card in its deck."""


def scheduled(card: str, sid: str = ALL_SEATS, **changes: object) -> GameState:
    """A new game of `sid` whose first briefing draws `card`."""
    sc = load_scenario(sid)
    return new_game(attrs.evolve(sc, schedule={1: card}, **changes), seed=1)


def choice_cards(sc: Scenario) -> list[str]:
    return [e for e in sc.deck if sc.events[e].choice is not None]


@pytest.mark.parametrize("sid", bundled_ids())
def test_a_third_of_every_deck_puts_a_choice(sid: str) -> None:
    sc = load_scenario(sid)
    if sc.deck:
        assert 3 * len(choice_cards(sc)) >= len(sc.deck), (sid, choice_cards(sc))


def test_a_third_of_all_cards_put_a_choice() -> None:
    events = load_scenario(ALL_SEATS).events
    assert 3 * sum(e.choice is not None for e in events.values()) >= len(events)


@pytest.mark.parametrize("card", choice_cards(load_scenario(ALL_SEATS)))
@pytest.mark.parametrize("verb", ["accept", "decline"])
def test_each_choice_card_is_answered_by_its_seat_with_its_effects(card: str, verb: str
                                                                   ) -> None:
    state = scheduled(card)
    event = state.scenario.events[card]
    assert event.choice is not None
    seat = {"chair": state.chair, "sponsor": state.scenario.sponsor}.get(
        event.choice.chooser, event.choice.chooser)
    assert state.to_move == chooser(state) == seat
    assert [str(a) for a in legal_actions(state, seat)] == [f"{seat} accept",
                                                            f"{seat} decline"]
    option: Option = getattr(event.choice, verb)
    after = apply(state, Action.parse(f"{seat} {verb}"))
    assert after.face[seat] == pytest.approx(state.face[seat] + option.face)
    assert after.capability[seat] == pytest.approx(state.capability[seat] + option.capability)
    other = next(s for s in state.scenario.seats if s != seat)
    assert after.trust[other][seat] == pytest.approx(state.trust[other][seat] + option.trust)
    played = current_event(after)
    assert played is not None and played.choice is None
    for norm, shift in option.strain.items():
        assert played.strain[norm] == pytest.approx(event.strain.get(norm, 0.0) + shift)
    for measure, boost in option.boost.items():
        assert played.boost[measure] == pytest.approx(event.boost.get(measure, 0.0) + boost)
    assert after.log[-1].kind is (LogKind.ACCEPTED if verb == "accept" else LogKind.DECLINED)
    assert after.to_move == state.chair and [str(a) for a in legal_actions(
        after, state.chair)] == [f"{state.chair} convene"]
    assert view(after, other).event == played  # every seat sees the card as it now plays


def test_the_coup_card_makes_a_chairing_myanmar_stand_aside() -> None:
    """P3: Myanmar stepped aside from the 2026 chair; the Philippines, next in the
    Art. 31 rotation, took it."""
    state = scheduled("coup-crackdown", first_chair="myanmar")
    assert state.chair == "philippines" and state.to_move == "philippines"
    aside = next(e for e in state.log if e.kind is LogKind.STANDS_ASIDE)
    assert aside.seats == ("myanmar", "philippines")
    later = scheduled("coup-crackdown")  # Singapore chairs: nobody stands aside
    assert later.chair == "singapore"
    assert all(e.kind is not LogKind.STANDS_ASIDE for e in later.log)


def test_the_chair_stays_handed_over_in_later_rounds() -> None:
    state = scheduled("coup-crackdown", first_chair="myanmar")
    while state.round == 1:
        seat = state.to_move
        assert seat is not None
        state = apply(state, HistoricalBot(seat).decide(view(state, seat),
                                                        legal_actions(state, seat)))
    assert state.chair == "philippines"


def _offer(accept_face: float, decline_face: float) -> Scenario:
    """2027 with a round-1 card putting to Malaysia a choice that only moves its face."""
    sc = load_scenario(ALL_SEATS)
    base = sc.events["routine-meeting"]
    card = attrs.evolve(base, choice=Choice(
        "malaysia", "Take it?", Option("Yes.", face=accept_face),
        Option("No.", face=decline_face)))
    return attrs.evolve(sc, events={**sc.events, "routine-meeting": card},
                        schedule={1: "routine-meeting"})


@pytest.mark.parametrize("bot", [HistoricalBot, HardBot])
@pytest.mark.parametrize(("accept_face", "decline_face", "verb"),
                         [(10, -10, "accept"), (-10, 10, "decline")])
def test_bots_answer_by_what_the_choice_costs_them(bot: type[HistoricalBot],
                                                   accept_face: float, decline_face: float,
                                                   verb: str) -> None:
    state = new_game(_offer(accept_face, decline_face), seed=1)
    assert state.to_move == "malaysia"
    action = bot("malaysia").decide(view(state, "malaysia"), legal_actions(state, "malaysia"))
    assert str(action) == f"malaysia {verb}"


def test_the_historical_bot_weighs_the_offer_by_its_profile() -> None:
    """The outside partners' offer: a chair that values the boost more than it fears
    the centrality cost accepts; one that fears sovereignty strain declines."""
    answers = {}
    for chair in ("indonesia", "singapore"):
        state = scheduled("great-power-pressure", first_chair=chair)
        action = HistoricalBot(chair).decide(view(state, chair), legal_actions(state, chair))
        answers[chair] = action.verb.value
    assert answers == {"indonesia": "accept", "singapore": "decline"}
