"""How a measure weighs on the ASEAN-Way norms, red lines, and the norm life cycle.

Shared by the rules, the views, the bots and the lint, so all of them agree on what
"this proposal strains non-interference too far" means.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from game.rules.model import NORMS, STAGES, Clause, Event, Measure, Member, RedLine, Rules, Scenario


def strain(measure: Measure, norm: str, ambition: int, event: Event | None = None,
           deferrals: int = 0, relief: float = 0.0) -> float:
    """Strain of `measure` on `norm` at `ambition`: the full-ambition strain, shifted by
    the round's event and eased by deferrals, scaled by the share of ambition."""
    base = measure.norms.get(norm, 0.0)
    if base <= 0:
        return 0.0
    shift = event.strain.get(norm, 0.0) if event else 0.0
    return max(0.0, base + shift - relief * deferrals) * ambition / measure.max_ambition


def strains(measure: Measure, ambition: int, event: Event | None = None, deferrals: int = 0,
            relief: float = 0.0, clauses: Iterable[Clause] = ()) -> dict[str, float]:
    """The strain on every norm the measure touches (`strain` of each, in one pass),
    with each safeguard clause of the text removing its share of a norm's strain."""
    shifts = event.strain if event else {}
    top = measure.max_ambition
    kept = dict.fromkeys(NORMS, 1.0)
    for clause in clauses:
        for norm, share in clause.relief.items():
            kept[norm] *= max(0.0, 1.0 - share)
    out = {}
    for norm in NORMS:
        base = measure.norms.get(norm, 0.0)
        if base > 0:
            shift = shifts.get(norm, 0.0)
            out[norm] = (max(0.0, base + shift - relief * deferrals) * ambition / top
                         * kept[norm])
    return out


def value_kept(clauses: Iterable[Clause]) -> float:
    """The share of a measure's value its text keeps with these safeguard clauses."""
    share = 1.0
    for clause in clauses:
        share *= max(0.0, 1.0 - clause.cost)
    return share


def crossed(red_lines: Iterable[RedLine], measure: Measure, ambition: int,
            load: Mapping[str, float]) -> list[RedLine]:
    """The red lines a measure at `ambition` with norm strain `load` crosses."""
    out = []
    for line in red_lines:
        if line.measure:
            if line.measure == measure.id and ambition > line.max_ambition:
                out.append(line)
        elif line.norm and load.get(line.norm, 0.0) > line.max:
            out.append(line)
    return out


def describe(line: RedLine, rules: Rules) -> str:
    if line.measure:
        level = "at all" if line.max_ambition == 0 else f"above ambition {line.max_ambition}"
        return f"no {line.measure} {level}"
    return f"{line.norm} ({rules.norm_names.get(line.norm, '')}) strained above {line.max:g}"


def stage(adopters: int, seats: int, rules: Rules) -> str:
    """Finnemore & Sikkink: cascade from the tipping point, then internalization."""
    share = adopters / seats if seats else 0.0
    if share >= rules.internalization:
        return STAGES[2]
    if share >= rules.tipping_point:
        return STAGES[1]
    return STAGES[0]


def chair_order(scenario: Scenario) -> tuple[str, ...]:
    """Seats in the alphabetical order of their English names (ASEAN Charter Art. 31)."""
    return tuple(sorted(scenario.seats, key=lambda s: scenario.members[s].name))


def rotation(scenario: Scenario, first: str) -> tuple[str, ...]:
    """Every seat once, in chair order, starting from `first`."""
    key = ("rotation", first)
    if key not in scenario.memo:
        order = chair_order(scenario)
        i = order.index(first)
        scenario.memo[key] = order[i:] + order[:i]
    return scenario.memo[key]  # type: ignore[no-any-return]


def can_be_drawn(event: Event, round_no: int, seats: Iterable[str],
                 adopted: Iterable[str]) -> bool:
    return (event.min_round <= round_no and set(event.requires_seats) <= set(seats)
            and set(event.requires_adopted) <= set(adopted))


def objecting_reasons(member: Member, measure: Measure, ambition: int,
                      load: Mapping[str, float]) -> list[str]:
    """The reasons a seat may give for objecting: a strained norm, its red line, or the
    burden on its capability."""
    reasons = [n for n, v in load.items() if v > 0]
    if crossed(member.red_lines, measure, ambition, load):
        reasons.append("red-line")
    if measure.burden > 0:
        reasons.append("burden")
    return reasons
