"""The `expert` bot: information-set search from its own view, never the full state.

It is the `hard` bot's lookahead made robust to what it cannot see. Instead of one
imagined game it samples several (determinization, as in perfect-information Monte
Carlo): every member its consultations sounded as they revealed themselves, every other
one drawn around the public prior of its stance and redrawn until it would have taken
the public stands it was seen to take, since the sensitivities and appetite for
cooperation of a member nobody has sounded are exactly what the seat does not know.
A member that objected to a text it would have supported as pictured, sounded or not,
is given the hidden reluctance that explains it (`reconciled`): a sounding reveals
sensitivities, prices and red lines, not private goals.
It plays each candidate move out in every sampled world, with every seat as a
historical bot, to the end of the *next* meeting (a deferral, a pressed text or a
broken promise shows its cost there), and keeps the move with the best mean score,
unless that mean beats what the priors' means advise by less than `MARGIN`.
Successive halving spends the budget on the moves still in the running: all of them
are tried in the first worlds, the better half goes on to the next ones. A search
cannot value information (in an imagined game everything is known), so it sounds a
seat in every consultation it has nothing better to do in, unless it is campaigning for
the norm its objectives ask for (`campaign`), and, with a meeting still to come, it
tables a text within reach rather than nothing (`venture`). In a consultation it weighs
an offer of every price it knows, where the hard bot weighs the first one only.

The budget is a number of playouts, not a clock, so a seed gives the same game on any
machine. Its randomness comes from its seed and the move number alone: two games that
look the same to this seat get the same decision, whatever the others hold in private.
"""

from __future__ import annotations

import math
import random
from collections.abc import Mapping, Sequence

import attrs

from game.bots.hard import HardBot, candidates, determinize
from game.bots.historical import (
    OBJECTIVE_WEIGHT,
    arguments_needed,
    imagined_member,
    persuasion,
    price_offers,
    tableable_now,
    text_strains,
    utility,
)
from game.rules.actions import Action, Verb
from game.rules.enums import LogKind, Stance
from game.rules.frozen import FrozenDict
from game.rules.model import STAGES, Member, Objective
from game.rules.norms import crossed
from game.rules.state import GameState
from game.rules.view import View, view

WORLDS = 4
"""Imagined games per decision: the first from the priors' means, the rest sampled."""
SPREAD = 0.5
"""How far an unsounded member's sensitivity to a norm may lie from its stance's prior
(on the 0-3 scale)."""
COOPERATION_SPREAD = 0.3
"""The same for its appetite for cooperation, as a share of the prior."""
MARGIN = 2.0
"""Score points a move must gain on average over the samples to overrule the move the
priors' means advise: the samples know nothing of hidden objectives and red lines, so a
small edge in them is as likely a guess as a finding."""
TRIES = 12
"""Draws per unsounded member before settling for the one closest to what it did."""
KEEP = 3
"""Successive halving never cuts the field below this many moves."""
WITHIN_REACH = 0.5
"""How far below support (in points of its weighing) a member, as the priors' means
picture it, may weigh a text the expert ventures to table: a gap that the members' hidden
objectives and appetite for cooperation can close."""
REFUSAL = 0.1
"""How far below support (in points of its weighing) `reconciled` puts a text a member
objected to: just enough to refuse it again."""
BUDGET = 4_000
"""Imagined moves per decision, over all its playouts. Halving keeps no more moves
than the rest of the budget affords at the pace so far, spread over the worlds left
(never fewer than `KEEP`, and the first world tries every move, for the anchor). A
count, not a clock, so a seed gives the same game on any machine; it bounds the
slowest decisions, the round-1 tablings of the largest scenario, where twenty-odd
texts each play out over two meetings."""


