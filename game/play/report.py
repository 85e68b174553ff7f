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

import attrs

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


def bots_label(bots: object) -> str:
    """The per-seat bot line-up as a `--bots` spec: the most common kind as `*=KIND`,
    after the seats that differ (ties go to the first kind in alphabetical order)."""
    if not isinstance(bots, Mapping) or not bots:
        return str(bots)
    counts: dict[str, int] = {}
    for kind in bots.values():
        counts[str(kind)] = counts.get(str(kind), 0) + 1
    common = min(counts, key=lambda k: (-counts[k], k))
    return ", ".join([*(f"{seat}={kind}" for seat, kind in sorted(bots.items())
                        if str(kind) != common), f"*={common}"])


def _title(result: Mapping[str, Any]) -> str:
    return _cell(f"Balance report: {result.get('scenario')}, {result.get('games')} games "
                 f"(seed {result.get('seed')}, bots: {bots_label(result.get('bots', {}))})")


def _headline(result: Mapping[str, Any]) -> list[str]:
    rounds = result.get("rounds_to_focus")
    stages = result.get("norm_stage", {})
    games = max(1, int(result.get("games", 0)))
    lines = [
        _title(result),
        f"Focus {result.get('focus')} (sponsor {result.get('sponsor')}): adopted in "
        f"{_pct(result.get('focus_adoption_rate'))} of games"
        + (f", in round {rounds:.1f} on average" if rounds else ""),
        f"Deadlock (a tabling withdrawn, deferred or failed) in "
        f"{_pct(result.get('deadlock_rate'))} of games",
        "Norm stage at the end: " + ", ".join(
            f"{stage} {_pct(count / games)}" for stage, count in stages.items()),
    ]
    outcome = result.get("asean_outcome")
    if outcome:
        lines.append("ASEAN outcome: " + _five(outcome))
    return [_cell(line) for line in lines]


def _five(q: Mapping[str, float]) -> str:
    return (f"median {q['median']:.2f} (quartiles {q['q1']:.2f} to {q['q3']:.2f}, "
            f"range {q['min']:.2f} to {q['max']:.2f})")


@attrs.frozen
class Table:
    """One section of the report: its heading, column names and rows of cell text
    (file text not yet escaped: each format escapes it as it writes)."""

    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    note: str = ""


def _counts(counts: Mapping[str, int], most: int = 3) -> str:
    return ", ".join(f"{key} {value}" for key, value in list(counts.items())[:most])


def _seats(result: Mapping[str, Any]) -> Table:
    quants = result.get("score_quantiles", {})
    bots = result.get("bots", {})
    bots = bots if isinstance(bots, Mapping) else {}
    objections = result.get("objections", {})
    reservations = result.get("reservations", {})
    reasons = result.get("objection_reasons", {})
    seats = sorted(quants, key=lambda s: (-quants[s]["median"], s))
    rows = tuple((seat, str(bots.get(seat, "")),
                  *(f"{quants[seat][k]:.2f}" for k in ("min", "q1", "median", "q3", "max")),
                  str(objections.get(seat, 0)), str(reservations.get(seat, 0)),
                  _counts(reasons.get(seat, {}))) for seat in seats)
    return Table("Seats", ("seat", "bot", "min", "q1", "median", "q3", "max", "objections",
                           "reservations", "why objected"), rows,
                 "Scores over all games: the quartiles and the range.")


def _measures(result: Mapping[str, Any]) -> Table:
    levels = result.get("adoption_by_ambition", {})
    clauses = result.get("adoption_by_clauses", {})
    tabled = result.get("tabled_by", {})
    stances = result.get("stances_by_measure", {})
    rows = []
    for m, rate in result.get("adoption_rate", {}).items():
        stance = stances.get(m, {})
        rows.append((m, _pct(rate), " / ".join(_pct(r) for r in levels.get(m, {}).values()),
                     ", ".join(f"{k} {_pct(v)}" for k, v in clauses.get(m, {}).items()),
                     _counts(tabled.get(m, {})), str(stance.get("objections", 0)),
                     str(stance.get("reservations", 0))))
    return Table("Measures", ("measure", "adopted", "at ambition 1 / 2 / ...", "clauses",
                              "tabled by (times)", "objections", "reservations"),
                 tuple(rows), "Share of games each measure ends adopted, by the ambition "
                 "and the clauses it carries; who tabled it; the stances declared on it.")


def _rounds(result: Mapping[str, Any]) -> Table:
    focus = result.get("focus_round_histogram", {})
    objections = result.get("objections_by_round", {})
    keys = [k for k in focus if k != "never"] + [k for k in objections if k not in focus]
    rows = tuple((k, str(focus.get(k, 0)), str(objections.get(k, 0))) for k in keys)
    return Table("Rounds", ("round", "focus adopted (games)", "objections"),
                 (*rows, ("never", str(focus.get("never", 0)), "")),
                 "The round the focus was adopted in, and the objections made in each round.")


