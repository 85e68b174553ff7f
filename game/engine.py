"""The rules: which actions are legal, and what applying one does.

`legal_actions(state, seat)` lists what `seat` may do now; `apply(state, action)` returns
the next state or raises `IllegalAction` naming the rule broken. Both rest on one
function, `why_illegal`, so what is offered and what is accepted never disagree.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping

import attrs

from game import phases
from game.actions import Action, IllegalAction, Verb
from game.model import NORMS, Event, Scenario
from game.norms import can_be_drawn, chair_of, crossed, objecting_reasons, rotation, strains
from game.state import Entry, GameState, Outcome, Position, Sounding, Tabling


def new_game(scenario: Scenario, seed: int = 0) -> GameState:
    """The state at the start of round 1's briefing, with its event card drawn."""
    rules = scenario.rules
    seats = scenario.seats
    trust = {s: {o: scenario.members[s].trust.get(o, rules.trust_default)
                 for o in seats if o != s} for s in seats}
    state = GameState(
        scenario=scenario, seed=seed, phase="briefing", round=0, chair=scenario.first_chair,
        queue=(), event="", face={s: scenario.members[s].face for s in seats}, trust=trust,
        capability={s: scenario.members[s].capability for s in seats},
        adopted={m: scenario.measures[m].max_ambition for m in scenario.adopted},
        opted_out={}, deferred={}, norm_adopters=frozenset(scenario.norm_adopters),
        tabled=None, consulted=frozenset(), soundings={}, outcomes=(), log=())
    return _begin_round(state)


def is_over(state: GameState) -> bool:
    return state.phase == "over"


def current_event(state: GameState) -> Event | None:
    return state.scenario.events.get(state.event)


def tabled_strains(state: GameState, measure_id: str, ambition: int) -> dict[str, float]:
    """The norm strain of a measure at an ambition in this round (event and deferrals
    included): the one figure red lines and objection reasons are judged on."""
    sc = state.scenario
    return strains(sc.measures[measure_id], ambition, current_event(state),
                   state.deferred.get(measure_id, 0), sc.rules.deferral_relief)


def tableable(state: GameState) -> list[str]:
    """Agenda measures that may be tabled now: not adopted, prerequisites met."""
    sc = state.scenario
    return [m for m in sc.agenda if m not in state.adopted
            and all(r in state.adopted for r in sc.measures[m].requires)]


# --- legality ---------------------------------------------------------------------

def why_illegal(state: GameState, action: Action) -> tuple[str, str] | None:
    """None if `action` is legal now, else (rule, explanation)."""
    return _why_seat_cannot(state, action.seat) or _why_not(
        state, action, PHASE_VERBS[state.phase](state, action.seat))


def _why_seat_cannot(state: GameState, seat: str) -> tuple[str, str] | None:
    sc = state.scenario
    if state.phase == "over":
        return "game-over", "the game is over"
    if seat not in sc.members:
        return "unknown-seat", f"`{seat}` is not seated; seats: {', '.join(sc.seats)}"
    if state.to_move != seat:
        return "turn-order", f"it is {state.to_move}'s turn to act in the {state.phase}"
    return None


def _why_not(state: GameState, action: Action, allowed: frozenset[Verb]
             ) -> tuple[str, str] | None:
    """The checks that depend on the action itself, once the seat may act."""
    sc = state.scenario
    seat, verb = action.seat, action.verb
    if verb not in allowed:
        options = ", ".join(sorted(str(v) for v in allowed)) or "nothing"
        return "wrong-phase", f"`{verb}` is not possible now; {seat} may: {options}"
    tab = state.tabled
    if verb is Verb.CONSULT:
        if action.target == seat or action.target not in sc.members:
            return "consult-target", f"consult another seated member, not `{action.target}`"
    elif verb is Verb.TABLE:
        return _why_not_tableable(state, action)
    elif verb in (Verb.RESERVE, Verb.AMEND, Verb.COMPROMISE):
        assert tab is not None
        if not 1 <= action.ambition < tab.ambition:
            return "ambition-range", (f"the ambition must be lower than the current "
                                      f"{tab.ambition} and at least 1")
    elif verb in (Verb.SUPPORT, Verb.OBJECT):
        assert tab is not None
        member, measure = sc.members[seat], sc.measures[tab.measure]
        load = tabled_strains(state, tab.measure, tab.ambition)
        if verb is Verb.SUPPORT and crossed(member.red_lines, measure, tab.ambition, load):
            return "red-line", f"{tab.measure} at ambition {tab.ambition} crosses {seat}'s red line"
        if verb is Verb.OBJECT:
            reasons = objecting_reasons(member, measure, tab.ambition, load)
            if action.reason not in reasons:
                return "objection-reason", (f"an objection must give a reason that applies: "
                                            f"{', '.join(reasons) or 'none applies'}")
    if action.target and verb not in (Verb.CONSULT, Verb.TABLE):
        return "syntax", f"`{verb}` takes no target"
    return None


