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
    CLAUSED,
    REASONED,
    TARGETED,
    Action,
    IllegalAction,
    Verb,
)
from game.rules.enums import LogKind, Phase, Result, Rule, Stance
from game.rules.frozen import FrozenDict, freeze
from game.rules.model import NORMS, Event, Option, Scenario
from game.rules.norms import (
    can_be_drawn,
    crossed,
    objecting_reasons,
    persuasion_step,
    rotation,
    shifted,
    strains,
    weighing,
)
from game.rules.phases import Exit, PhaseSpec, PhaseTable
from game.rules.state import (
    Draft,
    Entry,
    GameState,
    Offer,
    Outcome,
    Pledge,
    Position,
    Sounding,
    Tabling,
)
from game.rules.text import clip


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
    _hold_for_form(draft)
    return draft.freeze()


def is_over(state: GameState) -> bool:
    return state.phase is Phase.OVER


def current_event(state: GameState | Draft) -> Event | None:
    """The round's event card as it plays now: once its choice is answered, with the
    chosen option's strain and boost added (`Event.answered`)."""
    event = state.scenario.events.get(state.event)
    if event is None or not state.answer:
        return event
    return event.answered(state.answer == Verb.ACCEPT)


def chooser(state: GameState | Draft) -> str:
    """The seat the round's event card puts its choice to, or "" when there is no
    choice to put (none on the card, already answered, or its seat is not seated)."""
    event = state.scenario.events.get(state.event)
    if event is None or event.choice is None or state.answer:
        return ""
    who = event.choice.chooser
    seat = {"chair": state.chair, "sponsor": state.scenario.sponsor}.get(who, who)
    return seat if seat in state.scenario.members else ""


def minus_x_applies(state: GameState | Draft) -> bool:
    """Whether the tabled measure, if pressed, may go ahead under ASEAN minus X (with
    the objectors' consent): the scenario allows it, for this kind of measure, and
    there are few enough objectors (Charter Art. 21(2)) [P5]."""
    tab = state.tabled
    assert tab is not None
    r = state.scenario.rules
    measure = state.scenario.measures[tab.measure]
    return (r.minus_x and (r.minus_x_security or not measure.security)
            and len(tab.blocking()) <= r.minus_x_max_objectors)


def tabled_strains(state: GameState | Draft, measure_id: str, ambition: int,
                   clauses: Iterable[str] = ()) -> Mapping[str, float]:
    """The norm strain of a measure at an ambition with safeguard clauses in this round
    (event and deferrals included): the one figure red lines and objection reasons are
    judged on."""
    sc = state.scenario
    return strains(sc.measures[measure_id], ambition, current_event(state),
                   state.deferred.get(measure_id, 0), sc.rules.deferral_relief,
                   [sc.rules.clauses[c] for c in clauses])


def open_clauses(state: GameState, tab: Tabling) -> list[str]:
    """The safeguard clauses that fit the tabled measure and its text does not carry."""
    return [c for c in state.scenario.measures[tab.measure].clauses if c not in tab.clauses]


def tableable(state: GameState | Draft, seat: str = "") -> list[str]:
    """Agenda measures that may be tabled now: not adopted, prerequisites met, not
    already tabled at this meeting, and (given a seat) not the chair's own text unless
    the seat is the chair."""
    sc = state.scenario
    tabled = {t.measure for t in state.pending}
    return [m for m in sc.agenda if m not in state.adopted and m not in tabled
            and all(r in state.adopted for r in sc.measures[m].requires)
            and not (seat and sc.measures[m].chair_only and seat != state.chair)]


# --- legality ---------------------------------------------------------------------

_WEIGHED = frozenset({Verb.SUPPORT, Verb.RESERVE, Verb.OBJECT})
"""Judged on the tabled measure's strain: a red line, the reasons that apply."""


class _Weighing(NamedTuple):
    """The tabled measure as one seat must weigh it: its norm strain (`tabled_strains`)
    and the reasons the seat could object on. It depends on the text, the round's event
    and deferrals alone, so the scenario keeps each one worked out (`_weigh`)."""

    load: Mapping[str, float]
    reasons: list[str]


def _weigh(state: GameState, seat: str) -> _Weighing:
    """Worked out once per seat and text (the scenario keeps it)."""
    tab = state.tabled
    assert tab is not None
    sc = state.scenario
    key = ("weigh", seat, tab.measure, tab.ambition, tab.clauses, state.event, state.answer,
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
            or (action.clause and verb not in CLAUSED)):
        return Rule.SYNTAX, f"`{verb}` takes no such argument; see the action notation"
    if verb in TARGETED:
        if verb is Verb.TABLE:
            return _why_not_tableable(state, action)
        if verb is Verb.PERSUADE:
            return _why_not_persuadable(state, action)
        if verb is Verb.TAKE_UP:
            return _why_not_pending(state, action)
        if action.target == seat or action.target not in state.scenario.members:
            return Rule.CONSULT_TARGET, (f"consult or make an offer to another seated member, "
                                         f"not `{action.target}`")
        return _why_not_offer(state, action) if verb is Verb.OFFER else None
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
        if verb is Verb.RESERVE:
            return _why_not_reason(state, action, weighing)
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
            return _why_not_reason(state, action, weighing)
    return None


