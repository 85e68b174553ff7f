"""A game being played in the TUI, with no UI in it: plain Python the tests drive.

A `Session` holds the current `GameState`, who holds each seat (a human or a bot
kind), the bots, and the record writer. Every applied action goes to the record at
once, so quitting at any moment loses nothing and `resume` rebuilds the game exactly.
All rules stay in the engine: the session only calls `legal_actions`, `apply`, `view`.

Saving never interrupts play: when the record cannot be written (a full or read-only
disk, a file-size limit, a folder where the record should be), the move stays in
memory, `save_problem` says what failed and where, and the next move or `save()`
writes the whole record again (atomically, so what was saved stays intact). While a
session plays a record it holds that record's lock (`tui.storage.GameLock`), so a
second window cannot write the same game.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from game import (
    Action,
    GameState,
    Scenario,
    View,
    apply,
    is_over,
    legal_actions,
    new_game,
    view,
)
from game.bots import DEFAULT, KINDS, Bot, BotError, make_bot, parse_spec
from game.play.record import Header, RecordWriter, header_for, read_record, replay, write_record
from game.play.redecide import HUMAN as HUMAN
from game.play.redecide import redecide
from tui import advised, storage


class SessionError(ValueError):
    """A game that cannot start or resume; the message names the problem and the fix."""


class BotFailure(RuntimeError):
    """A computer player raised or answered with an action the rules do not allow."""


def seat_plan(scenario: Scenario, humans: Sequence[str], bots: str) -> dict[str, str]:
    """Seat -> `human` or a bot kind, checking the seats and the `--bots` spec."""
    unknown = [s for s in humans if s not in scenario.members]
    if unknown:
        raise SessionError(f"`{unknown[0]}` is not seated in {scenario.id}; "
                           f"seats: {', '.join(scenario.seats)}")
    try:
        kinds = parse_spec(bots, scenario.seats, KINDS, DEFAULT)
    except BotError as err:
        raise SessionError(str(err)) from None
    return {s: HUMAN if s in humans else kinds[s] for s in scenario.seats}


class Session:
    """One game in play: its state, its seats, its bots and its record."""

    def __init__(self, state: GameState, seats: Mapping[str, str], path: Path,
                 header: Header, actions: Iterable[Action] = (),
                 lock: storage.GameLock | None = None, save_problem: str | None = None,
                 advice: Mapping[str, int] | None = None) -> None:
        self.state = state
        self.seats = dict(seats)
        self.path = path
        self.header = header
        self.actions: list[Action] = list(actions)
        self.bots: dict[str, Bot] = {s: make_bot(k, s, state.seed)
                                     for s, k in self.seats.items() if k != HUMAN}
        self._lock = lock if lock is not None else _lock(path)[0]
        self.save_problem: str | None = save_problem
        """Why the record is behind the game (None while every move is saved)."""
        self._writer: RecordWriter | None = None
        self._closed = False
        self.advice: dict[str, int] = dict(advice or {})
        """Seat -> times it asked the advisor (kept beside the record: `tui.advised`)."""
        if save_problem is None:
            self._open_writer()

    @classmethod
    def start(cls, scenario: Scenario, seed: int, seats: Mapping[str, str], path: Path,
              source: str | Path = "") -> Session:
        """A new game recorded to `path` (a game already there moves to the archive).

        `SessionError` if another window is playing the game in `path`; a record that
        cannot be written leaves the game playable, with `save_problem` saying why.
        """
        lock, problem = _lock(path)
        state = new_game(scenario, seed)
        header = header_for(scenario, seed, seats, source)
        if problem is None:
            try:
                advised.follow(path, storage.archive(path))
            except OSError as err:  # starting would overwrite it: refuse instead
                lock.release()
                raise SessionError(storage.problem("keep the last game (in the archive) from",
                                                   path, err)) from None
            try:
                path.unlink(missing_ok=True)  # what is not a record (a folder) stays
            except OSError as err:
                problem = storage.problem("replace the last game", path, err)
        return cls(state, seats, path, header, lock=lock, save_problem=problem)

    @classmethod
    def resume(cls, record: Path, path: Path) -> tuple[Session, list[str]]:
        """Rebuild the game in `record` and go on recording it to `path`.

        Returns the session and the problems met (a truncated last line, a scenario
        that changed since); the game resumes as far as the record stays playable.
        """
        lock, problem = _lock(path)
        header_record, _ = read_record(record)
        result = replay(record)
        notes = [str(p) for p in result.problems]
        advice, trouble = advised.read(record)
        notes += [trouble] if trouble else []
        final = result.final
        if header_record is None or final is None:
            lock.release()
            raise SessionError("cannot resume: " + ("; ".join(notes)
                                                    or f"{storage.show_path(record)} is empty"))
        header = header_for(final.scenario, final.seed, header_record.header.seats,
                            header_record.header.source)
        if problem is None and (notes or not _same_file(record, path)):
            try:
                if not _same_file(record, path):
                    advised.follow(path, storage.archive(path))
                write_record(path, header, result.states, result.actions)
            except OSError as err:
                problem = storage.problem("save the game to", path, err)
        if problem is None and not _same_file(record, path):
            try:  # the counts go with the game; if they cannot, the game still does
                advised.write(path, advice)
            except storage.StorageError as err:
                notes.append(str(err))
        seats = {s: header.seats.get(s, DEFAULT) for s in final.scenario.seats}
        seats = {s: k if k == HUMAN or k in KINDS else DEFAULT for s, k in seats.items()}
        return cls(final, seats, path, header, result.actions, lock=lock,
                   save_problem=problem, advice=advice), notes

    @property
    def scenario(self) -> Scenario:
        return self.state.scenario

    @property
    def humans(self) -> tuple[str, ...]:
        return tuple(s for s in self.scenario.seats if self.seats[s] == HUMAN)

    @property
    def to_move(self) -> str | None:
        return self.state.to_move

    @property
    def over(self) -> bool:
        return is_over(self.state)

    def human_to_move(self) -> bool:
        return self.to_move is not None and self.seats[self.to_move] == HUMAN

    def view(self, seat: str) -> View:
        return view(self.state, seat)

    def legal(self, seat: str) -> list[Action]:
        return legal_actions(self.state, seat)

    def act(self, action: Action) -> GameState:
        """Apply `action` and append it to the record; `IllegalAction` leaves all as it was.

        A record that cannot be written never stops the move: it stays in memory and
        `save_problem` says why (see `save`)."""
        state = apply(self.state, action)
        self.state = state
        self.actions.append(action)
        if self._closed:  # a late move after the window left the game: never written
            return state
        if self._writer is None:
            self.save()
            return state
        try:
            self._writer.append(action, state)
        except OSError as err:
            self._drop_writer()
            self.save_problem = storage.problem("save the game to", self.path, err)
        return state

    @property
    def saved(self) -> bool:
        return self.save_problem is None

    def save(self) -> bool:
        """Write the whole record again from memory (after a failure); True if it is now
        saved. A game open in another window is never written, nor a closed one."""
        if self._writer is not None:
            return True
        if self._closed:
            return False
        if not self._lock.held:
            try:
                lock, problem = _lock(self.path)
            except SessionError as err:
                problem = str(err)
            if problem is not None:
                self.save_problem = problem
                return False
            self._lock = lock
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            write_record(self.path, self.header, self._states(), self.actions)
        except OSError as err:
            self.save_problem = storage.problem("save the game to", self.path, err)
            return False
        self.save_problem = None
        self._open_writer()
        return self.save_problem is None

    def write_copy(self, target: Path) -> None:
        """Write this game's whole record to `target` (save as), from memory; the
        current record stays as it is, and the advisor's counts go beside the copy.
        `OSError` or `StorageError` if it cannot be written."""
        target.parent.mkdir(parents=True, exist_ok=True)
        write_record(target, self.header, self._states(), self.actions)
        advised.write(target, self.advice)

    def _states(self) -> list[GameState]:
        states = [new_game(self.scenario, self.state.seed)]
        for action in self.actions:
            states.append(apply(states[-1], action))
        return states

    def _open_writer(self) -> None:
        try:
            self._writer = RecordWriter(self.path, self.header, self.state)
        except OSError as err:
            self._writer = None
            self.save_problem = storage.problem("save the game to", self.path, err)

    def _drop_writer(self) -> None:
        writer, self._writer = self._writer, None
        if writer is not None:
            with contextlib.suppress(OSError):  # what it could not flush, `save` rewrites
                writer.close()

    def note_advice(self, seat: str) -> str | None:
        """Count one more ask of the advisor by `seat` and keep the counts beside the
        record; why they could not be kept, or None."""
        self.advice[seat] = self.advice.get(seat, 0) + 1
        if self._closed:
            return None  # a late ask after the window left the game: never written
        try:
            advised.write(self.path, self.advice)
        except storage.StorageError as err:
            return str(err)
        return None

    def decide(self, state: GameState) -> Action:
        """What the bot to move in `state` would do (safe to call from a worker thread)."""
        seat = state.to_move
        if seat is None or seat not in self.bots:
            raise BotFailure(f"no computer player is to move (to move: {seat})")
        bot = self.bots[seat]
        legal = legal_actions(state, seat)
        try:
            action = bot.decide(view(state, seat), legal)
        except Exception as err:
            raise BotFailure(f"the {bot.kind} bot for {seat} failed: "
                             f"{type(err).__name__}: {err}") from err
        if action not in legal:
            raise BotFailure(f"the {bot.kind} bot for {seat} chose `{action}`, "
                             "which the rules do not allow now")
        return action

    def replace(self, seat: str, kind: str) -> None:
        """Hand `seat` to another bot kind, or to a human (`human`)."""
        if kind != HUMAN and kind not in KINDS:
            raise SessionError(f"unknown bot kind `{kind}`; kinds: {', '.join(KINDS)}")
        self.seats[seat] = kind
        self.bots.pop(seat, None)
        if kind != HUMAN:
            self.bots[seat] = make_bot(kind, seat, self.state.seed)

    def fast_forward(self, until_round: int) -> int:
        """Bots play every seat until round `until_round` opens; returns actions played.

        Human seats are played by the default bot meanwhile (playtesting from round N).
        """
        stand_ins = {s: make_bot(DEFAULT, s, self.state.seed) for s in self.humans}
        played = 0
        while not self.over and self.state.round < until_round:
            seat = self.to_move
            assert seat is not None
            bot = self.bots.get(seat) or stand_ins[seat]
            self.act(bot.decide(self.view(seat), self.legal(seat)))
            played += 1
        return played

    def reload(self, scenario: Scenario, source: str | Path = "") -> tuple[Session, str]:
        """The same game on an edited scenario: the humans' moves kept while they stay
        legal, the computer players deciding again (`game.play.redecide`).

        Returns the new session (recording afresh to the same path) and a sentence
        saying how far it went and which computer players' moves changed.
        """
        result = redecide(scenario, self.state.seed, self.seats, self.actions)
        fresh = self._restart(result.states, result.actions, source)
        return fresh, result.summary(len(self.actions))

    def rewind(self, to_round: int) -> Session:
        """The same game taken back to the moment round `to_round` opened (the first
        round: its start), recording afresh to the same path."""
        states = self._states()
        keep = next((i for i, s in enumerate(states) if s.round >= to_round), len(states) - 1)
        return self._restart(states[:keep + 1], self.actions[:keep], self.header.source)

    def _restart(self, states: Sequence[GameState], actions: Sequence[Action],
                 source: str | Path) -> Session:
        """A new session holding `actions` (whose states are `states`), written to this
        one's record, which it takes over with its lock."""
        self._drop_writer()
        state = states[-1]
        header = header_for(state.scenario, state.seed, self.seats, source)
        problem = self.save_problem if not self._lock.held else None
        if problem is None:
            try:
                write_record(self.path, header, states, actions)
            except OSError as err:
                problem = storage.problem("save the game to", self.path, err)
        lock, self._lock = self._lock, storage.GameLock(self.path)
        return Session(state, self.seats, self.path, header, actions, lock=lock,
                       save_problem=problem, advice=self.advice)

    def close(self) -> None:
        """Stop recording and let other windows open the game (safe to call twice)."""
        self._closed = True
        self._drop_writer()
        self._lock.release()


def _lock(path: Path) -> tuple[storage.GameLock, str | None]:
    """The lock on the game in `path`: `SessionError` if another window holds it; a
    lock that cannot be made at all (a read-only folder) comes back unheld, with why."""
    lock = storage.GameLock(path)
    try:
        lock.acquire()
    except storage.GameInUse as err:
        raise SessionError(str(err)) from None
    except storage.StorageError as err:
        return lock, str(err)
    return lock, None


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except (OSError, RuntimeError):
        return False

