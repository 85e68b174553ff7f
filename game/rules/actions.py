"""Actions: small typed values with a one-line text form that parses and prints back.

    indonesia table standby-register ambition=2
    vietnam reserve clause=national-command reason=N1
    thailand compromise ambition=1
    vietnam object reason=N3
    singapore consult vietnam
    indonesia persuade thailand
    indonesia offer vietnam clause=national-command

The text is `SEAT VERB [TARGET] [ambition=N] [clause=C] [reason=R]`, like a chess move
in UCI: `Action.parse(str(action)) == action` for every action.
"""

from __future__ import annotations

import enum
import re

import attrs

from game.rules.enums import Rule


class Verb(enum.StrEnum):
    CONVENE = "convene"        # chair: open the meeting (briefing -> consultation)
    CONSULT = "consult"        # private sounding with another seat (quiet diplomacy)
    PERSUADE = "persuade"      # a norm holder argues the norm with another seat instead
    OFFER = "offer"            # a private, non-binding offer to another seat
    PASS = "pass"              # nothing to say in this phase
    TABLE = "table"            # put a measure on the table at an ambition level
    SUPPORT = "support"
    RESERVE = "reserve"        # join consensus only at a lower ambition
    OBJECT = "object"          # block, giving the norm or red line behind it
    COMPROMISE = "compromise"  # chair: compromise text at a lower ambition
    AMEND = "amend"            # sponsor: lower the ambition
    CALL = "call"              # sponsor: call for a decision while blocked
    WITHDRAW = "withdraw"      # sponsor: quietly withdraw
    DEFER = "defer"            # sponsor: defer to a later meeting
    PRESS = "press"            # sponsor: press to a public decision
    ADJOURN = "adjourn"        # chair: close the review (next round or end)
    ACCEPT = "accept"          # answer yes: an event's choice, an offer, consent to minus X
    DECLINE = "decline"        # answer no: an event's choice, an offer, refuse minus X
    TAKE_UP = "take-up"        # chair: which item tabled at this meeting is deliberated next
    INFORMALS = "informals"    # chair: set a blocked item aside for informal consultations


TARGETED = frozenset({Verb.CONSULT, Verb.PERSUADE, Verb.OFFER, Verb.TABLE, Verb.TAKE_UP})
AMBITIOUS = frozenset({Verb.TABLE, Verb.RESERVE, Verb.COMPROMISE, Verb.AMEND, Verb.OFFER})
CHANGING = frozenset({Verb.RESERVE, Verb.COMPROMISE, Verb.AMEND})
"""Verbs that change the text (or ask to): a lower `ambition=` or a `clause=`, not both."""
CLAUSED = CHANGING | {Verb.OFFER, Verb.TABLE}
"""Verbs that may name a clause: the changes, an offer's terms, a text tabled with the
clause its sponsor promised."""
REASONED = frozenset({Verb.OBJECT, Verb.RESERVE})
"""Verbs that state the concern behind them (`reason=`): required to object; a
reservation gives one whenever one applies."""


class ActionSyntaxError(ValueError):
    """Text that is not an action; the message says what the form should be."""


@attrs.frozen(order=True)
class Action:
    seat: str
    verb: Verb
    target: str = ""
    ambition: int = 0
    reason: str = ""
    clause: str = ""

    def __str__(self) -> str:
        parts = [self.seat, str(self.verb)]
        if self.target:
            parts.append(self.target)
        if self.ambition:
            parts.append(f"ambition={self.ambition}")
        if self.clause:
            parts.append(f"clause={self.clause}")
        if self.reason:
            parts.append(f"reason={self.reason}")
        return " ".join(parts)

    @classmethod
    def parse(cls, text: str) -> Action:
        """Read the canonical text form; raise `ActionSyntaxError` saying what is wrong."""
        words = text.split()
        if len(words) < 2:
            raise ActionSyntaxError(f"`{text}`: expected `SEAT VERB [TARGET] [key=value]`, "
                                    "e.g. `indonesia table joint-training ambition=2`")
        seat, verb_word, rest = words[0], words[1], words[2:]
        try:
            verb = Verb(verb_word)
        except ValueError:
            raise ActionSyntaxError(f"`{text}`: unknown verb `{verb_word}`; verbs: "
                                    + ", ".join(v.value for v in Verb)) from None
        target = ""
        if verb in TARGETED:
            if not rest or "=" in rest[0]:
                what = "a measure" if verb is Verb.TABLE else "a seat"
                raise ActionSyntaxError(f"`{text}`: `{verb}` needs {what} after it")
            target, rest = rest[0], rest[1:]
        keys: dict[str, str] = {}
        for word in rest:
            key, sep, value = word.partition("=")
            allowed = {"ambition": verb in AMBITIOUS, "reason": verb in REASONED,
                       "clause": verb in CLAUSED}
            if not sep or not allowed.get(key) or key in keys or not value:
                raise ActionSyntaxError(f"`{text}`: unexpected `{word}` after `{verb}`")
            keys[key] = value
        ambition = 0
        if verb is Verb.OFFER and "ambition" in keys and "clause" in keys:
            raise ActionSyntaxError(f"`{text}`: an offer's terms are `ambition=N` or "
                                    "`clause=C`, not both")
        if verb in CHANGING and ("ambition" in keys) == ("clause" in keys):
            raise ActionSyntaxError(f"`{text}`: `{verb}` needs either `ambition=N` (a lower "
                                    "ambition) or `clause=C` (a safeguard clause)")
        if "ambition" in keys:
            if not re.fullmatch(r"[0-9]{1,3}", keys["ambition"]) or int(keys["ambition"]) < 1:
                raise ActionSyntaxError(f"`{text}`: ambition must be a whole number from 1")
            ambition = int(keys["ambition"])
        elif verb is Verb.TABLE:
            raise ActionSyntaxError(f"`{text}`: `table` needs `ambition=N`")
        if verb is Verb.OBJECT and "reason" not in keys:
            raise ActionSyntaxError(f"`{text}`: `object` needs `reason=` a norm (N1–N6), "
                                    "`red-line` or `burden`")
        return cls(seat, verb, target, ambition, keys.get("reason", ""), keys.get("clause", ""))


class IllegalAction(Exception):
    """An action the rules do not allow now; `rule` names the rule broken."""

    def __init__(self, action: Action | str, rule: Rule, message: str) -> None:
        self.action = action
        self.rule = rule
        self.message = message
        super().__init__(f"illegal action `{action}`: {message} (rule: {rule})")
