"""The table's panels, each drawn from a `View`: phases, members, measures, situation,
and the viewer's own papers. None of them decides anything."""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len
from rich.text import Text
from textual.widgets import DataTable, Static
from textual.widgets.data_table import ColumnKey

from game import STAGES, Outcome, View
from game.play.debrief import objective_text
from game.rules.text import plain
from tui.describe import (
    board_measures,
    name,
    on_table,
    pledge_text,
    position_text,
    red_line_text,
)
from tui.i18n import N_, _, ngettext
from tui.widgets.safe import block, line

PHASES = (N_("briefing"), N_("consultation"), N_("tabling"), N_("deliberation"), N_("decision"),
          N_("review"))
BAR = 20


class Panel(Static):
    """A text panel that repaints only when its text changes (most moves touch few)."""

    _shown: Text | None = None

    def set_text(self, text: Text) -> None:
        if text != self._shown:
            self._shown = text
            self.update(text)


class PhaseBar(Panel):
    """Round number and the round's phases, the current one highlighted."""

    def show(self, view: View, playing: bool) -> None:
        text = Text(no_wrap=True, overflow="ellipsis")  # two lines, never pushed out
        text.append(" " + _("Round {round}/{rounds}").format(
            round=min(view.round, view.rounds), rounds=view.rounds) + "  ", style="bold")
        for i, phase in enumerate(PHASES):
            if i:
                text.append(" > ", style="dim")
            current = phase == view.phase
            text.append(_(phase).upper() if current else _(phase),
                        style="bold reverse" if current else "dim")
        if view.phase == "over":
            text.append("   " + _("GAME OVER"), style="bold reverse")
        text.append("\n")
        you = _one(name(view, view.seat))
        text.append(" " + (_("You: {member}") if playing else _("Watching as {member}"))
                    .format(member=you), style="bold")
        text.append("   " + _("Chair: {member}").format(member=_one(name(view, view.chair))))
        if view.to_move:
            mine = view.to_move == view.seat
            text.append("   " + (_("To move: you") if mine else _("To move: {member}").format(
                member=_one(name(view, view.to_move)))), style="bold" if mine else "")
        text.append(f"   {_one(view.title)}", style="dim")
        self.set_text(text)


Cell = str | Text


def _one(text: str) -> str:
    """Content for one line of a panel (appended to `Text`, so never markup)."""
    return plain(text, keep_newlines=False)


