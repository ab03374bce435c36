"""Check an ``.xlsx`` workbook before a spreadsheet reader parses it.

A 5 KB workbook can describe 17 billion cells (one cell at ``XFD1048576``: a reader
iterating the sheet's rectangle never ends) or hold a 1 GB shared string. Before
:mod:`openpyxl` sees the file, :func:`check_workbook` reads

- the zip directory: every member's uncompressed size against
  :attr:`~huaian_forecast.data._limits.Limits.max_unzipped_bytes`;
- every worksheet's XML, streamed through expat: each cell's reference against the row,
  column and cell (rows x columns of the rectangle) limits, stopping at the first cell
  beyond them. The sheet's declared ``<dimension>`` is not trusted: it may be missing or
  lie. A number cell whose text is not a finite number (``NaN`` written by another
  program) is refused with its row and column, where the reader would fail with a
  message about invalid XML;
- the shared strings: at most :attr:`~huaian_forecast.data._limits.Limits.max_cells`.
"""

from __future__ import annotations

import io
import math
import re
import zipfile
from pathlib import Path
from xml.parsers import expat

from huaian_forecast.data._limits import Limits, letter
from huaian_forecast.data._values import shown
from huaian_forecast.exceptions import DataError

__all__ = ["check_workbook"]

_CELL_REF = re.compile(r"^([A-Z]{1,3})(\d+)$")
_CHUNK = 1 << 16
_NUMERIC_TYPES = {"n", ""}  # a cell without t= is a number


