"""No import circle between `tui.app` and `tui/screens`, `tui/widgets`.

Screens return results with `dismiss(...)` or post `tui.screens.requests` messages the
app handles; they never import the app, not under `TYPE_CHECKING`, not lazily inside a
function, and not by naming it in a `cast("MufakatApp", ...)`. The import-linter
contract in `pyproject.toml` checks the imports; this test also catches the string form.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]
SOURCES = sorted([*(ROOT / "tui" / "screens").glob("*.py"),
                  *(ROOT / "tui" / "widgets").glob("*.py")])


@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.name)
def test_screens_and_widgets_never_reach_for_the_app(source: Path) -> None:
    tree = ast.parse(source.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            assert node.module != "tui.app" and not (node.module == "tui" and any(
                a.name == "app" for a in node.names)), f"{source.name}:{node.lineno}"
        elif isinstance(node, ast.Import):
            assert all(a.name != "tui.app" for a in node.names), f"{source.name}:{node.lineno}"
        elif isinstance(node, ast.Call) and getattr(node.func, "id", "") == "cast":
            named = ast.unparse(node.args[0]) if node.args else ""
            assert "MufakatApp" not in named, f"{source.name}:{node.lineno}: cast to the app"


def test_the_import_contract_holds() -> None:
    linter = Path(sys.executable).with_name("lint-imports")
    if not linter.exists():
        pytest.skip("import-linter is not installed")
    done = subprocess.run([str(linter), "--contract", "tui-screens-no-app"], cwd=ROOT,
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "KEPT" in done.stdout
