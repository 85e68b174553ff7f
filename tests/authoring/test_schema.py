"""The JSON Schema describes the files the loader accepts: every bundled scenario fits it."""

from __future__ import annotations

import tomllib
from typing import Any

import pytest

from game.scenario.loader import BUNDLE_DIR, shared_data
from game.scenario.schema import json_schema

SCENARIOS = sorted(BUNDLE_DIR.glob("*.toml"))


def _fits(value: Any, schema: dict[str, Any], where: str) -> list[str]:
    """A small structural check: types, enums, ranges, required and unknown keys."""
    kind = schema.get("type")
    types = {"object": dict, "array": list, "string": str, "boolean": bool,
             "integer": int, "number": (int, float)}
    if kind and not isinstance(value, types[kind]):
        return [f"{where}: {value!r} is not {kind}"]
    out = []
    if "enum" in schema and value not in schema["enum"]:
        out.append(f"{where}: {value!r} not in {schema['enum']}")
    if isinstance(value, int | float) and not isinstance(value, bool) and not (
            schema.get("minimum", value) <= value <= schema.get("maximum", value)):
        out.append(f"{where}: {value} out of range")
    if isinstance(value, dict):
        props = schema.get("properties", {})
        out += [f"{where}: missing {k}" for k in schema.get("required", []) if k not in value]
        for key, item in value.items():
            sub = props.get(key, schema.get("additionalProperties", True))
            if sub is False:
                out.append(f"{where}: unknown key {key}")
            elif isinstance(sub, dict):
                out += _fits(item, sub, f"{where}.{key}")
    if isinstance(value, list) and isinstance(schema.get("items"), dict):
        for i, item in enumerate(value):
            out += _fits(item, schema["items"], f"{where}[{i}]")
    return out


@pytest.mark.parametrize("path", SCENARIOS, ids=[p.stem for p in SCENARIOS])
def test_bundled_scenario_fits_the_schema(path: Any) -> None:
    data = tomllib.loads(path.read_text())
    assert _fits(data, json_schema(shared_data()[0]), path.stem) == []


def test_the_check_can_fail() -> None:
    schema = json_schema(shared_data()[0])
    bad = {"format": 1, "rounds": 40, "colour": "x", "members": {"laos": {"stance": "bold"}}}
    problems = _fits(bad, schema, "bad")
    assert "bad: unknown key colour" in problems
    assert "bad.rounds: 40 out of range" in problems
    assert any("bad.members.laos.stance" in p for p in problems)
    assert "bad: missing id" in problems
