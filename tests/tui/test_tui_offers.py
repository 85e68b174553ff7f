"""Pilot test: one delegate makes a private offer, the other answers it, at one keyboard."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import RichLog
from tui_kit import new_app, plan, play_until, press_first_legal, run_async, settle, table

from game import Verb
from tui.screens.cover import CoverScreen
from tui.screens.dialogs import ChoiceDialog
from tui.screens.seat import VERB_KEYS

HUMANS = ("vietnam", "thailand")


@run_async
async def test_an_offer_is_made_in_a_dialog_and_answered_in_private(home: Path) -> None:
    app = new_app(plan(HUMANS))
    async with app.run_test(size=(110, 36)) as pilot:
        await settle(pilot)
        for _ in range(60):  # play on until a human may make an offer
            if isinstance(app.screen, CoverScreen):
                await pilot.press("enter")
                await settle(pilot)
            elif Verb.OFFER in table(app).legal_verbs():
                break
            else:
                await press_first_legal(pilot, app)
        screen = table(app)
        me = screen.viewer
        other = next(s for s in HUMANS if s != me)
        await pilot.press("b")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ChoiceDialog)
        wanted = next(i for i, a in enumerate(dialog.actions)
                      if a.target == other and a.ambition == 1)
        await pilot.press(*["down"] * wanted)
        await pilot.pause()
        explained = str(dialog.query_one("#consequence").render())
        rules = screen.session.scenario.rules
        assert f"{rules.trust_broken:+g} trust" in explained
        await pilot.press("enter")
        await settle(pilot)
        assert str(screen.session.actions[-1]) == f"{me} offer {other} ambition=1"
        assert isinstance(app.screen, CoverScreen)  # the other delegate answers at once
        await pilot.press("enter")
        await settle(pilot)
        assert screen.viewer == other
        assert screen.legal_verbs() == {Verb.ACCEPT, Verb.DECLINE}
        lines = screen.query_one("#log", RichLog).lines
        log = " ".join(" ".join(str(line.text) for line in lines).split())  # unwrapped
        assert "(private)" in log and "no higher than ambition 1" in log
        await pilot.press("y")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ChoiceDialog)  # both answers, with what each promises
        assert "offers you, in private" in dialog.title_text
        assert [str(a.verb) for a in dialog.actions] == ["accept", "decline"]
        assert "support" in str(dialog.query_one("#consequence").render())
        answered = len(screen.session.actions)
        await pilot.press("enter")
        await settle(pilot)
        assert str(screen.session.actions[answered]) == f"{other} accept"
        assert {p.by for p in screen.session.state.pledges} == set(HUMANS)


@run_async
async def test_a_long_choice_keeps_its_buttons_in_view_at_80x24(home: Path) -> None:
    app = new_app(plan())
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await play_until(pilot, app, "offer")
        await pilot.press(VERB_KEYS[Verb.OFFER])
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ChoiceDialog) and len(dialog.actions) > 20
        box = dialog.query_one(".dialog").region
        for widget in (dialog.query_one("#confirm"), dialog.query_one("#consequence")):
            assert box.contains_region(widget.region), f"{widget} is out of view"
