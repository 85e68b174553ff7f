"""`mufakat host`, `join` and `console`: workshop play on many devices.

    mufakat host 2011-apcn --bots myanmar=hard      # server + facilitator's console
    mufakat host 2011-apcn --headless --json        # server only; one JSON object
    mufakat host --resume ~/.local/share/mufakat/workshops/2011-apcn-....sqlite
    mufakat join 192.168.1.20:8123 K7QPD-MX4RT      # a seat, in this terminal
    mufakat console 192.168.1.20:8123 FACILITATOR-CODE

Participants can also open the address in a browser (nothing to install). Each
workshop is one SQLite file in the data folder; every expected failure is a message
and exit status 2, never a traceback.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import secrets
import signal
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from game import Scenario
    from workshop.server import Workshop

ErrorFactory = Callable[..., Exception]
HUMAN = "human"


def add_workshop_commands(sub: Any, error: ErrorFactory, bots_help: str) -> None:
    """Add `host`, `join` and `console` to `sub`, the parser's subparsers object."""
    p = sub.add_parser("host", help="run a workshop: the game server for a room of "
                       "participants on their own devices, and the facilitator's console")
    p.add_argument("scenario", nargs="?", help="bundled scenario id or path to a .toml")
    p.add_argument("--bots", default="", metavar="SPEC",
                   help="seats played by the computer: SEAT=KIND,... (the rest are "
                        f"people); kinds, weakest first: {bots_help}")
    p.add_argument("--seed", type=int, default=None, help="seed (default: a random one)")
    p.add_argument("--port", type=int, default=8123, help="TCP port (default 8123; 0: any "
                   "free port)")
    p.add_argument("--bind", default="0.0.0.0", metavar="ADDR",
                   help="address to listen on (default: every network of this machine; "
                        "127.0.0.1 for this machine only)")
    p.add_argument("--headless", action="store_true",
                   help="no console: run the server until interrupted (attach a console "
                        "later with `mufakat console`)")
    p.add_argument("--json", action="store_true",
                   help="with --headless: print one JSON object (addresses, database, "
                        "codes) when the server is ready")
    p.add_argument("--cards", metavar="FILE.html",
                   help="write printable seat cards (address, code, QR code) to FILE.html")
    p.add_argument("--resume", metavar="PATH",
                   help="continue the workshop in database PATH (after a restart)")
    p.add_argument("--bot-delay", type=float, default=1.0, metavar="SECONDS",
                   help="pause before each computer player's move (default 1)")
    p.add_argument("--no-browser", action="store_true",
                   help="serve only the game protocol, not the browser pages")
    p.set_defaults(func=lambda args: cmd_host(args, error))

    p = sub.add_parser("join", help="join a workshop from this terminal")
    p.add_argument("address", help="the server's address, e.g. 192.168.1.20:8123")
    p.add_argument("code", nargs="?", default="", help="your seat's code (asked if left out)")
    p.add_argument("--projector", action="store_true",
                   help="this screen is the room's projector (asks the projector's code)")
    p.set_defaults(func=lambda args: cmd_join(args, error))

    p = sub.add_parser("console", help="attach the facilitator's console to a workshop")
    p.add_argument("address", help="the server's address, e.g. 127.0.0.1:8123")
    p.add_argument("code", help="the facilitator's code")
    p.set_defaults(func=lambda args: cmd_join(args, error, expect="facilitator"))


def cmd_join(args: argparse.Namespace, error: ErrorFactory, expect: str = "") -> int:
    from tui.remote.app import RemoteApp
    from workshop.client import game_url

    try:
        game_url(args.address)
    except ValueError as err:
        raise error(str(err)) from None
    RemoteApp(args.address, args.code,
              expect or ("projector" if getattr(args, "projector", False) else "")).run()
    return 0


def _scenario(ref: str, error: ErrorFactory) -> Scenario:
    from game import ScenarioError, load_scenario

    try:
        return load_scenario(ref)
    except ScenarioError as err:
        raise error("\n".join(str(p) for p in err.problems[:5])) from None
    except OSError as err:
        raise error(f"{ref}: {err.strerror or err}") from None


def _source(ref: str) -> str:
    """A scenario file's absolute path (kept in the database), or "" for a bundled id."""
    path = Path(ref)
    return str(path.resolve()) if path.suffix == ".toml" or path.exists() else ""


