"""Load a saved game: pick a record saved under a name or an earlier game from the
archive (where a new game moves the one it replaces), or type a record's path."""

from __future__ import annotations

import time
from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Footer, Input, Label, OptionList
from textual.widgets.option_list import Option

from tui import storage
from tui.screens.requests import ResumeGame
from tui.widgets.safe import line, say


def summary(record: Path) -> str:
    """An earlier game in a few words: when it was last played, its scenario, the seats
    played by people, the round it reached and its result (each person's score and rank,
    the measures adopted), from its record replayed; a broken record says so."""
    from game.play.record import read_record, replay
    from game.rules.scoring import scores
    from tui.session import HUMAN

    try:
        when = time.strftime("%Y-%m-%d %H:%M", time.localtime(record.stat().st_mtime))
    except OSError:
        return "unreadable record"
    found, _ = read_record(record)
    played = replay(record, verify=False) if found is not None else None
    state = played.final if played is not None else None
    if found is None or played is None or state is None:
        return f"{when}, unreadable record (its scenario may have changed or be missing)"
    sc = state.scenario
    people = [s for s, kind in found.header.seats.items() if kind == HUMAN and s in sc.members]
    names = ", ".join(sc.members[s].name for s in people) or "bots only"
    moves = len(played.actions)
    text = f"{when}, {sc.title}, as {names}, {moves} move{'' if moves == 1 else 's'}"
    if not played.ended:
        return f"{text}, unfinished at round {min(state.round, sc.rounds)}/{sc.rounds}"
    points = scores(state)
    ranking = sorted(points, key=lambda s: -points[s])
    ranks = "; ".join(f"{sc.members[s].name} {points[s]:.0f} points, rank "
                      f"{ranking.index(s) + 1}/{len(ranking)}" for s in people)
    adopted = [sc.measures[m].name for m in state.adopted if m not in sc.adopted]
    return (f"{text}, finished: {ranks + '; ' if ranks else ''}"
            f"adopted {', '.join(adopted) or 'nothing'}")


class LoadScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("d", "delete", "Delete earlier game")]

    def compose(self) -> ComposeResult:
        saves = [(p, f"{p.stem}: {summary(p)}") for p in storage.saved_games()]
        saves += [(p, f"{p.stem}: {summary(p)}") for p in storage.archived_games()]
        with Vertical(id="load-box"):
            yield Label(line(f"Saved games in {storage.saves_dir()}, then earlier games "
                             f"in {storage.archive_dir()}"))
            yield OptionList(*(Option(line(name), id=str(p)) for p, name in saves),
                             id="saves")
            if not saves:
                yield Label("No saved or earlier games yet. Every game is saved as you "
                            "play: start one with New game on the start screen (escape "
                            "goes back), and it will be listed here once another "
                            "replaces it, or when you save it under a name (ctrl+s).",
                            id="no-games")
            yield Label("or the path of a game record (.jsonl):")
            yield Input(placeholder="path/to/game.jsonl", id="path", max_length=4096,
                        restrict=r"[^\x00-\x1f\x7f-\x9f]*")  # no control characters
        yield Footer()

    def on_mount(self) -> None:
        saves = self.query_one("#saves", OptionList)
        (saves if saves.option_count else self.query_one("#path", Input)).focus()

    @on(OptionList.OptionSelected, "#saves")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self._load(Path(str(event.option.id)))

    @on(Input.Submitted, "#path")
    def _typed(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        try:
            path = Path(text).expanduser()
            found = "\0" not in text and path.is_file()
        except (OSError, RuntimeError, ValueError):
            found = False
        if not found:
            self.notify(say(f"{text}: not a file; give the path of a .jsonl game record"),
                        severity="error", markup=False)
            return
        self._load(path)

    def action_delete(self) -> None:
        """Delete the highlighted earlier game, once the player confirms (a game saved
        under a name is the player's own file, never deleted from here)."""
        from tui.screens.dialogs import ConfirmDialog

        saves = self.query_one("#saves", OptionList)
        index = saves.highlighted
        if index is None:
            return
        option = saves.get_option_at_index(index)
        path = Path(str(option.id))
        if path not in storage.archived_games():
            self.notify("Only earlier games can be deleted here; a saved game is your own "
                        "file.", severity="warning", markup=False)
            return

        def answer(yes: bool | None) -> None:
            if not yes:
                return
            try:
                path.unlink()
            except OSError as err:
                self.notify(say(storage.problem("delete", path, err)), severity="error",
                            markup=False)
                return
            saves.remove_option_at_index(index)

        self.app.push_screen(ConfirmDialog(
            "Delete this earlier game?", f"{option.prompt}\n\nIts record is deleted for "
            "good: it cannot be continued or replayed afterwards."), answer)

    def _load(self, path: Path) -> None:
        self.post_message(ResumeGame(path))
