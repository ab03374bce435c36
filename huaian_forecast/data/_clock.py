"""Today's date, in one place, and the warnings for figures dated after it.

A published figure cannot be of a year after the current one, nor a year-to-date figure
dated after today: such a row is a typing slip or a planner's expectation. It is kept
(an expectation may be meant) with a :class:`~huaian_forecast.DataWarning` that names
file, row and column and says what it does to a simulation. Tests monkeypatch
:func:`today`.
"""

from __future__ import annotations

import datetime
import warnings
from collections.abc import Sequence

import pandas as pd

from huaian_forecast.exceptions import DataWarning

__all__ = ["OBSERVED_KINDS", "today", "warn_future_dates", "warn_future_years"]

#: Kinds that state a figure as published (a derived row is a computation, not a figure).
OBSERVED_KINDS = ("exact", "approx", "lower_bound", "upper_bound")


def today() -> datetime.date:
    """Return today's date: the one clock of the loaders (tests monkeypatch it)."""
    return datetime.date.today()


def _listed(items: Sequence[object]) -> str:
    """At most five items, then ``...``."""
    return ", ".join(map(str, items[:5])) + (", ..." if len(items) > 5 else "")


def _rows(numbers: list[int]) -> str:
    return f"row{'s' if len(numbers) > 1 else ''} {_listed(numbers)}"


def warn_future_years(table: pd.DataFrame, source: str, year_column: str | None) -> None:
    """Warn once for the observations of a year after the current calendar year.

    Parameters
    ----------
    table : pandas.DataFrame
        The history records with ``region``, ``year``, ``kind``, ``_row`` (file row) and
        ``_col`` (the value's column header, which is the year's in a wide table).
    source : str
        The file, as messages name it.
    year_column : str or None
        Header of the year column; ``None`` in a wide table (one column per year).
    """
    this_year = today().year
    late = table[table["kind"].isin(OBSERVED_KINDS) & (table["year"] > this_year)]
    if late.empty:
        return
    numbers = sorted({int(r) for r in late["_row"]})
    columns = [year_column] if year_column is not None else list(dict.fromkeys(late["_col"]))
    years = sorted({int(y) for y in late["year"]})
    last = late.loc[late["year"].idxmax()]
    plural = len(years) > 1
    warnings.warn(
        f"{source}, {_rows(numbers)}, column {_listed([repr(c) for c in columns])}: "
        f"{'years' if plural else 'year'} {_listed(years)} "
        f"{'are' if plural else 'is'} after the current year ({this_year}), so "
        f"{'they cannot be published figures' if plural else 'it cannot be a published figure'}"
        " yet; kept as observed: "
        f"{last['year']} becomes the last year with data of {last['region']}, the origin of "
        f"a simulation of {last['region']} (which then starts in {last['year'] + 1}) and the "
        "end of its series for the calibrations across regions; delete the "
        f"row{'s' if len(numbers) > 1 else ''} if an expected value was meant",
        DataWarning, stacklevel=3)


def warn_future_dates(table: pd.DataFrame, source: str, column: str) -> None:
    """Warn once for year-to-date figures dated after today (``as_of`` ``YYYY-MM-DD``)."""
    now = today().isoformat()
    late = table[table["as_of"] > now]
    if late.empty:
        return
    numbers = [int(r) for r in late["_row"]]
    dates = _listed(list(dict.fromkeys(late["as_of"])))
    warnings.warn(
        f"{source}, {_rows(numbers)}, column {column!r}: the date {dates} is after today "
        f"({now}), so the figure cannot have been reported yet; kept, and read as the figure "
        "of that day (pace, nowcast, the first simulated year); correct the date if it is a "
        "slip", DataWarning, stacklevel=3)
