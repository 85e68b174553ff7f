"""The balance report of `mufakat simulate`: a terminal table, Markdown or HTML.

It reads the dict `game.simulate.simulate` returns and answers an author's questions:
is any seat's score far above the others, is the focus ever adopted and how soon, how
often do games deadlock, and who objects most and why. The HTML report draws its
charts as inline SVG, so it is one file with no scripts and no network.
"""

from __future__ import annotations

import contextlib
import html
import os
import re
import stat
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from game.rules.files import unwritable
from game.rules.text import plain

SUFFIXES = (".md", ".html")

_MD_SPECIAL = re.compile(r"[\\`*_\[\]|<>&]")
_MD_ENTITY = {"<": "&lt;", ">": "&gt;", "&": "&amp;"}


def md_text(text: object) -> str:
    """File text as inert Markdown on one line: control characters shown as escapes,
    newlines as spaces, `<`, `>` and `&` as entities (no raw HTML such as `<img
    onerror>`), and `\\`, backticks, `*`, `_`, `[`, `]` and `|` backslash-escaped (no
    code spans, emphasis, links, nor a table cell cut in two)."""
    return _MD_SPECIAL.sub(lambda m: _MD_ENTITY.get(m.group(), "\\" + m.group()),
                           plain(str(text), keep_newlines=False))


def html_text(text: object) -> str:
    """File text as inert HTML (element content or a quoted attribute value)."""
    return html.escape(plain(str(text), keep_newlines=False), quote=True)


def _cell(text: object) -> str:
    """File text for one cell of the terminal table: one line, no control characters."""
    return plain(str(text), keep_newlines=False)


def _pct(rate: float | None) -> str:
    return "-" if rate is None else f"{100 * rate:.0f}%"


def _why(reasons: Mapping[str, int], most: int = 3) -> str:
    return ", ".join(f"{_cell(reason)} {count}"
                     for reason, count in list(reasons.items())[:most])


def _headline(result: Mapping[str, Any]) -> list[str]:
    bots = result.get("bots", {})
    kinds = (", ".join(sorted({str(k) for k in bots.values()})) if isinstance(bots, Mapping)
             else str(bots))
    rounds = result.get("rounds_to_focus")
    stages = result.get("norm_stage", {})
    games = max(1, int(result.get("games", 0)))
    lines = [
        f"Balance report: {result.get('scenario')}, {result.get('games')} games "
        f"(seed {result.get('seed')}, bots: {kinds})",
        f"Focus {result.get('focus')} (sponsor {result.get('sponsor')}): adopted in "
        f"{_pct(result.get('focus_adoption_rate'))} of games"
        + (f", in round {rounds:.1f} on average" if rounds else ""),
        f"Deadlock (a tabling withdrawn, deferred or failed) in "
        f"{_pct(result.get('deadlock_rate'))} of games",
        "Norm stage at the end: " + ", ".join(
            f"{stage} {_pct(count / games)}" for stage, count in stages.items()),
    ]
    return [_cell(line) for line in lines]


def _seat_rows(result: Mapping[str, Any]) -> list[tuple[str, float, float, int, str]]:
    means = result.get("mean_scores", {})
    spread = result.get("score_spread", {})
    objections = result.get("objections", {})
    reasons = result.get("objection_reasons", {})
    rows = [(_cell(seat), float(means[seat]), float(spread.get(seat, 0.0)),
             int(objections.get(seat, 0)), _why(reasons.get(seat, {}))) for seat in means]
    return sorted(rows, key=lambda r: (-r[1], r[0]))


def text_report(result: Mapping[str, Any]) -> str:
    """A readable summary for the terminal."""
    lines = _headline(result)
    rows = _seat_rows(result)
    width = max([len("seat"), *(len(r[0]) for r in rows)])
    lines += ["", f"{'seat':<{width}}  {'mean':>7}  {'spread':>6}  {'objections':>10}  why",
              f"{'-' * width}  {'-' * 7}  {'-' * 6}  {'-' * 10}  {'-' * 20}"]
    lines += [f"{seat:<{width}}  {mean:>7.2f}  {sd:>6.2f}  {obj:>10}  {why}"
              for seat, mean, sd, obj, why in rows]
    adoption = result.get("adoption_rate", {})
    if adoption:
        mwidth = max(len(_cell(m)) for m in adoption)
        lines += ["", "Adopted in share of games:"]
        lines += [f"  {_cell(m):<{mwidth}}  {_pct(rate):>4}  {'#' * round(20 * rate)}"
                  for m, rate in adoption.items()]
    return "\n".join(lines)


