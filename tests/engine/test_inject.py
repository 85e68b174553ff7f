"""A facilitator's inject: the event card of the next round, chosen instead of drawn
(issue 10, "play an inject live"). The chance node becomes choosable, and a game with
injects still records, replays, verifies and stays deterministic."""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from pathlib import Path

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game import (
    GameState,
    IllegalAction,
    LogKind,
    Rule,
    apply,
    inject,
    is_over,
    legal_actions,
    load_scenario,
    new_game,
    render,
    view,
)
from game.play.record import RecordWriter, header_for, link, read_record, replay, write_record

SID = "2011-apcn"
"""Three rounds, a deck of five; with seed 1 the seed draws `routine-meeting` for round 2."""
CARD = "border-clash"  # a card with a choice: it changes who speaks first in the briefing


def game() -> GameState:
    return new_game(load_scenario(SID), seed=1)


def next_meeting(state: GameState) -> GameState:
    """Decline every event card's choice and pass until the next round opens (or the
    game ends)."""
    start = state.round
    while state.round == start and not is_over(state):
        seat = state.to_move
        assert seat is not None
        legal = legal_actions(state, seat)
        quiet = [a for a in legal if str(a.verb) in ("decline", "convene", "pass", "adjourn")]
        state = apply(state, (quiet or legal)[0])
    return state


def test_an_injected_card_is_the_next_rounds_event_and_plays_as_that_card() -> None:
    plain = next_meeting(game())
    assert plain.event != CARD  # the seed would draw another card
    injected = next_meeting(inject(game(), CARD))
    assert (injected.round, injected.event) == (2, CARD)
    sc = load_scenario(SID)
    scheduled = next_meeting(new_game(attrs.evolve(sc, schedule={2: CARD}), seed=1))
    assert scheduled.event == CARD
    for field in ("face", "trust", "queue", "chair", "phase"):
        assert getattr(injected, field) == getattr(scheduled, field), field
    seat = injected.to_move
    assert seat is not None and seat != plain.to_move  # the card's chooser answers first
    assert legal_actions(injected, seat) == legal_actions(scheduled, seat)


def test_the_inject_is_logged_in_public_when_the_round_opens() -> None:
    waiting = inject(game(), CARD)
    assert waiting.log == game().log  # nothing is said until the round opens
    opened = next_meeting(waiting)
    entries = [e for e in opened.log if e.kind is LogKind.INJECT]
    assert [(e.round, e.card, e.seen_by) for e in entries] == [(2, CARD, ())]
    name = opened.scenario.events[CARD].name
    assert render(entries[0], opened.scenario) == f"The facilitator injects: {name}."
    seat = opened.scenario.seats[0]
    assert any(e.kind is LogKind.INJECT for e in view(opened, seat).log)
    assert not any(e.kind is LogKind.INJECT for e in next_meeting(game()).log)


def test_only_the_injected_round_changes() -> None:
    plain = next_meeting(next_meeting(game()))
    injected = next_meeting(next_meeting(inject(game(), CARD)))
    assert injected.round == plain.round == 3
    assert injected.event == plain.event  # round 3 is drawn by the seed as before


def test_an_inject_is_in_the_digest_and_keeps_the_seq() -> None:
    start = game()
    waiting = inject(start, CARD)
    assert waiting.seq == start.seq
    assert waiting.digest() != start.digest()
    assert "injects" not in start.to_json()  # an uninjected game hashes as before
    assert next_meeting(waiting).digest() != next_meeting(start).digest()


def test_the_same_seed_actions_and_injects_give_the_same_game() -> None:
    one = next_meeting(inject(next_meeting(inject(game(), CARD)), "maritime-crime"))
    two = next_meeting(inject(next_meeting(inject(game(), CARD)), "maritime-crime"))
    assert one.digest() == two.digest() and one == two
    assert one.event == "maritime-crime"


@pytest.mark.parametrize(("setup", "card", "rule", "words"), [
    (lambda s: s, "no-such-card", Rule.AGENDA, "`no-such-card` is not an event card"),
    (lambda s: s, "coup-crackdown", Rule.AGENDA, "deck or schedule: routine-meeting"),
    (lambda s: inject(s, CARD), "maritime-crime", Rule.ALREADY_TABLED,
     "round 2 already has its inject `border-clash`: one inject per round"),
    (lambda s: next_meeting(next_meeting(s)), CARD, Rule.GAME_OVER,
     "round 3 is the last: no round is left"),
    (lambda s: next_meeting(next_meeting(next_meeting(s))), CARD, Rule.GAME_OVER,
     "the game is over"),
])
def test_an_inject_the_rules_refuse_says_why(setup: Callable[[GameState], GameState],
                                             card: str, rule: Rule, words: str) -> None:
    state = setup(game())
    with pytest.raises(IllegalAction) as err:
        inject(state, card)
    assert err.value.rule == rule
    assert words in err.value.message
    assert f"inject {card}" in str(err.value)


def test_a_card_the_round_could_not_draw_is_refused_with_its_prerequisite() -> None:
    sc = load_scenario(SID)
    late = attrs.evolve(sc.events[CARD], min_round=3)
    state = new_game(attrs.evolve(sc, events={**sc.events, CARD: late}), seed=1)
    with pytest.raises(IllegalAction) as err:
        inject(state, CARD)
    assert err.value.rule == Rule.PREREQUISITE
    assert err.value.message == f"round 2 could not draw `{CARD}`: it needs round 3"
    scheduled = new_game(attrs.evolve(state.scenario, schedule={3: CARD}), seed=1)
    assert inject(scheduled, CARD).injects == {2: CARD}  # a scheduled card may come early


# --- records --------------------------------------------------------------------------

