"""One workshop's database: the only thing that survives the server being killed.

The server is its only writer, from one thread, through one connection. Every write
method commits (WAL, `synchronous=FULL`) before it returns, so whatever the server has
acknowledged is on disk. Seat codes are kept only as salted scrypt hashes.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import sqlite3
import time
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import attrs

from workshop import codes
from workshop.model import Credential, Press, Role

SCHEMA_VERSION = 1
APPLICATION_ID = 0x4D464B54  # "MFKT": marks a file as a Mufakat workshop
_OTHERS = (Role.PROJECTOR.value, Role.FACILITATOR.value)

_SCHEMA = """
CREATE TABLE workshop (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    scenario TEXT NOT NULL,
    scenario_hash TEXT NOT NULL,
    scenario_text TEXT NOT NULL,
    seed INTEGER NOT NULL,
    created REAL NOT NULL,
    salt BLOB NOT NULL
);
CREATE TABLE codes (
    who TEXT PRIMARY KEY,          -- a seat id, 'projector' or 'facilitator'
    hash TEXT NOT NULL UNIQUE
);
CREATE TABLE seats (
    seat TEXT PRIMARY KEY REFERENCES codes (who),
    kind TEXT NOT NULL             -- 'human' or a bot kind
);
CREATE TABLE actions (
    seq INTEGER PRIMARY KEY,
    action TEXT NOT NULL,
    by TEXT NOT NULL,
    msg_id TEXT NOT NULL,
    at REAL NOT NULL,
    UNIQUE (by, msg_id)
);
CREATE TABLE press (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    sender TEXT NOT NULL,
    recipients TEXT NOT NULL,      -- JSON list of seat ids, [] = public
    text TEXT NOT NULL,
    at_seq INTEGER NOT NULL,
    msg_id TEXT NOT NULL,
    at REAL NOT NULL,
    UNIQUE (sender, msg_id)
);
CREATE TABLE events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,
    detail TEXT NOT NULL,          -- JSON object
    at REAL NOT NULL
);
CREATE TABLE settings (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
"""


class StoreError(Exception):
    """A workshop database that cannot be used, or a write the rules of the log refuse."""


@attrs.frozen
class Meta:
    """What the workshop plays: enough to rebuild the game from its actions."""

    scenario: str
    scenario_hash: str
    scenario_text: str
    seed: int
    created: float


@attrs.frozen
class ActionRow:
    """One accepted action, as the log keeps it."""

    seq: int
    action: str
    by: str
    msg_id: str
    at: float


@attrs.frozen
class EventRow:
    """One thing the facilitator did, with its details."""

    id: int
    kind: str
    detail: dict[str, Any]
    at: float


def _plain_connect(path: Path) -> sqlite3.Connection:
    """A connection to an existing file (never creating one), in autocommit mode:
    `_transaction` draws each write's bounds."""
    return sqlite3.connect(f"{path.resolve().as_uri()}?mode=rw", uri=True,
                           isolation_level=None)


def _connect(path: Path) -> sqlite3.Connection:
    """A new database file's connection, configured like every other."""
    conn = _plain_connect(path)
    try:
        _configure(conn)
    except sqlite3.Error:
        conn.close()
        raise
    return conn


def _configure(conn: sqlite3.Connection) -> None:
    """WAL, and a sync on every commit: what the server acknowledges survives a crash or
    a power cut."""
    mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
    if mode != "wal":
        raise sqlite3.OperationalError(f"cannot use a write-ahead log (journal mode {mode})")
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")


def _check_workshop(path: Path, conn: sqlite3.Connection) -> None:
    """Refuse, before writing anything, a file that is not a workshop this code can read."""
    app_id = conn.execute("PRAGMA application_id").fetchone()[0]
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if app_id != APPLICATION_ID:
        raise StoreError(f"{path}: not a Mufakat workshop database; give the path the "
                         "host printed when the workshop began")
    if version > SCHEMA_VERSION:
        raise StoreError(f"{path}: written by a newer Mufakat (schema {version}, this one "
                         f"reads {SCHEMA_VERSION}); upgrade Mufakat to resume it")
    if version < SCHEMA_VERSION:
        raise StoreError(f"{path}: schema {version} is not one this Mufakat reads "
                         f"({SCHEMA_VERSION}); the file is damaged or not a workshop")
    problems = [row[0] for row in conn.execute("PRAGMA quick_check")]
    if problems != ["ok"]:
        raise StoreError(f"{path}: the workshop database is damaged ({problems[0]}); "
                         "restore it from a copy")


def _credential(who: str) -> Credential:
    if who in _OTHERS:
        return Credential(Role(who))
    return Credential(Role.SEAT, who)


class Store:
    """One workshop's SQLite database, written by the server alone."""

    def __init__(self, path: Path, conn: sqlite3.Connection) -> None:
        """Use `Store.create` or `Store.open`."""
        self.path = path
        self._conn = conn
        self._salt: bytes = conn.execute("SELECT salt FROM workshop").fetchone()[0]
        self._known: dict[str, str] = {}  # normalized code -> who, for codes seen valid

    # -- opening -----------------------------------------------------------------------

    @classmethod
    def create(cls, path: Path, *, scenario: str, scenario_hash: str, scenario_text: str,
               seed: int, seats: Mapping[str, str]) -> tuple[Store, dict[str, str]]:
        """A new workshop database, and its codes in clear: shown once, never stored."""
        clash = sorted(set(seats) & set(_OTHERS))
        if clash:
            raise StoreError(f"a seat cannot be called {', '.join(clash)}")
        try:
            # Refuses an existing file atomically; owner-only, as the press is private
            # (SQLite gives the -wal and -shm files the same mode).
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        except FileExistsError:
            raise StoreError(f"{path}: already exists; resume it with --resume, or choose "
                             "another path") from None
        except OSError as exc:
            raise StoreError(f"{path}: cannot create the workshop database: "
                             f"{exc.strerror}") from None
        salt = secrets.token_bytes(16)
        issued = {who: codes.new_code() for who in [*seats, *_OTHERS]}
        try:
            conn = _connect(path)
        except sqlite3.Error as exc:
            path.unlink(missing_ok=True)
            raise StoreError(f"{path}: cannot create the workshop database: {exc}") from None
        try:
            with _transaction(conn):
                for statement in _SCHEMA.split(";"):
                    if statement.strip():
                        conn.execute(statement)
                conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
                conn.execute("INSERT INTO workshop VALUES (1, ?, ?, ?, ?, ?, ?)",
                             (scenario, scenario_hash, scenario_text, seed, time.time(), salt))
                conn.executemany("INSERT INTO codes VALUES (?, ?)",
                                 [(who, codes.hash_code(code, salt))
                                  for who, code in issued.items()])
                conn.executemany("INSERT INTO seats VALUES (?, ?)", seats.items())
        except sqlite3.Error as exc:
            conn.close()
            path.unlink(missing_ok=True)
            raise StoreError(f"{path}: cannot create the workshop database: {exc}") from None
        return cls(path, conn), issued

    @classmethod
    def open(cls, path: Path) -> Store:
        """An existing workshop, to resume it after a restart or a crash."""
        if not path.is_file():
            raise StoreError(f"{path}: no such workshop database; check the path, or start "
                             "a new workshop without --resume")
        try:
            conn = _plain_connect(path)
        except sqlite3.Error as exc:
            raise StoreError(f"{path}: cannot open the workshop database ({exc})") from None
        try:
            _check_workshop(path, conn)
            _configure(conn)
        except sqlite3.Error as exc:
            conn.close()
            raise StoreError(f"{path}: not a readable workshop database ({exc}); give the "
                             "path the host printed, or restore it from a copy") from None
        except StoreError:
            conn.close()
            raise
        return cls(path, conn)

    def close(self) -> None:
        self._conn.close()

    # -- what is played ----------------------------------------------------------------

    @property
    def meta(self) -> Meta:
        row = self._conn.execute("SELECT scenario, scenario_hash, scenario_text, seed, "
                                 "created FROM workshop").fetchone()
        return Meta(*row)

    def kinds(self) -> dict[str, str]:
        """Seat id -> 'human' or the bot kind that plays it."""
        return dict(self._conn.execute("SELECT seat, kind FROM seats ORDER BY rowid"))

    def set_kind(self, seat: str, kind: str) -> None:
        """Hand a seat to a bot kind, or back to 'human'."""
        with _transaction(self._conn):
            if self._conn.execute("UPDATE seats SET kind = ? WHERE seat = ?",
                                  (kind, seat)).rowcount != 1:
                raise StoreError(f"no seat {seat!r} in this workshop")

    # -- codes -------------------------------------------------------------------------

    def check(self, code: str) -> Credential | None:
        """Who `code` admits, or None. A code once found valid is remembered, so checking
        every message costs no scrypt."""
        key = codes.normalize(code)
        if not codes.is_code(key):
            return None  # cannot match: no scrypt spent on it
        who = self._known.get(key)
        if who is None:
            row = self._conn.execute("SELECT who FROM codes WHERE hash = ?",
                                     (codes.hash_code(key, self._salt),)).fetchone()
            if row is None:
                return None
            who = self._known[key] = row[0]
        return _credential(who)

    def new_code(self, who: str) -> str:
        """A fresh code for a seat, the projector or the facilitator; the old one stops
        working at once."""
        code = codes.new_code()
        with _transaction(self._conn):
            if self._conn.execute("UPDATE codes SET hash = ? WHERE who = ?",
                                  (codes.hash_code(code, self._salt), who)).rowcount != 1:
                raise StoreError(f"no seat {who!r} in this workshop")
        self._known = {key: w for key, w in self._known.items() if w != who}
        return code

    # -- the game's actions ------------------------------------------------------------

    def last_seq(self) -> int:
        """The last action's sequence number; 0 before the first."""
        return int(self._conn.execute("SELECT coalesce(max(seq), 0) FROM actions")
                   .fetchone()[0])

    def append_action(self, seq: int, action: str, by: str, msg_id: str) -> None:
        """Record an accepted action; `seq` must follow the last one without a gap."""
        with _transaction(self._conn):
            last = self.last_seq()
            if seq != last + 1:
                raise StoreError(f"action {seq} does not follow action {last}")
            try:
                self._conn.execute("INSERT INTO actions VALUES (?, ?, ?, ?, ?)",
                                   (seq, action, by, msg_id, time.time()))
            except sqlite3.IntegrityError:
                raise StoreError(f"{by} already sent message {msg_id!r}") from None

    def find_action(self, by: str, msg_id: str) -> int | None:
        """The seq a repeated submission got the first time, or None if it is new."""
        row = self._conn.execute("SELECT seq FROM actions WHERE by = ? AND msg_id = ?",
                                 (by, msg_id)).fetchone()
        return None if row is None else int(row[0])

    def actions(self) -> list[ActionRow]:
        return [ActionRow(*row) for row in self._conn.execute(
            "SELECT seq, action, by, msg_id, at FROM actions ORDER BY seq")]

    # -- press -------------------------------------------------------------------------

    def add_press(self, sender: str, to: tuple[str, ...], text: str, at_seq: int,
                  msg_id: str) -> tuple[Press, bool]:
        """Record a message; a repeated (sender, msg_id) returns the stored one and False."""
        with _transaction(self._conn):
            old = self._conn.execute(f"SELECT {_PRESS} FROM press WHERE sender = ? AND "
                                     "msg_id = ?", (sender, msg_id)).fetchone()
            if old is not None:
                return _press(old), False
            at = time.time()
            cursor = self._conn.execute(
                "INSERT INTO press (sender, recipients, text, at_seq, msg_id, at) "
                "VALUES (?, ?, ?, ?, ?, ?)", (sender, json.dumps(list(to)), text, at_seq,
                                              msg_id, at))
            assert cursor.lastrowid is not None
            return Press(cursor.lastrowid, sender, tuple(to), text, at_seq, at), True

    def press(self, since: int = 0) -> list[Press]:
        """The messages after id `since`, in the order they were accepted."""
        return [_press(row) for row in self._conn.execute(
            f"SELECT {_PRESS} FROM press WHERE id > ? ORDER BY id", (since,))]

    # -- the facilitator's events and settings ----------------------------------------

    def log_event(self, kind: str, detail: Mapping[str, object]) -> None:
        """Record what the facilitator did (start, pause, timer, hand-over, kick, inject)."""
        with _transaction(self._conn):
            self._conn.execute("INSERT INTO events (kind, detail, at) VALUES (?, ?, ?)",
                               (kind, json.dumps(dict(detail), sort_keys=True), time.time()))

    def events(self) -> list[EventRow]:
        return [EventRow(id_, kind, json.loads(detail), at) for id_, kind, detail, at in
                self._conn.execute("SELECT id, kind, detail, at FROM events ORDER BY id")]

    def settings(self) -> dict[str, str]:
        return dict(self._conn.execute("SELECT key, value FROM settings ORDER BY key"))

    def set_setting(self, key: str, value: str) -> None:
        with _transaction(self._conn):
            self._conn.execute("INSERT INTO settings VALUES (?, ?) ON CONFLICT (key) "
                               "DO UPDATE SET value = excluded.value", (key, value))


_PRESS = "id, sender, recipients, text, at_seq, at"


def _press(row: tuple[Any, ...]) -> Press:
    id_, sender, recipients, text, at_seq, at = row
    return Press(id_, sender, tuple(json.loads(recipients)), text, at_seq, at)


@contextlib.contextmanager
def _transaction(conn: sqlite3.Connection) -> Iterator[None]:
    """One write, committed (and synced) before the block's caller returns; rolled back
    whole on any error."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
