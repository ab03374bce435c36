"""Calibration of the scenario model's dynamics on the real series (estimation in code).

Two estimates, both from the history table (every region's points up to the origin):

- :func:`calibrate_rd`: R&D intensity *catches up*. For every region and each pair of
  consecutive intensity points (``rd_intensity`` rows, or ``100 rd_spend / gdp`` where both
  are points of one year), the yearly log change ``y = log(I_1 / I_0) / (t_1 - t_0)`` is
  regressed on the starting level ``x = log I_0``::

      y = a + b x + e,     weights t_1 - t_0,

  by weighted least squares with standard errors clustered by region (the estimator of
  statsmodels' ``WLS(...).fit(cov_type="cluster")``, written out so that a simulation
  does not import statsmodels; the tests check the two agree). A
  region without its own trend grows at ``a + b log I_origin`` (the organic relative
  growth, R&D above nominal GDP, all levers at the status quo included), and every
  region's yearly drift falls by ``b`` per unit of log intensity gained after the origin
  (``b < 0``: the higher the intensity, the slower it rises).
- :func:`calibrate_hte`: valid high-tech enterprise stocks of the regions with at least two
  points (``derived`` ones included) grow at the slope of their log; the pooled growth is
  the span-weighted mean across regions and its spread their weighted s.d. This sets the
  status-quo growth of first-time flows (and of the certified cohorts) of a region
  without its own stock trend, Huai'an included: the pass rate, re-certification and
  attrition rates are not identified by stock series and stay as registered priors.

- :func:`calibrate_share`: the logit of the high-tech output share of the regions with at
  least two points (``derived`` ones included) rises at a slope; the pooled slope is the
  span-weighted mean across regions and its spread their weighted s.d. This sets the
  status-quo excess growth of high-tech output of a region without its own share trend,
  Huai'an included (the projects then count only where a plan differs from the status
  quo).

All return frozen results with the numbers used and a one-line description for the
manifest; :mod:`~huaian_forecast.structural.status_quo` turns them into uncertainties.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from huaian_forecast.exceptions import FitError

__all__ = ["HTECalibration", "RDCalibration", "ShareCalibration", "calibrate_hte",
           "calibrate_rd", "calibrate_share", "intensity_points", "stock_points"]

#: Years before the origin that the calibrations look back.
WINDOW = 15
#: Floor of the between-region s.d. of the organic R&D growth (per year).
MIN_RD_SPREAD = 0.01
#: Floor of the spread of the pooled HTE growth (per year).
MIN_HTE_SPREAD = 0.03
#: Floor of the spread of the pooled logit slope of the high-tech share (per year).
MIN_SHARE_SPREAD = 0.02


def _points(rows: pd.DataFrame, indicator: str, kinds: tuple[str, ...]) -> pd.DataFrame:
    pts = rows[(rows["indicator"] == indicator) & rows["kind"].isin(kinds)
               & (rows["value"] > 0)]
    rank = pts["kind"].map({k: i for i, k in enumerate(kinds)})
    pts = pts.assign(_rank=rank).sort_values(["region", "year", "_rank"], kind="stable")
    return pts.drop_duplicates(["region", "year"])[["region", "year", "value"]]


def intensity_points(history: pd.DataFrame, origin: int) -> pd.DataFrame:
    """Return R&D intensity by region and year up to ``origin`` (points, else spend / GDP)."""
    rows = history[(history["year"] <= origin) & (history["year"] > origin - WINDOW)]
    direct = _points(rows, "rd_intensity", ("exact", "approx"))
    spend = _points(rows, "rd_spend", ("exact", "approx"))
    gdp = _points(rows, "gdp", ("exact", "approx"))
    implied = spend.merge(gdp, on=["region", "year"], suffixes=("_s", "_g"))
    implied = implied.assign(value=100.0 * implied["value_s"] / implied["value_g"])
    both = pd.concat([direct.assign(_d=0), implied[["region", "year", "value"]].assign(_d=1)])
    both = both.sort_values(["region", "year", "_d"], kind="stable")
    return both.drop_duplicates(["region", "year"])[["region", "year", "value"]]


@dataclass(frozen=True, slots=True)
class RDCalibration:
    """The catch-up regression of R&D intensity growth on its level.

    ``a``, ``b``: intercept and slope; ``cov``: their cluster-robust covariance;
    ``spread``: between-region s.d. of the growth around the line (floored);
    ``n_pairs``, ``n_regions``: the data behind it.
    """

    a: float
    b: float
    cov: np.ndarray
    spread: float
    n_pairs: int
    n_regions: int

    def growth_at(self, intensity: float) -> tuple[float, float]:
        """Predicted yearly relative growth at ``intensity`` (percent) and its s.d."""
        x = np.array([1.0, np.log(intensity)])
        se2 = float(x @ self.cov @ x)
        return self.a + self.b * float(x[1]), float(np.sqrt(se2 + self.spread ** 2))

    def describe(self) -> str:
        """One line for the manifest."""
        return (f"calibrated: yearly log change of R&D intensity = {self.a:.4f} "
                f"{self.b:+.4f} log(intensity) ({self.n_pairs} pairs of points, "
                f"{self.n_regions} regions; WLS, s.e. clustered by region; spread "
                f"{self.spread:.4f})")


def _pairs(points: pd.DataFrame) -> pd.DataFrame:
    out = []
    for region, grp in points.groupby("region"):
        g = grp.sort_values("year")
        t, v = g["year"].to_numpy(float), g["value"].to_numpy(float)
        for i in range(len(t) - 1):
            out.append({"region": region, "x": np.log(v[i]), "span": t[i + 1] - t[i],
                        "y": np.log(v[i + 1] / v[i]) / (t[i + 1] - t[i])})
    return pd.DataFrame(out, columns=["region", "x", "span", "y"])


def _wls_cluster(y: np.ndarray, x: np.ndarray, w: np.ndarray,
                 groups: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Weighted least squares with cluster-robust (CR1) covariance.

    Notes
    -----
    ``beta = (X'WX)^-1 X'Wy``; ``V = c (X'WX)^-1 (sum_g s_g s_g') (X'WX)^-1`` with
    ``s_g = sum_{i in g} w_i x_i e_i`` and ``c = G / (G - 1) (N - 1) / (N - K)``: what
    statsmodels' ``WLS(...).fit(cov_type="cluster")`` computes (checked in the tests),
    without importing statsmodels on every simulation.
    """
    xw = x * w[:, None]
    bread = np.linalg.inv(x.T @ xw)
    beta = bread @ (xw.T @ y)
    scores = xw * (y - x @ beta)[:, None]
    labels = pd.factorize(groups)[0]
    meat = np.zeros((x.shape[1], x.shape[1]))
    for g in np.unique(labels):
        s_g = scores[labels == g].sum(axis=0)
        meat += np.outer(s_g, s_g)
    n, k, n_groups = x.shape[0], x.shape[1], labels.max() + 1
    correction = n_groups / max(n_groups - 1, 1) * (n - 1) / max(n - k, 1)
    return beta, correction * bread @ meat @ bread