def check_report_path(path: Path, force: bool = False) -> None:
    """Raise ValueError unless `path` names a report this module can write: a .md or
    .html name in a folder that exists and takes new files, and not an existing file
    (unless `force`), a symbolic link, a folder or a device."""
    if path.suffix.lower() not in SUFFIXES:
        raise ValueError(f"cannot write a report to `{path}`: the name must end in .md "
                         "(Markdown with text bars) or .html (a page with charts)")
    folder = path.parent
    if not folder.is_dir():
        what = "is not a folder" if folder.exists() else "does not exist"
        raise ValueError(f"cannot write the report to `{path}`: the folder `{folder}` "
                         f"{what}; create it first or choose another --report path")
    try:
        info = os.lstat(path)
    except FileNotFoundError:
        info = None
    except OSError as err:
        raise ValueError(f"cannot write the report to `{path}`: {err.strerror}") from None
    if info is not None:
        if stat.S_ISLNK(info.st_mode):
            raise ValueError(f"cannot write the report to `{path}`: it is a symbolic link, "
                             "which a report never follows; remove it or choose another "
                             "name")
        if not stat.S_ISREG(info.st_mode):
            raise ValueError(f"cannot write the report to `{path}`: it exists and is not "
                             "a regular file; choose another name")
        if not force:
            raise ValueError(f"cannot write the report to `{path}`: the file already "
                             "exists; add --force to replace it, or choose another name")
    why = unwritable(folder)
    if why:
        raise ValueError(f"cannot write the report to `{path}`: the folder `{folder}` "
                         f"does not take new files ({why})")


def write_report(result: Mapping[str, Any], path: Path, force: bool = False) -> None:
    """Write the report as Markdown or HTML, chosen by `path`'s suffix; raise ValueError
    with a clear message for any other suffix, an existing file (unless `force`), a
    symbolic link, or when the file cannot be written. The report is written whole to a
    new file first, so a full disk never leaves a half report nor spoils the old one."""
    text = markdown_report(result) if path.suffix.lower() == ".md" else html_report(result)
    write_text(text, path, force)


def write_text(text: str, path: Path, force: bool = False) -> None:
    """Write a report's `text` to `path` as `write_report` does (checked, whole or not
    at all); raise ValueError with a clear message when it cannot."""
    check_report_path(path, force)
    folder = path.parent
    tmp = ""
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        if force:
            os.replace(tmp, path)  # replaces a name, never follows a link there
        else:
            _link_new(tmp, path, text)
            os.unlink(tmp)
        tmp = ""
    except FileExistsError:
        raise ValueError(f"cannot write the report to `{path}`: the file already exists; "
                         "add --force to replace it, or choose another name") from None
    except OSError as err:
        raise ValueError(f"cannot write the report to `{path}`: {err.strerror}; "
                         "nothing was written") from None
    finally:
        if tmp:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def _link_new(tmp: str, path: Path, text: str) -> None:
    """Give the written file `tmp` the new name `path`, failing if `path` exists."""
    try:
        os.link(tmp, path)  # fails if the name was taken meanwhile
    except (FileExistsError, FileNotFoundError):
        raise
    except OSError:  # a file system without hard links: create the name exclusively
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
        fd = os.open(path, flags, 0o644)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text)
        except OSError:
            os.unlink(path)
            raise


def _bar(value: float, most: float, width: int = 20) -> str:
    return "█" * round(width * value / most) if most > 0 else ""


