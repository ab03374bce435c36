"""Pace (序时进度) and nowcast for every year-to-date figure of a file: :func:`pace_table`.

The nowcast itself, and its use for the current year's targets in
:func:`~huaian_forecast.assess`, live in :mod:`huaian_forecast.assessment`;
:func:`target_nowcast` gives one target's, for the lever tools (solve, frontier), which
answer with the simulation and so must say what the year-to-date figures already settle.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from huaian_forecast.analysis._ytd_tables import target_table, ytd_table
from huaian_forecast.assessment import (
    DEFAULT_GROWTH_SD,
    NOWCAST,
    PaceConvention,
    as_date,
    elapsed_share,
    nowcast_record,
    pace,
    stated_annual_target,
    targets_from_frame,
    with_nowcast,
    ytd_growth,
)
from huaian_forecast.data import HOME_REGION, region_or, ytd_scale_problem
from huaian_forecast.exceptions import DataError

if TYPE_CHECKING:
    from huaian_forecast.assessment import Target

__all__ = ["PACE_COLUMNS", "pace_table", "target_nowcast"]

#: Columns of :func:`pace_table`.
PACE_COLUMNS = ("indicator", "as_of", "ytd_value", "unit", "annual_target", "tier",
                "elapsed_share",
                "pace", "reported_pace", "yoy_growth", "nowcast", "nowcast_lo", "nowcast_hi",
                "p_meet_target", "p_min", "p_max", "seasonal_low", "seasonal_high", "note")


def _pace_row(rec: dict[str, object], convention: PaceConvention, growth_sd: float,
              level: float) -> dict[str, object]:
    ytd, target = float(rec["ytd_value"]), float(rec["annual_target"])  # type: ignore[arg-type]
    growth = ytd_growth(rec)
    # the file's reported pace was against its own target: not this row's when another
    reported = (math.nan if rec.get("target_note")
                else float(rec["reported_pace_percent"]) / 100.0)  # type: ignore[arg-type]
    now = nowcast_record(rec, target, convention, growth_sd, level)
    direction = str(rec.get("direction") or "at_least")
    p_meet, p_min, p_max = now.probabilities(direction)  # a cap: met by staying below it
    cap = ([f"at most {target:g}: p is the probability of staying at or below it "
            "(a pace above 1 runs over the cap)"] if direction == "at_most" else [])
    return {
        "indicator": rec["indicator"], "as_of": str(rec["as_of"]), "ytd_value": ytd,
        "unit": rec["unit"], "annual_target": target, "tier": rec.get("tier", "single"),
        "elapsed_share": elapsed_share(str(rec["as_of"]), convention),
        "pace": pace(ytd, target, str(rec["as_of"]), convention=convention),
        "reported_pace": reported, "yoy_growth": np.nan if growth is None else growth,
        "nowcast": now.estimate, "nowcast_lo": now.lower, "nowcast_hi": now.upper,
        "p_meet_target": p_meet, "p_min": p_min, "p_max": p_max,
        "seasonal_low": now.seasonal_low, "seasonal_high": now.seasonal_high,
        "note": "; ".join([*now.assumptions, *_target_note(rec), *cap])}


def _target_note(rec: dict[str, object]) -> list[str]:
    """Return the note of a row paced against another target than its file's."""
    return [str(rec["target_note"])] if rec.get("target_note") else []


def pace_table(path: pd.DataFrame | str | Path | None = None, *,
               targets: pd.DataFrame | str | Path | None = None,
               convention: PaceConvention = "month", growth_sd: float = DEFAULT_GROWTH_SD,
               level: float = 0.8) -> pd.DataFrame:
    """Pace and nowcast for every year-to-date figure of a file (default: the bundled one).

    Only the home region's figures (:data:`~huaian_forecast.data.HOME_REGION`, and rows
    without a region) are paced, as :func:`~huaian_forecast.assess` reads them: the
    nowcast's seasonal assumptions are its bureau's (the 序时进度 convention of its
    reports, :data:`~huaian_forecast.data.SEASONAL_PRIORS`). Rows of other regions are
    left out and named in ``attrs["other_regions"]``.

    Parameters
    ----------
    path : DataFrame, str or Path, optional
        CSV or ``.xlsx`` with columns ``indicator, as_of, ytd_value, unit,
        yoy_growth_percent, annual_target, reported_pace_percent`` (default: the bundled
        ``ytd_2024.csv``), or a table :func:`~huaian_forecast.data.load_ytd` returned (or
        one made by hand with at least ``indicator``, ``as_of`` and ``ytd_value``).
    targets : DataFrame, str or Path, optional
        A targets table (:func:`~huaian_forecast.data.load_targets`) or its file. A row
        whose indicator has a target of the figure's year (and region: a row without one,
        or a missing region column, is the home region's) is paced against that threshold
        instead of the file's ``annual_target``, and the note says so where the two
        differ; a year with a floor (确保) and a stretch goal (力争) gives a row for each
        (``tier``). A file's row may then leave ``annual_target`` empty where the targets
        have its target (:func:`~huaian_forecast.data.load_ytd`'s ``targets``). A table
        made by hand is read as :func:`~huaian_forecast.assess` reads it
        (:func:`~huaian_forecast.assessment.targets_from_frame`): an indicator under any
        of its names (``技术合同成交额`` is ``tech_contracts``), a tier in any of the
        loader's words (``确保`` / ``力争`` come out as ``floor`` / ``stretch``), and a row
        that is no target (an unknown indicator, direction or tier, a year that is no
        whole number, a threshold that is not a finite number) refused, naming the row.
    convention : {"month", "day"}
        Count of the elapsed share.
    growth_sd : float
        Assumed s.d. of rest-of-year growth (see :mod:`.nowcast`).
    level : float
        Coverage of the nowcast interval.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`PACE_COLUMNS`, one row per figure of the home region (two for a
        year the targets give a floor and a stretch goal); rates as fractions; ``tier``
        is ``single`` unless ``targets`` gives the figure's year a floor and a stretch
        goal. ``p_min`` / ``p_max``: the probability at the ends of the nowcast's
        assumption ranges. ``attrs["other_regions"]``: the regions whose rows were left
        out, sorted.

    Raises
    ------
    ArgumentError
        ``targets`` or a table ``path`` that is not a table of the kind, or lacks one of
        its columns; a targets row that is no :class:`~huaian_forecast.assessment.Target`
        (an unknown indicator, a threshold that is not a finite number), as
        :func:`~huaian_forecast.assess` would not read it either, named by its index
        label, indicator and year ("targets row 3 (tech_contracts 2024): threshold must
        be finite, got nan").
    DataError
        A row without an annual target in the file and in the targets; a target from the
        targets on another scale than the year-to-date figure (one in 万元, the other in
        亿元: the loader's check, naming both files).

    Examples
    --------
    >>> table = pace_table()
    >>> round(float(table.loc[table.indicator == "enterprise_rd", "pace"].iloc[0]), 2)
    1.08
    """
    table = None if targets is None else target_table(targets)
    items = None if table is None else targets_from_frame(table)  # a bad row named first
    frame = ytd_table(path, table)
    records = frame.to_dict("records")
    sources = (str(frame.attrs.get("source") or "the year-to-date table"),
               "" if table is None else str(table.attrs.get("source") or "the targets table"))
    rows = [_pace_row(against, convention, growth_sd, level)
            for rec in records if region_or(rec.get("region")) == HOME_REGION
            for against in _against(rec, items, sources)]
    out = pd.DataFrame(rows, columns=list(PACE_COLUMNS))
    out.attrs["other_regions"] = sorted({region_or(r.get("region")) for r in records}
                                        - {HOME_REGION})
    return out