def _why_not_reason(state: GameState, action: Action, weighing: _Weighing | None) -> Why:
    """An objection gives a reason that applies; a reservation gives one whenever one
    applies (and none when none does): the concern behind it, in public."""
    reasons = (weighing or _weigh(state, action.seat)).reasons
    if action.reason in reasons or (action.verb is Verb.RESERVE and not reasons
                                    and not action.reason):
        return None
    what = "an objection" if action.verb is Verb.OBJECT else "a reservation"
    return Rule.REASON, (f"{what} must give a reason that applies: "
                                   f"{', '.join(reasons) or 'none applies'}")


def _why_not_persuadable(state: GameState, action: Action) -> Why:
    """A norm holder (`_consultation_verbs`) argues with a member that lacks the norm."""
    target = action.target
    if target == action.seat or target not in state.scenario.members:
        return Rule.PERSUADE_TARGET, f"persuade another seated member, not `{target}`"
    if target in state.norm_adopters:
        return Rule.PERSUADE_TARGET, f"{target} already holds the norm; persuade one that does not"
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
    if sc.measures[mid].chair_only and action.seat != state.chair:
        return Rule.CHAIR_ONLY, f"{mid} is the chair's to table ({state.chair} chairs)"
    missing = [r for r in sc.measures[mid].requires if r not in state.adopted]
    if missing:
        return Rule.PREREQUISITE, f"{mid} needs {', '.join(missing)} adopted first"
    top = sc.measures[mid].max_ambition
    if not 1 <= action.ambition <= top:
        return Rule.AMBITION_RANGE, f"{mid} has ambition levels 1 to {top}"
    if action.clause and action.clause not in promised_clauses(state, action.seat, mid):
        return Rule.CLAUSE, (f"a text is tabled with a safeguard clause only when its sponsor "
                             f"promised it and the measure takes it; `{action.clause}` is not "
                             f"one for {mid}")
    return None


def promised_clauses(state: GameState | Draft, seat: str, measure_id: str) -> list[str]:
    """The clauses `seat` promised its item would carry that fit `measure_id`: the
    only clauses a text can be tabled with (others come by amendment)."""
    fits = state.scenario.measures[measure_id].clauses
    return sorted({p.clause for p in state.pledges if p.by == seat and p.clause in fits})


def offer_scope(state: GameState | Draft) -> tuple[int, list[str]]:
    """What an offer's terms may name now: an ambition below the highest level of any
    measure that can be tabled (no higher than the top is no promise), and a clause
    one of them takes."""
    sc = state.scenario
    key = ("offer scope", frozenset(state.adopted), tuple(t.measure for t in state.pending))
    memo = sc.public_memo
    if key not in memo:  # it depends on nothing else, and every candidate asks it
        measures = [sc.measures[m] for m in tableable(state)]
        top = max((m.max_ambition for m in measures), default=0)
        memo[key] = top, sorted({c for m in measures for c in m.clauses})
    return memo[key]  # type: ignore[no-any-return]


def _why_not_offer(state: GameState, action: Action) -> Why:
    top, clauses = offer_scope(state)
    if action.ambition and not 1 <= action.ambition < top:
        return Rule.OFFER_TERMS, (f"an offer's ambition must be from 1 to {top - 1}, below "
                                  f"the top level of the measures that can be tabled")
    if action.clause and action.clause not in clauses:
        return Rule.OFFER_TERMS, (f"`{action.clause}` fits no measure that can be tabled now; "
                                  f"clauses: {', '.join(clauses) or 'none'}")
    return None


def _why_not_pending(state: GameState, action: Action) -> Why:
    waiting = [t.measure for t in state.pending]
    if action.target not in waiting:
        return Rule.NOT_PENDING, (f"`{action.target}` is not waiting to be taken up; "
                                  f"waiting: {', '.join(waiting)}")
    return None


_NOTHING: frozenset[Verb] = frozenset()
_CONVENE = frozenset({Verb.CONVENE})
_CONSULT_ONLY = frozenset({Verb.CONSULT, Verb.PASS})
_CONSULTATION = _CONSULT_ONLY | {Verb.OFFER}
_TABLING = frozenset({Verb.TABLE, Verb.PASS})
_DECLARE = frozenset({Verb.SUPPORT, Verb.RESERVE, Verb.OBJECT})
_CHAIR_REPLIES = frozenset({Verb.COMPROMISE, Verb.PASS})
_CHAIR_DECLINES = frozenset({Verb.PASS})
_TAKE_UP = frozenset({Verb.TAKE_UP})
_INFORMALS = frozenset({Verb.INFORMALS})
_SPONSOR_AMENDS = frozenset({Verb.AMEND, Verb.CALL})
_SPONSOR_CALLS = frozenset({Verb.CALL})
_LAST_DECISION = frozenset({Verb.WITHDRAW, Verb.PRESS})
_DECISION = frozenset({Verb.WITHDRAW, Verb.DEFER, Verb.PRESS})
_ADJOURN = frozenset({Verb.ADJOURN})
_ANSWER = frozenset({Verb.ACCEPT, Verb.DECLINE})


