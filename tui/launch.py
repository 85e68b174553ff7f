"""The entry from `mufakat` / `mufakat play`: check the options, then open the app.

Textual and the engine are imported only inside `launch`, so importing this module
(as `mufakat --help` does) stays cheap. A bad scenario, seat or bots spec prints a
clear message on stderr and returns 2 before any screen opens.
"""

from __future__ import annotations

import argparse
import sys


def _fail(message: str) -> int:
    """Print `message` (which may quote a scenario file: control characters are shown
    as escapes, never sent to the terminal) and return the usage status."""
    from game.rules.text import plain

    print(f"mufakat: error: {plain(message)}", file=sys.stderr)
    return 2


def launch(args: argparse.Namespace) -> int:
    """Open the start screen, or the game `args` describes; return the exit status."""
    from tui.app import MufakatApp

    if args.scenario is None:
        if args.seats or args.watch or args.from_round != 1:
            return _fail("--as, --watch and --from-round need a SCENARIO; "
                         "e.g. `mufakat play 2011-apcn --as indonesia`")
        MufakatApp(language=getattr(args, "lang", None),
                   advisor=getattr(args, "advisor", False)).run()
        return 0
    from tui.plan import PlanError, make_plan  # the engine loads only when a game starts

    try:
        plan = make_plan(args.scenario, args.seats, args.seed, args.bots, args.watch,
                         args.from_round)
    except PlanError as err:
        return _fail(str(err))
    MufakatApp(plan=plan, language=getattr(args, "lang", None),
               advisor=getattr(args, "advisor", False)).run()
    return 0
