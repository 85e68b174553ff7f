"""A round's phase flow, declared once as a table of phases (as boardgame.io declares a
phase with its moves, turn order and `onBegin`), from which the `transitions` machine
is built.

Each `PhaseSpec` says which verbs a seat may use in the phase, who speaks in what
order on entering it, what happens on entering it, and by which trigger it is left
for which phase. The `transitions` machine is built from the exits and validates them
(every trigger, source and destination); it holds no game and no model, so `advance`
only looks a transition up and needs no lock: any number of bot threads share it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

import attrs
from transitions import Machine

from game.rules.enums import Phase
from game.rules.state import Draft

if TYPE_CHECKING:
    from game.rules.actions import Verb
    from game.rules.state import GameState

Verbs = Callable[["GameState", str], "frozenset[Verb]"]
Order = Callable[[Draft], tuple[str, ...]]
Hook = Callable[[Draft], None]
Condition = Callable[[Draft], bool]


def _nothing(_: Draft) -> None:
    return None


@attrs.frozen
class Exit:
    """Leave the phase by `trigger` for `dest`, if the named condition holds (`when`)
    or does not (`unless`)."""

    trigger: str
    dest: Phase
    when: str = ""
    unless: str = ""


@attrs.frozen
class PhaseSpec:
    phase: Phase
    verbs: Verbs  # what a seat may do in the phase, when it is its turn
    order: Order  # who speaks, in order, on entering the phase
    exits: tuple[Exit, ...] = ()
    enter: Hook = _nothing  # the phase's on-enter effect, before `order` is asked


class Route(NamedTuple):
    """One transition of the machine: its destination, if each named condition gives
    its target value."""

    dest: Phase
    checks: tuple[tuple[str, bool], ...]


class PhaseTable:
    """The phases of a round and the machine built from them."""

    def __init__(self, specs: Sequence[PhaseSpec], conditions: Mapping[str, Condition]
                 ) -> None:
        self.specs: Mapping[Phase, PhaseSpec] = {s.phase: s for s in specs}
        self.conditions = dict(conditions)
        assert list(self.specs) == list(Phase), "one spec per phase, in order"
        self.machine = Machine(model=None, states=[p.value for p in Phase],
                               transitions=self.transitions, initial=Phase.BRIEFING.value,
                               auto_transitions=False)
        self.routes: dict[tuple[Phase, str], list[Route]] = {}
        """The machine's transitions by (source, trigger), looked up once here rather
        than on every `advance`."""
        for spec in self.specs.values():
            for trigger in {e.trigger for e in spec.exits}:
                self.routes[spec.phase, trigger] = [
                    Route(Phase(str(t.dest)), tuple((str(c.func), bool(c.target))
                                                    for c in t.conditions))
                    for t in self.machine.get_transitions(trigger=trigger,
                                                          source=spec.phase.value)]

    @property
    def transitions(self) -> list[dict[str, Any]]:
        """The exits in `transitions`' form (also what `mufakat graph` draws)."""
        out: list[dict[str, Any]] = []
        for spec in self.specs.values():
            for e in spec.exits:
                row: dict[str, Any] = {"trigger": e.trigger, "source": spec.phase.value,
                                       "dest": e.dest.value}
                if e.when:
                    row["conditions"] = e.when
                if e.unless:
                    row["unless"] = e.unless
                out.append(row)
        return out

    def verbs(self, state: GameState, seat: str) -> frozenset[Verb]:
        return self.specs[state.phase].verbs(state, seat)

    def advance(self, draft: Draft, trigger: str) -> None:
        """Pull `trigger` on `draft`: its phase changes, the entered phase's effect
        runs and its speakers are queued."""
        for route in self.routes.get((draft.phase, trigger), ()):
            if all(self.conditions[name](draft) == target for name, target in route.checks):
                self.enter(draft, route.dest)
                return
        raise AssertionError(f"no transition `{trigger}` from {draft.phase}")

    def enter(self, draft: Draft, phase: Phase) -> None:
        """Put `draft` in `phase`: run its on-enter effect and queue its speakers."""
        spec = self.specs[phase]
        draft.phase = phase
        spec.enter(draft)
        draft.queue = spec.order(draft)
