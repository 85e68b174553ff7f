"""Issue 11's polish: settings kept between sessions, moves and look-ups from the command
palette, the board explained in the help, game notifications, a confirmed pass, action
buttons that ignore a stale click, and a log with room at 80x24."""

from __future__ import annotations

import re
from pathlib import Path

from rich.markdown import Markdown
from textual.widgets import (
    DataTable,
    Label,
    OptionList,
    RichLog,
    Select,
    Static,
    Switch,
    TabbedContent,
)
from tui_kit import (
    finished_game,
    messages,
    new_app,
    plan,
    play_until,
    press_first_legal,
    run_async,
    settle,
    table,
)

from game import Verb
from game.rules.scoring import scores
from tui import settings, storage
from tui.plan import make_plan
from tui.screens.dialogs import ConfirmDialog
from tui.screens.help import HelpScreen, board_text
from tui.screens.seat import SETTLE
from tui.screens.settings import SettingsScreen
from tui.screens.start import StartScreen
from tui.screens.why import InspectScreen
from tui.widgets.board import MeasuresTable, MembersTable


@run_async
async def test_settings_are_kept_for_the_next_session(home: Path) -> None:
    app = new_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)
        await pilot.press("s")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, SettingsScreen)
        dialog.query_one("#theme", Select).value = "textual-light"
        dialog.query_one("#pace", Select).value = 1.2
        dialog.query_one("#language", Select).value = "vi"
        dialog.query_one("#advisor", Switch).value = True
        await pilot.pause()
        await pilot.click("#save")
        await pilot.pause()
        assert app.theme == "textual-light" and app.bot_delay == 1.2
    saved, problems = settings.load()
    assert problems == []
    assert (saved.theme, saved.bot_pace, saved.language, saved.advisor) == (
        "textual-light", 1.2, "vi", True)
    again = type(app)()  # a new session reads them
    assert again.theme == "textual-light" and again.bot_delay == 1.2


@run_async
async def test_the_pace_keys_are_kept_and_shown_while_bots_move(home: Path) -> None:
    app = new_app(plan())
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        await pilot.press("minus")  # slower
        await pilot.pause()
        assert settings.load()[0].bot_pace == 0.25
        screen = table(app)
        screen.session.seats["vietnam"] = "historical"  # let a bot hold the turn
        assert "0.25 s a move" in screen.waiting_text()


def test_a_bad_settings_file_names_the_file_and_the_field(home: Path) -> None:
    home.mkdir(parents=True)
    (home / "settings.toml").write_text('bot_pace = 7\nlanguage = "fr"\ntheme = "nord"\n')
    loaded, problems = settings.load()
    assert loaded.theme == "nord" and loaded.bot_pace == 0.6 and loaded.language == "en"
    assert len(problems) == 2
    assert all("settings.toml" in p for p in problems)
    assert "bot_pace must be one of" in problems[0] and "language must be one of" in problems[1]
    (home / "settings.toml").write_text("bot_pace = [")
    loaded, problems = settings.load()
    assert loaded == settings.Settings() and "fix or delete the file" in problems[0]


@run_async
async def test_a_bad_settings_file_is_said_at_start_and_the_app_runs(home: Path) -> None:
    home.mkdir(parents=True)
    (home / "settings.toml").write_text('theme = "no-such-theme"\n')
    app = new_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        assert any("no-such-theme" in m and "not installed" in m for m in messages(app))


@run_async
async def test_a_move_is_played_from_the_command_palette(home: Path) -> None:
    app = new_app(plan())
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = table(app)
        first = screen.legal_actions()[0]
        assert first.verb is Verb.CONVENE
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"convene")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        assert screen.session.actions[0] == first


@run_async
async def test_the_palette_names_every_legal_move_members_and_measures(home: Path) -> None:
    app = new_app(plan())
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await play_until(pilot, app, "table")
        screen = table(app)
        titles = [c.title for c in screen.verb_commands()]
        for action in screen.legal_actions():
            assert any(t.startswith(str(action).split(" ", 1)[1] + ":") for t in titles)
        assert any(t.startswith("table asean-flag ambition=2") for t in titles), titles
        view = screen.seen()
        assert {f"Member: {view.members[s].name}" for s in view.seats} <= set(titles)
        assert f"Measure: {view.measures['asean-flag'].name}" in titles


@run_async
async def test_a_member_and_a_measure_are_inspected_from_the_table(home: Path) -> None:
    app = new_app(plan())
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await play_until(pilot, app, "table")
        screen = table(app)
        members = screen.query_one(MembersTable)
        members.focus()
        members.move_cursor(row=screen.seen().seats.index("laos"))
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, InspectScreen)
        text = str(app.screen.text)
        assert text.startswith("Laos") and "Face" in text
        assert "Consult it in private" in text  # Vietnam has not consulted Laos
        await pilot.press("escape")
        await pilot.pause()
        measures = screen.query_one(MeasuresTable)
        measures.focus()
        row = next(i for i, key in enumerate(measures.rows) if key.value == "asean-flag")
        measures.move_cursor(row=row)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, InspectScreen)
        text = str(app.screen.text)
        assert "Ambition levels:" in text and "In this game:" in text
        assert "asean-flag" not in text  # names, never ids


