"""Class 7 of issue 8: file text injected into Mermaid, Markdown and HTML output.

Every output format is fed hostile names (measure ids and names, titles, seats,
objection reasons, the scenario id) and checked for its *structure*: a Mermaid line is
one of the few statements `graph` writes, a Markdown table row has its cells and no
raw HTML, an HTML page holds only the elements the report writes. Hypothesis adds
generated names to the hand-written attacks.
"""

from __future__ import annotations

import contextlib
import io
import re
import subprocess
import tomllib
from collections.abc import Iterable, Sequence
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import attrs
import pytest
import tomli_w
from hardening_kit import mufakat
from hypothesis import given
from hypothesis import strategies as st

from game.authoring.graph import markdown, measure_graph
from game.play.report import html_report, markdown_report, text_report, write_report
from game.rules.model import Scenario
from game.rules.text import plain
from game.scenario.loader import load_scenario
from tui import cli

REPO = Path(__file__).resolve().parents[2]
LAB = REPO / "tests" / "engine" / "lab_scenarios" / "lab.toml"
LAB_MEASURES = ("lab-talks", "lab-trade", "lab-drill", "lab-force")

ATTACKS = [
    'x"]\n    click m_lab_talks href "javascript:alert(1)"',
    'y"] --> z\n    click z call alert()',
    '%%{init: {"securityLevel": "loose"}}%%',
    "```\n<script>alert(1)</script>\n```",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "a|b|c",
    "`code` *em* _em_ [link](javascript:alert(1))",
    "end",
    "back\\slash \\| \\`",
    "new\nline\r\nand\ttab",
    "\x1b]0;retitled\x07\x1b[2J",
    "#quot; #35; &amp; &lt;",
    "a-b",
    "a_b",
]
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
NODE = r"(?:m_[a-z0-9_]+|h_[0-9a-f]{16})"
MERMAID_LINE = re.compile(
    rf"flowchart LR|    {NODE}\[\"[^\"\n`%<>]*(?:<br/>[^\"\n`%<>]*)*\"\]"
    rf"|    {NODE} --> {NODE}|    classDef (?:adopted|agenda|focus|other) [a-z0-9:#,.-]+"
    rf"|    class {NODE}(?:,{NODE})* (?:adopted|agenda|focus|other)")


def lab() -> Scenario:
    return load_scenario(LAB)


def renamed(ids: Sequence[str], names: Sequence[str] = (), title: str | None = None
            ) -> Scenario:
    """The lab scenario with its four measures renamed to `ids` (and `names`)."""
    sc = lab()
    new = dict(zip(LAB_MEASURES, ids, strict=True))
    new_names = dict(zip(LAB_MEASURES, names, strict=False))
    measures = {}
    for old, m in sc.measures.items():
        mid = new.get(old, old)
        name = new_names.get(old, m.name)
        measures[mid] = attrs.evolve(m, id=mid, name=name,
                                     requires=tuple(new.get(r, r) for r in m.requires))
    return attrs.evolve(
        sc, measures=measures, agenda=tuple(new.get(m, m) for m in sc.agenda),
        adopted=tuple(new.get(m, m) for m in sc.adopted), focus=new[sc.focus],
        title=sc.title if title is None else title)


def assert_safe_mermaid(text: str, measures: int) -> None:
    lines = text.splitlines()
    for line in lines:
        assert MERMAID_LINE.fullmatch(line), f"not a statement graph writes: {line!r}"
    nodes = [line.split("[", 1)[0].strip() for line in lines if '["' in line]
    assert len(nodes) == len(set(nodes)) == measures, "one distinct node per measure"
    assert not CONTROL.search(text)


# -- Mermaid (`mufakat graph`) ------------------------------------------------------------

@pytest.mark.parametrize("attack", ATTACKS)
def test_a_hostile_measure_id_stays_inside_its_quoted_label(attack: str) -> None:
    ids = [attack, "lab-trade", "lab-drill", "lab-force"]
    text = measure_graph(renamed(ids))
    assert_safe_mermaid(text, 4)
    assert not any(line.lstrip().startswith("click") for line in text.splitlines())


