"""Mufakat's engine: ASEAN consensus rounds as pure functions over frozen values.

    from game import load_scenario, new_game, legal_actions, apply, view, scores
    state = new_game(load_scenario("2011-apcn"), seed=7)
    state = apply(state, legal_actions(state, state.to_move)[0])

Nothing here does terminal or screen I/O, and nothing imports `textual` or `tui`.
"""

from game.rules.actions import Action, ActionSyntaxError, IllegalAction, Verb
from game.rules.engine import apply, is_over, legal_actions, new_game, tableable, tabled_strains
from game.rules.model import NORMS, STAGES, Event, Measure, Member, Objective, RedLine, Scenario
from game.rules.scoring import asean_outcome, norm_stage, score_bounds, scores
from game.rules.state import Entry, GameState, Outcome, Position, Tabling
from game.rules.view import View, view
from game.scenario.loader import ScenarioError, bundled_ids, check_file, load_scenario

__all__ = [
    "NORMS", "STAGES", "Action", "ActionSyntaxError", "Entry", "Event", "GameState",
    "IllegalAction", "Measure", "Member", "Objective", "Outcome", "Position", "RedLine",
    "Scenario", "ScenarioError", "Tabling", "Verb", "View", "apply", "asean_outcome",
    "bundled_ids", "check_file", "is_over", "legal_actions", "load_scenario", "new_game",
    "norm_stage", "score_bounds", "scores", "tableable", "tabled_strains", "view",
]