def _why_not_tableable(state: GameState, action: Action) -> tuple[str, str] | None:
    sc = state.scenario
    mid = action.target
    if mid not in sc.agenda:
        return "agenda", f"`{mid}` is not on this scenario's agenda: {', '.join(sc.agenda)}"
    if mid in state.adopted:
        return "already-adopted", f"{mid} is already adopted"
    missing = [r for r in sc.measures[mid].requires if r not in state.adopted]
    if missing:
        return "prerequisite", f"{mid} needs {', '.join(missing)} adopted first"
    top = sc.measures[mid].max_ambition
    if not 1 <= action.ambition <= top:
        return "ambition-range", f"{mid} has ambition levels 1 to {top}"
    return None


def _chair_may_compromise(state: GameState) -> bool:
    tab = state.tabled
    return bool(tab and tab.sponsor != state.chair and not tab.compromise
                and tab.ambition > 1 and tab.blocking())


def _deliberation_verbs(state: GameState, seat: str) -> frozenset[Verb]:
    tab = state.tabled
    assert tab is not None
    if seat != tab.sponsor and seat not in tab.positions:
        return frozenset({Verb.SUPPORT, Verb.RESERVE, Verb.OBJECT})
    if seat == state.chair and seat != tab.sponsor:
        return frozenset({Verb.COMPROMISE, Verb.PASS})
    amend = tab.amendments < state.scenario.rules.max_amendments and tab.ambition > 1
    return frozenset({Verb.AMEND, Verb.CALL} if amend else {Verb.CALL})


def _decision_verbs(state: GameState, seat: str) -> frozenset[Verb]:
    last = state.round >= state.scenario.rounds
    return frozenset({Verb.WITHDRAW, Verb.PRESS} if last else
                     {Verb.WITHDRAW, Verb.DEFER, Verb.PRESS})


PHASE_VERBS = {
    "briefing": lambda s, seat: frozenset({Verb.CONVENE}),
    "consultation": lambda s, seat: frozenset({Verb.CONSULT, Verb.PASS}),
    "tabling": lambda s, seat: frozenset({Verb.TABLE, Verb.PASS}),
    "deliberation": _deliberation_verbs,
    "decision": _decision_verbs,
    "review": lambda s, seat: frozenset({Verb.ADJOURN}),
    "over": lambda s, seat: frozenset(),
}


def _candidates(state: GameState, seat: str, allowed: frozenset[Verb]) -> Iterator[Action]:
    sc = state.scenario
    tab = state.tabled
    for verb in sorted(allowed):
        if verb is Verb.CONSULT:
            for other in sc.seats:
                if other != seat:
                    yield Action(seat, verb, other)
        elif verb is Verb.TABLE:
            for mid in tableable(state):
                for level in range(1, sc.measures[mid].max_ambition + 1):
                    yield Action(seat, verb, mid, level)
        elif verb in (Verb.RESERVE, Verb.AMEND, Verb.COMPROMISE):
            assert tab is not None
            for level in range(1, tab.ambition):
                yield Action(seat, verb, ambition=level)
        elif verb is Verb.OBJECT:
            assert tab is not None
            load = tabled_strains(state, tab.measure, tab.ambition)
            for reason in objecting_reasons(sc.members[seat], sc.measures[tab.measure],
                                            tab.ambition, load):
                yield Action(seat, verb, reason=reason)
        else:
            yield Action(seat, verb)


def legal_actions(state: GameState, seat: str) -> list[Action]:
    """Everything `seat` may do now, in a stable order (empty when it is not its turn)."""
    if _why_seat_cannot(state, seat) is not None:
        return []
    allowed = PHASE_VERBS[state.phase](state, seat)
    return [a for a in _candidates(state, seat, allowed) if _why_not(state, a, allowed) is None]


