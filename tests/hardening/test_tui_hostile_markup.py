"""Class 3, TUI: markup and control characters from files are content on every screen.

A scenario file whose names, title, briefing, event card and notes hold Rich/Textual
markup (`[/]`, `[bold]`, `[@click=app.quit]`), Markdown/HTML and terminal controls
(an OSC that retitles the terminal, a colour code, BEL) is played through the real app:
table, dialogs, help, hot-seat cover, debrief, export, save, load and continue. Nothing
may crash, no action may run, the text must show literally (controls as `\\xNN`), and
no control sequence from the file may reach the terminal. Save names, record headers
and `--watch` edits are attacked the same way, and hypothesis generates names.
"""

from __future__ import annotations

import asyncio
import hashlib
import io
import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import attrs
import pytest
from hardening_kit import new_app, run_async, settle, table
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt
from rich.console import Console
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, OptionList, RichLog, Static

from game import ScenarioError, load_scenario
from game.rules.text import plain
from tui import storage
from tui.app import MufakatApp
from tui.plan import Plan, make_plan
from tui.screens.cover import CoverScreen
from tui.screens.debrief import DebriefScreen
from tui.screens.dialogs import BotErrorDialog, ChoiceDialog, ConfirmDialog, SaveDialog
from tui.screens.help import HelpScreen
from tui.screens.load import LoadScreen
from tui.screens.start import StartScreen
from tui.screens.table import TableScreen
from tui.screens.why import InspectScreen
from tui.session import Session
from tui.widgets.safe import line, md, md_line

BUNDLED = Path(__file__).parents[2] / "scenarios" / "2020-asean-flag.toml"
OSC = "\x1b]0;pwn\x07"  # retitles the terminal if it reaches it raw
ME = f"[@click=app.quit]Viet[/]{OSC}"  # the human's seat (the sponsor)
OTHER = "[bold]Indo[/bold] [/]"
TITLE = "Flag [/] [link=https://example.com]t[/link]"
MEASURE = "[b]Flag[/] [/] <img src=x onerror=alert(1)> | `x`"
CARD = "[/]Card"
CARD_TEXT = "[@click=app.quit]text[/] \x1b[31mred *em* [l](javascript:alert(1))"


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "home"
    monkeypatch.setenv(storage.HOME_VAR, str(folder))
    return folder


def _toml(text: str) -> str:
    return json.dumps(text)  # a JSON string is a valid TOML basic string


def hostile_scenario(folder: Path, me: str = ME, other: str = OTHER) -> Path:
    """The bundled 2020 scenario with hostile text in every kind of field."""
    src = BUNDLED.read_text(encoding="utf-8")
    edits = [
        ('title = "The ASEAN flag in UN compounds (2020)"', f"title = {_toml(TITLE)}"),
        ("[members.vietnam]\n", f"[members.vietnam]\nname = {_toml(me)}\n"),
        ("[members.indonesia]\n", f"[members.indonesia]\nname = {_toml(other)}\n"),
        ('briefing = """\n', f'briefing = """\n{_toml(OSC + "[/] [@click=app.quit]b")[1:-1]}\n'),
        ('note = "As chair, carry', 'note = "[/] As chair, carry'),
        ('events = ["routine-meeting"', 'events = ["evil-card"'),
        ('"1" = "routine-meeting"', '"1" = "evil-card"'),
    ]
    for old, new in edits:
        assert old in src, old
        src = src.replace(old, new, 1)
    src += (f"\n[measures.asean-flag]\nname = {_toml(MEASURE)}\n\n"
            f"[cards.evil-card]\nname = {_toml(CARD)}\ntext = {_toml(CARD_TEXT)}\n")
    path = folder / "hostile.toml"
    path.write_text(src, encoding="utf-8")
    return path


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    path = hostile_scenario(tmp_path)
    try:
        sc = load_scenario(path)
    except ScenarioError as err:  # pragma: no cover - the loader must keep accepting it
        pytest.fail(f"the hostile scenario no longer loads: {err}")
    assert sc.members["vietnam"].name == ME and sc.measures["asean-flag"].name == MEASURE
    return path


