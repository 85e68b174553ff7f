"""The advisor at the table: off by default (a notification says how to turn it on);
on, a modal shows the expert bot's move for the seat at the keys and why, and "Play it"
plays exactly that move; the asks are counted beside the record, survive a resume and
appear in the debrief."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Button, Static
from tui_kit import messages, new_app, plan, press_first_legal, run_async, settle, table

from game import apply, legal_actions, new_game, view
from game.bots import make_bot
from game.play.advice import AdviceCancelled, advise
from game.rules.state import GameState
from tui import advised, settings, storage
from tui.app import MufakatApp
from tui.cli import build_parser
from tui.describe import action_label
from tui.screens.advisor import AdvisorScreen, advice_text
from tui.screens.cover import CoverScreen
from tui.screens.debrief import DebriefScreen
from tui.screens.start import StartScreen
from tui.session import Session


async def ask(pilot: Pilot[None], app: MufakatApp) -> AdvisorScreen:
    """Press the advisor's key and wait for its advice."""
    await pilot.press("d")
    await settle(pilot)
    assert isinstance(app.screen, AdvisorScreen), messages(app)
    return app.screen


@run_async
async def test_advisor_off_says_how_to_turn_it_on(home: Path) -> None:
    app = new_app(plan())
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert not app.settings.advisor  # competitive play by default
        await pilot.press("d")
        await pilot.pause()
        assert not isinstance(app.screen, AdvisorScreen)
        assert any("advisor is off" in m and "--advisor" in m for m in messages(app))
        assert table(app).session.advice == {}


@run_async
async def test_advice_is_the_expert_move_with_its_reason_and_play_it_plays_it(
        home: Path) -> None:
    app = new_app(plan())
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.change_settings(advisor=True)
        for _ in range(3):  # past the first, single-move turns
            await press_first_legal(pilot, app)
        screen = table(app)
        view, legal = screen.seen(), screen.legal_actions()
        dialog = await ask(pilot, app)
        assert dialog.advice is not None
        expected = make_bot("expert", view.seat, screen.session.state.seed).decide(view, legal)
        assert dialog.advice.action == expected  # the expert's decision, seed for seed
        assert dialog.advice.action in legal
        move = str(dialog.query_one("#advice-move", Static).render())
        assert move == action_label(view, expected)
        reason = str(dialog.query_one("#advice-reason", Static).render())
        assert len(reason) > 40
        before = len(screen.session.actions)
        await pilot.click("#play")
        await settle(pilot)
        assert app.screen is screen
        assert screen.session.actions[before] == expected
        assert screen.session.advice == {view.seat: 1}


@run_async
async def test_close_plays_nothing(home: Path) -> None:
    app = new_app(plan())
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.change_settings(advisor=True)
        screen = table(app)
        before = len(screen.session.actions)
        dialog = await ask(pilot, app)
        assert not dialog.query_one("#play", Button).disabled
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen
        assert len(screen.session.actions) == before


@run_async
async def test_the_count_survives_a_resume_and_appears_in_the_debrief(home: Path) -> None:
    app = new_app(plan())
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.change_settings(advisor=True)
        for _ in range(2):
            await ask(pilot, app)
            await pilot.press("escape")
            await settle(pilot)
            await press_first_legal(pilot, app)
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)
    assert advised.read(storage.last_game()) == ({"vietnam": 2}, None)
    again = new_app()
    async with again.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("c")
        await settle(pilot)
        screen = table(again)
        assert screen.session.advice == {"vietnam": 2}
        while not screen.session.over:
            legal = screen.legal_actions()
            if legal:
                screen.play(legal[0])
            await settle(pilot)
        assert isinstance(again.screen, DebriefScreen)
        line = str(again.screen.query_one("#debrief-advice", Static).render())
        assert "advisor asked 2 times" in line and "Viet" in line


def test_a_new_game_starts_with_no_asks_and_the_old_count_is_archived(home: Path) -> None:
    p = plan()
    first = Session.start(p.scenario, p.seed, p.seats, storage.last_game())
    assert first.note_advice("vietnam") is None
    first.close()
    second = Session.start(p.scenario, p.seed, p.seats, storage.last_game())
    second.close()
    assert advised.read(storage.last_game()) == ({}, None)
    archived = storage.archived_games()
    assert [advised.read(a)[0] for a in archived] == [{"vietnam": 1}]


def test_a_broken_count_file_is_reported_and_the_game_resumes(home: Path) -> None:
    p = plan()
    first = Session.start(p.scenario, p.seed, p.seats, storage.last_game())
    first.note_advice("vietnam")
    first.close()
    advised.beside(storage.last_game()).write_text(json.dumps({"vietnam": "many"}))
    session, notes = Session.resume(storage.last_game(), storage.last_game())
    session.close()
    assert session.advice == {}
    assert any("advisor.json must map each seat to a whole number" in n for n in notes)