def apply(state: GameState, action: Action) -> GameState:
    """The state after `action`; raises `IllegalAction` and leaves `state` untouched."""
    problem = why_illegal(state, action)
    if problem is not None:
        raise IllegalAction(action, *problem)
    return EFFECTS[action.verb](state.replace(seq=state.seq + 1), action)


# --- effects ------------------------------------------------------------------------

def _log(state: GameState, text: str, kind: str = "note", seats: tuple[str, ...] = (),
         seen_by: tuple[str, ...] = (), detail: str = "") -> GameState:
    entry = Entry(state.seq, state.round, state.phase, text, kind, seats, seen_by, detail)
    return state.replace(log=(*state.log, entry))


def _clamp(value: float, low: float, high: float) -> float:
    return min(high, max(low, value))


def _add_face(state: GameState, changes: Mapping[str, float]) -> GameState:
    r = state.scenario.rules
    face = dict(state.face)
    for seat, delta in changes.items():
        if seat in face and delta:
            face[seat] = _clamp(face[seat] + delta, r.face_min, r.face_max)
    return state.replace(face=face)


def _add_trust(state: GameState, changes: list[tuple[str, str, float]]) -> GameState:
    """Apply (from, toward, delta) changes to the trust matrix."""
    r = state.scenario.rules
    trust = dict(state.trust)
    for src, dst, delta in changes:
        if src != dst and src in trust and dst in trust[src] and delta:
            row = dict(trust[src])
            row[dst] = _clamp(row[dst] + delta, r.trust_min, r.trust_max)
            trust[src] = row
    return state.replace(trust=trust)


def _next(state: GameState) -> GameState:
    """Drop the seat that just acted from the queue."""
    return state.replace(queue=state.queue[1:])


def _begin_round(state: GameState) -> GameState:
    """Briefing: rotate the chair and draw the round's event card."""
    sc = state.scenario
    round_no = state.round + 1
    chair = chair_of(sc, round_no)
    card = sc.schedule.get(round_no, "")
    if not card:
        deck = [e for e in sc.deck if can_be_drawn(sc.events[e], round_no, sc.seats,
                                                     state.adopted)]
        if deck:
            digest = hashlib.sha256(f"{state.seed}:{round_no}:event".encode()).digest()
            card = deck[int.from_bytes(digest[:8], "big") % len(deck)]
    state = state.replace(round=round_no, chair=chair, queue=(chair,), event=card,
                         tabled=None, consulted=frozenset())
    state = _log(state, f"Round {round_no} opens with {sc.members[chair].name} in the chair.",
                 "round", (chair,))
    if card:
        event = sc.events[card]
        state = _add_face(state, event.face)
        state = _add_trust(state, [(o, s, d) for s, d in event.trust.items()
                                   for o in sc.seats if o != s])
        state = _log(state, f"Event: {event.name}. {event.text}", "event")
    return state


def _convene(state: GameState, action: Action) -> GameState:
    state = phases.fire(state, "convene")
    state = state.replace(queue=rotation(state.scenario, state.chair))
    return _log(state, "The chair convenes informal consultations (musyawarah).", "phase")


def _consult(state: GameState, action: Action) -> GameState:
    sc = state.scenario
    a, b = action.seat, action.target
    soundings = dict(state.soundings)
    for who, about in ((a, b), (b, a)):
        member = sc.members[about]
        known = dict(soundings.get(who, {}))
        known[about] = Sounding(state.round, dict(member.sensitivity), member.red_lines)
        soundings[who] = known
    state = state.replace(soundings=soundings,
                         consulted=state.consulted | {(a, b)})
    state = _add_trust(state, [(a, b, sc.rules.trust_consult), (b, a, sc.rules.trust_consult)])
    names = f"{sc.members[a].name} and {sc.members[b].name}"
    state = _log(state, f"{names} consult in private; each learns where the other stands.",
                 "consult", (a, b), seen_by=(a, b))
    return _advance_queue(state, "open_floor")


