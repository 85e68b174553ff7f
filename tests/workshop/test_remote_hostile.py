"""A workshop on a scenario whose names are hostile ([/], [bold], a click action, a
terminal escape): every client screen at 80x24 shows them as text and keeps running."""

from __future__ import annotations

import io
import json
from pathlib import Path

from rich.console import Console
from workshop_kit import Host, Seat, hosted, run, until

from game.rules.text import plain
from game.scenario.loader import BUNDLE_DIR
from tui.remote.app import RemoteApp
from tui.remote.console import ConsoleScreen
from tui.remote.projector import ProjectorScreen
from tui.remote.table import RemoteTableScreen

NAME = "[@click=app.quit]Viet[/]\x1b]0;pwn\x07"
TITLE = "[bold]Flag[/] [/]"


def hostile_scenario(folder: Path) -> Path:
    src = (BUNDLE_DIR / "2020-asean-flag.toml").read_text(encoding="utf-8")
    src = src.replace('title = "The ASEAN flag in UN compounds (2020)"',
                      f"title = {json.dumps(TITLE)}", 1)
    src = src.replace("[members.vietnam]\n", f"[members.vietnam]\nname = {json.dumps(NAME)}\n",
                      1)
    path = folder / "hostile.toml"
    path.write_text(src, encoding="utf-8")
    return path


def rendered(app: RemoteApp) -> tuple[str, str]:
    width, height = app.size
    console = Console(width=width, height=height, file=io.StringIO(), force_terminal=True,
                      color_system="truecolor", record=True)
    console.print(app.screen._compositor.render_update(full=True))
    return console.export_text(styles=False), console.file.getvalue()  # type: ignore[attr-defined]


def test_hostile_names_are_text_on_every_client_screen(tmp_path: Path) -> None:
    async def go(host: Host) -> None:
        desk = Seat(host.address, host.code("facilitator"))
        await desk.sync()
        await desk.answer(await desk.link.request("start"))
        await desk.answer(await desk.link.say([], NAME))
        for who, kind in (("facilitator", ConsoleScreen), ("projector", ProjectorScreen),
                          ("vietnam", RemoteTableScreen)):
            app = RemoteApp(host.address, host.code(who))
            async with app.run_test(size=(80, 24)) as pilot:
                await until(pilot, lambda a=app, k=kind: isinstance(a.screen, k))
                await pilot.pause(0.2)
                text, raw = rendered(app)
                assert app.is_running
                assert "\x1b]0;" not in raw and "\x07" not in raw
                shown = "".join(text.split())
                wanted = [TITLE] if who != "vietnam" else [NAME]
                for name in wanted:
                    assert "".join(plain(name, keep_newlines=False).split())[:12] in shown, text
        await desk.close()

    with hosted(tmp_path, str(hostile_scenario(tmp_path)), "--seed", "1") as host:
        run(go(host))
