"""The `historical` bot: acts on its member's profile, as the state did at the time.

It weighs a proposal by its appetite for cooperation against the strain on the norms
it cares about and the burden on its capability, joins consensus when that balance is
positive, asks for a lower ambition when one would do, and otherwise objects, naming
the norm (or red line) that weighs most. As a sponsor it opens at its usual ambition,
gives ground only as far as its flexibility allows, and presses or defers by temper.
A norm entrepreneur with nobody left to sound argues the norm instead [S1].
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence

import attrs

from game.bots.base import Bot
from game.rules.actions import Action, Verb
from game.rules.enums import LogKind
from game.rules.model import Member
from game.rules.norms import (
    crossed,
    main_concern,
    persuasion_step,
    strains,
    value_kept,
    weighing,
)
from game.rules.view import View

TRUST_WEIGHT = 0.05
"""Utility per point of trust toward the sponsor above (or below) neutral 50."""
CAPABILITY_COMFORT = 2.5
"""Below this capability a member feels a measure's burden."""
OBJECTIVE_WEIGHT = 0.25
"""Utility per point of a seat's own objective that the measure advances."""
FACE_WEIGHT = 0.5
"""Utility per point of face a move would cost."""
COOPERATIVE = 1.5
"""From this appetite for cooperation a chair offers good offices."""
MINUS_X_COOPERATION = 1.0
"""From this appetite for cooperation up, an objector lets the others go ahead without
it under ASEAN minus X, unless the measure crosses its red line."""
ENTREPRENEUR = "entrepreneur"
"""The public stance of a norm entrepreneur (Indonesia [S1]): it argues the norm."""


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
    """Support, reserve or object to the tabled measure, stating its real concern."""
    tab = view.tabled
    assert tab is not None
    legal = stating_concern(view, member, legal)
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
    reason = concern(view, member)
    return reason if reason in reasons else reasons[0]


def concern(view: View, member: Member) -> str:
    """What weighs most for `member` against the tabled text (`main_concern`)."""
    tab = view.tabled
    assert tab is not None
    load = text_strains(view, tab.measure, tab.ambition, tab.clauses)
    return main_concern(member, view.measures[tab.measure], tab.ambition, load)[0]


def stating_concern(view: View, member: Member, legal: Sequence[Action]) -> list[Action]:
    """`legal` with each reservation and objection kept only in the form that states
    the seat's real concern, where that form is legal (else every form stays)."""
    reason = concern(view, member)
    real = {(a.verb, a.ambition, a.clause) for a in legal
            if a.verb in (Verb.RESERVE, Verb.OBJECT) and a.reason == reason}
    return [a for a in legal if a.reason == reason
            or (a.verb, a.ambition, a.clause) not in real]


def answer_event(view: View, member: Member) -> bool:
    """Accept the event's choice if this member gains more by it than by declining:
    the option's face, trust and capability, and how the round's strain and boost move
    what the open items it wants are worth to it (a cooperative member values the
    boost, a sensitive one fears the strain: the centrality cost against the gain).
    Items it does not want count for nothing either way."""
    event = view.event
    assert event is not None and event.choice is not None
    choice = event.choice
    open_items = [m for m in view.agenda if m not in view.adopted]

    def worth(accept: bool) -> float:
        option = choice.accept if accept else choice.decline
        played = attrs.evolve(view, event=event.answered(accept))
        items = sum(max(0.0, utility(played, member, m, view.measures[m].max_ambition,
                                     member.id)) for m in open_items)
        return (items + option.face * FACE_WEIGHT + option.trust * TRUST_WEIGHT
                + option.capability * member.cooperation)

    return worth(True) > worth(False)


def consent_minus_x(view: View, member: Member) -> bool:
    """Stand aside under ASEAN minus X when cooperative enough and the measure crosses
    none of this member's red lines: a red line is about the measure existing at all."""
    tab = view.tabled
    assert tab is not None
    load = text_strains(view, tab.measure, tab.ambition, tab.clauses)
    if crossed(member.red_lines, view.measures[tab.measure], tab.ambition, load):
        return False
    return member.cooperation >= MINUS_X_COOPERATION


def wanted_measures(view: View, member: Member) -> list[str]:
    """Measures this seat would table, most wanted first: its own adopt objectives."""
    goals = sorted((o for o in member.objectives if o.kind == "adopt"),
                   key=lambda o: (-o.points, o.measure))
    return [o.measure for o in goals]


