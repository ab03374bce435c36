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

from huaian_forecast._resources import data_file
from huaian_forecast._tabular import Grid, read_grid
from huaian_forecast._validate import (
    check_duplicates,
    check_range,
    find_columns,
    is_footnote,
    resolve_kind,
    resolve_region,
    resolve_unit,
    year_columns,
)
from huaian_forecast._values import parse_value, parse_year
from huaian_forecast.exceptions import DataError
from huaian_forecast.indicators import INDICATORS, resolve_indicator

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
    grid = read_grid(file, sheet=sheet)
    records = _history_records(grid, default_region=region)
    table = pd.DataFrame.from_records(records, columns=[*HISTORY_COLUMNS, "_row"])
    check_duplicates(table, grid.source)
    table = table.drop(columns="_row").sort_values(
        ["region", "indicator", "year", "kind", "source"], kind="stable").reset_index(drop=True)
    table["year"] = table["year"].astype("int64")
    table["value"] = table["value"].astype("float64")
    table.attrs.update(source=str(file), sha256=_sha256(file),
                       skipped=_skipped_rows(grid))
    return table


def _sha256(path: Path) -> str:
    from huaian_forecast._resources import file_sha256

    return file_sha256(path)


def _skipped_rows(grid: Grid) -> list[int]:
    return [n for n, row in zip(grid.row_numbers, grid.rows, strict=True) if is_footnote(row)]


def _history_records(grid: Grid, *, default_region: str) -> list[dict[str, object]]:
    years = year_columns(grid.header)
    if years:
        return _wide_records(grid, years, default_region)
    cols = find_columns(grid, required=_HISTORY_REQUIRED, kind="history")
    out = []
    for number, row in zip(grid.row_numbers, grid.rows, strict=True):
        if is_footnote(row):
            continue
        cell = _CellReader(grid, number, row, cols)
        out.append(_one_record(cell, default_region, cell.get("year"), "value"))
    return out


def _wide_records(grid: Grid, years: dict[int, int], default_region: str
                  ) -> list[dict[str, object]]:
    cols = find_columns(grid, required=("indicator",), kind="history", ignore=set(years))
    out = []
    for number, row in zip(grid.row_numbers, grid.rows, strict=True):
        if is_footnote(row):
            continue
        cell = _CellReader(grid, number, row, cols)
        for col_index, year in years.items():
            if row[col_index] == "":
                continue  # a gap in a wide table is a missing year, not a value
            cell.columns["value"] = col_index
            out.append(_one_record(cell, default_region, str(year), "value"))
    return out


class _CellReader:
    """Access to one row's cells by logical column name, with located error messages."""

    def __init__(self, grid: Grid, number: int, row: list[str], cols: dict[str, int]):
        self.grid, self.number, self.row, self.columns = grid, number, row, dict(cols)

    def get(self, name: str) -> str:
        index = self.columns.get(name)
        return "" if index is None else self.row[index]

    def error(self, name: str, message: str) -> DataError:
        index = self.columns.get(name)
        header = self.grid.header[index] if index is not None else name
        return DataError(f"{self.grid.source}, row {self.number}, column {header!r}: {message}")


def _one_record(cell: _CellReader, default_region: str, year_text: str, value_col: str
                ) -> dict[str, object]:
    key = resolve_indicator(cell.get("indicator"))
    if key is None:
        raise cell.error("indicator", f"unknown indicator {cell.get('indicator')!r}; known: "
                         f"{', '.join(sorted(INDICATORS))} (or their Chinese names)")
    ind = INDICATORS[key]
    try:
        year = parse_year(year_text)
    except ValueError as exc:
        raise cell.error("year", str(exc)) from None
    if not 1949 <= year <= 2100:
        raise cell.error("year", f"year {year} is outside 1949-2100")
    unit = resolve_unit(cell.get("unit"), ind, cell.error)
    try:
        parsed = parse_value(cell.get(value_col), ind.unit if unit is None else unit)
    except ValueError as exc:
        raise cell.error(value_col, f"{exc} (indicator {key}, unit {ind.unit})") from None
    value = parsed.value
    kind = resolve_kind(cell.get("kind"), parsed.kind, cell.error)
    check_range(value, ind, lambda msg: cell.error(value_col, msg))
    confidence = cell.get("confidence").casefold() or "unknown"
    if confidence not in _CONFIDENCE | {"unknown"}:
        raise cell.error("confidence", f"{confidence!r} is not one of high, medium, low")
    return {
        "region": resolve_region(cell.get("region")) or default_region,
        "indicator": key, "year": year, "value": value, "unit": ind.unit, "kind": kind,
        "source": cell.get("source") or f"{Path(cell.grid.source).name}, row {cell.number}",
        "confidence": confidence, "quote": cell.get("quote"), "_row": cell.number,
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
    from huaian_forecast._validate import target_records

    file = data_file("targets.csv") if path is None else Path(path)
    grid = read_grid(file, sheet=sheet)
    table = pd.DataFrame.from_records(target_records(grid), columns=list(TARGET_COLUMNS))
    table["year"] = table["year"].astype("int64")
    table["threshold"] = table["threshold"].astype("float64")
    table.attrs.update(source=str(file), sha256=_sha256(file))
    return table
