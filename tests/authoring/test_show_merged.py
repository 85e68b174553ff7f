"""`mufakat show SCENARIO --merged`: the scenario as the engine sees it, as TOML that loads."""

from __future__ import annotations

import tomllib
from pathlib import Path

from game import apply, legal_actions, load_scenario, new_game
from game.bots import make_bot
from game.rules.view import view

from .conftest import ROOT, Run


def test_merged_shows_the_overrides_applied_and_loads_to_an_equal_scenario(
        mufakat: Run, tmp_path: Path) -> None:
    text = (ROOT / "scenarios" / "2018-preventive-diplomacy.toml").read_text()
    mine = tmp_path / "mine.toml"
    mine.write_text(text.replace("[members.laos]\n", "[members.laos]\ncooperation = 2.5\n", 1))
    shown = mufakat("show", str(mine), "--merged")
    assert shown.returncode == 0, shown.stderr
    data = tomllib.loads(shown.stdout)
    assert data["members"]["laos"]["cooperation"] == 2.5  # the override
    assert data["members"]["laos"]["sensitivity"]["N3"] == 2.2  # the shared profile
    printed = tmp_path / "printed.toml"
    printed.write_text(shown.stdout)
    original, again = load_scenario(mine), load_scenario(printed)
    assert again == original and again.content_hash == original.content_hash
    a, b = new_game(original, 3), new_game(again, 3)
    for _ in range(30):
        seat = a.to_move
        assert seat is not None and seat == b.to_move
        move = make_bot("historical", seat, 3).decide(view(a, seat), legal_actions(a, seat))
        a, b = apply(a, move), apply(b, move)
    assert a.digest() == b.digest()


def test_show_prints_the_file_as_written_and_refuses_a_broken_one(
        mufakat: Run, tmp_path: Path) -> None:
    shown = mufakat("show", "2011-apcn")
    assert shown.stdout == (ROOT / "scenarios" / "2011-apcn.toml").read_text()
    (tmp_path / "bad.toml").write_text('format = 2\nid = "bad"\n')
    bad = mufakat("show", "bad.toml", "--merged")
    assert bad.returncode == 1 and "cannot load scenario" in bad.stderr
    assert "Traceback" not in bad.stderr
