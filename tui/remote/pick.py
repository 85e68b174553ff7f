"""A small modal: pick one of a few labelled options; dismisses with its value."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar, Generic, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from tui.i18n import N_
from tui.widgets.safe import line

T = TypeVar("T")


class PickDialog(ModalScreen[T | None], Generic[T]):
    """`title`, then the options; enter picks, escape cancels (None)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", N_("Cancel"))]

    def __init__(self, title: str, options: Sequence[tuple[str, T]]) -> None:
        super().__init__()
        self.title_text = title
        self.options = list(options)

    def compose(self) -> ComposeResult:
        with Vertical(id="pick-box", classes="dialog"):
            yield Label(line(self.title_text, style="bold"))
            yield OptionList(*(Option(line(label), id=str(i))
                               for i, (label, _) in enumerate(self.options)), id="picks")

    @on(OptionList.OptionSelected, "#picks")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.options[int(event.option.id or 0)][1])

    def action_cancel(self) -> None:
        self.dismiss(None)
