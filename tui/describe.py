"""Words for the screens: actions, their consequences, objectives, positions.

Every figure quoted comes from the view (`view.rules`, the measures, the event), so
what a dialog promises is what the engine will do; nothing here decides legality.
"""

from __future__ import annotations

from collections.abc import Sequence

from game import Action, RedLine, Verb, View
from game.rules.norms import describe as describe_red_line
from game.rules.norms import persuasion_step, strains
from game.rules.state import Pledge, Position, Tabling
from tui.i18n import N_, _, member_name, ngettext

VERB_LABELS: dict[Verb, str] = {
    Verb.CONVENE: N_("Convene"), Verb.CONSULT: N_("Consult"), Verb.PERSUADE: N_("Persuade"),
    Verb.OFFER: N_("Make an offer"), Verb.PASS: N_("Pass"),
    Verb.TABLE: N_("Table a measure"), Verb.SUPPORT: N_("Support"), Verb.RESERVE: N_("Reserve"),
    Verb.OBJECT: N_("Object"), Verb.COMPROMISE: N_("Compromise text"), Verb.AMEND: N_("Amend"),
    Verb.CALL: N_("Call for decision"), Verb.WITHDRAW: N_("Withdraw"), Verb.DEFER: N_("Defer"),
    Verb.PRESS: N_("Press to a vote"), Verb.ADJOURN: N_("Adjourn"),
    Verb.ACCEPT: N_("Accept"), Verb.DECLINE: N_("Decline"),
    Verb.TAKE_UP: N_("Take up an item"), Verb.INFORMALS: N_("Informal consultations"),
}
"""In English, for key bindings (translated where shown); `verb_label` is the shown text."""


def verb_label(verb: Verb) -> str:
    """The action's name in the interface's language."""
    return _(VERB_LABELS[verb])


def signed(value: float) -> str:
    return f"{value:+g}"


def name(view: View, seat: str) -> str:
    member = view.members.get(seat)
    return member_name(seat, member.name) if member else seat


def action_label(view: View, action: Action) -> str:
    """A short line for a choice list."""
    verb = action.verb
    if verb is Verb.CONSULT:
        return _("Consult {member}").format(member=name(view, action.target))
    if verb is Verb.PERSUADE:
        return _("Persuade {member}").format(member=name(view, action.target))
    if verb is Verb.OFFER:
        terms = terms_text(view, action.ambition, action.clause)
        return _("Offer {member}: {terms}").format(member=name(view, action.target), terms=terms)
    if verb is Verb.TABLE:
        measure = view.measures[action.target]
        level = _("{measure}, ambition {ambition}/{top}").format(
            measure=measure.name, ambition=action.ambition, top=measure.max_ambition)
        if action.clause:
            return _("{item}, with “{clause}”").format(
                item=level, clause=clause_name(view, action.clause))
        return level
    if verb is Verb.TAKE_UP:
        item = next(t for t in view.pending if t.measure == action.target)
        measure = view.measures[item.measure]
        return _("{measure}, ambition {ambition}/{top}, tabled by {member}").format(
            measure=measure.name, ambition=item.ambition, top=measure.max_ambition,
            member=name(view, item.sponsor))
    if verb in (Verb.RESERVE, Verb.AMEND, Verb.COMPROMISE):
        if action.clause:
            return _("{action}: add “{clause}”").format(
                action=verb_label(verb), clause=clause_name(view, action.clause))
        return _("{action} at ambition {ambition}: {level}").format(
            action=verb_label(verb), ambition=action.ambition, level=_level(view, action))
    if verb is Verb.OBJECT:
        return _("Object: {reason}").format(reason=reason_text(view, action.reason))
    return verb_label(verb)


def concern_label(view: View, action: Action) -> str:
    """A reservation's stated concern, for the second step of choosing one."""
    return _("My concern: {reason}").format(reason=reason_text(view, action.reason))


def concern_effect(view: View, action: Action) -> str:
    return _("Your reservation states {reason} as the concern behind it. Everyone reads it "
             "in the log; choose the one that really weighs most for you, or the one you "
             "want the room to hear.").format(reason=reason_text(view, action.reason))


