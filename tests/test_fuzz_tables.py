"""Hypothesis fuzzing of the loader: random tables in random encodings, layouts and formats.

A random valid table, written as CSV (UTF-8, UTF-8 with BOM, GB18030, UTF-16) or
``.xlsx``, long or wide, with English or Chinese headers and value spellings, loads with
the same values. The same table with one cell replaced by hostile text (control and
bidi characters, huge numbers, formulas, markers, anything) either loads or raises
:class:`~huaian_forecast.DataError`: never another exception, never a warning other than
a :class:`~huaian_forecast.DataWarning`.

The number of examples comes from the Hypothesis profile (``tests/conftest.py``): small
and derandomised by default, ``HYPOTHESIS_PROFILE=long`` for a longer CI run.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
import warnings
from pathlib import Path
from typing import Any, NamedTuple
from unittest import mock

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import huaian_forecast as hf
from huaian_forecast.data import _clock
from huaian_forecast.data._plausible import PERCENT_FLOORS, PLAUSIBLE
from huaian_forecast.indicators import INDICATORS, UNITS

FUZZ = settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                      HealthCheck.too_slow])
REGIONS = {"Huai'an": "淮安市", "Jiangsu": "江苏省", "Suzhou": "苏州市"}
KEYS = sorted(INDICATORS)
HOSTILE = ["\x01", "\u202e", "=cmd|'/c calc'!A1", "9" * 400, "1e-320", "0", "-1", "NaN",
           "—", "#DIV/0!", "突破", "1,2,3", "２０２３年", "\ufeff", "\u200b", "约100亿元",
           "1" * 30 + "%", "'", '"', "\n", "\r\n", "2023年(预计)", "单位：万元", "注：", "💥"]
ILLEGAL_XLSX = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")


class Rendering(NamedTuple):
    layout: str  # "long" or "wide"
    chinese: bool
    encoding: str  # a codec, or "xlsx"


def _value(draw: st.DrawFn, key: str) -> float:
    ind = INDICATORS[key]
    if ind.kind == "count":
        return float(draw(st.integers(0, min(int(ind.upper), 200_000))))
    low, high, _ = PLAUSIBLE.get(key, (ind.lower, ind.upper, ""))
    low = max(low, ind.lower, PERCENT_FLOORS.get(key, low))
    if ind.kind == "share":
        low = max(low, 1.1)  # shares all at most 1 read as fractions
    high = min(high, ind.upper)
    if ind.unit == "percent":
        return draw(st.integers(int(np.ceil(low * 10)), int(high * 10))) / 10
    return draw(st.integers(int(np.ceil(low * 100)), int(high * 100))) / 100


@st.composite
def tables(draw: st.DrawFn) -> pd.DataFrame:
    """A valid table: unique region / indicator / year, plausible values, exact kind."""
    keys = draw(st.lists(st.tuples(st.sampled_from(sorted(REGIONS)), st.sampled_from(KEYS),
                                   st.integers(1990, 2030)),
                         min_size=1, max_size=12, unique=True))
    rows = [{"region": r, "indicator": k, "year": y, "value": _value(draw, k)}
            for r, k, y in keys]
    # one value per region and indicator: no implausible step between two years (the
    # loader refuses a level that moves more than 3x a year, GDP more than 1.35x; drawn
    # independently, 0.01 then 0.04 of enterprise R&D failed a fresh machine's run)
    level: dict[tuple[str, str], float] = {}
    for row in rows:
        row["value"] = level.setdefault((row["region"], row["indicator"]), row["value"])
    gdp = {(r["region"], r["year"]): r["value"] for r in rows if r["indicator"] == "gdp"}
    for row in rows:  # R&D spend of a year with GDP: a plausible 2 % of it
        if row["indicator"] == "rd_spend" and (row["region"], row["year"]) in gdp:
            row["value"] = round(0.02 * gdp[row["region"], row["year"]], 2)
    return pd.DataFrame(rows).sort_values(["region", "indicator", "year"]).reset_index(
        drop=True)


renderings = st.builds(Rendering, st.sampled_from(["long", "wide"]), st.booleans(),
                       st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "utf-16", "xlsx"]))


def _text(value: float, key: str, chinese: bool) -> str:
    ind = INDICATORS[key]
    if ind.kind == "count":
        return f"{int(value):,}{UNITS[ind.unit][0]}" if chinese else str(int(value))
    if ind.unit == "percent":
        return f"{value:g}%" if chinese else repr(value)
    return f"{value:,.2f}" if chinese else repr(value)


def _grid(table: pd.DataFrame, how: Rendering) -> list[list[str]]:
    """The table as rows of cell texts, in the rendering's layout and language."""
    def names(row: Any) -> tuple[str, str, str]:
        key = row["indicator"]
        if how.chinese:
            return REGIONS[row["region"]], INDICATORS[key].name_zh, UNITS[INDICATORS[key].unit][0]
        return row["region"], key, INDICATORS[key].unit

    if how.layout == "long":
        head = ["地区", "指标", "年份", "数值", "单位"] if how.chinese else \
            ["region", "indicator", "year", "value", "unit"]
        return [head] + [[*names(r)[:2], f"{r['year']}年" if how.chinese else str(r["year"]),
                          _text(r["value"], r["indicator"], how.chinese), names(r)[2]]
                         for _, r in table.iterrows()]
    years = sorted(set(table["year"]))
    head = (["地区", "指标", "单位"] if how.chinese else ["region", "indicator", "unit"]) + \
        [f"{y}年" if how.chinese else str(y) for y in years]
    grid = [head]
    for (region, key), group in table.groupby(["region", "indicator"], sort=True):
        by_year = dict(zip(group["year"], group["value"], strict=True))
        cells = [_text(by_year[y], key, how.chinese) if y in by_year else "" for y in years]
        grid.append([*names({"region": region, "indicator": key}), *cells])
    return grid


