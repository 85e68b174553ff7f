"""Scenario lint: what `check_file` finds, plus content that can never matter in play.

`check_file` answers "can this file be loaded?" (codes M000-M009, R001-R006, W101).
The lint goes on to ask "does every part of it play?": events that can never be drawn,
measures and objectives nothing uses, a focus measure every ambition of which crosses
somebody's red line, a seat that cannot score. Codes are stable (the table is
`game.scenario.schema.CODES`); `scenarios/README.md` lists them all. Like the loader, the
lint lists at most MAX_PROBLEMS problems per file and then stops looking, and every check
is linear or near it in the size of the file. Nothing here writes a file.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Container, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from game.rules.model import CHOOSERS, STAGES, Event, Measure, Objective, Scenario
from game.rules.norms import crossed, describe, strains
from game.rules.norms import stage as norm_stage
from game.scenario.loader import (
    BUNDLE_DIR,
    MAX_PROBLEMS,
    SHARED_FILES,
    Reporter,
    ScenarioError,
    check_file,
    check_shared_file,
    find_cycle,
    read_toml,
    resolve,
    shared_data,
)
from game.scenario.schema import CODES, RECORD_CODES, Problem, suggest

__all__ = ["CODES", "codes_table", "lint_paths", "lint_scenario", "lint_shared", "reachable"]



def lint_paths(paths: Iterable[str]) -> list[Problem]:
    """Every problem in the scenario files (or bundled ids, or folders of `.toml`)."""
    problems: list[Problem] = []
    seen_ids: dict[str, str] = {}
    for ref in paths:
        for path in _expand(ref):
            kind = _shared_kind(Path(path))
            if kind:
                problems += lint_shared(Path(path), kind)
                continue
            scenario, found = check_file(path)
            problems += found
            if scenario is None:
                continue
            own = sum(p.path == str(_resolved(path)) for p in found)
            problems += lint_scenario(scenario, _resolved(path), MAX_PROBLEMS - own)
            where = str(_resolved(path))
            if scenario.id in seen_ids and seen_ids[scenario.id] != where:
                problems.append(Problem(where, "id", "R007", f"scenario id `{scenario.id}` "
                                        f"is also declared in {seen_ids[scenario.id]}",
                                        hint="give each scenario its own id"))
            seen_ids.setdefault(scenario.id, where)
    return _unique(problems)


def _shared_kind(path: Path) -> str:
    """Which shared file `path` is (members, measures, events, rules), or "" for a
    scenario: a file with no `id` whose only table is one of the shared kinds."""
    if not path.is_file():
        return ""
    data, _, _ = read_toml(path)
    if not data or "id" in data:
        return ""
    keys = set(data) - {"format"}
    if path.stem in SHARED_FILES and (path.stem == "rules" or keys <= {path.stem}):
        return path.stem
    if len(keys) == 1 and keys <= {"members", "measures", "events"}:
        return keys.pop()
    return ""


def lint_shared(path: Path, kind: str) -> list[Problem]:
    """A shared profiles/catalogue/cards file: its fields, and its references checked
    against the other shared files."""
    clean, problems = check_shared_file(path, kind)
    if kind == "rules" or any(p.severity == "error" for p in problems):
        return problems
    report = _Reporter(path, MAX_PROBLEMS - len(problems))
    shared = dict(shared_data()[0])
    shared[kind] = {**shared[kind], **clean}
    measures, members = shared["measures"], shared["members"]
    for key, entry in clean.items():
        where = f"{kind}.{key}"
        names = [("requires", m, measures, "measure", "R002")
                 for m in entry.get("requires", ())]
        names += [("requires_adopted", m, measures, "measure", "R002")
                  for m in entry.get("requires_adopted", ())]
        names += [("boost", m, measures, "measure", "R002") for m in entry.get("boost", {})]
        seat_fields = ("requires_seats", "face", "trust") if kind == "events" else ("trust",)
        names += [(field, s, members, "member", "R001") for field in seat_fields
                  for s in entry.get(field, ())]
        names += [(field, s, members, "member", "R001") for field, s in _card_seats(entry)]
        names += [(f"objectives[{i}].measure", o["measure"], measures, "measure", "R002")
                  for i, o in enumerate(entry.get("objectives", ())) if o.get("measure")]
        names += [(f"red_lines[{i}].measure", r["measure"], measures, "measure", "R002")
                  for i, r in enumerate(entry.get("red_lines", ())) if r.get("measure")]
        for field, name, known, what, code in names:
            if report.full:
                break
            if name not in known:
                keyed = field in ("boost", "face", "trust")
                report(f"{where}.{field}" + (f".{name}" if keyed else ""), code,
                       f"unknown {what} `{name}`",
                       suggest(name, known), "error")
    if kind == "measures":
        cycle = find_cycle({m: v.get("requires", []) for m, v in clean.items()})
        if cycle:
            report(f"measures.{cycle[0]}.requires", "R005", "prerequisites form a cycle: "
                   + " -> ".join(cycle), "break one link", "error")
    return problems + report.problems


def _expand(ref: str) -> list[str]:
    folder = Path(ref)
    if folder.is_dir():
        return [str(p) for p in sorted(folder.glob("*.toml"))] or [ref]
    return [ref]


def _resolved(ref: str) -> Path:
    try:
        return resolve(ref)
    except ScenarioError:
        return Path(ref)


def _unique(problems: list[Problem]) -> list[Problem]:
    """The shared files' problems come back with every scenario: keep each once."""
    out: list[Problem] = []
    seen: set[Problem] = set()
    for problem in problems:
        if problem not in seen:
            seen.add(problem)
            out.append(problem)
    return out


