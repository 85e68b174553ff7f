"""`mufakat host`, `join` and `console` from the command line: clear errors, seat
cards, and the clock the facilitator sets."""

from __future__ import annotations

import os
import socket
import sqlite3
import subprocess
import sys
from pathlib import Path

from workshop_kit import SCENARIO, Host, Seat, hosted, run


def mufakat(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "MUFAKAT_HOME": str(home)}
    return subprocess.run([sys.executable, "-m", "tui.cli", *args], capture_output=True,
                          text=True, env=env, timeout=120)


def test_bad_invocations_say_what_to_do(tmp_path: Path) -> None:
    cases = [
        (["host", "no-such-scenario", "--headless"], "no-such-scenario"),
        (["host", "--headless"], "name a scenario"),
        (["host", SCENARIO, "--json"], "--json goes with --headless"),
        (["host", SCENARIO, "--headless", "--bots", "atlantis=hard"], "atlantis"),
        (["join", "not an address"], "not an address"),
    ]
    for args, words in cases:
        result = mufakat(tmp_path, *args)
        assert result.returncode == 2, (args, result.stderr)
        assert words in result.stderr and "Traceback" not in result.stderr, result.stderr


def test_resume_refuses_what_is_not_a_workshop(tmp_path: Path) -> None:
    text = tmp_path / "notes.sqlite"
    text.write_text("not a database\n")
    for path in (text, tmp_path / "missing.sqlite", tmp_path):
        result = mufakat(tmp_path, "host", "--resume", str(path), "--headless")
        assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
        assert str(path.name) in result.stderr
    assert text.read_text() == "not a database\n"  # nothing saved is touched


def test_a_port_in_use_is_a_clear_error(tmp_path: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = mufakat(tmp_path, "host", SCENARIO, "--headless", "--bind", "127.0.0.1",
                         "--port", str(port))
    assert result.returncode == 2 and "--port 0" in result.stderr, result.stderr


def test_seat_cards_carry_every_code_and_a_qr_code(tmp_path: Path) -> None:
    cards = tmp_path / "cards.html"
    with hosted(tmp_path, SCENARIO, "--cards", str(cards)) as host:
        page = cards.read_text(encoding="utf-8")
        for code in [*host.info["codes"].values(), host.info["projector"],
                     host.info["facilitator"]]:
            assert code in page
        assert page.count("<svg") == len(host.info["codes"]) + 2
        assert host.address in page


def test_the_clock_runs_out_and_a_bot_plays_that_move(tmp_path: Path) -> None:
    async def go(host: Host) -> None:
        desk = Seat(host.address, host.code("facilitator"))
        await desk.sync()
        await desk.answer(await desk.link.request("timer", seconds=1, then="bot",
                                                  phase="briefing"))
        await desk.answer(await desk.link.request("start"))
        moved = await desk.sync(moves=1)  # nobody acted: the briefing's clock ran out
        assert moved["status"]["timer"] == 0 and moved["status"]["left"] is None
        await desk.answer(await desk.link.request("timer", seconds=60, then="pass"))
        answer = await desk.answer(await desk.link.request("extend", seconds=30))
        assert answer["type"] == "ack"
        status = (await desk.wait_for(lambda m: m["type"] == "sync"
                                      and (m["status"]["left"] or 0) > 60))["status"]
        assert status["timers"] == {"briefing": 1, "": 60} and status["timer"] == 60
        await desk.close()

    with hosted(tmp_path, SCENARIO, "--seed", "1") as host:
        run(go(host))
        rows = sqlite3.connect(host.database).execute(
            "SELECT by FROM actions ORDER BY seq").fetchall()
        assert rows == [("timer",)]
        kinds = [r[0] for r in sqlite3.connect(host.database).execute(
            "SELECT kind FROM events").fetchall()]
        assert "timeout" in kinds and "timer" in kinds


def test_join_and_console_tell_their_options() -> None:
    for command in ("host", "join", "console"):
        result = subprocess.run([sys.executable, "-m", "tui.cli", command, "--help"],
                                capture_output=True, text=True, timeout=60)
        assert result.returncode == 0 and "usage" in result.stdout


def test_host_opens_the_console_in_a_real_terminal_and_quits_cleanly(tmp_path: Path) -> None:
    """`mufakat host` in a pseudo-terminal: the server runs in its own thread, the console
    draws (the roster, "Not started"), a browser-less client can join, ctrl+q ends both."""
    import pty
    import select
    import time

    leader, follower = pty.openpty()
    env = {**os.environ, "MUFAKAT_HOME": str(tmp_path), "TERM": "xterm-256color",
           "COLUMNS": "100", "LINES": "30"}
    process = subprocess.Popen([sys.executable, "-m", "tui.cli", "host", SCENARIO,
                                "--port", "0", "--bind", "127.0.0.1", "--no-browser"],
                               stdin=follower, stdout=follower, stderr=follower, env=env)
    os.close(follower)
    seen = b""
    deadline = time.monotonic() + 60
    try:
        while b"Not started" not in seen and time.monotonic() < deadline:
            ready, _, _ = select.select([leader], [], [], 0.5)
            if ready:
                seen += os.read(leader, 65536)
        assert b"Not started" in seen, seen[-2000:]
        os.write(leader, b"\x11")  # ctrl+q
        assert process.wait(30) == 0
        while True:
            ready, _, _ = select.select([leader], [], [], 0.5)
            if not ready:
                break
            try:
                seen += os.read(leader, 65536)
            except OSError:
                break
        assert b"The workshop is kept in" in seen
        assert list((tmp_path / "workshops").glob("*.sqlite"))
    finally:
        if process.poll() is None:
            process.kill()
        os.close(leader)
