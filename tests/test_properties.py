"""Hypothesis properties: loader round trips, bounds of simulated paths, ordered quantiles,
p_reach monotone in the threshold, row order of the history irrelevant."""

from __future__ import annotations

import datetime
import math
from collections.abc import Iterator
from pathlib import Path
from unittest import mock

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import huaian_forecast as hf
from huaian_forecast.data import _clock
from huaian_forecast.data._plausible import PERCENT_FLOORS, PLAUSIBLE
from huaian_forecast.indicators import INDICATORS, LAST_YEAR, UNITS

COMPARED = ["region", "indicator", "year", "value", "unit", "kind"]


@pytest.fixture(autouse=True, scope="module")
def _clock_at_the_calendars_end() -> Iterator[None]:
    """The tables' years run to 2100: the loaders' clock is set there (no future year)."""
    with mock.patch.object(_clock, "today", return_value=datetime.date(LAST_YEAR, 12, 31)):
        yield
REGIONS = {"Huai'an": "淮安市", "Jiangsu": "江苏省", "Suzhou": "苏州"}
KINDS_ZH = {"exact": "精确", "approx": "约", "lower_bound": "下限", "upper_bound": "上限",
            "derived": "推算"}
SETTINGS = settings(max_examples=25, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])
SIM_SETTINGS = settings(max_examples=8, deadline=None,
                        suppress_health_check=[HealthCheck.function_scoped_fixture])


@st.composite
def _value(draw: st.DrawFn, key: str) -> float:
    ind = INDICATORS[key]
    if ind.kind == "count":
        return float(draw(st.integers(0, min(int(ind.upper), 200_000))))
    if ind.unit == "percent":  # values below PERCENT_FLOORS are refused as fractions
        floor = PERCENT_FLOORS.get(key, 0.0)
        lo = max(int(max(ind.lower, PLAUSIBLE.get(key, (ind.lower, 0, ""))[0]) * 10),
                 math.ceil(floor * 10) + (ind.kind == "share"))
        hi = int(min(ind.upper, PLAUSIBLE.get(key, (0, ind.upper, ""))[1]) * 10)
        return draw(st.integers(lo, hi)) / 10
    low, high, _ = PLAUSIBLE.get(key, (0.0, 1.0e7, ""))  # within the plausible range
    return draw(st.integers(math.ceil(low * 100), int(high * 100))) / 100


@st.composite
def histories(draw: st.DrawFn, *, kinds: bool = True) -> pd.DataFrame:
    """A valid long table: unique region/indicator/year, values within each range."""
    keys = draw(st.lists(st.tuples(st.sampled_from(sorted(REGIONS)),
                                   st.sampled_from(sorted(INDICATORS)),
                                   st.integers(1949, 2100)),
                         min_size=1, max_size=25, unique=True))
    rows = []
    for region, key, year in keys:
        kind = draw(st.sampled_from(sorted(KINDS_ZH))) if kinds else "exact"
        rows.append({"region": region, "indicator": key, "year": year,
                     "value": draw(_value(key)), "unit": INDICATORS[key].unit, "kind": kind})
    level: dict[str, float] = {}  # one GDP per region: no implausible step between years
    for row in rows:
        if row["indicator"] == "gdp":
            row["value"] = level.setdefault(row["region"], row["value"])
    gdp = {(r["region"], r["year"]): r["value"] for r in rows if r["indicator"] == "gdp"}
    for row in rows:  # R&D spend of a year with GDP: a plausible 2 % of it
        if row["indicator"] == "rd_spend" and (row["region"], row["year"]) in gdp:
            row["value"] = round(0.02 * gdp[row["region"], row["year"]], 2)
    table = pd.DataFrame(rows, columns=COMPARED)
    return table.sort_values(["region", "indicator", "year", "kind", "value"]).reset_index(
        drop=True)


def _text(value: float, key: str, chinese: bool) -> str:
    ind = INDICATORS[key]
    if not chinese:
        return repr(value)
    if ind.unit == "percent":
        return f"{value:g}%"
    if ind.kind == "count":
        return f"{int(value):,}{UNITS[ind.unit][0]}"
    return f"{value:,.2f}"


def _write_long(table: pd.DataFrame, path: Path, *, chinese: bool) -> Path:
    if chinese:
        frame = pd.DataFrame({
            "地区": table["region"].map(REGIONS),
            "指标": [INDICATORS[k].name_zh for k in table["indicator"]],
            "年份": [f"{y}年" for y in table["year"]],
            "数值": [_text(v, k, True) for v, k in zip(table["value"], table["indicator"],
                                                     strict=True)],
            "单位": [UNITS[u][0] for u in table["unit"]],
            "类型": table["kind"].map(KINDS_ZH),
        })
        frame.to_csv(path, index=False, encoding="gb18030")
    else:
        table.assign(value=[repr(v) for v in table["value"]]).to_csv(path, index=False)
    return path


