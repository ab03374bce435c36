"""Load and validate observation tables: the bundled reference data or a planner's file.

The observation table is long: one row per region x indicator x year x source, with the
columns in :data:`HISTORY_COLUMNS`. A planner's CSV (UTF-8, UTF-8 with BOM, UTF-16 with
BOM, GB18030/GBK) or ``.xlsx`` file may use English or Chinese headers (see
:data:`~huaian_forecast.data._validate.HEADER_ALIASES`), and a long layout, a wide one (one
column per year, headers ``2023`` or ``2023年``) or one column per indicator (headers
such as ``年份, 高新技术企业数, 高新技术产业产值占比``). Anything that cannot be read with
certainty raises :class:`~huaian_forecast.DataError` whose message reads
``<file>, row N, column 'X': <what is wrong>; <what was expected>``.

Documented normalisations (the full list, with one test file each, is
``tests/data/bad/README.md``):

- file level (:mod:`huaian_forecast.data._tabular`): encodings as above; a title row above
  the header, blank rows and footnote rows (``数据来源：…``, ``注：…``) are skipped;
  Excel percent-formatted cells read as percent; vertically merged Excel cells are filled
  down;
- cell level (:mod:`huaian_forecast.data._values`): full-width digits and punctuation,
  thousands separators, unit suffixes matching the indicator (``31.6%``, ``768家``,
  ``100亿元``; ``万元`` converted to 亿元), bound and approximation markers (``突破``,
  ``以上``, ``约`` ...), years ``2023年``;
- table level: a row identical in every column to an earlier one is merged; an empty
  cell in a wide table is a missing year; rows without a ``source`` get the file name.

Refused on purpose (each with its own message): a unit stated only in a title or note
row (``单位：万元``), a wide header that looks like a year but is not one (``2023(预计)``),
a year or value column beside year columns, and a share indicator whose values are all
at most 1 (fractions written where percent is expected).

Rows are never dropped silently: every skipped or merged row is listed in
``table.attrs["skipped"]`` as ``{"row": n, "reason": ..., "text": ...}`` with reason
``title``, ``blank``, ``footnote``, ``header repeated``, ``section`` or ``duplicate of
row m``; columns the loader does not read are listed in ``table.attrs["ignored_columns"]``.
Control and text-direction characters (U+0001, U+202E ...) are refused in
identifiers (region, indicator, unit, kind, year ...) and removed from free text (source,
quote) with a :class:`~huaian_forecast.DataWarning`; the cleaned cells are listed in
``table.attrs["cleaned"]`` as ``{"row": n, "column": ..., "removed": ["U+0001"]}``. A
source or quote read without the report writer's formula escape (one ``'`` before ``=``,
``+``, ``-`` or ``@``) is listed there too, logged but not warned about, as ``{"row": n,
"column": ..., "removed": ["U+0027"], "what": "leading ' removed (the writer's formula
escape)"}``.
Input size is limited before parsing (see :class:`Limits`), and values outside an
indicator's plausible range, R&D spend implausible for the GDP of the same region and
year, or a step between two years no series shows, are errors
(:mod:`huaian_forecast.data._plausible`); a value that is 10, 100 ... times a number of
its own quote is warned (:mod:`huaian_forecast.data._quotes`), and so is an observation
(not ``derived``) of a year after the current one: it cannot be published yet and would
become the origin of the simulation (:mod:`huaian_forecast.data._clock`).
A partially filled row (an indicator without a value, a value without an indicator) is an
error, never skipped.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd

from huaian_forecast.data._clock import warn_future_years
from huaian_forecast.data._limits import Limits
from huaian_forecast.data._loaded import (
    log_loaded,
    merge_identical,
    sheet_hint,
    warn_cleaned,
    warn_converted,
)
from huaian_forecast.data._plausible import (
    check_gdp_steps,
    check_intensity,
    check_level_steps,
    check_percent_scale,
    check_range,
    check_share_scale,
)
from huaian_forecast.data._quotes import check_quotes
from huaian_forecast.data._regions import HOME_REGION, check_regions
from huaian_forecast.data._resources import data_file
from huaian_forecast.data._tabular import Grid, read_grid, read_input
from huaian_forecast.data._validate import (
    RowReader,
    check_duplicates,
    check_wide_header,
    find_columns,
    indicator_columns,
    looks_like_header,
    resolve_confidence,
    resolve_kind,
    resolve_unit,
    year_columns,
)
from huaian_forecast.data._values import parse_value, shown
from huaian_forecast.exceptions import DataError

__all__ = ["HISTORY_COLUMNS", "Limits", "load_history"]

#: Columns of the observation table, in order.
HISTORY_COLUMNS: tuple[str, ...] = (
    "region", "indicator", "year", "value", "unit", "kind", "source", "confidence", "quote",
)
_HISTORY_REQUIRED = ("indicator", "year", "value")
_SORT = ["region", "indicator", "year", "kind", "value", "source"]


def load_history(path: str | Path | None = None, *, sheet: str | int | None = None,
                 region: str = HOME_REGION, limits: Limits | None = None) -> pd.DataFrame:
    """Load an observation table and validate every row.

    Parameters
    ----------
    path : str or Path, optional
        A CSV or ``.xlsx`` file. ``None`` loads the bundled reference data.
    sheet : str or int, optional
        Excel sheet name or index (default: the first sheet).
    region : str, default HOME_REGION ("Huai'an")
        Region assigned to rows when the file has no region column.
    limits : Limits, optional
        File size, row, column, cell and cell-length limits checked before the file is
        parsed (default: :meth:`Limits.from_env`, i.e. the defaults unless
        ``HUAIAN_FORECAST_MAX_*`` environment variables raise them).

    Returns
    -------
    pandas.DataFrame
        Columns :data:`HISTORY_COLUMNS`, sorted by region, indicator, year, kind, value
        and source, so the row order of the file does not matter. ``attrs`` holds
        ``source`` (the file), ``sha256`` (of the bytes parsed: the file is read once)
        and ``skipped`` (rows read as title, blank, footnote or duplicate; see the module
        docstring).

    Raises
    ------
    DataError
        Unknown indicator, non-numeric value, year outside 1949-2100, share outside
        0-100 %, negative or fractional count, conflicting duplicates, missing column,
        empty file or sheet, undecodable or mixed encodings; the message names the file,
        row and column.

    Warns
    -----
    DataWarning
        Naming file, rows and column: an observation of a year after the current one
        (kept; it becomes the simulation's origin), a value 10, 100 ... times a number
        of its own quote, a unit column saying fraction, control characters removed.

    Examples
    --------
    >>> hist = load_history()
    >>> row = hist[(hist["indicator"] == "hte_count") & (hist["year"] == 2023)]
    >>> int(row["value"].iloc[0])
    768
    """
    file = data_file("observations.csv") if path is None else Path(path)
    limits = Limits.from_env() if limits is None else limits
    data = read_input(file, limits)  # the one read: everything below uses these bytes
    with sheet_hint(file, data, sheet):
        return _load_history(file, data, sheet, region, limits)


def _load_history(file: Path, data: bytes, sheet: str | int | None, region: str,
                  limits: Limits) -> pd.DataFrame:
    grid = read_grid(file, data, sheet=sheet, is_header=looks_like_header, limits=limits)
    cols, spread = _layout(grid)
    _check_observations(grid, spread, limits)
    converted: list[int] = []
    cleaned: list[dict[str, object]] = []
    records = _history_records(grid, cols, spread, default_region=region,
                               converted=converted, cleaned=cleaned)
    if not records:
        raise DataError(f"{grid.source}, row {grid.header_row}: no data rows below the "
                        "header; expected one row per region, indicator and year")
    table = pd.DataFrame.from_records(records, columns=[*HISTORY_COLUMNS, "_row", "_col"])
    check_duplicates(table, grid.source)
    check_share_scale(table, grid.source)
    check_intensity(table, grid.source)
    check_gdp_steps(table, grid.source)
    check_level_steps(table, grid.source)
    check_regions(table, grid.source)
    check_quotes(table, grid.source)
    warn_future_years(table, grid.source, grid.header[cols["year"]] if "year" in cols else None)
    warn_converted(converted, grid.source)
    table, duplicates = merge_identical(table, HISTORY_COLUMNS)
    table = table.sort_values(_SORT, kind="stable").reset_index(drop=True)
    table["year"] = table["year"].astype("int64")
    table["value"] = table["value"].astype("float64")
    table.attrs.update(source=str(file), sha256=hashlib.sha256(data).hexdigest(),
                       skipped=[*grid.skipped, *duplicates],
                       ignored_columns=_ignored_columns(grid, cols, spread), cleaned=cleaned)
    warn_cleaned(cleaned, grid.source)
    log_loaded(table, grid.source)
    return table


#: Spread columns of a wide table: column index -> (the field it fixes, its value).
Spread = dict[int, tuple[str, str]]


def _layout(grid: Grid) -> tuple[dict[str, int], Spread]:
    """Find the layout: long, wide by year (2022, 2023 ...) or one column per indicator."""
    years = year_columns(grid.header)
    if years:
        cols = find_columns(grid, required=("indicator",), kind="history", ignore=set(years))
        check_wide_header(grid, years, cols)
        return cols, {i: ("year", str(y)) for i, y in years.items()}
    named = indicator_columns(grid.header)
    if named:
        cols = find_columns(grid, required=("year",), kind="history", ignore=set(named))
        for name in ("indicator", "value"):
            if name in cols:
                raise DataError(
                    f"{grid.source}, row {grid.header_row}, column "
                    f"{grid.header[cols[name]]!r}: {'an' if name[0] == 'i' else 'a'} {name} "
                    "column next to indicator "
                    f"columns ({grid.header[min(named)]!r} ...); use either a long table "
                    "(indicator, year, value) or one column per indicator")
        return cols, {i: ("indicator", grid.header[i]) for i in named}
    return find_columns(grid, required=_HISTORY_REQUIRED, kind="history"), {}


def _ignored_columns(grid: Grid, cols: dict[str, int], spread: Spread) -> list[str]:
    """Headers of the columns the loader does not read (listed, never silently dropped)."""
    used = set(cols.values()) | set(spread)
    return [h for i, h in enumerate(grid.header) if h and i not in used]


def _check_observations(grid: Grid, spread: Spread, limits: Limits) -> None:
    """Refuse a wide table with more filled value cells than the row limit, before reading.

    Each filled cell of a wide table becomes one observation (one row of the long table),
    and the per-observation checks are the loader's slow part: 1,000,000 of them take
    minutes and gigabytes.
    """
    if not spread:
        return  # a long table has one observation per row: the grid checked the count
    count = sum(1 for row in grid.rows for i in spread if row[i] != "")
    if count > limits.max_rows:
        raise limits.refuse(grid.source, f"the wide table holds {count:,} values (one "
                            "observation each)", "max_rows")


def _history_records(grid: Grid, cols: dict[str, int], spread: Spread, *,
                     default_region: str, converted: list[int],
                     cleaned: list[dict[str, object]]) -> list[dict[str, object]]:
    region_required = "region" in cols and any(r[cols["region"]] for r in grid.rows)
    out = []
    for number, row in zip(grid.row_numbers, grid.rows, strict=True):
        cell = RowReader(grid, number, row, cols, cleaned)
        if not spread:
            out.append(_one_record(cell, default_region, region_required, converted))
            continue
        filled = [i for i in spread if row[i] != ""]
        if not filled:  # a gap in a wide table is a missing value; a row of gaps is an error
            label = "indicator" if next(iter(spread.values()))[0] == "year" else "year"
            raise cell.error(label, "the row has no value in any of the columns "
                             f"{', '.join(grid.header[i] for i in spread)}; fill in a value or "
                             "delete the row")
        for index in filled:
            cell.columns["value"] = index
            cell.fixed = dict([spread[index]])
            out.append(_one_record(cell, default_region, region_required, converted))
    return out


def _one_record(cell: RowReader, default_region: str, region_required: bool,
                converted: list[int]) -> dict[str, object]:
    ind = cell.indicator()
    year = cell.year(name="value" if "year" in cell.fixed else "year")
    unit = resolve_unit(cell.get("unit"), ind, cell.error)
    try:
        parsed = parse_value(cell.get("value"), ind.unit if unit is None else unit)
    except ValueError as exc:
        raise cell.error("value", f"{exc} (indicator {ind.key}, unit {ind.unit})") from None
    kind = resolve_kind(cell.get("kind"), parsed.kind, cell.error)
    if unit == "fraction":
        converted.append(cell.number)
    else:  # first: a fraction written for percent gets the message that says so
        check_percent_scale(parsed.value, ind, lambda msg: cell.error("value", msg))
    check_range(parsed.value, ind, lambda msg: cell.error("value", msg))
    confidence = resolve_confidence(cell.get("confidence"))
    if confidence is None:
        raise cell.error("confidence", f"{shown(cell.get('confidence'))} is not a confidence; "
                         "expected one of "
                         "high, medium, low, unknown (or empty)")
    return {
        "region": cell.region(default_region, region_required),
        "indicator": ind.key, "year": year, "value": parsed.value, "unit": ind.unit,
        "kind": kind, "confidence": confidence, "quote": cell.get("quote"),
        "source": cell.get("source") or Path(cell.grid.source).name,
        "_row": cell.number, "_col": cell.header("value"),
    }
