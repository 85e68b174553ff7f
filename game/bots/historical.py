"""The `historical` bot: acts on its member's profile, as the state did at the time.

It weighs a proposal by its appetite for cooperation against the strain on the norms
it cares about and the burden on its capability, joins consensus when that balance is
positive, asks for a lower ambition when one would do, and otherwise objects, naming
the norm (or red line) that weighs most. As a sponsor it opens at its usual ambition,
gives ground only as far as its flexibility allows, and presses or defers by temper.
In consultation a would-be sponsor offers a seat it has sounded the price of its
support (its clause, or an ambition under its red line); it accepts offers that meet
its own price and cross none of its red lines, and it keeps its promises.
A norm entrepreneur with nobody left to sound argues the norm instead [S1].
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence

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
from game.rules.state import Offer, Pledge, Tabling
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
COOPERATION_PRIOR = {"entrepreneur": 2.5, "cohesion": 2.0, "cautious": 1.4, "sovereignty": 0.9}
"""What a member's public stance suggests of its appetite for cooperation."""


def imagined_member(v: View, seat: str) -> Member:
    """Another seat as this one imagines it: what a consultation revealed of it, the
    rest from the public prior of its stance."""
    pub = v.members[seat]
    sounding = v.soundings.get(seat)
    return Member(
        id=seat, name=pub.name, joined=pub.joined, founder=pub.founder,
        capability=v.capability[seat], stance=pub.stance, face=v.face[seat],
        cooperation=COOPERATION_PRIOR.get(pub.stance, 1.5),
        sensitivity=dict(sounding.sensitivity) if sounding else
        dict(v.rules.public_priors.get(pub.stance, {})),
        flexibility=1, assertive=False, opening=0, trust={},
        objectives=pub.objectives + (sounding.prices if sounding else ()),
        red_lines=tuple(sounding.red_lines) if sounding else (), summary=pub.summary)


def text_strains(view: View, measure_id: str, ambition: int,
                 clauses: Iterable[str] = ()) -> Mapping[str, float]:
    """The strain of a text (a measure at an ambition with clauses), as the view shows."""
    return strains(view.measures[measure_id], ambition, view.event,
                   view.deferred.get(measure_id, 0), view.rules.deferral_relief,
                   [view.rules.clauses[c] for c in clauses])


@attrs.frozen
class Weighing:
    """The terms of a member's utility for a text, as `utility` adds them up (the
    playtest's why trace shows each)."""

    value: float  # appetite for cooperation x the measure's value, at this ambition
    norms: dict[str, float]  # the cost on each strained norm: sensitivity x strain
    burden: float  # the capability burden, felt below CAPABILITY_COMFORT
    trust: float  # trust toward the sponsor above (or below) neutral
    objectives: float  # what the seat's own objectives add or take away

    @property
    def total(self) -> float:
        return self.value - (sum(self.norms.values()) + self.burden) + self.trust + self.objectives


def weigh(view: View, member: Member, measure_id: str, ambition: int,
             sponsor: str, clauses: Iterable[str] = (),
             load: Mapping[str, float] | None = None) -> Weighing:
    """How `member` weighs `measure_id` at `ambition` with `clauses`, from its view
    (`load`: the text's strain, if the caller has it already)."""
    clauses = tuple(clauses)
    measure = view.measures[measure_id]
    share = ambition / measure.max_ambition
    boost = view.event.boost.get(measure_id, 0.0) if view.event else 0.0
    if load is None:
        load = text_strains(view, measure_id, ambition, clauses)
    kept = value_kept(view.rules.clauses[c] for c in clauses)
    trust = 0.0 if sponsor == member.id else (
        (view.trust_to.get(sponsor, 50.0) - 50.0) * TRUST_WEIGHT)
    return Weighing(
        value=member.cooperation * (measure.value + boost) * share * kept,
        norms={n: member.sensitivity.get(n, 0.0) * v for n, v in load.items()},
        burden=measure.burden * max(0.0, CAPABILITY_COMFORT - view.capability[member.id])
        * share,
        trust=trust,
        objectives=objective_bonus(member, view, measure_id, ambition, clauses))


def utility(view: View, member: Member, measure_id: str, ambition: int,
            sponsor: str, clauses: Iterable[str] = (),
            load: Mapping[str, float] | None = None) -> float:
    """How much `member` wants `measure_id` at `ambition` with `clauses`, from what its
    view shows."""
    return weigh(view, member, measure_id, ambition, sponsor, clauses, load).total


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
        return utility(view, member, tab.measure, level, tab.sponsor, clauses, load) + margin

    now = worth(tab.ambition, tuple(tab.clauses))
    if Verb.SUPPORT in by_verb and ((now is not None and now >= 0)
                                    or promised_support(view, member.id, tab)):
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


def promised_support(view: View, seat: str, tab: Tabling) -> bool:
    """Whether `seat` promised its support to the sponsor and the text meets the terms
    the sponsor promised in return."""
    return Pledge(seat, tab.sponsor) in view.pledges and all(
        p.met(tab) for p in view.pledges if p.by == tab.sponsor and p.to == seat and p.terms)


