"""Reading scenarios: bundled ids or paths, merged over the shared profiles, checked.

`load_scenario("2003-standby-force")` or `load_scenario(Path("mine.toml"))` returns a
`Scenario` or raises `ScenarioError` listing every problem found (file, line, field
and fix). The shared files in `scenarios/shared/` hold the rules, the member profiles,
the measure catalogue and the event cards once; a scenario names what it uses and
overrides only what differs. A file is never written here.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import scenarios as _bundle
from game.rules.model import (
    NORMS,
    Clause,
    Event,
    History,
    Measure,
    Member,
    Objective,
    RedLine,
    Rules,
    Scenario,
)
from game.scenario.schema import (
    CLAUSE,
    EVENT,
    FORMAT,
    HISTORY,
    MEASURE,
    MEMBER,
    RULES_GROUPS,
    SCENARIO,
    Problem,
    check_table,
    suggest,
)

BUNDLE_DIR = Path(_bundle.__file__).parent
SHARED_DIR = BUNDLE_DIR / "shared"
MAX_BYTES = 1_000_000
MAX_PROBLEMS = 100
SHARED_FILES = ("rules", "members", "measures", "events")


class ScenarioError(Exception):
    """A scenario that cannot be played; `problems` says what to fix, one per line."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def bundled_ids() -> list[str]:
    """The ids of the scenarios shipped with Mufakat, in chronological order."""
    return sorted(p.stem for p in BUNDLE_DIR.glob("*.toml"))


def resolve(ref: str | Path) -> Path:
    """A bundled id or a path to a scenario file."""
    if isinstance(ref, str) and (BUNDLE_DIR / f"{ref}.toml").is_file() and "/" not in ref:
        return BUNDLE_DIR / f"{ref}.toml"
    path = Path(ref)
    if path.is_file() or path.suffix == ".toml" or "/" in str(ref):
        return path
    hint = suggest(str(ref), bundled_ids()) or "run `mufakat scenarios` for the list"
    raise ScenarioError([Problem(str(ref), "", "M000",
                                 "no such bundled scenario or file", hint=hint)])


def load_scenario(ref: str | Path) -> Scenario:
    """Load and check a scenario; raise `ScenarioError` with every problem found."""
    path = resolve(ref)
    return _load_cached(str(path.resolve()), _mtime(path))


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return -1.0


@functools.lru_cache(maxsize=64)
def _load_cached(path: str, _mtime: float) -> Scenario:
    scenario, problems = _build(Path(path))
    errors = [p for p in problems if p.severity == "error"]
    if errors or scenario is None:
        raise ScenarioError(errors)
    return scenario


def check_file(path: str | Path) -> tuple[Scenario | None, list[Problem]]:
    """Every problem with one scenario file (errors and warnings), and the scenario if
    it can be built at all."""
    try:
        return _build(resolve(path))
    except ScenarioError as err:
        return None, err.problems


def read_toml(path: Path) -> tuple[dict[str, Any] | None, str, list[Problem]]:
    """Parse a TOML file, turning every way it can be unreadable into a problem."""
    name = str(path)
    try:
        raw = path.read_bytes()
    except OSError as err:
        return None, "", [Problem(name, "", "M000", f"cannot read the file: {err.strerror}",
                                  hint="check the path")]
    if len(raw) > MAX_BYTES:
        return None, "", [Problem(name, "", "M000",
                                  f"file is {len(raw):,} bytes; the limit is {MAX_BYTES:,}",
                                  hint="a scenario is a few kilobytes: is this the right file?")]
    if b"\0" in raw:
        return None, "", [Problem(name, "", "M000", "file is binary, not TOML text",
                                  hint="save it as UTF-8 text")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        return None, "", [Problem(name, "", "M000", f"not UTF-8 text (byte {err.start})",
                                  hint="save it as UTF-8")]
    try:
        data = tomllib.loads(text)
    except ValueError as err:  # TOMLDecodeError, or a number too long to convert
        line, col = _toml_position(str(err))
        message = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(err))[:200]
        duplicate = "twice" in message or "overwrite" in message
        hint = ("a key or table (an id) is defined twice: merge the two or rename one"
                if duplicate else "see https://toml.io")
        return None, text, [Problem(name, "", "M000", f"TOML syntax: {message}",
                                    hint=hint, line=line, col=col)]
    except RecursionError:
        return None, text, [Problem(name, "", "M000", "TOML nested too deeply")]
    return data, text, []


