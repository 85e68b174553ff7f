"""Private offers and promises: who answers, what is judged, and how bots keep them."""

from __future__ import annotations

from engine_kit import run

from game import GameState, legal_actions, render, view
from game.bots import make_bot
from game.rules.actions import Action, Verb
from game.rules.engine import action_space, apply
from game.rules.enums import LogKind
from game.rules.state import Pledge

AGREED = ["indonesia convene", "indonesia offer vietnam clause=host-consent", "vietnam accept",
          "singapore pass", "vietnam pass", "brunei pass"]


def test_every_offer_and_answer_is_in_the_action_space(start: GameState) -> None:
    space = set(action_space(start.scenario))
    state = run(start, ["indonesia convene"])
    offers = [a for a in legal_actions(state, "indonesia") if a.verb is Verb.OFFER]
    assert offers and set(offers) <= space
    assert all(Action.parse(str(a)) == a for a in offers)
    state = apply(state, offers[-1])
    assert set(legal_actions(state, offers[-1].target)) <= space


def test_an_accepted_offer_binds_both_and_a_declined_one_neither(start: GameState) -> None:
    state = run(start, AGREED)
    assert state.pledges == (Pledge("indonesia", "vietnam", clause="host-consent"),
                             Pledge("vietnam", "indonesia"))
    declined = run(start, ["indonesia convene", "indonesia offer vietnam", "vietnam decline"])
    assert declined.pledges == () and declined.offer is None
    plain = run(start, ["indonesia convene", "indonesia offer vietnam", "vietnam accept"])
    assert set(plain.pledges) == {Pledge("indonesia", "vietnam"), Pledge("vietnam", "indonesia")}


def test_promises_lapse_with_the_meeting(start: GameState) -> None:
    state = run(start, [*AGREED, "indonesia pass", "singapore pass", "vietnam pass"])
    assert state.phase == "tabling" and state.pledges
    after = run(state, ["brunei pass"])  # nothing tabled: the meeting closes at once
    assert (after.round, after.phase, after.pledges) == (2, "briefing", ())


def test_a_broken_promise_is_logged_privately_and_worded(start: GameState) -> None:
    state = run(start, [*AGREED, "indonesia table lab-drill ambition=3 clause=host-consent",
                        "singapore pass", "vietnam pass", "brunei pass", "singapore support",
                        "vietnam object reason=N3"])
    broken = [e for e in state.log if e.kind is LogKind.BROKEN]
    assert [e.seats for e in broken] == [("vietnam", "indonesia")]
    assert broken[0].seen_by == ("vietnam", "indonesia")
    assert render(broken[0], state.scenario) == (
        "Vietnam breaks its promise to Indonesia on Lab drill.")
    assert state.pledges == (Pledge("indonesia", "vietnam", clause="host-consent"),)


def test_the_historical_bot_keeps_a_promise_it_would_not_keep_by_taste(
        start: GameState) -> None:
    state = run(start, [*AGREED, "indonesia table lab-drill ambition=3 clause=host-consent",
                        "singapore pass", "vietnam pass", "brunei pass", "singapore support"])
    trust = {**state.trust, "vietnam": {**state.trust["vietnam"], "indonesia": 0.0}}
    state = state.replace(trust=trust)  # vietnam now distrusts the sponsor
    bot = make_bot("historical", "vietnam")

    def choice(s: GameState) -> Verb:
        return bot.decide(view(s, "vietnam"), legal_actions(s, "vietnam")).verb

    assert choice(state.replace(pledges=())) is not Verb.SUPPORT
    assert choice(state) is Verb.SUPPORT


SOUNDED = ["indonesia convene", "indonesia consult singapore", "singapore pass", "vietnam pass",
           "brunei pass", "indonesia pass", "singapore pass", "vietnam pass", "brunei pass",
           "indonesia convene"]


def test_a_would_be_sponsor_offers_a_sounded_blocker_its_price(start: GameState) -> None:
    state = run(start, SOUNDED)
    bot = make_bot("historical", "indonesia")
    assert str(bot.decide(view(state, "indonesia"), legal_actions(state, "indonesia"))) == (
        "indonesia offer singapore clause=host-consent")


def test_the_historical_sponsor_tables_within_its_promise(start: GameState) -> None:
    state = run(start, AGREED)
    bot = make_bot("historical", "indonesia")
    assert str(bot.decide(view(state, "indonesia"), legal_actions(state, "indonesia"))) == (
        "indonesia table lab-drill ambition=3 clause=host-consent")


def test_a_blocker_accepts_the_price_it_asked_and_not_a_text_over_its_red_line(
        start: GameState) -> None:
    state = run(start, SOUNDED)
    priced = apply(state, Action.parse("indonesia offer singapore clause=host-consent"))
    bare = apply(state, Action.parse("indonesia offer singapore"))  # lab-drill at 3: N3 1.2
    for kind in ("historical", "hard"):
        bot = make_bot(kind, "singapore")
        assert bot.decide(view(priced, "singapore"),
                          legal_actions(priced, "singapore")).verb is Verb.ACCEPT
        assert bot.decide(view(bare, "singapore"),
                          legal_actions(bare, "singapore")).verb is Verb.DECLINE