def injectable(state: GameState) -> list[str]:
    sc = state.scenario
    cards = dict.fromkeys((*sc.deck, *sc.schedule.values()))
    out = []
    for card in cards:
        try:
            inject(state, card)
        except IllegalAction:
            continue
        out.append(card)
    return out


def play_recorded(path: Path, seed: int, picks: list[tuple[int, int]]) -> GameState:
    """A game of random moves, recorded as it is played, with an inject (the card at
    index `pick`) tried before each move `at` of `picks`."""
    sc = load_scenario(SID)
    state = new_game(sc, seed)
    rng = random.Random(seed)
    wanted = dict(picks)
    with RecordWriter(path, header_for(sc, seed, dict.fromkeys(sc.seats, "random")),
                      state) as writer:
        while not is_over(state):
            cards = injectable(state) if state.seq in wanted else []
            if cards:
                card = cards[wanted[state.seq] % len(cards)]
                state = inject(state, card)
                writer.inject(card, state)
            seat = state.to_move
            assert seat is not None
            action = rng.choice(legal_actions(state, seat))
            state = apply(state, action)
            writer.append(action, state)
    return state


@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seed=st.integers(0, 10_000),
       picks=st.lists(st.tuples(st.integers(0, 330), st.integers(0, 10)), max_size=6))
def test_random_games_with_injects_replay_and_verify(tmp_path: Path, seed: int,
                                                     picks: list[tuple[int, int]]) -> None:
    path = tmp_path / f"live-{seed}.jsonl"
    path.unlink(missing_ok=True)
    final = play_recorded(path, seed, picks)
    result = replay(path, verify=True)
    assert result.problems == ()
    assert result.final is not None and result.final.digest() == final.digest()
    assert result.final.injects == final.injects
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    assert len([r for r in rows if "inject" in r]) == len(final.injects)
    again = tmp_path / f"rewritten-{seed}.jsonl"
    write_record(again, read_record(path)[0].header,  # type: ignore[union-attr]
                 result.states, result.actions)
    assert again.read_text(encoding="utf-8") == path.read_text(encoding="utf-8")


@pytest.fixture
def recorded(tmp_path: Path) -> Path:
    path = tmp_path / "injected.jsonl"
    state = play_recorded(path, 3, [(0, 1), (160, 2)])
    assert state.injects, "the game should hold an inject to tamper with"
    return path


def test_an_inject_line_is_a_seq_a_card_and_a_chain(recorded: Path) -> None:
    rows = [json.loads(line) for line in recorded.read_text(encoding="utf-8").splitlines()]
    lines = [r for r in rows if "inject" in r]
    assert lines and all(set(r) == {"seq", "inject", "chain"} for r in lines)
    assert lines[0]["seq"] == 0
    record, problems = read_record(recorded)
    assert problems == [] and record is not None
    assert record.injects == {r["seq"]: r["inject"] for r in lines}


def rechained(rows: list[dict[str, object]], out: Path) -> Path:
    chain = ""
    for row in rows:
        row.pop("chain", None)
        row["chain"] = chain = link(chain, row)
    out.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return out


def tampered(path: Path, change: str, rechain: bool) -> Path:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    at = next(i for i, r in enumerate(rows) if "inject" in r)
    rows[at]["inject"] = change
    out = path.with_name("tampered.jsonl")
    if rechain:  # a forger without a key recomputes every chain
        return rechained(rows, out)
    out.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return out


def test_a_tampered_inject_line_breaks_the_chain(recorded: Path) -> None:
    original = json.loads(next(line for line in recorded.read_text().splitlines()
                               if "inject" in line))["inject"]
    other = next(c for c in load_scenario(SID).deck if c != original)
    result = replay(tampered(recorded, other, rechain=False), verify=True)
    assert [p.code for p in result.problems] == ["G009"]


def test_a_rechained_inject_of_another_card_fails_its_checkpoints(recorded: Path) -> None:
    original = json.loads(next(line for line in recorded.read_text().splitlines()
                               if "inject" in line))["inject"]
    other = next(c for c in load_scenario(SID).deck if c != original)
    result = replay(tampered(recorded, other, rechain=True), verify=True)
    assert result.problems and result.problems[0].code in ("G007", "G008")


def test_an_inject_the_engine_refuses_is_a_problem_naming_its_line(recorded: Path) -> None:
    result = replay(tampered(recorded, "no-such-card", rechain=True), verify=True)
    line = 1 + next(i for i, text in enumerate(recorded.read_text().splitlines())
                    if "inject" in text)
    problem = result.problems[0]
    assert (problem.code, problem.line) == ("G007", line)
    assert "no-such-card" in problem.message and "inject" in problem.where


@pytest.mark.parametrize(("move", "line", "words"), [
    (lambda rows, at: [*rows[:at + 1], dict(rows[at]), *rows[at + 1:]], 2,
     "a second inject after action 160"),
    (lambda rows, at: [*rows[:at - 1], rows[at], rows[at - 1], *rows[at + 1:]], 0,
     "inject for action 160 after action 159"),
])
def test_an_inject_line_out_of_place_is_refused(
        recorded: Path, move: Callable[[list[dict[str, object]], int], list[dict[str, object]]],
        line: int, words: str) -> None:
    rows = [json.loads(text) for text in recorded.read_text(encoding="utf-8").splitlines()]
    at = next(i for i, r in enumerate(rows) if "inject" in r and r["seq"] == 160)
    assert "action" in rows[at - 1]  # the action the inject follows
    _, problems = read_record(rechained(move(rows, at), recorded.with_name("moved.jsonl")))
    assert [(p.code, p.line) for p in problems] == [("G004", at + line)]
    assert words in problems[0].message
