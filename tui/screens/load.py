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

from tui import advised, storage
from tui.i18n import N_, _, member_name, ngettext
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
        return _("unreadable record")
    found, _problems = read_record(record)
    played = replay(record, verify=False) if found is not None else None
    state = played.final if played is not None else None
    if found is None or played is None or state is None:
        return _("{when}, unreadable record (its scenario may have changed or be missing)"
                 ).format(when=when)
    sc = state.scenario
    people = [s for s, kind in found.header.seats.items() if kind == HUMAN and s in sc.members]
    names = {s: member_name(s, sc.members[s].name) for s in people}
    moves = len(played.actions)
    text = _("{when}, {title}, as {members}, {moves}").format(
        when=when, title=sc.title, members=", ".join(names.values()) or _("bots only"),
        moves=ngettext("{moves} move", "{moves} moves", moves).format(moves=moves))
    if not played.ended:
        return _("{game}, unfinished at round {round}/{rounds}").format(
            game=text, round=min(state.round, sc.rounds), rounds=sc.rounds)
    points = scores(state)
    ranking = sorted(points, key=lambda s: -points[s])
    ranks = [_("{member} {points:.0f} points, rank {rank}/{seats}").format(
        member=names[s], points=points[s], rank=ranking.index(s) + 1, seats=len(ranking))
        for s in people]
    adopted = [sc.measures[m].name for m in state.adopted if m not in sc.adopted]
    return _("{game}, finished: {ranks}adopted {measures}").format(
        game=text, ranks="".join(r + "; " for r in ranks),
        measures=", ".join(adopted) or _("nothing"))


class LoadScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", N_("Back")),
        Binding("d", "delete", N_("Delete earlier game"))]

    def compose(self) -> ComposeResult:
        saves = [(p, f"{p.stem}: {summary(p)}") for p in storage.saved_games()]
        saves += [(p, f"{p.stem}: {summary(p)}") for p in storage.archived_games()]
        with Vertical(id="load-box"):
            yield Label(line(_("Saved games in {saves}, then earlier games in {archive}")
                             .format(saves=storage.saves_dir(), archive=storage.archive_dir())))
            yield OptionList(*(Option(line(name), id=str(p)) for p, name in saves),
                             id="saves")
            if not saves:
                yield Label(_("No saved or earlier games yet. Every game is saved as you "
                              "play: start one with New game on the start screen (escape "
                              "goes back), and it will be listed here once another "
                              "replaces it, or when you save it under a name (ctrl+s)."),
                            id="no-games")
            yield Label(_("or the path of a game record (.jsonl):"))
            yield Input(placeholder=_("path/to/game.jsonl"), id="path", max_length=4096,
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
            self.notify(say(_("{path}: not a file; give the path of a .jsonl game record")
                            .format(path=text)),
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
            self.notify(_("Only earlier games can be deleted here; a saved game is your own "
                          "file."), severity="warning", markup=False)
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
            _("Delete this earlier game?"), f"{option.prompt}\n\n"
            + _("Its record is deleted for good: it cannot be continued or replayed "
                "afterwards.")), answer)

    def _load(self, path: Path) -> None:
        self.post_message(ResumeGame(path))
