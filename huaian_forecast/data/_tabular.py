"""Read a CSV or Excel file into a grid of strings, keeping file row numbers.

Nothing here interprets values: the grid is what a person sees in the file, so later
validation can point at the exact row and column. The file is read once
(:func:`read_input`, after the checks that need no reading); the sniff, the workbook
checks, the reader and the decoder all work on those bytes, and the loaders hash them.
Documented normalisations:

- CSV encodings: UTF-8 (with or without BOM), UTF-16 with BOM (Excel's "Unicode text"),
  then GB18030 (a superset of GBK/GB2312, what Excel in China writes). A file that mixes
  UTF-8 rows with rows in another encoding, or that decodes as GB18030 only into rare
  characters (Big5, Shift-JIS, Latin-1 ...), is a :class:`~huaian_forecast.DataError`
  naming the first bad row: it would otherwise load as mojibake.
- Content decides the reader, not the name: an .xlsx workbook named ``.csv`` is read as
  a workbook; a legacy/password-protected .xls (OLE2) or an HTML page is refused.
- Excel: the first sheet unless one is named; cells formatted as percent (stored 0.316,
  shown 31.6 %) read as ``"31.6%"``; vertically merged cells (a region spanning several
  rows) are filled down from their top-left cell, horizontally merged ones keep their
  value in the leftmost cell only.
- The header is the first row with at least two recognised column names (when the caller
  gives a header test); single-cell title rows above it are skipped.
- Zero-width characters (U+200B-U+200D, U+2060, a stray BOM U+FEFF) are removed from
  cells; tab- or semicolon-separated text is read when the first line has no comma.
- Rows skipped are listed in :attr:`Grid.skipped` with their reason: ``title`` (above the
  header), ``blank`` (an empty row inside the table), ``footnote`` (first cell starting
  with a note marker such as ``数据来源：``, ``注：`` or ``*``), ``header repeated`` (a row
  identical to the header) and ``section`` (a lone enumerated heading such as
  ``一、创新投入``). Nothing else is dropped. A title or note that states the unit
  (``单位：万元``) is an error: the values would otherwise be read in the wrong unit.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from huaian_forecast.data._controls import ZERO_WIDTH_CHARS
from huaian_forecast.data._encoding import decode
from huaian_forecast.data._limits import (
    Limits,
    check_file_size,
    check_path,
    letter,
    read_limited,
)
from huaian_forecast.data._values import shown
from huaian_forecast.data._workbook import check_workbook
from huaian_forecast.exceptions import ArgumentError, DataError

__all__ = ["Grid", "Skipped", "is_footnote", "open_workbook", "other_table_sheets", "read_grid",
           "read_input"]

_EXCEL_SUFFIXES = {".xlsx", ".xlsm"}
_CSV_SUFFIXES = {".csv", ".txt", ".tsv"}
_FOOTNOTE = re.compile(
    r"^\s*((数据来源|资料来源|来源|注|说明|备注|source|sources|note|notes)\s*[:：]|注\s*\d|[*※])",
    re.IGNORECASE,
)
_SECTION = re.compile(r"^([一二三四五六七八九十]+[、.．]|[(（][一二三四五六七八九十\d]+[)）])")
_UNIT_NOTE = re.compile(r"单位\s*[:：为是]|\bunits?\s*[:=]", re.IGNORECASE)
_ZERO_WIDTH = re.compile("[" + "".join(sorted(ZERO_WIDTH_CHARS)) + "]")

Skipped = dict[str, Any]


@dataclass(frozen=True, slots=True, kw_only=True)
class Grid:
    """Cells of one table as stripped strings, with 1-based file row numbers.

    ``header`` is the header row (file row ``header_row``); ``rows`` the data rows below
    it and ``row_numbers`` their file row numbers as a spreadsheet program shows them.
    ``skipped`` lists rows that are not data: ``{"row": n, "reason": ..., "text": ...}``.
    """

    source: str
    header: list[str]
    rows: list[list[str]]
    row_numbers: list[int]
    header_row: int = 1
    skipped: list[Skipped] = field(default_factory=list)
    encoding: str | None = None


def is_footnote(row: list[str]) -> bool:
    """Whether a row is a footnote: its first filled cell starts with a note marker."""
    first = next((c for c in row if c), "")
    return bool(_FOOTNOTE.match(first))


def read_input(path: str | Path, limits: Limits | None = None) -> bytes:
    """Return the bytes of a table file, read once after the checks that need no reading.

    ``path`` must be a regular file of a supported type (by name) within
    :attr:`Limits.max_bytes`; the size is checked from ``stat`` before reading and again
    on the bytes read. Everything after (the sniff, the workbook checks, the reader, the
    decoding and the SHA-256 recorded in a table's ``attrs``) works on these bytes, so
    what is recorded is what was parsed even if the file changes meanwhile.

    Raises
    ------
    DataError
        If the file does not exist (or is a folder, a pipe, a link loop), cannot be read,
        exceeds :attr:`Limits.max_bytes` or has an unsupported file type.
    """
    path = Path(path)
    limits = Limits.from_env() if limits is None else limits
    size = check_path(path).st_size
    check_file_size(path, size, limits)
    suffix = path.suffix.lower()
    if suffix not in _EXCEL_SUFFIXES | _CSV_SUFFIXES | {"", ".xls"}:
        raise DataError(f"{path}: unsupported file type {suffix!r}; expected .csv or .xlsx")
    return read_limited(path, size, limits)


def read_grid(path: str | Path, data: bytes, *, sheet: str | int | None = None,
              is_header: Callable[[list[str]], bool] | None = None,
              limits: Limits | None = None, book: Any = None) -> Grid:
    """Read a table file (CSV or .xlsx) into a :class:`Grid`.

    Parameters
    ----------
    path : str or Path
        The file: its name decides CSV vs tab-separated text and names it in messages.
    data : bytes
        Its bytes, from :func:`read_input`: the file is not opened again.
    sheet : str or int, optional
        Excel sheet name or index (default: the first sheet).
    is_header : callable, optional
        Test for the header row; default: the first non-empty row is the header.
    limits : Limits, optional
        Size limits (default: :meth:`Limits.from_env`), checked before parsing.
    book : openpyxl Workbook, optional
        The workbook of ``data``, opened already by
        :func:`open_workbook` (checked and parsed once for all the sheets a loader
        reads); default: checked and opened here.

    Raises
    ------
    DataError
        If the file is empty, exceeds a limit, cannot be decoded or is not a table.
    ArgumentError
        If ``sheet`` is given for a CSV file.
    """
    path = Path(path)
    limits = Limits.from_env() if limits is None else limits
    suffix = path.suffix.lower()
    content = _sniff(data, path)
    if content == "zip" or suffix in _EXCEL_SUFFIXES:
        wb = open_workbook(data, path, limits) if book is None else book
        cells, source = _read_excel(wb, path, sheet, limits)
        encoding = None
    elif sheet is not None:
        raise ArgumentError(f"{path}: a CSV file has no sheets; a sheet ({sheet!r}) can "
                            "only be chosen in an .xlsx workbook")
    else:
        text, encoding = decode(data, path, limits)
        cells = _parse_csv(text, path, delimiter="\t" if suffix == ".tsv" else ",",
                           limits=limits)
        source = str(path)
    return _to_grid(cells, source, encoding, is_header, limits)


def open_workbook(data: bytes, path: Path, limits: Limits) -> Any:
    """Check a workbook's bytes against the limits, then open it: its one openpyxl parse.

    Returns the :class:`openpyxl.workbook.Workbook` (values, not formulas; not read-only:
    merged ranges and number formats are read) whose sheets :func:`read_grid` reads
    (``book=``): a loader reading two sheets checks and parses the file once.

    Raises
    ------
    LimitError, DataError
        As :func:`~huaian_forecast.data._workbook.check_workbook`; a DataError naming
        the file if openpyxl cannot open it.
    """
    check_workbook(data, path, limits)  # the limits before openpyxl parses any part
    from openpyxl import load_workbook  # deferred: only Excel input needs it

    try:
        return load_workbook(io.BytesIO(data), data_only=True)  # any file name
    except Exception as exc:  # openpyxl raises many types for a broken file
        cause = exc.__cause__ or exc.__context__ or exc  # openpyxl wraps the real error
        reason = " ".join(f"{type(cause).__name__}: {cause}".split())[:200]
        raise DataError(f"{path}: cannot open as an Excel workbook ({reason}); expected an "
                        ".xlsx file saved by Excel or WPS") from None


def other_table_sheets(data: bytes, is_header: Callable[[list[str]], bool]) -> list[str]:
    """Names of the sheets after the first whose first 20 rows hold a header row.

    ``data`` is the bytes of the file (from :func:`read_input`). Used to suggest
    ``--sheet`` when the first sheet of a workbook is a cover or notes page. Returns
    ``[]`` for bytes that are not a readable workbook.
    """
    from openpyxl import load_workbook

    try:
        wb = load_workbook(io.BytesIO(data), read_only=True,
                           data_only=True)
    except Exception:  # not a workbook: nothing to suggest
        return []
    found = []
    try:
        for ws in wb.worksheets[1:]:
            rows = ws.iter_rows(max_row=20, values_only=True)
            if any(is_header([_cell_text(v) for v in row]) for row in rows):
                found.append(ws.title)
    except Exception:  # a broken sheet: suggest what was found before it
        pass
    finally:
        wb.close()
    return found


def _sniff(data: bytes, path: Path) -> str:
    """Classify a file by its first bytes: ``zip`` (an .xlsx), or ``text``; refuse others."""
    head = data[:512]
    if head.startswith(b"PK\x03\x04"):
        return "zip"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        raise DataError(f"{path}: a legacy .xls workbook or a password-protected file is not "
                        "supported; open it in Excel or WPS and save as .xlsx (no password) "
                        "or CSV")
    if head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"<":
        lowered = head.lower()
        if any(tag in lowered for tag in (b"<html", b"<table", b"<!doctype", b"<?xml")):
            raise DataError(f"{path}: this is an HTML/XML page (a web-system export), not a "
                            "table file; open it in Excel or WPS and save as .xlsx or CSV")
    if path.suffix.lower() == ".xls":
        raise DataError(f"{path}: not a readable .xls workbook; save it as .xlsx or CSV")
    return "text"


def _parse_csv(text: str, path: Path, delimiter: str, limits: Limits) -> list[list[str]]:
    """Split CSV text into rows, stopping at the first row beyond a limit."""
    first = text.split("\n", 1)[0]
    if delimiter == "," and "," not in first:
        delimiter = "\t" if "\t" in first else ";" if ";" in first else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[list[str]] = []
    n_cells = 0
    try:
        for row in reader:
            rows.append(row)
            n_cells += len(row)
            _check_csv_row(rows, n_cells, str(path), limits)
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            raise limits.refuse(f"{path}, row {reader.line_num}", "a cell has more than "
                                f"{csv.field_size_limit():,} characters",
                                "max_cell_chars") from None
        raise DataError(f"{path}: not a readable CSV table ({exc})") from exc
    return rows


def _check_csv_row(rows: list[list[str]], n_cells: int, source: str, limits: Limits) -> None:
    """Refuse the table once its last row passes the row, column or cell limit."""
    number, width = len(rows), len(rows[-1])
    if number > limits.max_rows:
        raise limits.refuse(f"{source}, row {number}", f"the table has more than "
                            f"{limits.max_rows:,} rows", "max_rows")
    if width > limits.max_columns:
        raise limits.refuse(f"{source}, row {number}", f"the row has {width:,} columns",
                            "max_columns")
    if n_cells > limits.max_cells:
        raise limits.refuse(f"{source}, row {number}", f"the table has more than "
                            f"{limits.max_cells:,} cells", "max_cells")


def _read_excel(wb: Any, path: Path, sheet: str | int | None, limits: Limits,
                ) -> tuple[list[list[str]], str]:
    """Return the cells of a sheet of an open workbook (:func:`open_workbook`) and its name."""
    try:
        ws = wb.worksheets[sheet or 0] if not isinstance(sheet, str) else wb[sheet]
    except (IndexError, KeyError):
        raise DataError(f"{path}: no sheet {sheet!r}; sheets are {wb.sheetnames}") from None
    if ws.max_row > limits.max_rows or ws.max_column > limits.max_columns:
        raise limits.refuse(f"{path} (sheet {ws.title!r})", f"the sheet spans {ws.max_row:,} "
                            f"rows x {ws.max_column:,} columns", "max_rows"
                            if ws.max_row > limits.max_rows else "max_columns")
    cells = [[_cell_text(c.value, c.number_format) for c in row] for row in ws.iter_rows()]
    for merged in ws.merged_cells.ranges:
        if merged.max_row == merged.min_row:
            continue
        top_left = cells[merged.min_row - 1][merged.min_col - 1]
        for r in range(merged.min_row, merged.max_row + 1):
            cells[r - 1][merged.min_col - 1] = top_left
    source = f"{path} (sheet {ws.title!r})"
    if not any(any(row) for row in cells):
        others = [s.title for s in wb.worksheets if s.title != ws.title and any(
            v is not None for row in s.iter_rows(values_only=True) for v in row)]
        raise DataError(f"{source}: the sheet has no data; sheets are {wb.sheetnames}"
                        + (f" (data may be on {others})" if others else "")
                        + "; put the table on the first sheet or choose its sheet (--sheet on the "
                        "command line, sheet=... in Python)")
    return cells, source


def _cell_text(value: object, number_format: str | None = None) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int | float) and number_format and "%" in number_format:
        return f"{value * 100:.12g}%"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return str(value)


def _to_grid(cells: list[list[str]], source: str, encoding: str | None,
             is_header: Callable[[list[str]], bool] | None, limits: Limits) -> Grid:
    stripped = [[_ZERO_WIDTH.sub("", c).strip() for c in row] for row in cells]
    _check_cell_lengths(stripped, source, limits)
    content = [i for i, row in enumerate(stripped) if any(row)]
    if not content:
        raise DataError(f"{source}: the file has no data (no non-empty rows)")
    width = max(len(stripped[i]) for i in content)
    while width > 0 and not any(len(stripped[i]) >= width and stripped[i][width - 1]
                                for i in content):
        width -= 1
    rows = [(row + [""] * width)[:width] for row in stripped]
    head = _header_index(rows, content, source, is_header)
    skipped: list[Skipped] = [
        {"row": i + 1, "reason": "title", "text": _text(rows[i])} for i in content if i < head
    ]
    data_rows, numbers = [], []
    for i in range(head + 1, content[-1] + 1):
        reason = _skip_reason(rows[i], rows[head])
        if reason is None:
            data_rows.append(rows[i])
            numbers.append(i + 1)
        else:
            skipped.append({"row": i + 1, "reason": reason, "text": _text(rows[i])})
    _check_no_unit_in_notes(skipped, source)
    return Grid(source=source, header=rows[head], rows=data_rows, row_numbers=numbers,
                header_row=head + 1, skipped=skipped, encoding=encoding)


def _check_cell_lengths(rows: list[list[str]], source: str, limits: Limits) -> None:
    """Refuse a cell longer than :attr:`Limits.max_cell_chars` (naming its row and column)."""
    for number, row in enumerate(rows, start=1):
        for index, cell in enumerate(row):
            if len(cell) > limits.max_cell_chars:
                raise limits.refuse(f"{source}, row {number}, column {letter(index + 1)!r}",
                                    f"the cell has {len(cell):,} characters",
                                    "max_cell_chars")


def _skip_reason(row: list[str], header: list[str]) -> str | None:
    """Why a row below the header is not data (``None``: it is data)."""
    filled = [c for c in row if c]
    if not filled:
        return "blank"
    if is_footnote(row):
        return "footnote"
    if row == header:
        return "header repeated"
    if len(filled) == 1 and _SECTION.match(filled[0]):
        return "section"
    return None


def _check_no_unit_in_notes(skipped: list[Skipped], source: str) -> None:
    """Refuse a unit stated only in a title or note row: values would be misread."""
    for entry in skipped:
        match = _UNIT_NOTE.search(entry["text"])
        if match:
            raise DataError(
                f"{source}, row {entry['row']}: the unit is stated in a {entry['reason']} row "
                f"({shown(entry['text'])}); put it in a 单位/unit column (or in the values, e.g. "
                "768家) so every value is read in it")


def _text(row: list[str]) -> str:
    return " ".join(c for c in row if c)


def _header_index(rows: list[list[str]], content: list[int], source: str,
                  is_header: Callable[[list[str]], bool] | None) -> int:
    """Index of the header row; single-cell rows above it are titles."""
    if is_header is None:
        return content[0]
    for i in content:
        if is_header(rows[i]):
            break
        if sum(1 for c in rows[i] if c) > 1:
            return i  # not a title: the caller reports the missing columns of this row
    else:
        return content[0]
    return i
