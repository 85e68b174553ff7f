"""Game records: an append-only log that rebuilds and verifies a whole game.

A record is JSON Lines. The first line is the header (format, scenario id, path and
content hash, seed, who holds each seat); then one line per action with its sequence
number and canonical text, now and then a checkpoint with the state's hash, and, once
the game is over, a last checkpoint marked `end`. A facilitator's inject (the event
card chosen for the next round, `engine.inject`) is a line of its own, after the action
(and checkpoint) whose seq it carries; replay makes it there:

    {"mufakat": "record", "format": 2, "scenario": "2011-apcn", ..., "chain": "9c1e..."}
    {"seq": 1, "action": "indonesia convene", "chain": "52ab..."}
    {"seq": 25, "state": "3f9a0c...", "chain": "d07f..."}
    {"seq": 31, "inject": "border-clash", "chain": "e1b2..."}
    {"seq": 212, "state": "77e1...", "end": true, "chain": "a4c3..."}

Every line carries `chain`: the hash of the line's content and the previous line's
chain (the header's covers the header alone). So `replay --verify` proves that no line
of the record was changed, removed, reordered or added, that every action is legal
under the rules, that the states reached match the checkpoints taken while playing,
and (with the `end` line) that the record holds the whole game. Anyone can recompute
plain hashes: against a deliberate forger, sign the record with a key (`key=`), which
makes the chain an HMAC only the key's holder can produce.

Whole lines are appended and flushed one at a time, so a crash loses at most the line
being written. Reading never raises on a bad file: every defect comes back as a
problem naming the line.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import os
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import IO, Any

import attrs

from game.rules.actions import Action, ActionSyntaxError, IllegalAction
from game.rules.engine import apply, inject, is_over, new_game
from game.rules.files import InputFileError, read_bounded
from game.rules.model import Scenario
from game.rules.state import GameState
from game.rules.text import clip
from game.scenario.loader import BUNDLE_DIR, ScenarioError, load_scenario
from game.scenario.schema import Problem

FORMAT = 2
OLD_FORMATS = {1: "Mufakat 0.1 (the first rules)"}
MAX_BYTES = 50_000_000
MAX_LINE = 10_000


class RecordError(Exception):
    """A record that cannot be written to as asked; the message says why."""


@attrs.frozen
class Header:
    scenario: str
    scenario_hash: str
    seed: int
    seats: Mapping[str, str]  # seat -> "human" or a bot kind
    source: str = ""  # path of a scenario file that is not bundled
    signed: bool = False  # the chain is an HMAC with a key kept apart from the record
    format: int = FORMAT

    def to_json(self) -> dict[str, Any]:
        return {"mufakat": "record", "format": self.format, "scenario": self.scenario,
                "source": self.source, "scenario_hash": self.scenario_hash,
                "seed": self.seed, "seats": dict(self.seats), "signed": self.signed}


@attrs.frozen
class Record:
    header: Header
    actions: tuple[str, ...]
    checks: Mapping[int, str]  # seq -> state hash
    ended: bool = False  # the record closes with the game's `end` checkpoint
    chain: str = ""  # the last line's chain, for appending
    action_lines: tuple[int, ...] = ()  # the file line of each action, for problems
    check_lines: Mapping[int, int] = attrs.field(factory=dict)  # seq -> file line
    injects: Mapping[int, str] = attrs.field(factory=dict)  # seq -> card injected after it
    inject_lines: Mapping[int, int] = attrs.field(factory=dict)  # seq -> file line


def header_for(scenario: Scenario, seed: int, seats: Mapping[str, str],
               source: str | Path = "", signed: bool = False) -> Header:
    path = Path(source) if source else None
    bundled = path is None or path.resolve().parent == BUNDLE_DIR.resolve()
    return Header(scenario.id, scenario.content_hash, seed, dict(seats),
                  "" if bundled else str(path.resolve() if path else ""), signed)


def _canonical(data: Mapping[str, Any]) -> str:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def link(previous: str, content: Mapping[str, Any], key: bytes | None = None) -> str:
    """The chain value of a line: a hash (an HMAC with `key`) of the previous line's
    chain and this line's content without its own `chain`."""
    message = f"{previous}\n{_canonical(content)}".encode()
    if key is not None:
        return hmac.new(key, message, hashlib.sha256).hexdigest()
    return hashlib.sha256(message).hexdigest()


