"""The workshop server: the one process that holds the game and writes its database.

Seats, the projector and the facilitator connect to `/game` with a WebSocket (see
`workshop.protocol`); browsers get the same Textual client from `/` and `/projector`
(textual-serve, `workshop.web`), on the same port. The server orders every move: a
move is checked against the rules, committed to SQLite, and only then acknowledged and
broadcast, each connection receiving what its role may see. Computer players, the
timer and the facilitator's commands run here too, so every client is a plain view.

Started again on the same database (after a crash, even SIGKILL), it replays the
committed moves and goes on; clients reconnect by themselves and resynchronize.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import attrs
from aiohttp import WSMsgType, web

from game import (
    Action,
    ActionSyntaxError,
    GameState,
    IllegalAction,
    Scenario,
    Verb,
    View,
    apply,
    inject,
    is_over,
    legal_actions,
    view,
)
from game.bots import DEFAULT, KINDS, Bot, make_bot
from game.play.record import header_for, write_record
from game.play.wire import to_json
from workshop import protocol
from workshop.boards import full_board, public_board
from workshop.codes import Throttle
from workshop.model import FACILITATOR, Credential, Press, Role
from workshop.protocol import ProtocolError, Request
from workshop.replay import Event, injects_of, replay
from workshop.store import Store, StoreError

HUMAN = "human"


class WorkshopError(ValueError):
    """A workshop that cannot start or resume; the message says why and what to do."""


@attrs.define(eq=False)
class Client:
    """One WebSocket connection, bound to the code it said hello with."""

    ws: web.WebSocketResponse
    peer: str
    credential: Credential | None = None


def press_json(message: Press) -> dict[str, Any]:
    return attrs.asdict(message)


class Workshop:
    """The authoritative game of one workshop, its connections and its clock."""

    def __init__(self, store: Store, scenario: Scenario, source: str = "",
                 bot_delay: float = 1.0) -> None:
        meta = store.meta
        if scenario.content_hash != meta.scenario_hash:
            raise WorkshopError(
                f"the scenario `{scenario.id}` changed since this workshop began; start "
                "a new workshop, or restore the scenario file it was played with")
        self.store, self.scenario, self.source = store, scenario, source
        self.bot_delay = bot_delay
        try:
            states = replay(scenario, meta.seed, [Action.parse(r.action) for r in
                                                  store.actions()],
                            injects_of(self.events_of(store)))
        except (ActionSyntaxError, ValueError) as err:
            raise WorkshopError(f"the workshop's game does not replay: {err}") from None
        self.state: GameState = states[-1]
        self.moves = store.last_seq()
        self.kinds = store.kinds()
        self.bots: dict[str, Bot] = {s: make_bot(k, s, meta.seed)
                                     for s, k in self.kinds.items() if k != HUMAN}
        settings = store.settings()
        self.started = settings.get("started") == "1"
        self.paused = settings.get("paused") == "1"
        self.timers = {k.removeprefix("timer:"): int(v) for k, v in settings.items()
                       if k.startswith("timer:")}
        """Seconds for each turn, per phase ("" for every phase without its own)."""
        self.then = settings.get("then", "bot")
        self.deadline: float | None = None
        self.clients: set[Client] = set()
        self.seen: dict[str, float] = {}  # who -> time.monotonic() of their last request
        self.throttle = Throttle()
        self.changed = asyncio.Event()
        self.lock = asyncio.Lock()
        self.press: list[Press] = store.press()
        self._turn: tuple[int, str | None] = (-1, None)
        self._debrief: str | None = None
        self._dynamic = [f.name for f in attrs.fields(View)
                         if f.name not in protocol.VIEW_STATIC and f.name != "log"]
        self._sent: dict[Credential, int] = {}
        """Each role's log length as last broadcast: the next sync sends what follows."""
        self._start_turn()

    # --- what each role sees --------------------------------------------------------

    def status(self) -> dict[str, Any]:
        left = None if self.deadline is None else max(0.0, self.deadline - time.monotonic())
        return {"started": self.started, "paused": self.paused, "over": is_over(self.state),
                "to_move": self.state.to_move, "kinds": dict(self.kinds),
                "timer": self.timer, "timers": dict(self.timers), "then": self.then,
                "left": None if left is None else round(left, 1)}

    @property
    def timer(self) -> int:
        """Seconds for a turn in the current phase (0: no clock)."""
        return self.timers.get(str(self.state.phase), self.timers.get("", 0))

    def may_act(self, seat: str) -> bool:
        return (self.started and not self.paused and not is_over(self.state)
                and self.state.to_move == seat and self.kinds.get(seat) == HUMAN)

    def sync(self, credential: Credential, log_from: int = 0) -> dict[str, Any]:
        """The `sync` message for a role: only what it may see. The log (most of the
        bytes) goes as the entries from `log_from` on: a connected client has the rest,
        and one that does not asks again from 0 (`workshop.client.Link` does)."""
        message: dict[str, Any] = {"type": "sync", "moves": self.moves,
                                   "status": self.status(), "log_from": log_from}
        log: Sequence[Any]
        if credential.role is Role.SEAT:
            seat = credential.seat
            seen = view(self.state, seat)
            log = [to_json(e) for e in seen.log[log_from:]]
            message["view"] = {f: to_json(getattr(seen, f)) for f in self._dynamic}
            message["legal"] = ([str(a) for a in legal_actions(self.state, seat)]
                                if self.may_act(seat) else [])
        else:
            board = (public_board if credential.role is Role.PROJECTOR
                     else full_board)(self.state)
            log = board.pop("log")[log_from:]
            message["board"] = board
            if credential.role is Role.FACILITATOR:
                message["roster"] = self.roster()
        message["log"] = log
        if is_over(self.state):
            message["debrief"] = self.debrief()
        return message

    def roster(self) -> list[dict[str, Any]]:
        """Each seat: who plays it, how many connections, seconds since its last request."""
        now = time.monotonic()
        rows = []
        for seat in self.scenario.seats:
            connections = sum(1 for c in self.clients
                              if c.credential is not None and c.credential.seat == seat)
            last = self.seen.get(seat)
            rows.append({"seat": seat, "name": self.scenario.members[seat].name,
                         "kind": self.kinds[seat], "connections": connections,
                         "joined": last is not None,
                         "idle": None if last is None else round(now - last)})
        return rows

    def debrief(self) -> str:
        """The room's debrief (Markdown), the same for every role once the game is over."""
        if self._debrief is None:
            from workshop.debrief import debrief_markdown

            self._debrief = debrief_markdown(self.scenario, self.store.meta.seed,
                                             self.actions(), self.kinds, self.press,
                                             self.events())
        return self._debrief

    def actions(self) -> list[Action]:
        return [Action.parse(row.action) for row in self.store.actions()]

    def events(self) -> list[Event]:
        return self.events_of(self.store)

    @staticmethod
    def events_of(store: Store) -> list[Event]:
        return [(e.at, e.kind, e.detail) for e in store.events()]

    # --- connections ----------------------------------------------------------------

    async def handle(self, request: web.Request) -> web.WebSocketResponse:
        """One connection: requests in, answers and broadcasts out, until it closes."""
        ws = web.WebSocketResponse(heartbeat=20, max_msg_size=protocol.MAX_MESSAGE)
        await ws.prepare(request)
        client = Client(ws, request.remote or "unknown")
        self.clients.add(client)
        try:
            async for message in ws:
                if message.type is not WSMsgType.TEXT:
                    await self._error(client, "", "send requests as JSON text")
                    continue
                await self.receive(client, message.data)
        finally:
            self.clients.discard(client)
            if client.credential is not None:
                await self.broadcast_roster()
        return ws

    async def receive(self, client: Client, text: str) -> None:
        try:
            request = protocol.parse(text)
        except ProtocolError as err:
            await self._error(client, "", str(err))
            return
        credential = await self._check(client, request)
        if credential is None:
            return
        self.seen[str(credential)] = time.monotonic()
        if request.type == "hello":
            await self._hello(client, credential, request)
        elif request.type in protocol.CONSOLE_REQUESTS:
            if credential.role is not Role.FACILITATOR:
                await self._error(client, request.id, "only the facilitator's console may "
                                  f"`{request.type}`")
                return
            async with self.lock:
                await self._console(client, request)
        elif request.type == "act":
            async with self.lock:
                await self._act(client, credential, request)
        else:
            await self._say(client, credential, request)

    async def _check(self, client: Client, request: Request) -> Credential | None:
        """The request's code, checked every time; wrong codes get slower and slower."""
        wait = self.throttle.delay(client.peer)
        if wait:  # refused at once: sleeping would let parallel connections guess on
            await self._error(client, request.id, f"too many wrong codes from your "
                              f"machine: wait {wait:.0f} s, then try again")
            return None
        credential = self.store.check(request.code)
        if credential is None:
            self.throttle.failed(client.peer)
            await self._error(client, request.id, "that code is not a code of this "
                              "workshop: check it on your seat card (letters and digits, "
                              "as XXXXX-XXXXX)")
            return None
        self.throttle.succeeded(client.peer)
        if client.credential is not None and client.credential != credential:
            await self._error(client, request.id, f"this connection plays "
                              f"{self._who(client.credential)}; reconnect to use another code")
            return None
        return credential

    def _who(self, credential: Credential) -> str:
        if credential.role is Role.SEAT:
            return self.scenario.members[credential.seat].name
        return f"the {credential.role}"

    async def _hello(self, client: Client, credential: Credential, request: Request) -> None:
        first = client.credential is None
        client.credential = credential
        welcome: dict[str, Any] = {
            "type": "welcome", "role": str(credential.role), "seat": credential.seat,
            "title": self.scenario.title, "scenario": self.scenario.id,
            "seats": {s: self.scenario.members[s].name for s in self.scenario.seats}}
        if credential.role is Role.FACILITATOR:
            sc = self.scenario
            welcome["cards"] = {c: sc.events[c].name
                                for c in dict.fromkeys((*sc.deck, *sc.schedule.values()))}
        if credential.role is Role.SEAT:
            seen = view(self.state, credential.seat)
            welcome["static"] = {f: to_json(getattr(seen, f)) for f in protocol.VIEW_STATIC}
        await self._send(client, welcome)
        await self._send(client, self.sync(credential))
        missed = [press_json(p) for p in self.press
                  if p.id > request.number("press") and self._may_read(credential, p)]
        if missed:
            await self._send(client, {"type": "press", "messages": missed})
        if first:
            await self.broadcast_roster()

    @staticmethod
    def _may_read(credential: Credential, message: Press) -> bool:
        if credential.role is Role.FACILITATOR:
            return True
        if credential.role is Role.PROJECTOR:
            return message.public
        return message.visible_to(credential.seat)

    # --- moves ----------------------------------------------------------------------

    async def _act(self, client: Client, credential: Credential, request: Request) -> None:
        """A seat's move: once, in order, committed before it is acknowledged."""
        done = self.store.find_action(str(credential), request.id)
        if done is not None:  # a repeat of a move already made: the same answer again
            await self._send(client, {"type": "ack", "id": request.id, "moves": done})
            return
        if credential.role is not Role.SEAT:
            await self._error(client, request.id, f"the {credential.role} does not play a "
                              "seat; hand the seat to a bot instead")
            return
        try:
            action = Action.parse(request.text("action"))
        except ActionSyntaxError as err:
            await self._error(client, request.id, str(err))
            return
        seat = credential.seat
        problem = self._refusal(seat, action, request.number("moves"))
        if problem:
            await self._error(client, request.id, problem)
            return
        try:
            await self.commit(action, str(credential), request.id)
        except IllegalAction as err:
            await self._error(client, request.id, err.message)
            return
        await self._send(client, {"type": "ack", "id": request.id, "moves": self.moves})

    def _refusal(self, seat: str, action: Action, moves: int) -> str:
        name = self.scenario.members[seat].name
        if action.seat != seat:
            return f"you play {name}; you cannot act for `{action.seat}`"
        if not self.started:
            return "the facilitator has not started the game yet"
        if self.paused:
            return "the game is paused by the facilitator"
        if self.kinds.get(seat) != HUMAN:
            return f"{name} is played by a computer player now (the facilitator decides)"
        if moves != self.moves:
            return (f"the game moved on (move {self.moves}, you saw move {moves}): "
                    "look again and choose anew")
        return ""

    async def commit(self, action: Action, by: str, request_id: str) -> None:
        """Apply `action`, write it to the database, then tell everyone.
        `IllegalAction` leaves everything as it was."""
        state = apply(self.state, action)
        self.store.append_action(self.moves + 1, str(action), by, request_id)
        self.state, self.moves = state, self.moves + 1
        self._start_turn()
        self.changed.set()
        await self.broadcast()

    def _start_turn(self) -> None:
        """A new seat to move starts the clock, if the facilitator set one."""
        turn = (self.moves, self.state.to_move)
        if turn == self._turn:
            return
        self._turn = turn
        seat = self.state.to_move
        human = seat is not None and self.kinds.get(seat) == HUMAN
        self.deadline = (time.monotonic() + self.timer
                         if human and self.timer and self.started and not self.paused
                         else None)

    # --- the press ------------------------------------------------------------------

    async def _say(self, client: Client, credential: Credential, request: Request) -> None:
        if credential.role is Role.PROJECTOR:
            await self._error(client, request.id, "the projector only shows; it cannot write")
            return
        sender = credential.seat or FACILITATOR
        to = tuple(dict.fromkeys(request.words("to")))
        unknown = [s for s in to if s not in self.scenario.members or s == sender]
        if unknown:
            await self._error(client, request.id, f"`{unknown[0][:40]}` is not another "
                              f"seat; seats: {', '.join(self.scenario.seats)}")
            return
        message, new = self.store.add_press(sender, to, request.text("text"), self.moves,
                                            request.id)
        await self._send(client, {"type": "ack", "id": request.id, "press": message.id})
        if not new:
            return
        self.press.append(message)
        self._debrief = None  # a message after the end belongs in the room's debrief too
        data = {"type": "press", "messages": [press_json(message)]}
        await self._fan_out({c: data for c in self.clients if c.credential is not None
                             and self._may_read(c.credential, message)})

    # --- the facilitator ------------------------------------------------------------

    async def _console(self, client: Client, request: Request) -> None:
        answer: dict[str, Any] = {"type": "ack", "id": request.id}
        kind = request.type
        detail: dict[str, object] = dict(request.fields)
        if kind in ("start", "resume", "pause"):
            self.started = self.started or kind != "pause"
            self.paused = kind == "pause"
            self.store.set_setting("started", "1" if self.started else "0")
            self.store.set_setting("paused", "1" if self.paused else "0")
            self._turn = (-1, None)
        elif kind == "timer":
            phase = request.text("phase")
            self.timers[phase] = request.number("seconds")
            self.then = request.text("then")
            self.store.set_setting(f"timer:{phase}", str(self.timers[phase]))
            self.store.set_setting("then", self.then)
            self._turn = (-1, None)
        elif kind == "extend":
            if self.deadline is None:
                await self._error(client, request.id, "no clock is running now")
                return
            self.deadline += request.number("seconds")
        elif kind == "hand":
            problem = self.hand(request.text("seat"), request.text("kind"))
            if problem:
                await self._error(client, request.id, problem)
                return
        elif kind == "kick":
            who = request.text("who")
            if who not in self.scenario.members and who != str(Role.PROJECTOR):
                await self._error(client, request.id, f"`{who[:40]}` is neither a seat nor "
                                  "the projector")
                return
            answer["code"] = self.store.new_code(who)
            await self._close_all(who, "the facilitator gave this seat a new code")
        elif kind == "export":
            try:
                answer["files"] = [str(p) for p in self.export()]
            except OSError as err:
                await self._error(client, request.id, f"cannot write the export beside "
                                  f"{self.store.path}: {err.strerror or err}")
                return
        elif kind == "inject":
            try:
                self.state = inject(self.state, request.text("card"))
            except IllegalAction as err:
                await self._error(client, request.id, err.message)
                return
            detail["after"] = self.moves  # where a restart or the record puts it again
            answer["card"] = request.text("card")
        self.store.log_event(kind, detail)
        self._start_turn()
        self.changed.set()
        await self._send(client, answer)
        await self.broadcast()

    def hand(self, seat: str, kind: str) -> str:
        """Hand `seat` to a bot kind or back to a person (`human`); a problem, or ""."""
        if seat not in self.scenario.members:
            return f"`{seat[:40]}` is not a seat; seats: {', '.join(self.scenario.seats)}"
        if kind != HUMAN and kind not in KINDS:
            return f"unknown player `{kind[:40]}`; choose human or {', '.join(KINDS)}"
        self.kinds[seat] = kind
        self.store.set_kind(seat, kind)
        self.bots.pop(seat, None)
        if kind != HUMAN:
            self.bots[seat] = make_bot(kind, seat, self.store.meta.seed)
        self._turn = (-1, None)
        return ""

    async def _close_all(self, who: str, reason: str) -> None:
        for client in [c for c in self.clients if c.credential is not None
                       and str(c.credential) == who]:
            with contextlib.suppress(ConnectionError, RuntimeError):
                await client.ws.send_json({"type": "bye", "reason": reason})
                await client.ws.close()
            self.clients.discard(client)

    def export(self) -> list[Path]:
        """The standard game record (verifies with `mufakat replay --verify`) and the
        room's debrief, written beside the database."""
        folder = self.store.path.parent
        stem = self.store.path.stem
        record = folder / f"{stem}.jsonl"
        header = header_for(self.scenario, self.store.meta.seed, self.kinds, self.source)
        actions = self.actions()
        states = replay(self.scenario, self.store.meta.seed, actions,
                        injects_of(self.events()))
        write_record(record, header, states, actions)
        from workshop.debrief import debrief_html, debrief_markdown

        args = (self.scenario, self.store.meta.seed, self.actions(), self.kinds, self.press,
                self.events())
        markdown, html = folder / f"{stem}-debrief.md", folder / f"{stem}-debrief.html"
        markdown.write_text(debrief_markdown(*args), encoding="utf-8")
        html.write_text(debrief_html(*args), encoding="utf-8")
        return [record, markdown, html]

    # --- broadcasting ---------------------------------------------------------------

    async def broadcast(self) -> None:
        """Every connection gets its role's `sync`; each role's is built once."""
        built: dict[Credential, dict[str, Any]] = {}
        messages = {}
        for client in list(self.clients):
            credential = client.credential
            if credential is None:
                continue
            if credential not in built:
                built[credential] = self.sync(credential, self._sent.get(credential, 0))
                message = built[credential]
                self._sent[credential] = message["log_from"] + len(message["log"])
            messages[client] = built[credential]
        await self._fan_out(messages)

    async def broadcast_roster(self) -> None:
        await self._fan_out({c: {"type": "roster", "roster": self.roster()}
                             for c in self.clients if c.credential is not None
                             and c.credential.role is Role.FACILITATOR})

    async def _fan_out(self, messages: Mapping[Client, dict[str, Any]]) -> None:
        texts: dict[int, str] = {}
        sends = []
        for client, data in messages.items():
            text = texts.setdefault(id(data), json.dumps(data, ensure_ascii=False))
            sends.append(self._send_text(client, text))
        await asyncio.gather(*sends)

    async def _send(self, client: Client, data: dict[str, Any]) -> None:
        await self._send_text(client, json.dumps(data, ensure_ascii=False))

    async def _send_text(self, client: Client, text: str) -> None:
        if client.ws.closed:
            return
        with contextlib.suppress(ConnectionError, RuntimeError):
            await client.ws.send_str(text)

    async def _error(self, client: Client, request_id: str, message: str) -> None:
        await self._send(client, {"type": "error", "id": request_id, "message": message})

    # --- computer players and the clock ---------------------------------------------

    async def drive(self) -> None:
        """Bots move, and the clock runs out, whenever nobody else is to act. A computer
        player that fails pauses the game and tells the facilitator, who can hand the
        seat to another player; the server goes on."""
        while True:
            try:
                await self._drive_once()
            except Exception as err:  # a bot's bug must not stop the workshop
                seat = self.state.to_move or ""
                problem = f"the computer player of {seat} failed: {type(err).__name__}: {err}"
                logging.getLogger("workshop").error(problem)
                self.paused = True
                self.store.set_setting("paused", "1")
                self.store.log_event("bot-error", {"seat": seat, "problem": problem})
                await self._fan_out({c: {"type": "error", "id": "", "message": problem
                                         + "; the game is paused: hand the seat to "
                                         "another player, then resume"}
                                     for c in self.clients if c.credential is not None
                                     and c.credential.role is Role.FACILITATOR})
                await self.broadcast()

    async def _drive_once(self) -> None:
        """One bot move, one clock run out, or one wait for a change."""
        self.changed.clear()
        seat = self.state.to_move
        ready = self.started and not self.paused and not is_over(self.state)
        if ready and seat is not None and seat in self.bots:
            await asyncio.sleep(self.bot_delay)
            await self._bot_move(self.bots[seat], "bot")
            return
        timeout = (None if self.deadline is None or not ready
                   else max(0.0, self.deadline - time.monotonic()))
        try:
            await asyncio.wait_for(self.changed.wait(), timeout)
        except TimeoutError:
            await self._time_out()

    async def _bot_move(self, bot: Bot, by: str) -> None:
        state, moves = self.state, self.moves
        seat = state.to_move
        if seat is None:
            return
        action = await asyncio.to_thread(bot.decide, view(state, seat),
                                         legal_actions(state, seat))
        async with self.lock:
            if self.moves == moves and self.started and not self.paused:
                await self.commit(action, by, f"{by}-{moves + 1}")

    async def _time_out(self) -> None:
        """The seat to move ran out of time: it passes, or a bot plays this move."""
        seat = self.state.to_move
        if seat is None:
            return
        self.deadline = None
        passing = Action(seat, Verb.PASS)
        async with self.lock:
            self.store.log_event("timeout", {"seat": seat, "then": self.then})
            if self.then == "pass" and passing in legal_actions(self.state, seat):
                await self.commit(passing, "timer", f"timer-{self.moves + 1}")
                return
        await self._bot_move(make_bot(DEFAULT, seat, self.store.meta.seed), "timer")


