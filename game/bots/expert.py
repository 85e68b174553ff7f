"""The `expert` bot: information-set search from its own view, never the full state.

It is the `hard` bot's lookahead made robust to what it cannot see. Instead of one
imagined game it samples several (determinization, as in perfect-information Monte
Carlo): every member its consultations sounded as they revealed themselves, every other
one drawn around the public prior of its stance, since the sensitivities and appetite
for cooperation of a member nobody has sounded are exactly what the seat does not know.
It plays each candidate move out in every sampled world, with every seat as a
historical bot, to the end of the *next* meeting (a deferral, a pressed text or a
broken promise shows its cost there), and keeps the move with the best mean score.
Successive halving spends the budget on the moves still in the running: all of them
are tried in the first worlds, the better half goes on to the next ones.

The budget is a number of playouts, not a clock, so a seed gives the same game on any
machine. Its randomness comes from its seed and the move number alone: two games that
look the same to this seat get the same decision, whatever the others hold in private.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

import attrs

from game.bots.hard import HardBot, determinize
from game.bots.historical import imagined_member
from game.rules.actions import Action
from game.rules.model import Member
from game.rules.state import GameState
from game.rules.view import View

WORLDS = 4
"""Imagined games per decision: the first from the priors' means, the rest sampled."""
SPREAD = 0.5
"""How far an unsounded member's sensitivity to a norm may lie from its stance's prior
(on the 0-3 scale)."""
COOPERATION_SPREAD = 0.3
"""The same for its appetite for cooperation, as a share of the prior."""
KEEP = 3
"""Successive halving never cuts the field below this many moves."""


class ExpertBot(HardBot):
    kind = "expert"
    blurb = "reads the unseen"
    horizon = 1

    def worlds(self, v: View) -> list[GameState]:
        rng = random.Random(f"expert:{self.seed}:{v.seat}:{v.seq}")
        return [determinize(v)] + [
            determinize(v, lambda view_, seat: sampled_member(view_, seat, rng))
            for _ in range(WORLDS - 1)]

    def best(self, worlds: Sequence[GameState], moves: Sequence[Action]) -> Action:
        """The move with the highest mean over the worlds it was tried in, halving the
        field after each world; on a tie, the earliest in `moves` (agreement first)."""
        alive = list(moves)
        totals = dict.fromkeys(alive, 0.0)
        for i, world in enumerate(worlds):
            for action in alive:
                totals[action] += self.evaluate(world, action)
            if i < len(worlds) - 1 and len(alive) > KEEP:
                ranked = sorted(alive, key=lambda a: -totals[a])  # stable: ties keep order
                keep = set(ranked[:max(KEEP, (len(alive) + 1) // 2)])
                alive = [a for a in alive if a in keep]
        top = max(totals[a] for a in alive)
        return next(a for a in alive if totals[a] >= top - 1e-9)


def sampled_member(v: View, seat: str, rng: random.Random) -> Member:
    """Another seat as one sampled world has it: as sounded if this seat sounded it,
    else its stance's prior moved by a random step on each norm and on cooperation."""
    member = imagined_member(v, seat)
    if seat in v.soundings:
        return member
    sensitivity = {n: min(3.0, max(0.0, x + rng.uniform(-SPREAD, SPREAD)))
                   for n, x in sorted(member.sensitivity.items())}
    cooperation = member.cooperation * (1 + rng.uniform(-COOPERATION_SPREAD,
                                                        COOPERATION_SPREAD))
    return attrs.evolve(member, sensitivity=sensitivity, cooperation=cooperation)
