"""Shared fixtures for the authoring tools' tests: the real CLI and a valid scenario."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from game.authoring.new import TEMPLATE
from game.scenario.schema import FORMAT

ROOT = Path(__file__).resolve().parents[2]

Run = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def mufakat(tmp_path: Path) -> Run:
    """Run `mufakat ARGS...` in a real subprocess, in tmp_path."""

    def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "tui.cli", *args], cwd=cwd or tmp_path,
                              capture_output=True, text=True, timeout=300,
                              env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin",
                                   "HOME": str(tmp_path)})

    return run


@pytest.fixture
def valid_text() -> str:
    """The `mufakat new` template: a scenario that lints clean."""
    return TEMPLATE.substitute(id="my-workshop", title="My workshop", format=FORMAT)


@pytest.fixture
def scenario_file(tmp_path: Path) -> Callable[[str], Path]:
    """Write a scenario text to tmp_path/my-workshop.toml and return the path."""

    def write(text: str, name: str = "my-workshop.toml") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return write
