"""Property tests over whole games: a hypothesis state machine and the generic
random-simulation test every OpenSpiel game must pass.

The machine plays random legal actions in random scenarios (every bundled one, the lab,
and the lab with ASEAN minus X opened to security measures), tries random illegal
actions, and checks after every step the invariants of issue 2: consensus is never
overridden (unless minus X applies), every offered action applies and nothing else does,
the record replays to the same state, a seat's view does not depend on another seat's
private papers, games end within their limits, and scores, face and trust stay in bounds.
"""

from __future__ import annotations

import json
import random
import shutil
import tempfile
from pathlib import Path

import attrs
import pytest
from engine_kit import LAB, max_actions, random_playout, write_variant
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
)

from game import (
    NORMS,
    Action,
    GameState,
    IllegalAction,
    Objective,
    RedLine,
    Scenario,
    Verb,
    apply,
    bundled_ids,
    is_over,
    legal_actions,
    load_scenario,
    new_game,
    score_bounds,
    scores,
    view,
)
from game.play.record import RecordWriter, header_for, replay

SCENARIOS = [*bundled_ids(), "lab", "lab-minus-x"]
ALL_SEATS = ["brunei", "cambodia", "indonesia", "laos", "malaysia", "myanmar", "philippines",
             "singapore", "thailand", "vietnam", "timor-leste", "atlantis"]


def open_scenario(name: str, directory: Path) -> tuple[Scenario, str]:
    """A scenario by name and the source a record should name for it."""
    if name == "lab":
        return load_scenario(LAB), str(LAB)
    if name == "lab-minus-x":
        path = write_variant(directory, {"id": "lab-minus-x", "rules": {"minus_x": {
            "enabled": True, "security": True, "max_objectors": 2}}}, "lab-minus-x")
        return load_scenario(path), str(path)
    return load_scenario(name), ""


def with_other_papers(scenario: Scenario, seat: str) -> Scenario:
    """`scenario` with `seat`'s private papers rewritten, in ways that change no ruling:
    other sensitivities and appetite, an extra hidden goal, red lines never reached.
    The sensitivities persuasion weighs stay: whether a seat adopts the norm rests on
    them, and an adoption is public."""
    member = scenario.members[seat]
    weighed = scenario.rules.persuasion_norms
    changed = attrs.evolve(
        member, cooperation=3.0 - member.cooperation,
        sensitivity={n: v if n in weighed else 3.0 - v for n, v in member.sensitivity.items()},
        objectives=(*member.objectives, Objective("face", 99.0, note="a new hidden goal")),
        red_lines=(*member.red_lines, RedLine(norm="N1", max=10.0, note="never reached")))
    return attrs.evolve(scenario, members={**scenario.members, seat: changed})


def random_action(data: st.DataObject, scenario: Scenario) -> Action:
    targets = ["", *scenario.agenda, *scenario.measures, *ALL_SEATS]
    return data.draw(st.builds(
        Action, seat=st.sampled_from(ALL_SEATS), verb=st.sampled_from(list(Verb)),
        target=st.sampled_from(targets), ambition=st.integers(0, 5),
        reason=st.sampled_from(["", *NORMS, "red-line", "burden", "whim"])))



class Consensus:
    """An independent account of who stands where on the item under deliberation, kept
    from the actions alone, to judge every adoption the engine announces. Items tabled
    at one meeting are deliberated one after another: the one the chair takes up, or
    the first tabled of those waiting."""

    def __init__(self) -> None:
        self.level = 0
        self.clauses: set[str] = set()
        self.waiting: list[tuple[str, int]] = []  # items tabled, not yet taken up
        self.positions: dict[str, tuple[Verb, int, str]] = {}

    def concluded(self) -> None:
        self.level = 0

    def see(self, action: Action) -> None:
        verb = action.verb
        if verb is Verb.TABLE:
            self.waiting.append((action.target, action.ambition))
            return
        if verb is Verb.TAKE_UP:
            item = next(w for w in self.waiting if w[0] == action.target)
            self.waiting.remove(item)
            self.level, self.clauses, self.positions = item[1], set(), {}
            return
        if verb in (Verb.SUPPORT, Verb.RESERVE, Verb.OBJECT) and not self.level:
            # the next item's first word
            self.level, self.clauses, self.positions = self.waiting.pop(0)[1], set(), {}
        if verb in (Verb.SUPPORT, Verb.RESERVE, Verb.OBJECT):
            self.positions[action.seat] = (verb, action.ambition or self.level, action.clause)
        elif verb in (Verb.AMEND, Verb.COMPROMISE):
            if action.clause:
                self.clauses.add(action.clause)
            else:
                self.level = action.ambition
            self.positions = {s: p for s, p in self.positions.items()
                              if p[0] is Verb.SUPPORT
                              or (p[0] is Verb.RESERVE and self.met(p))}

    def met(self, position: tuple[Verb, int, str]) -> bool:
        _, level, clause = position
        return level >= self.level and (not clause or clause in self.clauses)

    def standing(self) -> set[str]:
        return {s for s, p in self.positions.items()
                if p[0] is Verb.OBJECT or (p[0] is Verb.RESERVE and not self.met(p))}


class GameMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.directory = Path(tempfile.mkdtemp(prefix="mufakat-stateful-"))
        self.writer: RecordWriter | None = None

    @initialize(name=st.sampled_from(SCENARIOS), seed=st.integers(0, 2**32 - 1))
    def start(self, name: str, seed: int) -> None:
        self.scenario, source = open_scenario(name, self.directory)
        self.state = new_game(self.scenario, seed)
        self.first = self.state
        self.actions: list[Action] = []
        self.consensus = Consensus()
        self.adopters = self.state.norm_adopters
        self.low, self.high = score_bounds(self.scenario)
        self.limit = max_actions(self.scenario)
        self.record = self.directory / "game.jsonl"
        seats = dict.fromkeys(self.scenario.seats, "random")
        self.writer = RecordWriter(self.record, header_for(self.scenario, seed, seats, source),
                                   self.state)

    def step(self, action: Action) -> None:
        before = self.state
        after = apply(before, action)  # every legal action applies
        assert self.writer is not None
        self.writer.append(action, after)
        self.consensus.see(action)
        self.judge_adoptions(before, after)
        self.judge_norm(before, after, action)
        self.state = after
        self.actions.append(action)

    def judge_adoptions(self, before: GameState, after: GameState) -> None:
        rules = self.scenario.rules
        new = after.outcomes[len(before.outcomes):]
        for outcome in new:
            standing = self.consensus.standing()
            if outcome.result == "adopted":
                assert not standing, f"{outcome.measure} adopted over {standing}"
            if outcome.result == "adopted-minus-x":
                security = self.scenario.measures[outcome.measure].security
                assert rules.minus_x and (rules.minus_x_security or not security)
                assert set(outcome.objectors) == standing
                assert len(standing) <= rules.minus_x_max_objectors
            if outcome.result.startswith("adopted"):
                assert outcome.ambition == self.consensus.level
            self.consensus.concluded()
        gained = set(after.adopted) - set(before.adopted)
        assert gained <= {o.measure for o in new if o.result.startswith("adopted")}

    def judge_norm(self, before: GameState, after: GameState, action: Action) -> None:
        """Only persuasion (its target) or sponsoring an adopted intrusive measure makes
        a norm holder, never a vote; persuasion only lowers a sensitivity, never below 0."""
        sc = self.scenario
        new = after.norm_adopters - before.norm_adopters
        allowed = {action.target} if action.verb is Verb.PERSUADE else set()
        allowed |= {o.sponsor for o in after.outcomes[len(before.outcomes):]
                    if o.result.startswith("adopted")
                    and sc.measures[o.measure].intrusiveness >= sc.rules.norm_min_intrusiveness}
        assert new <= allowed, (action, new)
        for seat in sc.seats:
            moved = view(after, seat).me.sensitivity
            assert all(0 <= moved[n] <= v for n, v in sc.members[seat].sensitivity.items())

    @precondition(lambda self: not is_over(self.state))
    @rule(pick=st.integers(0, 10**6))
    def play(self, pick: int) -> None:
        seat = self.state.to_move
        assert seat is not None
        options = legal_actions(self.state, seat)
        assert options, f"{seat} has nothing it may do in the {self.state.phase}"
        self.step(options[pick % len(options)])

    @precondition(lambda self: not is_over(self.state))
    @rule(seed=st.integers(0, 2**16), count=st.integers(1, 60))
    def play_many(self, seed: int, count: int) -> None:
        rng = random.Random(seed)
        for _ in range(count):
            if is_over(self.state):
                break
            seat = self.state.to_move
            assert seat is not None
            self.step(rng.choice(legal_actions(self.state, seat)))

    @rule(data=st.data())
    def try_anything(self, data: st.DataObject) -> None:
        action = random_action(data, self.scenario)
        if action in legal_actions(self.state, action.seat):
            apply(self.state, action)
        else:
            with pytest.raises(IllegalAction):
                apply(self.state, action)

    @precondition(lambda self: not is_over(self.state))
    @rule()
    def every_offered_action_applies(self) -> None:
        seat = self.state.to_move
        assert seat is not None
        for action in legal_actions(self.state, seat):
            apply(self.state, action)
        others = [s for s in self.scenario.seats if s != seat]
        assert all(legal_actions(self.state, s) == [] for s in others)

    @rule()
    def the_record_replays(self) -> None:
        result = replay(self.record)
        assert result.problems == ()
        assert result.final is not None
        assert result.final.digest() == self.state.digest()
        assert result.final == self.state

    @rule(data=st.data())
    def views_keep_other_seats_papers_private(self, data: st.DataObject) -> None:
        seat = data.draw(st.sampled_from(self.scenario.seats))
        other = data.draw(st.sampled_from([s for s in self.scenario.seats if s != seat]))
        state = attrs.evolve(self.first, scenario=with_other_papers(self.scenario, other))
        mine = self.first
        for action in self.actions:
            if other in mine.soundings.get(seat, {}):
                return  # from here on the seat has heard the other's papers in private
            assert view(state, seat) == view(mine, seat)
            state, mine = apply(state, action), apply(mine, action)
        if other not in mine.soundings.get(seat, {}):
            assert view(state, seat) == view(mine, seat)

    @invariant()
    def within_limits(self) -> None:
        state, rules = self.state, self.scenario.rules
        assert 1 <= state.round <= self.scenario.rounds
        assert state.seq == len(self.actions) <= self.limit
        assert is_over(state) == (state.to_move is None)
        assert all(rules.face_min <= f <= rules.face_max for f in state.face.values())
        assert all(rules.trust_min <= t <= rules.trust_max
                   for row in state.trust.values() for t in row.values())
        assert all(self.low <= v <= self.high for v in scores(state).values())
        assert self.adopters <= state.norm_adopters
        self.adopters = state.norm_adopters

    def teardown(self) -> None:
        if self.writer is not None:
            self.writer.close()
        shutil.rmtree(self.directory, ignore_errors=True)


