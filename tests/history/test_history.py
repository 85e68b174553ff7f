"""Calibration: the historical bots reproduce history, and a skilled sponsor beats it.

Every bundled scenario marked `historical` states in its `[history]` table what was
adopted, what was not and who objected; played by the default (historical) bots in every
seat it must come out that way in every game. The `hard` bot seated as the sponsor must
score better, on average, than the historical bot in that seat.
"""

from __future__ import annotations

import pytest

from game import bundled_ids, load_scenario
from game.play.simulate import simulate

GAMES = 4
HISTORICAL = [sid for sid in bundled_ids() if load_scenario(sid).historical]


def test_the_issue_scenarios_are_bundled() -> None:
    assert set(bundled_ids()) >= {
        "1994-regional-peacekeeping", "2003-standby-force", "2011-apcn", "2015-apf-revival",
        "2020-asean-flag", "2018-preventive-diplomacy", "2027-crisis"}
    assert len(load_scenario("2027-crisis").seats) == 11


@pytest.mark.parametrize("scenario_id", HISTORICAL)
def test_historical_bots_reproduce_history(scenario_id: str) -> None:
    history = load_scenario(scenario_id).history
    result = simulate(scenario_id, games=GAMES, seed=0)
    for measure in history.adopted:
        assert result["adoption_rate"][measure] == 1.0, measure
    for measure in history.not_adopted:
        assert result["adoption_rate"][measure] == 0.0, measure
    for seat in history.objectors:
        assert result["objections"][seat] > 0, seat


@pytest.mark.parametrize("scenario_id", ["1994-regional-peacekeeping", "2003-standby-force",
                                         "2015-apf-revival"])
def test_the_failed_proposals_fail(scenario_id: str) -> None:
    sc = load_scenario(scenario_id)
    assert simulate(scenario_id, games=GAMES, seed=0)["focus_adoption_rate"] == 0.0
    assert sc.focus in sc.history.not_adopted


def test_singapore_and_vietnam_object_in_2003() -> None:
    result = simulate("2003-standby-force", games=GAMES, seed=0)
    assert result["objections"]["singapore"] > 0
    assert result["objections"]["vietnam"] > 0


@pytest.mark.parametrize("scenario_id", ["2011-apcn", "2020-asean-flag"])
def test_the_adopted_measures_pass(scenario_id: str) -> None:
    assert simulate(scenario_id, games=GAMES, seed=0)["focus_adoption_rate"] == 1.0


@pytest.mark.parametrize("scenario_id", HISTORICAL)
def test_a_skilled_sponsor_changes_history(scenario_id: str) -> None:
    sponsor = load_scenario(scenario_id).sponsor
    historical = simulate(scenario_id, games=GAMES, seed=0)
    hard = simulate(scenario_id, games=GAMES, seed=0, bots=f"{sponsor}=hard,*=historical")
    assert hard["mean_scores"][sponsor] > historical["mean_scores"][sponsor]