def _against(rec: dict[str, object], targets: list[Target] | None,
             sources: tuple[str, str]) -> list[dict[str, object]]:
    """Return ``rec`` with each annual target ``targets`` gives its indicator and year.

    One record per target of the figure's indicator, year and region
    (:meth:`~huaian_forecast.assessment.Target.is_for`): a year with a floor (确保) and a
    stretch goal (力争) is paced against each (``tier``); the year-to-date file's own
    target is kept where ``targets`` has none. A threshold on another scale than the
    figure is refused as the loader refuses a row's own target (``sources``: the two
    files' names).
    """
    stated = stated_annual_target(rec)
    year = as_date(str(rec["as_of"])).year
    region = region_or(rec.get("region"))
    hit = [t for t in targets or () if t.indicator == rec["indicator"] and t.year == year
           and t.is_for(region)]
    if not hit:
        if stated is None:
            raise DataError(f"{sources[0]}: {rec['indicator']} {rec['as_of']} has no annual "
                            "target" + (f", and the targets ({sources[1]}) have none of "
                                        "its year" if targets is not None else "")
                            + "; give it in the year-to-date table or in the targets")
        return [rec]
    out = []
    for t in hit:
        problem = ytd_scale_problem(str(rec["indicator"]), float(rec["ytd_value"]),  # type: ignore[arg-type]
                                    t.threshold,
                                    target_from=f" (the targets' threshold for {year})")
        if problem is not None:
            raise DataError(f"{sources[0]} with the targets {sources[1]}: {problem} write "
                            "both in 亿元 (an amount in 万元 divided by 10,000)")
        row = rec | {"annual_target": t.threshold, "tier": t.tier, "direction": t.direction}
        if stated is None or not np.isclose(stated, t.threshold, rtol=1e-9, atol=0.0):
            which = "" if t.tier == "single" else f" ({t.tier})"
            row["target_note"] = (f"annual target {t.threshold:g}{which} from the targets (the "
                                  f"year-to-date file states "
                                  f"{'none' if stated is None else f'{stated:g}'})")
        out.append(row)
    return out


def target_nowcast(target: Target, ytd: pd.DataFrame | str | Path | None = None, *,
                   region: str = HOME_REGION) -> float:
    """Return the nowcast's ``p_reach`` of ``target``, NaN where its year has no figures.

    It is the probability :func:`~huaian_forecast.assess` and the report show for a target
    of a year with year-to-date figures (:func:`~huaian_forecast.assessment.with_nowcast`),
    and no lever changes it: the lever tools answer with the simulation, which does not
    know those figures, and report this beside their answer.

    Parameters
    ----------
    target : Target
        The target.
    ytd : DataFrame, str or Path, optional
        Year-to-date figures (default: the bundled 2024 ones).
    region : str
        Region of the target.

    Examples
    --------
    >>> from huaian_forecast.assessment import Target
    >>> target_nowcast(Target(indicator="tech_contracts", year=2024, threshold=200)) > 0.5
    True
    >>> target_nowcast(Target(indicator="tech_contracts", year=2030, threshold=200))
    nan
    """
    row = pd.DataFrame([{"indicator": target.indicator, "year": int(target.year),
                         "threshold": float(target.threshold), "direction": target.direction,
                         "p_reach": math.nan, "p_reach_se": math.nan}])
    now = with_nowcast(row, ytd, region=region).iloc[0]
    return float(now["p_reach"]) if now["p_source"] == NOWCAST else math.nan
