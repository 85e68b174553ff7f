"""The after-action debrief, as Markdown: shown on the end screen, exported as is, and
built on by the workshop's room debrief.

Training debriefs open the whole archive, so this reads the full `GameState` (every
seat's objectives and every private consultation), which only the end screen may do.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from game import Entry, GameState, norm_stage, render, scores
from game.rules.model import Objective
from game.rules.norms import describe
from game.rules.scoring import asean_outcome, breakdown, objective_points
from game.rules.text import md, md_line

SECTIONS = ("Scores", "Objectives", "Timeline", "History", "Archive")

# Every text from the scenario or the record (names, notes, event texts, ids) goes in
# through `md_line` / `md`: the debrief is shown as Markdown and exported as a .md file,
# so a name must not open a link, an HTML tag, a code span or a new table cell.


def objective_text(objective: Objective) -> str:
    """One line for an objective: its note, what it takes, and its points."""
    o = objective
    need = {
        "adopt": f"{o.measure} adopted at ambition {o.min_ambition}+"
                 + (" (points scale with ambition)" if o.scale else ""),
        "block": f"{o.measure} not adopted above ambition {o.max_ambition}",
        "face": f"face at least {o.min:g}",
        "norm": f"the norm reaches {o.stage}",
        "progress": f"a measure of intrusiveness {o.min_intrusiveness}+ adopted",
    }.get(o.kind, o.kind)
    role = "public" if o.public else "hidden"
    lead = f"{o.note}: " if o.note else ""
    return f"{lead}{need} [{role}, {o.points:g} pts]"


def member_md(state: GameState, seat: str) -> str:
    """A member's name as literal Markdown (the seat id if it is not seated)."""
    member = state.scenario.members.get(seat)
    return md_line(member.name if member else seat)


def _ids(ids: Iterable[str]) -> str:
    return ", ".join(md_line(i) for i in ids)


def scores_md(state: GameState, seats: Mapping[str, str]) -> str:
    sc = state.scenario
    total = scores(state)
    lines = [f"ASEAN outcome: **{asean_outcome(state):.1f}**, norm stage "
             f"**{md_line(norm_stage(state))}**, {len(state.norm_adopters)} of "
             f"{len(sc.seats)} members adopting the norm.", "",
             "| Member | Played by | Score | Objectives | Face | Shared |",
             "|---|---|---:|---:|---:|---:|"]
    for seat in sorted(sc.seats, key=lambda s: (-total[s], s)):
        part = breakdown(state, seat)
        lines.append(f"| {member_md(state, seat)} | {md_line(seats.get(seat, '?'))} "
                     f"| {total[seat]:.1f} | {part['objectives']:.1f} | {part['face']:+.1f} "
                     f"| {part['shared']:.1f} |")
    return "\n".join(lines)


def objectives_md(state: GameState) -> str:
    sc = state.scenario
    lines: list[str] = []
    for seat in sc.seats:
        member = sc.members[seat]
        lines += [f"### {md_line(member.name)}", ""]
        for objective in member.objectives:
            got = objective_points(objective, state, seat)
            mark = "met" if got > 0 else "missed"
            lines.append(f"- {mark} ({got:g}): {md_line(objective_text(objective))}")
        for line in member.red_lines:
            lines.append(f"- red line: {md_line(describe(line, sc.rules))}")
        lines.append("")
    return "\n".join(lines).rstrip()


def timeline_md(state: GameState) -> str:
    sc = state.scenario
    lines = []
    events = {e.round: render(e, sc) for e in state.log if e.kind == "event"}
    for outcome in state.outcomes:
        event = events.get(outcome.round)
        lines.append(f"**Round {outcome.round}**. "
                     + (md_line(event) if event is not None else "No event card."))
        if outcome.result == "none":
            lines.append("- Nothing was tabled.")
        else:
            measure = md_line(sc.measures[outcome.measure].name)
            who = member_md(state, outcome.sponsor)
            blocked = ("; blocked by "
                       + ", ".join(member_md(state, s) for s in outcome.objectors)
                       if outcome.objectors else "")
            lines.append(f"- {who} tabled {measure}: **{md_line(outcome.result)}** at "
                         f"ambition {outcome.ambition}{blocked}.")
        lines.append("")
    return "\n".join(lines).rstrip() or "No round was completed."


def history_md(state: GameState) -> str:
    """What happened then beside what happened in the game; a what-if scenario shows
    the history its author gave it (its precedents), with nothing to follow or depart
    from."""
    sc = state.scenario
    h = sc.history
    if not sc.historical and not h.outcome:
        return "This is a what-if scenario: there is no history to compare with."
    played = sorted(m for m in state.adopted if m not in sc.adopted)
    title = "What happened" if sc.historical else "A what-if; the history it draws on"
    lines = [f"**{title}.** {md(h.outcome)}", ""]
    if sc.historical or h.adopted:
        lines.append(f"- Adopted then: {_ids(h.adopted) or 'nothing'}")
    lines.append(f"- Adopted in this game: {_ids(played) or 'nothing'}")
    if h.not_adopted:
        lines.append(f"- Not adopted then: {_ids(h.not_adopted)}")
    if h.objectors:
        lines.append(f"- Who objected then: {_ids(h.objectors)}")
    if sc.historical:
        same = set(h.adopted) == set(played)
        lines += ["", "The game followed history." if same else "The game departed from history."]
    return "\n".join(lines)


def entry_md(state: GameState, entry: Entry) -> str:
    """One log entry as a Markdown list item, a private one marked with who saw it."""
    private = (f" *(private: {', '.join(member_md(state, s) for s in entry.seen_by)})*"
               if entry.seen_by else "")
    said = md_line(render(entry, state.scenario))
    return f"- R{entry.round} {md_line(entry.phase)}: {said}{private}"


def archive_md(state: GameState) -> str:
    return "\n".join(entry_md(state, entry) for entry in state.log)


def section(state: GameState, seats: Mapping[str, str], title: str) -> str:
    return {
        "Scores": lambda: scores_md(state, seats),
        "Objectives": lambda: objectives_md(state),
        "Timeline": lambda: timeline_md(state),
        "History": lambda: history_md(state),
        "Archive": lambda: archive_md(state),
    }[title]()


def debrief_md(state: GameState, seats: Mapping[str, str]) -> str:
    """The whole debrief as one Markdown document."""
    sc = state.scenario
    sid = f"`{sc.id}`" if re.fullmatch(r"[a-z0-9-]{1,80}", sc.id) else md_line(sc.id)
    head = (f"# Debrief: {md_line(sc.title)}\n\nScenario {sid}, seed {state.seed}, "
            f"{state.round} round(s), {state.seq} moves.")
    body = [f"## {title}\n\n{section(state, seats, title)}" for title in SECTIONS]
    return "\n\n".join([head, *body]) + "\n"
