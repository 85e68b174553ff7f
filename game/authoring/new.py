"""Starting a new scenario file: a commented template, or a copy of an existing one.

`new_scenario("my-workshop")` writes `my-workshop.toml`, a small scenario on the shared
profiles that validates and plays as it is, so an author starts from something that
works and changes one thing at a time. `source=` copies a scenario's text instead
(comments included) under the new id. An existing file is never overwritten.
"""

from __future__ import annotations

import re
import string
from pathlib import Path

from game.scenario.loader import ScenarioError, bundled_ids, check_file, resolve
from game.scenario.schema import FORMAT

ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")

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
        raise NewScenarioError(f"`{sid}` is not a scenario id: use lower-case letters, digits "
                               "and dashes, e.g. `2026-my-workshop`")
    if sid in bundled_ids():
        raise NewScenarioError(f"`{sid}` is a bundled scenario's id; choose another so "
                               f"`mufakat play {sid}` stays unambiguous")
    target = directory / f"{sid}.toml"
    if target.exists():
        raise NewScenarioError(f"{target} already exists; choose another id or --dir "
                               "(it is never overwritten)")
    text = _from(source, sid) if source else TEMPLATE.substitute(
        id=sid, title=_title(sid), format=FORMAT)
    try:
        with target.open("x", encoding="utf-8") as out:
            out.write(text)
    except OSError as err:
        raise NewScenarioError(f"cannot write {target}: {err.strerror}") from None
    _, problems = check_file(target)
    errors = [str(p) for p in problems if p.severity == "error"]
    if errors:  # the source itself was broken: say so, but keep what was written
        raise NewScenarioError(f"{target} was written but does not validate:\n"
                               + "\n".join(errors))
    return target


def _title(sid: str) -> str:
    return sid.replace("-", " ").capitalize()


def _from(source: str, sid: str) -> str:
    """The source scenario's text under the new id (its comments kept)."""
    try:
        path = resolve(source)
        text = path.read_text(encoding="utf-8")
    except ScenarioError as err:
        raise NewScenarioError("\n".join(str(p) for p in err.problems)) from None
    except (OSError, UnicodeDecodeError) as err:
        raise NewScenarioError(f"cannot read {source}: {err}") from None
    text, found = re.subn(r'(?m)^id\s*=\s*"[^"\n]*"', f'id = "{sid}"', text, count=1)
    if not found:
        raise NewScenarioError(f"{source} has no top-level `id = \"...\"` line to replace")
    text = re.sub(r'(?m)^title\s*=\s*"([^"\n]*)"', r'title = "\1 (copy)"', text, count=1)
    return text
