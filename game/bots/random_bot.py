"""The `random` bot: uniform over the legal actions, reproducible from its seed."""

from __future__ import annotations

import random
from collections.abc import Sequence

from game.bots.base import Bot
from game.rules.actions import Action
from game.rules.view import View


class RandomBot(Bot):
    kind = "random"
    blurb = "any legal move"

    def decide(self, view: View, legal: Sequence[Action]) -> Action:
        # Seeded by the move number too, so a resumed game decides as the original did.
        rng = random.Random(f"{self.seed}:{self.seat}:{view.seq}")
        return legal[rng.randrange(len(legal))]