def _pass(state: GameState, action: Action) -> GameState:
    if state.phase == "deliberation":  # the chair declines to offer a compromise text
        tab = state.tabled
        assert tab is not None
        state = _log(state, "The chair offers no compromise text.", "pass", (action.seat,))
        return state.replace(queue=(tab.sponsor,))
    trigger = "open_floor" if state.phase == "consultation" else "no_proposal"
    return _advance_queue(state, trigger)


def _advance_queue(state: GameState, trigger: str) -> GameState:
    state = _next(state)
    if state.queue:
        return state
    if trigger == "open_floor":
        state = phases.fire(state, trigger)
        state = state.replace(queue=rotation(state.scenario, state.chair))
        return _log(state, "The floor is open for proposals.", "phase")
    state = _log(state, "No measure is tabled at this meeting.", "none")
    state = state.replace(outcomes=(*state.outcomes,
                                          Outcome(state.round, "", "", 0, "none")))
    state = phases.fire(state, trigger)
    return state.replace(queue=(state.chair,))


def _table(state: GameState, action: Action) -> GameState:
    sc = state.scenario
    tab = Tabling(action.target, action.seat, action.ambition)
    state = phases.fire(state, "table")
    state = state.replace(tabled=tab, queue=_declarers(state, tab))
    level = sc.measures[action.target].levels[action.ambition - 1]
    return _log(state, f"{sc.members[action.seat].name} tables "
                f"{sc.measures[action.target].name} at ambition {action.ambition}: {level}",
                "table", (action.seat,))


def _declarers(state: GameState, tab: Tabling) -> tuple[str, ...]:
    order = rotation(state.scenario, tab.sponsor)[1:]
    return tuple(s for s in order if s not in tab.positions)


def _declare(state: GameState, action: Action) -> GameState:
    tab = state.tabled
    assert tab is not None
    sc = state.scenario
    position = Position(str(action.verb), action.ambition, action.reason)
    tab = attrs.evolve(tab, positions={**tab.positions, action.seat: position})
    state = state.replace(tabled=tab)
    name = sc.members[action.seat].name
    if action.verb is Verb.OBJECT:
        why = (sc.rules.norm_names.get(action.reason, action.reason)
               if action.reason in NORMS else action.reason.replace("-", " "))
        state = _log(state, f"{name} objects ({action.reason}: {why}).", "object",
                     (action.seat,), detail=action.reason)
        state = _add_trust(state, [(tab.sponsor, action.seat, sc.rules.trust_object)])
        if tab.compromise:
            state = _add_face(state, {action.seat: sc.rules.face_object_compromise})
    elif action.verb is Verb.RESERVE:
        state = _log(state, f"{name} reserves its position: it could join consensus at "
                     f"ambition {action.ambition}.", "reserve", (action.seat,))
    else:
        state = _log(state, f"{name} supports.", "support", (action.seat,))
    state = _next(state)
    return _after_declarations(state) if not state.queue else state


def _after_declarations(state: GameState) -> GameState:
    """Everyone has spoken: adopt by consensus, or hand the floor to the chair/sponsor."""
    tab = state.tabled
    assert tab is not None
    if not tab.blocking():
        state = phases.fire(state, "call")
        return _conclude(state, "adopted")
    if _chair_may_compromise(state):
        return state.replace(queue=(state.chair,))
    return state.replace(queue=(tab.sponsor,))


def _lower(state: GameState, action: Action, compromise: bool) -> GameState:
    tab = state.tabled
    assert tab is not None
    sc = state.scenario
    kept = {s: (Position("support") if p.stance == "reserve" and p.ambition >= action.ambition
                else p)
            for s, p in tab.positions.items() if p.stance != "object"}
    kept = {s: p for s, p in kept.items() if p.stance == "support"}
    tab = attrs.evolve(tab, ambition=action.ambition, positions=kept,
                       amendments=tab.amendments + (0 if compromise else 1),
                       compromise=tab.compromise or compromise)
    state = state.replace(tabled=tab, queue=_declarers(state, tab))
    level = sc.measures[tab.measure].levels[action.ambition - 1]
    who = sc.members[action.seat].name
    text = (f"The chair, {who}, offers a compromise text at ambition {action.ambition}: {level}"
            if compromise else f"{who} amends the proposal to ambition {action.ambition}: {level}")
    state = _log(state, text, "compromise" if compromise else "amend", (action.seat,))
    return state if state.queue else _after_declarations(state)