def _toml_position(message: str) -> tuple[int, int]:
    found = re.search(r"line (\d+), column (\d+)", message)
    return (int(found.group(1)), int(found.group(2))) if found else (0, 0)


_HEADER = re.compile(r"^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(r'^\s*([A-Za-z0-9_\-"\' .]+?)\s*=')


def _key_path(text: str) -> list[str]:
    return [k.strip().strip("\"'") for k in text.split(".")]


def locate(text: str, where: str) -> tuple[int, int]:
    """The line and column of a field path such as `members.vietnam.sensitivity.N3`,
    found in the TOML text: the line defining the longest leading part of the path
    (a `[table]` header or a `key =`), then the key inside an inline table or the
    N-th `{ ... }` of a multi-line array when the path goes deeper."""
    if not text or not where:
        return 0, 0
    steps = [re.fullmatch(r"(.*?)(?:\[(\d+)\])?", p) for p in where.split(".")]
    parts = [m.group(1) if m else p for m, p in zip(steps, where.split("."), strict=True)]
    index = [int(m.group(2)) if m and m.group(2) else 0 for m in steps]
    lines = text.splitlines()
    table: list[str] = []
    best, best_len, in_string = -1, 0, False
    for i, line in enumerate(lines):
        if in_string:
            in_string = line.count('"""') % 2 == 0
            continue
        header = _HEADER.match(line)
        key = None if header else _KEY.match(line)
        if header:
            table = _key_path(header.group(1))
            path = table
        elif key:
            path = table + _key_path(key.group(1))
        else:
            continue
        if line.count('"""') % 2 == 1:
            in_string = True
        if len(path) > best_len and parts[: len(path)] == path:
            best, best_len = i, len(path)
            if best_len == len(parts):
                break
    if best < 0:
        return 0, 0
    line_no = best
    items = [best] if "{" in lines[best] else []
    for k in range(best + 1, len(lines)):
        if not lines[k].lstrip().startswith(("{", '"', "#")):
            break
        if lines[k].lstrip().startswith("{"):
            items.append(k)
    if index[best_len - 1] < len(items):
        line_no = items[index[best_len - 1]]
    col = len(lines[line_no]) - len(lines[line_no].lstrip()) + 1
    if best_len < len(parts):
        wanted = re.compile(r"(^|[\s{,])\"?" + re.escape(parts[best_len]) + r"\"?\s*=")
        found = wanted.search(lines[line_no])
        if found:
            col = found.start() + (1 if found.group(1) else 0) + 1
    return line_no + 1, col


@functools.lru_cache(maxsize=1)
def shared_data() -> tuple[dict[str, Any], list[Problem]]:
    """The shared rules, members, measures and events, checked once per process."""
    out: dict[str, Any] = {}
    problems: list[Problem] = []
    for name in SHARED_FILES:
        out[name], found = check_shared_file(SHARED_DIR / f"{name}.toml", name)
        problems += found
    return out, problems


