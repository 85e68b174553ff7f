"""The closed sets of the rules, as enums (like python-chess's `Termination`).

They are `StrEnum`s, so a value prints, serialises and compares as its word.
"""

from __future__ import annotations

import enum


class Phase(enum.StrEnum):
    """The phases of a round (one meeting), in order, and the end of the game."""

    BRIEFING = "briefing"
    CONSULTATION = "consultation"
    TABLING = "tabling"
    DELIBERATION = "deliberation"
    DECISION = "decision"
    REVIEW = "review"
    OVER = "over"


class Stance(enum.StrEnum):
    """A seat's declared position on the item on the table."""

    SUPPORT = "support"
    RESERVE = "reserve"
    OBJECT = "object"


class Result(enum.StrEnum):
    """How a meeting's tabling ended."""

    ADOPTED = "adopted"
    ADOPTED_MINUS_X = "adopted-minus-x"
    WITHDRAWN = "withdrawn"
    DEFERRED = "deferred"
    FAILED = "failed"
    NONE = "none"

    @property
    def adopted(self) -> bool:
        return self in (Result.ADOPTED, Result.ADOPTED_MINUS_X)


class Rule(enum.StrEnum):
    """The rule an illegal action breaks (`IllegalAction.rule`)."""

    GAME_OVER = "game-over"
    UNKNOWN_SEAT = "unknown-seat"
    TURN_ORDER = "turn-order"
    WRONG_PHASE = "wrong-phase"
    SYNTAX = "syntax"
    CONSULT_TARGET = "consult-target"
    PERSUADE_TARGET = "persuade-target"
    AMBITION_RANGE = "ambition-range"
    RED_LINE = "red-line"
    REASON = "reason"  # an objection or reservation gives a reason that does not apply
    AGENDA = "agenda"
    ALREADY_ADOPTED = "already-adopted"
    PREREQUISITE = "prerequisite"
    ALREADY_TABLED = "already-tabled"
    CLAUSE = "clause"
    CHAIR_ONLY = "chair-only"
    OFFER_TERMS = "offer-terms"
    NOT_PENDING = "not-pending"


class LogKind(enum.StrEnum):
    """What a log entry records; `game.rules.log.render` words each kind."""

    ROUND = "round"
    EVENT = "event"
    INJECT = "inject"  # the facilitator chose the round's event card (`engine.inject`)
    STANDS_ASIDE = "stands-aside"  # a member gives up the chair; the next takes it
    ACCEPTED = "accepted"  # an event's choice answered yes
    DECLINED = "declined"  # an event's choice answered no
    CONVENE = "convene"
    CONSULT = "consult"
    PERSUADE = "persuade"
    NORM_ADOPTED = "norm-adopted"
    OFFER = "offer"
    OFFER_ACCEPTED = "offer-accepted"
    OFFER_DECLINED = "offer-declined"
    BROKEN = "broken"
    KEPT = "kept"
    FLOOR = "floor"
    NO_ITEM = "none"
    TABLE = "table"
    SUPPORT = "support"
    RESERVE = "reserve"
    OBJECT = "object"
    NO_COMPROMISE = "pass"
    COMPROMISE = "compromise"
    AMEND = "amend"
    CALL = "call"
    MINUS_X_ASKED = "minus-x-asked"  # the sponsor presses: objectors asked to stand aside
    CONSENT = "consent"  # an objector consents to stand aside (Art. 21(2))
    REFUSE = "refuse"  # an objector refuses: no consensus to apply minus X
    ADOPTED = "adopted"
    ADOPTED_MINUS_X = "adopted-minus-x"
    WITHDRAWN = "withdrawn"
    DEFERRED = "deferred"
    FAILED = "failed"
    ADJOURN = "adjourn"
    OVER = "over"
    TAKE_UP = "take-up"
    INFORMALS = "informals"
    NO_BUSINESS = "no-business"
