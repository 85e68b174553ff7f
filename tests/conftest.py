"""Hypothesis profiles shared by every test directory.

`ci` keeps the property tests inside the suite's time budget on a 2-core runner (chosen
when `CI` is set), `dev` is the everyday default, and `deep` is for a long local hunt:
`HYPOTHESIS_PROFILE=deep pytest tests/engine`. An explicit HYPOTHESIS_PROFILE wins.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

from game.rules.state import GameState

settings.register_profile(
    "ci", max_examples=25, deadline=None, derandomize=True, print_blob=True,
    suppress_health_check=[HealthCheck.too_slow])
settings.register_profile(
    "dev", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile(
    "deep", max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])

settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE")
                      or ("ci" if os.environ.get("CI") else "dev"))


def played_until(scenario: str, seed: int, seat: str, phase: str, round_: int = 1,
                 kind: str = "historical") -> GameState:
    """The game of `scenario` and `seed`, `seat` played by a `kind` bot and every other
    seat by a historical one, up to `seat`'s first move in `phase` of round `round_` or
    later with a choice to make."""
    from game import apply, legal_actions, load_scenario, new_game, view
    from game.bots import make_bot

    state = new_game(load_scenario(scenario), seed)
    bots = {s: make_bot(kind if s == seat else "historical", s, seed) for s in state.scenario.seats}
    while state.to_move != seat or state.phase != phase or state.round < round_ or len(
            legal_actions(state, seat)) < 2:
        mover = state.to_move or ""
        state = apply(state, bots[mover].decide(view(state, mover), legal_actions(state, mover)))
    return state


@pytest.fixture
def indonesia_2003_first_tabling() -> GameState:
    """2003, seed 0: Indonesia's first chance to table, a position where the lookahead
    alone would table nothing (the expert's venture)."""
    return played_until("2003-standby-force", 0, "indonesia", "tabling")


@pytest.fixture
def indonesia_2018_first_consultation() -> GameState:
    """2018, seed 0: Indonesia's first consultation, where the expert campaigns for the
    norm its objective asks for."""
    return played_until("2018-preventive-diplomacy", 0, "indonesia", "consultation")


@pytest.fixture
def cambodia_2018_third_consultation() -> GameState:
    """2018, seed 0, Cambodia played by the expert: its round-3 consultation, with the
    prices of three sounded members known (where the expert weighs every offer)."""
    return played_until("2018-preventive-diplomacy", 0, "cambodia", "consultation", 3,
                        "expert")


@pytest.fixture
def singapore_2018_third_tabling() -> GameState:
    """2018, seed 2, Singapore played by the expert: its round-3 tabling, after Myanmar,
    which it sounded, objected to a text its sounding says it would take (where the
    expert reconciles a member with its objection)."""
    return played_until("2018-preventive-diplomacy", 2, "singapore", "tabling", 3, "expert")
