"""Year-to-date figures (序时进度 input): read and validated like the history.

One row per indicator: ``region, indicator, as_of, ytd_value, unit, yoy_growth_percent,
annual_target, reported_pace_percent, source, quote``. Empty growth / pace cells are
missing values (NaN), not zero. ``as_of`` is read by
:func:`~huaian_forecast.data.seasonal.as_date` (also an Excel date cell) and kept as
``YYYY-MM-DD`` text, so every stage reads the same day.
"""

from __future__ import annotations

import hashlib
import math
from pathlib import Path

import pandas as pd

from huaian_forecast.data._resources import data_file
from huaian_forecast.data._tabular import read_grid, read_input
from huaian_forecast.data._values import shown
from huaian_forecast.data.provenance import data_hash
from huaian_forecast.data.seasonal import as_date
from huaian_forecast.exceptions import ArgumentError, DataError

__all__ = ["NO_YTD", "YTD_COLUMNS", "empty_ytd", "load_ytd", "ytd_identity", "ytd_provenance"]

#: Columns of a year-to-date table, in order.
YTD_COLUMNS: tuple[str, ...] = (
    "region", "indicator", "as_of", "ytd_value", "unit", "yoy_growth_percent",
    "annual_target", "reported_pace_percent", "source", "quote",
)
#: :func:`ytd_identity` of a table without rows: no year-to-date figures.
NO_YTD = "none"
_REQUIRED = ("indicator", "as_of", "ytd_value", "annual_target")
_NUMBERS = ("ytd_value", "yoy_growth_percent", "annual_target", "reported_pace_percent")


def _is_header(row: list[str]) -> bool:
    return "indicator" in [c.strip() for c in row]


def _number(text: str, where: str, *, required: bool) -> float:
    text = text.strip().replace(",", "")
    if not text:
        if required:
            raise DataError(f"{where}: empty; a number is required")
        return math.nan
    try:
        value = float(text)
    except ValueError:
        raise DataError(f"{where}: {shown(text)} is not a number") from None
    if not math.isfinite(value):
        raise DataError(f"{where}: {shown(text)} is not a finite number")
    return value


def _day(text: str, where: str) -> str:
    try:
        return as_date(text).isoformat()
    except ArgumentError:
        raise DataError(f"{where}: {shown(text)} is not a date (expected e.g. 2024-05-31)"
                        ) from None


def load_ytd(path: str | Path | None = None, *, sheet: str | int | None = None
             ) -> pd.DataFrame:
    """Load a year-to-date table (the bundled 2024 figures when ``path`` is ``None``).

    Parameters
    ----------
    path : str or Path, optional
        A CSV or ``.xlsx`` file with the columns :data:`YTD_COLUMNS` (``region``,
        ``unit``, ``yoy_growth_percent``, ``reported_pace_percent``, ``source`` and
        ``quote`` may be absent or empty).
    sheet : str or int, optional
        Excel sheet name or index.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`YTD_COLUMNS`; numbers as floats (NaN where empty), ``as_of`` as
        text ``YYYY-MM-DD``.

    Raises
    ------
    DataError
        A missing column, an empty required cell or a cell that is not a number, naming
        the file, row and column; an ``as_of`` that is not a date likewise.

    Examples
    --------
    >>> ytd = load_ytd()
    >>> float(ytd.loc[ytd.indicator == "enterprise_rd", "ytd_value"].iloc[0])
    63.05
    """
    file = data_file("ytd_2024.csv") if path is None else Path(path)
    data = read_input(file)  # the one read: the grid and the hash come from these bytes
    grid = read_grid(file, data, sheet=sheet, is_header=_is_header)
    header = [h.strip() for h in grid.header]
    missing = [c for c in _REQUIRED if c not in header]
    if missing:
        raise DataError(f"{grid.source}, row {grid.header_row}: missing column(s) {missing}; "
                        f"a year-to-date table has {list(YTD_COLUMNS)}")
    records = []
    for number, row in zip(grid.row_numbers, grid.rows, strict=True):
        cells = dict(zip(header, row, strict=False))
        rec: dict[str, object] = {c: cells.get(c, "").strip() for c in YTD_COLUMNS}
        for col in _NUMBERS:
            where = f"{grid.source}, row {number}, column {col!r}"
            rec[col] = _number(str(rec[col]), where, required=col in _REQUIRED)
        if not rec["indicator"] or not rec["as_of"]:
            raise DataError(f"{grid.source}, row {number}: 'indicator' and 'as_of' are "
                            "required")
        rec["as_of"] = _day(str(rec["as_of"]), f"{grid.source}, row {number}, column 'as_of'")
        records.append(rec)
    table = pd.DataFrame.from_records(records, columns=list(YTD_COLUMNS))
    table.attrs.update(source=str(file), content_hash=data_hash(table),
                       sha256=hashlib.sha256(data).hexdigest(),
                       skipped=grid.skipped)
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


def ytd_identity(table: pd.DataFrame | None, region: str | None = None) -> str:
    """Return which year-to-date figures a table holds, to tell two tables apart.

    The SHA-256 of the file :func:`load_ytd` read it from (its ``attrs["sha256"]``) while
    the table is unchanged since (``attrs["content_hash"]``), else of its content
    (:func:`~huaian_forecast.data.data_hash`); :data:`NO_YTD` for None, a table without
    rows or, with ``region``, without a row of that region (rows without a region count
    for any). A simulation records it in its manifest (``ytd_hash``), so that
    an assessment can check that it nowcasts with the figures the simulation used.

    Examples
    --------
    >>> ytd_identity(load_ytd()) == load_ytd().attrs["sha256"]
    True
    """
    if table is None or len(table) == 0:
        return NO_YTD
    if region is not None and "region" in table and not any(  # plain Python: a few rows
            (r if isinstance(r, str) else "").strip() in ("", region)
            for r in table["region"].tolist()):
        return NO_YTD
    digest, content = table.attrs.get("sha256"), data_hash(table)
    # the file's hash only while the table is what was read: pandas carries attrs into an
    # edited copy, which would otherwise pass for the file
    if (isinstance(digest, str) and digest and digest != NO_YTD
            and table.attrs.get("content_hash") == content):
        return digest
    return content


def ytd_provenance(table: pd.DataFrame | None, region: str) -> dict[str, str]:
    """Return the manifest's record of the year-to-date figures a simulation used.

    ``ytd_source`` (the file, or ``"table"``), ``ytd_hash`` (:func:`ytd_identity`) and
    ``ytd_as_of`` (the latest ``as_of``); :data:`NO_YTD` and an empty date for no table,
    or one without a row of ``region`` (it set nothing).

    Examples
    --------
    >>> ytd_provenance(None, "Huai'an")
    {'ytd_source': 'none', 'ytd_hash': 'none', 'ytd_as_of': ''}
    """
    digest = ytd_identity(table, region)
    if table is None or digest == NO_YTD:
        return {"ytd_source": NO_YTD, "ytd_hash": NO_YTD, "ytd_as_of": ""}
    return {"ytd_source": str(table.attrs.get("source", "") or "table"),
            "ytd_hash": digest, "ytd_as_of": max(str(d) for d in table["as_of"].tolist())}
