"""The workshop client app: a code, then the screen of the role the code admits.

`mufakat join` (and the browser page, through textual-serve) opens this app on a
server's address; `mufakat host` and `mufakat console` open it with the facilitator's
code. The app owns the `Link`; screens get server messages through `receive`.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from pathlib import PurePath
from typing import Any, ClassVar, Protocol

from textual.app import App, SystemCommand
from textual.css.query import NoMatches
from textual.screen import Screen

from tui import i18n, settings
from tui.i18n import N_, _
from tui.remote.code import CodeScreen
from tui.remote.console import ConsoleScreen
from tui.remote.projector import ProjectorScreen
from tui.remote.table import RemoteTableScreen
from tui.widgets.safe import commands
from workshop.client import Link

Message = dict[str, Any]
TITLES = {"": N_("Join a Mufakat workshop"), "projector": N_("Mufakat: the projector"),
          "facilitator": N_("Mufakat: the facilitator's console")}


class RoleScreen(Protocol):
    """What every role's screen does with the server's messages."""

    def receive(self, message: Message) -> None: ...

    def link_state(self, state: str) -> None: ...


class RemoteApp(App[None]):
    """One client of a workshop server."""

    CSS_PATH: ClassVar[list[str | PurePath]] = ["../mufakat.tcss", "remote.tcss"]
    TITLE = "Mufakat workshop"

    def __init__(self, address: str, code: str = "", expect: str = "",
                 intro: str = "") -> None:
        super().__init__()
        i18n.use(settings.load()[0].language)  # a problem with the file: `mufakat` says it
        self.address, self.code, self.expect, self.intro = address, code, expect, intro
        self.link: Link | None = None
        self._welcome: Message | None = None
        self._role_screen: RoleScreen | None = None

    def on_mount(self) -> None:
        i18n.follow(self)
        if self.code:
            self.connect(self.code)
        else:
            self.ask()

    def ask(self, problem: str = "") -> None:
        self.push_screen(CodeScreen(_(TITLES.get(self.expect, TITLES[""])), self.address,
                                    problem), self.connect)

    def connect(self, code: str | None) -> None:
        if not code:
            return
        self.link = Link(self.address, code, self.receive, self.link_state)
        self.run_worker(self._run(self.link), group="link", exclusive=True)

    async def _run(self, link: Link) -> None:
        await link.run()
        if self._role_screen is None:  # the code was refused: ask again
            self.ask(link.ended)
        elif link.ended:
            self.notify(link.ended, title=_("Disconnected"), severity="error", timeout=30,
                        markup=False)

    def receive(self, message: Message) -> None:
        if message["type"] == "welcome":
            self._welcome = message
        elif self._role_screen is None:
            if message["type"] == "sync" and self._welcome is not None:
                self._open(self._welcome, message)
        else:  # a message arriving while the screen closes is kept, not drawn
            with contextlib.suppress(NoMatches):
                self._role_screen.receive(message)

    def link_state(self, state: str) -> None:
        if self._role_screen is not None:
            with contextlib.suppress(NoMatches):
                self._role_screen.link_state(state)

    def _open(self, welcome: Message, first: Message) -> None:
        assert self.link is not None
        role = welcome["role"]
        screen: RemoteTableScreen | ProjectorScreen | ConsoleScreen
        if role == "seat":
            screen = RemoteTableScreen(self.link, welcome, first)
        elif role == "projector":
            screen = ProjectorScreen(first, dict(welcome["seats"]))
        else:
            screen = ConsoleScreen(self.link, welcome, first, self.intro)
        self._role_screen = screen
        self.switch_screen(screen) if isinstance(self.screen, CodeScreen) \
            else self.push_screen(screen)

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """Textual's own, and at a seat its moves by name, its members and measures."""
        yield from super().get_system_commands(screen)
        if isinstance(screen, RemoteTableScreen):
            yield from commands(screen.commands())
