"""One row of a year-to-date file read into a record: :func:`ytd_record`.

Each cell is read and checked where it is (naming file, row and column): the date, the
indicator (one that accumulates over a year), the amounts in the indicator's unit, the
percentages, and the scale of the year-to-date amount against its annual target
(:func:`ytd_scale_problem`, public through :mod:`huaian_forecast.data.ytd`). An annual
target may be left empty where a targets table supplies it (:func:`supplied_targets`).
Serves :mod:`huaian_forecast.data.ytd` alone.
"""

from __future__ import annotations

import math

import pandas as pd

from huaian_forecast.data._plausible import check_range
from huaian_forecast.data._regions import HOME_REGION, region_or
from huaian_forecast.data._target_year import targets_row, whole_year
from huaian_forecast.data._validate import RowReader, resolve_unit
from huaian_forecast.data._values import parse_value, shown
from huaian_forecast.data.seasonal import as_date
from huaian_forecast.exceptions import ArgumentError
from huaian_forecast.indicators import UNITS, Indicator, get_indicator

__all__ = ["Supplied", "supplied_targets", "ytd_record", "ytd_scale_problem"]

#: Plausible ratio of a year-to-date amount (亿元) to its annual target: a figure of the
#: year's first days is above a thousandth of the year's, and none is ten times the year's
#: target; 万元 written for 亿元 (or the reverse) in one of the two makes a factor of
#: 10,000.
_RATIO_RANGE = (1.0e-3, 10.0)


def _day(cell: RowReader) -> str:
    text = cell.get("as_of")
    if text == "":
        raise cell.error("as_of", "the date is empty; expected e.g. 2024-05-31")
    try:
        return as_date(text).isoformat()
    except ArgumentError:
        raise cell.error("as_of", f"{shown(text)} is not a date (expected e.g. 2024-05-31)"
                         ) from None


def _indicator(cell: RowReader) -> Indicator:
    ind = cell.indicator()
    if ind.unit == "percent":
        raise cell.error("indicator", f"{ind.key} ({ind.name_zh}) is a {ind.kind} in percent, "
                         "which does not accumulate over the year; a year-to-date figure is "
                         "an amount or a count so far this year (e.g. enterprise_rd, "
                         "tech_contracts, hte_applications, tech_projects)")
    return ind


def _amount(cell: RowReader, col: str, ind: Indicator, unit: str | None) -> float:
    """Read a year-to-date value or annual target in the indicator's unit, checked."""
    text = cell.get(col)
    if text == "":
        raise cell.error(col, f"the cell is empty; a number is required (indicator "
                         f"{ind.key}, unit {ind.unit})")
    try:
        parsed = parse_value(text, ind.unit if unit is None else unit)
    except ValueError as exc:
        raise cell.error(col, f"{exc} (indicator {ind.key}, unit {ind.unit})") from None
    if col == "ytd_value" and parsed.kind in ("lower_bound", "upper_bound"):
        raise cell.error(col, f"{shown(text)} is a bound; a year-to-date figure is the amount "
                         "so far, e.g. 63.05 (put 超/突破 in the annual target only)")
    if parsed.value <= 0:
        what = "year-to-date value" if col == "ytd_value" else "annual target"
        raise cell.error(col, f"the {what} must be above 0 (got {parsed.value:g} for "
                         f"{ind.key}); expected the amount so far this year in "
                         f"{UNITS[ind.unit][0]}, e.g. 63.05 (leave out a row with nothing in "
                         "yet)")
    check_range(parsed.value, ind, lambda msg: cell.error(col, msg))
    return parsed.value


def _percent(cell: RowReader, col: str) -> float:
    """Read an optional percent cell (``38.7`` or ``38.7%``); NaN when empty."""
    text = cell.get(col)
    if text == "":
        return math.nan
    try:
        return parse_value(text, "percent").value
    except ValueError as exc:
        raise cell.error(col, f"{exc} (percent, e.g. 38.7)") from None


def ytd_scale_problem(indicator: str, ytd: float, target: float, *,
                      target_from: str = "") -> str | None:
    """Say why a year-to-date amount and its annual target cannot be on one scale.

    A year-to-date amount (亿元) more than 10 times, or under a thousandth of, its
    annual target is one of the two in 万元 and the other in 亿元 (a factor of 10,000).
    The loader refuses such a row; :func:`~huaian_forecast.analysis.pace_table` applies
    the same rule to a target it takes from a targets table.

    Parameters
    ----------
    indicator : str
        Indicator key; only amounts in 亿元 are checked (a count has no 万元).
    ytd, target : float
        The year-to-date amount and the annual target, in the indicator's unit.
    target_from : str
        Where the target comes from, put after it in the sentence.

    Returns
    -------
    str or None
        One sentence (without advice on what to do), or None when the two fit.

    Examples
    --------
    >>> ytd_scale_problem("enterprise_rd", 63.05, 140) is None
    True
    >>> ytd_scale_problem("enterprise_rd", 63.05, 1.4)[:44]
    'the year-to-date 63.05 亿元 is 45.04 times the'
    """
    low, high = _RATIO_RANGE
    try:
        unit = get_indicator(indicator).unit
    except KeyError:  # an indicator the registry does not know: nothing to compare with
        return None
    if unit != "100m_cny" or low <= ytd / target <= high:
        return None
    return (f"the year-to-date {ytd:,.6g} 亿元 is {ytd / target:,.4g} times the annual target "
            f"{target:,.6g} 亿元{target_from} of {indicator}; a plausible ratio lies within "
            f"{low:g}-{high:g}: is one of the two in 万元 and the other in 亿元?")


