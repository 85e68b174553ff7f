"""The tutorial's coach: what to do next at the table, and why, in words.

`coach` reads only what the table already has: the seat's `View` (the phase, the item
tabled and everyone's declared positions, the rules' numbers, the seat's own papers and
soundings) and the actions the engine lists as legal. It recomputes no rule: it picks
one of the legal actions and names the key that offers it and the line to choose in
the dialog that key opens. After the meeting it points at the face and trust the board
shows, against the view the game started from.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import attrs

from game import Action, Verb, View
from game.rules.model import Objective
from tui.describe import action_label, clause_name, name, reason_text, signed
from tui.i18n import _, ngettext
from tui.screens.seat import VERB_KEYS


@attrs.frozen
class Hint:
    """One step of the lesson."""

    do: str
    """What to do now (the panel's first line, in bold)."""
    why: str = ""
    """Why, in a few sentences."""
    key: str = ""
    """The key that does it; empty while others move."""
    choice: str = ""
    """The line to choose in the dialog the key opens, if it opens one."""


def coach(view: View, legal: Sequence[Action], start: View) -> Hint:
    """The next step for the seat of `view`; `start` is the view the game began with."""
    if view.phase == "over":
        return Hint(_("The lesson is over: press g for the debrief, q for the menu."),
                    costs(view, start), "g")
    if not legal:
        return Hint(_("Watch: the others are moving."), _waiting(view))
    verbs = {a.verb for a in legal}
    for verb, advise in _ADVICE:
        if verb in verbs:
            return advise(view, [a for a in legal if a.verb is verb], start)
    return Hint(_("Your move: the buttons below are what the rules allow now."))


def _waiting(view: View) -> str:
    who = name(view, view.to_move or "")
    if view.phase == "consultation":
        return _("{who} is consulting. Consultations are private: you see only your own "
                 "in the log.").format(who=who)
    if view.phase == "deliberation":
        return _("Each member declares in turn: support, reserve (it could join on a "
                 "changed text) or object. One objection blocks (Charter Art. 20). Watch "
                 "the Position column of the members table.")
    if view.phase == "tabling":
        return _("The floor is open: {who} may table a measure or pass.").format(who=who)
    return _("{who} is to move.").format(who=who)


def _convene(view: View, actions: list[Action], _start: View) -> Hint:
    return Hint(_("Press v to convene the meeting."),
                _("You hold the chair this year (Charter Art. 31): you open the meeting."),
                VERB_KEYS[Verb.CONVENE])


def _asking(view: View, seats: Iterable[str]) -> tuple[str, Objective] | None:
    """The first of `seats` whose public role asks a clause on the focus measure."""
    return next(((seat, o) for seat in seats for o in view.members[seat].objectives
                 if o.kind == "clause" and o.measure == view.focus), None)


def _consult(view: View, actions: list[Action], _start: View) -> Hint:
    targets = {a.target: a for a in actions}
    asking = _asking(view, targets)
    if asking:
        seat = asking[0]
        why = _("its public role asks for \u201c{clause}\u201d on {measure}").format(
            clause=clause_name(view, asking[1].clause), measure=view.measures[view.focus].name)
    else:
        seat, why = actions[0].target, _("every member has a price you do not know yet")
    label = action_label(view, targets[seat])
    return Hint(_("Press c and choose \u201c{choice}\u201d.").format(choice=label),
                _("Quiet diplomacy first: sound out {who} in private, as {why}. You learn "
                  "its red lines and the clauses it asks for, and trust grows {trust} each "
                  "way.").format(who=name(view, seat), why=why,
                                 trust=signed(view.rules.trust_consult)),
                VERB_KEYS[Verb.CONSULT], label)


def _table(view: View, actions: list[Action], _start: View) -> Hint:
    mine = [a for a in actions if a.target == view.focus and not a.clause]
    if not mine:
        return Hint(_("Press p to pass."), _("Nothing of yours to table now."),
                    VERB_KEYS[Verb.PASS])
    wanted = view.me.opening or max(a.ambition for a in mine)
    action = min(mine, key=lambda a: abs(a.ambition - wanted))
    label = action_label(view, action)
    return Hint(_("Press t and choose \u201c{choice}\u201d.").format(choice=label),
                _("Table your paper at the ambition your capital told you to open with. "
                  "A clause goes into a tabled text only if you promised it in an offer; "
                  "you can amend once the members have declared."),
                VERB_KEYS[Verb.TABLE], label)


def _amend(view: View, actions: list[Action], _start: View) -> Hint:
    tab = view.tabled
    assert tab is not None
    blockers = tab.blocking()
    for seat in blockers:
        p = tab.positions[seat]
        fix = next((a for a in actions if (a.clause and a.clause == p.clause)
                    or (not p.clause and a.ambition == p.ambition and not a.clause)), None)
        if fix is None:
            continue
        asks = (_("if the text adds \u201c{clause}\u201d").format(
            clause=clause_name(view, p.clause))
                if p.clause else _("at ambition {n}").format(n=p.ambition))
        label = action_label(view, fix)
        return Hint(_("Press a and choose \u201c{choice}\u201d.").format(choice=label),
                    _("{who} reserves: it could join consensus {asks} (its concern: "
                      "{concern}). A reservation not met blocks; as sponsor you may amend "
                      "({left} amendments left), and a reservation met turns into "
                      "support.").format(
                          who=name(view, seat), asks=asks,
                          concern=reason_text(view, p.reason) if p.reason else "-",
                          left=view.rules.max_amendments - tab.amendments),
                    VERB_KEYS[Verb.AMEND], label)
    who = ", ".join(name(view, s) for s in blockers)
    return Hint(_("Press k to call for a decision."),
                _("{who} block the text and no amendment meets them (h shows why). The "
                  "decision then asks how to end the item.").format(who=who),
                VERB_KEYS[Verb.CALL])


def _decide(view: View, actions: list[Action], _start: View) -> Hint:
    r = view.rules
    return Hint(_("Press w to withdraw."),
                _("The item is blocked. Withdrawing quietly costs you {w} face; deferring "
                  "{d}; pressing to a public decision {p} face and {t} trust with each "
                  "objector, and it fails anyway.").format(
                      w=signed(r.face_withdraw), d=signed(r.face_defer),
                      p=signed(r.face_press_sponsor), t=signed(r.trust_press)),
                VERB_KEYS[Verb.WITHDRAW])


def _adjourn(view: View, actions: list[Action], start: View) -> Hint:
    return Hint(_("Press j to adjourn the meeting (you chair it)."), costs(view, start),
                VERB_KEYS[Verb.ADJOURN])


def _pass(view: View, actions: list[Action], _start: View) -> Hint:
    return Hint(_("Press p to pass."), _("Nothing for you to do at this step."),
                VERB_KEYS[Verb.PASS])


def costs(view: View, start: View) -> str:
    """What the meeting decided, and the face and trust it moved, as the board shows."""
    me = view.seat
    outcome = view.outcomes[-1] if view.outcomes else None
    said = (_("{measure}: {result}.").format(
        measure=view.measures[outcome.measure].name, result=outcome.result)
        if outcome else _("Nothing was decided."))
    face = view.face[me] - start.face[me]
    by_change: dict[float, list[str]] = {}
    for seat in view.seats:
        change = round(view.trust_from[seat] - start.trust_from[seat], 1) if seat != me else 0
        if change:
            by_change.setdefault(change, []).append(name(view, seat))
    moved = [f"{signed(change)} " + (ngettext("from {n} member", "from {n} members",
                                               len(who)).format(n=len(who))
                                      if len(who) > 2 else ", ".join(who))
             for change, who in sorted(by_change.items())]
    r = view.rules
    return " ".join([
        said,
        _("On the members table, your Face went from {a:.0f} to {b:.0f} ({d}); the Trust "
          "column, others' trust in you, moved {moved}.").format(
            a=start.face[me], b=view.face[me], d=signed(round(face, 1)),
            moved="; ".join(moved) if moved else "0"),
        _("A public showdown would have cost you {p} face and {t} trust with each "
          "objector.").format(p=signed(r.face_press_sponsor), t=signed(r.trust_press))])


_ADVICE = (
    (Verb.CONVENE, _convene), (Verb.CONSULT, _consult), (Verb.TABLE, _table),
    (Verb.AMEND, _amend), (Verb.CALL, _amend), (Verb.WITHDRAW, _decide), (Verb.ADJOURN, _adjourn),
    (Verb.PASS, _pass),
)
"""The first of these verbs the rules allow says what the step is."""
