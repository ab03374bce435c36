"""Year-to-date figures (序时进度 input): read and validated like the history.

One row per indicator and date: ``region, indicator, as_of, ytd_value, unit,
yoy_growth_percent, annual_target, reported_pace_percent, source, quote``, with English
or Chinese headers (:data:`YTD_HEADER_ALIASES`: 地区, 指标, 截至日期, 累计值, 单位, 同比增速,
年度目标, 序时进度, 来源, 原文). Cells are read as in the history
(:func:`~huaian_forecast.data.load_history`): indicators by key or Chinese name
(规上企业研发支出), regions by any known spelling (淮安市), values with their unit
(``63.05亿元``, ``48家``; a ``万元`` unit column or suffix converted to 亿元), and every
value checked against the indicator's valid and plausible range. Empty growth / pace
cells are missing values (NaN), not zero. ``as_of`` is read by
:func:`~huaian_forecast.data.seasonal.as_date` (also an Excel date cell) and kept as
``YYYY-MM-DD`` text, so every stage reads the same day.

Refused, naming file, row and column: an unknown indicator, or one that does not
accumulate over a year (a share or percentage); a year-to-date value or annual target
that is not above 0, or on a scale that cannot be the other's (a year-to-date amount more
than 10 times, or under a thousandth of, its annual target: one of them in 万元); a
growth of -100 % or less; an empty annual target, unless a targets table given to
:func:`load_ytd` supplies it; dates of two years in one file; two rows for one region,
indicator and date that differ (an identical repeated row is merged and listed in
``attrs["skipped"]``); two annual targets for one region, indicator and year. Warned
(:class:`~huaian_forecast.DataWarning`): a region that is not a known one (kept, as in
the history), a growth between -1 and 1 % (a fraction such as 0.387 written for
38.7 %?) and a date after today.
"""

from __future__ import annotations

import hashlib
import math
import warnings
from collections import Counter
from pathlib import Path

import pandas as pd

from huaian_forecast.data._clock import warn_future_dates
from huaian_forecast.data._regions import check_regions
from huaian_forecast.data._resources import data_file
from huaian_forecast.data._tabular import Grid, read_grid, read_input
from huaian_forecast.data._validate import (
    HEADER_ALIASES,
    RowReader,
    find_columns,
    header_lookup,
)
from huaian_forecast.data._values import shown
from huaian_forecast.data._ytd_identity import (
    NO_YTD,
    content_hash,
    ytd_identity,
    ytd_provenance,
)
from huaian_forecast.data._ytd_rows import supplied_targets, ytd_record, ytd_scale_problem
from huaian_forecast.exceptions import DataError, DataWarning

__all__ = ["NO_YTD", "YTD_COLUMNS", "YTD_HEADER_ALIASES", "empty_ytd", "load_ytd",
           "ytd_identity", "ytd_provenance", "ytd_scale_problem"]

#: Columns of a year-to-date table, in order.
YTD_COLUMNS: tuple[str, ...] = (
    "region", "indicator", "as_of", "ytd_value", "unit", "yoy_growth_percent",
    "annual_target", "reported_pace_percent", "source", "quote",
)
#: Accepted header spellings (case-insensitive, spaces ignored) per column.
YTD_HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "region": HEADER_ALIASES["region"],
    "indicator": HEADER_ALIASES["indicator"],
    "as_of": ("as_of", "截至日期", "截止日期", "截至", "截止", "日期", "统计截止日期", "date"),
    "ytd_value": ("ytd_value", "累计值", "本年累计", "累计完成", "年初至今", "累计", "完成值"),
    "unit": HEADER_ALIASES["unit"],
    "yoy_growth_percent": ("yoy_growth_percent", "同比增速", "同比增长", "同比增幅",
                           "同比增长率", "同比"),
    "annual_target": ("annual_target", "年度目标", "全年目标", "目标值", "目标"),
    "reported_pace_percent": ("reported_pace_percent", "序时进度", "报告进度", "进度"),
    "source": HEADER_ALIASES["source"],
    "quote": HEADER_ALIASES["quote"],
}
_REQUIRED = ("indicator", "as_of", "ytd_value", "annual_target")
#: Required where a targets table may supply the annual targets (``load_ytd(targets=)``).
_REQUIRED_WITH_TARGETS = ("indicator", "as_of", "ytd_value")
_NUMBERS = ("ytd_value", "yoy_growth_percent", "annual_target", "reported_pace_percent")
_LOOKUP = header_lookup(YTD_HEADER_ALIASES)


def _is_header(row: list[str]) -> bool:
    """Tell a header row: it names two or more year-to-date columns (English or Chinese)."""
    return len({_LOOKUP[k] for k in ("".join(c.split()).casefold() for c in row)
                if k in _LOOKUP}) >= 2


