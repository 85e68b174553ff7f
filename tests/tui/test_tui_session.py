"""The UI-free session: records, resume, bots, playtest reloads, storage, debrief."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tui_kit import SCENARIO, SEED

from game import load_scenario, render
from game.bots import Bot
from game.play.debrief import debrief_md
from game.play.record import replay
from tui import storage
from tui.session import HUMAN, BotFailure, Session, SessionError, seat_plan


def _session(path: Path, humans: tuple[str, ...] = ("vietnam",)) -> Session:
    sc = load_scenario(SCENARIO)
    return Session.start(sc, SEED, seat_plan(sc, humans, "historical"), path)


def _play_until_human(s: Session) -> None:
    while not s.over and not s.human_to_move():
        s.act(s.decide(s.state))


def test_every_move_is_recorded_as_it_happens(tmp_path: Path) -> None:
    path = tmp_path / "game.jsonl"
    s = _session(path)
    _play_until_human(s)
    s.act(s.legal("vietnam")[0])
    lines = path.read_text().splitlines()  # readable before close: flushed per move
    assert json.loads(lines[0])["seats"]["vietnam"] == HUMAN
    assert json.loads(lines[-1])["action"] == str(s.actions[-1])
    s.close()


def test_resume_rebuilds_the_same_state_and_seats(tmp_path: Path) -> None:
    path = tmp_path / "game.jsonl"
    s = _session(path, ("vietnam", "thailand"))
    for _ in range(5):
        _play_until_human(s)
        s.act(s.legal(s.to_move or "")[0])
    s.close()
    back, notes = Session.resume(path, path)
    assert notes == []
    assert back.state.digest() == s.state.digest()
    assert back.humans == ("thailand", "vietnam")
    assert back.actions == s.actions


def test_resume_of_a_truncated_record_keeps_every_whole_line(tmp_path: Path) -> None:
    path = tmp_path / "game.jsonl"
    s = _session(path)
    _play_until_human(s)
    s.close()
    with path.open("a") as f:
        f.write('{"seq": 999, "act')  # a crash in the middle of a line
    back, notes = Session.resume(path, path)
    assert any("truncated" in n for n in notes)
    assert back.state.digest() == s.state.digest()
    assert not replay(path).problems  # rewritten clean


def test_resume_of_a_missing_record_says_so(tmp_path: Path) -> None:
    with pytest.raises(SessionError, match="cannot resume"):
        Session.resume(tmp_path / "nope.jsonl", tmp_path / "last.jsonl")


def test_seat_plan_rejects_unknown_seats_and_bot_kinds() -> None:
    sc = load_scenario(SCENARIO)
    with pytest.raises(SessionError, match="not seated"):
        seat_plan(sc, ["atlantis"], "historical")
    with pytest.raises(SessionError, match="unknown bot kind"):
        seat_plan(sc, ["vietnam"], "genius")


class _Broken(Bot):
    """A computer player that fails, as a buggy bot would."""

    kind = "broken"

    def decide(self, view: object, legal: object) -> object:  # type: ignore[override]
        raise ZeroDivisionError("division by zero")


def test_a_failing_bot_is_reported_and_can_be_replaced(tmp_path: Path) -> None:
    s = _session(tmp_path / "game.jsonl")
    while s.human_to_move():  # Viet Nam chairs round 1 and speaks first
        s.act(s.legal("vietnam")[0])
    seat = s.to_move or ""
    assert seat in s.bots
    s.bots[seat] = _Broken(seat)
    with pytest.raises(BotFailure, match=f"bot for {seat} failed: ZeroDivisionError"):
        s.decide(s.state)
    s.replace(seat, "random")
    s.act(s.decide(s.state))
    assert s.actions[-1].seat == seat


def test_from_round_lets_bots_play_the_rounds_before(tmp_path: Path) -> None:
    s = _session(tmp_path / "game.jsonl")
    played = s.fast_forward(2)
    assert s.state.round == 2 and s.state.phase == "briefing"
    assert played == len(s.actions) and any(a.seat == "vietnam" for a in s.actions)


def test_reload_of_the_same_scenario_plays_the_same_game(tmp_path: Path) -> None:
    source = Path(load_scenario(SCENARIO).id)
    text = (Path(__file__).parents[2] / "scenarios" / f"{source}.toml").read_text()
    s = _session(tmp_path / "game.jsonl")
    s.fast_forward(2)
    edited = tmp_path / "edited.toml"
    edited.write_text(text)
    same, message = s.reload(load_scenario(edited), edited)
    assert message == (f"scenario reloaded: {len(s.actions)} moves (was {len(s.actions)}); "
                       "the computer players decided again: 0 moves changed")
    assert same.state.digest() == s.state.digest()
    assert replay(same.path).final is not None
    same.close()


def test_reload_stops_at_the_first_human_move_that_became_illegal(tmp_path: Path) -> None:
    s = _session(tmp_path / "game.jsonl")
    s.fast_forward(2)
    scenario = load_scenario(SCENARIO)
    text = (Path(__file__).parents[2] / "scenarios" / f"{scenario.id}.toml").read_text()
    other = next(seat for seat in scenario.seats if seat != scenario.first_chair)
    edited = tmp_path / "edited.toml"
    edited.write_text("\n".join(f'first_chair = "{other}"' if line.startswith("first_chair")
                                else line for line in text.splitlines()) + "\n")
    after, message = s.reload(load_scenario(edited), edited)
    assert f"stopped at vietnam's move `{s.actions[0]}`" in message
    assert after.state.chair == other and all(a.seat != "vietnam" for a in after.actions)
    assert replay(after.path).final is not None
    after.close()


def test_save_as_checks_the_name(home: Path) -> None:
    with pytest.raises(storage.StorageError, match="no game in progress"):
        storage.save_as("fine")
    storage.last_game().parent.mkdir(parents=True)
    storage.last_game().write_text("x\n")
    with pytest.raises(storage.StorageError, match="cannot be a save name"):
        storage.save_as("../escape")
    assert storage.save_as("week-3.workshop") == storage.saves_dir() / "week-3.workshop.jsonl"
    assert storage.saved_games() == [storage.saves_dir() / "week-3.workshop.jsonl"]


def test_debrief_opens_the_whole_archive(tmp_path: Path) -> None:
    s = _session(tmp_path / "game.jsonl")
    while not s.over:
        s.act(s.decide(s.state) if not s.human_to_move() else s.legal("vietnam")[0])
    text = debrief_md(s.state, s.seats)
    private = [e for e in s.state.log if e.seen_by]
    assert private and all(render(e, s.scenario) in text for e in private)
    for seat in s.scenario.seats:
        for objective in s.scenario.members[seat].objectives:
            assert objective.note in text  # hidden objectives revealed
    assert "## History" in text and s.scenario.history.outcome in text
