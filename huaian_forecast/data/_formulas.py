r"""The one rule for text a spreadsheet would read as a formula, and the writer's escape.

The report writes every text cell through ``report``'s ``cell_text``: a text that
:func:`formula_like` says a spreadsheet might read as a formula (OWASP's CSV-injection
rule) gets a leading single quote, ``'=SUM(1,2)``. Excel, WPS and LibreOffice show such a
cell as text, and Excel itself never stores the quote in the value (it keeps the cell's
``quotePrefix`` style instead); XlsxWriter and a CSV file keep it as a character.

The loaders read a report's workbook back (its milestone sheet as targets, its history
sheet as history), so the free text they read (source, quote) drops that one quote
(:func:`unescape_formula`): the source ``=SUM(1,2)`` comes back as itself, not as
``'=SUM(1,2)``, and the targets read back hash as the ones written. A quote before any
other text is kept. The drop is not silent: each cell is listed in the table's
``attrs["cleaned"]`` with ``"what"``: :data:`FORMULA_ESCAPE_REMOVED` (and logged), in
every input file, not only a report's. Nothing becomes a formula on output: the writer
escapes again.

Pandas-free, like :mod:`._controls`: the report imports it at start-up.
"""

from __future__ import annotations

import unicodedata

__all__ = ["FORMULA_ESCAPE_REMOVED", "FORMULA_STARTS", "formula_like", "unescape_formula"]

#: How the loaders list a cell read without the escape (``attrs["cleaned"]``, ``what``).
FORMULA_ESCAPE_REMOVED = "leading ' removed (the writer's formula escape)"

#: First characters that make a spreadsheet read a cell as a formula (OWASP).
FORMULA_STARTS: tuple[str, ...] = ("=", "+", "-", "@", "\t", "\r")


def formula_like(text: str) -> bool:
    """Return whether a spreadsheet might read ``text`` as a formula.

    The first character counts after leading spaces and in its NFKC form, so neither
    ``" =1+1"`` nor the full-width ``"＝1+1"`` slips through.

    Examples
    --------
    >>> formula_like("=1+1"), formula_like(" ＝1"), formula_like("-1 doc"), formula_like("a=1")
    (True, True, True, False)
    """
    if text.startswith(FORMULA_STARTS):
        return True
    head = text.lstrip(" \u3000\u00a0")[:1]
    return bool(head) and unicodedata.normalize("NFKC", head).startswith(FORMULA_STARTS)


def unescape_formula(text: str) -> str:
    """Return free text read from a file without the writer's formula escape.

    One leading ``'`` followed by text that :func:`formula_like` flags is the escape the
    report's writer adds, and is dropped; any other text is returned as it is.

    Examples
    --------
    >>> unescape_formula("'=SUM(1,2)"), unescape_formula("'-1 doc")
    ('=SUM(1,2)', '-1 doc')
    >>> unescape_formula("'quoted'"), unescape_formula("''=1")
    ("'quoted'", "''=1")
    """
    return text[1:] if text.startswith("'") and formula_like(text[1:]) else text
