"""The TUI tests' fixture: a private data directory for every test."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own data directory, so records never touch the user's."""
    folder = tmp_path / "home"
    monkeypatch.setenv("MUFAKAT_HOME", str(folder))
    return folder