def check_shared_file(path: Path, name: str) -> tuple[dict[str, Any], list[Problem]]:
    """Check one shared file (`name` is rules, members, measures or events): its clean
    content and every problem, so an author extending the profiles can lint them too."""
    data, text, problems = read_toml(path)
    data = data or {}
    report = _reporter(str(path), text, problems)
    if data.get("format", FORMAT) != FORMAT:
        report("format", "M006", f"format {data.get('format')} is not {FORMAT}", "")
    body = {k: v for k, v in data.items() if k != "format"}
    if name == "rules":
        return _check_rules(body, "", report, partial=False), problems
    for key in body:
        if key != name:
            report(key, "M001", f"unknown key `{key}` in the shared {name} file",
                   f"this file holds only [{name}.ID] tables")
    table = body.get(name, {})
    if not isinstance(table, Mapping):
        report(name, "M002", f"expected [{name}.ID] tables", "")
        return {}, problems
    spec = {"members": MEMBER, "measures": MEASURE, "events": EVENT}[name]
    return {key: check_table(value, spec, f"{name}.{key}", report)
            for key, value in table.items()}, problems


def _reporter(path: str, text: str, problems: list[Problem]) -> Any:
    """A `report` function adding located problems for `path`; after MAX_PROBLEMS it
    adds one last note instead, so a hostile file cannot flood the terminal."""
    count = 0

    def report(where: str, code: str, message: str, hint: str = "",
               severity: str = "error") -> None:
        nonlocal count
        count += 1
        if count > MAX_PROBLEMS:
            if count == MAX_PROBLEMS + 1:
                problems.append(Problem(path, "", "M000", f"more than {MAX_PROBLEMS} "
                                        "problems; the rest are not shown",
                                        hint="fix these first and validate again"))
            return
        line, col = locate(text, where)
        problems.append(Problem(path, where, code, message[:300], severity, hint[:300],
                                line, col))

    return report


def _check_rules(data: Any, where: str, report: Any, partial: bool) -> dict[str, Any]:
    if not isinstance(data, Mapping):
        report(where, "M002", "expected a table", "")
        return {}
    out: dict[str, Any] = {}
    for group, value in data.items():
        path = f"{where}.{group}".lstrip(".")
        if group not in RULES_GROUPS:
            report(path, "M001", f"unknown rules group `{group}`", suggest(group, RULES_GROUPS))
        elif group == "clauses":
            out[group] = {cid: check_table(table, CLAUSE, f"{path}.{cid}", report, partial)
                          for cid, table in (value.items() if isinstance(value, Mapping)
                                             else ())}
        elif group == "public_priors":
            out[group] = {stance: check_table(
                table, tuple(_norm_field(n) for n in NORMS), f"{path}.{stance}", report)
                for stance, table in (value.items() if isinstance(value, Mapping) else ())}
        else:
            out[group] = check_table(value, RULES_GROUPS[group], path, report, partial)
    return out


def _norm_field(norm: str) -> Any:
    from game.scenario.schema import Field

    return Field(norm, "float", low=0, high=3)


def merge_tables(base: Mapping[str, Any], over: Mapping[str, Any]) -> dict[str, Any]:
    """Tables merge key by key; everything else (lists included) is replaced."""
    out = dict(base)
    for key, value in over.items():
        if isinstance(value, Mapping) and isinstance(out.get(key), Mapping):
            out[key] = merge_tables(out[key], value)
        else:
            out[key] = value
    return out


