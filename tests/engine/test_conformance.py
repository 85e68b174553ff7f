"""Runs the rules conformance suite kept as data in `conformance.toml` (see its header).

Every case checks that `legal_actions` and `apply` agree on the ruling, then the rule an
illegal action breaks or the facts of the state after a legal one.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest
from engine_kit import HERE, lab, run

from game import (
    Action,
    GameState,
    IllegalAction,
    Rule,
    Scenario,
    Verb,
    apply,
    legal_actions,
    load_scenario,
    new_game,
    norm_stage,
)

CASES: list[dict[str, Any]] = tomllib.loads(
    (HERE / "conformance.toml").read_text(encoding="utf-8"))["case"]
CASE_KEYS = {"id", "title", "scenario", "overrides", "seed", "setup", "action", "expect"}


def delta_check(before: Mapping[str, float], after: Mapping[str, float],
                expected: Mapping[str, float], what: str) -> None:
    """Listed keys changed by the amount given; every other key did not change."""
    for key in after:
        change = after[key] - before[key]
        assert change == pytest.approx(expected.get(key, 0.0)), f"{what} {key}: {change:+g}"


def flat_trust(state: GameState) -> dict[str, float]:
    return {f"{a}>{b}": v for a, row in state.trust.items() for b, v in row.items()}


def listed(values: Any) -> list[str]:
    return sorted(values)


CHECKS: dict[str, Callable[[GameState, GameState, Any], None]] = {
    "phase": lambda _, s, v: _eq(s.phase, v),
    "round": lambda _, s, v: _eq(s.round, v),
    "chair": lambda _, s, v: _eq(s.chair, v),
    "to_move": lambda _, s, v: _eq(s.to_move or "", v),
    "event": lambda _, s, v: _eq(s.event, v),
    "tabled_ambition": lambda _, s, v: _eq(s.tabled.ambition if s.tabled else None, v),
    "result": lambda _, s, v: _eq(s.outcomes[-1].result, v),
    "objectors": lambda _, s, v: _eq(list(s.outcomes[-1].objectors), v),
    "adopted": lambda _, s, v: _eq(dict(s.adopted), v),
    "deferred": lambda _, s, v: _eq(dict(s.deferred), v),
    "opted_out": lambda _, s, v: _eq({m: list(o) for m, o in s.opted_out.items()}, v),
    "norm_adopters": lambda _, s, v: _eq(listed(s.norm_adopters), listed(v)),
    "stage": lambda _, s, v: _eq(norm_stage(s), v),
    "next_legal": lambda _, s, v: _eq(_next_legal(s), v),
    "includes": lambda _, s, v: _eq([a for a in v if a not in _next_legal(s)], []),
    "excludes": lambda _, s, v: _eq([a for a in v if a in _next_legal(s)], []),
    "face": lambda b, s, v: delta_check(b.face, s.face, v, "face of"),
    "capability": lambda b, s, v: delta_check(b.capability, s.capability, v, "capability of"),
    "trust": lambda b, s, v: delta_check(flat_trust(b), flat_trust(s), v, "trust"),
}


def _eq(found: Any, expected: Any) -> None:
    assert found == expected


def _next_legal(state: GameState) -> list[str]:
    return [str(a) for a in legal_actions(state, state.to_move)] if state.to_move else []


def scenario_for(case: Mapping[str, Any], directory: Path) -> Scenario:
    overrides = case.get("overrides", {})
    if case["scenario"] == "lab":
        return lab(directory, **overrides) if overrides else lab()
    assert not overrides, "overrides apply to the lab scenario only"
    return load_scenario(case["scenario"])


def action_of(case: Mapping[str, Any]) -> Action:
    given = case["action"]
    if isinstance(given, str):
        return Action.parse(given)
    return Action(given["seat"], Verb(given["verb"]), given.get("target", ""),
                  given.get("ambition", 0), given.get("reason", ""))


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_conformance(case: dict[str, Any], tmp_path: Path) -> None:
    assert set(case) <= CASE_KEYS, f"unknown case fields: {set(case) - CASE_KEYS}"
    expect = dict(case["expect"])
    unknown = set(expect) - {"legal", "rule"} - set(CHECKS)
    assert not unknown, f"unknown expectations: {unknown}"
    state = run(new_game(scenario_for(case, tmp_path), case["seed"]), case["setup"])
    action = action_of(case)
    offered = action in legal_actions(state, action.seat)
    assert offered is expect.pop("legal"), "legal_actions disagrees with the ruling"
    if not offered:
        with pytest.raises(IllegalAction) as err:
            apply(state, action)
        assert err.value.rule == expect.pop("rule")
        assert not expect, "an illegal action has no effects to check"
        return
    assert "rule" not in expect
    after = apply(state, action)
    assert after.seq == state.seq + 1
    for key, value in expect.items():
        CHECKS[key](state, after, value)


def test_cases_are_numbered_uniquely_and_titled() -> None:
    ids = [c["id"] for c in CASES]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"C\d+\.\d\d", i) for i in ids)
    assert all(c.get("title") for c in CASES)
    assert len(CASES) >= 30


def test_every_rule_the_engine_can_raise_has_a_case() -> None:
    covered = {c["expect"].get("rule") for c in CASES}
    missing = sorted(str(r) for r in Rule if r not in covered)
    assert not missing, f"rules with no conformance case: {missing}"


def test_every_verb_has_a_legal_case() -> None:
    legal = {action_of(c).verb for c in CASES if c["expect"]["legal"]}
    assert set(Verb) <= legal, f"verbs never shown legal: {sorted(set(Verb) - legal)}"
