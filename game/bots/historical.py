"""The `historical` bot: acts on its member's profile, as the state did at the time.

It weighs a proposal by its appetite for cooperation against the strain on the norms
it cares about and the burden on its capability, joins consensus when that balance is
positive, asks for a lower ambition when one would do, and otherwise objects, naming
the norm (or red line) that weighs most. As a sponsor it opens at its usual ambition,
gives ground only as far as its flexibility allows, and presses or defers by temper.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

from game.bots.base import Bot
from game.rules.actions import Action, Verb
from game.rules.model import Member
from game.rules.norms import crossed, strains, value_kept
from game.rules.view import View

TRUST_WEIGHT = 0.05
"""Utility per point of trust toward the sponsor above (or below) neutral 50."""
CAPABILITY_COMFORT = 2.5
"""Below this capability a member feels a measure's burden."""
OBJECTIVE_WEIGHT = 0.25
"""Utility per point of a seat's own objective that the measure advances."""
FACE_WEIGHT = 0.5
"""Utility per point of face a move would cost."""


def text_strains(view: View, measure_id: str, ambition: int,
                 clauses: Iterable[str] = ()) -> dict[str, float]:
    """The strain of a text (a measure at an ambition with clauses), as the view shows."""
    return strains(view.measures[measure_id], ambition, view.event,
                   view.deferred.get(measure_id, 0), view.rules.deferral_relief,
                   [view.rules.clauses[c] for c in clauses])


def utility(view: View, member: Member, measure_id: str, ambition: int,
            sponsor: str, clauses: Iterable[str] = ()) -> float:
    """How much `member` wants `measure_id` at `ambition` with `clauses`, from what its
    view shows."""
    clauses = tuple(clauses)
    measure = view.measures[measure_id]
    share = ambition / measure.max_ambition
    boost = view.event.boost.get(measure_id, 0.0) if view.event else 0.0
    load = text_strains(view, measure_id, ambition, clauses)
    kept = value_kept(view.rules.clauses[c] for c in clauses)
    value = member.cooperation * (measure.value + boost) * share * kept
    cost = sum(member.sensitivity.get(n, 0.0) * v for n, v in load.items())
    cost += measure.burden * max(0.0, CAPABILITY_COMFORT - view.capability[member.id]) * share
    trust = 0.0 if sponsor == member.id else (
        (view.trust_to.get(sponsor, 50.0) - 50.0) * TRUST_WEIGHT)
    return value - cost + trust + objective_bonus(member, view, measure_id, ambition, clauses)


def objective_bonus(member: Member, view: View, measure_id: str, ambition: int,
                    clauses: tuple[str, ...] = ()) -> float:
    measure = view.measures[measure_id]
    bonus = 0.0
    for obj in member.objectives:
        if obj.kind == "clause" and obj.measure == measure_id:
            bonus += obj.points if obj.clause in clauses else -obj.points
        if obj.kind == "adopt" and obj.measure == measure_id and ambition >= obj.min_ambition:
            bonus += obj.points * (ambition / measure.max_ambition if obj.scale else 1.0)
        elif obj.kind == "block" and obj.measure == measure_id and ambition > obj.max_ambition:
            bonus -= obj.points
        elif obj.kind == "progress" and measure.intrusiveness >= obj.min_intrusiveness:
            bonus += obj.points
    return bonus * OBJECTIVE_WEIGHT