def _check_one_year(table: pd.DataFrame, grid: Grid, cols: dict[str, int]) -> None:
    """Refuse rows dated in another year than most of the file's (ties: the latest)."""
    years = table["as_of"].str[:4].astype(int)
    counts = Counter(years.tolist())
    year = max(counts, key=lambda y: (counts[y], y))
    other = table[years != year]
    if other.empty:
        return
    first = other.iloc[0]
    same = [str(r) for r in table.loc[years == year, "_row"]][:5]
    raise DataError(f"{grid.source}, row {first['_row']}, column "
                    f"{grid.header[cols['as_of']]!r}: {first['as_of']} is in {first['as_of'][:4]}"
                    f" while the file's other figures are of {year} (row"
                    f"{'s' if len(same) > 1 else ''} {', '.join(same)}); a year-to-date file "
                    "holds one year's figures: correct the date, or put that year's figures in "
                    "a file of their own")


def _text(value: object) -> str:
    """Return a cell's value as comparable text (NaN as empty)."""
    if isinstance(value, float):
        return "" if math.isnan(value) else f"{value:g}"
    return str(value)


def _check_conflicts(table: pd.DataFrame, source: str) -> None:
    """Refuse two different rows for one region, indicator and date, or two targets a year.

    An empty annual target (one the targets supply, :func:`load_ytd`'s ``targets``) is
    no second target.
    """
    records = table.to_dict("records")
    values = [c for c in YTD_COLUMNS if c not in ("region", "indicator", "as_of")]
    _first_clash(records, ("region", "indicator", "as_of"), values, source)
    for rec in records:
        rec["year"] = str(rec["as_of"])[:4]
    stated = [r for r in records if not math.isnan(float(r["annual_target"]))]
    _first_clash(stated, ("region", "indicator", "year"), ["annual_target"], source)


def _first_clash(records: list[dict[str, object]], keys: tuple[str, ...], values: list[str],
                 source: str) -> None:
    """Raise for the first two records with equal ``keys`` and different ``values``."""
    seen: dict[tuple[str, ...], dict[str, object]] = {}
    for rec in records:
        key = tuple(_text(rec[k]) for k in keys)
        earlier = seen.setdefault(key, rec)
        column = next((c for c in values if _text(rec[c]) != _text(earlier[c])), None)
        if column is None:
            continue
        label = " ".join(k or "(no region)" for k in key)
        both = [_text(r[column]) if isinstance(r[column], float) else shown(_text(r[column]))
                for r in (earlier, rec)]
        raise DataError(f"{source}, rows {earlier['_row']}, {rec['_row']}, column {column!r}: "
                        f"conflicting values {both[0]}, {both[1]} for {label}; keep one")


def _merge_identical(table: pd.DataFrame) -> tuple[pd.DataFrame, list[dict[str, object]]]:
    """Drop rows identical to an earlier one; return them as ``skipped`` entries.

    Run after :func:`_check_conflicts`: rows with one key are then identical. Not the
    history's and targets' ``_loaded.merge_identical``, on purpose: this one keys rows on
    the text :func:`_check_conflicts` compares (:func:`_text`: numbers to 6 significant
    digits, NaN as empty), so rows that check lets through as one figure (63.05 and
    63.050001) are merged rather than left as two rows of one region, indicator and
    date; ``tests/data/test_ytd_merge.py`` pins it.
    """
    first: dict[tuple[str, ...], int] = {}
    keep, merged = [], []
    for rec in table.to_dict("records"):
        row = first.setdefault(tuple(_text(rec[c]) for c in YTD_COLUMNS), int(rec["_row"]))
        keep.append(row == rec["_row"])
        if row != rec["_row"]:
            merged.append({"row": int(rec["_row"]), "reason": f"duplicate of row {row}",
                           "text": ""})
    return table.loc[keep], merged


def _warn_growth(warned: list[int], source: str, column: str) -> None:
    if warned:
        warnings.warn(
            f"{source}, row{'s' if len(warned) > 1 else ''} {', '.join(map(str, warned))}, "
            f"column {column!r}: a year-on-year growth between -1 and 1 % (in percent): a "
            "fraction written for percent (0.387 for 38.7 %)? if so write 38.7 or 38.7%",
            DataWarning, stacklevel=3)


