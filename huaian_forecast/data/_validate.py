"""Header mapping and row checks shared by the history and targets loaders."""

from __future__ import annotations

import re
from collections.abc import Callable
from itertools import takewhile

import pandas as pd

from huaian_forecast.data._formulas import FORMULA_ESCAPE_REMOVED, unescape_formula
from huaian_forecast.data._limits import letter
from huaian_forecast.data._regions import resolve_region
from huaian_forecast.data._tabular import Grid
from huaian_forecast.data._values import (
    control_chars,
    normalise_text,
    parse_year,
    shown,
    strip_controls,
)
from huaian_forecast.exceptions import DataError
from huaian_forecast.indicators import (
    FIRST_YEAR,
    INDICATORS,
    LAST_YEAR,
    UNITS,
    Indicator,
    resolve_indicator,
)

__all__ = [
    "HEADER_ALIASES",
    "RowReader",
    "check_duplicates",
    "check_wide_header",
    "find_columns",
    "header_lookup",
    "indicator_columns",
    "looks_like_header",
    "lookup_key",
    "resolve_confidence",
    "resolve_kind",
    "resolve_region",
    "resolve_unit",
    "year_columns",
]

ErrorFactory = Callable[[str, str], DataError]

#: Accepted header spellings (case-insensitive, spaces ignored) per logical column.
HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "region": ("region", "地区", "区域", "城市", "地市", "area", "city"),
    "indicator": ("indicator", "指标", "指标名称", "指标代码", "variable", "项目"),
    "year": ("year", "年份", "年度", "年"),
    "value": ("value", "数值", "值", "数据", "指标值"),
    "unit": ("unit", "单位", "计量单位"),
    "kind": ("kind", "类型", "数据类型", "数值类型", "口径"),
    "source": ("source", "来源", "数据来源", "出处"),
    "confidence": ("confidence", "可信度", "置信度"),
    "quote": ("quote", "原文", "引文", "note", "备注"),
    "threshold": ("threshold", "目标值", "目标", "target"),
    "direction": ("direction", "方向"),
    "horizon": ("horizon", "期限", "目标类型"),
}
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'", "\u00b4": "'"})
_YEARISH = re.compile(r"(?<!\d)(19|20)\d\d(?!\d)")
_HEADER_LOOKUP = {"".join(a.split()).casefold(): k for k, v in HEADER_ALIASES.items() for a in v}

_KINDS: dict[str, str] = {
    "exact": "exact", "精确": "exact", "实际": "exact", "实际值": "exact", "统计": "exact",
    "approx": "approx", "约": "approx", "约数": "approx", "左右": "approx", "预计": "approx",
    "估计": "approx",
    "lower_bound": "lower_bound", "下限": "lower_bound", "以上": "lower_bound",
    "突破": "lower_bound", "超过": "lower_bound",
    "upper_bound": "upper_bound", "上限": "upper_bound", "以下": "upper_bound",
    "derived": "derived", "推算": "derived", "推算值": "derived", "派生": "derived",
}
_UNIT_ALIASES: dict[str, str] = {
    "%": "percent", "percent": "percent", "百分比": "percent", "亿元": "100m_cny",
    "亿": "100m_cny", "100m_cny": "100m_cny", "100millionyuan": "100m_cny",  # as printed
    "家": "firms", "firms": "firms",
    "个": "labs", "labs": "labs", "projects": "projects", "项": "contracts",
    "contracts": "contracts", "fraction": "fraction", "小数": "fraction",
    "比值": "fraction",
}
#: Accepted confidences; unknown (未知, as the Chinese workbook writes it) is what an empty
#: cell reads as, so a history sheet the report wrote loads back to the same table.
_CONFIDENCE = {"high": "high", "medium": "medium", "low": "low", "高": "high", "中": "medium",
               "低": "low", "unknown": "unknown", "未知": "unknown"}


def lookup_key(text: str) -> str:
    """Lookup key: NFKC, no spaces, case-folded, typographic apostrophes made ASCII."""
    return "".join(normalise_text(text).split()).casefold().translate(_APOSTROPHES)


