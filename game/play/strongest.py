"""What the strongest line would have scored: the same game replayed with the `expert`
bot in one seat and the record's bots elsewhere.

The same scenario and seed give the same event deck, so the difference in score is the
difference the seat's own play made. A seat played by a person elsewhere (hot-seat) is
played by the default bot, since a person's moves cannot be replayed against new ones.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from game.bots import DEFAULT, make_bot
from game.play.redecide import HUMAN
from game.play.simulate import play_bots
from game.rules.actions import Action
from game.rules.state import GameState

STRONGEST = "expert"
"""The strongest bot kind of the ladder (`game.bots.KINDS`)."""


def line_kinds(seats: Mapping[str, str], seat: str) -> dict[str, str]:
    """Seat -> bot kind for the replay: the expert in `seat`, the same bots elsewhere."""
    kinds = {s: DEFAULT if k == HUMAN else k for s, k in seats.items()}
    kinds[seat] = STRONGEST
    return kinds


def strongest_line(state: GameState, seats: Mapping[str, str], seat: str,
                   on_move: Callable[[Action, GameState], None] | None = None) -> GameState:
    """The final state of the game replayed with the expert in `seat`.

    Bounded: the engine ends every game within `max_moves` actions and the expert
    searches a fixed number of playouts per move, so this takes seconds, not minutes.
    `on_move` hears each action (a progress line; it may raise to stop early)."""
    bots = {s: make_bot(k, s, state.seed) for s, k in line_kinds(seats, seat).items()}
    return play_bots(state.scenario, state.seed, bots, on_move)
