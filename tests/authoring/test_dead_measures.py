"""W115: an agenda measure that no historical bot tables and no seat's objective
rewards adopting. The warning says what the bots do: checked against real bot games."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from game.authoring.lint import lint_paths
from game.play.simulate import simulate

AGENDA = '"joint-training"]\nevents'
DEAD = '"joint-training", "apcn"]\nevents'


def _w115(path: Path) -> list[str]:
    return [str(p) for p in lint_paths([str(path)]) if p.code == "W115"]


def test_a_measure_nobody_wants_is_never_tabled_by_a_historical_bot(
        valid_text: str, scenario_file: Callable[[str], Path]) -> None:
    path = scenario_file(valid_text.replace(AGENDA, DEAD))
    [message] = _w115(path)
    assert "`apcn`" in message and "[agenda[3]]" in message
    assert 'hint: give a seat { kind = "adopt", measure = "apcn"' in message
    figures = simulate(str(path), games=6)
    assert "apcn" not in figures["tabled_by"]


@pytest.mark.parametrize("objective", [
    '{ kind = "adopt", measure = "apcn", points = 3 }',
    '{ kind = "progress", min_intrusiveness = 1, points = 3 }',
])
def test_an_objective_that_rewards_it_keeps_it_alive(
        objective: str, valid_text: str, scenario_file: Callable[[str], Path]) -> None:
    text = valid_text.replace(AGENDA, DEAD).replace(
        "[members.laos]\nobjectives = [", f"[members.laos]\nobjectives = [{objective}, ")
    assert text.count(objective) == 1
    assert _w115(scenario_file(text)) == []


def test_an_adopt_objective_makes_a_historical_bot_table_it(
        valid_text: str, scenario_file: Callable[[str], Path]) -> None:
    objective = '{ kind = "adopt", measure = "apcn", points = 3 }'
    text = valid_text.replace(AGENDA, DEAD).replace(
        "[members.laos]\nobjectives = [", f"[members.laos]\nobjectives = [{objective}, ")
    figures = simulate(str(scenario_file(text)), games=6)
    assert "laos" in figures["tabled_by"]["apcn"]


def test_the_focus_and_the_chairs_statement_are_not_dead(
        valid_text: str, scenario_file: Callable[[str], Path]) -> None:
    """The template's agenda holds the chair's statement, which no objective rewards."""
    assert '"chair-statement"' in valid_text
    assert _w115(scenario_file(valid_text)) == []
