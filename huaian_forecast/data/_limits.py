"""Resource limits of the loaders, checked before the work: a small file cannot cost gigabytes.

A planner's table is small (hundreds of rows, a few dozen columns). A hostile or broken
file is not: a 5 KB ``.xlsx`` with one cell at ``XFD1048576`` would make a spreadsheet
reader iterate 17 billion empty cells, a 1 MB ``.xlsx`` may hold a 1 GB shared string,
and a CSV may have a million rows or 200,000 columns. Every loader checks, in order:

1. the file size (:attr:`Limits.max_bytes`) before reading it, and again while reading
   it (:func:`read_limited` reads at most one byte more than the limit, so a file that
   grows after the check is refused too); the file is read once and everything after
   works on those bytes;
2. for an ``.xlsx`` workbook, the zip members and every sheet's cells, streamed, before
   the workbook is parsed (:mod:`huaian_forecast.data._workbook`);
3. for a CSV file, the number of lines before decoding, then rows, columns, cells and
   the length of each cell while the text is split into cells.

Each refusal is a :class:`~huaian_forecast.DataError` that names the limit and how to
raise it: the keyword ``limits=Limits(...)`` of the loaders, or (for the command line)
the environment variables ``HUAIAN_FORECAST_MAX_BYTES``, ``..._MAX_UNZIPPED_BYTES``,
``..._MAX_ROWS``, ``..._MAX_COLUMNS``, ``..._MAX_CELLS`` and ``..._MAX_CELL_CHARS``.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Mapping
from dataclasses import dataclass, fields
from pathlib import Path

from huaian_forecast.exceptions import ArgumentError, DataError

__all__ = [
    "ENV_PREFIX",
    "LimitError",
    "Limits",
    "check_csv_bytes",
    "check_file_size",
    "check_path",
    "env_name",
    "letter",
    "read_limited",
]

#: Prefix of the environment variables that override the default limits.
ENV_PREFIX = "HUAIAN_FORECAST_"
_LABELS = {"max_bytes": "bytes", "max_unzipped_bytes": "bytes uncompressed",
           "max_rows": "rows", "max_columns": "columns", "max_cells": "cells",
           "max_cell_chars": "characters per cell"}


class LimitError(DataError):
    """A file exceeds one of the :class:`Limits` (raised before the expensive work)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Limits:
    """Size limits of an input table, checked before the file is parsed.

    Parameters
    ----------
    max_bytes : int, default 50 MiB
        Largest file size.
    max_unzipped_bytes : int, default 200 MiB
        Largest uncompressed size of one member of an ``.xlsx`` zip (a sheet, the shared
        strings).
    max_rows : int, default 100,000
        Most rows (file lines, sheet rows) in a table, and most observations (filled value
        cells) in a wide table.
    max_columns : int, default 1,000
        Most columns (a wide table has one per year).
    max_cells : int, default 1,000,000
        Most cells: rows x columns of the rectangle a sheet spans, cells in a CSV, and
        shared strings in a workbook.
    max_cell_chars : int, default 10,000
        Longest text of one cell.

    Examples
    --------
    >>> Limits(max_rows=500).max_rows
    500
    >>> Limits.from_env({"HUAIAN_FORECAST_MAX_ROWS": "1000"}).max_rows
    1000
    """

    max_bytes: int = 50 * 2**20
    max_unzipped_bytes: int = 200 * 2**20
    max_rows: int = 100_000
    max_columns: int = 1_000
    max_cells: int = 1_000_000
    max_cell_chars: int = 10_000

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ArgumentError(f"Limits.{f.name} must be a positive whole number, "
                                    f"got {value!r}")

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> Limits:
        """Return the defaults, overridden by ``HUAIAN_FORECAST_MAX_*`` variables.

        Parameters
        ----------
        environ : mapping, optional
            The environment (default: :data:`os.environ`).

        Raises
        ------
        ArgumentError
            If a variable is not a positive whole number.
        """
        env = os.environ if environ is None else environ
        changes = {}
        for f in fields(cls):
            name = env_name(f.name)
            text = env.get(name, "").replace("_", "").replace(",", "").strip()
            if not text:
                continue
            if not text.isdigit() or len(text) > 18 or int(text) < 1:
                raise ArgumentError(f"{name}={env[name][:40]!r}: expected a positive whole "
                                    "number")
            changes[f.name] = int(text)
        return cls(**changes)

    def refuse(self, where: str, what: str, name: str) -> LimitError:
        """Return the error for ``what`` exceeding limit ``name``, with how to raise it."""
        limit = getattr(self, name)
        return LimitError(f"{where}: {what}, above the limit of {limit:,} "
                          f"{_LABELS[name]}; if the file is "
                          f"really meant to be this large, raise the limit with the "
                          f"environment variable {env_name(name)}=<n> (limits=Limits("
                          f"{name}=...) in Python)")


