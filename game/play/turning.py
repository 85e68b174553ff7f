"""A seat's turning points and the reasons behind its objectives, read from the log.

A turning point is a logged fact that changed what the seat could still score: its own
tabling, an objection or a compromise on a measure its objectives name, the item's fate,
a promise kept or broken, a deal struck, the norm won by one more member. Each is one
plain English line with its round, with members and measures by name (the debrief
escapes them for Markdown).
"""

from __future__ import annotations

from game.rules.enums import LogKind
from game.rules.log import clause_words, reason_words
from game.rules.model import Objective
from game.rules.scoring import norm_stage
from game.rules.state import Entry, GameState, Outcome

_FATES = {LogKind.ADOPTED: "adopted", LogKind.ADOPTED_MINUS_X: "adopted under ASEAN minus X",
          LogKind.FAILED: "fails when pressed to a decision", LogKind.WITHDRAWN: "withdrawn",
          LogKind.DEFERRED: "deferred"}
"""How an item's tabling ended, as the turning point says it."""


def name(state: GameState, seat: str) -> str:
    """A member's display name (the id only if it is not in the scenario)."""
    member = state.scenario.members.get(seat)
    return member.name if member else seat


def measure_name(state: GameState, mid: str) -> str:
    """A measure's display name (the id only if it is not in the scenario)."""
    measure = state.scenario.measures.get(mid)
    return measure.name if measure else mid


def ground(state: GameState, entry: Entry) -> str:
    """Why a member objected: its red line's words or the norm's name."""
    if entry.note:
        return f"its red line: {entry.note.rstrip('.')}"
    return reason_words(entry.reason, state.scenario)


def objections(state: GameState, rnd: int, mid: str) -> dict[str, str]:
    """Seat -> its last ground for objecting to `mid` in round `rnd`."""
    return {e.seats[0]: ground(state, e) for e in state.log
            if e.kind is LogKind.OBJECT and e.round == rnd and e.measure == mid}


def blockers(state: GameState, outcome: Outcome) -> str:
    """`Singapore (Non-interference), Vietnam (Sovereign equality)`."""
    grounds = objections(state, outcome.round, outcome.measure)
    return ", ".join(f"{name(state, s)} ({grounds[s]})" if s in grounds else name(state, s)
                     for s in outcome.objectors)


def _stakes(state: GameState, seat: str) -> set[str]:
    """The measures whose fate moves `seat`'s objectives."""
    sc = state.scenario
    mids = {o.measure for o in sc.members[seat].objectives if o.measure}
    for o in sc.members[seat].objectives:
        if o.kind == "progress":
            mids |= {m for m, v in sc.measures.items() if v.intrusiveness >= o.min_intrusiveness}
    return mids


def _effect(state: GameState, seat: str, entry: Entry) -> str:
    """What an adoption did to `seat`'s objectives on that measure."""
    said = []
    for o in state.scenario.members[seat].objectives:
        if o.measure != entry.measure:
            continue
        if o.kind == "adopt":
            said.append("meets" if entry.ambition >= o.min_ambition else "falls short of")
        elif o.kind == "block":
            said.append("breaks" if entry.ambition > o.max_ambition else "keeps")
        elif o.kind == "clause":
            said.append("meets" if o.clause in entry.clauses else "breaks")
        else:
            continue
        said[-1] += f" the objective “{o.note or o.kind}”"
    return f": this {' and '.join(said)}" if said else ""


