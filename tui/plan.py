"""A game to start, checked before any screen opens: scenario, seats, seed, bots."""

from __future__ import annotations

import secrets
from collections.abc import Mapping, Sequence
from pathlib import Path

import attrs

from game import Scenario, ScenarioError, load_scenario
from game.bots import DEFAULT
from game.scenario.loader import BUNDLE_DIR, resolve
from tui.session import SessionError, seat_plan


class PlanError(ValueError):
    """Options that cannot start a game; the message says which and how to fix it."""


@attrs.frozen
class Plan:
    scenario: Scenario
    seats: Mapping[str, str]  # seat -> "human" or a bot kind
    seed: int
    source: str = ""  # the scenario file, when it is not a bundled one
    path: Path | None = None  # the file to watch for edits (--watch)
    from_round: int = 1


def make_plan(ref: str, humans: Sequence[str], seed: int | None, bots: str,
              watch: bool = False, from_round: int = 1) -> Plan:
    """Check every option and say what is wrong with the first bad one."""
    try:
        scenario = load_scenario(ref)
        path = resolve(ref)
    except ScenarioError as err:
        raise PlanError("cannot load scenario:\n" + "\n".join(
            str(p) for p in err.problems)) from None
    try:
        seats = seat_plan(scenario, list(humans) or [scenario.sponsor], bots)
    except SessionError as err:
        raise PlanError(str(err)) from None
    if not 1 <= from_round <= scenario.rounds:
        raise PlanError(f"--from-round {from_round}: {scenario.id} has rounds 1 to "
                        f"{scenario.rounds}")
    bundled = path.resolve().parent == BUNDLE_DIR.resolve()
    return Plan(scenario, seats, secrets.randbelow(1_000_000) if seed is None else seed,
                "" if bundled else str(path), path if watch else None, from_round)


TUTORIAL = "tutorial-first-meeting"
"""The bundled scenario the start screen offers a first-time player."""


def tutorial_plan() -> Plan:
    """The tutorial: the player in the sponsor's seat (the coach teaches that seat's
    moves), the default bots elsewhere, any seed (the lesson holds for every one)."""
    return make_plan(TUTORIAL, [], None, DEFAULT)
