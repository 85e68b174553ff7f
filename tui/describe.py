"""Words for the screens: actions, their consequences, objectives, positions.

Every figure quoted comes from the view (`view.rules`, the measures, the event), so
what a dialog promises is what the engine will do; nothing here decides legality.
"""

from __future__ import annotations

from game import Action, RedLine, Verb, View
from game.rules.norms import describe as describe_red_line
from game.rules.norms import persuasion_step, strains
from game.rules.state import Pledge, Position, Tabling

VERB_LABELS: dict[Verb, str] = {
    Verb.CONVENE: "Convene", Verb.CONSULT: "Consult", Verb.PERSUADE: "Persuade",
    Verb.OFFER: "Make an offer", Verb.PASS: "Pass",
    Verb.TABLE: "Table a measure", Verb.SUPPORT: "Support", Verb.RESERVE: "Reserve",
    Verb.OBJECT: "Object", Verb.COMPROMISE: "Compromise text", Verb.AMEND: "Amend",
    Verb.CALL: "Call for decision", Verb.WITHDRAW: "Withdraw", Verb.DEFER: "Defer",
    Verb.PRESS: "Press to a vote", Verb.ADJOURN: "Adjourn",
    Verb.ACCEPT: "Accept", Verb.DECLINE: "Decline",
    Verb.TAKE_UP: "Take up an item", Verb.INFORMALS: "Informal consultations",
}


def signed(value: float) -> str:
    return f"{value:+g}"


def name(view: View, seat: str) -> str:
    member = view.members.get(seat)
    return member.name if member else seat


def action_label(view: View, action: Action) -> str:
    """A short line for a choice list."""
    verb = action.verb
    if verb is Verb.CONSULT:
        return f"Consult {name(view, action.target)}"
    if verb is Verb.PERSUADE:
        return f"Persuade {name(view, action.target)}"
    if verb is Verb.OFFER:
        terms = terms_text(view, action.ambition, action.clause)
        return f"Offer {name(view, action.target)}: {terms}"
    if verb is Verb.TABLE:
        measure = view.measures[action.target]
        carrying = f", with “{clause_name(view, action.clause)}”" if action.clause else ""
        return f"{measure.name}, ambition {action.ambition}/{measure.max_ambition}{carrying}"
    if verb is Verb.TAKE_UP:
        item = next(t for t in view.pending if t.measure == action.target)
        measure = view.measures[item.measure]
        return (f"{measure.name}, ambition {item.ambition}/{measure.max_ambition}, "
                f"tabled by {name(view, item.sponsor)}")
    if verb in (Verb.RESERVE, Verb.AMEND, Verb.COMPROMISE):
        if action.clause:
            return f"{VERB_LABELS[verb]}: add \u201c{clause_name(view, action.clause)}\u201d"
        return f"{VERB_LABELS[verb]} at ambition {action.ambition}: {_level(view, action)}"
    if verb is Verb.OBJECT:
        return f"Object: {reason_text(view, action.reason)}"
    return VERB_LABELS[verb]


def concern_label(view: View, action: Action) -> str:
    """A reservation's stated concern, for the second step of choosing one."""
    return f"My concern: {reason_text(view, action.reason)}"


def concern_effect(view: View, action: Action) -> str:
    return (f"Your reservation states {reason_text(view, action.reason)} as the concern "
            "behind it. Everyone reads it in the log; choose the one that really weighs "
            "most for you, or the one you want the room to hear.")


def terms_text(view: View, ambition: int, clause: str) -> str:
    """An offer's terms in a few words, from the offerer's side."""
    if clause:
        return f"my item carries “{clause_name(view, clause)}”, you support it"
    if ambition:
        return f"my item goes no higher than ambition {ambition}, you support it"
    return "each supports the other's item"


def _promise_cost(view: View) -> str:
    r = view.rules
    return (f"Nothing enforces a promise but trust: breaking it costs {signed(r.trust_broken)} "
            f"trust with the one deceived, keeping it earns {signed(r.trust_kept)}. It holds "
            "for this meeting only.")


def _offer_consequence(view: View, action: Action) -> str:
    other = name(view, action.target)
    if action.clause or action.ambition:
        deal = (f"Your item at this meeting will {'carry' if action.clause else 'go no higher'}"
                + (f" “{clause_name(view, action.clause)}” (you table it with the "
                   "clause)" if action.clause else f" than ambition {action.ambition}")
                + f"; in return {other} supports it.")
    else:
        deal = f"You and {other} each support the other's item at this meeting."
    return (f"A private, non-binding offer to {other}, instead of a consultation: {deal} "
            f"{other} accepts or declines at once; only the two of you see it. "
            + _promise_cost(view))