class _Reporter:
    """Collects problems located in one file's text, at most `limit` of them (then one
    note), like the loader's `Reporter`; lint findings are warnings unless said."""

    def __init__(self, path: Path, limit: int = MAX_PROBLEMS) -> None:
        self.path = path
        data, text, _ = read_toml(path)
        self.data: Mapping[str, Any] = data or {}
        self.problems: list[Problem] = []
        self._report = Reporter(str(path), text, self.problems, max(limit, 0))

    @property
    def full(self) -> bool:
        return self._report.full

    def __call__(self, where: str, code: str, message: str, hint: str = "",
                 severity: str = "warning") -> None:
        self._report(where, code, message, hint, severity)

    def own(self, table: str) -> Mapping[str, Any]:
        """The entries of `table` (measures, cards, members) written in this file."""
        value = self.data.get(table, {})
        return value if isinstance(value, Mapping) else {}


def lint_scenario(sc: Scenario, path: Path, limit: int = MAX_PROBLEMS) -> list[Problem]:
    """The lint findings for a scenario that loads (`path` is its file, for lines), at
    most `limit` of them and then a note; the checks stop once nothing more is shown."""
    report = _Reporter(path, limit)
    reach = reachable(sc)
    for check in (_check_identity, _check_cards, _check_agenda, _check_tabled, _check_unused,
                  _check_objectives, _check_chair_only, _check_focus):
        if report.full:
            break
        check(sc, path, reach, report)
    return report.problems


