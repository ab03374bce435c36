"""One region's series of one indicator, ready for the likelihood; model scales.

A :class:`Series` keeps every usable row of the observation table: *points* (``exact``,
``approx``, ``derived``) and *bounds* (``lower_bound``, ``upper_bound``, censored), each with
an extra observation-noise level that depends on how it was published
(:data:`OBSERVATION_NOISE`). A :class:`Scale` maps published values to the scale a model
works on: log for positive levels, counts and ratios, logit for shares, identity for the
linear trend.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import pandas as pd

from huaian_forecast.exceptions import DataError, FitError
from huaian_forecast.indicators import IndicatorKind, get_indicator

__all__ = ["OBSERVATION_NOISE", "Scale", "ScaleName", "Series", "prepare_series", "scale_for"]

ScaleName = Literal["log", "logit", "identity"]

#: Extra observation noise (relative s.d., fraction of the value) by ``(kind, confidence)``.
#: ASSUMPTION, not estimated: a published "左右" figure is treated as within about +-2 %
#: (medium confidence), a derived figure (arithmetic on statements) within +-5-10 %; exact
#: figures of low confidence (reposts, promotional pages) within +-2 %. Bounds use the
#: ``exact`` row of their confidence. Range worth testing: half to twice these values.
OBSERVATION_NOISE: dict[tuple[str, str], float] = {
    ("exact", "high"): 0.0, ("exact", "medium"): 0.005, ("exact", "low"): 0.02,
    ("approx", "high"): 0.01, ("approx", "medium"): 0.02, ("approx", "low"): 0.05,
    ("derived", "high"): 0.03, ("derived", "medium"): 0.05, ("derived", "low"): 0.10,
}
_POINT_KINDS = ("exact", "approx", "derived")
_BOUND_KINDS = {"lower_bound": 1, "upper_bound": -1}
_SHARE_EPS = 0.05  # percent: shares at 0 or 100 are moved this far inside (logit finite)
_COUNT_FLOOR = 0.5  # a zero count is read as 0.5 on the log scale


@dataclass(frozen=True, slots=True)
class Scale:
    """A monotone map from published values ``y`` to a model scale ``z``.

    Parameters
    ----------
    name : {"log", "logit", "identity"}
        ``log``: ``z = log y``; ``logit``: ``z = log(p / (1 - p))`` with ``p = y / 100``;
        ``identity``: ``z = y``.
    """

    name: ScaleName

    def forward(self, y: np.ndarray) -> np.ndarray:
        """Map published values to the model scale."""
        y = np.asarray(y, dtype=float)
        if self.name == "log":
            return np.log(y)
        if self.name == "logit":
            p = y / 100.0
            return np.log(p / (1.0 - p))
        return y

    def inverse(self, z: np.ndarray) -> np.ndarray:
        """Map the model scale back to published values (clipped so always finite)."""
        z = np.asarray(z, dtype=float)
        if self.name == "log":
            return np.exp(np.clip(z, -50.0, 50.0))
        if self.name == "logit":
            return 100.0 / (1.0 + np.exp(-np.clip(z, -40.0, 40.0)))
        return z

    def log_jacobian(self, y: np.ndarray) -> np.ndarray:
        """``log |dz/dy|``, to compare likelihoods of models on different scales."""
        y = np.asarray(y, dtype=float)
        if self.name == "log":
            return -np.log(y)
        if self.name == "logit":
            p = y / 100.0
            return -np.log(100.0 * p * (1.0 - p))
        return np.zeros_like(y)

    def noise_sd(self, y: np.ndarray, rel_sd: np.ndarray) -> np.ndarray:
        """Convert a relative s.d. of ``y`` to an s.d. on this scale (delta method)."""
        y = np.asarray(y, dtype=float)
        if self.name == "log":
            return np.asarray(rel_sd, dtype=float)
        if self.name == "logit":
            return rel_sd / (1.0 - y / 100.0)
        return rel_sd * np.abs(y)


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class Series:
    """The usable observations of one indicator in one region, sorted by year.

    Parameters
    ----------
    indicator, region : str
        What and where.
    kind : {"level", "share", "count", "ratio"}
        The indicator's kind.
    years, values : numpy.ndarray
        Calendar years and published values (floats).
    censor : numpy.ndarray
        ``0`` for a point, ``1`` for a lower bound (true value >= value), ``-1`` for an
        upper bound.
    rel_sd : numpy.ndarray
        Extra observation noise (relative s.d.) of each row, from :data:`OBSERVATION_NOISE`.
    lower, upper : float
        Valid range of the indicator.
    notes : tuple of str
        Adjustments made while preparing the rows.
    """

    indicator: str
    region: str
    kind: IndicatorKind
    years: np.ndarray
    values: np.ndarray
    censor: np.ndarray
    rel_sd: np.ndarray
    lower: float = 0.0
    upper: float = float("inf")
    notes: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        n = self.years.size
        if not (self.values.size == self.censor.size == self.rel_sd.size == n):
            raise ValueError("years, values, censor and rel_sd must have the same length")
        if n and not np.all(np.isfinite(self.values)):
            raise ValueError("values must be finite")

    @property
    def is_point(self) -> np.ndarray:
        """Boolean mask of point observations."""
        return self.censor == 0

    @property
    def n_points(self) -> int:
        """Number of point observations."""
        return int(self.is_point.sum())

    @property
    def n_obs(self) -> int:
        """Number of observations, points and bounds."""
        return int(self.years.size)

    @property
    def n_years(self) -> int:
        """Number of distinct years with an observation (point or bound)."""
        return int(np.unique(self.years).size)

    @property
    def anchor_year(self) -> float:
        """Year of the last point observation (the forecast origin)."""
        return float(self.years[self.is_point].max())

    def subset(self, mask: np.ndarray) -> Series:
        """Rows selected by a boolean mask (e.g. a backtest training window)."""
        return Series(indicator=self.indicator, region=self.region, kind=self.kind,
                      years=self.years[mask], values=self.values[mask],
                      censor=self.censor[mask], rel_sd=self.rel_sd[mask],
                      lower=self.lower, upper=self.upper, notes=self.notes)


def scale_for(kind: IndicatorKind) -> Scale:
    """Model scale of the growth families for an indicator kind (logit for shares)."""
    return Scale("logit" if kind == "share" else "log")


def _clean_values(values: np.ndarray, kind: IndicatorKind, label: str,
                  notes: list[str]) -> np.ndarray:
    values = values.astype(float).copy()
    if kind == "share":
        inside = np.clip(values, _SHARE_EPS, 100.0 - _SHARE_EPS)
        if np.any(inside != values):
            notes.append(f"{label}: shares at 0 or 100 % moved {_SHARE_EPS} points inside")
        return inside
    if kind == "count" and np.any(values <= 0):
        notes.append(f"{label}: zero counts read as {_COUNT_FLOOR} on the log scale")
        return np.maximum(values, _COUNT_FLOOR)
    if np.any(values <= 0):
        raise FitError(f"{label}: growth models need positive values; got "
                       f"{values[values <= 0].tolist()}")
    return values


def prepare_series(history: pd.DataFrame, *, indicator: str, region: str) -> Series:
    """Select and prepare the rows of ``history`` for one indicator and region.

    Parameters
    ----------
    history : pandas.DataFrame
        Observation table (see :func:`huaian_forecast.load_history`); needs the columns
        ``region, indicator, year, value, kind``; ``confidence`` is optional (default
        ``medium``). The frame is not modified.
    indicator : str
        Indicator key or alias.
    region : str
        Region name as in the table.

    Returns
    -------
    Series

    Raises
    ------
    DataError
        If a column is missing, a value is missing (NaN) or a row has an unknown ``kind``.
    FitError
        If a value cannot be put on the model scale (non-positive level).
    """
    ind = get_indicator(indicator)
    missing = {"region", "indicator", "year", "value", "kind"} - set(history.columns)
    if missing:
        raise DataError(f"history table lacks column(s) {sorted(missing)}")
    rows = history[(history["region"] == region) & (history["indicator"] == ind.key)]
    missing_value = rows["value"].isna().to_numpy()
    if missing_value.any():
        raise DataError(f"{ind.key} / {region}: value missing (NaN) in year(s) "
                        f"{sorted(rows['year'][missing_value].tolist())}; drop those rows or "
                        "fill them in (a missing year needs no row)")
    kinds = rows["kind"].astype(str).to_numpy()
    unknown = sorted(set(kinds) - set(_POINT_KINDS) - set(_BOUND_KINDS))
    if unknown:
        raise DataError(f"{ind.key} / {region}: unknown kind(s) {unknown}; valid: "
                        f"{[*_POINT_KINDS, *_BOUND_KINDS]}")
    if "confidence" in rows.columns:
        conf = rows["confidence"].fillna("medium").astype(str).to_numpy()
    else:
        conf = np.full(kinds.size, "medium")
    noise_kind = np.where(np.isin(kinds, _POINT_KINDS), kinds, "exact")
    rel_sd = np.array([OBSERVATION_NOISE.get((k, c), OBSERVATION_NOISE[(k, "low")])
                       for k, c in zip(noise_kind, conf, strict=True)], dtype=float)
    censor = np.array([_BOUND_KINDS.get(k, 0) for k in kinds], dtype=np.int8)
    notes: list[str] = []
    values = _clean_values(rows["value"].to_numpy(dtype=float), ind.kind,
                           f"{ind.key} / {region}", notes)
    years = rows["year"].to_numpy(dtype=float)
    first = np.lexsort((rel_sd, values, censor, years))  # input row order never matters
    years, values, censor, rel_sd = _merge_duplicate_points(
        years[first], values[first], censor[first], rel_sd[first])
    order = np.lexsort((rel_sd, values, censor, years))
    return Series(indicator=ind.key, region=region, kind=ind.kind, years=years[order],
                  values=values[order], censor=censor[order], rel_sd=rel_sd[order],
                  lower=ind.lower, upper=ind.upper, notes=tuple(notes))


def _merge_duplicate_points(
    years: np.ndarray, values: np.ndarray, censor: np.ndarray, rel_sd: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Average point observations of the same year (noise s.d. shrinks by sqrt(count))."""
    point = censor == 0
    uniq, inverse, counts = np.unique(years[point], return_inverse=True, return_counts=True)
    if uniq.size == point.sum():
        return years, values, censor, rel_sd
    mean_value = np.bincount(inverse, weights=values[point]) / counts
    mean_sd = np.bincount(inverse, weights=rel_sd[point]) / counts / np.sqrt(counts)
    keep = ~point
    return (np.concatenate([uniq, years[keep]]), np.concatenate([mean_value, values[keep]]),
            np.concatenate([np.zeros(uniq.size, np.int8), censor[keep]]),
            np.concatenate([mean_sd, rel_sd[keep]]))
