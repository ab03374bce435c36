"""The current year's targets from year-to-date figures: :func:`with_nowcast`.

A target of the year of a year-to-date figure (same indicator and region) gets its
``p_reach`` from :func:`~huaian_forecast.assessment.nowcast` rather than from the
simulation: the year-to-date data are later, and closer to the answer, than the
simulation's anchor year. Its ``p_models_min`` / ``p_models_max`` are the probability with
each of the nowcast's assumptions at an end of its range.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from huaian_forecast.assessment.nowcast import DEFAULT_GROWTH_SD, NowcastResult, nowcast
from huaian_forecast.assessment.progress import label_table
from huaian_forecast.data import PaceConvention, as_date, load_ytd

__all__ = ["nowcast_record", "with_nowcast", "ytd_growth"]


def ytd_growth(rec: dict[str, object]) -> float | None:
    """Year-on-year growth of a year-to-date record as a fraction; None if not published."""
    growth = float(rec["yoy_growth_percent"]) / 100.0  # type: ignore[arg-type]
    return None if np.isnan(growth) else growth


def nowcast_record(rec: dict[str, object], threshold: float,
                   convention: PaceConvention = "month",
                   growth_sd: float = DEFAULT_GROWTH_SD, level: float = 0.8) -> NowcastResult:
    """Nowcast of one year-to-date record (a row of :func:`~huaian_forecast.data.load_ytd`)."""
    return nowcast(float(rec["ytd_value"]), str(rec["as_of"]),  # type: ignore[arg-type]
                   yoy_growth=ytd_growth(rec), annual_target=threshold, growth_sd=growth_sd,
                   level=level, convention=convention, indicator=str(rec["indicator"]))


def _latest(frame: pd.DataFrame, region: str) -> dict[tuple[str, int], dict[str, object]]:
    """Return the latest year-to-date record per (indicator, year) of ``region``."""
    out: dict[tuple[str, int], dict[str, object]] = {}
    for rec in frame.sort_values("as_of", kind="stable").to_dict("records"):
        if str(rec.get("region", "")) in (region, ""):
            out[(str(rec["indicator"]), as_date(rec["as_of"]).year)] = rec
    return out


def _note(rec: dict[str, object], now: NowcastResult, before: float) -> str:
    growth = ytd_growth(rec)
    sim = "" if np.isnan(before) else f"; the simulation (without these figures) gave {before:.2f}"
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
        (:func:`~huaian_forecast.assessment.label_table`) and ``models_disagree`` /
        ``disagreement`` say where the nowcast's assumptions span both cut-offs.

    Examples
    --------
    >>> import huaian_forecast as hf
    >>> t = hf.load_targets().query("indicator == 'enterprise_rd'")
    >>> proj = hf.simulate("baseline", n_paths=100, seed=1, indicators=("hte_count",))
    >>> row = with_nowcast(hf.assess(proj, t, year_to_date=False), region="Huai'an").iloc[0]
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
    latest = _latest(frame, region)
    for i, row in out.iterrows():
        rec = latest.get((str(row["indicator"]), int(row["year"])))
        if rec is None:
            continue
        now = nowcast_record(rec, float(row["threshold"]), convention)
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
    flags = out["label"] == "models disagree"
    if "disagreement" not in out:
        out["disagreement"] = ""
    out["models_disagree"] = flags if "models_disagree" not in out else (
        out["models_disagree"].fillna(False).astype(bool) | flags)
    rows = out["p_source"] == "nowcast"
    out.loc[rows, "disagreement"] = [
        (f"nowcast {p:.2f}, {lo:.2f}-{hi:.2f} across its assumptions (seasonal share, "
         "rest-of-year growth): the year-to-date figure cannot settle it yet") if flag
        else "" for p, lo, hi, flag in zip(out.loc[rows, "p_reach"],
                                           out.loc[rows, "p_models_min"],
                                           out.loc[rows, "p_models_max"],
                                           out.loc[rows, "models_disagree"], strict=True)]
    return out