def make_app(workshop: Workshop) -> web.Application:
    """The aiohttp application: the game's WebSocket, plus whatever the caller adds
    (the browser pages) before it starts."""
    app = web.Application()
    app.router.add_get(protocol.GAME_PATH, workshop.handle)

    async def drive(app: web.Application) -> Any:
        task = asyncio.create_task(workshop.drive())
        yield
        task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await task
        workshop.store.close()

    app.cleanup_ctx.append(drive)
    return app


def open_workshop(path: Path, scenario: Scenario, source: str = "",
                  bot_delay: float = 1.0) -> Workshop:
    """The workshop in database `path`, replayed; `WorkshopError` says why not."""
    try:
        store = Store.open(path)
    except StoreError as err:
        raise WorkshopError(str(err)) from None
    return Workshop(store, scenario, source, bot_delay)


def create_workshop(path: Path, scenario: Scenario, seed: int, seats: Mapping[str, str],
                    source: str = "", bot_delay: float = 1.0
                    ) -> tuple[Workshop, dict[str, str]]:
    """A new workshop database at `path`; returns it and every code, in clear, once."""
    try:
        text = Path(source).read_text(encoding="utf-8") if source else ""
        store, codes = Store.create(path, scenario=scenario.id,
                                    scenario_hash=scenario.content_hash,
                                    scenario_text=text, seed=seed, seats=seats)
    except (StoreError, OSError) as err:
        raise WorkshopError(str(err)) from None
    return Workshop(store, scenario, source, bot_delay), codes

