"""The workshop's small values: who a code admits, and the press (messages between seats)."""

from __future__ import annotations

import enum

import attrs

FACILITATOR = "facilitator"
"""The sender name of the facilitator's messages and injects (never a seat id)."""


class Role(enum.StrEnum):
    """What a code admits to: one seat's table, the public projector, or the console."""

    SEAT = "seat"
    PROJECTOR = "projector"
    FACILITATOR = "facilitator"


@attrs.frozen
class Credential:
    """Who a code admits: a role, and for `Role.SEAT` the seat it plays."""

    role: Role
    seat: str = ""

    def __str__(self) -> str:
        return self.seat if self.role is Role.SEAT else str(self.role)


@attrs.frozen
class Press:
    """One message of the press: a seat (or the facilitator) writes to some seats, or to
    the whole room when `to` is empty. Opened to everyone in the debrief."""

    id: int  # 1, 2, ... in the order the server accepted them
    sender: str  # a seat id, or FACILITATOR
    to: tuple[str, ...]  # seat ids; () = a public statement to the room
    text: str
    at_seq: int  # the game's sequence number when it was sent
    at: float  # Unix time the server accepted it

    @property
    def public(self) -> bool:
        return not self.to

    def visible_to(self, seat: str) -> bool:
        """Whether `seat` may read it while the game is on."""
        return self.public or seat == self.sender or seat in self.to
