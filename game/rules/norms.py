"""How a measure weighs on the ASEAN-Way norms, red lines, and the norm life cycle.

Shared by the rules, the views, the bots and the lint, so all of them agree on what
"this proposal strains non-interference too far" means.
"""

from __future__ import annotations

import operator
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from game.rules.frozen import FrozenDict
from game.rules.model import NORMS, STAGES, Clause, Event, Measure, Member, RedLine, Rules, Scenario

if TYPE_CHECKING:
    from game.rules.log import Names


def strain(measure: Measure, norm: str, ambition: int, event: Event | None = None,
           deferrals: int = 0, relief: float = 0.0) -> float:
    """Strain of `measure` on `norm` at `ambition`: the full-ambition strain, shifted by
    the round's event and eased by deferrals, scaled by the share of ambition."""
    base = measure.norms.get(norm, 0.0)
    if base <= 0:
        return 0.0
    shift = event.strain.get(norm, 0.0) if event else 0.0
    return max(0.0, base + shift - relief * deferrals) * ambition / measure.max_ambition


_by_id = operator.attrgetter("id")


def strains(measure: Measure, ambition: int, event: Event | None = None, deferrals: int = 0,
            relief: float = 0.0, clauses: Iterable[Clause] = ()) -> Mapping[str, float]:
    """The strain on every norm the measure touches (`strain` of each, in one pass),
    with each safeguard clause of the text removing its share of a norm's strain.

    Kept on the measure, keyed by the event and clauses by identity: a hit must hold
    those very objects (a copy of the measure in another process keeps stale ids). The
    clauses apply in order of their ids, so the product of their reliefs is the same
    in every process."""
    texts = tuple(sorted(clauses, key=_by_id))
    key = (ambition, deferrals, relief, id(event), tuple(map(id, texts)))
    kept = measure.memo.get(key)
    if kept is None or kept[0] is not event or not all(map(operator.is_, kept[1], texts)):
        kept = measure.memo[key] = (event, texts, _strains(measure, ambition, event,
                                                           deferrals, relief, texts))
    return kept[2]


def _strains(measure: Measure, ambition: int, event: Event | None, deferrals: int,
             relief: float, clauses: tuple[Clause, ...]) -> FrozenDict[str, float]:
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
    return FrozenDict(out)


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


def describe(line: RedLine, names: Names) -> str:
    """A red line in words, its measure by name."""
    if line.measure:
        measure = names.measures.get(line.measure)
        level = "at all" if line.max_ambition == 0 else f"above ambition {line.max_ambition}"
        return f"no {measure.name if measure else line.measure} {level}"
    return (f"{line.norm} ({names.rules.norm_names.get(line.norm, '')}) strained above "
            f"{line.max:g}")


def stage(adopters: int, seats: int, rules: Rules, held: int) -> str:
    """Finnemore & Sikkink: cascade from the tipping point, then internalization once
    the share has held at the close of `internalization_meetings` meetings in a row
    (`held` of them so far): "taken for granted", not a passing majority."""
    share = adopters / seats if seats else 0.0
    if share >= rules.internalization and held >= rules.internalization_meetings:
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


def main_concern(member: Member, measure: Measure, ambition: int,
                 load: Mapping[str, float]) -> tuple[str, str]:
    """What weighs most for `member` against a text, as (reason, note): a crossed red
    line with its own words, else the strained norm it is most sensitive to, else the
    burden; ("", "") when nothing does."""
    lines = crossed(member.red_lines, measure, ambition, load)
    if lines:
        return "red-line", lines[0].note
    norms = [n for n, v in load.items() if v > 0]
    if norms:
        return max(norms, key=lambda n: (member.sensitivity.get(n, 0.0) * load[n], n)), ""
    return ("burden", "") if measure.burden > 0 else ("", "")


def shifted(sensitivity: Mapping[str, float], shift: Mapping[str, float]) -> dict[str, float]:
    """A member's sensitivities as persuasion has moved them (never below 0)."""
    return {n: max(0.0, v + shift.get(n, 0.0)) for n, v in sensitivity.items()}


def persuasion_step(rules: Rules, capability: float, trust: float) -> float:
    """How far one persuasion moves its target: more with the target's trust in the
    persuader and the persuader's peacekeeping record, never backwards."""
    return max(0.0, rules.persuasion_step + rules.persuasion_per_capability * capability
               + rules.persuasion_per_trust * (trust - rules.trust_default))


def weighing(sensitivity: Mapping[str, float], rules: Rules) -> float:
    """A member's weighing of the peacekeeping norm: its mean sensitivity on the norms
    persuasion moves; it adopts the norm when this falls to `persuasion_adopt_at` (with
    no norm to move, never)."""
    norms = [n for n, w in rules.persuasion_norms.items() if w > 0]
    return (sum(sensitivity.get(n, 0.0) for n in norms) / len(norms) if norms
            else float("inf"))
