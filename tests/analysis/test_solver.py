"""required_lever(): the search on a known curve, reachability, re-simulation, costs."""

from __future__ import annotations

import math
from concurrent.futures import ProcessPoolExecutor

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from huaian_forecast.analysis.ranking import RANK_COLUMNS, rank_levers
from huaian_forecast.analysis.solver import (
    LeverSolution,
    annual_cost,
    required_lever,
    solve_monotone,
)
from huaian_forecast.analysis.sweep import Setting, run_settings
from huaian_forecast.assessment import Target
from huaian_forecast.exceptions import ScenarioError
from huaian_forecast.simulation import RunSpec


def _crn_prob(z: np.ndarray, c: float):
    """p(v) = share of the fixed draws z with z + v >= c: monotone step function in v."""
    return lambda vs: [float(np.mean(z + v >= c)) for v in vs]


def test_solution_on_a_known_curve_resimulates_to_the_requested_p():
    # P(Z + v >= c) = Phi(v - c): p = 0.8 at v* = c + Phi^-1(0.8) = 3.8416
    z = np.random.default_rng(1).standard_normal(4000)
    value, evaluated = solve_monotone(_crn_prob(z, 3.0), 0.0, 10.0, 0.8, n_bisect=8)
    assert value == pytest.approx(3.0 + stats.norm.ppf(0.8), abs=0.05)
    assert evaluated[value] >= 0.8
    fresh = np.random.default_rng(2).standard_normal(4000)
    p_again = float(np.mean(fresh + value >= 3.0))
    assert abs(p_again - 0.8) < 4 * math.sqrt(0.8 * 0.2 / 4000) + 0.01


def test_unreachable_and_reached_at_low_end():
    z = np.random.default_rng(1).standard_normal(1000)
    assert solve_monotone(_crn_prob(z, 30.0), 0.0, 10.0, 0.8)[0] is None
    assert solve_monotone(_crn_prob(z, -30.0), 0.0, 10.0, 0.8)[0] == 0.0


@settings(max_examples=30, deadline=None)
@given(c=st.floats(0.0, 8.0), p=st.floats(0.05, 0.95))
def test_returned_value_is_the_smallest_evaluated_that_reaches_p(c: float, p: float):
    z = np.random.default_rng(0).standard_normal(500)
    value, evaluated = solve_monotone(_crn_prob(z, c), 0.0, 10.0, p)
    reaching = [v for v, q in evaluated.items() if q >= p]
    if value is None:
        assert not reaching
    else:
        assert value == min(reaching)
        assert all(q < p for v, q in evaluated.items() if v < value)


def test_unreachable_target_is_reported_not_raised():
    sol = required_lever("baseline", "first_time_applications",
                         Target(indicator="hte_count", year=2027, threshold=1e6), 0.8,
                         n_paths=100, seed=1, n_grid=3)
    assert isinstance(sol, LeverSolution)
    assert not sol.reachable
    assert math.isnan(sol.value)
    assert sol.note.startswith("not reachable within range [0, 2000]")
    assert sol.p_reach == 0.0
    assert list(sol.curve.columns) == ["value", "p_reach", "p_reach_se"]
    assert math.isnan(sol.annual_cost_yuan)


def test_target_met_anyway_is_reached_at_the_low_end():
    sol = required_lever("baseline", "rd_rewards",
                         Target(indicator="hte_count", year=2026, threshold=1.0), 0.8,
                         n_paths=100, seed=1, n_grid=3)
    assert sol.reachable
    assert sol.value == 0.0
    assert sol.p_reach == 1.0
    assert "low end" in sol.note
    # rd_rewards is money: 0 at the low end, minus the 0.5亿 a year of the status quo
    assert sol.annual_cost_yuan == 0.0
    assert sol.extra_annual_cost_yuan == pytest.approx(-0.5e8)


def test_required_lever_resimulated_gives_p_within_monte_carlo_error():
    target_year, lever = 2030, "first_time_applications"
    spec = RunSpec(n_paths=1000, seed=11, end_year=target_year)
    probe = Target(indicator="hte_count", year=target_year, threshold=0.0)
    low, high = (run_settings([Setting(scenario="baseline", levers={lever: v})], spec,
                              [probe], keep=("values",))[0].target_values[:, 0]
                 for v in (0.0, 2000.0))
    threshold = float(np.quantile(high, 0.1))  # p = 0.9 at the top of the range
    if np.mean(low >= threshold) > 0.6:
        pytest.skip("the current model gives this lever too little effect on hte_count")
    target = Target(indicator="hte_count", year=target_year, threshold=threshold)
    sol = required_lever("baseline", lever, target, 0.8, n_paths=1000, seed=11)
    assert sol.reachable
    assert sol.p_reach >= 0.8
    again = run_settings([Setting(scenario="baseline", levers={lever: sol.value})],
                         RunSpec(n_paths=1000, seed=12, end_year=target_year), [target])[0]
    p_again = float(again.met[:, 0].mean())
    assert abs(p_again - 0.8) < 4 * math.sqrt(2 * 0.8 * 0.2 / 1000) + 0.02


