"""Class 5, TUI: a data folder that fails, with real faults (no mocks).

A data folder that is a file, a last-game path that is a folder, a read-only data
folder (a read-only tmpfs as root, `chmod` otherwise), a full disk (a tiny tmpfs) and a
file-size limit (`RLIMIT_FSIZE` in a child process). Each must: say what is wrong and
where, keep everything already saved, never crash, keep a human's move in memory with
saving retried, never call a save failure during a bot's turn "the computer player
failed", and let the player go on or quit cleanly.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import stat
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from hardening_kit import messages, new_app, plan, press_first_legal, run_async, settle, table
from textual.pilot import Pilot
from textual.widgets import Static

from game import load_scenario
from game.play.record import replay
from tui import storage
from tui.app import MufakatApp
from tui.plan import make_plan
from tui.screens.dialogs import BotErrorDialog, ConfirmDialog
from tui.screens.start import StartScreen
from tui.session import Session, seat_plan

SCENARIO = "2020-asean-flag"
ROOT = Path(__file__).parents[2]


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "home"
    monkeypatch.setenv(storage.HOME_VAR, str(folder))
    return folder


def _session(path: Path | None = None) -> Session:
    sc = load_scenario(SCENARIO)
    return Session.start(sc, 7, seat_plan(sc, ["vietnam"], "historical"),
                         path or storage.last_game())


def _moves(s: Session, count: int) -> None:
    for _ in range(count):
        seat = s.to_move or ""
        s.act(s.legal(seat)[0] if s.human_to_move() else s.decide(s.state))


def saved_game(moves: int = 6) -> tuple[bytes, bytes]:
    """A last game and a save `keep`, as a player would have them: their bytes."""
    s = _session()
    _moves(s, moves)
    s.close()
    storage.save_as("keep")
    return storage.last_game().read_bytes(), (storage.saves_dir() / "keep.jsonl").read_bytes()


async def leave_and_quit(pilot: Pilot[None], app: MufakatApp) -> None:
    """Back to the menu (confirming the loss if asked), then quit: cleanly."""
    await pilot.press("q")
    await pilot.pause()
    if isinstance(app.screen, ConfirmDialog):
        await pilot.press("y")
        await pilot.pause()
    assert isinstance(app.screen, StartScreen)
    await pilot.press("q")
    await pilot.pause()
    assert app.return_code in (None, 0)


# --- real faults ---------------------------------------------------------------------

@pytest.fixture
def tmpfs(tmp_path: Path) -> Iterator[Path]:
    """A 256 KiB tmpfs (root only): a disk that really fills up or turns read-only."""
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a tmpfs needs root")
    folder = tmp_path / "fs"
    folder.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k,mode=0755", "tmpfs",
                           str(folder)], capture_output=True, check=False)
    if done.returncode:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def fill(folder: Path) -> Path:
    """Fill the file system holding `folder` until it refuses (ENOSPC)."""
    filler = folder / "filler"
    with filler.open("wb", buffering=0) as handle:
        try:
            while True:
                handle.write(b"\0" * 4096)
        except OSError as err:
            assert err.errno == errno.ENOSPC
    return filler


def make_read_only(folder: Path) -> None:
    """Make `folder` read-only for this process: remount its tmpfs read-only as root,
    `chmod` otherwise (root ignores modes)."""
    if os.geteuid() == 0:
        subprocess.run(["mount", "-o", "remount,ro", str(folder)], check=True)
    else:  # pragma: no cover - CI as a normal user
        for path in sorted(folder.rglob("*"), reverse=True):
            if path.is_dir():
                path.chmod(stat.S_IRUSR | stat.S_IXUSR)
        folder.chmod(stat.S_IRUSR | stat.S_IXUSR)


@pytest.fixture
def read_only_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    if os.geteuid() == 0:
        if shutil.which("mount") is None:
            pytest.skip("mount is needed to make a read-only folder as root")
        folder = tmp_path / "fs"
        folder.mkdir()
        done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(folder)],
                              capture_output=True, check=False)
        if done.returncode:
            pytest.skip("cannot mount a tmpfs here")
    else:  # pragma: no cover
        folder = tmp_path / "ro"
        folder.mkdir()
    monkeypatch.setenv(storage.HOME_VAR, str(folder))
    try:
        yield folder
    finally:
        if os.geteuid() == 0:
            subprocess.run(["umount", "-l", str(folder)], check=False)
        else:  # pragma: no cover
            for path in [folder, *folder.rglob("*")]:
                if path.is_dir():
                    path.chmod(stat.S_IRWXU)


# --- a data folder that is a file ------------------------------------------------------

def test_a_data_folder_that_is_a_file_is_named_and_the_game_goes_on(home: Path) -> None:
    home.parent.mkdir(parents=True, exist_ok=True)
    home.write_text("not a folder")
    s = _session()
    assert s.save_problem is not None
    assert str(home) in s.save_problem and "is a file" in s.save_problem
    _moves(s, 5)  # no exception: the moves stay in memory
    assert len(s.actions) == 5 and not s.save()
    s.close()
    assert home.read_text() == "not a folder"  # left as it was
    with pytest.raises(storage.StorageError, match="a part of the path is a file"):
        storage.write_export(SCENARIO, 7, "# x\n")


@run_async
async def test_the_app_with_a_data_folder_that_is_a_file(home: Path) -> None:
    home.parent.mkdir(parents=True, exist_ok=True)
    home.write_text("not a folder")
    app = new_app(plan())
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await settle(pilot)
        screen = table(app)
        banner = str(screen.query_one("#unsaved", Static).render())
        assert "NOT SAVED" in banner and str(home) in banner
        assert any("not being saved" in m and str(home) in m for m in messages(app))
        for _ in range(3):  # the human's moves, and the bots' in between
            await press_first_legal(pilot, app)
            assert not isinstance(app.screen, BotErrorDialog)
        assert len(screen.session.actions) > 3
        await leave_and_quit(pilot, app)
    assert home.read_text() == "not a folder"


# --- a last-game path that is a folder ---------------------------------------------------

@run_async
async def test_a_last_game_path_that_is_a_folder(home: Path) -> None:
    saved = storage.saves_dir()
    saved.mkdir(parents=True)
    storage.last_game().mkdir(parents=True)
    (storage.last_game() / "mine.txt").write_text("keep me")
    app = new_app()
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await pilot.pause()
        assert not app.screen.check_action("continue", ())  # nothing to continue
        app.start_game(make_plan(SCENARIO, ["vietnam"], 7, "historical"))
        await settle(pilot)
        screen = table(app)
        assert screen.session.save_problem is not None
        assert "it is a folder, not a file" in screen.session.save_problem
        assert str(storage.last_game()) in screen.session.save_problem
        await press_first_legal(pilot, app)
        # Save as still works: from memory, to saves/.
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press(*"rescued", "enter")
        await pilot.pause()
        rescued = saved / "rescued.jsonl"
        result = replay(rescued)
        assert not result.problems and len(result.actions) == len(screen.session.actions)
        await leave_and_quit(pilot, app)
    assert (storage.last_game() / "mine.txt").read_text() == "keep me"


# --- a read-only data folder ---------------------------------------------------------

@run_async
async def test_a_read_only_data_folder_keeps_what_was_saved(read_only_home: Path) -> None:
    last, keep = saved_game()
    make_read_only(read_only_home)
    app = new_app()
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("c")  # continue the last game: readable, not writable
        await settle(pilot)
        screen = table(app)
        problem = screen.session.save_problem or ""
        assert str(read_only_home) in problem
        assert "read-only" in problem or "permission denied" in problem
        before = len(screen.session.actions)
        await press_first_legal(pilot, app)
        assert len(screen.session.actions) > before
        assert not isinstance(app.screen, BotErrorDialog)
        await pilot.press("ctrl+r")  # retry: still read-only, said again, no crash
        await pilot.pause()
        assert any(m.startswith("Still not saved") for m in messages(app))
        await leave_and_quit(pilot, app)
    assert storage.last_game().read_bytes() == last
    assert (storage.saves_dir() / "keep.jsonl").read_bytes() == keep
    with pytest.raises(storage.StorageError, match=r"read-only|permission denied"):
        storage.write_export(SCENARIO, 7, "# x\n")


def test_a_new_game_in_a_read_only_folder_plays_unsaved(read_only_home: Path) -> None:
    last, keep = saved_game()
    make_read_only(read_only_home)
    s = _session()
    assert s.save_problem is not None and str(storage.last_game()) in s.save_problem
    assert "read-only" in s.save_problem or "permission denied" in s.save_problem
    _moves(s, 4)
    s.close()
    assert storage.last_game().read_bytes() == last  # not replaced by the new game
    assert (storage.saves_dir() / "keep.jsonl").read_bytes() == keep


# --- a full disk ---------------------------------------------------------------------

@run_async
async def test_a_full_disk_keeps_moves_in_memory_and_saves_them_when_space_returns(
        tmpfs: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(storage.HOME_VAR, str(tmpfs / "home"))
    _, keep = saved_game()
    storage.last_game().unlink()  # (its pages, freed by a new game, would hold one)
    filler = fill(tmpfs)
    app = new_app(plan())
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await settle(pilot)  # a new game on a full disk
        screen = table(app)
        assert "the disk is full" in (screen.session.save_problem or "")
        for _ in range(3):  # human moves, each followed by the bots' turn
            await press_first_legal(pilot, app)
            assert not isinstance(app.screen, BotErrorDialog)
            assert app.is_running
        assert not any("computer player" in m for m in messages(app))
        assert any("disk is full" in m for m in messages(app))
        moves = list(screen.session.actions)
        filler.unlink()  # space again: ctrl+r saves every move kept in memory
        await pilot.press("ctrl+r")
        await pilot.pause()
        assert screen.session.save_problem is None
        assert any("saved again" in m for m in messages(app))
        result = replay(storage.last_game())
        assert not result.problems and list(result.actions) == moves
        await press_first_legal(pilot, app)  # and recording goes on, line by line
        assert len(replay(storage.last_game()).actions) == len(screen.session.actions)
        await leave_and_quit(pilot, app)
    assert (storage.saves_dir() / "keep.jsonl").read_bytes() == keep


def test_an_export_on_a_full_disk_keeps_the_earlier_export(tmpfs: Path,
                                                            monkeypatch: pytest.MonkeyPatch,
                                                            ) -> None:
    monkeypatch.setenv(storage.HOME_VAR, str(tmpfs / "home"))
    first = storage.write_export(SCENARIO, 7, "# first\n")
    fill(tmpfs)
    with pytest.raises(storage.StorageError, match="the disk is full") as err:
        storage.write_export(SCENARIO, 7, "# second\n" + "x" * 20_000)
    assert str(first) in str(err.value)
    assert first.read_text() == "# first\n"
    assert [p.name for p in first.parent.iterdir()] == [first.name]  # no temporary left


def test_save_as_on_a_full_disk_says_so_and_keeps_the_earlier_save(
        tmpfs: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(storage.HOME_VAR, str(tmpfs / "home"))
    _, keep = saved_game(4)
    s, _ = Session.resume(storage.last_game(), storage.last_game())
    _moves(s, 30)
    fill(tmpfs)
    with pytest.raises(OSError) as err:
        s.write_copy(storage.save_path("keep"))
    assert err.value.errno == errno.ENOSPC
    assert (storage.saves_dir() / "keep.jsonl").read_bytes() == keep
    s.close()


# --- a file-size limit, in a child process ---------------------------------------------

CHILD = textwrap.dedent("""
    import asyncio, json, resource, sys
    from game.play.record import replay
    from tui import storage
    from tui.app import MufakatApp
    from tui.plan import make_plan
    from tui.screens.dialogs import BotErrorDialog
    from tui.screens.table import TableScreen

    async def main():
        app = MufakatApp(plan=make_plan("2020-asean-flag", ["vietnam"], 7, "historical"),
                         bot_delay=0)
        out = {}
        async with app.run_test(size=(120, 36), notifications=True) as pilot:
            async def settle():
                await pilot.pause()
                while any(not w.is_finished for w in app.workers):
                    await app.workers.wait_for_complete()
                    await pilot.pause()
            await settle()
            screen = next(s for s in app.screen_stack if isinstance(s, TableScreen))
            size = storage.last_game().stat().st_size
            _, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
            resource.setrlimit(resource.RLIMIT_FSIZE, (size + 120, hard))
            for _ in range(6):
                if screen.session.over or not screen.legal_actions():
                    break
                screen.play(screen.legal_actions()[0])  # the human's move, then the bots
                await settle()
            out["problem"] = screen.session.save_problem
            out["bot_dialog"] = isinstance(app.screen, BotErrorDialog)
            out["notes"] = [f"{n.title}: {n.message}" for n in app._notifications]
            out["moves"] = [str(a) for a in screen.session.actions]
            resource.setrlimit(resource.RLIMIT_FSIZE, (hard, hard))
            screen.action_retry_save()
            out["after"] = screen.session.save_problem
            out["recorded"] = [str(a) for a in replay(storage.last_game()).actions]
            await pilot.press("q")
            await pilot.pause()
            await pilot.press("q")
        out["rc"] = app.return_code
        print(json.dumps(out))

    asyncio.run(main())
""")


def test_a_file_size_limit_mid_game(home: Path) -> None:
    env = {**os.environ, storage.HOME_VAR: str(home), "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", CHILD], capture_output=True, text=True,
                          env=env, cwd=ROOT, timeout=240, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    out = json.loads(done.stdout.strip().splitlines()[-1])
    assert "file-size limit" in out["problem"] and str(storage.last_game()) in out["problem"]
    assert not out["bot_dialog"]
    assert not any("computer player" in n for n in out["notes"])
    assert any("not being saved" in n for n in out["notes"])
    assert out["after"] is None  # saved once the limit was lifted
    assert out["recorded"] == out["moves"]  # not one move lost
    assert out["rc"] in (None, 0)
