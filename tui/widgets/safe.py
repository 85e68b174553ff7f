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

import re

from rich.text import Text

from game.rules.text import plain

__all__ = ["block", "line", "md", "md_line", "say", "say_line"]

_MD_INLINE = re.compile(r"([\\`*_\[\]<>|~&!#])")
_MD_LINE_START = re.compile(r"^([-+=])|^(\d+)([.)])")


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


def md_line(text: object) -> str:
    """`text` as literal inline Markdown on one line: no emphasis, link, HTML, code
    span or table cell break can come from it."""
    return _MD_INLINE.sub(r"\\\1", plain(str(text), keep_newlines=False)).strip()


def _line_start(m: re.Match[str]) -> str:
    if m.group(1):
        return "\\" + m.group(1)
    return f"{m.group(2)}\\{m.group(3)}"


def md(text: object) -> str:
    """`text` as literal Markdown paragraphs: inline escapes on every line, and no line
    can start a list, quote, heading underline or code block."""
    lines = []
    for raw in plain(str(text)).split("\n"):
        escaped = _MD_INLINE.sub(r"\\\1", raw.strip())
        lines.append(_MD_LINE_START.sub(_line_start, escaped))
    return "\n".join(lines)