def env_name(field_name: str) -> str:
    """Environment variable of a :class:`Limits` field (``max_rows`` -> ``..._MAX_ROWS``)."""
    return ENV_PREFIX + field_name.upper()


def check_file_size(path: Path, size: int, limits: Limits) -> None:
    """Refuse a file larger than :attr:`Limits.max_bytes`."""
    if size > limits.max_bytes:
        raise limits.refuse(str(path), f"the file is {size:,} bytes", "max_bytes")


def read_limited(path: Path, size: int, limits: Limits) -> bytes:
    """Return the bytes of ``path``, read once, refusing more than :attr:`Limits.max_bytes`.

    ``size`` is the size from ``stat``, already checked (:func:`check_file_size`). At most
    ``max_bytes + 1`` bytes are read, so a file that grew since (a planner saving it while
    the command runs) is refused without reading all of it; the buffer asked for is the
    size expected, not the limit.

    Raises
    ------
    LimitError
        If the file holds more than ``max_bytes`` bytes when read.
    DataError
        If the file cannot be read (permission denied, an I/O error).
    """
    cap = limits.max_bytes + 1
    try:
        with path.open("rb") as fh:
            chunks = [fh.read(min(size + 1, cap))]
            total = len(chunks[0])
            while total > size and total < cap and (more := fh.read(min(2**20, cap - total))):
                chunks.append(more)  # the file grew after the stat: read on, up to the cap
                total += len(more)
    except PermissionError:
        raise DataError(f"{path}: permission denied; the file cannot be read") from None
    except OSError as exc:
        raise DataError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    if total > limits.max_bytes:
        raise limits.refuse(str(path), f"the file has more than {limits.max_bytes:,} bytes "
                            "(it grew after its size was checked)", "max_bytes")
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def check_csv_bytes(raw: bytes, path: Path, limits: Limits) -> None:
    """Refuse a text file with far more lines than :attr:`Limits.max_rows` before decoding.

    Quoted cells may span lines, so only a file with more than twice the row limit (plus
    a margin for titles and notes) is refused here; the exact count is checked while the
    text is split into rows.
    """
    lines = raw.count(b"\n")
    if lines > 2 * limits.max_rows + 1_000:
        raise limits.refuse(str(path), f"the file has {lines:,} lines", "max_rows")


def letter(number: int) -> str:
    """Spreadsheet letters of a 1-based column number (1 -> A, 27 -> AA)."""
    out = ""
    while number > 0:
        number, rem = divmod(number - 1, 26)
        out = chr(65 + rem) + out
    return out or "A"


def check_path(path: Path) -> os.stat_result:
    """Stat an input path without opening it; refuse what is not a regular file.

    A folder, a named pipe (FIFO, which would block a reader forever), a device, a socket,
    a symbolic-link loop and a dangling link are each reported as what they are.
    """
    try:
        info = path.stat()
    except FileNotFoundError:
        if path.is_symlink():
            raise DataError(f"{path}: a symbolic link to a file that does not exist "
                            f"({os.readlink(path)!r})") from None
        raise DataError(f"{path}: file not found") from None
    except PermissionError:
        raise DataError(f"{path}: permission denied; the file cannot be read") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise DataError(f"{path}: a loop of symbolic links (the link points back to "
                            "itself); point it at a CSV or .xlsx file") from None
        raise DataError(f"{path}: cannot be read ({exc.strerror or exc})") from None
    mode = info.st_mode
    for test, what in ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe (FIFO)"),
                       (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
                       (stat.S_ISSOCK, "a socket")):
        if test(mode):
            raise DataError(f"{path}: is {what}, not a file; expected a CSV or .xlsx file")
    if not stat.S_ISREG(mode):
        raise DataError(f"{path}: not a regular file; expected a CSV or .xlsx file")
    return info
