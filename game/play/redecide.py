"""A game played again on an edited scenario: the people's moves kept, the bots asked again.

A playtest reloads the scenario after each edit. Replaying every old move word for word
would hide the edit (a bot would still object on a norm the author just relaxed), so
only the humans' moves are kept, each seat's in its own order; every computer player
decides again from the edited scenario. The replay stops where a kept move is no longer
legal, or where a human is to move with no old move left.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import attrs

from game.bots import make_bot
from game.rules.actions import Action, IllegalAction
from game.rules.engine import apply, is_over, legal_actions, new_game
from game.rules.model import Scenario
from game.rules.state import GameState
from game.rules.view import view

HUMAN = "human"


@attrs.frozen
class Change:
    """A computer player's move that differs from its move at that point before."""

    seat: str
    old: Action | None  # None: the seat had made no such move before
    new: Action

    def __str__(self) -> str:
        def rest(action: Action | None) -> str:
            return str(action).removeprefix(f"{self.seat} ") if action else "(none)"

        return f"{self.seat}: {rest(self.old)} -> {rest(self.new)}"


@attrs.frozen
class Redecided:
    states: tuple[GameState, ...]  # the new game, from its first state
    actions: tuple[Action, ...]
    changes: tuple[Change, ...]
    stop: str  # why it stopped short of the old moves ("" if it did not)

    @property
    def final(self) -> GameState:
        return self.states[-1]

    def summary(self, old_moves: int) -> str:
        """The sentence a playtest shows after a reload."""
        text = (f"scenario reloaded: {len(self.actions)} moves (was {old_moves}); "
                f"the computer players decided again: {len(self.changes)} "
                f"move{'s' if len(self.changes) != 1 else ''} changed")
        if self.changes:
            shown = ", ".join(str(c) for c in self.changes[:3])
            more = ", ..." if len(self.changes) > 3 else ""
            text += f" ({shown}{more})"
        return text + (f"; {self.stop}" if self.stop else "")


def redecide(scenario: Scenario, seed: int, seats: Mapping[str, str],
             old: Sequence[Action]) -> Redecided:
    """Play `old` again on `scenario`: `seats` maps each seat to `human` (its old moves
    are kept, in order) or a bot kind (it decides again; fresh bots, so an unedited
    scenario gives the same game). A bot's k-th move is compared with its k-th move
    before. With no human move left, bots go on until as many moves as before."""
    kept: dict[str, list[Action]] = {s: [a for a in old if a.seat == s] for s in seats}
    used = dict.fromkeys(seats, 0)
    bots = {s: make_bot(k, s, seed) for s, k in seats.items() if k != HUMAN}
    state = new_game(scenario, seed)
    states, actions, changes = [state], list[Action](), list[Change]()
    stop = ""
    humans_left = sum(len(kept[s]) for s in seats if s not in bots)
    while not is_over(state):
        seat = state.to_move
        assert seat is not None
        before = kept[seat][used[seat]] if used[seat] < len(kept[seat]) else None
        if seat in bots:
            if humans_left == 0 and len(actions) >= len(old):
                break
            action = bots[seat].decide(view(state, seat), legal_actions(state, seat))
            if action != before:
                changes.append(Change(seat, before, action))
        elif before is None:
            break  # the human is to move: the playtest goes on from here
        else:
            action = before
            humans_left -= 1
        try:
            state = apply(state, action)
        except IllegalAction as err:
            stop = f"stopped at {seat}'s move `{action}`: {err.message}"
            break
        used[seat] += 1
        states.append(state)
        actions.append(action)
    return Redecided(tuple(states), tuple(actions), tuple(changes), stop)
