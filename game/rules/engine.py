"""The rules: which actions are legal, and what applying one does.

`legal_actions(state, seat)` lists what `seat` may do now; `apply(state, action)` returns
the next state or raises `IllegalAction` naming the rule broken. Both rest on one
function, `why_illegal`, so what is offered and what is accepted never disagree.

Speed matters (bots and `simulate` play many thousands of games), so: an action's
effects change one private `Draft` and `apply` freezes it into a `GameState` once,
instead of building a new state per change; and `legal_actions` weighs the tabled
measure once for all its candidates instead of once per candidate.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable, Iterable, Mapping
from typing import NamedTuple

import attrs

from game.rules.actions import (
    AMBITIOUS,
    CHANGING,
    REASONED,
    TARGETED,
    Action,
    IllegalAction,
    Verb,
)
from game.rules.enums import LogKind, Phase, Result, Rule, Stance
from game.rules.frozen import FrozenDict, freeze
from game.rules.model import NORMS, Event, Scenario
from game.rules.norms import can_be_drawn, crossed, objecting_reasons, rotation, strains
from game.rules.phases import Exit, PhaseSpec, PhaseTable
from game.rules.state import Draft, Entry, GameState, Outcome, Position, Sounding, Tabling


def new_game(scenario: Scenario, seed: int = 0) -> GameState:
    """The state at the start of round 1's briefing, with its event card drawn."""
    rules = scenario.rules
    members = scenario.members
    seats = scenario.seats
    draft = Draft(
        scenario=scenario, seed=seed, chair=scenario.first_chair,
        face=freeze({s: members[s].face for s in seats}),
        trust=freeze({s: freeze({o: members[s].trust.get(o, rules.trust_default)
                                 for o in seats if o != s}) for s in seats}),
        capability=freeze({s: members[s].capability for s in seats}),
        adopted=freeze({m: scenario.adopted_levels.get(m, scenario.measures[m].max_ambition)
                        for m in scenario.adopted}),
        norm_adopters=frozenset(scenario.norm_adopters))
    TABLE.enter(draft, Phase.BRIEFING)
    return draft.freeze()


def is_over(state: GameState) -> bool:
    return state.phase is Phase.OVER


def current_event(state: GameState | Draft) -> Event | None:
    return state.scenario.events.get(state.event)


def tabled_strains(state: GameState | Draft, measure_id: str, ambition: int,
                   clauses: Iterable[str] = ()) -> dict[str, float]:
    """The norm strain of a measure at an ambition with safeguard clauses in this round
    (event and deferrals included): the one figure red lines and objection reasons are
    judged on."""
    sc = state.scenario
    deferrals = state.deferred.get(measure_id, 0)
    key = ("strains", measure_id, ambition, tuple(clauses), state.event, deferrals)
    if key not in sc.memo:
        sc.memo[key] = FrozenDict(strains(
            sc.measures[measure_id], ambition, current_event(state), deferrals,
            sc.rules.deferral_relief, [sc.rules.clauses[c] for c in key[3]]))
    return sc.memo[key]  # type: ignore[no-any-return]


def open_clauses(state: GameState, tab: Tabling) -> list[str]:
    """The safeguard clauses that fit the tabled measure and its text does not carry."""
    return [c for c in state.scenario.measures[tab.measure].clauses if c not in tab.clauses]


def tableable(state: GameState | Draft) -> list[str]:
    """Agenda measures that may be tabled now: not adopted, prerequisites met, not
    already tabled at this meeting."""
    sc = state.scenario
    tabled = {t.measure for t in state.pending}
    return [m for m in sc.agenda if m not in state.adopted and m not in tabled
            and all(r in state.adopted for r in sc.measures[m].requires)]


# --- legality ---------------------------------------------------------------------

_WEIGHED = frozenset({Verb.SUPPORT, Verb.OBJECT})  # judged on the tabled measure's strain


class _Weighing(NamedTuple):
    """The tabled measure as one seat must weigh it: its norm strain (`tabled_strains`)
    and the reasons the seat could object on. It depends on the text, the round's event
    and deferrals alone, so the scenario keeps each one worked out (`_weigh`)."""

    load: dict[str, float]
    reasons: list[str]


