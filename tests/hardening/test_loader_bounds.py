"""Hostile sizes and shapes (issue 8, class 4): every input gets a bound checked before
the work, and every algorithm on file content is linear or near it. The hang tests run
in a child process with a generous limit: the old code took minutes to hours on these
inputs, the new answers in about a second (the figures: `python -m game.authoring.lint`)."""

from __future__ import annotations

import itertools
import os
import re
import subprocess
import sys
import types
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.authoring.lint import hostile_scenarios, lint_paths, reachable
from game.authoring.new import template
from game.play.bench import MAX_SECONDS, BenchError, check_seconds
from game.scenario.loader import MAX_PROBLEMS, bundled_ids, find_cycle, load_scenario, locate

ROOT = Path(__file__).resolve().parents[2]
VALID = template("my-workshop")
HANG = 90  # seconds before a child process counts as hung (new code: about 1 s)
SETTINGS = settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def mufakat(*args: str, cwd: Path, timeout: float = HANG) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "tui.cli", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=timeout,
                          stdin=subprocess.DEVNULL,
                          env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin",
                               "HOME": str(cwd)})


def python(code: str, timeout: float = HANG) -> str:
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=timeout, env={"PYTHONPATH": str(ROOT)}, check=True)
    return result.stdout


# --- the reference implementations the fast ones must agree with (the old code) -------

_HEADER = re.compile(r"^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(r'^\s*([A-Za-z0-9_\-"\' .]+?)\s*=')


def _key_path(text: str) -> list[str]:
    return [k.strip().strip("\"'") for k in text.split(".")]


def old_locate(text: str, where: str) -> tuple[int, int]:
    if not text or not where:
        return 0, 0
    steps = [re.fullmatch(r"(.*?)(?:\[(\d+)\])?", p) for p in where.split(".")]
    parts = [m.group(1) if m else p for m, p in zip(steps, where.split("."), strict=True)]
    index = [int(m.group(2)) if m and m.group(2) else 0 for m in steps]
    lines = text.splitlines()
    table: list[str] = []
    best, best_len, in_string = -1, 0, False
    for i, line in enumerate(lines):
        if in_string:
            in_string = line.count('"""') % 2 == 0
            continue
        header = _HEADER.match(line)
        key = None if header else _KEY.match(line)
        if header:
            table = _key_path(header.group(1))
            path = table
        elif key:
            path = table + _key_path(key.group(1))
        else:
            continue
        if line.count('"""') % 2 == 1:
            in_string = True
        if len(path) > best_len and parts[: len(path)] == path:
            best, best_len = i, len(path)
            if best_len == len(parts):
                break
    if best < 0:
        return 0, 0
    line_no = best
    items = [best] if "{" in lines[best] else []
    for k in range(best + 1, len(lines)):
        if not lines[k].lstrip().startswith(("{", '"', "#")):
            break
        if lines[k].lstrip().startswith("{"):
            items.append(k)
    if index[best_len - 1] < len(items):
        line_no = items[index[best_len - 1]]
    col = len(lines[line_no]) - len(lines[line_no].lstrip()) + 1
    if best_len < len(parts):
        wanted = re.compile(r"(^|[\s{,])\"?" + re.escape(parts[best_len]) + r"\"?\s*=")
        found = wanted.search(lines[line_no])
        if found:
            col = found.start() + (1 if found.group(1) else 0) + 1
    return line_no + 1, col


def old_reachable(sc: Any) -> dict[str, int]:
    def closure(roots: Iterable[str]) -> set[str]:
        out: set[str] = set()
        todo = list(roots)
        while todo:
            mid = todo.pop()
            if mid not in out and mid in sc.measures:
                out.add(mid)
                todo += sc.measures[mid].requires
        return out

    need: dict[str, int] = {m: 0 for m in sc.adopted}
    changed = True
    while changed:
        changed = False
        for mid in sc.agenda:
            reqs = sc.measures[mid].requires
            if mid in need or not all(r in need for r in reqs):
                continue
            rounds = 1 + len(closure(reqs) - set(sc.adopted))
            if rounds <= sc.rounds:
                need[mid] = rounds
                changed = True
    return need


