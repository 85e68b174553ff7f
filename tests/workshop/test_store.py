"""The workshop database on real SQLite files: round trips, codes at rest, the rules of
the log, bad files, and a SIGKILL that loses nothing acknowledged."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from workshop.model import FACILITATOR, Credential, Role
from workshop.store import SCHEMA_VERSION, Store, StoreError

SEATS = {"IDN": "human", "MYS": "human", "SGP": "hard"}


def make(tmp_path: Path, name: str = "w.db") -> tuple[Store, dict[str, str]]:
    return Store.create(tmp_path / name, scenario="sea-2016", scenario_hash="abc123",
                        scenario_text="[scenario]\nid = 'sea-2016'\n", seed=7, seats=SEATS)


def test_create_then_open_round_trip(tmp_path: Path) -> None:
    store, issued = make(tmp_path)
    assert set(issued) == {*SEATS, "projector", "facilitator"}
    assert len(set(issued.values())) == len(issued)
    store.append_action(1, "IDN propose", "IDN", "m1")
    press, new = store.add_press("MYS", ("IDN",), "Lunch?", 1, "p1")
    assert new and press.id == 1
    store.add_press(FACILITATOR, (), "Ten minutes left", 1, "f1")
    store.log_event("pause", {"by": "facilitator", "minutes": 5})
    store.set_setting("paused", "1")
    store.set_setting("paused", "0")
    store.set_kind("MYS", "historical")
    created = store.meta.created
    store.close()

    again = Store.open(tmp_path / "w.db")
    meta = again.meta
    assert (meta.scenario, meta.scenario_hash, meta.seed) == ("sea-2016", "abc123", 7)
    assert meta.scenario_text == "[scenario]\nid = 'sea-2016'\n"
    assert meta.created == created
    assert again.kinds() == {"IDN": "human", "MYS": "historical", "SGP": "hard"}
    assert [(a.seq, a.action, a.by, a.msg_id) for a in again.actions()] == [
        (1, "IDN propose", "IDN", "m1")]
    assert again.last_seq() == 1
    assert [(p.id, p.sender, p.to, p.text, p.public) for p in again.press()] == [
        (1, "MYS", ("IDN",), "Lunch?", False), (2, FACILITATOR, (), "Ten minutes left", True)]
    assert [p.id for p in again.press(since=1)] == [2]
    assert [(e.kind, e.detail) for e in again.events()] == [
        ("pause", {"by": "facilitator", "minutes": 5})]
    assert again.settings() == {"paused": "0"}
    assert again.check(issued["SGP"]) == Credential(Role.SEAT, "SGP")
    assert again.check(issued["projector"]) == Credential(Role.PROJECTOR)
    assert again.check(issued["facilitator"]) == Credential(Role.FACILITATOR)
    again.close()


def test_create_refuses_an_existing_file_and_reserved_seat_names(tmp_path: Path) -> None:
    make(tmp_path)[0].close()
    with pytest.raises(StoreError, match="already exists"):
        make(tmp_path)
    with pytest.raises(StoreError, match="projector"):
        Store.create(tmp_path / "x.db", scenario="s", scenario_hash="h", scenario_text="",
                     seed=1, seats={"projector": "human"})
    assert not (tmp_path / "x.db").exists()
    with pytest.raises(StoreError, match="no-such-folder"):
        make(tmp_path, "no-such-folder/w.db")


def test_pragmas_wal_full_and_foreign_keys(tmp_path: Path) -> None:
    store, _ = make(tmp_path)
    store.close()
    store = Store.open(tmp_path / "w.db")
    conn = store._conn
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 2
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    store.close()


def test_codes_are_hashed_at_rest(tmp_path: Path) -> None:
    store, issued = make(tmp_path)
    assert store.check(issued["IDN"]) is not None
    while_open = b"".join(p.read_bytes() for p in tmp_path.iterdir())  # the db and its WAL
    store.close()
    closed = (tmp_path / "w.db").read_bytes()
    for code in issued.values():
        for form in (code, code.replace("-", ""), code.lower()):
            for data in (while_open, closed):
                assert form.encode() not in data
                assert form.encode("utf-16-le") not in data


def test_only_the_owner_may_read_the_file(tmp_path: Path) -> None:
    store, _ = make(tmp_path)
    store.append_action(1, "IDN pass", "IDN", "m1")
    for path in tmp_path.iterdir():
        assert path.stat().st_mode & 0o077 == 0, path
    store.close()


def test_check_normalizes_and_refuses_wrong_codes(tmp_path: Path) -> None:
    store, issued = make(tmp_path)
    assert store.check(issued["IDN"].lower().replace("-", " ")) == Credential(Role.SEAT, "IDN")
    assert store.check(issued["IDN"]) == Credential(Role.SEAT, "IDN")  # now from memory
    for wrong in ("", "x", "AAAAA-AAAAA", issued["IDN"][:-1], "'; DROP TABLE codes; --"):
        assert store.check(wrong) is None
    store.close()


def test_new_code_stops_the_old_one_at_once(tmp_path: Path) -> None:
    store, issued = make(tmp_path)
    for who in ("IDN", "facilitator"):
        assert store.check(issued[who]) is not None  # remembered as valid
        fresh = store.new_code(who)
        assert fresh != issued[who]
        assert store.check(issued[who]) is None
        assert str(store.check(fresh)) == who
    assert store.check(issued["MYS"]) == Credential(Role.SEAT, "MYS")  # others unaffected
    with pytest.raises(StoreError, match="THA"):
        store.new_code("THA")
    store.close()
    again = Store.open(tmp_path / "w.db")
    assert again.check(issued["IDN"]) is None
    again.close()


def test_actions_need_the_next_seq_and_a_new_message_id(tmp_path: Path) -> None:
    store, _ = make(tmp_path)
    with pytest.raises(StoreError, match="does not follow"):
        store.append_action(2, "IDN pass", "IDN", "m1")
    store.append_action(1, "IDN pass", "IDN", "m1")
    for seq in (1, 3, 0):
        with pytest.raises(StoreError, match="does not follow"):
            store.append_action(seq, "MYS pass", "MYS", "m9")
    with pytest.raises(StoreError, match="already sent"):
        store.append_action(2, "IDN support", "IDN", "m1")
    store.append_action(2, "MYS pass", "MYS", "m1")  # the id is per sender
    assert store.find_action("IDN", "m1") == 1
    assert store.find_action("MYS", "m1") == 2
    assert store.find_action("SGP", "m1") is None
    assert [a.seq for a in store.actions()] == [1, 2]
    assert store.last_seq() == 2
    store.close()


def test_press_is_idempotent_per_sender_and_message_id(tmp_path: Path) -> None:
    store, _ = make(tmp_path)
    first, new = store.add_press("IDN", ("MYS", "SGP"), "Meet at the coffee?", 0, "a")
    assert new
    again, new = store.add_press("IDN", ("MYS", "SGP"), "Meet at the coffee?", 0, "a")
    assert not new and again == first
    other, new = store.add_press("MYS", (), "A statement", 0, "a")
    assert new and other.id == first.id + 1
    assert store.press() == [first, other]
    store.close()


def test_unknown_seats_are_refused(tmp_path: Path) -> None:
    store, _ = make(tmp_path)
    with pytest.raises(StoreError, match="THA"):
        store.set_kind("THA", "hard")
    store.close()


def bad_file(tmp_path: Path, kind: str) -> Path:
    path = tmp_path / f"{kind}.db"
    if kind == "text":
        path.write_text("scenario = 'not a database'\n" * 50)
    elif kind == "empty":
        path.write_bytes(b"")
    elif kind == "truncated":
        store, _ = make(tmp_path, "good.db")
        store.close()
        good = (tmp_path / "good.db").read_bytes()
        path.write_bytes(good[:100] + os.urandom(2000))
    elif kind == "other-sqlite":
        with sqlite3.connect(path) as conn:
            conn.execute("CREATE TABLE notes (text TEXT)")
        conn.close()
    elif kind == "newer":
        make(tmp_path, path.name)[0].close()
        with sqlite3.connect(path) as conn:
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
        conn.close()
    elif kind == "older":
        make(tmp_path, path.name)[0].close()
        with sqlite3.connect(path) as conn:
            conn.execute("PRAGMA user_version = 0")
        conn.close()
    return path


@pytest.mark.parametrize(("kind", "says"), [
    ("text", "not a"), ("empty", "not a Mufakat workshop"),
    ("truncated", "damaged|malformed|not a"),
    ("other-sqlite", "not a Mufakat workshop"), ("newer", "newer Mufakat"),
    ("older", "schema 0"), ("missing", "no such workshop"), ("directory", "no such")])
def test_bad_files_give_a_clear_error_naming_the_path(tmp_path: Path, kind: str,
                                                      says: str) -> None:
    if kind == "directory":
        path = tmp_path / "dir.db"
        path.mkdir()
    elif kind == "missing":
        path = tmp_path / "missing.db"
    else:
        path = bad_file(tmp_path, kind)
    before = path.read_bytes() if path.is_file() else None
    with pytest.raises(StoreError, match=says) as info:
        Store.open(path)
    assert str(path) in str(info.value)
    if before is not None and kind != "truncated":
        assert path.read_bytes() == before  # refused before anything was written


CHILD = textwrap.dedent("""
    import sys
    from pathlib import Path
    from workshop.store import Store

    store = Store.open(Path(sys.argv[1]))
    seq = store.last_seq()
    for _ in range(20000):
        seq += 1
        store.append_action(seq, f"IDN pass #{seq}", "IDN", f"m{seq}")
        print("a", seq, flush=True)
        press, _ = store.add_press("MYS", ("IDN",), f"note {seq}", seq, f"p{seq}")
        print("p", press.id, flush=True)