def load_ytd(path: str | Path | None = None, *, sheet: str | int | None = None,
             targets: pd.DataFrame | None = None) -> pd.DataFrame:
    """Load a year-to-date table (the bundled 2024 figures when ``path`` is ``None``).

    Parameters
    ----------
    path : str or Path, optional
        A CSV or ``.xlsx`` file with the columns :data:`YTD_COLUMNS` or their Chinese
        names (:data:`YTD_HEADER_ALIASES`); ``region``, ``unit``, ``yoy_growth_percent``,
        ``reported_pace_percent``, ``source`` and ``quote`` may be absent or empty.
    sheet : str or int, optional
        Excel sheet name or index.
    targets : DataFrame, optional
        A targets table (:func:`~huaian_forecast.data.load_targets`) that supplies the
        annual targets: a row may then leave ``annual_target`` empty (or the file lack the
        column) where ``targets`` has a target of its region (none: the home region),
        indicator and year; such a row's ``annual_target`` is NaN, for
        :func:`~huaian_forecast.analysis.pace_table`, which paces it against that target.
        Without ``targets`` every row needs its own.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`YTD_COLUMNS`, one row per row of the file (identical repeated rows
        merged); indicators as keys, regions as canonical names (empty where the file
        gives none: such a row counts for any region), values in the indicator's unit
        (``unit``), numbers as floats (NaN where empty), ``as_of`` as text
        ``YYYY-MM-DD``. ``attrs`` holds ``source``, ``sha256`` (of the file's bytes),
        ``content_hash`` (of the table as loaded, a SHA-256 of its cells)
        and ``skipped`` (rows read as title, blank, footnote or duplicate, as in the
        history).

    Raises
    ------
    DataError
        Naming the file, row and column: a missing column, an empty required cell (an
        empty annual target that ``targets`` does not supply names the targets too), a
        cell that is not a number or not a date, an unknown indicator, a unit that does
        not fit it, a value not above 0 or outside the indicator's plausible range, and
        the checks of the module docstring (two years, conflicting rows, a year-to-date
        figure and target on different scales).
    ArgumentError
        A ``targets`` row (a table made by hand) whose year is no whole number (NaN,
        2024.5, True: :func:`~huaian_forecast.data.whole_year`), naming the row by its
        index label and indicator (:func:`~huaian_forecast.data.targets_row`).

    Warns
    -----
    DataWarning
        A region that is not a known one; a growth between -1 and 1 %; a date after
        today (kept).

    Examples
    --------
    >>> ytd = load_ytd()
    >>> float(ytd.loc[ytd.indicator == "enterprise_rd", "ytd_value"].iloc[0])
    63.05
    """
    file = data_file("ytd_2024.csv") if path is None else Path(path)
    data = read_input(file)  # the one read: the grid and the hash come from these bytes
    grid = read_grid(file, data, sheet=sheet, is_header=_is_header)
    supplied = supplied_targets(targets)
    cols = find_columns(grid, required=_REQUIRED if supplied is None else _REQUIRED_WITH_TARGETS,
                        kind="year-to-date", aliases=YTD_HEADER_ALIASES)
    warned: list[int] = []
    records = [ytd_record(RowReader(grid, number, row, cols), warned, supplied)
               for number, row in zip(grid.row_numbers, grid.rows, strict=True)]
    if not records:
        raise DataError(f"{grid.source}, row {grid.header_row}: no data rows below the "
                        "header; expected one row per indicator and date")
    table = pd.DataFrame.from_records(records, columns=[*YTD_COLUMNS, "_row", "_col"])
    _check_one_year(table, grid, cols)
    warn_future_dates(table, grid.source, grid.header[cols["as_of"]])
    _check_conflicts(table, grid.source)
    check_regions(table[table["region"] != ""], grid.source)
    _warn_growth(warned, grid.source, grid.header[cols["yoy_growth_percent"]]
                 if "yoy_growth_percent" in cols else "yoy_growth_percent")
    table, duplicates = _merge_identical(table)
    table = table.drop(columns=["_row", "_col"]).reset_index(drop=True)
    table.attrs.update(source=str(file), content_hash=content_hash(table),
                       sha256=hashlib.sha256(data).hexdigest(),
                       skipped=[*grid.skipped, *duplicates])
    return table


def empty_ytd() -> pd.DataFrame:
    """Return a year-to-date table without rows: "no year-to-date figures" for a whole run.

    Given to :func:`~huaian_forecast.simulate` (``ytd=``, or a ``RunSpec``'s ``ytd``) the
    first simulated year's delivery keeps its prior; given to the assessment, no target
    is nowcast (``--no-ytd`` on the command line).

    Examples
    --------
    >>> len(empty_ytd()), ytd_identity(empty_ytd())
    (0, 'none')
    """
    table = pd.DataFrame({c: pd.Series(dtype=float if c in _NUMBERS else object)
                          for c in YTD_COLUMNS})
    table.attrs.update(source=NO_YTD, sha256=NO_YTD, skipped=[])
    return table
