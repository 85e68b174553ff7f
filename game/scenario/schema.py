"""The scenario format as data: one field table drives validation and the JSON Schema.

Each TOML table kind (member, measure, event, scenario, ...) is a tuple of `Field`s.
`check_table` turns raw TOML into clean Python values, reporting every problem with
the field path where it happened; `json_schema` prints the same tables for editors.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

import attrs

from game.rules.model import NORMS, STAGES
from game.rules.text import clip, plain

FORMAT = 2
"""The scenario format version this engine reads."""

ID_FORM = r"[a-z0-9][a-z0-9-]{0,63}"
"""The form of every id that names a file or appears in an action's text: a scenario,
member, measure or event card id is 1 to 64 lower-case ASCII letters, digits and
dashes, starting with a letter or a digit. No dots, slashes, spaces or capitals, so an
id used in a file name can never leave its folder."""

_ID = re.compile(ID_FORM)

STANCES = ("entrepreneur", "cohesion", "cautious", "sovereignty")
"""A member's public stance (and the keys of `[rules.public_priors]`)."""

MAX_ROUNDS = 12
"""The most meetings a scenario can have (`rounds`)."""

CODES: dict[str, str] = {
    "M000": "the file cannot be read or is not valid TOML (duplicate keys included)",
    "M001": "unknown key",
    "M002": "wrong type",
    "M003": "missing required key",
    "M004": "value is not one of the allowed choices",
    "M005": "number out of range",
    "M006": "unsupported `format` version",
    "M007": "an id (scenario, member, measure or card) is not of the form "
            "`[a-z0-9][a-z0-9-]{0,63}`",
    "M008": "a `[schedule]` key is not a round number 1 to 12 written plainly",
    "M009": "a starting face or trust lies outside its `[rules.face]` / `[rules.trust]` "
            "range, or a range's `min` is above its `max`",
    "M010": "an objective or red line sets a field its kind does not use (a red line is a "
            "norm's `{ norm, max }` or a measure's `{ measure, max_ambition }`, not both)",
    "R001": "reference to a member or seat that does not exist",
    "R002": "reference to a measure that does not exist",
    "R003": "reference to an event card that does not exist, or an empty deck",
    "R004": "the same id listed twice",
    "R005": "measure prerequisites form a cycle",
    "R006": "sponsor, first chair or focus is not seated / not on the agenda",
    "R007": "two files declare the same scenario id",
    "R008": "reference to a safeguard clause that does not exist",
    "W101": "a scheduled card falls after the last round",
    "W102": "a deck card's `min_round` is after the last round",
    "W103": "a deck card requires a seat that is not seated",
    "W104": "a deck card requires a measure that can never be adopted",
    "W105": "an agenda measure can never be adopted (prerequisites or rounds)",
    "W106": "a measure defined in the scenario that nothing uses",
    "W107": "an event card defined in the scenario that nothing draws",
    "W108": "a member profile override for a seat that is not seated",
    "W109": "an objective the game can never change (never or always scores)",
    "W110": "a seat none of whose objectives can score",
    "W111": "the scenario id is the id of a bundled scenario, or differs from the file name",
    "W112": "a `clause` objective asks for a clause its measure does not take, so the price "
            "can never be paid",
    "W113": "the focus measure is the chair's to table (`chair_only`) but the sponsor "
            "does not chair",
    "W114": "an event card puts its choice to a seat that is not seated (it is played "
            "without the choice)",
    "W115": "an agenda measure no historical bot tables and no seat's objective rewards "
            "adopting: neither the focus nor `chair_only`",
    "W201": "the focus measure crosses a seated member's red line at every ambition",
}
"""Every problem code with a one-line meaning (the guide's table is built from it).
Codes are stable: a code never changes meaning; a new check gets a new code."""

RECORD_CODES: dict[str, str] = {
    "G000": "a game record cannot be read (missing, too large, not a regular file)",
    "G001": "the record's last line is cut short (a truncated record)",
    "G002": "the record is empty or its header line is not a Mufakat record header",
    "G003": "a record line is not an action or a checkpoint",
    "G004": "a record line is out of sequence, or comes after the game's end",
    "G005": "the record's scenario cannot be loaded",
    "G006": "the record's scenario has changed since the game was recorded",
    "G007": "a recorded action is not legal when replayed",
    "G008": "a state hash differs from the record's checkpoint",
    "G009": "the record's chain breaks: a line was changed, removed or inserted",
    "G010": "the record is of a format this version does not read",
    "G011": "a signed record checked without its key, or a key given for an unsigned one",
    "G012": "the record's end checkpoint is missing, or comes before the game is over",
}
"""The problems `mufakat replay --verify` reports with a game record
(`game/play/record.py`), listed in the guide's code table after the scenario codes."""


