"""Fixtures for the engine tests: the lab scenario and a game of it at its first briefing."""

from __future__ import annotations

import pytest
from engine_kit import lab

from game import GameState, Scenario, new_game


@pytest.fixture(scope="session")
def lab_scenario() -> Scenario:
    return lab()


@pytest.fixture
def start(lab_scenario: Scenario) -> GameState:
    return new_game(lab_scenario, seed=1)
