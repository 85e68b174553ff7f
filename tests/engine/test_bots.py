"""Computer players: every decision is one of the legal actions, taken from the seat's
view alone, and reproducible from the bot's seed."""

from __future__ import annotations

import random

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from game import bundled_ids, is_over, legal_actions, load_scenario, new_game, view
from game.bots import DEFAULT, KINDS, BotError, make_bot, parse_spec
from game.bots.expert import WORLDS, ExpertBot
from game.bots.hard import HardBot, determinize
from game.bots.historical import price_offer, price_offers
from game.rules.actions import Action, Verb
from game.rules.engine import apply
from game.rules.state import GameState

SEATS = ("brunei", "indonesia", "singapore", "vietnam")


@given(name=st.sampled_from(bundled_ids()), seed=st.integers(0, 2**32 - 1))
def test_every_bot_decision_is_legal(name: str, seed: int) -> None:
    scenario = load_scenario(name)
    rng = random.Random(seed)
    hard = rng.choice(scenario.seats)  # one look-ahead seat keeps the test quick
    bots = {s: make_bot("hard" if s == hard else rng.choice(["random", "historical"]), s, seed)
            for s in scenario.seats}
    state = new_game(scenario, seed)
    while not is_over(state):
        seat = state.to_move
        assert seat is not None
        legal = legal_actions(state, seat)
        action = bots[seat].decide(view(state, seat), legal)
        assert action in legal, f"{bots[seat].kind} {seat} chose {action}"
        state = apply(state, action)


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_a_bot_decides_the_same_way_from_the_same_view(kind: str) -> None:
    state = new_game(load_scenario("2003-standby-force"), 4)
    for _ in range(60):
        if is_over(state):
            break
        seat = state.to_move
        assert seat is not None
        legal = legal_actions(state, seat)
        first = make_bot(kind, seat, 9).decide(view(state, seat), legal)
        again = make_bot(kind, seat, 9).decide(view(state, seat), legal)
        assert first == again
        state = apply(state, first)


def test_an_unknown_kind_is_refused() -> None:
    with pytest.raises(BotError, match="random, historical, hard, expert"):
        make_bot("genius", "vietnam")


@pytest.mark.parametrize(("spec", "expected"), [
    ("hard", dict.fromkeys(SEATS, "hard")),
    ("", dict.fromkeys(SEATS, DEFAULT)),
    ("indonesia=hard", {**dict.fromkeys(SEATS, DEFAULT), "indonesia": "hard"}),
    ("indonesia=hard,*=random", {**dict.fromkeys(SEATS, "random"), "indonesia": "hard"}),
    (" *=random , vietnam=historical ", {**dict.fromkeys(SEATS, "random"),
                                         "vietnam": "historical"}),
])
def test_bot_specs(spec: str, expected: dict[str, str]) -> None:
    assert parse_spec(spec, SEATS, KINDS, DEFAULT) == expected


@pytest.mark.parametrize(("spec", "message"), [
    ("genius", "unknown bot kind `genius`"),
    ("indonesia=genius", "bad bot spec `indonesia=genius`"),
    ("myanmar=hard", "`myanmar` is not seated"),
    ("indonesia", "unknown bot kind `indonesia`"),
])
def test_bad_bot_specs_say_what_is_allowed(spec: str, message: str) -> None:
    with pytest.raises(BotError, match=message.replace("`", ".")):
        parse_spec(spec, SEATS, KINDS, DEFAULT)