def _call(state: GameState, action: Action) -> GameState:
    state = phases.fire(state, "call")
    state = state.replace(queue=(action.seat,))
    return _log(state, f"{state.scenario.members[action.seat].name} calls for a decision; "
                "there is no consensus.", "call", (action.seat,))


def _sponsor_decides(state: GameState, action: Action) -> GameState:
    tab = state.tabled
    assert tab is not None
    r = state.scenario.rules
    if action.verb is Verb.WITHDRAW:
        state = _add_face(state, {tab.sponsor: r.face_withdraw})
        return _conclude(state, "withdrawn")
    if action.verb is Verb.DEFER:
        state = _add_face(state, {tab.sponsor: r.face_defer})
        deferred = {**state.deferred, tab.measure: state.deferred.get(tab.measure, 0) + 1}
        return _conclude(state.replace(deferred=deferred), "deferred")
    objectors = tab.blocking()
    measure = state.scenario.measures[tab.measure]
    if (r.minus_x and (r.minus_x_security or not measure.security)
            and len(objectors) <= r.minus_x_max_objectors):
        state = _add_trust(state, [(o, tab.sponsor, r.trust_press / 2) for o in objectors])
        return _conclude(state, "adopted-minus-x")
    state = _add_face(state, {tab.sponsor: r.face_press_sponsor,
                              **{o: r.face_press_objector for o in objectors}})
    state = _add_trust(state, [pair for o in objectors for pair in
                               ((o, tab.sponsor, r.trust_press), (tab.sponsor, o, r.trust_press))])
    return _conclude(state, "failed")


def _conclude(state: GameState, result: str) -> GameState:
    """Record how the tabling ended and move on to the review."""
    tab = state.tabled
    assert tab is not None
    sc = state.scenario
    objectors = tuple(tab.blocking())
    supporters = tuple(s for s in sc.seats if s not in objectors)
    state = state.replace(outcomes=(*state.outcomes, Outcome(
        state.round, tab.measure, tab.sponsor, tab.ambition, result, objectors, supporters)))
    name = sc.measures[tab.measure].name
    text = {
        "adopted": f"Consensus (mufakat): {name} is adopted at ambition {tab.ambition}.",
        "adopted-minus-x": f"{name} is adopted under ASEAN minus X; "
                           f"{', '.join(objectors)} opt out.",
        "withdrawn": f"{name} is withdrawn quietly.",
        "deferred": f"{name} is deferred to a later meeting.",
        "failed": f"{name} is pressed to a public decision and fails; "
                  f"{', '.join(objectors)} block it in public.",
    }[result]
    state = _log(state, text, result, (tab.sponsor, *objectors))
    state = phases.fire(state, "conclude")
    return state.replace(queue=(state.chair,))


def _review(state: GameState) -> GameState:
    """Review: an adoption raises capability, face, trust and may spread the norm."""
    outcome = state.outcomes[-1] if state.outcomes else None
    if outcome is None or outcome.round != state.round or not outcome.result.startswith("adopted"):
        return state
    sc = state.scenario
    r = sc.rules
    measure = sc.measures[outcome.measure]
    opted = outcome.objectors
    share = outcome.ambition / measure.max_ambition
    capability = {s: min(5.0, c + measure.capacity * share) if s not in opted else c
                  for s, c in state.capability.items()}
    adopters = state.norm_adopters
    if measure.intrusiveness >= r.norm_min_intrusiveness:
        adopters = adopters | set(outcome.supporters)
    state = state.replace(
        adopted={**state.adopted, outcome.measure: outcome.ambition},
        opted_out={**state.opted_out, outcome.measure: opted} if opted else state.opted_out,
        capability=capability, norm_adopters=frozenset(adopters))
    state = _add_face(state, {outcome.sponsor: r.face_adopted_sponsor,
                              state.chair: r.face_adopted_chair})
    return _add_trust(state, [(s, outcome.sponsor, r.trust_adopted_support)
                              for s in outcome.supporters])


def _adjourn(state: GameState, action: Action) -> GameState:
    state = _log(state, f"Round {state.round} is adjourned.", "adjourn", (action.seat,))
    state = phases.fire(state, "adjourn")
    if state.phase == "over":
        return _log(state.replace(queue=()), "The game is over.", "over")
    return state


EFFECTS = {
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

phases.install(on_briefing=_begin_round, on_review=_review)
