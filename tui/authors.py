"""Authors' own scenarios, offered in the new-game menu beside the bundled ones.

Folders come from `$MUFAKAT_SCENARIOS` (paths separated like `PATH`: `:` on POSIX) and
from the setting file `scenario-folders.txt` in the data folder (one path a line; `#`
starts a comment; `~` is the home folder; a relative path is in the data folder).
Each entry is a folder of `*.toml`
scenarios or one scenario file. A file that does not load, or an entry that cannot be
read, is listed with its problem instead of a scenario: the menu never fails for it.
"""

from __future__ import annotations

import os
from pathlib import Path

from game import Scenario, ScenarioError, load_scenario
from game.rules.files import read_bounded
from tui import storage

SCENARIOS_VAR = "MUFAKAT_SCENARIOS"
SETTING_FILE = "scenario-folders.txt"
SETTING_LIMIT = 64 * 1024
"""The setting file is a short list of paths: anything larger is not one."""
FILES_PER_FOLDER = 200
"""A folder with more scenarios than this is not an author's folder: the rest are left."""


def setting_file() -> Path:
    return storage.home() / SETTING_FILE


def scenario_entries() -> tuple[list[Path], list[str]]:
    """The folders and files named by the environment and the setting file (each once,
    in that order), and the problems met reading the setting file."""
    entries = [Path(p.strip()).expanduser()
               for p in os.environ.get(SCENARIOS_VAR, "").split(os.pathsep) if p.strip()]
    problems: list[str] = []
    path = setting_file()
    if path.exists():
        try:
            text = read_bounded(path, SETTING_LIMIT, "setting file").decode("utf-8")
        except (OSError, UnicodeDecodeError) as err:  # InputFileError is an OSError
            problems.append(f"{path}: cannot be read ({err}); "
                            "write one folder of scenarios a line")
        else:
            for ln in text.splitlines():
                name = ln.split("#", 1)[0].strip()
                if name:
                    entries.append(path.parent / Path(name).expanduser())
    return list(dict.fromkeys(entries)), problems


def author_scenarios() -> dict[str, Scenario | str]:
    """Path -> the scenario it holds, or the problem that keeps it from loading."""
    entries, problems = scenario_entries()
    found: dict[str, Scenario | str] = {str(setting_file()): p for p in problems}
    for entry in entries:
        try:
            files = (sorted(entry.glob("*.toml"))[:FILES_PER_FOLDER] if entry.is_dir()
                     else [entry])
        except OSError as err:
            found[str(entry)] = f"{entry}: cannot be listed ({storage.fault(err)})"
            continue
        if not files:
            found[str(entry)] = f"{entry}: no scenario (.toml) files there"
        for file in files:
            found[str(file)] = _load(file)
    return found


def _load(path: Path) -> Scenario | str:
    if not path.exists():
        return f"{path}: no such file or folder"
    try:
        return load_scenario(path)
    except ScenarioError as err:
        return "\n".join(str(p) for p in err.problems[:8])
    except OSError as err:
        return f"{path}: {storage.fault(err)}"
