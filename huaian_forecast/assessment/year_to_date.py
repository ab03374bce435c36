"""The current year's targets from year-to-date figures: :func:`with_nowcast`.

A target of the year of a year-to-date figure (same indicator and region) gets its
``p_reach`` from :func:`~huaian_forecast.assessment.nowcast` rather than from the
simulation: the year-to-date data are later, and closer to the answer, than the
simulation's anchor year. Its ``p_models_min`` / ``p_models_max`` are the probability with
each of the nowcast's assumptions at an end of its range.

Such a row's ``p_source`` is :data:`NOWCAST`; :func:`nowcast_rows` finds them, and
:func:`same_every_scenario` the targets whose probability no scenario's levers move
(their note: :data:`SAME_EVERY_SCENARIO`).
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from huaian_forecast.assessment.nowcast import DEFAULT_GROWTH_SD, NowcastResult, nowcast
from huaian_forecast.assessment.progress import label_table
from huaian_forecast.data import (
    HOME_REGION,
    NO_YTD,
    PaceConvention,
    as_date,
    load_ytd,
    region_or,
    ytd_identity,
)
from huaian_forecast.exceptions import ArgumentError, DataWarning
from huaian_forecast.simulation import Projection

__all__ = [
    "NOWCAST",
    "SAME_EVERY_SCENARIO",
    "check_same_ytd",
    "nowcast_record",
    "nowcast_rows",
    "same_every_scenario",
    "stated_annual_target",
    "with_nowcast",
    "ytd_growth",
]

#: ``p_source`` of a row whose probability is the year-to-date nowcast
#: (:func:`with_nowcast`; ``"simulation"`` elsewhere).
NOWCAST = "nowcast"

#: Note on a target whose probability is the nowcast in every scenario: the levers do
#: not move it, so no difference between scenarios is given (:func:`same_every_scenario`).
SAME_EVERY_SCENARIO = ("the same in every scenario: year-to-date figures, not the levers, "
                       "decide it")


def nowcast_rows(table: pd.DataFrame, *, known: bool = True) -> np.ndarray:
    """Return which rows have their probability from the year-to-date nowcast.

    Parameters
    ----------
    table : pandas.DataFrame
        An assessment table; one without a ``p_source`` column has no nowcast.
    known : bool
        Also require a known ``p_reach`` (default; none without a ``p_reach`` column): the
        rows whose shown probability the nowcast decides. ``False``: ``p_source`` alone,
        what :func:`same_every_scenario` reads.

    Returns
    -------
    numpy.ndarray
        One bool per row, in the table's order.

    Examples
    --------
    >>> t = pd.DataFrame({"p_reach": [0.13, float("nan"), 0.5],
    ...                   "p_source": [NOWCAST, NOWCAST, "simulation"]})
    >>> nowcast_rows(t).tolist(), nowcast_rows(t, known=False).tolist()
    ([True, False, False], [True, True, False])
    """
    if "p_source" not in table.columns:
        return np.zeros(len(table), dtype=bool)
    rows = table["p_source"] == NOWCAST
    if known:
        rows &= table["p_reach"].notna() if "p_reach" in table.columns else False
    return rows.to_numpy(dtype=bool)


def same_every_scenario(tables: Sequence[pd.DataFrame]) -> np.ndarray:
    """Return the targets whose probability is the nowcast in every scenario.

    The levers do not move such a target: its difference between scenarios is not
    given, and its note is :data:`SAME_EVERY_SCENARIO`. ``compare`` and the report's
    summary table both apply this rule.

    Parameters
    ----------
    tables : sequence of pandas.DataFrame
        One assessment per scenario, rows the same targets in the same order.

    Returns
    -------
    numpy.ndarray
        One bool per row: ``p_source`` is :data:`NOWCAST` in every table (whether or not
        its ``p_reach`` is known).

    Raises
    ------
    ArgumentError
        If no table is given, or the tables differ in length (their rows cannot be the
        same targets).

    Examples
    --------
    >>> a = pd.DataFrame({"p_reach": [0.13, 0.5], "p_source": [NOWCAST, "simulation"]})
    >>> same_every_scenario([a, a]).tolist()
    [True, False]
    """
    if not tables:
        raise ArgumentError("same_every_scenario needs at least one assessment")
    if len({len(t) for t in tables}) > 1:
        raise ArgumentError("same_every_scenario needs the same targets in every "
                            f"assessment; got {[len(t) for t in tables]} rows")
    return np.logical_and.reduce([nowcast_rows(t, known=False) for t in tables])


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
        if region_or(rec.get("region"), region) == region:  # blank or NaN: the run's
            out[(str(rec["indicator"]), as_date(rec["as_of"]).year)] = rec
    return out


def stated_annual_target(rec: dict[str, object]) -> float | None:
    """Return the annual target a year-to-date record states (None: none, or not a number)."""
    stated = pd.to_numeric(rec.get("annual_target"), errors="coerce")
    return None if pd.isna(stated) else float(stated)


def _other_target(rec: dict[str, object], threshold: float) -> str:
    """Part of the note where the year-to-date row states another annual target.

    The simulation's first-year delivery reads the year-to-date row's annual target
    (the share of it done); the nowcast is of the target's threshold. A planner whose
    two files disagree should see it where the number is read.
    """
    stated = stated_annual_target(rec)
    if stated is None or np.isclose(stated, threshold, rtol=1e-9, atol=0.0):
        return ""
    return (f"; the year-to-date file states an annual target of {stated:g}, this "
            f"target {threshold:g}")


def _note(rec: dict[str, object], now: NowcastResult, before: float) -> str:
    growth = ytd_growth(rec)
    sim = "" if np.isnan(before) else (f"; the simulation (which does not use this "
                                       f"figure) gave {before:.2f}")
    grown = "" if growth is None else f" ({growth:+.1%} on a year earlier)"
    return (f"nowcast from the year-to-date {float(rec['ytd_value']):g} on {rec['as_of']}"  # type: ignore[arg-type]
            f"{grown}; {'; '.join(now.assumptions)}{sim}")


def with_nowcast(table: pd.DataFrame, ytd: pd.DataFrame | str | Path | None = None, *,
                 region: str = HOME_REGION,
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
        Region of the figures used (year-to-date rows of another region are ignored, and
        so are rows of ``table`` whose ``region`` is another).
    convention : {"month", "day"}
        Count of the elapsed share.

    Returns
    -------
    pandas.DataFrame
        A copy. On each matched row (same indicator, year of ``as_of`` = target year):
        ``p_reach`` from the nowcast (no Monte Carlo error: ``p_reach_se`` 0), ``q10`` /
        ``median`` / ``q90`` its 80 % interval, ``p_models_min`` / ``p_models_max`` the
        probability at the ends of its assumption ranges, ``p_before_ytd`` the
        simulation's probability, ``p_source`` :data:`NOWCAST` (``"simulation"``
        elsewhere) and a ``note``. ``p_joint_year`` and ``n_joint`` are NaN on every
        row of a year with a nowcast row, and ``first_year_median`` and
        ``p_crossed_by_year`` on the nowcast rows: the nowcast gives one probability, not
        paths, so nothing path-wise can be read for it (the joint would exceed the
        nowcast's own ``p_reach``); every label is recomputed
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
        if rec is None or str(row.get("region", region) or region) != region:
            continue  # no figure, or another region's target (the figures are region's)
        now = nowcast_record(rec, float(row["threshold"]), convention)
        p, lo, hi = now.probabilities(str(row["direction"]))
        before = float(row["p_reach"])
        out.loc[i, ["p_reach", "p_reach_se", "p_reach_lo", "p_reach_hi", "q10", "q50",
                    "median", "q90", "p_models_min", "p_models_max", "p_before_ytd"]] = [
            p, 0.0, p, p, now.lower, now.estimate, now.estimate, now.upper, lo, hi, before]
        out.loc[i, ["p_source", "note"]] = [
            NOWCAST, _note(rec, now, before) + _other_target(rec, float(row["threshold"]))]
        if "p_trend" in out:
            out.loc[i, ["p_trend", "families"]] = [np.nan, ""]
    _clear_path_reads(out)
    out = label_table(out)
    flags = out["label"] == "models disagree"
    if "disagreement" not in out:
        out["disagreement"] = ""
    out["models_disagree"] = flags if "models_disagree" not in out else (
        out["models_disagree"].fillna(False).astype(bool) | flags)
    rows = nowcast_rows(out, known=False)
    out.loc[rows, "disagreement"] = [
        (f"nowcast {p:.2f}, {lo:.2f}-{hi:.2f} across its assumptions (seasonal share, "
         "rest-of-year growth): the year-to-date figure cannot settle it yet"
         + ("" if pd.isna(sim) else f"; the simulation, without this figure, {sim:.2f}"))
        if flag else "" for p, lo, hi, sim, flag in zip(
            out.loc[rows, "p_reach"], out.loc[rows, "p_models_min"],
            out.loc[rows, "p_models_max"], out.loc[rows, "p_before_ytd"],
            out.loc[rows, "models_disagree"], strict=True)]
    return out


def _clear_path_reads(out: pd.DataFrame) -> None:
    """Blank, in place, what is read off paths where the probability is a nowcast's.

    A nowcast is not a path: no joint with the year's other targets (``p_joint_year``,
    ``n_joint`` of every row of its year) and no first or earlier crossing of its own.
    """
    nowcast = out["p_source"] == NOWCAST
    own = [c for c in ("first_year_median", "p_crossed_by_year") if c in out]
    out.loc[nowcast, own] = np.nan
    joint = [c for c in ("p_joint_year", "n_joint") if c in out]
    out.loc[out["year"].isin(set(out.loc[nowcast, "year"].tolist())), joint] = np.nan


def check_same_ytd(projection: Projection, ytd: pd.DataFrame | None, *,
                   region: str = HOME_REGION, refuse: bool = False) -> None:
    """Warn when a projection is assessed with other year-to-date figures than its simulation's.

    :func:`~huaian_forecast.assess` (with year-to-date figures),
    :func:`~huaian_forecast.analysis.planner_assessment` and the report call it. A
    structural projection records the figures that set its first year's delivery
    (manifest ``ytd_hash``, see :func:`~huaian_forecast.data.ytd_identity`, of the rows of
    its region; ``region`` when its manifest has none); a trend projection, which uses
    none, records nothing and is never warned about.

    ``refuse``: raise instead of warning (the report, a document that names one source).

    Warns
    -----
    DataWarning
        Naming both sources and how to simulate with the same figures: the nowcast then
        reads the given figures, the simulated first-year delivery the projection's.

    Raises
    ------
    ArgumentError
        The same, when ``refuse``.
    """
    recorded = projection.manifest.get("ytd_hash")
    used = ytd_identity(ytd, str(projection.manifest.get("region", region)))
    if recorded is None or recorded == used:
        return
    simulated = str(projection.manifest.get("ytd_source", ""))
    given = NO_YTD if used == NO_YTD else str(ytd.attrs.get("source", "") or "a table") \
        if ytd is not None else NO_YTD
    message = (
        f"scenario {projection.scenario!r} was simulated with the year-to-date figures "
        f"{simulated!r} (they set its first year's delivery) but is assessed with {given!r} "
        "(they set the nowcast); for one source in both, simulate with ytd=<the same table> "
        "(or RunSpec(ytd=...); data.empty_ytd() for none)")
    if refuse:
        raise ArgumentError(message)
    warnings.warn(message, DataWarning, stacklevel=3)
