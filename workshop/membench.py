"""What a browser seat costs: the memory of the client process textual-serve starts for
each open page, against a bare Textual app served the same way, and the time from
opening a terminal to its first screen, for one page and for a crowd opening at once.

It serves the command with `workshop.web.add_browser_routes` on a loopback port in this
process, and opens the terminals the way the page's script does, speaking textual-serve's
WebSocket protocol with aiohttp (connect with the size, send `["resize", ...]`, read the
screen's bytes): lighter than a browser, and the client process it starts is the same.
The time therefore leaves out the page's own load (its HTML and script, from the LAN).
"""

from __future__ import annotations

import asyncio
import os
import re
import shlex
import statistics
import sys
import time
from pathlib import Path

import aiohttp
import attrs
from aiohttp import web

from workshop.web import add_browser_routes

TIMEOUT_SECONDS = 120.0
"""The bound on one measurement, from serving to the last first screen."""
WIDTH, HEIGHT = 120, 36
BARE_READY = "bare app ready"
_BARE_APP = f"""
from textual.app import App
from textual.widgets import Static

class Bare(App[None]):
    def compose(self):
        yield Static({BARE_READY!r})

Bare().run()
"""


class BenchError(Exception):
    """A measurement that could not be made (the client never showed its first screen)."""


@attrs.frozen
class Memory:
    """One process's memory in MiB: resident, and proportional (shared pages divided
    among the processes that share them; None where the kernel does not tell)."""

    rss: float
    pss: float | None


@attrs.frozen
class Served:
    """One command served to `len(first_screen)` terminals opened at once."""

    command: str
    first_screen: tuple[float, ...]  # seconds, per terminal
    memory: tuple[Memory, ...]  # per client process

    @property
    def median_rss(self) -> float:
        return statistics.median(m.rss for m in self.memory)


@attrs.frozen
class BrowserBench:
    """The bare app and the client alone, and the client for a crowd at once."""

    bare: Served
    one: Served
    crowd: Served

    @property
    def ratio(self) -> float:
        """Resident memory of one client process over one bare app's (target ≤ 1.5)."""
        return self.one.median_rss / self.bare.median_rss

    def table(self) -> str:
        """The figures as a Markdown table."""
        rows = ["| served | terminals | RSS MiB | PSS MiB | first screen s (median, max) |",
                "| --- | --- | --- | --- | --- |"]
        for name, served in (("bare app", self.bare), ("client", self.one),
                             ("client", self.crowd)):
            pss = [m.pss for m in served.memory if m.pss is not None]
            rows.append(
                f"| {name} | {len(served.first_screen)} | {served.median_rss:.1f} "
                f"| {statistics.median(pss) if pss else float('nan'):.1f} "
                f"| {statistics.median(served.first_screen):.2f}, "
                f"{max(served.first_screen):.2f} |")
        rows.append(f"\nclient / bare (RSS, one terminal each): {self.ratio:.2f}×")
        return "\n".join(rows)


def browser_bench(command: str, *, ready_text: str, crowd: int = 11) -> BrowserBench:
    """Serve the bare app, then `command` to one terminal, then to `crowd` at once.

    `command` is a shell command as for `add_browser_routes`; `ready_text` is text its
    first screen shows in one run of one style (it is looked for in the raw bytes).
    """
    return BrowserBench(
        bare=asyncio.run(_serve(bare_command(), BARE_READY, 1)),
        one=asyncio.run(_serve(command, ready_text, 1)),
        crowd=asyncio.run(_serve(command, ready_text, crowd)),
    )


def bare_command() -> str:
    """The shell command of the bare Textual app: one Static."""
    return shlex.join([sys.executable, "-c", _BARE_APP])


async def _serve(command: str, ready_text: str, terminals: int) -> Served:
    """Serve `command`, open `terminals` at once, and measure while they are all open."""
    app = web.Application()
    add_browser_routes(app, seat_command=command, projector_command=command, title="bench")
    runner = web.AppRunner(app)
    await runner.setup()
    try:
        await web.TCPSite(runner, "127.0.0.1", 0).start()
        host, port = runner.addresses[0][:2]
        before = set(children(os.getpid()))
        async with aiohttp.ClientSession() as session, asyncio.timeout(TIMEOUT_SECONDS):
            opened = await asyncio.gather(
                *(_open(session, f"ws://{host}:{port}/ws", ready_text) for _ in range(terminals))
            )
            clients = [pid for pid in children(os.getpid()) if pid not in before]
            memory = tuple(process_memory(pid) for pid in clients)
            for _, websocket, drain in opened:
                await websocket.close()
                await drain
    finally:
        await runner.cleanup()
    return Served(command, tuple(seconds for seconds, _, _ in opened), memory)


async def _open(
    session: aiohttp.ClientSession, url: str, ready_text: str
) -> tuple[float, aiohttp.ClientWebSocketResponse, asyncio.Task[None]]:
    """Open a terminal as the page does; return the seconds to the first screen, the
    socket, and the task that keeps reading it (so heartbeats are answered)."""
    start = time.perf_counter()
    websocket = await session.ws_connect(f"{url}?width={WIDTH}&height={HEIGHT}")
    await websocket.send_json(["resize", {"width": WIDTH, "height": HEIGHT}])
    needle, seen = ready_text.encode(), bytearray()
    async for message in websocket:
        if message.type is aiohttp.WSMsgType.BINARY:
            seen += message.data
            if needle in seen:
                return time.perf_counter() - start, websocket, asyncio.create_task(
                    _drain(websocket))
    raise BenchError(f"the terminal closed before showing {ready_text!r}")


async def _drain(websocket: aiohttp.ClientWebSocketResponse) -> None:
    """Read and drop the terminal's output until it closes."""
    async for _ in websocket:
        pass


def children(pid: int) -> list[int]:
    """The ids of the processes whose parent is `pid` (from /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # the process ended meanwhile
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def process_memory(pid: int) -> Memory:
    """A process's resident (VmRSS) and proportional (Pss, smaps_rollup) memory."""
    return Memory(
        rss=_kib(Path(f"/proc/{pid}/status"), "VmRSS") / 1024,
        pss=_optional_mib(Path(f"/proc/{pid}/smaps_rollup"), "Pss"),
    )


def _optional_mib(path: Path, field: str) -> float | None:
    try:
        return _kib(path, field) / 1024
    except (OSError, LookupError):
        return None


def _kib(path: Path, field: str) -> int:
    found = re.search(rf"^{field}:\s+(\d+) kB", path.read_text(), re.MULTILINE)
    if found is None:
        raise LookupError(f"{path} has no {field}")
    return int(found.group(1))
