"""The tables :func:`~huaian_forecast.analysis.pace_table` reads, checked as it reads them.

A planner calls it with a file or a table of each kind (year-to-date figures, targets),
made by a loader or by hand: a path is read with its loader, a table is checked for the
columns the pacing reads, and a missing or blank region is the home region
(:data:`~huaian_forecast.data.HOME_REGION`), as the loaders read an empty region cell.
Serves :mod:`huaian_forecast.analysis.ytd` alone.
"""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd

from huaian_forecast.data import load_targets, load_ytd, region_or
from huaian_forecast.exceptions import ArgumentError

__all__ = ["target_table", "ytd_table"]

#: Columns a hand-made year-to-date table may leave out (``unit`` is then empty, the
#: numbers NaN: no annual target, growth or reported pace).
_YTD_OPTIONAL = {"region": "", "unit": "", "yoy_growth_percent": math.nan,
                 "annual_target": math.nan, "reported_pace_percent": math.nan}


def _check_columns(table: pd.DataFrame, required: tuple[str, ...], what: str) -> None:
    missing = [c for c in required if c not in table.columns]
    if missing:
        raise ArgumentError(f"the {what} table has no column {', '.join(map(repr, missing))} "
                            f"(its columns: {', '.join(map(str, table.columns)) or 'none'})")


def target_table(targets: pd.DataFrame | str | Path) -> pd.DataFrame:
    """Return the targets to pace against: a file loaded, a table checked, regions filled.

    A table without ``direction`` is of "at least" targets.

    Raises
    ------
    ArgumentError
        ``targets`` is neither a table nor a path, or lacks ``indicator``, ``year`` or
        ``threshold``.
    """
    if isinstance(targets, str | Path):
        return load_targets(targets)
    if not isinstance(targets, pd.DataFrame):
        raise ArgumentError("targets must be a targets table (huaian_forecast.load_targets) "
                            f"or its file, got {type(targets).__name__}")
    _check_columns(targets, ("indicator", "year", "threshold"), "targets")
    regions = targets["region"] if "region" in targets else [None] * len(targets)
    filled = targets.assign(region=[region_or(r) for r in regions])
    return filled if "direction" in filled else filled.assign(direction="at_least")


def ytd_table(path: pd.DataFrame | str | Path | None, targets: pd.DataFrame | None
              ) -> pd.DataFrame:
    """Return the year-to-date figures: a file loaded, or a table checked and completed.

    A file is read by :func:`~huaian_forecast.data.load_ytd` (``targets`` may supply its
    annual targets); a table gets the columns it may leave out (:data:`_YTD_OPTIONAL`).

    Raises
    ------
    ArgumentError
        A table without ``indicator``, ``as_of`` or ``ytd_value``, or a ``path`` that is
        neither a table nor a path.
    """
    if path is None or isinstance(path, str | Path):
        return load_ytd(path, targets=targets)
    if not isinstance(path, pd.DataFrame):
        raise ArgumentError("path must be a year-to-date table (huaian_forecast.load_ytd) "
                            f"or its file, got {type(path).__name__}")
    _check_columns(path, ("indicator", "as_of", "ytd_value"), "year-to-date")
    missing = {c: v for c, v in _YTD_OPTIONAL.items() if c not in path.columns}
    return path.assign(**missing) if missing else path