def _accept_consequence(view: View) -> str:
    offer = view.offer
    if offer is None:
        return "Accept."
    other = name(view, offer.offerer)
    if offer.clause or offer.ambition:
        theirs = (f"{other}'s item at this meeting will "
                  + (f"carry “{clause_name(view, offer.clause)}”" if offer.clause
                     else f"go no higher than ambition {offer.ambition}"))
        deal = (f"{theirs}, and you promise to support it whenever its text meets that; "
                "reserving or objecting then breaks your promise.")
    else:
        deal = (f"You and {other} each promise to support the other's item at this meeting; "
                "reserving or objecting breaks your promise.")
    return f"Accept {other}'s offer: {deal} " + _promise_cost(view)


def clause_name(view: View, clause: str) -> str:
    found = view.rules.clauses.get(clause)
    return found.name if found else clause


def _clause_effect(view: View, clause: str) -> str:
    """What a safeguard clause does, from the rules: its words, relief and cost."""
    c = view.rules.clauses[clause]
    relief = ", ".join(f"{n} -{v:.0%}" for n, v in c.relief.items())
    return (f"The text would say: {c.text}. Strain {relief} for everyone; the measure "
            f"keeps {1 - c.cost:.0%} of its value.")


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
        return "Open the meeting: informal consultations (musyawarah) begin."
    if verb is Verb.CONSULT:
        return (f"A private sounding with {name(view, action.target)}: each of you learns "
                f"the other's sensitivities, red lines and the clauses it would ask for its "
                f"support; trust {signed(r.trust_consult)} "
                "both ways. Only the two of you see it in the log.")
    if verb is Verb.PERSUADE:
        return _persuade_consequence(view, action)
    if verb is Verb.OFFER:
        return _offer_consequence(view, action)
    if verb is Verb.PASS:
        return "Say nothing in this phase and let the next delegate speak."
    if verb is Verb.TABLE:
        return _table_consequence(view, action)
    if verb is Verb.SUPPORT:
        return "Join the consensus on the measure as it stands."
    if verb is Verb.RESERVE and action.clause:
        return (f"Join consensus only if the text adds \u201c{clause_name(view, action.clause)}"
                f"\u201d: until it does, your reservation blocks adoption. "
                + _clause_effect(view, action.clause))
    if verb is Verb.RESERVE:
        return (f"Join consensus only at ambition {action.ambition}: until the sponsor "
                "amends down to it, your reservation blocks adoption.")
    if verb is Verb.OBJECT:
        text = (f"Block the consensus, giving {reason_text(view, action.reason)} as your "
                f"reason. The sponsor's trust in you changes by {signed(r.trust_object)}.")
        if view.tabled is not None and view.tabled.compromise:
            text += (" Objecting to the chair's compromise costs you "
                     f"{signed(r.face_object_compromise)} face.")
        return text
    if verb is Verb.COMPROMISE:
        change = (f"that adds \u201c{clause_name(view, action.clause)}\u201d. "
                  + _clause_effect(view, action.clause) if action.clause else
                  f"at ambition {action.ambition}: {_level(view, action)}.")
        return (f"As chair, offer a compromise text {change} Objections lapse and members "
                "declare again.")
    if verb is Verb.AMEND:
        left = r.max_amendments - (view.tabled.amendments if view.tabled else 0) - 1
        change = (f"Add \u201c{clause_name(view, action.clause)}\u201d to your proposal. "
                  + _clause_effect(view, action.clause) if action.clause else
                  f"Lower your proposal to ambition {action.ambition}: {_level(view, action)}.")
        return f"{change} Members declare again; {left} amendment(s) left after this."
    if verb is Verb.CALL:
        return ("Call for a decision while some still block: you will then have to "
                "withdraw, defer or press.")
    if verb is Verb.WITHDRAW:
        return f"Withdraw the proposal quietly: face {signed(r.face_withdraw)} for you."
    if verb is Verb.DEFER:
        return (f"Defer to a later meeting: face {signed(r.face_defer)} for you; the measure's "
                f"strain on the norms eases by {r.deferral_relief:g} per deferral.")
    if verb is Verb.PRESS:
        return (f"Press to a public decision: it fails if anyone still objects. Face "
                f"{signed(r.face_press_sponsor)} for you and {signed(r.face_press_objector)} "
                f"for each objector; trust {signed(r.trust_press)} both ways with them."
                + (" ASEAN minus X may let it pass without the objectors, if each of them "
                   "consents to stand aside." if r.minus_x else ""))
    if verb is Verb.ADJOURN:
        return "Close the review: the next round opens, or the game ends after the last."
    if verb in (Verb.ACCEPT, Verb.DECLINE) and view.offer is not None:
        return (_accept_consequence(view) if verb is Verb.ACCEPT
                else "Decline the offer: no promise either way, and no cost.")
    if verb in (Verb.ACCEPT, Verb.DECLINE):
        return _answer_consequence(view, verb is Verb.ACCEPT)
    if verb is Verb.TAKE_UP:
        return ("As chair you set the order of the agenda: the meeting deliberates this "
                "item next, and the others after it.")
    if verb is Verb.INFORMALS:
        return _informals_consequence(view)
    return ""


