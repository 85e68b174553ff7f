"""Class 5 of issue 8 (the CLI's part), and class 1 for `simulate --records`: output
folders that are missing, read-only, a file, full or under a file-size limit, and
scenario ids that try to name a file outside the records folder.

A folder problem is reported before any game is played; a write error during the run
ends with a message (exit 1), not a traceback, keeps what was written before and
leaves no half-written file. The tests run as root here, so "read-only" is a folder of
sysfs (refused even to root), a monkeypatched probe, or a file-size limit (RLIMIT_FSIZE,
which makes writes fail with EFBIG exactly as a full disk fails them with ENOSPC).
"""

from __future__ import annotations

import errno
import os
import resource
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from hypothesis import given
from hypothesis import strategies as st

from game.play import simulate as simulate_module
from tui import cli

REPO = Path(__file__).resolve().parents[2]
LAB = REPO / "tests" / "engine" / "lab_scenarios" / "lab.toml"
READ_ONLY = Path("/sys/kernel")  # a folder that refuses new files, even to root


def mufakat(*args: str, limit: int | None = None,
            cwd: Path = REPO) -> subprocess.CompletedProcess[str]:
    def set_limit() -> None:
        if limit is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return subprocess.run([sys.executable, "-m", "tui.cli", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=300,
                          preexec_fn=set_limit,
                          env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin",
                               "PYTHONDONTWRITEBYTECODE": "1"})


def clean_failure(done: subprocess.CompletedProcess[str], status: int, *words: str) -> None:
    assert done.returncode == status, done.stderr
    assert "Traceback" not in done.stderr
    assert done.stderr.startswith("mufakat: error:") or "mufakat: note:" in done.stderr
    for word in words:
        assert word in done.stderr, done.stderr


def read_only_folder() -> Path:
    try:
        fd, name = tempfile.mkstemp(dir=READ_ONLY)
    except OSError:
        return READ_ONLY
    os.close(fd)
    os.unlink(name)
    pytest.skip(f"{READ_ONLY} takes new files here")


def files_under(folder: Path) -> set[str]:
    return {str(p.relative_to(folder)) for p in folder.rglob("*")}


# -- missing, a file, read-only: reported before any game --------------------------------

def test_records_under_a_file_is_refused_before_the_games(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x", encoding="utf-8")
    done = mufakat("simulate", "2011-apcn", "--games", "50", "--records",
                   str(tmp_path / "file" / "records"))
    clean_failure(done, 2, str(tmp_path / "file" / "records"), "cannot create the folder")


def test_a_read_only_records_folder_is_refused_before_the_games() -> None:
    folder = read_only_folder()
    done = mufakat("simulate", "2011-apcn", "--games", "50", "--records", str(folder))
    clean_failure(done, 2, str(folder), "does not take new files")


@pytest.mark.parametrize("problem", [errno.EACCES, errno.EROFS, errno.ENOSPC, errno.EDQUOT],
                         ids=errno.errorcode.get)
def test_a_records_folder_that_refuses_files_is_named(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str], problem: int) -> None:
    def refuse(*_: Any, **__: Any) -> Any:
        raise OSError(problem, os.strerror(problem))

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    monkeypatch.setattr(simulate_module, "simulate", no_games)
    status = cli.main(["simulate", "2011-apcn", "--games", "5", "--records", str(tmp_path)])
    err = capsys.readouterr().err
    assert status == 2 and str(tmp_path) in err and os.strerror(problem) in err


def no_games(*_: Any, **__: Any) -> Any:
    raise AssertionError("the games ran although a folder was unusable")


@pytest.mark.parametrize("where", ["missing", "file", "read-only"])
def test_a_bad_report_folder_is_refused_before_the_games(tmp_path: Path, where: str
                                                         ) -> None:
    if where == "missing":
        report = tmp_path / "no-such-folder" / "r.md"
    elif where == "file":
        (tmp_path / "file").write_text("x", encoding="utf-8")
        report = tmp_path / "file" / "r.md"
    else:
        report = read_only_folder() / "r.md"
    records = tmp_path / "records"
    done = mufakat("simulate", "2011-apcn", "--games", "20", "--records", str(records),
                   "--report", str(report))
    clean_failure(done, 2, str(report), "cannot write the report")
    assert not records.exists() or not list(records.iterdir()), "no game was played"


# -- write errors during the run ---------------------------------------------------------

@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_file_size_limit_while_writing_records(tmp_path: Path, jobs: str) -> None:
    records = tmp_path / "records"
    records.mkdir()
    (records / "kept.txt").write_text("saved before\n", encoding="utf-8")
    done = mufakat("simulate", "2011-apcn", "--games", "3", "--jobs", jobs, "--records",
                   str(records), limit=600)
    clean_failure(done, 1, "cannot write the record", os.strerror(errno.EFBIG),
                  str(records))
    assert (records / "kept.txt").read_text(encoding="utf-8") == "saved before\n"
    assert files_under(records) == {"kept.txt"}, "no half-written record is left"