def _briefing_verbs(state: GameState, seat: str) -> frozenset[Verb]:
    return _ANSWER if chooser(state) else _CONVENE


def _consultation_verbs(state: GameState, seat: str) -> frozenset[Verb]:
    """An offer waits for its target's answer; an offer needs something to table; only
    a member holding the norm can argue it, while someone still lacks it."""
    if state.offer is not None:
        return _ANSWER
    verbs = _CONSULTATION if tableable(state) else _CONSULT_ONLY
    adopters = state.norm_adopters
    if seat in adopters and len(adopters) < len(state.scenario.seats):
        return verbs | {Verb.PERSUADE}
    return verbs


def _deliberation_verbs(state: GameState, seat: str) -> frozenset[Verb]:
    tab = state.tabled
    if tab is None:  # several items wait: the chair sets the order of the agenda
        return _TAKE_UP
    if seat != tab.sponsor and seat not in tab.positions:
        return _DECLARE
    good_offices = _INFORMALS if seat == state.chair and _informals_left(state) else _NOTHING
    if seat == state.chair and seat != tab.sponsor:
        return (_CHAIR_REPLIES if _chair_may_compromise(state) else _CHAIR_DECLINES
                ) | good_offices
    amend = tab.amendments < state.scenario.rules.max_amendments and (
        tab.ambition > 1 or open_clauses(state, tab))
    return (_SPONSOR_AMENDS if amend else _SPONSOR_CALLS) | good_offices


def _decision_verbs(state: GameState, seat: str) -> frozenset[Verb]:
    if state.tabled is not None and state.tabled.pressed:
        return _ANSWER
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
        elif verb is Verb.PERSUADE:
            out += [_candidate(seat, verb, other) for other in sc.seats
                    if other not in state.norm_adopters]
        elif verb is Verb.OFFER:
            top, clauses = offer_scope(state)
            for other in (o for o in sc.seats if o != seat):
                out.append(_candidate(seat, verb, other))
                out += [_candidate(seat, verb, other, level) for level in range(1, top)]
                out += [_candidate(seat, verb, other, clause=c) for c in clauses]
        elif verb is Verb.TABLE:
            for mid in tableable(state, seat):
                promised = ["", *promised_clauses(state, seat, mid)]
                out += [_candidate(seat, verb, mid, level, clause=c) for c in promised
                        for level in range(1, sc.measures[mid].max_ambition + 1)]
        elif verb is Verb.TAKE_UP:
            out += [_candidate(seat, verb, t.measure) for t in state.pending]
        elif verb in CHANGING:
            assert tab is not None
            reasons = (weighing.reasons or [""]) if verb is Verb.RESERVE and weighing else [""]
            out += [_candidate(seat, verb, ambition=level, reason=r)
                    for level in range(1, tab.ambition) for r in reasons]
            out += [_candidate(seat, verb, clause=c, reason=r)
                    for c in open_clauses(state, tab) for r in reasons]
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
            if verb in (Verb.CONSULT, Verb.PERSUADE):
                out += [Action(seat, verb, o) for o in scenario.seats if o != seat]
            elif verb is Verb.OFFER:
                for other in (o for o in scenario.seats if o != seat):
                    out.append(Action(seat, verb, other))
                    out += [Action(seat, verb, other, level) for level in range(1, top)]
                    out += [Action(seat, verb, other, clause=c) for c in clauses]
            elif verb is Verb.TABLE:
                out += [Action(seat, verb, m, level, clause=c) for m in scenario.agenda
                        for c in ("", *scenario.measures[m].clauses)
                        for level in range(1, scenario.measures[m].max_ambition + 1)]
            elif verb is Verb.TAKE_UP:
                out += [Action(seat, verb, m) for m in scenario.agenda]
            elif verb in CHANGING:
                stated = ("", *reasons) if verb is Verb.RESERVE else ("",)
                out += [Action(seat, verb, ambition=level, reason=r)
                        for level in range(1, top) for r in stated]
                out += [Action(seat, verb, clause=c, reason=r) for c in clauses for r in stated]
            elif verb is Verb.OBJECT:
                out += [Action(seat, verb, reason=r) for r in reasons]
            else:
                out.append(Action(seat, verb))
    return tuple(out)


def max_moves(scenario: Scenario) -> int:
    """An upper bound on the actions of one game.

    A round: the answer to the event's choice and the convening; at most one
    consultation, persuasion, offer or pass per seat, and an answer to each offer; at
    most one tabling or pass per seat, and the chair's own statements, which leave it
    its turn; for each item tabled (at most one per seat and those statements), the
    chair taking it up, the declarations of every other seat, once on the tabled text
    and once more after each change to it (one compromise text, `max_amendments`
    amendments) and after each extra informal consultation, with those moves, a reply
    of the chair after each hearing, a call, the decision and every other seat's answer
    to minus X; the chair's extra informal consultations, each a call and one more turn
    per seat with an answer to each offer; and the adjournment."""
    seats = len(scenario.seats)
    informals = scenario.rules.chair_informals
    lowerings = 1 + scenario.rules.max_amendments
    hearings = 1 + lowerings + informals
    deliberation = 1 + hearings * seats + lowerings + 2 + (seats - 1)
    statements = sum(scenario.measures[m].chair_only for m in scenario.agenda)
    items = seats + statements
    return scenario.rounds * (2 + 2 * seats + items + items * deliberation
                              + informals * (1 + 2 * seats) + 1)


