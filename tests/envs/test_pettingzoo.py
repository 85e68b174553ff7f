"""The PettingZoo environment passes PettingZoo's own API and seeding tests."""

from __future__ import annotations

import pytest

pytest.importorskip("pettingzoo", reason="needs the research extra: pip install 'mufakat[rl]'")

from pettingzoo.test import api_test, seed_test

from game.envs.pettingzoo_env import MufakatEnv
from game.rules.scoring import scores

# PettingZoo's advice, which a masked, named-seat environment does not take:
pytestmark = [pytest.mark.filterwarnings("ignore:Observation is not a NumPy array"),
              pytest.mark.filterwarnings("ignore:Observation space for each agent"),
              pytest.mark.filterwarnings("ignore:We recommend agents to be named")]

SCENARIOS = ["1994-regional-peacekeeping", "2011-apcn"]
WHOLE_GAME = 1000  # cycles of every seat: more than any game of these scenarios lasts


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_the_environment_passes_pettingzoos_api_test(scenario: str) -> None:
    api_test(MufakatEnv(scenario), num_cycles=WHOLE_GAME)


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_the_environment_passes_pettingzoos_seed_test(scenario: str) -> None:
    seed_test(lambda: MufakatEnv(scenario), num_cycles=WHOLE_GAME)


def test_a_seats_return_is_its_final_score_less_its_score_at_the_start() -> None:
    env = MufakatEnv(SCENARIOS[0])
    env.reset(seed=5)
    start = scores(env.game)
    returns = dict.fromkeys(env.possible_agents, 0.0)
    for agent in env.agent_iter(max_iter=10_000):
        observation, reward, done, _, _ = env.last()
        returns[agent] += reward
        mask = observation["action_mask"]
        assert mask.any() != done
        env.step(None if done else env.action_space(agent).sample(mask))
    final = scores(env.game)
    assert env.game.phase == "over"
    for seat, total in returns.items():
        assert total == pytest.approx(final[seat] - start[seat], abs=1e-6)


def test_the_same_seed_plays_the_same_game_and_another_seed_another() -> None:
    games = []
    for seed in (7, 7, 8):
        env = MufakatEnv(SCENARIOS[1])
        env.reset(seed=seed)
        for i, agent in enumerate(env.agent_iter(max_iter=60)):
            env.action_space(agent).seed(i)
            env.step(env.action_space(agent).sample(env.last()[0]["action_mask"]))
        games.append(env.game.digest())
    assert games[0] == games[1] != games[2]