""")


def test_sigkill_loses_nothing_acknowledged(tmp_path: Path) -> None:
    path = tmp_path / "w.db"
    store, _ = make(tmp_path)
    store.close()
    for _round in range(2):  # kill it, resume it, kill it again
        child = subprocess.Popen([sys.executable, "-c", CHILD, str(path)],
                                 stdout=subprocess.PIPE, text=True)
        assert child.stdout is not None
        lines = [child.stdout.readline() for _ in range(40)]
        assert all(lines), "the writer stopped before it was killed"
        os.kill(child.pid, signal.SIGKILL)
        rest, _ = child.communicate(timeout=60)
        assert child.returncode == -signal.SIGKILL
        acked = [line.split() for line in lines + rest.splitlines() if line.strip()]
        acked_actions = {int(n) for kind, n in acked if kind == "a"}
        acked_press = {int(n) for kind, n in acked if kind == "p"}

        store = Store.open(path)
        assert store._conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        seqs = [a.seq for a in store.actions()]
        assert seqs == list(range(1, len(seqs) + 1))  # no gaps, no duplicates
        assert acked_actions <= set(seqs)
        ids = [p.id for p in store.press()]
        assert len(ids) == len(set(ids))
        assert acked_press <= set(ids)
        assert len({(p.sender, p.text) for p in store.press()}) == len(ids)
        store.close()