def _weigh(state: GameState, seat: str) -> _Weighing:
    """Worked out once per seat and text (the scenario keeps it)."""
    tab = state.tabled
    assert tab is not None
    sc = state.scenario
    key = ("weigh", seat, tab.measure, tab.ambition, tab.clauses, state.event,
           state.deferred.get(tab.measure, 0))
    if key not in sc.memo:
        load = tabled_strains(state, tab.measure, tab.ambition, tab.clauses)
        sc.memo[key] = _Weighing(load, objecting_reasons(
            sc.members[seat], sc.measures[tab.measure], tab.ambition, load))
    return sc.memo[key]  # type: ignore[no-any-return]


Why = tuple[Rule, str] | None
"""None if an action is legal, else the rule it breaks and an explanation."""


def why_illegal(state: GameState, action: Action) -> Why:
    """None if `action` is legal now, else (rule, explanation)."""
    return _why_seat_cannot(state, action.seat) or _why_not(
        state, action, TABLE.verbs(state, action.seat))


def _why_seat_cannot(state: GameState, seat: str) -> Why:
    sc = state.scenario
    if state.phase is Phase.OVER:
        return Rule.GAME_OVER, "the game is over"
    if seat not in sc.members:
        return Rule.UNKNOWN_SEAT, f"`{seat}` is not seated; seats: {', '.join(sc.seats)}"
    if not state.queue or state.queue[0] != seat:
        return Rule.TURN_ORDER, f"it is {state.to_move}'s turn to act in the {state.phase}"
    return None


def _why_not(state: GameState, action: Action, allowed: frozenset[Verb],
             weighing: _Weighing | None = None) -> Why:
    """The checks that depend on the action itself, once the seat may act."""
    seat, verb = action.seat, action.verb
    if verb not in allowed:
        options = ", ".join(sorted(str(v) for v in allowed)) or "nothing"
        return Rule.WRONG_PHASE, f"`{verb}` is not possible now; {seat} may: {options}"
    if ((action.target and verb not in TARGETED) or (action.ambition and verb not in AMBITIOUS)
            or (action.reason and verb not in REASONED)
            or (action.clause and verb not in CHANGING)):
        return Rule.SYNTAX, f"`{verb}` takes no such argument; see the action notation"
    if verb in TARGETED:
        if verb is Verb.TABLE:
            return _why_not_tableable(state, action)
        if action.target == seat or action.target not in state.scenario.members:
            return Rule.CONSULT_TARGET, f"consult another seated member, not `{action.target}`"
        return None
    tab = state.tabled
    if verb in CHANGING:
        assert tab is not None
        if action.clause:
            if (action.clause in tab.clauses
                    or action.clause not in state.scenario.measures[tab.measure].clauses):
                fit = ", ".join(open_clauses(state, tab)) or "none is left"
                return Rule.CLAUSE, (f"`{action.clause}` is not a safeguard clause this text "
                                     f"can take; it can take: {fit}")
        elif not 1 <= action.ambition < tab.ambition:
            return Rule.AMBITION_RANGE, (f"the ambition must be lower than the current "
                                      f"{tab.ambition} and at least 1")
    elif verb in _WEIGHED:
        assert tab is not None
        sc = state.scenario
        member, measure = sc.members[seat], sc.measures[tab.measure]
        weighing = weighing or _weigh(state, seat)
        if verb is Verb.SUPPORT:
            if crossed(member.red_lines, measure, tab.ambition, weighing.load):
                return Rule.RED_LINE, (f"{tab.measure} at ambition {tab.ambition} crosses "
                                    f"{seat}'s red line")
        else:
            reasons = weighing.reasons
            if action.reason not in reasons:
                return Rule.OBJECTION_REASON, (f"an objection must give a reason that applies: "
                                            f"{', '.join(reasons) or 'none applies'}")
    return None


