"""The after-action debrief, as Markdown: shown on the end screen, exported as is, and
built on by the workshop's room debrief.

"You" are the seats people played (hot-seat has several); in a game of bots only, the
sponsor's seat, whose proposal the game is about. Members and measures are named by
their display names, never their ids.

Training debriefs open the whole archive, so this reads the full `GameState` (every
seat's objectives and every private consultation), which only the end screen may do.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from game import Entry, GameState, norm_stage, render, scores
from game.play.redecide import HUMAN
from game.play.strongest import STRONGEST, strongest_line
from game.play.turning import blockers, measure_name, name, objections, turning_points, why
from game.rules.log import clause_words, reason_words
from game.rules.model import Measure, Objective
from game.rules.norms import describe
from game.rules.scoring import asean_outcome, breakdown, objective_points
from game.rules.text import md, md_line

SECTIONS = ("You", "Scores", "Objectives", "Timeline", "History", "Archive")
"""The debrief's sections; the strongest line (`STRONGEST_LINE`) comes after "You",
computed apart because it replays the game."""

STRONGEST_LINE = "Strongest line"

# Every text from the scenario or the record (names, notes, event texts, ids) goes in
# through `md_line` / `md`: the debrief is shown as Markdown and exported as a .md file,
# so a name must not open a link, an HTML tag, a code span or a new table cell.


def objective_text(objective: Objective, measures: Mapping[str, Measure]) -> str:
    """One line for an objective: its note, what it takes, and its points."""
    o = objective
    item = measures[o.measure].name if o.measure in measures else o.measure
    need = {
        "adopt": f"{item} adopted at ambition {o.min_ambition}+"
                 + (" (points scale with ambition)" if o.scale else ""),
        "block": f"{item} not adopted above ambition {o.max_ambition}",
        "face": f"face at least {o.min:g}",
        "norm": f"the norm reaches {o.stage}",
        "progress": f"a measure of intrusiveness {o.min_intrusiveness}+ adopted",
    }.get(o.kind, o.kind)
    role = "public" if o.public else "hidden"
    lead = f"{o.note}: " if o.note else ""
    return f"{lead}{need} [{role}, {o.points:g} pts]"


def member_md(state: GameState, seat: str) -> str:
    """A member's name as literal Markdown (the seat id if it is not seated)."""
    return md_line(name(state, seat))


def _names(state: GameState, mids: Iterable[str]) -> str:
    return ", ".join(md_line(measure_name(state, m)) for m in mids)


def your_seats(state: GameState, seats: Mapping[str, str]) -> tuple[str, ...]:
    """The seats people played, or the sponsor's if bots played them all."""
    humans = tuple(s for s in state.scenario.seats if seats.get(s) == HUMAN)
    return humans or (state.scenario.sponsor,)


def rank_line(state: GameState, seat: str) -> str:
    """`**23.5** points, rank 2 of 10 (top: Singapore 30.1; mean 20.2)`."""
    total = scores(state)
    rank = 1 + sum(v > total[seat] for v in total.values())
    top = max(total, key=lambda s: (total[s], s))
    mean = sum(total.values()) / len(total)
    return (f"**{total[seat]:.1f}** points, rank {rank} of {len(total)} (top: "
            f"{member_md(state, top)} {total[top]:.1f}; mean {mean:.1f})")


def you_md(state: GameState, seats: Mapping[str, str]) -> str:
    """Each of your seats: rank and score, objectives met or missed and why, and the
    turning points."""
    sc = state.scenario
    parts = []
    for seat in your_seats(state, seats):
        member = sc.members[seat]
        played = "played by you" if seats.get(seat) == HUMAN else "the sponsor, played by a bot"
        lines = [f"### {md_line(member.name)} ({played})", "",
                 f"**{md_line(member.name)}**: {rank_line(state, seat)}; face "
                 f"{member.face:.0f} at the start, {state.face[seat]:.0f} at the end.", "",
                 "**Objectives**", ""]
        for o in member.objectives:
            got = objective_points(o, state, seat)
            mark = f"met ({got:g} pts)" if got > 0 else "missed"
            lines.append(f"- {mark}: {md_line(objective_text(o, sc.measures))}. Why: "
                         f"{md_line(why(state, seat, o))}.")
        points = turning_points(state, seat)
        lines += ["", "**Turning points**", ""]
        lines += [f"- {md_line(p)}" for p in points] or ["- None: nothing touched its "
                                                         "objectives."]
        parts.append("\n".join(lines))
    return "\n\n".join(parts)


def strongest_md(state: GameState, seat: str, best: GameState) -> str:
    """What `seat` would have scored with the expert in its seat, beside what it did."""
    sc = state.scenario
    who = member_md(state, seat)
    played, line = scores(state)[seat], scores(best)[seat]
    met = sum(objective_points(o, best, seat) > 0 for o in sc.members[seat].objectives)
    adopted = [f"{md_line(measure_name(best, m))} at ambition {level}"
               for m, level in best.adopted.items() if m not in sc.adopted]
    lines = [f"### {who}", "",
             f"With the `{STRONGEST}` bot in {who}'s seat (same seed, same bots elsewhere): "
             f"{rank_line(best, seat)}. As played: **{played:.1f}** points "
             f"({line - played:+.1f} with the strongest line).",
             f"Objectives met in that line: {met} of {len(sc.members[seat].objectives)}; "
             f"adopted: {', '.join(adopted) or 'nothing new'}.", "",
             "**Its turning points**", ""]
    lines += [f"- {md_line(p)}" for p in turning_points(best, seat)] or ["- None."]
    return "\n".join(lines)


