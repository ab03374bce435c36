"""Header mapping and row checks shared by the history and targets loaders."""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from huaian_forecast._tabular import Grid
from huaian_forecast._values import normalise_text, parse_value, parse_year
from huaian_forecast.exceptions import DataError
from huaian_forecast.indicators import INDICATORS, UNITS, Indicator, resolve_indicator

__all__ = [
    "HEADER_ALIASES",
    "check_duplicates",
    "check_range",
    "find_columns",
    "is_footnote",
    "resolve_kind",
    "resolve_region",
    "resolve_unit",
    "target_records",
    "year_columns",
]

ErrorFactory = Callable[[str, str], DataError]

#: Accepted header spellings (case-insensitive, spaces ignored) per logical column.
HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "region": ("region", "地区", "区域", "城市", "地市", "area", "city"),
    "indicator": ("indicator", "指标", "指标名称", "variable", "项目"),
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
_HEADER_LOOKUP = {"".join(a.split()).casefold(): k for k, v in HEADER_ALIASES.items() for a in v}

_KINDS: dict[str, str] = {
    "exact": "exact", "精确": "exact", "实际": "exact", "统计": "exact",
    "approx": "approx", "约": "approx", "左右": "approx", "预计": "approx", "估计": "approx",
    "lower_bound": "lower_bound", "下限": "lower_bound", "以上": "lower_bound",
    "突破": "lower_bound", "超过": "lower_bound",
    "upper_bound": "upper_bound", "上限": "upper_bound", "以下": "upper_bound",
    "derived": "derived", "推算": "derived", "派生": "derived",
}
_REGIONS: dict[str, str] = {
    "淮安": "Huai'an", "淮安市": "Huai'an", "huaian": "Huai'an", "huai'an": "Huai'an",
    "江苏": "Jiangsu", "江苏省": "Jiangsu", "全省": "Jiangsu", "苏北": "Subei",
    "苏州": "Suzhou", "南京": "Nanjing", "无锡": "Wuxi", "常州": "Changzhou",
    "南通": "Nantong", "泰州": "Taizhou", "扬州": "Yangzhou", "徐州": "Xuzhou",
    "盐城": "Yancheng", "镇江": "Zhenjiang", "连云港": "Lianyungang", "宿迁": "Suqian",
}
_UNIT_ALIASES: dict[str, str] = {
    "%": "percent", "percent": "percent", "百分比": "percent", "亿元": "100m_cny",
    "亿": "100m_cny", "100m_cny": "100m_cny", "家": "firms", "firms": "firms",
    "个": "labs", "labs": "labs", "projects": "projects", "项": "contracts",
    "contracts": "contracts",
}
_FOOTNOTE_PREFIXES = ("数据来源", "资料来源", "来源", "注", "说明", "备注", "source", "note", "*")
_DIRECTIONS = {"at_least": "at_least", ">=": "at_least", "≥": "at_least", "以上": "at_least",
               "at_most": "at_most", "<=": "at_most", "≤": "at_most", "以下": "at_most"}


def _key(text: str) -> str:
    return "".join(normalise_text(text).split()).casefold()


def is_footnote(row: list[str]) -> bool:
    """Whether a row is a footnote: only its first cell is filled, with a note marker."""
    first, rest = row[0], row[1:]
    return bool(first) and not any(rest) and _key(first).startswith(_FOOTNOTE_PREFIXES)


def year_columns(header: list[str]) -> dict[int, int]:
    """Map column index -> year for headers that are years (a wide layout)."""
    out = {}
    for i, name in enumerate(header):
        try:
            out[i] = parse_year(name)
        except ValueError:
            continue
    return out


def find_columns(grid: Grid, *, required: tuple[str, ...], kind: str,
                 ignore: set[int] | None = None) -> dict[str, int]:
    """Map logical column names to indices; raise when a required one is missing."""
    cols: dict[str, int] = {}
    for i, name in enumerate(grid.header):
        if ignore and i in ignore:
            continue
        if name == "":
            if any(row[i] for row in grid.rows if not is_footnote(row)):
                raise DataError(f"{grid.source}, row 1, column {i + 1}: the header is blank "
                                "but the column holds values (merged or missing header?)")
            continue
        logical = _HEADER_LOOKUP.get(_key(name))
        if logical is None:
            continue  # extra columns are allowed and ignored
        if logical in cols:
            raise DataError(f"{grid.source}, row 1: columns {grid.header[cols[logical]]!r} "
                            f"and {name!r} both mean {logical!r}")
        cols[logical] = i
    missing = [c for c in required if c not in cols]
    if missing:
        accepted = "; ".join(f"{c}: {' / '.join(HEADER_ALIASES[c])}" for c in missing)
        raise DataError(f"{grid.source}: missing required {kind} column(s) {missing}; "
                        f"accepted headers are {accepted} (found {grid.header})")
    return cols


def resolve_region(text: str) -> str:
    """Return the canonical English region name for a Chinese or English spelling."""
    return _REGIONS.get(_key(text), text)


