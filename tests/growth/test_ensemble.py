"""Ensemble behaviour: censoring, guardrails, priors, fallbacks, draws and the summary."""

from __future__ import annotations

from typing import ClassVar

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import huaian_forecast as hf
from huaian_forecast.growth import FAMILIES, GrowthPrior
from huaian_forecast.growth import ensemble as ens
from huaian_forecast.growth.loglinear import LogLinear

from .conftest import table

YEARS = [2016, 2017, 2018, 2019, 2020, 2021]
VALUES = [100.0, 108.0, 117.0, 125.0, 136.0, 146.0]


def test_lower_bound_above_the_curve_moves_the_fit_up() -> None:
    base = table(YEARS, VALUES)
    fit0 = hf.fit_growth(base, indicator="gdp", region="Testville", references=())
    level = fit0.predict([2023])[0]
    bound = table([2023], [1.2 * level], kinds=["lower_bound"])
    fit1 = hf.fit_growth(pd.concat([base, bound]), indicator="gdp", region="Testville",
                         references=())
    assert fit1.predict([2023])[0] > level * 1.05
    p0 = np.mean(fit0.draw([2025], n_paths=2000, seed=1) >= 1.2 * level)
    p1 = np.mean(fit1.draw([2025], n_paths=2000, seed=1) >= 1.2 * level)
    assert p1 > p0 + 0.3


def test_random_walk_paths_respect_a_bound_after_the_last_point() -> None:
    frame = pd.concat([table(YEARS, VALUES), table([2023], [200.0], kinds=["lower_bound"])])
    fit = hf.fit_growth(frame, indicator="gdp", region="Testville", references=(),
                        families=("rw_drift",))
    paths = fit.draw([2022, 2023, 2024], n_paths=2000, seed=5)
    assert np.all(paths[:, 1] >= 200.0)
    assert np.mean(paths[:, 0] >= 200.0) < 0.5  # the year before is not forced


def test_upper_bound_below_the_curve_moves_the_fit_down() -> None:
    base = table(YEARS, VALUES)
    level = hf.fit_growth(base, indicator="gdp", region="Testville",
                          references=()).predict([2023])[0]
    bound = table([2023], [0.85 * level], kinds=["upper_bound"])
    fit1 = hf.fit_growth(pd.concat([base, bound]), indicator="gdp", region="Testville",
                         references=())
    assert fit1.predict([2023])[0] < level * 0.95


def test_noisier_kind_counts_less() -> None:
    exact = table(YEARS, [*VALUES[:-1], 170.0])
    derived = exact.assign(kind=["exact"] * 5 + ["derived"], confidence="low")
    f_exact = hf.fit_growth(exact, indicator="gdp", region="Testville", references=(),
                            families=("loglinear",))
    f_derived = hf.fit_growth(derived, indicator="gdp", region="Testville", references=(),
                              families=("loglinear",))
    # an outlying last point pulls the exact fit further than the derived one
    assert f_exact.predict([2021])[0] > f_derived.predict([2021])[0]


def test_guardrails_exclude_big_models_on_short_series() -> None:
    fit = hf.fit_growth(table(YEARS[:3], VALUES[:3]), indicator="gdp", region="Testville",
                        references=())
    names = {m.name for m in fit.models}
    assert names == {"linear", "loglinear", "rw_drift"}
    assert set(fit.excluded) == {"damped", "logistic", "gompertz"}
    assert "needs >= 7 observations" in fit.excluded["logistic"]
    assert fit.weighting == "equal"
    assert any("AICc undefined" in n for n in fit.notes)
    summary = fit.summary()
    assert summary.loc[summary["model"] == "logistic", "status"].str.startswith("excluded").all()


def test_long_series_admits_all_families_with_aicc_weights() -> None:
    years = np.arange(2010, 2024)
    values = 100 * 1.06 ** np.arange(14) * np.exp(np.random.default_rng(0).normal(0, .01, 14))
    fit = hf.fit_growth(table(years, values), indicator="gdp", region="Testville",
                        references=())
    assert {m.model.name for m in fit.models} == set(FAMILIES)
    assert fit.weighting == "aicc"
    aicc = np.array([m.aicc for m in fit.models])
    assert fit.weights[np.argmin(aicc)] == fit.weights.max()
    assert fit.weights.sum() == pytest.approx(1.0)