def _objectives(result: Mapping[str, Any]) -> Table:
    rows = tuple((seat, item["objective"], _pct(item["met"]))
                 for seat, items in result.get("objectives_met", {}).items()
                 for item in items)
    return Table("Objectives met", ("seat", "objective", "met"), rows,
                 "Share of games each objective earned its points.")


def _events(result: Mapping[str, Any]) -> Table:
    def num(value: float | None) -> str:
        return "-" if value is None else f"{value:.2f}"

    rows = tuple((card, str(e["drawn"]), num(e["outcome_drawn"]), num(e["outcome_not"]),
                  _pct(e["focus_drawn"]), _pct(e["focus_not"]))
                 for card, e in result.get("event_effects", {}).items())
    return Table("Event cards", ("card", "drawn (games)", "ASEAN outcome if drawn", "if not",
                                 "focus adopted if drawn", "if not"), rows,
                 "Each card's effect: games that drew it against games that did not.")


def _tables(result: Mapping[str, Any]) -> list[Table]:
    """The report's sections that `result` has figures for."""
    tables = [_seats(result), _measures(result)]
    if "focus_round_histogram" in result:
        tables.append(_rounds(result))
    if "objectives_met" in result:
        tables.append(_objectives(result))
    if result.get("event_effects"):
        tables.append(_events(result))
    return tables


def _text_table(table: Table) -> list[str]:
    rows = [tuple(_cell(c) for c in row) for row in table.rows]
    widths = [max([len(col), *(len(r[i]) for r in rows)])
              for i, col in enumerate(table.columns)]
    line = "  ".join

    def fit(cells: tuple[str, ...]) -> str:
        return line(c.ljust(w) if i == 0 or (not c[:1].isdigit() and c != "-") else c.rjust(w)
                    for i, (c, w) in enumerate(zip(cells, widths, strict=True))).rstrip()

    return ["", table.title + ":", fit(table.columns),
            line("-" * w for w in widths), *(fit(r) for r in rows)]


def text_report(result: Mapping[str, Any]) -> str:
    """A readable summary for the terminal."""
    lines = _headline(result)
    for table in _tables(result):
        lines += _text_table(table)
    return "\n".join(lines)


def check_report_path(path: Path, force: bool = False,
                      suffixes: tuple[str, ...] = SUFFIXES) -> None:
    """Raise ValueError unless `path` names a report this module can write: a name
    ending in one of `suffixes` (.md or .html) in a folder that exists and takes new
    files, and not an existing file (unless `force`), a symbolic link, a folder or a
    device."""
    if path.suffix.lower() not in suffixes:
        kinds = ("in .md (Markdown tables) or .html (a page with charts)"
                 if suffixes == SUFFIXES else "in " + " or ".join(suffixes))
        raise ValueError(f"cannot write a report to `{path}`: the name must end {kinds}")
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


def write_text(text: str, path: Path, force: bool = False,
               suffixes: tuple[str, ...] = SUFFIXES) -> None:
    """Write a report's `text` to `path` as `write_report` does (checked, whole or not
    at all; the name ending in one of `suffixes`); raise ValueError with a clear message
    when it cannot."""
    check_report_path(path, force, suffixes)
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


def _md_table(table: Table, bold: frozenset[tuple[int, int]] = frozenset()) -> list[str]:
    """A section as a Markdown table; the cells at (row, column) in `bold` stand out."""
    def cell(i: int, j: int, text: str) -> str:
        return f"**{md_text(text)}**" if (i, j) in bold else md_text(text)

    return [f"## {md_text(table.title)}", "", *([md_text(table.note), ""] if table.note
                                               else []),
            "| " + " | ".join(md_text(c) for c in table.columns) + " |",
            "|" + "---|" * len(table.columns),
            *("| " + " | ".join(cell(i, j, c) for j, c in enumerate(row)) + " |"
              for i, row in enumerate(table.rows)), ""]


def markdown_report(result: Mapping[str, Any]) -> str:
    head = _headline(result)
    out = [f"# {md_text(head[0])}", "", *(f"- {md_text(line)}" for line in head[1:]), ""]
    for table in _tables(result):
        out += _md_table(table)
    return "\n".join(out)


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