def _why_not_tableable(state: GameState, action: Action) -> Why:
    sc = state.scenario
    mid = action.target
    if mid not in sc.agenda:
        return Rule.AGENDA, f"`{mid}` is not on this scenario's agenda: {', '.join(sc.agenda)}"
    if mid in state.adopted:
        return Rule.ALREADY_ADOPTED, f"{mid} is already adopted"
    if any(t.measure == mid for t in state.pending):
        return Rule.ALREADY_TABLED, f"{mid} is already tabled at this meeting"
    missing = [r for r in sc.measures[mid].requires if r not in state.adopted]
    if missing:
        return Rule.PREREQUISITE, f"{mid} needs {', '.join(missing)} adopted first"
    top = sc.measures[mid].max_ambition
    if not 1 <= action.ambition <= top:
        return Rule.AMBITION_RANGE, f"{mid} has ambition levels 1 to {top}"
    return None


_NOTHING: frozenset[Verb] = frozenset()
_CONVENE = frozenset({Verb.CONVENE})
_CONSULTATION = frozenset({Verb.CONSULT, Verb.PASS})
_TABLING = frozenset({Verb.TABLE, Verb.PASS})
_DECLARE = frozenset({Verb.SUPPORT, Verb.RESERVE, Verb.OBJECT})
_CHAIR_REPLIES = frozenset({Verb.COMPROMISE, Verb.PASS})
_SPONSOR_AMENDS = frozenset({Verb.AMEND, Verb.CALL})
_SPONSOR_CALLS = frozenset({Verb.CALL})
_LAST_DECISION = frozenset({Verb.WITHDRAW, Verb.PRESS})
_DECISION = frozenset({Verb.WITHDRAW, Verb.DEFER, Verb.PRESS})
_ADJOURN = frozenset({Verb.ADJOURN})


def _deliberation_verbs(state: GameState, seat: str) -> frozenset[Verb]:
    tab = state.tabled
    assert tab is not None
    if seat != tab.sponsor and seat not in tab.positions:
        return _DECLARE
    if seat == state.chair and seat != tab.sponsor:
        return _CHAIR_REPLIES
    amend = tab.amendments < state.scenario.rules.max_amendments and (
        tab.ambition > 1 or open_clauses(state, tab))
    return _SPONSOR_AMENDS if amend else _SPONSOR_CALLS


def _decision_verbs(state: GameState, seat: str) -> frozenset[Verb]:
    return _LAST_DECISION if state.round >= state.scenario.rounds else _DECISION


@functools.lru_cache(maxsize=4096)
def _candidate(seat: str, verb: Verb, target: str = "", ambition: int = 0,
               reason: str = "", clause: str = "") -> Action:
    """Actions are immutable values, so each candidate is built once and then shared."""
    return Action(seat, verb, target, ambition, reason, clause)


@functools.lru_cache(maxsize=256)
def _in_order(verbs: frozenset[Verb]) -> tuple[Verb, ...]:
    """A phase's verbs in their stable order (a phase offers a handful of verb sets)."""
    return tuple(sorted(verbs))


def _candidates(state: GameState, seat: str, allowed: frozenset[Verb],
                weighing: _Weighing | None) -> list[Action]:
    sc = state.scenario
    tab = state.tabled
    out = []
    for verb in _in_order(allowed):
        if verb is Verb.CONSULT:
            out += [_candidate(seat, verb, other) for other in sc.seats if other != seat]
        elif verb is Verb.TABLE:
            out += [_candidate(seat, verb, mid, level) for mid in tableable(state)
                    for level in range(1, sc.measures[mid].max_ambition + 1)]
        elif verb in CHANGING:
            assert tab is not None
            out += [_candidate(seat, verb, ambition=level) for level in range(1, tab.ambition)]
            out += [_candidate(seat, verb, clause=c) for c in open_clauses(state, tab)]
        elif verb is Verb.OBJECT:
            assert weighing is not None
            out += [_candidate(seat, verb, reason=reason) for reason in weighing.reasons]
        else:
            out.append(_candidate(seat, verb))
    return out


