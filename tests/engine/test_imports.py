"""The engine never imports the TUI or Textual (the rule of the house, as in Harlequin):
checked in a fresh interpreter and by reading every module's imports."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from engine_kit import REPO

FORBIDDEN = ("textual", "tui")

PROBE = """
import importlib, importlib.util, pkgutil, sys
import game, game.bots, game.play.simulate, game.play.record
extra = all(importlib.util.find_spec(m) for m in ("numpy", "pettingzoo", "pyspiel"))
for info in pkgutil.walk_packages(game.__path__, "game."):
    if extra or not info.name.startswith("game.envs."):  # those need the `rl` extra
        importlib.import_module(info.name)
bad = sorted(m for m in sys.modules if m.split(".")[0] in {forbidden!r})
print("\\n".join(bad))
"""


def test_importing_the_engine_loads_no_tui_and_no_textual() -> None:
    done = subprocess.run([sys.executable, "-c", PROBE.format(forbidden=set(FORBIDDEN))],
                          cwd=REPO, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == []


def imported_roots(tree: ast.AST) -> set[str]:
    """Top-level names of every module a syntax tree imports, including dynamic imports
    of a literal name."""
    roots = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            roots.add(node.module.split(".")[0])
        elif (isinstance(node, ast.Call) and node.args
              and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)
              and ast.unparse(node.func) in ("__import__", "importlib.import_module",
                                             "import_module")):
            roots.add(node.args[0].value.split(".")[0])
    return roots


def test_no_engine_module_imports_tui_or_textual() -> None:
    files = sorted((REPO / "game").rglob("*.py"))
    assert len(files) > 10
    offenders = {str(path.relative_to(REPO)): sorted(imported_roots(ast.parse(
        path.read_text(encoding="utf-8"))) & set(FORBIDDEN)) for path in files}
    assert {k: v for k, v in offenders.items() if v} == {}


def test_the_import_scan_sees_every_form_of_import() -> None:
    source = ("import textual.app\nfrom tui.cli import main\n"
              "importlib.import_module('textual')\nfrom . import sibling\n")
    assert imported_roots(ast.parse(source)) == {"textual", "tui"}


def test_the_layer_contracts_hold() -> None:
    """import-linter's contracts in pyproject.toml: each layer of `game/` imports only the
    layers below it, and nothing in `game/` imports the TUI or Textual."""
    linter = Path(sys.executable).with_name("lint-imports")
    done = subprocess.run([str(linter)], cwd=REPO,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 broken" in done.stdout