# --- locate: linear, and the same answers as before -----------------------------------

WORDS = ["members", "vietnam", "trust", "laos", "objectives", "face", "id", "rounds",
         "measures", "a-b", "N3", "schedule", "1"]
line_kinds = st.one_of(
    st.builds(lambda k, v: f"{k} = {v}", st.sampled_from(WORDS), st.sampled_from(
        ["1", '"x"', "{ face = 2, N3 = 1 }", '"""', "[", "{ trust = 1 }"])),
    st.builds(lambda p: f"[{'.'.join(p)}]", st.lists(st.sampled_from(WORDS), min_size=1,
                                                    max_size=3)),
    st.builds(lambda k: f"  {{ {k} = 1 }},", st.sampled_from(WORDS)),
    st.sampled_from(["", "# comment", "]", '"""', "  \"text\",", " " * 30, "x = [",
                     "[[members.laos.objectives]]", "\tface\t=\t3"]),
)
wheres = st.builds(lambda parts, n: ".".join(parts) + (f"[{n}]" if n is not None else ""),
                   st.lists(st.sampled_from(WORDS), min_size=1, max_size=4),
                   st.none() | st.integers(0, 3))


@SETTINGS
@given(lines=st.lists(line_kinds, max_size=25), where=wheres)
def test_locate_gives_the_answers_it_gave_before(lines: list[str], where: str) -> None:
    text = "\n".join(lines)
    assert locate(text, where) == old_locate(text, where)


LINES = {  # a Python expression for each hostile line, built in the child
    "spaces": "' ' * 200_000", "spaces-equals": "' ' * 200_000 + '= 1'",
    "header-spaces": "'[' + ' ' * 200_000", "key-spaces-key": "'a' + ' ' * 200_000 + 'b'",
    "header-twice": "'[ ' + ' ' * 200_000 + 'x ]' + ' ' * 200_000 + 'y'",
    "quote-spaces": "'\"' + ' ' * 200_000", "space-dots": "'x' + ' .' * 100_000",
    "long-key": "'a' * 200_000 + ' ='",
}


@pytest.mark.parametrize("line", sorted(LINES))
def test_locate_is_linear_on_a_line_of_spaces(line: str) -> None:
    """The old key regex was cubic here: 5,000 spaces took 47 s, 200,000 would take days."""
    code = (f"from game.scenario.loader import locate\n"
            f"text = 'rounds = 3\\n' + {LINES[line]} + '\\nface = 1\\n'\n"
            f"print(locate(text, 'face'), locate(text, 'members.x.face'))")
    assert python(code).split() == ["(3,", "1)", "(0,", "0)"]


# --- cycles and reachability on long chains ---------------------------------------------

def test_find_cycle_on_long_chains_and_wide_requirements() -> None:
    code = ("from game.scenario.loader import find_cycle\n"
            "n = 50_000\n"
            "chain = {f'm{i}': [f'm{i + 1}'] for i in range(n)}\n"
            "assert find_cycle(chain) == []\n"
            "chain[f'm{n}'] = ['m0']\n"
            "cycle = find_cycle(chain)\n"
            "assert cycle[0] == cycle[-1] and len(cycle) == n + 2\n"
            "wide = {'top': [f'w{i}' for i in range(300_000)]}\n"
            "wide.update({f'w{i}': [] for i in range(300_000)})\n"
            "assert find_cycle(wide) == []\n"
            "print('ok')")
    assert python(code).strip() == "ok"


graphs = st.dictionaries(st.sampled_from([f"m{i}" for i in range(8)]),
                         st.lists(st.sampled_from([f"m{i}" for i in range(9)]), max_size=3),
                         max_size=8)


