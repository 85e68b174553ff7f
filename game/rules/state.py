"""The game state: one frozen value holding everything about a game in progress.

Maps inside the state are plain dicts that are never mutated after construction:
changing the state always builds new maps and a new `GameState` (`attrs.evolve`).
"""

from __future__ import annotations

import hashlib
import json
import operator
from collections.abc import Callable, Mapping
from typing import Any

import attrs

from game.rules.model import RedLine, Scenario


@attrs.frozen
class Position:
    """A seat's declared position on the tabled measure (public)."""

    stance: str  # support | reserve | object
    ambition: int = 0  # reserve: the ambition it would join at; support: the one it waited for
    reason: str = ""  # object: a norm code, `red-line` or `burden`


@attrs.frozen
class Tabling:
    """The measure on the table in this round."""

    measure: str
    sponsor: str
    ambition: int
    amendments: int = 0
    compromise: bool = False
    positions: Mapping[str, Position] = attrs.field(factory=dict)

    def blocking(self) -> list[str]:
        """Seats whose position would block adoption at the current ambition."""
        return [seat for seat, p in self.positions.items()
                if p.stance == "object" or (p.stance == "reserve" and p.ambition < self.ambition)]


@attrs.frozen
class Sounding:
    """What a private consultation revealed about a seat, as it stood then."""

    round: int
    sensitivity: Mapping[str, float]
    red_lines: tuple[Any, ...]


@attrs.frozen
class Entry:
    """One line of the game log. `seen_by` empty = public; else only those seats."""

    seq: int
    round: int
    phase: str
    text: str
    kind: str = "note"
    seats: tuple[str, ...] = ()
    seen_by: tuple[str, ...] = ()
    detail: str = ""  # e.g. an objection's reason

    def visible_to(self, seat: str) -> bool:
        return not self.seen_by or seat in self.seen_by


@attrs.frozen
class Outcome:
    """How a round's tabling ended, for scoring, statistics and the debrief."""

    round: int
    measure: str
    sponsor: str
    ambition: int
    result: str  # adopted | adopted-minus-x | withdrawn | deferred | failed | none
    objectors: tuple[str, ...] = ()
    supporters: tuple[str, ...] = ()


@attrs.frozen
class GameState:
    scenario: Scenario = attrs.field(eq=False, repr=False)
    seed: int
    phase: str
    round: int
    chair: str
    queue: tuple[str, ...]
    event: str
    face: Mapping[str, float]
    trust: Mapping[str, Mapping[str, float]]
    capability: Mapping[str, float]
    adopted: Mapping[str, int]
    opted_out: Mapping[str, tuple[str, ...]]
    deferred: Mapping[str, int]
    norm_adopters: frozenset[str]
    tabled: Tabling | None
    consulted: frozenset[tuple[str, str]]
    soundings: Mapping[str, Mapping[str, Sounding]]
    outcomes: tuple[Outcome, ...]
    log: tuple[Entry, ...]
    seq: int = 0

    @property
    def to_move(self) -> str | None:
        """The seat whose move it is, or None when the game is over."""
        return self.queue[0] if self.queue else None

    def replace(self, **changes: Any) -> GameState:
        """A copy with `changes`: `attrs.evolve` without its per-call overhead, since the
        engine builds several states per action."""
        values = dict(zip(_STATE_FIELDS, _get_fields(self), strict=True))
        values.update(changes)
        return GameState(**values)

    def to_json(self) -> dict[str, Any]:
        """A canonical, JSON-ready form of everything but the (hashed) scenario."""
        data = attrs.asdict(self, filter=lambda a, _: a.name != "scenario",
                            value_serializer=_serialize)
        data["scenario"] = {"id": self.scenario.id, "hash": self.scenario.content_hash}
        return data

    def digest(self) -> str:
        """A short hash of the whole state, written at checkpoints of a game record.

        It hashes everything `to_json` holds in a compact canonical form: one JSON array
        of the fields in declaration order, with each attrs value an array of its fields,
        maps with sorted keys, sets sorted and floats exact (no rounding needed: the
        same game always computes the same floats)."""
        tab = self.tabled
        data = [
            self.scenario.id, self.scenario.content_hash, self.seed, self.phase,
            self.round, self.chair, self.queue, self.event, self.face, self.trust,
            self.capability, self.adopted, self.opted_out, self.deferred,
            sorted(self.norm_adopters),
            None if tab is None else [
                tab.measure, tab.sponsor, tab.ambition, tab.amendments, tab.compromise,
                {s: _position_fields(p) for s, p in tab.positions.items()}],
            sorted(self.consulted),
            {who: {about: [sounding.round, sounding.sensitivity,
                           list(map(_red_line_fields, sounding.red_lines))]
                   for about, sounding in known.items()}
             for who, known in self.soundings.items()},
            list(map(_outcome_fields, self.outcomes)), list(map(_entry_fields, self.log)),
            self.seq]
        text = json.dumps(data, sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(text.encode()).hexdigest()[:16]


class Draft:
    """The engine's scratch copy of a state while it applies one action.

    An action touches several fields (the log, face, trust, the queue, the phase...);
    the effects rebind them on a draft and `freeze` builds the next `GameState` once.
    A draft never mutates a map or tuple it holds (they are shared with the state it
    was made from): changing one means binding a new one, as with `GameState.replace`.
    """

    scenario: Scenario
    seed: int
    phase: str
    round: int
    chair: str
    queue: tuple[str, ...]
    event: str
    face: Mapping[str, float]
    trust: Mapping[str, Mapping[str, float]]
    capability: Mapping[str, float]
    adopted: Mapping[str, int]
    opted_out: Mapping[str, tuple[str, ...]]
    deferred: Mapping[str, int]
    norm_adopters: frozenset[str]
    tabled: Tabling | None
    consulted: frozenset[tuple[str, str]]
    soundings: Mapping[str, Mapping[str, Sounding]]
    outcomes: tuple[Outcome, ...]
    log: tuple[Entry, ...]
    seq: int

    def __init__(self, state: GameState) -> None:
        self.__dict__.update(zip(_STATE_FIELDS, _get_fields(state), strict=True))

    def freeze(self) -> GameState:
        return GameState(*_get_fields(self))


def _serialize(_inst: Any, _field: Any, value: Any) -> Any:
    if isinstance(value, frozenset | set):
        return sorted(list(v) if isinstance(v, tuple) else v for v in value)
    if isinstance(value, float):
        return round(value, 6)
    return value


def _getter(cls: type) -> Callable[[Any], tuple[Any, ...]]:
    """A function giving the fields of a value of attrs class `cls`, as a tuple."""
    names = [a.name for a in attrs.fields(cls)]
    assert len(names) > 1  # so that `attrgetter` gives a tuple
    return operator.attrgetter(*names)


_red_line_fields = _getter(RedLine)
_position_fields = _getter(Position)
_outcome_fields = _getter(Outcome)
_entry_fields = _getter(Entry)


_STATE_FIELDS = tuple(a.name for a in attrs.fields(GameState))
_get_fields = operator.attrgetter(*_STATE_FIELDS)
assert set(Draft.__annotations__) == set(_STATE_FIELDS), "a Draft mirrors a GameState"
assert len(_STATE_FIELDS) == 20, "a new GameState field must go into GameState.digest too"