def _informals_consequence(view: View) -> str:
    times = view.rules.chair_informals
    once = "once" if times == 1 else f"{times} times"
    return ("As chair, use your good offices (Charter Art. 32(c)): set the blocked item "
            "aside for informal consultations. Every member, from you on, may consult "
            "once more or pass; then those who blocked it declare again on the same "
            f"text. You can do this {once} per meeting.")


def question(view: View) -> str:
    """The question `accept` and `decline` answer now: the event card's choice at the
    briefing, an offer in the consultation, the request to stand aside under ASEAN
    minus X at the decision."""
    if view.offer is not None:
        offer = view.offer
        terms = terms_text(view, offer.ambition, offer.clause)
        return f"{name(view, offer.offerer)} offers you, in private: {terms}. Do you accept?"
    if view.tabled is not None and view.tabled.pressed:
        measure = view.measures[view.tabled.measure]
        return (f"{name(view, view.tabled.sponsor)} presses {measure.name}: do you stand "
                "aside so the others adopt it without you (ASEAN minus X)?")
    choice = view.event.choice if view.event else None
    return choice.question if choice else ""


def _answer_consequence(view: View, accept: bool) -> str:
    r = view.rules
    tab = view.tabled
    if tab is not None and tab.pressed:
        measure = view.measures[tab.measure].name
        if accept:
            return (f"Consent: if every objector asked consents, {measure} is adopted "
                    "without you; you opt out and gain no capability from it, and your "
                    f"trust in the sponsor changes by {signed(r.trust_press / 2)}.")
        return ("Refuse: there is no consensus to apply ASEAN minus X (Charter Art. 21(2)), "
                f"so the press fails in public: face {signed(r.face_press_sponsor)} for the "
                f"sponsor and {signed(r.face_press_objector)} for each objector; trust "
                f"{signed(r.trust_press)} both ways between them.")
    assert view.event is not None and view.event.choice is not None
    option = view.event.choice.accept if accept else view.event.choice.decline
    costs = [f"face {signed(option.face)} for you" if option.face else "",
             f"every other member's trust in you {signed(option.trust)}" if option.trust
             else "",
             f"capability {signed(option.capability)}" if option.capability else "",
             *(f"strain on {n} {signed(v)} this round" for n, v in option.strain.items()),
             *(f"{view.measures[m].name if m in view.measures else m} worth "
               f"{signed(v)} this round" for m, v in option.boost.items())]
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
    return (f"Argue the case for regional peacekeeping cooperation with {who}, in private. "
            f"It costs your turn: no consultation this meeting. {who}'s sensitivity to "
            f"{norms} moves down by {step:.2f} (its trust in you is {trust:g}; your "
            f"peacekeeping record {view.capability[view.seat]:g}). It adopts the norm once "
            f"its mean sensitivity on them falls to {r.persuasion_adopt_at:g}. Only the two "
            "of you see it in the log.")


def _table_consequence(view: View, action: Action) -> str:
    r = view.rules
    measure = view.measures[action.target]
    load = strains(measure, action.ambition, view.event, view.deferred.get(measure.id, 0),
                   r.deferral_relief)
    strain = ", ".join(f"{n} {v:.2f}" for n, v in load.items() if v > 0) or "none"
    return (f"{measure.levels[action.ambition - 1]}\n"
            f"Norm strain at this level: {strain}.\n"
            f"If adopted by consensus: face {signed(r.face_adopted_sponsor)} for you as "
            f"sponsor, {signed(r.face_adopted_chair)} for the chair. Every member then "
            "supports, reserves or objects; one objection blocks.")


def on_table(view: View) -> Tabling | None:
    """The item under deliberation, if any. In the review the engine still holds the
    item that was just concluded in `tabled`; the board then shows its outcome (adopted,
    blocked, deferred...) instead, not a live "tabled" item with its old positions."""
    return None if view.phase == "review" else view.tabled


def position_text(view: View, seat: str) -> str:
    """A member's public position on the tabled measure."""
    tab = on_table(view)
    if tab is None:
        return ""
    if seat == tab.sponsor:
        return f"sponsor @{tab.ambition}" + "".join(f" +{c}" for c in sorted(tab.clauses))
    p: Position | None = tab.positions.get(seat)
    if p is None:
        return "..."
    if p.stance == "reserve":
        return f"reserve +{p.clause}" if p.clause else f"reserve @{p.ambition}"
    if p.stance == "object":
        return f"obj {p.reason}"
    return p.stance


