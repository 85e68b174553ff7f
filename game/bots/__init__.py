"""Computer players. Each decides from `view(state, seat)` alone, never the full state.

    bot = make_bot("historical", "vietnam", seed=1)
    action = bot.decide(view(state, "vietnam"), legal_actions(state, "vietnam"))
"""

from __future__ import annotations

from game.bots.base import Bot, BotError, parse_spec
from game.bots.expert import ExpertBot
from game.bots.hard import HardBot
from game.bots.historical import HistoricalBot
from game.bots.random_bot import RandomBot

KINDS: dict[str, type[Bot]] = {"random": RandomBot, "historical": HistoricalBot,
                               "hard": HardBot, "expert": ExpertBot}
"""The ladder of strengths, weakest first; each kind's `blurb` says what it is like."""
DEFAULT = "historical"


def make_bot(kind: str, seat: str, seed: int = 0) -> Bot:
    """A bot of `kind` for `seat`; its own randomness comes from `seed`."""
    if kind not in KINDS:
        raise BotError(f"unknown bot kind `{kind}`; kinds: {', '.join(KINDS)}")
    return KINDS[kind](seat, seed)


__all__ = ["DEFAULT", "KINDS", "Bot", "BotError", "make_bot", "parse_spec"]
