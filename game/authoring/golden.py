"""Golden transcripts: a scenario's intended play, written down and checked on every change.

A transcript is a text file:

    # The 2020 flag: Vietnam's concept paper passes at ambition 2.
    scenario 2020-asean-flag
    seed 1
    vietnam convene
    vietnam pass
    ...
    > expect phase tabling
    vietnam table asean-flag ambition=2
    > expect illegal myanmar support rule=turn-order
    ...
    > expect adopted asean-flag ambition=2

`scenario` (a bundled id, or a path relative to the transcript) and `seed` come first.
Every other line is a canonical action (`Action.parse`), applied in order, or an
expectation starting with `>` (the word `expect` is optional). Every seat's action is
spelled out, so no bot is involved: a transcript breaks only when the rules or the
scenario's numbers really change what happens. `mufakat test` runs transcripts and
pytest collects the bundled ones.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Mapping
from pathlib import Path

import attrs

from game.rules.actions import Action, ActionSyntaxError, IllegalAction
from game.rules.engine import apply, is_over, legal_actions, new_game
from game.rules.files import read_bounded
from game.rules.log import render
from game.rules.model import Scenario
from game.rules.scoring import norm_stage, scores
from game.rules.state import GameState
from game.rules.text import clip, plain
from game.scenario.loader import ScenarioError, load_scenario, resolve

MAX_BYTES = 1_000_000
"""The largest transcript read (a long game is a few thousand lines)."""

_SEED = re.compile(r"-?[0-9]{1,19}")
"""A seed: a whole number of at most 19 ASCII digits (no `²`, no 5,000 digits)."""

OPERATORS: Mapping[str, Callable[[float, float], bool]] = {
    ">=": operator.ge, "<=": operator.le, "==": operator.eq, ">": operator.gt, "<": operator.lt,
}


class TranscriptError(Exception):
    """A failed line: `line` is its number, the message says what differed."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


@attrs.frozen
class GoldenResult:
    """How one transcript went."""

    path: Path
    actions: int = 0
    checks: int = 0
    line: int = 0
    failure: str = ""

    @property
    def passed(self) -> bool:
        return not self.failure

    def __str__(self) -> str:
        path = plain(str(self.path), keep_newlines=False)
        if self.passed:
            return f"PASS {path} ({self.actions} actions, {self.checks} checks)"
        where = f"{path}:{self.line}" if self.line else path
        return f"FAIL {where}: {plain(self.failure)}"


def run_transcript(path: Path) -> GoldenResult:
    """Play `path`'s actions and check its expectations; stop at the first failure."""
    tally = _Tally()
    try:
        text = read_bounded(path, MAX_BYTES, "transcript").decode("utf-8")
    except OSError as err:  # InputFileError names the file and says why
        return GoldenResult(path, failure=f"cannot read the transcript: "
                            f"{str(err).removeprefix(f'{path}: ')}")
    except UnicodeDecodeError as err:
        return GoldenResult(path, failure=f"the transcript is not UTF-8 text (byte {err.start})")
    try:
        _run(path, text, tally)
    except TranscriptError as err:
        return GoldenResult(path, tally.actions, tally.checks, err.line, err.message)
    return GoldenResult(path, tally.actions, tally.checks)


@attrs.define
class _Tally:
    """How far a run got, kept when a line fails."""

    actions: int = 0
    checks: int = 0


def _run(path: Path, text: str, tally: _Tally) -> None:
    header: dict[str, str] = {}
    lines: dict[str, int] = {}
    state: GameState | None = None
    last = 0
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        last = number
        word, _, rest = line.partition(" ")
        if state is None and word in ("scenario", "seed"):
            header[word] = rest.strip()
            lines[word] = number
            continue
        if state is None:
            state = _start(path, header, number, lines.get("seed", number))
        if line.startswith(">"):
            _expect(state, line[1:].strip(), number)
            tally.checks += 1
        else:
            state = _act(state, line, number)
            tally.actions += 1
    if state is None:
        raise TranscriptError(last, "no actions: a transcript needs `scenario ID`, `seed N` "
                              "and action lines")


def _start(path: Path, header: Mapping[str, str], number: int, seed_line: int) -> GameState:
    if "scenario" not in header:
        raise TranscriptError(number, "the transcript must start with `scenario ID-OR-PATH`")
    seed_text = header.get("seed", "0")
    if not _SEED.fullmatch(seed_text):
        raise TranscriptError(seed_line, f"`seed {clip(seed_text, 40)}` is not a seed: write a "
                              "whole number of at most 19 digits, e.g. `seed 1`")
    try:
        scenario = load_scenario(_scenario_ref(path, header["scenario"]))
    except ScenarioError as err:
        raise TranscriptError(number, "cannot load the scenario:\n" + "\n".join(
            str(p) for p in err.problems)) from None
    return new_game(scenario, int(seed_text))


