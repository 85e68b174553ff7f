"""What the projector and the facilitator see, built on the server from the state.

A seat gets its own `View` (see `game.play.wire`); the projector gets `public_board`,
built only from what every seat sees (the log entries nobody holds privately, the
decided texts, face in public), so it cannot leak; the facilitator gets `full_board`:
the same plus every private entry, marked. Sentences are rendered here, so neither
client needs the scenario file.
"""

from __future__ import annotations

from typing import Any

from game import GameState, is_over, render, scores
from game.rules.norms import stage


def _name(state: GameState, seat: str | None) -> str:
    if not seat:
        return ""
    member = state.scenario.members.get(seat)
    return member.name if member else seat


def public_board(state: GameState) -> dict[str, Any]:
    """The table as the room sees it on the wall."""
    sc = state.scenario
    tabled = None
    if state.tabled is not None:
        measure = sc.measures[state.tabled.measure]
        tabled = {"measure": measure.name, "sponsor": _name(state, state.tabled.sponsor),
                  "level": measure.levels[state.tabled.ambition - 1]
                  if 1 <= state.tabled.ambition <= measure.max_ambition else ""}
    return {
        "title": sc.title, "round": state.round, "rounds": sc.rounds,
        "phase": str(state.phase), "chair": _name(state, state.chair),
        "to_move": _name(state, state.to_move), "over": is_over(state),
        "stage": stage(len(state.norm_adopters), len(sc.seats), sc.rules, state.norm_held),
        "tabled": tabled,
        "outcomes": [{"measure": sc.measures[o.measure].name if o.measure in sc.measures
                      else o.measure, "result": str(o.result), "round": o.round}
                     for o in state.outcomes],
        "face": {_name(state, s): round(state.face[s], 1) for s in sc.seats},
        "log": [render(e, sc) for e in state.log if not e.seen_by],
    }


def full_board(state: GameState) -> dict[str, Any]:
    """Everything, for the facilitator: private entries marked with who saw them."""
    board = public_board(state)
    sc = state.scenario
    board["log"] = [(f"(private: {', '.join(_name(state, s) for s in e.seen_by)}) "
                     if e.seen_by else "") + render(e, sc) for e in state.log]
    board["scores"] = {_name(state, s): round(v, 1) for s, v in scores(state).items()}
    return board
