"""The scenario's values: norms, members, measures, events, rules and the scenario itself.

Everything here is data read from `scenarios/` TOML: the engine keeps no number of its
own. All classes are frozen `attrs` values, so a scenario can be shared by every game
and every thread without copying.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import Any

import attrs

from game.rules.frozen import FrozenDict, frozen_map

NORMS: tuple[str, ...] = ("N1", "N2", "N3", "N4", "N5", "N6")
"""Haacke's six ASEAN-Way norms, by code ([S1]; see `scenarios/shared/rules.toml`)."""

STAGES: tuple[str, ...] = ("emergence", "cascade", "internalization")
"""The norm life cycle of Finnemore & Sikkink, in order ([S1])."""

Table = Mapping[str, float]


def _freeze_nested(tables: Mapping[str, Table]) -> FrozenDict[str, Table]:
    return FrozenDict((k, frozen_map(v)) for k, v in tables.items())


@attrs.frozen
class Objective:
    """One thing a seat is scored on.

    `kind` is one of: `adopt` (measure adopted at `min_ambition` or more; with `scale`
    the points grow with the ambition reached), `block` (measure not adopted above
    `max_ambition`), `face` (face at least `min`), `norm` (norm stage at least `stage`),
    `progress` (some measure of intrusiveness `min_intrusiveness` or more adopted),
    `clause` (measure not adopted, or adopted only with the safeguard `clause`: the
    price of a seat's support).
    A `public` objective is the seat's known role; the others are its hidden goals.
    """

    kind: str
    points: float
    measure: str = ""
    min_ambition: int = 1
    max_ambition: int = 0
    scale: bool = False
    min: float = 0.0
    stage: str = ""
    min_intrusiveness: int = 0
    clause: str = ""
    public: bool = False
    note: str = ""


@attrs.frozen
class RedLine:
    """What a seat can never accept: a norm strained above `max`, or a measure above
    `max_ambition` (0 = not at all)."""

    norm: str = ""
    max: float = 0.0
    measure: str = ""
    max_ambition: int = 0
    note: str = ""


@attrs.frozen
class Member:
    """A member state's profile. `capability`, `stance`, `face`, `joined` and `founder`
    are public; sensitivities, temperament, objectives and red lines are private."""

    id: str
    name: str
    joined: int
    founder: bool
    capability: float
    stance: str
    face: float
    cooperation: float
    sensitivity: Table = attrs.field(converter=frozen_map)
    flexibility: int
    assertive: bool
    opening: int
    trust: Table = attrs.field(converter=frozen_map)
    objectives: tuple[Objective, ...]
    red_lines: tuple[RedLine, ...]
    summary: str = ""
    sources: tuple[str, ...] = ()


@attrs.frozen
class PublicMember:
    """What everyone knows of a member state."""

    id: str
    name: str
    joined: int
    founder: bool
    stance: str
    summary: str
    objectives: tuple[Objective, ...]  # the public role only

    @classmethod
    def of(cls, member: Member) -> PublicMember:
        return cls(member.id, member.name, member.joined, member.founder, member.stance,
                   member.summary, tuple(o for o in member.objectives if o.public))


@attrs.frozen
class Measure:
    """A peacekeeping measure; `norms` is its strain on each norm at full ambition."""

    id: str
    name: str
    intrusiveness: int
    stage: str
    security: bool
    norms: Table = attrs.field(converter=frozen_map)
    value: float
    burden: float
    capacity: float
    requires: tuple[str, ...]
    levels: tuple[str, ...]
    summary: str = ""
    sources: tuple[str, ...] = ()
    clauses: tuple[str, ...] = ()  # the safeguard clauses that fit this measure
    chair_only: bool = False  # only the chair may table it (the chair's statement)
    memo: dict[Hashable, Any] = attrs.field(init=False, factory=dict, eq=False, repr=False)
    """The strain of each text of it worked out so far (`norms.strains`): every bot
    weighs the same few texts again at every move."""

    @property
    def max_ambition(self) -> int:
        return len(self.levels)