def red_line_text(view: View, line: RedLine) -> str:
    """A red line and, if it has one, the note that says what is at stake."""
    text = describe_red_line(line, view)
    return f"{text}: {line.note}" if line.note else text


def pledge_text(view: View, pledge: Pledge) -> str:
    """One standing promise between the viewer and another seat, in words."""
    mine = pledge.by == view.seat
    who = "You" if mine else name(view, pledge.by)
    if pledge.terms:
        change = (f"carry \u201c{clause_name(view, pledge.clause)}\u201d" if pledge.clause
                  else f"go no higher than ambition {pledge.ambition}")
        return f"{who}: {'your' if mine else 'its'} item will {change}"
    whose = f"{name(view, pledge.to)}'s" if mine else "your"
    return f"{who} will support {whose} item"


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
        lines.append("Nothing is under deliberation now."
                     + (f" Tabled and waiting: {', '.join(waiting)}." if waiting else ""))
    else:
        measure = view.measures[tab.measure]
        clauses = "".join(f", with {clause_name(view, c)}" for c in sorted(tab.clauses))
        lines.append(f"On the table: {measure.name} at ambition {tab.ambition} "
                     f"({measure.levels[tab.ambition - 1]}), tabled by "
                     f"{name(view, tab.sponsor)}{clauses}.")
        for seat in view.seats:
            if seat == tab.sponsor:
                continue
            p = tab.positions.get(seat)
            who = "You" if seat == view.seat else name(view, seat)
            if p is None:
                lines.append(f"- {who}: has not declared yet.")
            elif p.stance == "object":
                lines.append(f"- {who}: objects, stating {reason_text(view, p.reason)}.")
            elif p.stance == "reserve":
                asks = (f"the clause {clause_name(view, p.clause)}" if p.clause
                        else f"ambition {p.ambition} or lower")
                met = "met by the text now" if tab.met(p) else "not met: it blocks"
                lines.append(f"- {who}: reserves, asking for {asks} ({met}).")
            else:
                lines.append(f"- {who}: supports.")
        blocking = [name(view, s) for s in tab.blocking()]
        lines.append("Blocking the text as it stands: " + ", ".join(blocking) + "."
                     if blocking else "Nothing blocks the text as it stands.")
    if view.soundings and private:
        lines += ["", "What your consultations revealed (private):"]
        for seat, sounding in view.soundings.items():
            found = [red_line_text(view, r) for r in sounding.red_lines]
            prices = [clause_name(view, o.clause) for o in sounding.prices if o.clause]
            lines.append(f"- {name(view, seat)} (round {sounding.round}): red lines: "
                         + ("; ".join(found) if found else "none")
                         + (f". Would support for: {', '.join(prices)}" if prices else "")
                         + ".")
    lines += ["", "Public roles:"]
    for seat in view.seats:
        member = view.members[seat]
        role = "; ".join(o.note or o.kind for o in member.objectives)
        lines.append(f"- {member.name} ({member.stance}): {member.summary}"
                     + (f" Role: {role}." if role else ""))
    return "\n".join(lines)


def round_summary(start: View, end: View, private: bool = True) -> str:
    """What meeting `start.round` came to, from the seat's first and last view of it:
    what was decided, who gained and lost face (and, for the seat's own eyes, trust in
    it), and where the norm stands. Differences of what the views show; no rule here."""
    decided = [f"{view_measure(end, o.measure)}: {o.result}"
               + (f" at ambition {o.ambition}" if o.result.adopted else "")
               for o in end.outcomes if o.round == start.round]
    lines = [f"Round {start.round}: " + ("; ".join(decided) if decided
                                        else "nothing was decided") + "."]
    face = _changes(end, {s: end.face[s] - start.face.get(s, end.face[s]) for s in end.seats})
    lines.append(f"Face: {face}." if face else "Face: no change.")
    if private:
        trust = _changes(end, {s: v - start.trust_from.get(s, v)
                               for s, v in end.trust_from.items()})
        lines.append(f"Trust in you: {trust}." if trust else "Trust in you: no change.")
    was = len(start.norm_adopters)
    lines.append(f"Norm: {len(end.norm_adopters)} of {len(end.seats)} members hold it "
                 f"(were {was}); stage {end.stage}.")
    return "\n".join(lines)


def view_measure(view: View, measure: str) -> str:
    return view.measures[measure].name if measure in view.measures else measure


def _changes(view: View, deltas: dict[str, float]) -> str:
    """`Laos +3, Myanmar -2` for the non-zero changes, largest first."""
    moved = sorted(((d, s) for s, d in deltas.items() if abs(d) >= 0.05),
                   key=lambda x: -abs(x[0]))
    return ", ".join(f"{name(view, s)} {signed(round(d, 1))}" for d, s in moved)
