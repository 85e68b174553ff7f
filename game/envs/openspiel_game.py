"""Mufakat as an OpenSpiel game, `python_mufakat(scenario=...)`, registered with pyspiel
when this module is imported.

The players are the seats, in the scenario's order. Each round's event card is a
chance node: its outcomes are `chance_outcomes` (equally likely), numbered by the
encoding's cards. The engine draws a round's card from the game's seed when the
round begins (`draw`), so when a move begins rounds that have a card to draw, the
move waits while chance picks each card, and is then applied to the game reseeded
with the first seed that draws those cards: the seed is hidden from every view, so
reseeding tells no player anything. Information states and observations are a seat's
view (`describe`, `Encoding.observe`); the returns are the final scores.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable
from typing import Any

import numpy as np
import pyspiel

from game.envs.encoding import Encoding, describe
from game.rules.engine import apply, chance_outcomes, draw, is_over, max_moves, new_game
from game.rules.log import render
from game.rules.scoring import score_bounds, scores
from game.rules.state import GameState
from game.rules.view import view
from game.scenario.loader import load_scenario

_DEFAULT = "1994-regional-peacekeeping"
_MAX_SEATS = 11  # ASEAN's ten members and Timor-Leste

_GAME_TYPE = pyspiel.GameType(
    short_name="python_mufakat",
    long_name="Mufakat: ASEAN consensus negotiation",
    dynamics=pyspiel.GameType.Dynamics.SEQUENTIAL,
    chance_mode=pyspiel.GameType.ChanceMode.EXPLICIT_STOCHASTIC,
    information=pyspiel.GameType.Information.IMPERFECT_INFORMATION,
    utility=pyspiel.GameType.Utility.GENERAL_SUM,
    reward_model=pyspiel.GameType.RewardModel.TERMINAL,
    max_num_players=_MAX_SEATS,
    min_num_players=2,
    provides_information_state_string=True,
    provides_information_state_tensor=True,
    provides_observation_string=True,
    provides_observation_tensor=True,
    parameter_specification={"scenario": _DEFAULT})


@functools.cache
def _encoding(scenario_id: str) -> Encoding:
    return Encoding(load_scenario(scenario_id))


class MufakatGame(pyspiel.Game):  # type: ignore[misc]
    """A scenario, by the `scenario` parameter: a bundled id or a file's path."""

    def __init__(self, params: dict[str, Any] | None = None) -> None:
        scenario_id = str((params or {}).get("scenario", _DEFAULT))
        self.encoding = _encoding(scenario_id)
        sc = self.encoding.scenario
        low, high = score_bounds(sc)
        info = pyspiel.GameInfo(
            num_distinct_actions=len(self.encoding.actions),
            max_chance_outcomes=len(self.encoding.cards),
            num_players=len(sc.seats), min_utility=low, max_utility=high,
            max_game_length=max_moves(sc) + sc.rounds)
        super().__init__(_GAME_TYPE, info, {"scenario": scenario_id})
        self.start = _Track(scenario_id)

    def new_initial_state(self) -> MufakatState:
        """A copy of the one start (OpenSpiel makes one for every clone, too)."""
        return MufakatState(self)

    def make_py_observer(self, iig_obs_type: Any = None,
                         params: dict[str, Any] | None = None) -> _Observer:
        recall = iig_obs_type is None or iig_obs_type.perfect_recall
        return _Observer(self.encoding, recall)


Step = Callable[[int], GameState]
"""A move as a function of the seed the game is to have when it is made."""


class _Track:
    """The engine's game behind an OpenSpiel state, and a move waiting for chance.

    Pickled (OpenSpiel serializes a Python state's attributes) as its scenario and
    moves, and replayed; copied (OpenSpiel clones states) cheaply, the game being an
    immutable value."""

    def __init__(self, scenario: str) -> None:
        self.scenario = scenario  # as the game's parameter names it
        self.encoding = encoding = _encoding(scenario)
        self.state: GameState | None = None
        self.moves: list[int] = []  # every move so far, chance's included
        self.waiting: Step | None = None
        self.draws: list[tuple[int, tuple[str, ...]]] = []  # the waiting move's rounds
        self.cards: list[str] = []  # chance's picks for them so far
        sc = encoding.scenario
        self._make(lambda seed: new_game(sc, seed), 0)

    def __reduce__(self) -> tuple[Any, ...]:
        return _replayed, (self.scenario, tuple(self.moves))

    def __deepcopy__(self, memo: dict[int, Any]) -> _Track:
        return self.copy()

    def copy(self) -> _Track:
        copy = object.__new__(_Track)
        copy.__dict__.update(self.__dict__)
        copy.moves, copy.draws, copy.cards = list(self.moves), list(self.draws), list(self.cards)
        return copy

    def game(self) -> GameState:
        assert self.state is not None
        return self.state

    def outcomes(self) -> tuple[str, ...]:
        """The cards chance picks from now."""
        return self.draws[len(self.cards)][1]

    def play(self, index: int) -> None:
        """A seat's move, by its index in the action space."""
        self.moves.append(index)
        state = self.game()
        action = self.encoding.action(index)
        self._make(lambda seed: apply(state if seed == state.seed else state.replace(seed=seed),
                                      action), state.round)

    def pick(self, index: int) -> None:
        """Chance's pick of the next card the waiting move draws."""
        self.moves.append(index)
        self.cards.append(self.encoding.cards[index])
        if len(self.cards) == len(self.draws):
            assert self.waiting is not None
            self.state, self.waiting = self.waiting(_dealing(self.draws, self.cards)), None

    def _make(self, step: Step, before: int) -> None:
        """Make `step`, or have it wait for chance when it begins rounds with a card to
        draw (the rounds it begins are the same, whichever cards are drawn)."""
        seed = self.state.seed if self.state is not None else 0
        after = step(seed)
        sc = self.encoding.scenario
        draws = [(r, chance_outcomes(sc, r, after.adopted)) for r in range(before + 1,
                                                                           after.round + 1)]
        self.draws = [(r, cards) for r, cards in draws if len(cards) > 1]
        self.cards = []
        if self.draws:
            self.waiting = step
        else:
            self.state = after


