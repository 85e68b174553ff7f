"""What the environments show a seat is its own view: another seat's private data
(its profile, what its consultations revealed, its offers and promises to others)
never changes a seat's observation or information state."""

from __future__ import annotations

import random

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

pytest.importorskip("numpy", reason="needs the research extra: pip install 'mufakat[rl]'")

from game.envs.encoding import Encoding, describe
from game.rules.engine import apply, is_over, legal_actions, new_game
from game.rules.frozen import freeze
from game.rules.model import NORMS, RedLine
from game.rules.state import GameState, Offer, Pledge, Sounding
from game.rules.view import view
from game.scenario.loader import load_scenario

SCENARIOS = ["1994-regional-peacekeeping", "2011-apcn"]


def played(scenario: str, seed: int, moves: int) -> GameState:
    rng = random.Random(seed)
    state = new_game(load_scenario(scenario), seed)
    for _ in range(moves):
        if is_over(state):
            break
        seat = state.to_move
        assert seat is not None
        state = apply(state, rng.choice(legal_actions(state, seat)))
    return state


def with_secrets_changed(state: GameState, b: str, c: str, level: float) -> GameState:
    """`state` with `b`'s private data replaced: its sensitivities and red lines, how
    persuasion moved them, what its consultations revealed, a promise between `b` and
    `c` and, unless one is waiting already, an offer."""
    sc = state.scenario
    member = attrs.evolve(sc.members[b], sensitivity={n: level for n in NORMS},
                          red_lines=(RedLine(norm="N1", max=level),))
    scenario = attrs.evolve(sc, members={**sc.members, b: member})
    heard = Sounding(state.round, {n: 1 - level for n in NORMS}, ())
    return state.replace(
        scenario=scenario,
        norm_shift={**state.norm_shift, b: freeze({"N1": -level})},
        soundings={**state.soundings, b: freeze({c: heard})},
        offer=state.offer or Offer(b, c, ambition=1),
        pledges=(*state.pledges, Pledge(b, c, clause="x")))


@given(st.sampled_from(SCENARIOS), st.integers(0, 1000), st.integers(0, 300),
       st.floats(0.0, 1.0), st.data())
def test_another_seats_private_data_never_changes_a_seats_observation(
        scenario: str, seed: int, moves: int, level: float, data: st.DataObject) -> None:
    state = played(scenario, seed, moves)
    seats = state.scenario.seats
    a, b, c = data.draw(st.permutations(seats))[:3]
    encoding = Encoding(state.scenario)
    changed = with_secrets_changed(state, b, c, level)
    assert (encoding.observe(view(changed, a)) == encoding.observe(view(state, a))).all()
    assert describe(view(changed, a), True) == describe(view(state, a), True)
    # The same changes made to the seat's own data are seen: the check can tell.
    own = with_secrets_changed(state, a, b, level)
    assert (encoding.observe(view(own, a)) != encoding.observe(view(state, a))).any()