def valid_id(value: str) -> bool:
    """Whether `value` has the documented id form (`ID_FORM`)."""
    return _ID.fullmatch(value) is not None


def id_hint(value: str) -> str:
    """A fix for an invalid id: the nearest valid id, e.g. `My Workshop` -> `my-workshop`."""
    slug = re.sub(r"[^a-z0-9]+", "-", value[:200].lower()).strip("-")[:64]
    return (f'use lower-case letters, digits and dashes, e.g. "{slug}"' if slug else
            'use lower-case letters, digits and dashes, e.g. "2026-my-workshop"')


def is_full(report: object) -> bool:
    """Whether a reporter has stopped listing problems (past MAX_PROBLEMS): expensive
    hints and further checks can then be skipped."""
    return bool(getattr(report, "full", False))

REQUIRED: Any = object()


@attrs.frozen
class Problem:
    """One thing wrong with a file, in the `path:line:col: CODE severity: message` form."""

    path: str
    where: str
    code: str
    message: str
    severity: str = "error"
    hint: str = ""
    line: int = 0
    col: int = 0

    def __str__(self) -> str:
        """One line; text from the file is shown, never acted on (control characters
        escaped) and clipped, so a hostile key cannot flood or drive the terminal."""
        path = plain(self.path, keep_newlines=False)
        place = f"{path}:{self.line}:{self.col}" if self.line else path
        where = f" [{clip(self.where, 200)}]" if self.where else ""
        hint = f" (hint: {clip(self.hint, 300)})" if self.hint else ""
        return f"{place}: {self.code} {self.severity}: {clip(self.message, 400)}{where}{hint}"


@attrs.frozen
class Field:
    name: str
    kind: str
    default: Any = REQUIRED
    low: float | None = None
    high: float | None = None
    choices: tuple[str, ...] = ()
    doc: str = ""


def _f(name: str, kind: str, default: Any = REQUIRED, doc: str = "", **kw: Any) -> Field:
    return Field(name, kind, default, doc=doc, **kw)


OBJECTIVE = (
    _f("kind", "str", choices=("adopt", "block", "face", "norm", "progress", "clause"),
       doc="What the objective rewards."),
    _f("points", "float", low=0, high=100, doc="Points when achieved (the most, when scaled)."),
    _f("measure", "str", "", doc="The measure of an adopt or block objective."),
    _f("min_ambition", "int", 1, low=1, high=4, doc="adopt: lowest ambition that counts."),
    _f("max_ambition", "int", 0, low=0, high=4, doc="block: highest ambition tolerated."),
    _f("scale", "bool", False, doc="adopt: points grow with the ambition reached."),
    _f("min", "float", 0.0, low=0, high=100, doc="face: the face to keep."),
    _f("stage", "str", "", choices=("", *STAGES), doc="norm: the stage to reach."),
    _f("min_intrusiveness", "int", 0, low=0, high=99,
       doc="progress: any measure at least this intrusive adopted."),
    _f("clause", "str", "", doc="clause: the safeguard clause the measure must carry."),
    _f("public", "bool", False, doc="A public role (seen by all) or a hidden goal."),
    _f("note", "str", "", doc="Why the seat wants this, for players."),
)

RED_LINE = (
    _f("norm", "str", "", choices=("", *NORMS), doc="A norm never strained above `max`."),
    _f("max", "float", 0.0, low=0, high=10, doc="The most strain tolerated on `norm`."),
    _f("measure", "str", "", doc="A measure never accepted above `max_ambition`."),
    _f("max_ambition", "int", 0, low=0, high=4, doc="0 = the measure not at all."),
    _f("note", "str", "", doc="Why, for players."),
)

