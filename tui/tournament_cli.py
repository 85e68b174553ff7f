"""`mufakat tournament`: seat-swapped round robins between bot kinds, with ratings.

    mufakat tournament --games 2 --kinds random,historical,hard --jobs 2
    mufakat tournament --scenarios 2011-apcn --json
    mufakat tournament --report ratings.html

`tui.cli` adds the command to its parser. The engine is imported only when it runs;
every expected failure is the CLI's error (a message and exit status 2), never a
traceback. The schedule and the ratings are documented in `game.play.tournament`.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

ErrorFactory = Callable[..., Exception]
"""`CliError(message, status=2)` from `tui.cli`."""
BarFactory = Callable[[str], Callable[[int, int], None]]
"""`tui.cli._progress_bar`: a progress bar on stderr for a unit."""
MAX_GAMES = 100_000


def add_tournament_command(sub: Any, error: ErrorFactory, bar: BarFactory,
                           whole: Callable[[int, int], Callable[[str], int]],
                           max_seed: int) -> None:
    """Add `tournament` to `sub`, the parser's subparsers object; `whole(low, high)` is
    the CLI's checked whole-number type."""
    p = sub.add_parser(
        "tournament", help="rate the bot kinds against each other: seat-swapped round "
        "robins over the scenarios (openskill ratings with 95%% intervals)")
    p.add_argument("--scenarios", metavar="LIST",
                   help="comma-separated scenario ids or .toml paths (default: every "
                        "bundled scenario but the tutorial)")
    p.add_argument("--kinds", metavar="LIST",
                   help="comma-separated bot kinds, at least two (default: every kind)")
    p.add_argument("--games", type=whole(1, MAX_GAMES), default=1,
                   help="games per scenario, seat and kind (default 1: with every kind "
                        "and scenario, 268 games, about 25 minutes of CPU; at most "
                        f"{MAX_GAMES:,})")
    p.add_argument("--seed", type=whole(0, max_seed), default=0,
                   help="game i of each seat and kind uses seed SEED+i")
    p.add_argument("--jobs", type=whole(1, 100_000), default=1,
                   help="worker processes (capped at the number of CPUs)")
    p.add_argument("--json", action="store_true", help="one JSON object on stdout")
    p.add_argument("--report", metavar="FILE",
                   help="report as .md or .html, with charts (an existing file is kept "
                        "unless --force)")
    p.add_argument("--force", action="store_true",
                   help="let --report replace an existing file (never a link)")
    p.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                   help="progress bar on stderr (default: when stderr is a terminal)")
    p.set_defaults(func=lambda args: cmd_tournament(args, error, bar))


def _list(text: str | None) -> list[str] | None:
    return None if text is None else [x.strip() for x in text.split(",") if x.strip()]


def cmd_tournament(args: argparse.Namespace, error: ErrorFactory, bar: BarFactory) -> int:
    from game.play.tournament import TournamentError, check_kinds, tournament
    from game.rules.text import clip
    from game.scenario.loader import ScenarioError, bundled_ids, contest_ids, load_scenario

    try:
        kinds = check_kinds(_list(args.kinds))
    except TournamentError as err:
        raise error(f"--kinds: {err}") from None
    refs = _list(args.scenarios)
    if refs is not None and not refs:
        raise error("--scenarios: no scenario given; bundled: " + ", ".join(bundled_ids()))
    scenarios = []
    for ref in dict.fromkeys(contest_ids() if refs is None else refs):
        try:
            scenarios.append(load_scenario(ref))
        except ScenarioError as err:
            raise error(f"cannot load scenario `{clip(ref, 80)}`:\n"
                        + "\n".join(str(p) for p in err.problems)
                        + "\nbundled: " + ", ".join(bundled_ids())) from None
        except OSError as err:
            raise error(f"cannot load scenario `{clip(ref, 80)}`: {err.strerror}") from None
    if args.report:  # a bad report name fails before the games are played
        from game.play.report import check_report_path

        try:
            check_report_path(Path(args.report), args.force)
        except ValueError as err:
            raise error(str(err)) from None
    show = args.progress if args.progress is not None else sys.stderr.isatty()
    try:
        result = tournament(scenarios, kinds, args.games, args.seed, args.jobs,
                            bar("games") if show else None)
    except TournamentError as err:
        raise error(str(err)) from None
    if show:
        print(file=sys.stderr)
    from game.play.tournament_report import text_table, write_report
    from tui.outputs import emit

    emit(args, result.to_json(), lambda: text_table(result),
         lambda path, force: write_report(result, path, force), error)
    return 0
