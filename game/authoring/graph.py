"""Diagrams of a scenario: its measure prerequisites (as Mermaid text, or drawn as an
SVG picture) and the round's phases (Mermaid).

Authors paste them into Markdown (GitHub, Obsidian and most editors render Mermaid)
to see at a glance what must be adopted before what, and how a round flows. The phase
diagram is drawn from the same transitions table the engine runs on, so it cannot
drift from the rules. The SVG picture is drawn here, in layers (a measure one column
right of its deepest prerequisite), so it needs no script and works offline.
"""

from __future__ import annotations

import hashlib
import re

from game.play.report import html_text, md_text
from game.rules.engine import TABLE
from game.rules.enums import Phase
from game.rules.model import Scenario
from game.rules.text import plain

_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_SAFE = re.compile(r"[\w ,.:/()'!?+=-]", re.ASCII)


def _node(measure_id: str) -> str:
    """A Mermaid id for a measure: `m_` and the id with `_` for `-` when the id is a
    slug (lower-case letters, digits, dashes), else `h_` and a digest of it, so no file
    text ever becomes Mermaid syntax; labels show the id."""
    if _SLUG.fullmatch(measure_id):
        return "m_" + measure_id.replace("-", "_")
    return "h_" + hashlib.sha256(measure_id.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def _label(text: object) -> str:
    """File text for inside a quoted Mermaid label: one line, and every character but
    letters, digits and plain punctuation written as an entity (`#quot;`, `#60;`), so it
    can neither close the label, start a statement or directive (`click`, `%%{init}`),
    nor carry HTML or Markdown."""
    return "".join(ch if _SAFE.match(ch) or (ch.isalnum() and ch.isprintable()) else
                   "#quot;" if ch == '"' else f"#{ord(ch)};"
                   for ch in plain(str(text), keep_newlines=False))


def _used(sc: Scenario) -> list[str]:
    """The measures on the agenda or in force and all their prerequisites, by
    intrusiveness then id."""
    used: set[str] = set(sc.agenda) | set(sc.adopted)
    todo = list(used)
    while todo:
        for req in sc.measures[todo.pop()].requires:
            if req not in used:
                used.add(req)
                todo.append(req)
    return sorted(used, key=lambda m: (sc.measures[m].intrusiveness, m))


def _group(sc: Scenario, mid: str) -> str:
    """How a measure is styled: focus, adopted (in force at the start), agenda or other."""
    if mid == sc.focus:
        return "focus"
    if mid in sc.adopted:
        return "adopted"
    return "agenda" if mid in sc.agenda else "other"


def measure_graph(sc: Scenario) -> str:
    """A flowchart of the measures this scenario uses, prerequisites pointing to what
    they unlock; in force at the start, on the agenda and the focus are styled apart."""
    order = _used(sc)
    lines = ["flowchart LR"]
    for mid in order:
        m = sc.measures[mid]
        name = f"<br/>{_label(m.name)}" if m.name and m.name != mid else ""
        lines.append(f'    {_node(mid)}["{_label(mid)}{name}<br/>{_label(m.stage)}, '
                     f'intrusiveness {_label(m.intrusiveness)}"]')
    for mid in order:
        for req in sc.measures[mid].requires:
            lines.append(f"    {_node(req)} --> {_node(mid)}")
    lines += [
        "    classDef adopted fill:#d7ecd9,stroke:#2e7d32",
        "    classDef agenda fill:#fff4cc,stroke:#b28704",
        "    classDef focus fill:#ffd8cc,stroke:#c62828,stroke-width:3px",
        "    classDef other fill:#eeeeee,stroke:#888888,stroke-dasharray:4",
    ]
    for style in _COLOURS:
        members = [m for m in order if _group(sc, m) == style]
        if members:
            lines.append(f"    class {','.join(_node(m) for m in members)} {style}")
    return "\n".join(lines) + "\n"


def phase_graph() -> str:
    """The round as a state diagram, one arrow per trigger of `game.rules.phases`."""
    lines = ["stateDiagram-v2", f"    [*] --> {Phase.BRIEFING}"]
    for t in TABLE.transitions:
        guard = ""
        if "conditions" in t:
            guard = f" [{t['conditions']}]"
        elif "unless" in t:
            guard = f" [not {t['unless']}]"
        lines.append(f"    {t['source']} --> {t['dest']}: {t['trigger']}{guard}")
    lines.append(f"    {Phase.OVER} --> [*]")
    return "\n".join(lines) + "\n"


def markdown(sc: Scenario) -> str:
    """Both diagrams as fenced Markdown, ready to paste into notes."""
    return (f"## {md_text(sc.title)}: measure prerequisites\n\n"
            "Green: in force at the start; yellow: on the agenda; red: the focus; "
            "grey: a prerequisite that is neither.\n\n"
            f"```mermaid\n{measure_graph(sc)}```\n\n"
            f"## The round's phases\n\n```mermaid\n{phase_graph()}```\n")


_COLOURS = {  # group -> (fill, stroke), as in the Mermaid classDefs
    "adopted": ("#d7ecd9", "#2e7d32"),
    "agenda": ("#fff4cc", "#b28704"),
    "focus": ("#ffd8cc", "#c62828"),
    "other": ("#eeeeee", "#888888"),
}
_BOX_W, _BOX_H, _GAP_X, _GAP_Y, _TOP = 220, 58, 70, 24, 50


def _layers(sc: Scenario, order: list[str]) -> dict[str, int]:
    """Each measure's column: 0 without prerequisites, else one past its deepest."""
    layer: dict[str, int] = {}

    def depth(mid: str) -> int:
        if mid not in layer:
            layer[mid] = 1 + max((depth(r) for r in sc.measures[mid].requires), default=-1)
        return layer[mid]

    for mid in order:
        depth(mid)
    return layer


def _fit(text: str, limit: int = 34) -> str:
    text = plain(text, keep_newlines=False)
    return text if len(text) <= limit else text[:limit - 1] + "…"


def measure_svg(sc: Scenario) -> str:
    """The prerequisite graph as a standalone SVG picture: a box per measure (coloured
    as in `measure_graph`), an arrow from each prerequisite to what it unlocks."""
    order = _used(sc)
    layer = _layers(sc, order)
    columns: dict[int, list[str]] = {}
    for mid in order:
        columns.setdefault(layer[mid], []).append(mid)
    at = {mid: (20 + col * (_BOX_W + _GAP_X), _TOP + row * (_BOX_H + _GAP_Y))
          for col, mids in columns.items() for row, mid in enumerate(mids)}
    width = 40 + len(columns) * (_BOX_W + _GAP_X) - _GAP_X
    height = _TOP + 20 + max(len(m) for m in columns.values()) * (_BOX_H + _GAP_Y)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{max(width, 560)}" '
             f'height="{height}" font-family="sans-serif" font-size="12" role="img" '
             f'aria-label="{html_text(sc.title)}: measure prerequisites">',
             '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" '
             'markerWidth="8" markerHeight="8" orient="auto-start-reverse">'
             '<path d="M0,0 L10,5 L0,10 z" fill="#444"/></marker></defs>']
    for i, (group, (fill, stroke)) in enumerate(_COLOURS.items()):
        label = {"adopted": "in force at the start", "agenda": "on the agenda",
                 "focus": "the focus", "other": "a prerequisite only"}[group]
        parts.append(f'<rect x="{20 + i * 140}" y="10" width="14" height="14" '
                     f'fill="{fill}" stroke="{stroke}"/><text x="{40 + i * 140}" y="22">'
                     f"{label}</text>")
    for mid in order:
        x, y = at[mid]
        for req in sc.measures[mid].requires:
            rx, ry = at[req]
            parts.append(f'<line x1="{rx + _BOX_W}" y1="{ry + _BOX_H / 2}" x2="{x}" '
                         f'y2="{y + _BOX_H / 2}" stroke="#444" marker-end="url(#arrow)"/>')
    for mid in order:
        x, y = at[mid]
        m = sc.measures[mid]
        fill, stroke = _COLOURS[_group(sc, mid)]
        dash = ' stroke-dasharray="4"' if _group(sc, mid) == "other" else ""
        width3 = ' stroke-width="3"' if mid == sc.focus else ""
        name = m.name if m.name and m.name != mid else ""
        parts += [f'<g class="measure" id="measure-{_node(mid)}">',
                  f'<rect x="{x}" y="{y}" width="{_BOX_W}" height="{_BOX_H}" rx="6" '
                  f'fill="{fill}" stroke="{stroke}"{dash}{width3}/>',
                  f'<text x="{x + 8}" y="{y + 17}" font-weight="bold">'
                  f"{html_text(_fit(mid))}</text>",
                  f'<text x="{x + 8}" y="{y + 33}">{html_text(_fit(name))}</text>',
                  f'<text x="{x + 8}" y="{y + 49}" fill="#555">'
                  f"{html_text(_fit(f'{m.stage}, intrusiveness {m.intrusiveness}'))}</text>",
                  "</g>"]
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def measure_page(sc: Scenario) -> str:
    """The SVG picture in a self-contained HTML page (no script, nothing fetched)."""
    title = html_text(f"{sc.title}: measure prerequisites")
    return (f'<!doctype html>\n<html lang="en"><head><meta charset="utf-8">\n'
            f"<title>{title}</title>\n<style>body{{font-family:sans-serif;margin:2em}}"
            f"</style></head>\n<body><h1>{title}</h1>\n<p>An arrow runs from a "
            "prerequisite to the measure it unlocks.</p>\n"
            f"{measure_svg(sc)}</body></html>\n")
