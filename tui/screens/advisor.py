"""The advisor: the strongest bot's move for the seat at the keys, and why.

The search (`game.play.advice`) runs in a worker thread from the seat's own view, so
the board stays live and nothing hidden is used; closing the dialog stops it. The
dialog returns the move to play ("Play it") or None ("Close").
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from functools import partial
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Label, Static
from textual.worker import Worker, WorkerState

from game import Action, Verb, View
from game.bots.expert import WITHIN_REACH
from game.play.advice import Advice, AdviceCancelled, advise
from tui.describe import action_label, name
from tui.i18n import _
from tui.widgets.safe import block, line


def advice_text(view: View, advice: Advice) -> str:
    """Why the bot chose its move, in words: what it weighed, or the rule it followed."""
    if advice.only:
        return _("It is the only move the rules allow you now.")
    if advice.campaigning:
        return _("You have an objective for the norm of regional peacekeeping that it "
                 "has not reached, and the consultations left can still win the members "
                 "it lacks. {member} is the one the fewest arguments from holding it, as "
                 "far as you know. Imagined games end before arguments add up to a "
                 "convert, so they cannot show what this is worth: the advisor argues "
                 "rather than consults.").format(member=name(view, advice.action.target))
    if not advice.weighed:
        if advice.action.verb is Verb.CONSULT:
            return _("{member} is the member you have not consulted whose public stance "
                     "makes it the likeliest to block what you want: a consultation "
                     "reveals its red lines and concerns, and every profile you know is "
                     "one less guess.").format(member=name(view, advice.action.target))
        return _("No consultation left would tell you something you need now.")
    mine = dict(advice.weighed)[advice.action]
    text = _("Played out to the end of the next meeting in {n} games imagined from what "
             "you know (members you consulted as they revealed themselves, the others "
             "from their public stance), this move leaves you a score of {score:+.1f} "
             "on average.").format(n=advice.worlds, score=mine)
    if advice.ventured:
        return f"{text}\n\n" + _(
            "No tabling beats tabling nothing in those games, but this text is within "
            "reach: no member, as you picture them, weighs it more than {reach:g} points "
            "below support. If it is deferred you lose a little face, and you learn who "
            "objects and why before the next meeting.").format(reach=WITHIN_REACH)
    others = [(a, s) for a, s in advice.weighed if a != advice.action]
    if not others:
        return text
    other, score = others[0]
    label = action_label(view, other)
    if score < mine:
        more = _("The next best, {move}, leaves {score:+.1f}.")
    elif score == mine and advice.action.verb is Verb.CONSULT:
        more = _("{move} does as well ({score:+.1f}); a consultation wins the tie: what "
                 "it reveals is worth more than imagined games can show.")
    elif score == mine:
        more = _("{move} does as well ({score:+.1f}); on a tie the advisor prefers "
                 "agreement (support, then reserve), then the move listed first.")
    else:
        more = _("{move} averaged {score:+.1f} in the sampled games: a gain too small "
                 "to trust over what the public stances alone advise.")
    return f"{text}\n\n{more.format(move=label, score=score)}"


class AdvisorScreen(ModalScreen[Action | None]):
    """Says it is thinking while the search runs, then shows the move and its reason."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "close", _("Close"))]

    def __init__(self, view: View, legal: Sequence[Action], seed: int) -> None:
        super().__init__()
        self.view = view
        self.legal = list(legal)
        self.seed = seed
        self.advice: Advice | None = None
        self._stop = threading.Event()

    def compose(self) -> ComposeResult:
        with Vertical(id="advisor-box", classes="dialog"):
            yield Label(line(_("Advisor: the expert bot's move for you"), style="bold"),
                        classes="dialog-title")
            yield Static(line(_("Thinking...")), id="advice-move")
            yield Static(id="advice-reason")
            with Horizontal(classes="dialog-buttons"):
                yield Button(_("Play it"), id="play", variant="primary", compact=True,
                             disabled=True)
                yield Button(_("Close"), id="close", compact=True)
        yield Footer()

    def on_mount(self) -> None:
        self.run_worker(partial(advise, self.view, self.legal, self.seed, self._stop),
                        name="advisor", group="advisor", thread=True, exit_on_error=False)

    def on_unmount(self) -> None:
        self._stop.set()  # the search stops at its next playout
        self.workers.cancel_group(self, "advisor")

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        worker = event.worker
        if worker.group != "advisor":
            return
        if event.state is WorkerState.SUCCESS and isinstance(worker.result, Advice):
            self._show(worker.result)
        elif event.state is WorkerState.ERROR and not isinstance(worker.error,
                                                                   AdviceCancelled):
            self.query_one("#advice-move", Static).update(line(
                _("The advisor failed: {error}").format(
                    error=f"{type(worker.error).__name__}: {worker.error}")))

    def _show(self, advice: Advice) -> None:
        self.advice = advice
        self.query_one("#advice-move", Static).update(
            line(action_label(self.view, advice.action), style="bold"))
        self.query_one("#advice-reason", Static).update(block(advice_text(self.view, advice)))
        play = self.query_one("#play", Button)
        play.disabled = False
        play.focus()

    @on(Button.Pressed, "#play")
    def _play(self) -> None:
        if self.advice is not None:
            self.dismiss(self.advice.action)

    @on(Button.Pressed, "#close")
    def action_close(self) -> None:
        self.dismiss(None)