def _scenario_ref(path: Path, ref: str) -> str | Path:
    if "/" in ref or ref.endswith(".toml"):
        return path.parent / ref
    return ref


def draft_ref(ref: str) -> str:
    """How a drafted transcript names its scenario: a bundled id as it is; a scenario
    file as `../FILE.toml`, the path from `tests/` beside it, where `mufakat test
    SCENARIO` looks for its transcripts (and a `scenario` path is read relative to the
    transcript)."""
    if "/" not in ref and not ref.endswith(".toml"):
        return ref
    return f"../{resolve(ref).name}"


def _act(state: GameState, line: str, number: int) -> GameState:
    try:
        return apply(state, Action.parse(line))
    except ActionSyntaxError as err:
        raise TranscriptError(number, str(err)) from None
    except IllegalAction as err:
        raise TranscriptError(number, f"{err.message} (rule: {err.rule}); legal for "
                              f"{state.to_move}: " + ", ".join(
                                  str(a) for a in legal_actions(state, state.to_move or "")[:8])
                              ) from None


def _expect(state: GameState, text: str, number: int) -> None:
    words = text.split()
    if words and words[0] == "expect":
        words = words[1:]
    if not words:
        raise TranscriptError(number, "empty expectation: write e.g. `> expect phase tabling`")
    what, args = words[0], words[1:]
    check = CHECKS.get(what)
    if check is None:
        raise TranscriptError(number, f"unknown expectation `{what}`; known: "
                              + ", ".join(sorted(CHECKS)))
    try:
        problem = check(state, args)
    except (IndexError, ValueError, KeyError) as err:
        problem = f"cannot read `{text}`: {err or 'missing a value'}"
    if problem:
        raise TranscriptError(number, problem)


def _same(name: str, expected: str, found: object) -> str:
    return "" if expected == str(found) else f"expected {name} {expected}, found {found}"


def _compare(name: str, found: float, args: list[str]) -> str:
    op, value = args[0], float(args[1])
    if op not in OPERATORS:
        raise ValueError(f"`{op}` is not one of {' '.join(OPERATORS)}")
    return "" if OPERATORS[op](found, value) else \
        f"expected {name} {op} {value:g}, found {found:g}"


def _seats(args: list[str]) -> set[str]:
    return set() if args == ["none"] else {a.strip(",") for a in args}


def _adopted(state: GameState, args: list[str]) -> str:
    level = state.adopted.get(args[0], 0)
    if not level:
        return f"expected {args[0]} adopted; adopted: {', '.join(state.adopted) or 'nothing'}"
    if len(args) > 1:
        return _same(f"{args[0]} at", args[1].removeprefix("ambition="), level)
    return ""


def _not_adopted(state: GameState, args: list[str]) -> str:
    level = state.adopted.get(args[0], 0)
    return f"expected {args[0]} not adopted, found it at ambition {level}" if level else ""


def _outcome(state: GameState, args: list[str]) -> str:
    if not state.outcomes:
        return "expected an outcome, but no tabling has concluded yet"
    last = state.outcomes[-1]
    problem = _same("outcome", args[0], last.result)
    if not problem and len(args) > 1:
        problem = _same("outcome measure", args[1], last.measure)
    return problem


def _objectors(state: GameState, args: list[str]) -> str:
    if not state.outcomes:
        return "expected objectors, but no tabling has concluded yet"
    found = set(state.outcomes[-1].objectors)
    wanted = _seats(args)
    return "" if found == wanted else \
        f"expected objectors {', '.join(sorted(wanted)) or 'none'}, " \
        f"found {', '.join(sorted(found)) or 'none'}"


def _tabled(state: GameState, args: list[str]) -> str:
    """The item under deliberation or, while the floor is open, the last one tabled."""
    tab = state.pending[-1] if state.pending else state.tabled
    if tab is None:
        return f"expected {args[0]} on the table, found nothing tabled"
    problem = _same("tabled", args[0], tab.measure)
    if not problem and len(args) > 1:
        problem = _same("tabled ambition", args[1].removeprefix("ambition="), tab.ambition)
    return problem


def _blocking(state: GameState, args: list[str]) -> str:
    found = set(state.tabled.blocking()) if state.tabled else set()
    wanted = _seats(args)
    return "" if found == wanted else \
        f"expected blocking {', '.join(sorted(wanted)) or 'none'}, " \
        f"found {', '.join(sorted(found)) or 'none'}"


