"""Load and validate observation tables: the bundled reference data or a planner's file.

The observation table is long: one row per region x indicator x year x source, with the
columns in :data:`HISTORY_COLUMNS`. A planner's CSV (UTF-8, UTF-8 with BOM, GB18030/GBK)
or ``.xlsx`` file may use English or Chinese headers, and a long or a wide layout (one
column per year). Anything that cannot be read with certainty raises
:class:`~huaian_forecast.DataError` naming the file, row and column. Rows are never dropped
silently: blank rows and footnote rows ("数据来源：…") are skipped and listed in
``table.attrs["skipped"]``.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from huaian_forecast._resources import data_file, file_sha256
from huaian_forecast._tabular import Grid, Skipped, read_grid
from huaian_forecast._validate import (
    RowReader,
    check_duplicates,
    check_range,
    find_columns,
    looks_like_header,
    resolve_kind,
    resolve_unit,
    target_records,
    year_columns,
)
from huaian_forecast._values import parse_value
from huaian_forecast.exceptions import DataError

__all__ = ["HISTORY_COLUMNS", "TARGET_COLUMNS", "load_history", "load_targets"]

#: Columns of the observation table, in order.
HISTORY_COLUMNS: tuple[str, ...] = (
    "region", "indicator", "year", "value", "unit", "kind", "source", "confidence", "quote",
)
#: Columns of the targets table, in order.
TARGET_COLUMNS: tuple[str, ...] = (
    "region", "indicator", "year", "threshold", "direction", "unit", "horizon", "source",
    "quote",
)
_HISTORY_REQUIRED = ("indicator", "year", "value")
_CONFIDENCE = {"high", "medium", "low"}
_SORT = ["region", "indicator", "year", "kind", "value", "source"]


def load_history(path: str | Path | None = None, *, sheet: str | int | None = None,
                 region: str = "Huai'an") -> pd.DataFrame:
    """Load an observation table and validate every row.

    Parameters
    ----------
    path : str or Path, optional
        A CSV or ``.xlsx`` file. ``None`` loads the bundled reference data.
    sheet : str or int, optional
        Excel sheet name or index (default: the first sheet).
    region : str, default "Huai'an"
        Region assigned to rows when the file has no region column.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`HISTORY_COLUMNS`, sorted by region, indicator, year. ``attrs``
        holds ``source`` (the file), ``sha256`` (of its bytes) and ``skipped`` (file rows
        read as blank or footnotes).

    Raises
    ------
    DataError
        Unknown indicator, non-numeric value, year outside 1949-2100, share outside
        0-100 %, negative or fractional count, conflicting duplicates, missing column.

    Examples
    --------
    >>> hist = load_history()
    >>> row = hist[(hist["indicator"] == "hte_count") & (hist["year"] == 2023)]
    >>> int(row["value"].iloc[0])
    768
    """
    file = data_file("observations.csv") if path is None else Path(path)
    grid = read_grid(file, sheet=sheet, is_header=looks_like_header)
    records = _history_records(grid, default_region=region)
    if not records:
        raise DataError(f"{grid.source}, row {grid.header_row}: no data rows below the "
                        "header; expected one row per region, indicator and year")
    table = pd.DataFrame.from_records(records, columns=[*HISTORY_COLUMNS, "_row", "_col", "_auto"])
    check_duplicates(table, grid.source)
    table, duplicates = _merge_identical(table)
    table = table.sort_values(_SORT, kind="stable").reset_index(drop=True)
    table["year"] = table["year"].astype("int64")
    table["value"] = table["value"].astype("float64")
    table.attrs.update(source=str(file), sha256=file_sha256(file),
                       skipped=[*grid.skipped, *duplicates])
    return table


def _merge_identical(table: pd.DataFrame) -> tuple[pd.DataFrame, list[Skipped]]:
    """Drop rows identical to an earlier one (but for the row-numbered default source).

    Returns the table without helper columns and the merged rows as ``skipped`` entries.
    """
    content = [c for c in HISTORY_COLUMNS if c != "source"]
    key = table[content].astype(str).agg("\x1f".join, axis=1) + "\x1f" + table["source"].where(
        ~table["_auto"], "")
    first_row = table.groupby(key, sort=False)["_row"].transform("first")
    dup = first_row != table["_row"]
    merged = [{"row": int(r), "reason": f"duplicate of row {int(f)}", "text": ""}
              for r, f in zip(table.loc[dup, "_row"], first_row[dup], strict=True)]
    return table.loc[~dup].drop(columns=["_row", "_col", "_auto"]), merged


def _history_records(grid: Grid, *, default_region: str) -> list[dict[str, object]]:
    years = year_columns(grid.header)
    required = ("indicator",) if years else _HISTORY_REQUIRED
    cols = find_columns(grid, required=required, kind="history", ignore=set(years))
    region_required = "region" in cols and any(r[cols["region"]] for r in grid.rows)
    out = []
    for number, row in zip(grid.row_numbers, grid.rows, strict=True):
        cell = RowReader(grid, number, row, cols)
        if not years:
            out.append(_one_record(cell, default_region, region_required, None))
            continue
        filled = [(i, y) for i, y in years.items() if row[i] != ""]
        if not filled:  # a gap in a wide table is a missing year; a row of gaps is an error
            raise cell.error("indicator", "the row has no value in any year column "
                             f"({', '.join(grid.header[i] for i in years)}); fill in a value "
                             "or delete the row")
        for col_index, year in filled:
            cell.columns["value"] = col_index
            out.append(_one_record(cell, default_region, region_required, year))
    return out


def _one_record(cell: RowReader, default_region: str, region_required: bool,
                wide_year: int | None) -> dict[str, object]:
    ind = cell.indicator()
    year = cell.year() if wide_year is None else cell.year(str(wide_year), name="value")
    unit = resolve_unit(cell.get("unit"), ind, cell.error)
    try:
        parsed = parse_value(cell.get("value"), ind.unit if unit is None else unit)
    except ValueError as exc:
        raise cell.error("value", f"{exc} (indicator {ind.key}, unit {ind.unit})") from None
    kind = resolve_kind(cell.get("kind"), parsed.kind, cell.error)
    check_range(parsed.value, ind, lambda msg: cell.error("value", msg))
    confidence = cell.get("confidence").casefold() or "unknown"
    if confidence not in _CONFIDENCE | {"unknown"}:
        raise cell.error("confidence", f"{confidence!r} is not a confidence; expected one of "
                         "high, medium, low (or empty)")
    return {
        "region": cell.region(default_region, region_required),
        "indicator": ind.key, "year": year, "value": parsed.value, "unit": ind.unit,
        "kind": kind, "confidence": confidence, "quote": cell.get("quote"),
        "source": cell.get("source") or f"{Path(cell.grid.source).name}, row {cell.number}",
        "_row": cell.number, "_col": cell.header("value"), "_auto": not cell.get("source"),
    }


def load_targets(path: str | Path | None = None, *, sheet: str | int | None = None
                 ) -> pd.DataFrame:
    """Load a targets table (the bundled seed targets when ``path`` is ``None``).

    Returns
    -------
    pandas.DataFrame
        Columns :data:`TARGET_COLUMNS`; ``direction`` is ``"at_least"`` or ``"at_most"``.

    Raises
    ------
    DataError
        As :func:`load_history`, naming file, row and column.

    Examples
    --------
    >>> targets = load_targets()
    >>> targets.query("year == 2030 and indicator == 'hte_count'")["threshold"].item()
    1500.0
    """
    file = data_file("targets.csv") if path is None else Path(path)
    grid = read_grid(file, sheet=sheet, is_header=looks_like_header)
    records = target_records(grid)
    if not records:
        raise DataError(f"{grid.source}, row {grid.header_row}: no data rows below the "
                        "header; expected one row per target")
    table = pd.DataFrame.from_records(records, columns=[*TARGET_COLUMNS, "_row", "_col"])
    check_duplicates(table, grid.source, value="threshold",
                     keys=("region", "indicator", "year", "direction"))
    table = table.drop(columns=["_row", "_col"])
    table["year"] = table["year"].astype("int64")
    table["threshold"] = table["threshold"].astype("float64")
    table.attrs.update(source=str(file), sha256=file_sha256(file), skipped=grid.skipped)
    return table
