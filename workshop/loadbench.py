"""A room at full load, measured: every seat with several connections, the projector and
the facilitator, playing a whole game as fast as the rules allow.

`play_room` connects the clients (real `Link`s over loopback) to a running server,
starts the game, and has the seat to move play a legal action chosen by a seeded
generator, from one of its connections in turn. For every move it takes the time from
sending the action to the moment the last connection has the new state: the latency
a room feels. It also counts what was acknowledged, what every client saw, and what
the server committed, so a lost or doubled move cannot pass unnoticed.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import random
import shlex
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import aiohttp
import attrs
from aiohttp import WSMsgType, web

from workshop.client import Link

Message = dict[str, Any]
WAIT = 60.0


@attrs.define
class Room:
    """What a room's game showed: latencies (seconds) and what each side counted."""

    latencies: list[float] = attrs.field(factory=list)
    acked: list[int] = attrs.field(factory=list)
    """The move numbers the server acknowledged, in order."""
    seen: dict[str, list[int]] = attrs.field(factory=dict)
    """Connection name -> the move numbers of the syncs it received, in order."""
    joins: list[float] = attrs.field(factory=list)
    """Seconds from opening each connection to its first sync."""
    over: bool = False
    errors: list[str] = attrs.field(factory=list)


class HostProcess:
    """`mufakat host --headless --json` on loopback in a subprocess (port 0: any free
    port), its data in `home`; `info` is the JSON object it printed when ready."""

    def __init__(self, home: Path, *args: str, browser: bool = False) -> None:
        env = {**os.environ, "MUFAKAT_HOME": str(home), "PYTHONUNBUFFERED": "1"}
        command = [sys.executable, "-m", "tui.cli", "host", *args, "--headless", "--json",
                   "--bind", "127.0.0.1", "--bot-delay", "0"]
        if "--port" not in args:
            command += ["--port", "0"]
        self.process = subprocess.Popen([*command, *([] if browser else ["--no-browser"])],
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                        text=True, env=env)
        assert self.process.stdout is not None and self.process.stderr is not None
        line = self.process.stdout.readline()
        if not line:
            self.process.wait(WAIT)
            raise RuntimeError(f"the server did not start: {self.process.stderr.read()}")
        self.info: Message = json.loads(line)
        self.address: str = self.info["address"]
        self.port = int(self.address.rsplit(":", 1)[1].strip("/"))
        self.database = Path(self.info["database"])

    def code(self, who: str) -> str:
        return str(self.info["codes"].get(who) or self.info[who])

    def kill(self) -> None:
        """SIGKILL: no clean-up of any kind."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(WAIT)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(WAIT)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(WAIT)
        for stream in (self.process.stdout, self.process.stderr):
            if stream is not None:
                stream.close()


class _Client:
    def __init__(self, name: str, address: str, code: str, room: Room) -> None:
        self.name = name
        self.opened = time.perf_counter()
        self.arrivals: dict[int, float] = {}
        self.last: Message = {}
        self.event = asyncio.Event()
        self.room = room
        room.seen[name] = []
        self.link = Link(address, code, self._got)
        self.task = asyncio.create_task(self.link.run(retry_max=0.5))

    def _got(self, message: Message) -> None:
        if message["type"] == "sync":
            if not self.arrivals:
                self.room.joins.append(time.perf_counter() - self.opened)
            self.arrivals[message["moves"]] = time.perf_counter()
            self.room.seen[self.name].append(message["moves"])
            self.last = message
        elif message["type"] == "ack" and "moves" in message:
            self.room.acked.append(int(message["moves"]))
        elif message["type"] == "error":
            self.room.errors.append(f"{self.name}: {message['message']}")
        self.event.set()

    async def until(self, test: Callable[[_Client], bool], timeout: float = WAIT) -> None:
        deadline = time.monotonic() + timeout
        while not test(self):
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"{self.name}: nothing arrived in {timeout:g} s")
            self.event.clear()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.event.wait(), left)


async def play_room(address: str, codes: Mapping[str, str], facilitator: str,
                    projector: str, per_seat: int = 3, seed: int = 0,
                    max_moves: int = 10_000) -> Room:
    """Play one whole game (or `max_moves`) with `per_seat` connections per seat."""
    room = Room()
    rng = random.Random(seed)
    clients = [_Client(f"{seat}#{i}", address, code, room)
               for seat, code in codes.items() for i in range(per_seat)]
    desk = _Client("facilitator", address, facilitator, room)
    everyone = [*clients, desk]
    if projector:
        everyone.append(_Client("projector", address, projector, room))
    try:
        for client in everyone:
            await client.until(lambda c: bool(c.arrivals))
        await desk.link.request("start")
        await desk.until(lambda c: bool(c.last["status"]["started"]))
        by_seat: dict[str, list[_Client]] = {}
        for client in clients:
            by_seat.setdefault(client.name.split("#")[0], []).append(client)
        moves = desk.last["moves"]
        for turn in range(max_moves):
            await desk.until(_reached(moves))
            status = desk.last["status"]
            if status["over"]:
                room.over = True
                break
            mover = status["to_move"]
            screens = by_seat[mover]
            screen = screens[turn % len(screens)]
            await screen.until(_may_act(moves))
            action = rng.choice(screen.last["legal"])
            sent = time.perf_counter()
            await screen.link.act(action)
            moves += 1
            for client in everyone:
                await client.until(_arrived(moves))
            room.latencies.append(max(c.arrivals[moves] for c in everyone) - sent)
    finally:
        for client in everyone:
            await client.link.stop()
        for client in everyone:
            with contextlib.suppress(asyncio.CancelledError, TimeoutError):
                await asyncio.wait_for(client.task, 5)
    return room


def _reached(moves: int) -> Callable[[_Client], bool]:
    return lambda c: int(c.last["moves"]) >= moves


def _may_act(moves: int) -> Callable[[_Client], bool]:
    return lambda c: c.last.get("moves") == moves and bool(c.last.get("legal"))


def _arrived(moves: int) -> Callable[[_Client], bool]:
    return lambda c: moves in c.arrivals


def percentile(values: list[float], share: float) -> float:
    """The `share` quantile (0..1) by the nearest rank; 0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


