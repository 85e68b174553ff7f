"""The game state: one frozen value holding everything about a game in progress.

Its fields are declared once, on `Draft`, the engine's mutable scratch copy while it
applies one action; `GameState` is the same fields frozen. Every map inside a state is
a `FrozenDict` and every sequence a tuple, so a state, and every view of it, is
immutable all the way down.
"""

from __future__ import annotations

import enum
import functools
import hashlib
import json
import operator
from collections.abc import Mapping
from typing import Any

import attrs

from game.rules.enums import LogKind, Phase, Result, Stance
from game.rules.frozen import FrozenDict, freeze, frozen_map
from game.rules.model import Objective, RedLine, Scenario

_EMPTY: FrozenDict[Any, Any] = FrozenDict()


@attrs.frozen
class Position:
    """A seat's declared position on the tabled measure (public)."""

    stance: Stance
    ambition: int = 0  # reserve: the ambition it would join at; support: the one it waited for
    reason: str = ""  # object: a norm code, `red-line` or `burden`
    clause: str = ""  # reserve: the safeguard clause it asks for


@attrs.frozen
class Tabling:
    """The measure on the table in this round."""

    measure: str
    sponsor: str
    ambition: int
    amendments: int = 0
    compromise: bool = False
    positions: Mapping[str, Position] = attrs.field(default=_EMPTY, converter=frozen_map)
    clauses: frozenset[str] = frozenset()  # the safeguard clauses the text carries
    pressed: bool = False  # pressed under ASEAN minus X: the objectors are asked to consent
    consented: frozenset[str] = frozenset()  # objectors who consented to stand aside

    def met(self, p: Position) -> bool:
        """Whether the text now meets a reservation: its ambition and its clause."""
        return self.ambition <= p.ambition and (not p.clause or p.clause in self.clauses)

    def blocking(self) -> list[str]:
        """Seats whose position would block adoption of the text as it stands."""
        return [seat for seat, p in self.positions.items()
                if p.stance is Stance.OBJECT or (p.stance is Stance.RESERVE and not self.met(p))]


@attrs.frozen
class Sounding:
    """What a private consultation revealed about a seat, as it stood then."""

    round: int
    sensitivity: Mapping[str, float] = attrs.field(converter=frozen_map)
    red_lines: tuple[RedLine, ...]
    prices: tuple[Objective, ...] = ()  # the safeguard clauses it would ask for its support


@attrs.frozen
class Offer:
    """A private, non-binding offer made in consultation, waiting for its answer.

    With terms (a top `ambition` or a `clause`), `offerer` says its item at this
    meeting will meet them if `target` supports it; without, each would support the
    other's item at this meeting."""

    offerer: str
    target: str
    ambition: int = 0
    clause: str = ""


@attrs.frozen
class Pledge:
    """One seat's word to another at this meeting, from an accepted offer; only the two
    of them know it, and nothing but trust enforces it ("agreements enforced by the
    strength of interpersonal relationships" [S1]).

    With terms, `by`'s own item will be at ambition `ambition` or lower and carry
    `clause`; without, `by` will support `to`'s item whenever its text meets the terms
    `to` pledged to `by`."""

    by: str
    to: str
    ambition: int = 0
    clause: str = ""

    @property
    def terms(self) -> bool:
        return bool(self.ambition or self.clause)

    def met(self, tab: Tabling) -> bool:
        """Whether a text meets these terms."""
        return ((not self.ambition or tab.ambition <= self.ambition)
                and (not self.clause or self.clause in tab.clauses))


@attrs.frozen
class Entry:
    """One line of the game log, as facts; `game.rules.log.render` words it.

    `seats` are the members concerned, the one who acted first; `seen_by` empty means
    public, else only those seats see it."""

    seq: int
    round: int
    phase: Phase
    kind: LogKind
    seats: tuple[str, ...] = ()
    seen_by: tuple[str, ...] = ()
    measure: str = ""
    ambition: int = 0
    reason: str = ""  # an objection's reason
    card: str = ""  # an event card
    clauses: tuple[str, ...] = ()  # the clause asked or added; an adopted text's clauses
    note: str = ""  # an objection's concern: the red line's own words

    def visible_to(self, seat: str) -> bool:
        return not self.seen_by or seat in self.seen_by


@attrs.frozen
class Outcome:
    """How a round's tabling ended, for scoring, statistics and the debrief."""

    round: int
    measure: str
    sponsor: str
    ambition: int
    result: Result
    objectors: tuple[str, ...] = ()
    supporters: tuple[str, ...] = ()
    clauses: tuple[str, ...] = ()


