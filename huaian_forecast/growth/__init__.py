"""Growth models for short, gappy, censored series (history -> trend ensemble).

Public entry point: :func:`fit_growth` returns a :class:`GrowthFit` that can ``draw``
ensemble paths, ``draw_by_model``, ``draw_growth`` (yearly growth rates), ``predict`` and
give a ``summary`` (each family's weight, parameters and probability of each target).

Families (one per module, common interface :class:`~huaian_forecast.growth._base.GrowthModel`):
``linear``, ``loglinear`` (``logit_linear`` on shares), ``rw_drift``, ``damped``,
``logistic``, ``gompertz``.
"""

from __future__ import annotations

from huaian_forecast.growth._priors import GrowthPrior
from huaian_forecast.growth._series import OBSERVATION_NOISE
from huaian_forecast.growth.backtest import (
    BENCHMARKS,
    SUMMARY_COLUMNS,
    Origin,
    backtest,
    backtest_forecasts,
    brier_score,
    coverage,
    crps_fair,
    forecast_draws,
    forecast_origins,
    growth_methods,
    interval_score,
    score_forecasts,
    summarise,
)
from huaian_forecast.growth.ensemble import FAMILIES, GrowthFit, fit_growth

__all__ = [
    "BENCHMARKS",
    "FAMILIES",
    "OBSERVATION_NOISE",
    "SUMMARY_COLUMNS",
    "GrowthFit",
    "GrowthPrior",
    "Origin",
    "backtest",
    "backtest_forecasts",
    "brier_score",
    "coverage",
    "crps_fair",
    "fit_growth",
    "forecast_draws",
    "forecast_origins",
    "growth_methods",
    "interval_score",
    "score_forecasts",
    "summarise",
]