def _svg_boxes(title: str, items: list[tuple[str, Mapping[str, float]]]) -> str:
    """A box plot per row: whiskers from min to max, the box from q1 to q3, a line at
    the median, on one scale for all rows."""
    if not items:
        return ""
    label_w, plot_w, row_h = 170, 360, 24
    low = min(q["min"] for _, q in items)
    high = max(q["max"] for _, q in items)
    span = (high - low) or 1.0

    def x(v: float) -> float:
        return label_w + plot_w * (v - low) / span

    height = row_h * len(items) + 44
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{label_w + plot_w + 80}" '
             f'height="{height}" role="img" aria-label="{html_text(title)}">',
             f'<text x="0" y="14" font-weight="bold">{html_text(title)}</text>']
    for i, (label, q) in enumerate(items):
        y = 24 + i * row_h
        parts += [f'<text x="{label_w - 6}" y="{y + 14}" text-anchor="end">'
                  f"{html_text(label)}</text>",
                  f'<line x1="{x(q["min"]):.1f}" x2="{x(q["max"]):.1f}" y1="{y + 10}" '
                  f'y2="{y + 10}" stroke="#222"/>',
                  f'<rect x="{x(q["q1"]):.1f}" y="{y + 2}" '
                  f'width="{max(x(q["q3"]) - x(q["q1"]), 1):.1f}" height="16" '
                  'fill="#9cc0e6" stroke="#222"/>',
                  f'<line x1="{x(q["median"]):.1f}" x2="{x(q["median"]):.1f}" y1="{y + 2}" '
                  f'y2="{y + 18}" stroke="#c62828" stroke-width="2"/>',
                  f'<text x="{label_w + plot_w + 6}" y="{y + 14}">{q["median"]:g}</text>']
    axis = 24 + len(items) * row_h + 14
    parts += [f'<text x="{label_w}" y="{axis}">{low:g}</text>',
              f'<text x="{label_w + plot_w}" y="{axis}" text-anchor="end">{high:g}</text>',
              "</svg>"]
    return "\n".join(parts)


def _charts(result: Mapping[str, Any]) -> list[str]:
    quants = result.get("score_quantiles", {})
    seats = sorted(quants, key=lambda s: (-quants[s]["median"], s))
    focus = result.get("focus_round_histogram", {})
    objections = result.get("objections", {})
    return [
        _svg_boxes("Scores per seat (box: quartiles; red: median; line: range)",
                   [(s, quants[s]) for s in seats]),
        _svg_bars("Round the focus was adopted in (games)",
                  [(f"round {k}" if k != "never" else k, v, 0) for k, v in focus.items()]),
        _svg_bars("Objections per seat, all games",
                  [(s, objections.get(s, 0), 0) for s in seats]),
        _svg_bars("Adopted in share of games",
                  [(m, round(100 * r), 0) for m, r in result.get("adoption_rate", {}).items()],
                  "%"),
    ]


def _html_table(table: Table, marked: frozenset[tuple[int, int]] = frozenset()) -> str:
    """A section as an HTML table; the cells at (row, column) in `marked` stand out."""
    def cell(i: int, j: int, text: str) -> str:
        kinds = ["marked"] * ((i, j) in marked) + ["n"] * bool(_NUMBER.fullmatch(text))
        mark = f' class="{" ".join(kinds)}"' if kinds else ""
        return f"<td{mark}>{html_text(text)}</td>"

    head = "".join(f"<th>{html_text(c)}</th>" for c in table.columns)
    body = "\n".join("<tr>" + "".join(cell(i, j, c) for j, c in enumerate(row)) + "</tr>"
                     for i, row in enumerate(table.rows))
    note = f"<p>{html_text(table.note)}</p>" if table.note else ""
    return f"<h2>{html_text(table.title)}</h2>{note}\n<table><tr>{head}</tr>\n{body}\n</table>"


_NUMBER = re.compile(r"[-+]?\d[\d.]*(?:%| pts)?")
_STYLE = """body{font-family:sans-serif;max-width:72em;margin:2em auto}
table{border-collapse:collapse;margin-bottom:1em}td,th{border:1px solid #ccc;padding:.2em .6em}
td.marked{background:#ffe08a;font-weight:bold}td.n{text-align:right}
.pair{display:grid;grid-template-columns:1fr 1fr;gap:2em}
svg{display:block;margin:1.5em 0;font-size:13px}"""


def _page(title: str, body: str) -> str:
    return (f'<!doctype html>\n<html lang="en"><head><meta charset="utf-8">\n'
            f"<title>{html_text(title)}</title>\n<style>{_STYLE}</style></head>\n"
            f"<body>{body}</body></html>\n")


def _html_body(result: Mapping[str, Any], level: int = 1) -> str:
    head = _headline(result)
    items = "\n".join(f"<li>{html_text(line)}</li>" for line in head[1:])
    tables = "\n".join(_html_table(t) for t in _tables(result))
    return (f"<h{level}>{html_text(head[0])}</h{level}>\n<ul>{items}</ul>\n{tables}\n"
            f"<h2>Charts</h2>\n{''.join(_charts(result))}")


