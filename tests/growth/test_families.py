"""Recovery tests per family and the contract test run over every family."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import special

import huaian_forecast as hf
from huaian_forecast.growth import FAMILIES

from .conftest import table

YEARS = np.arange(2000, 2024)


def _fit_one(frame: pd.DataFrame, family: str, indicator: str) -> dict[str, float]:
    fit = hf.fit_growth(frame, indicator=indicator, region="Testville", references=(),
                        families=(family,))
    assert [m.model.name for m in fit.models] == [family]
    return fit.models[0].parameters()


def test_linear_recovers_slope() -> None:
    rng = np.random.default_rng(1)
    x = YEARS - YEARS[-1]
    y = 500.0 + 12.0 * x + rng.normal(0, 3.0, x.size)
    p = _fit_one(table(YEARS, y), "linear", "gdp")
    assert p["slope"] == pytest.approx(12.0, abs=0.5)
    assert p["level"] == pytest.approx(500.0, abs=4.0)
    assert p["sigma"] == pytest.approx(3.0, rel=0.4)


def test_loglinear_recovers_growth() -> None:
    rng = np.random.default_rng(2)
    x = YEARS - YEARS[-1]
    y = 80.0 * np.exp(0.08 * x + rng.normal(0, 0.01, x.size))
    p = _fit_one(table(YEARS, y), "loglinear", "gdp")
    assert p["growth"] == pytest.approx(0.08, abs=0.003)
    assert p["level"] == pytest.approx(80.0, rel=0.02)


def test_logit_linear_recovers_growth_on_a_share() -> None:
    rng = np.random.default_rng(3)
    x = YEARS - YEARS[-1]
    y = 100 * special.expit(-0.5 + 0.1 * x + rng.normal(0, 0.01, x.size))
    p = _fit_one(table(YEARS, y, indicator="hightech_share"), "loglinear", "hightech_share")
    assert p["growth"] == pytest.approx(0.1, abs=0.005)


def test_rw_drift_recovers_drift_with_gaps() -> None:
    rng = np.random.default_rng(4)
    years = np.arange(1980, 2024)
    z = np.log(10.0) + np.cumsum(0.06 + 0.02 * rng.standard_normal(years.size))
    keep = rng.random(years.size) > 0.25  # irregular years
    p = _fit_one(table(years[keep], np.exp(z[keep])), "rw_drift", "gdp")
    assert p["growth"] == pytest.approx(0.06, abs=0.012)
    assert p["sigma"] == pytest.approx(0.02, rel=0.35)


def test_damped_recovers_damping() -> None:
    rng = np.random.default_rng(5)
    years = np.arange(2000, 2024)
    h = years - years[-1]
    b, phi = 0.05, 0.85
    drift = b * phi ** h.astype(float)  # drift in year t is b * phi^(t - t0)
    z = np.log(100.0) + np.cumsum(drift + 0.002 * rng.standard_normal(years.size))
    p = _fit_one(table(years, np.exp(z)), "damped", "gdp")
    assert p["phi"] == pytest.approx(phi, abs=0.03)
    assert p["growth"] == pytest.approx(b, rel=0.2)


@pytest.mark.parametrize(("family", "curve"), [
    ("logistic", lambda s: 1.0 / (1.0 + np.exp(-s))),
    ("gompertz", lambda s: np.exp(-np.exp(-s))),
])
def test_saturating_recovers_k_r_midpoint(family: str, curve) -> None:  # type: ignore[no-untyped-def]
    rng = np.random.default_rng(6)
    years = np.arange(1995, 2024)
    k_true, r_true, tm = 5000.0, 0.25, 2012.0
    y = k_true * curve(r_true * (years - tm)) * np.exp(rng.normal(0, 0.01, years.size))
    p = _fit_one(table(years, y), family, "gdp")
    assert p["K"] == pytest.approx(k_true, rel=0.08)
    assert p["r"] == pytest.approx(r_true, rel=0.1)
    assert p["midpoint_year"] == pytest.approx(tm, abs=1.0)


def test_logistic_share_saturation_stays_below_100() -> None:
    rng = np.random.default_rng(7)
    years = np.arange(1995, 2024)
    y = 60.0 / (1 + np.exp(-0.3 * (years - 2010))) * np.exp(rng.normal(0, 0.01, years.size))
    p = _fit_one(table(years, y, indicator="hightech_share"), "logistic", "hightech_share")
    assert p["K"] == pytest.approx(60.0, rel=0.05)
    assert p["K"] < 100.0


# -- contract: every family, every kind --------------------------------------------------

_SERIES = {
    "gdp": (np.arange(2012, 2024), 1000.0 * 1.07 ** np.arange(12)),
    "hte_count": (np.arange(2012, 2024), 40.0 * 1.12 ** np.arange(12)),
    "hightech_share": (np.arange(2012, 2024), 30.0 + 1.5 * np.arange(12)),
}


@pytest.mark.parametrize("indicator", sorted(_SERIES))
@pytest.mark.parametrize("family", list(FAMILIES))
def test_contract(family: str, indicator: str) -> None:
    years, values = _SERIES[indicator]
    noise = np.random.default_rng(0).normal(0, 0.01, years.size)
    frame = table(years, values * np.exp(noise), indicator=indicator)
    frame.loc[2, "kind"] = "approx"
    before = frame.copy(deep=True)
    fit = hf.fit_growth(frame, indicator=indicator, region="Testville", references=(),
                        families=(family,))
    pd.testing.assert_frame_equal(frame, before)  # input not mutated
    future = np.arange(2024, 2041)
    pred = fit.predict(future)
    assert pred.shape == future.shape
    assert np.all(np.isfinite(pred))
    a = fit.draw(future, n_paths=500, seed=3)
    b = fit.draw(future, n_paths=500, seed=3)
    assert a.shape == (500, future.size)
    np.testing.assert_array_equal(a, b)  # seed reproducible
    assert not np.array_equal(a, fit.draw(future, n_paths=500, seed=4))
    assert np.all(np.isfinite(a))
    ind = hf.get_indicator(indicator)
    assert np.all(a >= ind.lower)
    assert np.all(a <= ind.upper)
    if ind.is_integer:
        np.testing.assert_array_equal(a, np.rint(a))
    # the spread widens with the horizon
    q = np.quantile(a, [0.1, 0.9], axis=0)
    assert q[1, -1] - q[0, -1] > q[1, 0] - q[0, 0]
    table_ = fit.summary([(2030, float(np.median(a[:, 6])))], n_paths=300)
    assert table_.loc[table_["model"] == fit.models[0].name, "weight"].item() == 1.0
