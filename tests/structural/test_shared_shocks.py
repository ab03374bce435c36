"""Runs that share one set of shocks (a sweep's memo) give the numbers of fresh runs."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from huaian_forecast.scenarios import load_scenario
from huaian_forecast.simulation import SimulationMemo
from huaian_forecast.structural import StructuralShocks, project_structural

YEARS = np.arange(2024, 2036)


def _shared(seed: int, n_paths: int) -> StructuralShocks:
    """Shocks as a sweep's memo hands them out (read-only, so derived values are kept)."""
    return SimulationMemo().shocks([np.random.SeedSequence(seed)], [n_paths], YEARS.size)


def test_gamma_lumps_kept_between_runs_change_no_number():
    shocks = _shared(11, 400)
    plan = load_scenario("plan_2024")
    settings = [plan, plan.with_levers(major_project_rd=25.0),
                plan.with_levers(major_project_rd=0.0), plan,
                plan.with_uncertainties(major_project_arrival_cv=90.0)]
    for scenario in settings:
        shared = project_structural(scenario, years=YEARS, shocks=shocks,
                                    indicators=["rd_spend"])["rd_spend"]
        fresh = project_structural(scenario, years=YEARS, shocks=replace(shocks, derived={}),
                                   indicators=["rd_spend"])["rd_spend"]
        np.testing.assert_array_equal(shared, fresh)
    # one set of lumps per distinct c.v. of the arrivals: the registry's and the override
    assert len(shocks.derived) == 2


def test_lumps_make_arrivals_lumpy():
    shocks = StructuralShocks.draw(np.random.default_rng(12), 400, YEARS.size)
    plan = load_scenario("plan_2024")
    lumpy = project_structural(plan, years=YEARS, shocks=shocks, indicators=["rd_spend"])
    smooth = project_structural(plan, years=YEARS, shocks=replace(
        shocks, rd=replace(shocks.rd, lumps=None)), indicators=["rd_spend"])
    assert not np.array_equal(lumpy["rd_spend"], smooth["rd_spend"])


def test_parameters_kept_between_runs_change_no_number():
    shocks = _shared(13, 300)
    plan = load_scenario("plan_2024")
    settings = [plan, plan.with_levers(rd_rewards=3.0), plan.with_uncertainties(
        gdp_real_growth=4.0), plan]
    for scenario in settings:
        shared = project_structural(scenario, years=YEARS, shocks=shocks)
        fresh = project_structural(scenario, years=YEARS, shocks=replace(shocks, derived={}))
        for key, value in fresh.items():
            np.testing.assert_array_equal(shared[key], value, err_msg=key)
    assert len(shocks.derived["parameters"]) == 2  # the plan's and the override's


def test_hand_made_shocks_edited_between_runs_are_read_again():
    shocks = StructuralShocks.draw(np.random.default_rng(14), 300, YEARS.size)
    plan = load_scenario("plan_2024")
    before = project_structural(plan, years=YEARS, shocks=shocks, indicators=["rd_spend"])
    shocks.u[:] = 0.5  # every uncertainty at its median
    shocks.rd.lumps[:] = 0.9
    after = project_structural(plan, years=YEARS, shocks=shocks, indicators=["rd_spend"])
    assert not shocks.derived  # nothing kept for writeable shocks
    assert not np.array_equal(before["rd_spend"], after["rd_spend"])