def terms_text(view: View, ambition: int, clause: str) -> str:
    """An offer's terms in a few words, from the offerer's side."""
    if clause:
        return _("my item carries “{clause}”, you support it").format(
            clause=clause_name(view, clause))
    if ambition:
        return _("my item goes no higher than ambition {ambition}, you support it").format(
            ambition=ambition)
    return _("each supports the other's item")


def _promise_cost(view: View) -> str:
    r = view.rules
    return _("Nothing enforces a promise but trust: breaking it costs {broken} trust with the "
             "one deceived, keeping it earns {kept}. It holds for this meeting only.").format(
        broken=signed(r.trust_broken), kept=signed(r.trust_kept))


def _offer_consequence(view: View, action: Action) -> str:
    other = name(view, action.target)
    if action.clause:
        deal = _("Your item at this meeting will carry “{clause}” (you table it with the "
                 "clause); in return {member} supports it.").format(
            clause=clause_name(view, action.clause), member=other)
    elif action.ambition:
        deal = _("Your item at this meeting will go no higher than ambition {ambition}; in "
                 "return {member} supports it.").format(ambition=action.ambition, member=other)
    else:
        deal = _("You and {member} each support the other's item at this meeting.").format(
            member=other)
    return (_("A private, non-binding offer to {member}, instead of a consultation: {deal} "
              "{member} accepts or declines at once; only the two of you see it.").format(
        member=other, deal=deal) + " " + _promise_cost(view))


def _accept_consequence(view: View) -> str:
    offer = view.offer
    if offer is None:
        return _("Accept.")
    other = name(view, offer.offerer)
    if offer.clause:
        deal = _("{member}'s item at this meeting will carry “{clause}”, and you promise to "
                 "support it whenever its text meets that; reserving or objecting then "
                 "breaks your promise.").format(member=other,
                                                clause=clause_name(view, offer.clause))
    elif offer.ambition:
        deal = _("{member}'s item at this meeting will go no higher than ambition {ambition}, "
                 "and you promise to support it whenever its text meets that; reserving or "
                 "objecting then breaks your promise.").format(member=other,
                                                               ambition=offer.ambition)
    else:
        deal = _("You and {member} each promise to support the other's item at this meeting; "
                 "reserving or objecting breaks your promise.").format(member=other)
    return (_("Accept {member}'s offer: {deal}").format(member=other, deal=deal) + " "
            + _promise_cost(view))


def clause_name(view: View, clause: str) -> str:
    found = view.rules.clauses.get(clause)
    return found.name if found else clause


def _clause_effect(view: View, clause: str) -> str:
    """What a safeguard clause does, from the rules: its words, relief and cost."""
    c = view.rules.clauses[clause]
    relief = ", ".join(f"{n} -{v:.0%}" for n, v in c.relief.items())
    return _("The text would say: {text}. Strain {relief} for everyone; the measure keeps "
             "{kept} of its value.").format(text=c.text, relief=relief, kept=f"{1 - c.cost:.0%}")


def reason_text(view: View, reason: str) -> str:
    norm = view.rules.norm_names.get(reason)
    return f"{reason} {norm}" if norm else reason.replace("-", " ")


def _level(view: View, action: Action) -> str:
    assert view.tabled is not None
    return view.measures[view.tabled.measure].levels[action.ambition - 1]


