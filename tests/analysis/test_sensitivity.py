"""tornado() and sobol(): table contract, consistency, determinism with a process pool."""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor

import numpy as np
import pandas as pd
import pytest

from huaian_forecast.analysis.sensitivity import (
    SOBOL_COLUMNS,
    TORNADO_COLUMNS,
    factor_ranges,
    sobol,
    tornado,
)
from huaian_forecast.assessment import Target
from huaian_forecast.scenarios import LEVERS, Scenario

TARGETS = [Target(indicator="hte_count", year=2025, threshold=1000),
           Target(indicator="hte_count", year=2030, threshold=1500),
           Target(indicator="rd_intensity", year=2030, threshold=3.0),
           Target(indicator="key_labs", year=2030, threshold=10)]


@pytest.fixture(scope="module")
def oat() -> pd.DataFrame:
    return tornado("baseline", TARGETS, factors="levers", n_paths=200, seed=2)


def test_tornado_contract(oat: pd.DataFrame):
    assert list(oat.columns) == list(TORNADO_COLUMNS)
    assert set(oat["factor"]) == {k for k, v in LEVERS.items() if v.low < v.high}
    assert set(oat["factor_type"]) == {"lever"}
    assert (oat["metric"] == "p_reach").all()
    np.testing.assert_allclose(oat["swing"], (oat["value_high"] - oat["value_low"]).abs())


def test_tornado_settings_are_the_lever_ranges(oat: pd.DataFrame):
    for row in oat.drop_duplicates("factor").itertuples():
        assert row.low_setting == LEVERS[row.factor].low
        assert row.high_setting == LEVERS[row.factor].high


def test_tornado_base_value_is_one_run_per_target(oat: pd.DataFrame):
    assert oat.groupby(["indicator", "year"])["value_base"].nunique().eq(1).all()


def test_tornado_sorted_by_decreasing_swing_within_target(oat: pd.DataFrame):
    for _, grp in oat.groupby(["indicator", "year"]):
        assert grp["swing"].is_monotonic_decreasing


def test_tornado_on_the_median_and_uncertainties():
    out = tornado("baseline", TARGETS[:2], factors="uncertainties", metric="median",
                  n_paths=100, seed=2)
    assert set(out["factor_type"]) == {"uncertainty"}
    ranges = factor_ranges("baseline", "uncertainties").set_index("factor")
    assert set(out["factor"]) == set(ranges.index)
    assert (ranges["low"] < ranges["high"]).all()
    assert (out["value_base"] > 500).all()  # medians of the high-tech enterprise count


def test_pinned_uncertainty_is_no_factor():
    sc = Scenario(name="pinned", uncertainties={"first_time_pass_rate": 60})
    assert "first_time_pass_rate" not in set(factor_ranges(sc, "uncertainties")["factor"])
    assert "first_time_pass_rate" in set(factor_ranges("baseline", "uncertainties")["factor"])


def test_sobol_contract_and_pool(pool: ProcessPoolExecutor):
    serial = sobol("baseline", TARGETS[:2], n=2, n_paths=50, seed=3)
    parallel = sobol("baseline", TARGETS[:2], n=2, n_paths=50, seed=3, executor=pool)
    assert list(serial.columns) == list(SOBOL_COLUMNS)
    assert len(serial) == 2 * len(factor_ranges("baseline", "levers"))
    pd.testing.assert_frame_equal(serial, parallel)


def test_sobol_indices_are_nan_when_the_metric_never_varies():
    out = sobol("baseline", [Target(indicator="hte_count", year=2025, threshold=1.0)], n=2,
                n_paths=20, seed=1)
    assert out["first_order"].isna().all()
    assert out["total_order"].isna().all()


def test_sobol_needs_a_power_of_two():
    with pytest.raises(ValueError, match="power of two"):
        sobol("baseline", TARGETS, n=10)


def test_tornado_process_pool_gives_the_serial_result(pool: ProcessPoolExecutor):
    kw = {"factors": "levers", "n_paths": 50, "seed": 8}
    serial = tornado("plan_2024", TARGETS[:2], **kw)
    parallel = tornado("plan_2024", TARGETS[:2], executor=pool, **kw)
    pd.testing.assert_frame_equal(serial, parallel)


