"""Golden transcripts: every bundled one passes, and a failing one says where and why."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.authoring.golden import run_transcript, transcripts_for
from game.scenario.loader import BUNDLE_DIR, bundled_ids

TRANSCRIPTS = sorted((BUNDLE_DIR / "tests").glob("*.txt"))


@pytest.mark.parametrize("path", TRANSCRIPTS, ids=[p.stem for p in TRANSCRIPTS])
def test_bundled_transcript(path: Path) -> None:
    result = run_transcript(path)
    assert result.passed, str(result)
    assert result.actions and result.checks


def test_every_bundled_scenario_has_a_transcript() -> None:
    assert [sid for sid in bundled_ids() if not transcripts_for(sid)] == []


HEADER = "scenario 2011-apcn\nseed 8\n"  # round 1 draws a card that puts no choice


def _run(tmp_path: Path, body: str) -> str:
    path = tmp_path / "t.txt"
    path.write_text(body)
    return str(run_transcript(path)).replace(f"{path}", "t.txt")


@pytest.mark.parametrize(("body", "expected"), [
    (HEADER + "brunei convene\n", "FAIL t.txt:3: it is indonesia's turn to act in the briefing "
     "(rule: turn-order); legal for indonesia: indonesia convene"),
    (HEADER + "indonesia convene\n> expect phase tabling\n",
     "FAIL t.txt:4: expected phase tabling, found consultation"),
    (HEADER + "indonesia sing\n", "FAIL t.txt:3: `indonesia sing`: unknown verb `sing`"),
    (HEADER + "> expect illegal indonesia convene\n",
     "FAIL t.txt:3: expected `indonesia convene` to be illegal, but it is legal"),
    (HEADER + "> expect illegal brunei convene rule=red-line\n",
     "FAIL t.txt:3: expected `brunei convene` illegal by rule red-line, but the rule broken "
     "is turn-order"),
    (HEADER + "> expect face indonesia >= 99\n", "FAIL t.txt:3: expected indonesia's face >= 99"),
    (HEADER + "> expect face indonesia about 3\n", "FAIL t.txt:3: cannot read"),
    (HEADER + "> expect weather sunny\n", "FAIL t.txt:3: unknown expectation `weather`"),
    ("seed 1\nindonesia convene\n", "FAIL t.txt:2: the transcript must start with `scenario"),
    ("scenario no-such\nindonesia convene\n", "FAIL t.txt:2: cannot load the scenario"),
    ("# nothing\n", "FAIL t.txt:0: no actions"),
])
def test_failures_name_the_line_and_the_difference(tmp_path: Path, body: str,
                                                   expected: str) -> None:
    assert _run(tmp_path, body).startswith(expected.replace("t.txt:0", "t.txt"))


def test_comments_blank_lines_and_the_optional_expect_word(tmp_path: Path) -> None:
    body = HEADER + "\n# a comment\nindonesia convene  # the chair opens\n> phase consultation\n" \
        "> expect to-move indonesia\n> objectors none\n"
    assert _run(tmp_path, body).startswith("FAIL t.txt:8: expected objectors, but no tabling")
    assert _run(tmp_path, body.rsplit("> objectors", 1)[0]) == \
        "PASS t.txt (1 actions, 2 checks)"