def test_one_point_without_reference_is_a_fit_error_naming_indicator_and_region() -> None:
    frame = table([2023], [6.0], indicator="key_labs", region="Huai'an")
    with pytest.raises(hf.FitError, match=r"key_labs for Huai'an: .*1 year"):
        hf.fit_growth(frame, indicator="key_labs", region="Huai'an")


def test_bundled_key_labs_has_no_reference_and_fails_honestly(history: pd.DataFrame) -> None:
    with pytest.raises(hf.FitError, match="key_labs for Huai'an"):
        hf.fit_growth(history, indicator="key_labs", region="Huai'an")


def test_explicit_prior_allows_a_one_point_series(history: pd.DataFrame) -> None:
    prior = GrowthPrior(mean=0.08, sd=0.05, source="test assumption")
    fit = hf.fit_growth(history, indicator="key_labs", region="Huai'an", prior=prior)
    assert fit.prior_share == pytest.approx(1.0, abs=0.01)
    assert any("explicitly" in n for n in fit.notes)
    paths = fit.draw([2030], n_paths=2000, seed=0)
    assert np.all(paths >= 0)
    np.testing.assert_array_equal(paths, np.rint(paths))


def test_only_bounds_is_a_fit_error() -> None:
    frame = table([2021, 2023], [10.0, 20.0], kinds=["lower_bound", "lower_bound"])
    with pytest.raises(hf.FitError, match="only bounds"):
        hf.fit_growth(frame, indicator="gdp", region="Testville")


def test_missing_series_is_a_fit_error(history: pd.DataFrame) -> None:
    with pytest.raises(hf.FitError, match="no observation"):
        hf.fit_growth(history, indicator="tech_smes", region="Huai'an")


def test_unknown_family_is_refused_before_the_series_is_looked_at(
        history: pd.DataFrame) -> None:
    with pytest.raises(hf.ArgumentError, match=r"unknown families \['nope'\]; valid: "):
        hf.fit_growth(history, indicator="tech_smes", region="Huai'an", families=["nope"])


def test_missing_value_is_a_data_error_naming_the_year(history: pd.DataFrame) -> None:
    frame = history.copy()
    row = (frame["indicator"] == "hte_count") & (frame["region"] == "Huai'an") & (
        frame["year"] == 2017)
    assert row.sum() == 1
    frame.loc[row, "value"] = np.nan
    with pytest.raises(hf.DataError, match=r"hte_count / Huai'an: value missing \(NaN\) in "
                                           r"year\(s\) \[2017\]"):
        hf.fit_growth(frame, indicator="hte_count", region="Huai'an")


def test_reference_prior_borrowed_for_hightech_share(history: pd.DataFrame) -> None:
    fit = hf.fit_growth(history, indicator="hightech_share", region="Huai'an")
    assert fit.prior is not None
    assert "Jiangsu" in fit.prior.source
    assert fit.prior_share > 0.95  # one Huai'an point: the growth is the prior's
    paths = fit.draw(np.arange(2024, 2036), n_paths=4000, seed=2)
    assert np.all((paths >= 0) & (paths <= 100))  # the linear family is clipped
    logit = fit.draw_by_model(np.arange(2024, 2036), n_paths=4000, seed=2)["logit_linear"]
    assert np.all((logit > 0) & (logit < 100))


def test_prior_strength_shrinks_towards_the_reference() -> None:
    ref = table(YEARS, 100 * 1.10 ** np.arange(6), region="Ref")
    own = table([2019, 2021], [100.0, 102.0])  # own growth ~1 %/yr
    frame = pd.concat([ref, own])
    growth = {}
    for strength in (0.0, 1.0, 25.0):
        fit = hf.fit_growth(frame, indicator="gdp", region="Testville", references=("Ref",),
                            prior_strength=strength, families=("loglinear",))
        growth[strength] = fit.models[0].parameters()["growth"]
    assert growth[0.0] < growth[1.0] < growth[25.0] < 0.10
    assert growth[25.0] > 0.08


