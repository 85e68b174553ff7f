"""The tutorial's lesson happens whatever the seed: played by the default bots, the one
member whose public role asks for a clause reserves asking it, nobody objects, and the
sponsor's amendment adding it brings consensus."""

from __future__ import annotations

import pytest

from game import bundled_ids, load_scenario
from game.bots import DEFAULT
from game.play.simulate import play
from game.rules.enums import LogKind, Result

TUTORIALS = [sid for sid in bundled_ids() if load_scenario(sid).tutorial]


def test_a_tutorial_is_bundled() -> None:
    assert TUTORIALS == ["tutorial-first-meeting"]


@pytest.mark.parametrize("seed", range(30))
def test_the_lesson_happens_for_every_seed(seed: int) -> None:
    sc = load_scenario(TUTORIALS[0])
    asker, wanted = next((seat, o.clause) for seat in sc.seats
                         for o in sc.members[seat].objectives
                         if o.public and o.kind == "clause" and o.measure == sc.focus)
    state = play(sc, seed, dict.fromkeys(sc.seats, DEFAULT))
    kinds = [e.kind for e in state.log]
    reserve = next(e for e in state.log if e.kind is LogKind.RESERVE)
    assert (reserve.seats[0], reserve.clauses) == (asker, (wanted,))
    assert LogKind.OBJECT not in kinds
    amend = next(e for e in state.log if e.kind is LogKind.AMEND)
    assert (amend.seats[0], amend.clauses) == (sc.sponsor, (wanted,))
    assert [(o.measure, o.result, o.clauses) for o in state.outcomes] == [
        (sc.focus, Result.ADOPTED, (wanted,))]
