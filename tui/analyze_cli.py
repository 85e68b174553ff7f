"""`mufakat analyze`: measurements over many seeded games (for now the agency table).

    mufakat analyze 2003-standby-force --agency --games 200 --jobs 2
    mufakat analyze all --agency --json > agency.json

`tui.cli` adds the command to its parser. The engine is imported only when it runs;
every expected failure is the CLI's error (a message and exit status 2), never a
traceback. The figures come from `game.play.analyze`, which documents them.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from typing import Any

ErrorFactory = Callable[..., Exception]
"""`CliError(message, status=2)` from `tui.cli`."""

SHORT = {"hard": "hard", "historical": "hist", "support-all": "supp", "object-all": "obj",
         "never-consult": "nocon", "top-ambition": "top", "object-then-accept": "ob-ac",
         "filibuster": "filib", "entrepreneur": "entre", "persuader": "pers",
         "promise-breaker": "break", "random": "rand", "expert": "exp"}
"""Column headers: the policies' names are too long for a table."""


def add_analyze_command(sub: Any, error: ErrorFactory) -> None:
    """Add `analyze` to `sub`, the parser's subparsers object."""
    p = sub.add_parser(
        "analyze", help="measure the rules over many seeded games (--agency: does each "
        "seat's choice of play change its score?)")
    p.add_argument("scenarios", nargs="+", metavar="SCENARIO",
                   help="bundled scenario id, path to a .toml, or `all` (every bundled "
                   "one but the tutorial)")
    p.add_argument("--agency", action="store_true",
                   help="each seat plays each policy, the others historical")
    p.add_argument("--games", type=int, default=200, help="games per seat and policy")
    p.add_argument("--seed", type=int, default=0, help="game i uses seed SEED+i")
    p.add_argument("--jobs", type=int, default=1, help="worker processes")
    p.add_argument("--policies", metavar="LIST",
                   help="comma-separated policies (default: hard, historical and every "
                        "scripted policy)")
    p.add_argument("--versus", metavar="A,B",
                   help="also compare policy A with policy B seat by seat (both are "
                        "added to the policies), e.g. expert,hard")
    p.add_argument("--json", action="store_true", help="one JSON object on stdout")
    p.add_argument("--check", action="store_true", help="exit 1 when a target fails")
    p.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                   help="progress bar on stderr (default: when stderr is a terminal)")
    p.set_defaults(func=lambda args: cmd_analyze(args, error))


def cmd_analyze(args: argparse.Namespace, error: ErrorFactory) -> int:
    from game.bots import BotError
    from game.play.analyze import DEFAULT_POLICIES, agency, check_policies, summarize, versus
    from game.scenario.loader import ScenarioError, contest_ids, load_scenario

    if not args.agency:
        raise error("choose what to measure: --agency (the only analysis so far)")
    if args.games < 1 or args.jobs < 1:
        raise error("--games and --jobs must be at least 1")
    pair = [p.strip() for p in (args.versus or "").split(",") if p.strip()]
    if args.versus is not None and (len(pair) != 2 or pair[0] == pair[1]):
        raise error("--versus takes two different policies, e.g. --versus expert,hard")
    try:
        policies = check_policies(dict.fromkeys([
            *(DEFAULT_POLICIES if args.policies is None else
              [p.strip() for p in args.policies.split(",") if p.strip()]), *pair]))
    except BotError as err:
        raise error(f"--policies/--versus: {err}") from None
    refs = [r for ref in args.scenarios for r in (contest_ids() if ref == "all" else [ref])]
    scenarios = []
    for ref in dict.fromkeys(refs):
        try:
            scenarios.append(load_scenario(ref))
        except ScenarioError as err:
            raise error(f"cannot load scenario `{ref}`:\n"
                        + "\n".join(str(p) for p in err.problems)) from None
    show = args.progress if args.progress is not None else sys.stderr.isatty()
    tables = []
    for sc in scenarios:
        bar = _progress_bar(sc.id) if show else None
        tables.append(agency(sc, args.games, args.seed, args.jobs, policies, bar))
        if show:
            print(file=sys.stderr)
    overall = summarize((t.scenario, r) for t in tables for r in t.rows)
    duel = versus((r for t in tables for r in t.rows), *pair) if pair else None
    if args.json:
        out: dict[str, Any] = {"scenarios": [t.to_json() for t in tables]}
        if len(tables) > 1:
            out["overall"] = overall.to_json()
        if duel:
            out["versus"] = duel.to_json()
        print(json.dumps(out, indent=2))
    else:
        for table in tables:
            print("\n".join(text_table(table)))
            print()
        if len(tables) > 1:
            print("\n".join(summary_lines("All scenarios", overall)))
        if duel:
            print("\n".join(versus_lines(duel)))
    failed = any(t.passed is False for t in overall.targets)
    return 1 if args.check and failed else 0


