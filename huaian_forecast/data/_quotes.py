"""Compare a row's value with the numbers of its own quote: an extra or a missing digit.

A count or amount with no earlier row to compare with (Huai'an's key labs: one row, 2023)
passes every range and step check when it is written ``60`` for ``6``; its ``quote``
column often still says ``建有省重点实验室6个``. :func:`check_quotes` warns when an exact
value matches no number of its quote but is 10, 100, 1,000 or 10,000 times (or that
fraction of) one of them. A warning, not an error: a quote may be about another figure.
"""

from __future__ import annotations

import re
import unicodedata
import warnings

import pandas as pd

from huaian_forecast.data._values import shown
from huaian_forecast.exceptions import DataWarning
from huaian_forecast.indicators import INDICATORS, UNITS

__all__ = ["check_quotes"]

#: A number in a quote with its multiplier word; not a percentage, year, month, day or
#: multiple (``38.7%``, ``2023年``, ``6月``, ``2.2倍``).
_NUMBER = re.compile(r"(?<![\d.])(\d+(?:,\d{3})*(?:\.\d+)?)\s*(万亿|亿|万|trillion|billion|"
                     r"million)?(?![\d.]*\s*(?:%|年|月|日|倍|percent))", re.IGNORECASE)
_MULTIPLIER = {"万亿": 1e12, "亿": 1e8, "万": 1e4, "trillion": 1e12, "billion": 1e9,
               "million": 1e6}
#: Published unit -> how many base units (yuan, firms) one of it is.
_BASE = {"100m_cny": 1e8}
_TOLERANCE = 0.005  # relative: a quote rounds (4,901.9 亿元 is "490.19 billion")
_SLIPS = tuple(10.0 ** k for k in (1, 2, 3, 4, -1, -2, -3, -4))


def _quoted(quote: str) -> list[float]:
    """Return the numbers of a quote in base units (yuan, firms), multipliers applied."""
    text = unicodedata.normalize("NFKC", quote).replace("萬", "万").replace("億", "亿")
    return [float(m.group(1).replace(",", "")) * _MULTIPLIER.get((m.group(2) or "").lower(),
                                                                  1.0)
            for m in _NUMBER.finditer(text)]


def _near(a: float, b: float) -> bool:
    return abs(a - b) <= _TOLERANCE * max(abs(a), abs(b))


def _slip(value: float, quoted: list[float]) -> tuple[float, float] | None:
    """Return (quoted number, factor) when ``value`` is a digit slip of one, else None."""
    if not quoted or any(_near(value, q) for q in quoted):
        return None
    return next(((q, f) for q in quoted for f in _SLIPS if _near(value, q * f)), None)


def check_quotes(table: pd.DataFrame, source: str) -> None:
    """Warn once per row whose exact value is a digit slip of a number in its quote.

    Only counts and amounts (亿元) are compared; ``table`` needs the loader's helper
    columns ``_row`` and ``_col``.

    Warns
    -----
    DataWarning
        Naming the file, row and column, the value, the quoted number and the factor.
    """
    rows = table[(table["kind"] == "exact") & (table["quote"] != "")]
    for rec in rows.to_dict("records"):
        ind = INDICATORS[str(rec["indicator"])]
        if ind.unit == "percent":
            continue
        base = _BASE.get(ind.unit, 1.0)
        hit = _slip(float(rec["value"]) * base, _quoted(str(rec["quote"])))
        if hit is None:
            continue
        number, factor = hit
        unit = UNITS[ind.unit][0]
        warnings.warn(
            f"{source}, row {rec['_row']}, column {rec['_col']!r}: {ind.key} "
            f"{rec['value']:,.6g} {unit} is {factor:g} times the {number / base:,.6g} {unit} "
            f"of its quote {shown(str(rec['quote']))}, which has no number equal to it: an "
            "extra or a missing digit? correct the value (or the quote)", DataWarning,
            stacklevel=4)
