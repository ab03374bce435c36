"""Year-to-date figures in the assessment: pace table and nowcast rows for annual targets.

:func:`pace_table` gives pace (序时进度) and the nowcast for every year-to-date figure of a
file; :func:`with_nowcast` puts the nowcast into an :func:`~huaian_forecast.assess` table:
a target of the year of a year-to-date figure gets its ``p_reach`` from the nowcast (the
year-to-date data are later, and closer, than the simulation's 2023 anchor), with the
range over the nowcast's assumptions as ``p_models_min`` / ``p_models_max``.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from huaian_forecast.analysis.nowcast import DEFAULT_GROWTH_SD, NowcastResult, nowcast
from huaian_forecast.analysis.pace import PaceConvention, elapsed_share, pace
from huaian_forecast.assessment import label_table
from huaian_forecast.data import load_ytd

__all__ = ["PACE_COLUMNS", "pace_table", "with_nowcast"]

#: Columns of :func:`pace_table`.
PACE_COLUMNS = ("indicator", "as_of", "ytd_value", "unit", "annual_target", "elapsed_share",
                "pace", "reported_pace", "yoy_growth", "nowcast", "nowcast_lo", "nowcast_hi",
                "p_meet_target", "p_min", "p_max", "seasonal_low", "seasonal_high", "note")


def _growth(rec: dict[str, object]) -> float | None:
    growth = float(rec["yoy_growth_percent"]) / 100.0  # type: ignore[arg-type]
    return None if np.isnan(growth) else growth


def _nowcast(rec: dict[str, object], threshold: float, convention: PaceConvention,
             growth_sd: float = DEFAULT_GROWTH_SD, level: float = 0.8) -> NowcastResult:
    return nowcast(float(rec["ytd_value"]), str(rec["as_of"]),  # type: ignore[arg-type]
                   yoy_growth=_growth(rec), annual_target=threshold, growth_sd=growth_sd,
                   level=level, convention=convention, indicator=str(rec["indicator"]))


def _pace_row(rec: dict[str, object], convention: PaceConvention, growth_sd: float,
              level: float) -> dict[str, object]:
    ytd, target = float(rec["ytd_value"]), float(rec["annual_target"])  # type: ignore[arg-type]
    growth = _growth(rec)
    reported = float(rec["reported_pace_percent"]) / 100.0  # type: ignore[arg-type]
    now = _nowcast(rec, target, convention, growth_sd, level)
    return {
        "indicator": rec["indicator"], "as_of": str(rec["as_of"]), "ytd_value": ytd,
        "unit": rec["unit"], "annual_target": target,
        "elapsed_share": elapsed_share(str(rec["as_of"]), convention),
        "pace": pace(ytd, target, str(rec["as_of"]), convention=convention),
        "reported_pace": reported, "yoy_growth": np.nan if growth is None else growth,
        "nowcast": now.estimate, "nowcast_lo": now.lower, "nowcast_hi": now.upper,
        "p_meet_target": now.p_meet_target, "p_min": now.p_min, "p_max": now.p_max,
        "seasonal_low": now.seasonal_low, "seasonal_high": now.seasonal_high,
        "note": "; ".join(now.assumptions)}


def pace_table(path: str | Path | None = None, *, convention: PaceConvention = "month",
               growth_sd: float = DEFAULT_GROWTH_SD, level: float = 0.8) -> pd.DataFrame:
    """Pace and nowcast for every year-to-date figure of a file (default: the bundled one).

    Parameters
    ----------
    path : str or Path, optional
        CSV with columns ``indicator, as_of, ytd_value, unit, yoy_growth_percent,
        annual_target, reported_pace_percent`` (default: the bundled ``ytd_2024.csv``).
    convention : {"month", "day"}
        Count of the elapsed share.
    growth_sd : float
        Assumed s.d. of rest-of-year growth (see :mod:`.nowcast`).
    level : float
        Coverage of the nowcast interval.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`PACE_COLUMNS`; rates as fractions. ``p_min`` / ``p_max``: the
        probability at the ends of the nowcast's assumption ranges.

    Examples
    --------
    >>> table = pace_table()
    >>> round(float(table.loc[table.indicator == "enterprise_rd", "pace"].iloc[0]), 2)
    1.08
    """
    frame = load_ytd(path)
    rows = [_pace_row(rec, convention, growth_sd, level) for rec in frame.to_dict("records")]
    return pd.DataFrame(rows, columns=list(PACE_COLUMNS))


def _match(frame: pd.DataFrame, indicator: str, year: int,
           region: str) -> dict[str, object] | None:
    years = frame["as_of"].astype(str).str[:4]
    regions = frame["region"].astype(str)
    hits = frame[(frame["indicator"] == indicator) & (years == str(year))
                 & ((regions == region) | (regions == ""))]
    if hits.empty:
        return None
    return dict(hits.sort_values("as_of").iloc[-1])


def _note(rec: dict[str, object], now: NowcastResult, before: float) -> str:
    growth = _growth(rec)
    sim = "" if np.isnan(before) else f"; the simulation from the 2023 anchor gave {before:.2f}"
    grown = "" if growth is None else f" ({growth:+.1%} on a year earlier)"
    return (f"nowcast from the year-to-date {float(rec['ytd_value']):g} on {rec['as_of']}"  # type: ignore[arg-type]
            f"{grown}; {'; '.join(now.assumptions)}{sim}")


def with_nowcast(table: pd.DataFrame, ytd: pd.DataFrame | str | Path | None = None, *,
                 region: str = "Huai'an",
                 convention: PaceConvention = "month") -> pd.DataFrame:
    """Give targets of a year with year-to-date figures their probability from the nowcast.

    Parameters
    ----------
    table : pandas.DataFrame
        An :func:`~huaian_forecast.assess` table (optionally with the model-spread columns
        of :func:`~huaian_forecast.analysis.with_model_spread`).
    ytd : DataFrame, str or Path, optional
        Year-to-date table (as from :func:`~huaian_forecast.data.load_ytd`) or its file;
        default: the bundled 2024 figures.
    region : str
        Region of the targets (year-to-date rows of another region are ignored).
    convention : {"month", "day"}
        Count of the elapsed share.

    Returns
    -------
    pandas.DataFrame
        A copy. On each matched row (same indicator, year of ``as_of`` = target year):
        ``p_reach`` from the nowcast (no Monte Carlo error: ``p_reach_se`` 0), ``q10`` /
        ``median`` / ``q90`` its 80 % interval, ``p_models_min`` / ``p_models_max`` the
        probability at the ends of its assumption ranges, ``p_before_ytd`` the
        simulation's probability, ``p_source`` ``"nowcast"`` (``"simulation"``
        elsewhere) and a ``note``; every label is recomputed
        (:func:`~huaian_forecast.assessment.label_table`).

    Examples
    --------
    >>> import huaian_forecast as hf
    >>> t = hf.load_targets().query("indicator == 'enterprise_rd'")
    >>> proj = hf.simulate("baseline", n_paths=100, seed=1, indicators=("hte_count",))
    >>> row = with_nowcast(hf.assess(proj, t), region="Huai'an").iloc[0]
    >>> bool(0 < row.p_reach < 1), row.p_source
    (True, 'nowcast')
    """
    frame = ytd if isinstance(ytd, pd.DataFrame) else load_ytd(ytd)
    out = table.copy()
    for col in ("p_models_min", "p_models_max", "p_before_ytd"):
        if col not in out:
            out[col] = np.nan
    if "p_source" not in out:
        out["p_source"] = np.where(out["p_reach"].notna(), "simulation", "")
    for i, row in out.iterrows():
        rec = _match(frame, str(row["indicator"]), int(row["year"]), region)
        if rec is None:
            continue
        now = _nowcast(rec, float(row["threshold"]), convention)
        p, lo, hi = now.p_meet_target, now.p_min, now.p_max
        if row["direction"] == "at_most":
            p, lo, hi = 1 - p, 1 - hi, 1 - lo
        before = float(row["p_reach"])
        out.loc[i, ["p_reach", "p_reach_se", "p_reach_lo", "p_reach_hi", "q10", "q50",
                    "median", "q90", "p_models_min", "p_models_max", "p_before_ytd"]] = [
            p, 0.0, p, p, now.lower, now.estimate, now.estimate, now.upper, lo, hi, before]
        out.loc[i, ["p_source", "note"]] = ["nowcast", _note(rec, now, before)]
        if "p_trend" in out:
            out.loc[i, ["p_trend", "families"]] = [np.nan, ""]
    out = label_table(out)
    if "models_disagree" in out:
        out["models_disagree"] = out["label"] == "models disagree"
        nowcast_rows = out["p_source"] == "nowcast"
        out.loc[nowcast_rows, "disagreement"] = [
            (f"nowcast {p:.2f}, {lo:.2f}-{hi:.2f} across its assumptions (seasonal share, "
             "rest-of-year growth): the year-to-date figure cannot settle it yet") if flag
            else "" for p, lo, hi, flag in out.loc[nowcast_rows, ["p_reach", "p_models_min",
                                                                  "p_models_max",
                                                                  "models_disagree"]
                                                   ].itertuples(index=False)]
    return out