def _illegal(state: GameState, args: list[str]) -> str:
    rule = args.pop()[5:] if args and args[-1].startswith("rule=") else ""
    action = Action.parse(" ".join(args))
    try:
        apply(state, action)
    except IllegalAction as err:
        return "" if not rule or rule == err.rule else \
            f"expected `{action}` illegal by rule {rule}, but the rule broken is {err.rule}"
    return f"expected `{action}` to be illegal, but it is legal"


def _legal(state: GameState, args: list[str]) -> str:
    action = Action.parse(" ".join(args))
    try:
        apply(state, action)
    except IllegalAction as err:
        return f"expected `{action}` to be legal: {err.message} (rule: {err.rule})"
    return ""


def _log(state: GameState, args: list[str]) -> str:
    wanted = " ".join(args).strip('"')
    lines = [render(e, state.scenario) for e in state.log if e.round == state.round]
    return "" if any(wanted in t for t in lines) else \
        f"expected a log line this round containing `{wanted}`"


CHECKS: Mapping[str, Callable[[GameState, list[str]], str]] = {
    "phase": lambda s, a: _same("phase", a[0], s.phase),
    "round": lambda s, a: _same("round", a[0], s.round),
    "to-move": lambda s, a: _same("to-move", a[0], s.to_move or "none"),
    "chair": lambda s, a: _same("chair", a[0], s.chair),
    "event": lambda s, a: _same("event", a[0], s.event or "none"),
    "stage": lambda s, a: _same("stage", a[0], norm_stage(s)),
    "over": lambda s, a: "" if is_over(s) else f"expected the game over, found {s.phase}",
    "adopted": _adopted,
    "not-adopted": _not_adopted,
    "outcome": _outcome,
    "objectors": _objectors,
    "tabled": _tabled,
    "blocking": _blocking,
    "illegal": _illegal,
    "legal": _legal,
    "log": _log,
    "face": lambda s, a: _compare(f"{a[0]}'s face", s.face[a[0]], a[1:]),
    "score": lambda s, a: _compare(f"{a[0]}'s score", scores(s)[a[0]], a[1:]),
    "trust": lambda s, a: _compare(f"{a[0]}'s trust in {a[1]}", s.trust[a[0]][a[1]], a[2:]),
}
"""Every expectation: name -> check(state, args) returning "" or what differed."""


def transcripts_for(ref: str) -> list[Path]:
    """The transcripts `mufakat test REF` runs: a `.txt` file, a folder of them, or a
    scenario (its `tests/ID*.txt` beside the scenario file)."""
    path = Path(ref)
    if path.is_dir():
        return sorted(path.glob("*.txt"))
    if path.suffix == ".txt":
        return [path]
    try:
        scenario_file = resolve(ref)
    except ScenarioError:
        return []
    return sorted((scenario_file.parent / "tests").glob(f"{scenario_file.stem}*.txt"))


def draft(scenario: Scenario, ref: str, seed: int, kinds: Mapping[str, str]) -> str:
    """A transcript of one bot game, to edit into a golden test: every action, with
    the outcome of each round and the final adoptions as expectations. Its `scenario`
    line is `draft_ref(ref)`, right for a transcript kept where `mufakat test` finds it."""
    from game.bots import make_bot
    from game.rules.view import view

    bots = {seat: make_bot(kind, seat, seed) for seat, kind in kinds.items()}
    state = new_game(scenario, seed)
    lines = [f"# Drafted from a bot game ({', '.join(sorted(set(kinds.values())))}); "
             "edit it into the play you intend.", f"scenario {draft_ref(ref)}", f"seed {seed}"]
    while not is_over(state):
        seat = state.to_move
        assert seat is not None
        action = bots[seat].decide(view(state, seat), legal_actions(state, seat))
        before = len(state.outcomes)
        state = apply(state, action)
        lines.append(str(action))
        if len(state.outcomes) > before:
            last = state.outcomes[-1]
            lines.append(f"> expect outcome {last.result}" +
                         (f" {last.measure}" if last.measure else ""))
            if last.measure:
                lines.append(f"> expect objectors {' '.join(last.objectors) or 'none'}")
    for mid in scenario.agenda:
        level = state.adopted.get(mid)
        lines.append(f"> expect adopted {mid} ambition={level}" if level
                     else f"> expect not-adopted {mid}")
    lines.append("> expect over")
    return "\n".join(lines) + "\n"
