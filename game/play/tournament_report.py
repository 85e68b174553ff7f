"""The rating table of `mufakat tournament`: a terminal table, Markdown or HTML.

The Markdown report draws each kind's 95% interval as a Unicode bar; the HTML report
draws it as inline SVG (no scripts, no network). Scenario ids and titles come from
files, so they are escaped as `game.play.report` escapes them.
"""

from __future__ import annotations

from pathlib import Path

from game.play.report import html_text, md_text, write_text
from game.play.tournament import Z95, Tournament
from game.rules.text import plain

CHART_WIDTH = 40


def _num(x: float | None, sign: bool = False) -> str:
    if x is None:
        return "–"
    return f"{x:+.2f}" if sign else f"{x:.1f}"


def _pm(x: float | None, se: float | None) -> str:
    return "–" if x is None or se is None else f"{x:+.2f} ± {se:.2f}"


def _headline(t: Tournament) -> str:
    last = t.seed + t.games - 1
    seeds = f"seed {t.seed}" if last == t.seed else f"seeds {t.seed}–{last}"
    return (f"Tournament of {', '.join(t.kinds)}: {len(t.scenarios)} scenario(s), "
            f"{t.games} game(s) per seat and kind ({seeds}), {t.played} games")


def _rows(t: Tournament) -> list[list[str]]:
    """The rating table's cells, best first; the header is `HEADER`."""
    return [[str(i), r.kind, _num(r.mu), _num(r.sigma), f"{_num(r.low)}–{_num(r.high)}",
             _num(r.ordinal), str(r.games), _pm(r.diff, r.diff_se),
             _pm(r.sponsor_diff, r.sponsor_se), _pm(r.other_diff, r.other_se)]
            for i, r in enumerate(t.ratings, 1)]


HEADER = ["#", "kind", "mu", "sigma", "95% interval", "ordinal", "games",
          "points vs seat mean", "as sponsor", "as other seats"]
NOTES = [
    "mu, sigma: openskill Plackett-Luce rating; each game ranks the kinds by their seats' "
    "scores relative to each seat's tournament mean (z-scores); ordinal = mu - 3 sigma",
    "points vs seat mean: the kind's score minus the seat's mean score, per game, "
    "± its standard error over games",
]


def text_table(t: Tournament) -> str:
    """The rating table for the terminal."""
    rows = [HEADER, *(_rows(t))]
    widths = [max(len(plain(r[i], keep_newlines=False)) for r in rows)
              for i in range(len(HEADER))]
    lines = [plain(_headline(t), keep_newlines=False), ""]
    for n, row in enumerate(rows):
        cells = [plain(c, keep_newlines=False) for c in row]
        lines.append("  ".join(c.ljust(w) if i < 2 else c.rjust(w)
                               for i, (c, w) in enumerate(zip(cells, widths, strict=True))))
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join([*lines, "", *NOTES])


def _scale(t: Tournament) -> tuple[float, float]:
    """The range the interval charts share: every kind's interval, with a margin."""
    low = min(r.low for r in t.ratings)
    high = max(r.high for r in t.ratings)
    pad = max(1.0, (high - low) * 0.05)
    return low - pad, high + pad


def text_interval(low: float, mid: float, high: float, scale: tuple[float, float],
                  width: int = CHART_WIDTH) -> str:
    """An interval as a Unicode bar: `├──●──┤` placed on a `·` line spanning `scale`."""
    lo, hi = scale

    def col(x: float) -> int:
        return min(width - 1, max(0, round((x - lo) / (hi - lo) * (width - 1))))

    a, m, b = col(low), col(mid), col(high)
    cells = ["·"] * width
    for i in range(a, b + 1):
        cells[i] = "─"
    cells[a], cells[b] = "├", "┤"
    cells[m] = "●"
    return "".join(cells)


def markdown_report(t: Tournament) -> str:
    scale = _scale(t)
    out = [f"# {md_text(_headline(t))}", "", "## Ratings", "",
           "| " + " | ".join(HEADER) + " |",
           "|" + "|".join("---" if i == 1 else "---:" for i in range(len(HEADER))) + "|"]
    out += ["| " + " | ".join(md_text(c) for c in row) + " |" for row in _rows(t)]
    out += ["", *(f"- {md_text(note)}" for note in NOTES), "",
            f"## 95% intervals of mu (from {scale[0]:.1f} to {scale[1]:.1f})", "",
            "| kind | interval | mu |", "|---|---|---:|"]
    out += [f"| {md_text(r.kind)} | `{text_interval(r.low, r.mu, r.high, scale)}` | "
            f"{r.mu:.1f} |" for r in t.ratings]
    out += ["", "## Scenarios", "", "| scenario | title |", "|---|---|"]
    out += [f"| {md_text(sid)} | {md_text(t.titles.get(sid, ''))} |" for sid in t.scenarios]
    return "\n".join(out) + "\n"


