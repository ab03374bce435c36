"""An origin-year anchor the history has no point for, extrapolated from earlier points."""

from __future__ import annotations

from dataclasses import replace

import pandas as pd

from huaian_forecast.scenarios import Uncertainty
from huaian_forecast.structural._rows import bound, describe
from huaian_forecast.structural._trend import Transform, infer_level, points_by_year

__all__ = ["inferred_anchor"]


def inferred_anchor(base: Uncertainty, rows: pd.DataFrame, origin: int, how: Transform,
                    derived: pd.DataFrame | None = None) -> tuple[Uncertainty, bool] | None:
    """Return the anchor extrapolated from earlier points, truncated at the origin's bounds.

    With one point (and bound) only, ``derived`` points (figures computed from published
    ones, e.g. a stock from its cohorts) join the line, so the level keeps the series'
    growth instead of being carried forward flat.

    Returns
    -------
    tuple of (Uncertainty, bool) or None
        The anchor and whether its level is one earlier point carried forward flat
        (:attr:`~huaian_forecast.structural._trend.Level.carried_forward`); None without
        any earlier point.
    """
    series = points_by_year(rows, origin - 1)
    # bounds published after the last point ("突破 X") are read as approximate values:
    # without them an old point would be carried over years in which the region grew
    last = int(series.index.max()) if series.size else -10_000
    recent = rows[rows["kind"].isin(["lower_bound", "upper_bound"])
                  & (rows["year"] > last) & (rows["year"] < origin)]
    if not recent.empty:
        series = pd.concat([series, recent.groupby("year")["value"].max()]).sort_index()
    if series.size == 1 and derived is not None:  # else carried forward flat
        extra = derived[(derived["year"] < origin) & (derived["value"] > 0)
                        & ~derived["year"].isin(series.index)]
        if not extra.empty:
            series = pd.concat([series, extra.groupby("year")["value"].mean()]).sort_index()
    level = infer_level(series, origin, how)
    if level is None:
        return None
    now = rows[rows["year"] == origin]
    lower, upper = bound(now, "lower_bound"), bound(now, "upper_bound")
    lo = max(level.value - 2 * level.sd, base.bounds[0])
    hi = min(level.value + 2 * level.sd, base.bounds[1])
    lo = max(lo, float(lower["value"])) if lower is not None else lo
    hi = min(hi, float(upper["value"])) if upper is not None else hi
    what = f"inferred for {origin}: {level.how}"
    if not recent.empty:
        what += (" (bounds of " + ", ".join(map(str, sorted(set(recent["year"]))))
                 + " read as approximate values)")
    if lower is not None or upper is not None:
        what += "; truncated at the bounds " + "; ".join(
            describe(r) for r in (lower, upper) if r is not None)
    if hi <= lo or level.sd == 0.0:
        value = min(max(level.value, lo), max(hi, lo))
        return replace(base.pinned(value), source=what, assumption=True,
                       reason="inferred level at a bound of the origin year"), \
            level.carried_forward
    centre = min(max(level.value, lo), hi)
    return replace(base, distribution="normal", default=centre, sd=level.sd, low=lo,
                   high=hi, source=what, assumption=True,
                   reason="no point in the origin year: extrapolated from earlier points "
                          "with the line's prediction error"), level.carried_forward
