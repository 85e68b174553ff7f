"""Each lint code, triggered by a small change to a scenario that lints clean."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from game.authoring.lint import CODES, codes_table, lint_paths

TOP = "rounds = 3\n"
CARD = ('[cards.late-card]\nname = "Late"\ntext = "Too late to matter."\n'
        "{extra}\n")


CHOICE = ('choice = {{ chooser = "{seat}", question = "Take it?", accept = {{ text = "Yes." }}, '
          'decline = {{ text = "No." }} }}')


def top(line: str) -> Callable[[str], str]:
    """Add a top-level line (before the first table)."""
    return lambda text: text.replace(TOP, TOP + line + "\n", 1)


def swap(old: str, new: str) -> Callable[[str], str]:
    def change(text: str) -> str:
        assert old in text, f"the template no longer holds {old!r}"
        return text.replace(old, new, 1)

    return change


def table(block: str) -> Callable[[str], str]:
    """Add a table at the end of the file."""
    return lambda text: text + "\n" + block + "\n"


def _deck_card(extra: str) -> Callable[[str], str]:
    def change(text: str) -> str:
        text = text.replace('events = ["routine-meeting",', 'events = ["late-card", '
                            '"routine-meeting",', 1)
        return text + "\n" + CARD.format(extra=extra)

    return change


MUTATIONS: list[tuple[str, Callable[[str], str], str]] = [
    ("M000", table("[[[broken"), "TOML syntax"),
    ("M000", table("[members.indonesia]\nface = 60"), "defined twice"),
    ("M001", top('titel = "typo"'), "did you mean `title`?"),
    ("M002", swap("rounds = 3", 'rounds = "three"'), "expected an integer"),
    ("M003", swap('title = "My workshop"\n', ""), "missing required key `title`"),
    ("M004", swap('kind = "face", min = 45', 'kind = "faces", min = 45'),
     "did you mean `face`?"),
    ("M005", swap("rounds = 3", "rounds = 40"), "out of range"),
    ("M006", swap("format = 2", "format = 7"), "upgrade Mufakat"),
    ("M006", lambda t: t.replace("format = 2\n", "").replace("\nevents = [", "\ndeck = ["),
     "format-0 draft"),
    ("M007", swap('id = "my-workshop"', 'id = "../../escaped"'), 'e.g. "escaped"'),
    ("M007", table('[measures."Odd Measure"]\nname = "Odd"\nintrusiveness = 3\n'
                   'stage = "cbm"\nvalue = 1.0\nlevels = ["a"]'), "not a valid measure id"),
    ("M008", table('[schedule]\n"0" = "routine-meeting"'), "not a round number"),
    ("M009", table("[rules.face]\nmin = 60\nmax = 40"), "min 60 is above max 40"),
    ("M009", table("[rules.face]\nmin = 55"), "starting face 50 is outside"),
    ("M010", swap('measure = "joint-training", max_ambition = 2',
                  'measure = "joint-training", min_ambition = 2'), "write `max_ambition = 2`"),
    ("M010", swap('[members.vietnam]\n', '[members.vietnam]\nred_lines = [{ norm = "N3", '
                  'max_ambition = 1 }]\n'), "two red lines"),
    ("R001", swap('"vietnam"]', '"vietnamm"]'), "did you mean `vietnam`?"),
    ("R002", swap('"information-sharing", "joint-training"]',
                  '"information-sharing", "joint-trainin", "joint-training"]'),
     "did you mean `joint-training`?"),
    ("R003", swap('"routine-meeting",', '"routine-meting",'), "did you mean `routine-meeting`"),
    ("R004", swap('agenda = ["chair-statement",', 'agenda = ["chair-statement", '
                  '"chair-statement",'), "listed twice"),
    ("R005", table('[measures.information-sharing]\nrequires = ["joint-training"]'), "cycle"),
    ("R006", swap('sponsor = "indonesia"', 'sponsor = "timor-leste"'), "not a seated seat"),
    ("R008", table('[measures.information-sharing]\nclauses = ["host-concent"]'),
     "did you mean `host-consent`?"),
    ("W101", table('[schedule]\n"9" = "routine-meeting"'), "never fires"),
    ("W102", _deck_card("min_round = 5"), "never drawn"),
    ("W103", _deck_card('requires_seats = ["timor-leste"]'), "timor-leste"),
    ("W104", _deck_card('requires_adopted = ["standby-force"]'), "can never happen"),
    ("W105", swap('"joint-training"]\nevents', '"joint-training", "observer-team"]\nevents'),
     "special-envoy"),
    ("W106", table('[measures.my-measure]\nname = "Mine"\nintrusiveness = 3\nstage = "cbm"\n'
                   'value = 1.0\nlevels = ["a little"]'), "nothing uses it"),
    ("W107", table(CARD.format(extra="")), "neither in the deck"),
    ("W108", table('[members.timor-leste]\nface = 40'), "not seated"),
    ("W109", swap('measure = "information-sharing", points = 4',
                  'measure = "standby-force", points = 4'), "never scores"),
    ("W110", swap('[{ kind = "face", min = 40, points = 4, public = true }]', "[]"),
     "laos has no objective that can score"),
    ("W112", swap('[{ kind = "face", min = 40, points = 4, public = true }]',
                  '[{ kind = "clause", measure = "joint-training", clause = "host-consent", '
                  'points = 4 }]'), "choose one of: voluntary"),
    ("W115", swap('"joint-training"]\nevents', '"joint-training", "apcn"]\nevents'),
     "no historical bot will table `apcn`"),
    ("W113", swap('focus = "joint-training"', 'focus = "chair-statement"'),
     "does not chair (brunei does)"),
    ("W114", _deck_card(CHOICE.format(seat="timor-leste")), "timor-leste"),
    ("R001", _deck_card(CHOICE.format(seat="vietnamm")), "did you mean `vietnam`?"),
    ("R001", _deck_card('stands_aside = "myanmarr"'), "did you mean `myanmar`?"),
    ("W201", swap('[members.vietnam]\n', '[members.vietnam]\nred_lines = [{ measure = '
                  '"joint-training", max_ambition = 0 }]\n'), "blocked by vietnam"),
]


@pytest.mark.parametrize(("code", "mutate", "words"), MUTATIONS,
                         ids=[f"{c}-{i}" for i, (c, _, _) in enumerate(MUTATIONS)])
def test_each_code_is_found_with_a_helpful_message(
        code: str, mutate: Callable[[str], str], words: str, valid_text: str,
        scenario_file: Callable[[str], Path]) -> None:
    path = scenario_file(mutate(valid_text))
    problems = lint_paths([str(path)])
    found = [p for p in problems if p.code == code]
    assert found, f"{code} not reported; got: {[str(p) for p in problems]}"
    text = str(found[0])
    assert words in text
    assert text.startswith(str(path))
    assert f" {code} " in text


def test_the_template_lints_clean(valid_text: str,
                                  scenario_file: Callable[[str], Path]) -> None:
    assert lint_paths([str(scenario_file(valid_text))]) == []


def test_problems_carry_the_line_of_the_field(valid_text: str,
                                              scenario_file: Callable[[str], Path]) -> None:
    text = valid_text.replace("rounds = 3", "rounds = 40")
    path = scenario_file(text)
    (problem,) = lint_paths([str(path)])
    line = text.splitlines().index("rounds = 40") + 1
    assert (problem.line, problem.col) == (line, 1)
    assert str(problem).startswith(f"{path}:{line}:1: M005 error:")


def test_file_name_and_bundled_id_clashes_warn(valid_text: str,
                                               scenario_file: Callable[[str], Path]) -> None:
    renamed = scenario_file(valid_text, "other-name.toml")
    clash = scenario_file(valid_text.replace('id = "my-workshop"', 'id = "2011-apcn"'),
                          "2011-apcn.toml")
    problems = lint_paths([str(renamed), str(clash)])
    messages = [str(p) for p in problems if p.code == "W111"]
    assert any("differs from the file name" in m for m in messages)
    assert any("bundled scenario" in m for m in messages)


def test_two_files_with_one_id_are_an_error(valid_text: str, tmp_path: Path) -> None:
    for folder in ("a", "b"):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "my-workshop.toml").write_text(valid_text)
    problems = lint_paths([str(tmp_path / "a"), str(tmp_path / "b")])
    assert [p.code for p in problems] == ["R007"]


def test_every_code_is_documented_in_the_guide() -> None:
    guide = (Path(__file__).resolve().parents[2] / "scenarios" / "README.md").read_text()
    assert codes_table() in guide, "regenerate with `mufakat schema --markdown`"
    assert set(CODES) == {code for code, _, _ in MUTATIONS} | {"R007", "W111"}


def test_shared_files_lint_clean_and_extensions_are_checked(tmp_path: Path) -> None:
    shared = Path(__file__).resolve().parents[2] / "scenarios" / "shared"
    assert lint_paths([str(shared)]) == []
    extra = tmp_path / "extra-members.toml"
    extra.write_text('format = 2\n[members.atlantis]\nname = "Atlantis"\njoined = 2030\n'
                     'capability = 1\nstance = "cohesion"\ncooperation = 1\n'
                     "sensitivity = { N1 = 1, N2 = 1, N3 = 1, N4 = 1, N5 = 1, N6 = 1 }\n"
                     "trust = { vietnamm = 40 }\n"
                     'red_lines = [{ measure = "standby-forse" }]\n')
    found = [str(p) for p in lint_paths([str(extra)])]
    assert found == [
        f"{extra}:9:11: R001 error: unknown member `vietnamm` [members.atlantis.trust.vietnamm]"
        " (hint: did you mean `vietnam`?)",
        f"{extra}:10:16: R002 error: unknown measure `standby-forse` "
        "[members.atlantis.red_lines[0].measure] (hint: did you mean `standby-force`?)"]
    extra.write_text(extra.read_text() + 'colour = "blue"\n')
    assert [p.code for p in lint_paths([str(extra)])] == ["M001"]


def test_asean_minus_x_lets_the_focus_pass_a_lone_blocker(
        valid_text: str, scenario_file: Callable[[str], Path]) -> None:
    blocked = valid_text.replace('[members.vietnam]\n', '[members.vietnam]\nred_lines = '
                                 '[{ measure = "joint-training", max_ambition = 0 }]\n')
    minus_x = blocked + "\n[rules.minus_x]\nenabled = true\nsecurity = true\n"
    assert "W201" in [p.code for p in lint_paths([str(scenario_file(blocked))])]
    assert lint_paths([str(scenario_file(minus_x))]) == []
    no_security = minus_x.replace("security = true", "security = false")
    assert "W201" in [p.code for p in lint_paths([str(scenario_file(no_security))])]
