"""Events change the game (issue "Rules 2", item 7): in every bundled scenario, the
default bots' scores differ between some game played with the deck and the same seed
played with no event card at all, and a choice card's answer changes its chooser's
score."""

from __future__ import annotations

import attrs
import pytest

from game import load_scenario
from game.bots import DEFAULT
from game.play.simulate import play
from game.rules.enums import LogKind
from game.rules.scoring import scores
from game.scenario.loader import contest_ids

SEEDS = range(12)
DRAWN = contest_ids()
"""Not the tutorial: it plays one fixed card, so that no draw can spoil its lesson."""


@pytest.mark.parametrize("scenario_id", DRAWN)
def test_the_deck_changes_some_score(scenario_id: str) -> None:
    sc = load_scenario(scenario_id)
    bare = attrs.evolve(sc, deck=(), schedule={})
    kinds = dict.fromkeys(sc.seats, DEFAULT)
    assert any(scores(play(sc, seed, kinds)) != scores(play(bare, seed, kinds))
               for seed in SEEDS)


@pytest.mark.parametrize("scenario_id", DRAWN)
def test_some_choice_is_put_in_a_few_games(scenario_id: str) -> None:
    sc = load_scenario(scenario_id)
    kinds = dict.fromkeys(sc.seats, DEFAULT)
    answered = {e.card for seed in SEEDS for e in play(sc, seed, kinds).log
                if e.kind in (LogKind.ACCEPTED, LogKind.DECLINED)}
    assert answered, "no event choice was put in a dozen games"
