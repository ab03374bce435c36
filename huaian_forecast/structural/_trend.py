"""Levels and trends read from a region's own history, with their uncertainty.

Two uses, both on the points (``exact`` / ``approx`` rows) of one region and indicator up
to the origin year:

- :func:`infer_level`: an anchor that has no point in the origin year is extrapolated
  from the nearest earlier points (a straight line in the log or logit of the value over
  the last :data:`LEVEL_WINDOW` points), with a standard error that grows with the gap;
- :func:`estimate_trend`: the yearly slope of the log (or logit) of a series and the
  year-to-year s.d. of its changes, when the history has at least :data:`MIN_TREND_POINTS`
  points spanning :data:`MIN_TREND_SPAN` years within :data:`TREND_WINDOW` years of the
  origin.

Transforms: ``log`` for positive levels and ratios, ``logit`` for shares in percent.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

__all__ = ["LEVEL_WINDOW", "MIN_TREND_POINTS", "MIN_TREND_SPAN", "TREND_WINDOW", "Level",
           "Trend", "estimate_trend", "infer_level", "points_by_year"]

Transform = Literal["log", "logit"]

#: Points used to extrapolate a missing anchor (the latest ones).
LEVEL_WINDOW = 5
#: Years before the origin searched for trend points.
TREND_WINDOW = 10
#: At least this many points spanning this many years make a trend.
MIN_TREND_POINTS, MIN_TREND_SPAN = 3, 4
#: Assumed s.d. of the yearly log change when a level is carried from a single point.
SINGLE_POINT_DRIFT_SD = 0.05
#: Floor of the s.d. of a year-to-year change (rounding of published figures alone gives
#: ~1 %; few points underestimate the s.d.).
MIN_STEP_SD = 0.02


def _forward(x: np.ndarray, how: Transform) -> np.ndarray:
    if how == "logit":
        p = np.clip(x / 100.0, 1e-6, 1 - 1e-6)
        return np.log(p / (1.0 - p))
    return np.log(np.maximum(x, 1e-12))


def _back(y: float, how: Transform) -> float:
    return float(100.0 / (1.0 + np.exp(-y))) if how == "logit" else float(np.exp(y))


def points_by_year(rows: pd.DataFrame, origin: int) -> pd.Series:
    """One value per year (exact preferred over approx) of the points up to ``origin``."""
    pts = rows[rows["kind"].isin(["exact", "approx"]) & (rows["year"] <= origin)
               & (rows["value"] > 0)]
    if pts.empty:
        return pd.Series(dtype=float)
    pts = pts.assign(_rank=pts["kind"].map({"exact": 0, "approx": 1}))
    pts = pts.sort_values(["year", "_rank"], kind="stable").drop_duplicates("year")
    return pd.Series(pts["value"].to_numpy(float), index=pts["year"].to_numpy(int))


@dataclass(frozen=True, slots=True)
class Level:
    """An inferred level: centre, s.d. (same unit) and how it was obtained.

    ``carried_forward``: the level is one earlier point carried forward (no slope).
    """

    value: float
    sd: float
    how: str
    carried_forward: bool = False


def infer_level(series: pd.Series, origin: int, how: Transform = "log") -> Level | None:
    """Extrapolate ``series`` (values by year, all before ``origin``) to ``origin``.

    Parameters
    ----------
    series : pandas.Series
        Points by year (:func:`points_by_year`).
    origin : int
        Year to infer.
    how : {"log", "logit"}
        Scale on which the series is taken to move linearly.

    Returns
    -------
    Level or None
        None without any point.

    Notes
    -----
    With two or more of the latest :data:`LEVEL_WINDOW` points, an ordinary least-squares
    line ``y = a + b (t - origin)`` in the transformed value gives ``a``; its s.d. is the
    prediction error of the line (residual s.d. floored at :data:`MIN_STEP_SD` per year
    of gap) and is mapped back with the delta method. With one point the level is carried
    forward with an assumed drift s.d. of :data:`SINGLE_POINT_DRIFT_SD` per year.

    Examples
    --------
    >>> lv = infer_level(pd.Series([100.0, 110.0, 121.0], index=[2019, 2020, 2021]), 2022)
    >>> round(lv.value, 1)
    133.1
    """
    s = series.dropna().sort_index().iloc[-LEVEL_WINDOW:]
    if s.empty:
        return None
    t = s.index.to_numpy(float) - origin
    y = _forward(s.to_numpy(float), how)
    gap = float(-t[-1])
    if s.size == 1:
        centre, sd_y = float(y[0]), SINGLE_POINT_DRIFT_SD * gap
        what = f"carried forward from {int(s.index[-1])} (one point; drift s.d. assumed)"
    else:
        design = np.column_stack([np.ones_like(t), t])
        coef, *_ = np.linalg.lstsq(design, y, rcond=None)
        resid = y - design @ coef
        dof = max(s.size - 2, 1)
        sigma = max(float(np.sqrt(resid @ resid / dof)), MIN_STEP_SD * max(gap, 1.0) ** 0.5)
        x0 = np.array([1.0, 0.0])
        cov = sigma ** 2 * np.linalg.pinv(design.T @ design)
        centre = float(coef[0])
        sd_y = float(np.sqrt(x0 @ cov @ x0 + (sigma ** 2 if gap > 0 else 0.0)))
        what = (f"extrapolated from {s.size} points {int(s.index[0])}-{int(s.index[-1])} "
                f"({how}-linear, {np.expm1(coef[1]):+.1%}/yr)")
    value = _back(centre, how)
    slope = value * (1 - value / 100.0) if how == "logit" else value  # d value / d y
    return Level(value=value, sd=abs(slope) * sd_y, how=what, carried_forward=s.size == 1)


@dataclass(frozen=True, slots=True)
class Trend:
    """A trend estimate: yearly slope (transformed scale), its s.e., the s.d. of yearly steps."""

    slope: float
    se: float
    step_sd: float
    n_points: int
    first_year: int
    last_year: int

    def describe(self, what: str) -> str:
        """One line for the manifest."""
        return (f"{what}: {self.n_points} points {self.first_year}-{self.last_year}, slope "
                f"{self.slope:+.4f}/yr (s.e. {self.se:.4f}), yearly step s.d. "
                f"{self.step_sd:.4f}")


def estimate_trend(series: pd.Series, origin: int, how: Transform = "log") -> Trend | None:
    """Slope and step s.d. of ``series`` near ``origin`` (None when too few points).

    Examples
    --------
    >>> years = [2018, 2019, 2020, 2021, 2022]
    >>> tr = estimate_trend(pd.Series([1.0, 1.1, 1.21, 1.331, 1.4641], index=years), 2022)
    >>> round(float(np.expm1(tr.slope)), 3)
    0.1
    >>> estimate_trend(pd.Series([1.0, 1.1], index=[2021, 2022]), 2022) is None  # too short
    True
    """
    s = series.dropna().sort_index()
    s = s[(s.index > origin - TREND_WINDOW) & (s.index <= origin)]
    if s.size < MIN_TREND_POINTS or s.index[-1] - s.index[0] < MIN_TREND_SPAN:
        return None
    t = s.index.to_numpy(float)
    y = _forward(s.to_numpy(float), how)
    # random-walk-with-drift reading: the drift is the mean step per year, its s.e. the
    # step s.d. over sqrt(span); steps over gaps of k years count with variance k
    dt, dy = np.diff(t), np.diff(y)
    slope = float(dy.sum() / dt.sum())
    step_var = float(np.sum((dy - slope * dt) ** 2 / dt) / max(dy.size - 1, 1))
    step_var *= 1.0 + 1.0 / dy.size  # small-sample allowance for the estimated drift
    step_sd = max(float(np.sqrt(step_var)), MIN_STEP_SD)
    se = step_sd / float(np.sqrt(dt.sum()))
    return Trend(slope=slope, se=se, step_sd=step_sd, n_points=int(s.size),
                 first_year=int(s.index[0]), last_year=int(s.index[-1]))
