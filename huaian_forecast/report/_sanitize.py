"""The one seam every text written out passes: no formula, no control character, no markup.

Text that reaches a report can come from a user's file (a region, a source, a unit) or a
scenario name. Before it is written:

- **Control characters** are removed (:func:`clean_text`): every character of the data
  stage's one table (``huaian_forecast.data.control_pattern``: C0 and C1 controls, DEL,
  surrogates, bidirectional marks, overrides and isolates that can make a cell read
  backwards, zero-width characters, line separators, noncharacters) except tab and
  newline. Excel and openpyxl (which reads workbooks back) refuse some of these;
  removing them here means a report never fails after all the work and the workbook
  opens everywhere.
- **Spreadsheet formulas** are neutralised (:func:`cell_text`), following OWASP's
  CSV-injection rule: a text cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a
  carriage return gets a leading single quote, so Excel, WPS and LibreOffice show it as
  text. The workbook is written with XlsxWriter's ``strings_to_formulas`` off, so no
  text ever becomes a formula there; the prefix protects the same text when it is copied
  into a cell or read from ``iamc.csv``. Numbers (negative ones too) are never touched:
  only ``str`` cells. The rule is the data stage's (``data.formula_like``): its loaders
  drop this one quote from the free text they read back (``data.unescape_formula``), so
  a source written ``'=x`` reads as ``=x`` and is escaped again when written.
- **Markdown** in text from input is escaped (:func:`markdown_text`), so a scenario named
  ``*x*`` or ``a | b`` cannot change the summary's layout, and a name starting with ``=``
  shows as text.

:func:`safe_frame` applies the cell rule to a whole table (values and column names);
the workbook and the IAMC file are written through it.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from huaian_forecast.data import FORMULA_STARTS, control_pattern, formula_like

__all__ = [
    "FORMULA_STARTS",
    "MAX_CELL_CHARS",
    "cell_text",
    "clean_text",
    "code_span",
    "markdown_text",
    "safe_frame",
]

#: Longest text Excel keeps in a cell.
MAX_CELL_CHARS = 32_767
#: Every control character of the data stage's table except tab and newline, which are
#: layout in a Markdown or HTML file and a multi-line cell. CR is removed (``\r\n``
#: becomes ``\n``): a cell starting with CR reads as a formula start (OWASP), and the
#: files are written with ``\n`` line ends. The rest are removed without exception:
#: C0/C1, DEL and surrogates break XML (a workbook) or UTF-8; bidi controls, zero-width
#: characters (the report's Chinese and English text needs no joiner) and interlinear
#: annotations hide or reorder what a reader sees; U+2028/U+2029 break a Markdown table
#: row; the noncharacters U+FFFE/U+FFFF are not allowed in XML.
_CONTROLS = control_pattern(keep="\t\n")
#: Characters with a meaning anywhere in a Markdown line, and the formula starts
#: ``= + @`` wherever they are (CommonMark lets any ASCII punctuation be escaped, and
#: renders ``\=`` as ``=``); those that matter only at a line's start (heading, list).
_MARKDOWN = re.compile(r"([\\`*_{}\[\]<>|~=+@])")
_MARKDOWN_START = ("#", "-", "!")


def clean_text(text: str) -> str:
    r"""Return ``text`` without control, bidi, zero-width and other invisible characters.

    Tab and newline are kept (they are layout, not control); a carriage return is
    removed, so ``\r\n`` becomes ``\n``.

    Examples
    --------
    >>> clean_text("Huai'an\x01\u202e")
    "Huai'an"
    """
    return _CONTROLS.sub("", text)


def cell_text(value: object) -> object:
    r"""Return a value safe for a spreadsheet cell: text cleaned and never a formula.

    Parameters
    ----------
    value : object
        A cell value. Only ``str`` values are changed; numbers, dates and missing values
        are returned as they are.

    Returns
    -------
    object
        ``value``, or for text: :func:`clean_text` of it, with a leading ``'`` when it
        begins with one of :data:`FORMULA_STARTS` (checked before and after cleaning, so a
        control character cannot hide a formula; after leading spaces and in NFKC form, so
        ``" =1"`` and the full-width ``"＝1"`` count too), cut to :data:`MAX_CELL_CHARS`.

    Examples
    --------
    >>> cell_text('=HYPERLINK("http://evil","x")')
    '\'=HYPERLINK("http://evil","x")'
    >>> cell_text(-1.5)
    -1.5
    """
    if not isinstance(value, str):
        return value
    cleaned = clean_text(value)
    if len(cleaned) > MAX_CELL_CHARS:  # Excel's limit; a longer cell "needs repair"
        cleaned = cleaned[:MAX_CELL_CHARS - 2] + "…"
    if formula_like(value) or formula_like(cleaned):
        return "'" + cleaned
    return cleaned


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Return a copy of a table (worksheet or CSV) with every text cell and header safe.

    Each ``str`` value and column name goes through :func:`cell_text`; numeric columns
    are untouched, so ``-1.5`` stays a number.
    """
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = _safe_cells(out[column].to_numpy(dtype=object))
    out.columns = pd.Index([cell_text(c) for c in out.columns])
    return out


def _safe_cells(values: np.ndarray) -> list[object]:
    """Return :func:`cell_text` of each value, once per distinct text (tables repeat them)."""
    done: dict[str, object] = {}
    out: list[object] = []
    for value in values:
        if isinstance(value, str):
            safe = done.get(value)
            if safe is None:
                safe = done[value] = cell_text(value)
            out.append(safe)
        else:  # numbers, dates and missing values pass unchanged (see cell_text)
            out.append(value)
    return out


def markdown_text(text: object) -> str:
    r"""Return text from input as literal Markdown: cleaned, one line, specials escaped.

    Examples
    --------
    >>> markdown_text("=cmd|'/c calc'!A1")
    "\\=cmd\\|'/c calc'!A1"
    >>> markdown_text("plan 2024")
    'plan 2024'
    """
    line = _MARKDOWN.sub(r"\\\1", " ".join(clean_text(str(text)).split()))
    return "\\" + line if line.startswith(_MARKDOWN_START) else line


def code_span(text: object) -> str:
    """Return ``text`` as a Markdown code span that no backtick inside can close early.

    Examples
    --------
    >>> code_span("a `b` c")
    '`` a `b` c ``'
    >>> code_span("huaian-forecast report")
    '`huaian-forecast report`'
    """
    line = " ".join(clean_text(str(text)).split())
    runs = [len(r) for r in re.findall("`+", line)]
    if not runs:
        return f"`{line}`"
    fence = "`" * (max(runs) + 1)
    return f"{fence} {line} {fence}"
