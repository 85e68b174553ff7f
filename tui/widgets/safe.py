"""Text from scenarios, records, save names, paths and players is content: never markup,
never terminal control.

Textual reads a `str` given to `Static`, `Label`, `Button`, `Option`, a `DataTable`
cell or `notify` as markup, so `[/]` in a member's name raised `MarkupError` and
`[@click=app.quit]` ran an action. Everything the screens show from outside goes
through these helpers: `line` and `block` make `rich.text.Text` (never parsed), `say`
makes the plain string a `notify(..., markup=False)` shows, and `md` escapes text put
into Markdown. All of them first apply `game.rules.text.plain`, which shows ESC, BEL and
other control characters as visible `\\xNN` escapes instead of sending them to the
terminal.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from rich.text import Text
from textual.app import SystemCommand
from textual.markup import escape

from game.rules.text import md, md_line, plain

__all__ = ["block", "commands", "line", "md", "md_line", "say", "say_line"]


def line(text: object, style: str = "") -> Text:
    """One line of content: control characters escaped, newlines shown as spaces."""
    return Text(plain(str(text), keep_newlines=False), style=style, end="")


def block(text: object, style: str = "", end: str = "") -> Text:
    """Content that may span lines: control characters escaped, newlines kept."""
    return Text(plain(str(text)), style=style, end=end)


def say(text: object) -> str:
    """A message for `notify(..., markup=False)` (which takes a `str`), made harmless."""
    return plain(str(text))


def say_line(text: object) -> str:
    """One line for a notification title or a message fragment."""
    return plain(str(text), keep_newlines=False)


def commands(entries: Iterable[SystemCommand]) -> Iterator[SystemCommand]:
    """Command palette entries whose title and help are content: the palette reads both
    as markup, and they carry member and measure names and move texts."""
    for entry in entries:
        yield entry._replace(title=escape(plain(entry.title, keep_newlines=False)),
                             help=escape(plain(entry.help, keep_newlines=False)))