def hostile_plan(path: Path, humans: tuple[str, ...] = ("vietnam",)) -> Plan:
    return make_plan(str(path), list(humans), 7, "historical")


def screen_text(app: MufakatApp) -> tuple[str, str]:
    """What the terminal would show (plain text) and the bytes it would be sent, with
    the notifications (the tests run the app with `notifications=True`)."""
    width, height = app.size
    console = Console(width=width, height=height, file=io.StringIO(), force_terminal=True,
                      color_system="truecolor", record=True, legacy_windows=False)
    console.print(app.screen._compositor.render_update(
        full=True, screen_stack=app._background_screens))
    raw = console.file.getvalue()  # type: ignore[attr-defined]
    return console.export_text(styles=False), raw


def assert_harmless(app: MufakatApp) -> str:
    """The app still runs, and nothing from the file reached the terminal as control."""
    assert app.is_running and app.return_code is None
    text, raw = screen_text(app)
    assert "\x1b]0;" not in raw and "\x07" not in raw and "\x1b[31m" not in raw
    assert "\x1b" not in text
    return text


def shown(widget_text: str, wanted: str) -> bool:
    """`wanted` (as `plain` shows it) is on screen, allowing for line wrapping (inside
    a dialog's borders)."""
    squash = "".join(ch for ch in "".join(widget_text.split()) if ch not in "█▎▊│▏▌▐")
    return "".join(plain(wanted, keep_newlines=False).split()) in squash


async def play_until(pilot: Pilot[None], app: MufakatApp,
                     done: Callable[[], bool], limit: int = 400) -> None:
    """Humans take their first legal move (through the screen) until `done()`."""
    for _ in range(limit):
        if done():
            return
        screen = table(app)
        if isinstance(app.screen, CoverScreen):
            await pilot.press("enter")
        elif app.screen is screen and screen.legal_actions():
            screen.play(screen.legal_actions()[0])
        await settle(pilot)
    raise AssertionError("the game did not get there")


# --- the whole app on a hostile scenario ---------------------------------------------

