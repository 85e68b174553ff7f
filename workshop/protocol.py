"""The workshop's wire protocol: JSON objects over one WebSocket, checked on arrival.

Every request names its `type` and carries the sender's `code` (checked each time,
the first sync included); requests that change something carry a client-made `id`,
so a request sent twice (a reconnecting client repeating what it got no answer for)
is carried out once. `parse` turns raw text into a `Request` or says, in one
sentence, what is wrong with it; nothing from the network reaches the game unchecked.

    {"type": "hello", "code": "K7QPD-MX4RT", "moves": 12, "press": 3}
    {"type": "act", "code": "...", "id": "c1-7", "action": "laos support", "moves": 12}
    {"type": "say", "code": "...", "id": "c1-8", "to": ["thailand"], "text": "..."}

The server answers with `welcome`, `sync` (what the role may see, after every
change), `press` (new messages), `ack`, `error` and `bye` objects.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import attrs

from game.rules.enums import Phase

GAME_PATH = "/game"
"""The game's WebSocket, beside the browser pages on the same port."""
MAX_SYNC = 8_000_000
"""Bytes in one message from the server (a seat's first sync carries the whole log)."""
MAX_MESSAGE = 16_000
"""Bytes in one request; the longest legal one (a press message) is far shorter."""
MAX_PRESS = 1_000
"""Characters in one press message."""
MAX_RECIPIENTS = 16
MAX_WORD = 200
"""Characters in an action, a seat id, a bot kind, a code or a request id."""

SEAT_REQUESTS = ("hello", "act", "say")
CONSOLE_REQUESTS = ("start", "pause", "resume", "timer", "extend", "hand", "kick",
                    "export", "inject")
PHASES = tuple(str(p) for p in Phase if p is not Phase.OVER)
"""The phases a clock may be set for (`timer` without `phase`: the default for all)."""
TIMEOUT_POLICIES = ("pass", "bot")
"""What happens to a seat whose time runs out: it passes (when it may), or a bot plays
that one move for it."""


VIEW_STATIC = ("scenario_id", "title", "briefing", "sponsor", "focus", "rounds", "seats",
               "members", "measures", "agenda", "rules", "events", "adopted_before")
"""The parts of a seat's `View` that never change during a game: sent once, in the
`welcome`; each `sync` carries the rest (and only the new log entries)."""


class ProtocolError(ValueError):
    """A request the server cannot read; the message says what is wrong."""


@attrs.frozen
class Request:
    type: str
    code: str
    id: str = ""
    fields: Mapping[str, Any] = attrs.field(factory=dict)

    def number(self, key: str) -> int:
        value = self.fields.get(key, 0)
        assert isinstance(value, int)
        return value

    def text(self, key: str) -> str:
        value = self.fields.get(key, "")
        assert isinstance(value, str)
        return value

    def words(self, key: str) -> tuple[str, ...]:
        return tuple(self.fields.get(key, ()))


def _int(low: int, high: int) -> Any:
    def check(value: Any) -> bool:
        return isinstance(value, int) and not isinstance(value, bool) and low <= value <= high
    check.__doc__ = f"a whole number from {low} to {high}"
    return check


def _text(longest: int) -> Any:
    def check(value: Any) -> bool:
        return isinstance(value, str) and 0 < len(value) <= longest
    check.__doc__ = f"text of 1 to {longest} characters"
    return check


def _choice(*options: str) -> Any:
    def check(value: Any) -> bool:
        return value in options
    check.__doc__ = "one of " + ", ".join(f"`{o}`" for o in options)
    return check


def _words(value: Any) -> bool:
    """a list of up to 16 seat ids (empty: the whole room)"""
    return (isinstance(value, list) and len(value) <= MAX_RECIPIENTS
            and all(isinstance(v, str) and 0 < len(v) <= MAX_WORD for v in value))


_COUNT = _int(0, 10**9)
FIELDS: dict[str, dict[str, Any]] = {
    "hello": {"moves": _COUNT, "press": _COUNT},
    "act": {"action": _text(MAX_WORD), "moves": _COUNT},
    "say": {"to": _words, "text": _text(MAX_PRESS)},
    "start": {}, "pause": {}, "resume": {}, "export": {},
    "timer": {"seconds": _int(0, 3600), "then": _choice(*TIMEOUT_POLICIES),
              "phase": _choice("", *PHASES)},
    "extend": {"seconds": _int(1, 3600)},
    "hand": {"seat": _text(MAX_WORD), "kind": _text(MAX_WORD)},
    "kick": {"who": _text(MAX_WORD)},
    "inject": {"card": _text(MAX_WORD)},
}
OPTIONAL = {"moves", "press", "phase"}


def parse(text: str | bytes) -> Request:
    """The request in `text`, or `ProtocolError` saying what is wrong with it."""
    if len(text) > MAX_MESSAGE:
        raise ProtocolError(f"a request is at most {MAX_MESSAGE} bytes")
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        raise ProtocolError("a request is one JSON object; this is not JSON") from None
    if not isinstance(data, dict):
        raise ProtocolError("a request is one JSON object, like {\"type\": \"hello\", ...}")
    kind = data.get("type")
    if kind not in FIELDS:
        raise ProtocolError(f"unknown request type {json.dumps(kind)[:40]}; types: "
                            + ", ".join(FIELDS))
    code = data.get("code")
    if not isinstance(code, str) or not 0 < len(code) <= MAX_WORD:
        raise ProtocolError(f"`{kind}` needs `code`: your seat's code, as text")
    request_id = data.get("id", "")
    if kind != "hello" and not _text(MAX_WORD)(request_id):
        raise ProtocolError(f"`{kind}` needs `id`: a text of yours naming this request, "
                            "so a repeat is carried out once")
    fields: dict[str, Any] = {}
    for key, check in FIELDS[kind].items():
        if key not in data:
            if key in OPTIONAL:
                continue
            raise ProtocolError(f"`{kind}` needs `{key}`: {check.__doc__}")
        if not check(data[key]):
            raise ProtocolError(f"`{kind}`: `{key}` must be {check.__doc__}")
        fields[key] = data[key]
    extra = sorted(set(data) - set(FIELDS[kind]) - {"type", "code", "id"})
    if extra:
        raise ProtocolError(f"`{kind}` has no field `{extra[0][:40]}`")
    return Request(kind, code, str(request_id), fields)