def _build(path: Path) -> tuple[Scenario | None, list[Problem]]:
    shared, shared_problems = shared_data()
    problems = list(shared_problems)
    data, text, found = read_toml(path)
    problems += found
    if data is None:
        return None, problems
    report = _reporter(str(path), text, problems)
    version = data.get("format")
    if version is None and "deck" in data:
        report("", "M006", "no `format` key and a `deck` list: this is a format-0 draft; "
               f"this engine reads format {FORMAT}", f"run `mufakat upgrade {path}`")
        return None, problems
    if isinstance(version, int) and not isinstance(version, bool) and version != FORMAT:
        report("format", "M006", f"format {version} is not supported; this "
               f"engine reads format {FORMAT}",
               f"run `mufakat upgrade {path}`" if version < FORMAT else "upgrade Mufakat")
        return None, problems
    top = check_table(data, SCENARIO, "", report)
    if any(p.severity == "error" for p in problems):
        return None, problems

    rules = merge_tables(shared["rules"], _check_rules(top["rules"], "rules", report, partial=True))
    members = _overlay(shared["members"], top["members"], MEMBER, "members", report)
    measures = _overlay(shared["measures"], top["measures"], MEASURE, "measures", report)
    events = _overlay(shared["events"], top["cards"], EVENT, "cards", report)
    history = check_table(top["history"], HISTORY, "history", report)
    schedule = _check_schedule(top["schedule"], report)
    _check_references(top, members, measures, events, history, schedule,
                      rules.get("clauses", {}), report)
    if any(p.severity == "error" for p in problems):
        return None, problems

    canonical = {"scenario": {k: v for k, v in top.items()
                              if k not in ("rules", "members", "measures", "cards")},
                 "rules": rules, "members": {s: members[s] for s in top["seats"]},
                 "measures": measures, "events": {e: events[e] for e in sorted(events)}}
    digest = hashlib.sha256(json.dumps(canonical, sort_keys=True, default=str)
                            .encode()).hexdigest()
    scenario = Scenario(
        id=top["id"], title=top["title"], year=top["year"], summary=top["summary"],
        briefing=top["briefing"].strip(), sponsor=top["sponsor"], focus=top["focus"],
        seats=tuple(top["seats"]), first_chair=top["first_chair"], rounds=top["rounds"],
        agenda=tuple(top["agenda"]), adopted=tuple(top["adopted"]),
        norm_adopters=tuple(top["norm_adopters"]), deck=tuple(top["events"]),
        schedule=schedule,
        members={s: _member(s, members[s]) for s in top["seats"]},
        measures={m: _measure(m, v) for m, v in measures.items()},
        events={e: _event(e, v) for e, v in events.items()},
        rules=_rules(rules), history=History(**{k: _tuple(v) for k, v in history.items()}),
        historical=top["historical"], sources=tuple(top["sources"]),
        content_hash=digest,
    )
    return scenario, problems


def _overlay(base: Mapping[str, Any], over: Mapping[str, Any], spec: Any, where: str,
             report: Any) -> dict[str, Any]:
    out = dict(base)
    if not isinstance(over, Mapping):
        report(where, "M002", "expected a table of tables", "")
        return out
    for key, value in over.items():
        known = key in base
        clean = check_table(value, spec, f"{where}.{key}", report, partial=known)
        out[key] = merge_tables(base[key], clean) if known else clean
    return out


def _check_schedule(schedule: Any, report: Any) -> dict[int, str]:
    out: dict[int, str] = {}
    if not isinstance(schedule, Mapping):
        report("schedule", "M002", "expected a table like { \"1\" = \"event-id\" }", "")
        return out
    for key, value in schedule.items():
        if not (key.isascii() and key.isdigit() and len(key) <= 3) or not isinstance(value, str):
            report(f"schedule.{key}", "M002", "expected `\"round\" = \"event-id\"`",
                   '"1" = "routine-meeting"')
            continue
        out[int(key)] = value
    return out


