"""The smaller holes of issue 8 (class 8) on the authoring side: `upgrade` and
`new --from` edit only real keys and write whole files or nothing; `new` takes the
year from the id; `mufakat test` reports a bad seed at its line; inputs that were
silently accepted (an unknown stance, schedule round 0, a face outside its range) are
errors with stable codes."""

from __future__ import annotations

import errno
import os
import resource
import signal
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from game.authoring.lint import lint_paths
from game.authoring.new import NewScenarioError, new_scenario, template
from game.scenario import edit
from game.scenario.edit import toml_string, top_level_keys
from game.scenario.loader import check_file, shared_data
from game.scenario.schema import FORMAT
from game.scenario.upgrade import UpgradeError, upgrade_file, upgrade_text

ROOT = Path(__file__).resolve().parents[2]
VALID = template("my-workshop")
SETTINGS = settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def mufakat(*args: str, cwd: Path, limit: int | None = None) -> subprocess.CompletedProcess[str]:
    def cap() -> None:  # a file-size limit: writing past it fails like a full disk
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        if limit is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return subprocess.run([sys.executable, "-m", "tui.cli", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=120, preexec_fn=cap,
                          env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin",
                               "HOME": str(cwd)})


def format_0(text: str) -> str:
    return (text.replace("format = 2\n", "").replace("\nevents = [", "\ndeck = [")
            .replace("\nfirst_chair = ", "\nchair = ").replace("\nrounds = 3", "\nturns = 3"))


TRAPS = ['chair = "brunei"', "turns = 3", 'deck = ["x"]', 'id = "../../evil"',
         "format = 9", 'title = "Not the title"']


# --- upgrade: only real keys --------------------------------------------------------------

@pytest.mark.parametrize("quotes", ['"""', "'''"])
def test_upgrade_leaves_key_lookalikes_inside_strings(tmp_path: Path, quotes: str) -> None:
    briefing = f"briefing = {quotes}\n" + "\n".join(TRAPS) + f"\n{quotes}\n"
    old = format_0(VALID).replace('briefing = """\nThe defence', 'briefing_ = """\nThe defence')
    old = old.replace("briefing_ = ", briefing + "summary_x = ", 1).replace(
        "summary_x = ", "", 1)
    old = format_0(VALID).replace("title = ", briefing.replace("briefing", "summary2")
                                  + "title = ", 1)
    path = tmp_path / "my-workshop.toml"
    path.write_text(old)
    done = upgrade_file(path, write=True)
    data = tomllib.loads(path.read_text())
    assert data["summary2"] == tomllib.loads(old)["summary2"]  # the string is unchanged
    assert data["first_chair"] == "brunei" and data["rounds"] == 3 and data["format"] == FORMAT
    assert len(done.changes) == 4


@SETTINGS
@given(text=st.text(alphabet=st.sampled_from(list("chairdecktuns =\n\"'#[]{}.,1")),
                    max_size=60))
def test_upgrade_never_changes_a_string(text: str) -> None:
    source = f"deck = []\nnote = {toml_string(text)}\nchair = 'x'\n"
    new, _ = upgrade_text(source)
    data = tomllib.loads(new)
    assert data["note"] == text
    assert set(data) == {"format", "events", "note", "first_chair"}


def test_upgrade_renames_quoted_and_spaced_keys_and_sets_format_0(tmp_path: Path) -> None:
    text = 'format = 0 # draft\n"chair" = "brunei"\n  turns   =  3\ndeck = [\n "a", # x\n]\n'
    new, changes = upgrade_text(text)
    assert tomllib.loads(new) == {"format": FORMAT, "first_chair": "brunei", "rounds": 3,
                                  "events": ["a"]}
    assert "# draft" in new and "# x" in new
    assert changes[0] == f"line 1: `format` set to {FORMAT}"


# --- upgrade: whole files or nothing --------------------------------------------------------

def test_upgrade_on_a_full_disk_leaves_no_backup_and_a_retry_works(tmp_path: Path) -> None:
    path = tmp_path / "my-workshop.toml"
    old = format_0(VALID)
    path.write_text(old)
    failed = mufakat("upgrade", str(path), cwd=tmp_path, limit=200)
    assert failed.returncode == 1 and "cannot write" in failed.stderr
    assert "Traceback" not in failed.stderr
    assert path.read_text() == old
    assert sorted(p.name for p in tmp_path.iterdir()) == ["my-workshop.toml"]
    again = mufakat("upgrade", str(path), cwd=tmp_path)
    assert again.returncode == 0, again.stderr
    assert path.with_name(path.name + ".bak").read_text() == old