def legal_actions(state: GameState, seat: str) -> list[Action]:
    """Everything `seat` may do now, in a stable order (empty when it is not its turn)."""
    if _why_seat_cannot(state, seat) is not None:
        return []
    allowed = TABLE.verbs(state, seat)
    if state.phase is Phase.DELIBERATION and state.tabled is not None:
        legal = _on_the_text(state, seat, allowed)
    elif state.phase is Phase.CONSULTATION:
        legal = _in_consultation(state, seat, allowed)
    elif state.phase is Phase.TABLING:
        legal = _in_tabling(state, seat, allowed)
    else:
        legal = _checked(state, seat, allowed)
    global _offered
    _offered = (state, tuple(legal))
    return legal


def _checked(state: GameState, seat: str, allowed: frozenset[Verb]) -> list[Action]:
    """Every candidate `why_illegal` accepts."""
    weighing = _weigh(state, seat) if allowed & _WEIGHED else None
    return [a for a in _candidates(state, seat, allowed, weighing)
            if _why_not(state, a, allowed, weighing) is None]


def _on_the_text(state: GameState, seat: str, allowed: frozenset[Verb]) -> list[Action]:
    """`_checked` on an item open in deliberation, where what a seat may do depends only
    on its verbs and the text on the table (with the round's event as answered and the
    item's deferrals): so the scenario keeps each answer. A contract test holds
    `legal_actions` to exactly what `why_illegal` accepts, so a rule that reads more of
    the state shows up there."""
    tab = state.tabled
    assert tab is not None
    memo = state.scenario.memo
    key = ("on the text", seat, allowed, tab.measure, tab.ambition, tab.clauses, state.event,
           state.answer, state.deferred.get(tab.measure, 0))
    if key not in memo:
        memo[key] = tuple(_checked(state, seat, allowed))
    return list(memo[key])


def _in_consultation(state: GameState, seat: str, allowed: frozenset[Verb]) -> list[Action]:
    """`_checked` in the consultation, where what a seat may do depends only on its
    verbs, who holds the norm (whom it may persuade) and what can be tabled (what an
    offer may name), never on a profile: so the scenario keeps each answer with its
    public ones."""
    memo = state.scenario.public_memo
    key = ("in consultation", seat, allowed, frozenset(state.adopted),
           tuple(t.measure for t in state.pending), state.norm_adopters)
    if key not in memo:
        memo[key] = tuple(_checked(state, seat, allowed))
    return list(memo[key])


def _in_tabling(state: GameState, seat: str, allowed: frozenset[Verb]) -> list[Action]:
    """`_checked` at the tabling, where what a seat may table depends only on what is
    adopted or already tabled, whether it chairs (its statement) and the clauses it
    promised: public answers too, as `_in_consultation`'s are."""
    memo = state.scenario.public_memo
    key = ("in tabling", seat, allowed, frozenset(state.adopted),
           tuple(t.measure for t in state.pending), seat == state.chair,
           tuple(p.clause for p in state.pledges if p.by == seat and p.clause))
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


def inject(state: GameState, card: str) -> GameState:
    """The facilitator chooses the event card of the next round to open, in place of
    the seed's draw for that round only: the game's one chance node made choosable, so
    a workshop can play an inject live. It is no seat's action (seq does not move).

    The card must be one that round could draw (`chance_outcomes` without the schedule,
    weighed on what is adopted now) or one the scenario schedules for some round: an
    inject plays the scenario's deck, never a card whose prerequisites or seats are
    missing. No seat's view shows it until the round opens and the log says so.
    Raises `IllegalAction` with the nearest rule (game-over: the game is over or no
    round is left; already-tabled: that round has its inject; agenda: not a card of
    the deck or schedule; prerequisite: that round could not draw it)."""
    problem = _why_not_inject(state, card)
    if problem is not None:
        raise IllegalAction(f"inject {clip(card, 40)}", *problem)
    draft = Draft.of(state)
    draft.injects = FrozenDict({**state.injects, state.round + 1: card})
    return draft.freeze()


