"""The OpenSpiel game passes OpenSpiel's own random simulation test, with
serialization, and its chance nodes are the rounds' event cards."""

from __future__ import annotations

import itertools
import random

import pytest

pyspiel = pytest.importorskip("pyspiel",
                              reason="needs the research extra: pip install 'mufakat[rl]'")

from game.envs.openspiel_game import MufakatState, _dealing  # noqa: E402
from game.rules.engine import chance_outcomes, draw  # noqa: E402
from game.rules.scoring import scores  # noqa: E402


def load(scenario: str) -> pyspiel.Game:
    return pyspiel.load_game("python_mufakat", {"scenario": scenario})


def test_the_game_passes_openspiels_random_sim_test_with_serialization() -> None:
    pyspiel.random_sim_test(load("1994-regional-peacekeeping"), num_sims=2, serialize=True,
                            verbose=False)


def random_states(game: pyspiel.Game, seed: int) -> list[MufakatState]:
    """Every state of one game of random moves and random chance picks."""
    rng = random.Random(seed)
    state = game.new_initial_state()
    states = [state.clone()]
    while not state.is_terminal():
        if state.is_chance_node():
            state.apply_action(rng.choice([card for card, _ in state.chance_outcomes()]))
        else:
            state.apply_action(rng.choice(state.legal_actions()))
        states.append(state.clone())
    return states


def test_each_chance_node_draws_the_card_its_round_plays() -> None:
    game = load("2011-apcn")
    cards = game.encoding.cards
    picked = 0
    for seed in range(3):
        states = random_states(game, seed)
        for before, after in itertools.pairwise(states):
            if not before.is_chance_node() or after.is_chance_node():
                continue
            picked += 1
            engine = after.track.game()
            card = cards[after.history()[-1]]
            assert engine.event == card
            assert card in chance_outcomes(engine.scenario, engine.round, engine.adopted)
        final = states[-1]
        engine = final.track.game()
        assert final.returns() == [scores(engine)[s] for s in engine.scenario.seats]
    assert picked >= 3  # round 1 of 2011 draws from its deck, so every game has a pick


def test_a_state_serialized_mid_game_comes_back_the_same() -> None:
    game = load("2011-apcn")
    state = random_states(game, 4)[150]
    text = pyspiel.serialize_game_and_state(game, state)
    assert len(text) < 5000  # the moves, not the engine's state and scenario
    _, back = pyspiel.deserialize_game_and_state(text)
    assert back.history() == state.history()
    assert back.track.game().digest() == state.track.game().digest()
    assert back.information_state_string(2) == state.information_state_string(2)


def test_a_move_that_begins_several_rounds_is_dealt_every_card_picked() -> None:
    """A meeting with nothing to table closes at once, so one move may begin several
    rounds: the seed the game is then given draws each of the cards chance picked."""
    draws = [(2, ("a", "b", "c")), (3, ("a", "b")), (4, ("c", "d", "e", "f"))]
    for cards in (["c", "a", "f"], ["a", "b", "d"], ["b", "b", "e"]):
        seed = _dealing(draws, cards)
        assert [draw(seed, r, outcomes) for r, outcomes in draws] == cards
