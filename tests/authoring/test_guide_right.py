"""The guide is right: its steps work as written, its promises hold, and every message an
author meets names the fix (issue 12, "A guide and messages that are right")."""

from __future__ import annotations

import datetime
import re
import subprocess
import sys
import tomllib
from collections.abc import Callable
from pathlib import Path

import pytest

from game.bots import KINDS
from game.scenario.loader import check_file, load_scenario, shared_data
from game.scenario.schema import CODES, RECORD_CODES, json_schema

from .conftest import ROOT, Run
from .test_guide import GUIDE
from .test_schema import _fits

Write = Callable[..., Path]


def _errors(path: Path) -> list[str]:
    _, problems = check_file(path)
    return [str(p) for p in problems if p.severity == "error"]


def _member_override(text: str, seat: str, line: str) -> str:
    """The template with `line` added to `[members.SEAT]`."""
    return text.replace(f"[members.{seat}]\n", f"[members.{seat}]\n{line}\n", 1)


# Member tables merge key by key, and the JSON Schema agrees with `validate`.

def test_partial_sensitivity_override_merges(valid_text: str, scenario_file: Write) -> None:
    path = scenario_file(_member_override(valid_text, "laos", "sensitivity = { N4 = 0.8 }"))
    assert _errors(path) == []
    laos = load_scenario(path).members["laos"]
    shared = shared_data()[0]["members"]["laos"]["sensitivity"]
    assert laos.sensitivity == {**shared, "N4": 0.8}


def test_a_bad_override_value_hints_the_shared_value(valid_text: str,
                                                     scenario_file: Write) -> None:
    path = scenario_file(_member_override(valid_text, "laos", "sensitivity = { N4 = 5 }"))
    shared = shared_data()[0]["members"]["laos"]["sensitivity"]["N4"]
    [error] = _errors(path)
    assert "M005" in error and f"laos's shared profile has N4 = {shared:g}" in error


SCHEMA_CASES = {
    "partial sensitivity": ("laos", "sensitivity = { N4 = 0.8 }", True),
    "partial measure": ("", '[measures.joint-training]\nvalue = 3.0', True),
    "partial card": ("", '[cards.routine-meeting]\nmin_round = 2', True),
    "new member, partial": ("", '[members.timor-leste-2]\nname = "T"', False),
    "new measure, partial": ("", '[measures.my-measure]\nvalue = 3.0', False),
}


@pytest.mark.parametrize("case", SCHEMA_CASES)
def test_the_json_schema_agrees_with_validate(case: str, valid_text: str,
                                              scenario_file: Write) -> None:
    seat, line, valid = SCHEMA_CASES[case]
    text = _member_override(valid_text, seat, line) if seat else f"{valid_text}\n{line}\n"
    path = scenario_file(text)
    structural = [e for e in _errors(path) if re.search(r" M\d{3} ", e)]
    fits = _fits(tomllib.loads(text), json_schema(shared_data()[0]), "scenario")
    assert (structural == [], fits == []) == (valid, valid), (structural, fits)


# The guide's own steps work as written.

def _guide_block(after: str) -> list[str]:
    """The commands of the first ```sh block after `after` in the guide."""
    text = GUIDE.read_text()
    block = text[text.index(after):].split("```sh\n", 1)[1].split("```", 1)[0]
    return [line.split(" # ")[0].strip() for line in block.splitlines() if line.strip()]


def test_the_fastest_start_works_as_written(tmp_path: Path) -> None:
    shim = tmp_path / "bin" / "mufakat"
    shim.parent.mkdir()
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m tui.cli "$@"\n')
    shim.chmod(0o755)
    env = {"PYTHONPATH": str(ROOT), "PATH": f"{shim.parent}:/usr/bin:/bin",
           "HOME": str(tmp_path)}
    steps = [s for s in _guide_block("The fastest start") if not s.startswith("mufakat play")]
    assert any("--draft" in s for s in steps)
    for step in steps:
        done = subprocess.run(step, shell=True, cwd=tmp_path, env=env, capture_output=True,
                              text=True, timeout=300)
        assert done.returncode == 0, f"{step}\n{done.stdout}{done.stderr}"
    assert "PASS" in done.stdout and "FAIL" not in done.stdout


