"""Starting a new scenario file: a commented template, or a copy of an existing one.

`new_scenario("my-workshop")` writes `my-workshop.toml`, a small scenario on the shared
profiles that validates and plays as it is, so an author starts from something that
works and changes one thing at a time; its `year` is the id's leading four digits when
it has them (`1997-...` -> 1997), else the current year. `source=` copies a scenario's
text instead (comments included) under the new id: only its real top-level `id`,
`title` and (when the id starts with one) `year` keys change, and a source that does
not validate is refused. An existing file is never overwritten, and
nothing is written unless the new file validates.
"""

from __future__ import annotations

import contextlib
import datetime
import re
import string
from pathlib import Path

from game.rules.text import clip
from game.scenario.edit import create_file, toml_string, top_level_keys
from game.scenario.loader import ScenarioError, bundled_ids, check_file, read_toml, resolve
from game.scenario.schema import FORMAT, ID_FORM, SCENARIO

ID_PATTERN = re.compile(ID_FORM)
_YEAR_LINE = "\nyear = 2026\n"
_YEARS = next((int(f.low or 0), int(f.high or 0)) for f in SCENARIO if f.name == "year")

TEMPLATE = string.Template('''# ${title}: a new Mufakat scenario. Guide: scenarios/README.md
# Check it with `mufakat validate ${id}.toml`, play it with `mufakat play ${id}.toml`.
format = ${format}
id = "${id}"
title = "${title}"
year = 2026
summary = "Indonesia proposes joint peacekeeping training; will the newer members join?"
briefing = """
The defence ministers meet. Indonesia, ASEAN's largest UN troop contributor, tables joint
training of the members' peacekeepers. Who joins, and at what ambition?
"""
sponsor = "indonesia"
focus = "joint-training"
seats = ["brunei", "cambodia", "indonesia", "laos", "malaysia", "myanmar",
         "philippines", "singapore", "thailand", "vietnam"]
first_chair = "brunei"
rounds = 3
agenda = ["chair-statement", "information-sharing", "joint-training"]
events = ["routine-meeting", "security-council-request", "natural-disaster"]

# Every seat below is the shared profile (scenarios/shared/members.toml) with the
# objectives of this scenario added. Override any other field the same way.
[members.indonesia]
objectives = [
  { kind = "adopt", measure = "joint-training", points = 10, scale = true, public = true },
]
[members.malaysia]
objectives = [{ kind = "adopt", measure = "joint-training", points = 6, public = true }]
[members.philippines]
objectives = [{ kind = "adopt", measure = "joint-training", points = 5, public = true }]
[members.thailand]
objectives = [{ kind = "adopt", measure = "information-sharing", points = 4, public = true }]
[members.cambodia]
objectives = [{ kind = "adopt", measure = "joint-training", points = 4, public = true }]
[members.brunei]
objectives = [{ kind = "face", min = 45, points = 4, public = true, note = "Chair a consensus" }]
[members.singapore]
objectives = [
  { kind = "block", measure = "joint-training", max_ambition = 2, points = 5 },
]
[members.vietnam]
objectives = [
  { kind = "block", measure = "joint-training", max_ambition = 1, points = 5 },
]
[members.laos]
objectives = [{ kind = "face", min = 40, points = 4, public = true }]
[members.myanmar]
objectives = [
  { kind = "block", measure = "joint-training", max_ambition = 1, points = 5 },
]
''')


class NewScenarioError(Exception):
    """The scenario cannot be created; the message says why and what to do."""


def new_scenario(sid: str, source: str | None = None, directory: Path = Path(".")) -> Path:
    """Write `directory/sid.toml` from the template or from `source`; return its path."""
    if not ID_PATTERN.fullmatch(sid):
        raise NewScenarioError(f"`{clip(sid, 80)}` is not a scenario id: use lower-case "
                               f"letters, digits and dashes (`{ID_FORM}`), e.g. "
                               "`2026-my-workshop`")
    if sid in bundled_ids():
        raise NewScenarioError(f"`{sid}` is a bundled scenario's id; choose another so "
                               f"`mufakat play {sid}` stays unambiguous")
    target = directory / f"{sid}.toml"
    if target.exists():
        raise NewScenarioError(f"{target} already exists; choose another id or --dir "
                               "(it is never overwritten)")
    text = _from(source, sid) if source else template(sid)
    try:
        create_file(target, text.encode("utf-8"))
    except FileExistsError:
        raise NewScenarioError(f"{target} already exists; choose another id or --dir "
                               "(it is never overwritten)") from None
    except OSError as err:
        raise NewScenarioError(f"cannot write {target}: {err.strerror or err}") from None
    _, problems = check_file(target)
    errors = [str(p) for p in problems if p.severity == "error"]
    if errors:  # cannot happen with a valid source; never leave a broken file behind
        with contextlib.suppress(OSError):
            target.unlink()
        raise NewScenarioError(f"the new scenario would not validate, so {target} was not "
                               "written:\n" + "\n".join(errors))
    return target


def template(sid: str) -> str:
    """The template's text for `sid`: its year is the id's (`id_year`), else this year."""
    text = TEMPLATE.substitute(id=sid, title=_title(sid), format=FORMAT)
    year = id_year(sid) or datetime.datetime.now(datetime.UTC).year
    return text.replace(_YEAR_LINE, f"\nyear = {year}\n", 1)


def id_year(sid: str) -> int | None:
    """The id's leading four digits when they make a year the format allows
    (`2025-border-ceasefire` -> 2025), else None."""
    found = re.match(r"(\d{4})(?:-|$)", sid)
    year = int(found.group(1)) if found else 0
    return year if _YEARS[0] <= year <= _YEARS[1] else None


def _title(sid: str) -> str:
    return sid.replace("-", " ").capitalize()


def _from(source: str, sid: str) -> str:
    """The source scenario's text under the new id (its comments kept): its real
    top-level `id` and `title` keys are edited, never text inside a string. A source
    that cannot be read or does not validate is refused."""
    try:
        path = resolve(source)
    except ScenarioError as err:
        raise NewScenarioError("\n".join(str(p) for p in err.problems)) from None
    data, text, problems = read_toml(path)  # bounded: a FIFO or /dev/zero is refused
    if data is None:
        raise NewScenarioError(f"cannot copy {source}:\n" + "\n".join(str(p) for p in problems))
    _, problems = check_file(path)
    errors = [str(p) for p in problems if p.severity == "error"]
    if errors:
        raise NewScenarioError(f"{source} does not validate, so it is not copied (fix it "
                               "first, or start from the template):\n" + "\n".join(errors))
    spans = {span.name: span for span in reversed(top_level_keys(text)) if span.name}
    if "id" not in spans:
        raise NewScenarioError(f"{source} has no top-level `id = \"...\"` line to replace")
    edits = [(spans["id"].value_start, spans["id"].value_end, toml_string(sid))]
    year = id_year(sid)
    if year and "year" in spans:
        edits.append((spans["year"].value_start, spans["year"].value_end, str(year)))
    if "title" in spans and isinstance(data.get("title"), str):
        edits.append((spans["title"].value_start, spans["title"].value_end,
                      toml_string(f"{data['title']} (copy)")))
    for start, end, value in sorted(edits, reverse=True):
        text = text[:start] + value + text[end:]
    return text