def _why_not_inject(state: GameState, card: str) -> Why:
    sc = state.scenario
    round_no = state.round + 1
    shown = clip(card, 40)
    if is_over(state):
        return Rule.GAME_OVER, f"the game is over: no round is left to inject `{shown}` into"
    if round_no > sc.rounds:
        return Rule.GAME_OVER, (f"round {state.round} is the last: no round is left to "
                                f"open with `{shown}`")
    if round_no in state.injects:
        return Rule.ALREADY_TABLED, (f"round {round_no} already has its inject "
                                     f"`{state.injects[round_no]}`: one inject per round")
    playable = dict.fromkeys((*sc.deck, *sc.schedule.values()))
    event = sc.events.get(card)
    if event is None or card not in playable:
        return Rule.AGENDA, (f"`{shown}` is not an event card of this scenario's deck or "
                             f"schedule: {', '.join(playable)}")
    if card in sc.schedule.values() or can_be_drawn(event, round_no, sc.seats, state.adopted):
        return None
    missing = [f"round {event.min_round}"] if event.min_round > round_no else []
    missing += [f"{s} seated" for s in event.requires_seats if s not in sc.seats]
    missing += [f"{m} adopted" for m in event.requires_adopted if m not in state.adopted]
    return Rule.PREREQUISITE, (f"round {round_no} could not draw `{card}`: it needs "
                               f"{', '.join(missing)}")


def _begin_round(state: Draft) -> None:
    """Briefing: the next meeting opens and its event card is drawn, unless the
    facilitator injected one (`inject`): then the log says so, in public.

    The chair stays the chair of the scenario's year for every meeting: the chairmanship
    "shall rotate annually" (ASEAN Charter Art. 31) [P2]."""
    sc = state.scenario
    round_no = state.round + 1
    injected = state.injects.get(round_no, "")
    card = injected or draw(state.seed, round_no, chance_outcomes(sc, round_no, state.adopted))
    state.round, state.event, state.answer = round_no, card, ""
    state.tabled, state.pending, state.consulted = None, (), frozenset()
    state.offer, state.pledges = None, ()  # promises hold for one meeting
    state.informals = 0
    _log(state, LogKind.ROUND, (state.chair,))
    if injected:
        _log(state, LogKind.INJECT, card=card)
    event = sc.events.get(card)
    if event is not None:
        _add_face(state, event.face.items())
        _add_trust(state, [(o, s, d) for s, d in event.trust.items()
                           for o in sc.seats if o != s])
        _log(state, LogKind.EVENT, card=card)
        if event.stands_aside == state.chair:
            _stand_aside(state)


def _stand_aside(state: Draft) -> None:
    """The chair gives up the chairmanship and the next member in the Art. 31 rotation
    takes it, as the Philippines took 2026 in Myanmar's place [P2][P3]."""
    old = state.chair
    state.chair = rotation(state.scenario, old)[1]
    _log(state, LogKind.STANDS_ASIDE, (old, state.chair))


def _briefing_speakers(state: Draft) -> tuple[str, ...]:
    """The seat the event card puts its choice to answers first; then the chair."""
    return (chooser(state) or state.chair,)


def _answer(state: Draft, action: Action) -> None:
    """`accept` and `decline` answer the question put in the phase: the event card's
    choice at the briefing, an offer in the consultation, the sponsor's request to
    stand aside at the decision."""
    if state.phase is Phase.BRIEFING:
        _answer_event(state, action)
    elif state.phase is Phase.CONSULTATION:
        _answer_offer(state, action)
    else:
        _answer_minus_x(state, action)


def _answer_event(state: Draft, action: Action) -> None:
    """The chosen option's face, trust and capability take effect at once; its strain
    and boost hold for the round (`current_event`). Then the chair convenes."""
    event = state.scenario.events[state.event]
    assert event.choice is not None
    accept = action.verb is Verb.ACCEPT
    option: Option = event.choice.accept if accept else event.choice.decline
    seat = action.seat
    state.answer = action.verb.value
    _add_face(state, [(seat, option.face)])
    _add_trust(state, [(o, seat, option.trust) for o in state.scenario.seats if o != seat])
    if option.capability:
        state.capability = FrozenDict(
            (s, min(5.0, max(0.0, c + option.capability)) if s == seat else c)
            for s, c in state.capability.items())
    _log(state, LogKind.ACCEPTED if accept else LogKind.DECLINED, (seat,), card=state.event)
    state.queue = (state.chair,)


def _answer_minus_x(state: Draft, action: Action) -> None:
    """An objector consents to stand aside, or refuses: minus X needs "a consensus to
    do so" (Charter Art. 21(2)) [P5], so one refusal and the press fails in public."""
    tab = state.tabled
    assert tab is not None
    if action.verb is Verb.DECLINE:
        _log(state, LogKind.REFUSE, (action.seat,), measure=tab.measure)
        _press_fails(state)
        return
    state.tabled = attrs.evolve(tab, consented=tab.consented | {action.seat})
    _log(state, LogKind.CONSENT, (action.seat,), measure=tab.measure)
    _next(state)
    if not state.queue:
        r = state.scenario.rules
        _add_trust(state, [(o, tab.sponsor, r.trust_press / 2) for o in tab.blocking()])
        _conclude(state, Result.ADOPTED_MINUS_X)


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
        known[about] = Sounding(state.round,
                                shifted(member.sensitivity, state.norm_shift.get(about, {})),
                                member.red_lines, prices)
        soundings[who] = FrozenDict(known)
    state.soundings = FrozenDict(soundings)
    state.consulted = state.consulted | {(a, b)}
    _add_trust(state, [(a, b, sc.rules.trust_consult), (b, a, sc.rules.trust_consult)])
    _log(state, LogKind.CONSULT, (a, b), seen_by=(a, b))
    _advance_queue(state, "open_floor")