class RecordWriter:
    """Appends a game to its record as it is played.

    On a file that already holds a record of the same game (same header), it goes on
    from the record's last line, continuing the chain."""

    def __init__(self, path: str | Path, header: Header, state: GameState,
                 key: bytes | None = None) -> None:
        if header.signed != (key is not None):
            raise RecordError("a signed record needs its key, and only a signed one")
        self.path = Path(path)
        self.every = state.scenario.rules.checkpoint_every
        self.key = key
        self.path.parent.mkdir(parents=True, exist_ok=True)
        existing = self.path.stat().st_size if self.path.exists() else 0
        if existing:
            record, problems = read_record(self.path)
            if record is None or problems:
                raise RecordError(f"{self.path}: cannot go on with this record: "
                                  + "; ".join(p.message for p in problems))
            if record.header != header:
                raise RecordError(f"{self.path} holds another game; it was not changed")
            self.chain = record.chain
        self._file: IO[str] = self.path.open("a", encoding="utf-8")
        if not existing:
            self.chain = ""
            try:
                self._write(header.to_json())
                self._write({"seq": state.seq, "state": state.digest()})
            except OSError:
                self._file.close()  # a full disk: leave no open handle behind
                raise

    def _write(self, data: Mapping[str, Any]) -> None:
        self.chain = link(self.chain, data, self.key)
        self._file.write(json.dumps({**data, "chain": self.chain}, separators=(",", ":"),
                                    ensure_ascii=False) + "\n")
        self._file.flush()

    def append(self, action: Action, state: GameState) -> None:
        """Log `action`, after which the game is in `state`."""
        self._write({"seq": state.seq, "action": str(action)})
        if is_over(state):
            self._write({"seq": state.seq, "state": state.digest(), "end": True})
        elif state.seq % self.every == 0:
            self._write({"seq": state.seq, "state": state.digest()})

    def inject(self, card: str, state: GameState) -> None:
        """Log the facilitator's inject of `card`, after which the game is in `state`."""
        self._write({"seq": state.seq, "inject": card})

    def sync(self) -> None:
        os.fsync(self._file.fileno())

    def close(self) -> None:
        self._file.close()

    def __enter__(self) -> RecordWriter:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    keys = [k for k, _ in pairs]
    doubled = sorted({k for k in keys if keys.count(k) > 1})
    if doubled:
        raise ValueError(f"the key {doubled[0]!r} appears twice")
    return dict(pairs)


def _loads(line: str) -> Any:
    return json.loads(line, object_pairs_hook=_no_duplicates)


def read_record(path: str | Path, key: bytes | None = None
                ) -> tuple[Record | None, list[Problem]]:
    """Read a record and check its chain; problems name the line and what is wrong.

    A signed record's chain is checked only when its `key` is given."""
    name = str(path)
    problems: list[Problem] = []

    def bad(line: int, code: str, message: str, hint: str = "") -> None:
        problems.append(Problem(name, f"line {line}" if line else "", code, message,
                                hint=hint, line=line, col=1 if line else 0))

    try:
        raw = read_bounded(path, MAX_BYTES, "record")
    except InputFileError as err:
        bad(0, "G000", str(err).removeprefix(f"{name}: "), "check the path")
        return None, problems
    lines = raw.decode("utf-8", errors="replace").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    elif lines:
        bad(len(lines), "G001", "the last line is cut short (truncated record)",
            "the game can be replayed up to the line before")
        lines.pop()
    if not lines:
        bad(1, "G002", "empty record: no header line")
        return None, problems
    header, chain = _read_header(lines[0], bad)
    if header is None:
        return None, problems
    checked = key is not None or not header.signed
    key = key if header.signed else None
    if checked and not hmac.compare_digest(chain, link("", header.to_json(), key)):
        bad(1, "G009", "the header's chain does not match its content: the header was "
            "changed after the game was recorded" + (", or the key is wrong" if key else ""))
        return None, problems
    actions: list[str] = []
    checks: dict[int, str] = {}
    action_lines: list[int] = []
    check_lines: dict[int, int] = {}
    injects: dict[int, str] = {}
    inject_lines: dict[int, int] = {}
    ended = False
    for number, line in enumerate(lines[1:], start=2):
        try:
            if len(line) > MAX_LINE:
                raise ValueError(f"the line is {len(line):,} characters long")
            data = _loads(line)
            seq = data["seq"]
            if type(seq) is not int:
                raise TypeError("seq is not a whole number")
            given = data.pop("chain")
        except (ValueError, KeyError, TypeError, AttributeError, RecursionError) as err:
            bad(number, "G003", f"not a record line ({err})",
                'expected {"seq": N, "action": ..., "chain": ...}')
            break
        expected = link(chain, data, key)
        if checked and not hmac.compare_digest(str(given), expected):
            bad(number, "G009", "the chain breaks here: this line, or one before it, was "
                "changed, removed or inserted after the game was recorded",
                "replay without --verify to see the game as the record now stands")
            break
        chain = str(given)
        if ended:
            bad(number, "G004", "a line after the game's end")
            break
        if set(data) == {"seq", "action"} and isinstance(data["action"], str):
            if seq != len(actions) + 1:
                bad(number, "G004", f"sequence number {seq}, expected {len(actions) + 1}",
                    "lines were lost, repeated or reordered")
                break
            actions.append(data["action"])
            action_lines.append(number)
        elif set(data) - {"end"} == {"seq", "state"} and data.get("end", True) is True:
            if seq != len(actions) or seq in injects:
                bad(number, "G004", f"checkpoint for action {seq} after "
                    + ("its inject" if seq in injects else f"action {len(actions)}"))
                break
            checks[seq] = str(data["state"])
            check_lines[seq] = number
            ended = "end" in data
        elif set(data) == {"seq", "inject"} and isinstance(data["inject"], str):
            if seq != len(actions) or seq in injects:
                bad(number, "G004", f"a second inject after action {seq}" if seq in injects
                    else f"inject for action {seq} after action {len(actions)}",
                    "one inject at most between two actions, after the action it names")
                break
            injects[seq] = data["inject"]
            inject_lines[seq] = number
        else:
            bad(number, "G003", "a line that is neither an action, an inject nor a checkpoint")
            break
    return Record(header, tuple(actions), checks, ended, chain, tuple(action_lines),
                  check_lines, injects, inject_lines), problems


