"""Reading scenarios: bundled ids or paths, merged over the shared profiles, checked.

`load_scenario("2003-standby-force")` or `load_scenario(Path("mine.toml"))` returns a
`Scenario` or raises `ScenarioError` listing every problem found (file, line, field
and fix). The shared files in `scenarios/shared/` hold the rules, the member profiles,
the measure catalogue and the event cards once; a scenario names what it uses and
overrides only what differs. A file is never written here.

Hostile files are answered, not obeyed: a file is read only if it is a regular file of
at most MAX_BYTES (a FIFO or `/dev/zero` is refused without waiting), keys of more
than MAX_KEY_PARTS dotted parts are refused before parsing, every id must have the
documented form (M007), at most MAX_PROBLEMS problems are listed per file, and every
check is linear or near it in the size of the file.
"""

from __future__ import annotations

import bisect
import functools
import hashlib
import json
import re
import tomllib
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

import attrs

import scenarios as _bundle
from game.rules.files import InputFileError, read_bounded
from game.rules.model import (
    NORMS,
    Choice,
    Clause,
    Event,
    History,
    Measure,
    Member,
    Objective,
    Option,
    RedLine,
    Rules,
    Scenario,
)
from game.scenario.schema import (
    CLAUSE,
    EVENT,
    FORMAT,
    HISTORY,
    ID_FORM,
    MAX_ROUNDS,
    MEASURE,
    MEMBER,
    OBJECTIVE_ANY,
    OBJECTIVE_USES,
    RULES_GROUPS,
    SCENARIO,
    STANCES,
    Problem,
    check_table,
    id_hint,
    is_full,
    suggest,
    valid_id,
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


def contest_ids() -> list[str]:
    """The bundled scenarios that are games, not lessons (`tutorial = true`): what the
    balance, agency and tournament tables run over by default."""
    return [sid for sid in bundled_ids() if not load_scenario(sid).tutorial]


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
    """Parse a TOML file, turning every way it can be unreadable into a problem.

    The file is read with its size bound checked first: a FIFO, a device or a folder
    is refused without waiting on it, and never more than MAX_BYTES are read."""
    name = str(path)
    try:
        raw = read_bounded(path, MAX_BYTES, "scenario file")
    except InputFileError as err:
        message = str(err).removeprefix(f"{name}: ")
        hint = ("a scenario is a few kilobytes: is this the right file?" if "limit" in message
                or "bytes" in message else "give the path of a .toml scenario file")
        return None, "", [Problem(name, "", "M000", message, hint=hint)]
    except OSError as err:
        return None, "", [Problem(name, "", "M000", f"cannot read the file: {err.strerror}",
                                  hint="check the path")]
    if b"\0" in raw:
        return None, "", [Problem(name, "", "M000", "file is binary, not TOML text",
                                  hint="save it as UTF-8 text")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        return None, "", [Problem(name, "", "M000", f"not UTF-8 text (byte {err.start})",
                                  hint="save it as UTF-8")]
    dotted = _DOTTED.search(text)
    if dotted:  # tomllib's time grows with the square of a key's parts: refuse first
        line = text.count("\n", 0, dotted.start()) + 1
        col = dotted.start() - (text.rfind("\n", 0, dotted.start()) + 1) + 1
        return None, text, [Problem(name, "", "M000", f"a key or table name has more than "
                                    f"{MAX_KEY_PARTS} dotted parts",
                                    hint="a scenario's deepest path has 4, e.g. "
                                    "members.vietnam.trust.laos", line=line, col=col)]
    try:
        data = _loads(text)
        if isinstance(data, BaseException):
            raise data.with_traceback(None)
    except ValueError as err:  # TOMLDecodeError, or a number too long to convert
        line, col = _toml_position(str(err)[:500])
        message = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(err)[:500])[:200]
        duplicate = "twice" in message or "overwrite" in message
        card = re.search(r"\('events', '([^']{1,100})'", message)
        hint = (f"a scenario's own event cards are `[cards.{card.group(1)}]` tables "
                "(`events = [...]` is the deck, `[events.ID]` is for the shared events.toml)"
                if card else
                "a key or table (an id) is defined twice: merge the two or rename one"
                if duplicate else "see https://toml.io")
        return None, text, [Problem(name, "", "M000", f"TOML syntax: {message}",
                                    hint=hint, line=line, col=col)]
    except RecursionError:
        return None, text, [Problem(name, "", "M000", "TOML nested too deeply",
                                    hint="a scenario needs only a few levels of tables")]
    return data, text, []


@functools.lru_cache(maxsize=2)
def _loads(text: str) -> dict[str, Any] | ValueError | RecursionError:
    """tomllib.loads (or the error it raised), remembered for the last few texts: the
    lint reads a file up to three times (what kind of file, load, locate) and a 1 MB
    file parses in ~0.5 s. The result is shared: callers treat it as read-only (the
    checks build new values)."""
    try:
        return tomllib.loads(text)
    except (ValueError, RecursionError) as err:
        return err.with_traceback(None)


MAX_KEY_PARTS = 16
"""The most dotted parts a key or `[table]` name may have (a scenario needs 4)."""

_DOTTED = re.compile(r"""(?<![\w"'-])(?:(?:[A-Za-z0-9_-]++|"[^"\n]{0,200}+"|'[^'\n]{0,200}+')"""
                     r"[ \t]*+\.[ \t]*+){" + str(MAX_KEY_PARTS) + "}")
"""MAX_KEY_PARTS + 1 dotted parts in a row; possessive and anchored, so linear."""


def _toml_position(message: str) -> tuple[int, int]:
    found = re.search(r"line (\d{1,9}), column (\d{1,9})", message)
    return (int(found.group(1)), int(found.group(2))) if found else (0, 0)


# Locating a field path in the TOML text. Every step is linear in the text: the lines are
# scanned once into an index (a trie of the key paths each line defines), cached per
# text, so a hostile file (a line of a million spaces, a key of half a million dotted
# parts) and a hundred problems to locate cost one pass, not a backtracking regex each.
_NOT_SPACE = re.compile(r"\S")
_CONTINUED = ("{", '"', "#")


class _Node:
    """One step of a key path: the first line defining exactly this path (or -1)."""

    __slots__ = ("kids", "line")

    def __init__(self) -> None:
        self.line = -1
        self.kids: dict[str, _Node] = {}

    def insert(self, parts: Iterable[str]) -> _Node:
        node = self
        for part in parts:
            kid = node.kids.get(part)
            if kid is None:
                kid = node.kids[part] = _Node()
            node = kid
        return node


def _key_path(text: str) -> list[str]:
    return [k.strip().strip("\"'") for k in text.split(".")]


def _header(line: str) -> str | None:
    """The name inside a `[table]` or `[[array]]` header line, or None."""
    body = line.lstrip()
    if not body.startswith("["):
        return None
    start = 2 if body.startswith("[[") else 1
    close = body.find("]", start)
    name = body[start:close].strip() if close > 0 else ""
    if not name:
        return None
    rest = body[close + 1:]
    rest = rest[1:] if rest.startswith("]") else rest
    rest = rest.lstrip()
    return name if not rest or rest.startswith("#") else None


_KEY_PART = re.compile(r"""[A-Za-z0-9_-]++|"(?:[^"\\\n]++|\\.)*+"|'[^'\n]*+'""")
_GAP = re.compile(r"[ \t]*+")


def _line_key(line: str) -> list[str] | None:
    """The parts of the key of a `key = value` line (`a."b c".d = 1` -> a, b c, d), or
    None. One pass: each part is matched once, possessively."""
    parts: list[str] = []
    at = len(line) - len(line.lstrip())
    while True:
        found = _KEY_PART.match(line, at)
        if not found:
            return None
        part = found.group()
        parts.append(part[1:-1] if part[0] in "\"'" else part)
        at = _GAP.match(line, found.end()).end()  # type: ignore[union-attr]
        if line.startswith(".", at):
            at = _GAP.match(line, at + 1).end()  # type: ignore[union-attr]
            continue
        return parts if line.startswith("=", at) else None


class _Index:
    """What `locate` needs from one text, computed once."""

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()
        self.root = _Node()
        table = self.root
        closing = ""
        for i, line in enumerate(self.lines):
            if closing:
                if line.count(closing) % 2 == 1:
                    closing = ""
                continue
            header = _header(line)
            key = None if header is not None else _line_key(line)
            if header is not None:
                node = table = self.root.insert(_key_path(header))
            elif key is not None:
                node = table.insert(key)
            else:
                continue
            if node.line < 0:
                node.line = i
            for quotes in ('"""', "'''"):
                if line.count(quotes) % 2 == 1:
                    closing = quotes
                    break
        self.braces = [i for i, line in enumerate(self.lines) if line.lstrip().startswith("{")]
        self.run_end = [len(self.lines)] * (len(self.lines) + 1)
        for i in range(len(self.lines) - 1, -1, -1):
            continued = self.lines[i].lstrip().startswith(_CONTINUED)
            self.run_end[i] = self.run_end[i + 1] if continued else i

    def find(self, parts: list[str]) -> tuple[int, int]:
        """The first line defining the longest leading part of `parts`, and its length."""
        node, best, best_len = self.root, -1, 0
        depth = 0
        while depth < len(parts):
            kid, step = node.kids.get(parts[depth]), 1
            while kid is None and step < min(len(parts) - depth, MAX_KEY_PARTS):
                step += 1  # a quoted key with dots: `"1.0" = ...` is one key
                kid = node.kids.get(".".join(parts[depth:depth + step]))
            if kid is None:
                break
            node, depth = kid, depth + step
            if node.line >= 0:
                best, best_len = node.line, depth
        return best, best_len

    def item(self, line: int, index: int) -> int:
        """The line of the `index`-th `{ ... }` of the array starting at `line`."""
        first = [line] if "{" in self.lines[line] else []
        if index < len(first):
            return line
        lo = bisect.bisect_right(self.braces, line)
        hi = bisect.bisect_left(self.braces, self.run_end[line + 1], lo)
        at = lo + index - len(first)
        return self.braces[at] if at < hi else line


@functools.lru_cache(maxsize=2)
def _index(text: str) -> _Index:
    return _Index(text)


def _step(part: str) -> tuple[str, int]:
    """`objectives[2]` -> ("objectives", 2); `face` -> ("face", 0)."""
    if part.endswith("]") and "[" in part:
        at = part.rfind("[")
        digits = part[at + 1:-1]
        if digits.isascii() and digits.isdigit() and len(digits) < 10:
            return part[:at], int(digits)
    return part, 0


def _key_column(line: str, key: str) -> int:
    """The 1-based column where `key =` (or `"key" =`) is written in `line`, or 0.
    Linear: each run of spaces after a match is scanned once."""
    if not key:
        return 0
    run_from = run_to = -1
    at = line.find(key)
    while at >= 0:
        begin, end = at, at + len(key)
        if begin > 0 and line[begin - 1] == '"':
            begin -= 1
        if end < len(line) and line[end] == '"':
            end += 1
        if not run_from <= end <= run_to:
            found = _NOT_SPACE.search(line, end)
            run_from, run_to = end, found.start() if found else len(line)
        before_ok = begin == 0 or line[begin - 1].isspace() or line[begin - 1] in "{,"
        if before_ok and run_to < len(line) and line[run_to] == "=":
            return begin + 1
        at = line.find(key, at + 1)
    return 0


def locate(text: str, where: str) -> tuple[int, int]:
    """The line and column of a field path such as `members.vietnam.sensitivity.N3`,
    found in the TOML text: the line defining the longest leading part of the path
    (a `[table]` header or a `key =`), then the key inside an inline table or the
    N-th `{ ... }` of a multi-line array when the path goes deeper."""
    if not text or not where:
        return 0, 0
    steps = [_step(p) for p in where.split(".")]
    parts = [part for part, _ in steps]
    index = _index(text)
    best, best_len = index.find(parts)
    if best < 0:
        return 0, 0
    lines = index.lines
    line_no = index.item(best, steps[best_len - 1][1])
    line = lines[line_no]
    col = len(line) - len(line.lstrip()) + 1
    if best_len < len(parts):
        found = _key_column(line, parts[best_len])
        col = found or col
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
    report = Reporter(str(path), text, problems)
    if data.get("format", FORMAT) != FORMAT:
        report("format", "M006", f"format {data.get('format')} is not {FORMAT}", "")
    body = {k: v for k, v in data.items() if k != "format"}
    if name == "rules":
        rules = _check_rules(body, "", report, partial=False)
        _check_ranges(rules, "", report)
        return rules, problems
    for key in body:
        if key != name:
            report(key, "M001", f"unknown key `{key}` in the shared {name} file",
                   f"this file holds only [{name}.ID] tables")
    table = body.get(name, {})
    if not isinstance(table, Mapping):
        report(name, "M002", f"expected [{name}.ID] tables", "")
        return {}, problems
    spec = {"members": MEMBER, "measures": MEASURE, "events": EVENT}[name]
    _check_ids(table, name, report)
    return {key: check_table(value, spec, f"{name}.{key}", report)
            for key, value in table.items()}, problems


class Reporter:
    """Adds located problems for one file; after `limit` problems it adds one last note
    instead (an error if any problem it holds back is one), so a hostile file cannot
    flood the terminal, and `full` tells the checks they may stop early."""

    def __init__(self, path: str, text: str, problems: list[Problem],
                 limit: int = MAX_PROBLEMS) -> None:
        self.path, self.text, self.problems, self.limit = path, text, problems, limit
        self.count = 0
        self._note = -1

    @property
    def full(self) -> bool:
        """Past the limit: nothing more will be listed."""
        return self.count > self.limit

    def __call__(self, where: str, code: str, message: str, hint: str = "",
                 severity: str = "error") -> None:
        self.count += 1
        if self.count > self.limit:
            if self._note < 0 or (severity == "error" and
                                  self.problems[self._note].severity != "error"):
                note = Problem(self.path, "", "M000", f"more than {self.limit} problems; "
                               "the rest are not shown", severity,
                               "fix these first and validate again")
                if self._note < 0:
                    self._note = len(self.problems)
                    self.problems.append(note)
                else:
                    self.problems[self._note] = note
            return
        line, col = locate(self.text, where)
        self.problems.append(Problem(self.path, where, code, message[:300], severity,
                                     hint[:300], line, col))


def _check_ids(table: Any, where: str, report: Any) -> None:
    """M007: every key of a `[members.ID]`, `[measures.ID]` or `[cards.ID]` table."""
    if not isinstance(table, Mapping):
        return
    what = {"members": "member", "measures": "measure", "cards": "event card",
            "events": "event card"}[where]
    for key in table:
        if is_full(report):
            return
        if not valid_id(key):
            report(f"{where}.{key}", "M007", f"`{key[:100]}` is not a valid {what} id "
                   f"(the form is `{ID_FORM}`)", id_hint(key))


def _check_ranges(rules: Mapping[str, Any], where: str, report: Any) -> None:
    """M009: a face or trust range whose min is above its max, or a default outside it."""
    for group, keys in (("face", ()), ("trust", ("default",))):
        table = rules.get(group, {})
        low, high = table.get("min"), table.get("max")
        path = f"{where}.{group}".lstrip(".")
        if low is None or high is None:
            continue
        if low > high:
            report(f"{path}.min", "M009", f"[rules.{group}] min {low:g} is above max {high:g}",
                   "swap them: min is the lowest value, max the highest")
            continue
        for key in keys:
            value = table.get(key)
            if value is not None and not low <= value <= high:
                report(f"{path}.{key}", "M009", f"[rules.{group}] {key} {value:g} is outside "
                       f"min {low:g} to max {high:g}", f"set {key} between {low:g} and {high:g}")


def _check_starting_values(rules: Mapping[str, Any], members: Mapping[str, Any],
                           seats: Iterable[str], own: Any, report: Any) -> None:
    """M009: a seated member's starting face or trust outside the rules' range."""
    face, trust = rules.get("face", {}), rules.get("trust", {})
    own = own if isinstance(own, Mapping) else {}
    for seat in seats:
        if is_full(report):
            return
        member = members.get(seat, {})
        mine = own.get(seat) if isinstance(own.get(seat), Mapping) else {}
        value = member.get("face")
        if value is not None and not face["min"] <= value <= face["max"]:
            where = f"members.{seat}.face" if "face" in mine else "rules.face"
            report(where, "M009", f"{seat}'s starting face {value:g} is outside the face "
                   f"range {face['min']:g} to {face['max']:g} of [rules.face]",
                   f"set [members.{seat}] face between them, or widen [rules.face]")
        for other, level in member.get("trust", {}).items():
            if not trust["min"] <= level <= trust["max"]:
                where = (f"members.{seat}.trust.{other}" if "trust" in mine
                         else "rules.trust")
                report(where, "M009", f"{seat}'s starting trust in {other} ({level:g}) is "
                       f"outside the trust range {trust['min']:g} to {trust['max']:g} of "
                       "[rules.trust]", "set it between them, or widen [rules.trust]")


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
            if not isinstance(value, Mapping):
                report(path, "M002", "expected a table of stances", "e.g. [rules.public_priors]"
                       " cautious = { N1 = 2.0, N2 = 1.5, N3 = 2.5, N4 = 2.0, N5 = 1.5, N6 = 2.0 }")
                continue
            out[group] = {}
            for stance, table in value.items():
                if stance not in STANCES:
                    report(f"{path}.{stance}", "M001", f"unknown stance `{stance[:100]}`",
                           suggest(stance, STANCES) or f"the stances: {', '.join(STANCES)}")
                    continue
                out[group][stance] = check_table(  # a scenario's merges key by key
                    table, tuple(_norm_field(n) for n in NORMS), f"{path}.{stance}", report,
                    partial)
        else:
            out[group] = check_table(value, RULES_GROUPS[group], path, report, partial)
    return out


def _norm_field(norm: str) -> Any:
    from game.scenario.schema import Field

    return Field(norm, "float", low=0, high=3,
                 doc=f"the {norm} sensitivity the others assume of this stance, 0 to 3")


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
    merged, problems = _merge(path)
    return (None if merged is None else _scenario(merged)), problems


@attrs.frozen
class _Merged:
    """A scenario file with the shared data under it, checked: what the engine plays."""

    top: dict[str, Any]
    rules: dict[str, Any]
    members: dict[str, Any]
    measures: dict[str, Any]
    events: dict[str, Any]
    history: dict[str, Any]
    schedule: dict[int, str]


def _merge(path: Path) -> tuple[_Merged | None, list[Problem]]:
    shared, shared_problems = shared_data()
    problems = list(shared_problems)
    data, text, found = read_toml(path)
    problems += found
    if data is None:
        return None, problems
    report = Reporter(str(path), text, problems)
    version = data.get("format")
    if version is None and "deck" in data:
        report("", "M006", "no `format` key and a `deck` list: this is a format-0 draft; "
               f"this engine reads format {FORMAT}", f"run `mufakat upgrade {path}`")
        return None, problems
    if isinstance(version, int) and not isinstance(version, bool) and version != FORMAT:
        first = " (written for Mufakat 0.1, the first rules)" if version == 1 else ""
        report("format", "M006", f"format {version}{first} is not supported; this "
               f"engine reads format {FORMAT}",
               f"run `mufakat upgrade {path}`" if version < FORMAT else "upgrade Mufakat")
        return None, problems
    if isinstance(data.get("events"), Mapping):
        data = _events_tables(data, report)
    top = check_table(data, SCENARIO, "", report)
    if isinstance(top.get("id"), str) and not valid_id(top["id"]):
        report("id", "M007", f"`{top['id'][:100]}` is not a valid scenario id (the form is "
               f"`{ID_FORM}`): it names files, so it may hold no dots, slashes or spaces",
               id_hint(top["id"]))
    for table, name in (("members", "members"), ("measures", "measures"), ("cards", "cards")):
        _check_ids(top.get(table), name, report)
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
    _check_ranges(rules, "rules", report)
    if not any(p.code == "M009" for p in problems):
        _check_starting_values(rules, members, top["seats"], top["members"], report)
    if any(p.severity == "error" for p in problems):
        return None, problems

    return _Merged(top, rules, members, measures, events, history, schedule), problems


def _scenario(merged: _Merged) -> Scenario:
    top, rules, members, measures, events = (merged.top, merged.rules, merged.members,
                                             merged.measures, merged.events)
    # `tutorial` changes no rule, so it stays out of the hash games are checked against.
    canonical = {"scenario": {k: v for k, v in top.items()
                              if k not in ("rules", "members", "measures", "cards", "tutorial")},
                 "rules": rules, "members": {s: members[s] for s in top["seats"]},
                 "measures": measures, "events": {e: events[e] for e in sorted(events)}}
    digest = hashlib.sha256(json.dumps(canonical, sort_keys=True, default=str)
                            .encode()).hexdigest()
    return Scenario(
        id=top["id"], title=top["title"], year=top["year"], summary=top["summary"],
        briefing=top["briefing"].strip(), sponsor=top["sponsor"], focus=top["focus"],
        seats=tuple(top["seats"]), first_chair=top["first_chair"], rounds=top["rounds"],
        agenda=tuple(top["agenda"]), adopted=tuple(top["adopted"]),
        adopted_levels={m: int(v) for m, v in top["adopted_levels"].items()},
        norm_adopters=tuple(top["norm_adopters"]), deck=tuple(top["events"]),
        schedule=merged.schedule,
        members={s: _member(s, members[s]) for s in top["seats"]},
        measures={m: _measure(m, v) for m, v in measures.items()},
        events={e: _event(e, v) for e, v in events.items()},
        rules=_rules(rules), history=History(**{k: _tuple(v) for k, v in merged.history.items()}),
        historical=top["historical"], sources=tuple(top["sources"]),
        content_hash=digest, tutorial=top["tutorial"],
    )


def merged_document(ref: str | Path) -> dict[str, Any]:
    """The scenario as the engine sees it, as one standalone scenario file's tables:
    the shared rules, member profiles, measures and event cards with the file's
    overrides applied (every seated member, every measure and card in full). Loaded
    again, it gives an equal scenario. `ScenarioError` if the file has errors."""
    merged, problems = _merge(resolve(ref))
    errors = [p for p in problems if p.severity == "error"]
    if errors or merged is None:
        raise ScenarioError(errors)
    top = {k: v for k, v in merged.top.items()
           if k not in ("rules", "members", "measures", "cards")}
    members = {s: {**merged.members[s], "objectives": [
        _used_fields(o) for o in merged.members[s].get("objectives", [])]}
        for s in top["seats"]}
    return _no_empty_tables({**top, "rules": merged.rules, "members": members,
                             "measures": merged.measures, "cards": merged.events})


def _used_fields(objective: Any) -> Any:
    """An objective with only the fields its kind reads: a shared profile may carry one
    its kind ignores (a note's measure on a `face` objective), which a scenario file
    may not (M010); the engine reads the same either way."""
    if not isinstance(objective, Mapping) or objective.get("kind") not in OBJECTIVE_USES:
        return objective
    keep = (*OBJECTIVE_ANY, *OBJECTIVE_USES[objective["kind"]])
    return {k: v for k, v in objective.items() if k in keep}


def _no_empty_tables(table: Mapping[str, Any]) -> dict[str, Any]:
    """`table` without its empty tables: each is its key's default (a card's `choice =
    {}` is no choice at all, which the schema reads as absent, not as an empty one)."""
    return {k: _no_empty_tables(v) if isinstance(v, Mapping) else v
            for k, v in table.items() if not (isinstance(v, Mapping) and not v)}


def _events_tables(data: Mapping[str, Any], report: Any) -> dict[str, Any]:
    """M002 for `[events.ID]` tables in a scenario (as in the shared events.toml): a
    scenario's own cards are `[cards.ID]`, and `events` is the deck's list of ids. The
    data comes back without them, so the one problem says it all."""
    first = next(iter(data["events"]), "")
    report(f"events.{first}".rstrip("."), "M002", "`events` is the deck, a list of card "
           "ids; `[events.ID]` tables are for the shared events.toml",
           f"write `[cards.{first or 'ID'}]`, and list its id in `events = [...]`")
    return {k: v for k, v in data.items() if k != "events"}


def _overlay(base: Mapping[str, Any], over: Mapping[str, Any], spec: Any, where: str,
             report: Any) -> dict[str, Any]:
    out = dict(base)
    if not isinstance(over, Mapping):
        report(where, "M002", "expected a table of tables", "")
        return out
    for key, value in over.items():
        if is_full(report):
            break
        known = key in base
        hinted = _SharedHint(report, base[key], f"{where}.{key}") if known else report
        clean = check_table(value, spec, f"{where}.{key}", hinted, partial=known)
        out[key] = merge_tables(base[key], clean) if known else clean
    return out


class _SharedHint:
    """A reporter for an override of a shared entry: a problem with a value that has no
    hint of its own gets the shared value as one (`laos's shared profile has N4 = 0.8`)."""

    def __init__(self, report: Any, shared: Mapping[str, Any], where: str) -> None:
        self.report, self.shared, self.where = report, shared, where

    @property
    def full(self) -> bool:
        return is_full(self.report)

    def __call__(self, where: str, code: str, message: str, hint: str = "",
                 severity: str = "error") -> None:
        value: Any = self.shared
        for part in where.removeprefix(f"{self.where}.").split("."):
            value = value.get(part) if isinstance(value, Mapping) else None
        if not hint and isinstance(value, int | float | str) and value != "":
            name = self.where.split(".", 1)[1]
            shown = f"{value:g}" if isinstance(value, float) else json.dumps(value)
            hint = f"{name}'s shared profile has {where.rsplit('.', 1)[1]} = {shown}"
        self.report(where, code, message, hint, severity)


def _check_schedule(schedule: Any, report: Any) -> dict[int, str]:
    out: dict[int, str] = {}
    if not isinstance(schedule, Mapping):
        report("schedule", "M002", "expected a table like { \"1\" = \"event-id\" }", "")
        return out
    for key, value in schedule.items():
        if is_full(report):
            break
        plain_number = key.isascii() and key.isdigit() and not key.startswith("0")
        if not plain_number or len(key) > 2 or int(key) > MAX_ROUNDS:
            report(f"schedule.{key}", "M008", f"`{key[:20]}` is not a round number: rounds "
                   f"are numbered 1 to {MAX_ROUNDS}, written without sign or leading zero",
                   '"1" = "routine-meeting"')
            continue
        if not isinstance(value, str):
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

    def hint(name: str, known: Any) -> str:
        return "" if is_full(report) else suggest(name, known)

    def refs(where: str, names: Any, known: Any, what: str, code: str) -> None:
        seen: set[str] = set()
        for i, name in enumerate(names):
            if is_full(report):
                return
            if name in seen:
                report(f"{where}[{i}]", "R004", f"`{name}` is listed twice", "remove one")
            seen.add(name)
            if name not in known:
                report(f"{where}[{i}]", code, f"unknown {what} `{name}`", hint(name, known) or
                       (f"known: {', '.join(sorted(known))}" if len(known) <= 40 else ""))

    refs("seats", seats, members, "member", "R001")
    refs("agenda", top["agenda"], measures, "measure", "R002")
    refs("adopted", top["adopted"], measures, "measure", "R002")
    for mid, level in top["adopted_levels"].items():
        where = f"adopted_levels.{mid}"
        if mid not in top["adopted"]:
            report(where, "R002", f"`{mid}` is not in `adopted`",
                   "list the measure in `adopted` too, or remove its level")
        elif level != int(level) or not 1 <= level <= len(measures[mid].get("levels", ())):
            report(where, "M005", f"`{mid}` has ambition levels 1 to "
                   f"{len(measures[mid].get('levels', ()))}, not {level:g}", "")
    refs("events", top["events"], events, "event", "R003")
    refs("norm_adopters", top["norm_adopters"], seats, "seat", "R001")
    for key in ("adopted", "not_adopted"):
        refs(f"history.{key}", history.get(key, ()), measures, "measure", "R002")
    refs("history.objectors", history.get("objectors", ()), seats, "seat", "R001")
    refs("history.grounds", history.get("grounds", {}), history.get("objectors", ()),
         "objector (list it in `history.objectors`)", "R001")
    refs("history.clauses", history.get("clauses", ()), clauses, "clause", "R008")
    for mid, level in history.get("levels", {}).items():
        if mid not in history.get("adopted", ()):
            report(f"history.levels.{mid}", "R002", f"`{mid}` is not in `history.adopted`",
                   "list the measure in `history.adopted` too, or remove its level")
        elif mid in measures and (level != int(level) or not
                                  1 <= level <= len(measures[mid].get("levels", ()))):
            report(f"history.levels.{mid}", "M005", f"`{mid}` has ambition levels 1 to "
                   f"{len(measures[mid].get('levels', ()))}, not {level:g}", "")
    for field, known, what in (("sponsor", seats, "a seated seat"),
                               ("first_chair", seats, "a seated seat"),
                               ("focus", top["agenda"], "on the agenda")):
        if top[field] not in known:
            where = "agenda" if field == "focus" else "seats"
            report(field, "R006", f"{field} `{top[field]}` is not {what}",
                   "; ".join(h for h in (hint(top[field], known), f"add it to `{where}`") if h))
    for rnd, event in schedule.items():
        if event not in events:
            report(f"schedule.{rnd}", "R003", f"unknown event `{event}`", hint(event, events))
        if rnd > top["rounds"]:
            report(f"schedule.{rnd}", "W101", f"round {rnd} is after the last round "
                   f"({top['rounds']}), so this card never fires", "", "warning")
    if not top["events"] and len(schedule) < top["rounds"]:
        report("events", "R003", "the event deck is empty and the schedule does not cover "
               "every round", 'add a card, e.g. events = ["routine-meeting"]')
    for mid, measure in measures.items():
        if is_full(report):
            return
        for i, req in enumerate(measure.get("requires", ())):
            if req not in measures:
                report(f"measures.{mid}.requires[{i}]", "R002", f"unknown measure `{req}`",
                       hint(req, measures))
        for i, clause in enumerate(measure.get("clauses", ())):
            if clause not in clauses:
                report(f"measures.{mid}.clauses[{i}]", "R008", f"unknown clause `{clause}`",
                       hint(clause, clauses) or f"known: {', '.join(sorted(clauses))}")
        if not 1 <= len(measure.get("levels", ())) <= 4:
            found = len(measure.get("levels", ()))
            report(f"measures.{mid}.levels", "M005", f"a measure has 1 to 4 ambition levels, "
                   f"found {found}", "keep 1 to 4, least ambitious first" if found else
                   'name at least one, e.g. levels = ["a statement"]')
    cycle = find_cycle({m: v.get("requires", []) for m, v in measures.items()})
    if cycle:
        report(f"measures.{cycle[0]}.requires", "R005",
               "prerequisites form a cycle: " + " -> ".join(cycle), "break one link")
    for seat in seats:
        if is_full(report):
            return
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
                       hint(str(obj.get("measure")), measures))
        for i, line in enumerate(member.get("red_lines", ())):
            if line.get("measure") and line["measure"] not in measures:
                report(f"members.{seat}.red_lines[{i}].measure", "R002",
                       f"unknown measure `{line['measure']}`", hint(line["measure"], measures))
        for other in member.get("trust", {}):
            if other not in members:
                report(f"members.{seat}.trust.{other}", "R001", f"unknown member `{other}`",
                       hint(other, members))