def html_report(result: Mapping[str, Any]) -> str:
    return _page(_headline(result)[0], _html_body(result))


def _figures(result: Mapping[str, Any]) -> dict[str, tuple[float, bool]]:
    """The figures a comparison sets side by side: name -> (value, is a share)."""
    out: dict[str, tuple[float, bool]] = {
        "focus adopted": (float(result.get("focus_adoption_rate", 0.0)), True),
        "deadlock": (float(result.get("deadlock_rate", 0.0)), True),
        "round the focus is adopted in": (float(result.get("rounds_to_focus") or 0), False),
    }
    if "asean_outcome" in result:
        out["ASEAN outcome (median)"] = (float(result["asean_outcome"]["median"]), False)
    games = max(1, int(result.get("games", 1)))
    for m, rate in result.get("adoption_rate", {}).items():
        out[f"{m} adopted"] = (float(rate), True)
    for seat, q in result.get("score_quantiles", {}).items():
        out[f"{seat} score (median)"] = (float(q["median"]), False)
    for key in ("objections", "reservations"):
        for seat, count in result.get(key, {}).items():
            out[f"{seat} {key} per game"] = (round(count / games, 3), False)
    return out


def notable(a: float, b: float) -> bool:
    """Whether a difference stands out: at least a tenth of the larger value, and at
    least 0.1 (ten points of a share)."""
    return abs(b - a) >= 0.1 * max(abs(a), abs(b), 1.0)


def _value(figure: tuple[float, bool] | None) -> str:
    if figure is None:
        return "-"
    value, share = figure
    return _pct(value) if share else f"{value:.2f}"


def compare_table(a: Mapping[str, Any], b: Mapping[str, Any]) -> Table:
    """A's and B's figures side by side with B - A; `notable` differences are marked."""
    fa, fb = _figures(a), _figures(b)
    names = [*fa, *(k for k in fb if k not in fa)]
    rows = []
    for name in names:
        va, vb = fa.get(name), fb.get(name)
        share = (va or vb or (0.0, False))[1]
        if not share and va is not None and vb is not None and va[0] == vb[0] == 0:
            continue  # e.g. a seat that never objects in either run
        diff = "-" if va is None or vb is None else (
            f"{100 * (vb[0] - va[0]):+.0f} pts" if share else f"{vb[0] - va[0]:+.2f}")
        mark = "*" if va is not None and vb is not None and notable(va[0], vb[0]) else ""
        rows.append((name, _value(va), _value(vb), diff, mark))
    return Table("A against B", ("figure", "A", "B", "B - A", "notable"), tuple(rows),
                 "Notable (*): a difference of at least a tenth of the larger value and "
                 "at least 0.1 (ten points of a share). Counts that are 0 in both runs "
                 "are left out.")


def _marked(table: Table) -> frozenset[tuple[int, int]]:
    return frozenset((i, j) for i, row in enumerate(table.rows) if row[-1]
                     for j in (1, 2, 3))


def compare_text(a: Mapping[str, Any], b: Mapping[str, Any]) -> str:
    """The comparison for the terminal: both titles, then the figures side by side."""
    return "\n".join([f"A: {_title(a)}", f"B: {_title(b)}",
                      *_text_table(compare_table(a, b))])


def compare_markdown(a: Mapping[str, Any], b: Mapping[str, Any]) -> str:
    table = compare_table(a, b)
    return "\n".join([f"# Comparison: {md_text(a.get('scenario'))} against "
                      f"{md_text(b.get('scenario'))}", "", f"- A: {md_text(_title(a))}",
                      f"- B: {md_text(_title(b))}", "", *_md_table(table, _marked(table)),
                      "# A", "", markdown_report(a).split("\n", 1)[1],
                      "# B", "", markdown_report(b).split("\n", 1)[1]])


def compare_html(a: Mapping[str, Any], b: Mapping[str, Any]) -> str:
    table = compare_table(a, b)
    title = f"Comparison: {a.get('scenario')} against {b.get('scenario')}"
    body = (f"<h1>{html_text(title)}</h1>\n<ul><li>A: {html_text(_title(a))}</li>"
            f"<li>B: {html_text(_title(b))}</li></ul>\n{_html_table(table, _marked(table))}"
            f'\n<div class="pair"><div>{_html_body(a, 2)}</div>'
            f"<div>{_html_body(b, 2)}</div></div>")
    return _page(title, body)


def write_compare(a: Mapping[str, Any], b: Mapping[str, Any], path: Path,
                  force: bool = False) -> None:
    """Write the comparison as Markdown or HTML, as `write_report` writes a report."""
    text = compare_markdown(a, b) if path.suffix.lower() == ".md" else compare_html(a, b)
    write_text(text, path, force)