@attrs.frozen
class Clause:
    """A safeguard clause a text can carry ("the least-restrictive version prevails" is
    many-sided: the 2020 ASEAN-flag paper says the flag implies no alliance and that
    command stays national [S1][P21]). It removes the share `relief` of the strain on
    each norm it names, for everyone, and the share `cost` of the measure's value."""

    id: str
    name: str
    text: str
    relief: Table = attrs.field(converter=frozen_map)
    cost: float
    sources: tuple[str, ...] = ()


CHOOSERS: tuple[str, ...] = ("chair", "sponsor")
"""Who an event's choice may be put to besides a named seat: the chair of the year, or
the scenario's sponsor."""


@attrs.frozen
class Option:
    """One answer to an event's choice and what it costs or brings the seat that gives
    it: `face` and `capability` change at once, `trust` is every other seat's change
    of trust toward it, and `strain` and `boost` add to the card's own for the round."""

    text: str
    face: float = 0.0
    trust: float = 0.0
    capability: float = 0.0
    strain: Table = attrs.field(factory=FrozenDict, converter=frozen_map)
    boost: Table = attrs.field(factory=FrozenDict, converter=frozen_map)


@attrs.frozen
class Choice:
    """A decision an event card puts to one seat before the chair convenes: a named
    seat, `chair` or `sponsor` (`CHOOSERS`) answers `accept` or `decline`."""

    chooser: str
    question: str
    accept: Option
    decline: Option


def _with(base: Table, extra: Table) -> dict[str, float]:
    return {k: base.get(k, 0.0) + extra.get(k, 0.0) for k in (*base, *extra)}


@attrs.frozen
class Event:
    """An event card drawn at a round's briefing.

    `strain` shifts every measure's strain on a norm for the round; `boost` raises a
    measure's value for the round; `face` and `trust` change standing at once (trust
    applies toward the seat named, from every other seat). `min_round`,
    `requires_seats` and `requires_adopted` say when the card can be drawn.
    `stands_aside`: a seat that gives up the chair if it holds it when the card is
    drawn (the next in the Art. 31 rotation takes it). A `choice` is put to a seat
    first; `answered(True)` is the card as the round then plays it.
    """

    id: str
    name: str
    text: str
    strain: Table = attrs.field(converter=frozen_map)
    boost: Table = attrs.field(converter=frozen_map)
    face: Table = attrs.field(converter=frozen_map)
    trust: Table = attrs.field(converter=frozen_map)
    min_round: int = 1
    requires_seats: tuple[str, ...] = ()
    requires_adopted: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    stands_aside: str = ""
    choice: Choice | None = None
    _answers: tuple[Event, Event] | None = attrs.field(init=False, eq=False, repr=False)
    """The card once its choice is answered (declined, accepted), built once."""

    def __attrs_post_init__(self) -> None:
        c = self.choice
        answers = None if c is None else tuple(
            attrs.evolve(self, choice=None, strain=_with(self.strain, o.strain),
                         boost=_with(self.boost, o.boost)) for o in (c.decline, c.accept))
        object.__setattr__(self, "_answers", answers)

    def answered(self, accept: bool) -> Event:
        """The card as the round plays it once its choice is answered: the option's
        strain and boost added to the card's, and no choice left to put."""
        return self if self._answers is None else self._answers[accept]


