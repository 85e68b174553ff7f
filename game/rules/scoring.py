"""Scores: each seat's objectives, its face, and a shared ASEAN outcome.

A seat scores its objectives' points, `face_weight` per point of face gained or lost,
and `shared_weight` of the ASEAN outcome (what the region achieved together), so a
cooperative debrief can compare everyone against the common result.
"""

from __future__ import annotations

from collections.abc import Mapping

from game.rules.model import STAGES, Objective, Scenario
from game.rules.norms import stage, value_kept
from game.rules.state import GameState


def objective_points(objective: Objective, state: GameState, seat: str) -> float:
    """The points `seat`'s `objective` earns in `state` (provisional until the end)."""
    sc = state.scenario
    kind = objective.kind
    if kind == "adopt":
        level = state.adopted.get(objective.measure, 0)
        if level < objective.min_ambition:
            return 0.0
        if objective.scale:
            return objective.points * level / sc.measures[objective.measure].max_ambition
        return objective.points
    if kind == "block":
        return objective.points if state.adopted.get(objective.measure, 0) <= \
            objective.max_ambition else 0.0
    if kind == "face":
        return objective.points if state.face[seat] >= objective.min else 0.0
    if kind == "norm":
        reached = STAGES.index(norm_stage(state))
        return objective.points if reached >= STAGES.index(objective.stage) else 0.0
    if kind == "clause":
        level = state.adopted.get(objective.measure, 0)
        carried = objective.clause in state.adopted_clauses.get(objective.measure, ())
        return objective.points if not level or carried else 0.0
    if kind == "progress":
        return objective.points if any(
            sc.measures[m].intrusiveness >= objective.min_intrusiveness
            for m in state.adopted if m not in sc.adopted) else 0.0
    raise ValueError(f"unknown objective kind {kind!r}")


def norm_stage(state: GameState) -> str:
    sc = state.scenario
    return stage(len(state.norm_adopters), len(sc.seats), sc.rules, state.norm_held)


def asean_outcome(state: GameState) -> float:
    """The shared result: adopted measures' value by ambition reached, plus the bonus
    for the norm stage the region has reached."""
    sc = state.scenario
    clauses = sc.rules.clauses
    value = sum(sc.measures[m].value * level / sc.measures[m].max_ambition
                * value_kept(clauses[c] for c in state.adopted_clauses.get(m, ()))
                for m, level in state.adopted.items() if m not in sc.adopted)
    return value + sc.rules.stage_bonus.get(norm_stage(state), 0.0)


def scores(state: GameState) -> dict[str, float]:
    """Every seat's score in `state`."""
    sc = state.scenario
    r = sc.rules
    shared = asean_outcome(state) * r.shared_weight
    out = {}
    for seat in sc.seats:
        member = sc.members[seat]
        points = sum(objective_points(o, state, seat) for o in member.objectives)
        face = (state.face[seat] - member.face) * r.face_weight
        out[seat] = round(points + face + shared, 4)
    return out


def breakdown(state: GameState, seat: str) -> Mapping[str, float]:
    """A seat's score by part, for the debrief."""
    sc = state.scenario
    member = sc.members[seat]
    return {"objectives": sum(objective_points(o, state, seat) for o in member.objectives),
            "face": (state.face[seat] - member.face) * sc.rules.face_weight,
            "shared": asean_outcome(state) * sc.rules.shared_weight}


def score_bounds(scenario: Scenario) -> tuple[float, float]:
    """The lowest and highest score any seat can reach in `scenario`, seat by seat:
    every objective met or missed, face from its start to either end of the range, and
    the shared outcome from nothing to every agenda measure at full ambition."""
    r = scenario.rules
    stages = [r.stage_bonus.get(s, 0.0) for s in STAGES]
    open_value = sum(scenario.measures[m].value for m in scenario.agenda
                     if m not in scenario.adopted)
    least_shared = min(stages) * r.shared_weight
    most_shared = (open_value + max(stages)) * r.shared_weight
    lows, highs = [], []
    for seat in scenario.seats:
        member = scenario.members[seat]
        points = [o.points for o in member.objectives]
        lows.append(sum(p for p in points if p < 0)
                    + (r.face_min - member.face) * r.face_weight + least_shared)
        highs.append(sum(p for p in points if p > 0)
                     + (r.face_max - member.face) * r.face_weight + most_shared)
    return min(lows), max(highs)
