"""New game: pick a scenario (reading its briefing), your seats, the bots, a seed."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import (
    Button,
    Footer,
    Input,
    Label,
    Markdown,
    OptionList,
    RadioButton,
    RadioSet,
    SelectionList,
)
from textual.widgets.option_list import Option

from game import Scenario, ScenarioError, bundled_ids, load_scenario
from game.bots import DEFAULT, KINDS
from tui.authors import author_scenarios
from tui.i18n import N_, _, member_name, ngettext
from tui.plan import PlanError, make_plan
from tui.screens.requests import StartGame
from tui.widgets.safe import line, md, md_line, say


class NewGameScreen(Screen[None]):
    """Everything a game needs, on one screen; `Start` checks it all with `make_plan`."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "app.pop_screen", N_("Back")),
                Binding("f5", "start", N_("Start"))]

    def __init__(self) -> None:
        super().__init__()
        self.scenarios: dict[str, Scenario | str] = {}
        for sid in bundled_ids():
            try:
                self.scenarios[sid] = load_scenario(sid)
            except ScenarioError as err:
                self.scenarios[sid] = str(err)
        self.yours = author_scenarios()
        """Authors' scenarios by path (`tui.authors`), after the bundled ones."""
        self.scenarios.update(self.yours)
        self.chosen = next(iter(self.scenarios), "")

    def compose(self) -> ComposeResult:
        with Horizontal(id="pick"):
            yield OptionList(*(self._option(sid) for sid in self.scenarios),
                             id="scenarios")
            with VerticalScroll(id="briefing-box"):
                yield Markdown(id="briefing")
        with Horizontal(id="setup"):
            with Vertical(id="seats-box"):
                yield Label(_("Your seat(s): space picks; two or more = hot-seat"))
                yield SelectionList[str](id="seats")
                yield Label(id="you-play")
            with Vertical(id="options-box"):
                yield Label(_("Computer players"))
                with RadioSet(id="bots"):
                    for kind in KINDS:
                        yield RadioButton(f"{kind}: {KINDS[kind].blurb}",
                                          value=kind == DEFAULT, name=kind)
                yield Input(placeholder=_("seed (optional, a number)"), id="seed",
                            restrict=r"[0-9]*", max_length=9)
                yield Button(_("Start"), id="start", variant="primary", compact=True)
        yield Footer()

    def _title(self, sid: str) -> str:
        sc = self.scenarios[sid]
        name = Path(sid).name if sid in self.yours else sid
        if not isinstance(sc, Scenario):
            return _("{name} (broken)").format(name=name)
        return _("{title} (yours: {name})").format(title=sc.title, name=name) \
            if sid in self.yours else sc.title

    def _option(self, sid: str) -> Option:
        return Option(line(self._title(sid)), id=sid)

    def on_mount(self) -> None:
        self._show(self.chosen)
        self.query_one("#scenarios", OptionList).focus()

    @on(OptionList.OptionHighlighted, "#scenarios")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id and event.option.id != self.chosen:
            self._show(event.option.id)

    @on(OptionList.OptionSelected, "#scenarios")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.query_one("#seats", SelectionList).focus()

    def _show(self, sid: str) -> None:
        self.chosen = sid
        sc = self.scenarios.get(sid)
        seats = self.query_one("#seats", SelectionList)
        seats.clear_options()
        briefing = self.query_one("#briefing", Markdown)
        if not isinstance(sc, Scenario):
            briefing.update(_("This scenario cannot be played:") + f"\n\n{md(sc)}")
            return
        kind = _("history") if sc.historical else _("what-if")
        seats_rounds = (ngettext("{seats} seat", "{seats} seats", len(sc.seats))
                        .format(seats=len(sc.seats)) + ", "
                        + ngettext("{rounds} round", "{rounds} rounds", sc.rounds)
                        .format(rounds=sc.rounds))
        sponsor = md_line(member_name(sc.sponsor, sc.members[sc.sponsor].name))
        briefing.update(f"## {md_line(sc.title)} ({kind})\n\n{md(sc.summary)}\n\n"
                        f"{md(sc.briefing)}\n\n" + _("{seats_rounds}; {member} sponsors the "
                                                      "focus measure.").format(
                            seats_rounds=seats_rounds, member=sponsor))
        seats.add_options([(self._seat_prompt(sc, s, s == sc.sponsor), s, s == sc.sponsor)
                           for s in sc.seats])
        self._show_chosen()

    @staticmethod
    def _seat_prompt(sc: Scenario, seat: str, chosen: bool) -> Text:
        """A seat's line: a visible mark when chosen, not only a colour (NO_COLOR)."""
        name = member_name(seat, sc.members[seat].name)
        return line(("✓ " if chosen else "  ")
                    + (_("{member} (sponsor)").format(member=name) if seat == sc.sponsor
                       else name))

    @on(SelectionList.SelectedChanged, "#seats")
    def _show_chosen(self) -> None:
        """Mark the chosen seats and say, by name, whom the player will play."""
        sc = self.scenarios.get(self.chosen)
        if not isinstance(sc, Scenario):
            return
        seats = self.query_one("#seats", SelectionList)
        chosen = set(seats.selected)
        for index, seat in enumerate(sc.seats):
            if index < seats.option_count:
                seats.replace_option_prompt_at_index(
                    index, self._seat_prompt(sc, seat, seat in chosen))
        names = ", ".join(member_name(s, sc.members[s].name) for s in sc.seats if s in chosen)
        text = (_("You will play: nobody yet; pick at least one seat") if not chosen
                else _("You will play: {members} (hot-seat)").format(members=names)
                if len(chosen) > 1 else _("You will play: {members}").format(members=names))
        self.query_one("#you-play", Label).update(line(text))

    @on(Button.Pressed, "#start")
    @on(Input.Submitted, "#seed")
    def action_start(self) -> None:
        seats = list(self.query_one("#seats", SelectionList).selected)
        if not seats:
            self.notify(_("Pick at least one seat to play."), severity="warning", markup=False)
            return
        button = self.query_one("#bots", RadioSet).pressed_button
        bots = button.name if button is not None and button.name else DEFAULT
        text = self.query_one("#seed", Input).value
        try:
            plan = make_plan(self.chosen, [str(s) for s in seats],
                             int(text) if text else None, bots)
        except PlanError as err:
            self.notify(say(err), title=_("Cannot start"), severity="error", timeout=10,
                        markup=False)
            return
        self.post_message(StartGame(plan))
