"""What every computer player shares: the interface and the `--bots` spec."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from game.rules.actions import Action
from game.rules.text import clip
from game.rules.view import View


class BotError(ValueError):
    """A bad bot kind or `--bots` spec; the message says what is allowed."""


class Bot:
    """A computer player for one seat. `decide` must return one of `legal`."""

    kind = "bot"
    blurb = ""
    """What playing against it is like, in a few words (the ladder of strengths)."""

    def __init__(self, seat: str, seed: int = 0) -> None:
        self.seat = seat
        self.seed = seed

    def decide(self, view: View, legal: Sequence[Action]) -> Action:
        raise NotImplementedError


def parse_spec(spec: str, seats: Iterable[str], kinds: Iterable[str],
               default: str) -> dict[str, str]:
    """`hard` (every seat) or `indonesia=hard,*=random` (per seat, `*` for the rest)
    -> seat -> kind. An empty spec means `default` for every seat; a seat (or `*`)
    named twice, an unknown seat or kind, or an empty entry is a `BotError`."""
    seats, kinds = list(seats), list(kinds)
    spec = spec.strip()
    if "=" not in spec:
        kind = spec or default
        if kind not in kinds:
            raise BotError(f"unknown bot kind `{clip(kind, 60)}`; kinds: {', '.join(kinds)}")
        return dict.fromkeys(seats, kind)
    chosen: dict[str, str] = {}
    rest: str | None = None
    for part in (p.strip() for p in spec.split(",")):
        if not part:
            raise BotError(f"bad bot spec `{clip(spec, 80)}`: an empty entry between "
                           "commas; write SEAT=KIND,...,*=KIND")
        seat, sep, kind = (x.strip() for x in part.partition("="))
        shown = clip(part, 80)
        if not sep or kind not in kinds:
            raise BotError(f"bad bot spec `{shown}`: expected SEAT=KIND with KIND one of "
                           f"{', '.join(kinds)}")
        if seat == "*":
            if rest is not None:
                raise BotError(f"bad bot spec `{shown}`: `*` is given twice; "
                               "keep one `*=KIND` for the other seats")
            rest = kind
        elif seat not in seats:
            raise BotError(f"bad bot spec `{shown}`: `{clip(seat, 40)}` is not seated; "
                           f"seats: {', '.join(seats)}")
        elif seat in chosen:
            raise BotError(f"bad bot spec `{shown}`: `{seat}` is given twice "
                           f"(already `{seat}={chosen[seat]}`); name each seat once")
        else:
            chosen[seat] = kind
    return {s: chosen.get(s, rest or default) for s in seats}