def _persuade(state: Draft, action: Action) -> None:
    """A norm holder spends its consultation arguing the norm in private [S1]: the
    target's sensitivity on the norms a regional force strains moves down a step, and
    the target adopts the norm if its own weighing crosses over."""
    rules = state.scenario.rules
    a, b = action.seat, action.target
    step = persuasion_step(rules, state.capability[a], state.trust[b][a])
    base = state.scenario.members[b].sensitivity
    shift = dict(state.norm_shift.get(b, {}))
    for norm, weight in rules.persuasion_norms.items():
        now = max(0.0, base.get(norm, 0.0) + shift.get(norm, 0.0))
        shift[norm] = shift.get(norm, 0.0) - min(now, step * weight)  # never below 0
    state.norm_shift = FrozenDict({**state.norm_shift, b: FrozenDict(shift)})
    _log(state, LogKind.PERSUADE, (a, b), seen_by=(a, b))
    if weighing(shifted(base, shift), rules) <= rules.persuasion_adopt_at + 1e-9:
        _hold_norm(state, b)
    _advance_queue(state, "open_floor")


def _hold_norm(state: Draft, seat: str) -> None:
    """`seat` adopts the norm of regional peacekeeping cooperation (public)."""
    if seat not in state.norm_adopters:
        state.norm_adopters = state.norm_adopters | {seat}
        _log(state, LogKind.NORM_ADOPTED, (seat,))


def _offer(state: Draft, action: Action) -> None:
    """A private offer; its target answers at once, then the consultation goes on."""
    a, b = action.seat, action.target
    state.offer = Offer(a, b, action.ambition, action.clause)
    _log(state, LogKind.OFFER, (a, b), seen_by=(a, b), ambition=action.ambition,
         clauses=(action.clause,) if action.clause else ())
    state.queue = (b, *state.queue[1:])


def _answer_offer(state: Draft, action: Action) -> None:
    """Accepted, an offer becomes a promise each way: with terms, the offerer's item
    will meet them and the target will support it; without, each will support the
    other's item."""
    offer = state.offer
    assert offer is not None
    a, b = offer.offerer, offer.target
    state.offer = None
    if action.verb is Verb.ACCEPT:
        state.pledges = (*state.pledges, Pledge(a, b, offer.ambition, offer.clause),
                         Pledge(b, a))
    answer = LogKind.OFFER_ACCEPTED if action.verb is Verb.ACCEPT else LogKind.OFFER_DECLINED
    _log(state, answer, (b, a), seen_by=(a, b))
    _advance_queue(state, "open_floor")


def _terms_met(pledges: tuple[Pledge, ...], sponsor: str, supporter: str,
               tab: Tabling) -> bool:
    """Whether the text meets every term `sponsor` promised `supporter`."""
    return all(p.met(tab) for p in pledges if p.by == sponsor and p.to == supporter and p.terms)


def _judge_declaration(state: Draft, seat: str, stance: Stance) -> None:
    """A seat that promised its support and then reserves or objects on a text that
    meets the terms it was promised breaks its word; the one deceived sees it."""
    tab = state.tabled
    assert tab is not None
    pledge = Pledge(seat, tab.sponsor)
    if (stance is not Stance.SUPPORT and pledge in state.pledges
            and _terms_met(state.pledges, tab.sponsor, seat, tab)):
        _settle(state, pledge, kept=False)


def _judge_item(state: Draft, tab: Tabling) -> None:
    """When an item ends, its sponsor's terms are judged on the final text, and the
    support promised to it, where still standing, was kept (or void if the terms
    were never met)."""
    standing = state.pledges
    for pledge in standing:
        if pledge.by == tab.sponsor and pledge.terms:
            _settle(state, pledge, kept=pledge.met(tab))
        elif pledge.to == tab.sponsor and not pledge.terms:
            if _terms_met(standing, tab.sponsor, pledge.by, tab):
                _settle(state, pledge, kept=True)
            else:
                state.pledges = tuple(p for p in state.pledges if p != pledge)


def _settle(state: Draft, pledge: Pledge, kept: bool) -> None:
    """A promise ends: the one it was made to trusts the other more, or much less."""
    r = state.scenario.rules
    tab = state.tabled
    state.pledges = tuple(p for p in state.pledges if p != pledge)
    _add_trust(state, [(pledge.to, pledge.by, r.trust_kept if kept else r.trust_broken)])
    _log(state, LogKind.KEPT if kept else LogKind.BROKEN, (pledge.by, pledge.to),
         seen_by=(pledge.by, pledge.to), measure=tab.measure if tab else "")


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


def _close_floor(state: Draft) -> None:
    """Every seat has spoken at the tabling: deliberate the items tabled, or close a
    meeting at which nothing was tabled: it has nothing to review, so it is adjourned
    at once."""
    if state.pending:
        TABLE.advance(state, "deliberate")
        return
    _log(state, LogKind.NO_ITEM)
    state.outcomes = (*state.outcomes, Outcome(state.round, "", "", 0, Result.NONE))
    TABLE.advance(state, "no_proposal")
    _adjourn_at_once(state)
    _hold_for_form(state)


