"""Scores (hand-computed and closed-form references) and the rolling-origin backtest."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

import huaian_forecast as hf
from huaian_forecast.growth.backtest import (
    backtest_forecasts,
    brier_score,
    coverage,
    crps_fair,
    interval_score,
)


def test_crps_fair_hand_computed() -> None:
    # samples 0, 1, 3 and y = 1: mean|x - y| = 1; sum_ij |xi - xj| = 2 (1 + 3 + 2) = 12
    # fair spread term = 12 / (2 * 3 * 2) = 1  ->  CRPS = 0
    assert float(crps_fair(np.array([0.0, 1.0, 3.0]), 1.0)) == pytest.approx(0.0)
    # y = 5: mean|x - y| = (5 + 4 + 2) / 3 = 11/3 -> 11/3 - 1
    assert float(crps_fair(np.array([3.0, 0.0, 1.0]), 5.0)) == pytest.approx(8 / 3)


def test_crps_fair_matches_the_normal_closed_form() -> None:
    rng = np.random.default_rng(0)
    x = rng.standard_normal((200_000, 1))
    y = np.array([0.7])
    z = y[0]
    exact = z * (2 * stats.norm.cdf(z) - 1) + 2 * stats.norm.pdf(z) - 1 / np.sqrt(np.pi)
    assert crps_fair(x, y)[0] == pytest.approx(exact, abs=0.005)


def test_crps_needs_two_samples() -> None:
    with pytest.raises(ValueError, match="two samples"):
        crps_fair(np.array([1.0]), 1.0)


def test_interval_score_hand_computed() -> None:
    got = interval_score(np.array([1.0, 1.0, 1.0]), np.array([3.0, 3.0, 3.0]),
                         np.array([2.0, 0.0, 4.0]), alpha=0.2)
    np.testing.assert_allclose(got, [2.0, 12.0, 12.0])


def test_coverage_and_its_standard_error() -> None:
    cov, se = coverage(np.zeros(10), np.ones(10), np.r_[np.full(8, 0.5), 2.0, 3.0])
    assert cov == pytest.approx(0.8)
    assert se == pytest.approx(np.sqrt(0.8 * 0.2 / 10))


def test_brier_score_hand_computed() -> None:
    assert brier_score(np.array([0.9, 0.2, 0.5]), np.array([1, 0, 1])) == pytest.approx(
        (0.01 + 0.04 + 0.25) / 3)


@settings(max_examples=30, deadline=None)
@given(st.lists(st.floats(-100, 100), min_size=2, max_size=30), st.floats(-100, 100))
def test_crps_fair_properties(samples: list[float], y: float) -> None:
    x = np.array(samples)
    score = float(crps_fair(x, y))
    # the fair CRPS can be slightly negative but never below -spread/(m-1); and it is
    # translation invariant
    assert score >= -np.ptp(x)
    assert float(crps_fair(x + 7.0, y + 7.0)) == pytest.approx(score, abs=1e-9)


@pytest.fixture(scope="module")
def jiangsu_forecasts(history: pd.DataFrame) -> pd.DataFrame:
    return backtest_forecasts(history, indicator="rd_intensity", region="Jiangsu", holdout=2,
                              n_paths=300, seed=3)


def test_backtest_forecasts_roll_the_origin(jiangsu_forecasts: pd.DataFrame) -> None:
    fc = jiangsu_forecasts
    assert set(fc["method"]) == {"ensemble", "rw_drift_naive", "last_value"}
    ens = fc[fc["method"] == "ensemble"]
    # origins 2021 (forecasts 2022, 2023) and 2022 (forecast 2023)
    assert list(zip(ens["origin"], ens["year"], strict=True)) == [(2021, 2022), (2021, 2023),
                                                                  (2022, 2023)]
    assert (ens["horizon"] == ens["year"] - ens["origin"]).all()
    assert fc["observed"].tolist()[:2] == [3.12, 3.2]
    assert (fc["q10"] <= fc["median"]).all()
    assert (fc["median"] <= fc["q90"]).all()


def test_last_value_benchmark_is_centred_on_the_last_value(
        jiangsu_forecasts: pd.DataFrame) -> None:
    lv = jiangsu_forecasts[jiangsu_forecasts["method"] == "last_value"]
    assert lv["median"].iloc[0] == pytest.approx(2.95, rel=0.01)  # 2021 value


def test_backtest_scores_table(history: pd.DataFrame) -> None:
    table = hf.backtest(history, indicator="hightech_share", region="Jiangsu", holdout=2,
                        n_paths=300, seed=1)
    assert list(table["method"]) == ["ensemble", "rw_drift_naive", "last_value"]
    assert {"crps", "interval_score", "coverage80", "coverage80_se", "brier"} <= set(
        table.columns)
    assert (table["n_forecasts"] == 3).all()
    again = hf.backtest(history, indicator="hightech_share", region="Jiangsu", holdout=2,
                        n_paths=300, seed=1)
    pd.testing.assert_frame_equal(table, again)


def test_backtest_needs_enough_points(history: pd.DataFrame) -> None:
    with pytest.raises(hf.FitError, match="needs >= 5 point years"):
        hf.backtest(history, indicator="hte_count", region="Huai'an", holdout=3)


def test_backtest_rejects_unknown_method(history: pd.DataFrame) -> None:
    with pytest.raises(ValueError, match="unknown method"):
        hf.backtest(history, indicator="rd_intensity", region="Jiangsu", methods=("arima",))
