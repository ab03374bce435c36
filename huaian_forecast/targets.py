"""Targets and the reachability assessment: ``assess(projection, targets)``."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from huaian_forecast.indicators import get_indicator
from huaian_forecast.simulation import Projection

__all__ = ["ASSESS_COLUMNS", "Target", "assess", "targets_from_frame"]

Direction = Literal["at_least", "at_most"]

#: Columns of the table returned by :func:`assess`, in order.
ASSESS_COLUMNS: tuple[str, ...] = (
    "indicator", "year", "threshold", "direction", "p_reach", "p_reach_se",
    "q10", "median", "q90", "note",
)


@dataclass(frozen=True, slots=True, kw_only=True)
class Target:
    """A policy target: ``indicator`` reaches ``threshold`` in ``year``.

    Parameters
    ----------
    indicator : str
        Indicator key (aliases are resolved).
    year : int
        Target year.
    threshold : float
        Threshold in the indicator's published unit.
    direction : {"at_least", "at_most"}
        Whether the value must be at least or at most the threshold (inclusive).
    source : str
        Where the target comes from.
    """

    indicator: str
    year: int
    threshold: float
    direction: Direction = "at_least"
    source: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "indicator", get_indicator(self.indicator).key)
        if self.direction not in ("at_least", "at_most"):
            raise ValueError(f"direction must be 'at_least' or 'at_most', got {self.direction!r}")
        if not np.isfinite(self.threshold):
            raise ValueError(f"threshold must be finite, got {self.threshold}")

    def met(self, values: np.ndarray) -> np.ndarray:
        """Boolean array: where ``values`` meet the target."""
        if self.direction == "at_least":
            return values >= self.threshold
        return values <= self.threshold


def targets_from_frame(frame: pd.DataFrame) -> list[Target]:
    """Convert a targets table (see :func:`~huaian_forecast.load_targets`) to targets."""
    return [Target(indicator=r.indicator, year=int(r.year), threshold=float(r.threshold),
                   direction=r.direction, source=str(getattr(r, "source", "")))
            for r in frame.itertuples(index=False)]


def assess(projection: Projection, targets: pd.DataFrame | Iterable[Target]) -> pd.DataFrame:
    """Probability of reaching each target, with quantiles of the projected value.

    Parameters
    ----------
    projection : Projection
        Simulated paths.
    targets : DataFrame or iterable of Target
        The targets; a DataFrame as returned by :func:`~huaian_forecast.load_targets`.

    Returns
    -------
    pandas.DataFrame
        One row per target, columns :data:`ASSESS_COLUMNS`. ``p_reach_se`` is the Monte
        Carlo standard error ``sqrt(p (1 - p) / n_paths)``. Targets whose indicator or
        year is not simulated get NaN and a ``note``; a missed target is a row, never an
        exception.
    """
    items = targets_from_frame(targets) if isinstance(targets, pd.DataFrame) else list(targets)
    years = list(projection.years)
    rows = []
    for t in items:
        row: dict[str, object] = {"indicator": t.indicator, "year": t.year,
                                  "threshold": t.threshold, "direction": t.direction}
        if t.indicator not in projection.arrays:
            rows.append({**row, "note": "not modelled"})
            continue
        if t.year not in years:
            rows.append({**row, "note": f"year outside {years[0]}-{years[-1]}"})
            continue
        col = projection.paths(t.indicator)[:, years.index(t.year)]
        p = float(t.met(col).mean())
        q10, q50, q90 = np.quantile(col, [0.1, 0.5, 0.9])
        rows.append({**row, "p_reach": p, "p_reach_se": float(np.sqrt(p * (1 - p) / col.size)),
                     "q10": float(q10), "median": float(q50), "q90": float(q90), "note": ""})
    return pd.DataFrame(rows, columns=list(ASSESS_COLUMNS))