def persuasion(view: View, legal: Sequence[Action]) -> Action | None:
    """The argument likeliest to convert, if this seat may persuade: the member the
    fewest persuasions from adopting the norm by what this seat knows of it (its
    sounding, else its stance's public prior, less what it argued since), then the one
    that trusts this seat most."""
    options = [a for a in legal if a.verb is Verb.PERSUADE]
    if not options:
        return None
    rules = view.rules

    def need(action: Action) -> tuple[float, float, str]:
        seat = action.target
        sounding = view.soundings.get(seat)
        known = (sounding.sensitivity if sounding else
                 rules.public_priors.get(view.members[seat].stance, {}))
        since = sounding.round if sounding else 0
        argued = sum(e.kind is LogKind.PERSUADE and e.seats == (view.seat, seat)
                     and e.round > since for e in view.log)
        trust = view.trust_from.get(seat, rules.trust_default)
        step = persuasion_step(rules, view.capability[view.seat], trust)
        gap = weighing(known, rules) - rules.persuasion_adopt_at - argued * step
        return (math.ceil(max(0.0, gap) / step) if step > 0 else math.inf, -trust, seat)

    return min(options, key=need)


def opening_level(view: View, member: Member, measure_id: str) -> int:
    top = view.measures[measure_id].max_ambition
    return min(member.opening, top) if member.opening else top


class HistoricalBot(Bot):
    kind = "historical"

    def decide(self, view: View, legal: Sequence[Action]) -> Action:
        member = view.me
        verbs = {a.verb for a in legal}
        tab = view.tabled
        if Verb.ACCEPT in verbs:
            accept = (answer_event(view, member) if view.phase == "briefing"
                      else consent_minus_x(view, member))
            return next(a for a in legal if a.verb is (Verb.ACCEPT if accept else Verb.DECLINE))
        if Verb.SUPPORT in verbs or Verb.OBJECT in verbs:
            return declare(view, member, legal)
        if Verb.TABLE in verbs:
            return self.table(view, member, legal)
        if Verb.CONSULT in verbs:
            return self.consult(view, member, legal)
        if Verb.COMPROMISE in verbs and tab is not None:
            return self.compromise(view, member, legal)
        if Verb.AMEND in verbs or Verb.CALL in verbs:
            return self.amend_or_call(view, member, legal)
        if Verb.PRESS in verbs:
            assert tab is not None
            # One public showdown lost teaches it the room: it never presses again.
            failed_before = any(o.sponsor == member.id and o.result == "failed"
                                for o in view.outcomes)
            choice = Verb.PRESS if member.assertive and not failed_before else (
                Verb.DEFER if Verb.DEFER in verbs else Verb.WITHDRAW)
            return next(a for a in legal if a.verb is choice)
        return legal[0]

    def table(self, view: View, member: Member, legal: Sequence[Action]) -> Action:
        """Its own goals first; then the chair issues its own statement."""
        options = {(a.target, a.ambition): a for a in legal if a.verb is Verb.TABLE}
        for measure_id in wanted_measures(view, member):
            level = opening_level(view, member, measure_id)
            if (measure_id, level) in options:
                return options[(measure_id, level)]
        own = sorted(m for m, _ in options if view.measures[m].chair_only)
        if own:
            return options[(own[0], view.measures[own[0]].max_ambition)]
        return next(a for a in legal if a.verb is Verb.PASS)

    def consult(self, view: View, member: Member, legal: Sequence[Action]) -> Action:
        """A would-be sponsor sounds out the seat it trusts least; others keep quiet."""
        wants = [m for m in wanted_measures(view, member)
                 if m in view.agenda and m not in view.adopted]
        unsounded = [a for a in legal if a.verb is Verb.CONSULT
                     and a.target not in view.soundings]
        if wants and unsounded:
            return min(unsounded, key=lambda a: (view.trust_to.get(a.target, 50.0), a.target))
        if member.stance == ENTREPRENEUR:
            argue = persuasion(view, legal)
            if argue is not None:
                return argue
        return next(a for a in legal if a.verb is Verb.PASS)

    def compromise(self, view: View, member: Member, legal: Sequence[Action]) -> Action:
        """A chair offers good offices (Charter Art. 32) when it wants consensus."""
        tab = view.tabled
        assert tab is not None
        offer = self.change(view, member.id, Verb.COMPROMISE, 1)
        if member.cooperation >= COOPERATIVE and offer in legal:
            return offer
        return next(a for a in legal if a.verb is Verb.PASS)

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
        return next(a for a in legal if a.verb is Verb.CALL)