@run_async
async def test_a_hostile_scenario_plays_through_every_screen(hostile: Path, home: Path) -> None:
    app = new_app(hostile_plan(hostile))
    async with app.run_test(size=(160, 50), notifications=True) as pilot:
        await settle(pilot)
        screen = table(app)
        text = assert_harmless(app)
        assert shown(text, f"You: {ME}")  # the phase bar, with the OSC shown as \x1b
        assert shown(text, TITLE)
        assert shown(text, CARD_TEXT)  # the event card in the situation panel
        members = screen.query_one("#members", DataTable)
        assert str(members.get_cell("indonesia", "Member")).endswith(OTHER)
        measures = screen.query_one("#measures", DataTable)
        assert str(measures.get_cell("asean-flag", "Measure")) == MEASURE
        # A click on the name holding `[@click=app.quit]` runs nothing.
        await pilot.click("#phasebar", offset=(8, 1))
        await pilot.click("#members", offset=(4, 10))
        await pilot.pause()
        assert_harmless(app)
        # The log and the papers.
        log = "\n".join(str(s.text) for s in screen.query_one("#log", RichLog).lines)
        assert "\x1b" not in log and "\\x1b" in log
        # Help, over the hostile table.
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert_harmless(app)
        await pilot.press("escape")
        await pilot.pause()
        # The choice dialog lists members by name: consult one.
        await play_until(pilot, app, lambda: "consult" in {str(v) for v in
                                                            screen.legal_verbs()})
        await pilot.press("c")
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog)
        assert shown(assert_harmless(app), f"Consult {OTHER}")
        await pilot.press("escape")
        await pilot.pause()
        # The save dialog, then a save under a name.
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, SaveDialog)
        await pilot.press(*"evil-save", "enter")
        await pilot.pause()
        assert (storage.saves_dir() / "evil-save.jsonl").is_file()
        # A confirm dialog names the measure: table it, object to it... play to the end.
        await play_until(pilot, app, lambda: screen.session.over)
        assert isinstance(app.screen, DebriefScreen)
        debrief = app.screen
        for tab in ("you", "strongest", "scores", "objectives", "timeline", "history",
                    "archive"):
            debrief.query_one("#debrief-tabs").active = f"tab-{tab}"  # type: ignore[attr-defined]
            await pilot.pause()
            text = assert_harmless(app)
        assert shown(text, CARD_TEXT) or shown(text, ME)
        await pilot.press("e")  # written once the strongest line is replayed
        await app.workers.wait_for_complete()
        await pilot.pause()
        exported = list(storage.exports_dir().glob("*.md"))
        assert len(exported) == 1
        doc = exported[0].read_text(encoding="utf-8")
        assert "\x1b" not in doc and "\x07" not in doc
        rendered = MarkdownIt("commonmark").enable("table").render(doc)  # HTML allowed
        assert "<img" not in rendered and 'href="javascript' not in rendered
        assert "&lt;img src=x onerror=alert(1)&gt;" in rendered  # shown as text
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)
        # Load the saved game (its scenario is the hostile file) and continue it.
        await pilot.press("l")
        await pilot.pause()
        assert isinstance(app.screen, LoadScreen)
        assert_harmless(app)
        await pilot.press("enter")
        await settle(pilot)
        assert shown(assert_harmless(app), f"You: {ME}")
        await pilot.press("q")
        await pilot.pause()
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, TableScreen)
        assert_harmless(app)


@run_async
async def test_hot_seat_cover_and_dialogs_show_names_literally(hostile: Path) -> None:
    app = new_app(hostile_plan(hostile, ("vietnam", "indonesia")))
    async with app.run_test(size=(160, 50), notifications=True) as pilot:
        await settle(pilot)
        screen = table(app)
        seen: set[str] = set()
        for _ in range(400):
            if screen.session.over or {"cover", "table", "call"} <= seen:
                break
            if isinstance(app.screen, CoverScreen):
                seen.add("cover")
                for _ in range(100):  # a loaded machine may not have painted it yet
                    if assert_harmless(app).strip():  # painted
                        break
                    await pilot.pause(0.05)
                assert shown(assert_harmless(app), f"delegate of {app.screen.seat_name}")
                await pilot.press("enter")
                await settle(pilot)
                continue
            verbs = {str(v) for v in screen.legal_verbs()}
            if "table" in verbs and "table" not in seen:
                seen.add("table")
                await pilot.press("t")
                await pilot.pause()
                assert isinstance(app.screen, ChoiceDialog)
                assert shown(assert_harmless(app), MEASURE)
                await pilot.press("escape")
                await pilot.pause()
            if "call" in verbs and "call" not in seen:
                seen.add("call")
                await pilot.press("k")
                await pilot.pause()
                assert isinstance(app.screen, ConfirmDialog)
                assert_harmless(app)
                await pilot.press("n")
                await pilot.pause()
            actions = screen.legal_actions()
            if actions:  # table the most intrusive measure at full ambition: objections
                table_ = [a for a in actions if a.verb.value == "table"]
                objections = [a for a in actions if a.verb.value == "object"]
                measures = screen.session.scenario.measures
                screen.play(max(table_, key=lambda a: (measures[a.target].intrusiveness,
                                                       a.ambition)) if table_
                            else (objections or actions)[0])
            await settle(pilot)
        assert {"cover", "table"} <= seen
        assert_harmless(app)


