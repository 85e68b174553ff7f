"""Helpers for the hardening tests: the `mufakat` command line, in a child process or in
this one, and the TUI tests' kit (`tests/tui/tui_kit.py`) for the app."""

from __future__ import annotations

import contextlib
import io
import subprocess
import sys
from pathlib import Path
from typing import Any

from tui import cli

REPO = Path(__file__).resolve().parents[2]

if str(REPO / "tests" / "tui") not in sys.path:  # pytest puts it there only for tests/tui
    sys.path.append(str(REPO / "tests" / "tui"))
from tui_kit import (  # noqa: E402
    messages,
    new_app,
    plan,
    press_first_legal,
    run_async,
    settle,
    table,
)

__all__ = ["REPO", "messages", "mufakat", "new_app", "plan", "press_first_legal", "run",
           "run_async", "settle", "table"]


def mufakat(*args: str, cwd: Path = REPO, timeout: float = 300,
            stdin: Any = None) -> subprocess.CompletedProcess[str]:
    """`mufakat ARGS` in a child process with a bare environment, its output captured."""
    return subprocess.run([sys.executable, "-m", "tui.cli", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=timeout, stdin=stdin,
                          env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"})


def run(*args: str) -> subprocess.CompletedProcess[str]:
    """`mufakat ARGS` in this process (fast), its output captured like a subprocess's."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            status = cli.main(list(args))
        except SystemExit as exit_:  # argparse's usage errors
            status = exit_.code if isinstance(exit_.code, int) else 1
    return subprocess.CompletedProcess(list(args), status, out.getvalue(), err.getvalue())
