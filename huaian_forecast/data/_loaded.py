"""What the history and the targets loaders do alike once their rows are read.

Choosing the sheet when a workbook's first one fails (:func:`sheet_hint`), merging a row
identical to an earlier one (:func:`merge_identical`; which rows are alike:
:func:`first_alike`), the warnings for converted units and cleaned characters, and the
log of what was read and skipped. Used by
:mod:`huaian_forecast.data.loading` and :mod:`huaian_forecast.data.targets`.
"""

from __future__ import annotations

import logging
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pandas as pd

from huaian_forecast.data._limits import LimitError
from huaian_forecast.data._tabular import Skipped, other_table_sheets
from huaian_forecast.data._validate import looks_like_header
from huaian_forecast.exceptions import DataError, DataWarning

__all__ = ["first_alike", "log_loaded", "merge_identical", "sheet_hint", "warn_cleaned",
           "warn_converted"]

logger = logging.getLogger("huaian_forecast.data.loading")  # one name for both loaders


@contextmanager
def sheet_hint(file: Path, data: bytes, sheet: str | int | None) -> Iterator[None]:
    """Add "choose the sheet" to an error on a workbook's first sheet if another has a table.

    A cover or notes page as the first sheet is common in planners' workbooks.
    """
    try:
        yield
    except DataError as exc:
        if sheet is not None or file.suffix.lower() not in (".xlsx", ".xlsm") \
                or isinstance(exc, LimitError):
            raise
        others = other_table_sheets(data, looks_like_header)
        if not others:
            raise
        raise DataError(f"{exc}; sheet {others[0]!r} looks like the table: choose it with "
                        f"--sheet {others[0]} (sheet={others[0]!r} in Python)") from None


def warn_converted(converted: list[int], source: str) -> None:
    """Warn once for the rows whose unit column says fraction (values times 100)."""
    if converted:
        warnings.warn(f"{source}, row{'s' if len(converted) > 1 else ''} "
                      f"{', '.join(map(str, converted))}: the unit column says fraction; "
                      "values converted to percent (times 100)", DataWarning, stacklevel=3)


def warn_cleaned(cleaned: list[dict[str, object]], source: str) -> None:
    """Warn once for the control characters removed from free-text cells.

    The cells read without the report writer's formula escape (entries with a ``what``)
    are logged, not warned about: a report's workbook read back has them by design.
    """
    escaped = [c for c in cleaned if "what" in c]
    if escaped:
        logger.info("%s: %s in %d free-text cell(s) (%s); listed in table.attrs['cleaned']",
                    source, escaped[0]["what"], len(escaped), _cells(escaped))
    cleaned = [c for c in cleaned if "what" not in c]
    if not cleaned:
        return
    codes = sorted({code for c in cleaned for code in c["removed"]})  # type: ignore[attr-defined]
    warnings.warn(f"{source}: removed control or text-direction character(s) "
                  f"{', '.join(codes)} from {len(cleaned)} free-text cell(s) "
                  f"({_cells(cleaned)}); listed in table.attrs['cleaned']",
                  DataWarning, stacklevel=3)


def _cells(cleaned: list[dict[str, object]]) -> str:
    """Name the first five cells of ``cleaned`` (row and column), then "..."."""
    cells = ", ".join(f"row {c['row']} column {c['column']!r}" for c in cleaned[:5])
    return cells + (", ..." if len(cleaned) > 5 else "")


def log_loaded(table: pd.DataFrame, source: str) -> None:
    """Log the rows read (debug) and every skipped row and ignored column (info)."""
    logger.debug("%s: %d rows read", source, len(table))
    skipped = table.attrs.get("skipped", [])
    if skipped:
        rows = "; ".join(f"row {s['row']} ({s['reason']}"
                         + (f": {str(s['text'])[:30]!r})" if s.get("text") else ")")
                         for s in skipped)
        logger.info("%s: skipped %d row%s: %s", source, len(skipped),
                    "" if len(skipped) == 1 else "s", rows)
    ignored = table.attrs.get("ignored_columns", [])
    if ignored:
        logger.info("%s: columns not read: %s", source, ", ".join(map(repr, ignored)))


def merge_identical(table: pd.DataFrame, columns: tuple[str, ...],
                    ) -> tuple[pd.DataFrame, list[Skipped]]:
    """Drop rows identical in every column to an earlier row.

    Returns the table without helper columns and the merged rows as ``skipped`` entries.
    Rows are keyed as :func:`first_alike` keys them.
    """
    first_row = first_alike(table, columns)
    dup = first_row != table["_row"]
    merged = [{"row": int(r), "reason": f"duplicate of row {int(f)}", "text": ""}
              for r, f in zip(table.loc[dup, "_row"], first_row[dup], strict=True)]
    return table.loc[~dup].drop(columns=["_row", "_col"]), merged


def first_alike(table: pd.DataFrame, columns: tuple[str, ...]) -> pd.Series:
    """Return, for each row, the file row (``_row``) of the first row alike in ``columns``.

    A row whose own ``_row`` it is comes first of its kind; the others repeat it (and
    grouping on the result groups the rows alike). Cells are compared as ``str`` gives
    them, so an empty (NaN or None) cell keys as ``"nan"`` / ``"None"`` (pandas 3's
    ``astype(str)`` would keep NaN, which cannot be joined into a key).
    """
    key = table[list(columns)].map(str).agg("\x1f".join, axis=1)
    return table.groupby(key, sort=False)["_row"].transform("first")