def declare(view: View, member: Member, legal: Sequence[Action]) -> Action:
    """Support, reserve or object to the tabled measure."""
    tab = view.tabled
    assert tab is not None
    by_verb = {a.verb: a for a in legal}
    measure = view.measures[tab.measure]
    margin = -view.rules.face_object_compromise * FACE_WEIGHT if tab.compromise else 0.0

    def worth(level: int, clauses: tuple[str, ...]) -> float | None:
        """The text's utility to this member, or None if it crosses a red line."""
        load = text_strains(view, tab.measure, level, clauses)
        if crossed(member.red_lines, measure, level, load):
            return None
        return utility(view, member, tab.measure, level, tab.sponsor, clauses) + margin

    now = worth(tab.ambition, tuple(tab.clauses))
    if now is not None and now >= 0 and Verb.SUPPORT in by_verb:
        return by_verb[Verb.SUPPORT]
    # Ask for the least change that would do: the acceptable reservation worth most.
    asks = []
    for a in legal:
        if a.verb is Verb.RESERVE:
            text = (a.ambition or tab.ambition, tuple(sorted(tab.clauses | {a.clause} - {""})))
            value = worth(*text)
            if value is not None and value >= 0:
                asks.append((value, a.ambition or tab.ambition, a.clause, a))
    if asks:
        return max(asks, key=lambda x: (x[0], x[1], x[2]))[3]
    if Verb.OBJECT not in by_verb:  # nothing to object on: go along, grudgingly
        return by_verb.get(Verb.SUPPORT) or legal[0]
    return Action(member.id, Verb.OBJECT, reason=objection_reason(view, member, legal))


def objection_reason(view: View, member: Member, legal: Sequence[Action]) -> str:
    """The reason that weighs most: a crossed red line, else the costliest norm."""
    reasons = [a.reason for a in legal if a.verb is Verb.OBJECT]
    if "red-line" in reasons:
        return "red-line"
    tab = view.tabled
    assert tab is not None
    load = text_strains(view, tab.measure, tab.ambition, tab.clauses)
    norms = [r for r in reasons if r in load]
    if norms:
        return max(norms, key=lambda n: (member.sensitivity.get(n, 0.0) * load[n], n))
    return reasons[0]  # `declare` only objects when some reason applies


def price_in_reach(view: View) -> bool:
    """Whether a member blocking the text has a price this seat knows and the text
    could still meet: a reservation; an objection on a norm that a clause the text
    does not carry yet would relieve (the reason and the clause are public); or a
    clause its sounding revealed."""
    tab = view.tabled
    assert tab is not None
    can_take = set(view.measures[tab.measure].clauses) - tab.clauses
    relieved = {n for c in can_take for n in view.rules.clauses[c].relief}
    for seat in tab.blocking():
        position = tab.positions[seat]
        if position.stance == "reserve" or position.reason in relieved:
            return True
        sounding = view.soundings.get(seat)
        if sounding and any(o.measure == tab.measure and o.clause in can_take
                            for o in sounding.prices):
            return True
    return False


def wanted_measures(view: View, member: Member) -> list[str]:
    """Measures this seat would table, most wanted first: its own adopt objectives."""
    goals = sorted((o for o in member.objectives if o.kind == "adopt"),
                   key=lambda o: (-o.points, o.measure))
    return [o.measure for o in goals]


def opening_level(view: View, member: Member, measure_id: str) -> int:
    top = view.measures[measure_id].max_ambition
    return min(member.opening, top) if member.opening else top


