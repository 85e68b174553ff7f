"""The coach panel of the tutorial: under the board, what to do next and why.

It shows the `tui.tutorial.coach` hint for the view the table is drawn from, and keeps
the view the game started from, so that after the meeting it can point at the face and
trust the board shows moved.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.widgets import Static

from game import Action, View
from tui.i18n import _
from tui.tutorial import Hint, coach
from tui.widgets.safe import block, line


class CoachPanel(Static):
    """The tutorial's coach; `z` hides and shows it."""

    def __init__(self, start: View, id: str | None = None) -> None:
        super().__init__(id=id)
        self.start = start
        self.hint = Hint("", "")
        """The hint shown now (tests follow it as a player would)."""

    def show(self, view: View, legal: Sequence[Action]) -> None:
        hint = coach(view, legal, self.start)
        if hint != self.hint:
            self.hint = hint
            self.border_title = _("Coach (z hides)")
            self.update(Text.assemble(line(hint.do, style="bold"), "\n", block(hint.why)))