def calibrate_rd(history: pd.DataFrame, origin: int) -> RDCalibration:
    """Fit the catch-up regression on every region's intensity points up to ``origin``.

    Raises
    ------
    FitError
        With fewer than 4 pairs from 2 regions.

    Examples
    --------
    >>> import huaian_forecast as hf
    >>> cal = calibrate_rd(hf.load_history(), 2023)
    >>> cal.b < 0
    True
    """
    pairs = _pairs(intensity_points(history, origin))
    if len(pairs) < 4 or pairs["region"].nunique() < 2:
        raise FitError(f"R&D catch-up calibration: {len(pairs)} pairs of intensity points "
                       f"up to {origin}; need at least 4 from 2 regions")
    design = np.column_stack([np.ones(len(pairs)), pairs["x"].to_numpy(float)])
    params, cov = _wls_cluster(pairs["y"].to_numpy(float), design,
                               pairs["span"].to_numpy(float), pairs["region"].to_numpy())
    resid = pairs["y"].to_numpy(float) - design @ params
    w = pairs["span"].to_numpy(float)
    # residual variance of a one-year change is ~ step variance / span: remove the step
    # part by weighting with the span, what is left is the between-region spread
    spread = float(np.sqrt(max(np.sum(w * resid ** 2) / w.sum() - np.mean(resid ** 2) / 2,
                               0.0)))
    return RDCalibration(a=float(params[0]), b=float(params[1]), cov=cov,
                         spread=max(spread, MIN_RD_SPREAD), n_pairs=len(pairs),
                         n_regions=int(pairs["region"].nunique()))