def resolve_unit(text: str, ind: Indicator, error: ErrorFactory) -> str | None:
    """Check a unit cell against the indicator; return a unit for value parsing or None."""
    if text == "":
        return None
    unit = _UNIT_ALIASES.get(_key(text), _key(text))
    if unit == "万元" and ind.unit == "100m_cny":
        return "100m_cny_wan"
    if unit == "labs" and UNITS[ind.unit][0] == "个":
        unit = ind.unit
    if unit != ind.unit:
        raise error("unit", f"unit {text!r} does not match indicator {ind.key} "
                    f"(published in {ind.unit} = {UNITS[ind.unit][0]})")
    return unit


def resolve_kind(text: str, implied: str | None, error: ErrorFactory) -> str:
    """Combine the kind column with the kind the value text implied (e.g. ``>100``)."""
    if text == "":
        return implied or "exact"
    kind = _KINDS.get(_key(text))
    if kind is None:
        raise error("kind", f"{text!r} is not a kind; expected one of "
                    "exact, approx, lower_bound, upper_bound, derived")
    if implied is not None and implied != kind and kind != "derived":
        raise error("kind", f"the kind column says {kind!r} but the value reads as {implied!r}")
    return kind


def check_range(value: float, ind: Indicator, error: Callable[[str], DataError]) -> None:
    """Raise when a value is outside the indicator's valid range or not a whole count."""
    if not math.isfinite(value):
        raise error(f"{value} is not a finite number")
    if ind.kind == "count" and value < 0:
        raise error(f"a count cannot be negative (got {value:g} for {ind.key})")
    if ind.kind == "share" and not 0 <= value <= 100:
        raise error(f"a share must lie within 0-100 % (got {value:g} for {ind.key})")
    if not ind.lower <= value <= ind.upper:
        raise error(f"{value:g} is outside the valid range {ind.lower:g}-{ind.upper:g} "
                    f"{ind.unit} for {ind.key}")
    if ind.kind == "count" and not float(value).is_integer():
        raise error(f"a count must be a whole number (got {value:g} for {ind.key})")


def check_duplicates(table: pd.DataFrame, source: str) -> None:
    """Raise on two rows for one region/indicator/year/kind/source with different values.

    Two ``exact`` rows for one region/indicator/year with different values also conflict,
    whatever their sources.
    """
    keys = ["region", "indicator", "year", "kind", "source"]
    for subset, label in ((keys, "kind and source"), (keys[:3], "exact value")):
        frame = table if len(subset) == len(keys) else table[table["kind"] == "exact"]
        spread = frame.groupby(subset, sort=False)["value"].transform("nunique")
        bad = frame[spread > 1]
        if not bad.empty:
            first = bad.iloc[0]
            same = bad[(bad[subset] == first[subset]).all(axis=1)]
            rows = ", ".join(str(r) for r in same["_row"])
            values = ", ".join(f"{v:g}" for v in same["value"])
            raise DataError(f"{source}, rows {rows}, column 'value': conflicting values "
                            f"{values} for {first['region']} {first['indicator']} "
                            f"{first['year']} (same {label}); keep one")


def target_records(grid: Grid) -> list[dict[str, object]]:
    """Validate the rows of a targets table."""
    cols = find_columns(grid, required=("indicator", "year", "threshold"), kind="target")
    out: list[dict[str, object]] = []
    for number, row in zip(grid.row_numbers, grid.rows, strict=True):
        if is_footnote(row):
            continue

        def cell(name: str, row: list[str] = row) -> str:
            return row[cols[name]] if name in cols else ""

        def error(name: str, msg: str, number: int = number) -> DataError:
            header = grid.header[cols[name]] if name in cols else name
            return DataError(f"{grid.source}, row {number}, column {header!r}: {msg}")

        key = resolve_indicator(cell("indicator"))
        if key is None:
            raise error("indicator", f"unknown indicator {cell('indicator')!r}; known: "
                        f"{', '.join(sorted(INDICATORS))}")
        ind = INDICATORS[key]
        try:
            year = parse_year(cell("year"))
            if not 1949 <= year <= 2100:
                raise ValueError(f"year {year} is outside 1949-2100")
        except ValueError as exc:
            raise error("year", str(exc)) from None
        try:
            parsed = parse_value(cell("threshold"), ind.unit)
        except ValueError as exc:
            raise error("threshold", str(exc)) from None
        check_range(parsed.value, ind, lambda m: error("threshold", m))
        direction = _DIRECTIONS.get(_key(cell("direction")) or "at_least")
        if direction is None:
            raise error("direction", f"{cell('direction')!r} is not at_least or at_most")
        out.append({"region": resolve_region(cell("region")) or "Huai'an", "indicator": key,
                    "year": year, "threshold": parsed.value, "direction": direction,
                    "unit": ind.unit, "horizon": cell("horizon") or "milestone",
                    "source": cell("source") or f"{Path(grid.source).name}, row {number}",
                    "quote": cell("quote")})
    return out
