"""The status quo of a region, read from its own history: trends that continue.

The lever and uncertainty registry describes Huai'an in 2023: its organic rates (R&D
growth above GDP, excess growth of high-tech output, cohort growth) exclude the status-quo
levers, which the models add on top (5亿 of new major-project R&D a year, 80 high-tech
projects, 275 first-time applications). That split is an assumption.

Where a region's history carries a trend, the trend *is* the status quo:

- ``rd``: the log slope of R&D intensity (points, or spend / GDP where both are points)
  replaces ``rd_relative_growth`` (normal, s.d. = the slope's standard error) and the s.d.
  of its yearly steps replaces ``rd_volatility``;
- ``output``: the logit slope of the high-tech share replaces ``hightech_relative_growth``
  and its step s.d. ``output_volatility``;
- ``hte``: the log slope of the valid stock replaces ``hte_cohort_growth`` and
  ``hte_flow_growth`` (first-time applications keep growing at the stock's rate, damped by
  ``hte_flow_damping`` each year).

A sub-model whose trend comes from the data counts only lever settings *different* from
the status quo (:attr:`StatusQuo.estimated`); otherwise the registry's split is used. A
trend needs :data:`~huaian_forecast.structural._trend.MIN_TREND_POINTS` points spanning
:data:`~huaian_forecast.structural._trend.MIN_TREND_SPAN` years (the HTE stock also two
points within :data:`_PAIR_SPAN` years, with an s.e. of at least :data:`_PAIR_SE`).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from huaian_forecast.scenarios import UNCERTAINTIES, Uncertainty
from huaian_forecast.structural._trend import (
    Transform,
    Trend,
    estimate_trend,
    points_by_year,
)

__all__ = ["StatusQuo", "status_quo_from_history"]

_COHORT_WINDOW = 4  # two stock points within 4 years pin the cohort growth (registry use)
_PAIR_SPAN = 12  # two HTE stock points within 12 years give a trend elsewhere
_PAIR_SE = 0.05  # floor of the s.e. of a two-point HTE slope (per year)


@dataclass(frozen=True, slots=True, kw_only=True)
class StatusQuo:
    """Status-quo trends read from a region's history.

    Parameters
    ----------
    estimated : frozenset of str
        Sub-models (``rd``, ``output``, ``hte``) whose status quo is the data's trend.
    uncertainties : Mapping[str, Uncertainty]
        Registry uncertainties replaced by the estimates.
    sources, notes : Mapping[str, str], tuple of str
        Where each estimate came from; statements for the manifest.
    """

    estimated: frozenset[str] = frozenset()
    uncertainties: Mapping[str, Uncertainty] = field(default_factory=dict)
    sources: Mapping[str, str] = field(default_factory=dict)
    notes: tuple[str, ...] = ()


def _normal(key: str, mean: float, sd: float, source: str) -> Uncertainty:
    base = UNCERTAINTIES[key]
    sd = max(sd, 1e-6)
    lo = max(mean - 2.5 * sd, base.bounds[0])
    hi = min(mean + 2.5 * sd, base.bounds[1])
    mean = min(max(mean, lo), hi)
    return replace(base, distribution="normal", default=mean, sd=sd, low=lo, high=hi,
                   source=source, assumption=False, reason="")


def _fixed(key: str, value: float, source: str) -> Uncertainty:
    base = UNCERTAINTIES[key]
    value = float(np.clip(value, *base.bounds))
    return replace(base.pinned(value), source=source, assumption=False, reason="")


def _intensity_series(rows: pd.DataFrame, origin: int) -> pd.Series:
    """R&D intensity points, completed by 100 spend / GDP where both are points."""
    by = {k: points_by_year(rows[rows["indicator"] == k], origin)
          for k in ("rd_intensity", "rd_spend", "gdp")}
    implied = (100.0 * by["rd_spend"] / by["gdp"]).dropna()
    return by["rd_intensity"].combine_first(implied)


def _trend_rates(trend: Trend, growth_key: str, vol_key: str, what: str,
                 how: Transform) -> dict[str, Uncertainty]:
    text = trend.describe(f"data: {what} ({how} scale)")
    return {growth_key: _normal(growth_key, 100.0 * float(np.expm1(trend.slope)),
                                100.0 * trend.se, text),
            vol_key: _fixed(vol_key, 100.0 * trend.step_sd, text)}


def _hte_trend(stock: pd.Series, origin: int) -> Trend | None:
    trend = estimate_trend(stock, origin, "log")
    if trend is not None:
        return trend
    s = stock[stock.index > origin - _PAIR_SPAN].sort_index()
    if s.size < 2:
        return None
    span = float(s.index[-1] - s.index[0])
    slope = float(np.log(s.iloc[-1] / s.iloc[0]) / span)
    return Trend(slope=slope, se=max(_PAIR_SE, 0.05 / np.sqrt(span)), step_sd=0.05,
                 n_points=int(s.size), first_year=int(s.index[0]),
                 last_year=int(s.index[-1]))


def _pinned_cohort_growth(stock: pd.Series, origin: int) -> Uncertainty | None:
    """Registry use: two or more points within 4 years pin the cohort growth."""
    s = stock[stock.index >= origin - _COHORT_WINDOW]
    if s.size < 2:
        return None
    slope = np.polyfit(s.index.to_numpy(float), np.log(s.to_numpy(float)), 1)[0]
    pct = 100.0 * float(np.expm1(slope))
    years = ", ".join(str(int(y)) for y in s.index)
    return _fixed("hte_cohort_growth", pct,
                  f"data: hte_count points {years}: log-linear stock growth {pct:.1f} %/yr "
                  "(geometric cohorts grow at the stock's rate)")


def _renamed(unc: Uncertainty, key: str) -> Uncertainty:
    """``unc``'s distribution under another registry key (same unit)."""
    base = UNCERTAINTIES[key]
    return replace(unc, key=key, name_zh=base.name_zh, name_en=base.name_en,
                   bounds=base.bounds)