@attrs.frozen
class Rules:
    """Every number the rules use ([S1], [P4]); a scenario may override any of them."""

    norm_names: Mapping[str, str] = attrs.field(converter=frozen_map)
    max_amendments: int
    chair_informals: int  # extra informal consultations the chair may call per meeting
    face_min: float
    face_max: float
    face_withdraw: float
    face_defer: float
    face_press_sponsor: float
    face_press_objector: float
    face_object_compromise: float
    face_adopted_sponsor: float
    face_adopted_chair: float
    face_sponsor_full_intrusiveness: int
    trust_min: float
    trust_max: float
    trust_default: float
    trust_consult: float
    trust_press: float
    trust_adopted_support: float
    trust_object: float
    trust_broken: float
    trust_kept: float
    deferral_relief: float
    tipping_point: float
    internalization: float
    internalization_meetings: int
    norm_min_intrusiveness: int
    persuasion_norms: Table = attrs.field(converter=frozen_map)
    persuasion_step: float
    persuasion_per_capability: float
    persuasion_per_trust: float
    persuasion_adopt_at: float
    minus_x: bool
    minus_x_security: bool
    minus_x_max_objectors: int
    face_weight: float
    shared_weight: float
    stage_bonus: Mapping[str, float] = attrs.field(converter=frozen_map)
    public_priors: Mapping[str, Table] = attrs.field(converter=_freeze_nested)
    clauses: Mapping[str, Clause] = attrs.field(converter=frozen_map)
    checkpoint_every: int


@attrs.frozen
class History:
    """What really happened, for "compare with history" and the calibration tests."""

    outcome: str = ""
    adopted: tuple[str, ...] = ()
    not_adopted: tuple[str, ...] = ()
    objectors: tuple[str, ...] = ()
    grounds: Mapping[str, str] = attrs.field(default=FrozenDict(), converter=frozen_map)
    levels: Mapping[str, float] = attrs.field(default=FrozenDict(), converter=frozen_map)
    clauses: tuple[str, ...] = ()
    stage: str = ""
    sources: tuple[str, ...] = ()


@attrs.frozen
class Scenario:
    """A playable scenario: seats, agenda, deck and rules, with the profiles resolved."""

    id: str
    title: str
    year: int
    summary: str
    briefing: str
    sponsor: str
    focus: str
    seats: tuple[str, ...]
    first_chair: str
    rounds: int
    agenda: tuple[str, ...]
    adopted: tuple[str, ...]
    norm_adopters: tuple[str, ...]
    deck: tuple[str, ...]
    schedule: Mapping[int, str] = attrs.field(converter=frozen_map)
    members: Mapping[str, Member] = attrs.field(converter=frozen_map)
    measures: Mapping[str, Measure] = attrs.field(converter=frozen_map)
    events: Mapping[str, Event] = attrs.field(converter=frozen_map)
    rules: Rules
    history: History
    historical: bool
    sources: tuple[str, ...]
    content_hash: str = ""
    tutorial: bool = False
    """A lesson: the TUI's table shows the coach. No rule reads it."""
    adopted_levels: Mapping[str, int] = attrs.field(factory=FrozenDict, converter=frozen_map)
    """The ambition each measure in force was agreed at; absent: its top level."""
    public: Mapping[str, PublicMember] = attrs.field(init=False, eq=False, repr=False)
    """The public side of every profile, built once with the scenario."""
    memo: dict[Hashable, Any] = attrs.field(init=False, factory=dict, eq=False, repr=False)
    """What the rules work out from the scenario alone (each seat's weighing and moves
    on a text), kept on first use: a scenario never changes, and play asks the same
    questions again."""
    public_memo: dict[Hashable, Any] = attrs.field(init=False, factory=dict, eq=False,
                                                   repr=False)
    """The part of that work that reads the public scenario alone (seats, agenda,
    measures, rules; never a profile): the moves of a consultation or a tabling, what
    an offer may name. The games a bot imagines from one view share it
    (`share_public_memo`)."""

    def share_public_memo(self, other: Scenario) -> bool:
        """Keep this scenario's public answers in `other`'s memo if both have the
        same public scenario (as all the games a bot imagines in one game do); says
        whether they do."""
        if self.measures is not other.measures or (
                self.seats, self.agenda, self.rules) != (other.seats, other.agenda, other.rules):
            return False
        object.__setattr__(self, "public_memo", other.public_memo)
        return True

    def __attrs_post_init__(self) -> None:
        public = FrozenDict((s, PublicMember.of(m)) for s, m in self.members.items())
        object.__setattr__(self, "public", public)

    def member(self, seat: str) -> Member:
        return self.members[seat]

    def measure(self, measure_id: str) -> Measure:
        return self.measures[measure_id]