def _check_references(top: Mapping[str, Any], members: Mapping[str, Any],
                      measures: Mapping[str, Any], events: Mapping[str, Any],
                      history: Mapping[str, Any], schedule: Mapping[int, str],
                      clauses: Mapping[str, Any], report: Any) -> None:
    seats = top["seats"]

    def refs(where: str, names: Any, known: Any, what: str, code: str) -> None:
        seen: set[str] = set()
        for i, name in enumerate(names):
            if name in seen:
                report(f"{where}[{i}]", "R004", f"`{name}` is listed twice", "remove one")
            seen.add(name)
            if name not in known:
                report(f"{where}[{i}]", code, f"unknown {what} `{name}`",
                       suggest(name, known) or f"known: {', '.join(sorted(known))}")

    refs("seats", seats, members, "member", "R001")
    refs("agenda", top["agenda"], measures, "measure", "R002")
    refs("adopted", top["adopted"], measures, "measure", "R002")
    refs("events", top["events"], events, "event", "R003")
    refs("norm_adopters", top["norm_adopters"], seats, "seat", "R001")
    for key in ("adopted", "not_adopted"):
        refs(f"history.{key}", history.get(key, ()), measures, "measure", "R002")
    refs("history.objectors", history.get("objectors", ()), seats, "seat", "R001")
    for field, known, what in (("sponsor", seats, "seat"), ("first_chair", seats, "seat"),
                               ("focus", top["agenda"], "agenda measure")):
        if top[field] not in known:
            report(field, "R006", f"{field} `{top[field]}` is not a seated {what}",
                   suggest(top[field], known) or f"add it to the {what.split()[-1]}s")
    for rnd, event in schedule.items():
        if event not in events:
            report(f"schedule.{rnd}", "R003", f"unknown event `{event}`", suggest(event, events))
        if rnd > top["rounds"]:
            report(f"schedule.{rnd}", "W101", f"round {rnd} is after the last round "
                   f"({top['rounds']}), so this card never fires", "", "warning")
    if not top["events"] and len(schedule) < top["rounds"]:
        report("events", "R003", "the event deck is empty and the schedule does not cover "
               "every round", 'add a card, e.g. events = ["routine-meeting"]')
    for mid, measure in measures.items():
        for i, req in enumerate(measure.get("requires", ())):
            if req not in measures:
                report(f"measures.{mid}.requires[{i}]", "R002", f"unknown measure `{req}`",
                       suggest(req, measures))
        for i, clause in enumerate(measure.get("clauses", ())):
            if clause not in clauses:
                report(f"measures.{mid}.clauses[{i}]", "R008", f"unknown clause `{clause}`",
                       suggest(clause, clauses) or f"known: {', '.join(sorted(clauses))}")
        if not 1 <= len(measure.get("levels", ())) <= 4:
            report(f"measures.{mid}.levels", "M005", "a measure has 1 to 4 ambition levels", "")
    cycle = find_cycle({m: v.get("requires", []) for m, v in measures.items()})
    if cycle:
        report(f"measures.{cycle[0]}.requires", "R005",
               "prerequisites form a cycle: " + " -> ".join(cycle), "break one link")
    for seat in seats:
        member = members.get(seat, {})
        for i, obj in enumerate(member.get("objectives", ())):
            if obj.get("kind") == "clause" and obj.get("clause") not in clauses:
                report(f"members.{seat}.objectives[{i}].clause", "R008",
                       f"unknown clause `{obj.get('clause')}`",
                       suggest(str(obj.get("clause")), clauses))
            if obj.get("kind") in ("adopt", "block", "clause") and \
                    obj.get("measure") not in measures:
                report(f"members.{seat}.objectives[{i}].measure", "R002",
                       f"unknown measure `{obj.get('measure')}`",
                       suggest(str(obj.get("measure")), measures))
        for i, line in enumerate(member.get("red_lines", ())):
            if line.get("measure") and line["measure"] not in measures:
                report(f"members.{seat}.red_lines[{i}].measure", "R002",
                       f"unknown measure `{line['measure']}`", suggest(line["measure"], measures))
        for other in member.get("trust", {}):
            if other not in members:
                report(f"members.{seat}.trust.{other}", "R001", f"unknown member `{other}`",
                       suggest(other, members))


