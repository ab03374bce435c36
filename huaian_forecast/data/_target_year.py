"""The one reading of a hand-made targets row's year, and the one name of such a row.

A targets table made by hand (a DataFrame given to ``assess``, ``pace_table``, the
reports or ``load_ytd(targets=...)``) is read row by row, not by the loader: its year
cell is read by :func:`whole_year` wherever it is read, and a row that is no target is
named by :func:`targets_row` ("targets row 5 (tech_contracts 2024)"), in one wording.
"""

from __future__ import annotations

import contextlib
import math

import numpy as np

from huaian_forecast.data._values import shown
from huaian_forecast.exceptions import ArgumentError

__all__ = ["targets_row", "whole_year"]


def whole_year(value: object) -> int:
    """Return a targets-table year cell as an int.

    A whole number of any type is its year (``2024``, ``2024.0``, ``"2024"``); a
    boolean is no year (``True`` would be the year 1).

    Raises
    ------
    ArgumentError
        A year that is no whole number ("year must be a whole number, got nan"): NaN,
        None, 2024.5, a text that is no number, a boolean.

    Examples
    --------
    >>> whole_year(2024.0)
    2024
    """
    number = math.nan
    if not isinstance(value, bool | np.bool_):
        with contextlib.suppress(TypeError, ValueError):
            number = float(value)  # type: ignore[arg-type]  # refused below if no number
    if not math.isfinite(number) or number != int(number):
        got = shown(value) if isinstance(value, str) else str(value)
        raise ArgumentError(f"year must be a whole number, got {got}")
    return int(number)


def targets_row(label: object, indicator: object, year: object) -> str:
    """Name a row of a hand-made targets table in a message about it.

    By its index label, indicator and year; the year is left out where it is no whole
    number (the message then says so).

    Examples
    --------
    >>> targets_row(5, "tech_contracts", 2024.0)
    'targets row 5 (tech_contracts 2024)'
    >>> targets_row(5, "tech_contracts", float("nan"))
    'targets row 5 (tech_contracts)'
    """
    try:
        shown_year = f" {whole_year(year)}"
    except ArgumentError:
        shown_year = ""
    return f"targets row {label} ({indicator}{shown_year})"
