"""The Why panel: one key away at the table, it says who blocks the item and why, and
what this seat's consultations revealed; on a hot-seat table nobody holds, only the
public part."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import RichLog, Static, TabbedContent
from tui_kit import new_app, plan, press_first_legal, run_async, settle, table

from game import Verb
from tui.describe import why_text
from tui.screens.why import WhyScreen


@run_async
async def test_why_names_the_blockers_and_their_stated_concerns(home: Path) -> None:
    app = new_app(plan())
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = table(app)
        for _ in range(300):
            view = screen.session.view(screen.viewer)
            tab = view.tabled
            if (view.phase != "review" and tab is not None
                    and any(p.stance == "object" for p in tab.positions.values())):
                break
            if screen.legal_actions():
                await press_first_legal(pilot, app)
            else:
                await settle(pilot)
        else:
            raise AssertionError("no objection in 300 moves")
        await pilot.press("h")
        await pilot.pause()
        assert isinstance(app.screen, WhyScreen)
        text = str(app.screen.query_one("#why", Static).render())
        objector = next(s for s, p in tab.positions.items() if p.stance == "object")
        who = "You" if objector == view.seat else view.members[objector].name
        assert f"- {who}: objects, stating" in text
        assert "Blocking the text as it stands: " in text
        assert view.members[objector].name in text.split("Blocking the text as it stands: ")[1]
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen


@run_async
async def test_why_shows_what_consultations_revealed_only_to_the_seat(home: Path) -> None:
    app = new_app(plan())
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = table(app)
        for _ in range(100):
            if Verb.CONSULT in screen.legal_verbs():
                break
            await press_first_legal(pilot, app)
        consult = next(a for a in screen.legal_actions() if a.verb is Verb.CONSULT)
        screen.play(consult)
        await settle(pilot)
        view = screen.session.view(screen.viewer)
        assert consult.target in view.soundings
        shown = why_text(view)
        assert "What your consultations revealed (private):" in shown
        assert f"- {view.members[consult.target].name} (round" in shown
        assert "What your consultations revealed" not in why_text(view, private=False)


@run_async
async def test_each_meeting_is_summed_up_in_the_rounds_tab(home: Path) -> None:
    app = new_app(plan())
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = table(app)
        for _ in range(400):
            if screen.session.state.round >= 2:
                break
            if screen.legal_actions():
                await press_first_legal(pilot, app)
            else:
                await settle(pilot)
        screen.query_one("#tabs", TabbedContent).active = "rounds-tab"
        await pilot.pause(0.2)
        rounds = screen.query_one("#rounds", RichLog)
        text = "\n".join(strip.text for strip in rounds.lines)
        assert screen.summaries and screen.summaries[0].startswith("Round 1: ")
        assert text.startswith("Round 1: ")  # shown in the tab
        summary = screen.summaries[0]
        assert "Face: " in summary and "Norm: " in summary and "Trust in you: " in summary
        decided = [o for o in screen.session.state.outcomes if o.round == 1]
        for outcome in decided:
            assert (f"{screen.session.scenario.measures[outcome.measure].name}: "
                    f"{outcome.result}") in summary
        assert any(n.title == "Meeting over" for n in app._notifications)
