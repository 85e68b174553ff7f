"""The real Textual clients (Pilot) against the real server on loopback: a seat joins
with its code and plays with the keyboard, sees another seat's public move arrive and
writes to the press; the projector follows; the facilitator starts and pauses."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.widgets import Input, RichLog, Static
from workshop_kit import SCENARIO, Host, Seat, hosted, run, until

from tui.remote.app import RemoteApp
from tui.remote.code import CodeScreen
from tui.remote.console import ConsoleScreen
from tui.remote.press import WriteDialog
from tui.remote.projector import ProjectorScreen
from tui.remote.table import RemoteTableScreen
from tui.screens.dialogs import ChoiceDialog


def log_text(screen: Any, selector: str) -> str:
    return "\n".join(strip.text for strip in screen.query_one(selector, RichLog).lines)


def test_a_seat_joins_with_its_code_and_plays_with_the_keyboard(tmp_path: Path) -> None:
    async def go(host: Host) -> None:
        console = Seat(host.address, host.code("facilitator"))
        await console.sync()
        await console.answer(await console.link.request("start"))
        mover = (await console.sync())["status"]["to_move"]
        other = next(s for s in host.info["codes"] if s != mover)
        watcher = Seat(host.address, host.code(other))
        await watcher.sync()
        app = RemoteApp(host.address)
        async with app.run_test(size=(120, 36)) as pilot:
            await until(pilot, lambda: isinstance(app.screen, CodeScreen))
            app.screen.query_one("#code", Input).value = "WRONG-CODE0"
            await pilot.press("enter")
            await until(pilot, lambda: isinstance(app.screen, CodeScreen)
                        and "not a code" in str(app.screen.query_one("#code-problem",
                                                                      Static).render()))
            app.screen.query_one("#code", Input).value = host.code(mover).lower()
            await pilot.press("enter")
            await until(pilot, lambda: isinstance(app.screen, RemoteTableScreen))
            table = app.screen
            assert isinstance(table, RemoteTableScreen)
            await until(pilot, lambda: bool(table.legal_actions()))
            action = table.legal_actions()[0]
            assert str(action).startswith(f"{mover} convene")
            titles = [c.title for c in app.get_system_commands(table)]  # the palette's
            assert any(t.startswith("convene: ") for t in titles), titles
            assert any(t.startswith("Member: ") for t in titles), titles
            await pilot.press("v")  # convene: the chair opens the meeting
            moved = await watcher.sync(moves=1)
            assert moved["log"]
            # another seat's public move arrives on this screen by itself
            await until(pilot, lambda: table.view.to_move is not None)
            # the press: write to the other seat
            await pilot.press("e")
            await until(pilot, lambda: isinstance(app.screen, WriteDialog))
            dialog = app.screen
            dialog.query_one("#text", Input).value = "Quietly: [bold]no[/] red lines?"
            await pilot.press("enter")
            got = await watcher.wait_for(lambda m: m["type"] == "press")
            assert got["messages"][0]["text"] == "Quietly: [bold]no[/] red lines?"
            assert got["messages"][0]["to"] == []  # nobody ticked: the whole room
            await until(pilot, lambda: "red lines?" in log_text(table, "#press"))
        await watcher.close()
        await console.close()

    with hosted(tmp_path, SCENARIO, "--seed", "1") as host:
        run(go(host))


def test_the_projector_follows_and_the_console_starts_and_pauses(tmp_path: Path) -> None:
    async def go(host: Host) -> None:
        wall = RemoteApp(host.address, host.code("projector"))
        desk = RemoteApp(host.address, host.code("facilitator"), "facilitator")
        async with desk.run_test(size=(120, 36)) as pilot:
            await until(pilot, lambda: isinstance(desk.screen, ConsoleScreen))
            console = desk.screen
            await until(pilot, lambda: "Not started" in str(
                console.query_one("#clock", Static).render()))
            await pilot.press("s")
            await until(pilot, lambda: console.sync["status"]["started"])
            mover = console.sync["status"]["to_move"]
            seat = Seat(host.address, host.code(mover))
            sync = await seat.wait_for(lambda m: m["type"] == "sync" and m["legal"])
            await seat.answer(await seat.link.act(sync["legal"][0]))
            await until(pilot, lambda: console.sync["moves"] == 1)
            await until(pilot, lambda: "opens" in log_text(console, "#full-log").lower()
                        or log_text(console, "#full-log") != "")
            await seat.answer(await seat.link.say([], "An open statement"))
            await seat.answer(await seat.link.say([next(s for s in host.info["codes"]
                                                        if s != mover)], "A quiet word"))
            await pilot.press("p")
            await until(pilot, lambda: console.sync["status"]["paused"])
            await until(pilot, lambda: "Paused" in str(
                console.query_one("#clock", Static).render()))
            await seat.close()
        async with wall.run_test(size=(120, 36)) as pilot:
            await until(pilot, lambda: isinstance(wall.screen, ProjectorScreen))
            screen = wall.screen
            await until(pilot, lambda: "PAUSED" in str(
                screen.query_one("#headline", Static).render()))
            await until(pilot, lambda: log_text(screen, "#public-log") != "")
            await until(pilot, lambda: "An open statement" in log_text(screen, "#statements"))
            assert "quiet word" not in log_text(screen, "#statements")

    with hosted(tmp_path, SCENARIO, "--seed", "2") as host:
        run(go(host))


def test_choices_open_the_same_dialogs_as_solo_play(tmp_path: Path) -> None:
    async def go(host: Host) -> None:
        console = Seat(host.address, host.code("facilitator"))
        await console.sync()
        await console.answer(await console.link.request("start"))
        mover = (await console.sync())["status"]["to_move"]
        app = RemoteApp(host.address, host.code(mover))
        async with app.run_test(size=(120, 36)) as pilot:
            await until(pilot, lambda: isinstance(app.screen, RemoteTableScreen))
            table = app.screen
            assert isinstance(table, RemoteTableScreen)
            await until(pilot, lambda: bool(table.legal_actions()))
            await pilot.press("v")
            await until(pilot, lambda: any(a.verb.value == "consult"
                                           for a in table.legal_actions()))
            await pilot.press("c")  # whom to consult: the solo game's choice dialog
            await until(pilot, lambda: isinstance(app.screen, ChoiceDialog))
            await pilot.press("enter")
            await until(pilot, lambda: table.link.moves >= 2)
        await console.close()

    with hosted(tmp_path, SCENARIO, "--seed", "1") as host:
        run(go(host))