def reachable(sc: Scenario) -> dict[str, int]:
    """Measures that can be in force by the end, each with the fewest rounds of
    adoptions it needs (0 = in force at the start). One measure is adopted per round
    at most, so a measure needing more adoptions than there are rounds is out of reach.

    Linear in the measures and prerequisites: each measure's not-yet-adopted
    prerequisites (its closure) are computed once, in prerequisite order, and only while
    they fit in the rounds (at most 12), so a chain of thousands costs one pass."""
    adopted = set(sc.adopted)
    agenda = set(sc.agenda)
    cap = sc.rounds
    pending: dict[str, frozenset[str] | None] = {}  # closure minus adopted; None = too big

    def known_requires(mid: str) -> list[str]:
        return [r for r in sc.measures[mid].requires if r in sc.measures]

    def close(mid: str) -> None:
        out: set[str] = set()
        for r in known_requires(mid):
            sub = pending.get(r)  # None: too many, or a cycle (the loader refuses those)
            if sub is None:
                break
            out |= sub
            if r not in adopted:
                out.add(r)
            if len(out) > cap:
                break
        else:
            pending[mid] = frozenset(out)
            return
        pending[mid] = None

    def pending_of(root: str) -> frozenset[str] | None:
        _post_order(root, pending, known_requires, close)
        return pending[root]

    need: dict[str, int] = {m: 0 for m in sc.adopted}
    ok: dict[str, bool] = {m: True for m in sc.adopted}

    def requires(mid: str) -> tuple[str, ...]:
        if mid not in agenda or mid not in sc.measures:
            return ()
        return sc.measures[mid].requires

    def settle(mid: str) -> None:
        if mid not in agenda or mid not in sc.measures:
            ok[mid] = False
            return
        before = pending_of(mid)
        if not all(ok.get(r, False) for r in requires(mid)) or before is None \
                or len(before) + 1 > sc.rounds:
            ok[mid] = False
            return
        ok[mid] = True
        need[mid] = len(before) + 1

    for mid in sc.agenda:
        _post_order(mid, ok, requires, settle)
    return need


def _post_order(root: str, done: Container[str], children: Callable[[str], Sequence[str]],
                finish: Callable[[str], None]) -> None:
    """Call `finish` on `root` and on every node below it that is not `done`, children
    before their parent, with a stack rather than recursion (a chain of thousands).
    `finish(node)` must make `node` done. A child on the current path (a cycle) is not
    waited for."""
    stack, visiting = [root], set()
    while stack:
        node = stack[-1]
        if node in done:
            stack.pop()
            continue
        todo = [c for c in children(node) if c not in done and c not in visiting]
        if todo and node not in visiting:
            visiting.add(node)
            stack += todo
            continue
        stack.pop()
        visiting.discard(node)
        finish(node)


def _closure(sc: Scenario, roots: Iterable[str]) -> set[str]:
    out: set[str] = set()
    todo = list(roots)
    while todo:
        mid = todo.pop()
        if mid not in out and mid in sc.measures:
            out.add(mid)
            todo += sc.measures[mid].requires
    return out


def _check_identity(sc: Scenario, path: Path, _reach: Mapping[str, int],
                    report: _Reporter) -> None:
    bundled = BUNDLE_DIR / f"{sc.id}.toml"
    if bundled.is_file() and bundled.resolve() != path.resolve():
        report("id", "W111", f"`{sc.id}` is the id of a bundled scenario; "
               f"`mufakat play {sc.id}` would open the bundled one", "choose another id")
    elif path.suffix == ".toml" and path.stem != sc.id:
        report("id", "W111", f"id `{sc.id}` differs from the file name `{path.name}`",
               f"rename the file to {sc.id}.toml or set id = \"{path.stem}\"")


def _check_cards(sc: Scenario, _path: Path, reach: Mapping[str, int],
                 report: _Reporter) -> None:
    for i, eid in enumerate(sc.deck):
        if report.full:
            return
        event = sc.events[eid]
        where = f"events[{i}]"
        if event.min_round > sc.rounds:
            report(where, "W102", f"card `{eid}` has min_round {event.min_round} but the game "
                   f"has {sc.rounds} round(s), so it is never drawn",
                   f"lower its min_round or set rounds = {event.min_round}")
        missing = [s for s in event.requires_seats if s not in sc.seats]
        if missing:
            report(where, "W103", f"card `{eid}` needs {', '.join(missing)} seated, so it is "
                   "never drawn", "seat them or drop the card from the deck")
        unreachable = [m for m in event.requires_adopted if m not in reach]
        if unreachable:
            report(where, "W104", f"card `{eid}` needs {', '.join(unreachable)} adopted, which "
                   "can never happen in this scenario", "put the measure on the agenda, adopt "
                   "it at the start, or drop the card")
    _check_choosers(sc, report)
    for eid in report.own("cards"):
        if eid in sc.events:
            _check_card_refs(sc, eid, sc.events[eid], report)


