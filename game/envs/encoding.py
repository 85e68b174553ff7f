"""A seat's view as a fixed-length vector of numbers, and actions as indices: the one
encoding the PettingZoo environment and the OpenSpiel game share.

Everything here is read from `view(state, seat)` alone, so an encoding holds nothing
the seat may not know: another seat's profile, consultations, offers and promises
never reach it, whatever learns from it.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence

import attrs
import numpy as np
import numpy.typing as npt

from game.rules.actions import Action
from game.rules.engine import action_space, legal_actions
from game.rules.enums import Phase, Stance
from game.rules.model import NORMS, Scenario
from game.rules.state import GameState, canonical
from game.rules.view import View

_FIXED = frozenset({"scenario_id", "title", "briefing", "sponsor", "focus", "rounds", "seats",
                    "members", "measures", "agenda", "rules", "me", "event", "log"})
"""View fields a game never changes (or `describe` words more briefly)."""


def describe(v: View, recall: bool) -> str:
    """The view as canonical text: what changes in a game, with the log the seat has
    seen when `recall` asks for everything it has observed since the start."""
    facts = {f.name: canonical(getattr(v, f.name)) for f in attrs.fields(View)
             if f.name not in _FIXED}
    facts["event"] = canonical([v.event.id, v.event.choice is not None, v.event.strain]
                               if v.event else None)
    facts["sensitivity"] = canonical(v.me.sensitivity)
    if recall:
        facts["log"] = canonical(v.log)
    return json.dumps(facts, sort_keys=True, separators=(",", ":"))


class Encoding:
    """The numbering of one scenario's seats, measures, cards, clauses and actions.

    `actions` is `action_space(scenario)`: an action's index is its position there, the
    same in every game of the scenario."""

    def __init__(self, scenario: Scenario) -> None:
        self.scenario = scenario
        self.actions = action_space(scenario)
        self.index = {a: i for i, a in enumerate(self.actions)}
        self.seats = scenario.seats
        self.measures = scenario.agenda
        self.cards = tuple(sorted({*scenario.deck, *scenario.schedule.values()}))
        self.clauses = tuple(sorted({c for m in scenario.agenda
                                     for c in scenario.measures[m].clauses}))
        self._reads = self._parts()
        self.size = sum(width for _, width in self._reads)

    def _parts(self) -> list[tuple[Callable[[View], Iterable[float]], int]]:
        """Each piece of the vector: how it is read from a view, and its width."""
        s, m, c = len(self.seats), len(self.measures), len(self.clauses)
        return [
            (lambda v: self._one(self.seats, v.seat), s),
            (lambda v: (v.round / v.rounds, v.informals), 2),
            (lambda v: self._one(tuple(Phase), v.phase), len(Phase)),
            (lambda v: self._one(self.seats, v.chair), s),
            (lambda v: self._one(self.seats, v.to_move or ""), s),
            (lambda v: self._per_seat(v.face), s),
            (lambda v: self._per_seat(v.capability), s),
            (lambda v: self._per_seat(v.trust_from), s),
            (lambda v: self._per_seat(v.trust_to), s),
            (lambda v: self._many(self.seats, v.norm_adopters), s),
            (lambda v: (v.adopted.get(x, 0) / self._top(x) for x in self.measures), m),
            (lambda v: (v.deferred.get(x, 0) for x in self.measures), m),
            (lambda v: self._many(self.measures, (t.measure for t in v.pending)), m),
            (lambda v: self._one(self.cards, v.event.id if v.event else ""), len(self.cards)),
            (lambda v: (float(bool(v.event and v.event.choice)),), 1),
            (lambda v: (v.event.strain.get(n, 0.0) if v.event else 0.0 for n in NORMS),
             len(NORMS)),  # the card as the round plays it, once its choice is answered
            (self._tabled, m + s + 4 + c + 4 * s),
            (lambda v: (v.me.sensitivity.get(n, 0.0) for n in NORMS), len(NORMS)),
            (self._soundings, s * (1 + len(NORMS))),
            (lambda v: self._many(self.seats, (x for pair in v.consulted for x in pair
                                               if x != v.seat)), s),
            (self._offer, 2 * s + 1 + c),
            (lambda v: self._many(self.seats, (p.to for p in v.pledges if p.by == v.seat)), s),
            (lambda v: self._many(self.seats, (p.by for p in v.pledges if p.to == v.seat)), s),
        ]

    def observe(self, v: View) -> npt.NDArray[np.float32]:
        """The view as a vector of `size` numbers."""
        out = np.zeros(self.size, np.float32)
        at = 0
        for read, width in self._reads:
            values = list(read(v))
            assert len(values) == width, (read, len(values), width)
            out[at:at + width] = values
            at += width
        return out

    def mask(self, state: GameState, seat: str) -> npt.NDArray[np.int8]:
        """1 for each action `seat` may take now, 0 for the rest (all 0 off its turn)."""
        out = np.zeros(len(self.actions), np.int8)
        out[self.legal(state, seat)] = 1
        return out

    def legal(self, state: GameState, seat: str) -> list[int]:
        """The indices of the actions `seat` may take now, ascending."""
        return sorted(self.index[a] for a in legal_actions(state, seat))

    def action(self, index: int) -> Action:
        return self.actions[index]

    # --- the pieces ---------------------------------------------------------------

    def _top(self, measure: str) -> int:
        return self.scenario.measures[measure].max_ambition

    def _one(self, names: Sequence[object], name: object) -> list[float]:
        return [float(n == name) for n in names]

    def _many(self, names: Sequence[str], chosen: Iterable[str]) -> list[float]:
        found = set(chosen)
        return [float(n in found) for n in names]

    def _per_seat(self, values: Mapping[str, float]) -> list[float]:
        return [float(values.get(s, 0.0)) for s in self.seats]

    def _tabled(self, v: View) -> list[float]:
        """The item under deliberation: measure, sponsor, text, everyone's position."""
        tab = v.tabled
        if tab is None:
            return [0.0] * (len(self.measures) + len(self.seats) + 4 + len(self.clauses)
                            + 4 * len(self.seats))
        positions = [tab.positions.get(s) for s in self.seats]
        return [*self._one(self.measures, tab.measure), *self._one(self.seats, tab.sponsor),
                tab.ambition / self._top(tab.measure), tab.amendments,
                float(tab.compromise), float(tab.pressed),
                *self._many(self.clauses, tab.clauses),
                *(float(p is not None and p.stance is stance)
                  for stance in Stance for p in positions),
                *self._many(self.seats, tab.consented)]

    def _soundings(self, v: View) -> list[float]:
        """What this seat's consultations revealed of each other seat's sensitivities."""
        out: list[float] = []
        for s in self.seats:
            found = v.soundings.get(s)
            out.append(float(found is not None))
            out += [found.sensitivity.get(n, 0.0) if found else 0.0 for n in NORMS]
        return out

    def _offer(self, v: View) -> list[float]:
        """An offer made to or by this seat, waiting for its answer."""
        offer = v.offer
        if offer is None:
            return [0.0] * (2 * len(self.seats) + 1 + len(self.clauses))
        return [*self._one(self.seats, offer.offerer), *self._one(self.seats, offer.target),
                offer.ambition, *self._one(self.clauses, offer.clause)]