async def echo_round_trip(size: int = 20_000, trips: int = 200) -> float:
    """The yardstick: median seconds for a `size`-byte message to go to a bare aiohttp
    WebSocket server on loopback and back, measured in the same run as the room."""
    async def echo(request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        async for message in ws:
            if message.type is WSMsgType.TEXT:
                await ws.send_str(message.data)
        return ws

    app = web.Application()
    app.router.add_get("/", echo)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    text = "x" * size
    times = []
    try:
        async with (aiohttp.ClientSession() as session,
                    session.ws_connect(f"ws://127.0.0.1:{port}/") as ws):
            for _ in range(trips):
                start = time.perf_counter()
                await ws.send_str(text)
                await ws.receive()
                times.append(time.perf_counter() - start)
    finally:
        await runner.cleanup()
    return statistics.median(times)


def bench_room(scenario: str = "2027-crisis", per_seat: int = 3, seed: int = 0
               ) -> dict[str, Any]:
    """Figures for one whole game of `scenario` with a full room (see `play_room`),
    one lone join, and the loopback yardstick; plain numbers, for `mufakat bench`."""
    with tempfile.TemporaryDirectory() as home:
        host = HostProcess(Path(home), scenario, "--seed", str(seed))
        try:
            lone = asyncio.run(_lone_join(host))
            room = asyncio.run(play_room(host.address, host.info["codes"],
                                         host.info["facilitator"], host.info["projector"],
                                         per_seat=per_seat, seed=seed))
        finally:
            host.stop()
    yardstick = asyncio.run(echo_round_trip())
    ms = 1000.0
    return {
        "scenario": scenario, "connections": len(room.seen), "moves": len(room.acked),
        "finished": room.over, "errors": len(room.errors),
        "update_median_ms": round(statistics.median(room.latencies) * ms, 1),
        "update_p95_ms": round(percentile(room.latencies, 0.95) * ms, 1),
        "update_max_ms": round(max(room.latencies) * ms, 1),
        "join_alone_ms": round(lone * ms, 1),
        "join_all_at_once_median_ms": round(statistics.median(room.joins) * ms, 1),
        "join_all_at_once_max_ms": round(max(room.joins) * ms, 1),
        "yardstick_echo_20kB_ms": round(yardstick * ms, 2),
        "update_median_in_yardsticks": round(statistics.median(room.latencies) / yardstick,
                                             1),
    }


async def _lone_join(host: HostProcess) -> float:
    """Seconds from opening one seat's connection to its first sync."""
    room = Room()
    client = _Client("alone", host.address, host.code(next(iter(host.info["codes"]))),
                     room)
    try:
        await client.until(lambda c: bool(c.arrivals))
    finally:
        await client.link.stop()
        with contextlib.suppress(asyncio.CancelledError, TimeoutError):
            await asyncio.wait_for(client.task, 5)
    return room.joins[0]


def browser_figures(crowd: int = 11, scenario: str = "2027-crisis") -> dict[str, Any]:
    """Memory per browser seat (the client process textual-serve starts for a page,
    against a bare Textual app served the same way) and time from opening a page's
    terminal to the seat's table, alone and for `crowd` pages at once."""
    from workshop.membench import browser_bench

    with tempfile.TemporaryDirectory() as home:
        host = HostProcess(Path(home), scenario, "--seed", "0")
        try:
            seat = next(iter(host.info["codes"]))
            command = shlex.join([sys.executable, "-m", "tui.cli", "join",
                                  f"127.0.0.1:{host.port}", host.code(seat)])
            bench = browser_bench(command, ready_text="connected", crowd=crowd)
        finally:
            host.stop()
    pss = [m.pss for m in bench.one.memory if m.pss is not None]
    return {
        "browser_seat_rss_mib": round(bench.one.median_rss, 1),
        "browser_seat_pss_mib": round(statistics.median(pss), 1) if pss else None,
        "bare_textual_rss_mib": round(bench.bare.median_rss, 1),
        "browser_seat_over_bare": round(bench.ratio, 2),
        "table_screen_alone_s": round(bench.one.first_screen[0], 2),
        f"table_screen_{crowd}_at_once_median_s": round(
            statistics.median(bench.crowd.first_screen), 2),
        f"table_screen_{crowd}_at_once_max_s": round(max(bench.crowd.first_screen), 2),
    }
