"""How sure a simulated probability is: its Monte Carlo error as the report states it.

A share of paths ``p`` from ``n`` paths has the binomial standard error
``sqrt(p (1 - p) / n)``, which is 0 at p = 0 or 1 although the truth may lie up to about
``3.84 / n`` away (the 95 % Wilson interval, ``p_reach_lo`` / ``p_reach_hi``).
:func:`mc_error` (the "±" after a probability) and :func:`interval_whiskers` (the bars'
whiskers) never state that as certainty, and at 0 or 1 both state the same interval.
That error is not the uncertainty that matters: :func:`model_range` gives the range of
the probability across models that the bar charts draw beside it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from huaian_forecast.assessment import (
    RANGE_ASSUMPTIONS,
    RANGE_MODELS,
    range_kinds,
    wilson_interval,
)

__all__ = ["interval_whiskers", "mc_error", "model_range"]


def mc_error(p: float, se: float, n_paths: int | None = None) -> float:
    """Return the 95 % Monte Carlo error of a share ``p`` with standard error ``se``.

    At ``p`` = 0 or 1 the binomial standard error is 0, yet the truth can lie up to the
    far end of the 95 % Wilson interval (about ``3.84 / n_paths``); with ``n_paths`` given
    the error is never stated below that, so "0% ±0.0" from few paths cannot read as exact
    and the "±" says what the bars' whiskers show (:func:`interval_whiskers`).

    Examples
    --------
    >>> round(mc_error(0.5, 0.05), 3), round(mc_error(0.0, 0.0, 200), 4)
    (0.098, 0.0188)
    """
    err = 1.96 * se
    if n_paths and (p <= 0.0 or p >= 1.0):
        lo, hi = wilson_interval(min(max(p, 0.0), 1.0), n_paths)
        err = max(err, hi - lo)  # the interval's whole width: it lies on one side of p
    return err


def interval_whiskers(table: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Return the lengths below and above ``p_reach`` of each row's 95 % interval.

    The Wilson interval (``p_reach_lo`` / ``p_reach_hi``) where the table has it: it is
    not degenerate at p = 0 or 1, so a bar at 0 % from few paths still shows how far the
    truth may be. Else ``1.96 * p_reach_se``; 0 where neither is known.

    Examples
    --------
    >>> t = pd.DataFrame({"p_reach": [0.0, 0.5], "p_reach_se": [0.0, 0.05],
    ...                   "p_reach_lo": [0.0, 0.4], "p_reach_hi": [0.0370, 0.6]})
    >>> [[round(float(x), 3) for x in side] for side in interval_whiskers(t)]
    [[0.0, 0.1], [0.037, 0.1]]
    """
    p = table["p_reach"].to_numpy(dtype=float)
    se = (table["p_reach_se"].to_numpy(dtype=float) if "p_reach_se" in table
          else np.full(p.shape, np.nan))
    half = np.where(np.isfinite(se), 1.96 * se, 0.0)
    below, above = half.copy(), half.copy()
    if "p_reach_lo" in table and "p_reach_hi" in table:
        lo = table["p_reach_lo"].to_numpy(dtype=float)
        hi = table["p_reach_hi"].to_numpy(dtype=float)
        known = np.isfinite(lo) & np.isfinite(hi) & np.isfinite(p)
        below[known] = np.maximum(p[known] - lo[known], 0.0)
        above[known] = np.maximum(hi[known] - p[known], 0.0)
    return below, above


def model_range(table: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Return each row's range of ``p_reach`` (NaN where it has none to show) and its kind.

    ``p_models_min`` / ``p_models_max`` of a planner assessment
    (:func:`~huaian_forecast.analysis.planner_assessment`) where
    :func:`~huaian_forecast.assessment.range_kinds` says there is a range: across models
    (the scenario model and every growth family fitted to the same history; a plan
    scenario: the families' status quo plus its effect) or, for a year-to-date nowcast,
    across its assumptions. One model only (no growth family fits the indicator) and a
    plan compared with the status quo only have none: NaN, and the charts draw none.
    The third array is each row's kind (:func:`~huaian_forecast.assessment.range_kinds`),
    which says how the range is named and drawn.

    Examples
    --------
    >>> t = pd.DataFrame({"p_reach": [0.5, 0.9], "p_models_min": [0.2, 0.9],
    ...                   "p_models_max": [0.8, 0.9], "p_trend": [0.3, float("nan")]})
    >>> lo, hi, kinds = model_range(t)
    >>> [float(x) for x in lo], [float(x) for x in hi], kinds.tolist()
    ([0.2, nan], [0.8, nan], ['models', 'one model only'])
    """
    kinds = range_kinds(table)
    if "p_models_min" not in table or "p_models_max" not in table:
        return np.full(len(table), np.nan), np.full(len(table), np.nan), kinds
    shown = np.isin(kinds, [RANGE_MODELS, RANGE_ASSUMPTIONS])
    lo = np.where(shown, table["p_models_min"].to_numpy(dtype=float), np.nan)
    hi = np.where(shown, table["p_models_max"].to_numpy(dtype=float), np.nan)
    return lo, hi, kinds
