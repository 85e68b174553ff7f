"""The `mufakat` command line. With no command it opens the TUI.

Heavy imports (Textual, the engine) wait until a command needs them, so `mufakat
--help` and the engine commands start fast. Every expected failure (a bad scenario,
record or option) prints a clear message and exits non-zero, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

EXAMPLES = """\
examples:
  mufakat                                   open the game
  mufakat play 2003-standby-force --as indonesia
  mufakat scenarios
  mufakat simulate 2011-apcn --games 200 --bots 'indonesia=hard,*=historical'
  mufakat validate my-scenario.toml
  mufakat replay ~/.local/share/mufakat/games/last.jsonl --verify
  mufakat bench
"""


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
        print(f"{r['id']:<{width}}  {r['title']}  [{kind}; {r['seats']} seats, "
              f"{r['rounds']} rounds; {r['sponsor']} sponsors {r['focus']}]")
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


def cmd_simulate(args: argparse.Namespace) -> int:
    from game.bots import BotError
    from game.play.simulate import simulate

    _load(args.scenario)
    if args.games < 1 or args.jobs < 1:
        raise CliError("--games and --jobs must be at least 1")
    if args.records:
        try:
            Path(args.records).mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise CliError(f"cannot use --records {args.records}: {err.strerror}") from None
    if args.report:  # a bad report name fails before the games are played
        from game.play.report import check_report_path

        try:
            check_report_path(Path(args.report))
        except ValueError as err:
            raise CliError(str(err)) from None
    show = args.progress if args.progress is not None else (
        sys.stderr.isatty() and args.games >= 10)
    try:
        result = simulate(args.scenario, args.games, args.seed, args.bots, args.jobs,
                          args.records, _progress_bar("games") if show else None)
    except BotError as err:
        raise CliError(str(err)) from None
    if show:
        print(file=sys.stderr)
    if args.report:
        from game.play.report import write_report

        try:
            write_report(result, Path(args.report))
        except ValueError as err:
            raise CliError(str(err), 1) from None
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        from game.play.report import text_report

        print(text_report(result))
    return 0


def _progress_bar(unit: str) -> Callable[[int, int], None]:
    def show(done: int, total: int) -> None:
        filled = round(30 * done / total)
        sys.stderr.write(f"\r[{'#' * filled}{'.' * (30 - filled)}] {done}/{total} {unit}")
        sys.stderr.flush()

    return show


def cmd_replay(args: argparse.Namespace) -> int:
    from game.play.record import replay
    from game.play.transcript import transcript

    result = replay(args.record, verify=args.verify)
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
        print(f"verified: {len(result.actions)} actions, every checkpoint matches",
              file=sys.stderr)
    return 0


def cmd_bench(args: argparse.Namespace) -> int:
    from game.play.bench import run_bench

    _load(args.scenario)
    if args.seconds <= 0:
        raise CliError("--seconds must be more than 0")
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


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="mufakat", epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Mufakat: ASEAN consensus rounds on peacekeeping. "
                    "With no command, opens the game.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser("play", help="play a scenario in the terminal UI")
    p.add_argument("scenario", nargs="?", help="bundled scenario id or path to a .toml")
    p.add_argument("--as", dest="seats", action="append", default=[], metavar="SEAT",
                   help="a seat you play (repeat for hot-seat play)")
    p.add_argument("--seed", type=int, default=None, help="seed for the event deck and bots")
    p.add_argument("--bots", default="historical", metavar="SPEC",
                   help="computer players: KIND or SEAT=KIND,...,*=KIND")
    p.add_argument("--watch", action="store_true",
                   help="reload the scenario when its file is saved, replaying your moves")
    p.add_argument("--from-round", type=int, default=1, metavar="N",
                   help="playtest from round N (bots play the rounds before)")
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
    p.add_argument("--games", type=int, default=100)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--bots", default="historical", metavar="SPEC",
                   help="KIND for every seat, or SEAT=KIND,...,*=KIND "
                        "(kinds: random, historical, hard)")
    p.add_argument("--jobs", type=int, default=1, help="worker processes")
    p.add_argument("--records", metavar="DIR", help="write each game's record here")
    p.add_argument("--report", metavar="FILE", help="balance report as .md or .html")
    p.add_argument("--json", action="store_true", help="one JSON object on stdout")
    p.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                   help="progress bar on stderr (default: when stderr is a terminal)")
    p.set_defaults(func=cmd_simulate)

    p = sub.add_parser("replay", help="print a recorded game; --verify checks its hashes")
    p.add_argument("record", metavar="RECORD")
    p.add_argument("--verify", action="store_true", help="exit 1 on any mismatch")
    p.add_argument("--quiet", action="store_true", help="no transcript, problems only")
    p.set_defaults(func=cmd_replay)

    p = sub.add_parser("bench", help="print engine speed figures")
    p.add_argument("--json", action="store_true")
    p.add_argument("--scenario", default="2003-standby-force")
    p.add_argument("--seconds", type=float, default=2.0, help="time per figure")
    p.set_defaults(func=cmd_bench)

    from tui.analyze_cli import add_analyze_command
    from tui.authoring_cli import add_authoring_commands

    add_authoring_commands(sub, CliError)
    add_analyze_command(sub, CliError)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        args = parser.parse_args(["play", *(argv or [])])
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
    return status


if __name__ == "__main__":
    sys.exit(main())
