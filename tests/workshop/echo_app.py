"""A tiny Textual app for the browser tests: what you type in the Input is echoed below it.

Run as `python echo_app.py LABEL`; the label (shown on the first line) tells the seat
page's client from the projector's.
"""

from __future__ import annotations

import sys

from textual.app import App, ComposeResult
from textual.widgets import Input, Static


class EchoApp(App[None]):
    """Echo each change of the Input into a Static, prefixed with the label."""

    def __init__(self, label: str) -> None:
        super().__init__()
        self.label = label

    def compose(self) -> ComposeResult:
        yield Static(f"{self.label} ready", id="label")
        yield Input(id="input")
        yield Static("", id="echo", markup=False)

    def on_input_changed(self, event: Input.Changed) -> None:
        self.query_one("#echo", Static).update(f"echo:{event.value}")


if __name__ == "__main__":
    EchoApp(sys.argv[1]).run()