class HistoricalBot(Bot):
    kind = "historical"

    def decide(self, view: View, legal: Sequence[Action]) -> Action:
        member = view.me
        verbs = {a.verb for a in legal}
        tab = view.tabled
        if Verb.SUPPORT in verbs or Verb.OBJECT in verbs:
            return declare(view, member, legal)
        if Verb.TAKE_UP in verbs:
            return self.take_up(view, legal)
        if Verb.TABLE in verbs:
            return self.table(view, member, legal)
        if Verb.CONSULT in verbs:
            return self.consult(view, member, legal)
        if Verb.COMPROMISE in verbs or {Verb.INFORMALS, Verb.PASS} <= verbs:
            return self.compromise(view, member, legal)
        if Verb.AMEND in verbs or Verb.CALL in verbs:
            return self.amend_or_call(view, member, legal)
        if Verb.PRESS in verbs:
            assert tab is not None
            failed_before = any(o.measure == tab.measure and o.sponsor == member.id
                                and o.result == "failed" for o in view.outcomes)
            choice = Verb.PRESS if member.assertive and not failed_before else (
                Verb.DEFER if Verb.DEFER in verbs else Verb.WITHDRAW)
            return next(a for a in legal if a.verb is choice)
        return legal[0]

    def table(self, view: View, member: Member, legal: Sequence[Action]) -> Action:
        options = {(a.target, a.ambition): a for a in legal if a.verb is Verb.TABLE}
        for measure_id in wanted_measures(view, member):
            level = opening_level(view, member, measure_id)
            if (measure_id, level) in options:
                return options[(measure_id, level)]
        return next(a for a in legal if a.verb is Verb.PASS)

    def consult(self, view: View, member: Member, legal: Sequence[Action]) -> Action:
        """A would-be sponsor sounds out the seat it trusts least; others keep quiet."""
        tab = view.tabled
        if tab is not None:  # informal consultations on a blocked item
            return self.sound_blocker(view, member, legal)
        wants = [m for m in wanted_measures(view, member)
                 if m in view.agenda and m not in view.adopted]
        unsounded = [a for a in legal if a.verb is Verb.CONSULT
                     and a.target not in view.soundings]
        if wants and unsounded:
            return min(unsounded, key=lambda a: (view.trust_to.get(a.target, 50.0), a.target))
        return next(a for a in legal if a.verb is Verb.PASS)

    @staticmethod
    def sound_blocker(view: View, member: Member, legal: Sequence[Action]) -> Action:
        """In informal consultations the sponsor and the chair sound out a member
        blocking the item (the one trusted least); others keep quiet."""
        tab = view.tabled
        assert tab is not None
        # Those who blocked it have no position until they declare again.
        blockers = {a.target: a for a in legal if a.verb is Verb.CONSULT
                    and a.target != tab.sponsor and a.target not in tab.positions}
        if member.id in (tab.sponsor, view.chair) and blockers:
            return blockers[min(blockers, key=lambda s: (view.trust_to.get(s, 50.0), s))]
        return next(a for a in legal if a.verb is Verb.PASS)

    def compromise(self, view: View, member: Member, legal: Sequence[Action]) -> Action:
        """A chair offers good offices (Charter Art. 32) when it wants consensus: a
        compromise text, else informal consultations while a price is in reach."""
        offer = self.change(view, member.id, Verb.COMPROMISE, 1)
        if member.cooperation >= 1.5 and offer in legal:
            return offer
        return self.informals_or(view, legal, Verb.PASS)

    @staticmethod
    def informals_or(view: View, legal: Sequence[Action], otherwise: Verb) -> Action:
        """Call informal consultations when a blocker's price is known and the text
        could still meet it, else `otherwise`."""
        informals = Action(view.me.id, Verb.INFORMALS)
        if informals in legal and price_in_reach(view):
            return informals
        return next(a for a in legal if a.verb is otherwise)

    @staticmethod
    def take_up(view: View, legal: Sequence[Action]) -> Action:
        """The least intrusive item first, then in the order tabled: ASEAN moves at a
        pace comfortable to all, confidence-building before preventive diplomacy
        [S1], and an early consensus builds the trust the harder item needs."""
        tabled = {t.measure: i for i, t in enumerate(view.pending)}
        return min((a for a in legal if a.verb is Verb.TAKE_UP),
                   key=lambda a: (view.measures[a.target].intrusiveness, tabled[a.target]))

    @staticmethod
    def change(view: View, seat: str, verb: Verb, floor: int) -> Action:
        """The change to the text the reservations ask most: the clause most asked
        for, else the highest ambition that meets a reservation (not below `floor`)."""
        tab = view.tabled
        assert tab is not None
        reserved = [p for p in tab.positions.values() if p.stance == "reserve"]
        clauses = Counter(p.clause for p in reserved
                          if p.clause and p.clause not in tab.clauses)
        if clauses:
            return Action(seat, verb, clause=min(clauses, key=lambda c: (-clauses[c], c)))
        asks = [p.ambition for p in reserved if p.ambition < tab.ambition]
        return Action(seat, verb, ambition=max(floor, min(asks) if asks else tab.ambition - 1))

    def amend_or_call(self, view: View, member: Member, legal: Sequence[Action]) -> Action:
        tab = view.tabled
        assert tab is not None
        floor = max(1, opening_level(view, member, tab.measure) - member.flexibility)
        amend = self.change(view, member.id, Verb.AMEND, floor)
        if amend in legal:
            return amend
        return self.informals_or(view, legal, Verb.CALL)
