"""The room's debrief at the end of a workshop game, as Markdown and as standalone HTML.

The game is replayed from its scenario, seed and actions, so the debrief shows exactly
what the server's record holds. Everything is opened, as in the solo debrief: private
moves and private messages are shown and marked. The sections the solo debrief has
(scores, objectives, history) come from `game.play.debrief`; this module adds what a
room played: the timeline round by round, the objections, the press, face and trust
over time, and the facilitator's events.

Text from players and files (press, names, event details) is content: Markdown gets it
through `md_line`, and the HTML page is the same Markdown rendered with raw HTML
switched off, plus inline SVG charts whose labels go through `html_text`. No clock is
read: the same input gives the same page.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, datetime

from markdown_it import MarkdownIt

from game import Action, GameState, LogKind, Scenario, is_over
from game.play.debrief import entry_md, history_md, member_md, objectives_md, scores_md
from game.play.report import html_text
from game.rules.log import reason_words
from game.rules.text import md_line
from workshop.model import FACILITATOR, Press
from workshop.replay import Event, injects_of, replay

_PALETTE = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2",
            "#7f7f7f", "#bcbd22", "#17becf", "#393b79", "#637939")


class Replay:
    """The game replayed: its first and final states, each round's closing state, and
    the round each sequence number fell in (to place a message sent at that point)."""

    def __init__(self, scenario: Scenario, seed: int, actions: Sequence[Action],
                 events: Sequence[Event] = ()) -> None:
        states = replay(scenario, seed, actions, injects_of(events))
        self.start, self.final = states[0], states[-1]
        self.rounds: dict[int, GameState] = {}
        self.round_at: dict[int, int] = {self.start.seq: self.start.round}
        for state in states[1:]:
            self.rounds[state.round] = state
            self.round_at[state.seq] = state.round

    def round_of(self, seq: int) -> int:
        """The round the game was in at sequence number `seq` (the last one if later)."""
        return self.round_at.get(seq, self.final.round)


def _name(state: GameState, seat: str) -> str:
    return "the facilitator" if seat == FACILITATOR else member_md(state, seat)


def _clock(at: float) -> str:
    return datetime.fromtimestamp(at, UTC).strftime("%H:%M:%S")


def _head(game: Replay) -> str:
    state = game.final
    sc = state.scenario
    status = ("The game ended." if is_over(state) else
              f"The game was stopped in round {state.round} ({md_line(state.phase)}); "
              "scores are as they stood then.")
    return (f"# Workshop debrief: {md_line(sc.title)}\n\nScenario {md_line(sc.id)}, seed "
            f"{state.seed}, {state.round} round(s), {state.seq} moves. {status}")


def _timeline(game: Replay) -> str:
    state = game.final
    by_round: dict[int, list[str]] = {}
    for entry in state.log:
        by_round.setdefault(entry.round, []).append(entry_md(state, entry))
    return "\n\n".join(f"### Round {r}\n\n" + "\n".join(lines)
                       for r, lines in sorted(by_round.items())) or "Nothing happened yet."


def _objections(game: Replay) -> str:
    state = game.final
    sc = state.scenario
    rows = []
    for e in state.log:
        if e.kind not in (LogKind.OBJECT, LogKind.RESERVE):
            continue
        measure = sc.measures.get(e.measure)
        item = md_line(measure.name if measure else e.measure)
        stance = "objects" if e.kind is LogKind.OBJECT else "reserves"
        why = (f"red line: {e.note.rstrip('.')}" if e.note
               else reason_words(e.reason, sc) if e.reason else "no reason stated")
        rows.append(f"| {e.round} | {member_md(state, e.seats[0])} | {stance} | {item} "
                    f"| {md_line(why)} |")
    if not rows:
        return "Nobody objected or reserved."
    return "\n".join(["| Round | Member | Stance | Measure | Why |", "|---:|---|---|---|---|",
                      *rows])


def _press(game: Replay, press: Sequence[Press]) -> str:
    state = game.final
    lines = []
    for p in press:
        to = ("to the room" if p.public else
              "private → " + ", ".join(_name(state, s) for s in p.to))
        lines.append(f"- #{p.id}, round {game.round_of(p.at_seq)}, {_clock(p.at)}, "
                     f"{_name(state, p.sender)} ({to}): {md_line(p.text)}")
    return "\n".join(lines) or "No messages were sent."


def _series(game: Replay) -> tuple[list[str], dict[str, list[float]], dict[str, list[float]]]:
    """The points in time (the start, then each round's end), each seat's face at each,
    and each seat's trust toward the sponsor."""
    sc = game.final.scenario
    states = [game.start, *(game.rounds[r] for r in sorted(game.rounds))]
    labels = ["Start", *(f"R{r}" for r in sorted(game.rounds))]
    face = {s: [st.face[s] for st in states] for s in sc.seats}
    trust = {s: [st.trust[s][sc.sponsor] for st in states]
             for s in sc.seats if s != sc.sponsor}
    return labels, face, trust


def _table(state: GameState, labels: list[str], series: Mapping[str, list[float]]) -> str:
    head = "| Member | " + " | ".join(labels) + " |"
    rule = "|---|" + "---:|" * len(labels)
    rows = [f"| {member_md(state, s)} | " + " | ".join(f"{v:.1f}" for v in values) + " |"
            for s, values in series.items()]
    return "\n".join([head, rule, *rows])


def _trust_matrix(state: GameState) -> str:
    seats = state.scenario.seats
    head = "| Trust of ↓ toward → | " + " | ".join(md_line(s) for s in seats) + " |"
    rule = "|---|" + "---:|" * len(seats)
    rows = [f"| {member_md(state, a)} | "
            + " | ".join("" if a == b else f"{state.trust[a][b]:.1f}" for b in seats) + " |"
            for a in seats]
    return "\n".join([head, rule, *rows])


def _standing(game: Replay) -> str:
    state = game.final
    labels, face, trust = _series(game)
    sponsor = member_md(state, state.scenario.sponsor)
    return (f"Face of each member at the start and at the end of each round.\n\n"
            f"{_table(state, labels, face)}\n\n"
            f"Trust of each member toward the sponsor, {sponsor}, at the start and at the "
            f"end of each round.\n\n{_table(state, labels, trust)}\n\n"
            f"Trust at the end of the game.\n\n{_trust_matrix(state)}")


def _events(game: Replay, events: Sequence[Event]) -> str:
    lines = []
    for at, kind, detail in events:
        said = ", ".join(f"{md_line(k)}: {md_line(v)}" for k, v in sorted(detail.items()))
        lines.append(f"- {_clock(at)} {md_line(kind)}" + (f" ({said})" if said else ""))
    return "\n".join(lines) or "The facilitator played no event."


def _sections(game: Replay, seats: Mapping[str, str], press: Sequence[Press],
              events: Sequence[Event]) -> list[tuple[str, str]]:
    state = game.final
    return [("Result and scores", scores_md(state, seats)),
            ("Objectives", objectives_md(state)),
            ("Timeline", _timeline(game)),
            ("Objections", _objections(game)),
            ("Press", _press(game, press)),
            ("Face and trust", _standing(game)),
            ("History", history_md(state)),
            ("Facilitator's events", _events(game, events))]


def debrief_markdown(scenario: Scenario, seed: int, actions: Sequence[Action],
                     seats: Mapping[str, str], press: Sequence[Press],
                     events: Sequence[Event]) -> str:
    """The room's debrief as one Markdown document; raises ValueError if an action
    does not replay."""
    game = Replay(scenario, seed, actions, events)
    body = [f"## {title}\n\n{text}" for title, text in _sections(game, seats, press, events)]
    return "\n\n".join([_head(game), *body]) + "\n"


def _svg_lines(title: str, labels: list[str], series: Mapping[str, list[float]],
               names: Mapping[str, str]) -> str:
    """A line chart: one line per series over the rounds, with a legend."""
    left, top, width, height = 40, 28, 520, 220
    values = [v for vs in series.values() for v in vs] or [0.0]
    low, high = min(values), max(values)
    span = (high - low) or 1.0
    step = width / max(len(labels) - 1, 1)

    def y(v: float) -> float:
        return top + height * (high - v) / span

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{left + width + 200}" '
             f'height="{top + height + 40}" role="img" aria-label="{html_text(title)}">',
             f'<text x="0" y="16" font-weight="bold">{html_text(title)}</text>',
             f'<text x="{left - 6}" y="{y(high) + 4:.1f}" text-anchor="end">{high:g}</text>',
             f'<text x="{left - 6}" y="{y(low) + 4:.1f}" text-anchor="end">{low:g}</text>']
    parts += [f'<text x="{left + i * step:.1f}" y="{top + height + 18}" '
              f'text-anchor="middle">{label}</text>' for i, label in enumerate(labels)]
    for n, (seat, vs) in enumerate(series.items()):
        colour = _PALETTE[n % len(_PALETTE)]
        points = " ".join(f"{left + i * step:.1f},{y(v):.1f}" for i, v in enumerate(vs))
        parts.append(f'<polyline points="{points}" fill="none" stroke="{colour}" '
                     'stroke-width="2"/>')
        parts.append(f'<text x="{left + width + 12}" y="{top + 12 + 16 * n}" '
                     f'fill="{colour}">{html_text(names[seat])}</text>')
    parts.append("</svg>")
    return "\n".join(parts)