GameMachine.TestCase.settings = settings(stateful_step_count=40)
TestGameMachine = GameMachine.TestCase


# --- the generic random-simulation test (OpenSpiel) ------------------------------------

@given(name=st.sampled_from(SCENARIOS), seed=st.integers(0, 2**32 - 1),
       moves=st.integers(0, 2**32 - 1))
def test_random_simulation(name: str, seed: int, moves: int) -> None:
    directory = Path(tempfile.mkdtemp(prefix="mufakat-sim-"))
    try:
        scenario, source = open_scenario(name, directory)
        state = new_game(scenario, seed)
        record = directory / "game.jsonl"
        with RecordWriter(record, header_for(scenario, seed, {}, source), state) as writer:
            rng = random.Random(moves)
            low, high = score_bounds(scenario)
            for _ in range(max_actions(scenario)):  # termination: within the bound
                if is_over(state):
                    break
                clone = attrs.evolve(state)
                assert clone == state and clone.digest() == state.digest()
                text = json.dumps(state.to_json(), sort_keys=True)
                assert json.loads(text) == json.loads(json.dumps(clone.to_json(),
                                                                 sort_keys=True))
                seat = state.to_move
                assert seat is not None
                action = rng.choice(legal_actions(state, seat))
                after = apply(state, action)
                assert clone == state, "apply changed the state it was given"
                writer.append(action, after)
                state = after
                assert all(low <= v <= high for v in scores(state).values())
        assert is_over(state)
        replayed = replay(record)
        assert replayed.problems == ()
        assert replayed.final is not None and replayed.final.digest() == state.digest()
    finally:
        shutil.rmtree(directory, ignore_errors=True)


def test_random_playouts_end_in_every_bundled_scenario() -> None:
    for sid in bundled_ids():
        scenario = load_scenario(sid)
        state, played = random_playout(new_game(scenario, 11), random.Random(sid),
                                       max_actions(scenario))
        assert is_over(state), f"{sid}: not over after {len(played)} actions"