@run_async
async def test_play_advisor_turns_the_advisor_on(home: Path) -> None:
    args = build_parser().parse_args(["play", "2020-asean-flag", "--as", "vietnam",
                                      "--advisor"])
    assert args.advisor
    app = MufakatApp(plan=plan(), bot_delay=0, advisor=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app.settings.advisor
        await ask(pilot, app)
    assert settings.load()[0].advisor  # kept, as if turned on in the settings


def test_a_stopped_search_stops_and_a_single_move_says_so(home: Path) -> None:
    p = plan()
    state = new_game(p.scenario, p.seed)
    seen = []
    while state.phase != "over":
        seat = state.to_move or ""
        legal = legal_actions(state, seat)
        advice = advise(view(state, seat), legal, p.seed)
        seen.append(advice)
        if advice.weighed:
            stop = threading.Event()
            stop.set()
            with pytest.raises(AdviceCancelled):
                advise(view(state, seat), legal, p.seed, stop)
            break
        state = apply(state, advice.action)
    assert seen[-1].weighed, "no advice in the whole game weighed its moves"
    only = next(a for a in seen if a.only)
    assert advice_text(view(new_game(p.scenario, p.seed), "vietnam"), only) == (
        "It is the only move the rules allow you now.")


@run_async
async def test_hot_seat_advice_is_for_the_delegate_at_the_keys_only(home: Path) -> None:
    app = new_app(plan(("vietnam", "laos")))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.change_settings(advisor=True)
        screen = table(app)
        asked: set[str] = set()
        covers = 0
        while asked != {"vietnam", "laos"} and covers < 30:
            if isinstance(app.screen, CoverScreen):
                covers += 1
                screen.action_advise()  # nobody holds the keys: no advice for anyone
                assert isinstance(app.screen, CoverScreen)
                await pilot.press("enter")
                await settle(pilot)
                continue
            if len(screen.legal_actions()) > 1 and screen.viewer not in asked:
                dialog = await ask(pilot, app)
                assert dialog.view.seat == screen.viewer == screen.session.to_move
                asked.add(screen.viewer)
                await pilot.press("escape")
                await settle(pilot)
            await press_first_legal(pilot, app)
        assert asked == {"vietnam", "laos"} and covers
        assert screen.session.advice == {"vietnam": 1, "laos": 1}


def test_save_as_and_loading_it_carry_the_count(home: Path) -> None:
    p = plan()
    first = Session.start(p.scenario, p.seed, p.seats, storage.last_game())
    first.note_advice("vietnam")
    first.note_advice("vietnam")
    saved = storage.save_path("mine")
    first.write_copy(saved)
    first.close()
    assert advised.read(saved) == ({"vietnam": 2}, None)
    Session.start(p.scenario, p.seed, p.seats, storage.last_game()).close()  # another game
    loaded, notes = Session.resume(saved, storage.last_game())
    loaded.close()
    assert loaded.advice == {"vietnam": 2} and not notes
    assert advised.read(storage.last_game()) == ({"vietnam": 2}, None)


def test_a_ventured_text_is_advised_as_one_and_said_to_be_within_reach(
        indonesia_2003_first_tabling: GameState) -> None:
    """2003, round 1: Indonesia's search would table nothing, the expert tables a text
    within reach, and the advice says so rather than calling it the best score."""
    from game.bots.expert import ExpertBot
    from game.rules.actions import Verb

    state = indonesia_2003_first_tabling
    v, legal = view(state, "indonesia"), legal_actions(state, "indonesia")
    advice = advise(v, legal, 0)
    assert advice.action == ExpertBot("indonesia", 0).decide(v, legal)
    assert advice.action.verb is Verb.TABLE and advice.ventured
    assert "within reach" in advice_text(v, advice)
    assert "0.5 points below support" in advice_text(v, advice)


def test_a_campaign_for_the_norm_is_advised_as_one(
        indonesia_2018_first_consultation: GameState) -> None:
    """2018, round 1: the expert argues for the norm instead of consulting, and the
    advice says why (imagined games cannot show what an argument is worth) and names
    the member argued with."""
    from game.bots.expert import campaign
    from game.rules.actions import Verb
    from tui.describe import name

    state = indonesia_2018_first_consultation
    v, legal = view(state, "indonesia"), legal_actions(state, "indonesia")
    advice = advise(v, legal, 0)
    assert advice.action == campaign(v, legal) and advice.action.verb is Verb.PERSUADE
    assert advice.campaigning and not advice.ventured
    text = advice_text(v, advice)
    assert "argues rather than consults" in text and name(v, advice.action.target) in text
