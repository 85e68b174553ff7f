"""Class 8 of issue 8 (the CLI's part): `--report` overwriting files and following
links, a 40 MB action echoed whole, `--bots` specs and seeds silently accepted, and a
scenario edited while `simulate` runs."""

from __future__ import annotations

import functools
import json
import os
import stat
import subprocess
import tomllib
from pathlib import Path
from typing import Any

import hardening_kit
import pytest
import tomli_w
from hardening_kit import run
from hypothesis import given
from hypothesis import strategies as st

from game.bots import DEFAULT, KINDS, BotError, parse_spec
from game.play.report import write_report
from game.play.simulate import simulate

REPO = Path(__file__).resolve().parents[2]
LAB = REPO / "tests" / "engine" / "lab_scenarios" / "lab.toml"
SEATS = ("brunei", "indonesia", "singapore", "vietnam")
TIMINGS = {"elapsed_s", "rounds_per_s"}
# The child never waits on the terminal: its stdin is empty.
mufakat = functools.partial(hardening_kit.mufakat, stdin=subprocess.DEVNULL)


def refused(done: subprocess.CompletedProcess[str], status: int, *words: str) -> None:
    assert done.returncode == status, done.stderr
    assert "Traceback" not in done.stderr
    assert len(done.stderr) < 3000, "what is echoed is clipped"
    for word in words:
        assert word in done.stderr, done.stderr


def figures(result: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in result.items() if k not in TIMINGS}


# -- --report: never overwrite without --force, never follow a link ----------------------

@pytest.mark.parametrize("suffix", [".md", ".html"])
def test_an_existing_report_is_kept_unless_force(tmp_path: Path, suffix: str) -> None:
    report = tmp_path / f"r{suffix}"
    report.write_text("my notes\n", encoding="utf-8")
    records = tmp_path / "records"
    done = mufakat("simulate", "2011-apcn", "--games", "30", "--report", str(report),
                   "--records", str(records))
    refused(done, 2, str(report), "already exists", "--force")
    assert report.read_text(encoding="utf-8") == "my notes\n"
    assert not records.exists(), "refused before any game"
    done = mufakat("simulate", "2011-apcn", "--games", "1", "--report", str(report),
                   "--force")
    assert done.returncode == 0, done.stderr
    assert "Balance report" in report.read_text(encoding="utf-8")
    assert stat.S_IMODE(report.stat().st_mode) == 0o644


@pytest.mark.parametrize("force", [[], ["--force"]])
@pytest.mark.parametrize("dangling", [False, True])
def test_a_report_name_that_is_a_link_is_never_followed(tmp_path: Path, force: list[str],
                                                       dangling: bool) -> None:
    target = tmp_path / "elsewhere.txt"
    if not dangling:
        target.write_text("precious\n", encoding="utf-8")
    link = tmp_path / "r.md"
    link.symlink_to(target)
    done = mufakat("simulate", "2011-apcn", "--games", "1", "--report", str(link), *force)
    refused(done, 2, "symbolic link")
    assert link.is_symlink()
    if dangling:
        assert not target.exists(), "nothing was created through the link"
    else:
        assert target.read_text(encoding="utf-8") == "precious\n"


@pytest.mark.parametrize("force", [[], ["--force"]])
def test_a_report_name_that_is_a_folder_or_device_is_refused(tmp_path: Path,
                                                             force: list[str]) -> None:
    (tmp_path / "r.md").mkdir()
    os.mkfifo(tmp_path / "r.html")
    for name in ("r.md", "r.html"):
        refused(mufakat("simulate", "2011-apcn", "--games", "1", "--report",
                        str(tmp_path / name), *force), 2, "not a regular file")
    assert (tmp_path / "r.md").is_dir() and stat.S_ISFIFO(os.lstat(tmp_path / "r.html").st_mode)


def test_write_report_refuses_what_the_cli_refuses(tmp_path: Path) -> None:
    result = simulate("2011-apcn", games=1)
    report = tmp_path / "r.md"
    write_report(result, report)
    first = report.read_text(encoding="utf-8")
    with pytest.raises(ValueError, match="already exists"):
        write_report(result, report)
    assert report.read_text(encoding="utf-8") == first
    write_report(result, report, force=True)
    os.symlink(tmp_path / "target.md", tmp_path / "link.md")
    with pytest.raises(ValueError, match="symbolic link"):
        write_report(result, tmp_path / "link.md", force=True)
    assert not (tmp_path / "target.md").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.md", "r.md"], "no temp"


# -- huge input is echoed clipped --------------------------------------------------------

def test_a_40_mb_action_in_a_record_is_not_echoed_whole(tmp_path: Path) -> None:
    done = mufakat("simulate", "2011-apcn", "--games", "1", "--records", str(tmp_path))
    assert done.returncode == 0, done.stderr
    record = tmp_path / "2011-apcn-0.jsonl"
    lines = record.read_text(encoding="utf-8").splitlines()
    for i, line in enumerate(lines):
        data = json.loads(line)
        if isinstance(data.get("action"), str):
            data["action"] = data["action"].split()[0] + " " + "x" * 40_000_000
            lines[i] = json.dumps(data)
            break
    else:
        pytest.fail("no action line found in the record")
    record.write_text("\n".join(lines) + "\n", encoding="utf-8")
    for args in (["replay", str(record), "--verify"],):
        done = mufakat(*args)
        assert done.stderr.strip(), "the bad action is reported"
        assert "Traceback" not in done.stderr
        assert len(done.stderr) < 20_000, f"{len(done.stderr):,} characters on stderr"
        assert all(len(line) < 1100 for line in done.stderr.splitlines())