def _card_seats(entry: Mapping[str, Any]) -> list[tuple[str, str]]:
    """The members a card names outside its tables: the seat that stands aside from
    the chair and the one its choice is put to (`chair` and `sponsor` are roles)."""
    out = [("stands_aside", entry["stands_aside"])] if entry.get("stands_aside") else []
    who = (entry.get("choice") or {}).get("chooser", "")
    if who and who not in CHOOSERS:
        out.append(("choice.chooser", who))
    return out


def _check_choosers(sc: Scenario, report: _Reporter) -> None:
    """W114: a card in play that puts its choice to a seat not seated is played
    without its choice, which the author probably did not mean."""
    cards = dict.fromkeys((*sc.deck, *sc.schedule.values()))
    for eid in cards:
        choice = sc.events[eid].choice
        if report.full:
            return
        if choice and choice.chooser not in CHOOSERS and choice.chooser not in sc.seats:
            report(f"events.{eid}.choice.chooser", "W114", f"card `{eid}` puts its choice to "
                   f"`{choice.chooser}`, who is not seated, so it is played without the choice",
                   "seat it, put the choice to `chair` or `sponsor`, or drop the card")


def _check_card_refs(sc: Scenario, eid: str, event: Event, report: _Reporter) -> None:
    """References inside a card written in this scenario (boosts, face, trust)."""
    for key in ("boost", "requires_adopted"):
        for name in getattr(event, key):
            if name not in sc.measures:
                report(f"cards.{eid}.{key}", "R002", f"unknown measure `{name}`",
                       suggest(name, sc.measures), "error")
    known = shared_data()[0]["members"]
    named = [(k, n) for k in ("face", "trust", "requires_seats") for n in getattr(event, k)]
    named += _card_seats({"stands_aside": event.stands_aside, "choice": {
        "chooser": event.choice.chooser if event.choice else ""}})
    for key, name in named:
        if name not in known and name not in sc.members:
            report(f"cards.{eid}.{key}", "R001", f"unknown member `{name}`",
                   suggest(name, known), "error")


def _check_agenda(sc: Scenario, _path: Path, reach: Mapping[str, int],
                  report: _Reporter) -> None:
    for i, mid in enumerate(sc.agenda):
        if report.full:
            return
        if mid in reach or mid in sc.adopted:
            continue
        prereqs = _closure(sc, sc.measures[mid].requires) - set(sc.adopted)
        missing = sorted(m for m in prereqs if m not in sc.agenda)
        if missing:
            why = f"it needs {', '.join(missing)}, which is neither adopted nor on the agenda"
            hint = f"add {missing[0]} to `adopted` or to `agenda`"
        else:
            why = (f"it needs {len(prereqs) + 1} adoptions in a row and the game has "
                   f"{sc.rounds} round(s)")
            hint = f"set rounds = {len(prereqs) + 1} or adopt its prerequisites at the start"
        report(f"agenda[{i}]", "W105", f"`{mid}` can never be adopted: {why}", hint)


def _check_tabled(sc: Scenario, _path: Path, reach: Mapping[str, int],
                  report: _Reporter) -> None:
    """An adoptable agenda measure that no seat's objective rewards adopting, that is
    not the focus and not the chair's own, is all but dead: a historical bot tables only
    its `adopt` objectives' measures (and a chair a `chair_only` one), and only the
    shared outcome moves a human or a searching bot (game/bots/historical.py)."""
    for i, mid in enumerate(sc.agenda):
        if report.full:
            return
        measure = sc.measures.get(mid)
        if (measure is None or mid not in reach or mid in sc.adopted or mid == sc.focus
                or measure.chair_only or _rewarded(sc, mid, measure)):
            continue
        report(f"agenda[{i}]", "W115", f"no historical bot will table `{mid}`: no "
               "seat's objective rewards adopting it (`adopt` on it, or `progress` or "
               "`norm` it meets) and it is neither the focus nor `chair_only`; only a "
               "human or a searching bot (`hard`, `expert`) may table it, for the shared "
               "outcome",
               f'give a seat {{ kind = "adopt", measure = "{mid}", points = 5 }}, '
               "or take it off the agenda")


