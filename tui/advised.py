"""How often each seat asked the advisor, kept in a small file beside the game's record.

The record has no room for it (`replay --verify` accepts only actions, checkpoints and
injects, in a hash chain), and asking is not a move: so `last.jsonl` has
`last.advisor.json` beside it, which goes with the record into the archive, is copied
with it when the game is saved under a name, and is read back when it is resumed.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path

from tui import storage

SUFFIX = ".advisor.json"
SIZE_LIMIT = 64 * 1024


def beside(record: Path) -> Path:
    """The counts' file of `record` (`last.jsonl` -> `last.advisor.json`)."""
    return record.with_name(record.stem + SUFFIX)


def read(record: Path) -> tuple[dict[str, int], str | None]:
    """Seat -> times asked for the game in `record`, and what was wrong with the file
    (then no counts); no file is no asks, without a problem."""
    where = beside(record)
    try:
        if not where.exists():
            return {}, None
        if where.stat().st_size > SIZE_LIMIT:
            raise ValueError("too large")
        data = json.loads(where.read_text(encoding="utf-8"))
    except OSError as err:
        return {}, storage.problem("read", where, err)
    except ValueError as err:  # bad JSON or text: the counts are lost, not the game
        return {}, f"{storage.show_path(where)} is not an advisor count ({err}); it is ignored"
    if not isinstance(data, dict) or not all(
            isinstance(k, str) and type(v) is int and v >= 0 for k, v in data.items()):
        return {}, (f"{storage.show_path(where)} must map each seat to a whole number; "
                    "it is ignored")
    return dict(data), None


def write(record: Path, counts: Mapping[str, int]) -> None:
    """Keep `counts` beside `record`; `StorageError` names the path and the fault."""
    storage.write_atomic(beside(record), json.dumps(dict(counts), sort_keys=True))


def follow(record: Path, moved_to: Path | None) -> None:
    """The record left `record` for `moved_to` (the archive), or is gone (None): its
    counts go with it, so the next game there starts with none. `OSError` if not."""
    source = beside(record)
    if moved_to is not None and source.exists():
        os.replace(source, beside(moved_to))
    else:
        source.unlink(missing_ok=True)