def check_workbook(data: bytes, path: Path, limits: Limits) -> None:
    """Check an ``.xlsx`` zip (``data``, the bytes of ``path``) before a reader parses it.

    ``path`` only names the file in error messages: the bytes are not read again.

    Raises
    ------
    LimitError
        If a member is too large uncompressed, a sheet reaches beyond the row, column or
        cell limits, or the workbook holds more shared strings than the cell limit.
    DataError
        If a number cell holds text that is not a finite number.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError):
        return  # the reader reports a broken workbook in its own words
    with archive:
        for info in archive.infolist():
            if info.file_size > limits.max_unzipped_bytes:
                raise limits.refuse(f"{path}", f"the workbook member {info.filename!r} is "
                                    f"{info.file_size:,} bytes uncompressed",
                                    "max_unzipped_bytes")
        titles = _sheet_titles(archive)
        for name in archive.namelist():
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                where = f"{path} (sheet {titles.get(name, name)!r})"
                _scan(archive, name, _SheetScan(where, limits))
            elif name == "xl/sharedStrings.xml":
                _scan(archive, name, _StringScan(str(path), limits))


class _SheetScan:
    """Expat handler: track the extent and cell count of a sheet; stop past a limit."""

    def __init__(self, where: str, limits: Limits):
        self.where, self.limits = where, limits
        self.row = self.n_cells = self.max_row = self.max_col = self.col = 0
        self.numeric = False  # the current cell is a number cell
        self.text: list[str] | None = None  # the text of a number cell's <v>, when inside

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        local = tag.rpartition(":")[2]
        if local == "v":
            self.text = [] if self.numeric else None
        elif local == "row":
            self.row = int(attrs["r"]) if attrs.get("r", "").isdigit() else self.row + 1
            self.col = 0
        elif local == "c":
            match = _CELL_REF.match(attrs.get("r", ""))
            if match:
                self.row, self.col = int(match[2]), _column_number(match[1])
            else:
                self.col += 1
            self.n_cells += 1
            self.numeric = attrs.get("t", "") in _NUMERIC_TYPES
            self._check()
        elif local == "mergeCell":  # openpyxl makes a cell for each cell a merge covers
            match = _CELL_REF.match(attrs.get("ref", "").rpartition(":")[2])
            if match:
                self.row, self.col = int(match[2]), _column_number(match[1])
                self._check()

    def chars(self, data: str) -> None:
        if self.text is not None:
            self.text.append(data)

    def end(self, tag: str) -> None:
        if self.text is None or tag.rpartition(":")[2] != "v":
            return
        text, self.text = "".join(self.text).strip(), None
        try:
            finite = math.isfinite(float(text))
        except ValueError:
            finite = False
        if not finite:
            raise DataError(f"{self.where}, row {self.row}, column {letter(self.col)!r}: the "
                            f"number cell holds {shown(text)}, which is not a finite number; "
                            "type the number, or leave the cell empty for a missing value "
                            "(a file written by another program?)")

    def _check(self) -> None:
        self.max_row, self.max_col = max(self.max_row, self.row), max(self.max_col, self.col)
        here = f"{self.where}, row {self.row}, column {letter(self.col)!r}"
        if self.row > self.limits.max_rows:
            raise self.limits.refuse(here, f"the sheet has a cell in row {self.row:,}",
                                     "max_rows")
        if self.col > self.limits.max_columns:
            raise self.limits.refuse(here, f"the sheet has a cell in column {self.col:,} "
                                     f"({letter(self.col)})", "max_columns")
        if self.max_row * self.max_col > self.limits.max_cells:
            raise self.limits.refuse(here, f"the sheet spans {self.max_row:,} rows x "
                                     f"{self.max_col:,} columns", "max_cells")


class _StringScan:
    """Expat handler: count the shared strings of a workbook; stop past the cell limit."""

    def __init__(self, where: str, limits: Limits):
        self.where, self.limits, self.count = where, limits, 0

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        if tag.rpartition(":")[2] == "si":
            self.count += 1
            if self.count > self.limits.max_cells:
                raise self.limits.refuse(self.where, f"the workbook holds more than "
                                         f"{self.limits.max_cells:,} shared strings",
                                         "max_cells")


def _scan(archive: zipfile.ZipFile, name: str, handler: _SheetScan | _StringScan) -> None:
    """Stream one zip member through expat, calling ``handler.start`` per element."""
    parser = expat.ParserCreate()
    parser.StartElementHandler = handler.start
    if isinstance(handler, _SheetScan):
        parser.CharacterDataHandler = handler.chars
        parser.EndElementHandler = handler.end
    try:
        with archive.open(name) as stream:
            while chunk := stream.read(_CHUNK):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
    except DataError:
        raise
    except (expat.ExpatError, zipfile.BadZipFile, OSError, ValueError, EOFError):
        return  # malformed XML or zip data: the reader reports the broken workbook


def _sheet_titles(archive: zipfile.ZipFile) -> dict[str, str]:
    """Map worksheet members (``xl/worksheets/sheet1.xml``) to sheet titles, best effort."""
    ids: dict[str, str] = {}
    targets: dict[str, str] = {}

    def on_start(tag: str, attrs: dict[str, str]) -> None:
        local = tag.rpartition(":")[2]
        rid = next((v for k, v in attrs.items() if k.rpartition(":")[2] == "id"), None)
        if local == "sheet" and rid and "name" in attrs:
            ids[rid] = attrs["name"]
        elif local == "Relationship" and "Id" in attrs and "Target" in attrs:
            target = attrs["Target"].lstrip("/")
            targets[attrs["Id"]] = target if target.startswith("xl/") else "xl/" + target

    for member in ("xl/workbook.xml", "xl/_rels/workbook.xml.rels"):
        parser = expat.ParserCreate()
        parser.StartElementHandler = on_start
        try:
            parser.Parse(archive.read(member), True)
        except (KeyError, expat.ExpatError, zipfile.BadZipFile, OSError, ValueError):
            return {}
    return {targets[rid]: title for rid, title in ids.items() if rid in targets}


def _column_number(letters: str) -> int:
    """1-based column number of spreadsheet letters (A -> 1, XFD -> 16384)."""
    number = 0
    for ch in letters:
        number = number * 26 + ord(ch) - 64
    return number
