"""The status quo of a region, read from its own history: trends that continue.

The lever and uncertainty registry describes Huai'an in 2023: its organic rates (R&D
growth above GDP, excess growth of high-tech output, cohort growth) exclude the status-quo
levers, which the models add on top (5亿 of new major-project R&D a year, 80 high-tech
projects, 275 first-time applications). That split is an assumption.

Where a region's history carries a trend, the trend *is* the status quo:

- ``rd``: the log slope of R&D intensity (points, or spend / GDP where both are points)
  replaces ``rd_relative_growth`` (normal, s.d. = the slope's standard error) and the s.d.
  of its yearly steps replaces ``rd_volatility``; without such a trend, the catch-up
  calibration across regions at the region's intensity, pooled with its own short record
  by inverse-variance weights (partial pooling);
- ``output``: the logit slope of the high-tech share replaces ``hightech_relative_growth``
  and its step s.d. ``output_volatility``; without such a trend, the pooled slope of the
  regions with a share series (:func:`calibrate_share`);
- ``hte``: the log slope of the valid stock replaces ``hte_cohort_growth`` and
  ``hte_flow_growth`` (first-time applications keep growing at the stock's rate, damped by
  ``hte_flow_damping`` each year).

Outside Huai'an the nominal GDP trend (GDP points, else R&D spend / intensity) replaces
the GDP growth priors (which are Huai'an's, slowing, for 2024-2035).

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

from huaian_forecast.exceptions import FitError
from huaian_forecast.scenarios import UNCERTAINTIES, Uncertainty
from huaian_forecast.structural._trend import (
    MIN_TREND_SPAN,
    TREND_WINDOW,
    Transform,
    Trend,
    estimate_trend,
    points_by_year,
)
from huaian_forecast.structural.calibration import (
    HTECalibration,
    RDCalibration,
    ShareCalibration,
    calibrate_hte,
    calibrate_rd,
    calibrate_share,
)

__all__ = ["StatusQuo", "status_quo_from_history"]

_COHORT_WINDOW = 4  # two stock points within 4 years pin the cohort growth (registry use)
_PAIR_SPAN = 12  # two HTE stock points within 12 years give a trend elsewhere
_PAIR_SE = 0.05  # floor of the s.e. of a two-point HTE slope (per year)
_MIN_RD_PAIRS, _MIN_RD_REGIONS = 8, 3  # a catch-up calibration on less is not used
_OWN_STEP_SD = 0.03  # yearly s.d. of a region's intensity growth, for partial pooling


@dataclass(frozen=True, slots=True, kw_only=True)
class StatusQuo:
    """Status-quo trends read from a region's history.

    Parameters
    ----------
    estimated : frozenset of str
        Sub-models (``rd``, ``output``, ``hte``) whose status quo is the data's trend
        (the region's own, or the calibration across regions).
    rd_convergence : float
        Catch-up slope of R&D intensity growth (:func:`calibrate_rd`; 0 without it).
    uncertainties : Mapping[str, Uncertainty]
        Registry uncertainties replaced by the estimates.
    sources, notes : Mapping[str, str], tuple of str
        Where each estimate came from; statements for the manifest.
    """

    estimated: frozenset[str] = frozenset()
    rd_convergence: float = 0.0
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


def _own_stock_trend(rows: pd.DataFrame, origin: int) -> Trend | None:
    """Return the region's stock trend: 3+ points, else two (derived ones too) 4+ years apart."""
    hte = rows[rows["indicator"] == "hte_count"]
    trend = estimate_trend(points_by_year(hte, origin), origin, "log")
    if trend is not None:
        return trend
    loose = hte[hte["kind"] == "derived"].assign(kind="approx")
    pair = _hte_trend(points_by_year(pd.concat([hte, loose]), origin), origin)
    if pair is None or pair.last_year - pair.first_year < MIN_TREND_SPAN:
        return None
    return pair


def _hte(rows: pd.DataFrame, origin: int, home: bool, cal: HTECalibration | None
         ) -> tuple[dict[str, Uncertainty], bool, str | None]:
    stock = points_by_year(rows[rows["indicator"] == "hte_count"], origin)
    got: dict[str, Uncertainty] = {}
    pinned = _pinned_cohort_growth(stock, origin)
    if pinned is not None:
        got["hte_cohort_growth"] = pinned
    trend = _own_stock_trend(rows, origin)
    if trend is not None:
        text = trend.describe("data: valid HTE stock (log scale)")
        growth = _normal("hte_cohort_growth", 100.0 * float(np.expm1(trend.slope)),
                         100.0 * trend.se, text)
    elif cal is not None:
        text = cal.describe()
        growth = _normal("hte_cohort_growth", 100.0 * cal.growth, 100.0 * cal.spread, text)
    else:
        return got, False, None
    if not home:  # Huai'an keeps the registry's prior (read from the same two points)
        got.setdefault("hte_cohort_growth", growth)
    got["hte_flow_growth"] = _renamed(growth, "hte_flow_growth")
    return got, True, (f"HTE status quo: first-time flows keep growing at the stock's "
                       f"trend ({text}), damped each year by hte_flow_damping")


def _share_calibration(history: pd.DataFrame | None, origin: int
                       ) -> ShareCalibration | None:
    if history is None:
        return None
    try:
        return calibrate_share(history, origin)
    except FitError:
        return None


def _calibrations(history: pd.DataFrame | None, origin: int
                  ) -> tuple[RDCalibration | None, HTECalibration | None]:
    if history is None:
        return None, None
    try:
        rd: RDCalibration | None = calibrate_rd(history, origin)
    except FitError:
        rd = None
    if rd is not None and (rd.n_pairs < _MIN_RD_PAIRS or rd.n_regions < _MIN_RD_REGIONS):
        rd = None
    try:
        hte: HTECalibration | None = calibrate_hte(history, origin)
    except FitError:
        hte = None
    return rd, hte


def _gdp(rows: pd.DataFrame, origin: int) -> dict[str, Uncertainty]:
    """Nominal GDP trend (points, else 100 spend / intensity) as real growth + deflator.

    The deflator keeps its prior; real growth is the nominal slope minus the deflator's
    central value, so their sum has the trend's mean.
    """
    by = {k: points_by_year(rows[rows["indicator"] == k], origin)
          for k in ("gdp", "rd_spend", "rd_intensity")}
    implied = (100.0 * by["rd_spend"] / by["rd_intensity"]).dropna()
    trend = estimate_trend(by["gdp"].combine_first(implied), origin, "log")
    if trend is None:
        return {}
    text = trend.describe("data: nominal GDP (points, else R&D spend / intensity; log scale)")
    nominal = 100.0 * float(np.expm1(trend.slope))
    deflator = UNCERTAINTIES["gdp_deflator"].default
    return {"gdp_real_growth": _normal("gdp_real_growth", nominal - deflator,
                                       100.0 * trend.se, text),
            "gdp_volatility": _fixed("gdp_volatility", 100.0 * trend.step_sd, text)}


def _gdp_step(rows: pd.DataFrame, origin: int
              ) -> tuple[dict[str, Uncertainty], bool, str | None]:
    got = _gdp(rows, origin)
    note = (f"GDP status quo: the region's own nominal trend "
            f"({got['gdp_real_growth'].source})") if got else None
    return got, bool(got), note


def _output_step(rows: pd.DataFrame, origin: int, cal: ShareCalibration | None
                 ) -> tuple[dict[str, Uncertainty], bool, str | None]:
    share = points_by_year(rows[rows["indicator"] == "hightech_share"], origin)
    trend = estimate_trend(share, origin, "logit")
    if trend is not None:
        return _trend_rates(trend, "hightech_relative_growth", "output_volatility",
                            "high-tech share", "logit"), True, None
    if cal is None:
        return {}, False, None
    text = cal.describe()
    growth = _normal("hightech_relative_growth", 100.0 * cal.slope, 100.0 * cal.spread, text)
    return {"hightech_relative_growth": growth}, True, (
        f"output status quo: high-tech output grows faster than the rest of industry at "
        f"the pooled rate of the regions with a share series ({text}); the projects count "
        "only where a plan differs from the status quo")


def _rd(rows: pd.DataFrame, origin: int, cal: RDCalibration | None
        ) -> tuple[dict[str, Uncertainty], bool]:
    series = _intensity_series(rows, origin)
    trend = estimate_trend(series, origin, "log")
    if trend is not None:
        return _trend_rates(trend, "rd_relative_growth", "rd_volatility", "R&D intensity",
                            "log"), True
    if cal is None or series.empty:
        return {}, False
    level = float(series.sort_index().iloc[-1])
    growth, sd = cal.growth_at(level)
    text = (f"{cal.describe()}; at the region's intensity {level:.2f} % "
            f"({int(series.index.max())})")
    own = series.sort_index()
    own = own[own.index > origin - TREND_WINDOW]
    if own.size >= 2:  # partial pooling with the region's own (short) record
        span = float(own.index[-1] - own.index[0])
        slope = float(np.log(own.iloc[-1] / own.iloc[0]) / span)
        se_own = _OWN_STEP_SD / np.sqrt(span) + _OWN_STEP_SD / span
        weight = sd ** 2 / (sd ** 2 + se_own ** 2)
        growth = (1.0 - weight) * growth + weight * slope
        sd = float(np.sqrt(1.0 / (1.0 / sd ** 2 + 1.0 / se_own ** 2)))
        text += (f", pooled with its own {100 * np.expm1(slope):.1f} %/yr over "
                 f"{int(own.index[0])}-{int(own.index[-1])} (weight {weight:.2f})")
    return {"rd_relative_growth": _normal("rd_relative_growth", 100.0 * float(np.expm1(growth)),
                                          100.0 * sd, text)}, True


def status_quo_from_history(rows: pd.DataFrame, origin: int,
                            sub_models: Collection[str], *, home: bool = False,
                            history: pd.DataFrame | None = None) -> StatusQuo:
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
        Whether the region is the registry's (Huai'an): its cohort growth keeps the
        registry's prior unless the stock has close points or a trend.
    history : pandas.DataFrame, optional
        Every region's rows, for the calibrations across regions
        (:mod:`~huaian_forecast.structural.calibration`); None: none.

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
    rd_cal, hte_cal = _calibrations(history, origin)
    share_cal = _share_calibration(history, origin)
    uncs: dict[str, Uncertainty] = {}
    estimated: set[str] = set()
    notes: list[str] = []
    steps = {
        "rd": lambda: (*_rd(rows, origin, rd_cal), None),
        "gdp": lambda: _gdp_step(rows, origin),
        "output": lambda: _output_step(rows, origin, share_cal),
        "hte": lambda: _hte(rows, origin, home, hte_cal),
    }
    # GDP runs with the R&D model; Huai'an keeps the registry's (slowing) GDP priors
    wanted = {"rd": "rd" in sub_models, "gdp": "rd" in sub_models and not home,
              "output": "output" in sub_models, "hte": "hte" in sub_models}
    for model, step in steps.items():
        if not wanted[model]:
            continue
        got, has_trend, note = step()
        uncs.update(got)
        if has_trend and model != "gdp":
            estimated.add(model)
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
    if history is not None and history["region"].nunique() < _MIN_RD_REGIONS:
        notes.append(f"status quo: the history has {history['region'].nunique()} region(s), "
                     "too few for the calibrations across regions (R&D catch-up, share "
                     "slope, HTE flow): the region's own trends or assumed rates instead; "
                     "data.with_reference_regions(history) adds the bundled reference "
                     "regions (the command line does)")
    convergence = min(rd_cal.b, 0.0) if rd_cal is not None and "rd" in sub_models else 0.0
    if convergence:
        notes.append(f"R&D catch-up: the yearly drift falls by {-convergence:.4f} per unit "
                     f"of log intensity gained ({rd_cal.describe() if rd_cal else ''})")
    return StatusQuo(estimated=frozenset(estimated), rd_convergence=convergence,
                     uncertainties=uncs, sources=sources, notes=tuple(notes))