MEMBER = (
    _f("name", "str", doc="English name (the chair rotates in its alphabetical order)."),
    _f("joined", "int", low=1967, high=2100, doc="Year of accession."),
    _f("founder", "bool", False, doc="Signed the 1967 Bangkok Declaration."),
    _f("capability", "float", low=0, high=5, doc="Public: UN peacekeeping record, 0 to 5."),
    _f("stance", "str", choices=STANCES,
       doc="Public stance; others infer sensitivities from it."),
    _f("face", "float", 50.0, low=0, high=100, doc="Starting face (standing)."),
    _f("cooperation", "float", low=0, high=3, doc="Private appetite for cooperation."),
    _f("sensitivity", "norm-table", doc="Private sensitivity to each norm N1 to N6, 0 to 3."),
    _f("flexibility", "int", 1, low=0, high=4, doc="Levels a sponsor bot will amend down."),
    _f("assertive", "bool", False, doc="A sponsor bot presses blocked proposals."),
    _f("opening", "int", 0, low=0, high=4, doc="A sponsor bot's opening ambition; 0 = top."),
    _f("trust", "trust-table", {}, doc="Trust toward other members, 0 to 100 (default 50)."),
    _f("objectives", "objectives", [], doc="Scored objectives."),
    _f("red_lines", "red-lines", [], doc="What the member can never accept."),
    _f("summary", "str", "", doc="One or two sentences for players."),
    _f("sources", "str-list", [], doc="Where the profile comes from."),
)

MEASURE = (
    _f("name", "str", doc="Name shown to players."),
    _f("intrusiveness", "int", low=0, high=99, doc="Order from least to most intrusive."),
    _f("stage", "str", choices=("cbm", "pd", "resolution"), doc="ARF stage."),
    _f("security", "bool", True, doc="Security measures are outside ASEAN minus X."),
    _f("norms", "norm-table-partial", {}, doc="Strain on each norm at full ambition."),
    _f("value", "float", low=0, high=10, doc="ASEAN outcome at full ambition."),
    _f("burden", "float", 0.0, low=0, high=3, doc="Demand on national capability."),
    _f("capacity", "float", 0.0, low=0, high=1, doc="Capability gained when adopted."),
    _f("requires", "str-list", [], doc="Measures that must be adopted first."),
    _f("levels", "str-list", doc="Ambition levels, least ambitious first (1 to 4)."),
    _f("clauses", "str-list", [], doc="Safeguard clauses (`[rules.clauses]`) that fit it."),
    _f("chair_only", "bool", False,
       doc="Only the chair may table it (a chair's statement), and doing so leaves the "
           "chair its turn to table an item of its own."),
    _f("summary", "str", "", doc="What the measure does."),
    _f("sources", "str-list", [], doc="Precedent and sources."),
)

CLAUSE = (
    _f("name", "str", doc="Name shown to players."),
    _f("text", "str", doc="The words the clause adds to a text."),
    _f("relief", "norm-table-partial", {}, doc="Share (0 to 1) of each norm's strain removed."),
    _f("cost", "float", 0.0, low=0, high=1, doc="Share of the measure's value lost."),
    _f("sources", "str-list", [], doc="Sources."),
)

OPTION = (
    _f("text", "str", doc="What answering so means, shown with the choice and in the log."),
    _f("face", "float", 0.0, low=-100, high=100, doc="The chooser's face change."),
    _f("trust", "float", 0.0, low=-100, high=100,
       doc="Every other seat's change of trust toward the chooser."),
    _f("capability", "float", 0.0, low=-5, high=5, doc="The chooser's capability change."),
    _f("strain", "norm-table-partial", {}, doc="Added to the card's `strain` for the round."),
    _f("boost", "float-table", {}, doc="Added to the card's `boost` for the round."),
)

CHOICE = (
    _f("chooser", "str", doc="Who answers: a member id, `chair` or `sponsor`."),
    _f("question", "str", doc="The question put, shown to the chooser."),
    _f("accept", "option", doc="The `accept` answer: `[events.ID.choice.accept]`."),
    _f("decline", "option", doc="The `decline` answer: `[events.ID.choice.decline]`."),
)

EVENT = (
    _f("name", "str", doc="Card title."),
    _f("text", "str", doc="What happened, for the briefing."),
    _f("strain", "norm-table-partial", {}, doc="Shift of every measure's norm strain."),
    _f("boost", "float-table", {}, doc="Extra value of measures this round."),
    _f("face", "float-table", {}, doc="Immediate face change by seat."),
    _f("trust", "float-table", {}, doc="Trust change toward a seat from all others."),
    _f("min_round", "int", 1, low=1, high=99, doc="Earliest round it can be drawn."),
    _f("requires_seats", "str-list", [], doc="Seats that must be seated."),
    _f("requires_adopted", "str-list", [], doc="Measures that must be adopted."),
    _f("sources", "str-list", [], doc="Sources."),
    _f("stands_aside", "str", "",
       doc="A member that gives up the chair if it holds it (the next in rotation takes it)."),
    _f("choice", "choice", {}, doc="A decision put to a seat first: `[events.ID.choice]`."),
)

