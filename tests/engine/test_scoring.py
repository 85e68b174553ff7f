"""Scores: objectives, face and the shared ASEAN outcome, within `score_bounds`.

States here are real engine states with the adopted measures or face set directly, so
each scoring rule is checked on its own.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from engine_kit import lab

from game import GameState, asean_outcome, new_game, score_bounds, scores


def test_scores_at_the_start(start: GameState) -> None:
    # indonesia: adopt lab-drill (not yet); singapore: block lab-force (holds);
    # vietnam: face 55 >= 50; the region has achieved nothing yet
    assert scores(start) == {"brunei": 0.0, "indonesia": 0.0, "singapore": 8.0, "vietnam": 4.0}


def test_an_adopted_measure_scores_its_sponsor_goal_and_the_shared_outcome(
        start: GameState) -> None:
    state = start.replace(adopted={"lab-drill": 2})
    shared = 0.5 * 4.0 * 2 / 3  # shared_weight * value * ambition share
    assert asean_outcome(state) == pytest.approx(4.0 * 2 / 3)
    assert scores(state) == pytest.approx({"brunei": shared, "indonesia": 10 + shared,
                                           "singapore": 8 + shared, "vietnam": 4 + shared},
                                          abs=1e-4)


def test_a_block_goal_is_lost_above_its_ambition(start: GameState) -> None:
    assert scores(start.replace(adopted={"lab-drill": 3, "lab-force": 1}))["singapore"] >= 8
    assert scores(start.replace(adopted={"lab-drill": 3, "lab-force": 2}))["singapore"] < 8


def test_face_counts_by_the_face_weight(start: GameState) -> None:
    state = start.replace(face={**start.face, "brunei": 60.0, "vietnam": 49.0})
    got = scores(state)
    assert got["brunei"] == pytest.approx(10 * 0.5)
    assert got["vietnam"] == pytest.approx(-6 * 0.5)  # and its face goal is lost


def test_scaled_norm_and_progress_goals(tmp_path: Path) -> None:
    scenario = lab(tmp_path, members={"brunei": {"objectives": [
        {"kind": "adopt", "measure": "lab-drill", "points": 9, "scale": True},
        {"kind": "norm", "stage": "cascade", "points": 2},
        {"kind": "progress", "min_intrusiveness": 5, "points": 3}]}})
    state = new_game(scenario)
    base = scores(state)["brunei"]
    assert base == 0.0
    cascade = state.replace(norm_adopters=frozenset({"indonesia", "vietnam"}))
    assert scores(cascade)["brunei"] == pytest.approx(2 + 0.5 * 5)  # goal + stage bonus
    drill = state.replace(adopted={"lab-drill": 1})
    assert scores(drill)["brunei"] == pytest.approx(9 / 3 + 3 + 0.5 * 4 / 3, abs=1e-4)
    talks = state.replace(adopted={"lab-talks": 2})
    assert scores(talks)["brunei"] == pytest.approx(0.5 * 1.0)  # too little for progress


def test_measures_in_force_at_the_start_earn_nothing(tmp_path: Path) -> None:
    state = new_game(lab(tmp_path, adopted=["lab-drill"]))
    assert asean_outcome(state) == 0.0
    assert scores(state)["indonesia"] == 10.0  # the goal holds; the region did not earn it


def test_score_bounds_hold_at_the_extremes(start: GameState) -> None:
    low, high = score_bounds(start.scenario)
    sc = start.scenario
    best = start.replace(adopted={m: sc.measures[m].max_ambition for m in sc.agenda},
                         face=dict.fromkeys(sc.seats, 100.0),
                         norm_adopters=frozenset(sc.seats))
    worst = start.replace(face=dict.fromkeys(sc.seats, 0.0))
    assert all(low <= v <= high for v in scores(best).values())
    assert all(low <= v <= high for v in scores(worst).values())