def action_space(scenario: Scenario) -> tuple[Action, ...]:
    """Every action the scenario can ever allow, in a stable order (each seat's, in the
    order of `scenario.seats`): the distinct actions a learning agent must index."""
    top = max((scenario.measures[m].max_ambition for m in scenario.agenda), default=1)
    reasons = (*NORMS, "red-line", "burden")
    clauses = sorted({c for m in scenario.agenda for c in scenario.measures[m].clauses})
    out: list[Action] = []
    for seat in scenario.seats:
        for verb in Verb:
            if verb is Verb.CONSULT:
                out += [Action(seat, verb, o) for o in scenario.seats if o != seat]
            elif verb is Verb.TABLE:
                out += [Action(seat, verb, m, level) for m in scenario.agenda
                        for level in range(1, scenario.measures[m].max_ambition + 1)]
            elif verb in CHANGING:
                out += [Action(seat, verb, ambition=level) for level in range(1, top)]
                out += [Action(seat, verb, clause=c) for c in clauses]
            elif verb is Verb.OBJECT:
                out += [Action(seat, verb, reason=r) for r in reasons]
            else:
                out.append(Action(seat, verb))
    return tuple(out)


def max_moves(scenario: Scenario) -> int:
    """An upper bound on the actions of one game.

    A round: the convening; at most one consultation or pass per seat; at most one
    tabling or pass per seat; for each item tabled (at most one per seat), the
    declarations of every other seat, once on the tabled text and once more after each
    change to it (one compromise text, `max_amendments` amendments), with those moves,
    the chair's reply, a call and the decision; and the adjournment."""
    seats = len(scenario.seats)
    lowerings = 1 + scenario.rules.max_amendments
    deliberation = (1 + lowerings) * (seats - 1) + lowerings + 3
    return scenario.rounds * (1 + seats + seats + seats * deliberation + 1)


def legal_actions(state: GameState, seat: str) -> list[Action]:
    """Everything `seat` may do now, in a stable order (empty when it is not its turn)."""
    if _why_seat_cannot(state, seat) is not None:
        return []
    allowed = TABLE.verbs(state, seat)
    legal = (_on_the_text(state, seat, allowed) if state.phase is Phase.DELIBERATION
             else _checked(state, seat, allowed))
    global _offered
    _offered = (state, tuple(legal))
    return legal


def _checked(state: GameState, seat: str, allowed: frozenset[Verb]) -> list[Action]:
    """Every candidate `why_illegal` accepts."""
    weighing = _weigh(state, seat) if allowed & _WEIGHED else None
    return [a for a in _candidates(state, seat, allowed, weighing)
            if _why_not(state, a, allowed, weighing) is None]


def _on_the_text(state: GameState, seat: str, allowed: frozenset[Verb]) -> list[Action]:
    """`_checked` in deliberation, where what a seat may do depends only on its verbs
    and the text on the table (with the round's event and the item's deferrals): so
    the scenario keeps each answer. A contract test holds `legal_actions` to exactly
    what `why_illegal` accepts, so a rule that reads more of the state shows up there."""
    tab = state.tabled
    assert tab is not None
    memo = state.scenario.memo
    key = ("on the text", seat, allowed, tab.measure, tab.ambition, tab.clauses, state.event,
           state.deferred.get(tab.measure, 0))
    if key not in memo:
        memo[key] = tuple(_checked(state, seat, allowed))
    return list(memo[key])


_offered: tuple[GameState | None, tuple[Action, ...]] = (None, ())
"""The state `legal_actions` last answered for, and its answer: `apply` need not check
again an action it has just offered for that very state (the same object)."""


def apply(state: GameState, action: Action) -> GameState:
    """The state after `action`; raises `IllegalAction` and leaves `state` untouched."""
    offered_for, offered = _offered
    if offered_for is not state or not any(a is action for a in offered):
        problem = why_illegal(state, action)
        if problem is not None:
            raise IllegalAction(action, *problem)
    draft = Draft.of(state)
    draft.seq += 1
    EFFECTS[action.verb](draft, action)
    return draft.freeze()


# --- effects ------------------------------------------------------------------------
# Each effect changes a `Draft` of the next state; `apply` freezes it once at the end.

def _log(state: Draft, kind: LogKind, seats: tuple[str, ...] = (),
         seen_by: tuple[str, ...] = (), measure: str = "", ambition: int = 0,
         reason: str = "", card: str = "", clauses: tuple[str, ...] = (),
         note: str = "") -> None:
    entry = Entry(state.seq, state.round, state.phase, kind, seats, seen_by, measure,
                  ambition, reason, card, clauses, note)
    state.log = (*state.log, entry)


