"""Game records: an append-only log that rebuilds and verifies a game.

A record is JSON Lines. The first line is the header (format, scenario id, path and
content hash, seed, who holds each seat); then one line per action with its sequence
number and canonical text, and now and then a checkpoint with the state's hash:

    {"mufakat": "record", "format": 1, "scenario": "2011-apcn", ...}
    {"seq": 1, "action": "indonesia convene"}
    {"seq": 25, "hash": "3f9a0c..."}

Whole lines are appended and flushed one at a time, so several processes can later
share one game and a crash loses at most the line being written. Reading never
raises on a bad file: every defect comes back as a problem naming the line.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import IO, Any

import attrs

from game.rules.actions import Action, ActionSyntaxError, IllegalAction
from game.rules.engine import apply, is_over, new_game
from game.rules.model import Scenario
from game.rules.state import GameState
from game.scenario.loader import BUNDLE_DIR, ScenarioError, load_scenario
from game.scenario.schema import Problem

FORMAT = 1
MAX_BYTES = 50_000_000


@attrs.frozen
class Header:
    scenario: str
    scenario_hash: str
    seed: int
    seats: Mapping[str, str]  # seat -> "human" or a bot kind
    source: str = ""  # path of a scenario file that is not bundled
    format: int = FORMAT

    def to_json(self) -> dict[str, Any]:
        return {"mufakat": "record", "format": self.format, "scenario": self.scenario,
                "source": self.source, "scenario_hash": self.scenario_hash,
                "seed": self.seed, "seats": dict(self.seats)}


@attrs.frozen
class Record:
    header: Header
    actions: tuple[str, ...]
    checks: Mapping[int, str]
    action_lines: tuple[int, ...] = ()  # the file line of each action, for problems
    check_lines: Mapping[int, int] = attrs.field(factory=dict)  # seq -> file line


def header_for(scenario: Scenario, seed: int, seats: Mapping[str, str],
               source: str | Path = "") -> Header:
    path = Path(source) if source else None
    bundled = path is None or path.resolve().parent == BUNDLE_DIR.resolve()
    return Header(scenario.id, scenario.content_hash, seed, dict(seats),
                  "" if bundled else str(path.resolve() if path else ""))


class RecordWriter:
    """Appends a game to its record as it is played."""

    def __init__(self, path: str | Path, header: Header, state: GameState) -> None:
        self.path = Path(path)
        self.every = state.scenario.rules.checkpoint_every
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._file: IO[str] = self.path.open("a", encoding="utf-8")
        if self.path.stat().st_size == 0:
            self._write(header.to_json())
            self._write({"seq": state.seq, "hash": state.digest()})

    def _write(self, data: Mapping[str, Any]) -> None:
        self._file.write(json.dumps(data, separators=(",", ":")) + "\n")
        self._file.flush()

    def append(self, action: Action, state: GameState) -> None:
        """Log `action`, after which the game is in `state`."""
        self._write({"seq": state.seq, "action": str(action)})
        if state.seq % self.every == 0 or is_over(state):
            self._write({"seq": state.seq, "hash": state.digest()})

    def sync(self) -> None:
        os.fsync(self._file.fileno())

    def close(self) -> None:
        self._file.close()

    def __enter__(self) -> RecordWriter:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


def read_record(path: str | Path) -> tuple[Record | None, list[Problem]]:
    """Read a record; problems name the line and what is wrong with it."""
    name = str(path)
    problems: list[Problem] = []

    def bad(line: int, code: str, message: str, hint: str = "") -> None:
        problems.append(Problem(name, f"line {line}" if line else "", code, message,
                                hint=hint, line=line, col=1 if line else 0))

    try:
        raw = Path(path).read_bytes()
    except OSError as err:
        bad(0, "G000", f"cannot read the record: {err.strerror}", "check the path")
        return None, problems
    if len(raw) > MAX_BYTES:
        bad(0, "G000", f"record is {len(raw):,} bytes; the limit is {MAX_BYTES:,}")
        return None, problems
    text = raw.decode("utf-8", errors="replace")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    elif lines:
        bad(len(lines), "G001", "the last line is cut short (truncated record)",
            "the game can be replayed up to the line before")
        lines.pop()
    if not lines:
        bad(1, "G002", "empty record: no header line")
        return None, problems
    try:
        head = json.loads(lines[0])
        if not isinstance(head, dict) or head.get("mufakat") != "record":
            raise ValueError("not a Mufakat record header")
        if head.get("format") != FORMAT:
            raise ValueError(f"record format {head.get('format')} is not {FORMAT}")
        header = Header(str(head["scenario"]), str(head["scenario_hash"]), int(head["seed"]),
                        {str(k): str(v) for k, v in dict(head["seats"]).items()},
                        str(head.get("source", "")))
    except (ValueError, KeyError, TypeError, OverflowError, RecursionError) as err:
        bad(1, "G002", f"bad header: {err}", "the first line must be the record header")
        return None, problems
    actions: list[str] = []
    checks: dict[int, str] = {}
    action_lines: list[int] = []
    check_lines: dict[int, int] = {}
    for number, line in enumerate(lines[1:], start=2):
        try:
            data = json.loads(line)
            seq = int(data["seq"])
        except (ValueError, KeyError, TypeError, OverflowError, RecursionError):
            bad(number, "G003", "not a record line", "expected {\"seq\": N, \"action\": ...}")
            break
        if "action" in data:
            if seq != len(actions) + 1:
                bad(number, "G004", f"sequence number {seq}, expected {len(actions) + 1}",
                    "lines were lost, repeated or reordered")
                break
            actions.append(str(data["action"]))
            action_lines.append(number)
        elif "hash" in data:
            if seq != len(actions):
                bad(number, "G004", f"checkpoint for action {seq} after action {len(actions)}")
                break
            checks[seq] = str(data["hash"])
            check_lines[seq] = number
        else:
            bad(number, "G003", "a line with neither an action nor a hash")
            break
    return Record(header, tuple(actions), checks, tuple(action_lines), check_lines), problems


def scenario_of(header: Header) -> Scenario:
    return load_scenario(Path(header.source) if header.source else header.scenario)


@attrs.frozen
class Replay:
    states: tuple[GameState, ...]  # the state before each action, then the last state
    actions: tuple[Action, ...]
    problems: tuple[Problem, ...]

    @property
    def final(self) -> GameState | None:
        return self.states[-1] if self.states else None


def replay(path: str | Path, verify: bool = True) -> Replay:
    """Rebuild a recorded game, checking the scenario hash and every checkpoint."""
    record, problems = read_record(path)
    if record is None:
        return Replay((), (), tuple(problems))
    states, actions = [], []
    for state, action, problem in _steps(record, str(path), verify):
        if problem is not None:
            problems.append(problem)
        if state is not None:
            states.append(state)
        if action is not None:
            actions.append(action)
    return Replay(tuple(states), tuple(actions), tuple(problems))


def _steps(record: Record, name: str, verify: bool
           ) -> Iterator[tuple[GameState | None, Action | None, Problem | None]]:
    header = record.header
    try:
        scenario = scenario_of(header)
    except ScenarioError as err:
        yield None, None, Problem(name, "header", "G005",
                                  f"cannot load scenario `{header.scenario}`: "
                                  f"{err.problems[0].message if err.problems else err}")
        return
    if scenario.content_hash != header.scenario_hash:
        yield None, None, Problem(name, "header", "G006",
                                  f"scenario `{header.scenario}` has changed since this game "
                                  "was recorded (content hash differs)",
                                  "replay with the scenario version it was played on",
                                  line=1, col=1)
    state = new_game(scenario, header.seed)
    yield state, None, _check(record, state, name, verify)
    for number, text in enumerate(record.actions, start=1):
        try:
            action = Action.parse(text)
            state = apply(state, action)
        except (ActionSyntaxError, IllegalAction) as err:
            yield None, None, Problem(name, f"action {number}", "G007", str(err),
                                      "the record was edited or comes from another version",
                                      line=record.action_lines[number - 1], col=1)
            return
        yield state, action, _check(record, state, name, verify)


def _check(record: Record, state: GameState, name: str, verify: bool) -> Problem | None:
    expected = record.checks.get(state.seq)
    if verify and expected is not None and expected != state.digest():
        return Problem(name, f"action {state.seq}", "G008",
                       f"state hash after action {state.seq} is {state.digest()}, "
                       f"the record says {expected}", "the record was tampered with",
                       line=record.check_lines.get(state.seq, 0), col=1)
    return None