HISTORY = (
    _f("outcome", "str", "", doc="What happened."),
    _f("adopted", "str-list", [], doc="Measures adopted in history."),
    _f("not_adopted", "str-list", [], doc="Measures proposed and not adopted."),
    _f("objectors", "str-list", [], doc="Seats that objected."),
    _f("grounds", "ground-table", {},
       doc="The norm (N1 to N6) each objector cited, by seat: `{ vietnam = \"N1\" }`."),
    _f("levels", "float-table", {}, doc="The ambition each measure adopted then was agreed at."),
    _f("clauses", "str-list", [], doc="The safeguard clauses the texts adopted then carried."),
    _f("stage", "str", "", choices=("", *STAGES), doc="The norm stage reached then."),
    _f("sources", "str-list", [], doc="Sources."),
)

SCENARIO = (
    _f("format", "int", doc=f"Format version; this engine reads {FORMAT}."),
    _f("id", "str", doc="Scenario id: `[a-z0-9][a-z0-9-]{0,63}` (lower-case, digits, dashes)."),
    _f("title", "str", doc="Title."),
    _f("year", "int", low=1967, high=2100, doc="Year of the meeting."),
    _f("summary", "str", "", doc="One line."),
    _f("briefing", "str", "", doc="What players read before the game."),
    _f("historical", "bool", False, doc="Reproduces a real episode."),
    _f("tutorial", "bool", False,
       doc="A lesson: the table shows the coach (it changes no rule)."),
    _f("sponsor", "str", doc="Seat sponsoring the central proposal."),
    _f("focus", "str", doc="The central measure."),
    _f("seats", "str-list", doc="Member ids seated."),
    _f("first_chair", "str",
       doc="The chair of the year: it chairs every meeting (Charter Art. 31)."),
    _f("rounds", "int", 3, low=1, high=MAX_ROUNDS, doc="Number of meetings."),
    _f("agenda", "str-list", doc="Measures that may be tabled."),
    _f("adopted", "str-list", [], doc="Measures in force at the start."),
    _f("adopted_levels", "float-table", {},
       doc="The ambition each measure in force was agreed at, a whole level "
           "(`{ apcn = 1 }`; default: its top level)."),
    _f("norm_adopters", "str-list", [], doc="Seats already holding the norm."),
    _f("events", "str-list", [], doc="The event deck."),
    _f("sources", "str-list", [], doc="Sources."),
    _f("schedule", "schedule", {}, doc="Fixed event cards by round."),
    _f("history", "history", {}, doc="What really happened."),
    _f("rules", "rules", {}, doc="Overrides of the shared rules."),
    _f("members", "members", {}, doc="Overrides of member profiles."),
    _f("measures", "measures", {}, doc="New or changed measures."),
    _f("cards", "events", {}, doc="Scenario-only event cards."),
)

RULES_GROUPS: dict[str, tuple[Field, ...]] = {
    "norms": tuple(_f(n, "str", doc=f"Name of {n}.") for n in NORMS),
    "amendments": (_f("max", "int", low=0, high=4, doc="Amendments per tabling."),),
    "chair": (_f("informals", "int", low=0, high=3,
                 doc="Extra informal consultations the chair may call per meeting."),),
    "face": (*(_f(n, "float", low=-100, high=100) for n in (
        "min", "max", "withdraw", "defer", "press_sponsor", "press_objector",
        "object_compromise", "adopted_sponsor", "adopted_chair")),
        _f("sponsor_full_intrusiveness", "int", low=1, high=99,
           doc="A sponsor earns full face for a measure this intrusive, less below.")),
    "trust": tuple(_f(n, "float", low=-100, high=100) for n in (
        "min", "max", "default", "consult", "press", "adopted_support", "object",
        "broken", "kept")),
    "deferral": (_f("relief", "float", low=0, high=3),),
    "norm": (_f("tipping_point", "float", low=0, high=1,
                doc="Share of seats holding the norm from which it cascades."),
             _f("internalization", "float", low=0, high=1,
                doc="Share of seats that, held long enough, internalizes the norm."),
             _f("internalization_meetings", "int", low=1, high=99,
                doc="Meetings in a row the internalization share must hold at their close."),
             _f("min_intrusiveness", "int", low=0, high=99,
                doc="The sponsor of an adopted measure this intrusive holds the norm.")),
    "persuasion": (_f("norms", "norm-table-partial",
                      doc="Norms a persuasion moves, each by its weight times the step."),
                   _f("step", "float", low=0, high=3,
                      doc="Step at neutral trust with no peacekeeping record."),
                   _f("per_capability", "float", low=0, high=1,
                      doc="More step per point of the persuader's capability."),
                   _f("per_trust", "float", low=0, high=1,
                      doc="More (less) step per point of trust above (below) neutral."),
                   _f("adopt_at", "float", low=0, high=3,
                      doc="A seat adopts the norm when its mean sensitivity on `norms` "
                          "falls to this.")),
    "minus_x": (_f("enabled", "bool"), _f("security", "bool"),
                _f("max_objectors", "int", low=0, high=11)),
    "scoring": (_f("face_weight", "float", low=0, high=10),
                _f("shared_weight", "float", low=0, high=10),
                _f("stage_bonus", "stage-table")),
    "public_priors": (),  # stance -> norm table, checked on its own
    "clauses": (),  # clause id -> CLAUSE table, checked on its own
    "record": (_f("checkpoint_every", "int", low=1, high=10_000),),
}

