"""A computer player cannot see what its view hides: give every other seat a different
private profile, other trust between third seats and other private offers, consistent
with what the seat has seen, and every bot kind decides exactly as before (for a fixed
seed, so the same draw of its own randomness)."""

from __future__ import annotations

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

from game import GameState, bundled_ids, is_over, legal_actions, load_scenario, new_game, view
from game.bots import KINDS, make_bot
from game.rules.engine import apply
from game.rules.frozen import FrozenDict
from game.rules.model import NORMS, Member, RedLine

_settings = settings(max_examples=12, deadline=None)


def _played(name: str, seed: int, moves: int) -> GameState:
    scenario = load_scenario(name)
    bots = {s: make_bot("historical", s, seed) for s in scenario.seats}
    state = new_game(scenario, seed)
    for _ in range(moves):
        if is_over(state):
            break
        seat = state.to_move
        assert seat is not None
        state = apply(state, bots[seat].decide(view(state, seat), legal_actions(state, seat)))
    return state


def _other_private(member: Member, draw: st.DrawFn) -> Member:
    numbers = st.floats(0, 3, allow_nan=False)
    return attrs.evolve(
        member,
        cooperation=draw(st.floats(0, 3, allow_nan=False)),
        sensitivity={n: draw(numbers) for n in NORMS},
        flexibility=draw(st.integers(0, 3)), assertive=draw(st.booleans()),
        objectives=tuple(o for o in member.objectives if o.public),
        red_lines=(RedLine(norm=draw(st.sampled_from(NORMS)), max=draw(numbers), measure="",
                           max_ambition=0, note="a line nobody can see"),))


@st.composite
def _swap(draw: st.DrawFn, state: GameState, seat: str) -> GameState:
    """`state` with everything `seat` cannot see drawn anew."""
    sc = state.scenario
    members = {s: m if s == seat else _other_private(m, draw) for s, m in sc.members.items()}
    trust = {o: FrozenDict({p: v if seat in (o, p) else draw(st.floats(0, 100, allow_nan=False))
                            for p, v in row.items()})
             for o, row in state.trust.items()}
    offer = state.offer if state.offer and seat in (state.offer.offerer, state.offer.target) \
        else None
    pledges = tuple(p for p in state.pledges if seat in (p.by, p.to))
    return attrs.evolve(state, scenario=attrs.evolve(sc, members=members),
                        trust=FrozenDict(trust), offer=offer, pledges=pledges)


@_settings
@given(name=st.sampled_from(bundled_ids()), seed=st.integers(0, 999),
       moves=st.integers(0, 150), data=st.data())
def test_no_bot_decides_on_what_its_view_hides(name: str, seed: int, moves: int,
                                               data: st.DataObject) -> None:
    state = _played(name, seed, moves)
    seat = state.to_move
    if seat is None:
        return
    other = data.draw(_swap(state, seat))
    assert view(other, seat) == view(state, seat)  # the swap is consistent with the view
    legal = legal_actions(state, seat)
    for kind in KINDS:
        before = make_bot(kind, seat, seed).decide(view(state, seat), legal)
        after = make_bot(kind, seat, seed).decide(view(other, seat), legal)
        assert before == after, f"{kind} {seat} changed its move when others' secrets did"
