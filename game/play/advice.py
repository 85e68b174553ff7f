"""The advisor: the strongest bot's move for a seat, with what it weighed to choose it.

It asks the `expert` bot (the top of the ladder) for the seat's move, from the seat's
own view alone, so advice reveals nothing the seat could not see; with the game's seed
it is exactly the move an expert in that seat would make. The search's playouts are
watched as they are scored, which gives the reason (each move's mean score over the
imagined games) and lets a caller cancel a search nobody waits for any more.
"""

from __future__ import annotations

import threading
from collections import defaultdict
from collections.abc import Sequence

import attrs

from game.bots.expert import ExpertBot, campaign
from game.rules.actions import Action, Verb
from game.rules.state import GameState
from game.rules.view import View


class AdviceCancelled(Exception):
    """The search was stopped before it chose (the player closed the advisor)."""


@attrs.frozen
class Advice:
    """The move advised and why: the mean score each weighed move reached over the
    imagined games it was played out in, best first (empty when the bot chose by rule:
    the only legal move, or whom to consult)."""

    action: Action
    weighed: tuple[tuple[Action, float], ...]
    worlds: int
    only: bool
    """The rules allow this one move only."""
    ventured: bool = False
    """The search would have tabled nothing; this is a text within reach instead
    (`game.bots.expert.venture`)."""
    campaigning: bool = False
    """An argument for the norm the seat's objectives ask for, made instead of a
    consultation (`game.bots.expert.campaign`)."""


class _WatchedExpert(ExpertBot):
    """The expert bot, noting every playout's score and stopping when told to."""

    def __init__(self, seat: str, seed: int, stop: threading.Event) -> None:
        super().__init__(seat, seed)
        self.stop = stop
        self.scored: dict[Action, list[float]] = defaultdict(list)
        self.imagined = 0
        self.searched: Action | None = None

    def worlds(self, v: View) -> list[GameState]:
        found = super().worlds(v)
        self.imagined = len(found)
        return found

    def search(self, worlds: Sequence[GameState], moves: Sequence[Action]
               ) -> tuple[Action, dict[Action, float]]:
        found = super().search(worlds, moves)
        self.searched = found[0]
        return found

    def evaluate(self, world: GameState, action: Action) -> float:
        if self.stop.is_set():
            raise AdviceCancelled
        score = super().evaluate(world, action)
        self.scored[action].append(score)
        return score


def advise(view: View, legal: Sequence[Action], seed: int,
           stop: threading.Event | None = None) -> Advice:
    """The expert's move for `view.seat` (seeded by the game's `seed`) and its reasons;
    `AdviceCancelled` once `stop` is set. `legal` must be the seat's legal moves."""
    bot = _WatchedExpert(view.seat, seed, stop or threading.Event())
    action = bot.decide(view, legal)
    means = {a: sum(s) / len(s) for a, s in bot.scored.items()}
    weighed = sorted(means.items(), key=lambda item: (-item[1], item[0] != action))
    return Advice(action, tuple(weighed), bot.imagined, len(legal) == 1,
                  bot.searched is not None and bot.searched != action,
                  action.verb is Verb.PERSUADE and action == campaign(view, legal))