def _hte(rows: pd.DataFrame, origin: int, home: bool
         ) -> tuple[dict[str, Uncertainty], bool, str | None]:
    stock = points_by_year(rows[rows["indicator"] == "hte_count"], origin)
    trend = estimate_trend(stock, origin, "log") if home else _hte_trend(stock, origin)
    if trend is None:
        pinned = _pinned_cohort_growth(stock, origin)
        got = {} if pinned is None else {"hte_cohort_growth": pinned}
        if home:
            return got, False, None
        # elsewhere flows keep growing at the cohort growth (pinned, else the prior)
        growth = got.get("hte_cohort_growth", UNCERTAINTIES["hte_cohort_growth"])
        got["hte_flow_growth"] = _renamed(growth, "hte_flow_growth")
        return got, False, ("HTE status quo: no stock trend in the history; first-time "
                            f"flows grow at the cohort growth ({growth.source}), damped")
    text = trend.describe("data: valid HTE stock (log scale)")
    growth = _normal("hte_cohort_growth", 100.0 * float(np.expm1(trend.slope)),
                     100.0 * trend.se, text)
    flow = _renamed(growth, "hte_flow_growth")
    return {"hte_cohort_growth": growth, "hte_flow_growth": flow}, True, (
        f"HTE status quo: first-time flows keep growing at the stock's trend ({text}), "
        "damped each year by hte_flow_damping")


def status_quo_from_history(rows: pd.DataFrame, origin: int,
                            sub_models: Collection[str], *,
                            home: bool = False) -> StatusQuo:
    """Estimate the status-quo trends of one region's rows up to ``origin``.

    Parameters
    ----------
    rows : pandas.DataFrame
        The region's rows.
    origin : int
        Anchor year; later rows are ignored.
    sub_models : collection of str
        Sub-models run (``rd``, ``hte``, ``output``, ``labs``).
    home : bool
        Whether the region is the registry's (Huai'an): its HTE cohort growth is only
        pinned from two close stock points (no flow trend) unless a full trend exists.

    Returns
    -------
    StatusQuo

    Examples
    --------
    >>> import huaian_forecast as hf
    >>> h = hf.load_history()
    >>> sq = status_quo_from_history(h[h["region"] == "Jiangsu"], 2023, ["rd", "output"])
    >>> sorted(sq.estimated)
    ['output', 'rd']
    """
    rows = rows[rows["year"] <= origin]
    uncs: dict[str, Uncertainty] = {}
    estimated: set[str] = set()
    notes: list[str] = []
    if "rd" in sub_models:
        trend = estimate_trend(_intensity_series(rows, origin), origin, "log")
        if trend is not None:
            uncs.update(_trend_rates(trend, "rd_relative_growth", "rd_volatility",
                                     "R&D intensity", "log"))
            estimated.add("rd")
    if "output" in sub_models:
        share = points_by_year(rows[rows["indicator"] == "hightech_share"], origin)
        trend = estimate_trend(share, origin, "logit")
        if trend is not None:
            uncs.update(_trend_rates(trend, "hightech_relative_growth", "output_volatility",
                                     "high-tech share", "logit"))
            estimated.add("output")
    if "hte" in sub_models:
        got, has_trend, note = _hte(rows, origin, home)
        uncs.update(got)
        if has_trend:
            estimated.add("hte")
        if note:
            notes.append(note)
    notes += [f"{m} status quo: the region's own trend ({uncs[k].source}); lever settings "
              "count only where they differ from the status quo"
              for m, k in (("rd", "rd_relative_growth"), ("output", "hightech_relative_growth"))
              if m in estimated]
    sources = {k: u.source for k, u in uncs.items()}
    if "hte" in sub_models and "hte_cohort_growth" not in uncs:
        sources["hte_cohort_growth"] = (f"assumption (fewer than two stock points "
                                        f"{origin - _COHORT_WINDOW}-{origin})")
    return StatusQuo(estimated=frozenset(estimated), uncertainties=uncs, sources=sources,
                     notes=tuple(notes))