@attrs.define(eq=False, slots=False)
class Draft:
    """The fields of a game state, declared once.

    As a `Draft` they are the engine's scratch copy while it applies one action: the
    effects rebind fields (never mutating a map or tuple, which are shared with the
    state the draft was made from) and `freeze` builds the next `GameState` once.

    `of` and `freeze` copy the fields wholesale, a dict copy instead of an `__init__`
    per action (the fields have no converters or validators to run): so both classes
    keep their fields in a `__dict__`, not slots."""

    scenario: Scenario = attrs.field(eq=False, repr=False)
    seed: int
    chair: str
    face: Mapping[str, float]
    trust: Mapping[str, Mapping[str, float]]
    capability: Mapping[str, float]
    adopted: Mapping[str, int]
    adopted_clauses: Mapping[str, tuple[str, ...]] = _EMPTY  # the clauses adopted texts carry
    phase: Phase = Phase.BRIEFING
    round: int = 0
    queue: tuple[str, ...] = ()
    event: str = ""
    answer: str = ""  # the answer to the event card's choice: "", "accept" or "decline"
    injects: Mapping[int, str] = _EMPTY  # round -> the event card the facilitator chose
    opted_out: Mapping[str, tuple[str, ...]] = _EMPTY
    deferred: Mapping[str, int] = _EMPTY
    norm_adopters: frozenset[str] = frozenset()
    norm_shift: Mapping[str, Mapping[str, float]] = _EMPTY  # seat -> norm -> persuasion's shift
    norm_held: int = 0  # meetings in a row closed with the internalization share held
    tabled: Tabling | None = None  # the item under deliberation
    pending: tuple[Tabling, ...] = ()  # items tabled at this meeting, waiting their turn
    consulted: frozenset[tuple[str, str]] = frozenset()
    informals: int = 0  # extra informal consultations the chair called at this meeting
    soundings: Mapping[str, Mapping[str, Sounding]] = _EMPTY
    offer: Offer | None = None  # an offer waiting for its target's answer
    pledges: tuple[Pledge, ...] = ()  # the promises standing at this meeting
    outcomes: tuple[Outcome, ...] = ()
    log: tuple[Entry, ...] = ()
    seq: int = 0

    @classmethod
    def of(cls, state: GameState) -> Draft:
        draft = object.__new__(cls)
        draft.__dict__.update(state.__dict__)
        return draft

    def freeze(self) -> GameState:
        state = object.__new__(GameState)
        state.__dict__.update(self.__dict__)
        return state


@attrs.frozen(slots=False)
class GameState(Draft):
    """Everything about a game in progress; changing it means making a new one."""

    @property
    def to_move(self) -> str | None:
        """The seat whose move it is, or None when the game is over."""
        return self.queue[0] if self.queue else None

    def replace(self, **changes: Any) -> GameState:
        """A copy with `changes` (maps are frozen on the way in)."""
        values = dict(zip(_NAMES, _fields(self), strict=True))
        values.update({k: freeze(v) if isinstance(v, dict) else v for k, v in changes.items()})
        return GameState(**values)

    def to_json(self) -> dict[str, Any]:
        """A canonical, JSON-ready form of the state: every field as data (the
        scenario by id and content hash)."""
        return {name: [self.scenario.id, self.scenario.content_hash] if name == "scenario"
                else canonical(value)
                for name, value in zip(_NAMES, _fields(self), strict=True)
                if value or name != "injects"}  # a game without injects hashes as before

    def digest(self) -> str:
        """A short hash of the whole state as data (never prose), written at the
        checkpoints of a game record."""
        text = json.dumps(self.to_json(), sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(text.encode()).hexdigest()[:16]


def canonical(value: Any) -> Any:
    """`value` as plain JSON data: attrs values as lists of their fields, maps with
    string keys, sets sorted, enums as their words."""
    kind = type(value)
    if kind in _PLAIN:
        return value
    if isinstance(value, enum.Enum):
        return value.value
    if kind is Entry or kind is Outcome:
        return _canonical_record(value)
    names = _ATTRS_NAMES.get(kind)
    if names is None:
        names = _ATTRS_NAMES[kind] = (tuple(a.name for a in attrs.fields(kind))
                                      if attrs.has(kind) else ())
    if names:
        return [canonical(getattr(value, name)) for name in names]
    if isinstance(value, Mapping):
        return {str(k): canonical(v) for k, v in value.items()}
    if isinstance(value, frozenset | set):
        return sorted((canonical(v) for v in value), key=json.dumps)
    return [canonical(v) for v in value]


_PLAIN = frozenset({str, int, float, bool, type(None)})
_ATTRS_NAMES: dict[type, tuple[str, ...]] = {}  # each class's field names, or () if none


@functools.lru_cache(maxsize=1 << 16)
def _canonical_record(value: Entry | Outcome) -> tuple[Any, ...]:
    """Log entries and outcomes, the bulk of a long game's state, are worked out once:
    they never change, and every later state shares them."""
    return tuple(canonical(getattr(value, a.name)) for a in attrs.fields(type(value)))


_NAMES = tuple(a.name for a in attrs.fields(Draft))
_fields = operator.attrgetter(*_NAMES)