def test_a_historical_sponsor_presses_in_public_at_most_once_a_game() -> None:
    from game.rules.enums import Phase, Result
    from game.rules.state import Outcome

    # An assertive sponsor at its decision on a blocked text presses; once it has lost
    # a public showdown (on any text) it defers or withdraws instead.
    for sid in bundled_ids():
        scenario = load_scenario(sid)
        bots = {s: make_bot("random" if s != scenario.sponsor else DEFAULT, s, 3)
                for s in scenario.seats}
        state = new_game(scenario, 3)
        while not is_over(state):
            seat = state.to_move
            assert seat is not None
            legal = legal_actions(state, seat)
            if (state.phase is Phase.DECISION and seat == scenario.sponsor
                    and scenario.members[seat].assertive and not state.outcomes):
                fresh = bots[seat].decide(view(state, seat), legal)
                lost = state.replace(outcomes=(Outcome(0, "earlier", seat, 1, Result.FAILED),))
                again = bots[seat].decide(view(lost, seat), legal)
                assert str(fresh.verb) == "press" and str(again.verb) != "press"
                return
            state = apply(state, bots[seat].decide(view(state, seat), legal))
    pytest.fail("no assertive sponsor reached a decision in the bundled scenarios")


def _persuasions(scenario_id: str, seed: int = 0) -> list[tuple[str, str]]:
    """(persuader, target) of every persuasion in a game of historical bots."""
    scenario = load_scenario(scenario_id)
    bots = {s: make_bot(DEFAULT, s, seed) for s in scenario.seats}
    state = new_game(scenario, seed)
    while not is_over(state):
        seat = state.to_move
        assert seat is not None
        state = apply(state, bots[seat].decide(view(state, seat), legal_actions(state, seat)))
    return [(e.seats[0], e.seats[1]) for e in state.log if e.kind == "persuade"]


def test_only_the_entrepreneur_persuades_and_only_with_nothing_better_to_consult() -> None:
    # 2027: Indonesia, the entrepreneur, wants nothing tabled, so it argues the norm;
    # Malaysia and the Philippines hold the norm too but are no entrepreneurs.
    persuaded = _persuasions("2027-crisis")
    assert persuaded and {p for p, _ in persuaded} == {"indonesia"}
    # 2003: Indonesia still has members to sound out about its standby force.
    assert _persuasions("2003-standby-force") == []


def test_the_ladder_is_listed_the_same_everywhere_with_a_blurb_each() -> None:
    from tui.cli import BOT_KINDS

    assert ", ".join(KINDS) == BOT_KINDS
    assert all(KINDS[k].blurb for k in KINDS)


def test_the_expert_imagines_sounded_seats_as_sounded_and_samples_the_rest() -> None:
    state = new_game(load_scenario("2003-standby-force"), 3)
    while not state.soundings.get("indonesia"):
        seat = state.to_move
        assert seat is not None
        state = apply(state, make_bot("historical", seat, 3).decide(
            view(state, seat), legal_actions(state, seat)))
    v = view(state, "indonesia")
    worlds = ExpertBot("indonesia", 3).worlds(v)
    assert len(worlds) == WORLDS and worlds[0] == determinize(v)
    sounded = set(v.soundings)
    for world in worlds[1:]:
        for seat, member in world.scenario.members.items():
            mean = worlds[0].scenario.members[seat]
            if seat in sounded or seat == "indonesia":
                assert member == mean
        assert any(world.scenario.members[s] != worlds[0].scenario.members[s]
                   for s in v.seats if s not in sounded and s != "indonesia")



def test_games_imagined_from_one_view_agree_with_fresh_rules_at_every_move() -> None:
    """The expert's sampled games share one memo of public answers: along a lookahead
    in each, every move offered must be what a scenario with no memo offers."""
    sc = load_scenario("2027-crisis")
    state = new_game(sc, 0)
    player = make_bot("historical", "", 0)
    for _ in range(12):  # into the first consultation
        seat = state.to_move
        assert seat is not None
        state = apply(state, player.decide(view(state, seat), legal_actions(state, seat)))
    bot = make_bot("expert", state.to_move or "", 0)
    assert isinstance(bot, ExpertBot)
    for world in bot.worlds(view(state, bot.seat)):
        for _ in range(150):
            seat = world.to_move
            if seat is None:
                break
            legal = legal_actions(world, seat)
            fresh = world.replace(scenario=attrs.evolve(world.scenario))
            assert legal == legal_actions(fresh, seat), (world.seq, seat)
            world = apply(world, player.decide(view(world, seat), legal))


