"""The balance report, from a real `simulate` run."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from game.play.report import text_report, write_report
from game.play.simulate import simulate


@pytest.fixture(scope="module")
def result() -> dict[str, Any]:
    return simulate("2003-standby-force", games=6, seed=2)


def test_text_report_has_a_row_per_seat_and_the_headline_figures(
        result: dict[str, Any]) -> None:
    text = text_report(result)
    assert text.startswith("Balance report: 2003-standby-force, 6 games (seed 2")
    for seat, q in result["score_quantiles"].items():
        row = next(line for line in text.splitlines() if line.startswith(seat + " "))
        assert f"{q['median']:.2f}" in row
        assert str(result["objections"][seat]) in row.split()
    assert f"Focus {result['focus']} (sponsor {result['sponsor']})" in text
    assert "Deadlock" in text and "Norm stage at the end" in text
    for measure, rate in result["adoption_rate"].items():
        row = next(line for line in text.splitlines() if line.startswith(measure + " "))
        assert row.split()[1] == f"{100 * rate:.0f}%"


def test_objections_are_explained(result: dict[str, Any]) -> None:
    text = text_report(result)
    seat, reasons = max(result["objection_reasons"].items(), key=lambda kv: sum(kv[1].values()))
    if reasons:  # the most objecting seat's top reason is on its row
        top = next(iter(reasons))
        row = next(line for line in text.splitlines() if line.startswith(seat + " "))
        assert f"{top} {reasons[top]}" in row


def test_markdown_and_html_files(result: dict[str, Any], tmp_path: Path) -> None:
    write_report(result, tmp_path / "r.md")
    write_report(result, tmp_path / "r.html")
    md = (tmp_path / "r.md").read_text()
    assert md.startswith("# Balance report") and "| seat | bot | min | q1 | median |" in md
    page = (tmp_path / "r.html").read_text()
    assert page.count("<svg") == 4 and "<script" not in page
    for seat in result["mean_scores"]:
        assert f"<td>{seat}</td>" in page


def test_unknown_suffix_or_unwritable_path_is_a_clear_value_error(
        result: dict[str, Any], tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"must end in \.md .* or \.html"):
        write_report(result, tmp_path / "report.pdf")
    with pytest.raises(ValueError, match="cannot write the report"):
        write_report(result, tmp_path / "no-such-dir" / "r.md")
    assert not (tmp_path / "report.pdf").exists()
