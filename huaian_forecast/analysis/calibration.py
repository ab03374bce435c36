r"""Honest width: widen (or narrow) forecast intervals by horizon from backtest errors.

Notes
-----
On the model scale :math:`z` (log, logit for shares) a forecast has median :math:`m` and
80 % interval :math:`[\ell, u]`. An outcome :math:`y` gets the *standardised error*

.. math:: s = \frac{z(y) - m}{u - m} \ (z(y) > m), \qquad s = \frac{m - z(y)}{m - \ell}
          \ \text{otherwise},

so :math:`s \le 1` exactly when the interval covers it. The split-conformal factor of a
set of :math:`n` such errors is their :math:`\lceil 0.8 (n + 1) \rceil`-th smallest value
(Vovk et al. 2005; Lei et al. 2018), estimated per horizon bucket (1, 2, 3+ years; the
pooled errors where a bucket has fewer than :data:`MIN_PER_BUCKET`). Widening a forecast
by :math:`k` moves every draw away from the median: :math:`z' = m + k (z - m)`, so the
calibrated 80 % interval covers the errors seen before in about 80 % of cases; a factor
below 1 narrows an interval that was too wide.

**Floor from the naive benchmark.** A factor estimated from a handful of errors can be
near 0 when the errors happened to be small. The calibrated half-width is never below the
naive random walk's (``rw_drift_naive``) at the same origin and horizon: the width the
series' own year-to-year noise implies.

**Limits.** Few origins (5 per series here), so the factors are noisy; forecasts from
overlapping origins share shocks, so the errors are not independent and the coverage's
binomial standard error is a lower bound; factors estimated on Jiangsu's series are applied
to Huai'an's, which assumes that Huai'an's models err by the same multiple of their width.

References
----------
Vovk, V., Gammerman, A. & Shafer, G. (2005). *Algorithmic Learning in a Random World*.
Lei, J., G'Sell, M., Rinaldo, A., Tibshirani, R. J. & Wasserman, L. (2018). Distribution-
free predictive inference for regression. JASA 113, 1094-1111.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping

import numpy as np
import pandas as pd

from huaian_forecast.indicators import get_indicator
from huaian_forecast.simulation import Projection

__all__ = [
    "MIN_PER_BUCKET",
    "conformal_factor",
    "horizon_bucket",
    "naive_floor",
    "standardised_errors",
    "widen",
    "widen_projection",
    "width_factors",
]

#: Fewest errors in a horizon bucket for a bucket-specific factor (else pooled).
MIN_PER_BUCKET = 4
_LEVEL = 0.8


def _forward(values: np.ndarray, indicator: str) -> np.ndarray:
    ind = get_indicator(indicator)
    x = np.asarray(values, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        if ind.kind == "share":
            p = np.clip(x / 100.0, 1e-9, 1 - 1e-9)
            return np.log(p / (1 - p))
        return np.log(np.maximum(x, 1e-12))


def _inverse(z: np.ndarray, indicator: str) -> np.ndarray:
    ind = get_indicator(indicator)
    if ind.kind == "share":
        return 100.0 / (1.0 + np.exp(-z))
    return np.clip(np.exp(z), ind.lower, ind.upper)


def horizon_bucket(horizon: int) -> int:
    """Horizon bucket of the factors: 1, 2 or 3 (three years or more)."""
    return int(min(max(horizon, 1), 3))


def standardised_errors(forecasts: pd.DataFrame, indicator: str) -> np.ndarray:
    """Standardised error of each backtest row (see Notes; ``<= 1`` means covered).

    Parameters
    ----------
    forecasts : pandas.DataFrame
        Rows with ``observed, q10, median, q90``.
    indicator : str
        Indicator key (chooses the model scale).
    """
    y, lo, m, hi = (_forward(forecasts[c].to_numpy(), indicator)
                    for c in ("observed", "q10", "median", "q90"))
    with np.errstate(divide="ignore", invalid="ignore"):
        s = np.where(y > m, (y - m) / (hi - m), (m - y) / (m - lo))
    return np.where(np.isfinite(s), s, np.where(y == m, 0.0, np.inf))


def conformal_factor(errors: np.ndarray, level: float = _LEVEL) -> float:
    """Split-conformal quantile: the ``ceil(level (n + 1))``-th smallest error.

    Returns ``max(errors)`` when ``n`` is too small for that rank, NaN without errors.

    Examples
    --------
    >>> conformal_factor(np.array([0.2, 0.5, 0.9, 1.4]))
    1.4
    >>> conformal_factor(np.arange(1, 11) / 10)
    0.9
    """
    e = np.sort(np.asarray(errors, dtype=float))
    if e.size == 0:
        return float("nan")
    rank = math.ceil(level * (e.size + 1))
    return float(e[min(rank, e.size) - 1])


def width_factors(forecasts: pd.DataFrame, indicator: str, *,
                  level: float = _LEVEL) -> dict[int, float]:
    """Conformal factor per horizon bucket (1, 2, 3+) from backtest rows of one method.

    A bucket with fewer than :data:`MIN_PER_BUCKET` errors takes the pooled factor.

    Examples
    --------
    >>> rows = pd.DataFrame({"observed": [2.2, 2.0], "q10": [1.9, 1.9], "median": [2.0, 2.0],
    ...                      "q90": [2.1, 2.1], "horizon": [1, 2]})
    >>> {k: round(v, 2) for k, v in width_factors(rows, "rd_intensity").items()}
    {1: 1.95, 2: 1.95, 3: 1.95}
    """
    errors = standardised_errors(forecasts, indicator)
    buckets = np.array([horizon_bucket(int(h)) for h in forecasts["horizon"]])
    pooled = conformal_factor(errors, level)
    out = {}
    for b in (1, 2, 3):
        mine = errors[buckets == b]
        out[b] = conformal_factor(mine, level) if mine.size >= MIN_PER_BUCKET else pooled
    return out


def widen(draws: np.ndarray, years: np.ndarray, origin: int, factors: Mapping[int, float],
          indicator: str, *, floor: np.ndarray | None = None) -> np.ndarray:
    """Scale the spread of draws around their per-year median by the horizon's factor.

    Parameters
    ----------
    draws : numpy.ndarray
        ``(n_paths, len(years))``.
    years : numpy.ndarray
        Calendar years of the columns.
    origin : int
        Last observed year (horizon = year - origin).
    factors : mapping of int to float
        Factor per horizon bucket (:func:`width_factors`); NaN or missing: unchanged.
    indicator : str
        Indicator key (model scale: log, logit for shares).
    floor : numpy.ndarray, optional
        Smallest half-width of the 80 % interval per column on the model scale (the naive
        benchmark's); the factor is raised to meet it.

    Returns
    -------
    numpy.ndarray
        Widened draws, same shape, within the indicator's valid range.
    """
    z = _forward(draws, indicator)
    med = np.median(z, axis=0)
    q10, q90 = np.quantile(z, [0.1, 0.9], axis=0)
    half = (q90 - q10) / 2
    k = np.array([factors.get(horizon_bucket(int(y - origin)), np.nan) for y in years])
    k = np.where(np.isfinite(k), k, 1.0)
    if floor is not None:
        with np.errstate(divide="ignore", invalid="ignore"):
            need = np.where(half > 0, np.asarray(floor) / half, 1.0)
        k = np.maximum(k, np.where(np.isfinite(need), need, k))
    return _inverse(med + k * (z - med), indicator)


def naive_floor(naive_draws: np.ndarray, indicator: str) -> np.ndarray:
    """Half-width of the naive benchmark's 80 % interval per column, on the model scale."""
    q10, q90 = np.quantile(_forward(naive_draws, indicator), [0.1, 0.9], axis=0)
    return np.asarray((q90 - q10) / 2)


def widen_projection(projection: Projection,
                     factors: Mapping[str, Mapping[int, float]]) -> Projection:
    """Return ``projection`` with the paths of each indicator in ``factors`` widened.

    The horizon of a year is counted from the indicator's last observation
    (``projection.last_observed``; the year before the first simulated year when there is
    none). The manifest records the factors under ``"honest_width"`` and adds a note.

    Parameters
    ----------
    projection : Projection
        Simulated paths.
    factors : mapping of str to mapping of int to float
        Per indicator, the factor per horizon bucket (:func:`width_factors`).

    Returns
    -------
    Projection
    """
    years = np.asarray(projection.years)
    arrays = dict(projection.arrays)
    used = {}
    for key, per_bucket in factors.items():
        if key not in arrays:
            continue
        origin = projection.last_observed.get(key, (int(years[0]) - 1, math.nan))[0]
        arrays[key] = widen(arrays[key], years, int(origin), per_bucket, key)
        used[key] = {int(b): float(v) for b, v in per_bucket.items()}
    notes = [*projection.manifest.get("notes", []),
             "honest width: paths widened around their median by the backtest's conformal "
             f"factor per horizon bucket (1, 2, 3+ years): {used}"]
    manifest = {**projection.manifest, "honest_width": used, "notes": notes}
    return dataclasses.replace(projection, arrays=arrays, manifest=manifest)
