"""Browser tests' kit: a real aiohttp server in a thread, Debian's chromium driven by
Playwright, and the text of the xterm.js terminal in textual-serve's page.

Reading the screen: textual-serve's page draws the terminal with xterm.js's WebGL (or
canvas) renderer, so the DOM holds no text, and the page keeps its `Terminal` object in
a closure. The kit serves the page's own `textual.js` with one change, made in the
browser's request routing: the new `Terminal` is also stored as `window.__xterm`. The
test then reads the visible rows through xterm's public buffer API
(`buffer.active.getLine(row).translateToString(true)`): exactly the cells on screen.
"""

from __future__ import annotations

import asyncio
import os
import shlex
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from aiohttp import web
from playwright.sync_api import Browser, Page, Route, sync_playwright
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
ECHO_APP = Path(__file__).with_name("echo_app.py")
WAIT_MS = 30_000
"""The bound on every wait for the page (the page appears in well under a second here;
the bound is for a loaded 2-core CI machine)."""

_TERMINAL_NEW = "this.terminal=new v.Terminal("
_SCREEN_JS = """() => {
    const t = window.__xterm;
    if (!t) return "";
    const b = t.buffer.active, rows = [];
    for (let y = 0; y < t.rows; y++) {
        const line = b.getLine(b.viewportY + y);
        rows.push(line ? line.translateToString(true) : "");
    }
    return rows.join("\\n");
}"""


def echo_command(label: str) -> str:
    """The shell command that runs the tiny echo app with this label."""
    return shlex.join([sys.executable, str(ECHO_APP), label])


@contextmanager
def serve(app: web.Application) -> Iterator[str]:
    """Run `app` on a free loopback port in a thread; yield its base URL."""
    loop = asyncio.new_event_loop()
    runner = web.AppRunner(app)
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()

    async def start() -> str:
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", 0).start()
        host, port = runner.addresses[0][:2]
        return f"http://{host}:{port}"

    try:
        yield asyncio.run_coroutine_threadsafe(start(), loop).result(WAIT_MS / 1000)
    finally:
        asyncio.run_coroutine_threadsafe(runner.cleanup(), loop).result(WAIT_MS / 1000)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(WAIT_MS / 1000)
        loop.close()


@pytest.fixture
def browser() -> Iterator[Browser]:
    """Debian's chromium, headless; skipped where it is missing, except in CI.

    One per test: Playwright's sync API keeps an event loop running in the test's thread
    while it is open, which `asyncio.run` in other tests could not share."""
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is missing: apt-get install -y chromium (.ci/run does)"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    with sync_playwright() as playwright:
        # Playwright gives every launch a fresh, empty profile of its own.
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def _expose_terminal(route: Route) -> None:
    """Serve textual.js with its Terminal also stored on `window`, for `screen`."""
    script = route.fetch().text()
    assert _TERMINAL_NEW in script, "textual-serve's textual.js changed: update the kit"
    route.fulfill(
        body=script.replace(_TERMINAL_NEW, "this.terminal=window.__xterm=new v.Terminal("),
        content_type="application/javascript",
    )


def open_terminal(browser: Browser, url: str, *, width: int = 1000, height: int = 600) -> Page:
    """Open textual-serve's page at `url` in a new page with this viewport (pixels)."""
    page = browser.new_page(viewport={"width": width, "height": height})
    page.route("**/static/js/textual.js", _expose_terminal)
    page.goto(url, timeout=WAIT_MS)
    return page


def screen(page: Page) -> str:
    """The terminal's visible text, one line per row."""
    text: str = page.evaluate(_SCREEN_JS)
    return text


def wait_for_text(page: Page, text: str) -> None:
    """Wait (at most `WAIT_MS`) until `text` is on the terminal's screen."""
    try:
        page.wait_for_function(
            f"(text) => ({_SCREEN_JS})().includes(text)", arg=text, timeout=WAIT_MS
        )
    except PlaywrightTimeoutError:
        raise AssertionError(f"{text!r} never appeared; the screen:\n{screen(page)}") from None


def type_keys(page: Page, text: str) -> None:
    """Type `text` into the terminal (xterm.js listens on its hidden textarea)."""
    page.focus(".xterm-helper-textarea")
    page.keyboard.type(text)