Report = Callable[[str, str, str, str], None]
"""report(where, code, message, hint)"""


def suggest(word: str, known: object) -> str:
    """A 'did you mean' hint for an unknown name (none for a name longer than any id)."""
    if len(word) > 100:
        return ""
    close = difflib.get_close_matches(word, [str(k) for k in known], n=1)  # type: ignore[attr-defined]
    return f"did you mean `{close[0]}`?" if close else ""


def check_table(data: Any, fields: tuple[Field, ...], where: str, report: Report,
                partial: bool = False) -> dict[str, Any]:
    """Check a TOML table against `fields`; return the clean values (defaults filled
    unless `partial`)."""
    if not isinstance(data, Mapping):
        report(where, "M002", f"expected a table, found {_tname(data)}", "")
        return {}
    spec = {f.name: f for f in fields}
    out: dict[str, Any] = {}
    for key in data:
        if key not in spec:
            if is_full(report):
                break
            report(f"{where}.{key}".lstrip("."), "M001", f"unknown key `{key}`",
                   suggest(key, spec) or f"allowed: {', '.join(spec)}")
    for f in fields:
        path = f"{where}.{f.name}".lstrip(".")
        if f.name not in data:
            if f.default is REQUIRED and not partial:
                report(path, "M003", f"missing required key `{f.name}`",
                       f"add `{f.name} = ...` ({f.doc})")
            elif not partial and f.default is not REQUIRED:
                out[f.name] = f.default
            continue
        value = _check_value(data[f.name], f, path, report, partial)
        if value is not None:
            out[f.name] = value
    return out


def _tname(value: Any) -> str:
    return {str: "a string", bool: "true/false", int: "an integer", float: "a number",
            list: "a list", dict: "a table"}.get(type(value), type(value).__name__)


def _check_value(value: Any, f: Field, path: str, report: Report, partial: bool) -> Any:
    """The clean value of one field; in an override (`partial`) a norm or stage table
    may give some keys, merged over the shared table's."""
    kind = f.kind
    if kind == "str":
        if not isinstance(value, str):
            report(path, "M002", f"expected a string, found {_tname(value)}", 'use quotes: "..."')
            return None
        if f.choices and value not in f.choices:
            report(path, "M004", f"`{value}` is not one of {', '.join(c for c in f.choices if c)}",
                   suggest(value, f.choices))
            return None
        return value
    if kind == "bool":
        if not isinstance(value, bool):
            report(path, "M002", f"expected true/false, found {_tname(value)}", "")
            return None
        return value
    if kind in ("int", "float"):
        ok = isinstance(value, int) if kind == "int" else isinstance(value, int | float)
        if not ok or isinstance(value, bool):
            report(path, "M002", f"expected {'an integer' if kind == 'int' else 'a number'}, "
                   f"found {_tname(value)}", "")
            return None
        low = f.low if f.low is not None else -math.inf
        high = f.high if f.high is not None else math.inf
        if not low <= value <= high:  # also rejects nan
            report(path, "M005", f"{value} is out of range {low:g} to {high:g}", "")
            return None
        return float(value) if kind == "float" else value
    if kind == "str-list":
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            report(path, "M002", f"expected a list of strings, found {_tname(value)}",
                   'e.g. ["a", "b"]')
            return None
        return list(value)
    if kind in ("norm-table", "norm-table-partial", "float-table", "trust-table", "stage-table"):
        return _check_number_table(value, kind, path, report, partial)
    if kind in ("objectives", "red-lines"):
        sub = OBJECTIVE if kind == "objectives" else RED_LINE
        if not isinstance(value, list):
            report(path, "M002", f"expected a list of tables, found {_tname(value)}", "")
            return None
        items = [check_table(item, sub, f"{path}[{i}]", report) for i, item in enumerate(value)]
        mixed = _objective_mix if kind == "objectives" else _red_line_mix
        for i, item in enumerate(value):
            if isinstance(item, Mapping) and not is_full(report):
                mixed(item, f"{path}[{i}]", report)
        return items
    if kind in ("choice", "option"):
        return check_table(value, CHOICE if kind == "choice" else OPTION, path, report)
    if kind == "ground-table":
        return _check_grounds(value, path, report)
    # Nested kinds (schedule, history, rules, members, measures) are checked by the loader.
    return value


