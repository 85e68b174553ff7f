"""The `mufakat` command line. With no command it opens the TUI.

Heavy imports (Textual, the engine) wait until a command needs them, so `mufakat
--help` and the engine commands start fast. Every expected failure (a bad scenario,
record or option) prints a clear message and exits non-zero, never a traceback.

Everything a command prints goes through one choke point, `TerminalText`: text from
files and players reaches the terminal with its control characters (ESC, BEL, C1
codes, bidi overrides) shown as visible escapes, and a line on stderr is cut after
`LINE_LIMIT` characters, so a 40 MB action in a record is never echoed whole.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any, NoReturn

LINE_LIMIT = 1000
"""The most characters of one stderr line shown; the rest is counted, not printed."""
MAX_GAMES = 1_000_000  # the same bound as game.play.simulate.MAX_GAMES (not imported: fast)
BOT_KINDS = "random, historical, hard, expert"  # game.bots.KINDS (not imported: fast)
MAX_SECONDS = 600.0  # the same bound as game.play.bench.MAX_SECONDS (not imported: fast)
MAX_SEED = 2**63 - 1

EXAMPLES = """\
examples:
  mufakat                                   open the game
  mufakat play 2003-standby-force --as indonesia
  mufakat scenarios
  mufakat simulate 2011-apcn --games 200 --bots 'indonesia=hard,*=historical'
  mufakat simulate 2011-apcn --compare my-apcn.toml --report compare.html
  mufakat validate my-scenario.toml
  mufakat replay ~/.local/share/mufakat/games/last.jsonl --verify
  mufakat bench
  mufakat tournament --games 2 --kinds random,historical,hard --jobs 2