@SETTINGS
@given(graph=graphs)
def test_find_cycle_finds_a_real_cycle_exactly_when_there_is_one(
        graph: dict[str, list[str]]) -> None:
    cycle = find_cycle(graph)
    import graphlib

    try:
        graphlib.TopologicalSorter({k: [r for r in v if r in graph]
                                    for k, v in graph.items()}).prepare()
        acyclic = True
    except graphlib.CycleError:
        acyclic = False
    assert (cycle == []) == acyclic
    for a, b in itertools.pairwise(cycle):
        assert b in graph[a]


def _scenario(measures: Mapping[str, list[str]], agenda: list[str], adopted: list[str],
              rounds: int) -> Any:
    return types.SimpleNamespace(
        measures={m: types.SimpleNamespace(requires=tuple(r)) for m, r in measures.items()},
        agenda=tuple(agenda), adopted=tuple(adopted), rounds=rounds)


names = [f"m{i}" for i in range(10)]


@st.composite
def dags(draw: st.DrawFn) -> Any:
    measures = {m: draw(st.lists(st.sampled_from(names[:i] or ["m0"]), max_size=3,
                                 unique=True)) if i else []
                for i, m in enumerate(names)}
    agenda = draw(st.lists(st.sampled_from(names), unique=True))
    adopted = draw(st.lists(st.sampled_from(names), unique=True, max_size=3))
    return _scenario(measures, agenda, adopted, draw(st.integers(1, 12)))


@SETTINGS
@given(sc=dags())
def test_reachable_gives_the_answers_it_gave_before(sc: Any) -> None:
    assert reachable(sc) == old_reachable(sc)


def test_reachable_on_a_chain_of_100_000() -> None:
    code = ("import types\n"
            "from game.authoring.lint import reachable\n"
            "n = 100_000\n"
            "m = {f'c{i}': types.SimpleNamespace(requires=(f'c{i - 1}',) if i else ())"
            " for i in range(n)}\n"
            "sc = types.SimpleNamespace(measures=m, agenda=tuple(m), adopted=(), rounds=12)\n"
            "print(sorted(reachable(sc).values()))")
    assert python(code).strip() == str(list(range(1, 13)))


# --- hostile files: validate answers within seconds, capped, never a traceback -----------

@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("hostile")
    out = {}
    for name, data in hostile_scenarios().items():
        out[name] = folder / f"{name}.toml"
        out[name].write_bytes(data)
    return out


@pytest.mark.parametrize("name", sorted(hostile_scenarios(20_000)))
def test_validate_answers_a_hostile_1mb_file(hostile: dict[str, Path], name: str) -> None:
    path = hostile[name]
    assert 700_000 <= path.stat().st_size <= 1_000_000
    result = mufakat("validate", str(path), cwd=path.parent)
    assert result.returncode in (0, 1), result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    lines = result.stdout.splitlines()
    assert 1 <= len(lines) <= MAX_PROBLEMS + 1
    assert all(len(line) < 2000 for line in lines)
    assert "\x1b" not in result.stdout


def test_a_chain_of_5000_prerequisites_lints_quickly(tmp_path: Path) -> None:
    chain = "".join(f'\n[measures.c{i}]\nname = "C"\nintrusiveness = 3\nstage = "cbm"\n'
                    f'value = 1.0\nlevels = ["a"]\n' + (f'requires = ["c{i - 1}"]\n' if i else "")
                    for i in range(5000))
    text = VALID.replace('agenda = ["chair-statement",', 'agenda = [' + "".join(
        f'"c{i}", ' for i in range(5000)) + '"chair-statement",') + chain
    path = tmp_path / "my-workshop.toml"
    path.write_text(text)
    result = mufakat("validate", str(path), cwd=tmp_path)
    assert result.returncode == 0, result.stdout[-2000:]
    assert "W105" in result.stdout


