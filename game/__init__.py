"""Mufakat's engine: ASEAN consensus rounds as pure functions over frozen values.

    from game import load_scenario, new_game, legal_actions, apply, view, scores
    state = new_game(load_scenario("2011-apcn"), seed=7)
    state = apply(state, legal_actions(state, state.to_move)[0])

Nothing here does terminal or screen I/O, and nothing imports `textual` or `tui`.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the names load on first use (below): `import game.rules.text` is cheap
    from game.rules.actions import Action, ActionSyntaxError, IllegalAction, Verb
    from game.rules.engine import (
        action_space,
        apply,
        chance_outcomes,
        inject,
        is_over,
        legal_actions,
        max_moves,
        new_game,
        tableable,
        tabled_strains,
    )
    from game.rules.enums import LogKind, Phase, Result, Rule, Stance
    from game.rules.log import render
    from game.rules.model import NORMS, STAGES, Event, Measure, Member, Objective, RedLine, Scenario
    from game.rules.scoring import asean_outcome, norm_stage, score_bounds, scores
    from game.rules.state import Entry, GameState, Outcome, Position, Tabling
    from game.rules.view import View, view
    from game.scenario.loader import ScenarioError, bundled_ids, check_file, load_scenario

_HOME: dict[str, str] = {
    "Action": "game.rules.actions",
    "ActionSyntaxError": "game.rules.actions",
    "IllegalAction": "game.rules.actions",
    "Verb": "game.rules.actions",
    "action_space": "game.rules.engine",
    "apply": "game.rules.engine",
    "chance_outcomes": "game.rules.engine",
    "inject": "game.rules.engine",
    "is_over": "game.rules.engine",
    "legal_actions": "game.rules.engine",
    "max_moves": "game.rules.engine",
    "new_game": "game.rules.engine",
    "tableable": "game.rules.engine",
    "tabled_strains": "game.rules.engine",
    "LogKind": "game.rules.enums",
    "Phase": "game.rules.enums",
    "Result": "game.rules.enums",
    "Rule": "game.rules.enums",
    "Stance": "game.rules.enums",
    "render": "game.rules.log",
    "Event": "game.rules.model",
    "Measure": "game.rules.model",
    "Member": "game.rules.model",
    "NORMS": "game.rules.model",
    "Objective": "game.rules.model",
    "RedLine": "game.rules.model",
    "STAGES": "game.rules.model",
    "Scenario": "game.rules.model",
    "asean_outcome": "game.rules.scoring",
    "norm_stage": "game.rules.scoring",
    "score_bounds": "game.rules.scoring",
    "scores": "game.rules.scoring",
    "Entry": "game.rules.state",
    "GameState": "game.rules.state",
    "Outcome": "game.rules.state",
    "Position": "game.rules.state",
    "Tabling": "game.rules.state",
    "View": "game.rules.view",
    "view": "game.rules.view",
    "ScenarioError": "game.scenario.loader",
    "bundled_ids": "game.scenario.loader",
    "check_file": "game.scenario.loader",
    "load_scenario": "game.scenario.loader",
}
"""Where each public name lives: loaded on first use, so a screen that needs one small
module (as the start screen needs `game.rules.text`) does not load the whole engine."""


def __getattr__(name: str) -> Any:
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module 'game' has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)


__all__ = [
    "NORMS", "STAGES", "Action", "ActionSyntaxError", "Entry", "Event", "GameState",
    "IllegalAction", "LogKind", "Measure", "Member", "Objective", "Outcome", "Phase",
    "Position", "RedLine", "Result", "Rule", "Scenario", "ScenarioError", "Stance",
    "Tabling", "Verb", "View", "action_space", "apply", "asean_outcome", "bundled_ids",
    "chance_outcomes", "check_file", "inject", "is_over", "legal_actions", "load_scenario",
    "max_moves", "new_game", "norm_stage", "render", "score_bounds", "scores", "tableable",
    "tabled_strains", "view",
]