def _write_wide(table: pd.DataFrame, path: Path) -> Path:
    wide = table.pivot(index=["region", "indicator", "unit"], columns="year", values="value")
    wide.columns = [f"{y}年" for y in wide.columns]
    wide = wide.map(lambda v: "" if pd.isna(v) else repr(float(v)))
    wide.reset_index().to_csv(path, index=False, encoding="utf-8-sig")
    return path


def _loaded(path: Path) -> pd.DataFrame:
    return hf.load_history(path)[COMPARED]


@SETTINGS
@given(table=histories())
def test_long_csv_round_trip(tmp_path: Path, table: pd.DataFrame):
    pd.testing.assert_frame_equal(_loaded(_write_long(table, tmp_path / "l.csv",
                                                      chinese=False)), table)


@SETTINGS
@given(table=histories())
def test_chinese_gb18030_round_trip(tmp_path: Path, table: pd.DataFrame):
    pd.testing.assert_frame_equal(_loaded(_write_long(table, tmp_path / "zh.csv",
                                                      chinese=True)), table)


@SETTINGS
@given(table=histories(kinds=False))
def test_wide_round_trip(tmp_path: Path, table: pd.DataFrame):
    pd.testing.assert_frame_equal(_loaded(_write_wide(table, tmp_path / "w.csv")), table)


@SETTINGS
@given(table=histories(kinds=False))
def test_one_column_per_indicator_round_trip(tmp_path: Path, table: pd.DataFrame):
    texts = table.assign(text=[_text(v, k, True) for v, k in zip(
        table["value"], table["indicator"], strict=True)])
    wide = texts.pivot(index=["region", "year"], columns="indicator", values="text")
    wide.columns = [INDICATORS[k].name_zh for k in wide.columns]
    wide = wide.fillna("").reset_index()
    wide["region"] = wide["region"].map(REGIONS)
    wide.rename(columns={"region": "地区", "year": "年份"}).to_csv(
        tmp_path / "c.csv", index=False, encoding="gb18030")
    pd.testing.assert_frame_equal(_loaded(tmp_path / "c.csv"), table)