@pytest.mark.parametrize("attack", ATTACKS)
def test_a_hostile_measure_name_stays_inside_its_quoted_label(attack: str) -> None:
    text = measure_graph(renamed(LAB_MEASURES, names=[attack] * 4))
    assert_safe_mermaid(text, 4)


def test_ids_that_differ_only_in_dashes_or_case_get_distinct_nodes() -> None:
    assert_safe_mermaid(measure_graph(renamed(["a-b", "a_b", "A-B", "a b"])), 4)


def test_a_quote_in_a_label_is_an_entity_not_an_apostrophe() -> None:
    text = measure_graph(renamed(LAB_MEASURES, names=['say "no"'] * 4))
    assert "say #quot;no#quot;" in text


@pytest.mark.parametrize("attack", ATTACKS)
def test_a_hostile_title_cannot_close_the_code_fence(attack: str) -> None:
    text = markdown(renamed(LAB_MEASURES, title=attack))
    lines = text.splitlines()
    fences = [line for line in lines if line.lstrip().startswith("```")]
    assert fences == ["```mermaid", "```", "```mermaid", "```"], fences
    heading = lines[0]
    assert heading.startswith("## ") and heading.endswith(": measure prerequisites")
    assert "<" not in heading and not CONTROL.search(text)
    assert lines[1] == "", "the title is one line"


@given(st.lists(st.text(min_size=1, max_size=30), min_size=4, max_size=4, unique=True),
       st.lists(st.text(max_size=40), min_size=4, max_size=4), st.text(max_size=60))
def test_generated_ids_names_and_titles_give_a_well_formed_graph(
        ids: list[str], names: list[str], title: str) -> None:
    sc = renamed(ids, names, title)
    assert_safe_mermaid(measure_graph(sc), 4)
    assert sum(line.startswith("```") for line in markdown(sc).splitlines()) == 4


def write_hostile_scenario(folder: Path, text: str, name: str = "hostile") -> Path:
    data = tomllib.loads(LAB.read_text(encoding="utf-8"))
    data["id"] = name
    data["title"] = text
    for measure in data["measures"].values():
        measure["name"] = text
    path = folder / f"{name}.toml"
    path.write_text(tomli_w.dumps(data), encoding="utf-8")
    return path


