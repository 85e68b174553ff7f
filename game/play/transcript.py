"""A readable transcript of a replayed game, for `mufakat replay` and debriefs."""

from __future__ import annotations

from collections.abc import Iterator

from game.play.record import Replay
from game.rules.log import render
from game.rules.scoring import scores
from game.rules.text import plain


def _line(text: str) -> str:
    """File text on one transcript line: control characters shown, no line breaks."""
    return plain(text, keep_newlines=False)


def transcript(result: Replay) -> Iterator[str]:
    """Header, then every log entry (private consultations marked), then the scores.
    Each entry is one line, with any control character from the files made visible."""
    final = result.final
    if final is None:
        return
    sc = final.scenario
    yield _line(f"# {sc.title} ({sc.id}), seed {final.seed}")
    last_round = 0
    for entry in final.log:
        if entry.round != last_round:
            yield ""
            yield f"## Round {entry.round}"
            last_round = entry.round
        private = f" [private: {', '.join(entry.seen_by)}]" if entry.seen_by else ""
        yield _line(f"{entry.seq:>4}  {entry.phase:<12} {render(entry, sc)}{private}")
    yield ""
    status = "final" if final.phase == "over" else f"after action {final.seq}, unfinished"
    yield f"## Scores ({status})"
    for seat, score in sorted(scores(final).items(), key=lambda kv: (-kv[1], kv[0])):
        yield _line(f"  {sc.members[seat].name:<14} {score:8.2f}")