"""


_ASCII_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def plain(text: str, *, keep_newlines: bool = True) -> str:
    """`game.rules.text.plain`, imported only for text that needs it (not for --help)."""
    if text.isascii() and not _ASCII_CONTROL.search(text):
        return text if keep_newlines else text.replace("\n", " ")
    from game.rules.text import plain as shown

    return shown(text, keep_newlines=keep_newlines)


def clip(text: str, limit: int = 200) -> str:
    """`game.rules.text.clip`, imported when first needed."""
    from game.rules.text import clip as cut

    return cut(text, limit)


class TerminalText:
    """A text stream for the terminal that shows control characters as escapes and
    keeps tabs and newlines; with `line_limit`, each line is cut after that many
    characters (counted before escaping) and ends with the count of them all. Other
    attributes pass through."""

    def __init__(self, stream: IO[str], line_limit: int | None = None) -> None:
        self.stream = stream
        self.line_limit = line_limit
        self._column = 0

    def write(self, text: str) -> int:
        shown = text.replace("\r\n", "\n")
        if self.line_limit is not None:  # cut first: a 40 MB line costs nothing to show
            shown = self._cut(shown, self.line_limit)
        self.stream.write("\t".join(plain(part) for part in shown.split("\t")))
        return len(text)

    def _cut(self, text: str, limit: int) -> str:
        out = []
        lines = text.split("\n")
        for i, piece in enumerate(lines):
            if i:  # a newline ends the line before this piece
                if self._column > limit:
                    out.append(f"… ({self._column:,} characters in all)")
                out.append("\n")
                self._column = 0
            room = limit - self._column
            if room > 0:
                out.append(piece[:room])
            self._column += len(piece)
        return "".join(out)

    def finish(self) -> None:
        """End an unfinished line that was cut, with its count."""
        if self.line_limit is not None and self._column > self.line_limit:
            self.stream.write(f"… ({self._column:,} characters in all)\n")
        self._column = 0

    def raw(self, text: str) -> None:
        """Write text the program made (a progress bar's carriage return) as it is."""
        self.stream.write(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream, name)


@contextmanager
def terminal_text() -> Iterator[None]:
    """Route stdout and stderr through `TerminalText` while a command runs."""
    out, err = sys.stdout, sys.stderr
    sys.stdout = TerminalText(out)
    sys.stderr = TerminalText(err, LINE_LIMIT)
    try:
        yield
    finally:
        tail = sys.stderr
        sys.stdout, sys.stderr = out, err
        if isinstance(tail, TerminalText):
            tail.finish()


def _raw(stream: IO[str], text: str) -> None:
    if isinstance(stream, TerminalText):
        stream.raw(text)
    else:
        stream.write(text)


class Parser(argparse.ArgumentParser):
    """argparse with its error message clipped: a 40 MB argument is not echoed."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}: error: {clip(message, 300)}\n")


def _whole(low: int, high: int) -> Callable[[str], int]:
    """An argparse type: a whole number written in ASCII digits from `low` to `high`."""

    def parse(text: str) -> int:
        digits = text.strip()
        body = digits[1:] if digits[:1] in "+-" else digits
        if not (body.isascii() and body.isdigit() and len(body) <= 20):
            raise argparse.ArgumentTypeError(
                f"must be a whole number from {low:,} to {high:,}, "
                f"not `{clip(text, 40)}`")
        value = int(digits)
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(
                f"must be from {low:,} to {high:,}, not {value:,}")
        return value
    return parse


def _seconds(text: str) -> float:
    from game.play.bench import BenchError, check_seconds

    try:
        return check_seconds(float(text))
    except (ValueError, BenchError):
        raise argparse.ArgumentTypeError(
            f"must be a number more than 0 and at most {MAX_SECONDS:g}, "
            f"not `{clip(text, 40)}`") from None


def _bots(text: str) -> str:
    if not text.strip():
        raise argparse.ArgumentTypeError(
            f"empty; give a KIND for every seat ({BOT_KINDS}) "
            "or SEAT=KIND,...,*=KIND")
    return text


class CliError(Exception):
    """A user mistake: printed as `mufakat: error: ...`, exit status 2 unless given."""

    def __init__(self, message: str, status: int = 2) -> None:
        super().__init__(message)
        self.status = status


def _load(ref: str) -> Any:
    from game.scenario.loader import ScenarioError, load_scenario

    try:
        return load_scenario(ref)
    except ScenarioError as err:
        raise CliError("cannot load scenario:\n" + "\n".join(
            str(p) for p in err.problems), 1) from None
    except OSError as err:  # a name the system refuses (too long, a loop of links)
        raise CliError(f"cannot load scenario `{clip(ref, 80)}`: {err.strerror}", 1) from None


def cmd_scenarios(args: argparse.Namespace) -> int:
    from game.scenario.loader import bundled_ids

    rows = []
    for sid in bundled_ids():
        sc = _load(sid)
        rows.append({"id": sc.id, "year": sc.year, "title": sc.title, "seats": len(sc.seats),
                     "rounds": sc.rounds, "sponsor": sc.sponsor, "focus": sc.focus,
                     "historical": sc.historical, "summary": sc.summary})
    if args.json:
        print(json.dumps(rows, indent=2))
        return 0
    width = max(len(r["id"]) for r in rows)
    for r in rows:
        kind = "history" if r["historical"] else "what-if"
        line = (f"{r['id']:<{width}}  {r['title']}  [{kind}; {r['seats']} seats, "
                f"{r['rounds']} rounds; {r['sponsor']} sponsors {r['focus']}]")
        print(plain(line, keep_newlines=False))
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    from game.authoring.lint import lint_paths

    problems = lint_paths(args.paths)
    for problem in problems:
        print(problem)
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    failed = errors or (args.strict and warnings)
    summary = f"{len(args.paths)} file(s): {errors} error(s), {warnings} warning(s)"
    print(summary if problems else f"{len(args.paths)} file(s) valid", file=sys.stderr)
    return 1 if failed else 0


def _check_records(folder: str) -> None:
    """Make sure `--records DIR` is a folder that takes new files, before any game."""
    path = Path(folder)
    if path.exists() and not path.is_dir():
        raise CliError(f"--records {folder}: is a file, not a folder; give a folder "
                       "for the records (it is created if missing)")
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise CliError(f"--records {folder}: cannot create the folder: {err.strerror}; "
                       "create it first or choose another folder") from None
    from game.rules.files import unwritable

    why = unwritable(path)
    if why:
        raise CliError(f"--records {folder}: the folder does not take new files "
                       f"({why}); choose a writable folder")


def cmd_simulate(args: argparse.Namespace) -> int:
    from game.bots import BotError
    from game.play.simulate import RecordWriteError, SimulateError, cpu_count, simulate
    from game.scenario.loader import ScenarioError

    _load(args.scenario)
    other = args.compare or (args.scenario if args.compare_bots else None)
    if other:
        _load(other)
        if args.records:
            raise CliError("--records and --compare cannot go together: both runs would "
                           "write records of the same names; record one run at a time")
    jobs = args.jobs
    if jobs > cpu_count():
        jobs = cpu_count()
        print(f"mufakat: note: --jobs {args.jobs:,} capped at {jobs}, the number of CPUs "
              "this process may use", file=sys.stderr)
    if args.report:  # a bad report name fails before the games are played
        from game.play.report import check_report_path

        try:
            check_report_path(Path(args.report), args.force)
        except ValueError as err:
            raise CliError(str(err)) from None
    if args.records:
        _check_records(args.records)
    show = args.progress if args.progress is not None else (
        sys.stderr.isatty() and args.games >= 10)
    runs = [(args.scenario, args.bots)]
    if other:
        runs.append((other, args.compare_bots or args.bots))
    results = []
    try:
        for ref, bots in runs:
            results.append(simulate(ref, args.games, args.seed, bots, jobs, args.records,
                                    _progress_bar("games") if show else None))
            if show:
                print(file=sys.stderr)
    except RecordWriteError as err:
        raise CliError(str(err), 1) from None
    except (BotError, SimulateError) as err:
        raise CliError(str(err)) from None
    except ScenarioError as err:  # the file changed between the check and the run
        raise CliError("cannot load scenario:\n" + "\n".join(
            str(p) for p in err.problems), 1) from None
    from game.play import report
    from tui.outputs import emit

    if other:
        a, b = results
        emit(args, {"a": a, "b": b}, lambda: report.compare_text(a, b),
             lambda path, force: report.write_compare(a, b, path, force), CliError)
        return 0
    result = results[0]
    emit(args, result, lambda: report.text_report(result),
         lambda path, force: report.write_report(result, path, force), CliError)
    return 0


def _progress_bar(unit: str) -> Callable[[int, int], None]:
    def show(done: int, total: int) -> None:
        filled = round(30 * done / total)
        _raw(sys.stderr, f"\r[{'#' * filled}{'.' * (30 - filled)}] {done}/{total} {unit}")
        sys.stderr.flush()

    return show


def cmd_replay(args: argparse.Namespace) -> int:
    from game.play.record import replay
    from game.play.transcript import transcript

    key = _read_key(args.key) if args.key else None
    result = replay(args.record, verify=args.verify, key=key)
    if not args.quiet:
        for line in transcript(result):
            print(line)
    for problem in result.problems:
        print(problem, file=sys.stderr)
    if result.problems and args.verify:
        return 1
    if result.final is None:
        return 1
    if args.verify:
        print(result.verdict(signed=key is not None), file=sys.stderr)
    return 0


def _read_key(path: str) -> bytes:
    """The signing key in a file (the whole file, at most 4 KB)."""
    from game.rules.files import InputFileError, read_bounded

    try:
        key = read_bounded(path, 4096, "key file")
    except InputFileError as err:
        raise CliError(str(err)) from None
    if not key.strip():
        raise CliError(f"{path}: the key file is empty")
    return key


DEFAULT_BENCH = "2003-standby-force"


def cmd_bench(args: argparse.Namespace) -> int:
    from game.play.bench import BenchError, compare, run_bench

    if args.workshop:
        from workshop.loadbench import bench_room

        scenario = "2027-crisis" if args.scenario == DEFAULT_BENCH else args.scenario
        _load(scenario)
        print("workshop: a whole game with a full room on loopback (about a minute)...",
              file=sys.stderr)
        try:
            figures = bench_room(scenario, seed=0)
        except (RuntimeError, TimeoutError) as err:
            raise CliError(f"the workshop benchmark failed: {err}", 1) from None
        if args.browsers:
            from workshop import membench
            from workshop.loadbench import browser_figures

            try:
                figures |= browser_figures(args.browsers)
            except membench.BenchError as err:
                raise CliError(f"the browser benchmark failed: {err}", 1) from None
    elif args.against:
        try:
            figures = compare(args.against, args.scenario, seconds=args.seconds)
        except BenchError as err:
            raise CliError(str(err)) from None
    else:
        _load(args.scenario)
        figures = run_bench(args.scenario, seconds=args.seconds)
    if args.json:
        print(json.dumps(figures, indent=2))
    else:
        for key, value in figures.items():
            print(f"{key:<36} {value}")
    return 0


def cmd_play(args: argparse.Namespace) -> int:
    from tui.launch import launch

    return launch(args)


def _add_lang(parser: argparse.ArgumentParser) -> None:
    """`--lang`, before or after `play` (absent: the language saved in the settings)."""
    from tui.i18n import LANGUAGES

    parser.add_argument("--lang", choices=list(LANGUAGES), default=argparse.SUPPRESS,
                        help="the interface's language for this run: "
                             + ", ".join(f"{code} ({name})" for code, name in LANGUAGES.items())
                             + "; scenario texts, the log and the debrief stay English")


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(
        prog="mufakat", epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Mufakat: ASEAN consensus rounds on peacekeeping. "
                    "With no command, opens the game.")
    _add_lang(parser)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("play", help="play a scenario in the terminal UI")
    _add_lang(p)
    p.add_argument("scenario", nargs="?", help="bundled scenario id or path to a .toml")
    p.add_argument("--as", dest="seats", action="append", default=[], metavar="SEAT",
                   help="a seat you play (repeat for hot-seat play)")
    p.add_argument("--seed", type=_whole(0, MAX_SEED), default=None,
                   help="seed for the event deck and bots (a whole number)")
    p.add_argument("--bots", type=_bots, default="historical", metavar="SPEC",
                   help="computer players: KIND or SEAT=KIND,...,*=KIND; kinds, "
                        f"weakest first: {BOT_KINDS}")
    p.add_argument("--watch", action="store_true",
                   help="reload the scenario when its file is saved, replaying your moves")
    p.add_argument("--from-round", type=_whole(1, 1000), default=1,
                   metavar="N",
                   help="playtest from round N (bots play the rounds before)")
    p.add_argument("--advisor", action="store_true",
                   help="turn the advisor on (key d: the expert bot's move for your seat); "
                        "kept in your settings")
    p.set_defaults(func=cmd_play)

    p = sub.add_parser("scenarios", help="list the bundled scenarios")
    p.add_argument("--json", action="store_true", help="machine-readable output")
    p.set_defaults(func=cmd_scenarios)

    p = sub.add_parser("validate", help="check scenario files: exit 0 valid, 1 problems")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--strict", action="store_true", help="warnings fail too")
    p.set_defaults(func=cmd_validate)

    p = sub.add_parser("simulate", help="play many games with bots and print statistics")
    p.add_argument("scenario", help="bundled scenario id or path to a .toml")
    p.add_argument("--games", type=_whole(1, MAX_GAMES), default=100,
                   help=f"games to play (at most {MAX_GAMES:,})")
    p.add_argument("--seed", type=_whole(0, MAX_SEED), default=0,
                   help="seed of the first game; game i uses SEED+i")
    p.add_argument("--bots", type=_bots, default="historical", metavar="SPEC",
                   help="KIND for every seat, or SEAT=KIND,...,*=KIND "
                        f"(kinds: {BOT_KINDS})")
    p.add_argument("--jobs", type=_whole(1, 100_000), default=1,
                   help="worker processes (capped at the number of CPUs)")
    p.add_argument("--records", metavar="DIR",
                   help="write each game's record here as ID-SEED.jsonl (created if "
                        "missing; a record of the same name is replaced)")
    p.add_argument("--report", metavar="FILE",
                   help="balance report as .md or .html (an existing file is kept "
                        "unless --force)")
    p.add_argument("--force", action="store_true",
                   help="let --report replace an existing file (never a link)")
    p.add_argument("--compare", metavar="SCENARIO",
                   help="also simulate this scenario (bundled id or path, e.g. an edited "
                        "copy) with the same games and seeds, and report the two side by "
                        "side, differences marked")
    p.add_argument("--compare-bots", type=_bots, metavar="SPEC",
                   help="the bots of the compared run (default: --bots); without "
                        "--compare, the same scenario with this line-up")
    p.add_argument("--json", action="store_true",
                   help="one JSON object on stdout ({\"a\": ..., \"b\": ...} with --compare)")
    p.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                   help="progress bar on stderr (default: when stderr is a terminal)")
    p.set_defaults(func=cmd_simulate)

    p = sub.add_parser("replay", help="print a recorded game; --verify checks its hashes")
    p.add_argument("record", metavar="RECORD")
    p.add_argument("--verify", action="store_true", help="exit 1 on any mismatch")
    p.add_argument("--quiet", action="store_true", help="no transcript, problems only")
    p.add_argument("--key", metavar="FILE",
                   help="check a signed record's HMAC chain with the key in FILE")
    p.set_defaults(func=cmd_replay)

    p = sub.add_parser("bench", help="print engine speed figures (or, with --workshop, "
                       "the workshop server's)")
    p.add_argument("--json", action="store_true")
    p.add_argument("--scenario", default=DEFAULT_BENCH)
    p.add_argument("--seconds", type=_seconds, default=2.0,
                   help=f"time per figure (more than 0, at most {MAX_SECONDS:g})")
    p.add_argument("--against", metavar="CHECKOUT",
                   help="compare random playouts with the engine in another checkout "
                        "(a yardstick, e.g. a git worktree of an older commit), in one run")
    p.add_argument("--workshop", action="store_true",
                   help="the workshop server instead: a whole game with every seat on 3 "
                        "connections plus projector and facilitator; time from a move to "
                        "every screen updated, joins, and a loopback yardstick")
    p.add_argument("--browsers", type=_whole(0, 40), default=0, metavar="N",
                   help="with --workshop: also memory per browser seat and page-to-screen "
                        "time for 1 and N browsers (needs chromium)")
    p.set_defaults(func=cmd_bench)

    from tui.analyze_cli import add_analyze_command
    from tui.authoring_cli import add_authoring_commands
    from tui.tournament_cli import add_tournament_command
    from tui.workshop_cli import add_workshop_commands

    add_authoring_commands(sub, CliError)
    add_analyze_command(sub, CliError)
    add_tournament_command(sub, CliError, _progress_bar, _whole, MAX_SEED)
    add_workshop_commands(sub, CliError, BOT_KINDS)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    with terminal_text():
        parser = build_parser()
        args = parser.parse_args(argv)
        if args.command is None:
            args = parser.parse_args(["play", *(argv or [])])
    if args.command in ("play", "join", "console") or (args.command == "host"
                                                       and not args.headless):
        # the TUI owns the terminal
        return _run(args)
    with terminal_text():
        return _run(args)


def _run(args: argparse.Namespace) -> int:
    try:
        status: int = args.func(args)
    except CliError as err:
        print(f"mufakat: error: {err}", file=sys.stderr)
        return err.status
    except KeyboardInterrupt:
        print("mufakat: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except OSError as err:  # the last resort: a file problem no command foresaw
        name = f" {clip(str(err.filename), 120)}:" if err.filename else ""
        print(f"mufakat: error:{name} {err.strerror or err}", file=sys.stderr)
        return 1
    return status


if __name__ == "__main__":
    sys.exit(main())