def cmd_host(args: argparse.Namespace, error: ErrorFactory) -> int:
    from game.bots import KINDS, BotError, parse_spec
    from tui import storage
    from workshop.host import bind_socket, public_host
    from workshop.server import WorkshopError, create_workshop, open_workshop
    from workshop.store import Store, StoreError

    if args.json and not args.headless:
        raise error("--json goes with --headless (the console has the terminal otherwise)")
    if args.resume:
        if args.cards:
            raise error("seat codes are shown once, when a workshop is created; give a "
                        "seat a new code from the console (k) instead of --cards")
        path = Path(args.resume).expanduser()
        try:
            store = Store.open(path)
        except StoreError as err:
            raise error(str(err)) from None
        meta = store.meta
        store.close()  # the workshop opens it again, as its only writer
        ref = args.scenario or meta.scenario
        scenario = _scenario(ref, error)
        try:
            workshop = open_workshop(path, scenario, _source(ref), args.bot_delay)
        except WorkshopError as err:
            raise error(str(err)) from None
        codes = {"facilitator": workshop.store.new_code("facilitator")}
    else:
        if not args.scenario:
            raise error("name a scenario (`mufakat scenarios` lists them), or --resume PATH")
        scenario = _scenario(args.scenario, error)
        try:
            seats = parse_spec(args.bots, scenario.seats, [*KINDS, HUMAN], HUMAN)
        except BotError as err:
            raise error(str(err)) from None
        seed = args.seed if args.seed is not None else secrets.randbelow(1_000_000)
        folder = storage.home() / "workshops"
        try:
            storage.ensure_folder(folder)
        except storage.StorageError as err:
            raise error(str(err)) from None
        path = folder / f"{scenario.id}-{time.strftime('%Y%m%d-%H%M%S')}.sqlite"
        try:
            workshop, codes = create_workshop(path, scenario, seed, seats,
                                              _source(args.scenario), args.bot_delay)
        except WorkshopError as err:
            raise error(str(err)) from None
    try:
        sock = bind_socket(args.bind, args.port)
    except OSError as err:
        workshop.store.close()
        raise error(f"cannot listen on {args.bind}:{args.port}: {err.strerror or err} "
                    "(another program may use the port: try --port 0 for any free one)"
                    ) from None
    port = sock.getsockname()[1]
    host = public_host(args.bind)
    info = {"address": f"http://{host}:{port}/",
            "projector_address": f"http://{host}:{port}/projector?fontsize=24",
            "join": f"mufakat join {host}:{port}",
            "database": str(workshop.store.path),
            "scenario": scenario.id, "seed": workshop.store.meta.seed,
            "codes": {s: codes[s] for s in scenario.seats if s in codes},
            "projector": codes.get("projector", ""), "facilitator": codes["facilitator"]}
    if args.cards:
        _write_cards(Path(args.cards), info, scenario, error)
    if args.headless:
        return _headless(workshop, sock, info, args)
    return _with_console(workshop, sock, info, port, args, error)


def _write_cards(path: Path, info: dict[str, Any], scenario: Scenario,
                 error: ErrorFactory) -> None:
    from tui import storage
    from workshop.cards import seat_cards

    cards = [(scenario.members[s].name, "seat", code) for s, code in info["codes"].items()]
    cards.append(("Projector", "projector", info["projector"]))
    cards.append(("Facilitator", "facilitator", info["facilitator"]))
    try:
        storage.write_atomic(path, seat_cards(info["address"], scenario.title, cards))
    except (OSError, storage.StorageError) as err:
        raise error(f"cannot write the seat cards to {path}: {err}") from None


def describe(info: dict[str, Any], names: dict[str, str]) -> str:
    """The text a facilitator reads out or writes on the board."""
    lines = [f"Participants open {info['address']} in a browser",
             f"  (or run `{info['join']}` in a terminal).",
             f"Projector: {info['projector_address']}",
             f"Workshop database: {info['database']}", ""]
    width = max((len(n) for n in names.values()), default=8)
    for seat, code in info["codes"].items():
        lines.append(f"  {names.get(seat, seat):<{width}}  {code}")
    if info["projector"]:
        lines.append(f"  {'Projector':<{width}}  {info['projector']}")
    lines.append(f"  {'Facilitator':<{width}}  {info['facilitator']}  (keep it private)")
    lines.append("Plain HTTP: for a trusted local network only.")
    return "\n".join(lines)


def _headless(workshop: Workshop, sock: Any, info: dict[str, Any],
              args: argparse.Namespace) -> int:
    from game.rules.text import plain
    from workshop.host import serve

    names = {s: workshop.scenario.members[s].name for s in workshop.scenario.seats}

    def ready() -> None:
        if args.json:
            print(json.dumps(info, ensure_ascii=False), flush=True)
            # the one JSON object stays alone on stdout: textual-serve copies a failing
            # browser client's error output to stdout, so that goes to stderr instead
            sys.stdout = sys.stderr
        else:
            print(plain(describe(info, names)), flush=True)
            print("Serving; Ctrl+C stops the server (the workshop stays in its "
                  "database: --resume continues it).", flush=True)

    async def main() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        await serve(workshop, sock, stop, browser=not args.no_browser, ready=ready)

    asyncio.run(main())
    return 0


def _with_console(workshop: Workshop, sock: Any, info: dict[str, Any], port: int,
                  args: argparse.Namespace, error: ErrorFactory) -> int:
    """The server in a background thread; the console in this terminal."""
    from tui.remote.app import RemoteApp
    from workshop.host import loopback, serve
    from workshop.server import open_workshop

    loop = asyncio.new_event_loop()
    stop = asyncio.Event()
    started = threading.Event()
    names = {s: workshop.scenario.members[s].name for s in workshop.scenario.seats}
    # The database connection belongs to the thread that uses it: the server's thread
    # opens the workshop again (it was opened here only to check it and issue codes).
    path, scenario, source = workshop.store.path, workshop.scenario, workshop.source
    workshop.store.close()

    def run() -> None:
        asyncio.set_event_loop(loop)
        served = open_workshop(path, scenario, source, args.bot_delay)
        loop.run_until_complete(serve(served, sock, stop, browser=not args.no_browser,
                                      ready=started.set))

    thread = threading.Thread(target=run, name="workshop-server", daemon=True)
    thread.start()
    if not started.wait(30):
        raise error("the workshop server did not start")
    try:
        RemoteApp(f"{loopback(args.bind)}:{port}", info["facilitator"], "facilitator",
                  intro=describe(info, names)).run()
    finally:
        loop.call_soon_threadsafe(stop.set)
        thread.join(10)
    print(f"The workshop is kept in {info['database']}; `mufakat host --resume "
          f"{info['database']}` continues it.", file=sys.stderr)
    return 0
