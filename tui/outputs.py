"""How a measuring command hands over its result: a report file if asked, then JSON or
the text table on stdout. Shared by `simulate` and `tournament`."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any


def emit(args: argparse.Namespace, figures: Any, text: Callable[[], str],
         write_report: Callable[[Path, bool], None],
         error: Callable[[str, int], Exception]) -> None:
    """Write `args.report` (refusing to replace a file unless `args.force`), then print
    `figures` as JSON with `args.json`, else `text()`. A report that cannot be written
    is `error(message, 1)`."""
    if args.report:
        try:
            write_report(Path(args.report), args.force)
        except ValueError as err:
            raise error(str(err), 1) from None
    print(json.dumps(figures, indent=2) if args.json else text())