def _progress_bar(label: str) -> Callable[[int, int], None]:
    shown = [-1]

    def show(done: int, total: int) -> None:
        filled = round(30 * done / total)
        if filled == shown[0] and done != total and done % 100:
            return
        shown[0] = filled
        sys.stderr.write(f"\r{label} [{'#' * filled}{'.' * (30 - filled)}] {done}/{total} games")
        sys.stderr.flush()

    return show


def _num(x: float | None, sign: bool = False) -> str:
    if x is None:
        return "–"
    return f"{x:+.1f}" if sign else f"{x:.1f}"


def text_table(table: Any) -> list[str]:
    """The seats × policies table of one scenario, then its summary."""
    from game.bots.scripted import LOOPHOLES
    policies: Sequence[str] = table.policies
    heads = [SHORT.get(p, p[:6]) for p in policies]
    seat_w = max(len("seat"), *(len(r.seat) + 1 for r in table.rows))
    lines = [f"{table.scenario}: {table.title}",
             f"mean score over {table.games} games per cell (seeds {table.seed}–"
             f"{table.seed + table.games - 1}); others play historical; * best",
             ""]
    loops = [p for p in LOOPHOLES if p in policies]
    head = f"{'seat':<{seat_w}}" + "".join(f"{h:>7}" for h in heads)
    head += f"{'best−pas':>10}" + "".join(f"{'+' + SHORT.get(p, p):>8}" for p in loops)
    lines += [head, "-" * len(head)]
    for row in table.rows:
        seat = row.seat + ("†" if row.sponsor else "")
        cells = "".join(f"{_num(row.cells[p].mean) + ('*' if p in row.top else ' '):>7}"
                        for p in policies)
        margin = _num(row.margin, sign=True) + ("✓" if row.beats_passive else " ")
        gains = "".join(
            f"{_num(row.loopholes[p].gain, sign=True) + ('!' if row.loopholes[p].pays else ' '):>8}"
            if p in row.loopholes else f"{'– ':>8}" for p in loops)
        lines.append(f"{seat:<{seat_w}}{cells}{margin:>10}{gains}")
    lines.append("† sponsor   best−pas: best minus best passive (✓ ≥ 3)   "
                 "+loophole: gain over historical (! pays)")
    legend = ", ".join(f"{SHORT.get(p, p)}={p}" for p in policies if SHORT.get(p, p) != p)
    if legend:
        lines.append(f"columns: {legend}")
    lines.append("")
    lines += summary_lines(table.scenario, table.summary, one_scenario=True)
    return lines


def summary_lines(label: str, summary: Any, one_scenario: bool = False) -> list[str]:
    """The summary figures and the issue's targets with PASS/FAIL."""
    lines = [f"{label}: {summary.seats} seats"]
    share = summary.beats_passive_share
    lines.append(f"  best beats passive by ≥ 3 points in {summary.beats_passive} of "
                 f"{summary.measured} seats ({_pct(share)})")
    best = sorted(summary.best_share.items(), key=lambda kv: (-kv[1], kv[0]))
    lines.append("  best (ties count for each): " + ", ".join(
        f"{p} {_pct(v)}" for p, v in best if v > 0))
    pays = summary.loopholes_pay
    lines.append(f"  loopholes pay in {len(pays)} seat(s)" + (":" if pays else ""))
    groups: dict[tuple[str, str], list[str]] = {}
    for scenario, seat, p, lh in pays:
        groups.setdefault((p, scenario), []).append(f"{seat} {lh.gain:+.1f}±{lh.se:.1f}")
    for (p, scenario), seats in groups.items():
        where = p if one_scenario else f"{p} in {scenario}"
        lines.append(f"    {where}: {', '.join(seats)}")
    for t in summary.targets:
        verdict = {True: "PASS", False: "FAIL", None: "n/a "}[t.passed]
        lines.append(f"  {verdict}  {t.text}")
    return lines


def versus_lines(duel: Any) -> list[str]:
    """Policy A against policy B, seat by seat and by kind of seat."""
    ties = duel.cells - duel.ahead - duel.behind
    lines = [f"{duel.a} against {duel.b} (same seats, same seeds):",
             f"  ahead in {duel.ahead} of {duel.cells} seats, level in {ties}, behind in "
             f"{duel.behind}"]
    for kind, (mean, se, games) in duel.by_kind.items():
        lines.append(f"  {kind:<8} {mean:+.2f} ± {se:.2f} points a game ({games} games)")
    lines.append(f"  at least every scripted policy present in {duel.beats_scripted} of "
                 f"{duel.cells} seats")
    return lines


def _pct(x: float | None) -> str:
    return "–" if x is None else f"{x:.0%}"