def find_cycle(graph: Mapping[str, Any]) -> list[str]:
    """A prerequisite cycle as a path `a -> b -> a`, or [] when there is none.

    Iterative and linear in the measures and links (each node's links are walked once
    through an iterator), so a hostile file with a chain of thousands of measures, or a
    measure requiring thousands, can neither exhaust the recursion limit nor take long."""
    done: set[str] = set()
    for root in sorted(graph):
        if root in done:
            continue
        path: list[str] = [root]
        on_path = {root}
        todo: list[Iterator[str]] = [iter(graph.get(root, ()))]
        while todo:
            nxt = next(todo[-1], None)
            if nxt is None:
                todo.pop()
                done.add(path[-1])
                on_path.discard(path.pop())
                continue
            if nxt not in graph or nxt in done:
                continue
            if nxt in on_path:
                return [*path[path.index(nxt):], nxt]
            path.append(nxt)
            on_path.add(nxt)
            todo.append(iter(graph.get(nxt, ())))
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
        summary=d["summary"], sources=tuple(d["sources"]), clauses=tuple(d["clauses"]),
        chair_only=d["chair_only"])


def _event(eid: str, d: Mapping[str, Any]) -> Event:
    return Event(
        id=eid, name=d["name"], text=d["text"], strain=dict(d["strain"]),
        boost=dict(d["boost"]), face=dict(d["face"]), trust=dict(d["trust"]),
        min_round=d["min_round"], requires_seats=tuple(d["requires_seats"]),
        requires_adopted=tuple(d["requires_adopted"]), sources=tuple(d["sources"]),
        stands_aside=d["stands_aside"], choice=_choice(d["choice"]))


