"""The interface in the languages of the region: complete catalogues, kept up to date
with the code, chosen with `--lang` or the settings, member names from CLDR."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from babel import Locale
from babel.messages.catalog import Catalog, Message
from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po
from textual.pilot import Pilot
from textual.widgets import Footer, OptionList
from tui_kit import new_app, plan, run_async, settle, table

from tui import i18n, settings
from tui.app import MufakatApp
from tui.cli import build_parser
from tui.widgets.board import MembersTable, PhaseBar

ROOT = Path(__file__).resolve().parents[2]
TRANSLATED = [code for code in i18n.LANGUAGES if code != i18n.SOURCE]
PLACEHOLDER = re.compile(r"\{(\w*)[^{}]*\}")
Snap = Callable[..., bool]


def _catalogue(path: Path, language: str | None = None) -> Catalog:
    with path.open("rb") as file:
        return read_po(file, locale=language)


def _messages(catalog: Catalog) -> Iterator[Message]:
    return (m for m in catalog if m.id)


def _placeholders(text: str | tuple[str, ...]) -> set[str]:
    return set(PLACEHOLDER.findall(" ".join(text) if isinstance(text, tuple) else text))


@pytest.fixture(autouse=True)
def english_again() -> Iterator[None]:
    """The interface language is the process's: every test leaves it English."""
    yield
    i18n.use(i18n.SOURCE)


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_message_is_translated_with_the_same_placeholders(language: str) -> None:
    template = _catalogue(i18n.LOCALE_DIR / f"{i18n.DOMAIN}.pot")
    catalog = _catalogue(i18n.catalogue(language), language)
    problems = []
    for wanted in _messages(template):
        found = catalog.get(wanted.id)
        strings = () if found is None else (found.string if isinstance(found.string, tuple)
                                             else (found.string,))
        if found is None or found.fuzzy or not strings or not all(strings):
            problems.append(f"untranslated: {wanted.id!r}")
            continue
        for string in strings:
            # a language with one plural form says the plural's placeholders (e.g. {times})
            if not (_placeholders(wanted.id if isinstance(wanted.id, str) else wanted.id[0])
                    <= _placeholders(string) <= _placeholders(wanted.id)):
                problems.append(f"placeholders differ: {wanted.id!r} -> {string!r}")
    obsolete = {m.id for m in _messages(catalog)} - {m.id for m in _messages(template)}
    problems += [f"not in the template (run the update command): {m!r}" for m in obsolete]
    assert not problems, "\n".join(problems)


def test_the_template_is_up_to_date_with_the_code(tmp_path: Path) -> None:
    """A string wrapped, changed or removed in the code without re-extracting fails."""
    fresh = tmp_path / "fresh.pot"
    CommandLineInterface().run(["pybabel", "-q", "extract", "-F", str(ROOT / "babel.cfg"),
                                "-o", str(fresh), "--no-location", str(ROOT / "tui")])
    extracted = {m.id for m in _messages(_catalogue(fresh))}
    shipped = {m.id for m in _messages(_catalogue(i18n.LOCALE_DIR / f"{i18n.DOMAIN}.pot"))}
    assert extracted == shipped, (f"new: {sorted(map(str, extracted - shipped))}\n"
                                  f"gone: {sorted(map(str, shipped - extracted))}")


def test_lang_is_taken_before_and_after_play() -> None:
    parser = build_parser()
    assert parser.parse_args(["--lang", "id"]).lang == "id"
    assert parser.parse_args(["play", "2011-apcn", "--lang", "vi"]).lang == "vi"
    assert not hasattr(parser.parse_args(["play"]), "lang")  # then the settings decide


def test_an_unknown_language_is_refused_with_the_choices(
        capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        build_parser().parse_args(["--lang", "xx"])
    err = capsys.readouterr().err
    assert "invalid choice: 'xx'" in err and "'id'" in err and "'vi'" in err


def test_member_names_come_from_cldr() -> None:
    i18n.use("vi")
    burma = Locale.parse("vi").territories["MM"]
    assert burma == "Myanmar (Miến Điện)" and i18n.member_name("myanmar", "Myanmar") == "Myanmar"
    assert i18n.member_name("cambodia", "Cambodia") == Locale.parse("vi").territories["KH"]
    assert i18n.member_name("timor-leste", "Timor-Leste") == "Timor-Leste"
    assert i18n.member_name("atlantis", "Atlantis") == "Atlantis"  # no ISO code: as written
    i18n.use("en")
    assert i18n.member_name("vietnam", "Vietnam") == "Vietnam"


def _app(language: str, with_plan: bool = False) -> MufakatApp:
    """The app as `mufakat [play ...] --lang LANGUAGE` opens it."""
    app = MufakatApp(plan=plan() if with_plan else None, bot_delay=0, language=language)
    app.theme = "textual-dark"
    return app


@run_async
async def test_start_screen_in_indonesian_from_lang() -> None:
    app = _app("id")
    async with app.run_test(size=(100, 32)) as pilot:
        await pilot.pause()
        menu = app.screen.query_one("#menu", OptionList)
        assert str(menu.get_option_at_index(0).prompt) == "Permainan baru"
        keys = {b.binding.description for b in app.screen.active_bindings.values()}
        assert {"Permainan baru", "Bantuan"} <= keys and "New game" not in keys


@run_async
async def test_the_saved_language_shows_a_table_in_vietnamese(home: Path) -> None:
    home.mkdir(parents=True, exist_ok=True)
    settings.save(settings.Settings(language="vi"))
    app = new_app(plan())
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = table(app)
        bar = str(screen.query_one(PhaseBar).render())
        assert "Vòng 1/" in bar and "Round" not in bar
        members = screen.query_one(MembersTable)
        headings = [str(c.label) for c in members.columns.values()]
        assert headings[0] == "Thành viên"
        rows = " ".join(str(members.get_row_at(i)[0]) for i in range(members.row_count))
        assert Locale.parse("vi").territories["KH"] in rows  # Cambodia, in CLDR's words
        assert screen.query_one(Footer) is not None


async def _settled(pilot: Pilot[Any]) -> None:
    await settle(pilot)


def test_table_snapshot_in_indonesian(snap_compare: Snap) -> None:
    assert snap_compare(_app("id", with_plan=True), terminal_size=(120, 40),
                        run_before=_settled)
