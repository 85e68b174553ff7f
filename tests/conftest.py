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


@pytest.fixture
def indonesia_2003_first_tabling() -> GameState:
    """2003, seed 0, played by historical bots up to Indonesia's first chance to table:
    a position where the lookahead alone would table nothing (the expert's venture)."""
    from game import apply, legal_actions, load_scenario, new_game, view
    from game.bots import make_bot
    from game.rules.actions import Verb

    state = new_game(load_scenario("2003-standby-force"), 0)
    while state.to_move != "indonesia" or not any(
            a.verb is Verb.TABLE for a in legal_actions(state, "indonesia")):
        seat = state.to_move or ""
        state = apply(state, make_bot("historical", seat, 0).decide(
            view(state, seat), legal_actions(state, seat)))
    return state