OBJECTIVE_USES: dict[str, tuple[str, ...]] = {
    "adopt": ("measure", "min_ambition", "scale"), "block": ("measure", "max_ambition"),
    "face": ("min",), "norm": ("stage",), "progress": ("min_intrusiveness",),
    "clause": ("measure", "clause"),
}
"""The fields each objective kind reads, besides `kind`, `points`, `public` and `note`."""

OBJECTIVE_ANY = ("kind", "points", "public", "note")
"""The fields every objective kind reads."""
_OBJECTIVE_FIELDS = {f.name for f in OBJECTIVE}

_OBJECTIVE_ALIKE = {("block", "min_ambition"): "max_ambition",
                    ("adopt", "max_ambition"): "min_ambition"}
"""A field an author writes for one kind that means the other field in another kind."""


def _objective_mix(item: Mapping[str, Any], path: str, report: Report) -> None:
    """M010: an objective field its kind ignores (a `block` objective's `min_ambition`
    would silently mean nothing)."""
    kind = item.get("kind")
    if not isinstance(kind, str) or kind not in OBJECTIVE_USES:
        return
    uses = OBJECTIVE_USES[kind]
    for key in item:
        if key in uses or key in OBJECTIVE_ANY or key not in _OBJECTIVE_FIELDS:
            continue  # an unknown key is M001
        if not item[key]:
            continue  # an empty or zero value changes nothing
        alike = _OBJECTIVE_ALIKE.get((kind, key))
        fix = (f"write `{alike} = {item[key]}`: for a `{kind}` objective, `{alike}` is the "
               + _doc(OBJECTIVE, alike).split(": ", 1)[-1].rstrip(".") if alike else
               f"remove `{key}`")
        report(f"{path}.{key}", "M010", f"a `{kind}` objective does not use `{key}` (it "
               f"uses {', '.join(f'`{u}`' for u in uses)})", fix)


def _doc(fields: tuple[Field, ...], name: str) -> str:
    return next(f.doc for f in fields if f.name == name)


def _red_line_mix(item: Mapping[str, Any], path: str, report: Report) -> None:
    """M010: a red line is a norm's or a measure's; one that mixes them would be read
    as a measure's line (or a norm's with `max` 0) without a word."""
    norm = [k for k in ("norm", "max") if item.get(k)]  # an empty `measure = ""` mixes
    measure = [k for k in ("measure", "max_ambition") if item.get(k)]  # nothing in
    if norm and measure:
        report(path, "M010", f"a red line mixes `{norm[0]}` with `{measure[0]}`: it is "
               "either a norm's `{ norm, max }` or a measure's `{ measure, max_ambition }`",
               f'write two red lines: {{ norm = "{item.get("norm", "N3")}", max = '
               f'{item.get("max", 1.0)} }} and {{ measure = "{item.get("measure", "...")}", '
               f'max_ambition = {item.get("max_ambition", 0)} }}')
    elif not item.get("norm") and not item.get("measure"):
        report(path, "M010", "a red line names no `norm` and no `measure`",
               '{ norm = "N3", max = 1.5 } or { measure = "standby-force", max_ambition = 0 }')


