"""Class 3 of issue 8 (the CLI's part): control characters from files and arguments.

ESC, BEL, C1 codes and bidi overrides in a scenario, a record or an argument must
reach the terminal as visible escapes, in every command: `validate`, `simulate`,
`replay`, `scenarios`, `graph`, `test --draft` and argparse's own errors. The choke
point is `tui.cli.TerminalText`; it is also tested directly with generated text.
"""

from __future__ import annotations

import io
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import tomli_w
from hardening_kit import mufakat, run
from hypothesis import given
from hypothesis import strategies as st

from tui import cli

REPO = Path(__file__).resolve().parents[2]
LAB = REPO / "tests" / "engine" / "lab_scenarios" / "lab.toml"
RAW = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
HOSTILE = [
    "\x1b]0;retitled\x07",       # OSC: retitles the terminal
    "\x1b[2J\x1b[H",             # clears the screen
    "\x1b[31mred\x1b[0m",        # colour
    "\x9b31m",                   # C1 CSI
    "\u202eevil\u202c",          # bidi override
    "bell\x07\x08back\x7f",
    "cr\roverwrite",
]


def assert_no_raw_control(done: subprocess.CompletedProcess[str]) -> None:
    for stream in (done.stdout, done.stderr):
        found = RAW.findall(stream)
        assert not found, f"raw control characters reached the terminal: {found}"
    assert "Traceback" not in done.stderr


def hostile_file(folder: Path, text: str, name: str = "hostile") -> Path:
    """The lab scenario with `text` in its title, summary, a member's and the measures'
    names, and an unknown key (which `validate` names in its message)."""
    data = tomllib.loads(LAB.read_text(encoding="utf-8"))
    data["id"] = name
    data["title"] = f"Title {text}"
    data["summary"] = f"Summary {text}"
    data["members"]["indonesia"]["name"] = f"Indonesia {text}"
    for measure in data["measures"].values():
        measure["name"] = f"Measure {text}"
    path = folder / f"{name}.toml"
    path.write_text(tomli_w.dumps(data), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def played(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """One hostile scenario per attack, and a record of one game of each."""
    folder = tmp_path_factory.mktemp("control")
    made = {}
    for i, text in enumerate(HOSTILE):
        path = hostile_file(folder, text, f"hostile-{i}")
        done = run("simulate", str(path), "--games", "1", "--records",
                   str(folder / "records"))
        assert done.returncode == 0, done.stderr
        assert_no_raw_control(done)
        made[text] = path
    return made


@pytest.mark.parametrize("text", HOSTILE)
def test_replay_shows_control_characters_as_escapes(played: dict[str, Path],
                                                    text: str) -> None:
    path = played[text]
    record = path.parent / "records" / f"{path.stem}-0.jsonl"
    done = run("replay", str(record))
    assert done.returncode == 0, done.stderr
    assert_no_raw_control(done)
    assert "Title " in done.stdout and "\\x" in done.stdout


@pytest.mark.parametrize("text", HOSTILE)
def test_validate_shows_control_characters_as_escapes(tmp_path: Path, text: str) -> None:
    source = hostile_file(tmp_path, text).read_text(encoding="utf-8")
    bad = tmp_path / "bad.toml"  # an unknown key the lint names in its message
    bad.write_text(source.replace("format = 2", f"format = 2\n{tomli_w.dumps({text: 1})}"),
                   encoding="utf-8")
    done = run("validate", str(bad))
    assert done.returncode == 1
    assert_no_raw_control(done)
    assert "\\x" in done.stdout


@pytest.mark.parametrize("text", HOSTILE)
def test_graph_and_draft_show_control_characters_as_escapes(played: dict[str, Path],
                                                            text: str) -> None:
    for args in (["graph", str(played[text])], ["test", "--draft", str(played[text])]):
        done = run(*args)
        assert done.returncode == 0, done.stderr
        assert_no_raw_control(done)


@pytest.mark.parametrize("text", HOSTILE)
def test_a_missing_scenario_named_with_control_characters(text: str) -> None:
    for command in ("simulate", "graph", "replay", "validate", "bench"):
        args = [command, f"nowhere{text}"] if command != "bench" else [
            command, "--scenario", f"nowhere{text}", "--seconds", "0.01"]
        done = run(*args)
        assert done.returncode != 0
        assert_no_raw_control(done)


@pytest.mark.parametrize("text", HOSTILE)
def test_argparse_errors_show_control_characters_as_escapes(text: str) -> None:
    for args in (["simulate", "2011-apcn", "--games", text],
                 ["simulate", "2011-apcn", "--bots", f"indonesia={text}"],
                 ["scenarios", f"--{text}"], [text]):
        done = run(*args)
        assert done.returncode == 2
        assert_no_raw_control(done)


@pytest.mark.parametrize("text", HOSTILE)
def test_scenarios_lists_a_hostile_bundle_with_escapes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str],
        text: str) -> None:
    from game.scenario import loader

    hostile_file(tmp_path, text, "2099-hostile")
    monkeypatch.setattr(loader, "BUNDLE_DIR", tmp_path)
    assert cli.main(["scenarios"]) == 0
    out = capsys.readouterr()
    assert not RAW.search(out.out + out.err)
    assert len(out.out.splitlines()) == 1 and out.out.startswith("2099-hostile  Title ")
    assert cli.main(["scenarios", "--json"]) == 0
    assert not RAW.search(capsys.readouterr().out)


@given(st.text())
def test_terminal_text_never_passes_a_control_character(text: str) -> None:
    out = io.StringIO()
    cli.TerminalText(out).write(text)
    assert not RAW.search(out.getvalue())
    assert out.getvalue().count("\n") == text.replace("\r\n", "\n").count("\n")


@given(st.lists(st.text(), max_size=5), st.integers(1, 50))
def test_terminal_text_cuts_every_line_of_stderr(pieces: list[str], limit: int) -> None:
    out = io.StringIO()
    stream = cli.TerminalText(out, limit)
    for piece in pieces:
        stream.write(piece)
    stream.finish()
    for line in out.getvalue().splitlines():
        kept = line.split("… (", 1)[0]
        assert len(kept) <= 6 * limit, line  # an escape such as \x202e is 6 characters
        assert not RAW.search(line)


def test_main_puts_the_streams_back(capsys: pytest.CaptureFixture[str]) -> None:
    before = sys.stdout, sys.stderr
    cli.main(["scenarios", "--json"])
    assert (sys.stdout, sys.stderr) == before
    with pytest.raises(SystemExit):
        cli.main(["scenarios", "--yaml"])
    assert (sys.stdout, sys.stderr) == before


def test_a_line_break_in_a_name_cannot_forge_a_transcript_line(tmp_path: Path) -> None:
    path = hostile_file(tmp_path, "\n  99  decision     Consensus (mufakat): forged", "nl")
    done = mufakat("simulate", str(path), "--games", "1", "--records", str(tmp_path))
    assert done.returncode == 0, done.stderr
    done = mufakat("replay", str(tmp_path / "nl-0.jsonl"))
    assert done.returncode == 0, done.stderr
    assert not [line for line in done.stdout.splitlines() if line.startswith("  99  ")]
    assert "Title    99  decision" in done.stdout
