"""Reference values: mean functions in closed form, likelihoods against scipy.stats."""

from __future__ import annotations

import numpy as np
import pytest
from scipy import special, stats

from huaian_forecast.growth._fit import log_likelihood, make_context, prepare
from huaian_forecast.growth._series import OBSERVATION_NOISE, Scale, prepare_series
from huaian_forecast.growth.damped import DampedTrend
from huaian_forecast.growth.gompertz import Gompertz
from huaian_forecast.growth.logistic import Logistic
from huaian_forecast.growth.loglinear import LogLinear
from huaian_forecast.growth.rw_drift import RandomWalkDrift

from .conftest import table


def _ctx(scale: str = "log"):  # type: ignore[no-untyped-def]
    frame = table([2020, 2023], [10.0, 20.0],
                  indicator="hightech_share" if scale == "logit" else "gdp")
    series = prepare_series(frame, indicator=str(frame["indicator"].iloc[0]),
                            region="Testville")
    return make_context(series, Scale(scale), growth_mean=0.0, growth_sd=0.5)  # type: ignore[arg-type]


def test_damped_cumulative_drift_is_the_geometric_sum() -> None:
    u = special.logit((0.8 - 0.5) / 0.5)  # phi = 0.8
    theta = np.array([[0.1, u, np.log(0.01)]])
    got = DampedTrend().mean(theta, np.array([0.0, 1.0, 2.0, 3.0]), _ctx())[0]
    np.testing.assert_allclose(got, [0.0, 0.08, 0.08 + 0.064, 0.08 + 0.064 + 0.0512])


def test_logistic_and_gompertz_at_the_midpoint() -> None:
    theta = np.array([[np.log(100.0), np.log(0.5), 2.0, np.log(0.01)]])
    x = np.array([2.0])
    assert Logistic().mean(theta, x, _ctx())[0, 0] == pytest.approx(np.log(50.0))
    assert Gompertz().mean(theta, x, _ctx())[0, 0] == pytest.approx(np.log(100.0) - 1.0)


def test_logistic_share_is_on_the_logit_scale_with_k_below_100() -> None:
    theta = np.array([[special.logit(0.6), np.log(0.5), 0.0, np.log(0.01)]])  # K = 60 %
    z = Logistic().mean(theta, np.array([0.0, 1e3]), _ctx("logit"))[0]
    assert z[0] == pytest.approx(special.logit(0.3))
    assert z[1] == pytest.approx(special.logit(0.6))


def test_scales_round_trip_and_noise_conversion() -> None:
    y = np.array([5.0, 31.6, 95.0])
    for name in ("log", "logit", "identity"):
        scale = Scale(name)  # type: ignore[arg-type]
        np.testing.assert_allclose(scale.inverse(scale.forward(y)), y)
    # d logit(p) = dy / (100 p (1 - p)); a relative s.d. r gives r / (1 - p)
    assert Scale("logit").noise_sd(np.array(60.0), np.array(0.02)) == pytest.approx(0.05)


def test_trend_likelihood_matches_scipy_with_a_censored_row() -> None:
    frame = table([2019, 2020, 2021, 2023], [100.0, 110.0, 118.0, 150.0],
                  kinds=["exact", "approx", "exact", "lower_bound"], confidence="medium")
    series = prepare_series(frame, indicator="gdp", region="Testville")
    ctx = make_context(series, Scale("log"), growth_mean=0.0, growth_sd=0.5)
    prep = prepare(series, ctx.scale, ctx.anchor_year)
    theta = np.array([np.log(118.0), 0.08, np.log(0.03)])
    mean = theta[0] + theta[1] * (np.array([2019, 2020, 2021, 2023]) - 2021)
    tau = np.array([OBSERVATION_NOISE[("exact", "medium")], OBSERVATION_NOISE[("approx", "medium")],
                    OBSERVATION_NOISE[("exact", "medium")], OBSERVATION_NOISE[("exact", "medium")]])
    sd = np.sqrt(0.03**2 + tau**2)
    z = np.log([100.0, 110.0, 118.0, 150.0])
    points = stats.norm.logpdf(z[:3], mean[:3], sd[:3]) - z[:3]  # Jacobian of log
    bound = stats.norm.logsf(z[3], mean[3], sd[3])
    full = log_likelihood(LogLinear(), theta, prep, ctx, conditional=False)
    assert full == pytest.approx(points.sum() + bound)
    cond = log_likelihood(LogLinear(), theta, prep, ctx)
    assert cond == pytest.approx(points[1:].sum() + bound)