def _read_header(line: str, bad: Any) -> tuple[Header | None, str]:
    try:
        head = _loads(line)
        if not isinstance(head, dict) or head.get("mufakat") != "record":
            raise ValueError("not a Mufakat record header")
    except (ValueError, TypeError, RecursionError) as err:
        bad(1, "G002", f"bad header: {err}", "the first line must be the record header")
        return None, ""
    version = head.get("format")
    if version != FORMAT:
        made = OLD_FORMATS.get(version) if isinstance(version, int) else None
        bad(1, "G010", f"record format {clip(str(version), 20)} "
            + (f"was written by {made}; this version reads format {FORMAT} only, and the "
               "rules have changed since, so its moves cannot be replayed" if made else
               f"is not one this version reads (format {FORMAT})"),
            "replay it with the version of Mufakat that wrote it, or start a new game")
        return None, ""
    try:
        chain = str(head.pop("chain"))
        seats = head["seats"]
        if not isinstance(seats, dict) or not all(
                isinstance(k, str) and isinstance(v, str) for k, v in seats.items()):
            raise TypeError("seats must map each seat to `human` or a bot kind")
        if type(head["seed"]) is not int or not isinstance(head["signed"], bool):
            raise TypeError("the seed must be a whole number and `signed` true or false")
        header = Header(str(head["scenario"]), str(head["scenario_hash"]), head["seed"],
                        dict(seats), str(head.get("source", "")), head["signed"])
    except (KeyError, TypeError) as err:
        bad(1, "G002", f"bad header: {err}", "the first line must be the record header")
        return None, ""
    if head != header.to_json():
        bad(1, "G002", "bad header: unexpected fields", "the first line must be the header")
        return None, ""
    return header, chain


def scenario_of(header: Header) -> Scenario:
    return load_scenario(Path(header.source) if header.source else header.scenario)


@attrs.frozen
class Replay:
    states: tuple[GameState, ...]  # the state before each action, then the last state
    actions: tuple[Action, ...]
    problems: tuple[Problem, ...]
    ended: bool = False  # the record closes with the game's end

    @property
    def final(self) -> GameState | None:
        return self.states[-1] if self.states else None

    def verdict(self, signed: bool) -> str:
        """What a clean `--verify` proved, in one sentence."""
        by = "signed with the key" if signed else "consistent (unsigned: anyone can recompute "\
             "its hashes)"
        if self.ended:
            return (f"verified: the whole game, {len(self.actions)} actions to its end; header, "
                    f"every action and every checkpoint match the chain, {by}")
        return (f"verified: {len(self.actions)} actions of an unfinished game match the chain "
                f"and checkpoints, {by}; the record cannot prove nothing came after them")


