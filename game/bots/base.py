"""What every computer player shares: the interface and the `--bots` spec."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from game.rules.actions import Action
from game.rules.view import View


class BotError(ValueError):
    """A bad bot kind or `--bots` spec; the message says what is allowed."""


class Bot:
    """A computer player for one seat. `decide` must return one of `legal`."""

    kind = "bot"

    def __init__(self, seat: str, seed: int = 0) -> None:
        self.seat = seat
        self.seed = seed

    def decide(self, view: View, legal: Sequence[Action]) -> Action:
        raise NotImplementedError


def parse_spec(spec: str, seats: Iterable[str], kinds: Iterable[str],
               default: str) -> dict[str, str]:
    """`hard` (every seat) or `indonesia=hard,*=random` (per seat, `*` for the rest)
    -> seat -> kind."""
    seats, kinds = list(seats), list(kinds)
    spec = spec.strip()
    if "=" not in spec:
        kind = spec or default
        if kind not in kinds:
            raise BotError(f"unknown bot kind `{kind}`; kinds: {', '.join(kinds)}")
        return dict.fromkeys(seats, kind)
    chosen: dict[str, str] = {}
    rest = default
    for part in filter(None, (p.strip() for p in spec.split(","))):
        seat, sep, kind = (x.strip() for x in part.partition("="))
        if not sep or kind not in kinds:
            raise BotError(f"bad bot spec `{part}`: expected SEAT=KIND with KIND one of "
                           f"{', '.join(kinds)}")
        if seat == "*":
            rest = kind
        elif seat not in seats:
            raise BotError(f"bad bot spec `{part}`: `{seat}` is not seated; seats: "
                           f"{', '.join(seats)}")
        else:
            chosen[seat] = kind
    return {s: chosen.get(s, rest) for s in seats}
