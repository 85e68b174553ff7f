"""The real workshop server on loopback: roles, moves, the press, faults and restarts."""

from __future__ import annotations

import asyncio
import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import aiohttp
from workshop_kit import SCENARIO, Host, Seat, hosted, run, seats

from game import load_scenario


def first_mover(host: Host, sync: dict[str, object]) -> str:
    status = sync["status"]
    assert isinstance(status, dict)
    return str(status["to_move"])


async def start(host: Host) -> Seat:
    console = Seat(host.address, host.code("facilitator"))
    await console.sync()
    await console.answer(await console.link.request("start"))
    return console


def test_headless_json_names_the_addresses_the_database_and_every_code(tmp_path: Path
                                                                       ) -> None:
    with hosted(tmp_path, SCENARIO, "--seed", "3") as host:
        info = host.info
        assert info["address"].startswith("http://127.0.0.1:")
        assert host.database.is_file() and host.database.suffix == ".sqlite"
        assert set(info["codes"]) == set(load_scenario(SCENARIO).seats)
        codes = [*info["codes"].values(), info["projector"], info["facilitator"]]
        assert len(set(codes)) == len(codes)
        data = host.database.read_bytes()
        assert all(code.encode() not in data for code in codes)  # hashed at rest


def test_each_role_gets_only_what_it_may_see(tmp_path: Path) -> None:
    async def go(host: Host) -> None:
        async with seats(host, "thailand", "projector", "facilitator") as (seat, wall, desk):
            view = seat.last_sync()["view"]
            assert view["seat"] == "thailand" and "board" not in seat.last_sync()
            welcome = seat.messages[0]
            assert welcome["type"] == "welcome" and welcome["role"] == "seat"
            assert "view" not in wall.last_sync() and "roster" not in wall.last_sync()
            assert "roster" in desk.last_sync()
            # a seat's view holds its own profile, never another seat's
            text = json.dumps(seat.last_sync())
            assert '"red_lines"' in text  # its own papers
            me = view["me"]
            assert me["id"] == "thailand"

    with hosted(tmp_path, SCENARIO) as host:
        run(go(host))


def test_a_wrong_code_is_refused_and_the_link_stops(tmp_path: Path) -> None:
    async def go(host: Host) -> None:
        wrong = Seat(host.address, "AAAAA-AAAAA")
        message = await wrong.wait_for(lambda m: m["type"] == "error")
        assert "not a code of this workshop" in message["message"]
        await asyncio.wait_for(wrong.task, 10)
        assert wrong.link.ended and not any(m["type"] == "sync" for m in wrong.messages)

    with hosted(tmp_path, SCENARIO) as host:
        run(go(host))


def test_a_move_is_acknowledged_and_reaches_every_other_client(tmp_path: Path) -> None:
    async def go(host: Host) -> None:
        async with seats(host, "thailand", "projector") as (other, wall):
            console = await start(host)
            sync = await console.sync()
            mover = first_mover(host, console.last_sync())
            seat = Seat(host.address, host.code(mover))
            first = await seat.wait_for(lambda m: m["type"] == "sync" and m["legal"])
            action = first["legal"][0]
            answer = await seat.answer(await seat.link.act(action))
            assert answer == {"type": "ack", "id": answer["id"], "moves": 1}
            seen = await other.sync(moves=1)
            assert seen["log"]
            public = await wall.sync(moves=1)
            assert public["log"]
            await seat.close()
            await console.close()
            del sync

    with hosted(tmp_path, SCENARIO, "--seed", "1") as host:
        run(go(host))


def test_refusals_say_why(tmp_path: Path) -> None:
    async def go(host: Host) -> None:
        async with seats(host, "thailand", "projector") as (seat, wall):
            answer = await seat.answer(await seat.link.act("thailand pass"))
            assert "not started" in answer["message"]
            console = await start(host)
            mover = first_mover(host, await console.sync())
            other = "malaysia" if mover != "malaysia" else "singapore"
            answer = await seat.answer(await seat.link.act(f"{other} pass"))
            assert "you play Thailand; you cannot act for" in answer["message"]
            answer = await seat.answer(await seat.link.request("pause"))
            assert "only the facilitator" in answer["message"]
            answer = await wall.answer(await wall.link.say([], "hello"))
            assert "cannot write" in answer["message"]
            answer = await seat.answer(await seat.link.request("say", to=["nowhere"],
                                                                text="x"))
            assert "not another seat" in answer["message"]
            await console.close()

    with hosted(tmp_path, SCENARIO, "--seed", "1") as host:
        run(go(host))


