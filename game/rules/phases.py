"""The round's phase flow as one `transitions` state machine, built once per process.

The machine never holds a game: a single plain `Driver` is its only model, and its
`state` property reads and writes `phase` on the engine's `Draft` of the next state.
`advance` points the driver at a draft and pulls a trigger; the frozen state the draft
was made from is never mutated, even when a callback raises. A lock keeps the shared
driver safe when bots think in worker threads.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from transitions import Machine

from game.rules.state import Draft

PHASES = ("briefing", "consultation", "tabling", "deliberation", "decision", "review", "over")

TRANSITIONS: list[dict[str, str]] = [
    {"trigger": "convene", "source": "briefing", "dest": "consultation"},
    {"trigger": "open_floor", "source": "consultation", "dest": "tabling"},
    {"trigger": "table", "source": "tabling", "dest": "deliberation"},
    {"trigger": "no_proposal", "source": "tabling", "dest": "review"},
    {"trigger": "call", "source": "deliberation", "dest": "decision"},
    {"trigger": "conclude", "source": "decision", "dest": "review"},
    {"trigger": "adjourn", "source": "review", "dest": "briefing", "unless": "last_round"},
    {"trigger": "adjourn", "source": "review", "dest": "over", "conditions": "last_round"},
]

Hook = Callable[[Draft], None]


class Driver:
    """The machine's one model: a cursor on the draft of a game's next state."""

    def __init__(self) -> None:
        self.game: Draft | None = None
        self.on_briefing: Hook = lambda g: None
        self.on_review: Hook = lambda g: None

    @property
    def state(self) -> str:
        return self.game.phase if self.game is not None else PHASES[0]

    @state.setter
    def state(self, phase: str) -> None:
        if self.game is not None:
            self.game.phase = phase

    def last_round(self) -> bool:
        assert self.game is not None
        return self.game.round >= self.game.scenario.rounds

    def on_enter_briefing(self) -> None:
        assert self.game is not None
        self.on_briefing(self.game)

    def on_enter_review(self) -> None:
        assert self.game is not None
        self.on_review(self.game)


MACHINE = Machine(model=None, states=list(PHASES), transitions=TRANSITIONS,
                  initial=PHASES[0], auto_transitions=False)
_DRIVER = Driver()
MACHINE.add_model(_DRIVER)
_LOCK = threading.Lock()


def install(on_briefing: Hook, on_review: Hook) -> None:
    """Give the driver the rules' phase-entry effects (called once by the engine)."""
    _DRIVER.on_briefing = on_briefing
    _DRIVER.on_review = on_review


def advance(draft: Draft, trigger: str) -> None:
    """Pull `trigger` on `draft`: its phase changes and the entered phase's effects run."""
    with _LOCK:
        _DRIVER.game = draft
        try:
            getattr(_DRIVER, trigger)()
        finally:
            _DRIVER.game = None
