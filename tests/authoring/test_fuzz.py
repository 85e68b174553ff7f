"""Whatever a file holds, lint answers with problems, never a traceback, and never
writes the file."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.authoring.lint import lint_paths
from game.authoring.new import TEMPLATE
from game.scenario.schema import FORMAT, Problem

VALID = TEMPLATE.substitute(id="fuzz", title="Fuzz", format=FORMAT)
KEYS = ["format", "id", "title", "year", "sponsor", "focus", "seats", "first_chair",
        "rounds", "agenda", "adopted", "events", "schedule", "members", "measures", "cards",
        "rules", "history", "requires", "levels", "objectives", "red_lines", "kind",
        "measure", "norm", "N3", "face", "trust", "indonesia", "joint-training", "1", "deck"]
SETTINGS = settings(max_examples=150, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])

scalars = st.one_of(st.none(), st.booleans(), st.integers(-2**70, 2**70),
                    st.floats(allow_nan=True), st.text(max_size=20), st.sampled_from(KEYS))
values: st.SearchStrategy[Any] = st.recursive(
    scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                     st.dictionaries(st.sampled_from(KEYS), inner, max_size=5)),
    max_leaves=25)


def _lint(path: Path, content: bytes) -> list[Problem]:
    path.write_bytes(content)
    problems = lint_paths([str(path)])
    assert path.read_bytes() == content
    assert all(isinstance(p, Problem) and p.code and str(p) for p in problems)
    return problems


@SETTINGS
@given(st.binary(max_size=2000))
def test_random_bytes(tmp_path: Path, content: bytes) -> None:
    _lint(tmp_path / "fuzz.toml", content)


@SETTINGS
@given(st.integers(0, len(VALID)))
def test_truncated_scenarios(tmp_path: Path, cut: int) -> None:
    _lint(tmp_path / "fuzz.toml", VALID[:cut].encode())


@SETTINGS
@given(st.dictionaries(st.sampled_from(KEYS), values, max_size=8))
def test_random_tables_over_a_valid_scenario(tmp_path: Path, changes: dict[str, Any]) -> None:
    data = tomllib.loads(VALID)
    data.update({k: v for k, v in changes.items()})
    try:
        text = tomli_w.dumps(_no_none(data))
    except (TypeError, ValueError):
        return  # a structure TOML itself cannot hold
    _lint(tmp_path / "fuzz.toml", text.encode())


def _no_none(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _no_none(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_no_none(v) for v in value if v is not None]
    return value


def test_hostile_files(tmp_path: Path) -> None:
    cases = {
        "deep": b"a = " + b"[" * 5000 + b"]" * 5000,
        "huge": b"# " + b"x" * 1_100_000,
        "long-number": b"rounds = " + b"9" * 5000,
        "nan": VALID.replace("rounds = 3", "rounds = nan").encode(),
        "superscript": (VALID + '\n[schedule]\n"\u00b2" = "routine-meeting"\n').encode(),
        "latin1": "title = \"caf\u00e9\"".encode("latin-1"),
        "chain": (VALID + "".join(f'\n[measures.m{i}]\nname = "M"\nintrusiveness = 1\n'
                                  f'stage = "cbm"\nvalue = 1.0\nlevels = ["a"]\n'
                                  f'requires = ["m{i + 1}"]\n' for i in range(3000))).encode(),
        "many-keys": (VALID.replace("rounds = 3", "rounds = 3\n" + "\n".join(
            f"k{i} = 1" for i in range(5000)))).encode(),
    }
    for name, content in cases.items():
        problems = _lint(tmp_path / f"{name}.toml", content)
        assert problems, name
        assert len(problems) <= 101, name
    assert any("M000" in str(p) for p in lint_paths([str(tmp_path / "missing.toml")]))


MEMBERS = ["brunei", "cambodia", "indonesia", "laos", "malaysia", "myanmar", "philippines",
           "singapore", "thailand", "vietnam", "timor-leste", "atlantis"]
MEASURES = ["chair-statement", "information-sharing", "apcn", "joint-training",
            "observer-team", "special-envoy", "standby-force", "apf-internal", "no-such"]
CARDS = ["routine-meeting", "migrant-boat-crisis", "border-clash", "no-such-card"]

objective = st.fixed_dictionaries(
    {"kind": st.sampled_from(["adopt", "block", "face", "norm", "progress"]),
     "points": st.integers(0, 20)},
    optional={"measure": st.sampled_from(MEASURES), "min_ambition": st.integers(1, 4),
              "max_ambition": st.integers(0, 4), "min": st.integers(0, 100),
              "stage": st.sampled_from(["emergence", "cascade", "internalization"]),
              "min_intrusiveness": st.integers(0, 30), "scale": st.booleans()})
red_line = st.one_of(
    st.fixed_dictionaries({"measure": st.sampled_from(MEASURES),
                           "max_ambition": st.integers(0, 4)}),
    st.fixed_dictionaries({"norm": st.sampled_from(["N1", "N3", "N4"]),
                           "max": st.floats(0, 3)}))
member = st.fixed_dictionaries({}, optional={
    "objectives": st.lists(objective, max_size=3), "red_lines": st.lists(red_line, max_size=2),
    "trust": st.dictionaries(st.sampled_from(MEMBERS), st.integers(0, 100), max_size=2)})
card = st.fixed_dictionaries({"name": st.just("C"), "text": st.just("T")}, optional={
    "min_round": st.integers(1, 6), "requires_seats": st.lists(st.sampled_from(MEMBERS),
                                                               max_size=2),
    "requires_adopted": st.lists(st.sampled_from(MEASURES), max_size=2),
    "boost": st.dictionaries(st.sampled_from(MEASURES), st.floats(-2, 2), max_size=2),
    "strain": st.dictionaries(st.sampled_from(["N3", "N4"]), st.floats(-1, 1), max_size=2)})
plausible = st.fixed_dictionaries({}, optional={
    "seats": st.lists(st.sampled_from(MEMBERS), min_size=1, max_size=11),
    "agenda": st.lists(st.sampled_from(MEASURES), min_size=1, max_size=6),
    "adopted": st.lists(st.sampled_from(MEASURES), max_size=3),
    "focus": st.sampled_from(MEASURES), "sponsor": st.sampled_from(MEMBERS),
    "first_chair": st.sampled_from(MEMBERS), "rounds": st.integers(1, 12),
    "events": st.lists(st.sampled_from([*CARDS, "extra"]), max_size=4),
    "schedule": st.dictionaries(st.sampled_from(["1", "2", "5", "13"]),
                                st.sampled_from(CARDS), max_size=2),
    "members": st.dictionaries(st.sampled_from(MEMBERS), member, max_size=3),
    "measures": st.dictionaries(st.sampled_from(MEASURES), st.fixed_dictionaries(
        {}, optional={"requires": st.lists(st.sampled_from(MEASURES), max_size=2),
                      "levels": st.lists(st.just("a level"), max_size=5)}), max_size=2),
    "cards": st.dictionaries(st.just("extra"), card, max_size=1),
    "rules": st.fixed_dictionaries({}, optional={"minus_x": st.fixed_dictionaries(
        {"enabled": st.booleans(), "security": st.booleans()})})})


@SETTINGS
@given(plausible)
def test_plausible_edits_of_a_valid_scenario(tmp_path: Path, changes: dict[str, Any]) -> None:
    """Edits an author might make, so the deeper checks (references, reachability,
    red lines, objectives) run on scenarios that load."""
    data = tomllib.loads(VALID)
    members = data.pop("members")
    for seat, override in changes.pop("members", {}).items():
        members[seat] = {**members.get(seat, {}), **override}
    data.update(changes, members=members)
    _lint(tmp_path / "fuzz.toml", tomli_w.dumps(data).encode())


@SETTINGS
@given(st.sampled_from(["members", "measures", "events", "rules"]),
       st.dictionaries(st.sampled_from(MEMBERS + MEASURES), values, max_size=4))
def test_random_shared_files(tmp_path: Path, kind: str, tables: dict[str, Any]) -> None:
    """A file extending the shared profiles, catalogue or cards (no `id`)."""
    try:
        text = tomli_w.dumps(_no_none({"format": 1, kind: tables}))
    except (TypeError, ValueError):
        return
    _lint(tmp_path / f"{kind}.toml", text.encode())