def _adjourn_at_once(state: Draft) -> None:
    """The review of a meeting with no item: the chair has nothing to click through."""
    _close_meeting(state, state.chair)


def _close_meeting(state: Draft, chair: str) -> None:
    """The chair adjourns. Internalization needs the share held at the close of
    meetings in a row."""
    _log(state, LogKind.ADJOURN, (chair,))
    sc = state.scenario
    held = len(state.norm_adopters) / len(sc.seats) >= sc.rules.internalization
    state.norm_held = state.norm_held + 1 if held else 0
    TABLE.advance(state, "adjourn")


def _hold_for_form(state: Draft) -> None:
    """A meeting at which nothing can be tabled is held for form: its event card
    applies and it closes at once. Only an adoption makes a measure tableable, so every
    later meeting of the game is then held for form too, and the game ends."""
    while state.phase is Phase.BRIEFING and not tableable(state):
        _log(state, LogKind.NO_BUSINESS)
        state.outcomes = (*state.outcomes, Outcome(state.round, "", "", 0, Result.NONE))
        TABLE.advance(state, "no_business")
        _adjourn_at_once(state)


def _table(state: Draft, action: Action) -> None:
    clauses = (action.clause,) if action.clause else ()
    state.pending = (*state.pending, Tabling(action.target, action.seat, action.ambition,
                                             clauses=frozenset(clauses)))
    _log(state, LogKind.TABLE, (action.seat,), measure=action.target,
         ambition=action.ambition, clauses=clauses)
    if not state.scenario.measures[action.target].chair_only:
        _floor_moves_on(state)  # the chair's own statement leaves it its turn to table


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
    tab = attrs.evolve(tab, positions={**tab.positions, action.seat: position})
    state.tabled = tab
    if stance is Stance.OBJECT:
        _log(state, LogKind.OBJECT, (action.seat,), measure=tab.measure,
             reason=action.reason, note=_concern(state, action.seat, action.reason))
        _add_trust(state, [(tab.sponsor, action.seat, sc.rules.trust_object)])
        if tab.compromise:
            _add_face(state, [(action.seat, sc.rules.face_object_compromise)])
    elif stance is Stance.RESERVE:
        _log(state, LogKind.RESERVE, (action.seat,), measure=tab.measure, ambition=asked,
             clauses=(action.clause,) if action.clause else (), reason=action.reason,
             note=_concern(state, action.seat, action.reason))
    else:
        _log(state, LogKind.SUPPORT, (action.seat,))
    _judge_declaration(state, action.seat, stance)
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
    elif tab.sponsor != state.chair and (_chair_may_compromise(state)
                                         or _informals_left(state)):
        state.queue = (state.chair,)
    else:
        state.queue = (tab.sponsor,)


def _chair_may_compromise(state: Draft) -> bool:
    tab = state.tabled
    return bool(tab and tab.sponsor != state.chair and not tab.compromise
                and tab.ambition > 1 and tab.blocking())


def _informals_left(state: Draft) -> bool:
    """Whether the chair may still set the blocked item aside for informal
    consultations at this meeting."""
    tab = state.tabled
    return bool(tab and tab.blocking()
                and state.informals < state.scenario.rules.chair_informals)


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


def _informals(state: Draft, action: Action) -> None:
    """The chair's good offices (Charter Art. 32(c)): the blocked item is set aside,
    every seat from the chair on consults once more (or passes), then those who blocked
    it declare again on the same text."""
    tab = state.tabled
    assert tab is not None
    blocking = set(tab.blocking())
    state.tabled = attrs.evolve(tab, positions={
        s: p for s, p in tab.positions.items() if s not in blocking})
    state.informals += 1
    TABLE.advance(state, "informals")


def _take_up(state: Draft, action: Action) -> None:
    """The chair sets the order of the agenda: the item it names is deliberated next."""
    item = next(t for t in state.pending if t.measure == action.target)
    state.tabled = item
    state.pending = tuple(t for t in state.pending if t is not item)
    _log(state, LogKind.TAKE_UP, (action.seat, item.sponsor), measure=item.measure,
         ambition=item.ambition)
    state.queue = _declarers(state)


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
    if minus_x_applies(state):
        state.tabled = attrs.evolve(tab, pressed=True)
        state.queue = tuple(o for o in rotation(state.scenario, tab.sponsor)
                            if o in tab.blocking())
        _log(state, LogKind.MINUS_X_ASKED, (tab.sponsor, *state.queue), measure=tab.measure)
        return
    _press_fails(state)


def _press_fails(state: Draft) -> None:
    """Pressed to a public decision, the measure fails: the objectors block it in
    public, at a cost in face and trust on both sides."""
    tab = state.tabled
    assert tab is not None
    r = state.scenario.rules
    objectors = tab.blocking()
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
        _adopt(state, state.outcomes[-1])
    _judge_item(state, tab)
    if state.pending:  # the next item is taken up (by the chair, if several wait)
        state.tabled = None
    TABLE.advance(state, "conclude")