def test_things_to_try_w201_prints_the_warning(valid_text: str, mufakat: Run,
                                               scenario_file: Write) -> None:
    text = GUIDE.read_text()
    try_text = text[text.index("Things to try"):]
    red_line = re.search(r"the red line `(\{[^`]*\})`", try_text.replace("\n", " "))
    assert red_line, "the guide's W201 example is gone"
    path = scenario_file(_member_override(valid_text, "vietnam",
                                          f"red_lines = [{red_line.group(1)}]"))
    result = mufakat("validate", str(path))
    assert "W201 warning" in result.stdout and "vietnam" in result.stdout


# Each message names the fix, at its line and column.

MESSAGES = {
    "events table": ("", '\n[events.my-card]\nname = "x"\ntext = "y"\n', "M000",
                     "`[cards.my-card]`"),
    "events table, no deck": (
        'events = ["routine-meeting", "security-council-request", "natural-disaster"]\n',
        '[events.my-card]\nname = "x"\ntext = "y"\n', "M002", "`[cards.my-card]`"),
    "focus off the agenda": ('focus = "joint-training"', 'focus = "standby-force"', "R006",
                             "add it to `agenda`"),
    "red line mixes norm and measure": (
        "[members.vietnam]\n",
        '[members.vietnam]\nred_lines = [{ norm = "N3", measure = "joint-training", '
        "max = 1.0 }]\n", "M010", "two red lines"),
    "red line mixes norm and max_ambition": (
        "[members.vietnam]\n",
        '[members.vietnam]\nred_lines = [{ norm = "N3", max_ambition = 1 }]\n', "M010",
        "two red lines"),
    "block with min_ambition": (
        'measure = "joint-training", max_ambition = 2', 'measure = "joint-training", '
        "min_ambition = 2", "M010", "max_ambition"),
    "N7": ("[members.laos]\n", "[members.laos]\nsensitivity = { N7 = 1.0 }\n", "M001",
           "N1 to N6"),
    "five levels": ("", '\n[measures.joint-training]\nlevels = ["a", "b", "c", "d", "e"]\n',
                    "M005", "found 5"),
}


@pytest.mark.parametrize("case", MESSAGES)
def test_message_names_the_fix(case: str, valid_text: str, scenario_file: Write) -> None:
    old, new, code, fix = MESSAGES[case]
    text = valid_text.replace(old, new, 1) if old else valid_text + new
    assert text != valid_text
    errors = _errors(scenario_file(text))
    assert len(errors) == 1, errors
    assert re.match(rf".*my-workshop\.toml:\d+:\d+: {code} error: ", errors[0]), errors
    assert "(hint: " in errors[0] and fix in errors[0], errors[0]


# `mufakat new` takes the year from the id.

def test_new_from_takes_the_year_from_the_id(mufakat: Run, tmp_path: Path) -> None:
    assert mufakat("new", "2025-apcn-variant", "--from", "2011-apcn").returncode == 0
    assert "\nyear = 2025\n" in (tmp_path / "2025-apcn-variant.toml").read_text()
    assert mufakat("new", "border-ceasefire").returncode == 0
    year = datetime.datetime.now(datetime.UTC).year
    assert f"\nyear = {year}\n" in (tmp_path / "border-ceasefire.toml").read_text()


# The guide says how the computer players decide, and what sponsor and focus do.

def test_guide_explains_the_computer_players_and_sponsor_and_focus() -> None:
    text = GUIDE.read_text()
    section = text[text.index("## How the computer players decide"):]
    section = section[:section.index("\n## ", 4)]
    for word in (*KINDS, "support", "reserve", "object", "sponsor", "focus", "table"):
        assert f"`{word}`" in section or word in section, word
    assert "### What `sponsor` and `focus` do" in section


# Record messages are in the guide's code table.

def test_record_codes_are_in_the_guide() -> None:
    source = (ROOT / "game" / "play" / "record.py").read_text()
    used = sorted(set(re.findall(r'"(G\d{3})"', source)))
    assert used and all(code in RECORD_CODES and code not in CODES for code in used)
    for code in used:
        assert f"| `{code}` | error |" in GUIDE.read_text(), code