def _dealing(draws: list[tuple[int, tuple[str, ...]]], cards: list[str]) -> int:
    """The first seed from which the engine draws `cards` in their rounds."""
    return next(seed for seed in itertools.count()
                if all(draw(seed, r, outcomes) == card
                       for (r, outcomes), card in zip(draws, cards, strict=True)))


def _replayed(scenario: str, moves: tuple[int, ...]) -> _Track:
    track = _Track(scenario)
    for index in moves:
        if track.waiting is not None:
            track.pick(index)
        else:
            track.play(index)
    return track


class MufakatState(pyspiel.State):  # type: ignore[misc]
    """A game in progress, as OpenSpiel sees it."""

    def __init__(self, game: MufakatGame) -> None:
        super().__init__(game)
        self.track = game.start.copy()

    def current_player(self) -> int:
        track = self.track
        if track.waiting is not None:
            return int(pyspiel.PlayerId.CHANCE)
        state = track.game()
        if is_over(state) or state.to_move is None:
            return int(pyspiel.PlayerId.TERMINAL)
        return track.encoding.seats.index(state.to_move)

    def _legal_actions(self, player: int) -> list[int]:
        return self.track.encoding.legal(self.track.game(), self.track.encoding.seats[player])

    def chance_outcomes(self) -> list[tuple[int, float]]:
        cards = self.track.outcomes()
        number = self.track.encoding.cards.index
        return [(number(card), 1 / len(cards)) for card in cards]

    def _apply_action(self, action: int) -> None:
        if self.track.waiting is not None:
            self.track.pick(action)
        else:
            self.track.play(action)

    def _action_to_string(self, player: int, action: int) -> str:
        if player == pyspiel.PlayerId.CHANCE:
            return f"event {self.track.encoding.cards[action]}"
        return str(self.track.encoding.action(action))

    def is_terminal(self) -> bool:
        return self.track.waiting is None and is_over(self.track.game())

    def returns(self) -> list[float]:
        """The seats' final scores (0 until the game is over)."""
        seats = self.track.encoding.seats
        if not self.is_terminal():
            return [0.0] * len(seats)
        final = scores(self.track.game())
        return [final[s] for s in seats]

    def __str__(self) -> str:
        """The public log, and the round whose card chance is drawing."""
        track, lines = self.track, []
        if track.state is not None:
            lines = [render(e, track.state.scenario) for e in track.state.log if not e.seen_by]
        if track.waiting is not None:
            lines.append(f"(chance draws the card of round {track.draws[len(track.cards)][0]})")
        return "\n".join(lines)


class _Observer:
    """A seat's view for OpenSpiel: `Encoding.observe` as the tensor, `describe` as the
    string (with the log the seat has seen for information states)."""

    def __init__(self, encoding: Encoding, recall: bool) -> None:
        self.encoding = encoding
        self.recall = recall
        self.tensor = np.zeros(encoding.size, np.float32)
        self.dict = {"view": self.tensor}

    def set_from(self, state: MufakatState, player: int) -> None:
        """The seat's view encoded (all zero before the game's first card is drawn)."""
        game = state.track.state
        seat = self.encoding.seats[player]
        self.tensor[:] = self.encoding.observe(view(game, seat)) if game else 0.0

    def string_from(self, state: MufakatState, player: int) -> str:
        game = state.track.state
        seat = self.encoding.seats[player]
        return describe(view(game, seat), self.recall) if game else f"{seat}, before the game"


pyspiel.register_game(_GAME_TYPE, MufakatGame)