@settings(max_examples=10, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(table=histories())
def test_xlsx_round_trip(tmp_path: Path, table: pd.DataFrame):
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.append(COMPARED)
    for row in table.itertuples(index=False):
        wb.active.append(list(row))
    wb.save(tmp_path / "x.xlsx")
    pd.testing.assert_frame_equal(_loaded(tmp_path / "x.xlsx"), table)


@SETTINGS
@given(table=histories(), seed=st.integers(0, 2**16))
def test_row_order_of_the_file_is_irrelevant(tmp_path: Path, table: pd.DataFrame, seed: int):
    shuffled = table.sample(frac=1.0, random_state=seed)
    a = hf.load_history(_write_long(table, tmp_path / "a.csv", chinese=False))
    b = hf.load_history(_write_long(shuffled, tmp_path / "b.csv", chinese=False))
    pd.testing.assert_frame_equal(a.assign(source=""), b.assign(source=""))


@st.composite
def target_tables(draw: st.DrawFn) -> pd.DataFrame:
    """A valid targets table: unique indicator/year/direction, thresholds within range."""
    keys = draw(st.lists(st.tuples(st.sampled_from(sorted(INDICATORS)), st.integers(2024, 2050),
                                   st.sampled_from(["at_least", "at_most"])),
                         min_size=1, max_size=12, unique=True))
    rows = [{"indicator": k, "year": y, "threshold": draw(_value(k)), "direction": d}
            for k, y, d in keys]
    return pd.DataFrame(rows, columns=["indicator", "year", "threshold", "direction"])


@SETTINGS
@given(table=target_tables(), encoding=st.sampled_from(["utf-8", "utf-8-sig", "gb18030"]))
def test_targets_round_trip(tmp_path: Path, table: pd.DataFrame, encoding: str):
    frame = pd.DataFrame({
        "指标": [INDICATORS[k].name_zh for k in table["indicator"]],
        "年份": [f"{y}年" for y in table["year"]],
        "目标值": [_text(v, k, True) for v, k in zip(table["threshold"], table["indicator"],
                                                   strict=True)],
        "方向": table["direction"].map({"at_least": "≥", "at_most": "以下"}),
    })
    frame.to_csv(tmp_path / "t.csv", index=False, encoding=encoding)
    loaded = hf.load_targets(tmp_path / "t.csv")
    pd.testing.assert_frame_equal(loaded[list(table.columns)], table)


# ---- simulation over random valid Huai'an histories -------------------------------------

BUNDLED = hf.load_history()


@st.composite
def huaian_histories(draw: st.DrawFn) -> pd.DataFrame:
    """The bundled table with Huai'an's 2021-2023 anchors replaced by random valid ones."""
    hte = draw(st.integers(200, 3000))
    share = draw(st.integers(100, 700)) / 10
    labs = draw(st.integers(1, 40))
    growth = draw(st.floats(0.9, 1.3))
    rows = []
    for years_back in range(3):
        f = growth ** -years_back
        year = 2023 - years_back
        rows += [("hte_count", year, float(round(hte * f))),
                 ("hightech_share", year, round(min(share * f, 99.0), 1)),
                 ("key_labs", year, float(max(round(labs * f), 0)))]
    keep = ~((BUNDLED["region"] == "Huai'an")
             & BUNDLED["indicator"].isin(["hte_count", "hightech_share", "key_labs"]))
    new = pd.DataFrame([{"region": "Huai'an", "indicator": k, "year": y, "value": v,
                         "unit": INDICATORS[k].unit, "kind": "exact", "source": "hypothesis",
                         "confidence": "high", "quote": ""} for k, y, v in rows])
    return pd.concat([BUNDLED[keep], new], ignore_index=True)


@SIM_SETTINGS
@given(history=huaian_histories(), seed=st.integers(0, 2**16))
def test_simulated_paths_respect_bounds_and_quantiles_are_ordered(history: pd.DataFrame,
                                                                 seed: int):
    proj = hf.simulate("baseline", n_paths=200, seed=seed, end_year=2030, history=history)
    for key in proj.indicators:
        paths = proj.paths(key)
        ind = INDICATORS[key]
        assert np.isfinite(paths).all(), key
        assert (paths >= ind.lower).all(), key
        assert (paths <= ind.upper).all(), key
        if ind.kind == "share":
            assert ((paths >= 0) & (paths <= 100)).all(), key
        if ind.kind == "count":
            assert (paths >= 0).all(), key
            assert np.array_equal(paths, np.round(paths)), key
        q = proj.quantiles(key, (0.05, 0.1, 0.5, 0.9, 0.95)).to_numpy()
        assert (np.diff(q, axis=1) >= 0).all(), key


@SIM_SETTINGS
@given(history=huaian_histories(), seed=st.integers(0, 2**16),
       fractions=st.lists(st.floats(0.3, 3.0), min_size=2, max_size=6))
def test_p_reach_is_monotone_in_the_threshold(history: pd.DataFrame, seed: int,
                                              fractions: list[float]):
    proj = hf.simulate("baseline", n_paths=200, seed=seed, end_year=2030, history=history)
    for key in proj.indicators:
        median = float(np.median(proj.paths(key)[:, -1]))
        levels = sorted({round(median * f, 6) for f in fractions})
        if INDICATORS[key].kind == "share":
            levels = [min(v, 100.0) for v in levels]
        up = [hf.Target(indicator=key, year=2030, threshold=v) for v in levels]
        down = [hf.Target(indicator=key, year=2030, threshold=v, direction="at_most")
                for v in levels]
        p_up = hf.assess(proj, up)["p_reach"].to_numpy()
        p_down = hf.assess(proj, down)["p_reach"].to_numpy()
        assert (np.diff(p_up) <= 0).all(), key
        assert (np.diff(p_down) >= 0).all(), key
        table = hf.assess(proj, up)
        assert (table["q10"] <= table["median"]).all()
        assert (table["median"] <= table["q90"]).all()


@SIM_SETTINGS
@given(history=huaian_histories(), order=st.integers(0, 2**31 - 1))
def test_row_order_of_the_history_frame_is_irrelevant(history: pd.DataFrame, order: int):
    shuffled = history.sample(frac=1.0, random_state=order)
    a = hf.simulate("baseline", n_paths=100, seed=1, end_year=2027, history=history)
    b = hf.simulate("baseline", n_paths=100, seed=1, end_year=2027, history=shuffled)
    assert a.manifest["data_hash"] == b.manifest["data_hash"]
    for key in a.indicators:
        np.testing.assert_array_equal(a.paths(key), b.paths(key), err_msg=key)


# ---- p_reach is monotone in each lever with a known direction ---------------------------

#: Lever -> indicator it raises (the direction is the lever's purpose in the seed).
LEVER_RAISES = {
    "first_time_applications": "hte_count",
    "recertification_support": "hte_count",
    "new_key_labs": "key_labs",
    "hightech_projects": "hightech_share",
    "major_project_rd": "rd_intensity",
}


@SIM_SETTINGS
@given(lever=st.sampled_from(sorted(LEVER_RAISES)), u=st.floats(0, 1), v=st.floats(0, 1),
       seed=st.integers(0, 2**16))
def test_p_reach_is_monotone_in_each_lever(lever: str, u: float, v: float, seed: int):
    from huaian_forecast.assessment import targets_from_frame
    from huaian_forecast.scenarios import LEVERS, load_scenario

    spec = LEVERS[lever]
    lo, hi = (spec.low + f * (spec.high - spec.low) for f in sorted((u, v)))
    base = load_scenario("baseline")
    key = LEVER_RAISES[lever]
    targets = [t for t in targets_from_frame(hf.load_targets())
               if t.indicator == key and t.direction == "at_least" and t.year <= 2030]
    assert targets
    p = [hf.assess(hf.simulate(base.with_levers(**{lever: x}), n_paths=200, seed=seed,
                               end_year=2030), targets)["p_reach"].to_numpy()
         for x in (lo, hi)]
    assert (p[1] >= p[0]).all(), (lever, lo, hi, p)