def replay(path: str | Path, verify: bool = True, key: bytes | None = None) -> Replay:
    """Rebuild a recorded game; with `verify`, check the scenario hash, the chain and
    every checkpoint, and that a finished game's record closes with its end."""
    record, problems = read_record(path, key)
    if record is None:
        return Replay((), (), tuple(problems))
    if verify and record.header.signed != (key is not None):
        problems.append(Problem(
            str(path), "header", "G011",
            "the record is signed; its chain can be checked only with the key"
            if record.header.signed else "a key was given but the record is not signed",
            hint="give the key the record was signed with" if record.header.signed else
            "a facilitator who signs records should refuse an unsigned one", line=1, col=1))
    states, actions = [], []
    for state, action, problem in _steps(record, str(path), verify):
        if problem is not None and not (problem.code == "G008" and any(
                p.code == "G008" for p in problems)):  # the first mismatch says it all
            problems.append(problem)
        if state is not None:
            states.append(state)
        if action is not None:
            actions.append(action)
    final = states[-1] if states else None
    if verify and final is not None and is_over(final) and not record.ended and not any(
            p.code in ("G007", "G008") for p in problems):
        problems.append(Problem(str(path), "end", "G012", "the game is over but the record "
                                "has no end checkpoint: lines were removed from its end",
                                line=len(record.action_lines) + 1, col=1))
    return Replay(tuple(states), tuple(actions), tuple(problems), record.ended)


def _steps(record: Record, name: str, verify: bool
           ) -> Iterator[tuple[GameState | None, Action | None, Problem | None]]:
    header = record.header
    try:
        scenario = scenario_of(header)
    except ScenarioError as err:
        yield None, None, Problem(name, "header", "G005",
                                  f"cannot load scenario `{clip(header.scenario, 80)}`: "
                                  f"{err.problems[0].message if err.problems else err}",
                                  line=1, col=1)
        return
    changed = scenario.content_hash != header.scenario_hash
    if changed:
        yield None, None, Problem(name, "header", "G006",
                                  f"scenario `{header.scenario}` has changed since this game "
                                  "was recorded (its content hash differs)",
                                  hint="replay with the scenario version it was played on",
                                  line=1, col=1)
    state = new_game(scenario, header.seed)
    action: Action | None = None
    for number in range(len(record.actions) + 1):
        if number:
            try:
                action = Action.parse(record.actions[number - 1])
                state = apply(state, action)
            except (ActionSyntaxError, IllegalAction) as err:
                yield None, None, Problem(
                    name, f"action {number}", "G007", clip(str(err)),
                    hint="the scenario has changed since" if changed else
                    "the record was edited or comes from another version",
                    line=record.action_lines[number - 1], col=1)
                return
        check = _check(record, state, name, verify, changed)
        card = record.injects.get(number)
        if card is not None:
            try:
                state = inject(state, card)
            except IllegalAction as err:
                yield state, action, check
                yield None, None, Problem(
                    name, f"inject after action {number}", "G007", clip(str(err)),
                    hint="the record was edited or comes from another version",
                    line=record.inject_lines[number], col=1)
                return
        yield state, action, check
    if verify and record.ended and not is_over(state):
        yield None, None, Problem(name, "end", "G012", "the record's end checkpoint comes "
                                  "before the game is over", line=1, col=1)


def _check(record: Record, state: GameState, name: str, verify: bool,
           changed: bool) -> Problem | None:
    expected = record.checks.get(state.seq)
    if verify and expected is not None and expected != state.digest():
        return Problem(name, f"action {state.seq}", "G008",
                       f"state hash after action {state.seq} is {state.digest()}, "
                       f"the record says {expected}",
                       hint="the scenario has changed since" if changed else
                       "the record was altered, or the game was played by another version",
                       line=record.check_lines.get(state.seq, 0), col=1)
    return None


def write_record(path: Path, header: Header, states: Sequence[GameState],
                 actions: Sequence[Action]) -> None:
    """Write a clean record of `actions` to `path` in one atomic replace.

    `states` are the state before each action, then the last (as `Replay.states`): an
    inject is written where they first hold it, so injects survive a rewrite."""
    tmp = path.with_name(path.name + ".tmp")
    try:
        tmp.unlink(missing_ok=True)
        state = new_game(states[0].scenario, states[0].seed)
        with RecordWriter(tmp, header, state) as writer:
            for action, after in zip((None, *actions), states, strict=False):
                if action is not None:
                    state = apply(state, action)
                    writer.append(action, state)
                for round_no, card in sorted(after.injects.items()):
                    if round_no not in state.injects:
                        state = inject(state, card)
                        writer.inject(card, state)
            writer.sync()
        os.replace(tmp, path)
    except OSError:
        with contextlib.suppress(OSError):  # what was saved before stays as it was
            tmp.unlink(missing_ok=True)
        raise
