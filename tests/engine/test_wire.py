"""The wire codec: every seat's view crosses JSON and comes back equal, with the same
types; the same view always gives the same text; bad data is refused with its path;
and the log words the same from a seat's view as from the scenario."""

from __future__ import annotations

import json
import random
from collections.abc import Mapping
from typing import Any

import attrs
import pytest
from engine_kit import random_playout
from hypothesis import given, settings
from hypothesis import strategies as st

from game import GameState, Scenario, load_scenario, new_game
from game.play.wire import WireError, decode_view, encode_view, from_json, to_json
from game.rules.enums import LogKind
from game.rules.log import render
from game.rules.view import View, view
from game.scenario.loader import bundled_ids

IDS = bundled_ids()


def played(sid: str, seed: int, moves: int) -> GameState:
    """A bundled scenario after `moves` random legal moves (fewer if the game ends)."""
    state, _ = random_playout(new_game(load_scenario(sid), seed=seed), random.Random(seed),
                              limit=moves)
    return state


games = st.builds(played, st.sampled_from(IDS), st.integers(0, 2**16), st.integers(0, 400))


def wired(v: View) -> View:
    return decode_view(json.loads(json.dumps(encode_view(v))))


def same_types(a: Any, b: Any, path: str = "view") -> None:
    """`a` and `b` are built of the same types all the way down (== alone would take a
    list for a tuple's equal, or a dict for a FrozenDict's)."""
    assert type(a) is type(b), f"{path}: {type(a).__name__} != {type(b).__name__}"
    if attrs.has(type(a)):
        for f in (f for f in attrs.fields(type(a)) if f.eq):
            same_types(getattr(a, f.name), getattr(b, f.name), f"{path}.{f.name}")
    elif isinstance(a, Mapping):
        assert list(a) == list(b), path
        for k in a:
            same_types(a[k], b[k], f"{path}.{k}")
    elif isinstance(a, tuple | frozenset):
        pairs = zip(sorted(a, key=repr), sorted(b, key=repr), strict=True)
        for i, (x, y) in enumerate(pairs):
            same_types(x, y, f"{path}[{i}]")


@settings(max_examples=30, deadline=None)
@given(games)
def test_every_seats_view_round_trips_through_json(state: GameState) -> None:
    for seat in state.scenario.seats:
        v = view(state, seat)
        back = wired(v)
        assert back == v
        same_types(v, back)


@settings(max_examples=20, deadline=None)
@given(games)
def test_encoding_is_deterministic(state: GameState) -> None:
    for seat in state.scenario.seats:
        v = view(state, seat)
        data = encode_view(v)
        text = json.dumps(data)
        for sets in (data["norm_adopters"], data["consulted"]):
            assert sets == sorted(sets)  # not in a set's (per-process) order
        assert json.dumps(encode_view(view(state, seat))) == text
        assert json.dumps(encode_view(wired(v))) == text  # sets sorted, maps in order


@settings(max_examples=20, deadline=None)
@given(games)
def test_the_log_renders_the_same_from_a_view(state: GameState) -> None:
    sc = state.scenario
    for seat in sc.seats:
        v, remote = view(state, seat), wired(view(state, seat))
        for entry in v.log:
            assert render(entry, v) == render(entry, remote) == render(entry, sc)


def test_past_event_cards_render_from_a_view() -> None:
    """Events of earlier rounds (not only the current card) are worded from a view."""
    state = played("2027-crisis", 1, 2000)
    events = [e for e in state.log if e.kind is LogKind.EVENT]
    assert len({e.round for e in events}) > 1
    v = wired(view(state, state.scenario.seats[0]))
    for entry in events:
        assert render(entry, v) == render(entry, state.scenario)
        assert state.scenario.events[entry.card].name in render(entry, v)


@pytest.mark.parametrize("sid", IDS)
def test_whole_scenarios_round_trip(sid: str) -> None:
    """A scenario's schedule is keyed by round number: int keys come back as ints."""
    sc = load_scenario(sid)
    back = from_json(Scenario, json.loads(json.dumps(to_json(sc))))
    assert back == sc
    same_types(sc, back, "scenario")
    for card, event in sc.events.items():  # what attrs rebuilds after `__init__`, too
        assert back.events[card].answered(True) == event.answered(True)
    data = to_json(sc)
    data["schedule"] = {"two": "x"}
    with pytest.raises(WireError, match=r"^scenario\.schedule: key 'two' is not a whole"):
        from_json(Scenario, data, "scenario")


@pytest.fixture(scope="module")
def data() -> dict[str, Any]:
    state = played("2027-crisis", 7, 120)
    data = encode_view(view(state, state.scenario.seats[0]))
    assert data["log"] and data["members"]
    return data


def _edited(data: dict[str, Any], path: list[str | int], value: Any = None,
            delete: bool = False) -> dict[str, Any]:
    copy = json.loads(json.dumps(data))
    node = copy
    for step in path[:-1]:
        node = node[step]
    if delete:
        del node[path[-1]]
    else:
        node[path[-1]] = value
    return copy


def test_malformed_views_are_refused_naming_the_field(data: dict[str, Any]) -> None:
    seat = next(iter(data["members"]))
    cases: list[tuple[dict[str, Any], str]] = [
        (_edited(data, ["seat"], delete=True), "view: missing field 'seat' in View"),
        (_edited(data, ["me", "sensitivity"], delete=True),
         "view.me: missing field 'sensitivity' in Member"),
        (_edited(data, ["members", seat, "name"], 7),
         f"view.members.{seat}.name: expected str, got int"),
        (_edited(data, ["round"], True), "view.round: expected int, got bool"),
        (_edited(data, ["face", seat], "high"), f"view.face.{seat}: expected number, got str"),
        (_edited(data, ["phase"], "siesta"), "view.phase: 'siesta' is not a Phase"),
        (_edited(data, ["log", 0, "kind"], "shout"), "view.log[0].kind: 'shout' is not a LogKind"),
        (_edited(data, ["log", 0, "colour"], "red"),
         "view.log[0]: unexpected field 'colour' in Entry"),
        (_edited(data, ["hacked"], 1), "view: unexpected field 'hacked' in View"),
        (_edited(data, ["consulted"], [["a", "b", "c"]]), "view.consulted[0]: expected 2 items"),
        (_edited(data, ["queue"], "all"), "view.queue: expected list, got str"),
    ]
    for bad, message in cases:
        with pytest.raises(WireError) as caught:
            decode_view(bad)
        assert str(caught.value).startswith(message), (str(caught.value), message)
    with pytest.raises(WireError, match=r"^view: expected object"):
        decode_view([])


def _paths(node: Any, path: str, steps: list[str | int]) -> list[tuple[str, list[str | int]]]:
    """Every place in JSON data, with its path as the codec names it."""
    found = [(path, steps)]
    if isinstance(node, dict):
        for k, v in node.items():
            found += _paths(v, f"{path}.{k}", [*steps, k])
    elif isinstance(node, list):
        for i, v in enumerate(node):
            found += _paths(v, f"{path}[{i}]", [*steps, i])
    return found


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_any_value_of_the_wrong_shape_is_refused_at_its_path(data: dict[str, Any],
                                                             draw: st.DataObject) -> None:
    """`[[[]]]` fits no field of a view: wherever it goes, the error names that place."""
    path, steps = draw.draw(st.sampled_from(_paths(data, "view", [])[1:]))
    with pytest.raises(WireError) as caught:
        decode_view(_edited(data, steps, [[[]]]))
    assert str(caught.value).startswith(path), (str(caught.value), path)
