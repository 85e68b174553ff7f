"""Text from files and players is content: never markup, never terminal control.

`plain` is applied wherever such text reaches a terminal, a screen or a report; the
output formats (Rich markup, Markdown, HTML, Mermaid) escape it further on top.
"""

from __future__ import annotations

import re
import unicodedata

_MD_INLINE = re.compile(r"([\\`*_\[\]<>|~&!#])")
_MD_LINE_START = re.compile(r"^([-+=])|^(\d+)([.)])")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def plain(text: str, *, keep_newlines: bool = True) -> str:
    """`text` with every control character (ESC, BEL, C1 codes, bidi overrides) shown as
    a visible `\\xNN` escape instead of acting on the terminal; tabs become spaces.
    Newlines are kept unless `keep_newlines` is false, then they become spaces."""
    text = text.replace("\t", " ")
    if not keep_newlines:
        text = text.replace("\r\n", " ").replace("\n", " ")
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", unicodedata.normalize("NFC", text))


def clip(text: str, limit: int = 200) -> str:
    """At most `limit` characters of `text` (plain), marking the cut, for echoing input
    back in an error message."""
    text = plain(text, keep_newlines=False)
    return text if len(text) <= limit else f"{text[:limit]}… ({len(text):,} characters)"


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