def find_cycle(graph: Mapping[str, Any]) -> list[str]:
    """A prerequisite cycle as a path `a -> b -> a`, or [] when there is none.

    Iterative, so a hostile file with a chain of thousands of measures cannot exhaust
    the recursion limit."""
    done: set[str] = set()
    for root in sorted(graph):
        if root in done:
            continue
        path: list[str] = [root]
        on_path = {root}
        todo: list[list[str]] = [[n for n in graph.get(root, ()) if n in graph]]
        while todo:
            if not todo[-1]:
                todo.pop()
                done.add(path[-1])
                on_path.discard(path.pop())
                continue
            nxt = todo[-1].pop(0)
            if nxt in on_path:
                return [*path[path.index(nxt):], nxt]
            if nxt in done:
                continue
            path.append(nxt)
            on_path.add(nxt)
            todo.append([n for n in graph.get(nxt, ()) if n in graph])
    return []


def _tuple(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


def _member(seat: str, d: Mapping[str, Any]) -> Member:
    return Member(
        id=seat, name=d["name"], joined=d["joined"], founder=d["founder"],
        capability=d["capability"], stance=d["stance"], face=d["face"],
        cooperation=d["cooperation"], sensitivity=dict(d["sensitivity"]),
        flexibility=d["flexibility"], assertive=d["assertive"], opening=d["opening"],
        trust=dict(d["trust"]),
        objectives=tuple(Objective(**o) for o in d["objectives"]),
        red_lines=tuple(RedLine(**r) for r in d["red_lines"]),
        summary=d["summary"], sources=tuple(d["sources"]))


def _measure(mid: str, d: Mapping[str, Any]) -> Measure:
    return Measure(
        id=mid, name=d["name"], intrusiveness=d["intrusiveness"], stage=d["stage"],
        security=d["security"], norms=dict(d["norms"]), value=d["value"], burden=d["burden"],
        capacity=d["capacity"], requires=tuple(d["requires"]), levels=tuple(d["levels"]),
        summary=d["summary"], sources=tuple(d["sources"]), clauses=tuple(d["clauses"]))


def _event(eid: str, d: Mapping[str, Any]) -> Event:
    return Event(
        id=eid, name=d["name"], text=d["text"], strain=dict(d["strain"]),
        boost=dict(d["boost"]), face=dict(d["face"]), trust=dict(d["trust"]),
        min_round=d["min_round"], requires_seats=tuple(d["requires_seats"]),
        requires_adopted=tuple(d["requires_adopted"]), sources=tuple(d["sources"]))


def _rules(d: Mapping[str, Any]) -> Rules:
    face, trust, norm = d["face"], d["trust"], d["norm"]
    return Rules(
        norm_names=dict(d["norms"]), max_amendments=d["amendments"]["max"],
        face_min=face["min"], face_max=face["max"], face_withdraw=face["withdraw"],
        face_defer=face["defer"], face_press_sponsor=face["press_sponsor"],
        face_press_objector=face["press_objector"],
        face_object_compromise=face["object_compromise"],
        face_adopted_sponsor=face["adopted_sponsor"], face_adopted_chair=face["adopted_chair"],
        trust_min=trust["min"], trust_max=trust["max"], trust_default=trust["default"],
        trust_consult=trust["consult"], trust_press=trust["press"],
        trust_adopted_support=trust["adopted_support"], trust_object=trust["object"],
        deferral_relief=d["deferral"]["relief"], tipping_point=norm["tipping_point"],
        internalization=norm["internalization"],
        norm_min_intrusiveness=norm["min_intrusiveness"],
        minus_x=d["minus_x"]["enabled"], minus_x_security=d["minus_x"]["security"],
        minus_x_max_objectors=d["minus_x"]["max_objectors"],
        face_weight=d["scoring"]["face_weight"], shared_weight=d["scoring"]["shared_weight"],
        stage_bonus=dict(d["scoring"]["stage_bonus"]),
        public_priors={k: dict(v) for k, v in d["public_priors"].items()},
        clauses={k: Clause(id=k, name=v["name"], text=v["text"], relief=v["relief"],
                           cost=v["cost"], sources=tuple(v["sources"]))
                 for k, v in d.get("clauses", {}).items()},
        checkpoint_every=d["record"]["checkpoint_every"])