def svg_intervals(title: str, items: list[tuple[str, float, float, float]],
                  zero: bool = False) -> str:
    """A chart of (label, low, value, high): a bar from the axis to the value and the
    interval as a whisker; `zero` draws the axis at 0 (for differences)."""
    if not items:
        return ""
    label_w, plot_w, row_h = 120, 420, 24
    lo = min(min(x[1] for x in items), 0.0 if zero else min(x[1] for x in items))
    hi = max(max(x[3] for x in items), 0.0 if zero else max(x[3] for x in items))
    pad = max(1e-9, (hi - lo) * 0.05)
    lo, hi = lo - pad, hi + pad
    base = 0.0 if zero else lo

    def x(v: float) -> float:
        return label_w + plot_w * (v - lo) / (hi - lo)

    height = 40 + row_h * len(items)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{label_w + plot_w + 70}" '
             f'height="{height}" role="img" aria-label="{html_text(title)}">',
             f'<text x="0" y="14" font-weight="bold">{html_text(title)}</text>',
             f'<line x1="{x(base):.1f}" x2="{x(base):.1f}" y1="22" y2="{height - 14}" '
             'stroke="#888"/>',
             f'<text x="{x(base):.1f}" y="{height - 2}" text-anchor="middle">{base:.1f}</text>']
    for i, (label, low, value, high) in enumerate(items):
        y = 24 + i * row_h
        left, right = sorted((x(base), x(value)))
        parts += [f'<text x="{label_w - 6}" y="{y + 14}" text-anchor="end">'
                  f"{html_text(label)}</text>",
                  f'<rect x="{left:.1f}" y="{y + 4}" width="{right - left:.1f}" height="12" '
                  'fill="#4a7fb5"/>',
                  f'<line x1="{x(low):.1f}" x2="{x(high):.1f}" y1="{y + 10}" y2="{y + 10}" '
                  'stroke="#222" stroke-width="1.5"/>',
                  f'<line x1="{x(low):.1f}" x2="{x(low):.1f}" y1="{y + 5}" y2="{y + 15}" '
                  'stroke="#222"/>',
                  f'<line x1="{x(high):.1f}" x2="{x(high):.1f}" y1="{y + 5}" y2="{y + 15}" '
                  'stroke="#222"/>',
                  f'<text x="{x(high) + 6:.1f}" y="{y + 14}">{value:.1f}</text>']
    parts.append("</svg>")
    return "\n".join(parts)


def html_report(t: Tournament) -> str:
    head = html_text(_headline(t))
    table = "\n".join("<tr>" + "".join(f"<td>{html_text(c)}</td>" for c in row) + "</tr>"
                      for row in _rows(t))
    charts = [
        svg_intervals("Rating mu with its 95% interval (mu ± 1.96 sigma)",
                      [(r.kind, r.low, r.mu, r.high) for r in t.ratings]),
        svg_intervals("Points vs the seat's mean, ± 1.96 standard errors",
                      [(r.kind, r.diff - Z95 * r.diff_se, r.diff, r.diff + Z95 * r.diff_se)
                       for r in t.ratings], zero=True),
    ]
    notes = "\n".join(f"<li>{html_text(n)}</li>" for n in NOTES)
    scenarios = "\n".join(f"<tr><td>{html_text(sid)}</td><td>{html_text(t.titles.get(sid, ''))}"
                          "</td></tr>" for sid in t.scenarios)
    heads = "".join(f"<th>{html_text(h)}</th>" for h in HEADER)
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>{head}</title>
<style>body{{font-family:sans-serif;max-width:64em;margin:2em auto}}
table{{border-collapse:collapse}}td,th{{border:1px solid #ccc;padding:.2em .6em}}
svg{{display:block;margin:1.5em 0;font-size:13px}}</style></head>
<body><h1>{head}</h1>
<h2>Ratings</h2>
<table><tr>{heads}</tr>
{table}
</table>
<ul>{notes}</ul>
<h2>Charts</h2>
{"".join(charts)}
<h2>Scenarios</h2>
<table><tr><th>scenario</th><th>title</th></tr>
{scenarios}
</table>
</body></html>
"""


def write_report(t: Tournament, path: Path, force: bool = False) -> None:
    """Write the report as Markdown or HTML by `path`'s suffix (see
    `game.play.report.write_text` for the checks); raise ValueError when it cannot."""
    text = markdown_report(t) if path.suffix.lower() == ".md" else html_report(t)
    write_text(text, path, force)
