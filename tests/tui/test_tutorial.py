"""The tutorial: offered on the start screen to a first-time player, once; played at the
real table with a coach whose hints alone take the player to consensus; no coach in
other games."""

from __future__ import annotations

import tomllib
from pathlib import Path

from textual.widgets import OptionList
from tui_kit import messages, new_app, plan, run_async, settle, table

from game.rules.enums import Result
from tui.screens.debrief import DebriefScreen
from tui.screens.dialogs import ChoiceDialog
from tui.widgets.coach import CoachPanel


@run_async
async def test_following_the_coach_alone_reaches_consensus(home: Path) -> None:
    app = new_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("t")  # the start screen's offer
        await settle(pilot)
        screen = table(app)
        keys = []
        while not isinstance(app.screen, DebriefScreen):
            hint = screen.query_one(CoachPanel).hint
            assert hint.key, f"the coach names no key: {hint.do}; notes: {messages(app)}"
            assert len(keys) < 10, f"the lesson does not end: {keys}"
            keys.append(hint.key)
            await pilot.press(hint.key)
            await pilot.pause()
            if isinstance(app.screen, ChoiceDialog):  # choose the line the coach names
                options = app.screen.query_one("#choices", OptionList)
                lines = [str(options.get_option_at_index(i).prompt)
                         for i in range(options.option_count)]
                assert hint.choice in lines, f"{hint.choice!r} is not among {lines}"
                await pilot.press(*["down"] * lines.index(hint.choice), "enter")
            await settle(pilot)
        session = screen.session
        assert keys == ["v", "c", "t", "a", "j"]  # convene, consult, table, amend, adjourn
        [outcome] = session.state.outcomes
        assert (outcome.measure, outcome.result, outcome.clauses) == (
            "asean-flag", Result.ADOPTED, ("national-command",))
        assert "Face went from" in screen.query_one(CoachPanel).hint.why


@run_async
async def test_the_start_screen_offers_the_tutorial_the_first_time_only(home: Path) -> None:
    app = new_app()
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        assert app.screen.query("#offer")
        assert app.screen.query_one("#menu", OptionList).get_option("tutorial")
    saved = tomllib.loads((home / "settings.toml").read_text())
    assert saved["tutorial_offered"] is True
    again = new_app()
    async with again.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        assert not again.screen.query("#offer")
        menu = again.screen.query_one("#menu", OptionList)
        assert "Tutorial" in str(menu.get_option("tutorial").prompt)  # it stays in the menu


@run_async
async def test_the_coach_is_absent_from_other_games_and_z_hides_it(home: Path) -> None:
    app = new_app(plan())
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = table(app)
        assert not screen.query(CoachPanel)
        assert not screen.check_action("toggle_coach", ())
    tutorial = new_app()
    async with tutorial.run_test(size=(120, 40)) as pilot:
        await pilot.press("t")
        await settle(pilot)
        coach = table(tutorial).query_one(CoachPanel)
        assert coach.display and "convene" in coach.hint.do
        await pilot.press("z")
        assert not coach.display
        await pilot.press("z")
        assert coach.display