@pytest.mark.parametrize("failing", ["backup", "replace"])
def test_upgrade_failing_at_any_write_changes_nothing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, failing: str) -> None:
    path = tmp_path / "my-workshop.toml"
    old = format_0(VALID)
    path.write_text(old)
    real_replace, real_link = os.replace, os.link

    def full(*_: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(edit.os, "link" if failing == "backup" else "replace", full)
    with pytest.raises(UpgradeError, match="No space left"):
        upgrade_file(path, write=True)
    assert path.read_text() == old
    assert sorted(p.name for p in tmp_path.iterdir()) == ["my-workshop.toml"]
    monkeypatch.setattr(edit.os, "replace", real_replace)
    monkeypatch.setattr(edit.os, "link", real_link)
    assert upgrade_file(path, write=True).backup is not None


@pytest.mark.parametrize("left", [b"", "same"])
def test_upgrade_reuses_an_empty_or_identical_backup(tmp_path: Path, left: object) -> None:
    path = tmp_path / "my-workshop.toml"
    old = format_0(VALID)
    path.write_text(old)
    backup = path.with_name(path.name + ".bak")
    backup.write_bytes(old.encode() if left == "same" else b"")
    upgrade_file(path, write=True)
    assert backup.read_text() == old
    assert tomllib.loads(path.read_text())["format"] == FORMAT


# --- new --from: refuse a broken source, edit only the real keys -------------------------------

@pytest.mark.parametrize("breakage", [
    ('rounds = 3', 'rounds = 40'), ('sponsor = "indonesia"', 'sponsor = "atlantis"'),
    ('id = "my-workshop"', 'id = "../evil"'), ("format = 2", "format = 0"),
    ("[members.laos]", "[members.laos]\nface = 500"),
])
def test_new_from_a_source_that_does_not_validate_writes_nothing(
        tmp_path: Path, breakage: tuple[str, str]) -> None:
    source = tmp_path / "src" / "broken.toml"
    source.parent.mkdir()
    source.write_text(VALID.replace(*breakage, 1))
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(NewScenarioError, match="does not validate"):
        new_scenario("copy", str(source), out)
    assert list(out.iterdir()) == []


def test_new_from_edits_the_real_id_and_title_not_the_briefing(tmp_path: Path) -> None:
    lookalike = 'id = "my-workshop"\ntitle = "My workshop"\n'
    text = VALID.replace('id = "my-workshop"\n', "").replace('title = "My workshop"\n', "")
    text = text.replace('briefing = """\n', 'briefing = """\n' + lookalike, 1)
    text = text.replace('"""\nsponsor', '"""\nid = "my-workshop"\ntitle = "My workshop"\nsponsor')
    source = tmp_path / "my-workshop.toml"
    source.write_text(text)
    assert check_file(source)[0] is not None
    made = new_scenario("2027-copy", str(source), tmp_path)
    data = tomllib.loads(made.read_text())
    assert data["id"] == "2027-copy" and data["title"] == "My workshop (copy)"
    assert data["briefing"] == tomllib.loads(text)["briefing"]
    assert check_file(made)[0] is not None


@SETTINGS
@given(title=st.text(max_size=30))
def test_new_from_keeps_any_title_readable(tmp_path_factory: pytest.TempPathFactory,
                                           title: str) -> None:
    assume(title.strip())
    folder = tmp_path_factory.mktemp("title")
    source = folder / "my-workshop.toml"
    source.write_text(VALID.replace('title = "My workshop"', f"title = {toml_string(title)}"))
    made = new_scenario("the-copy", str(source), folder)
    assert tomllib.loads(made.read_text())["title"] == f"{title} (copy)"


# --- new: the year comes from the id ---------------------------------------------------------

@pytest.mark.parametrize(("sid", "year"), [("1997-asian-crisis", 1997), ("2031-x", 2031),
                                          ("2026-my-workshop", 2026), ("my-workshop", 2026),
                                          ("3000-future", 2026), ("19999-x", 2026),
                                          ("1900-old", 2026), ("2100", 2100)])
def test_new_takes_the_year_from_the_id(tmp_path: Path, sid: str, year: int) -> None:
    path = new_scenario(sid, directory=tmp_path)
    assert tomllib.loads(path.read_text())["year"] == year


# --- mufakat test: a bad seed is an error at its line ---------------------------------------------

@pytest.mark.parametrize("seed", ["\u00b2", "9" * 5000, "1.5", "-", "1e3", "0x10", "\u0663",
                                  "1_000", "--1", "\x1b[2J"])
def test_a_transcript_seed_that_is_no_number_fails_at_its_line(tmp_path: Path,
                                                               seed: str) -> None:
    path = tmp_path / "t.txt"
    path.write_text(f"# a test\nscenario 2020-asean-flag\nseed {seed}\nvietnam convene\n")
    result = mufakat("test", str(path), cwd=tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stdout.startswith(f"FAIL {path}:3: `seed ")
    assert "\x1b" not in result.stdout


# --- inputs that were silently accepted --------------------------------------------------------

def codes(tmp_path: Path, text: str) -> dict[str, list[str]]:
    path = tmp_path / "my-workshop.toml"
    path.write_text(text)
    out: dict[str, list[str]] = {}
    for p in lint_paths([str(path)]):
        out.setdefault(p.code, []).append(f"{p.severity}:{p.line}:{p.message}")
    return out


@pytest.mark.parametrize("stance", ["hawkish", "Cautious", "entrepreneurs", "x y"])
def test_an_unknown_public_priors_stance_is_refused(tmp_path: Path, stance: str) -> None:
    text = VALID + (f'\n[rules.public_priors."{stance}"]\nN1 = 1\nN2 = 1\nN3 = 1\nN4 = 1\n'
                    "N5 = 1\nN6 = 1\n")
    found = codes(tmp_path, text)
    assert any("unknown stance" in m and m.startswith("error:") for m in found["M001"])


@pytest.mark.parametrize("key", ["0", "-1", "01", "13", "999", "\u00b2", "\u0663", "x",
                                 " 1", "1.0", "+1"])
def test_a_schedule_key_that_is_no_round_is_refused(tmp_path: Path, key: str) -> None:
    found = codes(tmp_path, VALID + f'\n[schedule]\n"{key}" = "routine-meeting"\n')
    assert [m.split(":")[0] for m in found["M008"]] == ["error"]
    line = (VALID + "\n[schedule]\n").count("\n") + 1
    assert found["M008"][0].split(":")[1] == str(line)


def test_a_scheduled_round_after_the_last_still_warns(tmp_path: Path) -> None:
    found = codes(tmp_path, VALID + '\n[schedule]\n"9" = "routine-meeting"\n')
    assert list(found) == ["W101"]


@pytest.mark.parametrize(("extra", "words"), [
    ("[rules.face]\nmin = 60\nmax = 40", "min 60 is above max 40"),
    ("[rules.trust]\nmin = 70\nmax = 20", "min 70 is above max 20"),
    ("[rules.trust]\ndefault = 90\nmax = 80", "default 90 is outside"),
    ("[rules.face]\nmax = 40", "starting face 50 is outside"),
    ("[rules.trust]\nmin = 60", "default 50 is outside"),
    ("[rules.trust]\nmax = 80", "starting trust in vietnam (90) is outside"),
])
def test_numbers_outside_their_rules_range_are_m009(tmp_path: Path, extra: str,
                                                    words: str) -> None:
    text = VALID.replace("[members.laos]\n", "[members.laos]\ntrust = { vietnam = 90 }\n")
    found = codes(tmp_path, text + "\n" + extra + "\n")
    assert any(words in m and m.startswith("error:") for m in found["M009"]), found


@SETTINGS
@given(low=st.integers(-100, 100), high=st.integers(-100, 100), face=st.integers(0, 100))
def test_a_seat_face_is_accepted_exactly_inside_the_range(
        tmp_path_factory: pytest.TempPathFactory, low: int, high: int, face: int) -> None:
    folder = tmp_path_factory.mktemp("face")
    text = VALID.replace("[members.laos]\n", f"[members.laos]\nface = {face}\n") + (
        f"\n[rules.face]\nmin = {low}\nmax = {high}\n")
    path = folder / "my-workshop.toml"
    path.write_text(text)
    problems = [p for p in lint_paths([str(path)]) if p.code == "M009"]
    shared = shared_data()[0]["members"]
    faces = [shared[s]["face"] for s in tomllib.loads(VALID)["seats"] if s != "laos"] + [face]
    ok = low <= high and all(low <= f <= high for f in faces)
    assert (not problems) == ok, problems
    if low <= high and not low <= face <= high:
        assert any(p.where == "members.laos.face" for p in problems)


# --- the scan that finds real keys ---------------------------------------------------------------

@SETTINGS
@given(values=st.dictionaries(st.sampled_from(["id", "chair", "title", "deck", "a-b", "x"]),
                              st.one_of(st.text(max_size=20), st.integers(),
                                        st.lists(st.text(max_size=5), max_size=3)),
                              max_size=6))
def test_top_level_keys_finds_exactly_the_keys_tomllib_reads(values: dict[str, object]) -> None:
    import tomli_w

    text = tomli_w.dumps(values, multiline_strings=True) + "[after]\nid = 1\n"
    spans = top_level_keys(text)
    assert [s.name for s in spans] == list(values)
    read = tomllib.loads(text)  # the oracle: TOML may normalise a multi-line string's \r\n
    for span in spans:
        assert tomllib.loads(f"v = {text[span.value_start:span.value_end]}")["v"] == \
            read[span.name or ""]


def test_draft_refuses_a_seed_no_transcript_could_hold(tmp_path: Path) -> None:
    result = mufakat("test", "--draft", "2020-asean-flag", "--seed", "9" * 25, cwd=tmp_path)
    assert result.returncode == 2 and "at most 19" in result.stderr
    assert result.stdout == ""
