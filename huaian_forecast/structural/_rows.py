"""Reading one anchor from a region's rows: points, bounds, consistency, later points.

Private to :mod:`huaian_forecast.structural` (used by :mod:`.anchors`). ``exact`` and
``approx`` rows are *points*, ``lower_bound`` / ``upper_bound`` rows *bounds*.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pandas as pd

from huaian_forecast.exceptions import DataError
from huaian_forecast.growth import OBSERVATION_NOISE
from huaian_forecast.scenarios import Uncertainty

__all__ = ["OBSERVED_INDICATORS", "anchor", "bound", "check_consistency", "describe",
           "from_bounds", "from_point", "gdp_anchor", "later_points", "noise", "point"]

#: Indicators whose later observations are imposed, in the (fixed) order of their noise.
OBSERVED_INDICATORS: tuple[str, ...] = (
    "rd_spend", "gdp", "rd_intensity", "hte_count", "hightech_share", "key_labs")

_POINTS = ("exact", "approx")
_TOLERANCE = 0.05  # percentage points: rounding of a one-decimal intensity


def describe(row: pd.Series) -> str:
    return (f"data: {row['region']} {row['indicator']} {int(row['year'])} {row['kind']} "
            f"{float(row['value']):g} ({row['source']})")


def noise(row: pd.Series) -> float:
    if row["kind"] == "exact":
        return 0.0
    return OBSERVATION_NOISE.get(("approx", str(row["confidence"])), 0.05)


def point(rows: pd.DataFrame) -> pd.Series | None:
    pts = rows[rows["kind"].isin(_POINTS)]
    if pts.empty:
        return None
    return pts.assign(_rank=pts["kind"].map({"exact": 0, "approx": 1})).sort_values(
        "_rank", kind="stable").iloc[0]


def bound(rows: pd.DataFrame, kind: str) -> pd.Series | None:
    hit = rows[rows["kind"] == kind]
    if hit.empty:
        return None
    return hit.loc[hit["value"].idxmax() if kind == "lower_bound" else hit["value"].idxmin()]


def from_point(base: Uncertainty, row: pd.Series, lo: float, hi: float) -> Uncertainty:
    v, rel = float(row["value"]), noise(row)
    if rel == 0.0 or v == 0.0:
        return replace(base.pinned(v), assumption=False, reason="", source=describe(row))
    sd = rel * abs(v)
    low, high = max(v - 2 * sd, lo, base.bounds[0]), min(v + 2 * sd, hi, base.bounds[1])
    if not low <= v <= high:
        return replace(base.pinned(min(max(v, low), high)), source=describe(row),
                       assumption=True, reason="approx value outside its published bounds; "
                                               "set to the nearest bound")
    return replace(base, distribution="normal", default=v, sd=sd, low=low, high=high,
                   source=describe(row), assumption=True,
                   reason=f"approx value with relative s.d. {rel:.0%} (assumed observation "
                          "noise by confidence)")


def from_bounds(base: Uncertainty, lower: pd.Series | None,
                 upper: pd.Series | None) -> Uncertainty:
    low, mode, high = base.low, base.default, base.high
    if lower is not None:
        lo = float(lower["value"])
        if lo >= high:  # the data lie beyond the assumed range: shift it
            low, mode, high = lo, lo + (mode - low), lo + (high - low)
        low = lo
    if upper is not None:
        up = float(upper["value"])
        if up <= low:
            low, mode, high = up - (high - low), up - (high - mode), up
        high = up
    mode = min(max(mode, low), high)
    rows = [r for r in (lower, upper) if r is not None]
    ends = " and ".join(f"{'lower' if r['kind'] == 'lower_bound' else 'upper'} end"
                        for r in rows)
    return replace(base, low=low, default=mode, high=high,
                   source="; ".join(describe(r) for r in rows),
                   reason=f"{ends} from the data; the rest of the distribution "
                          f"is assumed ({base.reason})")


def anchor(base: Uncertainty, rows: pd.DataFrame) -> Uncertainty | None:
    lower, upper = bound(rows, "lower_bound"), bound(rows, "upper_bound")
    pt = point(rows)
    try:
        if pt is not None:
            lo = -np.inf if lower is None else float(lower["value"])
            hi = np.inf if upper is None else float(upper["value"])
            return from_point(base, pt, lo, hi)
        if lower is not None or upper is not None:
            return from_bounds(base, lower, upper)
    except ValueError as exc:
        raise DataError(f"history rows for {base.key}: {exc}") from None
    return None


def gdp_anchor(rows: pd.DataFrame) -> Uncertainty | None:
    pt = point(rows)
    if pt is None:
        return None
    base = Uncertainty(key="gdp_2023", name_zh="2023年地区生产总值", name_en="GDP 2023",
                       unit="100m_cny", distribution="fixed", low=float(pt["value"]),
                       default=float(pt["value"]), high=float(pt["value"]),
                       bounds=(0.0, np.inf), source=describe(pt))
    return from_point(base, pt, -np.inf, np.inf)


def check_consistency(rows: pd.DataFrame) -> list[str]:
    """Raise for exact spend, GDP and intensity that disagree; note approx disagreements."""
    notes = []
    pts = rows[rows["kind"].isin(_POINTS)
               & rows["indicator"].isin(["rd_spend", "gdp", "rd_intensity"])]
    for year, grp in pts.groupby("year"):
        got = {str(k): point(g) for k, g in grp.groupby("indicator")}
        spend, gdp, inten = got.get("rd_spend"), got.get("gdp"), got.get("rd_intensity")
        if spend is None or gdp is None or inten is None:
            continue
        implied = 100.0 * float(spend["value"]) / float(gdp["value"])
        if abs(implied - float(inten["value"])) <= _TOLERANCE + 1e-9:
            continue
        text = (f"{year}: rd_spend {float(spend['value']):g} / gdp {float(gdp['value']):g} "
                f"= {implied:.2f} % but rd_intensity is {float(inten['value']):g} % "
                f"(rows: {describe(spend)}; {describe(gdp)}; {describe(inten)})")
        if all(r["kind"] == "exact" for r in (spend, gdp, inten)):
            raise DataError(f"inconsistent history {text}; correct one of the rows or "
                            "mark it approx")
        notes.append(f"inconsistent approx values {text}; spend and GDP are used")
    return notes


def later_points(rows: pd.DataFrame, origin: int
                 ) -> tuple[dict[str, tuple[tuple[int, float, float], ...]], list[str]]:
    """Points after ``origin`` per observed indicator, and notes (bounds are not imposed)."""
    later, notes = {}, []
    after = rows[(rows["year"] > origin) & rows["indicator"].isin(OBSERVED_INDICATORS)]
    for key, grp in after.groupby("indicator"):
        pts = [point(g) for _, g in grp.groupby("year")]
        obs = tuple((int(p["year"]), float(p["value"]), noise(p)) for p in pts
                    if p is not None)
        if obs:
            later[str(key)] = obs
            notes.append(f"{key} observed in {', '.join(str(o[0]) for o in obs)}: imposed "
                         "on every path in those years, the model continues from them")
        bounds = grp[~grp["kind"].isin(_POINTS)]
        if not bounds.empty:
            notes.append(f"{key} bounds after {origin} ({', '.join(map(str, bounds['year']))}) "
                         "are not imposed on the paths; compare them with the quantiles")
    return later, notes