def test_dotted_keys_are_refused_before_parsing(tmp_path: Path) -> None:
    for text in ("a." * 100_000 + "b = 1\n", "[" + "a." * 100_000 + "b]\n",
                 "x = {" + "a." * 100_000 + "b = 1}\n", VALID + '"q".' * 40 + "z = 1\n"):
        path = tmp_path / "dotted.toml"
        path.write_text(text)
        (problem,) = lint_paths([str(path)])
        assert problem.code == "M000" and "dotted parts" in problem.message
        assert problem.line >= 1


# --- lint output capped, also for warnings ------------------------------------------------

def unused_measures(count: int) -> str:
    return "".join(f'\n[measures.u{i}]\nname = "U"\nintrusiveness = 3\nstage = "cbm"\n'
                   f'value = 1.0\nlevels = ["a"]\n' for i in range(count))


def test_lint_warnings_are_capped_and_the_note_is_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "my-workshop.toml"
    path.write_text(VALID + unused_measures(300))
    problems = lint_paths([str(path)])
    assert len(problems) == MAX_PROBLEMS + 1
    assert all(p.severity == "warning" for p in problems)
    assert f"more than {MAX_PROBLEMS} problems" in problems[-1].message
    result = mufakat("validate", str(path), cwd=tmp_path)
    assert result.returncode == 0 and len(result.stdout.splitlines()) == MAX_PROBLEMS + 1
    assert mufakat("validate", "--strict", str(path), cwd=tmp_path).returncode == 1


def test_the_cap_note_is_an_error_when_it_holds_back_an_error(tmp_path: Path) -> None:
    path = tmp_path / "my-workshop.toml"
    path.write_text(VALID + "[schedule]\n" + "".join(
        f'"{r}" = "routine-meeting"\n' for r in range(4, 13)) + "".join(
        f'"x{i}" = "routine-meeting"\n' for i in range(200)))
    problems = lint_paths([str(path)])
    assert len(problems) == MAX_PROBLEMS + 1
    assert problems[-1].severity == "error"


def test_a_huge_key_is_clipped_in_the_message(tmp_path: Path) -> None:
    path = tmp_path / "my-workshop.toml"
    path.write_text(VALID.replace("rounds = 3", "rounds = 3\n" + "k" * 300_000 + " = 1"))
    (problem,) = lint_paths([str(path)])
    assert problem.code == "M001" and len(str(problem)) < 1500


# --- FIFOs, devices and folders as input files --------------------------------------------

@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "pipe.toml"
    os.mkfifo(path)
    return path


@pytest.mark.parametrize("command", [
    ["validate", "{path}"], ["simulate", "{path}", "--games", "1"], ["graph", "{path}"],
    ["new", "copy", "--from", "{path}"], ["upgrade", "{path}"], ["test", "--draft", "{path}"],
])
@pytest.mark.parametrize("kind", ["fifo", "/dev/zero", "folder"])
def test_a_fifo_device_or_folder_is_refused_without_waiting(
        tmp_path: Path, command: list[str], kind: str) -> None:
    if kind == "fifo":
        path = tmp_path / "pipe.toml"
        os.mkfifo(path)
    elif kind == "folder":
        path = tmp_path / "folder.toml"
        path.mkdir()
    else:
        path = Path(kind)
    result = mufakat(*[a.format(path=path) for a in command], cwd=tmp_path, timeout=60)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    said = result.stdout + result.stderr
    assert str(path) in said
    assert any(words in said for words in ("not a regular file", "is a folder"))
    assert not (tmp_path / "copy.toml").exists()


def test_a_fifo_transcript_is_refused(tmp_path: Path, fifo: Path) -> None:
    txt = tmp_path / "pipe.txt"
    os.mkfifo(txt)
    result = mufakat("test", str(txt), cwd=tmp_path, timeout=60)
    assert result.returncode == 1 and "not a regular file" in result.stdout
    assert "Traceback" not in result.stderr


def test_an_oversized_scenario_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "big.toml"
    with path.open("wb") as out:
        out.truncate(50_000_000_000)  # sparse: 50 GB that would never fit in memory
    (problem,) = lint_paths([str(path)])
    assert problem.code == "M000" and "limit is 1,000,000" in problem.message