def stock_points(history: pd.DataFrame, origin: int) -> pd.DataFrame:
    """Return valid HTE stocks by region and year up to ``origin`` (exact, approx, derived)."""
    rows = history[(history["year"] <= origin) & (history["year"] > origin - WINDOW)]
    return _points(rows, "hte_count", ("exact", "approx", "derived"))


@dataclass(frozen=True, slots=True)
class HTECalibration:
    """Pooled growth of valid HTE stocks: ``growth`` (fraction per year), ``spread``, data."""

    growth: float
    spread: float
    rates: tuple[tuple[str, float, float], ...]

    def describe(self) -> str:
        """One line for the manifest."""
        text = ", ".join(f"{r} {100 * g:.1f}" for r, g, _ in self.rates)
        return (f"calibrated: pooled growth of valid HTE stocks {100 * self.growth:.1f} "
                f"%/yr (spread {100 * self.spread:.1f}; by region, %/yr: {text})")


def calibrate_hte(history: pd.DataFrame, origin: int) -> HTECalibration:
    """Pool the log-linear growth of every region's HTE stock points up to ``origin``.

    Raises
    ------
    FitError
        Without two regions with two points each.

    Examples
    --------
    >>> import huaian_forecast as hf
    >>> cal = calibrate_hte(hf.load_history(), 2023)
    >>> 0.1 < cal.growth < 0.3
    True
    """
    mean, spread, rates = _pooled_slopes(
        stock_points(history, origin), np.log, np.expm1,
        what=f"HTE calibration: regions with two stock points up to {origin}")
    return HTECalibration(growth=mean, spread=max(spread, MIN_HTE_SPREAD), rates=rates)


@dataclass(frozen=True, slots=True)
class ShareCalibration:
    """Pooled logit slope of high-tech output shares: ``slope`` (per year), ``spread``."""

    slope: float
    spread: float
    rates: tuple[tuple[str, float, float], ...]

    def describe(self) -> str:
        """One line for the manifest."""
        text = ", ".join(f"{r} {s:+.3f}" for r, s, _ in self.rates)
        return (f"calibrated: pooled logit slope of the high-tech output share "
                f"{self.slope:+.4f}/yr (spread {self.spread:.4f}; by region: {text})")


def calibrate_share(history: pd.DataFrame, origin: int) -> ShareCalibration:
    """Pool the logit slopes of every region's high-tech share points up to ``origin``.

    Raises
    ------
    FitError
        Without two regions with two points each.

    Examples
    --------
    >>> import huaian_forecast as hf
    >>> 0.0 < calibrate_share(hf.load_history(), 2023).slope < 0.1
    True
    """
    rows = history[(history["year"] <= origin) & (history["year"] > origin - WINDOW)]
    pts = _points(rows, "hightech_share", ("exact", "approx", "derived"))
    mean, spread, rates = _pooled_slopes(
        pts, _logit_percent, lambda s: s,
        what=f"high-tech share calibration: regions with two points up to {origin}")
    return ShareCalibration(slope=mean, spread=max(spread, MIN_SHARE_SPREAD), rates=rates)


def _logit_percent(v: np.ndarray) -> np.ndarray:
    p = np.clip(v / 100.0, 1e-6, 1 - 1e-6)
    return np.log(p / (1 - p))


def _pooled_slopes(points: pd.DataFrame, transform: Callable[[np.ndarray], np.ndarray],
                   rate: Callable[[float], float], *, what: str
                   ) -> tuple[float, float, tuple[tuple[str, float, float], ...]]:
    """Pool per-region linear slopes of ``transform(value)`` on the year.

    Each region with two or more point years gives ``rate(slope)`` weighted by the span of
    its years; returns the weighted mean, the weighted spread and the per-region rates
    ``(region, rate, span)``.

    Raises
    ------
    FitError
        With fewer than two such regions (``what`` names the series).
    """
    rates = []
    for region, grp in points.groupby("region"):
        if len(grp) < 2 or grp["year"].max() == grp["year"].min():
            continue
        t = grp["year"].to_numpy(float)
        slope = float(np.polyfit(t, transform(grp["value"].to_numpy(float)), 1)[0])
        rates.append((str(region), float(rate(slope)), float(t.max() - t.min())))
    if len(rates) < 2:
        raise FitError(f"{what}: {len(rates)} found; need 2")
    g = np.array([r[1] for r in rates])
    w = np.array([r[2] for r in rates])
    mean = float(np.sum(w * g) / w.sum())
    return mean, float(np.sqrt(np.sum(w * (g - mean) ** 2) / w.sum())), tuple(rates)
