"""Helpers the engine tests share: the lab scenario and its variants, and playing moves.

Variants are real TOML files written next to the test (a scenario may override any rule
and member profile), so the tests go through the same loader a scenario author does.
"""

from __future__ import annotations

import random
import tomllib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import tomli_w

from game import Action, GameState, Scenario, apply, is_over, legal_actions, load_scenario
from game.scenario.loader import merge_tables

HERE = Path(__file__).parent
REPO = HERE.parent.parent
LAB = HERE / "lab_scenarios" / "lab.toml"


def write_variant(directory: Path, overrides: Mapping[str, Any], name: str = "variant"
                  ) -> Path:
    """The lab scenario with `overrides` merged in, written as `directory/name.toml`."""
    data = merge_tables(tomllib.loads(LAB.read_text(encoding="utf-8")), overrides)
    path = directory / f"{name}.toml"
    path.write_text(tomli_w.dumps(data), encoding="utf-8")
    return path


def lab(directory: Path | None = None, **overrides: Any) -> Scenario:
    """The lab scenario, or a variant of it when overrides are given."""
    if not overrides:
        return load_scenario(LAB)
    assert directory is not None, "a variant needs a directory to be written to"
    return load_scenario(write_variant(directory, overrides))


def run(state: GameState, texts: Iterable[str]) -> GameState:
    """Apply actions given in their text form, in order."""
    for text in texts:
        state = apply(state, Action.parse(text))
    return state


def pass_until(state: GameState, phase: str) -> GameState:
    """Convene and pass (consultation, tabling) until `phase` is reached."""
    while state.phase != phase:
        seat = state.to_move
        assert seat is not None, f"the game ended before reaching {phase}"
        options = legal_actions(state, seat)
        quiet = [a for a in options if str(a.verb) in ("convene", "pass", "adjourn")]
        assert quiet, f"{seat} cannot pass in the {state.phase}: {options}"
        state = apply(state, quiet[0])
    return state


def next_meeting(state: GameState) -> GameState:
    """Pass until the next meeting's briefing (a meeting that decided nothing adjourns
    by itself) or the end of the game."""
    start = state.round
    while state.round == start and state.phase != "over":
        seat = state.to_move
        assert seat is not None
        quiet = [a for a in legal_actions(state, seat)
                 if str(a.verb) in ("convene", "pass", "adjourn")]
        assert quiet, f"{seat} cannot pass in the {state.phase}"
        state = apply(state, quiet[0])
    return state


def close_floor(state: GameState) -> GameState:
    """Tabling: every seat still to speak passes, so the items tabled are deliberated."""
    while state.phase == "tabling" and state.to_move is not None:
        state = apply(state, Action.parse(f"{state.to_move} pass"))
    return state


def declare_all(state: GameState, **stances: str) -> GameState:
    """Deliberation (once the other seats have passed at the tabling): every seat still
    to declare supports, unless `stances` says otherwise (seat=action text after the
    seat, e.g. vietnam="object reason=N3")."""
    state = close_floor(state)
    while state.phase == "deliberation" and state.to_move is not None:
        seat = state.to_move
        assert state.tabled is not None
        if seat in state.tabled.positions or seat == state.tabled.sponsor:
            break
        state = apply(state, Action.parse(f"{seat} {stances.get(seat, 'support')}"))
    return state


def random_playout(state: GameState, rng: random.Random, limit: int = 10_000
                   ) -> tuple[GameState, list[Action]]:
    """Play uniformly random legal actions to the end (or `limit` actions)."""
    played: list[Action] = []
    while not is_over(state) and len(played) < limit:
        seat = state.to_move
        assert seat is not None
        action = rng.choice(legal_actions(state, seat))
        state = apply(state, action)
        played.append(action)
    return state, played


def max_actions(scenario: Scenario) -> int:
    """A generous upper bound on a game's length: per round a convene, one word per
    seat in consultation and tabling, and for each item tabled (one per seat at most)
    every lowering of the ambition with a full round of declarations and a chair's
    turn, then the call and the decision; then the adjourn."""
    n = len(scenario.seats)
    lowerings = scenario.rules.max_amendments + 2
    return scenario.rounds * (1 + 2 * n + n * (lowerings * (n + 2) + 2) + 1)
