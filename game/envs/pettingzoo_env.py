"""Mufakat as a PettingZoo AEC environment: the agents are the seats, taking turns as
the engine's `state.to_move` says.

Each observation is `{"observation": ..., "action_mask": ...}`: the seat's view
encoded (`Encoding.observe`) and a mask over `action_space(scenario)`, all zero off
its turn. A step's rewards are every seat's change in score (`scores`), so an
agent's return over a game is its final score less its score at the start.
"""

from __future__ import annotations

import random
from typing import Any, ClassVar

import numpy as np
import numpy.typing as npt
from gymnasium import spaces
from pettingzoo import AECEnv

from game.envs.encoding import Encoding
from game.rules.engine import apply, is_over, new_game
from game.rules.log import render
from game.rules.scoring import scores
from game.rules.state import GameState
from game.rules.view import view
from game.scenario.loader import load_scenario

Observation = dict[str, npt.NDArray[Any]]


class MufakatEnv(AECEnv[str, Observation, int]):  # type: ignore[misc]
    """One game of a scenario per episode; `reset(seed=N)` plays the game of seed N."""

    metadata: ClassVar[dict[str, Any]] = {
        "name": "mufakat_v0", "render_modes": ["ansi"], "is_parallelizable": False}

    def __init__(self, scenario: str = "2011-apcn", render_mode: str | None = None) -> None:
        super().__init__()
        self.encoding = Encoding(load_scenario(scenario))
        self.possible_agents = list(self.encoding.seats)
        self.render_mode = render_mode
        actions = len(self.encoding.actions)
        self._observation_space = spaces.Dict({
            "observation": spaces.Box(-np.inf, np.inf, (self.encoding.size,), np.float32),
            "action_mask": spaces.Box(0, 1, (actions,), np.int8)})
        self._action_spaces = {a: spaces.Discrete(actions) for a in self.possible_agents}
        self.game: GameState | None = None

    def observation_space(self, agent: str) -> spaces.Space[Any]:
        return self._observation_space

    def action_space(self, agent: str) -> spaces.Space[Any]:
        return self._action_spaces[agent]

    def reset(self, seed: int | None = None, options: dict[str, Any] | None = None) -> None:
        """A new game of the seed given (any seed when none is)."""
        game_seed = random.SystemRandom().randrange(2**31) if seed is None else seed
        self.game = new_game(self.encoding.scenario, game_seed)
        self.agents = self.possible_agents[:]
        self._scores = scores(self.game)
        self.rewards = dict.fromkeys(self.agents, 0.0)
        self._cumulative_rewards = dict.fromkeys(self.agents, 0.0)
        self.terminations = dict.fromkeys(self.agents, False)
        self.truncations = dict.fromkeys(self.agents, False)
        self.infos: dict[str, dict[str, Any]] = {a: {} for a in self.agents}
        self.agent_selection = self._current().to_move or self.agents[0]

    def observe(self, agent: str) -> Observation:
        state = self._current()
        return {"observation": self.encoding.observe(view(state, agent)),
                "action_mask": self.encoding.mask(state, agent)}

    def step(self, action: int | None) -> None:
        """The selected seat plays the action of that index (None once it is done)."""
        agent = self.agent_selection
        if self.terminations[agent] or self.truncations[agent]:
            self._was_dead_step(action)
            return
        assert action is not None
        self._cumulative_rewards[agent] = 0.0
        self.game = apply(self._current(), self.encoding.action(int(action)))
        now = scores(self.game)
        self.rewards = {a: now[a] - self._scores[a] for a in self.agents}
        self._scores = now
        self._accumulate_rewards()
        if is_over(self.game):
            self.terminations = dict.fromkeys(self.agents, True)
        self.agent_selection = self.game.to_move or self.agents[0]

    def render(self) -> str | None:
        """The game's public log so far (`render_mode="ansi"`)."""
        if self.render_mode != "ansi":
            return None
        state = self._current()
        return "\n".join(render(e, state.scenario) for e in state.log if not e.seen_by)

    def close(self) -> None:
        """Nothing to release: a game is a value."""

    def _current(self) -> GameState:
        assert self.game is not None, "call reset() first"
        return self.game