def _rewarded(sc: Scenario, mid: str, measure: Measure) -> bool:
    """Whether some seated member scores by `mid` being adopted."""
    return any((o.kind == "adopt" and o.measure == mid)
               or (o.kind == "progress" and measure.intrusiveness >= o.min_intrusiveness)
               or (o.kind == "norm" and measure.intrusiveness >= sc.rules.norm_min_intrusiveness)
               for seat in sc.seats for o in sc.members[seat].objectives)


def _check_unused(sc: Scenario, _path: Path, _reach: Mapping[str, int],
                  report: _Reporter) -> None:
    used: set[str] = set(sc.agenda) | set(sc.adopted) | _closure(sc, sc.agenda)
    for member in sc.members.values():
        used |= {o.measure for o in member.objectives} | {r.measure for r in member.red_lines}
    for event in sc.events.values():
        used |= set(event.boost) | set(event.requires_adopted)
    for mid in report.own("measures"):
        if report.full:
            return
        if mid in sc.measures and mid not in used:
            report(f"measures.{mid}", "W106", f"measure `{mid}` is defined here but nothing "
                   "uses it (agenda, adopted, prerequisites, objectives, red lines, cards)",
                   "add it to the agenda or delete it")
    drawn = set(sc.deck) | set(sc.schedule.values())
    for eid in report.own("cards"):
        if eid in sc.events and eid not in drawn:
            report(f"cards.{eid}", "W107", f"card `{eid}` is defined here but is neither in "
                   "the deck (`events`) nor in the `schedule`", f'add "{eid}" to events')
    for seat in report.own("members"):
        if seat not in sc.seats:
            report(f"members.{seat}", "W108", f"`{seat}` is not seated, so this profile "
                   "override is never used",
                   suggest(seat, sc.seats) or f'add "{seat}" to seats or delete the table')


def _check_objectives(sc: Scenario, _path: Path, reach: Mapping[str, int],
                      report: _Reporter) -> None:
    adoptable = {m: sc.measures[m] for m in reach if m not in sc.adopted}
    for seat in sc.seats:
        if report.full:
            return
        member = sc.members[seat]
        live = 0
        for i, objective in enumerate(member.objectives):
            verdict = objective_verdict(sc, reach, objective, adoptable)
            measure = sc.measures.get(objective.measure)
            if (objective.kind == "clause" and measure is not None
                    and objective.clause not in measure.clauses):
                report(f"members.{seat}.objectives[{i}].clause", "W112",
                       f"{seat}'s price, clause `{objective.clause}`, is not one "
                       f"`{objective.measure}` takes, so no text can pay it",
                       "choose one of: " + (", ".join(measure.clauses)
                                            or "none (list clauses on the measure)"))
            if verdict:
                report(f"members.{seat}.objectives[{i}]", "W109",
                       f"{seat}'s `{objective.kind}` objective {verdict}",
                       "aim it at a measure on the agenda, or drop it")
            else:
                live += 1
        if not live:
            report(f"members.{seat}", "W110", f"{seat} has no objective that can score: "
                   "only face and the shared outcome count for it",
                   f"add an objective under [members.{seat}]")


def _check_chair_only(sc: Scenario, _path: Path, _reach: Mapping[str, int],
                      report: _Reporter) -> None:
    if sc.measures[sc.focus].chair_only and sc.sponsor != sc.first_chair:
        report("focus", "W113", f"`{sc.focus}` is the chair's to table, but the sponsor "
               f"{sc.sponsor} does not chair ({sc.first_chair} does), so it can never "
               "table the focus", "make the sponsor the first chair, or pick another focus")


