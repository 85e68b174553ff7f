"""The `hard` bot: looks ahead from its own view, never the full state.

It rebuilds a plausible game from what it can see (determinization): its own profile
exactly, every other member from what its consultations revealed or, failing that,
from the public prior of that member's stance. For each legal move it plays the rest
of the round out in that imagined game, with every seat acting as a historical bot,
and picks the move that leaves its own score highest. It consults first the seats
its priors say are likeliest to block what it wants, so its lookahead rests on facts.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import attrs

from game.bots.base import Bot
from game.bots.historical import (
    HistoricalBot,
    imagined_member,
    persuasion,
    price_offer,
    stating_concern,
    utility,
    wanted_measures,
)
from game.rules.actions import Action, Verb
from game.rules.engine import apply, legal_actions
from game.rules.enums import LogKind
from game.rules.frozen import FrozenDict
from game.rules.model import History, Member, Scenario
from game.rules.scoring import scores
from game.rules.state import GameState
from game.rules.view import View, view

MAX_ROLLOUT = 400
"""A bound on imagined moves, far above a round's length."""
TRUST_WORTH = 0.2
"""Score points one point of trust lost by breaking a promise is worth to this bot: it
breaks one only when the lookahead says that pays more."""

_PLAYER = HistoricalBot("", 0)


class HardBot(Bot):
    """One imagined world, looked ahead to the end of this round."""

    kind = "hard"
    blurb = "looks ahead"
    horizon = 0
    """Rounds looked ahead beyond this one."""
    _public: Scenario | None = None
    """The first game it imagined, whose memo of public answers the others share."""
    imagined_moves = 0
    """Moves it has played out in imagined games so far (what a search budget counts)."""

    def decide(self, view_: View, legal: Sequence[Action]) -> Action:
        if len(legal) == 1:
            return legal[0]
        worlds = self.worlds(view_)
        if any(a.verb is Verb.CONSULT for a in legal):
            return self.consult(view_, legal, worlds)
        return self.choose(view_, legal, worlds)

    def choose(self, v: View, legal: Sequence[Action], worlds: Sequence[GameState]
               ) -> Action:
        """Any move but a consultation's: the one the lookahead scores best."""
        return self.best(worlds, candidates(v, legal))

    def worlds(self, v: View) -> list[GameState]:
        """The games this seat imagines it may be in, given what it sees."""
        return self.sharing([determinize(v)])

    def sharing(self, worlds: list[GameState]) -> list[GameState]:
        """`worlds`, keeping what the rules work out from the public scenario in one
        memo with every game this bot imagined before (in one game, the same public
        scenario): a lookahead asks the same questions at every decision."""
        for world in worlds:
            if self._public is None or not world.scenario.share_public_memo(self._public):
                self._public = world.scenario
        return worlds

    def best(self, worlds: Sequence[GameState], moves: Sequence[Action]) -> Action:
        """The move with the highest mean score over `worlds`; on a tie, the first."""
        best, best_score = moves[0], float("-inf")
        for action in moves:
            score = sum(self.evaluate(w, action) for w in worlds) / len(worlds)
            if score > best_score + 1e-9:
                best, best_score = action, score
        return best

    def evaluate(self, world: GameState, action: Action) -> float:
        """Its score at the end of the lookahead, less the trust its broken promises
        cost."""
        state = rollout(apply(world, action), world.round, self.horizon)
        self.imagined_moves += state.seq - world.seq
        broken = sum(1 for e in state.log[len(world.log):]
                     if e.kind is LogKind.BROKEN and e.seats[0] == self.seat)
        return scores(state)[self.seat] + broken * world.scenario.rules.trust_broken * TRUST_WORTH

    def consult(self, v: View, legal: Sequence[Action], worlds: Sequence[GameState]
                ) -> Action:
        """Sound out the unsounded seat likeliest to block what this seat wants, unless
        the lookahead scores higher offering a known blocker its price or arguing the
        norm with the likeliest convert. (A lookahead cannot value a sounding: in an
        imagined world everything is known already, so soundings are chosen by need.)"""
        sound = self.sound(v, legal, worlds[0])
        argue = persuasion(v, legal)
        others = [*self.offers(v, legal), *([argue] if argue else [])]
        return self.best(worlds, list(dict.fromkeys([sound, *others]))) if others else sound

    def offers(self, v: View, legal: Sequence[Action]) -> list[Action]:
        """The price offers its lookahead weighs: the first known price only."""
        offer = price_offer(v, v.me, legal)
        return [offer] if offer else []

    def sound(self, v: View, legal: Sequence[Action], world: GameState) -> Action:
        """The unsounded seat likeliest to block what this seat wants, or pass."""
        wants = [m for m in wanted_measures(v, v.me) if m in v.agenda and m not in v.adopted]
        options = [a for a in legal if a.verb is Verb.CONSULT and a.target not in v.soundings]
        if not wants or not options:
            return next(a for a in legal if a.verb is Verb.PASS)
        measure = wants[0]
        top = v.measures[measure].max_ambition

        def guess(action: Action) -> tuple[float, str]:
            other = world.scenario.members[action.target]
            return utility(view(world, other.id), other, measure, top, v.seat), action.target

        return min(options, key=guess)


