"""Why a member declares what it does on the item on the table: the numbers, for authors.

A playtesting author sees Myanmar object and wants to know which number to change. This
lays out what the `historical` computer player weighs (`game.bots.historical.weigh`):
the value of the text, each norm's strain against the member's sensitivity, the
burden, trust in the sponsor, its objectives, and its red lines. Nothing is computed
here that the bot does not compute: the trace only names the bot's terms.
(The players' Why panel, `tui.screens.why`, says who blocks in words, from a seat's view.)
"""

from __future__ import annotations

from game.bots.historical import FACE_WEIGHT, promised_support, text_strains, weigh
from game.rules.norms import crossed, describe, main_concern
from game.rules.state import GameState
from game.rules.view import view


def explain(state: GameState, seat: str) -> list[str]:
    """Lines explaining how `seat` weighs the text on the table now (its whole private
    profile: this is for the author, not for a player)."""
    v = view(state, seat)
    tab = v.tabled
    me = v.me
    if tab is None:
        return [f"Nothing is on the table now: {me.name} weighs a text only when one is "
                "tabled. Play on to a deliberation and ask again."]
    measure = v.measures[tab.measure]
    clauses = sorted(tab.clauses)
    w = weigh(v, me, tab.measure, tab.ambition, tab.sponsor, clauses)
    load = text_strains(v, tab.measure, tab.ambition, clauses)
    names = v.rules.norm_names
    lines = [f"{me.name} on {tab.measure} at ambition {tab.ambition} of "
             f"{measure.max_ambition} (sponsor {tab.sponsor}; clauses: "
             f"{', '.join(clauses) or 'none'})",
             f"  value     {w.value:+7.2f}  cooperation {me.cooperation:g} x the "
             f"measure's value, at this share of its ambition"]
    for norm, cost in w.norms.items():
        lines.append(f"  {norm:<9} {-cost:+7.2f}  strain {load[norm]:.2f} x sensitivity "
                     f"{me.sensitivity.get(norm, 0.0):g} ({names.get(norm, '')})")
    lines += [f"  burden    {-w.burden:+7.2f}  capability {v.capability[seat]:g}, "
              f"burden {measure.burden:g}",
              f"  trust     {w.trust:+7.2f}  "
              + ("its own text" if tab.sponsor == seat
                 else f"trust toward {tab.sponsor}: {v.trust_to.get(tab.sponsor, 50.0):g}"),
              f"  objectives{w.objectives:+7.2f}  "
              + ("; ".join(f"{o.kind} {o.measure} ({o.points:g} pts)"
                           for o in me.objectives
                           if o.measure == tab.measure or o.kind == "progress")
                 or "none on this measure")]
    margin = 0.0
    if tab.compromise:
        margin = -v.rules.face_object_compromise * FACE_WEIGHT
        lines.append(f"  face      {margin:+7.2f}  objecting to the chair's compromise "
                     "costs face")
    lines.append(f"  total     {w.total + margin:+7.2f}  (at 0 or more it supports)")
    hit = crossed(me.red_lines, measure, tab.ambition, load)
    for line in me.red_lines:
        mark = "CROSSED: it objects whatever the total" if line in hit else "not crossed"
        lines.append(f"  red line: {describe(line, v)}: {mark}")
    if promised_support(v, seat, tab):
        lines.append(f"  it promised its support to {tab.sponsor}: it supports")
    reason, _ = main_concern(me, measure, tab.ambition, load)
    if reason:
        lines.append(f"  main concern (the reason it states): {reason}")
    position = tab.positions.get(seat)
    if position is not None:
        lines.append(f"  declared: {position.stance}"
                     + (f" (reason {position.reason})" if position.reason else ""))
    return lines