def _check_ratio(cell: RowReader, ind: Indicator, ytd: float, target: float) -> None:
    problem = ytd_scale_problem(ind.key, ytd, target, target_from=(
        f" (column {cell.header('annual_target')!r})"))
    if problem is not None:
        raise cell.error("ytd_value", f"{problem} write both in the unit of the unit column, "
                         "or each with its unit, e.g. 630500万元 and 140亿元")


#: The targets that may supply an empty annual target: their (region, indicator, year)
#: and the targets' source (``load_ytd``'s ``targets``).
Supplied = tuple[frozenset[tuple[str, str, int]], str]


def supplied_targets(targets: pd.DataFrame | None) -> Supplied | None:
    """Return which annual targets ``targets`` holds (a blank region is the home region).

    An indicator is keyed by its key under any of its names (``技术合同成交额``), as
    :func:`~huaian_forecast.analysis.pace_table` reads the targets.

    Raises
    ------
    ArgumentError
        A row whose year is no whole number (a table made by hand), naming the row by its
        index label and indicator.
    """
    if targets is None:
        return None
    regions = targets["region"].tolist() if "region" in targets else [""] * len(targets)
    keys = frozenset(
        (region_or(r), _indicator_key(i), _target_year(label, i, y))
        for label, r, i, y in zip(targets.index, regions, targets["indicator"],
                                  targets["year"], strict=True))
    return keys, str(targets.attrs.get("source") or "a table")


def _indicator_key(name: object) -> str:
    """Return the key of an indicator name or alias (a name no indicator has as given)."""
    try:
        return get_indicator(str(name)).key
    except KeyError:  # no target of a figure's indicator (refused where it is paced)
        return str(name)


def _target_year(label: object, indicator: object, year: object) -> int:
    """Return a targets row's year; refuse one that is no whole number, naming the row."""
    try:
        return whole_year(year)
    except ArgumentError as err:
        raise ArgumentError(f"{targets_row(label, indicator, year)}: {err}") from None


def _annual_target(cell: RowReader, ind: Indicator, unit: str | None, day: str,
                   supplied: Supplied | None) -> float:
    """Read the annual target; NaN for an empty cell whose target ``supplied`` holds."""
    if cell.get("annual_target") != "" or supplied is None:
        return _amount(cell, "annual_target", ind, unit)
    keys, source = supplied
    region = cell.region("", False) or HOME_REGION
    if (region, ind.key, int(day[:4])) in keys:
        return math.nan
    raise cell.error("annual_target", f"the cell is empty and the targets ({source}) have no "
                     f"{ind.key} target of {region} for {day[:4]}; give the annual target "
                     f"in this cell or in the targets (unit {ind.unit})")


def ytd_record(cell: RowReader, warned: list[int], supplied: Supplied | None
               ) -> dict[str, object]:
    """Read one row: its checked values, with ``_row`` and ``_col`` for later messages.

    ``warned`` collects the rows whose growth looks like a fraction written for percent.
    """
    ind = _indicator(cell)
    day = _day(cell)
    unit = resolve_unit(cell.get("unit"), ind, cell.error)
    ytd = _amount(cell, "ytd_value", ind, unit)
    target = _annual_target(cell, ind, unit, day, supplied)
    if not math.isnan(target):  # a target from the targets is checked where it is used
        _check_ratio(cell, ind, ytd, target)
    growth = _percent(cell, "yoy_growth_percent")
    if growth <= -100:
        raise cell.error("yoy_growth_percent", f"a growth of {growth:g} % on a year earlier "
                         "is impossible for a positive figure (it needs a figure below 0 a "
                         "year ago); expected percent above -100, e.g. 38.7")
    if 0 < abs(growth) < 1:
        warned.append(cell.number)
    return {"region": cell.region("", False), "indicator": ind.key, "as_of": day,
            "ytd_value": ytd, "unit": ind.unit, "yoy_growth_percent": growth,
            "annual_target": target,
            "reported_pace_percent": _percent(cell, "reported_pace_percent"),
            "source": cell.get("source"), "quote": cell.get("quote"),
            "_row": cell.number, "_col": cell.header("ytd_value")}
