"""What a seat may know: the public table and its own papers, nothing of the others'."""

from __future__ import annotations

import random

import attrs
import pytest
from engine_kit import run
from hypothesis import given, settings
from hypothesis import strategies as st

from game import GameState, View, is_over, legal_actions, load_scenario, new_game, norm_stage, view
from game.bots import make_bot
from game.rules.engine import apply
from game.rules.view import PublicMember

PRIVATE = {"sensitivity", "red_lines", "cooperation", "flexibility", "assertive", "opening",
           "trust"}


def test_a_view_holds_no_seed_and_no_other_seats_profile(start: GameState) -> None:
    mine = view(start, "brunei")
    assert "seed" not in {f.name for f in attrs.fields(View)}
    assert mine.me == start.scenario.members["brunei"]
    for seat, member in mine.members.items():
        assert isinstance(member, PublicMember), seat
        assert not PRIVATE & {f.name for f in attrs.fields(PublicMember)}


def test_only_public_objectives_are_shown(start: GameState) -> None:
    mine = view(start, "brunei")
    assert mine.members["indonesia"].objectives == start.scenario.members["indonesia"].objectives
    assert mine.members["singapore"].objectives == ()  # its goal is hidden
    assert view(start, "singapore").me.objectives  # but it knows its own


def test_soundings_and_consultations_are_the_seats_own(start: GameState) -> None:
    state = run(start, ["indonesia convene", "indonesia consult vietnam",
                        "singapore consult brunei"])
    assert set(view(state, "indonesia").soundings) == {"vietnam"}
    assert set(view(state, "brunei").soundings) == {"singapore"}
    assert view(state, "vietnam").consulted == frozenset({("indonesia", "vietnam")})
    assert view(state, "brunei").consulted == frozenset({("singapore", "brunei")})
    assert all(e.visible_to("brunei") for e in view(state, "brunei").log)
    assert len(view(state, "brunei").log) < len(state.log)


def test_trust_is_shown_both_ways_from_the_seat(start: GameState) -> None:
    mine = view(start, "singapore")
    assert mine.trust_to == start.trust["singapore"]
    assert mine.trust_from == {o: start.trust[o]["singapore"]
                               for o in ("brunei", "indonesia", "vietnam")}


def test_the_public_table_is_the_same_for_everyone(start: GameState) -> None:
    state = run(start, ["indonesia convene", "indonesia pass", "singapore pass", "vietnam pass",
                        "brunei pass", "indonesia table lab-drill ambition=2",
                        "singapore pass", "vietnam pass", "brunei pass",
                        "singapore object reason=N3"])
    views = [view(state, s) for s in state.scenario.seats]
    public = [(v.phase, v.round, v.chair, v.to_move, v.queue, v.tabled, v.stage, v.face,
               v.adopted, v.outcomes, v.event) for v in views]
    assert all(p == public[0] for p in public)
    assert views[0].stage == norm_stage(state)
    assert views[0].tabled is not None and views[0].tabled.positions["singapore"].reason == "N3"


def test_a_seat_not_at_the_table_has_no_view(start: GameState) -> None:
    with pytest.raises(KeyError, match="not seated"):
        view(start, "myanmar")


def test_offers_and_promises_are_seen_by_their_two_seats_only(start: GameState) -> None:
    offered = run(start, ["indonesia convene", "indonesia offer vietnam clause=host-consent"])
    assert view(offered, "vietnam").offer == view(offered, "indonesia").offer is not None
    assert view(offered, "singapore").offer is None
    state = run(offered, ["vietnam accept"])
    assert len(view(state, "vietnam").pledges) == len(view(state, "indonesia").pledges) == 2
    for outsider in ("singapore", "brunei"):
        mine = view(state, outsider)
        assert mine.pledges == () and mine.offer is None
        assert not {"offer", "accept"} & {str(e.kind) for e in mine.log}


def _line(state: GameState, seed: int, moves: int) -> list[GameState]:
    """The states of `moves` random moves from `state`."""
    line = [state]
    for _ in range(moves):
        if is_over(state):
            break
        seat = state.to_move
        assert seat is not None
        state = apply(state, make_bot("random", seat, seed).decide(
            view(state, seat), legal_actions(state, seat)))
        line.append(state)
    return line


@given(seed=st.integers(0, 2**16), fork=st.integers(0, 60), order=st.randoms())
@settings(max_examples=20, deadline=None)
def test_a_views_log_is_what_the_seat_may_read_in_any_order_of_viewing(
        seed: int, fork: int, order: random.Random) -> None:
    """The view remembers the last log it filtered for a seat and filters only what a
    longer log adds: two lines of play from one state (a lookahead's branches), viewed
    in any order, must each show exactly the entries the seat may read."""
    trunk = _line(new_game(load_scenario("2003-standby-force"), seed), seed, 120)
    branch = _line(trunk[min(fork, len(trunk) - 1)], seed + 1, 60)
    states = trunk + branch
    order.shuffle(states)
    for state in states:
        for seat in state.scenario.seats:
            assert view(state, seat).log == tuple(e for e in state.log if e.visible_to(seat))