def objective_verdict(sc: Scenario, reach: Mapping[str, int], o: Objective,
                      adoptable: Mapping[str, Measure] | None = None) -> str:
    """Why nothing in the game can change whether `o` scores, or "" when play decides
    (`adoptable`, the reachable measures not in force, may be passed computed once)."""
    if adoptable is None:
        adoptable = {m: sc.measures[m] for m in reach if m not in sc.adopted}
    if o.kind == "adopt":
        top = sc.measures[o.measure].max_ambition
        if o.measure in sc.adopted:
            return f"is met from the start: `{o.measure}` is already in force"
        if o.measure not in adoptable:
            return f"never scores: `{o.measure}` can never be adopted here"
        if o.min_ambition > top:
            return f"never scores: `{o.measure}` has only {top} ambition level(s)"
    elif o.kind == "block":
        top = sc.measures[o.measure].max_ambition
        if o.measure not in adoptable and o.measure not in sc.adopted:
            return f"always scores: `{o.measure}` can never be adopted here"
        if o.max_ambition >= top:
            return f"always scores: `{o.measure}` has only {top} ambition level(s)"
    elif o.kind == "clause":
        if o.measure in sc.adopted:
            return f"is decided from the start: `{o.measure}` is already in force"
        if o.measure not in adoptable:
            return f"always scores: `{o.measure}` can never be adopted here"
    elif o.kind == "face":
        if o.min > sc.rules.face_max:
            return f"never scores: face cannot exceed {sc.rules.face_max:g}"
        if o.min <= sc.rules.face_min:
            return f"always scores: face never falls below {sc.rules.face_min:g}"
    elif o.kind == "progress":
        if not any(m.intrusiveness >= o.min_intrusiveness for m in adoptable.values()):
            return (f"never scores: no measure of intrusiveness {o.min_intrusiveness} or "
                    "more can be adopted here")
    elif o.kind == "norm":
        return _norm_verdict(sc, adoptable.values(), o.stage)
    return ""


def _norm_verdict(sc: Scenario, adoptable: Iterable[Measure], stage: str) -> str:
    r = sc.rules
    # A norm holder can persuade; a sponsor of an intrusive measure comes to hold it.
    spreads = bool(sc.norm_adopters) or any(
        m.intrusiveness >= r.norm_min_intrusiveness for m in adoptable)
    start = STAGES.index(norm_stage(len(sc.norm_adopters), len(sc.seats), r, 0))
    wanted = STAGES.index(stage) if stage in STAGES else 0
    if wanted <= start:
        return f"is met from the start: the norm is already at {STAGES[start]}"
    if not spreads:
        return ("never scores: nobody holds the norm to argue it and no measure of "
                f"intrusiveness {r.norm_min_intrusiveness} or more can be adopted, so the "
                "norm never spreads")
    return ""


def _check_focus(sc: Scenario, _path: Path, _reach: Mapping[str, int],
                 report: _Reporter) -> None:
    """W201: the focus measure crosses somebody's red line at every ambition, even with
    the most helpful card in play, every deferral's relief taken and as many seats
    opting out as ASEAN minus X allows (when the scenario's rules enable it).

    Which seats a card leaves blocked is counted with bit masks (`_Blocked`), so
    thousands of cards and seats cost cards + seats, not cards x seats; the names and
    reasons are worked out for the best card of each ambition only."""
    measure = sc.measures[sc.focus]
    r = sc.rules
    tolerated = r.minus_x_max_objectors if r.minus_x and (
        r.minus_x_security or not measure.security) else 0  # ASEAN minus X lets some opt out
    cards: list[Event | None] = [None, *(sc.events[e] for e in
                                         {*sc.deck, *sc.schedule.values()})]
    deferrals = sc.rounds - 1
    per_level: list[str] = []
    lowest: dict[str, str] = {}
    blocked = _Blocked(sc, measure)
    for level in range(1, measure.max_ambition + 1):
        best_card: Event | None = None
        best_count = -1
        for card in cards:
            count = blocked.count(level, strains(measure, level, card, deferrals,
                                                 r.deferral_relief))
            if best_count < 0 or count < best_count:
                best_card, best_count = card, count
        if best_count <= tolerated:
            return
        load = strains(measure, level, best_card, deferrals, r.deferral_relief)
        best = {seat: "; ".join(describe(line, sc) for line in crossed(
            sc.members[seat].red_lines, measure, level, load)) for seat in sc.seats}
        best = {s: why for s, why in best.items() if why}
        if not lowest:
            lowest = best
        per_level.append(f"ambition {level} blocked by {', '.join(sorted(best))}")
    details = "; ".join(f"{seat} ({why})" for seat, why in sorted(lowest.items()))
    report("focus", "W201", f"no amendment makes `{sc.focus}` acceptable to every seat, so "
           f"it can never be adopted by consensus: {'; '.join(per_level)}",
           f"red lines at ambition 1: {details}; lower a red line or the measure's strain "
           "if the scenario should be winnable")