def test_curve_is_monotone_under_common_random_numbers():
    sol = required_lever("plan_2024", "first_time_applications",
                         Target(indicator="hte_count", year=2030, threshold=2000), 0.99,
                         n_paths=200, seed=5, n_grid=5, n_bisect=2)
    assert np.all(np.diff(sol.curve["p_reach"]) >= 0)
    assert sol.curve["value"].is_monotonic_increasing


def test_process_pool_gives_the_serial_result(pool: ProcessPoolExecutor):
    target = Target(indicator="hte_count", year=2028, threshold=1500)
    kw = {"n_paths": 100, "seed": 4, "n_grid": 4, "n_bisect": 2}
    serial = required_lever("baseline", "first_time_applications", target, 0.5, **kw)
    parallel = required_lever("baseline", "first_time_applications", target, 0.5,
                              executor=pool, **kw)
    pd.testing.assert_frame_equal(serial.curve, parallel.curve)
    assert serial.to_dict() == parallel.to_dict() or (
        math.isnan(serial.value) and math.isnan(parallel.value))


def test_unknown_lever_and_bad_p():
    target = Target(indicator="hte_count", year=2025, threshold=1000)
    with pytest.raises(ScenarioError, match="unknown lever 'subsidy'; valid levers"):
        required_lever("baseline", "subsidy", target)
    with pytest.raises(ValueError, match=r"p must lie in \(0, 1\]"):
        required_lever("baseline", "rd_rewards", target, p=1.5)


def test_annual_cost_by_hand():
    assert annual_cost("baseline", "rd_rewards", 2.0) == 2.0e8
    assert annual_cost("baseline", "first_time_applications", 500) == pytest.approx(
        500 * 0.65 * 500_000)
    assert math.isnan(annual_cost("baseline", "tech_projects", 400))
    assert math.isnan(annual_cost("baseline", "recertification_support", 50))


def test_rank_levers_table():
    target = Target(indicator="hte_count", year=2027, threshold=1e6)
    table = rank_levers("baseline", target, levers=["rd_rewards", "first_time_applications"],
                        n_paths=100, seed=1, n_grid=3, n_bisect=1)
    assert list(table.columns) == list(RANK_COLUMNS)
    assert sorted(table["lever"]) == ["first_time_applications", "rd_rewards"]
    assert not table["reachable"].any()
    assert np.isinf(table["cost_per_0.1_p"]).all()


def test_solvers_refuse_several_targets_and_targets_not_simulated():
    from huaian_forecast import ArgumentError, load_targets

    table = load_targets()
    two = table[(table["indicator"] == "hte_count") & table["year"].isin([2025, 2030])]
    with pytest.raises(ArgumentError, match="rank_levers needs exactly one target, got 2"):
        rank_levers("baseline", two, levers=["rd_rewards"], n_paths=20)
    not_modelled = Target(indicator="enterprise_rd", year=2024, threshold=140.0)
    with pytest.raises(ArgumentError, match="enterprise_rd in 2024 is not simulated"):
        required_lever("baseline", "rd_rewards", not_modelled, n_paths=20, n_grid=2,
                       n_bisect=0)
    with pytest.raises(ArgumentError, match="enterprise_rd in 2024 is not simulated"):
        rank_levers("baseline", not_modelled, levers=["rd_rewards"], n_paths=20)


def test_cost_basis_says_the_cost_is_an_expected_payout_at_the_pass_rate():
    from huaian_forecast.analysis.cost import cost_basis

    text = cost_basis("baseline", "first_time_applications")
    assert text == ("expected reward payout (paid per successful first-time certification, "
                    "at a 65 % pass rate)")
    assert cost_basis("baseline", "rd_rewards") == ""
    assert cost_basis("baseline", "tech_projects") == "no cost data"
    sol = required_lever("baseline", "first_time_applications",
                         Target(indicator="hte_count", year=2027, threshold=1000), 0.5,
                         n_paths=50, seed=1, n_grid=3, n_bisect=1)
    assert sol.cost_basis == text
    assert sol.to_dict()["cost_basis"] == text