@run_async
async def test_a_failing_bot_dialog_shows_a_hostile_name(hostile: Path) -> None:
    from game.bots import Bot

    class Broken(Bot):
        kind = "broken"

        def decide(self, view: object, legal: object) -> object:  # type: ignore[override]
            raise RuntimeError("[/] bad [@click=app.quit]x" + OSC)

    app = new_app(hostile_plan(hostile, ("thailand",)))
    async with app.run_test(size=(160, 50), notifications=True) as pilot:
        await pilot.pause()
        await settle(pilot)
        screen = table(app)
        for seat in list(screen.session.bots):
            screen.session.bots[seat] = Broken(seat)
        await play_until(pilot, app, lambda: isinstance(app.screen, BotErrorDialog))
        assert_harmless(app)
        error = str(app.screen.query_one("#consequence", Static).render())
        assert "[/] bad [@click=app.quit]x\\x1b]0;pwn\\x07" in error


# --- save names, record headers and --watch edits ----------------------------------------

@run_async
async def test_save_names_on_disk_are_shown_literally(hostile: Path) -> None:
    plan = hostile_plan(hostile)
    session = Session.start(plan.scenario, plan.seed, plan.seats, storage.last_game(),
                            plan.source)
    session.act(session.legal(session.to_move or "")[0])
    session.close()
    storage.saves_dir().mkdir(parents=True)
    odd = ["[b]x[b]", "[@click=app.quit]q", "esc\x1b]0;pwn\x07", "[red"]  # no `/` in a name
    for name in odd:
        shutil.copyfile(storage.last_game(), storage.saves_dir() / f"{name}.jsonl")
    app = new_app()
    async with app.run_test(size=(160, 50), notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("l")
        await pilot.pause()
        saves = app.screen.query_one("#saves", OptionList)
        assert saves.option_count == len(odd)
        text = assert_harmless(app)
        for name in odd:
            assert shown(text, name)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, TableScreen)
        assert_harmless(app)