def test_malformed_requests_get_errors_and_the_connection_goes_on(tmp_path: Path) -> None:
    async def go(host: Host) -> None:
        code = host.code("thailand")
        url = f"ws://127.0.0.1:{host.port}/game"
        async with aiohttp.ClientSession() as session, session.ws_connect(url) as ws:
            bad = ["not json", "[1, 2]", json.dumps({"type": "fly", "code": code}),
                   json.dumps({"type": "hello"}),
                   json.dumps({"type": "act", "code": code, "action": "x"}),
                   json.dumps({"type": "say", "code": code, "id": "1", "to": "all",
                               "text": "x"}),
                   json.dumps({"type": "hello", "code": code, "moves": -1}),
                   json.dumps({"type": "hello", "code": code, "extra": 1}),
                   json.dumps({"type": "hello", "code": code, "moves": [[[[]]]]})]
            for text in bad:
                await ws.send_str(text)
                answer = json.loads((await ws.receive(timeout=10)).data)
                assert answer["type"] == "error" and answer["message"], text
            await ws.send_bytes(b"\x00\x01")
            assert json.loads((await ws.receive(timeout=10)).data)["type"] == "error"
            await ws.send_str(json.dumps({"type": "hello", "code": code}))
            assert json.loads((await ws.receive(timeout=10)).data)["type"] == "welcome"
            assert json.loads((await ws.receive(timeout=10)).data)["type"] == "sync"
            await ws.send_str("{" * 20_000)  # over the size limit: the server closes
            closing = await ws.receive(timeout=10)
            assert closing.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED,
                                    aiohttp.WSMsgType.ERROR, aiohttp.WSMsgType.CLOSING)

    with hosted(tmp_path, SCENARIO) as host:
        run(go(host))


def test_a_connection_keeps_the_seat_it_said_hello_with(tmp_path: Path) -> None:
    async def go(host: Host) -> None:
        url = f"ws://127.0.0.1:{host.port}/game"
        async with aiohttp.ClientSession() as session, session.ws_connect(url) as ws:
            await ws.send_str(json.dumps({"type": "hello", "code": host.code("thailand")}))
            await ws.receive(timeout=10)  # welcome
            await ws.receive(timeout=10)  # sync
            await ws.send_str(json.dumps({"type": "hello", "code": host.code("malaysia")}))
            answer = json.loads((await ws.receive(timeout=10)).data)
            assert answer["type"] == "error" and "plays Thailand" in answer["message"]

    with hosted(tmp_path, SCENARIO) as host:
        run(go(host))


def test_a_repeated_move_is_applied_once_and_two_screens_of_one_seat_are_ordered(
        tmp_path: Path) -> None:
    async def go(host: Host) -> None:
        console = await start(host)
        mover = first_mover(host, await console.sync())
        async with seats(host, mover, mover) as (a, b):
            legal = (await a.wait_for(lambda m: m["type"] == "sync" and m["legal"]))["legal"]
            url = f"ws://127.0.0.1:{host.port}/game"
            async with aiohttp.ClientSession() as session, session.ws_connect(url) as ws:
                await ws.send_str(json.dumps({"type": "hello", "code": host.code(mover)}))
                request = {"type": "act", "code": host.code(mover), "id": "same",
                           "action": legal[0], "moves": 0}
                for _ in range(3):
                    await ws.send_str(json.dumps(request))
                acks = []
                while len(acks) < 3:
                    message = json.loads((await ws.receive(timeout=10)).data)
                    if message["type"] in ("ack", "error"):
                        acks.append(message)
                assert acks == [{"type": "ack", "id": "same", "moves": 1}] * 3
            # two screens of the same seat answer the same question at once: one wins
            await a.sync(moves=1)
            now = a.last_sync()
            if now["legal"]:
                ids = await asyncio.gather(a.link.act(now["legal"][0]),
                                           b.link.act(now["legal"][-1]))
                answers = [await a.answer(ids[0]), await b.answer(ids[1])]
                assert sorted(x["type"] for x in answers) == ["ack", "error"]
        await console.close()

    with hosted(tmp_path, SCENARIO, "--seed", "2") as host:
        run(go(host))
        rows = sqlite3.connect(host.database).execute(
            "SELECT seq FROM actions ORDER BY seq").fetchall()
        assert [r[0] for r in rows] == list(range(1, len(rows) + 1))


