"""Class 1, TUI: the debrief export and saves never leave their folder.

Whatever the scenario id (`../../escaped`, an absolute path, NUL, 10,000 characters,
markup) or the save name, the file written is directly inside `exports/` or `saves/`,
or the name is refused with a message; a symlink planted in the folder is not followed
out of it. Hypothesis generates names and ids.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game import load_scenario
from tui import storage
from tui.app import MufakatApp
from tui.screens.debrief import DebriefScreen
from tui.session import Session, seat_plan

HOSTILE_IDS = ["../../escaped", "/tmp/abs-escape", "..", ".", "", "a/../../b", "a\0b",
               "x" * 10_000, "[/][@click=app.quit]", "\x1b]0;pwn\x07", "C:\\evil", "~/x",
               "ок-кириллица", "-rf", " ", "a" * 300 + "/../../x"]
HOSTILE_NAMES = ["../../x", "/etc/passwd", "..", ".", "", "a/b", "a\0b", "x" * 65,
                 "x" * 5000, ".hidden", "-rf", "a\\b", "[/]", "\x1b]0;x", "name.jsonl/..",
                 " ../x", "a\nb"]


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "home"
    monkeypatch.setenv(storage.HOME_VAR, str(folder))
    return folder


def _inside(path: Path, folder: Path) -> bool:
    resolved = path.resolve()
    return resolved.parent == folder.resolve() and resolved.is_relative_to(folder.resolve())


@pytest.mark.parametrize("sid", HOSTILE_IDS)
def test_an_export_stays_in_the_exports_folder(sid: str, tmp_path: Path) -> None:
    before = sorted(p for p in tmp_path.rglob("*"))
    path = storage.write_export(sid, 7, "# debrief\n")
    assert _inside(path, storage.exports_dir())
    assert len(path.name.encode()) <= 255 and "\0" not in path.name
    assert path.read_text() == "# debrief\n"
    after = sorted(p for p in tmp_path.rglob("*"))
    new = [p for p in after if p not in before and p.is_file()]
    assert new == [path]  # nothing else written anywhere


@pytest.mark.parametrize("name", HOSTILE_NAMES)
def test_a_bad_save_name_is_refused_with_a_message(name: str) -> None:
    with pytest.raises(storage.StorageError, match="cannot be a save name"):
        storage.save_path(name)


@settings(max_examples=200, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=300))
def test_generated_save_names_stay_in_the_saves_folder(name: str) -> None:
    try:
        path = storage.save_path(name)
    except storage.StorageError as err:
        assert "\x1b" not in str(err) and "\0" not in str(err)
        return
    assert _inside(path, storage.saves_dir())


@settings(max_examples=200, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=300), st.integers(min_value=0, max_value=10**12))
def test_generated_scenario_ids_export_inside_the_folder(sid: str, seed: int) -> None:
    path = storage.export_path(sid, seed)
    assert _inside(path, storage.exports_dir())
    assert len(path.name.encode()) <= 255


def test_a_symlink_in_the_exports_folder_is_not_followed_out(tmp_path: Path) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_text("precious")
    folder = storage.exports_dir()
    folder.mkdir(parents=True)
    link = folder / storage.export_path("2020-asean-flag", 7).name
    link.symlink_to(outside)
    with pytest.raises(storage.StorageError, match="outside"):
        storage.write_export("2020-asean-flag", 7, "# overwritten?\n")
    assert outside.read_text() == "precious"


def test_a_symlinked_save_is_not_followed_out(tmp_path: Path) -> None:
    outside = tmp_path / "outside.jsonl"
    outside.write_text("precious")
    storage.saves_dir().mkdir(parents=True)
    (storage.saves_dir() / "mine.jsonl").symlink_to(outside)
    with pytest.raises(storage.StorageError, match="outside"):
        storage.save_path("mine")
    assert outside.read_text() == "precious"


def test_the_debrief_screen_exports_a_hostile_id_inside_the_folder(tmp_path: Path) -> None:
    base = load_scenario("2020-asean-flag")
    scenario = attrs.evolve(base, id="../../escaped", content_hash="hostile-id")
    session = Session.start(scenario, 7, seat_plan(scenario, ["vietnam"], "historical"),
                            tmp_path / "game.jsonl")
    while not session.over:
        seat = session.to_move or ""
        session.act(session.legal(seat)[0] if session.human_to_move()
                    else session.decide(session.state))
    session.close()

    async def body() -> None:
        app = MufakatApp(bot_delay=0)
        async with app.run_test(size=(120, 36), notifications=True) as pilot:
            await pilot.pause()
            app.push_screen(DebriefScreen(session.state, session.seats))
            await pilot.pause()
            await pilot.press("e")  # written once the strongest line is replayed
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert app.is_running

    asyncio.run(body())
    written = list(storage.exports_dir().iterdir())
    assert [p.name for p in written] == ["escaped-seed7-debrief.md"]
    assert not (tmp_path.parent / "escaped-seed7-debrief.md").exists()
    assert not any(tmp_path.parent.parent.glob("escaped*"))
