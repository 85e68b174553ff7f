"""Load a saved game: pick a record saved under a name or an earlier game from the
archive (where a new game moves the one it replaces), or type a record's path."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Footer, Input, Label, OptionList
from textual.widgets.option_list import Option

from tui import advised, storage
from tui.screens.requests import ResumeGame
from tui.widgets.safe import line, say


def summary(record: Path) -> str:
    """An earlier game in a few words: its scenario, the seats played by people, how
    far it went (from the record's header and lines; a broken one says so)."""
    from game.play.record import read_record
    from game.scenario.loader import ScenarioError, load_scenario
    from tui.session import HUMAN

    found, _ = read_record(record)
    if found is None:
        return "earlier game (unreadable record)"
    h = found.header
    people = [s for s, kind in h.seats.items() if kind == HUMAN]
    title, names = h.scenario, dict(zip(people, people, strict=True))
    try:
        scenario = load_scenario(h.source or h.scenario)
        title = scenario.title
        names = {s: scenario.members[s].name for s in people if s in scenario.members}
    except (ScenarioError, OSError):
        pass  # the ids will do
    moves = len(found.actions)
    return (f"{title}, as {', '.join(names.get(s, s) for s in people) or 'bots only'}, "
            f"{moves} move{'' if moves == 1 else 's'}, "
            f"{'finished' if found.ended else 'unfinished'}")


class LoadScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("d", "delete", "Delete earlier game")]

    def compose(self) -> ComposeResult:
        saves = [(p, p.stem) for p in storage.saved_games()]
        saves += [(p, f"{p.stem}: {summary(p)}") for p in storage.archived_games()]
        with Vertical(id="load-box"):
            yield Label(line(f"Saved games in {storage.saves_dir()}, then earlier games "
                             f"in {storage.archive_dir()}"))
            yield OptionList(*(Option(line(name), id=str(p)) for p, name in saves),
                             id="saves")
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
                advised.follow(path, None)  # its advisor count goes with it
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
