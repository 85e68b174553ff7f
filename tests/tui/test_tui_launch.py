"""`mufakat play` as a user runs it: bad options get one clear line, never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

MUFAKAT = Path(sys.executable).with_name("mufakat")


def _run(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "MUFAKAT_HOME": str(home)}
    return subprocess.run([str(MUFAKAT), *args], capture_output=True, text=True, env=env,
                          timeout=60, stdin=subprocess.DEVNULL)


@pytest.mark.parametrize(("args", "says"), [
    (["play", "no-such-scenario"], "no such bundled scenario or file"),
    (["play", "2020-asean-flag", "--as", "atlantis"], "`atlantis` is not seated"),
    (["play", "2020-asean-flag", "--bots", "genius"], "unknown bot kind `genius`"),
    (["play", "2020-asean-flag", "--bots", "vietnam=hard,narnia=random"], "`narnia`"),
    (["play", "2020-asean-flag", "--from-round", "9"], "has rounds 1 to 3"),
    (["play", "--as", "vietnam"], "need a SCENARIO"),
])
def test_bad_options_exit_2_with_a_clear_message(args: list[str], says: str,
                                                 home: Path) -> None:
    result = _run(*args, home=home)
    assert result.returncode == 2
    assert says in result.stderr and result.stderr.startswith("mufakat: error:")
    assert "Traceback" not in result.stderr
    assert not (home / "games").exists()  # nothing started, nothing written


def test_importing_the_launcher_does_not_import_textual() -> None:
    code = "import sys, tui.launch; print('textual' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, timeout=60)
    assert out.stdout.strip() == "False"


def test_play_opens_the_table_and_records_the_game(home: Path) -> None:
    env = {**os.environ, "MUFAKAT_HOME": str(home), "MUFAKAT_EXIT_AFTER_START": "1"}
    result = subprocess.run([str(MUFAKAT), "play", "2020-asean-flag", "--seed", "3"],
                            capture_output=True, text=True, env=env, timeout=60,
                            stdin=subprocess.DEVNULL)
    assert result.returncode == 0, result.stderr
    header = (home / "games" / "last.jsonl").read_text().splitlines()[0]
    assert '"seed":3' in header and '"vietnam":"human"' in header
