"""The playtest follows the edit: bots decide again, rewinds, the why trace, merged view."""

from __future__ import annotations

from pathlib import Path

from game import load_scenario
from game.play.record import replay
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