def consequence(view: View, action: Action) -> str:
    """What choosing `action` will do, with the costs the scenario's rules set."""
    r = view.rules
    verb = action.verb
    if verb is Verb.CONVENE:
        return _("Open the meeting: informal consultations (musyawarah) begin.")
    if verb is Verb.CONSULT:
        return _("A private sounding with {member}: each of you learns the other's "
                 "sensitivities, red lines and the clauses it would ask for its support; "
                 "trust {trust} both ways. Only the two of you see it in the log.").format(
            member=name(view, action.target), trust=signed(r.trust_consult))
    if verb is Verb.PERSUADE:
        return _persuade_consequence(view, action)
    if verb is Verb.OFFER:
        return _offer_consequence(view, action)
    if verb is Verb.PASS:
        return _("Say nothing in this phase and let the next delegate speak.")
    if verb is Verb.TABLE:
        return _table_consequence(view, action)
    if verb is Verb.SUPPORT:
        return _("Join the consensus on the measure as it stands.")
    if verb is Verb.RESERVE and action.clause:
        return (_("Join consensus only if the text adds “{clause}”: until it does, your "
                  "reservation blocks adoption.").format(
            clause=clause_name(view, action.clause)) + " " + _clause_effect(view, action.clause))
    if verb is Verb.RESERVE:
        return _("Join consensus only at ambition {ambition}: until the sponsor amends down "
                 "to it, your reservation blocks adoption.").format(ambition=action.ambition)
    if verb is Verb.OBJECT:
        text = _("Block the consensus, giving {reason} as your reason. The sponsor's trust in "
                 "you changes by {trust}.").format(reason=reason_text(view, action.reason),
                                                   trust=signed(r.trust_object))
        if view.tabled is not None and view.tabled.compromise:
            text += " " + _("Objecting to the chair's compromise costs you {face} face.").format(
                face=signed(r.face_object_compromise))
        return text
    if verb is Verb.COMPROMISE:
        if action.clause:
            return (_("As chair, offer a compromise text that adds “{clause}”.").format(
                clause=clause_name(view, action.clause)) + " "
                + _clause_effect(view, action.clause) + " " + _reconsider())
        return (_("As chair, offer a compromise text at ambition {ambition}: {level}.").format(
            ambition=action.ambition, level=_level(view, action)) + " " + _reconsider())
    if verb is Verb.AMEND:
        left = r.max_amendments - (view.tabled.amendments if view.tabled else 0) - 1
        change = (_("Add “{clause}” to your proposal.").format(
            clause=clause_name(view, action.clause)) + " " + _clause_effect(view, action.clause)
            if action.clause else
            _("Lower your proposal to ambition {ambition}: {level}.").format(
                ambition=action.ambition, level=_level(view, action)))
        return change + " " + ngettext(
            "Members declare again; {left} amendment left after this.",
            "Members declare again; {left} amendments left after this.", left).format(left=left)
    if verb is Verb.CALL:
        return _("Call for a decision while some still block: you will then have to "
                 "withdraw, defer or press.")
    if verb is Verb.WITHDRAW:
        return _("Withdraw the proposal quietly: face {face} for you.").format(
            face=signed(r.face_withdraw))
    if verb is Verb.DEFER:
        return _("Defer to a later meeting: face {face} for you; the measure's strain on the "
                 "norms eases by {relief} per deferral.").format(
            face=signed(r.face_defer), relief=f"{r.deferral_relief:g}")
    if verb is Verb.PRESS:
        return (_("Press to a public decision: it fails if anyone still objects. Face {face} "
                  "for you and {objector} for each objector; trust {trust} both ways with "
                  "them.").format(face=signed(r.face_press_sponsor),
                                  objector=signed(r.face_press_objector),
                                  trust=signed(r.trust_press))
                + (" " + _("ASEAN minus X may let it pass without the objectors, if each of "
                           "them consents to stand aside.") if r.minus_x else ""))
    if verb is Verb.ADJOURN:
        return _("Close the review: the next round opens, or the game ends after the last.")
    if verb in (Verb.ACCEPT, Verb.DECLINE) and view.offer is not None:
        return (_accept_consequence(view) if verb is Verb.ACCEPT
                else _("Decline the offer: no promise either way, and no cost."))
    if verb in (Verb.ACCEPT, Verb.DECLINE):
        return _answer_consequence(view, verb is Verb.ACCEPT)
    if verb is Verb.TAKE_UP:
        return _("As chair you set the order of the agenda: the meeting deliberates this "
                 "item next, and the others after it.")
    if verb is Verb.INFORMALS:
        return _informals_consequence(view)
    return ""