class ExpertBot(HardBot):
    kind = "expert"
    blurb = "reads the unseen"
    horizon = 1

    def sound(self, v: View, legal: Sequence[Action], world: GameState) -> Action:
        """As the hard bot, but a campaign for the norm comes first, and with nothing of
        its own to table it still sounds someone: every profile it learns is one its
        search no longer has to guess."""
        argue = campaign(v, legal)
        if argue:
            return argue
        choice = super().sound(v, legal, world)
        if choice.verb is Verb.PASS:
            return likeliest_blocker(v, legal, world) or choice
        return choice

    def choose(self, v: View, legal: Sequence[Action], worlds: Sequence[GameState]
               ) -> Action:
        """As the hard bot, but where its search would table nothing, with a meeting
        still to come, it ventures a text within reach if there is one."""
        choice, first = self.search(worlds, candidates(v, legal))
        if choice.verb is Verb.PASS and v.round < v.rounds:
            return venture(v, worlds[0], first, choice) or choice
        return choice

    def offers(self, v: View, legal: Sequence[Action]) -> list[Action]:
        """Every known price, one offer a seat: the blocker that matters need not be
        the first one sounded (2018 Cambodia offered Laos its price, not Thailand)."""
        return price_offers(v, v.me, legal)

    def worlds(self, v: View) -> list[GameState]:
        """The priors' means, then `WORLDS - 1` samples, each member reconciled with
        the objections it was seen to make."""
        rng = random.Random(f"expert:{self.seed}:{v.seat}:{v.seq}")
        return self.sharing([
            determinize(v, lambda view_, seat: reconciled(view_, seat, imagined_member(
                view_, seat)))] + [
            determinize(v, lambda view_, seat: reconciled(view_, seat, sampled_member(
                view_, seat, rng)))
            for _ in range(WORLDS - 1)])

    def best(self, worlds: Sequence[GameState], moves: Sequence[Action]) -> Action:
        return self.search(worlds, moves)[0]

    def search(self, worlds: Sequence[GameState], moves: Sequence[Action]
               ) -> tuple[Action, dict[Action, float]]:
        """The move with the highest mean over the worlds it was tried in, halving the
        field after each world, within `BUDGET`; on a tie, the earliest in `moves`
        (agreement first). The samples must earn a departure from what the priors'
        means advise: another move is taken only if its mean is `MARGIN` points
        higher. Also every move's score in the first world, the priors' means."""
        alive = list(moves)
        totals = dict.fromkeys(alive, 0.0)
        start, playouts = self.imagined_moves, 0
        for i, world in enumerate(worlds):
            for action in alive:
                totals[action] += self.evaluate(world, action)
            playouts += len(alive)
            if i == 0:
                first = dict(totals)
                anchor = max(alive, key=lambda a: (totals[a], -alive.index(a)))
            left = len(worlds) - 1 - i
            if left and len(alive) > KEEP:
                spent = self.imagined_moves - start
                affordable = (BUDGET - spent) * playouts // (spent * left)
                ranked = sorted(alive, key=lambda a: -totals[a])  # stable: ties keep order
                keep = {*ranked[:max(KEEP, min((len(alive) + 1) // 2, affordable))], anchor}
                alive = [a for a in alive if a in keep]
        top = max(alive, key=lambda a: (totals[a], -alive.index(a)))
        gain = (totals[top] - totals[anchor]) / len(worlds)
        return (top if gain >= MARGIN else anchor), first


def venture(v: View, anchor: GameState, first: Mapping[Action, float], choice: Action
            ) -> Action | None:
    """The text to table instead of `choice` (a pass), or None. A search cannot value
    what a deferral teaches (who objects, and why) or the chance that the members are
    less reluctant than their priors, so it leaves on the shelf a text its imagined
    objectors only just refuse. This takes the tabling of a text this seat wants (it
    weighs it above zero) that no other member, as the priors' means picture it
    (`anchor`), weighs more than `WITHIN_REACH` below support, and whose score there
    (`first`) is at most a deferral's loss of face below `choice`'s: the best scoring,
    then the one this seat weighs highest."""
    own = {a: utility(v, v.me, a.target, a.ambition, v.seat)
           for a in first if a.verb is Verb.TABLE}
    others = [(member, view(anchor, seat))
              for seat, member in anchor.scenario.members.items() if seat != v.seat]
    rules = v.rules
    floor = first[choice] + rules.face_defer * rules.face_weight - 1e-9
    near = [a for a, weight in own.items() if weight > 0 and first[a] >= floor and all(
        utility(seen, member, a.target, a.ambition, v.seat) >= -WITHIN_REACH
        for member, seen in others)]
    return max(near, key=lambda a: (first[a], own[a])) if near else None


def campaign(v: View, legal: Sequence[Action]) -> Action | None:
    """The persuasion that works toward this seat's objective for the norm, or None.
    An imagined game ends long before arguments add up to a convert, so the search
    never values one; this argues instead of sounding while the norm is short of the
    stage the objective asks, the consultations left (one a meeting and the chair's
    informals) could still win the holders it lacks (`arguments_needed`), and either
    two holders or more are missing or the campaign has begun (one adoption can tip
    the norm alone: the sponsor of an intrusive measure the region adopts holds it)."""
    goal = max((STAGES.index(o.stage) for o in v.me.objectives if o.kind == "norm"),
               default=0)
    options = [a for a in legal if a.verb is Verb.PERSUADE]
    if goal <= STAGES.index(v.stage) or not options:
        return None
    rules = v.rules
    share = rules.tipping_point if goal == 1 else rules.internalization
    missing = math.ceil(share * len(v.seats) - 1e-9) - len(v.norm_adopters)
    needs = sorted(arguments_needed(v, a.target) for a in options)
    left = (1 + rules.chair_informals) * (v.rounds - v.round + 1)
    begun = any(e.kind is LogKind.PERSUADE and e.seats[0] == v.seat for e in v.log)
    if not 0 < missing <= len(needs) or sum(needs[:missing]) > left or (
            missing < 2 and not begun):
        return None
    return persuasion(v, legal)


def likeliest_blocker(v: View, legal: Sequence[Action], world: GameState) -> Action | None:
    """The consultation with the unsounded seat whose prior makes it the likeliest to
    block anything that can be tabled next; None when no such consultation is open."""
    now = tableable_now(v)
    options = [a for a in legal if a.verb is Verb.CONSULT and a.target not in v.soundings]
    if not now or not options:
        return None

    def reluctance(action: Action) -> tuple[float, str]:
        other = world.scenario.members[action.target]
        seen = view(world, other.id)
        return min(utility(seen, other, m, v.measures[m].max_ambition, v.sponsor)
                   for m in now), action.target

    return min(options, key=reluctance)


def sampled_member(v: View, seat: str, rng: random.Random) -> Member:
    """Another seat as one sampled world has it: as sounded if this seat sounded it;
    else its stance's prior moved by a random step on each norm and on cooperation,
    redrawn (up to `TRIES` times) until it would have taken every public stand this
    seat saw it take, or as close to that as the draws came."""
    member = imagined_member(v, seat)
    if seat in v.soundings:
        return member
    seen = stands(v, seat)
    trusting = {sponsor: as_seen_by(v, seat, sponsor) for sponsor in {s[2] for s, _ in seen}}
    best, misses = member, len(seen) + 1
    for _ in range(TRIES):
        sensitivity = {n: min(3.0, max(0.0, x + rng.uniform(-SPREAD, SPREAD)))
                       for n, x in sorted(member.sensitivity.items())}
        cooperation = member.cooperation * (1 + rng.uniform(-COOPERATION_SPREAD,
                                                            COOPERATION_SPREAD))
        drawn = attrs.evolve(member, sensitivity=sensitivity, cooperation=cooperation)
        wrong = sum(would_support(trusting[stand[2]], drawn, stand) != supported
                    for stand, supported in seen)
        if wrong < misses:
            best, misses = drawn, wrong
        if not wrong:
            break
    return best


Stand = tuple[str, int, str, tuple[str, ...]]
"""A text a seat took a public stand on: measure, ambition, sponsor, clauses."""


def stands(v: View, seat: str) -> list[tuple[Stand, bool]]:
    """Every text `seat` was seen to support (True) or object to (False) at a decision,
    and its stand on the text now on the table."""
    seen = [((o.measure, o.ambition, o.sponsor, o.clauses), seat in o.supporters)
            for o in v.outcomes if seat in o.supporters or seat in o.objectors]
    tab = v.tabled
    position = tab.positions.get(seat) if tab else None
    if tab and position and position.stance in (Stance.SUPPORT, Stance.OBJECT):
        seen.append(((tab.measure, tab.ambition, tab.sponsor, tuple(sorted(tab.clauses))),
                     position.stance is Stance.SUPPORT))
    return seen


def as_seen_by(v: View, seat: str, sponsor: str) -> View:
    """`v` with `seat`'s trust toward `sponsor` as this seat can tell it: known only
    when the sponsor is this seat, else neutral."""
    trust = {v.seat: v.trust_from[seat]} if sponsor == v.seat else {}
    return attrs.evolve(v, trust_to=FrozenDict(trust))


def would_support(seen: View, member: Member, stand: Stand) -> bool:
    """Whether `member` as pictured would support the text, judged on `seen`
    (`as_seen_by`): it crosses none of the red lines the picture has, and weighs it at
    zero or more."""
    measure, ambition, sponsor, clauses = stand
    load = text_strains(seen, measure, ambition, clauses)
    return not crossed(member.red_lines, seen.measures[measure], ambition, load) and utility(
        seen, member, measure, ambition, sponsor, clauses, load) >= 0


def reconciled(v: View, seat: str, member: Member) -> Member:
    """`member` (another seat as pictured) with a hidden reluctance toward each measure
    it objected to at a level the picture says it would support: a `block` objective
    from the lowest such ambition up, worth just enough that it would object again
    (`REFUSAL`). A sounding reveals sensitivities, prices and red lines, not private
    goals, so without this the search keeps tabling a text a member it sounded has
    already refused."""
    refused: dict[str, tuple[int, float]] = {}  # measure -> lowest ambition, weight
    for stand, supported in stands(v, seat):
        seen = as_seen_by(v, seat, stand[2])
        if supported or not would_support(seen, member, stand):
            continue
        measure, ambition, sponsor, clauses = stand
        weight = utility(seen, member, measure, ambition, sponsor, clauses)
        low, most = refused.get(measure, (ambition, weight))
        refused[measure] = (min(low, ambition), max(most, weight))
    if not refused:
        return member
    return attrs.evolve(member, objectives=member.objectives + tuple(
        Objective("block", (weight + REFUSAL) / OBJECTIVE_WEIGHT, measure=measure,
                  max_ambition=low - 1)
        for measure, (low, weight) in sorted(refused.items())))
