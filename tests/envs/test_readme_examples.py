"""The README's examples of the research environments run as printed."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("pyspiel", reason="needs the research extra: pip install 'mufakat[rl]'")
pytest.importorskip("pettingzoo", reason="needs the research extra: pip install 'mufakat[rl]'")

REPO = Path(__file__).resolve().parents[2]


def examples() -> list[str]:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Environments for AI research", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```python\n(.*?)```", section, re.S)


@pytest.mark.parametrize("number", [0, 1])
def test_the_readme_example_runs(number: int) -> None:
    done = subprocess.run([sys.executable, "-c", examples()[number]], cwd=REPO,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip()


def test_the_readme_has_one_example_of_each_environment() -> None:
    assert [("MufakatEnv" in e, "pyspiel" in e) for e in examples()] == [(True, False),
                                                                         (False, True)]