def _reconsider() -> str:
    """What follows every compromise text."""
    return _("Objections lapse and members declare again.")


def _informals_consequence(view: View) -> str:
    times = view.rules.chair_informals
    return (_("As chair, use your good offices (Charter Art. 32(c)): set the blocked item "
              "aside for informal consultations. Every member, from you on, may consult "
              "once more or pass; then those who blocked it declare again on the same "
              "text.") + " " + ngettext("You can do this once per meeting.",
                                        "You can do this {times} times per meeting.",
                                        times).format(times=times))


def question(view: View) -> str:
    """The question `accept` and `decline` answer now: the event card's choice at the
    briefing, an offer in the consultation, the request to stand aside under ASEAN
    minus X at the decision."""
    if view.offer is not None:
        offer = view.offer
        terms = terms_text(view, offer.ambition, offer.clause)
        return _("{member} offers you, in private: {terms}. Do you accept?").format(
            member=name(view, offer.offerer), terms=terms)
    if view.tabled is not None and view.tabled.pressed:
        measure = view.measures[view.tabled.measure]
        return _("{member} presses {measure}: do you stand aside so the others adopt it "
                 "without you (ASEAN minus X)?").format(member=name(view, view.tabled.sponsor),
                                                       measure=measure.name)
    choice = view.event.choice if view.event else None
    return choice.question if choice else ""


def _answer_consequence(view: View, accept: bool) -> str:
    r = view.rules
    tab = view.tabled
    if tab is not None and tab.pressed:
        measure = view.measures[tab.measure].name
        if accept:
            return _("Consent: if every objector asked consents, {measure} is adopted "
                     "without you; you opt out and gain no capability from it, and your "
                     "trust in the sponsor changes by {trust}.").format(
                measure=measure, trust=signed(r.trust_press / 2))
        return _("Refuse: there is no consensus to apply ASEAN minus X (Charter Art. 21(2)), "
                 "so the press fails in public: face {face} for the sponsor and {objector} "
                 "for each objector; trust {trust} both ways between them.").format(
            face=signed(r.face_press_sponsor), objector=signed(r.face_press_objector),
            trust=signed(r.trust_press))
    assert view.event is not None and view.event.choice is not None
    option = view.event.choice.accept if accept else view.event.choice.decline
    costs = [_("face {face} for you").format(face=signed(option.face)) if option.face else "",
             _("every other member's trust in you {trust}").format(trust=signed(option.trust))
             if option.trust else "",
             _("capability {change}").format(change=signed(option.capability))
             if option.capability else "",
             *(_("strain on {norm} {change} this round").format(norm=n, change=signed(v))
               for n, v in option.strain.items()),
             *(_("{measure} worth {change} this round").format(
                 measure=view_measure(view, m), change=signed(v))
               for m, v in option.boost.items())]
    listed = "; ".join(c for c in costs if c)
    return option.text + (f"\n{listed[0].upper()}{listed[1:]}." if listed else "")


def _persuade_consequence(view: View, action: Action) -> str:
    """The cost (the turn) and the step the engine will apply, from the view's rules."""
    r = view.rules
    who = name(view, action.target)
    trust = view.trust_from.get(action.target, r.trust_default)
    step = persuasion_step(r, view.capability[view.seat], trust)
    norms = ", ".join(f"{n} {r.norm_names.get(n, '')}" for n, w in r.persuasion_norms.items()
                      if w > 0)
    return _("Argue the case for regional peacekeeping cooperation with {member}, in "
             "private. It costs your turn: no consultation this meeting. {member}'s "
             "sensitivity to {norms} moves down by {step} (its trust in you is {trust}; your "
             "peacekeeping record {record}). It adopts the norm once its mean sensitivity on "
             "them falls to {adopt_at}. Only the two of you see it in the log.").format(
        member=who, norms=norms, step=f"{step:.2f}", trust=f"{trust:g}",
        record=f"{view.capability[view.seat]:g}", adopt_at=f"{r.persuasion_adopt_at:g}")


