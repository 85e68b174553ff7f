"""The playtest follows the edit: bots decide again, rewinds, the why trace, merged view."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Markdown, OptionList, Static
from tui_kit import messages, new_app, run_async, settle, table

from game import GameState, Scenario, apply, legal_actions, load_scenario, new_game, view
from game.bots import make_bot
from game.play.debrief import history_md
from game.play.explain import explain
from game.play.record import replay
from tui.app import MufakatApp
from tui.authors import SCENARIOS_VAR, SETTING_FILE, author_scenarios
from tui.plan import make_plan
from tui.screens.newgame import NewGameScreen
from tui.screens.playtest import PickDialog, TextDialog
from tui.session import Session, seat_plan

BUNDLE = Path(__file__).parents[2] / "scenarios"
PD = "2018-preventive-diplomacy"  # Laos objects on N3 in round 1 (seed 1, historical)


def laos_relaxed(folder: Path) -> Path:
    """The 2018 scenario with Laos minding no norm and wanting nothing blocked."""
    text = (BUNDLE / f"{PD}.toml").read_text()
    text = text.replace("[members.laos]\n", "[members.laos]\nsensitivity = { N1 = 0.0, "
                        "N2 = 0.0, N3 = 0.0, N4 = 0.0, N5 = 0.0, N6 = 0.0 }\n", 1)
    path = folder / "relaxed.toml"
    path.write_text(text)
    return path


def pd_session(folder: Path, rounds: int = 2) -> Session:
    sc = load_scenario(PD)
    s = Session.start(sc, 1, seat_plan(sc, ["indonesia"], "historical"), folder / "g.jsonl")
    s.fast_forward(rounds)
    return s


def test_reload_lets_the_computer_players_decide_again(tmp_path: Path) -> None:
    s = pd_session(tmp_path)
    assert any(str(a) == "laos object reason=N3" for a in s.actions)
    human = [a for a in s.actions if a.seat == "indonesia"]
    edited = laos_relaxed(tmp_path)
    after, message = s.reload(load_scenario(edited), edited)
    assert not any(a.seat == "laos" and a.verb.value == "object" for a in after.actions)
    assert "the computer players decided again:" in message
    assert "laos: object reason=N3 -> support" in message, message
    kept = [a for a in after.actions if a.seat == "indonesia"]
    assert kept == human[:len(kept)] and kept
    assert replay(after.path).final is not None
    after.close()


def test_reload_of_an_unedited_scenario_changes_nothing(tmp_path: Path) -> None:
    s = pd_session(tmp_path)
    copy = tmp_path / "same.toml"
    copy.write_text((BUNDLE / f"{PD}.toml").read_text())
    after, message = s.reload(load_scenario(copy), copy)
    assert after.actions == s.actions and after.state.digest() == s.state.digest()
    assert f"{len(s.actions)} moves (was {len(s.actions)})" in message
    assert "0 moves changed" in message
    after.close()


def test_rewind_goes_back_to_the_start_of_a_round(tmp_path: Path) -> None:
    s = pd_session(tmp_path, rounds=3)
    assert s.state.round == 3
    back = s.rewind(2)
    assert back.state.round == 2 and back.state.phase == "briefing"
    assert back.actions == s.actions[:len(back.actions)]
    assert replay(back.path).final is not None
    again = back.rewind(1)
    assert again.actions == [] and again.state.round == 1
    again.close()


def declared(scenario: Path | str, seat: str) -> GameState:
    """The 2018 game with bots everywhere, just after `seat` declared on the first
    text it objects to (or the first text, if it objects to none)."""
    sc = load_scenario(scenario)
    state = new_game(sc, 1)
    bots = {s: make_bot("historical", s, 1) for s in sc.seats}
    while state.to_move is not None:
        seat_ = state.to_move
        action = bots[seat_].decide(view(state, seat_), legal_actions(state, seat_))
        state = apply(state, action)
        if action.seat == seat and action.verb.value == "object":
            return state
    raise AssertionError(f"{seat} never objects")


def test_why_gives_the_numbers_behind_an_objection(tmp_path: Path) -> None:
    state = declared(PD, "laos")
    lines = explain(state, "laos")
    tab = state.tabled
    assert tab is not None
    n3 = next(x for x in lines if x.strip().startswith("N3"))
    assert "x sensitivity 2.2 (Non-interference)" in n3
    total = next(x for x in lines if x.strip().startswith("total"))
    assert float(total.split()[1]) < 0
    assert lines[-1] == "  declared: object (reason N3)"
    assert "main concern (the reason it states): N3" in "\n".join(lines)


def test_why_with_nothing_tabled_says_so() -> None:
    lines = explain(new_game(load_scenario(PD), 1), "myanmar")
    assert lines[0].startswith("Nothing is on the table now: Myanmar")


async def pick(pilot: Pilot[None], app: MufakatApp, key: str) -> None:
    """Choose the option `key` in the open PickDialog."""
    assert isinstance(app.screen, PickDialog)
    options = app.screen.query_one("#picks", OptionList)
    options.highlighted = options.get_option_index(key)
    await pilot.press("enter")
    await settle(pilot)


@run_async
async def test_the_playtest_explains_a_member_and_jumps_between_rounds(tmp_path: Path) -> None:
    mine = tmp_path / "mine.toml"
    mine.write_text((BUNDLE / f"{PD}.toml").read_text())
    app = new_app(make_plan(str(mine), ["indonesia"], 1, "historical", watch=True))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("e")
        await pilot.pause()
        await pick(pilot, app, "myanmar")
        assert isinstance(app.screen, TextDialog)
        assert "Myanmar" in str(app.screen.query_one("#text", Static).render())
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("ctrl+g")
        await pilot.pause()
        await pick(pilot, app, "3")
        session = table(app).session
        assert session.state.round == 3 and session.seats["indonesia"] == "human"
        played = len(session.actions)
        await pilot.press("ctrl+g")
        await pilot.pause()
        await pick(pilot, app, "2")
        back = table(app).session
        assert back.state.round == 2 and len(back.actions) < played
        assert "Watch: back to the start of round 2" in messages(app)


@run_async
async def test_the_playtest_keys_need_watch() -> None:
    app = new_app(make_plan(PD, ["indonesia"], 1, "historical"))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        for key in ("e", "ctrl+g", "ctrl+t"):
            await pilot.press(key)
            await pilot.pause()
            assert not isinstance(app.screen, PickDialog)


def author_folder(tmp_path: Path) -> Path:
    """A folder with one good scenario (its own briefing) and one broken file."""
    folder = tmp_path / "mine"
    folder.mkdir()
    text = (BUNDLE / f"{PD}.toml").read_text()
    (folder / "border.toml").write_text(
        text.replace(f'id = "{PD}"', 'id = "2025-border"', 1)
        .replace('title = "', 'title = "Border ceasefire: ', 1)
        .replace('briefing = """', 'briefing = """Kuala Lumpur, July 2025. ', 1))
    (folder / "broken.toml").write_text('format = 2\nid = "broken"\nrounds = "many"\n')
    return folder


@run_async
async def test_authors_folders_are_in_the_new_game_menu_with_briefings(
        tmp_path: Path, home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = author_folder(tmp_path)
    other = tmp_path / "other"
    other.mkdir()
    (other / "solo.toml").write_text((BUNDLE / "2011-apcn.toml").read_text())
    monkeypatch.setenv(SCENARIOS_VAR, f"{folder}{os.pathsep}{tmp_path / 'gone'}")
    home.mkdir(parents=True, exist_ok=True)
    (home / SETTING_FILE).write_text(f"# my folders\n{other}\n")
    app = new_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("n")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, NewGameScreen)
        options = screen.query_one("#scenarios", OptionList)
        titles = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert "Border ceasefire: " + load_scenario(PD).title + " (yours: border.toml)" in titles
        assert "broken.toml (broken)" in titles and "gone (broken)" in titles
        assert any(t.endswith("(yours: solo.toml)") for t in titles)
        options.highlighted = titles.index("broken.toml (broken)")
        await pilot.pause()
        assert "rounds" in screen.query_one("#briefing", Markdown).source
        options.highlighted = next(i for i, t in enumerate(titles) if "border.toml" in t)
        await pilot.pause()
        assert "Kuala Lumpur, July 2025." in screen.query_one("#briefing", Markdown).source
        await pilot.click("#start")
        await settle(pilot)
        assert table(app).session.scenario.id == "2025-border"


@run_async
async def test_a_scenario_opened_by_path_shows_its_briefing(tmp_path: Path) -> None:
    path = author_folder(tmp_path) / "border.toml"
    app = new_app(make_plan(str(path), ["indonesia"], 1, "historical"))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        shown = [n for n in app._notifications if n.title.startswith("Briefing: ")]
        assert shown and "Kuala Lumpur, July 2025." in shown[0].message  # unasked
        assert "ctrl+p, Briefing" in shown[0].message
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Briefing")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, TextDialog)
        assert "Kuala Lumpur, July 2025." in str(app.screen.query_one("#text", Static).render())


def test_a_what_if_debrief_shows_its_own_history() -> None:
    sc = load_scenario("2027-crisis")
    assert not sc.historical and sc.history.outcome
    text = history_md(new_game(sc, 1))
    assert "Hypothetical: nothing has happened yet." in text
    assert "followed history" not in text and "departed" not in text


@run_async
async def test_watch_lets_the_computer_players_decide_again_after_an_edit(
        tmp_path: Path) -> None:
    mine = tmp_path / "mine.toml"
    mine.write_text((BUNDLE / f"{PD}.toml").read_text())
    app = new_app(make_plan(str(mine), ["indonesia"], 1, "historical", watch=True))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+g")
        await pilot.pause()
        await pick(pilot, app, "2")
        screen = table(app)
        assert any(str(a) == "laos object reason=N3" for a in screen.session.actions)
        mine.write_text(laos_relaxed(tmp_path).read_text())
        os.utime(mine, (1, 1))
        screen._check_watch()
        await settle(pilot)
        note = next(m for m in messages(app) if m.startswith("Watch: scenario reloaded"))
        assert "laos: object reason=N3 -> support" in note
        assert not any(a.seat == "laos" and a.verb.value == "object"
                       for a in screen.session.actions)


def test_the_setting_file_takes_paths_in_the_data_folder_and_never_fails(
        tmp_path: Path, home: Path) -> None:
    home.mkdir(parents=True, exist_ok=True)
    author_folder(home)  # home/mine
    (home / SETTING_FILE).write_text("mine  # relative: in the data folder\n\n")
    found = author_scenarios()
    assert isinstance(found[str(home / "mine" / "border.toml")], Scenario)
    assert "rounds" in str(found[str(home / "mine" / "broken.toml")])
    (home / SETTING_FILE).unlink()
    (home / SETTING_FILE).mkdir()  # not a file at all
    found = author_scenarios()
    assert list(found) == [str(home / SETTING_FILE)]
    assert "is a folder" in str(found[str(home / SETTING_FILE)])


@run_async
async def test_a_reload_that_fails_leaves_the_game_as_it_was(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    mine = tmp_path / "mine.toml"
    mine.write_text((BUNDLE / f"{PD}.toml").read_text())
    app = new_app(make_plan(str(mine), ["indonesia"], 1, "historical", watch=True))
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot)
        screen = table(app)
        before = screen.session

        def broken(*_: object) -> None:
            raise ValueError("a bot fell over")

        monkeypatch.setattr("tui.session.redecide", broken)
        os.utime(mine, (1, 1))
        screen._check_watch()
        await settle(pilot)
        assert screen.session is before and screen.legal_actions()
        assert any("ValueError: a bot fell over; the game goes on unchanged" in m
                   for m in messages(app))