def _add_face(state: Draft, changes: Iterable[tuple[str, float]]) -> None:
    """Apply (seat, delta) changes to face; a seat named twice gets both."""
    r = state.scenario.rules
    low, high = r.face_min, r.face_max
    face = dict(state.face)
    for seat, delta in changes:
        if seat in face and delta:
            face[seat] = min(high, max(low, face[seat] + delta))
    state.face = FrozenDict(face)


def _add_trust(state: Draft, changes: list[tuple[str, str, float]]) -> None:
    """Apply (from, toward, delta) changes to the trust matrix."""
    r = state.scenario.rules
    low, high = r.trust_min, r.trust_max
    trust = dict(state.trust)
    for src, dst, delta in changes:
        if src != dst and src in trust and dst in trust[src] and delta:
            row = dict(trust[src])
            row[dst] = min(high, max(low, row[dst] + delta))
            trust[src] = FrozenDict(row)
    state.trust = FrozenDict(trust)


def _next(state: Draft) -> None:
    """Drop the seat that just acted from the queue."""
    state.queue = state.queue[1:]


def chance_outcomes(scenario: Scenario, round_no: int, adopted: Mapping[str, int]
                    ) -> tuple[str, ...]:
    """The event cards the briefing of `round_no` may draw, each equally likely (one
    card if the scenario schedules it, none if no card can be drawn): the game's one
    chance node, as OpenSpiel declares it."""
    card = scenario.schedule.get(round_no, "")
    if card:
        return (card,)
    return tuple(e for e in scenario.deck
                 if can_be_drawn(scenario.events[e], round_no, scenario.seats, adopted))


def draw(seed: int, round_no: int, outcomes: tuple[str, ...]) -> str:
    """The chance outcome the game's seed picks for a round."""
    if not outcomes:
        return ""
    digest = hashlib.sha256(f"{seed}:{round_no}:event".encode()).digest()
    return outcomes[int.from_bytes(digest[:8], "big") % len(outcomes)]


def _begin_round(state: Draft) -> None:
    """Briefing: the next meeting opens and its event card is drawn.

    The chair stays the chair of the scenario's year for every meeting: the chairmanship
    "shall rotate annually" (ASEAN Charter Art. 31) [P2]."""
    sc = state.scenario
    round_no = state.round + 1
    card = draw(state.seed, round_no, chance_outcomes(sc, round_no, state.adopted))
    state.round, state.event = round_no, card
    state.tabled, state.pending, state.consulted = None, (), frozenset()
    _log(state, LogKind.ROUND, (state.chair,))
    if card:
        event = sc.events[card]
        _add_face(state, event.face.items())
        _add_trust(state, [(o, s, d) for s, d in event.trust.items()
                           for o in sc.seats if o != s])
        _log(state, LogKind.EVENT, card=card)


def _convene(state: Draft, action: Action) -> None:
    TABLE.advance(state, "convene")


def _consult(state: Draft, action: Action) -> None:
    sc = state.scenario
    a, b = action.seat, action.target
    soundings = dict(state.soundings)
    for who, about in ((a, b), (b, a)):
        member = sc.members[about]
        known = dict(soundings.get(who, {}))
        prices = tuple(o for o in member.objectives if o.kind == "clause")
        known[about] = Sounding(state.round, member.sensitivity, member.red_lines, prices)
        soundings[who] = FrozenDict(known)
    state.soundings = FrozenDict(soundings)
    state.consulted = state.consulted | {(a, b)}
    _add_trust(state, [(a, b, sc.rules.trust_consult), (b, a, sc.rules.trust_consult)])
    _log(state, LogKind.CONSULT, (a, b), seen_by=(a, b))
    _advance_queue(state, "open_floor")


def _pass(state: Draft, action: Action) -> None:
    if state.phase is Phase.DELIBERATION:  # the chair declines to offer a compromise text
        tab = state.tabled
        assert tab is not None
        _log(state, LogKind.NO_COMPROMISE, (action.seat,))
        state.queue = (tab.sponsor,)
        return
    if state.phase is Phase.CONSULTATION:
        _advance_queue(state, "open_floor")
    else:
        _floor_moves_on(state)


