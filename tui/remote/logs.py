"""Writing what the server sends into a screen's `RichLog`s, the same way on every
workshop screen: sentences as content (never markup), only the new ones each time."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from textual.widgets import RichLog

from tui.remote.press import press_line
from tui.widgets.safe import block


def write_new(log: RichLog, sentences: Sequence[str], written: int) -> int:
    """Write `sentences` after the first `written` (all afresh if there are fewer now);
    returns how many the log holds."""
    if written > len(sentences):
        log.clear()
        written = 0
    for sentence in sentences[written:]:
        log.write(block(sentence, end="\n"))
    return len(sentences)


def write_press(log: RichLog, messages: Iterable[Mapping[str, Any]],
                names: Mapping[str, str]) -> None:
    for item in messages:
        log.write(block(press_line(item, names), end="\n"))
