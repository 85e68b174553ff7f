"""Modal dialogs: choose among legal actions, confirm a costly one, save, bot trouble.

Each dialog shows what a choice will do before it is confirmed; the choices are
always `Action` values the engine listed as legal, never built here. Names and texts
from the scenario are shown as content (`tui.widgets.safe`), never as markup.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from game import Action, View
from game.bots import KINDS
from tui.describe import action_label, consequence
from tui.i18n import N_, _
from tui.session import HUMAN
from tui.widgets.safe import block, line

Describe = Callable[[View, Action], str]
"""A line or a paragraph about an action, for a choice list (`tui.describe`)."""


class ChoiceDialog(ModalScreen[Action | None]):
    """Pick one of several legal actions; the highlighted one's consequence is shown."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", N_("Cancel"))]

    def __init__(self, title: str, view: View, actions: Sequence[Action],
                 label: Describe = action_label, explain: Describe = consequence) -> None:
        super().__init__()
        self.title_text = title
        self.view = view
        self.actions = list(actions)
        self.label = label
        self.explain = explain

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(line(self.title_text), classes="dialog-title")
            yield OptionList(*(Option(line(self.label(self.view, a)), id=str(i))
                               for i, a in enumerate(self.actions)), id="choices")
            yield Static(id="consequence")
            with Horizontal(classes="dialog-buttons"):
                yield Button(_("Confirm"), id="confirm", variant="primary", compact=True)
                yield Button(_("Cancel"), id="cancel", compact=True)
            yield Label(_("enter: confirm the highlighted choice   esc: cancel"),
                        classes="dialog-hint")
        yield Footer()  # the dialog's keys, over the board's (which do nothing here)

    def on_mount(self) -> None:
        choices = self.query_one("#choices", OptionList)
        choices.highlighted = 0
        choices.focus()
        self._explain(0)

    @on(OptionList.OptionHighlighted, "#choices")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._explain(event.option_index)

    def _explain(self, index: int) -> None:
        self.query_one("#consequence", Static).update(
            block(self.explain(self.view, self.actions[index])))

    @on(OptionList.OptionSelected, "#choices")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.actions[event.option_index])

    @on(Button.Pressed, "#confirm")
    def _confirm(self) -> None:
        index = self.query_one("#choices", OptionList).highlighted
        self.dismiss(self.actions[index] if index is not None else None)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


class ConfirmDialog(ModalScreen[bool]):
    """Say what an action costs, then confirm (y / enter) or cancel (n / esc)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("y", "answer(True)", N_("Confirm")),
                Binding("n,escape", "answer(False)", N_("Cancel"))]

    def __init__(self, title: str, text: str) -> None:
        super().__init__()
        self.title_text = title
        self.text = text

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(line(self.title_text), classes="dialog-title")
            yield Static(block(self.text), id="consequence")
            with Horizontal(classes="dialog-buttons"):
                yield Button(_("Confirm (y)"), id="yes", variant="primary", compact=True)
                yield Button(_("Cancel (n)"), id="no", compact=True)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#yes", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)


class SaveDialog(ModalScreen[str | None]):
    """Ask for a name to save the current game under."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", N_("Cancel"))]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(_("Save this game as"), classes="dialog-title")
            yield Input(placeholder=_("a name: letters, digits, . _ -"), id="name",
                        restrict=r"[A-Za-z0-9._-]*", max_length=64)
            yield Label(_("enter: save   esc: cancel"), classes="dialog-hint")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#name", Input).focus()

    @on(Input.Submitted, "#name")
    def _submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value.strip() or None)

    def action_cancel(self) -> None:
        self.dismiss(None)


class BotErrorDialog(ModalScreen[str]):
    """A computer player failed: try again, swap in another kind, or play it yourself."""

    def __init__(self, seat_name: str, error: str) -> None:
        super().__init__()
        self.seat_name = seat_name
        self.error = error

    def compose(self) -> ComposeResult:
        options = [Option(_("Try again"), id="retry")]
        options += [Option(_("Replace it with the {kind} bot").format(kind=kind), id=kind)
                    for kind in KINDS]
        options.append(Option(line(_("Play {member} yourself").format(member=self.seat_name)),
                              id=HUMAN))
        with Vertical(classes="dialog"):
            yield Label(line(_("The computer player for {member} failed").format(
                member=self.seat_name)),
                        classes="dialog-title")
            yield Static(block(self.error), id="consequence")
            yield OptionList(*options, id="remedies")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#remedies", OptionList).focus()

    @on(OptionList.OptionSelected, "#remedies")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(str(event.option.id))