def test_a_lever_without_effect_is_not_called_unreachable():
    target = Target(indicator="hte_count", year=2030, threshold=1500)
    sol = required_lever("baseline", "tech_projects", target, 0.99, n_paths=200, seed=3,
                         n_grid=3, n_bisect=1)
    assert not sol.reachable
    assert sol.curve["p_reach"].nunique() == 1
    assert sol.note.startswith("this lever does not move this target in the model")
    assert "not reachable" not in sol.note
    from huaian_forecast.report import note_label

    assert str(note_label(sol.note, "zh")).startswith("该杠杆在模型中不影响此指标")
    # a lever that moves the target but not enough keeps "not reachable"
    far = Target(indicator="rd_intensity", year=2025, threshold=2.4)
    short = required_lever("baseline", "rd_rewards", far, 0.95, n_paths=200, seed=1,
                           n_grid=3, n_bisect=1)
    assert short.curve["p_reach"].iloc[-1] > short.curve["p_reach"].iloc[0] + 0.1
    assert short.note.startswith("not reachable within range")


def test_rank_levers_lists_every_lever_with_nan_cost_where_unknown():
    from huaian_forecast.scenarios import LEVERS

    target = Target(indicator="rd_intensity", year=2025, threshold=2.4)
    table = rank_levers("baseline", target, n_paths=60, seed=1, n_grid=3, n_bisect=1)
    assert list(table.columns) == list(RANK_COLUMNS)
    assert sorted(table["lever"]) == sorted(LEVERS)
    free = table[table["unit_cost_yuan"].isna()]
    assert set(free["lever"]) >= {"major_project_rd", "rd_clearance_coverage",
                                  "hightech_projects"}
    assert free["note"].str.contains("no cost data").all()
    per = table["cost_per_0.1_p"]
    group = np.where(np.isfinite(per), 0, np.where(table["reachable"].astype(bool), 1, 2))
    # priced first, then reachable without cost data, then those that cannot add 0.1
    assert list(group) == sorted(group)
    assert (group == 1).any()  # major_project_rd reaches it: not listed after no-effect levers
    ftime = table.set_index("lever").loc["first_time_applications", "note"]
    assert "expected reward payout" in ftime


def test_a_solution_for_a_year_with_year_to_date_figures_carries_the_nowcast():
    # a notebook calling required_lever / frontier for a 2024 target got the simulation's
    # answer with nothing saying that assess shows the nowcast's 0.13 (the CLI alone said so)
    from huaian_forecast.analysis import frontier, required_lever, target_nowcast

    apps = Target(indicator="hte_applications", year=2024, threshold=500)
    sol = required_lever("baseline", "first_time_applications", apps, 0.8, n_paths=200,
                         seed=1, n_grid=3, n_bisect=1)
    assert sol.nowcast_p == pytest.approx(0.13, abs=0.01) == target_nowcast(apps)
    assert sol.to_dict()["nowcast_p"] == sol.nowcast_p
    assert sol.p_reach > 0.5  # the simulation's answer, which the nowcast does not move
    later = Target(indicator="hte_count", year=2030, threshold=1500)
    assert math.isnan(required_lever("baseline", "first_time_applications", later, 0.5,
                                     n_paths=200, seed=1, n_grid=3, n_bisect=1).nowcast_p)
    grid = frontier("baseline", "first_time_applications", "recertification_support", apps,
                    n_grid=2, n_paths=200, seed=1)
    assert grid.attrs["nowcast_p"] == sol.nowcast_p
    ranked = rank_levers("baseline", apps, levers=["first_time_applications"], n_paths=200,
                         seed=1, n_grid=3, n_bisect=1)
    assert ranked.attrs["nowcast_p"] == sol.nowcast_p


# ---- answers a planner can set: the search on the lever's lattice -------------------------
def test_lattice_search_rounds_up_to_a_value_that_meets_p():
    # p(v) = v / 1000 crosses 0.3514 at 351.4: the answer is 352, simulated, and 351 is not
    value, seen = solve_monotone(lambda xs: [x / 1000 for x in xs], 0.0, 2000.0, 0.3514,
                                 n_bisect=12, step=lambda v: 1.0)
    assert value == 352.0
    assert seen[352.0] >= 0.3514 > seen[351.0]
    assert all(float(v).is_integer() for v in seen)  # no 351.5625 among the values searched
    assert len(seen) < 9 + 12  # stopped when no whole value was left between the two