class RowsTable(DataTable[Cell]):
    """A table that redraws only the cells that changed: clearing and refilling a
    `DataTable` throws away its render cache and made every move cost a full paint."""

    COLUMNS: tuple[tuple[str, int], ...] = ()
    """(label, width): fixed widths, so a changed cell never re-measures the table."""
    FILL = ""
    """A column that takes the width the others leave (its width in COLUMNS is the least
    it gets), its cells wrapping onto as many lines as they need while every row still
    fits the table's height; "" for none."""

    _shown: Sequence[tuple[str, tuple[Text, ...]]] = ()

    def on_mount(self) -> None:
        self.cursor_type = "row"
        self._add_columns()

    def _add_columns(self) -> None:
        # a heading in another language may be longer: its column widens to show it whole
        widths = {label: max(w, cell_len(_(label))) for label, w in self.COLUMNS}
        others = sum(w + 2 * self.cell_padding for label, w in widths.items() if label != self.FILL)
        room = self.scrollable_content_region.width - others - 2 * self.cell_padding
        for label, width in widths.items():
            self.add_column(_(label), width=max(width, room) if label == self.FILL else width,
                            key=label)

    def on_resize(self) -> None:
        if self.FILL:  # the filling column's width and its rows' heights follow the size
            self.clear(columns=True)
            self._add_columns()
            self.set_rows(self._shown)

    def _wrap_fits(self, rows: Sequence[tuple[str, tuple[Text, ...]]]) -> bool:
        """Whether the filling column's cells, wrapped, leave every row in view."""
        if not self.FILL:
            return False
        index = [label for label, _ in self.COLUMNS].index(self.FILL)
        width = max(1, self.columns[ColumnKey(self.FILL)].width)
        lines = sum(-(-len(cells[index].plain) // width) for _, cells in rows)
        return lines + 1 <= self.scrollable_content_region.height  # + the header

    def set_rows(self, rows: Sequence[tuple[str, tuple[Cell, ...]]]) -> None:
        """Show `rows` (key, cells); a `str` cell is content, never markup."""
        texts = [(key, tuple(c if isinstance(c, Text) else line(c) for c in cells))
                 for key, cells in rows]
        self._shown = texts
        keys = [key for key, _ in texts]
        if keys != [row.value for row in self.rows]:
            self.clear()
            wrap = self._wrap_fits(texts)
            for key, cells in texts:
                if not wrap:  # one line: a cut name shows it is cut
                    cells = tuple(_cut(c) for c in cells)
                self.add_row(*cells, key=key, height=None if wrap else 1)
            return
        for key, cells in texts:
            for (label, _width), cell in zip(self.COLUMNS, cells, strict=True):
                if self.get_cell(key, label) != cell:
                    self.update_cell(key, label, cell)


def _cut(text: Text) -> Text:
    cut = text.copy()
    cut.no_wrap, cut.overflow = True, "ellipsis"
    return cut


class MembersTable(RowsTable):
    """Every member: chair (*), to move (>), face, trust toward you, position, capability;
    your own row is underlined."""

    COLUMNS = ((N_("Member"), 13), (N_("Face"), 4), (N_("Trust"), 5), (N_("Position"), 12),
               (N_("Cap"), 3))

    def show(self, view: View) -> None:
        rows: list[tuple[str, tuple[Cell, ...]]] = []
        for seat in view.seats:
            marks = ("*" if seat == view.chair else " ") + (">" if seat == view.to_move else " ")
            label = line(marks + name(view, seat),
                         style="bold underline" if seat == view.seat else "")
            trust = "-" if seat == view.seat else f"{view.trust_from[seat]:.0f}"
            rows.append((seat, (label, f"{view.face[seat]:.0f}", trust,
                                position_text(view, seat), f"{view.capability[seat]:.1f}")))
        self.set_rows(rows)


class MeasuresTable(RowsTable):
    """The agenda (adopted, tabled, blocked, deferred, open, or waiting on another),
    then what was adopted before the game; `Int` is the measure's intrusiveness. Names
    wrap in the width the panel leaves them, never cut off."""

    COLUMNS = ((N_("Status"), 11), (N_("Int"), 3), (N_("Measure"), 24))
    FILL = N_("Measure")

    def show(self, view: View, outcomes: Sequence[Outcome]) -> None:
        self.set_rows([(mid, (_status(view, mid, outcomes),
                              str(view.measures[mid].intrusiveness),
                              block(_one(view.measures[mid].name))))
                       for mid in board_measures(view)])


def _status(view: View, mid: str, outcomes: Sequence[Outcome]) -> str:
    if mid in view.adopted:
        return _("adopted @{ambition}").format(ambition=view.adopted[mid])
    tab = on_table(view)
    if tab is not None and tab.measure == mid:
        return _("tabled @{ambition}").format(ambition=tab.ambition)
    waiting = [t.ambition for t in view.pending if t.measure == mid]
    if waiting:
        return _("waiting @{ambition}").format(ambition=waiting[0])
    last = [o.result for o in outcomes if o.measure == mid]
    if last and last[-1] == "failed":
        return _("blocked")
    if mid in view.deferred:
        return _("deferred x{times}").format(times=view.deferred[mid])
    missing = [r for r in view.measures[mid].requires if r not in view.adopted]
    return _("needs {measures}").format(measures=", ".join(missing)) if missing else _("open")


class EventCard(Panel):
    """The round's event: in a box of its own that scrolls, so a long text never pushes
    what is on the table out of view."""

    def show(self, view: View) -> None:
        if view.event is None:
            self.set_text(Text())
            return
        text = Text()
        text.append(_("Event: {name}").format(name=_one(view.event.name)) + "\n", style="bold")
        text.append(plain(view.event.text))
        self.set_text(text)


class Situation(Panel):
    """What is on the table (who blocks it), a question put, and the norm meter."""

    def show(self, view: View) -> None:
        text = Text()
        if view.event is not None and view.event.choice is not None and view.to_move:
            text.append(_("Put to {member}:").format(member=_one(name(view, view.to_move))) + " ",
                        style="bold")
            text.append(f"{_one(view.event.choice.question)}\n")
        tab = on_table(view)
        if tab is not None:
            measure = view.measures[tab.measure]
            text.append(_("Tabled by {member}:").format(member=_one(name(view, tab.sponsor)))
                        + " ", style="bold")
            text.append(f"{_one(measure.name)} @{tab.ambition}/{measure.max_ambition}\n")
            blocking = tab.blocking()  # first after the title: a short panel keeps it in view
            if blocking:
                text.append(_("Blocking: {members}").format(
                    members=", ".join(_one(name(view, s)) for s in blocking)) + "\n")
            if tab.pressed:
                text.append(_("Pressed under ASEAN minus X; consented to stand aside: "
                              "{members}").format(
                    members=", ".join(_one(name(view, s)) for s in sorted(tab.consented))
                    or _("none yet")) + "\n")
            text.append(_("At {ambition}: {level}").format(
                ambition=tab.ambition, level=_one(measure.levels[tab.ambition - 1])) + "\n",
                        style="dim")
        seats = len(view.seats)
        tip = view.rules.tipping_point * seats
        count = len(view.norm_adopters)
        filled = round(BAR * count / seats) if seats else 0
        mark = min(BAR - 1, round(BAR * view.rules.tipping_point))
        bar = "".join("#" if i < filled else ("|" if i == mark else ".") for i in range(BAR))
        text.append(_("Norm:") + " ", style="bold")
        text.append(f"[{bar}] " + ngettext(
            "{count}/{seats} adopter, tipping point {tip}; stage {stage} ({nth}/{stages})",
            "{count}/{seats} adopters, tipping point {tip}; stage {stage} ({nth}/{stages})",
            count).format(count=count, seats=seats, tip=f"{tip:.1f}", stage=_one(view.stage),
                          nth=STAGES.index(view.stage) + 1, stages=len(STAGES)))
        self.set_text(text)


class PapersPanel(Panel):
    """The viewer's own objectives, red lines and what its consultations revealed."""

    def show(self, view: View, private: bool = True) -> None:
        """`private` is False in hot-seat between turns: then the papers are put away."""
        if not private:
            self.set_text(Text(_("Papers put away: they come back when the delegate takes "
                                 "the keyboard again."), style="dim"))
            return
        text = Text()
        text.append(_("{member}: objectives").format(member=_one(name(view, view.seat))) + "\n",
                    style="bold")
        for objective in view.me.objectives:
            text.append(f"- {_one(objective_text(objective, view.measures))}\n")
        text.append(_("Red lines") + "\n", style="bold")
        for red_line in view.me.red_lines or ():
            text.append(f"- {_one(red_line_text(view, red_line))}\n")
        if not view.me.red_lines:
            text.append("- " + _("none") + "\n")
        if view.soundings:
            text.append(_("What consultations told you") + "\n", style="bold")
            for seat, sounding in view.soundings.items():
                touchy = sorted(sounding.sensitivity.items(), key=lambda kv: -kv[1])[:3]
                lines = "; ".join(_one(red_line_text(view, r)) for r in sounding.red_lines)
                text.append("- " + _("{member} (round {round}): most sensitive on {norms}; red "
                                     "lines: {red_lines}").format(
                    member=_one(name(view, seat)), round=sounding.round,
                    norms=", ".join(f"{_one(n)} {v:g}" for n, v in touchy),
                    red_lines=lines or _("none")) + "\n")
        if view.pledges:
            text.append(_("Promises at this meeting (private)") + "\n", style="bold")
            for pledge in view.pledges:
                text.append(f"- {_one(pledge_text(view, pledge))}\n")
        self.set_text(text)
