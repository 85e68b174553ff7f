"""A readable transcript of a replayed game, for `mufakat replay` and debriefs."""

from __future__ import annotations

from collections.abc import Iterator

from game.play.record import Replay
from game.rules.log import render
from game.rules.scoring import scores


def transcript(result: Replay) -> Iterator[str]:
    """Header, then every log entry (private consultations marked), then the scores."""
    final = result.final
    if final is None:
        return
    sc = final.scenario
    yield f"# {sc.title} ({sc.id}), seed {final.seed}"
    last_round = 0
    for entry in final.log:
        if entry.round != last_round:
            yield ""
            yield f"## Round {entry.round}"
            last_round = entry.round
        private = f" [private: {', '.join(entry.seen_by)}]" if entry.seen_by else ""
        yield f"{entry.seq:>4}  {entry.phase:<12} {render(entry, sc)}{private}"
    yield ""
    status = "final" if final.phase == "over" else f"after action {final.seq}, unfinished"
    yield f"## Scores ({status})"
    for seat, score in sorted(scores(final).items(), key=lambda kv: (-kv[1], kv[0])):
        yield f"  {sc.members[seat].name:<14} {score:8.2f}"
