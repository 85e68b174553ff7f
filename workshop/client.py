"""A client's end of the workshop protocol, with no UI: the terminal and browser clients,
the facilitator's console, the tests and the load benchmark all use this one.

`Link` keeps one connection to the server: it says hello with its code and the last
move and message it saw (so the server sends what it missed), passes every message on,
and when the connection drops it reconnects by itself, repeating the requests that got
no answer (the server carries each request id out once).
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import secrets
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import WebSocketException

from workshop.protocol import GAME_PATH
from workshop.protocol import MAX_SYNC as MAX_MESSAGE

Message = dict[str, Any]


def game_url(address: str) -> str:
    """`HOST:PORT`, `http://HOST:PORT/...` or `ws://...` -> the game's WebSocket URL."""
    text = address.strip()
    if "://" not in text:
        text = f"http://{text}"
    parts = urlsplit(text)
    if not parts.hostname or (parts.port is None and ":" not in parts.netloc):
        raise ValueError(f"`{address}` is not an address like 192.168.1.20:8123")
    scheme = "wss" if parts.scheme in ("https", "wss") else "ws"
    return f"{scheme}://{parts.netloc}{GAME_PATH}"


class Link:
    """One connection to the workshop server that mends itself."""

    def __init__(self, address: str, code: str,
                 on_message: Callable[[Message], None],
                 on_state: Callable[[str], None] = lambda _: None) -> None:
        self.url = game_url(address)
        self.code = code
        self.on_message, self.on_state = on_message, on_state
        self.moves = 0
        self.press = 0
        self.static: Message = {}
        """The parts of a seat's view that never change (`protocol.VIEW_STATIC`)."""
        self.log: list[Any] = []
        """The game's log as this role sees it: syncs carry only what is new."""
        self.pending: dict[str, Message] = {}
        """Requests sent that have no answer yet: sent again after a reconnect."""
        self.ended = ""
        """Why the link stopped for good (the code was refused or replaced), else ""."""
        self._ws: ClientConnection | None = None
        self._ids = (f"{secrets.token_hex(4)}-{n}" for n in itertools.count(1))
        self._welcomed = False
        self._tasks: set[asyncio.Future[None]] = set()

    async def run(self, retry_max: float = 3.0) -> None:
        """Stay connected until `stop`, a refused code or a `bye`; backs off up to
        `retry_max` seconds between attempts."""
        wait = 0.1
        while not self.ended:
            try:
                async with connect(self.url, max_size=MAX_MESSAGE, ping_interval=20,
                                   open_timeout=10) as ws:
                    self._ws = ws
                    await self._greet(ws)
                    wait = 0.1
                    async for text in ws:
                        self._receive(json.loads(text))
                        if self.ended:
                            await ws.close()
            except (WebSocketException, OSError, TimeoutError):
                pass
            self._ws = None
            if not self.ended:
                self.on_state("reconnecting")
                await asyncio.sleep(wait)
                wait = min(wait * 2, retry_max)
        self.on_state("ended")

    def _hello(self) -> str:
        return json.dumps({"type": "hello", "code": self.code, "moves": self.moves,
                           "press": self.press})

    def _resync(self) -> None:
        if self._ws is not None:
            self._tasks.add(task := asyncio.ensure_future(self._send(self._hello())))
            task.add_done_callback(self._tasks.discard)

    async def _send(self, text: str) -> None:
        if self._ws is not None:
            with contextlib.suppress(WebSocketException, OSError):
                await self._ws.send(text)  # if it fails, the reconnect sends it again

    async def _greet(self, ws: ClientConnection) -> None:
        await ws.send(self._hello())
        for data in list(self.pending.values()):
            await ws.send(json.dumps(data))
        self.on_state("connected")

    def _receive(self, data: Message) -> None:
        kind = data.get("type")
        if kind == "welcome":
            self._welcomed = True
            self.static = data.get("static", {})
        elif kind == "sync":
            start = int(data["log_from"])
            if start > len(self.log):  # entries went missing: ask for the whole log
                self._resync()
                return
            self.log[start:] = data["log"]
            data["log"] = list(self.log)
            if "view" in data:  # a seat's view: the parts that never change came once
                data["view"] = {**self.static, **data["view"]}
            self.moves = int(data["moves"])
        elif kind == "press":
            self.press = max([self.press, *(int(m["id"]) for m in data["messages"])])
        elif kind in ("ack", "error"):
            self.pending.pop(str(data.get("id", "")), None)
            if kind == "error" and not self._welcomed and not data.get("id"):
                self.ended = str(data.get("message", "the code was refused"))
        elif kind == "bye":
            self.ended = str(data.get("reason", "the server closed this connection"))
        self.on_message(data)

    async def request(self, request: str, **fields: Any) -> str:
        """Send a request (its id is made here); returns the id its answer will carry.
        Sent at once when connected, else on the next reconnect."""
        request_id = next(self._ids)
        data = {"type": request, "code": self.code, "id": request_id, **fields}
        self.pending[request_id] = data
        await self._send(json.dumps(data))
        return request_id

    async def act(self, action: str) -> str:
        return await self.request("act", action=action, moves=self.moves)

    async def say(self, to: list[str], text: str) -> str:
        return await self.request("say", to=to, text=text)

    async def stop(self, reason: str = "stopped") -> None:
        """End the link (the current connection closes; no reconnect)."""
        self.ended = reason
        if self._ws is not None:
            with contextlib.suppress(WebSocketException, OSError):
                await self._ws.close()
