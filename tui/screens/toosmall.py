"""A clear message instead of a broken layout when the terminal is smaller than the
screens are laid out for."""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Static

from tui.i18n import _

MIN_WIDTH, MIN_HEIGHT = 80, 24
"""Every screen is laid out to work at this size and larger."""


def too_small(size: tuple[int, int]) -> bool:
    return size[0] < MIN_WIDTH or size[1] < MIN_HEIGHT


class TooSmallScreen(Screen[None]):
    """Covers everything until the terminal is large enough again, then goes away."""

    def compose(self) -> ComposeResult:
        yield Static(id="too-small-text")

    def on_mount(self) -> None:
        self._say()

    def on_screen_resume(self) -> None:
        self._recheck()

    def on_resize(self, _: events.Resize) -> None:
        self._recheck()

    def _recheck(self) -> None:
        if self.is_current and not too_small((self.app.size.width, self.app.size.height)):
            self.dismiss(None)
            return
        self._say()

    def _say(self) -> None:
        width, height = self.app.size
        self.query_one("#too-small-text", Static).update(
            _("The terminal is {width}×{height}; Mufakat needs at least "
              "{min_width}×{min_height}.").format(width=width, height=height,
                                                 min_width=MIN_WIDTH, min_height=MIN_HEIGHT)
            + "\n\n" + _("Enlarge the window (or make the font smaller) and the game comes "
                         "back as you left it. ctrl+q quits."))
