"""A real workshop server in a subprocess on loopback, and real protocol clients.

`Host` starts `mufakat host --headless --json` (port 0: a free port) with its data in a
temporary folder and reads the one JSON object it prints; `Seat` is a `workshop.client.
Link` that keeps every message it gets, with bounded waits. No mocks: the tests speak
the protocol to the real server, which writes a real SQLite file.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from workshop.client import Link
from workshop.loadbench import HostProcess

SCENARIO = "1994-regional-peacekeeping"  # 6 seats, 3 rounds: the smallest bundled
WAIT = 30.0  # seconds any wait gives up after (a hung server fails, never hangs)
Message = dict[str, Any]


Host = HostProcess
"""`mufakat host --headless --json` in a subprocess (the game protocol only: the
browser pages have their own tests)."""


@contextlib.contextmanager
def hosted(home: Path, *args: str) -> Any:
    host = Host(home, *args)
    try:
        yield host
    finally:
        host.stop()


class Seat:
    """A protocol client that records what it receives."""

    def __init__(self, address: str, code: str) -> None:
        self.messages: list[Message] = []
        self.states: list[str] = []
        self._arrived = asyncio.Event()
        self.link = Link(address, code, self._got, self.states.append)
        self.task = asyncio.create_task(self.link.run(retry_max=0.3))

    def _got(self, message: Message) -> None:
        self.messages.append(message)
        self._arrived.set()

    async def wait_for(self, test: Callable[[Message], bool], start: int = 0,
                       timeout: float = WAIT) -> Message:
        """The first message from index `start` on that passes `test` (waits for it)."""
        deadline = time.monotonic() + timeout
        seen = start
        while True:
            for message in self.messages[seen:]:
                if test(message):
                    return message
            seen = max(seen, len(self.messages))
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"no such message in {timeout} s; last: "
                                     f"{[m.get('type') for m in self.messages[-5:]]}")
            self._arrived.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._arrived.wait(), left)

    async def sync(self, moves: int | None = None, start: int = 0) -> Message:
        """The first `sync` (at `moves`, if given)."""
        return await self.wait_for(lambda m: m["type"] == "sync" and (
            moves is None or m["moves"] == moves), start)

    async def answer(self, request_id: str) -> Message:
        return await self.wait_for(lambda m: m["type"] in ("ack", "error")
                                   and m.get("id") == request_id)

    def last_sync(self) -> Message:
        return next(m for m in reversed(self.messages) if m["type"] == "sync")

    async def close(self) -> None:
        await self.link.stop()
        with contextlib.suppress(asyncio.CancelledError, TimeoutError):
            await asyncio.wait_for(self.task, WAIT)


@contextlib.asynccontextmanager
async def seats(host: Host, *who: str) -> AsyncIterator[list[Seat]]:
    """Connected clients for `who` (seat ids, `projector`, `facilitator`)."""
    clients = [Seat(host.address, host.code(w)) for w in who]
    try:
        for client in clients:
            await client.sync()
        yield clients
    finally:
        for client in clients:
            await client.close()


async def until(pilot: Pilot[None], test: Any, timeout: float = 30.0) -> None:
    """Let the app run until `test()` holds (bounded: fails after `timeout` s)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not test():
        assert loop.time() < deadline, "the screen did not get there in time"
        await pilot.pause(0.05)


def run(coroutine: Any) -> Any:
    return asyncio.run(coroutine)