def _table_consequence(view: View, action: Action) -> str:
    r = view.rules
    measure = view.measures[action.target]
    load = strains(measure, action.ambition, view.event, view.deferred.get(measure.id, 0),
                   r.deferral_relief)
    strain = ", ".join(f"{n} {v:.2f}" for n, v in load.items() if v > 0) or _("none")
    return (f"{measure.levels[action.ambition - 1]}\n"
            + _("Norm strain at this level: {strain}.").format(strain=strain) + "\n"
            + _("If adopted by consensus: face {face} for you as sponsor, {chair} for the "
                "chair. Every member then supports, reserves or objects; one objection "
                "blocks.").format(face=signed(r.face_adopted_sponsor),
                                  chair=signed(r.face_adopted_chair)))


def on_table(view: View) -> Tabling | None:
    """The item under deliberation, if any. In the review the engine still holds the
    item that was just concluded in `tabled`; the board then shows its outcome (adopted,
    blocked, deferred...) instead, not a live "tabled" item with its old positions."""
    return None if view.phase == "review" else view.tabled


def board_measures(view: View) -> tuple[str, ...]:
    """The measures the board lists, in its order: the agenda, then those adopted before."""
    return (*view.agenda, *[m for m in view.adopted if m not in view.agenda])


def position_text(view: View, seat: str) -> str:
    """A member's public position on the tabled measure."""
    tab = on_table(view)
    if tab is None:
        return ""
    if seat == tab.sponsor:
        return (_("sponsor @{ambition}").format(ambition=tab.ambition)
                + "".join(f" +{c}" for c in sorted(tab.clauses)))
    p: Position | None = tab.positions.get(seat)
    if p is None:
        return "..."
    if p.stance == "reserve":
        return (_("reserve +{clause}").format(clause=p.clause) if p.clause
                else _("reserve @{ambition}").format(ambition=p.ambition))
    if p.stance == "object":
        return _("obj {reason}").format(reason=p.reason)
    return _("support")


def red_line_text(view: View, line: RedLine) -> str:
    """A red line and, if it has one, the note that says what is at stake."""
    text = describe_red_line(line, view)
    return f"{text}: {line.note}" if line.note else text


def pledge_text(view: View, pledge: Pledge) -> str:
    """One standing promise between the viewer and another seat, in words."""
    mine = pledge.by == view.seat
    if pledge.terms and pledge.clause:
        text = (_("You: your item will carry “{clause}”") if mine
                else _("{member}: its item will carry “{clause}”"))
    elif pledge.terms:
        text = (_("You: your item will go no higher than ambition {ambition}") if mine
                else _("{member}: its item will go no higher than ambition {ambition}"))
    else:
        text = (_("You will support {other}'s item") if mine
                else _("{member} will support your item"))
    return text.format(member=name(view, pledge.by), other=name(view, pledge.to),
                       clause=clause_name(view, pledge.clause), ambition=pledge.ambition)


