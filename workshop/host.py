"""Running a workshop server: bind, serve the game and the browser pages, stop cleanly.

`serve` is the one way the server runs, whether `mufakat host` runs it in the
background of the facilitator's console, `--headless` for a classroom server or a
script, or a test on loopback. The browser pages start `mufakat join` on this machine
for each participant; that client talks to the server over loopback like any other.
"""

from __future__ import annotations

import asyncio
import logging
import shlex
import socket
import sys
from collections.abc import Callable
from pathlib import Path

from aiohttp import web

from workshop.server import Workshop, make_app

DEFAULT_PORT = 8123


def lan_address() -> str:
    """This machine's address on its local network (what participants type), or the
    loopback address when there is no network. Sends nothing."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # TEST-NET-1: never reached, only routed
            return str(probe.getsockname()[0])
        except OSError:
            return "127.0.0.1"


def public_host(bind: str) -> str:
    """The address to show for a server bound to `bind`."""
    return lan_address() if bind in ("", "0.0.0.0", "::") else bind


def loopback(bind: str) -> str:
    """How a client on this machine reaches a server bound to `bind`."""
    return "127.0.0.1" if bind in ("", "0.0.0.0") else "::1" if bind == "::" else bind


def client_command(bind: str, port: int, *extra: str) -> str:
    """The shell command textual-serve runs for each browser: this Python's
    `mufakat join`, to the server over loopback (or the bound address)."""
    return shlex.join([sys.executable, "-m", "tui.cli", "join", f"{loopback(bind)}:{port}",
                       *extra])


def bind_socket(bind: str, port: int) -> socket.socket:
    """A listening socket (port 0: a free one); `OSError` says why not (in use...)."""
    family = socket.AF_INET6 if ":" in bind else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((bind, port))
        sock.listen(128)
    except OSError:
        sock.close()
        raise
    sock.setblocking(False)
    return sock


def _log_to(path: Path) -> None:
    """The web server's and the browser pages' messages go to a file beside the
    database, never to the terminal the console (or the JSON output) uses."""
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
    for name in ("aiohttp", "textual-serve", "workshop"):
        logger = logging.getLogger(name)
        logger.handlers[:] = [handler]
        logger.propagate = False


async def serve(workshop: Workshop, sock: socket.socket, stop: asyncio.Event, *,
                browser: bool = True, ready: Callable[[], None] = lambda: None) -> None:
    """Serve `workshop` on `sock` until `stop` is set; then close every connection."""
    bind, port = sock.getsockname()[:2]
    _log_to(workshop.store.path.with_suffix(".log"))
    app = make_app(workshop)
    if browser:
        from workshop.web import add_browser_routes

        add_browser_routes(app, seat_command=client_command(bind, port),
                           projector_command=client_command(bind, port, "--projector"),
                           title=f"Mufakat: {workshop.scenario.title}")
    runner = web.AppRunner(app, handle_signals=False, shutdown_timeout=2.0)
    await runner.setup()
    await web.SockSite(runner, sock).start()
    ready()
    try:
        await stop.wait()
    finally:
        await runner.cleanup()
