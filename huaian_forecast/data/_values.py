"""Parse the cell texts that planners' files contain into numbers, years and codes.

Documented normalisations (everything else is a :class:`~huaian_forecast.DataError`):

- Unicode NFKC first, so full-width digits and punctuation (``３１．６％``) read as ASCII;
- thousands separators in the 1,234,567 pattern are removed;
- a trailing unit that matches the indicator's unit is removed: ``%`` for percent,
  ``家`` for firms, ``个`` for labs/projects, ``亿元``/``亿`` for 100 million yuan;
  ``万元`` (as a suffix or in the unit column) is converted to 亿元 (divided by 10,000);
- a leading ``>``, ``≥``, ``超过``, ``超``, ``突破`` or trailing ``以上`` marks a lower bound,
  ``<``, ``≤``, ``不到`` or trailing ``以下`` an upper bound; ``约``/``左右`` an approximate
  value (when the file has no ``kind`` column, or the column agrees);
- years may be written ``2023``, ``2023.0``, ``2023年`` or ``2023年度``.

Refused with a specific reason: missing-value markers (``-``, ``—``, ``…``, ``NA``,
``NaN``, ``null``, ``无`` ...: leave the cell empty in a wide table or delete the row),
infinities, Excel error values (``#DIV/0!``, ``#N/A`` ...), a unit suffix that does not
match the indicator (``%`` on a count), and anything else that is not a plain number.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass

from huaian_forecast.data._controls import ZERO_WIDTH_CHARS, control_pattern

__all__ = [
    "ParsedValue",
    "control_chars",
    "normalise_text",
    "parse_value",
    "parse_year",
    "shown",
    "strip_controls",
]

_THOUSANDS = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_YEAR = re.compile(r"^(\d{4})(\.0+)?\s*年?(度)?$")

_UNIT_SUFFIXES: dict[str, tuple[tuple[str, float], ...]] = {
    "percent": (("%", 1.0), ("％", 1.0)),
    "firms": (("家", 1.0),),
    "labs": (("个", 1.0), ("家", 1.0)),
    "projects": (("个", 1.0), ("项", 1.0)),
    "contracts": (("项", 1.0),),
    "100m_cny": (("亿元", 1.0), ("亿", 1.0), ("万元", 1.0e-4)),
    "100m_cny_wan": (("万元", 1.0e-4),),  # a unit column saying 万元
    "fraction": (),  # a unit column saying fraction: bare numbers, times 100
}
#: Scale of a bare number (no suffix) per unit: a 万元 column is converted to 亿元, a
#: fraction (0.316) to percent (31.6).
_BARE_SCALE = {"100m_cny_wan": 1.0e-4, "fraction": 100.0}
_ALL_SUFFIXES = ("亿元", "万元", "亿", "%", "家", "个", "项")
_LOWER = (">=", "≥", ">", "超过", "突破", "逾", "超")
_UPPER = ("<=", "≤", "<", "不到", "不足")
_APPROX = ("约", "近")
_ZERO_WIDTH = re.compile("[" + "".join(sorted(ZERO_WIDTH_CHARS)) + "]")
_MISSING = frozenset({"-", "--", "—", "——", "–", "/", "…", "……", "...", "na", "n/a", "n.a.",
                      "nan", "null", "none", "无", "空", "缺", "暂无", "x", "*"})
#: What free text keeps of the controls (:mod:`~huaian_forecast.data._controls`): tab,
#: newline and carriage return are the layout of a multi-line quote (Excel writes CRLF)
#: and are kept as the planner wrote them; the report removes CR when it writes them out.
#: An identifier keeps none of them: a tab or a line break inside a region name is a slip.
_FREE_TEXT_KEEPS = "\t\n\r"
#: Control characters as refused in identifiers / stripped from free text (the cells of
#: every loaded file pass here: one regular expression, not a Python test per character).
_CONTROLS = {False: control_pattern(), True: control_pattern(keep=_FREE_TEXT_KEEPS)}
_SHOWN_WIDTH = 40
_INFINITE = frozenset({"inf", "+inf", "-inf", "infinity", "+infinity", "-infinity", "∞"})


@dataclass(frozen=True, slots=True)
class ParsedValue:
    """A parsed number with the kind its text implied (``None`` when it implied none)."""

    value: float
    kind: str | None


def normalise_text(text: str) -> str:
    """NFKC-normalise and strip a cell (full-width digits and punctuation to ASCII).

    Zero-width characters (U+200B-U+200D, U+2060, U+FEFF) are removed.
    """
    return _ZERO_WIDTH.sub("", unicodedata.normalize("NFKC", text)).strip()


def shown(text: str, width: int = _SHOWN_WIDTH) -> str:
    """Quote a cell for an error message, cut to ``width`` characters with an ellipsis.

    A 5,000-digit "number" must not become a 5 KB error line.

    Examples
    --------
    >>> shown("9" * 100, 5)
    "'9999…'"
    """
    return repr(text if len(text) <= width else text[: width - 1] + "…")


def control_chars(text: str, *, keep_whitespace: bool = False) -> list[str]:
    """Return the control characters in ``text`` (:func:`~huaian_forecast.data.is_control`).

    As ``U+XXXX`` codes, sorted. ``keep_whitespace`` leaves out tab, newline and carriage
    return (free text keeps them).
    """
    found = set(_CONTROLS[keep_whitespace].findall(text))
    return [f"U+{ord(ch):04X}" for ch in sorted(found)]


def strip_controls(text: str) -> tuple[str, list[str]]:
    """Remove control characters from free text (tab, newline and CR are kept).

    Returns the cleaned text and the removed characters as ``U+XXXX`` codes.
    """
    removed = control_chars(text, keep_whitespace=True)
    if not removed:
        return text, []
    return _CONTROLS[True].sub("", text), removed


def _strip_markers(text: str) -> tuple[str, str | None]:
    kind: str | None = None
    for prefix in _LOWER:
        if text.startswith(prefix):
            return text[len(prefix):].strip(), "lower_bound"
    for prefix in _UPPER:
        if text.startswith(prefix):
            return text[len(prefix):].strip(), "upper_bound"
    for prefix in _APPROX:
        if text.startswith(prefix):
            text, kind = text[len(prefix):].strip(), "approx"
    if text.endswith("左右"):
        text, kind = text[:-2].strip(), "approx"
    if text.endswith("以上"):
        text, kind = text[:-2].strip(), "lower_bound"
    elif text.endswith("以下"):
        text, kind = text[:-2].strip(), "upper_bound"
    return text, kind


def parse_value(text: str, unit: str) -> ParsedValue:
    """Parse a value cell for an indicator published in ``unit``.

    Raises
    ------
    ValueError
        With a short reason (the caller adds file, row and column).

    Examples
    --------
    >>> parse_value("31.6%", "percent")
    ParsedValue(value=31.6, kind=None)
    >>> parse_value("1,524", "firms").value
    1524.0
    >>> parse_value("突破100亿元", "100m_cny")
    ParsedValue(value=100.0, kind='lower_bound')
    """
    raw = normalise_text(text)
    _refuse_special(raw)
    body, kind = _strip_markers(raw)
    scale = _BARE_SCALE.get(unit, 1.0)
    for suffix, factor in _UNIT_SUFFIXES.get(unit, ()):
        if body.endswith(suffix):
            body, scale = body[: -len(suffix)].strip(), factor
            break
    else:
        for suffix in _ALL_SUFFIXES:
            if body.endswith(suffix):
                raise ValueError(f"the suffix {suffix!r} does not match the unit {unit!r}")
    body, kind2 = _strip_markers(body)
    kind = kind or kind2
    if _THOUSANDS.match(body):
        body = body.replace(",", "")
    if not _NUMBER.match(body):
        raise ValueError(f"{shown(raw)} is not a number (expected e.g. 31.6, 31.6%, 1,524)")
    # divide by 10,000 for 万元 (not times 1e-4: 630500 / 10000 is exactly 63.05)
    value = float(body) / (1.0 / scale) if scale < 1 else float(body) * scale
    if not math.isfinite(value):
        raise ValueError(f"{shown(raw)} is not a finite number")
    return ParsedValue(value, kind)


def _refuse_special(raw: str) -> None:
    """Raise a specific reason for empty cells, missing markers, infinities, Excel errors."""
    folded = raw.casefold()
    if raw == "":
        raise ValueError("the value is empty; expected a number")
    if folded in _MISSING:
        raise ValueError(f"{shown(raw)} marks a missing value; delete the row (long table) or "
                         "leave the cell empty (wide table)")
    if folded in _INFINITE:
        raise ValueError(f"{shown(raw)} is not a finite number")
    if raw.startswith("#") and raw.endswith(("!", "?", "A")):
        raise ValueError(f"{shown(raw)} is an Excel error value; fix the formula or type the "
                         "number")


def parse_year(text: str) -> int:
    """Parse a year cell: ``2023``, ``2023.0`` or ``2023年``.

    Raises
    ------
    ValueError
        If the text is not a four-digit year.
    """
    raw = normalise_text(text)
    match = _YEAR.match(raw)
    if not match:
        raise ValueError(f"{shown(raw)} is not a year (expected e.g. 2023 or 2023年)")
    return int(match.group(1))