@run_async
async def test_a_record_with_markup_in_its_header_is_refused_readably(tmp_path: Path) -> None:
    record = tmp_path / "forged.jsonl"
    header = {"mufakat": "record", "format": 1, "scenario": "[/][@click=app.quit]x" + OSC,
              "source": "[bold]/nowhere[/]", "scenario_hash": "0", "seed": 1,
              "seats": {"[/]": "[/]"}}
    record.write_text(json.dumps(header) + "\n", encoding="utf-8")
    app = new_app()
    async with app.run_test(size=(160, 50), notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("l")
        await pilot.pause()
        path = app.screen.query_one("#path", Input)
        path.value = str(record)
        await pilot.press("enter")
        await settle(pilot)
        text = assert_harmless(app)
        assert isinstance(app.screen, LoadScreen)  # refused, said why, still here
        assert "Cannot resume" in text
        # A typed path with markup and a NUL is refused without a crash.
        path.value = ""
        path.insert_text_at_cursor("[/][@click=app.quit]\x1b]0;pwn\x07")  # as a paste
        assert "\x1b" not in path.value
        path.insert_text_at_cursor("[/][@click=app.quit]")
        await pilot.press("enter")
        await pilot.pause()
        assert_harmless(app)


@run_async
async def test_a_watch_edit_with_markup_in_its_problems_is_reported_literally(
        hostile: Path, home: Path) -> None:
    app = new_app(make_plan(str(hostile), ["vietnam"], 7, "historical", watch=True))
    async with app.run_test(size=(160, 50), notifications=True) as pilot:
        await settle(pilot)
        screen = table(app)
        bad = hostile.read_text(encoding="utf-8") + '\n"[/][@click=app.quit]k\\u001b]0;x" = 1\n'
        hostile.write_text(bad, encoding="utf-8")
        os.utime(hostile, (1, 1))
        screen._check_watch()
        await pilot.pause()
        text = assert_harmless(app)
        assert "Scenario has problems" in text
        # Then an edit that loads, renaming a member with markup: reloaded and shown.
        good = hostile_scenario(hostile.parent, me="[/] [i]renamed[/i]" + OSC)
        os.utime(good, (2, 2))
        screen._check_watch()
        await settle(pilot)
        assert shown(assert_harmless(app), "You: [/] [i]renamed[/i]" + OSC)


# --- generated names -------------------------------------------------------------------

NASTY = st.text(alphabet=st.sampled_from([*"[]/@=.:()abc \\`*_<>|#!&-",
                                         "\x1b", "\x07", "\x00", "\x9b", "\r", "\u202e"]),
                min_size=1, max_size=24).filter(lambda s: s.strip() != "")


@settings(max_examples=6, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(me=NASTY, other=NASTY)
def test_generated_member_names_never_crash_and_show_literally(me: str, other: str) -> None:
    base = load_scenario("2020-asean-flag")
    members = dict(base.members)
    members["vietnam"] = attrs.evolve(members["vietnam"], name=me)
    members["indonesia"] = attrs.evolve(members["indonesia"], name=other)
    scenario = attrs.evolve(base, members=members,  # a new hash: engine caches see a new game
                            content_hash=hashlib.sha256(repr((me, other)).encode()).hexdigest())
    plan = Plan(scenario, {s: "human" if s == "vietnam" else "historical"
                           for s in scenario.seats}, 7)

    async def body() -> None:
        app = new_app(plan)
        async with app.run_test(size=(160, 50), notifications=True) as pilot:
            await settle(pilot)
            screen = table(app)
            text = assert_harmless(app)
            assert shown(text, me)
            cell = screen.query_one("#members", DataTable).get_cell("indonesia", "Member")
            assert str(cell).endswith(plain(other, keep_newlines=False))
            await play_until(pilot, app, lambda: "consult" in {
                str(v) for v in screen.legal_verbs()})
            await pilot.press("c")
            await pilot.pause()
            assert_harmless(app)

    asyncio.run(body())


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=60))
def test_safe_text_is_literal_in_rich_and_markdown(text: str) -> None:
    flat = plain(text, keep_newlines=False)
    assert line(text).plain == flat  # a Text: never parsed as markup
    assert not any(ch in line(text).plain for ch in "\x1b\x07\x00\x9b")
    # Inline Markdown: only text comes out of it, and the same text.
    tokens = MarkdownIt("commonmark").enable("table").enable("strikethrough").parseInline(
        md_line(text))
    children = [c for t in tokens for c in (t.children or [])]
    assert {c.type for c in children} <= {"text", "softbreak"}
    assert "".join(c.content for c in children) == flat.strip()
    # Block Markdown: no structure but paragraphs.
    blocks = MarkdownIt("commonmark").enable("table").parse(md(text))
    assert {b.type for b in blocks} <= {"paragraph_open", "paragraph_close", "inline"}


# --- `mufakat play` on a hostile file: the error goes to the terminal escaped -------------

@pytest.mark.parametrize("seat", ["vietnam", "[/]\x1b]0;pwn\x07"])
def test_play_prints_problems_with_control_characters_escaped(
        tmp_path: Path, seat: str, capsys: pytest.CaptureFixture[str]) -> None:
    import argparse

    from tui.launch import launch

    path = hostile_scenario(tmp_path)
    if seat == "vietnam":  # a broken file: its problems quote the key
        path.write_text(path.read_text(encoding="utf-8")
                        + '\n"k\\u001b]0;pwn\\u0007[/]" = 1\n', encoding="utf-8")
    args = argparse.Namespace(scenario=str(path), seats=[seat], seed=1, bots="historical",
                              watch=False, from_round=1)
    assert launch(args) == 2
    err = capsys.readouterr().err
    assert "\x1b" not in err and "\x07" not in err
    assert "\\x1b]0;pwn\\x07" in err