@settings(max_examples=40, deadline=None)
@given(c=st.floats(0.01, 9.9), p=st.floats(0.05, 0.95))
def test_lattice_search_gives_three_significant_figures_that_reach_p(c: float, p: float):
    from huaian_forecast.analysis.lever_search import lever_stepper

    z = np.random.default_rng(0).standard_normal(500)
    value, seen = solve_monotone(_crn_prob(z, c), 0.0, 10.0, p, n_bisect=8,
                                 step=lever_stepper("rd_rewards"))
    for v in seen:  # every value searched reads as set: 3 significant figures at most
        assert v == float(f"{v:.3g}")
    reaching = [v for v, q in seen.items() if q >= p]
    if value is None:
        assert not reaching
        return
    assert value == min(reaching)  # the smallest simulated value reaching p
    assert seen[value] >= p
    assert all(q < p for v, q in seen.items() if v < value)


@pytest.mark.parametrize(("lever", "near", "step"), [
    ("first_time_applications", 351.5625, 1.0), ("new_key_labs", 2.7, 1.0),
    ("rd_rewards", 3.4567, 0.01), ("rd_rewards", 0.734, 0.001), ("major_project_rd", 12.3, 0.1),
    ("recertification_support", 42.34, 0.1)])
def test_lever_step_is_whole_for_counts_and_three_figures_otherwise(lever, near, step):
    from huaian_forecast.analysis.lever_search import lever_step, on_lattice

    assert lever_step(lever, near) == pytest.approx(step)
    up = on_lattice(near, lever_step(lever, near), "up")
    assert up >= near
    assert up - near < lever_step(lever, near)
    assert repr(up) == repr(float(f"{up:.12g}"))  # a clean decimal, not 3.4600000000000004


def test_money_lever_answer_and_curve_are_readable_and_meet_p():
    target = Target(indicator="rd_intensity", year=2025, threshold=2.5)
    sol = required_lever("baseline", "rd_rewards", target, 0.3, n_paths=400, seed=3)
    assert sol.reachable
    assert sol.value == float(f"{sol.value:.3g}")  # 3 significant figures, e.g. 5.07
    assert sol.value_step == pytest.approx(10.0 ** (math.floor(math.log10(sol.value)) - 2))
    assert all(v == float(f"{v:.3g}") for v in sol.curve["value"])
    at = sol.curve.loc[sol.curve["value"] == sol.value, "p_reach"]
    assert float(at.iloc[0]) == sol.p_reach >= 0.3  # simulated at the value itself
    below = sol.curve[sol.curve["value"] < sol.value]
    assert float(below["p_reach"].iloc[-1]) < 0.3
    # the crossing lies between the last value short of p and the answer
    assert float(below["value"].iloc[-1]) < sol.value_interpolated <= sol.value
    record = sol.to_dict()
    assert (record["value"], record["value_interpolated"]) == (sol.value, sol.value_interpolated)


def test_the_answer_is_the_smallest_settable_value_reaching_p():
    # the search runs the lattice out: one whole firm fewer was simulated and falls short
    # (with 5 bisection steps the answer was 359 while 352-358 were never simulated)
    target = Target(indicator="hte_count", year=2030, threshold=1500)
    sol = required_lever("baseline", "first_time_applications", target, 0.8, n_paths=2000,
                         seed=2024)
    assert sol.reachable
    assert sol.value_step == 1.0
    one_fewer = sol.curve.loc[sol.curve["value"] == sol.value - 1, "p_reach"]
    assert len(one_fewer) == 1
    assert float(one_fewer.iloc[0]) < 0.8 <= sol.p_reach
    assert sol.value - 1 < sol.value_interpolated <= sol.value


def test_the_lattice_search_steps_down_below_a_power_of_ten():
    # between 9.9 and 10.0 the settable values are 9.91 ... 9.99 (10.0's own step is 0.1)
    from huaian_forecast.analysis.lever_search import lever_stepper

    value, seen = solve_monotone(lambda xs: [float(x >= 9.95) for x in xs], 0.0, 30.0, 0.5,
                                 n_bisect=None, step=lever_stepper("major_project_rd"))
    assert value == 9.95
    assert seen[9.94] == 0.0


def test_a_lever_that_lowers_the_target_is_said_to_do_so():
    # an at-most target: more first-time applications only lower p_reach; the note said
    # "not monotone", as if the curve wiggled
    target = Target(indicator="hte_count", year=2030, threshold=1500, direction="at_most")
    sol = required_lever("baseline", "first_time_applications", target, 0.5, n_paths=500,
                         seed=4)
    assert "falls as this lever rises" in sol.note
    assert "not monotone" not in sol.note
    from huaian_forecast.report import note_label

    zh = note_label(sol.note, "zh")
    assert "达标概率随该杠杆增加而下降" in zh
    assert "lever" not in zh