def why_text(view: View, private: bool = True) -> str:
    """Who blocks the item on the table and why, in words, from what this seat may know:
    every member's public position with its stated concern, then what this seat's own
    consultations revealed (red lines with their notes, the clauses asked as a price),
    then every member's public role (`private=False`, as on a hot-seat table nobody
    holds: the public parts only). For the Why panel; no rule is recomputed here."""
    lines: list[str] = []
    tab = on_table(view)
    if tab is None:
        waiting = [view.measures[t.measure].name for t in view.pending]
        lines.append(_("Nothing is under deliberation now.")
                     + (" " + _("Tabled and waiting: {measures}.").format(
                         measures=", ".join(waiting)) if waiting else ""))
    else:
        measure = view.measures[tab.measure]
        clauses = "".join(", " + _("with {clause}").format(clause=clause_name(view, c))
                          for c in sorted(tab.clauses))
        lines.append(_("On the table: {measure} at ambition {ambition} ({level}), tabled by "
                       "{member}{clauses}.").format(
            measure=measure.name, ambition=tab.ambition, level=measure.levels[tab.ambition - 1],
            member=name(view, tab.sponsor), clauses=clauses))
        for seat in view.seats:
            if seat == tab.sponsor:
                continue
            p = tab.positions.get(seat)
            who = _("You") if seat == view.seat else name(view, seat)
            if p is None:
                lines.append("- " + _("{member}: has not declared yet.").format(member=who))
                continue
            if p.stance == "object":
                said = _("{member}: objects, stating {reason}.")
            elif p.stance == "reserve" and p.clause:
                said = (_("{member}: reserves, asking for the clause {clause} (met by the text "
                          "now).") if tab.met(p) else
                        _("{member}: reserves, asking for the clause {clause} (not met: it "
                          "blocks)."))
            elif p.stance == "reserve":
                said = (_("{member}: reserves, asking for ambition {ambition} or lower (met by "
                          "the text now).") if tab.met(p) else
                        _("{member}: reserves, asking for ambition {ambition} or lower (not "
                          "met: it blocks)."))
            else:
                said = _("{member}: supports.")
            lines.append("- " + said.format(member=who, reason=reason_text(view, p.reason),
                                            clause=clause_name(view, p.clause),
                                            ambition=p.ambition))
        blocking = [name(view, s) for s in tab.blocking()]
        lines.append(_("Blocking the text as it stands: {members}.").format(
            members=", ".join(blocking)) if blocking
            else _("Nothing blocks the text as it stands."))
    if view.soundings and private:
        lines += ["", _("What your consultations revealed (private):")]
        for seat, sounding in view.soundings.items():
            found = [red_line_text(view, r) for r in sounding.red_lines]
            prices = [clause_name(view, o.clause) for o in sounding.prices if o.clause]
            lines.append("- " + _("{member} (round {round}): red lines: {red_lines}").format(
                member=name(view, seat), round=sounding.round,
                red_lines="; ".join(found) if found else _("none"))
                + (". " + _("Would support for: {clauses}").format(clauses=", ".join(prices))
                   if prices else "") + ".")
    lines += ["", _("Public roles:")]
    for seat in view.seats:
        member = view.members[seat]
        role = "; ".join(o.note or o.kind for o in member.objectives)
        lines.append(f"- {name(view, seat)} ({member.stance}): {member.summary}"
                     + (" " + _("Role: {role}.").format(role=role) if role else ""))
    return "\n".join(lines)


def round_summary(start: View, end: View, private: bool = True) -> str:
    """What meeting `start.round` came to, from the seat's first and last view of it:
    what was decided, who gained and lost face (and, for the seat's own eyes, trust in
    it), and where the norm stands. Differences of what the views show; no rule here."""
    decided = [f"{view_measure(end, o.measure)}: {o.result}"
               + (" " + _("at ambition {ambition}").format(ambition=o.ambition)
                  if o.result.adopted else "")
               for o in end.outcomes if o.round == start.round]
    lines = [_("Round {round}: {decided}.").format(
        round=start.round, decided="; ".join(decided) if decided else _("nothing was decided"))]
    face = _changes(end, {s: end.face[s] - start.face.get(s, end.face[s]) for s in end.seats})
    lines.append(_("Face: {changes}.").format(changes=face) if face else _("Face: no change."))
    if private:
        trust = _changes(end, {s: v - start.trust_from.get(s, v)
                               for s, v in end.trust_from.items()})
        lines.append(_("Trust in you: {changes}.").format(changes=trust) if trust
                     else _("Trust in you: no change."))
    lines.append(_("Norm: {holders} of {members} members hold it (were {were}); stage "
                   "{stage}.").format(holders=len(end.norm_adopters), members=len(end.seats),
                                      were=len(start.norm_adopters), stage=end.stage))
    return "\n".join(lines)


def view_measure(view: View, measure: str) -> str:
    return view.measures[measure].name if measure in view.measures else measure


def _changes(view: View, deltas: dict[str, float]) -> str:
    """`Laos +3, Myanmar -2` for the non-zero changes, largest first."""
    moved = sorted(((d, s) for s, d in deltas.items() if abs(d) >= 0.05),
                   key=lambda x: -abs(x[0]))
    return ", ".join(f"{name(view, s)} {signed(round(d, 1))}" for d, s in moved)


