"""The browser side: textual-serve's page on our aiohttp app, in Debian's chromium."""

from __future__ import annotations

import asyncio
import http.client
import os
import shlex
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import aiohttp
import pytest
from aiohttp import web
from browser_kit import (
    browser,
    echo_command,
    open_terminal,
    serve,
    type_keys,
    wait_for_text,
)
from playwright.sync_api import Browser

import workshop.web
from workshop.membench import children
from workshop.web import MAX_CELLS, add_browser_routes

__all__ = ["browser"]  # the fixture, imported for pytest

GONE_SECONDS = 30.0
"""The bound on waiting for a client process to end (it quits in well under a second)."""


def echo_clients(label: str) -> list[int]:
    """This process's children with this word in their command line (the echo app's
    label), so the test sees the client processes the server started."""
    found = []
    for pid in children(os.getpid()):
        try:
            argv = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        if label.encode() in argv:
            found.append(pid)
    return found


def wait_until_gone(label: str) -> None:
    """Wait (bounded) until no echo app with this label runs; fail if one still does."""
    deadline = time.monotonic() + GONE_SECONDS
    while echo_clients(label) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert echo_clients(label) == [], f"the {label} client is still running"


@pytest.fixture
def site() -> Iterator[str]:
    """The echo app as the seat page and, with another label, as the projector page."""
    app = web.Application()
    add_browser_routes(
        app, seat_command=echo_command("seat"), projector_command=echo_command("projector"),
        title="Echo")
    with serve(app) as url:
        yield url


def test_a_page_echoes_what_is_typed_and_closing_it_ends_its_client(
    browser: Browser, site: str
) -> None:
    page = open_terminal(browser, f"{site}/", width=900, height=500)
    wait_for_text(page, "seat ready")
    assert len(echo_clients("seat")) == 1
    type_keys(page, "hello mufakat")
    wait_for_text(page, "echo:hello mufakat")
    page.close()
    wait_until_gone("seat")


def test_the_projector_page_runs_the_projector_command(browser: Browser, site: str) -> None:
    page = open_terminal(browser, f"{site}/projector", width=1280, height=720)
    wait_for_text(page, "projector ready")
    assert echo_clients("seat") == []
    type_keys(page, "[b]x")
    wait_for_text(page, "echo:[b]x")  # brackets reach the client as typed
    page.close()
    wait_until_gone("projector")


def test_stopping_the_server_ends_open_pages_clients(browser: Browser) -> None:
    app = web.Application()
    add_browser_routes(
        app, seat_command=echo_command("seat"), projector_command=echo_command("projector"),
        title="Echo")
    with serve(app) as url:
        page = open_terminal(browser, f"{url}/")
        wait_for_text(page, "seat ready")
    wait_until_gone("seat")
    page.close()


def test_a_client_that_ignores_quit_is_killed_when_its_page_closes() -> None:
    stubborn = shlex.join([sys.executable, "-c", "import time; time.sleep(600)", "stubborn"])
    app = web.Application()
    add_browser_routes(app, seat_command=stubborn, projector_command=stubborn, title="Sleep")

    async def open_and_close(url: str) -> None:
        async with aiohttp.ClientSession() as session:
            websocket = await session.ws_connect(f"{url.replace('http', 'ws')}/ws")
            deadline = time.monotonic() + GONE_SECONDS
            while not echo_clients("stubborn") and time.monotonic() < deadline:
                await asyncio.sleep(0.1)
            assert len(echo_clients("stubborn")) == 1
            await websocket.close()

    with serve(app) as url:
        asyncio.run(open_and_close(url))
        wait_until_gone("stubborn")


def test_a_client_that_crashes_closes_its_page_terminal() -> None:
    crash = shlex.join([sys.executable, "-c", "raise SystemExit(3)"])
    app = web.Application()
    add_browser_routes(app, seat_command=crash, projector_command=crash, title="Crash")

    async def closed_by_server(url: str) -> int | None:
        async with aiohttp.ClientSession() as session, asyncio.timeout(GONE_SECONDS):
            websocket = await session.ws_connect(f"{url.replace('http', 'ws')}/projector/ws")
            async for _ in websocket:
                pass
            return websocket.close_code

    with serve(app) as url:
        assert asyncio.run(closed_by_server(url)) == aiohttp.WSCloseCode.OK


def test_malformed_messages_are_dropped_and_sizes_bounded(site: str) -> None:
    border = ("▔" * (MAX_CELLS - 2)).encode()  # the input's top border, drawn at the new width
    garbage = ["not json", "[]", '["resize", "wide"]', "[1, 2]", '["stdin", 5]', '{"a": 1}',
               '["resize", {"width": 1000000000, "height": 1000000000}]']

    async def talk() -> bytes:
        async with aiohttp.ClientSession() as session, asyncio.timeout(GONE_SECONDS):
            websocket = await session.ws_connect(f"{site.replace('http', 'ws')}/ws")
            for text in garbage:
                await websocket.send_str(text)
            await websocket.send_json(["stdin", "still here"])
            screen = b""
            async for message in websocket:
                screen += message.data if message.type is aiohttp.WSMsgType.BINARY else b""
                if b"echo:still here" in screen and border in screen:
                    break
            await websocket.send_json(["ping", "42"])
            async for message in websocket:
                if message.type is aiohttp.WSMsgType.TEXT:
                    assert message.json() == ["pong", "42"]
                    break
            await websocket.close()
            return screen

    screen = asyncio.run(talk())
    assert b"echo:still here" in screen and border in screen
    assert "▔" * (MAX_CELLS + 1) not in screen.decode()
    wait_until_gone("seat")


def test_pages_beyond_the_limit_are_refused(
    site: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(workshop.web, "MAX_PAGES", 1)

    async def open_two() -> int:
        async with aiohttp.ClientSession() as session, asyncio.timeout(GONE_SECONDS):
            first = await session.ws_connect(f"{site.replace('http', 'ws')}/ws")
            try:
                await session.ws_connect(f"{site.replace('http', 'ws')}/projector/ws")
            except aiohttp.WSServerHandshakeError as refused:
                return refused.status
            finally:
                await first.close()
            return 101

    assert asyncio.run(open_two()) == 503
    assert echo_clients("projector") == []


def test_the_page_addresses_the_host_the_browser_asked_for(site: str) -> None:
    connection = http.client.HTTPConnection(urlsplit(site).netloc, timeout=GONE_SECONDS)
    connection.request("GET", "/projector", headers={"Host": "192.0.2.7:8123"})
    response = connection.getresponse()
    html = response.read().decode()
    connection.close()
    assert response.status == 200
    assert 'data-session-websocket-url="ws://192.0.2.7:8123/projector/ws"' in html
    assert "/static/js/textual.js" in html
    assert "googleapis" not in html  # a LAN without internet must not stall the page