def strongest_lines(state: GameState, seats: Mapping[str, str]) -> dict[str, GameState]:
    """Each of your seats' strongest line (seconds each)."""
    return {seat: strongest_line(state, seats, seat) for seat in your_seats(state, seats)}


def strongest_section(state: GameState, best: Mapping[str, GameState]) -> str:
    """The strongest line of each of your seats, from `strongest_lines`."""
    return "\n\n".join(strongest_md(state, seat, line) for seat, line in best.items()) \
        or "The strongest line could not be replayed."


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
            lines.append(f"- {mark} ({got:g}): "
                         f"{md_line(objective_text(objective, sc.measures))}")
        for line in member.red_lines:
            lines.append(f"- red line: {md_line(describe(line, sc))}")
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


def _agreed(state: GameState, mid: str, level: float, clauses: Iterable[str]) -> str:
    """`ASEAN flag at ambition 2, with the clause “Command stays national”`."""
    carried = tuple(clauses)
    with_clauses = f", with {clause_words(carried, state.scenario)}" if carried else ""
    return md_line(f"{measure_name(state, mid)} at ambition {level:g}{with_clauses}")


def _objected_then(state: GameState) -> str:
    h = state.scenario.history
    return ", ".join(member_md(state, s) + (
        f" ({md_line(reason_words(h.grounds[s], state.scenario))})" if s in h.grounds else "")
        for s in h.objectors)


def _objected_now(state: GameState) -> list[str]:
    return [f"- Round {o.round}, {md_line(measure_name(state, o.measure))}: "
            f"{md_line(blockers(state, o))}" for o in state.outcomes if o.objectors]


def history_md(state: GameState) -> str:
    """What happened then beside what happened in the game: the measures, their ambition
    and clauses, who objected and on what ground, and the norm stage. A what-if scenario
    shows the history its author gave it (its precedents), with nothing to follow or
    depart from."""
    sc = state.scenario
    h = sc.history
    if not sc.historical and not h.outcome:
        return "This is a what-if scenario: there is no history to compare with."
    played = sorted(m for m in state.adopted if m not in sc.adopted)
    title = "What happened" if sc.historical else "A what-if; the history it draws on"
    lines = [f"**{title}.** {md(h.outcome)}", ""]
    if sc.historical or h.adopted:
        then = [_agreed(state, m, h.levels[m], h.clauses) if m in h.levels else
                md_line(measure_name(state, m)) for m in h.adopted]
        lines.append(f"- Adopted then: {', '.join(then) or 'nothing'}")
    now = [_agreed(state, m, state.adopted[m], state.adopted_clauses.get(m, ()))
           for m in played]
    lines.append(f"- Adopted in this game: {', '.join(now) or 'nothing'}")
    if h.not_adopted:
        lines.append(f"- Not adopted then: {_names(state, h.not_adopted)}")
    if h.objectors:
        lines.append(f"- Who objected then: {_objected_then(state)}")
    blocked = _objected_now(state)
    lines.append("- Who objected in this game:" + ("" if blocked else " nobody blocked an item"))
    lines += [f"  {b}" for b in blocked]
    if h.stage:
        lines.append(f"- Norm stage then: {md_line(h.stage)}; in this game: "
                     f"{md_line(norm_stage(state))}")
    if sc.historical:
        same = set(h.adopted) == set(played)
        lines += ["", "The game followed history." if same else "The game departed from history."]
        if h.objectors:
            lines.append(_objector_verdict(state))
    return "\n".join(lines)


def _objector_verdict(state: GameState) -> str:
    """Whether the same members blocked, on the same grounds, as in history."""
    sc = state.scenario
    now: dict[str, set[str]] = {}
    for o in state.outcomes:
        for seat, said in objections(state, o.round, o.measure).items():
            if seat in o.objectors:
                now.setdefault(seat, set()).add(said)
    then = set(sc.history.objectors)
    parts = []
    for seat in sc.history.objectors:
        said = reason_words(sc.history.grounds.get(seat, ""), sc)
        if seat not in now:
            parts.append(f"{name(state, seat)} did not block this time")
        elif sc.history.grounds.get(seat) and said not in now[seat]:
            parts.append(f"{name(state, seat)} blocked, but not on {said}")
        else:
            parts.append(f"{name(state, seat)} blocked as then")
    parts += [f"{name(state, s)} blocked and did not then" for s in now if s not in then]
    return md_line("; ".join(parts) + ".")


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
        "You": lambda: you_md(state, seats),
        "Scores": lambda: scores_md(state, seats),
        "Objectives": lambda: objectives_md(state),
        "Timeline": lambda: timeline_md(state),
        "History": lambda: history_md(state),
        "Archive": lambda: archive_md(state),
    }[title]()


def debrief_md(state: GameState, seats: Mapping[str, str],
               best: Mapping[str, GameState] | None = None) -> str:
    """The whole debrief as one Markdown document; `best` is each of your seats'
    strongest line if it was computed already (else it is computed here)."""
    sc = state.scenario
    sid = f"`{sc.id}`" if re.fullmatch(r"[a-z0-9-]{1,80}", sc.id) else md_line(sc.id)
    head = (f"# Debrief: {md_line(sc.title)}\n\nScenario {sid}, seed {state.seed}, "
            f"{state.round} round(s), {state.seq} moves.")
    body = [f"## {title}\n\n{section(state, seats, title)}" for title in SECTIONS]
    lines = strongest_lines(state, seats) if best is None else best
    body.insert(1, f"## {STRONGEST_LINE}\n\n{strongest_section(state, lines)}")
    return "\n\n".join([head, *body]) + "\n"
