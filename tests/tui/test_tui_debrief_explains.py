"""The debrief screen explains: you, the strongest line (replayed by a worker), history,
with members and measures by name; the exported .md has the same parts."""

from __future__ import annotations

import io
import re
from pathlib import Path

from rich.console import Console
from textual.widgets import Static, TabbedContent
from tui_kit import finished_game, new_app, plan, run_async, settle

from tui import storage
from tui.screens.debrief import DebriefScreen

SEAT = "indonesia"


def shown(screen: DebriefScreen, tab: str) -> str:
    """The text of one tab as the terminal would show it (Markdown rendered)."""
    screen.query_one("#debrief-tabs", TabbedContent).active = f"tab-{tab}"
    console = Console(width=100, file=io.StringIO(), record=True)
    for static in screen.query(f"#tab-{tab} Static").results(Static):
        console.print(static.content)
    return console.export_text(styles=False)


@run_async
async def test_the_debrief_screen_shows_you_the_strongest_line_and_history_by_name(
        home: Path) -> None:
    session = finished_game(plan((SEAT,)))
    app = new_app()
    async with app.run_test(size=(110, 36)) as pilot:
        await settle(pilot)
        app.push_screen(DebriefScreen(session.state, session.seats))
        await settle(pilot)  # the strongest line is replayed by a worker
        screen = app.screen
        assert isinstance(screen, DebriefScreen) and screen.best is not None
        you = shown(screen, "you")
        assert "Indonesia (played by you)" in you and "Turning points" in you
        assert re.search(r"rank \d+ of \d+", you) and "Why:" in you
        best = shown(screen, "strongest")
        assert "With the expert bot in Indonesia's seat" in best
        history = shown(screen, "history")
        assert "Norm stage then:" in history and "Who objected in this game:" in history
        for tab in ("you", "strongest", "scores", "history", "objectives", "timeline"):
            text = shown(screen, tab)
            assert not re.search(r"(?<![\w-])indonesia(?![\w-])", text), tab
            assert "Indonesia" in text, tab
        await pilot.press("e")
        await settle(pilot)
    sid, seed = session.scenario.id, session.state.seed
    doc = (storage.exports_dir() / f"{sid}-seed{seed}-debrief.md").read_text()
    assert re.findall(r"^## (.+)$", doc, re.M)[:3] == ["You", "Strongest line", "Scores"]
    assert "With the `expert` bot in Indonesia's seat" in doc
    assert "Norm stage then:" in doc and "**Turning points**" in doc
