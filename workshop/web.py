"""The browser side of a workshop: textual-serve's page and terminal on the game server's port.

A participant opens the server's address in a browser and gets a terminal in the page
(xterm.js) whose far end is a client process this server starts, one per open page:
`/` runs the seat client, `/projector` the projector. textual-serve's `Server` does the
work; this module only mounts its handlers on the game server's own aiohttp application,
builds the page's addresses from the address the browser used, and makes sure a closed
page never leaves its client process behind.
"""

from __future__ import annotations

import asyncio
import json
import re
from asyncio.subprocess import Process

import jinja2
from aiohttp import WSCloseCode, WSMsgType, web
from textual_serve.app_service import AppService
from textual_serve.download_manager import DownloadManager
from textual_serve.server import Server, to_int

QUIT_SECONDS = 5.0
"""How long a client may take to quit after its page closed before it is killed."""

MAX_PAGES = 64
"""The most terminals open at once (each is a client process of some tens of MB): room
for 11 seats with a few connections each, the projector and spares, and a ceiling on
what anyone on the LAN can make the facilitator's laptop start."""
MAX_CELLS = 500
"""The widest or tallest terminal a page may ask for (a 4K screen at a small font)."""

_TEMPLATE = "app_index.html"
_WEB_FONT = re.compile(r"<link[^>]*fonts\.googleapis\.com[^>]*>")


def add_browser_routes(
    app: web.Application, *, seat_command: str, projector_command: str, title: str
) -> None:
    """Serve the seat page at `/` and the projector page at `/projector` on `app`.

    Each command is one simple shell command (build it with `shlex.join`): it is run with
    `exec`, so the process a page starts is the client itself, and ending it ends the
    client. Also adds `/ws`, `/projector/ws`, `/static/...` and `/download/{key}`.
    """
    downloads = DownloadManager()
    open_pages: set[web.WebSocketResponse] = set()
    seat = _Terminal(seat_command, title, "/ws", downloads, open_pages)
    projector = _Terminal(
        projector_command, f"{title} — projector", "/projector/ws", downloads, open_pages
    )
    app.add_routes(
        [
            web.get("/", seat.handle_index),
            web.get("/ws", seat.handle_websocket),
            web.get("/projector", projector.handle_index),
            web.get("/projector/ws", projector.handle_websocket),
            web.get("/download/{key}", seat.handle_download),
            web.static("/static", seat.statics_path),
        ]
    )

    async def close_pages(app: web.Application) -> None:
        """A stopping server closes every page's terminal, which ends its client."""
        for websocket in [page for page in open_pages if page.prepared]:
            await websocket.close(code=WSCloseCode.GOING_AWAY, message=b"server stopping")

    app.on_shutdown.append(close_pages)


class _Terminal(Server):
    """One command's page and websocket, as textual-serve serves them, but on another
    application: no logo, no logging set-up, and addresses relative to the request."""

    def __init__(
        self,
        command: str,
        title: str,
        ws_path: str,
        downloads: DownloadManager,
        open_pages: set[web.WebSocketResponse],
    ):
        super().__init__(f"exec {command}", title=title)
        self.ws_path = ws_path
        self.open_pages = open_pages
        self.download_manager = downloads  # one for all pages: `/download/{key}` is shared
        source = (self.templates_path / _TEMPLATE).read_text(encoding="utf-8")
        # The page asks Google for the intro's font; a classroom LAN may have no internet,
        # and the terminal has its own font in /static, so the page must not wait on it.
        self.template = jinja2.Environment(autoescape=True).from_string(
            _WEB_FONT.sub("", source)
        )

    async def handle_index(self, request: web.Request) -> web.Response:
        """The page, with its addresses built from the host the browser asked for, so it
        works whatever address a participant typed."""
        ws_scheme = "wss" if request.secure else "ws"
        page = self.template.render(
            font_size=to_int(request.query.get("fontsize", "16"), 16),
            app_websocket_url=f"{ws_scheme}://{request.host}{self.ws_path}",
            config={"static": {"url": "/static/"}},
            application={"name": self.title},
        )
        return web.Response(text=page, content_type="text/html")

    async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
        """Start a client for this page and relay its terminal until either side closes;
        then end the client (textual-serve asks it to quit; a client that does not within
        `QUIT_SECONDS` is killed). Refused beyond `MAX_PAGES`."""
        if len(self.open_pages) >= MAX_PAGES:
            raise web.HTTPServiceUnavailable(text="Too many open pages: close one and retry.")
        websocket = web.WebSocketResponse(heartbeat=15)
        self.open_pages.add(websocket)  # before any await, so the limit holds
        try:
            await self._relay(request, websocket)
        finally:
            self.open_pages.discard(websocket)
        return websocket

    async def _relay(self, request: web.Request, websocket: web.WebSocketResponse) -> None:
        """Run this page's client for as long as both its page and it are there."""
        await websocket.prepare(request)

        async def close() -> None:
            await websocket.close()

        service = AppService(
            self.command,
            write_bytes=websocket.send_bytes,
            write_str=websocket.send_str,
            close=close,
            download_manager=self.download_manager,
        )
        await service.start(
            _cells(request.query.get("width", "80")), _cells(request.query.get("height", "24"))
        )
        process = service._process  # textual-serve keeps it private; we need to watch it
        assert process is not None  # `start` made it
        exited = asyncio.create_task(_close_on_exit(process, websocket))
        try:
            await self._process_messages(websocket, service)
        finally:
            await _end(service, process)
            await exited

    async def _process_messages(
        self, websocket: web.WebSocketResponse, app_service: AppService
    ) -> None:
        """Relay the page's keys, size, focus and pings to the client, as textual-serve
        does, except that a malformed message is dropped (not a traceback) and a size is
        kept within `MAX_CELLS`, so no page can make its client draw a huge screen."""
        async for message in websocket:
            if message.type is not WSMsgType.TEXT:
                continue
            try:
                envelope = json.loads(message.data)
            except ValueError:
                continue
            match envelope:
                case ["stdin", str(keys)]:
                    await app_service.send_bytes(keys.encode("utf-8"))
                case ["resize", {"width": int(width), "height": int(height)}]:
                    await app_service.set_terminal_size(_cells(width), _cells(height))
                case ["ping", str(stamp)]:
                    await websocket.send_json(["pong", stamp])
                case ["blur"]:
                    await app_service.blur()
                case ["focus"]:
                    await app_service.focus()


def _cells(value: str | int) -> int:
    """A terminal width or height from the page, within 1..`MAX_CELLS` (80 if unreadable)."""
    cells = value if isinstance(value, int) else to_int(value, 80)
    return min(max(cells, 1), MAX_CELLS)


async def _close_on_exit(process: Process, websocket: web.WebSocketResponse) -> None:
    """A client that ends by itself (it quit or crashed) closes its page's terminal, so the
    page says "Session ended" and offers a restart instead of freezing."""
    await process.wait()
    await websocket.close()


async def _end(service: AppService, process: Process) -> None:
    """Ask the client to quit and wait for it; kill it if it has not quit in time."""
    stopping = asyncio.create_task(service.stop())  # quit, then read its output to the end
    try:
        await asyncio.wait_for(process.wait(), QUIT_SECONDS)
    except TimeoutError:
        process.kill()
        await process.wait()
    await stopping
    service.stdin.close()  # the last of its pipes, so the process's transport is done