def _advance_queue(state: Draft, trigger: str) -> None:
    _next(state)
    if not state.queue:
        TABLE.advance(state, trigger)
        if state.phase is Phase.TABLING and not state.queue:  # nothing can be tabled
            _close_floor(state)


def _close_floor(state: Draft) -> None:
    """Every seat has spoken at the tabling: deliberate the items in the order they
    were tabled, or close a meeting at which nothing was tabled."""
    if state.pending:
        TABLE.advance(state, "deliberate")
        return
    _log(state, LogKind.NO_ITEM)
    state.outcomes = (*state.outcomes, Outcome(state.round, "", "", 0, Result.NONE))
    TABLE.advance(state, "no_proposal")


def _table(state: Draft, action: Action) -> None:
    state.pending = (*state.pending, Tabling(action.target, action.seat, action.ambition))
    _log(state, LogKind.TABLE, (action.seat,), measure=action.target,
         ambition=action.ambition)
    _floor_moves_on(state)


def _floor_moves_on(state: Draft) -> None:
    _next(state)
    if not state.queue:
        _close_floor(state)


def _declarers(state: Draft) -> tuple[str, ...]:
    """Who still has to declare a position on the tabled measure, from the sponsor on."""
    tab = state.tabled
    assert tab is not None
    order = rotation(state.scenario, tab.sponsor)[1:]
    return tuple(s for s in order if s not in tab.positions)


def _declare(state: Draft, action: Action) -> None:
    tab = state.tabled
    assert tab is not None
    sc = state.scenario
    stance = Stance(action.verb.value)
    # A reservation asking a clause would join at the ambition on the table.
    asked = action.ambition or (tab.ambition if action.clause else 0)
    position = Position(stance, asked, action.reason, action.clause)
    doubted = tab.doubted | {action.seat} if stance is not Stance.SUPPORT else tab.doubted
    tab = attrs.evolve(tab, positions={**tab.positions, action.seat: position},
                       doubted=doubted)
    state.tabled = tab
    if stance is Stance.OBJECT:
        _log(state, LogKind.OBJECT, (action.seat,), measure=tab.measure,
             reason=action.reason, note=_concern(state, action.seat, action.reason))
        _add_trust(state, [(tab.sponsor, action.seat, sc.rules.trust_object)])
        if tab.compromise:
            _add_face(state, [(action.seat, sc.rules.face_object_compromise)])
    elif stance is Stance.RESERVE:
        _log(state, LogKind.RESERVE, (action.seat,), measure=tab.measure, ambition=asked,
             clauses=(action.clause,) if action.clause else ())
    else:
        _log(state, LogKind.SUPPORT, (action.seat,))
    _next(state)
    if not state.queue:
        _after_declarations(state)


def _concern(state: Draft, seat: str, reason: str) -> str:
    """The words behind an objection on a red line: the red line's own note."""
    if reason != "red-line":
        return ""
    tab = state.tabled
    assert tab is not None
    sc = state.scenario
    load = tabled_strains(state, tab.measure, tab.ambition, tab.clauses)
    lines = crossed(sc.members[seat].red_lines, sc.measures[tab.measure], tab.ambition, load)
    return lines[0].note if lines else ""


def _after_declarations(state: Draft) -> None:
    """Everyone has spoken: adopt by consensus, or hand the floor to the chair/sponsor."""
    tab = state.tabled
    assert tab is not None
    if not tab.blocking():
        TABLE.advance(state, "call")
        _conclude(state, Result.ADOPTED)
    elif _chair_may_compromise(state):
        state.queue = (state.chair,)
    else:
        state.queue = (tab.sponsor,)


def _chair_may_compromise(state: Draft) -> bool:
    tab = state.tabled
    return bool(tab and tab.sponsor != state.chair and not tab.compromise
                and tab.ambition > 1 and tab.blocking())


