"""A seat at the table: the board drawn from one `View`, and its legal actions as keys.

`SeatScreen` draws and asks; where the game is (a `Session` on this machine, or the
workshop server over the network) is the subclass's business: `TableScreen` plays a
local session, `tui.remote.table.RemoteTableScreen` a seat of a workshop. Both offer
exactly the actions the engine lists as legal for the seat, never recomputing a rule.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from functools import partial
from typing import ClassVar

from textual import on
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import (
    Button,
    DataTable,
    Footer,
    RichLog,
    Static,
    TabbedContent,
    TabPane,
)

from game import Action, Entry, LogKind, Verb, View
from tui.describe import (
    VERB_LABELS,
    action_label,
    board_measures,
    concern_effect,
    concern_label,
    consequence,
    measure_text,
    member_text,
    name,
    question,
    round_summary,
    verb_label,
)
from tui.i18n import N_, _
from tui.screens.dialogs import ChoiceDialog, ConfirmDialog
from tui.widgets.board import (
    EventCard,
    MeasuresTable,
    MembersTable,
    PapersPanel,
    PhaseBar,
    Situation,
)
from tui.widgets.safe import block, line, say

VERB_KEYS: dict[Verb, str] = {
    Verb.CONVENE: "v", Verb.CONSULT: "c", Verb.PERSUADE: "u", Verb.OFFER: "b",
    Verb.PASS: "p", Verb.TABLE: "t",
    Verb.SUPPORT: "s", Verb.RESERVE: "r", Verb.OBJECT: "o", Verb.COMPROMISE: "m",
    Verb.AMEND: "a", Verb.CALL: "k", Verb.WITHDRAW: "w", Verb.DEFER: "f",
    Verb.PRESS: "x", Verb.ADJOURN: "j", Verb.ACCEPT: "y", Verb.DECLINE: "n",
    Verb.TAKE_UP: "g", Verb.INFORMALS: "i",
}
CONFIRM = frozenset({Verb.PASS, Verb.CALL, Verb.WITHDRAW, Verb.DEFER, Verb.PRESS,
                     Verb.INFORMALS})
"""Single actions with a cost, or none to show but no way back (a pass): they are
explained and confirmed before they apply."""
SETTLE = 0.4
"""Seconds a row of action buttons that just changed ignores clicks: the second click of
a double click must not land on the button that took the first one's place."""
ANSWERS = frozenset({Verb.ACCEPT, Verb.DECLINE})
"""Answers to a question put to the seat: both are shown with their costs, to choose."""

MOVES = frozenset({LogKind.CONVENE, LogKind.TABLE, LogKind.SUPPORT, LogKind.RESERVE,
                   LogKind.OBJECT, LogKind.COMPROMISE, LogKind.AMEND, LogKind.CALL,
                   LogKind.WITHDRAWN, LogKind.DEFERRED, LogKind.MINUS_X_ASKED, LogKind.CONSENT,
                   LogKind.REFUSE, LogKind.PERSUADE, LogKind.CONSULT, LogKind.OFFER,
                   LogKind.BROKEN, LogKind.KEPT, LogKind.INFORMALS, LogKind.TAKE_UP})
"""Log entries that are a member's own move (its first seat acted), for the inspect panel."""
NOTICE_TITLES = {LogKind.ADOPTED: N_("Adopted"), LogKind.ADOPTED_MINUS_X: N_("Adopted (minus X)"),
                 LogKind.FAILED: N_("Blocked"), LogKind.BROKEN: N_("Promise broken")}
"""Log entries also said in a notification (a decision taken, a promise broken), titled."""

WAIT = 3
"""Log entries since the seat's last turn after which its turn is said in a notification."""
TURN_PROMPTS = {"briefing": N_("Open the meeting, or answer the event's question."),
                "consultation": N_("Consult, offer or persuade in private, or pass."),
                "tabling": N_("Table a measure, or pass."),
                "deliberation": N_("Declare your position on the item, or steer it."),
                "decision": N_("Decide what becomes of your item."),
                "review": N_("Adjourn the meeting.")}

CHOOSE_TITLES: dict[Verb, str] = {
    Verb.CONSULT: N_("Whom do you consult in private?"),
    Verb.PERSUADE: N_("Whom do you persuade? (It costs your turn.)"),
    Verb.OFFER: N_("What do you offer, and to whom? (private, kept only by trust)"),
    Verb.TABLE: N_("Which measure do you table, at what ambition?"),
    Verb.TAKE_UP: N_("As chair, which item does the meeting take up next?"),
    Verb.RESERVE: N_("What would you join consensus on: a lower ambition or a clause?"),
    Verb.OBJECT: N_("On what ground do you object?"),
    Verb.COMPROMISE: N_("What does the chair's compromise text change: ambition or a clause?"),
    Verb.AMEND: N_("How do you amend your proposal: a lower ambition or a clause?"),
}