def run(*args: str) -> subprocess.CompletedProcess[str]:
    """`mufakat ARGS` in this process (fast), its output captured like a subprocess's."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = cli.main(list(args))
    return subprocess.CompletedProcess(list(args), status, out.getvalue(), err.getvalue())


@pytest.mark.parametrize("attack", ATTACKS[:4] + ATTACKS[10:12])
def test_the_graph_command_on_a_hostile_file(tmp_path: Path, attack: str) -> None:
    done = run("graph", str(write_hostile_scenario(tmp_path, attack)), "--only", "measures")
    assert done.returncode == 0, done.stderr
    assert_safe_mermaid(done.stdout, 4)
    full = run("graph", str(write_hostile_scenario(tmp_path, attack)))
    assert [line for line in full.stdout.splitlines() if line.startswith("```")] == [
        "```mermaid", "```", "```mermaid", "```"]


def test_the_graph_command_end_to_end(tmp_path: Path) -> None:
    done = mufakat("graph", str(write_hostile_scenario(tmp_path, "".join(ATTACKS))))
    assert done.returncode == 0, done.stderr
    assert_safe_mermaid(done.stdout.split("```mermaid\n")[1].split("```")[0], 4)


# -- the balance report -------------------------------------------------------------------

def hostile_result(seats: Iterable[str], measures: Iterable[str], reason: str,
                   scenario: str = "lab") -> dict[str, Any]:
    seats, measures = list(seats), list(measures)
    return {
        "scenario": scenario, "games": 3, "seed": 0, "bots": dict.fromkeys(seats, reason),
        "sponsor": seats[0], "focus": measures[0], "focus_adoption_rate": 0.5,
        "adoption_rate": dict.fromkeys(measures, 0.5),
        "objections": dict.fromkeys(seats, 2),
        "objection_reasons": {s: {reason: 2, "plain": 1} for s in seats},
        "norm_stage": {"emergence": 1, "cascade": 1, "internalization": 1},
        "mean_scores": {s: float(i) for i, s in enumerate(seats)},
        "score_spread": dict.fromkeys(seats, 0.5), "rounds_to_focus": 2.0,
        "deadlock_rate": 0.25, "rounds": 9, "actions": 90, "elapsed_s": 0.1,
        "rounds_per_s": 90.0,
        "reservations": dict.fromkeys(seats, 1),
        "adoption_by_ambition": {m: {"1": 0.25, "2": 0.25} for m in measures},
        "adoption_by_clauses": {m: {reason: 0.5} for m in measures},
        "tabled_by": {m: {seats[0]: 3} for m in measures},
        "stances_by_measure": {m: {"objections": 2, "reservations": 1} for m in measures},
        "objections_by_round": {"1": 2},
        "objectives_met": {s: [{"objective": reason, "met": 0.5}] for s in seats},
        "score_quantiles": {s: {"min": i - 1.0, "q1": i - 0.5, "median": float(i),
                                "q3": i + 0.5, "max": i + 1.0} for i, s in enumerate(seats)},
        "asean_outcome": {"min": 1.0, "q1": 2.0, "median": 3.0, "q3": 4.0, "max": 5.0},
        "focus_round_histogram": {"1": 1, "2": 1, "never": 1},
        "event_effects": {reason: {"drawn": 2, "outcome_drawn": 3.0, "outcome_not": 1.0,
                                   "focus_drawn": 0.5, "focus_not": None}},
    }


def md_cells(line: str) -> list[str]:
    """The cells of a Markdown table row, splitting on pipes not escaped by `\\`."""
    cells, cell, escaped = [], "", False
    for ch in line.strip():
        if escaped:
            cell += ch
            escaped = False
        elif ch == "\\":
            cell += ch
            escaped = True
        elif ch == "|":
            cells.append(cell)
            cell = ""
        else:
            cell += ch
    cells.append(cell)
    return cells[1:-1]


def unescaped(text: str, chars: str) -> list[str]:
    """Characters of `chars` in `text` that no backslash escapes."""
    found, escaped = [], False
    for ch in text:
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch in chars:
            found.append(ch)
    return found


def assert_inert_markdown(md: str, seats: int, measures: int) -> None:
    assert "<" not in md and ">" not in md, "no raw HTML"
    assert not CONTROL.search(md)
    assert not unescaped(md, "`[]*_"), "no code, links or emphasis"
    lines = md.splitlines()
    for header, rows, cells in (("| seat | bot | min |", seats, 10),
                                ("| measure | adopted |", measures, 7),
                                ("| seat | objective | met |", seats, 3)):
        start = next(i for i, line in enumerate(lines) if line.startswith(header))
        found = []
        for line in lines[start + 2:]:
            if not line:
                break
            found.append(line)
        assert len(found) == rows
        assert all(len(md_cells(row)) == cells for row in found), found
    assert [line for line in lines if line.startswith("#")] == [
        lines[0], "## Seats", "## Measures", "## Rounds", "## Objectives met",
        "## Event cards"]
    assert lines[0].startswith("# Balance report: ")


@pytest.mark.parametrize("attack", ATTACKS)
def test_markdown_report_keeps_hostile_names_inert(attack: str) -> None:
    result = hostile_result([attack, "brunei"], [attack, "lab-drill"], attack, attack)
    assert_inert_markdown(markdown_report(result), 2, 2)


def test_markdown_report_shows_the_escaped_text() -> None:
    result = hostile_result(["a|b", "<img src=x onerror=alert(1)>"], ["m`x`"], "r&d")
    md = markdown_report(result)
    assert "| a\\|b |" in md
    assert "&lt;img src=x onerror=alert(1)&gt;" in md
    assert "m\\`x\\`" in md and "r&amp;d 2" in md


class Page(HTMLParser):
    """Every element and attribute of an HTML page, and its text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attributes: list[tuple[str, str | None]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes += attrs

    def handle_data(self, data: str) -> None:
        self.text.append(data)


REPORT_TAGS = {"html", "head", "meta", "title", "style", "body", "h1", "h2", "ul", "li", "p",
               "table", "tr", "th", "td", "svg", "text", "rect", "line"}


def assert_inert_html(page: str, names: Iterable[str]) -> None:
    parsed = Page()
    parsed.feed(page)
    assert set(parsed.tags) <= REPORT_TAGS, set(parsed.tags) - REPORT_TAGS
    assert not [a for a, _ in parsed.attributes if a.startswith("on") or a == "href"]
    assert parsed.tags.count("svg") == 4
    text = "".join(parsed.text)
    for name in names:  # shown as text, with control characters made visible
        assert plain(name, keep_newlines=False) in text


@pytest.mark.parametrize("attack", ATTACKS)
def test_html_report_escapes_every_file_text(attack: str) -> None:
    result = hostile_result([attack, "brunei"], [attack, "lab-drill"], attack, attack)
    assert_inert_html(html_report(result), [attack])


def test_html_attribute_values_are_quoted_and_escaped() -> None:
    page = html_report(hostile_result(['" onload="alert(1)', "b"], ["m"], "r"))
    assert 'onload="alert' not in page and "&quot; onload=&quot;alert(1)" in page


NAMES = st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=24)


