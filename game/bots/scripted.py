"""Simple scripted policies: one line of play each, for measuring a seat's agency.

`mufakat analyze --agency` seats one of these in a seat (every other seat historical)
to see whether the rules reward real choices or a single simple line of play. Each is
the `historical` bot with one habit changed, except `support-all`, which is passive
throughout. They decide from the view and the legal actions alone, deterministically.

    support-all         supports everything it may; otherwise the mildest reservation;
                        passes whenever it may (never consults, tables or compromises)
    object-all          objects whenever it may, giving the reason that weighs most
    never-consult       historical, but passes instead of consulting
    top-ambition        historical, but tables at the top ambition and never amends down
    object-then-accept  objects to a first text, supports any compromise or amendment
    filibuster          tables a routine text that asks nothing (intrusiveness 0, the
                        chair's statement) whenever it may take the floor
    entrepreneur        tables the least intrusive item that asks something whenever it
                        may take the floor (a legitimate line, measured, not a loophole)
    persuader           historical, but argues the norm whenever it may (a norm holder
                        in the consultation), instead of consulting or passing
    promise-breaker     historical, but accepts every offer and then ignores its promises
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from game.bots.base import Bot
from game.bots.historical import HistoricalBot, objection_reason, persuasion, wanted_measures
from game.rules.actions import Action, Verb
from game.rules.model import Member
from game.rules.norms import crossed, strains
from game.rules.view import View


def _first(legal: Sequence[Action], verb: Verb) -> Action | None:
    return next((a for a in legal if a.verb is verb), None)


def _declaring(legal: Sequence[Action]) -> bool:
    """Whether `legal` is a declaration on the tabled measure (support/reserve/object)."""
    return any(a.verb in (Verb.SUPPORT, Verb.OBJECT) for a in legal)


class ScriptedBot(HistoricalBot):
    """The historical bot, except where `choose` returns an action."""

    def choose(self, view: View, legal: Sequence[Action]) -> Action | None:
        """The policy's own move, or None to act as the historical bot does."""
        return None

    def decide(self, view: View, legal: Sequence[Action]) -> Action:
        return self.choose(view, legal) or super().decide(view, legal)


class SupportAllBot(ScriptedBot):
    kind = "support-all"

    def choose(self, view: View, legal: Sequence[Action]) -> Action | None:
        support = _first(legal, Verb.SUPPORT)
        if support is not None:
            return support
        if _declaring(legal):  # support would cross a red line: the mildest reservation
            return self.mildest_reservation(view, legal)
        return _first(legal, Verb.PASS)

    def mildest_reservation(self, view: View, legal: Sequence[Action]) -> Action | None:
        tab = view.tabled
        reserves = sorted((a for a in legal if a.verb is Verb.RESERVE),
                          key=lambda a: -a.ambition)
        if tab is None or not reserves:
            return None
        measure = view.measures[tab.measure]
        for action in reserves:
            load = strains(measure, action.ambition, view.event,
                           view.deferred.get(tab.measure, 0), view.rules.deferral_relief)
            if not crossed(view.me.red_lines, measure, action.ambition, load):
                return action
        return reserves[-1]


class ObjectAllBot(ScriptedBot):
    kind = "object-all"

    def choose(self, view: View, legal: Sequence[Action]) -> Action | None:
        if _first(legal, Verb.OBJECT) is None:
            return None
        return Action(self.seat, Verb.OBJECT, reason=objection_reason(view, view.me, legal))


class NeverConsultBot(ScriptedBot):
    kind = "never-consult"

    def consult(self, view: View, member: Member, legal: Sequence[Action]) -> Action:
        return next(a for a in legal if a.verb is Verb.PASS)


class TopAmbitionBot(ScriptedBot):
    kind = "top-ambition"

    def table(self, view: View, member: Member, legal: Sequence[Action]) -> Action:
        options = {(a.target, a.ambition): a for a in legal if a.verb is Verb.TABLE}
        for measure_id in wanted_measures(view, member):
            top = view.measures[measure_id].max_ambition
            if (measure_id, top) in options:
                return options[(measure_id, top)]
        return next(a for a in legal if a.verb is Verb.PASS)

    def amend_or_call(self, view: View, member: Member, legal: Sequence[Action]) -> Action:
        return next(a for a in legal if a.verb is Verb.CALL)


class ObjectThenAcceptBot(ScriptedBot):
    kind = "object-then-accept"

    def choose(self, view: View, legal: Sequence[Action]) -> Action | None:
        tab = view.tabled
        if tab is None or not _declaring(legal):
            return None
        if tab.compromise or tab.amendments:
            return _first(legal, Verb.SUPPORT)  # else (a red line) as historical
        if _first(legal, Verb.OBJECT) is None:
            return None
        return Action(self.seat, Verb.OBJECT, reason=objection_reason(view, view.me, legal))


class FilibusterBot(ScriptedBot):
    kind = "filibuster"
    routine = True  # tables only texts that ask nothing of anyone

    def choose(self, view: View, legal: Sequence[Action]) -> Action | None:
        tablings = [a for a in legal if a.verb is Verb.TABLE
                    and (view.measures[a.target].intrusiveness == 0) == self.routine]
        if not tablings:
            return None

        def intrusion(action: Action) -> tuple[int, float, int, str]:
            measure = view.measures[action.target]
            load = strains(measure, action.ambition, view.event,
                           view.deferred.get(action.target, 0), view.rules.deferral_relief)
            return measure.intrusiveness, sum(load.values()), -action.ambition, action.target

        return min(tablings, key=intrusion)


class EntrepreneurBot(FilibusterBot):
    kind = "entrepreneur"
    routine = False


class PersuaderBot(ScriptedBot):
    kind = "persuader"

    def choose(self, view: View, legal: Sequence[Action]) -> Action | None:
        return persuasion(view, legal)


class PromiseBreakerBot(ScriptedBot):
    """Measures whether a word given in private and then broken pays."""

    kind = "promise-breaker"

    def choose(self, view: View, legal: Sequence[Action]) -> Action | None:
        accept = _first(legal, Verb.ACCEPT)
        if accept is not None and view.offer is not None:
            return accept
        return HistoricalBot.decide(self, attrs.evolve(view, pledges=()), legal)


POLICIES: dict[str, type[Bot]] = {cls.kind: cls for cls in (
    SupportAllBot, ObjectAllBot, NeverConsultBot, TopAmbitionBot, ObjectThenAcceptBot,
    FilibusterBot, EntrepreneurBot, PersuaderBot, PromiseBreakerBot)}
"""The scripted policies by name, in the order tables show them."""

PASSIVE = ("support-all", "never-consult")
"""The policies that stand for doing nothing in particular."""

LOOPHOLES = ("filibuster", "object-then-accept", "promise-breaker")
"""The policies that exploit a rule rather than negotiate (issue 7's loopholes)."""
