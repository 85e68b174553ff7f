"""Pilot tests: the real app, the real engine, real records in a temporary home."""

from __future__ import annotations

import json
import os
from pathlib import Path

from rich.markdown import Markdown as RichMarkdown
from textual.widgets import OptionList, RichLog, Static
from tui_kit import (
    SCENARIO,
    new_app,
    plan,
    play_until,
    press_first_legal,
    run_async,
    settle,
    table,
)

from game import Verb, bundled_ids, render
from game.bots import Bot
from game.play.record import replay
from tui import storage
from tui.plan import make_plan
from tui.screens.cover import CoverScreen
from tui.screens.debrief import DebriefScreen
from tui.screens.dialogs import BotErrorDialog, ChoiceDialog, ConfirmDialog
from tui.screens.help import HelpScreen
from tui.screens.seat import VERB_KEYS
from tui.screens.start import StartScreen
from tui.screens.table import TableScreen
from tui.widgets.board import Situation


@run_async
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
        await pilot.press("e")  # written once the strongest line is replayed
        await settle(pilot)
        exported = storage.exports_dir() / f"{SCENARIO}-seed7-debrief.md"
        text = exported.read_text()
        assert "## Scores" in text and "## Archive" in text and "Vietnam" in text
        assert "## History" in text and "What happened" in text
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)


@run_async
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
        shown = {b.binding.action for b in screen.active_bindings.values()}
        offered = {f"do('{v}')" for v in legal}
        assert {a for a in shown if a.startswith("do(")} == offered
        buttons = {str(b.name) for b in screen.query("#actions Button") if b.display}
        assert buttons == {str(v) for v in legal}


@run_async
async def test_a_choice_dialog_explains_then_confirms(home: Path) -> None:
    app = new_app(plan())
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        screen = table(app)
        await play_until(pilot, app, "consult")
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


@run_async
async def test_a_reservation_asks_what_it_asks_then_the_concern_it_states(home: Path) -> None:
    app = new_app(plan())
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        screen = table(app)
        for _ in range(200):
            forms = [a for a in screen.legal_actions() if a.verb.value == "reserve"]
            if len({a.reason for a in forms}) > 1:
                break
            await press_first_legal(pilot, app)
        else:
            raise AssertionError("vietnam never had a reservation with a choice of concern")
        ask = forms[0]
        await pilot.press("r")
        await pilot.pause()
        first = app.screen
        assert isinstance(first, ChoiceDialog)
        assert len(first.actions) == len({(a.ambition, a.clause) for a in forms})
        await pilot.press("enter")
        await pilot.pause()
        second = app.screen
        assert isinstance(second, ChoiceDialog) and second is not first
        stated = [a for a in forms if (a.ambition, a.clause) == (ask.ambition, ask.clause)]
        assert second.actions == stated
        assert "concern" in str(second.query_one("#consequence").render())
        before = len(screen.session.actions)
        await pilot.press("down", "enter")
        await settle(pilot)
        assert screen.session.actions[before] == stated[1]


@run_async
async def test_pressing_asks_for_confirmation_with_the_face_cost(home: Path) -> None:
    app = new_app(plan())
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        screen = table(app)
        rules = screen.session.scenario.rules
        for _ in range(40):
            verbs = {str(v) for v in screen.legal_verbs()}
            if "press" in verbs:
                break
            tabling = [a for a in screen.legal_actions() if a.verb.value == "table"]
            if tabling:  # the most intrusive measure at full ambition draws objections
                measures = screen.session.scenario.measures
                screen.play(max(tabling, key=lambda a: (measures[a.target].intrusiveness,
                                                        a.ambition)))
                await settle(pilot)
            elif "call" in verbs:
                await pilot.press("k", "y")
                await settle(pilot)
            else:
                await press_first_legal(pilot, app)
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        assert f"{rules.face_press_sponsor:+g}" in app.screen.text
        face = screen.session.state.face["vietnam"]
        await pilot.press("n")
        await settle(pilot)
        assert screen.session.state.face["vietnam"] == face


@run_async
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
        screen = table(app)
        names = {screen.session.scenario.members[s].name for s in ("vietnam", "thailand")}
        assert set(covers) == names
        lines = screen.query_one("#log", RichLog).lines
        log = " ".join(" ".join(str(line.text) for line in lines).split())  # unwrapped
        mine = screen.viewer
        private = [e for e in screen.session.state.log if e.seen_by and mine not in e.seen_by]
        assert private  # the other delegate consulted in private...
        for entry in private:
            # ...and this delegate's log does not show it
            assert " ".join(render(entry, screen.session.scenario).split()) not in log


@run_async
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


@run_async
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


@run_async
async def test_start_screen_new_game_path(home: Path) -> None:
    app = new_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        menu = app.screen.query_one("#menu", OptionList)
        continue_option = menu.get_option("continue")
        assert continue_option.disabled  # no game yet
        await pilot.press("enter")  # "New game"
        await pilot.pause()
        # enter: this scenario; down, space: also play the first seat; tab: bots, seed
        await pilot.press("enter", "down", "space", "tab", "tab", *"42", "enter")
        await settle(pilot)
        screen = table(app)
        sc = screen.session.scenario
        assert sc.id == bundled_ids()[0]
        assert screen.session.state.seed == 42
        assert sc.seats[0] != sc.sponsor
        assert set(screen.session.humans) == {sc.sponsor, sc.seats[0]}  # hot-seat


