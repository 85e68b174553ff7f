"""The browser seat benchmark, run once on the tiny echo app (loopback, bounded)."""

from __future__ import annotations

from browser_kit import echo_command

from workshop.membench import browser_bench


def test_membench_measures_the_tiny_app() -> None:
    bench = browser_bench(echo_command("seat"), ready_text="seat ready", crowd=2)
    for served in (bench.bare, bench.one, bench.crowd):
        assert served.memory and all(m.rss > 0 for m in served.memory)
        assert all(seconds > 0 for seconds in served.first_screen)
    assert len(bench.crowd.memory) == len(bench.crowd.first_screen) == 2
    assert bench.ratio > 0
    assert "client / bare" in bench.table()