def tableable_now(view: View) -> list[str]:
    """The agenda measures that can be tabled at this meeting, as the view shows."""
    tabled = {t.measure for t in view.pending}
    return [m for m in view.agenda if m not in view.adopted and m not in tabled
            and all(r in view.adopted for r in view.measures[m].requires)]


def price(view: View, measure_id: str, level: int, floor: int,
          other: Member) -> tuple[int, str] | None:
    """The terms a sounded seat's support needs on a text at `level`, as this seat
    imagines it: the clause it asks, else a clause or the highest ambition (not below
    `floor`) that it would support; None if it needs nothing, or more than that."""
    measure = view.measures[measure_id]
    for o in other.objectives:
        if o.kind == "clause" and o.measure == measure_id and o.clause in measure.clauses:
            return 0, o.clause

    def supports(lvl: int, clauses: tuple[str, ...] = ()) -> bool:
        load = text_strains(view, measure_id, lvl, clauses)
        return not crossed(other.red_lines, measure, lvl, load) and utility(
            view, other, measure_id, lvl, view.seat, clauses, load) >= 0

    if supports(level):
        return None
    for clause in measure.clauses:
        if supports(level, (clause,)):
            return 0, clause
    return next(((lvl, "") for lvl in range(level - 1, floor - 1, -1) if supports(lvl)),
                None)


def asked_before(view: View, measure_id: str, floor: int) -> dict[str, tuple[int, str]]:
    """The terms each seat asked in public when it last reserved on the measure, where
    a sponsor with this `floor` could meet them."""
    asked: dict[str, tuple[int, str]] = {}
    for e in view.log:
        if e.kind is LogKind.RESERVE and e.measure == measure_id:
            asked[e.seats[0]] = (0, e.clauses[0]) if e.clauses else (e.ambition, "")
    return {s: t for s, t in asked.items() if t[1] or t[0] >= floor}


def price_offer(view: View, member: Member, legal: Sequence[Action]) -> Action | None:
    """A would-be sponsor offers a seat it knows blocks, not yet promised, the price of
    its support on the measure it will table (what a consultation revealed, else what
    the seat asked in public before); None if it knows of no such price."""
    return next(iter(price_offers(view, member, legal)), None)


def price_offers(view: View, member: Member, legal: Sequence[Action]) -> list[Action]:
    """Every such offer `price_offer` could make, one a seat: the sounded seats in
    order, then those that asked in public."""
    if not any(a.verb is Verb.OFFER for a in legal):
        return []
    promised = {p.to for p in view.pledges} | {p.by for p in view.pledges}
    now = tableable_now(view)
    wanted = [m for m in wanted_measures(view, member) if m in now]
    if not wanted:
        return []
    level = opening_level(view, member, wanted[0])
    floor = max(1, level - member.flexibility)
    asks = [(seat, price(view, wanted[0], level, floor, imagined_member(view, seat)))
            for seat in sorted(view.soundings)]
    asks += sorted(asked_before(view, wanted[0], floor).items())
    offers: dict[str, Action] = {}
    for seat, ask in asks:
        if ask is None or seat in promised or seat in offers:
            continue
        offer = Action(member.id, Verb.OFFER, seat, ask[0], clause=ask[1])
        if offer in legal:
            offers[seat] = offer
    return list(offers.values())


def acceptable(view: View, member: Member, offer: Offer) -> bool:
    """Whether an offer meets this seat's price and crosses none of its red lines on
    every measure the offerer could table under it (those its public role wants, if
    any can be tabled, else all)."""
    now = tableable_now(view)
    role = [o.measure for o in view.members[offer.offerer].objectives
            if o.kind == "adopt" and o.measure in now]
    clauses = (offer.clause,) if offer.clause else ()
    covered = [m for m in role or now
               if not offer.clause or offer.clause in view.measures[m].clauses]
    for mid in covered:
        measure = view.measures[mid]
        level = min(offer.ambition or measure.max_ambition, measure.max_ambition)
        if crossed(member.red_lines, measure, level, text_strains(view, mid, level, clauses)):
            return False
        priced = any(o.kind == "clause" and o.measure == mid and o.clause in clauses
                     for o in member.objectives)
        if not priced and utility(view, member, mid, level, offer.offerer, clauses) < 0:
            return False
    return bool(covered)


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


def persuasion(view: View, legal: Sequence[Action]) -> Action | None:
    """The argument likeliest to convert, if this seat may persuade: the member the
    fewest persuasions from adopting the norm (`arguments_needed`), then the one that
    trusts this seat most."""
    options = [a for a in legal if a.verb is Verb.PERSUADE]
    if not options:
        return None
    default = view.rules.trust_default
    return min(options, key=lambda a: (arguments_needed(view, a.target),
                                       -view.trust_from.get(a.target, default), a.target))