# --- bench --seconds -------------------------------------------------------------------

@pytest.mark.parametrize("seconds", ["inf", "nan", "-1", "0", "1e300", "-inf", "601"])
def test_bench_refuses_seconds_it_cannot_use(tmp_path: Path, seconds: str) -> None:
    result = mufakat("bench", f"--seconds={seconds}", cwd=tmp_path, timeout=60)
    assert result.returncode == 2
    assert "--seconds" in result.stderr and "Traceback" not in result.stderr


@SETTINGS
@given(seconds=st.floats(allow_nan=True, allow_infinity=True))
def test_check_seconds_accepts_exactly_the_usable_times(seconds: float) -> None:
    usable = 0 < seconds <= MAX_SECONDS
    if usable:
        assert check_seconds(seconds) == seconds
    else:
        with pytest.raises(BenchError, match="--seconds"):
            check_seconds(seconds)


# --- W201 with thousands of cards and seats ------------------------------------------------

norm_loads = st.dictionaries(st.sampled_from(["N1", "N2", "N3", "N4", "N5", "N6"]),
                             st.floats(0, 4, allow_nan=False), max_size=6)


@SETTINGS
@given(sid=st.sampled_from(bundled_ids()), level=st.integers(1, 4), load=norm_loads)
def test_the_blocked_count_agrees_with_crossed_seat_by_seat(sid: str, level: int,
                                                            load: dict[str, float]) -> None:
    from game.authoring.lint import _Blocked
    from game.rules.norms import crossed

    sc = load_scenario(sid)
    for measure in sc.measures.values():
        expected = sum(bool(crossed(sc.members[s].red_lines, measure, level, load))
                       for s in sc.seats)
        assert _Blocked(sc, measure).count(level, load) == expected


def test_w201_with_thousands_of_cards_and_seats(tmp_path: Path) -> None:
    seats = 2500
    members = "".join(
        f'[members.s{i}]\nname = "S"\njoined = 2030\ncapability = 1\nstance = "cautious"\n'
        "cooperation = 1\nsensitivity = { N1 = 1, N2 = 1, N3 = 1, N4 = 1, N5 = 1, N6 = 1 }\n"
        + (f'red_lines = [{{ norm = "N{i % 6 + 1}", max = 0.0{i % 9} }}]\n' if i % 10 else
           'red_lines = [{ measure = "joint-training", max_ambition = 0 }]\n')
        + 'objectives = [{ kind = "face", min = 45, points = 1 }]\n' for i in range(seats))
    cards = "".join(f'[cards.k{i}]\nname = "K"\ntext = "T"\nstrain = {{ N{i % 6 + 1} = -0.{i} }}\n'
                    for i in range(1500))
    text = VALID.replace('seats = ["brunei",', "seats = [" + "".join(
        f'"s{i}", ' for i in range(seats)) + '"brunei",').replace(
        'events = ["routine-meeting",', "events = [" + "".join(
            f'"k{i}", ' for i in range(1500)) + '"routine-meeting",') + members + cards
    path = tmp_path / "my-workshop.toml"
    path.write_text(text)
    result = mufakat("validate", str(path), cwd=tmp_path)
    assert "Traceback" not in result.stderr
    assert "W201" in result.stdout


def test_the_key_scan_of_upgrade_and_new_is_linear() -> None:
    code = ("from game.scenario.edit import top_level_keys\n"
            "from game.scenario.upgrade import upgrade_text\n"
            "texts = [''.join(f'chair{i} = {i}\\n' for i in range(100_000)),\n"
            "         'x = [' + '1,\\n' * 300_000 + ']\\n', 'c = ' + '\"' * 1_000_000,\n"
            "         'b = ' + '[' * 200_000 + ']' * 200_000, ' ' * 1_000_000]\n"
            "print([len(top_level_keys(t)) for t in texts], len(upgrade_text(texts[0])[1]))")
    assert python(code).strip() == "[100000, 1, 1, 1, 0] 1"
