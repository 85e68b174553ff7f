"""The after-action debrief, as Markdown: shown on the end screen and exported as is.

Training debriefs open the whole archive, so this reads the full `GameState` (every
seat's objectives and every private consultation), which only the end screen may do.
"""

from __future__ import annotations

from collections.abc import Mapping

from game import GameState, norm_stage, render, scores
from game.rules.norms import describe
from game.rules.scoring import asean_outcome, breakdown, objective_points
from tui.describe import objective_text

SECTIONS = ("Scores", "Objectives", "Timeline", "History", "Archive")


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def scores_md(state: GameState, seats: Mapping[str, str]) -> str:
    sc = state.scenario
    total = scores(state)
    lines = [f"ASEAN outcome: **{asean_outcome(state):.1f}**, norm stage "
             f"**{norm_stage(state)}**, {len(state.norm_adopters)} of {len(sc.seats)} "
             "members adopting the norm.", "",
             "| Member | Played by | Score | Objectives | Face | Shared |",
             "|---|---|---:|---:|---:|---:|"]
    for seat in sorted(sc.seats, key=lambda s: (-total[s], s)):
        part = breakdown(state, seat)
        lines.append(f"| {sc.members[seat].name} | {seats.get(seat, '?')} | {total[seat]:.1f} "
                     f"| {part['objectives']:.1f} | {part['face']:+.1f} | {part['shared']:.1f} |")
    return "\n".join(lines)


def objectives_md(state: GameState) -> str:
    sc = state.scenario
    lines: list[str] = []
    for seat in sc.seats:
        member = sc.members[seat]
        lines += [f"### {member.name}", ""]
        for objective in member.objectives:
            got = objective_points(objective, state, seat)
            mark = "met" if got > 0 else "missed"
            lines.append(f"- {mark} ({got:g}): {_cell(objective_text(objective))}")
        for line in member.red_lines:
            lines.append(f"- red line: {describe(line, sc.rules)}")
        lines.append("")
    return "\n".join(lines).rstrip()


def timeline_md(state: GameState) -> str:
    sc = state.scenario
    lines = []
    events = {e.round: render(e, sc) for e in state.log if e.kind == "event"}
    for outcome in state.outcomes:
        lines.append(f"**Round {outcome.round}**. {events.get(outcome.round, 'No event card.')}")
        if outcome.result == "none":
            lines.append("- Nothing was tabled.")
        else:
            measure = sc.measures[outcome.measure].name
            who = sc.members[outcome.sponsor].name
            blocked = (f"; blocked by {', '.join(sc.members[s].name for s in outcome.objectors)}"
                       if outcome.objectors else "")
            lines.append(f"- {who} tabled {measure}: **{outcome.result}** at ambition "
                         f"{outcome.ambition}{blocked}.")
        lines.append("")
    return "\n".join(lines).rstrip() or "No round was completed."


def history_md(state: GameState) -> str:
    sc = state.scenario
    if not sc.historical:
        return "This is a what-if scenario: there is no history to compare with."
    h = sc.history
    played = sorted(m for m in state.adopted if m not in sc.adopted)
    lines = [f"**What happened.** {h.outcome}", "",
             f"- Adopted then: {', '.join(h.adopted) or 'nothing'}",
             f"- Adopted in this game: {', '.join(played) or 'nothing'}"]
    if h.not_adopted:
        lines.append(f"- Not adopted then: {', '.join(h.not_adopted)}")
    if h.objectors:
        lines.append(f"- Who objected then: {', '.join(h.objectors)}")
    same = set(h.adopted) == set(played)
    lines += ["", "The game followed history." if same else "The game departed from history."]
    return "\n".join(lines)


def archive_md(state: GameState) -> str:
    sc = state.scenario
    lines = []
    for entry in state.log:
        private = (f" *(private: {', '.join(sc.members[s].name for s in entry.seen_by)})*"
                   if entry.seen_by else "")
        lines.append(f"- R{entry.round} {entry.phase}: {render(entry, sc)}{private}")
    return "\n".join(lines)


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
    head = (f"# Debrief: {sc.title}\n\nScenario `{sc.id}`, seed {state.seed}, "
            f"{state.round} round(s), {state.seq} moves.")
    body = [f"## {title}\n\n{section(state, seats, title)}" for title in SECTIONS]
    return "\n\n".join([head, *body]) + "\n"