def _write(grid: list[list[str]], how: Rendering, path: Path) -> Path:
    if how.encoding == "xlsx":
        from openpyxl import Workbook

        wb = Workbook()
        for row in grid:
            wb.active.append([ILLEGAL_XLSX.sub("", c) for c in row])
        wb.save(path.with_suffix(".xlsx"))
        return path.with_suffix(".xlsx")
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(grid)
    path.write_bytes(buffer.getvalue().encode(how.encoding))
    return path


def _load_or_error(path: Path) -> pd.DataFrame | str:
    """Load (ignoring DataWarning: unknown region, cleaned text) or return a DataError text.

    Any other exception or warning (``filterwarnings = error``) fails the test.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", hf.DataWarning)
        try:
            return hf.load_history(path)
        except hf.DataError as exc:
            return str(exc)


@FUZZ
@given(table=tables(), how=renderings)
def test_a_random_table_loads_with_the_same_values(tmp_path: Path, table: pd.DataFrame,
                                                   how: Rendering):
    path = _write(_grid(table, how), how, tmp_path / "t.csv")
    with mock.patch.object(_clock, "today", return_value=datetime.date(2030, 12, 31)):
        loaded = hf.load_history(path)  # years to 2030: all published by then
    got = loaded[["region", "indicator", "year", "value"]].sort_values(
        ["region", "indicator", "year"]).reset_index(drop=True)
    pd.testing.assert_frame_equal(got.drop(columns="value"), table.drop(columns="value"))
    np.testing.assert_allclose(got["value"], table["value"], rtol=1e-12)


@FUZZ
@given(table=tables(), how=renderings, junk=st.sampled_from(HOSTILE) | st.text(max_size=40),
       data=st.data())
def test_a_corrupted_cell_loads_or_raises_a_data_error(tmp_path: Path, table: pd.DataFrame,
                                                       how: Rendering, junk: str,
                                                       data: st.DataObject):
    grid = _grid(table, how)
    row = data.draw(st.integers(0, len(grid) - 1), label="row")
    col = data.draw(st.integers(0, len(grid[row]) - 1), label="column")
    grid[row][col] = junk
    if how.encoding == "gb18030":
        junk.encode("gb18030")  # GB18030 encodes every character: no skipping needed
    path = _write(grid, how, tmp_path / "t.csv")
    loaded = _load_or_error(path)
    if isinstance(loaded, str):
        assert "\n" not in loaded
        assert len(loaded) < 2_000  # echoes are cut: never the whole hostile cell
    else:
        assert set(loaded.columns) >= {"region", "indicator", "year", "value"}
        assert np.isfinite(loaded["value"]).all()


@FUZZ
@given(raw=st.binary(max_size=300), suffix=st.sampled_from([".csv", ".xlsx", ".txt"]))
def test_arbitrary_bytes_load_or_raise_a_data_error(tmp_path: Path, raw: bytes, suffix: str):
    path = tmp_path / f"raw{suffix}"
    path.write_bytes(raw)
    loaded = _load_or_error(path)
    assert not isinstance(loaded, str) or "\n" not in loaded