def _check_grounds(value: Any, path: str, report: Report) -> dict[str, str] | None:
    """A table of seat -> norm code (the seats are checked by the loader)."""
    if not isinstance(value, dict):
        report(path, "M002", f"expected a table, found {_tname(value)}", '{ vietnam = "N1" }')
        return None
    out: dict[str, str] = {}
    for key, code in value.items():
        if code not in NORMS:
            report(f"{path}.{key}", "M004", f"`{code}` is not one of {', '.join(NORMS)}",
                   suggest(str(code), NORMS))
            continue
        out[key] = code
    return out


_TABLE_KEYS = {"norm-table": ("norm", NORMS), "norm-table-partial": ("norm", NORMS),
               "stage-table": ("stage", STAGES)}


def _check_number_table(value: Any, kind: str, path: str, report: Report,
                        partial: bool) -> Any:
    if not isinstance(value, Mapping):
        report(path, "M002", f"expected a table, found {_tname(value)}", "e.g. { N3 = 1.0 }")
        return None
    what, keys = _TABLE_KEYS.get(kind, ("", None))
    out: dict[str, float] = {}
    for key, number in value.items():
        if is_full(report):
            break
        if keys is not None and key not in keys:
            named = f"the {what}s are {', '.join(keys)}" if what == "stage" else \
                f"the six norms are {keys[0]} to {keys[-1]}"
            report(f"{path}.{key}", "M001", f"unknown {what} `{key}`",
                   "; ".join(h for h in (suggest(key, keys), named) if h))
            continue
        if not isinstance(number, int | float) or isinstance(number, bool):
            report(f"{path}.{key}", "M002", f"expected a number, found {_tname(number)}", "")
            continue
        low, high = {"norm-table": (0, 3), "trust-table": (0, 100)}.get(kind, (-100, 100))
        if not low <= number <= high:
            report(f"{path}.{key}", "M005", f"{number} is out of range {low} to {high}", "")
            continue
        out[key] = float(number)
    if kind in ("norm-table", "stage-table") and not partial:
        for key in keys or ():
            if key not in value:
                report(path, "M003", f"missing `{key}`", f"add `{key} = ...`")
    return out


def json_schema(shared: Mapping[str, Iterable[str]]) -> dict[str, Any]:
    """A JSON Schema (draft 2020-12) of a scenario file, for TOML editors.

    `shared` holds the ids of the shared files' members, measures and events: a table
    overriding one of them may give any of its fields (as `validate` accepts), while a
    table with a new id must give every required field."""
    schema = _object(SCENARIO)
    for f in SCENARIO:
        if f.kind in _OVERLAID:
            schema["properties"][f.name]["properties"] = {
                key: _object(_OVERLAID[f.kind], partial=True)
                for key in sorted(shared.get(f.kind, ()))}
    return {"$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": "https://mufakat.invalid/scenario.schema.json",
            "title": f"Mufakat scenario (format {FORMAT})", **schema}


_SIMPLE: dict[str, dict[str, Any]] = {
    "str": {"type": "string"}, "int": {"type": "integer"}, "float": {"type": "number"},
    "bool": {"type": "boolean"}, "str-list": {"type": "array", "items": {"type": "string"}},
}


def _property(f: Field) -> dict[str, Any]:
    t = dict(_SIMPLE.get(f.kind) or _nested(f.kind))
    if f.choices:
        t["enum"] = [c for c in f.choices if c] or list(f.choices)
    if f.low is not None:
        t["minimum"] = f.low
    if f.high is not None:
        t["maximum"] = f.high
    if f.doc:
        t["description"] = f.doc
    if f.default is not REQUIRED:
        t["default"] = f.default
    return t


def _object(fields: tuple[Field, ...], partial: bool = False) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "object", "additionalProperties": False,
                              "properties": {f.name: _property(f) for f in fields}}
    required = [f.name for f in fields if f.default is REQUIRED]
    if required and not partial:
        schema["required"] = required
    return schema


def _numbers(keys: tuple[str, ...] | None, low: float, high: float) -> dict[str, Any]:
    item = {"type": "number", "minimum": low, "maximum": high}
    if keys is None:
        return {"type": "object", "additionalProperties": item}
    return {"type": "object", "additionalProperties": False,
            "properties": {k: item for k in keys}}


