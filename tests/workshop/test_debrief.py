"""The room debrief, from real games played by bots: everything opened, nothing markup."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import attrs
import pytest
from markdown_it import MarkdownIt

from game import Action, LogKind, Scenario, apply, load_scenario, new_game, render
from game.bots import make_bot
from game.play.simulate import play_bots
from game.rules.log import reason_words
from game.rules.text import plain
from workshop.debrief import debrief_html, debrief_markdown
from workshop.model import FACILITATOR, Press

HOSTILE = ["<script>alert(1)</script>", "[bold]red[/]", "x](http://evil.example)",
           "# heading", "two\nlines", "sep\u2028arator", '<img src=x onerror="y">']
T0 = 1_780_000_000.0
SECTIONS = ["Result and scores", "Objectives", "Timeline", "Objections", "Press",
            "Face and trust", "History", "Facilitator's events"]


def played(scenario: Scenario, kind: str = "historical", seed: int = 1) -> list[Action]:
    actions: list[Action] = []
    bots = {seat: make_bot(kind, seat, seed) for seat in scenario.seats}
    play_bots(scenario, seed, bots, lambda action, _: actions.append(action))
    return actions


def hostile(scenario: Scenario) -> Scenario:
    """The scenario with a hostile title and every member named with hostile text."""
    members = {seat: attrs.evolve(m, name=f"{HOSTILE[i % len(HOSTILE)]} {seat}")
               for i, (seat, m) in enumerate(scenario.members.items())}
    return attrs.evolve(scenario, title=HOSTILE[0], members=members)


def press_for(scenario: Scenario, actions: list[Action]) -> list[Press]:
    """Messages public and private, from seats and the facilitator, spread over the game."""
    seats = scenario.seats
    out = []
    for i, text in enumerate([*HOSTILE, "plain words"]):
        sender = FACILITATOR if i == 3 else seats[i % len(seats)]
        to = () if i % 3 == 0 else (seats[(i + 1) % len(seats)], seats[(i + 2) % len(seats)])
        out.append(Press(i + 1, sender, to, text, i * len(actions) // 8, T0 + 30 * i))
    return out


EVENTS = [(T0 + 5, "paused", {"by": FACILITATOR}), (T0 + 9, "inject", {"text": HOSTILE[3]}),
          (T0 + 12, "bot", {"seat": "x", "kind": "hard"})]


@pytest.fixture(scope="module", params=["1994-regional-peacekeeping", "2003-standby-force"])
def game(request: pytest.FixtureRequest) -> tuple[Scenario, list[Action]]:
    scenario = load_scenario(request.param)
    return scenario, played(scenario)


def docs(scenario: Scenario, actions: list[Action], press: list[Press]) -> tuple[str, str]:
    seats = {seat: "human" if i % 2 else "historical" for i, seat in enumerate(scenario.seats)}
    args = (scenario, 1, actions, seats, press, EVENTS)
    return debrief_markdown(*args), debrief_html(*args)


def section(markdown: str, title: str) -> str:
    return markdown.split(f"\n## {title}\n", 1)[1].split("\n## ", 1)[0]


def name(scenario: Scenario, seat: str) -> str:
    return "the facilitator" if seat == FACILITATOR else scenario.members[seat].name


class Page(HTMLParser):
    def __init__(self, text: str) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.headings: list[str] = []
        self.text: list[str] = []
        self._in: str = ""
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        if tag in ("h1", "h2", "h3"):
            self._in = tag
            self.headings.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == self._in:
            self._in = ""

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._in:
            self.headings[-1] += data


def test_the_debrief_has_every_section_and_is_the_same_twice(
        game: tuple[Scenario, list[Action]]) -> None:
    scenario, actions = game
    press = press_for(scenario, actions)
    markdown, page = docs(scenario, actions, press)
    assert re.findall(r"^## (.+)$", markdown, re.M) == SECTIONS
    assert "The game ended." in markdown
    assert (markdown, page) == docs(scenario, actions, press)
    history = section(markdown, "History")
    assert ("What happened" in history) == scenario.historical


def test_the_timeline_shows_every_entry_by_round_with_private_ones_marked(
        game: tuple[Scenario, list[Action]]) -> None:
    scenario, actions = game
    markdown, page = docs(scenario, actions, [])
    timeline = section(markdown, "Timeline")
    state = new_game(scenario, 1)
    for action in actions:
        state = apply(state, action)
    items = [line for line in timeline.splitlines() if line.startswith("- ")]
    assert len(items) == len(state.log)
    rounds = re.findall(r"^### Round (\d+)$", timeline, re.M)
    assert rounds == [str(r) for r in sorted({e.round for e in state.log})]
    private = [e for e in state.log if e.seen_by]
    assert private and timeline.count("*(private: ") == len(private)
    page_text = " ".join(Page(page).text)
    for entry in state.log:
        assert plain(render(entry, scenario), keep_newlines=False).strip() in page_text


def test_every_objection_is_listed_with_its_reason(game: tuple[Scenario, list[Action]]) -> None:
    scenario, actions = game
    markdown, page = docs(scenario, actions, [])
    rows = [line for line in section(markdown, "Objections").splitlines()
            if re.match(r"^\| \d", line)]
    state = new_game(scenario, 1)
    for action in actions:
        state = apply(state, action)
    stated = [e for e in state.log if e.kind in (LogKind.OBJECT, LogKind.RESERVE)]
    assert stated and len(rows) == len(stated)
    text = " ".join(Page(page).text)
    for row, e in zip(rows, stated, strict=True):
        why = f"red line: {e.note.rstrip('.')}" if e.note else reason_words(e.reason, scenario)
        assert scenario.members[e.seats[0]].name in row
        assert ("objects" if e.kind is LogKind.OBJECT else "reserves") in row
        assert why in text


def test_every_message_is_in_the_archive_with_sender_recipients_and_round(
        game: tuple[Scenario, list[Action]]) -> None:
    scenario, actions = game
    press = press_for(scenario, actions)
    markdown, page = docs(scenario, actions, press)
    archive = section(markdown, "Press").strip().splitlines()
    assert len(archive) == len(press)
    seq_round = {0: 1}
    state = new_game(scenario, 1)
    for action in actions:
        state = apply(state, action)
        seq_round[state.seq] = state.round
    for line, p in zip(archive, press, strict=True):
        to = ("to the room" if p.public else
              "private → " + ", ".join(name(scenario, s) for s in p.to))
        assert line.startswith(f"- #{p.id}, round {seq_round[p.at_seq]}, ")
        assert name(scenario, p.sender) in line and to in line
    page_text = " ".join(Page(page).text)
    for p in press:
        said = plain(p.text, keep_newlines=False).strip()
        assert said in page_text


def test_hostile_names_titles_and_press_are_never_markup(
        game: tuple[Scenario, list[Action]]) -> None:
    bad = hostile(game[0])
    actions = played(bad)
    markdown, page = docs(bad, actions, press_for(bad, actions))
    tokens = MarkdownIt("commonmark").enable("table").parse(markdown)
    kinds = {t.type for t in tokens} | {c.type for t in tokens for c in t.children or []}
    assert not kinds & {"html_inline", "html_block", "link_open", "image", "code_inline"}
    rounds = sorted({int(r) for r in re.findall(r"^### Round (\d+)$", markdown, re.M)})
    expected = [f"Workshop debrief: {HOSTILE[0]}", *SECTIONS[:2],
                *(plain(m.name, keep_newlines=False).strip() for m in bad.members.values()),
                SECTIONS[2], *(f"Round {r}" for r in rounds), *SECTIONS[3:]]
    headings = ["".join(c.content for c in tokens[i + 1].children or [] if c.type == "text")
                for i, t in enumerate(tokens) if t.type == "heading_open"]
    assert headings == expected
    assert "\u2028" not in markdown and "\u2028" not in page
    parsed = Page(page)
    assert not {"script", "img", "a"} & set(parsed.tags)
    assert parsed.headings == expected
    assert "<script>" not in page


def test_one_chart_each_for_face_and_trust(game: tuple[Scenario, list[Action]]) -> None:
    scenario, actions = game
    markdown, page = docs(scenario, actions, [])
    parsed = Page(page)
    assert parsed.tags.count("svg") == 2
    assert parsed.tags.count("polyline") == 2 * len(scenario.seats) - 1
    rounds = max(int(r) for r in re.findall(r"^### Round (\d+)$", markdown, re.M))
    header = "| Member | Start | " + " | ".join(f"R{r}" for r in range(1, rounds + 1)) + " |"
    assert section(markdown, "Face and trust").count(header) == 2


def test_the_facilitators_events_are_listed_in_order(
        game: tuple[Scenario, list[Action]]) -> None:
    scenario, actions = game
    markdown, _ = docs(scenario, actions, [])
    lines = section(markdown, "Facilitator's events").strip().splitlines()
    assert lines == ["- 20:26:45 paused (by: facilitator)",
                     "- 20:26:49 inject (text: \\# heading)",
                     "- 20:26:52 bot (kind: hard, seat: x)"]


def test_an_unfinished_game_is_debriefed_as_it_stood() -> None:
    scenario = load_scenario("1994-regional-peacekeeping")
    actions = played(scenario)[:20]
    markdown, page = docs(scenario, actions, [])
    assert "The game was stopped in round" in markdown
    assert Page(page).tags.count("svg") == 2


def test_an_action_that_does_not_replay_is_a_clear_error() -> None:
    scenario = load_scenario("1994-regional-peacekeeping")
    actions = played(scenario)
    with pytest.raises(ValueError, match=r"move 2 .* does not replay"):
        debrief_markdown(scenario, 1, [actions[0], actions[0]], {}, [], [])