class _Blocked:
    """How many seats a measure crosses a red line of, for a norm load: the same answer
    as `crossed` seat by seat, from bit masks (bit i = the i-th seat)."""

    def __init__(self, sc: Scenario, measure: Measure) -> None:
        seats = list(dict.fromkeys(sc.seats))
        self.measure_lines: list[tuple[int, int]] = []  # (max ambition, seat bit)
        limits: dict[str, list[tuple[float, int]]] = {}  # norm -> (lowest max, seat bit)
        for i, seat in enumerate(seats):
            lowest: dict[str, float] = {}
            for line in sc.members[seat].red_lines:
                if line.measure:
                    if line.measure == measure.id:
                        self.measure_lines.append((line.max_ambition, 1 << i))
                elif line.norm:
                    lowest[line.norm] = min(line.max, lowest.get(line.norm, line.max))
            for norm, limit in lowest.items():
                limits.setdefault(norm, []).append((limit, 1 << i))
        self.limits: dict[str, tuple[list[float], list[int]]] = {}
        for norm, pairs in limits.items():
            pairs.sort(key=lambda pair: pair[0])
            prefix = [0]
            for _, bit in pairs:
                prefix.append(prefix[-1] | bit)
            self.limits[norm] = ([limit for limit, _ in pairs], prefix)

    def count(self, level: int, load: Mapping[str, float]) -> int:
        mask = 0
        for top, bit in self.measure_lines:
            if level > top:
                mask |= bit
        for norm, (limits, prefix) in self.limits.items():
            mask |= prefix[bisect.bisect_left(limits, load.get(norm, 0.0))]
        return mask.bit_count()


def codes_table() -> str:
    """The guide's Markdown table of lint codes, then the game record's G codes (a test
    keeps the README equal to it)."""
    rows = [f"| `{code}` | {'warning' if code.startswith('W') else 'error'} | {meaning} |"
            for code, meaning in {**CODES, **RECORD_CODES}.items()]
    return "\n".join(["| code | severity | meaning |", "|---|---|---|", *rows]) + "\n"