AGREEMENT_FIRST = {Verb.SUPPORT: 0, Verb.RESERVE: 1, Verb.OBJECT: 3}
"""On a tie, agree rather than block: support, then reserve, then the rest, then object."""


def candidates(v: View, legal: Sequence[Action]) -> list[Action]:
    """The moves worth weighing, in the order ties go: agreement first, and one
    objection only, on the concern that really weighs most for this seat."""
    if v.tabled is not None and any(a.verb in (Verb.RESERVE, Verb.OBJECT) for a in legal):
        legal = stating_concern(v, v.me, legal)
    return sorted(legal, key=lambda a: AGREEMENT_FIRST.get(a.verb, 2))


def rollout(state: GameState, start: int, rounds: int = 0) -> GameState:
    """Play on with historical bots until the review of round `start + rounds` (or the
    end of the game)."""
    last = start + rounds
    for _ in range(MAX_ROLLOUT * (rounds + 1)):
        if state.phase == "over" or state.round > last or (
                state.phase == "review" and state.round == last):
            break
        seat = state.to_move
        assert seat is not None
        legal = legal_actions(state, seat)
        state = apply(state, _PLAYER.decide(view(state, seat), legal))
    return state


def determinize(v: View, imagine: Callable[[View, str], Member] = imagined_member
                ) -> GameState:
    """A full game state consistent with `v`, each other member as `imagine` pictures
    it (by default: what consultations revealed, the rest from public priors)."""
    rules = v.rules
    members: dict[str, Member] = {}
    for seat in v.seats:
        if seat == v.seat:
            members[seat] = attrs.evolve(v.me, flexibility=4, assertive=False)
            continue
        members[seat] = imagine(v, seat)
    events = {v.event.id: v.event} if v.event else {}
    scenario = Scenario(
        id=v.scenario_id, title=v.title, year=0, summary="", briefing="", sponsor=v.sponsor,
        focus=v.focus, seats=v.seats, first_chair=v.chair, rounds=v.rounds, agenda=v.agenda,
        adopted=v.adopted_before, norm_adopters=(), deck=(), schedule={}, members=members,
        measures=v.measures, events=events, rules=rules, history=History(),
        historical=False, sources=(), content_hash=f"imagined:{v.scenario_id}:{v.seat}")
    trust = {s: {o: 50.0 for o in v.seats if o != s} for s in v.seats}
    trust[v.seat] = dict(v.trust_to)
    for other, value in v.trust_from.items():
        trust[other] = {**trust[other], v.seat: value}
    return GameState(
        scenario=scenario, seed=0, chair=v.chair, face=v.face,
        trust=FrozenDict((s, FrozenDict(row)) for s, row in trust.items()),
        capability=v.capability, adopted=v.adopted, phase=v.phase, round=v.round,
        queue=v.queue, event=v.event.id if v.event else "", deferred=v.deferred,
        norm_adopters=v.norm_adopters, tabled=v.tabled, pending=v.pending, consulted=v.consulted,
        informals=v.informals,
        soundings=FrozenDict({v.seat: v.soundings}), offer=v.offer, pledges=v.pledges,
        outcomes=v.outcomes, seq=v.seq)
