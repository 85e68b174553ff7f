"""Load a saved game: pick a record saved under a name, or type a record's path."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar, cast

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Footer, Input, Label, OptionList
from textual.widgets.option_list import Option

from tui import storage

if TYPE_CHECKING:
    from tui.app import MufakatApp


class LoadScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "app.pop_screen", "Back")]

    def compose(self) -> ComposeResult:
        saves = storage.saved_games()
        with Vertical(id="load-box"):
            yield Label(f"Saved games in {storage.saves_dir()}")
            yield OptionList(*(Option(p.stem, id=str(p)) for p in saves), id="saves")
            yield Label("or the path of a game record (.jsonl):")
            yield Input(placeholder="path/to/game.jsonl", id="path")
        yield Footer()

    def on_mount(self) -> None:
        saves = self.query_one("#saves", OptionList)
        (saves if saves.option_count else self.query_one("#path", Input)).focus()

    @on(OptionList.OptionSelected, "#saves")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self._load(Path(str(event.option.id)))

    @on(Input.Submitted, "#path")
    def _typed(self, event: Input.Submitted) -> None:
        path = Path(event.value.strip()).expanduser()
        if not path.is_file():
            self.notify(f"{path}: no such file; give the path of a .jsonl game record",
                        severity="error")
            return
        self._load(path)

    def _load(self, path: Path) -> None:
        cast("MufakatApp", self.app).resume_game(path)
