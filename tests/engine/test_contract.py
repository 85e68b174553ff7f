"""The engine's declared contract, as OpenSpiel declares a game's: the action space,
the longest game, the chance node, and values immutable all the way down."""

from __future__ import annotations

import random
from collections.abc import Iterator, Mapping
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from game import (
    GameState,
    Phase,
    action_space,
    apply,
    bundled_ids,
    chance_outcomes,
    is_over,
    legal_actions,
    load_scenario,
    max_moves,
    new_game,
    render,
    view,
)
from game.rules.engine import tabled_strains, why_illegal
from game.rules.frozen import FrozenDict

SCENARIOS = bundled_ids()


def random_game(scenario_id: str, seed: int) -> Iterator[GameState]:
    """Every state of a game of uniformly random legal moves."""
    rng = random.Random(seed)
    state = new_game(load_scenario(scenario_id), seed)
    yield state
    while not is_over(state):
        seat = state.to_move
        assert seat is not None
        state = apply(state, rng.choice(legal_actions(state, seat)))
        yield state


def maps_in(value: Any, depth: int = 0) -> Iterator[Any]:
    """Every map and mutable container reachable from an engine value (not the
    scenario, which has its own test)."""
    if depth > 12 or isinstance(value, str | int | float | bool) or value is None:
        return
    if isinstance(value, Mapping):
        yield value
        for k, v in value.items():
            yield from maps_in(k, depth + 1)
            yield from maps_in(v, depth + 1)
    elif attrs.has(type(value)):
        for a in attrs.fields(type(value)):
            if a.name not in ("scenario", "measures", "rules", "me", "event", "members"):
                yield from maps_in(getattr(value, a.name), depth + 1)
    elif isinstance(value, list | set | dict):
        yield value
    elif isinstance(value, tuple | frozenset):
        for v in value:
            yield from maps_in(v, depth + 1)


@settings(max_examples=10, deadline=None)
@given(st.sampled_from(SCENARIOS), st.integers(0, 10_000))
def test_every_legal_action_is_in_the_action_space_and_games_end_within_max_moves(
        scenario_id: str, seed: int) -> None:
    scenario = load_scenario(scenario_id)
    space = set(action_space(scenario))
    assert len(space) == len(action_space(scenario))  # no action listed twice
    moves = 0
    for state in random_game(scenario_id, seed):
        for seat in scenario.seats:
            assert set(legal_actions(state, seat)) <= space
        moves = state.seq
    assert moves <= max_moves(scenario)


@settings(max_examples=10, deadline=None)
@given(st.sampled_from(SCENARIOS), st.integers(0, 10_000))
def test_legal_actions_are_exactly_the_actions_why_illegal_accepts(scenario_id: str,
                                                                    seed: int) -> None:
    """The engine keeps answers it has worked out (`Scenario.memo`); a cached answer
    that missed part of the state would offer what the rules refuse, or hide a move."""
    space = action_space(load_scenario(scenario_id))
    for state in random_game(scenario_id, seed):
        seat = state.to_move
        if seat is not None:
            accepted = [a for a in space if a.seat == seat and why_illegal(state, a) is None]
            assert sorted(legal_actions(state, seat)) == sorted(accepted)


def test_what_the_scenario_keeps_never_mixes_up_a_cards_two_answers() -> None:
    """Games of one scenario share what it keeps (`Scenario.memo`). Regression: the
    strain worked out under a card's choice answered one way served the other."""
    scenario = load_scenario("2011-apcn")
    choices = {e: scenario.events[e].choice for e in scenario.deck}
    card = next(e for e, c in choices.items()
                if c is not None and c.accept.strain != c.decline.strain)
    moved = set(choices[card].accept.strain) | set(choices[card].decline.strain)
    measure = next(m for m in scenario.agenda if moved & set(scenario.measures[m].norms))
    top = scenario.measures[measure].max_ambition
    start = new_game(scenario, 0).replace(event=card)
    answered = {answer: start.replace(answer=answer) for answer in ("accept", "decline")}
    kept = {answer: tabled_strains(s, measure, top) for answer, s in answered.items()}
    for answer, state in answered.items():
        fresh = state.replace(scenario=attrs.evolve(scenario))
        assert kept[answer] == tabled_strains(fresh, measure, top)


@pytest.mark.parametrize("scenario_id", ["2011-apcn", "2027-crisis"])
def test_what_the_scenario_keeps_from_other_games_gives_the_same_moves(
        scenario_id: str) -> None:
    """A state of one game gets the moves a scenario that has seen no other game
    gives, in every phase the engine keeps answers for."""
    for seed in range(3):
        for state in random_game(scenario_id, seed):
            seat = state.to_move
            if seat is not None:
                fresh = state.replace(scenario=attrs.evolve(state.scenario))
                assert legal_actions(state, seat) == legal_actions(fresh, seat)


def test_the_action_space_is_stable() -> None:
    scenario = load_scenario(SCENARIOS[0])
    assert action_space(scenario) == action_space(load_scenario(SCENARIOS[0]))
    assert str(action_space(scenario)[0]).split()[0] == scenario.seats[0]


@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_each_round_draws_one_of_its_chance_outcomes(scenario_id: str) -> None:
    for state in random_game(scenario_id, 3):
        if (state.phase is Phase.BRIEFING and state.seq == 0) or (
                state.phase is Phase.BRIEFING and state.log[-1].round == state.round):
            outcomes = chance_outcomes(state.scenario, state.round,
                                       {m: 1 for m in state.scenario.adopted})
            scheduled = state.scenario.schedule.get(state.round)
            if scheduled:
                assert outcomes == (scheduled,) and state.event == scheduled
            assert state.event in outcomes or (not outcomes and state.event == "")


@pytest.mark.parametrize("scenario_id", SCENARIOS[:3])
def test_states_and_views_are_immutable_all_the_way_down(scenario_id: str) -> None:
    for number, state in enumerate(random_game(scenario_id, 11)):
        if number % 7:
            continue
        seat = state.scenario.seats[number % len(state.scenario.seats)]
        for value in (state, view(state, seat)):
            for found in maps_in(value):
                assert isinstance(found, FrozenDict), type(found)
        v = view(state, seat)
        with pytest.raises(TypeError):
            v.face[seat] = 0.0  # type: ignore[index]
        with pytest.raises(TypeError):
            v.trust_to.clear()  # type: ignore[attr-defined]
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            state.round = 99  # type: ignore[misc]


def test_a_scenarios_maps_are_frozen() -> None:
    scenario = load_scenario(SCENARIOS[0])
    with pytest.raises(TypeError):
        scenario.members.clear()  # type: ignore[attr-defined]
    with pytest.raises(TypeError):
        scenario.members[scenario.seats[0]].sensitivity["N1"] = 0.0  # type: ignore[index]
    assert scenario.public[scenario.seats[0]].name == scenario.members[scenario.seats[0]].name


def test_the_state_hash_covers_data_not_prose() -> None:
    """No string the engine writes into what the hash covers is a sentence: the log
    holds facts, worded only when shown, so rewording a message never invalidates a
    saved game."""
    *_, last = random_game(SCENARIOS[1], 5)

    def strings(value: Any) -> Iterator[str]:
        if isinstance(value, str):
            yield value
        elif isinstance(value, dict):
            for k, v in value.items():
                yield k
                yield from strings(v)
        elif isinstance(value, list):
            for v in value:
                yield from strings(v)

    data = last.to_json()
    data.pop("soundings")  # red lines carry the scenario's own notes, hashed with it
    assert last.soundings and not [s for s in strings(data) if " " in s]
    assert all(render(e, last.scenario) for e in last.log)