def _adopt(state: Draft, outcome: Outcome) -> None:
    """An adoption raises capability, face and trust, and may spread the norm."""
    sc = state.scenario
    r = sc.rules
    measure = sc.measures[outcome.measure]
    opted = outcome.objectors
    share = outcome.ambition / measure.max_ambition
    state.capability = FrozenDict(
        (s, min(5.0, c + measure.capacity * share) if s not in opted else c)
        for s, c in state.capability.items())
    if measure.intrusiveness >= r.norm_min_intrusiveness:
        # The sponsor argued for the measure and the region took it up: it holds the
        # norm. Supporters do not, for their vote: a member adopts the norm only when
        # persuasion has moved its own weighing (`_persuade`).
        _hold_norm(state, outcome.sponsor)
    state.adopted = FrozenDict({**state.adopted, outcome.measure: outcome.ambition})
    state.adopted_clauses = FrozenDict({**state.adopted_clauses,
                                        outcome.measure: outcome.clauses})
    if opted:
        state.opted_out = FrozenDict({**state.opted_out, outcome.measure: opted})
    # A sponsor's standing grows with what its text asked of the others: the measure's
    # intrusiveness and the share of its ambition agreed; the chair's with the
    # intrusiveness of what its meeting agreed. A routine text (the chair's statement,
    # intrusiveness 0) earns neither anything, a first step little.
    weight = min(1.0, measure.intrusiveness / r.face_sponsor_full_intrusiveness)
    _add_face(state, [(outcome.sponsor, r.face_adopted_sponsor * weight * share),
                      (state.chair, r.face_adopted_chair * weight)])
    _add_trust(state, [(s, outcome.sponsor, r.trust_adopted_support)
                       for s in outcome.supporters])


def _adjourn(state: Draft, action: Action) -> None:
    _close_meeting(state, action.seat)
    _hold_for_form(state)


Effect = Callable[[Draft, Action], None]

EFFECTS: dict[Verb, Effect] = {
    Verb.CONVENE: _convene,
    Verb.CONSULT: _consult,
    Verb.PERSUADE: _persuade,
    Verb.OFFER: _offer,
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
    Verb.ACCEPT: _answer,
    Verb.DECLINE: _answer,
    Verb.TAKE_UP: _take_up,
    Verb.INFORMALS: _informals,
}


# --- the phase table ---------------------------------------------------------------

def _in_turn(verbs: frozenset[Verb]) -> Callable[[GameState, str], frozenset[Verb]]:
    return lambda state, seat: verbs


def _open_item(state: Draft) -> None:
    """Deliberation opens on the one item waiting; with several waiting the chair
    takes one up (`_take_up`); an item set aside for informal consultations resumes."""
    if state.tabled is None and len(state.pending) == 1:
        state.tabled, state.pending = state.pending[0], ()


def _deliberation_order(state: Draft) -> tuple[str, ...]:
    """The chair, to take up an item, or those who must declare on the item open."""
    return _chair(state) if state.tabled is None else _declarers(state)


def _item_open(state: Draft) -> bool:
    """An item is set aside for the chair's extra informal consultations."""
    return state.tabled is not None


def _consultations_open(state: Draft) -> None:
    tab = state.tabled
    if tab is None:
        _log(state, LogKind.CONVENE)
    else:
        _log(state, LogKind.INFORMALS, (state.chair,), measure=tab.measure)


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
    PhaseSpec(Phase.BRIEFING, _briefing_verbs, _briefing_speakers,
              (Exit("convene", Phase.CONSULTATION), Exit("no_business", Phase.REVIEW)),
              enter=_begin_round),
    PhaseSpec(Phase.CONSULTATION, _consultation_verbs, _from_chair,
              (Exit("open_floor", Phase.TABLING, unless="item_open"),
               Exit("open_floor", Phase.DELIBERATION, when="item_open")),
              enter=_consultations_open),
    PhaseSpec(Phase.TABLING, _in_turn(_TABLING), _from_chair,
              (Exit("deliberate", Phase.DELIBERATION), Exit("no_proposal", Phase.REVIEW)),
              enter=_log_entering(LogKind.FLOOR)),
    PhaseSpec(Phase.DELIBERATION, _deliberation_verbs, _deliberation_order,
              (Exit("call", Phase.DECISION), Exit("informals", Phase.CONSULTATION)),
              enter=_open_item),
    PhaseSpec(Phase.DECISION, _decision_verbs, _sponsor,
              (Exit("conclude", Phase.DELIBERATION, when="more_items"),
               Exit("conclude", Phase.REVIEW, unless="more_items"))),
    PhaseSpec(Phase.REVIEW, _in_turn(_ADJOURN), _chair,
              (Exit("adjourn", Phase.BRIEFING, unless="last_round"),
               Exit("adjourn", Phase.OVER, when="last_round"))),
    PhaseSpec(Phase.OVER, _in_turn(_NOTHING), lambda state: (),
              enter=_log_entering(LogKind.OVER)),
], conditions={"last_round": _last_round, "more_items": _more_items,
               "item_open": _item_open})
"""The round, declared once: each phase's verbs, speakers, exits and on-enter effect."""