@run_async
async def test_the_new_game_screen_shows_hostile_and_broken_scenarios_literally(
        hostile: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from textual.widgets import Markdown

    import tui.screens.newgame as newgame

    broken = tmp_path / "broken" / "broken.toml"
    broken.parent.mkdir()
    broken.write_text(hostile.read_text(encoding="utf-8")
                      + '\n"[/][@click=app.quit]\\u001b]0;pwn\\u0007" = 1\n', encoding="utf-8")
    files = {"hostile": hostile, "broken": broken}
    monkeypatch.setattr(newgame, "bundled_ids", lambda: list(files))
    monkeypatch.setattr(newgame, "load_scenario", lambda sid: load_scenario(files[sid]))
    app = new_app()
    async with app.run_test(size=(160, 50), notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, newgame.NewGameScreen)
        text = assert_harmless(app)
        assert shown(text, TITLE) and shown(text, ME)
        briefing = screen.query_one("#briefing", Markdown)
        assert "[@click=app.quit]b" in briefing.source.replace("\\", "")
        await pilot.press("down")  # the broken one: its problems, quoted literally
        await pilot.pause()
        text = assert_harmless(app)
        assert shown(text, "broken")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)


@run_async
async def test_the_palette_and_inspect_panels_show_names_literally(hostile: Path) -> None:
    """The palette reads its titles as markup: members, measures and moves carry names."""
    app = new_app(hostile_plan(hostile))
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await settle(pilot)
        screen = table(app)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"member")
        await pilot.pause(0.5)
        assert shown(assert_harmless(app), "Member: " + OTHER)
        await pilot.press("escape")
        await pilot.pause()
        app.clear_notifications()  # the briefing's toast would cover the panel
        screen.inspect_member("vietnam")
        await _painted(pilot, app)
        assert shown(assert_harmless(app), ME)
        await pilot.press("escape")
        await pilot.pause()
        screen.inspect_measure("asean-flag")
        await _painted(pilot, app)
        assert shown(assert_harmless(app), MEASURE)


async def _painted(pilot: Pilot[None], app: MufakatApp) -> None:
    """Wait until the inspect panel just pushed is on screen and drawn."""
    for _ in range(100):
        if isinstance(app.screen, InspectScreen) and "escape closes" in assert_harmless(app):
            return
        await pilot.pause(0.05)


@run_async
async def test_the_advisor_shows_names_literally(hostile: Path) -> None:
    """The advisor's move and reason name members and measures: shown exactly as
    written (controls escaped), at a consultation and at a tabling."""
    from tui.describe import action_label
    from tui.screens.advisor import AdvisorScreen, advice_text

    # the member this game's advice consults, and the measure it tables, turned hostile
    text = hostile.read_text(encoding="utf-8").replace(
        "[members.myanmar]\n", f"[members.myanmar]\nname = {_toml(OTHER)}\n")
    hostile.write_text(f"{text}\n[measures.capacity-building]\nname = {_toml(CARD_TEXT)}\n",
                       encoding="utf-8")
    app = new_app(hostile_plan(hostile))
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot)
        app.change_settings(advisor=True)
        screen = table(app)
        for phase in ("consultation", "tabling"):
            await play_until(pilot, app, lambda phase=phase: screen.session.state.phase == phase
                             and len(screen.legal_actions()) > 1)
            await pilot.press("d")
            await settle(pilot)
            dialog = app.screen
            assert isinstance(dialog, AdvisorScreen) and dialog.advice is not None
            move = dialog.query_one("#advice-move", Static).render()
            reason = dialog.query_one("#advice-reason", Static).render()
            assert str(move) == plain(action_label(dialog.view, dialog.advice.action),
                                      keep_newlines=False)
            assert str(reason) == plain(advice_text(dialog.view, dialog.advice))
            assert shown(str(move), OTHER if phase == "consultation" else CARD_TEXT)
            assert_harmless(app)
            await pilot.press("escape")
            await settle(pilot)
