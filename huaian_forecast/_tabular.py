"""Read a CSV or Excel file into a grid of strings, keeping file row numbers.

Nothing here interprets values: the grid is what a person sees in the file, so later
validation can point at the exact row and column. Encodings tried for CSV: UTF-8 (with or
without BOM), then GB18030 (a superset of GBK/GB2312, what Excel in China writes).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from huaian_forecast.exceptions import DataError

__all__ = ["Grid", "read_grid"]

_EXCEL_SUFFIXES = {".xlsx", ".xlsm"}
_CSV_SUFFIXES = {".csv", ".txt", ".tsv"}


@dataclass(frozen=True, slots=True, kw_only=True)
class Grid:
    """Cells of one table as stripped strings, with 1-based file row numbers.

    ``header`` is the first non-empty row; ``rows`` the rows below it; ``row_numbers`` the
    row number of each of them as a spreadsheet program would show it.
    """

    source: str
    header: list[str]
    rows: list[list[str]]
    row_numbers: list[int]
    encoding: str | None = None


def read_grid(path: str | Path, *, sheet: str | int | None = None) -> Grid:
    """Read ``path`` (CSV or .xlsx) into a :class:`Grid`.

    Raises
    ------
    DataError
        If the file does not exist, is empty, cannot be decoded or is not a table.
    """
    path = Path(path)
    if not path.is_file():
        raise DataError(f"{path}: file not found")
    suffix = path.suffix.lower()
    if suffix in _EXCEL_SUFFIXES:
        cells = _read_excel(path, sheet)
        encoding = None
    elif suffix in _CSV_SUFFIXES or suffix == "":
        text, encoding = _decode(path)
        cells = _parse_csv(text, path, delimiter="\t" if suffix == ".tsv" else ",")
    elif suffix == ".xls":
        raise DataError(f"{path}: legacy .xls files are not supported; save as .xlsx or CSV")
    else:
        raise DataError(f"{path}: unsupported file type {suffix!r}; expected .csv or .xlsx")
    return _to_grid(cells, str(path), encoding)


def _decode(path: Path) -> tuple[str, str]:
    raw = path.read_bytes()
    if not raw.strip():
        raise DataError(f"{path}: the file is empty")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            pass
    try:
        return raw.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc
    try:
        return raw.decode("gb18030"), "gb18030"
    except UnicodeDecodeError:
        pass
    line = raw[: utf8_error.start].count(b"\n") + 1
    raise DataError(
        f"{path}, row {line}: cannot decode the file as UTF-8 or GB18030/GBK "
        f"(invalid byte at offset {utf8_error.start}); save it as UTF-8 CSV"
    )


def _parse_csv(text: str, path: Path, delimiter: str) -> list[list[str]]:
    if delimiter == "," and "\t" in text.split("\n", 1)[0] and "," not in text.split("\n", 1)[0]:
        delimiter = "\t"
    try:
        return [list(r) for r in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]
    except csv.Error as exc:
        raise DataError(f"{path}: not a readable CSV table ({exc})") from exc


def _read_excel(path: Path, sheet: str | int | None) -> list[list[str]]:
    from openpyxl import load_workbook  # deferred: only Excel input needs it

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a broken file
        raise DataError(f"{path}: cannot open as an Excel workbook ({exc})") from exc
    try:
        if sheet is None:
            ws = wb.worksheets[0]
        elif isinstance(sheet, int):
            ws = wb.worksheets[sheet]
        else:
            ws = wb[sheet]
    except (IndexError, KeyError) as exc:
        raise DataError(f"{path}: no sheet {sheet!r}; sheets are {wb.sheetnames}") from exc
    cells = [["" if v is None else _cell_text(v) for v in row] for row in ws.iter_rows(
        values_only=True)]
    wb.close()
    return cells


def _cell_text(value: object) -> str:
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return str(value)


def _to_grid(cells: list[list[str]], source: str, encoding: str | None) -> Grid:
    stripped = [[c.strip() for c in row] for row in cells]
    numbered = [(i + 1, row) for i, row in enumerate(stripped) if any(row)]
    if not numbered:
        raise DataError(f"{source}: the file has no data (no non-empty rows)")
    width = max(len(r) for _, r in numbered)
    while width > 0 and not any(len(r) >= width and r[width - 1] for _, r in numbered):
        width -= 1
    pad = [(n, (r + [""] * width)[:width]) for n, r in numbered]
    return Grid(source=source, header=pad[0][1], rows=[r for _, r in pad[1:]],
                row_numbers=[n for n, _ in pad[1:]], encoding=encoding)