def _choice(d: Mapping[str, Any]) -> Choice | None:
    if not d:
        return None
    return Choice(chooser=d["chooser"], question=d["question"],
                  accept=Option(**d["accept"]), decline=Option(**d["decline"]))


def _rules(d: Mapping[str, Any]) -> Rules:
    face, trust, norm, persuasion = d["face"], d["trust"], d["norm"], d["persuasion"]
    return Rules(
        norm_names=dict(d["norms"]), max_amendments=d["amendments"]["max"],
        chair_informals=d["chair"]["informals"],
        face_min=face["min"], face_max=face["max"], face_withdraw=face["withdraw"],
        face_defer=face["defer"], face_press_sponsor=face["press_sponsor"],
        face_press_objector=face["press_objector"],
        face_object_compromise=face["object_compromise"],
        face_adopted_sponsor=face["adopted_sponsor"], face_adopted_chair=face["adopted_chair"],
        face_sponsor_full_intrusiveness=face["sponsor_full_intrusiveness"],
        trust_min=trust["min"], trust_max=trust["max"], trust_default=trust["default"],
        trust_consult=trust["consult"], trust_press=trust["press"],
        trust_adopted_support=trust["adopted_support"], trust_object=trust["object"],
        trust_broken=trust["broken"], trust_kept=trust["kept"],
        deferral_relief=d["deferral"]["relief"], tipping_point=norm["tipping_point"],
        internalization=norm["internalization"],
        internalization_meetings=norm["internalization_meetings"],
        norm_min_intrusiveness=norm["min_intrusiveness"],
        persuasion_norms=dict(persuasion["norms"]), persuasion_step=persuasion["step"],
        persuasion_per_capability=persuasion["per_capability"],
        persuasion_per_trust=persuasion["per_trust"], persuasion_adopt_at=persuasion["adopt_at"],
        minus_x=d["minus_x"]["enabled"], minus_x_security=d["minus_x"]["security"],
        minus_x_max_objectors=d["minus_x"]["max_objectors"],
        face_weight=d["scoring"]["face_weight"], shared_weight=d["scoring"]["shared_weight"],
        stage_bonus=dict(d["scoring"]["stage_bonus"]),
        public_priors={k: dict(v) for k, v in d["public_priors"].items()},
        clauses={k: Clause(id=k, name=v["name"], text=v["text"], relief=v["relief"],
                           cost=v["cost"], sources=tuple(v["sources"]))
                 for k, v in d.get("clauses", {}).items()},
        checkpoint_every=d["record"]["checkpoint_every"])