@run_async
async def test_help_shows_every_key(home: Path) -> None:
    app = new_app(plan())
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        shown = app.screen.query_one("#help-text", Static).content
        assert isinstance(shown, RichMarkdown)
        text = shown.markup
        for key in VERB_KEYS.values():
            assert f"| `{key}` |" in text
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, TableScreen)


class _Broken(Bot):
    """A computer player that fails, as a buggy bot would."""

    kind = "broken"

    def decide(self, view: object, legal: object) -> object:  # type: ignore[override]
        raise ZeroDivisionError("division by zero")


@run_async
async def test_a_failing_bot_shows_the_error_and_can_be_replaced(home: Path) -> None:
    app = new_app(plan())
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        screen = table(app)
        for seat in screen.session.bots:
            screen.session.bots[seat] = _Broken(seat)
        await press_first_legal(pilot, app)  # convene: now a broken bot is to move
        while not isinstance(app.screen, BotErrorDialog):
            await press_first_legal(pilot, app)
        failing = screen.session.to_move or ""
        assert "ZeroDivisionError" in app.screen.error
        assert app.is_running
        await pilot.press("down", "down", "enter")  # "Replace it with the historical bot"
        await settle(pilot)
        assert screen.session.seats[failing] == "historical"
        assert any(a.seat == failing for a in screen.session.actions)


@run_async
async def test_the_mouse_path_plays_a_move(home: Path) -> None:
    app = new_app(plan())
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        screen = table(app)
        first = screen.legal_actions()[0]
        assert first.verb.value == "convene"
        await pilot.click("#actions Button")
        await settle(pilot)
        assert screen.session.actions[0] == first


@run_async
async def test_from_round_hands_over_at_that_round(home: Path) -> None:
    app = new_app(make_plan(SCENARIO, ["vietnam"], 7, "historical", from_round=3))
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        session = table(app).session
        assert session.state.round == 3
        assert session.seats["vietnam"] == "human"


@run_async
async def test_watch_reloads_the_edited_scenario_and_replays(home: Path, tmp_path: Path) -> None:
    source = Path(__file__).parents[2] / "scenarios" / f"{SCENARIO}.toml"
    mine = tmp_path / "mine.toml"
    mine.write_text(source.read_text())
    app = new_app(make_plan(str(mine), ["vietnam"], 7, "historical", watch=True))
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        for _ in range(3):
            await press_first_legal(pilot, app)
        screen = table(app)
        moves = list(screen.session.actions)
        mine.write_text(source.read_text().replace('title = "', 'title = "Edited: ', 1))
        os.utime(mine, (1, 1))
        screen._check_watch()
        await settle(pilot)
        assert screen.session.scenario.title.startswith("Edited: ")
        assert screen.session.actions[:len(moves)] == moves
        header = json.loads(storage.last_game().read_text().splitlines()[0])
        assert header["source"] == str(mine.resolve())


@run_async
async def test_an_event_choice_opens_a_dialog_with_each_answers_costs(home: Path) -> None:
    """2027: the Security Council's request is put to the sponsor, Malaysia, at once."""
    app = new_app(make_plan("2027-crisis", ["malaysia"], 1, "historical"))
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        screen = table(app)
        assert screen.legal_verbs() == {Verb.ACCEPT, Verb.DECLINE}
        situation = str(screen.query_one("#situation").render())
        assert "Put to Malaysia: Pledge a contingent" in situation
        await pilot.press("n")  # either answer's key opens the dialog, on its own answer
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ChoiceDialog)
        assert [str(a) for a in dialog.actions] == ["malaysia decline", "malaysia accept"]
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen and not screen.session.actions
        await pilot.press("y")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ChoiceDialog)
        assert dialog.title_text.startswith("Pledge a contingent")
        assert [str(a) for a in dialog.actions] == ["malaysia accept", "malaysia decline"]
        explained = str(dialog.query_one("#consequence").render())
        assert "Face +2 for you" in explained and "capability +0.25" in explained
        await pilot.press("down")
        await pilot.pause()
        assert "Face -1 for you" in str(dialog.query_one("#consequence").render())
        face = screen.session.state.face["malaysia"]
        await pilot.press("enter")
        await settle(pilot)
        assert [str(a) for a in screen.session.actions[:1]] == ["malaysia decline"]
        assert screen.session.state.face["malaysia"] == face - 1
        assert not isinstance(app.screen, ChoiceDialog)


@run_async
async def test_a_norm_holder_persuades_from_the_consultation(home: Path) -> None:
    app = new_app(plan(("indonesia",)))
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        screen = table(app)
        await play_until(pilot, app, "persuade")
        assert screen.session.state.phase == "consultation"
        await pilot.press(VERB_KEYS[Verb.PERSUADE])
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ChoiceDialog)
        assert "costs your turn" in dialog.title_text
        explained = str(dialog.query_one("#consequence").render())
        assert "It costs your turn" in explained and "moves down by" in explained
        target = dialog.actions[0].target
        before = len(screen.session.actions)
        await pilot.press("enter")
        await settle(pilot)
        assert str(screen.session.actions[before]) == f"indonesia persuade {target}"
        mine = screen.session.view("indonesia").log
        assert any(e.kind == "persuade" and e.seats == ("indonesia", target) for e in mine)
        situation = str(screen.query_one(Situation).render())
        assert "adopters" in situation and "stage" in situation
