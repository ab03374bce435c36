"""Forecast evaluation: rolling-origin backtests and proper scores.

:func:`backtest` refits a series' history up to each forecast origin, forecasts the
held-out years and scores the forecasts with the fair CRPS, the interval score of the 80 %
interval, its coverage (with the binomial standard error) and the Brier score of "target
met" events, for the growth ensemble and for naive benchmarks.

Notes
-----
With ``m`` samples ``x_i`` of a forecast and observation ``y`` the *fair* CRPS is

    CRPS_fair = mean_i |x_i - y| - sum_{i,j} |x_i - x_j| / (2 m (m - 1)),

unbiased for the CRPS of the distribution the samples come from (Ferro 2014). The
interval score of a central ``(1 - alpha)`` interval ``[l, u]`` is ``(u - l) + (2 / alpha)
(l - y) 1{y < l} + (2 / alpha) (y - u) 1{y > u}`` (Gneiting & Raftery 2007). Both are in the
indicator's published unit; lower is better. The Brier score is ``mean (p - o)^2`` for an
event probability ``p`` and outcome ``o`` in {0, 1}.

References
----------
Ferro, C. A. T. (2014). Fair scores for ensemble forecasts. QJRMS 140, 1917-1923.
Gneiting, T. & Raftery, A. E. (2007). Strictly proper scoring rules, prediction, and
estimation. JASA 102, 359-378.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from huaian_forecast.data import HOME_REGION
from huaian_forecast.exceptions import ArgumentError, FitError
from huaian_forecast.growth._base import SIGMA_PRIOR
from huaian_forecast.growth._series import Series, prepare_series, scale_for
from huaian_forecast.growth.ensemble import FAMILIES, fit_growth
from huaian_forecast.indicators import get_indicator

__all__ = [
    "BENCHMARKS",
    "SUMMARY_COLUMNS",
    "Origin",
    "backtest",
    "backtest_forecasts",
    "brier_score",
    "coverage",
    "crps_fair",
    "forecast_draws",
    "forecast_origins",
    "growth_methods",
    "interval_score",
    "score_forecasts",
    "summarise",
]

#: Naive benchmarks scored next to the ensemble.
BENCHMARKS: tuple[str, ...] = ("rw_drift_naive", "last_value")
_LEVEL = 0.8  # central interval scored (80 %)
#: Columns of :func:`backtest` / :func:`summarise`.
SUMMARY_COLUMNS: tuple[str, ...] = (
    "method", "n_forecasts", "mean_horizon", "crps", "interval_score", "coverage80",
    "coverage80_se", "mean_rel_width", "brier")


def crps_fair(samples: np.ndarray, observed: np.ndarray | float) -> np.ndarray:
    """Fair CRPS of sample forecasts.

    Parameters
    ----------
    samples : numpy.ndarray
        ``(m,)`` or ``(m, n)``: ``m >= 2`` samples of each of ``n`` forecasts.
    observed : float or numpy.ndarray
        The ``n`` outcomes.

    Returns
    -------
    numpy.ndarray
        ``(n,)`` scores (a 0-d array for 1-d samples).

    Examples
    --------
    >>> float(crps_fair(np.array([0.0, 1.0]), 0.0))
    0.0
    """
    x = np.sort(np.asarray(samples, dtype=float), axis=0)
    m = x.shape[0]
    if m < 2:
        raise ArgumentError("the fair CRPS needs at least two samples")
    y = np.asarray(observed, dtype=float)
    rank = (2.0 * np.arange(1, m + 1) - m - 1).reshape((m,) + (1,) * (x.ndim - 1))
    spread = (rank * x).sum(axis=0) / (m * (m - 1))
    return np.asarray(np.abs(x - y).mean(axis=0) - spread)


def interval_score(lower: np.ndarray | float, upper: np.ndarray | float,
                   observed: np.ndarray | float, *, alpha: float = 0.2) -> np.ndarray:
    """Interval score of central ``(1 - alpha)`` intervals (lower is better).

    Examples
    --------
    >>> float(interval_score(1.0, 3.0, 4.0, alpha=0.2))
    12.0
    """
    if not 0 < alpha < 1:
        raise ArgumentError(f"alpha must lie in (0, 1), got {alpha}")
    lo, hi, y = (np.asarray(a, dtype=float) for a in (lower, upper, observed))
    return np.asarray((hi - lo) + 2.0 / alpha * (np.maximum(lo - y, 0.0)
                                                 + np.maximum(y - hi, 0.0)))


def coverage(lower: np.ndarray, upper: np.ndarray,
             observed: np.ndarray) -> tuple[float, float]:
    """Share of outcomes inside their interval, and its binomial standard error.

    The standard error ``sqrt(c (1 - c) / n)`` treats forecasts as independent; forecasts
    from overlapping origins are correlated, so it is a lower bound.

    Examples
    --------
    >>> coverage(np.array([0, 0, 0, 0]), np.array([1, 1, 1, 1]), np.array([0.5, 0.5, 2, 2]))
    (0.5, 0.25)
    """
    y = np.asarray(observed, dtype=float)
    inside = (np.asarray(lower) <= y) & (y <= np.asarray(upper))
    if inside.size == 0:
        return float("nan"), float("nan")
    c = float(inside.mean())
    return c, float(np.sqrt(c * (1.0 - c) / inside.size))


def brier_score(prob: np.ndarray, outcome: np.ndarray) -> float:
    """Mean squared difference between event probabilities and 0/1 outcomes.

    Examples
    --------
    >>> brier_score(np.array([1.0, 0.5]), np.array([1, 0]))
    0.125
    """
    p, o = np.asarray(prob, dtype=float), np.asarray(outcome, dtype=float)
    return float(np.mean((p - o) ** 2))


def _naive(train: Series, years: np.ndarray, n_paths: int, rng: np.random.Generator,
           drift: bool) -> np.ndarray:
    """Random walk (with or without drift) on the log / logit scale, Gaussian intervals.

    ``z_{T+h} ~ N(z_T + mu h, s^2 h (1 + h / span))`` with drift (the usual small-sample
    inflation for an estimated drift), ``N(z_T, s^2 h)`` without; ``s`` from the yearly
    increments of the points (the 5 % prior median when there are fewer than two).
    """
    scale = scale_for(train.kind)
    pts = train.censor == 0
    t, z = train.years[pts], scale.forward(train.values[pts])  # noqa: PD011
    span = float(t[-1] - t[0])
    dt, dz = np.diff(t), np.diff(z)
    mu = float(dz.sum() / span) if drift and span > 0 else 0.0
    if dt.size >= 2:
        sd = float(np.sqrt(np.sum((dz - mu * dt) ** 2 / dt) / (dt.size - int(drift))))
    else:
        sd = SIGMA_PRIOR[0]
    h = years - t[-1]
    var = sd**2 * h * ((1.0 + h / span) if drift and span > 0 else 1.0)
    zs = z[-1] + mu * h + np.sqrt(var) * rng.standard_normal((n_paths, h.size))
    return np.clip(scale.inverse(zs), train.lower, train.upper)


def forecast_draws(method: str, history: pd.DataFrame, train: Series, years: np.ndarray,
                   n_paths: int, rng: np.random.Generator,
                   fit_kwargs: dict[str, Any] | None = None) -> np.ndarray:
    """Draws ``(n_paths, len(years))`` of one growth method fitted to ``history``.

    ``method`` is ``"ensemble"``, a benchmark of :data:`BENCHMARKS` or one growth family;
    ``train`` is the series cut at the origin (see :func:`forecast_origins`).
    """
    if method in BENCHMARKS:
        return _naive(train, years, n_paths, rng, drift=method == "rw_drift_naive")
    families = None if method == "ensemble" else (method,)
    fit = fit_growth(history, indicator=train.indicator, region=train.region,
                     families=families, **(fit_kwargs or {}))  # type: ignore[arg-type]
    return fit.draw(years, n_paths=n_paths, seed=rng)


def growth_methods() -> tuple[str, ...]:
    """Methods :func:`forecast_draws` knows: the ensemble, the benchmarks, each family."""
    return ("ensemble", *BENCHMARKS, *FAMILIES)


def _methods(methods: Sequence[str]) -> tuple[str, ...]:
    valid = growth_methods()
    bad = [m for m in methods if m not in valid]
    if bad:
        raise ArgumentError(f"unknown method(s) {bad}; valid: {list(valid)}")
    return tuple(methods)


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class Origin:
    """One forecast origin of a rolling-origin backtest.

    Parameters
    ----------
    cut : int
        First held-out point year; every row with ``year < cut`` is the training history.
    origin : int
        Last training point year.
    train : Series
        The series up to the origin.
    past : pandas.DataFrame
        Every row of the history (all regions) with ``year < cut``.
    years, observed, threshold : numpy.ndarray
        Held-out point years, their values and the "target met" thresholds.
    """

    cut: int
    origin: int
    train: Series
    past: pd.DataFrame
    years: np.ndarray
    observed: np.ndarray
    threshold: np.ndarray


def forecast_origins(history: pd.DataFrame, *, indicator: str, region: str = HOME_REGION,
                     holdout: int = 3, threshold: float | None = None) -> list[Origin]:
    """Return the origins of a rolling-origin backtest, one per last ``holdout`` point year.

    For each of the last ``holdout`` point years ``Y`` of the series, every row (of every
    region) with ``year < Y`` is the training history and every point year ``>= Y`` is
    forecast. The "target met" threshold defaults to the training history's average pace
    continued (linear from its first to its last point).

    Raises
    ------
    ArgumentError
        If ``holdout`` is below 1.
    FitError
        If the series has fewer than ``holdout + 2`` point years.
    """
    if holdout < 1:
        raise ArgumentError(f"holdout must be at least 1 year, got {holdout}")
    series = prepare_series(history, indicator=indicator, region=region)
    pts_years = np.unique(series.years[series.censor == 0])
    if pts_years.size < holdout + 2:
        raise FitError(f"{get_indicator(indicator).key} for {region}: backtest with holdout="
                       f"{holdout} needs >= {holdout + 2} point years; has {pts_years.size}")
    out = []
    for cut in pts_years[-holdout:]:
        train = series.subset(series.years < cut)
        target = (series.censor == 0) & (series.years >= cut)
        years, observed = series.years[target].astype(int), series.values[target]  # noqa: PD011
        t, y = train.years[train.censor == 0], train.values[train.censor == 0]  # noqa: PD011
        pace = y[-1] + (y[-1] - y[0]) / max(t[-1] - t[0], 1.0) * (years - t[-1])
        thr = np.full(years.size, threshold) if threshold is not None else pace
        out.append(Origin(cut=int(cut), origin=int(t[-1]), train=train,
                          past=history[history["year"] < cut], years=years,
                          observed=np.asarray(observed, dtype=float), threshold=thr))
    return out


def score_forecasts(method: str, origin: Origin, draws: np.ndarray) -> list[dict[str, Any]]:
    """Score the draws ``(n_paths, len(origin.years))`` of one method at one origin.

    Returns one row per held-out year: ``method, origin, year, horizon, observed, q10,
    median, q90, crps, interval_score, covered, rel_width, threshold, p_event, event``
    (``rel_width``: width of the 80 % interval over the observed value).
    """
    q = np.quantile(draws, [0.1, 0.5, 0.9], axis=0)
    rows = []
    for j, year in enumerate(origin.years):
        obs, thr = float(origin.observed[j]), float(origin.threshold[j])
        rows.append({
            "method": method, "origin": origin.origin, "year": int(year),
            "horizon": int(year - origin.origin), "observed": obs,
            "q10": q[0, j], "median": q[1, j], "q90": q[2, j],
            "crps": float(crps_fair(draws[:, j], obs)),
            "interval_score": float(interval_score(q[0, j], q[2, j], obs, alpha=1 - _LEVEL)),
            "covered": bool(q[0, j] <= obs <= q[2, j]),
            "rel_width": float((q[2, j] - q[0, j]) / abs(obs)) if obs else float("nan"),
            "threshold": thr, "p_event": float(np.mean(draws[:, j] >= thr)),
            "event": bool(obs >= thr),
        })
    return rows


def backtest_forecasts(history: pd.DataFrame, *, indicator: str, region: str = HOME_REGION,
                       holdout: int = 3, methods: Sequence[str] = ("ensemble", *BENCHMARKS),
                       threshold: float | None = None, n_paths: int = 2_000, seed: int = 0,
                       **fit_kwargs: Any) -> pd.DataFrame:
    """Rolling-origin forecasts of the last ``holdout`` point observations, one row each.

    For each of the last ``holdout`` point years ``Y`` of the series, every row (of every
    region) with ``year < Y`` is the training history; each method forecasts every
    held-out point year ``>= Y`` (see :func:`forecast_origins`). Columns: those of
    :func:`score_forecasts`.

    The "target met" event is ``observed >= threshold``; by default the threshold is the
    training history's average pace continued (linear extrapolation from its first to its
    last point), i.e. a target set "at today's pace".

    Raises
    ------
    ArgumentError
        If ``holdout`` is below 1 or a method is unknown.
    FitError
        If the series has fewer than ``holdout + 2`` point years.
    """
    methods = _methods(methods)
    origins = forecast_origins(history, indicator=indicator, region=region, holdout=holdout,
                               threshold=threshold)
    rng = np.random.default_rng(seed)
    rows: list[dict[str, Any]] = []
    for origin in origins:
        for method in methods:
            try:
                draws = forecast_draws(method, origin.past, origin.train, origin.years,
                                       n_paths, rng, fit_kwargs)
            except FitError:
                if method == "ensemble":
                    raise
                continue  # a single family not admissible at this origin: no forecast
            rows.extend(score_forecasts(method, origin, draws))
    return pd.DataFrame(rows)


def summarise(forecasts: pd.DataFrame) -> pd.DataFrame:
    """Scores per method from :func:`backtest_forecasts` rows (see :func:`backtest`)."""
    rows = []
    for method, grp in forecasts.groupby("method", sort=False):
        cov, se = coverage(grp["q10"].to_numpy(), grp["q90"].to_numpy(),
                           grp["observed"].to_numpy())
        rows.append({"method": method, "n_forecasts": len(grp),
                     "mean_horizon": float(grp["horizon"].mean()),
                     "crps": float(grp["crps"].mean()),
                     "interval_score": float(grp["interval_score"].mean()),
                     "coverage80": cov, "coverage80_se": se,
                     "mean_rel_width": float(grp["rel_width"].mean()),
                     "brier": brier_score(grp["p_event"].to_numpy(), grp["event"].to_numpy())})
    return pd.DataFrame(rows, columns=list(SUMMARY_COLUMNS))


def backtest(history: pd.DataFrame, *, indicator: str, region: str = HOME_REGION,
             holdout: int = 3, methods: Sequence[str] = ("ensemble", *BENCHMARKS),
             threshold: float | None = None, n_paths: int = 2_000, seed: int = 0,
             **fit_kwargs: Any) -> pd.DataFrame:
    """Rolling-origin backtest of the growth ensemble against naive benchmarks.

    Parameters
    ----------
    history : pandas.DataFrame
        Observation table (not modified).
    indicator, region : str
        The series to backtest.
    holdout : int
        Number of final point years used as forecast origins (see
        :func:`backtest_forecasts`).
    methods : sequence of str
        ``"ensemble"``, the benchmarks ``"rw_drift_naive"`` and ``"last_value"``, or a
        single growth family by name (e.g. ``"loglinear"``).
    threshold : float, optional
        Fixed threshold of the "target met" event (default: the at-pace extrapolation).
    n_paths, seed : int
        Monte Carlo draws per forecast and the seed (results are reproducible).
    **fit_kwargs
        Passed to :func:`~huaian_forecast.fit_growth` (e.g. ``prior_strength``).

    Returns
    -------
    pandas.DataFrame
        One row per method, columns :data:`SUMMARY_COLUMNS`: ``method, n_forecasts,
        mean_horizon, crps, interval_score, coverage80, coverage80_se, mean_rel_width``
        (mean width of the 80 % interval over the observed value), ``brier``.

    Examples
    --------
    The growth methods only; ``hf.backtest`` (:mod:`huaian_forecast.analysis.backtest`)
    adds the scenario model and the calibrated widths and gives the same rows for these.

    >>> from huaian_forecast.data import load_history
    >>> table = backtest(load_history(), indicator="rd_intensity", region="Jiangsu",
    ...                  holdout=2, n_paths=200)
    >>> list(table["method"])
    ['ensemble', 'rw_drift_naive', 'last_value']
    """
    fc = backtest_forecasts(history, indicator=indicator, region=region, holdout=holdout,
                            methods=methods, threshold=threshold, n_paths=n_paths, seed=seed,
                            **fit_kwargs)
    return summarise(fc)
