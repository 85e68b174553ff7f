"""Game records: a good record replays and verifies; a damaged one is reported line by
line, by `replay` (never raising) and by `mufakat replay --verify` (non-zero, no traceback).
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from engine_kit import LAB, REPO

from game import GameState, load_scenario
from game.play.record import FORMAT, link, read_record, replay
from game.play.simulate import play

Damage = Callable[[list[str]], list[str]]


def lines_of(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


@pytest.fixture(scope="module")
def played(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, GameState]:
    """A whole lab game by random bots, with its record."""
    path = tmp_path_factory.mktemp("records") / "good.jsonl"
    scenario = load_scenario(LAB)
    state = play(scenario, 5, dict.fromkeys(scenario.seats, "random"), path, LAB)
    return path, state


def verify(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tui.cli", "replay", str(path), "--verify"],
                          cwd=REPO, capture_output=True, text=True, timeout=120)


def damaged(played: tuple[Path, GameState], tmp_path: Path, damage: Damage) -> Path:
    path = tmp_path / "damaged.jsonl"
    path.write_text("\n".join(damage(lines_of(played[0]))) + "\n", encoding="utf-8")
    return path


def action_line(lines: list[str], seq: int) -> int:
    """The index of the line recording action `seq`."""
    return next(i for i, line in enumerate(lines)
                if json.loads(line).get("seq") == seq and "action" in json.loads(line))


def checkpoint_line(lines: list[str]) -> int:
    """The index of the first checkpoint after the start."""
    return next(i for i, line in enumerate(lines)
                if "state" in json.loads(line) and json.loads(line)["seq"] > 0)


def reforged(lines: list[str], key: bytes | None = None) -> list[str]:
    """The lines with every chain recomputed, as a forger without the key would."""
    out, chain = [], ""
    for line in lines:
        row = json.loads(line)
        if not isinstance(row, dict):
            out.append(line)
            continue
        row.pop("chain", None)
        chain = link(chain, row, key)
        out.append(json.dumps({**row, "chain": chain}))
    return out


def test_a_good_record_replays_to_the_same_state(played: tuple[Path, GameState]) -> None:
    path, state = played
    result = replay(path)
    assert result.problems == ()
    assert result.final is not None
    assert result.final.digest() == state.digest()
    assert result.final == state
    assert len(result.actions) == state.seq


def test_a_record_is_a_header_then_numbered_actions_and_checkpoints(
        played: tuple[Path, GameState]) -> None:
    path, state = played
    rows = [json.loads(line) for line in lines_of(path)]
    head = rows[0]
    assert head["mufakat"] == "record" and head["format"] == FORMAT == 2
    assert head["scenario"] == "lab" and head["seed"] == 5
    assert head["scenario_hash"] == state.scenario.content_hash
    assert head["seats"] == dict.fromkeys(state.scenario.seats, "random")
    actions = [r for r in rows[1:] if "action" in r]
    assert [r["seq"] for r in actions] == list(range(1, state.seq + 1))
    every = state.scenario.rules.checkpoint_every
    checks = {r["seq"] for r in rows[1:] if "state" in r}
    assert {0, state.seq} | set(range(every, state.seq + 1, every)) == checks
    assert rows[-1] == {**rows[-1], "seq": state.seq, "end": True}
    assert all(len(r["chain"]) == 64 for r in rows)


def test_replay_verify_accepts_a_good_record(played: tuple[Path, GameState]) -> None:
    done = verify(played[0])
    assert done.returncode == 0, done.stderr
    assert "verified" in done.stderr
    assert "Round 1" in done.stdout


def _edit_hash(lines: list[str]) -> list[str]:
    i = checkpoint_line(lines)
    row = json.loads(lines[i])
    row["state"] = "0" * len(row["state"])
    return [*lines[:i], json.dumps(row), *lines[i + 1:]]


def _edit_action(text: str) -> Damage:
    def damage(lines: list[str]) -> list[str]:
        i = action_line(lines, 2)
        row = json.loads(lines[i])
        row["action"] = text
        return [*lines[:i], json.dumps(row), *lines[i + 1:]]
    return damage


def _swap(lines: list[str]) -> list[str]:
    i = action_line(lines, 3)
    return [*lines[:i], lines[i + 1], lines[i], *lines[i + 2:]]


def _header(key: str, value: object) -> Damage:
    def damage(lines: list[str]) -> list[str]:
        head = json.loads(lines[0])
        head[key] = value
        return [json.dumps(head), *lines[1:]]
    return damage


CASES: dict[str, tuple[Damage, str, str]] = {
    # name: (damage, problem code, where the problem says it is; * = any number).
    # Each is forged: the chain is recomputed afterwards, so the deeper checks must
    # catch it (left as it is, every one of them breaks the chain: see below).
    "edited-hash": (_edit_hash, "G008", "action 25"),
    "edited-action-junk": (_edit_action("indonesia dance"), "G007", "action 2"),
    "edited-action-illegal": (_edit_action("vietnam convene"), "G007", "action 2"),
    "reordered-lines": (_swap, "G004", "line 5"),
    "not-a-record-line": (lambda ls: [*ls[:3], "{\"seq\": 1, \"hello\": 1}", *ls[3:]],
                          "G003", "line 4"),
    "scenario-changed": (_header("scenario_hash", "f" * 64), "G006", "header"),
    "scenario-missing": (_header("source", "/nowhere/atlantis.toml"), "G005", "header"),
    "header-not-a-record": (lambda ls: ["[1, 2, 3]", *ls[1:]], "G002", "line 1"),
    "header-format": (_header("format", 99), "G010", "line 1"),
    "header-seed": (_header("seed", "soon"), "G002", "line 1"),
    "header-seed-float": (_header("seed", 5.0), "G002", "line 1"),
    "header-extra-field": (_header("winner", "indonesia"), "G002", "line 1"),
    "changed-seed": (_header("seed", 6), "G008", "action 0"),
    "repeated-line": (lambda ls: [*ls[:4], ls[3], *ls[4:]], "G004", "line 5"),
    "end-removed": (lambda ls: ls[:-1], "G012", "end"),
    "action-after-the-end": (lambda ls: [*ls, json.dumps({"seq": len(
        [line for line in ls if "action" in line]) + 1, "action": "indonesia adjourn"})],
        "G004", "line *"),
}


@pytest.mark.parametrize("name", list(CASES))
def test_a_forged_record_is_reported_not_raised(played: tuple[Path, GameState],
                                                tmp_path: Path, name: str) -> None:
    damage, code, where = CASES[name]
    path = damaged(played, tmp_path, lambda ls: reforged(damage(ls)))
    result = replay(path)
    assert [p.code for p in result.problems] == [code], [str(p) for p in result.problems]
    problem = result.problems[0]
    assert problem.path == str(path)
    assert problem.where == where or (
        where.endswith("*") and problem.where.startswith(where[:-1]))
    done = verify(path)
    assert done.returncode != 0
    assert code in done.stderr and "Traceback" not in done.stderr + done.stdout


@pytest.mark.parametrize("name", [n for n in CASES if n not in (
    "header-not-a-record", "header-format", "header-seed", "header-seed-float",
    "header-extra-field", "end-removed", "not-a-record-line", "action-after-the-end")])
def test_a_tampered_record_breaks_the_chain(played: tuple[Path, GameState],
                                            tmp_path: Path, name: str) -> None:
    """Left unforged, every change is caught by the chain at the line it touched."""
    path = damaged(played, tmp_path, CASES[name][0])
    result = replay(path)
    assert [p.code for p in result.problems] == ["G009"], [str(p) for p in result.problems]
    assert verify(path).returncode != 0


def test_the_issues_forgeries_fail(played: tuple[Path, GameState], tmp_path: Path) -> None:
    """Moves changed and every checkpoint deleted; a changed seed with its last
    checkpoint removed; a changed seat: none verifies, chain recomputed or not."""
    def no_checkpoints(lines: list[str]) -> list[str]:
        i = action_line(lines, 2)
        row = json.loads(lines[i])
        seat = row["action"].split()[0]
        row["action"] = f"{seat} pass"
        kept = [*lines[:i], json.dumps(row), *lines[i + 1:]]
        return [kept[0], *(line for line in kept[1:] if "state" not in json.loads(line))]

    def seed_and_end(lines: list[str]) -> list[str]:
        return _header("seed", 99)(lines)[:-1]

    def seats(lines: list[str]) -> list[str]:
        head = json.loads(lines[0])
        head["seats"] = {**head["seats"], "indonesia": "human"}
        return [json.dumps(head), *lines[1:]]

    for damage in (no_checkpoints, seed_and_end, seats):
        for forge in (False, True):
            path = damaged(played, tmp_path, (lambda ls, d=damage, f=forge:
                                              reforged(d(ls)) if f else d(ls)))
            if damage is seats and forge:
                continue  # the seats are who played: a reforged header is a valid claim
            assert replay(path).problems, (damage.__name__, forge)
            assert verify(path).returncode != 0, (damage.__name__, forge)


def test_a_signed_record_needs_its_key(played: tuple[Path, GameState],
                                       tmp_path: Path) -> None:
    key = b"facilitator's secret"
    scenario = played[1].scenario
    from game.play.record import Header, RecordWriter

    path = tmp_path / "signed.jsonl"
    header = Header(scenario.id, scenario.content_hash, 5, dict.fromkeys(scenario.seats, "x"),
                    str(Path(LAB).resolve()), signed=True)
    state = played[1]
    unsigned = [json.loads(line) for line in lines_of(played[0])]
    from game import new_game
    with RecordWriter(path, header, new_game(scenario, 5), key=key) as writer:
        assert writer.chain
    lines = lines_of(path)
    assert replay(path, key=key).problems == ()
    assert [p.code for p in replay(path).problems] == ["G011"]
    assert [p.code for p in replay(path, key=b"wrong").problems] == ["G009"]
    forged = damaged((path, state), tmp_path, lambda ls: reforged(_header("seed", 6)(ls)))
    assert [p.code for p in replay(forged, key=key).problems] == ["G009"]
    assert [p.code for p in replay(played[0], key=key).problems] == ["G011"]
    assert len(lines) == 2 and unsigned


def test_an_old_format_record_says_what_to_do(played: tuple[Path, GameState],
                                              tmp_path: Path) -> None:
    path = tmp_path / "old.jsonl"
    head = {k: v for k, v in json.loads(lines_of(played[0])[0]).items()
            if k not in ("chain", "signed")}
    path.write_text(json.dumps({**head, "format": 1}) + '\n{"seq": 1, "action": "x"}\n')
    result = replay(path)
    assert [p.code for p in result.problems] == ["G010"]
    message = str(result.problems[0])
    assert "format 1" in message and "Mufakat 0.1" in message and "hint:" in message
    done = verify(path)
    assert done.returncode != 0 and "G010" in done.stderr and "Traceback" not in done.stderr


def test_duplicate_keys_in_a_line_are_refused(played: tuple[Path, GameState],
                                              tmp_path: Path) -> None:
    def doubled(lines: list[str]) -> list[str]:
        i = action_line(lines, 2)
        return [*lines[:i], lines[i][:-1] + ', "action": "indonesia pass"}', *lines[i + 1:]]
    result = replay(damaged(played, tmp_path, doubled))
    assert [p.code for p in result.problems] == ["G003"]
    assert "twice" in result.problems[0].message


def test_a_different_but_legal_action_fails_the_next_checkpoint(
        played: tuple[Path, GameState], tmp_path: Path) -> None:
    def consult_instead(lines: list[str]) -> list[str]:
        i = action_line(lines, 2)
        row = json.loads(lines[i])
        words = row["action"].split()
        assert words[1] in ("pass", "consult", "offer", "persuade")
        seat = words[0]
        other = "brunei" if seat != "brunei" else "vietnam"
        if words[1] == "offer":  # the same offer on other terms: legal, another game
            row["action"] = " ".join(words[:3] if len(words) > 3 else [*words, "ambition=1"])
        else:
            row["action"] = f"{seat} consult {other}" if words[1] == "pass" else f"{seat} pass"
        return [*lines[:i], json.dumps(row), *lines[i + 1:]]

    path = damaged(played, tmp_path, lambda ls: reforged(consult_instead(ls)))
    codes = [p.code for p in replay(path).problems]
    assert codes and set(codes) <= {"G007", "G008"}
    assert verify(path).returncode != 0


@pytest.mark.parametrize("name", ["edited-hash", "edited-action-illegal"])
def test_a_tampered_action_or_hash_names_its_line(played: tuple[Path, GameState],
                                                  tmp_path: Path, name: str) -> None:
    result = replay(damaged(played, tmp_path, lambda ls: reforged(CASES[name][0](ls))))
    assert result.problems and all(p.line > 0 for p in result.problems)


def test_a_record_cut_mid_line_replays_up_to_the_cut(played: tuple[Path, GameState],
                                                     tmp_path: Path) -> None:
    raw = played[0].read_bytes()
    cut = raw.rindex(b"\n", 0, len(raw) // 2) + 8
    path = tmp_path / "cut.jsonl"
    path.write_bytes(raw[:cut])
    result = replay(path)
    assert [p.code for p in result.problems] == ["G001"]
    assert result.problems[0].line == raw[:cut].count(b"\n") + 1
    assert result.final is not None and 0 < result.final.seq < played[1].seq
    done = verify(path)
    assert done.returncode != 0 and "G001" in done.stderr and "Traceback" not in done.stderr


@pytest.mark.parametrize(("content", "code"), [
    (b"", "G002"),
    (b"\n", "G002"),
    (bytes(range(256)) * 4, "G001"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\n", "G002"),
    (b"\xff\xfe{\"mufakat\": \"record\"}\n", "G002"),
])
def test_an_empty_or_binary_file_is_reported(tmp_path: Path, content: bytes, code: str) -> None:
    path = tmp_path / "junk.jsonl"
    path.write_bytes(content)
    result = replay(path)
    assert result.final is None
    assert code in [p.code for p in result.problems]
    assert all(p.path == str(path) for p in result.problems)
    done = verify(path)
    assert done.returncode != 0
    assert "Traceback" not in done.stderr + done.stdout


def test_a_missing_record_is_reported(tmp_path: Path) -> None:
    record, problems = read_record(tmp_path / "nowhere.jsonl")
    assert record is None and [p.code for p in problems] == ["G000"]
    done = verify(tmp_path / "nowhere.jsonl")
    assert done.returncode != 0 and "G000" in done.stderr and "Traceback" not in done.stderr


@pytest.mark.parametrize("line", ['{"seq": 1e400, "action": "indonesia convene"}',
                                  "[" * 100_000 + "]" * 100_000])
def test_an_absurd_line_is_reported_not_raised(played: tuple[Path, GameState],
                                               tmp_path: Path, line: str) -> None:
    path = damaged(played, tmp_path, lambda ls: [ls[0], line, *ls[1:]])
    result = replay(path)
    assert [p.line for p in result.problems] == [2]