def _line(state: GameState, seat: str, entry: Entry, stakes: set[str]) -> str | None:
    """The turning point `entry` is for `seat`, or None."""
    kind, sc = entry.kind, state.scenario
    who = name(state, entry.seats[0]) if entry.seats else ""
    other = name(state, entry.seats[1]) if len(entry.seats) > 1 else ""
    item = measure_name(state, entry.measure)
    mine = seat in entry.seats
    if kind is LogKind.TABLE and (mine or entry.measure in stakes):
        with_clauses = f" with {clause_words(entry.clauses, sc)}" if entry.clauses else ""
        return f"{who} tabled {item} at ambition {entry.ambition}{with_clauses}."
    if kind is LogKind.OBJECT and (mine or entry.measure in stakes):
        return f"{who} objected to {item} ({ground(state, entry)})."
    if kind in (LogKind.COMPROMISE, LogKind.AMEND) and (mine or entry.measure in stakes):
        change = (f"added {clause_words(entry.clauses, sc)}" if entry.clauses
                  else f"lowered the ambition to {entry.ambition}")
        by = f"the chair, {who}, offered a compromise that" if kind is LogKind.COMPROMISE \
            else f"{who} amended it and"
        return f"On {item}, {by} {change}."
    if kind in _FATES and (entry.measure in stakes or _tabled_by(state, entry, seat)):
        fate = _FATES[kind]
        if kind in (LogKind.ADOPTED, LogKind.ADOPTED_MINUS_X):
            with_clauses = f" with {clause_words(entry.clauses, sc)}" if entry.clauses else ""
            fate += f" at ambition {entry.ambition}{with_clauses}{_effect(state, seat, entry)}"
        return f"{item} {fate}."
    if kind in (LogKind.BROKEN, LogKind.KEPT) and mine:
        verb = "broke" if kind is LogKind.BROKEN else "kept"
        cost = " (face and trust lost)" if kind is LogKind.BROKEN else ""
        return f"{who} {verb} its promise to {other} on {item}{cost}."
    if kind is LogKind.OFFER_ACCEPTED and mine:
        return f"{who} accepted {other}'s offer: a promise each way."
    if kind in (LogKind.CONSENT, LogKind.REFUSE) and (mine or entry.measure in stakes):
        verb = "consented" if kind is LogKind.CONSENT else "refused"
        return f"{who} {verb} to stand aside on {item} (ASEAN minus X)."
    if kind is LogKind.NORM_ADOPTED and (mine or _wants_norm(state, seat)):
        return f"{who} took up the norm of regional peacekeeping cooperation."
    return None


def _tabled_by(state: GameState, entry: Entry, seat: str) -> bool:
    return any(o.round == entry.round and o.measure == entry.measure and o.sponsor == seat
               for o in state.outcomes)


def _wants_norm(state: GameState, seat: str) -> bool:
    return any(o.kind == "norm" for o in state.scenario.members[seat].objectives)


def turning_points(state: GameState, seat: str) -> list[str]:
    """`seat`'s turning points in the order they happened, each `Round N: ...`."""
    stakes = _stakes(state, seat)
    lines: list[str] = []
    for entry in state.log:
        said = _line(state, seat, entry, stakes)
        line = f"Round {entry.round}: {said}"
        if said is not None and (entry.kind is not LogKind.OBJECT or line not in lines):
            lines.append(line)  # an objection said again to the same text changes nothing
    return lines


def _last_outcome(state: GameState, mid: str) -> Outcome | None:
    tablings = [o for o in state.outcomes if o.measure == mid]
    return tablings[-1] if tablings else None


def _fate(state: GameState, mid: str) -> str:
    """Why `mid` is not adopted: its last tabling's end, or that nobody tabled it."""
    outcome = _last_outcome(state, mid)
    if outcome is None:
        return f"{measure_name(state, mid)} was never tabled"
    end = f"{measure_name(state, mid)} was last tabled in round {outcome.round} " \
          f"by {name(state, outcome.sponsor)} at ambition {outcome.ambition}"
    if outcome.objectors:
        return f"{end} and blocked by {blockers(state, outcome)}"
    return f"{end} and ended {outcome.result}"


def why(state: GameState, seat: str, o: Objective) -> str:
    """Why the objective is met or missed, from the final state and its log."""
    level = state.adopted.get(o.measure, 0) if o.measure else 0
    item = measure_name(state, o.measure) if o.measure else ""
    clauses = state.adopted_clauses.get(o.measure, ()) if o.measure else ()
    if o.kind == "face":
        return f"face ended at {state.face[seat]:.0f} (needed {o.min:g})"
    if o.kind == "norm":
        return f"the norm reached {norm_stage(state)} (needed {o.stage})"
    if o.kind == "progress":
        done = [m for m in state.adopted if m not in state.scenario.adopted
                and state.scenario.measures[m].intrusiveness >= o.min_intrusiveness]
        return (f"{', '.join(measure_name(state, m) for m in done)} adopted" if done else
                f"no measure of intrusiveness {o.min_intrusiveness}+ was adopted")
    if not level:
        return _fate(state, o.measure) if o.kind != "clause" else f"{item} was not adopted"
    adopted = f"{item} adopted at ambition {level}"
    if o.kind == "clause":
        has = "with" if o.clause in clauses else "without"
        return f"{adopted}, {has} {clause_words((o.clause,), state.scenario)}"
    return adopted