def _nested(kind: str) -> dict[str, Any]:
    """The schema of a table-valued field kind, built only for the kind asked (the
    `rules` kind holds a `stage-table`, so building them all at once would recurse)."""
    if kind == "norm-table":
        return _numbers(NORMS, 0, 3)
    if kind == "norm-table-partial":
        return _numbers(NORMS, -100, 100)
    if kind == "float-table":
        return _numbers(None, -100, 100)
    if kind == "trust-table":
        return _numbers(None, 0, 100)
    if kind == "stage-table":
        return _numbers(STAGES, -100, 100)
    if kind in ("objectives", "red-lines"):
        return {"type": "array", "items": _object(OBJECTIVE if kind == "objectives"
                                                  else RED_LINE)}
    if kind == "schedule":
        return {"type": "object", "additionalProperties": {"type": "string"},
                "description": 'Round number (as a string key, "1") -> event id.'}
    if kind == "history":
        return _object(HISTORY)
    if kind == "ground-table":
        return {"type": "object", "additionalProperties": {"enum": list(NORMS)}}
    if kind in ("choice", "option"):
        return _object(CHOICE if kind == "choice" else OPTION)
    if kind == "rules":
        groups = {group: _object(fields, partial=True) for group, fields in RULES_GROUPS.items()}
        groups["public_priors"] = {"type": "object", "additionalProperties": False,
                                   "properties": {s: _numbers(NORMS, 0, 3) for s in STANCES}}
        groups["clauses"] = {"type": "object",
                             "additionalProperties": _object(CLAUSE, partial=True)}
        return {"type": "object", "additionalProperties": False, "properties": groups}
    return {"type": "object", "additionalProperties": _object(_OVERLAID[kind])}


_OVERLAID = {"members": MEMBER, "measures": MEASURE, "events": EVENT}
"""The table kinds a scenario overlays on a shared file's entries of the same id."""


TABLES: tuple[tuple[str, str, tuple[Field, ...]], ...] = (
    ("Scenario (top level)", "The keys at the top of a scenario file.", SCENARIO),
    ("Member: `[members.ID]`", "A member profile (shared) or a scenario's override of it.",
     MEMBER),
    ("Objective: `members.ID.objectives[]`", "One scored objective of a seat.", OBJECTIVE),
    ("Red line: `members.ID.red_lines[]`", "Set `norm` and `max`, or `measure` and "
     "`max_ambition`.", RED_LINE),
    ("Measure: `[measures.ID]`", "A peacekeeping measure (shared catalogue or new).",
     MEASURE),
    ("Event card: `[cards.ID]` (scenario) / `[events.ID]` (shared)",
     "A card drawn at a round's briefing.", EVENT),
    ("Event choice: `[events.ID.choice]`", "A decision the card puts to one seat before "
     "the chair convenes; it answers `accept` or `decline`.", CHOICE),
    ("Choice option: `[events.ID.choice.accept]` / `[events.ID.choice.decline]`",
     "What an answer costs or brings the seat that gives it.", OPTION),
    ("History: `[history]`", "What really happened, for the debrief.", HISTORY),
)


def _default_text(f: Field) -> str:
    if f.default is REQUIRED:
        return "required"
    if isinstance(f.default, bool):
        return "`true`" if f.default else "`false`"
    if f.default in ("", [], {}):
        return {"": '`""`', "[]": "`[]`", "{}": "`{}`"}.get(str(f.default), "")
    return f"`{f.default}`"


def _type_text(f: Field) -> str:
    text = f.kind
    if f.choices:
        text += ": " + " \\| ".join(f"`{c}`" for c in f.choices if c)
    if f.low is not None and f.high is not None:
        text += f" ({f.low:g} to {f.high:g})"
    return text


def field_reference() -> str:
    """The Markdown field reference of the authoring guide, from the same tables the
    loader checks with (a test keeps `scenarios/README.md` equal to it)."""
    out: list[str] = []
    for title, doc, fields in TABLES:
        out += [f"### {title}", "", doc, "", "| field | type | default | meaning |",
                "|---|---|---|---|"]
        out += [f"| `{f.name}` | {_type_text(f)} | {_default_text(f)} | {f.doc} |"
                for f in fields]
        out.append("")
    out += ["### Rules: `[rules.GROUP]`", "",
            "Override any number of `scenarios/shared/rules.toml`; every key is optional "
            "in a scenario.", "", "| group | keys |", "|---|---|"]
    nested = {"public_priors": "stance -> `{ N1 = ..., N6 = ... }`",
              "clauses": "clause id -> " + ", ".join(f"`{f.name}`" for f in CLAUSE)}
    for group, fields in RULES_GROUPS.items():
        keys = ", ".join(f"`{f.name}`" for f in fields) or nested[group]
        out.append(f"| `{group}` | {keys} |")
    return "\n".join(out) + "\n"