def indicator_columns(header: list[str]) -> dict[int, str]:
    """Map column index -> indicator key for headers that name an indicator."""
    out = {}
    for i, name in enumerate(header):
        key = resolve_indicator(normalise_text(name)) if name else None
        if key is not None and lookup_key(name) not in _HEADER_LOOKUP:
            out[i] = key
    return out


def looks_like_header(row: list[str]) -> bool:
    """Whether a row is a header: two or more recognised column names (years count once)."""
    known = {_HEADER_LOOKUP[k] for k in map(lookup_key, row) if k in _HEADER_LOOKUP}
    return len(known) + (1 if year_columns(row) else 0) >= 2


def year_columns(header: list[str]) -> dict[int, int]:
    """Map column index -> year for headers that are years (a wide layout)."""
    out = {}
    for i, name in enumerate(header):
        try:
            out[i] = parse_year(name)
        except ValueError:
            continue
    return out


def header_lookup(aliases: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """Map every accepted header spelling (lookup key) of ``aliases`` to its logical name."""
    return {lookup_key(a): k for k, v in aliases.items() for a in v}


def find_columns(grid: Grid, *, required: tuple[str, ...], kind: str,
                 ignore: set[int] | None = None,
                 aliases: dict[str, tuple[str, ...]] | None = None) -> dict[str, int]:
    """Map logical column names to indices; raise when a required one is missing.

    ``aliases`` (default :data:`HEADER_ALIASES`) lists the accepted spellings per logical
    name; the error for a missing column lists them.
    """
    lookup = _HEADER_LOOKUP if aliases is None else header_lookup(aliases)
    aliases = HEADER_ALIASES if aliases is None else aliases
    cols: dict[str, int] = {}
    for i, name in enumerate(grid.header):
        if ignore and i in ignore:
            continue
        if name == "":
            _check_blank_header(grid, i)
            continue
        logical = lookup.get(lookup_key(name))
        if logical is None:
            continue  # extra columns are allowed and ignored
        if logical in cols:
            raise DataError(f"{grid.source}, row {grid.header_row}, column {name!r}: columns "
                            f"{grid.header[cols[logical]]!r} and {name!r} both mean "
                            f"{logical!r}; keep one")
        cols[logical] = i
    missing = [c for c in required if c not in cols]
    if missing:
        accepted = "; ".join(f"{c}: {' / '.join(aliases[c])}" for c in missing)
        raise DataError(f"{grid.source}, row {grid.header_row}, column {missing[0]!r}: "
                        f"missing required {kind} column(s) {missing}; accepted headers are "
                        f"{accepted} (found {_headers(grid.header)})")
    return cols


def _headers(header: list[str], n_shown: int = 12) -> str:
    """List the non-empty headers for a message: at most ``n_shown``, each cut short."""
    names = [shown(h) for h in header if h]
    more = f", ... ({len(names)} in all)" if len(names) > n_shown else ""
    return "[" + ", ".join(names[:n_shown]) + more + "]"


def _check_blank_header(grid: Grid, index: int) -> None:
    """Raise when a column without a header holds values (merged header, unquoted comma)."""
    for number, row in zip(grid.row_numbers, grid.rows, strict=True):
        if row[index]:
            raise DataError(
                f"{grid.source}, row {number}, column {letter(index + 1)!r} (no header): the cell "
                f"{shown(row[index])} "
                f"is in a column without a header (a merged header cell, or an unquoted "
                f"comma such as 1,524 in a CSV?); give every column a header")


def check_wide_header(grid: Grid, years: dict[int, int], cols: dict[str, int]) -> None:
    """Refuse a wide table whose headers mix in a year or value column or a malformed year.

    A header such as ``2023(预计)`` is neither a year nor a known column: ignoring it would
    silently drop that year's values.
    """
    for name in ("year", "value"):
        if name in cols:
            raise DataError(
                f"{grid.source}, row {grid.header_row}, column {grid.header[cols[name]]!r}: a "
                f"{name} column next to year columns ({grid.header[min(years)]!r} ...); use "
                "either a long table (year and value columns) or a wide one (one column per "
                "year)")
    for i, name in enumerate(grid.header):
        if i in years or i in cols.values() or not _YEARISH.search(normalise_text(name)):
            continue
        raise DataError(f"{grid.source}, row {grid.header_row}, column {name!r}: the header "
                        "looks like a year but is not one; expected e.g. 2023 or 2023年 "
                        "(put notes such as 预计 in a kind column)")


def resolve_confidence(text: str) -> str | None:
    """Return high / medium / low or unknown (also an empty cell); ``None`` if unreadable."""
    return _CONFIDENCE.get(lookup_key(text)) if text else "unknown"


def resolve_unit(text: str, ind: Indicator, error: ErrorFactory) -> str | None:
    """Check a unit cell against the indicator; return a unit for value parsing or None."""
    if text == "":
        return None
    unit = _UNIT_ALIASES.get(lookup_key(text), lookup_key(text))
    if unit == "万元" and ind.unit == "100m_cny":
        return "100m_cny_wan"
    if unit == "labs" and UNITS[ind.unit][0] == "个":
        unit = ind.unit
    if unit == "fraction" and ind.unit == "percent":
        return unit
    if unit != ind.unit:
        raise error("unit", f"unit {shown(text)} does not match indicator {ind.key} "
                    f"(published in {ind.unit} = {UNITS[ind.unit][0]})")
    return unit


def resolve_kind(text: str, implied: str | None, error: ErrorFactory) -> str:
    """Combine the kind column with the kind the value text implied (e.g. ``>100``)."""
    if text == "":
        return implied or "exact"
    kind = _KINDS.get(lookup_key(text))
    if kind is None:
        raise error("kind", f"{shown(text)} is not a kind; expected one of "
                    "exact, approx, lower_bound, upper_bound, derived")
    if implied is not None and implied != kind and kind != "derived":
        raise error("kind", f"the kind column says {kind!r} but the value reads as {implied!r}")
    return kind


def check_duplicates(table: pd.DataFrame, source: str, *, value: str = "value",
                     keys: tuple[str, ...] = ("region", "indicator", "year", "kind", "source"),
                     hint: str = "", advice: str = "keep one") -> None:
    """Raise on two rows for one key with different values, naming both rows.

    With the default ``keys`` two ``exact`` rows for one region/indicator/year with
    different values also conflict, whatever their sources. ``table`` needs the columns
    ``_row`` (file row) and ``_col`` (header of the value's column); ``advice`` says what
    to do (default "keep one") and ``hint`` ends the message (what else the rows may mean).
    """
    checks: list[tuple[list[str], str, pd.DataFrame]] = [
        (list(keys), "same " + ", ".join(keys[3:]) if len(keys) > 3 else "", table)]
    if "kind" in keys:
        exact = table[table["kind"] == "exact"]
        checks.append((list(keys[:3]), "both exact", exact))
    for subset, label, frame in checks:
        spread = frame.groupby(subset, sort=False)[value].transform("nunique")
        bad = frame[spread > 1]
        if bad.empty:
            continue
        first = bad.iloc[0]
        same = bad[(bad[subset] == first[subset]).all(axis=1)]
        rows = list(dict.fromkeys(str(r) for r in same["_row"]))
        cols = ", ".join(repr(c) for c in dict.fromkeys(same["_col"]))
        where = f"row{'s' if len(rows) > 1 else ''} {', '.join(rows)}, column {cols}"
        values = ", ".join(f"{v:g}" for v in same[value])
        raise DataError(f"{source}, {where}: conflicting values {values} for "
                        f"{first['region']} {first['indicator']} {first['year']}"
                        f"{f' ({label})' if label else ''}; {advice}{hint}")


class RowReader:
    """One row's cells by logical column name, with located error messages.

    Cells are NFKC-normalised (full-width to ASCII) except ``source`` and ``quote``, which
    are kept verbatim but for control and bidi characters: those are removed from free
    text (and listed in ``cleaned``) and refused in every other cell. Free text also
    drops the report writer's formula escape, one ``'`` before ``=``, ``+``, ``-`` or
    ``@`` (:func:`~huaian_forecast.data._formulas.unescape_formula`), listed in
    ``cleaned`` too with ``"what"``: :data:`FORMULA_ESCAPE_REMOVED`.
    """

    def __init__(self, grid: Grid, number: int, row: list[str], cols: dict[str, int],
                 cleaned: list[dict[str, object]] | None = None):
        self.grid, self.number, self.row, self.columns = grid, number, row, dict(cols)
        self.fixed: dict[str, str] = {}  # fields a wide table's column header fixes
        self.cleaned = [] if cleaned is None else cleaned

    def get(self, name: str) -> str:
        """Return the cell of logical column ``name`` ("" when the file has no such column).

        A field fixed by the column header of a wide table (its year or indicator) wins.
        """
        if name in self.fixed:
            return normalise_text(self.fixed[name])
        index = self.columns.get(name)
        text = "" if index is None else self.row[index]
        if name in ("source", "quote"):
            clean, removed = strip_controls(text)
            if removed:
                self._record({"row": self.number, "column": self.header(name),
                              "removed": removed})
            unescaped = unescape_formula(clean)  # the report writer's '=... (data._formulas)
            if unescaped != clean:
                self._record({"row": self.number, "column": self.header(name),
                              "removed": ["U+0027"], "what": FORMULA_ESCAPE_REMOVED})
            return unescaped
        bad = control_chars(text)
        if bad:
            raise self.error(name, f"the cell {shown(text)} contains control or text-direction "
                             f"character(s) {', '.join(bad)}; retype the cell (a copy from a "
                             "web page or another program?)")
        return normalise_text(text)

    def _record(self, entry: dict[str, object]) -> None:
        """Add ``entry`` to ``cleaned`` once: a wide table repeats a row's cells."""
        this_row = takewhile(lambda e: e["row"] == self.number, reversed(self.cleaned))
        if entry not in this_row:  # look back over this row only
            self.cleaned.append(entry)

    def header(self, name: str) -> str:
        """Return the file's header of logical column ``name``."""
        index = self.columns.get(name)
        return self.grid.header[index] if index is not None else name

    def error(self, name: str, message: str) -> DataError:
        """Return a DataError naming the file, this row and the column."""
        return DataError(f"{self.grid.source}, row {self.number}, "
                         f"column {shown(self.header(name))}: {message}")

    def indicator(self) -> Indicator:
        """Resolve the indicator cell; raise listing the known indicators."""
        text = self.get("indicator")
        key = resolve_indicator(text)
        if key is None:
            what = "the indicator is empty" if text == "" else f"unknown indicator {shown(text)}"
            raise self.error("indicator", f"{what}; known: {', '.join(sorted(INDICATORS))} "
                             "(or their Chinese names)")
        return INDICATORS[key]

    def year(self, name: str = "year") -> int:
        """Parse the year (its error names column ``name``); check it lies in the calendar.

        The calendar is :data:`~huaian_forecast.indicators.FIRST_YEAR` (1949) to
        :data:`~huaian_forecast.indicators.LAST_YEAR` (2100).
        """
        try:
            year = parse_year(self.get("year"))
        except ValueError as exc:
            raise self.error(name, str(exc)) from None
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise self.error(name, f"year {year} is outside {FIRST_YEAR}-{LAST_YEAR}")
        return year

    def region(self, default: str, required: bool) -> str:
        """Resolve the region; a blank cell is an error when other rows name a region."""
        text = self.get("region")
        if text == "" and required:
            raise self.error("region", "the region is empty while other rows name one (a "
                             "merged cell saved as CSV?); fill it in on every row")
        return resolve_region(text) or default