def markdown_report(result: Mapping[str, Any]) -> str:
    head = _headline(result)
    rows = _seat_rows(result)
    top = max([abs(r[1]) for r in rows] + [1e-9])
    most_obj = max([r[3] for r in rows] + [0])
    out = [f"# {md_text(head[0])}", "", *(f"- {md_text(line)}" for line in head[1:]), "",
           "## Seats", "", "| seat | mean score | spread | | objections | why |",
           "|---|---:|---:|---|---:|---|"]
    out += [f"| {md_text(seat)} | {mean:.2f} | {sd:.2f} | {_bar(max(mean, 0), top)} | {obj} "
            f"{_bar(obj, most_obj, 10)} | {md_text(why)} |"
            for seat, mean, sd, obj, why in rows]
    out += ["", "## Adoption by measure", "", "| measure | adopted | |", "|---|---:|---|"]
    out += [f"| {md_text(m)} | {_pct(rate)} | {_bar(rate, 1.0)} |"
            for m, rate in result.get("adoption_rate", {}).items()]
    return "\n".join(out) + "\n"


def _svg_bars(title: str, items: list[tuple[str, float, float]], unit: str = "") -> str:
    """A horizontal bar chart: (label, value, whisker) per bar, whisker 0 for none."""
    if not items:
        return ""
    label_w, bar_w, row_h = 170, 360, 22
    top = max([abs(v) + w for _, v, w in items] + [1e-9])
    height = row_h * len(items) + 30
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{label_w + bar_w + 80}" '
             f'height="{height}" role="img" aria-label="{html_text(title)}">',
             f'<text x="0" y="14" font-weight="bold">{html_text(title)}</text>']
    for i, (label, value, whisker) in enumerate(items):
        y = 24 + i * row_h
        width = bar_w * max(value, 0) / top
        parts.append(f'<text x="{label_w - 6}" y="{y + 14}" text-anchor="end">'
                     f"{html_text(label)}</text>")
        parts.append(f'<rect x="{label_w}" y="{y + 3}" width="{width:.1f}" height="14" '
                     'fill="#4a7fb5"/>')
        if whisker:
            lo = label_w + bar_w * max(value - whisker, 0) / top
            hi = label_w + bar_w * (value + whisker) / top
            parts.append(f'<line x1="{lo:.1f}" x2="{hi:.1f}" y1="{y + 10}" y2="{y + 10}" '
                         'stroke="#222" stroke-width="1.5"/>')
        parts.append(f'<text x="{label_w + width + 6 + (bar_w * whisker / top):.1f}" '
                     f'y="{y + 14}">{value:g}{unit}</text>')
    parts.append("</svg>")
    return "\n".join(parts)


def html_report(result: Mapping[str, Any]) -> str:
    head = _headline(result)
    rows = _seat_rows(result)
    adoption = result.get("adoption_rate", {})
    table = "\n".join(
        f"<tr><td>{html_text(seat)}</td><td>{mean:.2f}</td><td>{sd:.2f}</td>"
        f"<td>{obj}</td><td>{html_text(why)}</td></tr>" for seat, mean, sd, obj, why in rows)
    charts = [
        _svg_bars("Mean score per seat (line: one standard deviation)",
                  [(s, round(m, 2), sd) for s, m, sd, _, _ in rows]),
        _svg_bars("Objections per seat, all games", [(s, o, 0) for s, _, _, o, _ in rows]),
        _svg_bars("Adopted in share of games",
                  [(m, round(100 * r), 0) for m, r in adoption.items()], "%"),
    ]
    items = "\n".join(f"<li>{html_text(line)}</li>" for line in head[1:])
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>{html_text(head[0])}</title>
<style>body{{font-family:sans-serif;max-width:60em;margin:2em auto}}
table{{border-collapse:collapse}}td,th{{border:1px solid #ccc;padding:.2em .6em}}
svg{{display:block;margin:1.5em 0;font-size:13px}}</style></head>
<body><h1>{html_text(head[0])}</h1>
<ul>{items}</ul>
<h2>Seats</h2>
<table><tr><th>seat</th><th>mean score</th><th>spread</th><th>objections</th>
<th>why</th></tr>
{table}
</table>
<h2>Charts</h2>
{"".join(charts)}
</body></html>
"""
