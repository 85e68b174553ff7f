"""What one seat may know: the public table plus its own private papers.

A `View` never holds another seat's sensitivities, red lines, hidden objectives,
private consultations, offers or promises, nor the seed that orders the event deck.
Bots decide from a view alone, and every screen of the TUI is drawn from one, so
neither can leak. Like the state it comes from, a view is immutable all the way down:
a bot that tries to write into one gets a `TypeError`, never a changed game.
"""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from game.rules.engine import current_event
from game.rules.enums import Phase
from game.rules.frozen import FrozenDict
from game.rules.model import Event, Measure, Member, PublicMember, Rules
from game.rules.norms import shifted, stage
from game.rules.state import Entry, GameState, Offer, Outcome, Pledge, Sounding, Tabling


@attrs.frozen
class View:
    seat: str
    scenario_id: str
    title: str
    briefing: str
    sponsor: str
    focus: str
    round: int
    rounds: int
    phase: Phase
    chair: str
    to_move: str | None
    queue: tuple[str, ...]  # who speaks next, in order (turn order is public)
    seats: tuple[str, ...]
    members: Mapping[str, PublicMember]
    measures: Mapping[str, Measure]
    agenda: tuple[str, ...]
    rules: Rules
    event: Event | None  # as the round plays it: a choice still on it is yet to be answered
    events: Mapping[str, Event]  # the scenario's cards (public data), so the log renders
    face: Mapping[str, float]
    capability: Mapping[str, float]
    trust_from: Mapping[str, float]  # each other seat's trust toward me
    trust_to: Mapping[str, float]  # my trust toward each other seat
    adopted: Mapping[str, int]
    adopted_before: tuple[str, ...]  # in force when the game began (the briefing says so)
    deferred: Mapping[str, int]
    norm_adopters: frozenset[str]
    stage: str
    tabled: Tabling | None  # the item under deliberation (in review: the one concluded)
    pending: tuple[Tabling, ...]  # items tabled at this meeting, waiting their turn
    outcomes: tuple[Outcome, ...]
    me: Member  # my whole profile: sensitivities (as persuasion moved them), objectives, red lines
    soundings: Mapping[str, Sounding]  # what my consultations revealed
    consulted: frozenset[tuple[str, str]]  # this round's consultations I took part in
    offer: Offer | None  # an offer made to me or by me, waiting for its answer
    pledges: tuple[Pledge, ...]  # the promises standing between me and another seat
    informals: int  # extra informal consultations the chair called at this meeting
    log: tuple[Entry, ...]
    seq: int


_NONE: FrozenDict[str, Sounding] = FrozenDict()


def view(state: GameState, seat: str) -> View:
    """The game as `seat` sees it."""
    sc = state.scenario
    if seat not in sc.members:
        raise KeyError(f"`{seat}` is not seated; seats: {', '.join(sc.seats)}")
    return View(
        seat=seat, scenario_id=sc.id, title=sc.title, briefing=sc.briefing, sponsor=sc.sponsor,
        focus=sc.focus, round=state.round, rounds=sc.rounds, phase=state.phase,
        chair=state.chair, to_move=state.to_move, queue=state.queue, seats=sc.seats,
        members=sc.public, events=sc.events,
        measures=sc.measures, agenda=sc.agenda, rules=sc.rules,
        event=current_event(state), face=state.face, capability=state.capability,
        trust_from=FrozenDict({o: state.trust[o][seat] for o in sc.seats if o != seat}),
        trust_to=state.trust[seat], adopted=state.adopted, adopted_before=sc.adopted,
        deferred=state.deferred,
        norm_adopters=state.norm_adopters,
        stage=stage(len(state.norm_adopters), len(sc.seats), sc.rules, state.norm_held),
        tabled=state.tabled, pending=state.pending, outcomes=state.outcomes,
        me=profile(state, seat),
        soundings=state.soundings.get(seat, _NONE),
        consulted=frozenset(p for p in state.consulted if seat in p),
        offer=state.offer if state.offer and seat in (state.offer.offerer, state.offer.target)
        else None,
        pledges=tuple(p for p in state.pledges if seat in (p.by, p.to)),
        informals=state.informals,
        log=_visible(state.log, seat), seq=state.seq)


_last_seen: dict[str, tuple[tuple[Entry, ...], tuple[Entry, ...]]] = {}
"""Per seat, the last log a view was drawn from and the part of it the seat saw."""


def _visible(log: tuple[Entry, ...], seat: str) -> tuple[Entry, ...]:
    """The entries of `log` that `seat` may read. A log only grows, one new entry
    object at a time, so a log whose entry at the last remembered position is that
    very object extends the remembered one: only its new entries are filtered. (A
    bot's lookahead views every state of a line of play in turn.)"""
    full, seen = _last_seen.get(seat, ((), ()))
    known = len(full)
    if not known or len(log) < known or log[known - 1] is not full[-1]:
        known, seen = 0, ()
    seen += tuple([e for e in log[known:] if e.visible_to(seat)])
    _last_seen[seat] = (log, seen)
    return seen


def profile(state: GameState, seat: str) -> Member:
    """`seat`'s own profile with its sensitivities as persuasion has moved them: what it
    weighs every text with (the same object when nobody has persuaded it)."""
    member = state.scenario.members[seat]
    shift = state.norm_shift.get(seat)
    if not shift:
        return member
    return attrs.evolve(member, sensitivity=shifted(member.sensitivity, shift))
