"""The scenario authors' commands: `upgrade`, `schema`, `new`, `graph`, `show`, `test`.

`tui.cli` adds them to its parser. Each command imports the engine only when it runs,
so `mufakat --help` stays fast, and turns every expected failure into the CLI's error
(a message and an exit status, never a traceback).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

ErrorFactory = Callable[..., Exception]
"""`CliError(message, status=2)` from `tui.cli`."""


def add_authoring_commands(sub: Any, error: ErrorFactory) -> None:
    """Add the authoring subcommands to `sub`, the parser's subparsers object."""

    def bind(command: Callable[[argparse.Namespace, ErrorFactory], int]) -> Any:
        return lambda args: command(args, error)

    p = sub.add_parser("upgrade", help="rewrite scenario files of an older format "
                       "(the original is kept as FILE.bak)")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--dry-run", action="store_true",
                   help="print the upgraded text instead of writing it")
    p.set_defaults(func=bind(cmd_upgrade))

    p = sub.add_parser("schema", help="print the JSON Schema of the scenario format")
    p.add_argument("--markdown", action="store_true",
                   help="print the guide's field reference and lint codes instead")
    p.set_defaults(func=bind(cmd_schema))

    p = sub.add_parser("new", help="write a new scenario that validates and plays")
    p.add_argument("id", metavar="ID", help="the new scenario's id, e.g. 2026-my-workshop")
    p.add_argument("--from", dest="source", metavar="SCENARIO",
                   help="copy this scenario (bundled id or path) instead of the template")
    p.add_argument("--dir", default=".", metavar="DIR", help="where to write ID.toml")
    p.set_defaults(func=bind(cmd_new))

    p = sub.add_parser("graph", help="print Mermaid diagrams of a scenario's measure "
                       "prerequisites and of the round's phases; --svg or --html also "
                       "draws the prerequisites as a picture")
    p.add_argument("scenario", metavar="SCENARIO", help="bundled id or path to a .toml")
    p.add_argument("--only", choices=("measures", "phases"),
                   help="print one diagram as raw Mermaid (for mmdc or an editor)")
    p.add_argument("--svg", metavar="FILE",
                   help="also write the prerequisite graph as an SVG picture (FILE.svg)")
    p.add_argument("--html", metavar="FILE",
                   help="also write it as a self-contained page (FILE.html; no script, "
                        "works offline)")
    p.add_argument("--force", action="store_true",
                   help="let --svg/--html replace an existing file (never a link)")
    p.set_defaults(func=bind(cmd_graph))

    p = sub.add_parser("show", help="print a scenario file; --merged: as the engine sees "
                       "it, shared profiles with its overrides applied, as TOML that loads")
    p.add_argument("scenario", metavar="SCENARIO", help="bundled id or path to a .toml")
    p.add_argument("--merged", action="store_true",
                   help="every member, measure, card and rule in full, overrides applied")
    p.set_defaults(func=bind(cmd_show))

    p = sub.add_parser("test", help="run golden transcripts (all bundled ones by default)")
    p.add_argument("refs", nargs="*", metavar="SCENARIO|PATH",
                   help="a scenario (its tests/ID*.txt), a transcript .txt or a folder")
    p.add_argument("--draft", metavar="SCENARIO",
                   help="print a transcript of one bot game to start a new test from")
    p.add_argument("--seed", type=int, default=1, help="seed for --draft")
    p.add_argument("--bots", default="historical", metavar="SPEC", help="bots for --draft")
    p.set_defaults(func=bind(cmd_test))


def _load(ref: str, error: ErrorFactory) -> Any:
    from game.scenario.loader import ScenarioError, load_scenario

    try:
        return load_scenario(ref)
    except ScenarioError as err:
        raise error("cannot load scenario:\n" + "\n".join(str(p) for p in err.problems),
                    1) from None


def cmd_upgrade(args: argparse.Namespace, error: ErrorFactory) -> int:
    from game.scenario.upgrade import UpgradeError, upgrade_file

    failed = 0
    for name in args.paths:
        try:
            done = upgrade_file(Path(name), write=not args.dry_run)
        except UpgradeError as err:
            print(f"{name}: cannot upgrade: {err}", file=sys.stderr)
            failed += 1
            continue
        if done.old == done.new:
            print(f"{name}: already format {done.new}; nothing to do", file=sys.stderr)
        elif args.dry_run:
            sys.stdout.write(done.text)
            print(f"{name}: would upgrade from format {done.old} to {done.new}: "
                  + "; ".join(done.changes), file=sys.stderr)
        else:
            print(f"{name}: upgraded from format {done.old} to {done.new} "
                  f"(original kept as {done.backup}): " + "; ".join(done.changes),
                  file=sys.stderr)
        for note in () if done.old == done.new else done.notes:
            print(f"{name}: check: {note}", file=sys.stderr)
    if failed:
        raise error(f"{failed} file(s) not upgraded", 1)
    return 0