def hostile_scenarios(size: int = 1_000_000) -> dict[str, bytes]:
    """Scenario files of nearly `size` bytes built to be slow to check: lines of spaces,
    deep nesting, long dotted keys, many keys, members, cards and unknown seats, long
    prerequisite chains. Each is whole (nothing cut mid-token), so the checks behind
    the parser get the load too. `validate` answers each within seconds."""
    from game.authoring.new import template

    base = template("hostile")
    agenda = 'agenda = ["chair-statement", "information-sharing", "joint-training"]'

    def fill(head: str, unit: Any, tail: str = "", per: int = 1) -> str:
        """`head`, then as many `unit(i)` as fit in `size` with `tail`, then `tail`."""
        parts, used, i = [head], len(head) + len(tail), 0
        while True:
            piece = unit(i)
            if used + len(piece) * per > size:
                break
            parts.append(piece)
            used += len(piece) * per
            i += 1
        return "".join(parts) + tail

    def measure(i: int, req: str = "") -> str:
        return (f'[measures.c{i}]\nname = "C"\nintrusiveness = 3\nstage = "cbm"\n'
                f'value = 1.0\nlevels = ["a"]\n' + (f'requires = ["{req}"]\n' if req else ""))

    def chain(on_agenda: bool, cycle: bool = False) -> str:
        unit = len(measure(99_999, "c99_998")) + (len('"c99999", ') if on_agenda else 0)
        n = (size - len(base) - 100) // unit
        text = base.replace(agenda, agenda.replace("agenda = [", "agenda = [" + "".join(
            f'"c{i}", ' for i in range(n)))) if on_agenda else base
        first = f"c{n - 1}" if cycle else ""
        return text + "".join(measure(i, f"c{i - 1}" if i else first) for i in range(n))

    def needs_all() -> str:
        n = (size - len(base) - 200) // (len(measure(99_999)) + len('"c99999",'))
        return (base + "".join(measure(i) for i in range(n)) + measure(n).rstrip("\n")
                + "\nrequires = [" + ",".join(f'"c{i}"' for i in range(n)) + "]\n")

    room = size - len(base) - 100
    texts = {
        "spaces-line": base.replace("rounds = 3\n", "rounds = 3\n" + " " * (room - 20)
                                    + "\nrounds_x = 40\n"),
        "spaces-then-equals": base + " " * room + "= 1\n",
        "header-of-spaces": base + "[" + " " * room + "\n",
        "spaces-only": " " * size,
        "many-space-lines": fill(base, lambda _: "\n" + " " * 5000,
                                 "\n[rules.face]\nmin = 500\n"),
        "dotted-key": base.replace("rounds = 3\n", "rounds = 3\n" + "a." * (room // 2 - 10)
                                   + "b = 1\n"),
        "dotted-table": base + "[" + "a." * (room // 2 - 10) + "b]\n",
        "deep-arrays": "x = " + "[" * (size // 2 - 4) + "]" * (size // 2 - 4),
        "deep-inline-tables": "x = " + "{a=" * (size // 4 - 2) + "1" + "}" * (size // 4 - 2),
        "many-keys": fill(base[:base.index("\n[members.")], lambda i: f"\nk{i} = {i}",
                          base[base.index("\n[members."):]),
        "many-members": fill(base, lambda i: f"[members.m{i}]\nface = 1\n"),
        "many-unknown-seats": fill(base.split('seats = ["brunei",')[0] + "seats = [",
                                   lambda i: f'"s{i}",', '"brunei",' +
                                   base.split('seats = ["brunei",')[1]),
        "prerequisite-chain": chain(True),
        "prerequisite-chain-unused": chain(False),
        "prerequisite-cycle": chain(False, cycle=True),
        "one-measure-needs-all": needs_all(),
        "many-unused-cards": fill(base, lambda i: f'[cards.e{i}]\nname = "E"\ntext = "T"\n'),
        "many-schedule-keys": fill(base + "[schedule]\n", lambda i: f'"x{i}" = "a"\n'),
        "control-characters": base.replace('title = "Hostile"', 'title = "' + "\\u001b[2J"
                                           * (room // 10) + '"'),
    }
    return {name: text.encode() for name, text in texts.items()}


def hostile_figures(folder: Path | None = None) -> dict[str, float]:
    """Seconds the lint (`mufakat validate` without process start-up) takes on each
    hostile ~1 MB file of `hostile_scenarios`, and the worst of them."""
    import tempfile
    import time

    with tempfile.TemporaryDirectory() as tmp:
        where = folder or Path(tmp)
        figures: dict[str, float] = {}
        for name, data in hostile_scenarios().items():
            path = where / f"{name}.toml"
            path.write_bytes(data)
            started = time.perf_counter()
            lint_paths([str(path)])
            figures[name] = round(time.perf_counter() - started, 2)
        figures["worst"] = max(figures.values())
        return figures


if __name__ == "__main__":  # python -m game.authoring.lint: the hostile-file figures
    for key, value in hostile_figures().items():
        print(f"{key:<28} {value} s")