@pytest.mark.parametrize("args", [
    ["simulate", "2011-apcn", "--games", "1", "--bots", "x" * 100_000],
    ["simulate", "2011-apcn", "--games", "1", "--bots", "indonesia=" + "x" * 100_000],
    ["simulate", "2011-apcn", "--games", "1", "--bots", "y" * 100_000 + "=hard"],
    ["simulate", "x" * 100_000],
    ["simulate", "2011-apcn", "--games", "9" * 100_000],
    ["replay", "/nowhere/" + "x" * 100_000],
    ["graph", "x" * 100_000],
    ["play", "2011-apcn", "--seed", "1" * 100_000],
], ids=lambda args: f"{args[0]}-{len(' '.join(args))}")
def test_a_huge_argument_is_echoed_clipped(args: list[str]) -> None:
    done = run(*args) if args[0] != "replay" else mufakat(*args)
    assert done.returncode != 0
    assert "Traceback" not in done.stderr
    assert len(done.stderr) < 5000, f"{len(done.stderr):,} characters on stderr"


# -- --bots and --seed -------------------------------------------------------------------

@pytest.mark.parametrize(("spec", "words"), [
    ("", ["--bots", "empty"]),
    ("   ", ["--bots", "empty"]),
    ("indonesia=hard,indonesia=random", ["`indonesia` is given twice"]),
    ("indonesia=hard, indonesia = hard", ["`indonesia` is given twice"]),
    ("*=hard,*=random", ["`*` is given twice"]),
    ("atlantis=hard", ["`atlantis` is not seated"]),
    ("indonesia=hard,,*=random", ["empty entry"]),
    (",", ["unknown bot kind"]),
    ("indonesia=", ["bad bot spec"]),
    ("=hard", ["bad bot spec"]),
])
@pytest.mark.parametrize("command", ["simulate", "play"])
def test_bad_bot_specs_are_refused(spec: str, words: list[str], command: str,
                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from tui.app import MufakatApp

    def opened(*_: object, **__: object) -> None:
        raise AssertionError("the TUI opened although --bots was bad")

    monkeypatch.setattr(MufakatApp, "run", opened)
    extra = ["--games", "1"] if command == "simulate" else []
    refused(run(command, "2011-apcn", *extra, "--bots", spec), 2, *words)


@pytest.mark.parametrize("seed", ["1.5", "2.0", "1e3", "-0.0", "0x1F", "seven", "²"])
@pytest.mark.parametrize("command", ["simulate", "play"])
def test_a_seed_that_is_not_a_whole_number_is_refused(seed: str, command: str) -> None:
    refused(run(command, "2011-apcn", "--seed", seed), 2, "--seed", "whole number")


ENTRY = st.one_of(
    st.tuples(st.sampled_from([*SEATS, "*", "atlantis", ""]),
              st.sampled_from([*KINDS, "genius", ""])).map(lambda p: f"{p[0]}={p[1]}"),
    st.sampled_from([*KINDS, "", " "]))


@given(st.lists(ENTRY, max_size=6))
def test_generated_bot_specs_are_refused_or_name_each_seat_once(entries: list[str]) -> None:
    spec = ",".join(entries)
    try:
        kinds = parse_spec(spec, SEATS, KINDS, DEFAULT)
    except BotError as err:
        assert len(str(err)) < 400
        return
    assert set(kinds) == set(SEATS) and set(kinds.values()) <= set(KINDS)
    named = [e.split("=", 1)[0].strip() for e in entries if "=" in e]
    assert len(named) == len(set(named)), "a seat named twice was accepted"


# -- a scenario edited while simulate runs -----------------------------------------------

@pytest.mark.parametrize("jobs", [1, 2])
@pytest.mark.parametrize("edit", ["broken", "deleted", "other-measures"])
def test_a_scenario_edited_during_the_run_does_not_change_it(tmp_path: Path, jobs: int,
                                                            edit: str) -> None:
    path = tmp_path / "lab.toml"
    path.write_text(LAB.read_text(encoding="utf-8"), encoding="utf-8")
    expected = simulate(str(path), games=6, seed=4, bots="random")

    def change(done: int, total: int) -> None:
        if done != 1:
            return
        if edit == "deleted":
            path.unlink()
        elif edit == "broken":
            path.write_text("id = [unclosed\n", encoding="utf-8")
        else:
            data = tomllib.loads(LAB.read_text(encoding="utf-8"))
            data["measures"] = {"lab-drill": data["measures"]["lab-drill"]}
            data["agenda"] = ["lab-drill"]
            path.write_text(tomli_w.dumps(data), encoding="utf-8")
        if path.exists():  # a new modification time, so a cached load cannot hide it
            os.utime(path, (1, 1))

    result = simulate(str(path), games=6, seed=4, bots="random", jobs=jobs,
                      records=str(tmp_path / "records"), progress=change)
    assert figures(result) == figures(expected)
    assert len(list((tmp_path / "records").glob("*.jsonl"))) == 6
