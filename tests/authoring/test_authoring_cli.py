"""The authoring commands through the real `mufakat` command line, on real files."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from game.authoring.lint import codes_table
from game.rules.engine import TABLE
from game.scenario.schema import SCENARIO, field_reference

from .conftest import Run


def test_validate_exit_codes(mufakat: Run, valid_text: str,
                             scenario_file: Callable[..., Path]) -> None:
    clean = scenario_file(valid_text)
    warned = scenario_file(valid_text.replace('"joint-training"]\nevents',
                                              '"joint-training", "observer-team"]\nevents'),
                           "warned.toml")
    broken = scenario_file(valid_text.replace("rounds = 3", "rounds = 99"), "broken.toml")
    ok = mufakat("validate", str(clean))
    assert (ok.returncode, ok.stdout) == (0, "")
    assert "valid" in ok.stderr
    warn = mufakat("validate", str(warned))
    assert warn.returncode == 0 and "W105 warning" in warn.stdout
    assert "W111" in warn.stdout  # warned.toml holds id my-workshop
    assert mufakat("validate", "--strict", str(warned)).returncode == 1
    bad = mufakat("validate", str(clean), str(broken))
    assert bad.returncode == 1
    assert f"{broken}:" in bad.stdout and "M005 error" in bad.stdout


def test_validate_never_tracebacks_on_garbage(mufakat: Run, tmp_path: Path) -> None:
    (tmp_path / "junk.toml").write_bytes(b"\x00\xff\xfe" * 100)
    (tmp_path / "cut.toml").write_text('format = 2\nid = "x"\nseats = ["indo')
    result = mufakat("validate", "junk.toml", "cut.toml", "missing.toml")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    assert "binary" in result.stdout and "TOML syntax" in result.stdout
    assert "missing.toml" in result.stdout


def test_schema_prints_the_json_schema(mufakat: Run) -> None:
    result = mufakat("schema")
    assert result.returncode == 0
    schema = json.loads(result.stdout)
    assert set(schema["properties"]) == {f.name for f in SCENARIO}
    assert "format" in schema["required"]
    member = schema["properties"]["members"]["additionalProperties"]["properties"]
    assert member["stance"]["enum"] == ["entrepreneur", "cohesion", "cautious", "sovereignty"]
    markdown = mufakat("schema", "--markdown")
    assert markdown.stdout == f"{field_reference()}\n{codes_table()}"


def test_new_writes_a_scenario_that_validates_and_plays(mufakat: Run, tmp_path: Path) -> None:
    made = mufakat("new", "2026-my-workshop", "--dir", str(tmp_path))
    assert made.returncode == 0, made.stderr
    path = tmp_path / "2026-my-workshop.toml"
    assert mufakat("validate", "--strict", str(path)).returncode == 0
    played = mufakat("simulate", str(path), "--games", "3", "--json")
    assert played.returncode == 0, played.stderr
    assert json.loads(played.stdout)["games"] == 3
    before = path.read_bytes()
    again = mufakat("new", "2026-my-workshop", "--dir", str(tmp_path))
    assert again.returncode == 1 and "already exists" in again.stderr
    assert path.read_bytes() == before


def test_new_from_a_bundled_scenario_keeps_its_comments(mufakat: Run, tmp_path: Path) -> None:
    result = mufakat("new", "apcn-variant", "--from", "2011-apcn")
    assert result.returncode == 0, result.stderr
    text = (tmp_path / "apcn-variant.toml").read_text()
    assert 'id = "apcn-variant"' in text and text.startswith("#")
    assert mufakat("validate", "apcn-variant.toml").returncode == 0


def test_new_refuses_bad_ids(mufakat: Run) -> None:
    for sid, words in (("My Scenario", "not a scenario id"), ("2011-apcn", "bundled")):
        result = mufakat("new", sid)
        assert result.returncode == 1 and words in result.stderr
    missing = mufakat("new", "x", "--dir", "nowhere")
    assert missing.returncode == 2 and "no such folder" in missing.stderr


def format_0(text: str) -> str:
    """The template as the pre-release draft wrote it."""
    return (text.replace("format = 2\n", "").replace("\nevents = [", "\ndeck = [")
            .replace("\nfirst_chair = ", "\nchair = ").replace("\nrounds = 3", "\nturns = 3"))


def test_upgrade_a_format_0_draft(mufakat: Run, valid_text: str,
                                  scenario_file: Callable[..., Path]) -> None:
    old = format_0(valid_text)
    path = scenario_file(old)
    refused = mufakat("validate", str(path))
    assert refused.returncode == 1 and "M006" in refused.stdout
    assert f"mufakat upgrade {path}" in refused.stdout
    dry = mufakat("upgrade", "--dry-run", str(path))
    assert dry.returncode == 0 and "would upgrade from format 0 to 2" in dry.stderr
    assert path.read_text() == old and not path.with_name(path.name + ".bak").exists()
    done = mufakat("upgrade", str(path))
    assert done.returncode == 0 and "`deck` renamed `events`" in done.stderr
    assert path.with_name(path.name + ".bak").read_text() == old
    assert dry.stdout == path.read_text()
    assert path.read_text().startswith(valid_text.split("format = 2")[0] + "format = 2\n")
    assert mufakat("validate", "--strict", str(path)).returncode == 0
    again = mufakat("upgrade", str(path))
    assert again.returncode == 0 and "already format 2" in again.stderr


def test_upgrade_a_format_1_file_of_the_first_rules(mufakat: Run, valid_text: str,
                                                    scenario_file: Callable[..., Path]) -> None:
    old = valid_text.replace("format = 2\n", "format = 1\n")
    path = scenario_file(old)
    refused = mufakat("validate", str(path))
    assert refused.returncode == 1 and "format 1 (written for Mufakat 0.1" in refused.stdout
    done = mufakat("upgrade", str(path))
    assert done.returncode == 0 and "upgraded from format 1 to 2" in done.stderr
    assert "check: the chair now holds the chair for every meeting" in done.stderr
    assert path.read_text() == valid_text
    assert mufakat("validate", "--strict", str(path)).returncode == 0


def test_upgrade_refuses_newer_formats_and_old_backups(
        mufakat: Run, valid_text: str, scenario_file: Callable[..., Path]) -> None:
    newer = scenario_file(valid_text.replace("format = 2", "format = 3"), "newer.toml")
    result = mufakat("upgrade", str(newer))
    assert result.returncode == 1 and "upgrade Mufakat" in result.stderr
    path = scenario_file(format_0(valid_text))
    path.with_name(path.name + ".bak").write_text("an older backup")
    kept = mufakat("upgrade", str(path))
    assert kept.returncode == 1 and "already exists" in kept.stderr
    assert path.read_text() == format_0(valid_text)


def test_graph_prints_both_diagrams(mufakat: Run) -> None:
    result = mufakat("graph", "2011-apcn")
    assert result.returncode == 0
    assert "```mermaid\nflowchart LR" in result.stdout
    assert "m_information_sharing --> m_joint_training" in result.stdout
    assert "class m_apcn focus" in result.stdout
    phases = mufakat("graph", "2011-apcn", "--only", "phases").stdout
    assert phases.startswith("stateDiagram-v2")
    for t in TABLE.transitions:
        assert f"{t['source']} --> {t['dest']}: {t['trigger']}" in phases
    bad = mufakat("graph", "no-such-scenario")
    assert bad.returncode == 1 and "Traceback" not in bad.stderr


def test_test_runs_transcripts_and_points_at_the_failing_line(
        mufakat: Run, tmp_path: Path) -> None:
    draft = mufakat("test", "--draft", "2020-asean-flag", "--seed", "3")
    assert draft.returncode == 0
    good = tmp_path / "good.txt"
    good.write_text(draft.stdout)
    passed = mufakat("test", str(good))
    assert passed.returncode == 0 and passed.stdout.startswith(f"PASS {good}")
    lines = draft.stdout.splitlines()
    at = next(i for i, line in enumerate(lines) if "table asean-flag" in line)
    lines.insert(at + 1, "> expect tabled asean-flag ambition=4")
    bad = tmp_path / "bad.txt"
    bad.write_text("\n".join(lines) + "\n")
    failed = mufakat("test", str(good), str(bad))
    assert failed.returncode == 1
    assert f"FAIL {bad}:{at + 2}: expected tabled ambition 4" in failed.stdout
    assert "1 passed, 1 failed" in failed.stderr
    bundled = mufakat("test", "2011-apcn")
    assert bundled.returncode == 0 and "scenarios/tests/2011-apcn" in bundled.stdout
    (tmp_path / "empty").mkdir()
    missing = mufakat("test", "empty")
    assert missing.returncode == 1 and "no golden transcripts" in missing.stderr


def test_simulate_writes_balance_reports(mufakat: Run, tmp_path: Path) -> None:
    for name, marker in (("balance.md", "| seat | bot | min | q1 | median"),
                         ("balance.html", "<svg")):
        result = mufakat("simulate", "2011-apcn", "--games", "4", "--report", name)
        assert result.returncode == 0, result.stderr
        assert "Balance report: 2011-apcn, 4 games" in result.stdout
        assert marker in (tmp_path / name).read_text()
