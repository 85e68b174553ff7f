"""The game log in words: `render(entry, scenario)` turns the facts of an `Entry` into
the sentence a player reads. The state (and so its hash) holds only the facts, so a
rewording here never invalidates a saved game."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

from game.rules.enums import LogKind
from game.rules.model import NORMS, Event, Measure, Rules
from game.rules.state import Entry


class Named(Protocol):
    """A member as the log names it: a `Member` or the `PublicMember` a view holds."""

    @property
    def name(self) -> str: ...


class Names(Protocol):
    """What the log's words are looked up in: a `Scenario`, or a seat's `View` (so a
    remote client, which has only its view, words the log as solo play does)."""

    @property
    def members(self) -> Mapping[str, Named]: ...
    @property
    def measures(self) -> Mapping[str, Measure]: ...
    @property
    def rules(self) -> Rules: ...
    @property
    def events(self) -> Mapping[str, Event]: ...


def reason_words(reason: str, scenario: Names) -> str:
    """An objection's reason in words: a norm's name, `red line` or `burden`."""
    if reason in NORMS:
        return scenario.rules.norm_names.get(reason, reason)
    return reason.replace("-", " ")


def clause_words(clauses: tuple[str, ...], scenario: Names) -> str:
    """Safeguard clauses by name: `the clause "Host-state consent"`."""
    names = [scenario.rules.clauses[c].name if c in scenario.rules.clauses else c
             for c in clauses]
    return ("the clause " if len(names) == 1 else "the clauses ") + ", ".join(
        f"“{n}”" for n in names)


def offer_words(entry: Entry, scenario: Names) -> str:
    """An offer's terms, from the offerer's side."""
    if entry.clauses:
        return (f"its item at this meeting will carry {clause_words(entry.clauses, scenario)}, "
                "if you support it.")
    if entry.ambition:
        return (f"its item at this meeting will go no higher than ambition {entry.ambition}, "
                "if you support it.")
    return "each supports the other's item at this meeting."


def render(entry: Entry, scenario: Names) -> str:
    """The sentence for `entry`."""
    def name(seat: str) -> str:
        member = scenario.members.get(seat)
        return member.name if member else seat

    who = name(entry.seats[0]) if entry.seats else ""
    measure = scenario.measures.get(entry.measure)
    item = measure.name if measure else entry.measure
    level = (measure.levels[entry.ambition - 1]
             if measure and 1 <= entry.ambition <= measure.max_ambition else "")
    others = ", ".join(entry.seats[1:])
    with_clauses = (f", with {clause_words(entry.clauses, scenario)}" if entry.clauses
                    else "")
    kind = entry.kind
    if kind is LogKind.ROUND:
        return f"Round {entry.round} opens with {who} in the chair."
    if kind is LogKind.INJECT:
        event = scenario.events.get(entry.card)
        return f"The facilitator injects: {event.name if event else entry.card}."
    if kind is LogKind.EVENT:
        event = scenario.events.get(entry.card)
        return f"Event: {event.name}. {event.text}" if event else f"Event: {entry.card}."
    if kind in (LogKind.ACCEPTED, LogKind.DECLINED):
        event = scenario.events.get(entry.card)
        choice = event.choice if event else None
        if choice is None:
            return f"{who} {'accepts' if kind is LogKind.ACCEPTED else 'declines'}."
        option = choice.accept if kind is LogKind.ACCEPTED else choice.decline
        return f"{who} answers “{choice.question}”: {option.text}"
    if kind is LogKind.STANDS_ASIDE:
        return (f"{who} stands aside from the chair; {name(entry.seats[1])} takes the "
                "chair in its place.")
    if kind is LogKind.MINUS_X_ASKED:
        return (f"{who} presses {item} and asks {others} to stand aside under ASEAN minus "
                "X: that needs their consent (Charter Art. 21(2)).")
    if kind is LogKind.CONSULT:
        return (f"{who} and {name(entry.seats[1])} consult in private; each learns where "
                "the other stands.")
    if kind is LogKind.PERSUADE:
        return (f"{who} argues the case for regional peacekeeping cooperation with "
                f"{name(entry.seats[1])} in private.")
    if kind is LogKind.NORM_ADOPTED:
        return f"{who} now holds the norm of regional peacekeeping cooperation."
    if kind is LogKind.OFFER:
        return f"{who} offers {name(entry.seats[1])} in private: {offer_words(entry, scenario)}"
    if kind in (LogKind.OFFER_ACCEPTED, LogKind.OFFER_DECLINED):
        if kind is LogKind.OFFER_DECLINED:
            return f"{who} declines {name(entry.seats[1])}'s offer."
        return (f"{who} accepts {name(entry.seats[1])}'s offer: a promise each way, kept "
                "only by trust.")
    if kind is LogKind.BROKEN:
        return f"{who} breaks its promise to {name(entry.seats[1])} on {item}."
    if kind is LogKind.KEPT:
        return f"{who} keeps its promise to {name(entry.seats[1])} on {item}."
    if kind is LogKind.TABLE:
        if entry.clauses:
            return (f"{who} tables {item} at ambition {entry.ambition}, with "
                    f"{clause_words(entry.clauses, scenario)}: {level}")
        return f"{who} tables {item} at ambition {entry.ambition}: {level}"
    if kind is LogKind.OBJECT:
        if entry.note:  # a red line: its own words say what is at stake
            return f"{who} objects (its red line): {entry.note.rstrip('.')}."
        return f"{who} objects ({entry.reason}: {reason_words(entry.reason, scenario)})."
    if kind is LogKind.RESERVE:
        concern = (f" (its red line: {entry.note.rstrip('.')})" if entry.note else
                   f" (its concern: {reason_words(entry.reason, scenario)})" if entry.reason
                   else "")
        if entry.clauses:
            return (f"{who} reserves its position{concern}: it could join consensus if the "
                    f"text adds {clause_words(entry.clauses, scenario)}.")
        return (f"{who} reserves its position{concern}: it could join consensus at "
                f"ambition {entry.ambition}.")
    if kind is LogKind.TAKE_UP:
        return (f"The chair, {who}, takes up {item} next (tabled by {name(entry.seats[1])} "
                f"at ambition {entry.ambition}).")
    if kind is LogKind.INFORMALS:
        return (f"The chair, {who}, sets {item} aside for informal consultations: each "
                "member may consult once more, then those who blocked it declare again.")
    if kind in (LogKind.COMPROMISE, LogKind.AMEND):
        change = (f"adds {clause_words(entry.clauses, scenario)}" if entry.clauses
                  else f"lowers the ambition to {entry.ambition}: {level}")
        if kind is LogKind.COMPROMISE:
            return f"The chair, {who}, offers a compromise text that {change}"
        return f"{who} amends the proposal: it {change}"
    return {
        LogKind.CONVENE: "The chair convenes informal consultations (musyawarah).",
        LogKind.FLOOR: "The floor is open for proposals.",
        LogKind.NO_ITEM: "No measure is tabled at this meeting.",
        LogKind.NO_BUSINESS: "Nothing can be tabled at this meeting: it is held for form "
                             "and closes at once.",
        LogKind.SUPPORT: f"{who} supports.",
        LogKind.NO_COMPROMISE: "The chair offers no compromise text.",
        LogKind.CALL: f"{who} calls for a decision; there is no consensus.",
        LogKind.ADOPTED: f"Consensus (mufakat): {item} is adopted at ambition "
                         f"{entry.ambition}{with_clauses}.",
        LogKind.ADOPTED_MINUS_X: f"{item} is adopted under ASEAN minus X; {others} opt out.",
        LogKind.WITHDRAWN: f"{item} is withdrawn quietly.",
        LogKind.DEFERRED: f"{item} is deferred to a later meeting.",
        LogKind.FAILED: f"{item} is pressed to a public decision and fails; {others} block "
                        "it in public.",
        LogKind.CONSENT: f"{who} consents to stand aside on {item}.",
        LogKind.REFUSE: f"{who} refuses to stand aside on {item}: there is no consensus "
                        "to apply ASEAN minus X.",
        LogKind.ADJOURN: f"Round {entry.round} is adjourned.",
        LogKind.OVER: "The game is over.",
    }[kind]