def test_the_press_reaches_only_its_readers(tmp_path: Path) -> None:
    async def go(host: Host) -> None:
        async with seats(host, "thailand", "singapore", "malaysia", "projector",
                         "facilitator") as (th, la, my, wall, desk):
            await th.answer(await th.link.say(["singapore"], "A quiet word [bold]x[/]"))
            await th.answer(await th.link.say([], "To the room"))
            for reader in (la, desk):
                got = await reader.wait_for(lambda m: m["type"] == "press"
                                            and m["messages"][0]["text"].startswith("A q"))
                assert got["messages"][0]["to"] == ["singapore"]
            for reader in (my, wall, la, desk):
                await reader.wait_for(lambda m: m["type"] == "press"
                                      and m["messages"][0]["text"] == "To the room")
            for outsider in (my, wall):
                assert not any(m["type"] == "press" and m["messages"][0]["to"]
                               for m in outsider.messages)
            # a late reader gets what it missed, only what it may read
            late = Seat(host.address, host.code("malaysia"))
            got = await late.wait_for(lambda m: m["type"] == "press")
            assert [p["text"] for p in got["messages"]] == ["To the room"]
            await late.close()

    with hosted(tmp_path, SCENARIO) as host:
        run(go(host))


def test_sigkill_loses_nothing_acknowledged_and_clients_come_back(tmp_path: Path) -> None:
    """Kill the server mid-game with SIGKILL, start it on the same database: every
    acknowledged move and message is there, and the clients reconnect by themselves."""
    host = Host(tmp_path, SCENARIO, "--seed", "4")
    acked: list[int] = []
    said: list[int] = []

    async def play(host: Host, moves: int) -> None:
        console = Seat(host.address, host.info["facilitator"])
        await console.sync()
        await console.answer(await console.link.request("start"))
        watchers = {s: Seat(host.address, host.code(s)) for s in host.info["codes"]}
        for _ in range(moves):
            sync = console.last_sync()
            mover = sync["status"]["to_move"]
            seat = watchers[mover]
            at = sync["moves"]
            now = await seat.wait_for(lambda m, at=at: m["type"] == "sync"
                                      and m["moves"] == at and m["legal"])
            answer = await seat.answer(await seat.link.act(now["legal"][0]))
            assert answer["type"] == "ack"
            acked.append(answer["moves"])
            await console.sync(moves=answer["moves"])
        answer = await console.answer(await console.link.say([], "before the crash"))
        said.append(answer["press"])
        marks = {s: len(seat.messages) for s, seat in watchers.items()}
        host.kill()  # mid-game, with every client connected
        restarted = Host(tmp_path, "--resume", str(host.database), "--port", str(host.port))
        try:
            for name, seat in watchers.items():  # they reconnect by themselves
                await seat.wait_for(lambda m: m["type"] == "welcome", start=marks[name])
                await seat.wait_for(lambda m: m["type"] == "sync"
                                    and m["moves"] == acked[-1], start=marks[name])
                assert "reconnecting" in seat.states
            # the facilitator's code changed on resume: the old console is refused
            await console.close()
            console = Seat(restarted.address, restarted.info["facilitator"])
            await console.sync(moves=acked[-1])
            press = await console.wait_for(lambda m: m["type"] == "press")
            assert [p["id"] for p in press["messages"]] == said
        finally:
            for seat in watchers.values():
                await seat.close()
            await console.close()
            restarted.stop()

    try:
        run(play(host, 6))
    finally:
        host.stop()
    rows = sqlite3.connect(host.database).execute("SELECT seq FROM actions ORDER BY seq").fetchall()
    assert [r[0] for r in rows] == acked