def cmd_schema(args: argparse.Namespace, error: ErrorFactory) -> int:
    from game.scenario.schema import field_reference, json_schema

    if args.markdown:
        from game.authoring.lint import codes_table

        sys.stdout.write(f"{field_reference()}\n{codes_table()}")
        return 0
    from game.scenario.loader import shared_data

    print(json.dumps(json_schema(shared_data()[0]), indent=2, ensure_ascii=False))
    return 0


def cmd_new(args: argparse.Namespace, error: ErrorFactory) -> int:
    from game.authoring.new import NewScenarioError, new_scenario

    folder = Path(args.dir)
    if not folder.is_dir():
        raise error(f"--dir {folder}: no such folder")
    try:
        path = new_scenario(args.id, args.source, folder)
    except NewScenarioError as err:
        raise error(str(err), 1) from None
    print(f"wrote {path}; next: mufakat validate {path} && mufakat play {path}")
    return 0


def cmd_graph(args: argparse.Namespace, error: ErrorFactory) -> int:
    from game.authoring.graph import markdown, measure_graph, phase_graph

    if args.only == "phases":
        sys.stdout.write(phase_graph())
        return 0
    scenario = _load(args.scenario, error)
    _write_pictures(args, scenario, error)
    sys.stdout.write(measure_graph(scenario) if args.only == "measures" else
                     markdown(scenario))
    return 0


def _write_pictures(args: argparse.Namespace, scenario: Any, error: ErrorFactory) -> None:
    """Write the prerequisite graph to `--svg` and `--html` when asked."""
    from game.authoring.graph import measure_page, measure_svg
    from game.play.report import write_text

    for path, draw, suffix in ((args.svg, measure_svg, ".svg"),
                               (args.html, measure_page, ".html")):
        if path:
            try:
                write_text(draw(scenario), Path(path), args.force, (suffix,))
            except ValueError as err:
                raise error(str(err), 1) from None


def cmd_show(args: argparse.Namespace, error: ErrorFactory) -> int:
    """Print the scenario as written, or (--merged) as the engine plays it: a standalone
    file that loads to an equal scenario, for an author to see what a partial override
    left of the shared profile."""
    import tomli_w

    from game.scenario.loader import merged_document, resolve

    scenario = _load(args.scenario, error)  # the file's problems, as every command says them
    if not args.merged:
        sys.stdout.write(resolve(args.scenario).read_text(encoding="utf-8"))
        return 0
    print(f"# {scenario.id} as the engine sees it: the shared data with this file's "
          "overrides applied (mufakat show --merged)")
    sys.stdout.write(tomli_w.dumps(merged_document(args.scenario), multiline_strings=True))
    return 0


def cmd_test(args: argparse.Namespace, error: ErrorFactory) -> int:
    from game.authoring.golden import run_transcript, transcripts_for

    if args.draft:
        return _draft(args, error)
    refs = args.refs or [str(_bundled_tests())]
    paths = []
    for ref in refs:
        found = transcripts_for(ref)
        if not found:
            raise error(f"no golden transcripts for `{ref}`: write one as "
                        "tests/ID.txt beside the scenario (see scenarios/README.md); "
                        f"`mufakat test --draft {ref}` starts one", 1)
        paths += found
    results = [run_transcript(path) for path in paths]
    for result in results:
        print(result)
    failed = sum(not r.passed for r in results)
    print(f"{len(results) - failed} passed, {failed} failed", file=sys.stderr)
    return 1 if failed else 0


def _bundled_tests() -> Path:
    from game.scenario.loader import BUNDLE_DIR

    return BUNDLE_DIR / "tests"


def _draft(args: argparse.Namespace, error: ErrorFactory) -> int:
    from game.authoring.golden import draft
    from game.bots import DEFAULT, KINDS, BotError, parse_spec

    if len(str(abs(args.seed))) > 19:  # what a transcript's `seed` line accepts
        raise error(f"--seed has {len(str(abs(args.seed))):,} digits; a transcript's seed "
                    "has at most 19")
    scenario = _load(args.draft, error)
    try:
        kinds = parse_spec(args.bots, scenario.seats, KINDS, DEFAULT)
    except BotError as err:
        raise error(str(err)) from None
    sys.stdout.write(draft(scenario, args.draft, args.seed, kinds))
    return 0
