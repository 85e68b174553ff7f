"""Hostile ids (issue 8, class 1): an id names files, so every scenario, member, measure
and card id must have the documented form `[a-z0-9][a-z0-9-]{0,63}` wherever a scenario
is loaded; anything else is error M007 at its line, with the fix, never a traceback."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.authoring.lint import lint_paths
from game.authoring.new import NewScenarioError, new_scenario, template
from game.scenario.edit import toml_string
from game.scenario.loader import ScenarioError, check_file, load_scenario
from game.scenario.schema import ID_FORM, valid_id

ROOT = Path(__file__).resolve().parents[2]
VALID = template("my-workshop")
HOSTILE_IDS = ["../../escaped", "/etc/passwd", "a/b", "..", ".", "a.b", "My Workshop",
               "CAPS", "-leading-dash", "", " ", "x" * 65, "caf\u00e9", "tab\there",
               "new\nline", "esc\x1b[2Jape", "rtl\u202eoverride", "null\\u0000", "a:b",
               "[/]", "[@click=app.quit]", "~/.ssh", "ａｂｃ", "٣"]
SETTINGS = settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
invalid_ids = st.text(max_size=80).filter(lambda s: not re.fullmatch(ID_FORM, s))


def with_id(sid: str) -> str:
    return VALID.replace('id = "my-workshop"', f"id = {toml_string(sid)}", 1)


def mufakat(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tui.cli", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=120,
                          env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin",
                               "HOME": str(cwd)})


def id_line(text: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), 1) if line.startswith("id ="))


@pytest.mark.parametrize("sid", HOSTILE_IDS)
def test_a_hostile_scenario_id_is_m007_at_its_line(tmp_path: Path, sid: str) -> None:
    path = tmp_path / "my-workshop.toml"
    text = with_id(sid)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ScenarioError) as err:
        load_scenario(path)
    (problem,) = [p for p in err.value.problems if p.code == "M007"]
    assert (problem.line, problem.col) == (id_line(text), 1)
    shown = str(problem)
    assert shown.startswith(f"{path}:{id_line(text)}:1: M007 error:")
    assert "(hint: use lower-case letters, digits and dashes" in shown
    assert "\x1b" not in shown and "\u202e" not in shown and "\n" not in shown


@SETTINGS
@given(sid=invalid_ids)
def test_any_id_outside_the_form_is_refused(tmp_path: Path, sid: str) -> None:
    path = tmp_path / "my-workshop.toml"
    path.write_text(with_id(sid), encoding="utf-8")
    scenario, problems = check_file(path)
    assert scenario is None
    assert any(p.code == "M007" and p.severity == "error" for p in problems)


@SETTINGS
@given(sid=st.from_regex(ID_FORM, fullmatch=True))
def test_every_id_of_the_form_is_accepted(tmp_path: Path, sid: str) -> None:
    assert valid_id(sid)
    path = tmp_path / "my-workshop.toml"
    path.write_text(with_id(sid), encoding="utf-8")
    _, problems = check_file(path)
    assert not [p for p in problems if p.code == "M007"]


@pytest.mark.parametrize(("table", "what"), [
    ('[members."../evil"]\nname = "Evil"\njoined = 2030\ncapability = 1\n'
     'stance = "cautious"\ncooperation = 1\nsensitivity = { N1 = 1, N2 = 1, N3 = 1, N4 = 1, '
     'N5 = 1, N6 = 1 }', "member"),
    ('[measures."Odd Measure"]\nname = "Odd"\nintrusiveness = 3\nstage = "cbm"\n'
     'value = 1.0\nlevels = ["a"]', "measure"),
    ('[cards."x/../y"]\nname = "X"\ntext = "T"', "event card"),
])
def test_member_measure_and_card_ids_have_the_form_too(tmp_path: Path, table: str,
                                                       what: str) -> None:
    path = tmp_path / "my-workshop.toml"
    text = VALID + "\n" + table + "\n"
    path.write_text(text, encoding="utf-8")
    problems = [p for p in lint_paths([str(path)]) if p.code == "M007"]
    assert problems and f"not a valid {what} id" in problems[0].message
    assert problems[0].line == text.splitlines().index(table.splitlines()[0]) + 1


def test_a_shared_file_with_a_bad_id_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "measures.toml"
    path.write_text('format = 2\n[measures."A B"]\nname = "AB"\nintrusiveness = 3\n'
                    'stage = "cbm"\nvalue = 1.0\nlevels = ["a"]\n', encoding="utf-8")
    problems = lint_paths([str(path)])
    assert any(p.code == "M007" and p.line == 2 for p in problems), problems


@pytest.mark.parametrize("command", [
    ["validate", "{path}"], ["simulate", "{path}", "--games", "2", "--records", "out"],
    ["graph", "{path}"], ["test", "--draft", "{path}"], ["new", "copy", "--from", "{path}"],
    ["bench", "--scenario", "{path}", "--seconds", "0.01"],
])
def test_every_command_that_loads_a_scenario_refuses_the_id(tmp_path: Path,
                                                            command: list[str]) -> None:
    work = tmp_path / "work"
    (work / "out").mkdir(parents=True)
    path = work / "escaped.toml"
    path.write_text(with_id("../../escaped"), encoding="utf-8")
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    result = mufakat(*[a.format(path=path) for a in command], cwd=work)
    assert result.returncode != 0
    assert "M007" in result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")) == before


@SETTINGS
@given(sid=invalid_ids)
def test_new_refuses_every_id_outside_the_form(tmp_path: Path, sid: str) -> None:
    with pytest.raises(NewScenarioError, match="not a scenario id"):
        new_scenario(sid, directory=tmp_path)
    assert list(tmp_path.iterdir()) == []