@run_async
async def test_pass_is_confirmed_before_it_applies(home: Path) -> None:
    app = new_app(plan())
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await play_until(pilot, app, "pass")
        screen = table(app)
        before = len(screen.session.actions)
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("escape")
        await pilot.pause()
        assert len(screen.session.actions) == before  # nothing played
        await pilot.press("p")
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot)
        assert any(a.seat == "vietnam" and a.verb is Verb.PASS
                   for a in screen.session.actions[before:])


@run_async
async def test_a_click_on_buttons_that_just_changed_is_ignored(home: Path) -> None:
    app = new_app(plan())
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        screen = table(app)
        now = [100.0]
        screen.clock = lambda: now[0]
        screen._draw_buttons()  # the row of buttons changes "now"
        await pilot.click("#actions Button")
        await settle(pilot)
        assert screen.session.actions == []  # a double click's second half: ignored
        now[0] += SETTLE
        await pilot.pause(0.3)  # Textual's own press effect (0.2 s) to pass
        await pilot.click("#actions Button")
        await settle(pilot)
        assert screen.session.actions[0].verb is Verb.CONVENE


@run_async
async def test_a_blocked_item_and_the_turn_are_notified(home: Path) -> None:
    app = new_app(make_plan("2011-apcn", ["vietnam"], 7, "historical"))
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot)
        screen = table(app)
        for _ in range(300):
            if screen.session.over or any(m.startswith("Blocked") for m in messages(app)):
                break
            await press_first_legal(pilot, app)
        assert any(m.startswith("Blocked: ") for m in messages(app)), messages(app)
        assert any(m.startswith("Your turn: ") for m in messages(app)), messages(app)


def test_the_help_explains_every_column_heading_and_status() -> None:
    text = board_text()
    for table_class in (MembersTable, MeasuresTable):
        for heading, _ in table_class.COLUMNS:
            assert f"| {heading} |" in text, heading
    for status in ("open", "tabled @N", "waiting @N", "adopted @N", "blocked",
                   "deferred xK", "needs M"):
        assert f"`{status}`" in text
    for mark in ("`*`", "`>`", "`sponsor @N +c`", "`reserve @N`", "`obj N1`", "`...`",
                 "`(private)`", "`|`"):
        assert mark in text


@run_async
async def test_the_help_screen_shows_the_board_section(home: Path) -> None:
    app = new_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        shown = app.screen.query_one("#help-text", Static).content
        assert isinstance(shown, Markdown) and "# Reading the board" in shown.markup


@run_async
async def test_the_log_keeps_rows_at_80x24_while_an_item_is_debated(home: Path) -> None:
    app = new_app(plan())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await play_until(pilot, app, "support")
        screen = table(app)
        screen.query_one("#tabs", TabbedContent).active = "log-tab"
        await pilot.pause()
        assert screen.query_one("#log", RichLog).size.height >= 5
        assert screen.query_one(DataTable).size.height > 0


@run_async
async def test_the_load_screen_says_when_each_game_was_played_and_how_it_ended(
        home: Path) -> None:
    app = new_app()
    async with app.run_test(size=(120, 32)) as pilot:
        await pilot.press("l")
        await pilot.pause()
        assert "No saved or earlier games yet" in str(
            app.screen.query_one("#no-games", Label).render())
    session = finished_game()
    storage.archive(storage.last_game())
    app = new_app()
    async with app.run_test(size=(120, 32)) as pilot:
        await pilot.press("l")
        await pilot.pause()
        assert not app.screen.query("#no-games")
        saves = app.screen.query_one("#saves", OptionList)
        prompt = str(saves.get_option_at_index(0).prompt)
        points = scores(session.state)["vietnam"]
        assert re.search(r"\d{4}-\d\d-\d\d \d\d:\d\d, The ASEAN flag in UN compounds "
                         rf"\(2020\), as Vietnam, \d+ moves, finished: Vietnam {points:.0f} "
                         r"points, rank \d+/10; adopted ", prompt), prompt


@run_async
async def test_the_settings_dialog_fits_80x24_with_its_buttons(home: Path) -> None:
    app = new_app(plan())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, SettingsScreen)
        box = app.screen.query_one("#settings-box").region
        for button in ("#save", "#cancel"):
            region = app.screen.query_one(button).region
            assert region.height and box.contains_region(region), (button, region, box)
