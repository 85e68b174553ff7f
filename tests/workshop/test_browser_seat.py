"""A participant in a real browser (Debian's chromium, Playwright): open the workshop's
page, type the seat code, see the table, watch another seat's public move arrive, and
make a move with the keyboard; the server's own state says it happened."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from collections.abc import Coroutine, Iterator
from pathlib import Path
from typing import Any

import pytest
from browser_kit import browser, open_terminal, screen, type_keys, wait_for_text
from playwright.sync_api import Browser
from workshop_kit import SCENARIO, WAIT, Seat

from workshop.loadbench import HostProcess

__all__ = ["browser"]  # the fixture, imported for pytest


class Loop:
    """An asyncio loop in a thread, for protocol clients beside Playwright's sync API
    (which keeps its own loop in the test's thread)."""

    def __init__(self) -> None:
        self.seats: list[Seat] = []
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()

    def run(self, coroutine: Coroutine[Any, Any, Any]) -> Any:
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(WAIT)

    def connect(self, address: str, code: str) -> Seat:
        seat = self.run(_connect(address, code))
        self.seats.append(seat)
        return seat

    def close(self) -> None:
        for seat in self.seats:
            self.run(seat.close())
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(WAIT)
        self.loop.close()


@pytest.fixture
def loop() -> Iterator[Loop]:
    running = Loop()
    yield running
    running.close()


async def _connect(address: str, code: str) -> Seat:
    seat = Seat(address, code)
    await seat.sync()
    return seat


def test_a_participant_plays_a_seat_in_the_browser(tmp_path: Path, browser: Browser,
                                                    loop: Loop) -> None:
    host = HostProcess(tmp_path, SCENARIO, "--seed", "1", browser=True)
    try:
        desk = loop.connect(host.address, host.code("facilitator"))
        loop.run(desk.answer(loop.run(desk.link.request("start"))))
        chair = desk.last_sync()["status"]["to_move"]  # the chair opens the meeting
        me = next(s for s in host.info["codes"] if s != chair)
        page = open_terminal(browser, host.address, width=1600, height=900)
        wait_for_text(page, "Type the code")
        type_keys(page, host.code(me) + "\r")
        wait_for_text(page, "connected")
        name = desk.messages[0]["seats"][me]  # the welcome names every seat
        wait_for_text(page, f"You: {name}")
        # another seat's public move arrives by itself
        other = loop.connect(host.address, host.code(chair))
        first = loop.run(other.wait_for(lambda m: m["type"] == "sync" and m["legal"]))
        loop.run(other.answer(loop.run(other.link.act(first["legal"][0]))))
        wait_for_text(page, "informal consultations")
        # the seats before me pass; then I pass with the keyboard
        while True:
            sync = loop.run(desk.wait_for(lambda m: m["type"] == "sync",
                                          start=len(desk.messages) - 1))
            mover = sync["status"]["to_move"]
            if mover == me:
                break
            seat = other if mover == chair else loop.connect(host.address,
                                                             host.code(mover))
            moves = sync["moves"]
            now = loop.run(seat.wait_for(lambda m, at=moves: m["type"] == "sync"
                                         and m["moves"] == at and m["legal"]))
            passing = f"{mover} pass"
            action = passing if passing in now["legal"] else now["legal"][0]
            answer = loop.run(seat.answer(loop.run(seat.link.act(action))))
            assert answer["type"] == "ack", answer
            loop.run(desk.sync(moves=moves + 1))
        moves = desk.last_sync()["moves"]
        wait_for_text(page, "Pass (p)")
        type_keys(page, "p")
        wait_for_text(page, "Confirm (y)")  # a pass is confirmed: there is no way back
        type_keys(page, "y")
        loop.run(desk.sync(moves=moves + 1))
        last = sqlite3.connect(host.database).execute(
            "SELECT action, by FROM actions ORDER BY seq DESC LIMIT 1").fetchone()
        assert last == (f"{me} pass", me), screen(page)  # the server has this seat's move
        page.close()
    finally:
        host.stop()
