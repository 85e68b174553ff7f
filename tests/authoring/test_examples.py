"""The example scenarios (not bundled) lint clean, play their golden transcripts and
stay out of the bundled list."""

from __future__ import annotations

from pathlib import Path

import pytest

from game.authoring.golden import run_transcript, transcripts_for
from game.authoring.lint import lint_paths
from game.scenario.loader import BUNDLE_DIR, bundled_ids, load_scenario

EXAMPLES = sorted((BUNDLE_DIR / "examples").glob("*.toml"))


def test_there_are_examples() -> None:
    assert [p.stem for p in EXAMPLES] == ["2025-border-observers"]


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_example_lints_clean_and_is_not_bundled(path: Path) -> None:
    assert lint_paths([str(path)]) == []
    assert load_scenario(path).id == path.stem
    assert path.stem not in bundled_ids()


@pytest.mark.parametrize("path", EXAMPLES, ids=[p.stem for p in EXAMPLES])
def test_example_transcripts_pass(path: Path) -> None:
    transcripts = transcripts_for(str(path))
    assert transcripts
    for transcript in transcripts:
        result = run_transcript(transcript)
        assert result.passed, str(result)


def test_border_observers_plays_as_history() -> None:
    """Thailand declines observers in the clash; after the ceasefire card the team is
    adopted at level 1 (the defence attaches already posted), as in 2025 [P32]."""
    text = transcripts_for(str(EXAMPLES[0]))[0].read_text()
    assert "thailand decline" in text
    assert "> expect adopted observer-team ambition=1" in text