def test_increment_likelihood_matches_scipy_multivariate_normal() -> None:
    frame = table([2015, 2017, 2018, 2021], [50.0, 60.0, 62.0, 80.0],
                  kinds=["exact", "approx", "derived", "exact"], confidence="high")
    series = prepare_series(frame, indicator="gdp", region="Testville")
    ctx = make_context(series, Scale("log"), growth_mean=0.0, growth_sd=0.5)
    prep = prepare(series, ctx.scale, ctx.anchor_year)
    mu, sigma = 0.05, 0.04
    theta = np.array([mu, np.log(sigma)])
    z = np.log([50.0, 60.0, 62.0, 80.0])
    t = np.array([2015.0, 2017.0, 2018.0, 2021.0])
    tau2 = np.array([0.0, OBSERVATION_NOISE[("approx", "high")],
                     OBSERVATION_NOISE[("derived", "high")], 0.0]) ** 2
    d, dt = np.diff(z), np.diff(t)
    cov = np.diag(sigma**2 * dt + tau2[:-1] + tau2[1:])
    for i in range(2):
        cov[i, i + 1] = cov[i + 1, i] = -tau2[i + 1]
    expected = stats.multivariate_normal(mu * dt, cov).logpdf(d) - z[1:].sum()
    assert log_likelihood(RandomWalkDrift(), theta, prep, ctx) == pytest.approx(expected,
                                                                               rel=1e-6)


def test_damped_trend_matches_statsmodels_ets_with_alpha_1_beta_0() -> None:
    # our damped family is ETS(A,Ad,N) with alpha = 1, beta = 0 on the log scale: on a
    # regular, exact series its estimates and forecasts match statsmodels' ETSModel
    from statsmodels.tsa.exponential_smoothing.ets import ETSModel

    import huaian_forecast as hf

    rng = np.random.default_rng(5)
    years = np.arange(1994, 2024)
    h = (years - years[-1]).astype(float)
    z = np.log(100.0) + np.cumsum(0.03 * 0.95**h + 0.01 * rng.standard_normal(years.size))
    ets = ETSModel(z, error="add", trend="add", damped_trend=True)
    with ets.fix_params({"smoothing_level": 0.9999, "smoothing_trend": 0.0}):
        res = ets.fit(disp=False)
    fit = hf.fit_growth(table(years, np.exp(z)), indicator="gdp", region="Testville",
                        references=(), families=("damped",))
    assert fit.models[0].parameters()["phi"] == pytest.approx(res.params[2], abs=0.005)
    np.testing.assert_allclose(np.log(fit.predict(np.arange(2024, 2029))), res.forecast(5),
                               atol=2e-3)


def test_zero_shocks_give_the_point_forecast() -> None:
    import huaian_forecast as hf
    from huaian_forecast.growth._base import Shocks

    years = np.arange(2015, 2024)
    values = 100 * 1.05 ** np.arange(9) * np.exp(np.random.default_rng(1).normal(0, .02, 9))
    fit = hf.fit_growth(table(years, values), indicator="gdp", region="Testville",
                        references=())
    future = np.arange(2024, 2031)
    for model in fit.models:
        shocks = Shocks.zeros(n_paths=3, k=model.k, n_noise=model.n_noise(future))
        paths = model.project(future, shocks)
        np.testing.assert_allclose(paths, np.tile(model.predict(future), (3, 1)), rtol=1e-9)


def test_hand_written_shocks_move_a_random_walk_step_by_step() -> None:
    import huaian_forecast as hf
    from huaian_forecast.growth._base import Shocks

    fit = hf.fit_growth(table([2019, 2020, 2021, 2022, 2023], [10, 11, 12.1, 13.3, 14.6]),
                        indicator="gdp", region="Testville", references=(),
                        families=("rw_drift",))
    model = fit.models[0]
    sigma = np.exp(model.theta[-1])
    base = Shocks.zeros(n_paths=1, k=model.k, n_noise=3)
    up = Shocks(params=base.params, start=base.start, uniform=base.uniform,
                noise=np.array([[1.0, 0.0, -1.0]]))
    ratio = model.project([2024, 2025, 2026], up) / model.project([2024, 2025, 2026], base)
    np.testing.assert_allclose(ratio[0], np.exp([sigma, sigma, 0.0]))