def test_reference_prior_strength_must_be_non_negative() -> None:
    with pytest.raises(ValueError, match="prior_strength"):
        hf.fit_growth(table(YEARS, VALUES), indicator="gdp", region="Testville",
                      prior_strength=-1.0)


def test_unknown_family_is_rejected() -> None:
    with pytest.raises(ValueError, match="unknown families"):
        hf.fit_growth(table(YEARS, VALUES), indicator="gdp", region="Testville",
                      families=("arima",))  # type: ignore[arg-type]


class _Broken(LogLinear):
    """A family whose objective is never finite: the optimiser cannot converge."""

    __slots__ = ()
    name: ClassVar[str] = "broken"

    def label(self, kind: str) -> str:  # type: ignore[override]
        return "broken"

    def log_prior(self, theta: np.ndarray, ctx: object) -> float:  # type: ignore[override]
        import warnings
        warnings.warn("inside the optimiser", RuntimeWarning, stacklevel=1)
        return float("nan")


def test_failed_family_falls_back_and_records_a_convergence_warning(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(ens.FAMILIES, "broken", _Broken())
    fit = hf.fit_growth(table(YEARS, VALUES), indicator="gdp", region="Testville",
                        references=(), families=("broken", "linear"))
    assert [m.name for m in fit.models] == ["linear"]
    assert fit.excluded["broken"].startswith("ConvergenceWarning")
    assert any("broken excluded: ConvergenceWarning" in n for n in fit.notes)
    assert np.all(np.isfinite(fit.draw([2030], n_paths=100, seed=0)))


def test_constant_series_gives_flat_finite_paths() -> None:
    fit = hf.fit_growth(table(YEARS, [50.0] * 6), indicator="gdp", region="Testville",
                        references=())
    paths = fit.draw([2022, 2030], n_paths=2000, seed=0)
    assert np.all(np.isfinite(paths))
    assert np.median(paths[:, 0]) == pytest.approx(50.0, rel=0.03)


def test_two_points_fit_without_prior() -> None:
    fit = hf.fit_growth(table([2019, 2023], [10.0, 20.0]), indicator="gdp",
                        region="Testville", references=())
    assert {m.name for m in fit.models} == {"linear", "loglinear"}
    assert fit.predict([2023])[0] == pytest.approx(20.0, rel=0.05)


def test_draw_by_model_and_draw_growth(history: pd.DataFrame) -> None:
    fit = hf.fit_growth(history, indicator="rd_intensity", region="Jiangsu")
    per = fit.draw_by_model([2025, 2030], n_paths=300, seed=1)
    assert set(per) == {m.name for m in fit.models}
    assert all(v.shape == (300, 2) for v in per.values())
    g = fit.draw_growth(np.arange(2024, 2031), n_paths=2000, seed=1)
    assert g.shape == (2000, 7)
    assert 0.0 < np.median(g) < 0.08  # Jiangsu's intensity grew ~2.6 %/yr 2014-2023
    trend = fit.draw_growth(np.arange(2024, 2031), n_paths=2000, seed=1, include_noise=False)
    assert trend.std() < g.std()  # the trend's growth is smoother than the paths'
    assert np.median(trend) == pytest.approx(np.median(g), abs=0.01)
    with pytest.raises(ValueError, match="consecutive"):
        fit.draw_growth([2024, 2026], n_paths=10, seed=1)


def test_summary_shows_each_models_probability(history: pd.DataFrame,
                                               targets: pd.DataFrame) -> None:
    fit = hf.fit_growth(history, indicator="hte_count", region="Huai'an")
    table_ = fit.summary(targets, n_paths=1000, seed=0)
    cols = [c for c in table_.columns if c.startswith("P(")]
    assert "P(>=2000 in 2035)" in cols
    fitted = table_[table_["status"] == "fitted"]
    assert fitted["P(>=2000 in 2035)"].between(0, 1).all()
    assert fitted["P(>=2000 in 2035)"].max() - fitted["P(>=2000 in 2035)"].min() > 0.5
    assert table_["model"].iloc[-1] == "ensemble"


def test_draws_do_not_depend_on_global_state(history: pd.DataFrame) -> None:
    fit = hf.fit_growth(history, indicator="hte_count", region="Huai'an")
    # neither draws from nor advances numpy's global generator, which is not set here
    before = np.random.get_state(legacy=False)  # noqa: NPY002 - read, never seeded
    a = fit.draw([2025, 2030], n_paths=1000, seed=np.random.default_rng(9))
    b = fit.draw([2025, 2030], n_paths=1000, seed=9)
    np.testing.assert_array_equal(a, b)
    after = np.random.get_state(legacy=False)  # noqa: NPY002
    np.testing.assert_array_equal(after["state"]["key"], before["state"]["key"])
    assert after["state"]["pos"] == before["state"]["pos"]


@settings(max_examples=15, deadline=None)
@given(share=st.floats(0.5, 99.5), growth=st.floats(-0.3, 0.3),
       n=st.integers(2, 5), seed=st.integers(0, 2**32 - 1))
def test_share_paths_stay_inside_0_100(share: float, growth: float, n: int,
                                       seed: int) -> None:
    years = np.arange(2023 - n + 1, 2024)
    z = np.log(share / (100 - share)) + growth * (years - 2023)
    frame = table(years, 100 / (1 + np.exp(-z)), indicator="hightech_share")
    fit = hf.fit_growth(frame, indicator="hightech_share", region="Testville", references=())
    paths = fit.draw(np.arange(2024, 2051), n_paths=200, seed=seed)
    assert np.all((paths >= 0) & (paths <= 100))
    q = np.quantile(paths, [0.1, 0.5, 0.9], axis=0)
    assert np.all(q[0] <= q[1])
    assert np.all(q[1] <= q[2])


@settings(max_examples=15, deadline=None)
@given(start=st.integers(0, 50), step=st.integers(-5, 20), seed=st.integers(0, 1000))
def test_count_paths_are_non_negative_integers(start: int, step: int, seed: int) -> None:
    values = np.maximum([start, start + step, start + 2 * step, start + 3 * step], 0)
    frame = table([2020, 2021, 2022, 2023], values, indicator="hte_count")
    fit = hf.fit_growth(frame, indicator="hte_count", region="Testville", references=())
    paths = fit.draw(np.arange(2024, 2036), n_paths=200, seed=seed)
    assert np.all(paths >= 0)
    np.testing.assert_array_equal(paths, np.rint(paths))


def test_row_order_of_the_input_is_irrelevant(history: pd.DataFrame) -> None:
    shuffled = history.sample(frac=1.0, random_state=7).reset_index(drop=True)
    for indicator in ("hte_count", "tech_contracts", "rd_intensity"):
        a = hf.fit_growth(history, indicator=indicator, region="Huai'an")
        b = hf.fit_growth(shuffled, indicator=indicator, region="Huai'an")
        np.testing.assert_array_equal(a.draw([2024, 2030], n_paths=500, seed=1),
                                      b.draw([2024, 2030], n_paths=500, seed=1))


def test_parameter_table_brackets_the_mode(history: pd.DataFrame) -> None:
    fit = hf.fit_growth(history, indicator="rd_intensity", region="Jiangsu")
    table_ = fit.parameters(n_draws=2000)
    assert {"model", "weight", "parameter", "mode", "q10", "q90"} <= set(table_.columns)
    assert (table_["q10"] <= table_["mode"] * 1.0001 + 1e-12).all()
    growth = table_[(table_["model"] == "loglinear") & (table_["parameter"] == "growth")]
    assert growth["q10"].item() < 0.026 < growth["q90"].item()


def test_steep_growth_is_flagged_in_the_notes(history: pd.DataFrame) -> None:
    # tech contracts: a derived 2020 value and 2023 lower bounds ("quadrupled in 3 years")
    fit = hf.fit_growth(history, indicator="tech_contracts", region="Huai'an")
    assert any("extrapolation, not a forecast" in n for n in fit.notes)
    calm = hf.fit_growth(history, indicator="rd_intensity", region="Jiangsu")
    assert not any("extrapolation" in n for n in calm.notes)
