"""Mufakat's engine: ASEAN consensus rounds as pure functions over frozen values.

    from game import load_scenario, new_game, legal_actions, apply, view, scores
    state = new_game(load_scenario("2011-apcn"), seed=7)
    state = apply(state, legal_actions(state, state.to_move)[0])

Nothing here does terminal or screen I/O, and nothing imports `textual` or `tui`.
"""

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

__all__ = [
    "NORMS", "STAGES", "Action", "ActionSyntaxError", "Entry", "Event", "GameState",
    "IllegalAction", "LogKind", "Measure", "Member", "Objective", "Outcome", "Phase",
    "Position", "RedLine", "Result", "Rule", "Scenario", "ScenarioError", "Stance",
    "Tabling", "Verb", "View", "action_space", "apply", "asean_outcome", "bundled_ids",
    "chance_outcomes", "check_file", "inject", "is_over", "legal_actions", "load_scenario",
    "max_moves", "new_game", "norm_stage", "render", "score_bounds", "scores", "tableable",
    "tabled_strains", "view",
]