def _lower(state: Draft, action: Action, compromise: bool) -> None:
    old = state.tabled
    assert old is not None
    tab = attrs.evolve(old, ambition=action.ambition or old.ambition,
                       clauses=old.clauses | {action.clause} - {""},
                       amendments=old.amendments + (0 if compromise else 1),
                       compromise=old.compromise or compromise)
    # A met reservation becomes support that remembers the ambition it waited for;
    # objections and unmet reservations are heard again on the new text.
    kept = {s: (Position(Stance.SUPPORT, p.ambition) if p.stance is Stance.RESERVE else p)
            for s, p in old.positions.items()
            if p.stance is Stance.SUPPORT or (p.stance is Stance.RESERVE and tab.met(p))}
    state.tabled = attrs.evolve(tab, positions=kept)
    state.queue = _declarers(state)
    _log(state, LogKind.COMPROMISE if compromise else LogKind.AMEND, (action.seat,),
         measure=tab.measure, ambition=tab.ambition,
         clauses=(action.clause,) if action.clause else ())
    if not state.queue:
        _after_declarations(state)


def _call(state: Draft, action: Action) -> None:
    TABLE.advance(state, "call")
    _log(state, LogKind.CALL, (action.seat,))


def _sponsor_decides(state: Draft, action: Action) -> None:
    tab = state.tabled
    assert tab is not None
    r = state.scenario.rules
    if action.verb is Verb.WITHDRAW:
        _add_face(state, [(tab.sponsor, r.face_withdraw)])
        _conclude(state, Result.WITHDRAWN)
        return
    if action.verb is Verb.DEFER:
        _add_face(state, [(tab.sponsor, r.face_defer)])
        state.deferred = FrozenDict({**state.deferred,
                                     tab.measure: state.deferred.get(tab.measure, 0) + 1})
        _conclude(state, Result.DEFERRED)
        return
    objectors = tab.blocking()
    measure = state.scenario.measures[tab.measure]
    if (r.minus_x and (r.minus_x_security or not measure.security)
            and len(objectors) <= r.minus_x_max_objectors):
        _add_trust(state, [(o, tab.sponsor, r.trust_press / 2) for o in objectors])
        _conclude(state, Result.ADOPTED_MINUS_X)
        return
    _add_face(state, [(tab.sponsor, r.face_press_sponsor),
                      *((o, r.face_press_objector) for o in objectors)])
    _add_trust(state, [pair for o in objectors for pair in
                       ((o, tab.sponsor, r.trust_press), (tab.sponsor, o, r.trust_press))])
    _conclude(state, Result.FAILED)


def _conclude(state: Draft, result: Result) -> None:
    """Record how the item ended, then take up the next item or move on to the review."""
    tab = state.tabled
    assert tab is not None
    sc = state.scenario
    objectors = tuple(tab.blocking())
    supporters = tuple(s for s in sc.seats if s not in objectors)
    clauses = tuple(sorted(tab.clauses))
    state.outcomes = (*state.outcomes, Outcome(
        state.round, tab.measure, tab.sponsor, tab.ambition, result, objectors, supporters,
        clauses))
    _log(state, LogKind(result.value), (tab.sponsor, *objectors), measure=tab.measure,
         ambition=tab.ambition, clauses=clauses)
    if result.adopted:
        _adopt(state, state.outcomes[-1], tab)
    TABLE.advance(state, "conclude")


def _adopt(state: Draft, outcome: Outcome, tab: Tabling) -> None:
    """An adoption raises capability, face and trust, and may spread the norm."""
    sc = state.scenario
    r = sc.rules
    measure = sc.measures[outcome.measure]
    opted = outcome.objectors
    share = outcome.ambition / measure.max_ambition
    state.capability = FrozenDict(
        (s, min(5.0, c + measure.capacity * share) if s not in opted else c)
        for s, c in state.capability.items())
    adopters = state.norm_adopters
    if measure.intrusiveness >= r.norm_min_intrusiveness:
        # The sponsor and those who supported outright take up the norm; those who
        # reserved or objected and then went along with a lower text do not: accepting
        # a compromise is not conviction.
        adopters = adopters | {outcome.sponsor} | {
            s for s, p in tab.positions.items()
            if p.stance is Stance.SUPPORT and s not in tab.doubted}
    state.adopted = FrozenDict({**state.adopted, outcome.measure: outcome.ambition})
    state.adopted_clauses = FrozenDict({**state.adopted_clauses,
                                        outcome.measure: outcome.clauses})
    if opted:
        state.opted_out = FrozenDict({**state.opted_out, outcome.measure: opted})
    state.norm_adopters = frozenset(adopters)
    # A sponsor's standing grows with what its text asked of the others: a routine text
    # (the chair's statement, intrusiveness 0) earns it nothing.
    asked = min(1.0, measure.intrusiveness / r.face_sponsor_full_intrusiveness)
    _add_face(state, [(outcome.sponsor, r.face_adopted_sponsor * asked),
                      (state.chair, r.face_adopted_chair)])
    _add_trust(state, [(s, outcome.sponsor, r.trust_adopted_support)
                       for s in outcome.supporters])


