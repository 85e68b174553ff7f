"""Pilot test: a human chair sets the order of the agenda and calls informal
consultations, through dialogs that offer only what the rules allow."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import OptionList
from tui_kit import new_app, press_first_legal, run_async, settle, table

from game import LogKind, Verb
from tui.plan import make_plan
from tui.screens.dialogs import ChoiceDialog, ConfirmDialog
from tui.screens.seat import VERB_KEYS


@run_async
async def test_the_human_chair_orders_the_agenda_and_calls_informals(home: Path) -> None:
    # 2027: Singapore chairs; with seed 7 and historical bots several items are tabled
    # at one meeting and a text is blocked while the chair may still call informals.
    app = new_app(make_plan("2027-crisis", ["singapore"], 7, "historical"))
    async with app.run_test(size=(110, 34)) as pilot:
        await settle(pilot)
        screen = table(app)
        session = screen.session
        took_up = called = False
        for _ in range(300):
            verbs = screen.legal_verbs()
            if Verb.TAKE_UP in verbs and not took_up:
                waiting = [t.measure for t in session.state.pending]
                await pilot.press(VERB_KEYS[Verb.TAKE_UP])
                await pilot.pause()
                dialog = app.screen
                assert isinstance(dialog, ChoiceDialog)
                assert dialog.query_one(OptionList).option_count == len(waiting) > 1
                await pilot.press("down", "enter")
                await settle(pilot)
                assert f"singapore take-up {waiting[1]}" in [str(a) for a in session.actions]
                took_up = True
            elif Verb.INFORMALS in verbs and not called:
                await pilot.press("i")
                await pilot.pause()
                dialog = app.screen
                assert isinstance(dialog, ConfirmDialog)
                assert "once per meeting" in dialog.text
                await pilot.press("y")
                await settle(pilot)
                assert "singapore informals" in [str(a) for a in session.actions]
                assert any(e.kind is LogKind.INFORMALS for e in session.state.log)
                called = True
            elif took_up and called:
                break
            else:
                await press_first_legal(pilot, app)
        assert took_up and called