def member_text(view: View, seat: str, moves: Sequence[str], private: bool = True) -> str:
    """One member as this seat knows it: public role, standing, position, and (for the
    seat's own eyes) what its consultations revealed; then `moves`, its public moves so
    far in words. For the inspect panel; nothing hidden from the view is shown."""
    member = view.members[seat]
    lines = [f"{name(view, seat)} ({member.stance}): {member.summary}"]
    role = "; ".join(o.note or o.kind for o in member.objectives)
    if role:
        lines.append(_("Public role: {role}.").format(role=role))
    standing = _("Face {face:.0f}; capability {capability:.1f}").format(
        face=view.face[seat], capability=view.capability[seat])
    if seat != view.seat:
        standing += _("; its trust in you {theirs:.0f}, yours in it {yours:.0f}").format(
            theirs=view.trust_from[seat], yours=view.trust_to[seat])
    lines.append(standing + ".")
    lines.append(_("It holds the norm of regional peacekeeping.") if seat in view.norm_adopters
                 else _("It has not adopted the norm of regional peacekeeping."))
    if view.chair == seat:
        lines.append(_("It chairs this meeting."))
    position = position_text(view, seat)
    if position:
        lines.append(_("On the item on the table: {position}.").format(position=position))
    sounding = view.soundings.get(seat) if private else None
    if sounding is not None:
        touchy = sorted(sounding.sensitivity.items(), key=lambda kv: -kv[1])[:3]
        found = "; ".join(red_line_text(view, r) for r in sounding.red_lines)
        lines += ["", _("What your consultation revealed (round {round}, private):").format(
                      round=sounding.round),
                  _("- most sensitive on {norms}").format(norms=", ".join(
                      f"{reason_text(view, n)} {v:g}" for n, v in touchy)),
                  _("- red lines: {lines}").format(lines=found or _("none"))]
        prices = [clause_name(view, o.clause) for o in sounding.prices if o.clause]
        if prices:
            lines.append(_("- would support for: {clauses}").format(clauses=", ".join(prices)))
    elif seat != view.seat:
        lines += ["", _("Consult it in private to learn its red lines and its price.")]
    lines += ["", _("Its moves so far:"), *(f"- {m}" for m in moves or [_("none yet")])]
    return "\n".join(lines)


def measure_text(view: View, mid: str, history: Sequence[str]) -> str:
    """One measure: what it is, its ambition levels, prerequisites, clauses and strain,
    its sources, then `history`, what happened to it in this game, in words."""
    m = view.measures[mid]
    tab = on_table(view)
    current = tab.ambition if tab is not None and tab.measure == mid else view.adopted.get(mid)
    lines = [_("{measure} (intrusiveness {intrusiveness}, {stage})").format(
        measure=m.name, intrusiveness=m.intrusiveness, stage=m.stage)]
    if m.summary:
        lines.append(m.summary)
    lines += ["", _("Ambition levels:")]
    lines += [f"{'>' if n == current else ' '} {n}. {text}"
              for n, text in enumerate(m.levels, 1)]
    if m.requires:
        lines.append(_("Needs first: {measures}").format(measures=", ".join(
            f"{view_measure(view, r)} ("
            + (_("adopted") if r in view.adopted else _("not adopted")) + ")"
            for r in m.requires)))
    strain = [f"{reason_text(view, n)} {v:g}" for n, v in m.norms.items() if v]
    if strain:
        lines.append(_("Strain at full ambition: {norms}").format(norms=", ".join(strain)))
    if m.clauses:
        lines += ["", _("Safeguard clauses it can carry:")]
        lines += [f"- {clause_name(view, c)}: {view.rules.clauses[c].text}"
                  if c in view.rules.clauses else f"- {c}" for c in m.clauses]
    if m.sources:
        lines.append(_("Sources: {sources}").format(sources=", ".join(m.sources)))
    lines += ["", _("In this game:"), *(f"- {h}" for h in history or [_("nothing yet")])]
    return "\n".join(lines)
