"""`[rules.public_priors]` in a scenario merges norm by norm with the shared table, as a
member's `sensitivity` does, and the JSON Schema accepts and refuses what `validate` does."""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from pathlib import Path

import pytest

from game.authoring.lint import lint_paths
from game.scenario.loader import load_scenario, shared_data
from game.scenario.schema import json_schema

from .test_schema import _fits

SHARED = shared_data()[0]["rules"]["public_priors"]


def _with(valid_text: str, table: str) -> str:
    return valid_text + f"\n[rules.public_priors]\n{table}\n"


def _schema_errors(text: str) -> list[str]:
    return _fits(tomllib.loads(text), json_schema(shared_data()[0]), "scenario")


def test_a_partial_stance_merges_with_the_shared_one(
        valid_text: str, scenario_file: Callable[[str], Path]) -> None:
    path = scenario_file(_with(valid_text, "cautious = { N4 = 2.5 }"))
    assert lint_paths([str(path)]) == []
    priors = load_scenario(path).rules.public_priors
    assert dict(priors["cautious"]) == {**SHARED["cautious"], "N4": 2.5}
    assert SHARED["cautious"]["N4"] != 2.5
    assert dict(priors["sovereignty"]) == SHARED["sovereignty"]


@pytest.mark.parametrize(("table", "code", "words"), [
    ("bold = { N4 = 2.5 }", "M001", "unknown stance `bold`"),
    ("cautious = { N4 = 5 }", "M005", "N4"),
    ("cautious = { N9 = 1 }", "M001", "N9"),
])
def test_bad_priors_are_still_refused(table: str, code: str, words: str, valid_text: str,
                                      scenario_file: Callable[[str], Path]) -> None:
    text = _with(valid_text, table)
    problems = [str(p) for p in lint_paths([str(scenario_file(text))]) if p.code == code]
    assert problems and words in problems[0]
    assert _schema_errors(text), "the JSON Schema should refuse it too"


def test_the_schema_accepts_a_partial_stance(valid_text: str) -> None:
    assert _schema_errors(valid_text) == []
    assert _schema_errors(_with(valid_text, "cautious = { N4 = 2.5 }")) == []


def test_the_shared_file_needs_every_norm_and_says_what_it_is(tmp_path: Path) -> None:
    shared = Path(__file__).resolve().parents[2] / "scenarios" / "shared" / "rules.toml"
    text = shared.read_text()
    stance = "[public_priors.entrepreneur]\nN1 = 1.0\n"
    assert stance in text
    path = tmp_path / "rules.toml"
    path.write_text(text.replace(stance, "[public_priors.entrepreneur]\n"))
    [problem] = [str(p) for p in lint_paths([str(path)])]
    assert "M003" in problem and "public_priors.entrepreneur.N1" in problem
    assert problem.endswith("(hint: add `N1 = ...` (the N1 sensitivity the others "
                            "assume of this stance, 0 to 3))")
