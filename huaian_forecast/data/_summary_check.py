"""A report workbook's summary sheet checked against its milestone sheet.

``--targets report.xlsx`` reads the milestone sheet (:mod:`._milestones`). The summary
sheet shows the same targets, one row each; a planner who edits a threshold there would
see the edit silently ignored. So the summary's targets are read too and compared with
the milestone sheet's: a difference is refused, naming the summary's cell.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from huaian_forecast.data._milestones import not_read
from huaian_forecast.data._tabular import Grid
from huaian_forecast.data._target_rows import target_records
from huaian_forecast.exceptions import DataError

__all__ = ["check_summary"]

#: How a summary row and a milestone target are matched (the threshold is compared).
_KEYS = ("region", "indicator", "year", "tier")


def check_summary(grid: Grid, milestones: str, table: pd.DataFrame) -> None:
    """Refuse a summary sheet whose targets differ from the milestone sheet's ``table``.

    Parameters
    ----------
    grid : Grid
        The summary sheet, read from the workbook the loader opened once.
    milestones : str
        The milestone sheet's name.
    table : pandas.DataFrame
        The targets read from the milestone sheet (columns of ``TARGET_COLUMNS``).

    Raises
    ------
    DataError
        Naming the summary sheet's row and threshold column where its threshold or
        direction differs from the milestone sheet's, or where it has a target the
        milestone sheet has not; it says to edit the milestone sheet.
    """
    shown = table.set_index(list(_KEYS))
    for rec in target_records(grid, ignore=not_read(grid.header)):
        key = tuple(rec[k] for k in _KEYS)
        what = f"{rec['region']} {rec['indicator']} {rec['year']}" + (
            "" if rec["tier"] == "single" else f" ({rec['tier']})")
        where = f"{grid.source}, row {rec['_row']}, column {rec['_col']!r}"
        advice = (f"the targets are read from the milestone sheet {milestones!r}: edit the "
                  "threshold there, on every scenario's row, and give this cell the same "
                  "value")
        if key not in shown.index:
            raise DataError(f"{where}: {what} is not a target of the milestone sheet "
                            f"{milestones!r}; {advice}")
        row = shown.loc[[key]].iloc[0]
        if not np.isclose(float(rec["threshold"]), float(row["threshold"]), rtol=1e-9,  # type: ignore[arg-type]
                          atol=0.0) or rec["direction"] != row["direction"]:
            raise DataError(
                f"{where}: the summary says {rec['threshold']:g} ({rec['direction']}) for "
                f"{what}, the milestone sheet {row['threshold']:g} ({row['direction']}); "
                f"{advice}")
