"""Pilot tests for the table defects a new player saw (issue 11): each drives the real
app at the size the player had."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Label, OptionList, RichLog, SelectionList, TabbedContent
from tui_kit import finished_game, new_app, plan, press_first_legal, run_async, settle, table

from game import Scenario, Verb
from game.play.record import replay
from tui import storage
from tui.app import MufakatApp
from tui.plan import make_plan
from tui.screens.cover import CoverScreen
from tui.screens.dialogs import ChoiceDialog, ConfirmDialog
from tui.screens.newgame import NewGameScreen
from tui.screens.seat import CONFIRM, VERB_KEYS
from tui.screens.toosmall import TooSmallScreen
from tui.widgets.board import MeasuresTable, MembersTable, PapersPanel, Situation


async def press_first_legal_now(pilot: Pilot[None], app: MufakatApp) -> None:
    """`press_first_legal` without waiting for the computer players."""
    action = table(app).legal_actions()[0]
    await pilot.press(VERB_KEYS[action.verb])
    await pilot.pause()
    for _ in range(2):
        if not isinstance(app.screen, ChoiceDialog | ConfirmDialog):
            break
        await pilot.press("y" if action.verb in CONFIRM else "enter")
        await pilot.pause()


def _log_fits(app: MufakatApp) -> None:
    log = table(app).query_one("#log", RichLog)
    assert len(log.lines) > 3
    assert max(strip.cell_length for strip in log.lines) <= log.scrollable_content_region.width
    assert log.max_scroll_x == 0  # nothing cut off to the right


@run_async
async def test_log_lines_wrap_to_the_panel_and_rewrap_on_resize(home: Path) -> None:
    app = new_app(plan())
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        for _ in range(3):
            await press_first_legal(pilot, app)
        _log_fits(app)
        for size in ((80, 24), (160, 40)):
            await pilot.resize_terminal(*size)
            await settle(pilot)
            await pilot.pause()  # the log is rewritten after the refresh at the new size
            _log_fits(app)


@run_async
async def test_hot_seat_papers_leave_the_screen_when_the_turn_ends(home: Path) -> None:
    app = new_app(plan(("vietnam", "thailand")))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        for _ in range(60):  # until a delegate's move hands the turn to a computer player
            screen = table(app)
            if isinstance(app.screen, CoverScreen):
                await pilot.press("enter")
                await settle(pilot)
                continue
            me = screen.viewer
            papers = screen.query_one(PapersPanel)
            assert screen.session.scenario.members[me].name in str(papers.render())
            screen.bot_delay = 3600  # the bots wait: look at the screen meanwhile
            await press_first_legal_now(pilot, app)
            if screen.session.to_move != me and not screen.session.human_to_move():
                break
            screen.bot_delay = 0
            await settle(pilot)
        else:
            raise AssertionError("no delegate's move handed the turn to a bot")
        shown = str(papers.render())
        assert screen.session.scenario.members[me].name not in shown
        assert "objectives" not in shown
        log = "\n".join(str(s.text) for s in screen.query_one("#log", RichLog).lines)
        assert "(private)" not in log
        screen.workers.cancel_all()


def _screen_text(app: MufakatApp) -> str:
    """What the terminal shows, as plain text."""
    svg = app.export_screenshot()
    return html.unescape(re.sub(r"<[^>]+>", "", svg)).replace("\xa0", " ")


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
@run_async
async def test_blocking_stays_in_view_under_a_long_event(home: Path,
                                                         size: tuple[int, int]) -> None:
    app = new_app(plan())
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        for _ in range(60):
            view = table(app).session.view("vietnam")
            if view.tabled is not None and view.tabled.blocking() and view.event:
                break
            await press_first_legal(pilot, app)
        else:
            raise AssertionError("nothing was blocked")
        assert "Blocking:" in _screen_text(app)


@run_async
async def test_the_table_dialog_keeps_its_buttons_and_hint_in_view_at_80x24(home: Path) -> None:
    app = new_app(make_plan("2003-standby-force", ["indonesia"], 7, "historical"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        while Verb.TABLE not in table(app).legal_verbs():
            await press_first_legal(pilot, app)
        await pilot.press(VERB_KEYS[Verb.TABLE])
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ChoiceDialog)
        box = dialog.query_one(".dialog").region
        for _ in dialog.actions:  # whatever the highlighted choice's explanation
            for widget in (dialog.query_one("#confirm"), dialog.query_one("#cancel"),
                           dialog.query_one(".dialog-hint")):
                assert box.contains_region(widget.region), f"{widget} is out of view"
            await pilot.press("down")
            await pilot.pause()


@run_async
async def test_a_terminal_below_80x24_gets_a_clear_message(home: Path) -> None:
    app = new_app(plan())
    async with app.run_test(size=(60, 20)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, TooSmallScreen)
        assert "needs at least 80×24" in str(app.screen.query_one("#too-small-text").render())
        assert "Round" not in _screen_text(app)  # not the broken table behind it
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        assert not any(isinstance(s, TooSmallScreen) for s in app.screen_stack)
        shown = _screen_text(app)
        assert "You: Vietnam" in shown and "To move:" in shown



async def _new_game(pilot: Pilot[None]) -> NewGameScreen:
    await settle(pilot)
    await pilot.press("n")
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, NewGameScreen)
    return screen


@run_async
async def test_new_game_labels_do_not_overlap_at_80x24(home: Path) -> None:
    app = new_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _new_game(pilot)
        labels = list(screen.query("#setup Label"))
        for i, a in enumerate(labels):
            for b in labels[i + 1:]:
                assert not a.region.overlaps(b.region), (a, b)
        seats_label = labels[0]
        assert seats_label.region.right <= screen.query_one("#options-box").region.x
        assert "hot-seat" in _screen_text(app)


@run_async
async def test_the_seat_picker_marks_chosen_seats_and_says_whom_you_play(home: Path) -> None:
    app = new_app()
    async with app.run_test(size=(100, 32)) as pilot:
        screen = await _new_game(pilot)
        sc = screen.scenarios[screen.chosen]
        assert isinstance(sc, Scenario)
        seats = screen.query_one("#seats", SelectionList)

        def marked() -> list[str]:
            return [sc.seats[i] for i in range(seats.option_count)
                    if str(seats.get_option_at_index(i).prompt).startswith("✓")]

        assert marked() == [sc.sponsor]
        you = screen.query_one("#you-play", Label)
        assert str(you.render()) == f"You will play: {sc.members[sc.sponsor].name}"
        other = next(s for s in sc.seats if s != sc.sponsor)
        seats.focus()
        seats.highlighted = sc.seats.index(other)
        await pilot.press("space")
        await pilot.pause()
        assert set(marked()) == {sc.sponsor, other}
        names = [sc.members[s].name for s in sc.seats if s in (sc.sponsor, other)]
        assert str(you.render()) == f"You will play: {', '.join(names)} (hot-seat)"


@run_async
async def test_switching_to_the_log_tab_shows_the_newest_entry(home: Path) -> None:
    app = new_app(plan())
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        tabs = table(app).query_one("#tabs", TabbedContent)
        tabs.active = "papers-tab"
        await pilot.pause()
        for _ in range(4):  # the log grows while the papers are shown
            await press_first_legal(pilot, app)
        tabs.active = "log-tab"
        await settle(pilot)
        await pilot.pause()  # the log is written after the refresh that gives it a width
        log = table(app).query_one("#log", RichLog)
        assert log.max_scroll_y > 0
        assert log.scroll_y == log.max_scroll_y


@run_async
async def test_an_error_on_the_load_screen_does_not_follow_into_the_game(home: Path) -> None:
    finished = finished_game()
    app = new_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        await pilot.press("l")
        await pilot.pause()
        await pilot.press(*"nowhere.jsonl", "enter")
        await pilot.pause()
        assert any(n.severity == "error" for n in app._notifications)
        path = app.screen.query_one("#path", Input)
        path.value = str(storage.last_game())
        await pilot.press("enter")
        await settle(pilot)
        assert table(app).session.state.digest() == finished.state.digest()
        assert not any(n.severity == "error" for n in app._notifications)


@run_async
async def test_a_dialog_footer_lists_only_the_dialog_keys(home: Path) -> None:
    app = new_app(plan())
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        while Verb.CONSULT not in table(app).legal_verbs():
            await press_first_legal(pilot, app)
        await pilot.press(VERB_KEYS[Verb.CONSULT])
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog)
        bottom = _screen_text(app).rstrip().splitlines()[-1]
        assert "esc Cancel" in bottom
        for board_key in ("Consult", "Save as", "Menu"):
            assert board_key not in bottom, bottom


@run_async
async def test_after_a_deferral_the_review_shows_it_deferred_not_tabled(home: Path) -> None:
    app = new_app(make_plan("2003-standby-force", ["indonesia"], 7, "historical"))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        for _ in range(60):  # table high, call for the decision: blocked, it may defer
            legal = table(app).legal_actions()
            if Verb.DEFER in {a.verb for a in legal}:
                break
            wanted = [a for a in legal if a.verb in (Verb.CALL, Verb.TABLE)] or legal
            table(app).play(max(wanted, key=lambda a: a.ambition or 0))
            await settle(pilot)
        else:
            raise AssertionError("the sponsor was never offered a deferral")
        screen = table(app)
        deferred = screen.session.state.tabled
        assert deferred is not None
        await pilot.press(VERB_KEYS[Verb.DEFER])
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot)
        assert screen.session.state.phase == "review"
        measures = screen.query_one(MeasuresTable)
        status = str(measures.get_cell(deferred.measure, "Status"))
        assert status == "deferred x1"
        members = screen.query_one(MembersTable)
        assert all(str(members.get_cell(s, "Position")) == "" for s in screen.session.seats)
        assert "Tabled by" not in str(screen.query_one(Situation).render())


@run_async
async def test_measure_names_wrap_when_the_panel_has_room_and_show_a_cut_otherwise(
        home: Path) -> None:
    for size, wraps in (((120, 40), True), ((100, 32), False)):
        app = new_app(plan())
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            measures = table(app).query_one(MeasuresTable)
            heights = [row.height for row in measures.rows.values()]
            text = "\n".join(measures.render_line(y).text
                             for y in range(measures.size.height))
        if wraps:
            assert any(h > 1 for h in heights), f"at {size} a long name wraps"
            assert "…" not in text
        else:
            assert set(heights) == {1}
            assert "…" in text, f"at {size} a name cut to one line ends with an ellipsis"


@run_async
async def test_a_new_game_moves_the_unfinished_one_to_the_archive_and_load_opens_it(
        home: Path) -> None:
    app = new_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        app.start_game(plan())
        await settle(pilot)
        await press_first_legal(pilot, app)
        first = list(table(app).session.actions)
        app.to_start()  # the menu, as a player leaves the table for a new game
        app.start_game(plan())  # the same scenario and seed again, from the start
        await settle(pilot)
        archived = storage.archived_games()
        assert len(archived) == 1, "the unfinished game was kept, not overwritten"
        assert replay(archived[0]).actions == tuple(first)
        app.to_start()
        await pilot.press("l")
        await pilot.pause()
        saves = app.screen.query_one("#saves", OptionList)
        option = saves.get_option_at_index(saves.option_count - 1)
        assert option.id == str(archived[0])
        assert "The ASEAN flag in UN compounds (2020), as Vietnam, 1 move, unfinished" in \
            str(option.prompt) and len(first) == 1
        saves.highlighted = saves.option_count - 1
        await pilot.press("enter")
        await settle(pilot)
        assert table(app).session.actions == first  # continued where it was left
        assert len(storage.archived_games()) == 2  # the game it replaced is kept too


@run_async
async def test_an_earlier_game_is_deleted_only_when_confirmed_and_a_saved_one_never(
        home: Path) -> None:
    finished_game()
    earlier = storage.archive(storage.last_game())
    assert earlier is not None
    storage.saves_dir().mkdir(parents=True)
    mine = storage.saves_dir() / "mine.jsonl"
    mine.write_bytes(earlier.read_bytes())
    app = new_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        await pilot.press("l")
        await pilot.pause()
        saves = app.screen.query_one("#saves", OptionList)
        assert [o.id for o in saves.options] == [str(mine), str(earlier)]
        saves.highlighted = 0
        await pilot.press("d")  # a saved game: refused with a word why
        await pilot.pause()
        assert mine.is_file() and not isinstance(app.screen, ConfirmDialog)
        saves.highlighted = 1
        await pilot.press("d", "n")  # asked, then cancelled
        await pilot.pause()
        assert earlier.is_file() and saves.option_count == 2
        await pilot.press("d", "y")
        await pilot.pause()
        assert not earlier.exists() and saves.option_count == 1 and mine.is_file()