@given(st.lists(NAMES, min_size=1, max_size=4, unique=True),
       st.lists(NAMES, min_size=1, max_size=4, unique=True), NAMES, NAMES)
def test_generated_names_give_inert_reports(seats: list[str], measures: list[str],
                                            reason: str, scenario: str) -> None:
    result = hostile_result(seats, measures, reason, scenario)
    assert_inert_markdown(markdown_report(result), len(seats), len(measures))
    assert_inert_html(html_report(result), [])
    text = text_report(result)
    assert not CONTROL.search(text)
    # the headline, then five sections of 4 lines and their rows (rounds: 1, 2, never)
    assert len(text.splitlines()) == 5 + 4 * 5 + 2 * len(seats) + len(measures) + 3 + 1


@pytest.mark.parametrize("attack", ATTACKS)
def test_text_report_is_one_line_per_seat_without_control_characters(attack: str) -> None:
    text = text_report(hostile_result([attack, "brunei"], [attack], attack, attack))
    assert not CONTROL.search(text)
    assert len(text.splitlines()) == 5 + 4 * 5 + 2 * 2 + 1 + 3 + 1


@pytest.mark.parametrize("suffix", [".md", ".html"])
def test_report_files_from_a_hostile_result(tmp_path: Path, suffix: str) -> None:
    attack = ATTACKS[0] + ATTACKS[4] + ATTACKS[6]
    write_report(hostile_result([attack, "b"], [attack], attack, attack),
                 tmp_path / f"r{suffix}")
    written = (tmp_path / f"r{suffix}").read_text(encoding="utf-8")
    if suffix == ".md":
        assert_inert_markdown(written, 2, 1)
    else:
        assert_inert_html(written, [attack])


def test_simulate_report_of_a_hostile_scenario_file(tmp_path: Path) -> None:
    """End to end: a measure id with markup either is refused by the loader (exit 1)
    or reaches the report escaped; no raw HTML either way."""
    data = tomllib.loads(LAB.read_text(encoding="utf-8"))
    evil = "lab-<img src=x onerror=alert(1)>|x"
    data["measures"][evil] = data["measures"].pop("lab-talks")
    data["agenda"] = [evil if m == "lab-talks" else m for m in data["agenda"]]
    scenario = tmp_path / "lab.toml"
    scenario.write_text(tomli_w.dumps(data), encoding="utf-8")
    report = tmp_path / "r.md"
    done = mufakat("simulate", str(scenario), "--games", "1", "--report", str(report))
    assert "Traceback" not in done.stderr
    if done.returncode:
        assert done.returncode == 1 and not report.exists()
        return
    assert_inert_markdown(report.read_text(encoding="utf-8"), 4, 4)


def test_unicode_line_and_paragraph_separators_break_no_line() -> None:
    # Hypothesis found a name with U+2028 splitting a report's table row in two.
    for sep in ("\u2028", "\u2029", "\x85"):
        shown = plain(f"one{sep}two")
        assert len(shown.splitlines()) == 1 and sep not in shown