def test_tornado_table_draws_as_a_chart(oat: pd.DataFrame):
    import matplotlib.pyplot as plt

    from huaian_forecast.report import plot_tornado

    ax = plot_tornado(oat, indicator="hte_count", year=2030, metric="p_reach")
    assert len(ax.patches) > 0
    plt.close(ax.figure)


def test_factors_by_name_keep_their_order_and_unknown_names_are_refused():
    from huaian_forecast import ArgumentError
    from huaian_forecast.analysis.sensitivity import factor_ranges

    names = ["rd_rewards", "first_time_pass_rate", "new_key_labs"]
    table = factor_ranges("baseline", names)
    assert list(table["factor"]) == names
    assert list(table["factor_type"]) == ["lever", "uncertainty", "lever"]
    with pytest.raises(ArgumentError, match=r"unknown: \['nope'\]"):
        factor_ranges("baseline", ["rd_rewards", "nope"])


def test_sobol_over_named_factors(targets):
    from huaian_forecast import sobol

    chosen = targets[(targets["indicator"] == "hte_count") & (targets["year"] == 2030)]
    out = sobol("baseline", chosen, factors=["first_time_applications", "new_key_labs"], n=8,
                n_paths=100, seed=3)
    assert list(out["factor"]) == ["first_time_applications", "new_key_labs"]
    # key labs do not touch the HTE count: its total index is (numerically) zero
    labs = out[out["factor"] == "new_key_labs"].iloc[0]
    assert abs(labs["total_order"]) < 1e-9


@pytest.mark.parametrize("seed", [2024, 7])
def test_sobol_design_is_the_one_scipy_draws(seed: int) -> None:
    """sobol() builds scipy's Saltelli design itself (one sweep): the same points, in order."""
    from scipy import stats

    from huaian_forecast.analysis.sensitivity import _design

    table = factor_ranges(factors=["first_time_applications", "rd_rewards",
                                   "major_project_rd"])
    seen: list[np.ndarray] = []

    def record(x: np.ndarray) -> np.ndarray:
        seen.append(np.atleast_2d(x).copy())
        return np.atleast_2d(x).sum(axis=0)

    dists = [stats.uniform(loc=lo, scale=hi - lo)
             for lo, hi in zip(table["low"], table["high"], strict=True)]
    stats.sobol_indices(func=record, n=8, dists=dists, rng=seed)
    np.testing.assert_array_equal(_design(table, 8, seed), np.hstack(seen))


def test_sobol_flags_indices_outside_zero_one_as_estimator_noise():
    # n = 64 gave new_key_labs a total-order index of 1.16 for key labs 2030: not a share
    from huaian_forecast.data import load_targets
    from huaian_forecast.report import note_label

    targets = load_targets()
    one = targets[(targets["indicator"] == "key_labs") & (targets["year"] == 2030)]
    table = sobol("baseline", one, factors="levers", n=4, n_paths=100, n_resamples=0)
    assert list(table.columns) == list(SOBOL_COLUMNS)
    outside = (table[["first_order", "total_order"]].gt(1)
               | table[["first_order", "total_order"]].lt(0)).any(axis=1)
    assert outside.any()  # this small n does give an impossible share
    assert table.loc[outside, "note"].str.contains(
        r"index outside \[0, 1\]: estimator noise at n = 4").all()
    assert (table.loc[~outside, "note"] == "").all()
    assert str(note_label(table.loc[outside, "note"].iloc[0], "zh")).startswith("指数超出")


def test_tornado_keeps_a_years_floor_and_stretch_rows_apart():
    """Sorted by target: a year's floor rows, then its stretch rows (not interleaved)."""
    tiers = [Target(indicator="hte_count", year=2030, threshold=1500, tier="floor"),
             Target(indicator="hte_count", year=2030, threshold=1700, tier="stretch")]
    out = tornado("baseline", tiers, factors="levers", n_paths=200, seed=2)
    n = len(out) // 2
    assert out["tier"].tolist() == ["floor"] * n + ["stretch"] * n
    for _, grp in out.groupby("tier"):
        assert grp["swing"].is_monotonic_decreasing