def _charts(game: Replay) -> str:
    state = game.final
    sc = state.scenario
    names = {s: sc.members[s].name for s in sc.seats}
    labels, face, trust = _series(game)
    return "\n".join([
        _svg_lines("Face per round", labels, face, names),
        _svg_lines(f"Trust toward the sponsor, {names[sc.sponsor]}, per round", labels,
                   trust, names)])


_CSS = """body{font-family:sans-serif;max-width:70em;margin:2em auto;padding:0 1em}
table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.2em .5em}
svg{display:block;margin:1.5em 0;font-size:12px}em{color:#a05000}"""


def debrief_html(scenario: Scenario, seed: int, actions: Sequence[Action],
                 seats: Mapping[str, str], press: Sequence[Press],
                 events: Sequence[Event]) -> str:
    """The room's debrief as one standalone HTML page (no script, nothing fetched):
    the Markdown debrief rendered with raw HTML off, and the charts as inline SVG."""
    game = Replay(scenario, seed, actions, events)
    renderer = MarkdownIt("commonmark", {"html": False}).enable("table")
    parts = [renderer.render(_head(game))]
    for title, text in _sections(game, seats, press, events):
        parts.append(renderer.render(f"## {title}\n\n{text}"))
        if title == "Face and trust":
            parts.append(_charts(game))
    title = html_text(f"Workshop debrief: {game.final.scenario.title}")
    return (f'<!doctype html>\n<html lang="en"><head><meta charset="utf-8">\n'
            f"<title>{title}</title>\n<style>{_CSS}</style></head>\n<body>\n"
            + "\n".join(parts) + "</body></html>\n")