def test_a_whole_game_ends_in_the_debrief_and_exports_a_record_that_verifies(
        tmp_path: Path) -> None:
    async def go(host: Host) -> None:
        console = await start(host)
        async with seats(host, "thailand") as (seat,):
            moves = -1
            while True:
                sync = await seat.wait_for(lambda m, after=moves: m["type"] == "sync"
                                           and m["moves"] > after
                                           and (m["legal"] or m["status"]["over"]))
                if sync["status"]["over"]:
                    break
                moves = sync["moves"]
                await seat.answer(await seat.link.act(sync["legal"][-1]))
            assert "debrief" in sync and "Thailand" in sync["debrief"]
            files = (await console.answer(await console.link.request("export")))["files"]
            record = Path(files[0])
            check = subprocess.run([sys.executable, "-m", "tui.cli", "replay", "--verify",
                                    "--quiet", str(record)], capture_output=True, text=True,
                                   timeout=120)
            assert check.returncode == 0, check.stdout + check.stderr
            assert all(Path(f).is_file() for f in files)
        await console.close()

    bots = ",".join(f"{s}=historical" for s in load_scenario(SCENARIO).seats
                    if s != "thailand")
    with hosted(tmp_path, SCENARIO, "--seed", "5", "--bots", bots) as host:
        run(go(host))


def test_the_facilitator_hands_a_seat_to_a_bot_and_kicks_a_code(tmp_path: Path) -> None:
    async def go(host: Host) -> None:
        console = await start(host)
        mover = first_mover(host, await console.sync())
        async with seats(host, mover) as (seat,):
            answer = await console.answer(await console.link.request(
                "hand", seat=mover, kind="historical"))
            assert answer["type"] == "ack"
            moved = await seat.wait_for(lambda m: m["type"] == "sync" and m["moves"] >= 1)
            assert moved["status"]["kinds"][mover] == "historical"
            answer = await console.answer(await console.link.request("kick", who=mover))
            fresh = answer["code"]
            await asyncio.wait_for(seat.task, 10)
            assert "new code" in seat.link.ended
            again = Seat(host.address, host.code(mover))
            refused = await again.wait_for(lambda m: m["type"] == "error")
            assert "not a code" in refused["message"]
            await again.close()
            replaced = Seat(host.address, fresh)
            assert (await replaced.sync())["view"]["seat"] == mover
            await replaced.close()
        await console.close()

    with hosted(tmp_path, SCENARIO, "--seed", "6") as host:
        run(go(host))


def test_an_inject_opens_the_next_meeting_survives_a_restart_and_verifies(
        tmp_path: Path) -> None:
    scenario = load_scenario(SCENARIO)
    bots = ",".join(f"{s}=historical" for s in scenario.seats)

    async def inject_then_play(host: Host) -> str:
        console = await start(host)
        cards = console.messages[0]["cards"]
        refused = await console.answer(await console.link.request("inject", card="nope"))
        assert refused["type"] == "error" and "not an event card" in refused["message"]
        card = next(c for c in cards if c != "routine-meeting")
        answer = await console.answer(await console.link.request("inject", card=card))
        assert answer == {"type": "ack", "id": answer["id"], "card": card}
        await console.wait_for(lambda m: m["type"] == "sync" and m["board"]["round"] >= 2)
        await console.answer(await console.link.request("pause"))
        await console.close()
        return card

    async def finish(host: Host) -> list[str]:
        console = await start(host)
        over = await console.wait_for(lambda m: m["type"] == "sync"
                                      and m["status"]["over"], timeout=120)
        files = (await console.answer(await console.link.request("export")))["files"]
        await console.close()
        return [*over["log"], files[0]]

    host = Host(tmp_path, SCENARIO, "--seed", "8", "--bots", bots)
    try:
        card = run(inject_then_play(host))
    finally:
        host.stop()
    again = Host(tmp_path, "--resume", str(host.database))
    try:
        *log, record = run(finish(again))
    finally:
        again.stop()
    name = scenario.events[card].name
    assert any(line == f"The facilitator injects: {name}." for line in log)
    check = subprocess.run([sys.executable, "-m", "tui.cli", "replay", "--verify", record],
                           capture_output=True, text=True, timeout=120)
    assert check.returncode == 0, check.stdout[-2000:] + check.stderr
    assert f"The facilitator injects: {name}." in check.stdout
    assert f'"inject":"{card}"' in Path(record).read_text(encoding="utf-8")


def test_an_export_that_cannot_be_written_is_a_clear_error(tmp_path: Path) -> None:
    async def go(host: Host) -> None:
        console = await start(host)
        host.database.with_suffix(".jsonl").mkdir()  # a folder where the record goes
        answer = await console.answer(await console.link.request("export"))
        assert answer["type"] == "error" and "cannot write the export" in answer["message"]
        again = await console.answer(await console.link.request("pause"))
        assert again["type"] == "ack"  # the console's connection goes on
        await console.close()

    with hosted(tmp_path, SCENARIO) as host:
        run(go(host))