def _adjourn(state: Draft, action: Action) -> None:
    _log(state, LogKind.ADJOURN, (action.seat,))
    TABLE.advance(state, "adjourn")


Effect = Callable[[Draft, Action], None]

EFFECTS: dict[Verb, Effect] = {
    Verb.CONVENE: _convene,
    Verb.CONSULT: _consult,
    Verb.PASS: _pass,
    Verb.TABLE: _table,
    Verb.SUPPORT: _declare,
    Verb.RESERVE: _declare,
    Verb.OBJECT: _declare,
    Verb.COMPROMISE: lambda s, a: _lower(s, a, compromise=True),
    Verb.AMEND: lambda s, a: _lower(s, a, compromise=False),
    Verb.CALL: _call,
    Verb.WITHDRAW: _sponsor_decides,
    Verb.DEFER: _sponsor_decides,
    Verb.PRESS: _sponsor_decides,
    Verb.ADJOURN: _adjourn,
}


# --- the phase table ---------------------------------------------------------------

def _in_turn(verbs: frozenset[Verb]) -> Callable[[GameState, str], frozenset[Verb]]:
    return lambda state, seat: verbs


def _take_up_next(state: Draft) -> None:
    """Deliberation opens on the next item tabled at this meeting."""
    state.tabled, state.pending = state.pending[0], state.pending[1:]


def _tablers(state: Draft) -> tuple[str, ...]:
    """Every seat from the chair on, if anything can be tabled at all."""
    return _from_chair(state) if tableable(state) else ()


def _more_items(state: Draft) -> bool:
    return bool(state.pending)


def _chair(state: Draft) -> tuple[str, ...]:
    return (state.chair,)


def _from_chair(state: Draft) -> tuple[str, ...]:
    return rotation(state.scenario, state.chair)


def _sponsor(state: Draft) -> tuple[str, ...]:
    assert state.tabled is not None
    return (state.tabled.sponsor,)


def _last_round(state: Draft) -> bool:
    return state.round >= state.scenario.rounds


def _log_entering(kind: LogKind) -> Callable[[Draft], None]:
    return lambda state: _log(state, kind)


TABLE = PhaseTable([
    PhaseSpec(Phase.BRIEFING, _in_turn(_CONVENE), _chair,
              (Exit("convene", Phase.CONSULTATION),), enter=_begin_round),
    PhaseSpec(Phase.CONSULTATION, _in_turn(_CONSULTATION), _from_chair,
              (Exit("open_floor", Phase.TABLING),), enter=_log_entering(LogKind.CONVENE)),
    PhaseSpec(Phase.TABLING, _in_turn(_TABLING), _tablers,
              (Exit("deliberate", Phase.DELIBERATION), Exit("no_proposal", Phase.REVIEW)),
              enter=_log_entering(LogKind.FLOOR)),
    PhaseSpec(Phase.DELIBERATION, _deliberation_verbs, _declarers,
              (Exit("call", Phase.DECISION),), enter=_take_up_next),
    PhaseSpec(Phase.DECISION, _decision_verbs, _sponsor,
              (Exit("conclude", Phase.DELIBERATION, when="more_items"),
               Exit("conclude", Phase.REVIEW, unless="more_items"))),
    PhaseSpec(Phase.REVIEW, _in_turn(_ADJOURN), _chair,
              (Exit("adjourn", Phase.BRIEFING, unless="last_round"),
               Exit("adjourn", Phase.OVER, when="last_round"))),
    PhaseSpec(Phase.OVER, _in_turn(_NOTHING), lambda state: (),
              enter=_log_entering(LogKind.OVER)),
], conditions={"last_round": _last_round, "more_items": _more_items})
"""The round, declared once: each phase's verbs, speakers, exits and on-enter effect."""