def arguments_needed(view: View, seat: str) -> float:
    """How many more persuasions by this seat `seat` needs before it adopts the norm,
    by what this seat knows of it (its sounding, else its stance's public prior, less
    what it argued since); infinite when an argument cannot move it."""
    rules = view.rules
    sounding = view.soundings.get(seat)
    known = (sounding.sensitivity if sounding else
             rules.public_priors.get(view.members[seat].stance, {}))
    since = sounding.round if sounding else 0
    argued = sum(e.kind is LogKind.PERSUADE and e.seats == (view.seat, seat)
                 and e.round > since for e in view.log)
    trust = view.trust_from.get(seat, rules.trust_default)
    step = persuasion_step(rules, view.capability[view.seat], trust)
    gap = weighing(known, rules) - rules.persuasion_adopt_at - argued * step
    return math.ceil(max(0.0, gap) / step) if step > 0 else math.inf


def opening_level(view: View, member: Member, measure_id: str) -> int:
    top = view.measures[measure_id].max_ambition
    return min(member.opening, top) if member.opening else top


class HistoricalBot(Bot):
    kind = "historical"
    blurb = "like history"

    def decide(self, view: View, legal: Sequence[Action]) -> Action:
        member = view.me
        verbs = {a.verb for a in legal}
        tab = view.tabled
        if Verb.ACCEPT in verbs:
            accept = (answer_event(view, member) if view.phase == "briefing"
                      else acceptable(view, member, view.offer) if view.offer is not None
                      else consent_minus_x(view, member))
            return next(a for a in legal if a.verb is (Verb.ACCEPT if accept else Verb.DECLINE))
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
            # One public showdown lost teaches it the room: it never presses again.
            failed_before = any(o.sponsor == member.id and o.result == "failed"
                                for o in view.outcomes)
            choice = Verb.PRESS if member.assertive and not failed_before else (
                Verb.DEFER if Verb.DEFER in verbs else Verb.WITHDRAW)
            return next(a for a in legal if a.verb is choice)
        return legal[0]

    def table(self, view: View, member: Member, legal: Sequence[Action]) -> Action:
        """Its own goals first, at its opening level within what it promised; then the
        chair issues its own statement."""
        options = {(a.target, a.ambition, a.clause): a for a in legal if a.verb is Verb.TABLE}
        terms = [p for p in view.pledges if p.by == member.id and p.terms]
        for measure_id in wanted_measures(view, member):
            level = min([opening_level(view, member, measure_id)]
                        + [p.ambition for p in terms if p.ambition])
            clause = next((p.clause for p in terms
                           if p.clause in view.measures[measure_id].clauses), "")
            if (measure_id, level, clause) in options:
                return options[(measure_id, level, clause)]
        own = sorted(m for m, _, c in options if view.measures[m].chair_only and not c)
        if own:
            return options[(own[0], view.measures[own[0]].max_ambition, "")]
        return next(a for a in legal if a.verb is Verb.PASS)

    def consult(self, view: View, member: Member, legal: Sequence[Action]) -> Action:
        """A would-be sponsor offers a known blocker its price, else sounds out the
        seat it trusts least; others keep quiet. In informal consultations on a blocked
        item, the sponsor and the chair sound out a blocker."""
        tab = view.tabled
        if tab is not None:  # informal consultations on a blocked item
            return self.sound_blocker(view, member, legal)
        offer = price_offer(view, member, legal)
        if offer is not None:
            return offer
        wants = [m for m in wanted_measures(view, member)
                 if m in view.agenda and m not in view.adopted]
        unsounded = [a for a in legal if a.verb is Verb.CONSULT
                     and a.target not in view.soundings] if wants else []
        if unsounded:
            return min(unsounded, key=lambda a: (view.trust_to.get(a.target, 50.0), a.target))
        if member.stance == ENTREPRENEUR:
            argue = persuasion(view, legal)
            if argue is not None:
                return argue
        return next(a for a in legal if a.verb is Verb.PASS)

    @staticmethod
    def sound_blocker(view: View, member: Member, legal: Sequence[Action]) -> Action:
        """In informal consultations the sponsor and the chair sound out a member
        blocking the item (the one trusted least); others keep quiet."""
        tab = view.tabled
        assert tab is not None
        if member.id in (tab.sponsor, view.chair):
            # Those who blocked it have no position until they declare again.
            blockers = {a.target: a for a in legal if a.verb is Verb.CONSULT
                        and a.target != tab.sponsor and a.target not in tab.positions}
            if blockers:
                return blockers[min(blockers, key=lambda s: (view.trust_to.get(s, 50.0), s))]
        return next(a for a in legal if a.verb is Verb.PASS)

    def compromise(self, view: View, member: Member, legal: Sequence[Action]) -> Action:
        """A chair offers good offices (Charter Art. 32) when it wants consensus: a
        compromise text, else informal consultations while a price is in reach."""
        offer = self.change(view, member.id, Verb.COMPROMISE, 1)
        if member.cooperation >= COOPERATIVE and offer in legal:
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
