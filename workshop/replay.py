"""A workshop's game rebuilt from what its database keeps: the moves in order, and the
facilitator's injects, each after the move it followed (an `inject` event's `after`).

The server resumes from it, exports the standard record from it, and the room's
debrief replays it: one way to rebuild the game, so the three never disagree.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from game import Action, GameState, IllegalAction, Scenario, apply, inject, new_game

Event = tuple[float, str, Mapping[str, object]]
"""A facilitator's event: when (Unix time), what kind, and its details."""


def injects_of(events: Iterable[Event]) -> dict[int, list[str]]:
    """Move number -> the cards injected after it, from the facilitator's events (an
    event without its place is only listed in the debrief, never replayed)."""
    injects: dict[int, list[str]] = {}
    for _, kind, detail in events:
        if kind == "inject" and "after" in detail:
            injects.setdefault(int(str(detail["after"])), []).append(str(detail["card"]))
    return injects


def replay(scenario: Scenario, seed: int, actions: Sequence[Action],
           injects: Mapping[int, Sequence[str]]) -> list[GameState]:
    """The state after each number of moves (injects applied where they were made);
    `ValueError` naming the move or inject that does not replay."""
    def injected(state: GameState, after: int) -> GameState:
        for card in injects.get(after, ()):
            try:
                state = inject(state, card)
            except IllegalAction as err:
                raise ValueError(f"the inject `{card}` after move {after} does not "
                                 f"replay: {err.message}") from None
        return state

    states = [injected(new_game(scenario, seed), 0)]
    for number, action in enumerate(actions, 1):
        try:
            state = apply(states[-1], action)
        except IllegalAction as err:
            raise ValueError(f"move {number} (`{action}`) does not replay: "
                             f"{err.message}") from None
        states.append(injected(state, number))
    return states
