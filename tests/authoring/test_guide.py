"""The authoring guide says what the code does: its generated parts match the code."""

from __future__ import annotations

import re
from pathlib import Path

from game.authoring.lint import codes_table
from game.authoring.new import TEMPLATE, _title
from game.scenario.schema import FORMAT, field_reference

GUIDE = Path(__file__).resolve().parents[2] / "scenarios" / "README.md"


def _between(text: str, name: str) -> str:
    found = re.search(f"<!-- {name}:begin -->\n(.*?)<!-- {name}:end -->", text, re.S)
    assert found, f"markers <!-- {name}:begin/end --> are missing from the guide"
    return found.group(1)


def test_field_reference_matches_the_schema_tables() -> None:
    assert _between(GUIDE.read_text(), "fields") == field_reference(), \
        "the guide is stale: paste `mufakat schema --markdown` between the markers"


def test_lint_code_table_matches_the_lint() -> None:
    assert _between(GUIDE.read_text(), "codes") == codes_table()


def test_worked_example_is_what_new_writes() -> None:
    sid = "2026-joint-training"
    assert TEMPLATE.substitute(id=sid, title=_title(sid), format=FORMAT) in GUIDE.read_text()
