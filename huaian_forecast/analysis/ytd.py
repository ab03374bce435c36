"""Pace (序时进度) and nowcast for every year-to-date figure of a file: :func:`pace_table`.

The nowcast itself, and its use for the current year's targets in
:func:`~huaian_forecast.assess`, live in :mod:`huaian_forecast.assessment`.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from huaian_forecast.assessment import (
    DEFAULT_GROWTH_SD,
    PaceConvention,
    elapsed_share,
    nowcast_record,
    pace,
    ytd_growth,
)
from huaian_forecast.data import load_ytd

__all__ = ["PACE_COLUMNS", "pace_table"]

#: Columns of :func:`pace_table`.
PACE_COLUMNS = ("indicator", "as_of", "ytd_value", "unit", "annual_target", "elapsed_share",
                "pace", "reported_pace", "yoy_growth", "nowcast", "nowcast_lo", "nowcast_hi",
                "p_meet_target", "p_min", "p_max", "seasonal_low", "seasonal_high", "note")


def _pace_row(rec: dict[str, object], convention: PaceConvention, growth_sd: float,
              level: float) -> dict[str, object]:
    ytd, target = float(rec["ytd_value"]), float(rec["annual_target"])  # type: ignore[arg-type]
    growth = ytd_growth(rec)
    reported = float(rec["reported_pace_percent"]) / 100.0  # type: ignore[arg-type]
    now = nowcast_record(rec, target, convention, growth_sd, level)
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
