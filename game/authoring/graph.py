"""Mermaid diagrams of a scenario: its measure prerequisites and the round's phases.

Authors paste them into Markdown (GitHub, Obsidian and most editors render Mermaid)
to see at a glance what must be adopted before what, and how a round flows. The phase
diagram is drawn from the same transitions table the engine runs on, so it cannot
drift from the rules.
"""

from __future__ import annotations

import hashlib
import re

from game.play.report import md_text
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


def measure_graph(sc: Scenario) -> str:
    """A flowchart of the measures this scenario uses, prerequisites pointing to what
    they unlock; in force at the start, on the agenda and the focus are styled apart."""
    used: set[str] = set(sc.agenda) | set(sc.adopted)
    todo = list(used)
    while todo:
        for req in sc.measures[todo.pop()].requires:
            if req not in used:
                used.add(req)
                todo.append(req)
    order = sorted(used, key=lambda m: (sc.measures[m].intrusiveness, m))
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
    groups = {
        "adopted": [m for m in order if m in sc.adopted],
        "agenda": [m for m in order if m in sc.agenda and m != sc.focus
                   and m not in sc.adopted],
        "focus": [sc.focus],
        "other": [m for m in order if m not in sc.agenda and m not in sc.adopted],
    }
    for style, members in groups.items():
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
