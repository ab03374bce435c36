"""Anchors of the structural models taken from the history table (the planner's own data).

Rules (region's rows only; ``exact`` and ``approx`` are *points*, ``lower_bound`` /
``upper_bound`` are *bounds*, ``derived`` rows are not used):

- **2023 anchors** (``rd_spend_2023``, ``rd_intensity_2023``, ``hte_count_2023``,
  ``hightech_share_2023``, ``key_labs_2023``): an exact point fixes the anchor on every
  path; an approx point becomes a normal around it with the relative s.d. of
  :data:`~huaian_forecast.growth.OBSERVATION_NOISE` (by confidence), truncated at
  +-2 s.d. and at any bound of the same year; bounds alone replace the matching end of the
  registry's assumed distribution (the other end stays an assumption; when the bound lies
  beyond the assumed range the range is shifted to start at it). Without any row the
  registry default is used and a note says so.
- **GDP 2023**: a point in the history is the GDP anchor; R&D spend then comes from a
  spend point, else from an intensity point times GDP, else from the spend anchor. Without a
  GDP point GDP is derived per path as spend / intensity (as before).
- **Consistency**: when exact R&D spend, GDP and intensity are all given for one year and
  ``100 * spend / gdp`` differs from the intensity by more than 0.05 percentage points
  (rounding of a one-decimal figure), :class:`~huaian_forecast.exceptions.DataError` names
  the three rows; a disagreement involving approx values is only noted.
- **Cohort growth**: two or more stock points in 2019-2023 fix ``hte_cohort_growth`` at the
  log-linear slope of the stock (geometric cohorts make the stock grow at the cohort rate).
- **Later years**: points after 2023 are imposed on every path in their year (the state is
  set to the observation, approx ones with their noise) and the models continue from there;
  bounds after 2023 are listed in the notes, not imposed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType

import numpy as np
import pandas as pd

from huaian_forecast.exceptions import DataError
from huaian_forecast.growth import OBSERVATION_NOISE
from huaian_forecast.scenarios import UNCERTAINTIES, Uncertainty

__all__ = ["ANCHOR_KEYS", "OBSERVED_INDICATORS", "Anchors", "anchors_from_history"]

#: Indicator -> anchor uncertainty of the registry (the 2023 levels).
ANCHOR_KEYS: Mapping[str, str] = MappingProxyType({
    "rd_spend": "rd_spend_2023", "rd_intensity": "rd_intensity_2023",
    "hte_count": "hte_count_2023", "hightech_share": "hightech_share_2023",
    "key_labs": "key_labs_2023",
})
#: Indicators whose later observations are imposed, in the (fixed) order of their noise.
OBSERVED_INDICATORS: tuple[str, ...] = (
    "rd_spend", "gdp", "rd_intensity", "hte_count", "hightech_share", "key_labs")

_YEAR = 2023
_POINTS = ("exact", "approx")
_TOLERANCE = 0.05  # percentage points: rounding of a one-decimal intensity
_COHORT_WINDOW = 4  # stock points from _YEAR - 4 .. _YEAR estimate the cohort growth


@dataclass(frozen=True, slots=True, kw_only=True)
class Anchors:
    """Where the structural models start, as read from a history table.

    Parameters
    ----------
    uncertainties : Mapping[str, Uncertainty]
        Anchor uncertainties replaced by data (keys of the registry); others keep theirs.
    gdp : Uncertainty or None
        Nominal GDP 2023 from the data (None: derived per path as spend / intensity).
    spend_from_intensity : bool
        With a GDP point: R&D spend 2023 = intensity point x GDP (no spend point).
    later : Mapping[str, tuple[tuple[int, float, float], ...]]
        Per indicator of :data:`OBSERVED_INDICATORS` the points after 2023 as
        ``(year, value, relative s.d.)``.
    sources : Mapping[str, str]
        Per anchor where it came from: the data row, or ``"assumption (registry ...)"``.
    notes : tuple of str
        Statements for the manifest.
    """

    uncertainties: Mapping[str, Uncertainty] = field(default_factory=dict)
    gdp: Uncertainty | None = None
    spend_from_intensity: bool = False
    later: Mapping[str, tuple[tuple[int, float, float], ...]] = field(default_factory=dict)
    sources: Mapping[str, str] = field(default_factory=dict)
    notes: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        bad = [k for k in self.uncertainties if k not in UNCERTAINTIES]
        if bad:
            raise ValueError(f"unknown anchor uncertainties {bad}")
        bad = [k for k in self.later if k not in OBSERVED_INDICATORS]
        if bad:
            raise ValueError(f"later observations of {bad}; valid: {OBSERVED_INDICATORS}")

    def observed(self, years: np.ndarray, z: np.ndarray) -> dict[str, np.ndarray]:
        """Per-path observations ``(n_paths, len(years))`` (NaN where none) from noise ``z``.

        ``z`` is ``(len(OBSERVED_INDICATORS), n_paths, len(years))`` standard normals (drawn
        whether or not anything is observed); an approx value ``v`` with relative s.d. ``s``
        becomes ``v (1 + s clip(z, -2, 2))``.
        """
        years = np.asarray(years, dtype=int)
        out = {}
        for row, key in enumerate(OBSERVED_INDICATORS):
            arr = np.full(z.shape[1:], np.nan)
            for year, value, sd in self.later.get(key, ()):
                if years[0] <= year <= years[-1]:
                    col = year - years[0]
                    arr[:, col] = value * (1.0 + sd * np.clip(z[row, :, col], -2.0, 2.0))
            if key in ("hte_count", "key_labs"):
                arr = np.rint(arr)
            out[key] = arr
        return out


def _describe(row: pd.Series) -> str:
    return (f"data: {row['region']} {row['indicator']} {int(row['year'])} {row['kind']} "
            f"{float(row['value']):g} ({row['source']})")


def _noise(row: pd.Series) -> float:
    if row["kind"] == "exact":
        return 0.0
    return OBSERVATION_NOISE.get(("approx", str(row["confidence"])), 0.05)


def _point(rows: pd.DataFrame) -> pd.Series | None:
    pts = rows[rows["kind"].isin(_POINTS)]
    if pts.empty:
        return None
    return pts.assign(_rank=pts["kind"].map({"exact": 0, "approx": 1})).sort_values(
        "_rank", kind="stable").iloc[0]


def _bound(rows: pd.DataFrame, kind: str) -> pd.Series | None:
    hit = rows[rows["kind"] == kind]
    if hit.empty:
        return None
    return hit.loc[hit["value"].idxmax() if kind == "lower_bound" else hit["value"].idxmin()]


def _from_point(base: Uncertainty, row: pd.Series, lo: float, hi: float) -> Uncertainty:
    v, rel = float(row["value"]), _noise(row)
    if rel == 0.0 or v == 0.0:
        return replace(base.pinned(v), assumption=False, reason="", source=_describe(row))
    sd = rel * abs(v)
    low, high = max(v - 2 * sd, lo, base.bounds[0]), min(v + 2 * sd, hi, base.bounds[1])
    if not low <= v <= high:
        return replace(base.pinned(min(max(v, low), high)), source=_describe(row),
                       assumption=True, reason="approx value outside its published bounds; "
                                               "set to the nearest bound")
    return replace(base, distribution="normal", default=v, sd=sd, low=low, high=high,
                   source=_describe(row), assumption=True,
                   reason=f"approx value with relative s.d. {rel:.0%} (assumed observation "
                          "noise by confidence)")


def _from_bounds(base: Uncertainty, lower: pd.Series | None,
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
                   source="; ".join(_describe(r) for r in rows),
                   reason=f"{ends} from the data; the rest of the distribution "
                          f"is assumed ({base.reason})")


def _anchor(base: Uncertainty, rows: pd.DataFrame) -> Uncertainty | None:
    lower, upper = _bound(rows, "lower_bound"), _bound(rows, "upper_bound")
    point = _point(rows)
    try:
        if point is not None:
            lo = -np.inf if lower is None else float(lower["value"])
            hi = np.inf if upper is None else float(upper["value"])
            return _from_point(base, point, lo, hi)
        if lower is not None or upper is not None:
            return _from_bounds(base, lower, upper)
    except ValueError as exc:
        raise DataError(f"history rows for {base.key}: {exc}") from None
    return None


def _gdp_anchor(rows: pd.DataFrame) -> Uncertainty | None:
    point = _point(rows)
    if point is None:
        return None
    base = Uncertainty(key="gdp_2023", name_zh="2023年地区生产总值", name_en="GDP 2023",
                       unit="100m_cny", distribution="fixed", low=float(point["value"]),
                       default=float(point["value"]), high=float(point["value"]),
                       bounds=(0.0, np.inf), source=_describe(point))
    return _from_point(base, point, -np.inf, np.inf)


def _check_consistency(rows: pd.DataFrame) -> list[str]:
    """Raise for exact spend, GDP and intensity that disagree; note approx disagreements."""
    notes = []
    pts = rows[rows["kind"].isin(_POINTS)
               & rows["indicator"].isin(["rd_spend", "gdp", "rd_intensity"])]
    for year, grp in pts.groupby("year"):
        got = {str(k): _point(g) for k, g in grp.groupby("indicator")}
        spend, gdp, inten = got.get("rd_spend"), got.get("gdp"), got.get("rd_intensity")
        if spend is None or gdp is None or inten is None:
            continue
        implied = 100.0 * float(spend["value"]) / float(gdp["value"])
        if abs(implied - float(inten["value"])) <= _TOLERANCE + 1e-9:
            continue
        text = (f"{year}: rd_spend {float(spend['value']):g} / gdp {float(gdp['value']):g} "
                f"= {implied:.2f} % but rd_intensity is {float(inten['value']):g} % "
                f"(rows: {_describe(spend)}; {_describe(gdp)}; {_describe(inten)})")
        if all(r["kind"] == "exact" for r in (spend, gdp, inten)):
            raise DataError(f"inconsistent history {text}; correct one of the rows or "
                            "mark it approx")
        notes.append(f"inconsistent approx values {text}; spend and GDP are used")
    return notes


def _cohort_growth(rows: pd.DataFrame) -> tuple[Uncertainty, str] | None:
    pts = rows[rows["kind"].isin(_POINTS) & (rows["year"] >= _YEAR - _COHORT_WINDOW)
               & (rows["year"] <= _YEAR) & (rows["value"] > 0)]
    by_year = pts.groupby("year")["value"].last()
    if by_year.size < 2:
        return None
    slope = np.polyfit(by_year.index.to_numpy(float), np.log(by_year.to_numpy(float)), 1)[0]
    base = UNCERTAINTIES["hte_cohort_growth"]
    pct = float(np.clip(100.0 * np.expm1(slope), *base.bounds))
    years = ", ".join(str(int(y)) for y in by_year.index)
    source = (f"data: hte_count points {years}: log-linear stock growth {pct:.1f} %/yr "
              "(geometric cohorts grow at the stock's rate)")
    return replace(base.pinned(pct), source=source, assumption=False, reason=""), source


def _later(rows: pd.DataFrame) -> tuple[dict[str, tuple[tuple[int, float, float], ...]],
                                        list[str]]:
    later, notes = {}, []
    after = rows[(rows["year"] > _YEAR) & rows["indicator"].isin(OBSERVED_INDICATORS)]
    for key, grp in after.groupby("indicator"):
        pts = [_point(g) for _, g in grp.groupby("year")]
        obs = tuple((int(p["year"]), float(p["value"]), _noise(p)) for p in pts
                    if p is not None)
        if obs:
            later[str(key)] = obs
            notes.append(f"{key} observed in {', '.join(str(o[0]) for o in obs)}: imposed "
                         "on every path in those years, the model continues from them")
        bounds = grp[~grp["kind"].isin(_POINTS)]
        if not bounds.empty:
            notes.append(f"{key} bounds after {_YEAR} ({', '.join(map(str, bounds['year']))}) "
                         "are not imposed on the paths; compare them with the quantiles")
    return later, notes


def anchors_from_history(history: pd.DataFrame, region: str = "Huai'an") -> Anchors:
    """Read the structural models' anchors from a history table (see the module rules).

    Parameters
    ----------
    history : pandas.DataFrame
        Long observation table (:func:`huaian_forecast.load_history`).
    region : str
        Region whose rows are used.

    Returns
    -------
    Anchors

    Raises
    ------
    DataError
        For exact R&D spend, GDP and intensity of one year that disagree, or bounds that
        cannot hold an anchor.

    Examples
    --------
    >>> import huaian_forecast as hf
    >>> a = anchors_from_history(hf.load_history())
    >>> a.uncertainties["hte_count_2023"].default, a.gdp is None
    (768.0, True)
    """
    rows = history[history["region"] == region]
    now = rows[rows["year"] == _YEAR]
    gdp = _gdp_anchor(now[now["indicator"] == "gdp"])
    spend_point = _point(now[now["indicator"] == "rd_spend"]) is not None
    inten_point = _point(now[now["indicator"] == "rd_intensity"]) is not None
    from_intensity = gdp is not None and not spend_point and inten_point
    uncs: dict[str, Uncertainty] = {}
    sources: dict[str, str] = {"gdp_2023": gdp.source if gdp is not None else (
        "derived per path: rd_spend_2023 / rd_intensity_2023 (no GDP point for 2023)")}
    if gdp is not None:  # two of spend, intensity and GDP fix the third
        derived = "rd_spend_2023" if from_intensity else "rd_intensity_2023"
        sources[derived] = ("derived per path: rd_intensity_2023 x gdp_2023" if from_intensity
                            else "derived per path: rd_spend_2023 / gdp_2023")
    notes = _check_consistency(rows)
    for indicator, key in ANCHOR_KEYS.items():
        if key in sources:
            continue
        unc = _anchor(UNCERTAINTIES[key], now[now["indicator"] == indicator])
        if unc is None:
            earlier = rows[(rows["indicator"] == indicator) & (rows["year"] < _YEAR)]
            seen = (f" (its latest row, {int(earlier['year'].max())}, is before the "
                    f"{_YEAR} start)" if not earlier.empty else "")
            sources[key] = f"assumption (registry default: {UNCERTAINTIES[key].source})"
            notes.append(f"anchor {key}: no {region} {indicator} row for {_YEAR} in the "
                         f"history{seen}; the registry's distribution is used")
        else:
            uncs[key], sources[key] = unc, unc.source
    growth = _cohort_growth(rows[rows["indicator"] == "hte_count"])
    if growth is not None:
        uncs["hte_cohort_growth"], sources["hte_cohort_growth"] = growth
    else:
        sources["hte_cohort_growth"] = "assumption (fewer than two stock points 2019-2023)"
    later, later_notes = _later(rows)
    return Anchors(uncertainties=uncs, gdp=gdp, spend_from_intensity=from_intensity,
                   later=later, sources=sources, notes=(*notes, *later_notes))