class SeatScreen(Screen[None]):
    """The board and the action keys of one seat; subclasses say where the game is."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *(Binding(key, f"do('{verb}')", VERB_LABELS[verb]) for verb, key in VERB_KEYS.items()),
        Binding("g", "debrief", N_("Debrief")),  # `g` is also take-up: never both at once
        Binding("h", "why", N_("Why?")),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._logged = 0
        self._log_private = True
        self._offered: tuple[frozenset[Verb], bool] | None = None
        self._waiting = ""
        self.summaries: list[str] = []
        """Each finished meeting, summed up (the Rounds tab shows them)."""
        self._round_views: tuple[View, View] | None = None
        """The first and the last view drawn of the current meeting."""
        self._noticed: tuple[str, int] | None = None
        """The seat whose log was last looked at for notifications, and how far."""
        self.clock = time.monotonic
        self._turn_ended = 0
        """The log's length when the seat's last turn ended."""
        self._buttons_changed = 0.0
        """When (by `clock`) the row of action buttons last changed."""

    # --- what the subclass says -------------------------------------------------------

    def seen(self) -> View:
        """The view the board is drawn from."""
        raise NotImplementedError

    def legal_actions(self) -> list[Action]:
        """What the seat at the keys may do now (nothing while another seat is to move)."""
        raise NotImplementedError

    def play(self, action: Action) -> None:
        """Carry out a move the player chose."""
        raise NotImplementedError

    def over(self) -> bool:
        return self.seen().phase == "over"

    def playing(self) -> bool:
        """Whether a person plays the seat shown (else they watch it)."""
        return True

    def private(self) -> bool:
        """Whether the seat's papers may be on the screen now."""
        return True

    def waiting_text(self) -> str:
        return ""

    def announce_turn(self) -> bool:
        """Whether "Your turn" is said when the seat's turn comes (not where a cover
        screen already says whose turn it is)."""
        return self.playing()

    def sentence(self, entry: Entry) -> str:
        raise NotImplementedError

    def extra_tabs(self) -> ComposeResult:
        """More tabs beside the log and the papers."""
        yield from ()

    def status_lines(self) -> ComposeResult:
        """Lines between the action buttons and the footer."""
        yield from ()

    # --- layout and drawing -----------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield PhaseBar(id="phasebar")
        with Horizontal(id="board"):
            with Vertical(id="left"):
                yield MembersTable(id="members")
                yield MeasuresTable(id="measures")
            with Vertical(id="right"):
                with VerticalScroll(id="event-box"):
                    yield EventCard(id="event")
                yield Situation(id="situation")
                with TabbedContent(id="tabs"):
                    with TabPane(_("Log"), id="log-tab"):
                        yield RichLog(id="log", wrap=True, markup=False, min_width=1)
                    with TabPane(_("My papers"), id="papers-tab"):
                        yield PapersPanel(id="papers")
                    with TabPane(_("Rounds"), id="rounds-tab"):
                        yield RichLog(id="rounds", wrap=True, markup=False, min_width=1)
                    yield from self.extra_tabs()
        with Horizontal(id="actions"):
            for verb, key in VERB_KEYS.items():
                yield Button(f"{verb_label(verb)} ({key})", name=str(verb), compact=True,
                             classes="act")
            yield Button(_("Debrief") + " (g)", name="debrief", compact=True, classes="act")
            yield Static(id="waiting")
        yield from self.status_lines()
        yield Footer()

    def on_resize(self) -> None:
        """The log is wrapped when written: write it afresh at the panel's new width."""
        self.call_after_refresh(self._rewrap)

    @on(TabbedContent.TabActivated, "#tabs", pane="#log-tab")
    def _log_shown(self) -> None:
        self.call_after_refresh(self._rewrap)

    def _rewrap(self) -> None:
        if self.is_attached:
            self._logged = 10**9
            self.redraw()

    def redraw(self) -> None:
        """Draw everything from the view; cheap enough for every move."""
        view = self.seen()
        self._note_round(view)
        self.query_one(PhaseBar).show(view, self.playing())
        self.query_one(MembersTable).show(view)
        self.query_one(MeasuresTable).show(view, view.outcomes)
        self.query_one(EventCard).show(view)
        self.query_one("#event-box").display = view.event is not None
        self.query_one(Situation).show(view)
        private = self.private()
        self.query_one(PapersPanel).show(view, private)
        if self.query_one("#tabs", TabbedContent).active == "log-tab":
            self._draw_log(view, private)
        self._notify_events(view)
        offered = (frozenset(self.legal_verbs()), self.over())
        if offered != self._offered:  # the footer rebuilds itself: only when it changes
            self._announce_turn(view, bool(offered[0]))
            self._offered = offered
            self._draw_buttons()
            self.refresh_bindings()
        waiting = self.waiting_text()
        if waiting != self._waiting:
            self._waiting = waiting
            self.query_one("#waiting", Static).update(line(waiting))

    def _note_round(self, view: View) -> None:
        """When a meeting ends (the next opens, or the game ends), sum it up in the
        Rounds tab and say so."""
        if self._round_views is None or self._round_views[0].seat != view.seat:
            self._round_views = (view, view)
            return
        start, last = self._round_views
        if start.phase == "over":  # summed up already
            return
        if view.round == start.round and view.phase != "over":
            self._round_views = (start, view)
            return
        summary = round_summary(start, view if view.phase == "over" else last,
                                self.private())
        self.summaries.append(summary)
        self.query_one("#rounds", RichLog).write(block(summary + "\n", end="\n"))
        self.notify(say(summary.split("\n")[0]), title=_("Meeting over"), markup=False)
        self._round_views = (view, view)

    def _announce_turn(self, view: View, mine: bool) -> None:
        """Say "Your turn" when it comes after a wait (`WAIT` public moves or more since
        the seat's last turn ended), not after each quick exchange."""
        was_mine = bool(self._offered and self._offered[0])
        if was_mine and not mine:
            self._turn_ended = len(view.log)
        elif (mine and not was_mine and self.announce_turn()
              and len(view.log) - self._turn_ended >= WAIT):
            self.notify(say(_(TURN_PROMPTS[view.phase])), title=_("Your turn"),
                        timeout=4, markup=False)

    def _notify_events(self, view: View) -> None:
        """Say adoptions, blocked items and broken promises as they happen (not those of
        a game opened midway, nor again when the keys pass to another seat)."""
        seen = self._noticed
        self._noticed = (view.seat, len(view.log))
        if seen is None or seen[0] != view.seat:
            return
        for entry in view.log[seen[1]:]:
            if entry.kind in NOTICE_TITLES and (not entry.seen_by or self.private()):
                self.notify(say(self.sentence(entry)), title=_(NOTICE_TITLES[entry.kind]),
                            markup=False)

    def _draw_log(self, view: View, private: bool) -> None:
        """Write the new log entries, only while the log is shown: a hidden log has no
        width to wrap to (showing it again writes it afresh)."""
        log = self.query_one("#log", RichLog)
        if self._logged > len(view.log) or private != self._log_private:
            log.clear()
            self._logged = 0
            self._log_private = private
        for entry in view.log[self._logged:]:
            if entry.seen_by and not private:
                continue
            log.write(block((_("(private)") + " " if entry.seen_by else "") + self.sentence(entry),
                            end="\n"))
        self._logged = len(view.log)

    def _draw_buttons(self) -> None:
        """Show the buttons of the legal actions (all are mounted once, then toggled)."""
        self._buttons_changed = self.clock()
        verbs = {str(v) for v in self.legal_verbs()}
        over = self.over()
        for button in self.query("#actions Button").results(Button):
            key = str(button.name)
            button.display = key == "debrief" if over else key in verbs
        self.query_one("#waiting", Static).display = not verbs and not over

    def legal_verbs(self) -> set[Verb]:
        return {a.verb for a in self.legal_actions()}

    # --- choosing a move --------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "do":
            return Verb(str(parameters[0])) in self.legal_verbs()
        if action == "debrief":
            return self.over()
        return True

    @on(Button.Pressed, ".act")
    def _button(self, event: Button.Pressed) -> None:
        if self.clock() - self._buttons_changed < SETTLE:
            self.app.bell()  # a click meant for the buttons that were there a moment ago
        elif event.button.name == "debrief":
            self.action_debrief()
        else:
            self.action_do(str(event.button.name))

    def action_debrief(self) -> None:
        """Open the debrief (only offered once the game is over)."""
        raise NotImplementedError

    def action_do(self, verb_word: str) -> None:
        verb = Verb(verb_word)
        actions = [a for a in self.legal_actions() if a.verb is verb]
        if not actions:
            self.notify(_("{action} is not possible now.").format(action=verb_label(verb)),
                        severity="warning", markup=False)
            return
        view = self.seen()
        if verb in ANSWERS:
            answers = [a for a in self.legal_actions() if a.verb in ANSWERS]
            answers.sort(key=lambda a: a.verb is not verb)  # the key pressed comes first
            self.app.push_screen(ChoiceDialog(question(view), view, answers), self._chosen)
        elif verb is Verb.RESERVE:  # first what it asks, then the concern it states
            asks = list({(a.ambition, a.clause): a for a in actions}.values())
            self.app.push_screen(ChoiceDialog(_(CHOOSE_TITLES[verb]), view, asks),
                                 partial(self._ask_chosen, actions))
        elif verb in CHOOSE_TITLES:
            self.app.push_screen(ChoiceDialog(_(CHOOSE_TITLES[verb]), view, actions),
                                 self._chosen)
        else:
            self._play_confirmed(actions[0])

    def _ask_chosen(self, actions: list[Action], ask: Action | None) -> None:
        if ask is None:
            return
        forms = [a for a in actions if (a.ambition, a.clause) == (ask.ambition, ask.clause)]
        if len(forms) == 1:
            self.play(forms[0])
            return
        self.app.push_screen(ChoiceDialog(_("What concern do you state with it?"),
                                          self.seen(), forms,
                                          concern_label, concern_effect), self._chosen)

    def _chosen(self, action: Action | None) -> None:
        if action is not None:
            self.play(action)

    def _confirmed(self, action: Action, yes: bool | None) -> None:
        if yes:
            self.play(action)

    def action_why(self) -> None:
        """Who blocks the item on the table, and why (from this seat's view)."""
        from tui.screens.why import WhyScreen

        self.app.push_screen(WhyScreen(self.seen(), self.private()))

    @on(DataTable.RowSelected, "#members, #measures")
    def _row_chosen(self, event: DataTable.RowSelected) -> None:
        key = str(event.row_key.value)
        if event.data_table.id == "members":
            self.inspect_member(key)
        else:
            self.inspect_measure(key)

    def _said(self, wanted: Callable[[Entry], bool]) -> list[str]:
        """The log entries this seat may see now that `wanted` picks, in words."""
        view, private = self.seen(), self.private()
        return [_("round {round}: {sentence}").format(round=e.round, sentence=self.sentence(e))
                for e in view.log
                if wanted(e) and (not e.seen_by or private)]

    def inspect_member(self, seat: str) -> None:
        """A member as this seat knows it, and its moves so far."""
        from tui.screens.why import InspectScreen

        view = self.seen()
        moves = self._said(lambda e: e.seats[:1] == (seat,) and e.kind in MOVES)
        self.app.push_screen(InspectScreen(name(view, seat),
                                           member_text(view, seat, moves, self.private())))

    def inspect_measure(self, mid: str) -> None:
        """A measure: levels, prerequisites, clauses, strain, and its history here."""
        from tui.screens.why import InspectScreen

        view = self.seen()
        history = self._said(lambda e: e.measure == mid)
        self.app.push_screen(InspectScreen(view.measures[mid].name,
                                           measure_text(view, mid, history)))

    def verb_commands(self) -> Iterable[SystemCommand]:
        """Command palette entries: every legal move, written as the record writes it
        without the seat ("table standby-force ambition=2"), and what it does; every
        member and measure to inspect; the table's panels."""
        view = self.seen()
        for action in self.legal_actions():
            notation = str(action).split(" ", 1)[1]
            yield SystemCommand(f"{notation}: {action_label(view, action)}",
                                consequence(view, action).split(". ")[0],
                                partial(self._play_confirmed, action))
        for seat in view.seats:
            yield SystemCommand(_("Member: {member}").format(member=name(view, seat)),
                                _("Its role, standing, position and moves so far"),
                                partial(self.inspect_member, seat))
        for mid in board_measures(view):
            yield SystemCommand(_("Measure: {measure}").format(measure=view.measures[mid].name),
                                _("Its levels, prerequisites, clauses and history here"),
                                partial(self.inspect_measure, mid))
        yield SystemCommand(_("Why? Who blocks the item"), _("Positions, concerns, red lines"),
                            self.action_why)
        for tab, title in (("log-tab", _("Log")), ("papers-tab", _("My papers")),
                           ("rounds-tab", _("Rounds"))):
            yield SystemCommand(_("Show the {tab} tab").format(tab=title),
                                _("On the right of the table"),
                                partial(self._show_tab, tab))

    def _show_tab(self, tab: str) -> None:
        self.query_one("#tabs", TabbedContent).active = tab

    def _play_confirmed(self, action: Action) -> None:
        """Play `action` if still legal (a key, or a move chosen by name in the palette),
        explained and confirmed first if it costs (`CONFIRM`)."""
        if action not in self.legal_actions():
            self.notify(_("That move is no longer possible."), severity="warning",
                        markup=False)
        elif action.verb in CONFIRM:
            self.app.push_screen(ConfirmDialog(action_label(self.seen(), action),
                                               consequence(self.seen(), action)),
                                 partial(self._confirmed, action))
        else:
            self.play(action)