def test_imagined_games_share_public_answers_only_with_the_same_public_scenario() -> None:
    sc, other = load_scenario("2003-standby-force"), load_scenario("2011-apcn")
    v = view(new_game(sc, 1), sc.seats[0])
    first, second = determinize(v), determinize(v)
    assert second.scenario.share_public_memo(first.scenario)
    assert second.scenario.public_memo is first.scenario.public_memo
    elsewhere = determinize(view(new_game(other, 1), other.seats[0]))
    assert not elsewhere.scenario.share_public_memo(first.scenario)
    assert elsewhere.scenario.public_memo is not first.scenario.public_memo


@pytest.mark.parametrize("budget", [0, 10**9])
def test_the_experts_budget_narrows_the_sampled_worlds_never_the_first(
        budget: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """The first world tries every move (it names the anchor). With nothing left of
    the budget each sampled world tries `KEEP` moves and the anchor; with room to
    spare the field halves from world to world."""
    from game.bots import expert

    sc = load_scenario("2003-standby-force")
    state = new_game(sc, 0)
    player = make_bot("historical", "", 0)
    while len(legal_actions(state, state.to_move or "")) < 3 * expert.KEEP \
            or not any(a.verb is Verb.TABLE for a in legal_actions(state, state.to_move or "")):
        seat = state.to_move or ""
        state = apply(state, player.decide(view(state, seat), legal_actions(state, seat)))
    tried: dict[int, int] = {}

    class Counting(ExpertBot):
        def evaluate(self, world: GameState, action: Action) -> float:
            tried[id(world)] = tried.get(id(world), 0) + 1
            return super().evaluate(world, action)

    monkeypatch.setattr(expert, "BUDGET", budget)
    seat = state.to_move or ""
    legal = legal_actions(state, seat)
    Counting(seat, 0).decide(view(state, seat), legal)
    first, *sampled = tried.values()
    assert first == len(legal) and len(sampled) == WORLDS - 1
    if budget:
        assert sampled[0] >= (len(legal) + 1) // 2
    else:
        assert all(n <= expert.KEEP + 1 for n in sampled)


def test_the_expert_ventures_a_text_within_reach_where_its_search_would_table_nothing(
        indonesia_2003_first_tabling: GameState) -> None:
    """2003, round 1: the priors picture the sovereignty-first members refusing whatever
    Indonesia could table, so the lookahead passes; the expert tables a text it wants
    that no imagined member weighs more than `WITHIN_REACH` below support. With no
    meeting left to learn from, it passes."""
    from game.bots.expert import WITHIN_REACH
    from game.bots.hard import HardBot
    from game.bots.historical import utility

    state = indonesia_2003_first_tabling
    v, legal = view(state, "indonesia"), legal_actions(state, "indonesia")
    bot = ExpertBot("indonesia", 0)
    worlds = bot.worlds(v)
    assert HardBot("indonesia", 0).decide(v, legal).verb is Verb.PASS
    assert HardBot.choose(bot, v, legal, worlds).verb is Verb.PASS  # its search alone
    choice = bot.decide(v, legal)
    assert choice.verb is Verb.TABLE
    assert utility(v, v.me, choice.target, choice.ambition, "indonesia") > 0
    anchor = worlds[0]
    assert all(utility(view(anchor, seat), member, choice.target, choice.ambition,
                       "indonesia") >= -WITHIN_REACH
               for seat, member in anchor.scenario.members.items() if seat != "indonesia")
    assert bot.choose(attrs.evolve(v, round=v.rounds), legal, worlds).verb is Verb.PASS


def test_the_expert_does_not_table_again_a_text_a_sounded_member_refused(
        singapore_2018_third_tabling: GameState) -> None:
    """2018, seed 2: Singapore sounded Myanmar, whose profile says it would take the
    special envoy at ambition 3 with both safeguards; yet it objected, for a private goal
    no sounding reveals. The expert pictures Myanmar refusing that text again, and at the
    next meeting does not table it; the same picture without the objection would."""
    from game.bots.expert import reconciled, stands, would_support
    from game.bots.historical import imagined_member

    state = singapore_2018_third_tabling
    assert state.round == 3
    v = view(state, "singapore")
    assert "myanmar" in v.soundings
    refused = [s for s, supported in stands(v, "myanmar")
               if s[0] == "special-envoy" and s[2] == "singapore" and not supported]
    assert refused
    sounded = imagined_member(v, "myanmar")
    assert all(would_support(v, sounded, s) for s in refused)  # as the sounding has it
    pictured = reconciled(v, "myanmar", sounded)
    assert not any(would_support(v, pictured, s) for s in refused)
    calm = [s for s in v.seats if s != "singapore"
            and all(supported for _, supported in stands(v, s))]
    assert calm and all(reconciled(v, s, imagined_member(v, s)) == imagined_member(v, s)
                        for s in calm)  # nothing to reconcile: they never objected
    low = min(s[1] for s in refused)
    choice = make_bot("expert", "singapore", 2).decide(v, legal_actions(state, "singapore"))
    assert not (choice.target == "special-envoy" and (choice.ambition or 0) >= low)


def test_the_expert_weighs_every_price_it_knows_the_hard_bot_the_first_only(
        cambodia_2018_third_consultation: GameState) -> None:
    """2018, seed 0, round 3: Cambodia has sounded Laos, Myanmar and Thailand, and knows
    each one's price for the special envoy it wants; Thailand is the one whose support
    decides it. The hard bot weighs the first price (Laos's) against a sounding; the
    expert weighs each, and offers Thailand its own (which wins the envoy at the next
    meeting: 12.2 points that game, against the hard bot's 4.0)."""
    state = cambodia_2018_third_consultation
    v, legal = view(state, "cambodia"), legal_actions(state, "cambodia")
    offers = price_offers(v, v.me, legal)
    assert [a.target for a in offers] == ["laos", "myanmar", "thailand"]
    assert price_offer(v, v.me, legal) == offers[0]
    assert HardBot("cambodia", 0).offers(v, legal) == offers[:1]
    assert ExpertBot("cambodia", 0).offers(v, legal) == offers
    assert make_bot("expert", "cambodia", 0).decide(v, legal) == Action(
        "cambodia", Verb.OFFER, "thailand", 0, clause="parties-ask")


def test_the_expert_campaigns_for_the_norm_its_objective_asks_while_it_can_tip(
        indonesia_2018_first_consultation: GameState) -> None:
    """2018, round 1: Indonesia's objective asks for the norm's cascade, two holders are
    missing and the consultations left could win them, so the expert argues with the
    member fewest arguments away instead of sounding one. It does not begin a campaign
    with one holder missing (one adoption can tip the norm), though once begun it goes
    on; nor with too few consultations left; and a seat with no objective for the norm
    never campaigns."""
    from game.bots.expert import campaign
    from game.bots.historical import arguments_needed

    state = indonesia_2018_first_consultation
    v, legal = view(state, "indonesia"), legal_actions(state, "indonesia")
    assert any(o.kind == "norm" and o.stage == "cascade" for o in v.me.objectives)
    assert v.stage == "emergence"
    argue = campaign(v, legal)
    assert argue is not None and argue.verb is Verb.PERSUADE
    assert ExpertBot("indonesia", 0).decide(v, legal) == argue
    assert arguments_needed(v, argue.target) == min(
        arguments_needed(v, a.target) for a in legal if a.verb is Verb.PERSUADE)
    holders = v.norm_adopters
    one_missing = holders | {next(s for s in v.seats if s not in holders and s != argue.target)}
    assert campaign(attrs.evolve(v, norm_adopters=one_missing), legal) is None
    begun = view(apply(state, argue), "indonesia")  # its argument is in its log now
    assert campaign(attrs.evolve(begun, norm_adopters=one_missing), legal) is not None
    assert campaign(attrs.evolve(v, round=v.rounds), legal) is None  # two meetings' worth
    other = view(state, "philippines")
    assert not any(o.kind == "norm" for o in other.me.objectives)
    assert campaign(other, legal_actions(state, "indonesia")) is None