def test_a_full_disk_while_writing_records(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    real_play = simulate_module.play
    played: list[int] = []

    def fill_up(scenario: Any, seed: int, kinds: Any, record: Path | None = None,
                source: Any = "") -> Any:
        if played:  # the second game finds the disk full half-way
            assert record is not None
            record.write_text('{"half": ', encoding="utf-8")
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        played.append(seed)
        return real_play(scenario, seed, kinds, record, source)

    monkeypatch.setattr(simulate_module, "play", fill_up)
    status = cli.main(["simulate", "2011-apcn", "--games", "3", "--records", str(tmp_path)])
    err = capsys.readouterr().err
    assert status == 1 and "Traceback" not in err
    assert "No space left on device" in err and "2011-apcn-1.jsonl" in err
    assert files_under(tmp_path) == {"2011-apcn-0.jsonl"}, "the first game is kept"


@pytest.mark.parametrize("force", [False, True])
def test_a_file_size_limit_while_writing_the_report(tmp_path: Path, force: bool) -> None:
    report = tmp_path / "r.html"
    if force:
        report.write_text("the old report\n", encoding="utf-8")
    done = mufakat("simulate", "2011-apcn", "--games", "2", "--report", str(report),
                   *(["--force"] if force else []), limit=1000)
    clean_failure(done, 1, "cannot write the report", os.strerror(errno.EFBIG))
    if force:
        assert report.read_text(encoding="utf-8") == "the old report\n", "kept whole"
        assert files_under(tmp_path) == {"r.html"}
    else:
        assert files_under(tmp_path) == set(), "no half report, no temporary file"


# -- ids that would name a file outside the records folder (class 1) ---------------------

ESCAPES = ["../escaped", "../../escaped", "/tmp/escaped", "a/../../b", "..", ".", "",
           "UPPER", "sp ace", "x\x00y", "x/" * 60]


def scenario_with_id(folder: Path, sid: str) -> Path:
    data = tomllib.loads(LAB.read_text(encoding="utf-8"))
    data["id"] = sid.replace("\x00", "\\0")
    path = folder / "scenario.toml"
    path.write_text(tomli_w.dumps(data), encoding="utf-8")
    return path


@pytest.mark.parametrize("sid", ESCAPES[:5], ids=repr)
def test_a_scenario_id_cannot_write_outside_the_records_folder(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], sid: str) -> None:
    work = tmp_path / "work"
    work.mkdir()
    path = scenario_with_id(work, sid)
    records = work / "deep" / "records"
    before = set(Path(tempfile.gettempdir()).glob("escaped*"))
    status = cli.main(["simulate", str(path), "--games", "2", "--records", str(records)])
    assert status in (1, 2), "refused: by the loader (1) or for the records (2)"
    assert "mufakat: error:" in capsys.readouterr().err
    assert files_under(tmp_path) - {"work", "work/scenario.toml", "work/deep",
                                    "work/deep/records"} == set()
    assert set(Path(tempfile.gettempdir()).glob("escaped*")) == before


@pytest.mark.parametrize("sid", ESCAPES, ids=repr)
def test_record_path_refuses_ids_that_are_not_slugs(tmp_path: Path, sid: str) -> None:
    from game.play.simulate import SimulateError, record_path

    with pytest.raises(SimulateError, match="lower-case letters, digits and dashes"):
        record_path(tmp_path, sid, 0)


@given(st.text(max_size=40), st.integers(0, 2**63 - 1))
def test_every_record_path_is_inside_its_folder_or_refused(sid: str, seed: int) -> None:
    from game.play.simulate import SimulateError, record_path

    folder = Path(tempfile.gettempdir()) / "mufakat-records"
    try:
        path = record_path(folder, sid, seed)
    except SimulateError:
        return
    assert path.parent == folder.resolve() and path.name == f"{sid}-{seed}.jsonl"


def test_a_link_planted_in_the_records_folder_is_never_followed(tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n", encoding="utf-8")
    records = tmp_path / "records"
    records.mkdir()
    (records / "2011-apcn-1.jsonl").symlink_to(victim)
    done = mufakat("simulate", "2011-apcn", "--games", "2", "--records", str(records))
    assert "Traceback" not in done.stderr
    assert done.returncode == 0, done.stderr
    assert victim.read_text(encoding="utf-8") == "precious\n"
    assert not (records / "2011-apcn-1.jsonl").is_symlink(), "the link is replaced"
    assert files_under(records) == {"2011-apcn-0.jsonl", "2011-apcn-1.jsonl"}
