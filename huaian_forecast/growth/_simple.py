"""PLACEHOLDER trend model: a straight line on a transformed scale.

This is the foundation's stand-in, replaced by the ensemble of the growth-model issue. It
fits ``z(y) = a + b * year`` by least squares on the usable (non-bound) points, where
``z`` is log for levels, counts and ratios and logit for shares; with fewer than two
Huai'an points it borrows the slope ``b`` from a reference region and anchors at the last
Huai'an value. Bounds are *ignored* here (the ensemble treats them as censored).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from huaian_forecast.exceptions import FitError
from huaian_forecast.indicators import get_indicator

__all__ = ["GrowthFit", "fit_growth"]

_USABLE = ("exact", "approx", "derived")
_DEFAULT_REFERENCES = ("Jiangsu", "Subei")
_MIN_SIGMA = 0.03  # floor on the annual innovation s.d. on the transformed scale (assumption)


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class GrowthFit:
    """A fitted trend on the transformed scale, able to draw paths in published units."""

    indicator: str
    region: str
    anchor_year: int
    anchor_z: float
    slope: float
    slope_se: float
    sigma: float
    n_points: int
    slope_source: str
    notes: tuple[str, ...] = field(default=())

    def _to_unit(self, z: np.ndarray) -> np.ndarray:
        ind = get_indicator(self.indicator)
        if ind.kind == "share":
            return 100.0 / (1.0 + np.exp(-z))
        out = np.exp(z)
        return np.round(out) if ind.is_integer else out

    def predict(self, years: np.ndarray | list[int]) -> np.ndarray:
        """Return the central trend at ``years`` in published units."""
        h = np.asarray(years, dtype=float) - self.anchor_year
        return self._to_unit(self.anchor_z + self.slope * h)

    def draw(self, years: np.ndarray | list[int], *, n_paths: int = 10_000,
             seed: np.random.Generator | int | None = None) -> np.ndarray:
        """Draw ``(n_paths, len(years))`` paths: uncertain slope plus a random walk."""
        rng = np.random.default_rng(seed)
        years = np.asarray(years, dtype=int)
        h = np.maximum(years - self.anchor_year, 0).astype(float)
        slope = self.slope + self.slope_se * rng.standard_normal((n_paths, 1))
        steps = rng.standard_normal((n_paths, int(h.max()) if h.size else 0)) * self.sigma
        walk = np.concatenate([np.zeros((n_paths, 1)), np.cumsum(steps, axis=1)], axis=1)
        z = self.anchor_z + slope * h + walk[:, h.astype(int)]
        return self._to_unit(z)

    def summary(self) -> pd.DataFrame:
        """One-row table describing the fit."""
        return pd.DataFrame([{
            "indicator": self.indicator, "region": self.region, "model": "trend (placeholder)",
            "n_points": self.n_points, "slope": self.slope, "slope_se": self.slope_se,
            "sigma": self.sigma, "slope_source": self.slope_source,
        }])


def _transform(values: np.ndarray, kind: str) -> np.ndarray:
    if kind == "share":
        p = np.clip(values / 100.0, 1e-6, 1 - 1e-6)
        return np.log(p / (1 - p))
    return np.log(np.maximum(values, 1e-9))


def _line(years: np.ndarray, z: np.ndarray) -> tuple[float, float, float, float]:
    """Least-squares line; returns intercept at last year, slope, slope s.e., sigma."""
    x = years - years.max()
    design = np.column_stack([np.ones_like(x), x])
    coef, *_ = np.linalg.lstsq(design, z, rcond=None)
    resid = z - design @ coef
    dof = max(len(z) - 2, 1)
    sigma = max(float(np.sqrt(resid @ resid / dof)), _MIN_SIGMA)
    sxx = float(((x - x.mean()) ** 2).sum())
    slope_se = sigma / np.sqrt(sxx) if sxx > 0 else sigma
    return float(coef[0]), float(coef[1]), float(slope_se), sigma


def _points(history: pd.DataFrame, indicator: str, region: str) -> pd.DataFrame:
    rows = history[(history["indicator"] == indicator) & (history["region"] == region)
                   & history["kind"].isin(_USABLE)]
    return rows.groupby("year", as_index=False)["value"].mean().sort_values("year")


def fit_growth(history: pd.DataFrame, *, indicator: str, region: str = "Huai'an",
               references: tuple[str, ...] = _DEFAULT_REFERENCES) -> GrowthFit:
    """Fit the placeholder trend to one region's series of one indicator.

    Raises
    ------
    FitError
        If the region has no usable point, or has one and no reference region has two.
    """
    ind = get_indicator(indicator)
    own = _points(history, ind.key, region)
    if own.empty:
        raise FitError(f"no usable {ind.key} observation for {region}")
    z = _transform(own["value"].to_numpy(float), ind.kind)
    years = own["year"].to_numpy(float)
    if len(own) >= 2:
        anchor, slope, se, sigma = _line(years, z)
        source, notes = region, tuple[str, ...]()
    else:
        for ref in references:
            pts = _points(history, ind.key, ref)
            if len(pts) >= 2:
                zr = _transform(pts["value"].to_numpy(float), ind.kind)
                _, slope, se, sigma = _line(pts["year"].to_numpy(float), zr)
                anchor, source = float(z[-1]), ref
                notes = (f"{region} has 1 usable {ind.key} point; slope borrowed from {ref}",)
                break
        else:
            raise FitError(f"{region} has only {len(own)} usable {ind.key} point(s) and no "
                           f"reference region ({', '.join(references)}) has two")
    return GrowthFit(indicator=ind.key, region=region, anchor_year=int(years.max()),
                     anchor_z=anchor, slope=slope, slope_se=se, sigma=sigma,
                     n_points=len(own), slope_source=source, notes=notes)
