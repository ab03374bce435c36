"""Plausibility of values: valid ranges, plausible ranges, fraction-for-percent, GDP vs R&D.

A value can be valid (a finite, non-negative number of 亿元) and still be a slip: GDP
written as ``1`` or ``0.001`` instead of ``5,015.06`` (亿元), or in 万元. A slip gives a
confident answer from a wrong anchor (an R&D intensity of 11,760 %), so each indicator
has a *plausible* range (:data:`PLAUSIBLE`, with the reason for each bound) besides its
valid range, R&D spend is checked against the GDP of the same region and year
(:func:`check_intensity`), GDP against the region's GDP of the nearest earlier year
(:func:`check_gdp_steps`), and every other count, amount and percentage against the
region's value of the nearest earlier year (:func:`check_level_steps`: 7,680 high-tech
enterprises written for 768). Values outside are :class:`~huaian_forecast.DataError` naming
the row(s).
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable

import numpy as np
import pandas as pd

from huaian_forecast.exceptions import DataError
from huaian_forecast.indicators import INDICATORS, UNITS, Indicator

__all__ = [
    "GDP_STEP",
    "INTENSITY_RANGE",
    "LEVEL_STEP",
    "PERCENT_FLOORS",
    "PLAUSIBLE",
    "check_gdp_steps",
    "check_intensity",
    "check_level_steps",
    "check_percent_scale",
    "check_range",
    "check_share_scale",
]

#: Plausible range (in the published unit) per indicator, with the reason for the bounds.
#: Counts and shares need none beyond their valid range. A bound applies to any region
#: the project compares with: a prefecture-level city up to the whole country.
PLAUSIBLE: dict[str, tuple[float, float, str]] = {
    "gdp": (10.0, 5.0e6, "China's GDP was about 1.26 million 亿元 in 2023 and every "
            "prefecture-level economy exceeds 10 亿元"),
    "rd_spend": (0.01, 1.0e5, "China's R&D spending was about 33,000 亿元 in 2023; a region "
                 "with any R&D spends more than 0.01 亿元 (1 million yuan)"),
    "enterprise_rd": (0.01, 1.0e5, "enterprise R&D is part of all R&D spending (China: about "
                      "33,000 亿元 in 2023)"),
    "tech_contracts": (0.01, 2.0e5, "China's technology contract turnover was about 61,000 "
                       "亿元 in 2023"),
    "hightech_output": (0.1, 5.0e6, "high-tech output is part of industrial output (China: "
                        "under 2 million 亿元 in 2023)"),
    "rd_intensity": (0.1, 10.0, "no Chinese province or prefecture has published an R&D "
                     "intensity above 7 % (Beijing 6.7 % in 2023) or, since 2010, below 0.1 %"),
    "gdp_real_growth": (-30.0, 40.0, "China's worst year (1961) was -27 %; no city's "
                        "real growth has reached 40 %"),
}
#: Plausible R&D intensity (R&D spend / GDP, percent) of a region and year, for
#: :func:`check_intensity`; the reason is that of ``PLAUSIBLE["rd_intensity"]``.
INTENSITY_RANGE: tuple[float, float] = (PLAUSIBLE["rd_intensity"][0], PLAUSIBLE["rd_intensity"][1])
#: Largest yearly factor by which a region's nominal GDP may rise (and its inverse fall):
#: China's fastest nominal growth was 36 % (1994) and no city's GDP has risen by more
#: than 60 % or fallen by more than 37.5 % (1 / 1.6) in a year; a larger step between two
#: rows of one region is a unit slip in one of them (:func:`check_gdp_steps`).
GDP_STEP = 1.6
#: Largest yearly factor by which any other indicator's value may rise (and its inverse
#: fall) between two rows of one region (:func:`check_level_steps`). The largest yearly
#: change in the bundled data and the shared panel (``data/observations.csv``,
#: ``shared/data/panel_figures.csv``) is Huai'an's technology contract turnover, which
#: quadrupled from 2020 to 2023 (42.5 to above 170 亿元, "三年翻两番": 1.59 times a year);
#: R&D spend rose at most 1.40 times (Huai'an 2020-2021, derived), high-tech enterprise
#: counts 1.32 times (Nanjing 2017-2023) and shares 1.04 times a year. A factor of 3 is
#: almost twice the largest of these, and a tenth of the factor of 10 that an extra or a
#: missing digit makes.
LEVEL_STEP = 3.0
#: A count may change by this many units in a year whatever the factor: small counts move
#: in batches (2 key labs one year, 6 the next).
COUNT_SLACK = 10.0
#: Indicators without a step check: GDP has its own (:data:`GDP_STEP`); a growth rate is
#: not a level (it may be 0 or change sign).
_NO_STEP = frozenset({"gdp", "gdp_real_growth"})
#: Kinds whose value the true one is at least / at most (``approx`` and ``derived`` count
#: as both: the bounds are wide enough for their rounding, see :data:`LEVEL_STEP`).
_AT_LEAST = frozenset({"exact", "approx", "derived", "lower_bound"})
_AT_MOST = frozenset({"exact", "approx", "derived", "upper_bound"})

#: Smallest plausible published value (in percent) of indicators published in percent: a
#: value below it is a fraction written where percent is expected (0.316 for 31.6 %; an
#: R&D intensity of 0.021 for 2.1 %). No Chinese prefecture has published an R&D intensity
#: below 0.2 % or a high-tech output share below 1 % since 2010.
PERCENT_FLOORS: dict[str, float] = {"rd_intensity": 0.2, "hightech_share": 1.0}


def check_share_scale(table: pd.DataFrame, source: str) -> None:
    """Refuse shares that are all at most 1: fractions (0.316) written for percent (31.6)."""
    shares = table[table["indicator"].map(lambda k: INDICATORS[k].kind == "share")]
    for key, group in shares.groupby("indicator", sort=True):
        if group["value"].max() <= 1.0 and group["value"].max() > 0 and len(group) > 1:
            first = group.iloc[0]
            raise DataError(
                f"{source}, row {first['_row']}, column {first['_col']!r}: every {key} value "
                f"is at most 1 ({', '.join(f'{v:g}' for v in group['value'][:4])}): "
                "fractions rather than percent? write 31.6 or 31.6% for 31.6 %")


def check_percent_scale(value: float, ind: Indicator, error: Callable[[str], DataError],
                        ) -> None:
    """Refuse a percent value too small to be one: a fraction written for percent.

    See :data:`PERCENT_FLOORS`. The message suggests the percent value and the
    ``fraction`` unit (which converts the file's fractions, with a warning).
    """
    floor = PERCENT_FLOORS.get(ind.key)
    if floor is None or not 0 < value < floor:
        return
    pct = f"{value * 100:.6g}"
    raise error(f"{value:g} % is implausibly small for {ind.key} (published in percent; "
                f"values below {floor:g} % do not occur): a fraction rather than percent? "
                f"write {pct} (or {pct}%), or put fraction in the unit column to have the "
                "file's fractions converted")


def check_range(value: float, ind: Indicator, error: Callable[[str], DataError]) -> None:
    """Raise when a value is outside the valid or plausible range, or not a whole count."""
    if not math.isfinite(value):
        raise error(f"{value} is not a finite number")
    if ind.kind == "count" and value < 0:
        raise error(f"a count cannot be negative (got {value:g} for {ind.key}); expected a "
                    "whole number >= 0")
    if ind.kind == "share" and not 0 <= value <= 100:
        raise error(f"a share must lie within 0-100 % (got {value:g} for {ind.key}); "
                    "expected percent, e.g. 31.6")
    if not ind.lower <= value <= ind.upper:
        raise error(f"{value:g} is outside the valid range {ind.lower:g}-{ind.upper:g} "
                    f"{ind.unit} for {ind.key}; expected a value in {UNITS[ind.unit][0]} "
                    "(a unit slip?)")
    if ind.kind == "count" and not float(value).is_integer():
        raise error(f"a count must be a whole number (got {value:g} for {ind.key}); "
                    "expected e.g. 768")
    check_plausible(value, ind, error)


def check_plausible(value: float, ind: Indicator, error: Callable[[str], DataError]) -> None:
    """Raise when a value lies outside the indicator's plausible range (:data:`PLAUSIBLE`)."""
    if ind.key not in PLAUSIBLE:
        return
    low, high, reason = PLAUSIBLE[ind.key]
    if low <= value <= high:
        return
    unit = UNITS[ind.unit][0]
    raise error(f"{value:,.6g} {unit} is implausible for {ind.key} (a plausible value lies "
                f"within {_number(low)} to {_number(high)} {unit}: {reason}); a unit slip? "
                f"write the value in {unit} ({UNITS[ind.unit][1]})")


def _number(x: float) -> str:
    """Format a bound for people: 5,000,000 and 0.01 rather than 5e+06 and 1e-02."""
    return f"{x:,.2f}".rstrip("0").rstrip(".")


def check_intensity(table: pd.DataFrame, source: str) -> None:
    """Refuse R&D spend and GDP of one region and year whose ratio is implausible.

    An R&D intensity (spend / GDP) outside :data:`INTENSITY_RANGE` means one of the two
    rows holds a unit slip; the message names both rows. ``table`` needs the helper
    columns ``_row`` and ``_col`` of the loader.
    """
    keys = ["region", "year"]
    spend = table.loc[table["indicator"] == "rd_spend", [*keys, "value", "_row", "_col"]]
    gdp = table.loc[table["indicator"] == "gdp", [*keys, "value", "_row", "_col"]]
    if spend.empty or gdp.empty:
        return
    pairs = spend.merge(gdp, on=keys, suffixes=("_s", "_g"))
    ratio = 100.0 * pairs["value_s"] / pairs["value_g"]
    low, high = INTENSITY_RANGE
    bad = pairs[(ratio < low) | (ratio > high)]
    if bad.empty:
        return
    first = bad.iloc[0]
    rows = sorted({int(first["_row_s"]), int(first["_row_g"])})
    where = f"row{'s' if len(rows) > 1 else ''} {', '.join(map(str, rows))}"
    other = "" if first["_col_s"] == first["_col_g"] else f" and column {first['_col_s']!r}"
    pct = 100.0 * first["value_s"] / first["value_g"]
    raise DataError(
        f"{source}, {where}, column {first['_col_g']!r}: R&D spend {first['value_s']:,.6g} 亿元 "
        f"(row {first['_row_s']}{other}) is {pct:,.3g} % of GDP {first['value_g']:,.6g} 亿元 "
        f"(row {first['_row_g']}) for {first['region']} {first['year']}; a plausible R&D "
        f"intensity lies within {low:g}-{high:g} %: a unit slip in one of the two rows?")


def check_gdp_steps(table: pd.DataFrame, source: str) -> None:
    """Refuse two GDP rows of one region whose ratio no real economy shows (:data:`GDP_STEP`).

    Rows are compared in year order with the next row of the region; over a gap of ``g``
    years (at least 1) the later value must lie within ``GDP_STEP ** -g`` to
    ``GDP_STEP ** g`` times the earlier one. A GDP written in 亿元 where every other year
    is in 亿元 too, but off by a factor of 100 (``45.5`` for ``4,550.13``), passes the
    plausible range and is caught here.
    """
    gdp = table[table["indicator"] == "gdp"].sort_values(["region", "year", "_row"])
    for region, group in gdp.groupby("region", sort=True):
        rows = group.to_dict("records")
        for before, after in itertools.pairwise(rows):
            gap = max(1, int(after["year"]) - int(before["year"]))
            factor = after["value"] / before["value"]
            if GDP_STEP ** -gap <= factor <= GDP_STEP ** gap:
                continue
            numbers = sorted({int(before["_row"]), int(after["_row"])})
            raise DataError(
                f"{source}, rows {', '.join(map(str, numbers))}, column {after['_col']!r}: "
                f"GDP of {region} goes from {before['value']:,.6g} 亿元 in {before['year']} "
                f"(row {before['_row']}) to {after['value']:,.6g} 亿元 in {after['year']} (row "
                f"{after['_row']}), a factor of {factor:.3g} in {gap} year"
                f"{'s' if gap > 1 else ''}; a regional GDP does not rise by more than "
                f"{(GDP_STEP - 1) * 100:.0f} % or fall by more than "
                f"{(1 - 1 / GDP_STEP) * 100:.1f} % a year: a unit slip in one of the two rows?")


def check_level_steps(table: pd.DataFrame, source: str) -> None:
    """Refuse two rows of one region and indicator whose ratio is a slip (:data:`LEVEL_STEP`).

    Rows of every indicator but GDP (:func:`check_gdp_steps`) and real growth are compared
    in year order with the next row of the same region; over a gap of ``g`` years (at least
    1) the later value may be at most ``LEVEL_STEP ** g`` and at least ``LEVEL_STEP ** -g``
    times the earlier one (a count may also change by up to :data:`COUNT_SLACK` units). A
    bound is used only where it proves the step: an upper bound before (``<= 673``) and a
    value after (``7,680``) prove a rise of at least 11.4 times, a lower bound before proves
    no rise. ``table`` needs the loader's helper columns ``_row`` and ``_col``.
    """
    rows = table[~table["indicator"].isin(_NO_STEP) & (table["value"] > 0)]
    rows = rows.sort_values(["region", "indicator", "year", "_row"]).reset_index(drop=True)
    if len(rows) < 2:
        return
    # each row against the next row of its region and indicator, all pairs at once
    same = ((rows["region"].to_numpy()[1:] == rows["region"].to_numpy()[:-1])
            & (rows["indicator"].to_numpy()[1:] == rows["indicator"].to_numpy()[:-1]))
    value = rows["value"].to_numpy(dtype=float)
    year = rows["year"].to_numpy(dtype=float)
    kind = rows["kind"].to_numpy()
    gap = np.maximum(1.0, year[1:] - year[:-1])
    factor = value[1:] / value[:-1]
    rise = (factor > LEVEL_STEP ** gap) & np.isin(kind[:-1], list(_AT_MOST)) \
        & np.isin(kind[1:], list(_AT_LEAST))
    fall = (factor < LEVEL_STEP ** -gap) & np.isin(kind[:-1], list(_AT_LEAST)) \
        & np.isin(kind[1:], list(_AT_MOST))
    count = np.array([INDICATORS[str(k)].kind == "count" for k in rows["indicator"]])[1:]
    slack = count & (np.abs(value[1:] - value[:-1]) <= COUNT_SLACK * gap)
    bad = np.flatnonzero(same & (rise | fall) & ~slack)
    if bad.size:
        i = int(bad[0])
        before, after = rows.iloc[i].to_dict(), rows.iloc[i + 1].to_dict()
        raise DataError(_step_message(before, after, int(gap[i]), source))


def _bound_word(kind: object) -> str:
    return {"lower_bound": "at least ", "upper_bound": "at most "}.get(str(kind), "")


def _step_message(before: dict[str, object], after: dict[str, object], gap: int,
                  source: str) -> str:
    ind = INDICATORS[str(before["indicator"])]
    unit = UNITS[ind.unit][0]
    factor = float(after["value"]) / float(before["value"])  # type: ignore[arg-type]
    proven = "at least " if factor > 1 and (before["kind"] == "upper_bound" or after[
        "kind"] == "lower_bound") else "at most " if factor < 1 and (
        before["kind"] == "lower_bound" or after["kind"] == "upper_bound") else ""
    numbers = sorted({int(before["_row"]), int(after["_row"])})  # type: ignore[call-overload]
    return (f"{source}, rows {', '.join(map(str, numbers))}, column {after['_col']!r}: "
            f"{ind.key} of {after['region']} goes from {_bound_word(before['kind'])}"
            f"{before['value']:,.6g} {unit} in {before['year']} (row {before['_row']}) to "
            f"{_bound_word(after['kind'])}{after['value']:,.6g} {unit} in {after['year']} "
            f"(row {after['_row']}), a factor of {proven}{factor:.3g} in {gap} year"
            f"{'s' if gap > 1 else ''}; in the bundled data no value changes by more than "
            f"1.6 times a year, and a change beyond {LEVEL_STEP:g} times (or to a third) a "
            "year is refused: a slip in one of the two rows (an extra or a missing digit, a "
            "wrong unit)?")
