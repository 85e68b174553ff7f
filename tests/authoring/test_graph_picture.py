"""`mufakat graph --svg/--html` (issue 12): a picture of the prerequisite graph that
parses, shows every measure and arrow, runs no script and keeps hostile names inert."""

from __future__ import annotations

import tomllib
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest
import tomli_w

from game.authoring.graph import measure_svg
from game.scenario.loader import load_scenario

from .conftest import Run

SVG = "{http://www.w3.org/2000/svg}"
LAB = Path(__file__).resolve().parents[1] / "engine" / "lab_scenarios" / "lab.toml"


def used(scenario: str) -> tuple[set[str], int]:
    """The measures the graph must show and the number of arrows between them."""
    sc = load_scenario(scenario)
    shown = set(sc.agenda) | set(sc.adopted)
    todo = list(shown)
    while todo:
        for req in sc.measures[todo.pop()].requires:
            if req not in shown:
                shown.add(req)
                todo.append(req)
    return shown, sum(len(sc.measures[m].requires) for m in shown)


def boxes(svg: ET.Element) -> dict[str, tuple[float, float]]:
    """Each measure's box: its id (the first text) -> the box's x and y."""
    out = {}
    for group in svg.iter(f"{SVG}g"):
        rect = group.find(f"{SVG}rect")
        first = group.find(f"{SVG}text")
        assert rect is not None and first is not None and first.text
        out[first.text] = (float(rect.get("x", 0)), float(rect.get("y", 0)))
    return out


def test_svg_and_html_files_show_every_measure_and_arrow(mufakat: Run, tmp_path: Path) -> None:
    done = mufakat("graph", "2027-crisis", "--svg", "g.svg", "--html", "g.html")
    assert done.returncode == 0, done.stderr
    assert "```mermaid" in done.stdout  # the Mermaid text is still printed
    shown, arrows = used("2027-crisis")
    svg = ET.parse(tmp_path / "g.svg").getroot()
    assert svg.tag == f"{SVG}svg"
    at = boxes(svg)
    assert set(at) == shown
    assert len([line for line in svg.iter(f"{SVG}line")
                if line.get("marker-end") == "url(#arrow)"]) == arrows
    sc = load_scenario("2027-crisis")
    for mid in shown:  # a measure stands right of every prerequisite
        assert all(at[req][0] < at[mid][0] for req in sc.measures[mid].requires)
    page = (tmp_path / "g.html").read_text(encoding="utf-8")
    assert page.startswith("<!doctype html>") and "<script" not in page
    assert "http" not in page.replace("http://www.w3.org/2000/svg", "")  # nothing fetched
    inner = ET.fromstring(page[page.index("<svg"):page.index("</svg>") + 6])
    assert set(boxes(inner)) == shown


def test_pictures_are_not_written_over_a_file_nor_with_another_suffix(
        mufakat: Run, tmp_path: Path) -> None:
    (tmp_path / "g.svg").write_text("keep", encoding="utf-8")
    done = mufakat("graph", "2011-apcn", "--svg", "g.svg")
    assert done.returncode == 1 and "already exists; add --force" in done.stderr
    assert (tmp_path / "g.svg").read_text(encoding="utf-8") == "keep"
    assert mufakat("graph", "2011-apcn", "--svg", "g.svg", "--force").returncode == 0
    assert (tmp_path / "g.svg").read_text(encoding="utf-8").startswith("<svg")
    done = mufakat("graph", "2011-apcn", "--html", "g.png")
    assert done.returncode == 1 and "must end in .html" in done.stderr


class Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attributes: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attributes += [name for name, _ in attrs]

    def handle_data(self, data: str) -> None:
        self.text.append(data)


@pytest.mark.parametrize("attack", ["<script>alert(1)</script>", '"><svg onload=alert(1)>',
                                    "a & b <img src=x onerror=alert(1)>"])
def test_hostile_names_and_title_stay_text(mufakat: Run, tmp_path: Path, attack: str) -> None:
    data = tomllib.loads(LAB.read_text(encoding="utf-8"))
    data["title"] = attack
    for measure in data["measures"].values():
        measure["name"] = attack[:20]
    (tmp_path / "hostile.toml").write_text(tomli_w.dumps(data), encoding="utf-8")
    done = mufakat("graph", "hostile.toml", "--html", "g.html", "--svg", "g.svg")
    assert done.returncode == 0, done.stderr
    ET.parse(tmp_path / "g.svg")  # still well-formed XML
    page = Tags()
    page.feed((tmp_path / "g.html").read_text(encoding="utf-8"))
    assert set(page.tags) <= {"html", "head", "meta", "title", "style", "body", "h1", "p",
                              "svg", "defs", "marker", "path", "g", "rect", "text", "line"}
    assert not [a for a in page.attributes if a.startswith("on") or a == "href"]
    assert attack in "".join(page.text)
    assert attack[:20] in measure_svg(load_scenario(tmp_path / "hostile.toml")).replace(
        "&lt;", "<").replace("&gt;", ">").replace("&quot;", '"').replace("&amp;", "&")
