"""Issue 2's loader acceptance: validation errors, encodings, layouts, Excel, targets.

Each validation error is checked against a real bad file of ``tests/data/bad/`` (see its
README) with a single ``pytest.raises`` statement whose pattern names file, row, column.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import huaian_forecast as hf
from huaian_forecast.data import HISTORY_COLUMNS, TARGET_COLUMNS
from huaian_forecast.data._values import ParsedValue, parse_value, parse_year

BAD = Path(__file__).parent / "data" / "bad"
COMPARED = ["region", "indicator", "year", "value", "unit", "kind"]

LONG_EN = [
    "region,indicator,year,value,unit",
    "Huai'an,hte_count,2022,673,firms",
    "Huai'an,hte_count,2023,768,firms",
    "Huai'an,hightech_share,2023,31.6,percent",
    "Huai'an,tech_smes,2023,\"1,524\",firms",
]
LONG_ZH = [
    "地区,指标,年份,数值,单位",
    "淮安市,高新技术企业数,2022年,673家,家",
    "淮安市,高企数,2023年,768家,家",
    "淮安市,高新技术产业产值占比,2023年,31.6%,%",
    "淮安市,科技型中小企业数,2023年,\"1,524\",家",
]
WIDE_ZH = [
    "地区,指标,单位,2022年,2023年",
    "淮安,高新技术企业数,家,673,768家",
    "淮安,高新技术产业产值占比,%,,31.6%",
    "淮安,科技型中小企业,家,,\"1,524\"",
]
EXPECTED = pd.DataFrame({
    "region": ["Huai'an"] * 4,
    "indicator": ["hightech_share", "hte_count", "hte_count", "tech_smes"],
    "year": [2023, 2022, 2023, 2023],
    "value": [31.6, 673.0, 768.0, 1524.0],
    "unit": ["percent", "firms", "firms", "firms"],
    "kind": ["exact"] * 4,
})


def _write(path: Path, lines: list[str], encoding: str) -> Path:
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
    return path


# ---- the bundled data -----------------------------------------------------------------

def test_bundled_history_has_the_contract_columns(history: pd.DataFrame):
    assert list(history.columns) == list(HISTORY_COLUMNS)
    assert history["year"].dtype == "int64"
    assert history["value"].dtype == "float64"
    assert set(history["kind"]) <= {"exact", "approx", "lower_bound", "upper_bound", "derived"}
    assert history.attrs["skipped"] == []
    assert len(history.attrs["sha256"]) == 64
    hte = history.query("region == \"Huai'an\" and indicator == 'hte_count' and year == 2023")
    assert hte["value"].tolist() == [768.0]


def test_bundled_targets_hold_the_twelve_milestones(targets: pd.DataFrame):
    assert list(targets.columns) == list(TARGET_COLUMNS)
    milestones = targets[targets["year"].isin([2025, 2030, 2035])]
    got = {(r.indicator, r.year): r.threshold for r in milestones.itertuples()}
    assert {k: got[k] for k in [("rd_intensity", 2035), ("hte_count", 2030),
                                ("hightech_share", 2025), ("key_labs", 2035)]} == {
        ("rd_intensity", 2035): 3.5, ("hte_count", 2030): 1500.0,
        ("hightech_share", 2025): 38.0, ("key_labs", 2035): 15.0}
    assert set(targets["direction"]) == {"at_least"}


# ---- each validation error, with a real bad file ---------------------------------------

def test_unknown_indicator_lists_the_known_ones():
    with pytest.raises(hf.DataError, match=r"unknown_indicator\.csv, row 3, column 'indicator'"
                       r": unknown indicator '专利授权量'; known: enterprise_rd, gdp, .*"
                       r"hightech_share, .*hte_count, .*key_labs, .*rd_intensity"):
        hf.load_history(BAD / "unknown_indicator.csv")


def test_non_numeric_value():
    with pytest.raises(hf.DataError, match=r"non_numeric\.csv, row 3, column 'value': "
                       r"'七百六十八' is not a number \(expected e\.g\. 31\.6"):
        hf.load_history(BAD / "non_numeric.csv")


def test_year_outside_1949_2100():
    with pytest.raises(hf.DataError, match=r"year_out_of_range\.csv, row 3, column 'year': "
                       r"year 1900 is outside 1949-2100"):
        hf.load_history(BAD / "year_out_of_range.csv")


def test_share_outside_0_100_percent():
    with pytest.raises(hf.DataError, match=r"share_over_100\.csv, row 5, column 'value': a "
                       r"share must lie within 0-100 % \(got 131\.6 for hightech_share\)"):
        hf.load_history(BAD / "share_over_100.csv")


def test_negative_count():
    with pytest.raises(hf.DataError, match=r"negative_count\.csv, row 3, column 'value': a "
                       r"count cannot be negative \(got -768 for hte_count\)"):
        hf.load_history(BAD / "negative_count.csv")


def test_conflicting_duplicate_names_both_rows():
    with pytest.raises(hf.DataError, match=r"conflicting_duplicates\.csv, rows 3, 8, column "
                       r"'value': conflicting values 768, 786 for Huai'an hte_count 2023"):
        hf.load_history(BAD / "conflicting_duplicates.csv")


def test_missing_required_column_lists_accepted_headers():
    with pytest.raises(hf.DataError, match=r"missing_column\.csv, row 1, column 'value': "
                       r"missing required history column\(s\) \['value'\]; accepted headers "
                       r"are value: value / 数值"):
        hf.load_history(BAD / "missing_column.csv")


def test_partially_filled_row_is_an_error_not_dropped():
    with pytest.raises(hf.DataError, match=r"partial_row\.csv, row 3, column 'value': the "
                       r"value is empty"):
        hf.load_history(BAD / "partial_row.csv")


def test_targets_error_is_located():
    with pytest.raises(hf.DataError, match=r"targets_unknown_indicator\.csv, row 2, column "
                       r"'indicator': unknown indicator 'patents'; known: "):
        hf.load_targets(BAD / "targets_unknown_indicator.csv")


# ---- encodings and layouts load to the same table ---------------------------------------

@pytest.mark.parametrize(("lines", "encoding"), [
    (LONG_EN, "utf-8"), (LONG_EN, "utf-8-sig"), (LONG_ZH, "utf-8"), (LONG_ZH, "utf-8-sig"),
    (LONG_ZH, "gbk"), (LONG_ZH, "gb18030"), (WIDE_ZH, "utf-8-sig"), (WIDE_ZH, "gbk"),
    (WIDE_ZH, "gb18030"),
], ids=["en-utf8", "en-bom", "zh-utf8", "zh-bom", "zh-gbk", "zh-gb18030", "wide-bom",
        "wide-gbk", "wide-gb18030"])
def test_encodings_and_layouts_give_one_table(tmp_path: Path, lines: list[str], encoding: str):
    table = hf.load_history(_write(tmp_path / "mine.csv", lines, encoding))
    pd.testing.assert_frame_equal(table[COMPARED], EXPECTED)


def test_xlsx_long_and_wide_give_the_same_table(tmp_path: Path):
    from openpyxl import Workbook

    wb = Workbook()
    long_ws = wb.active
    long_ws.title = "long"
    for row in [["地区", "指标", "年份", "数值", "单位"], ["淮安", "高企数", 2022, 673, "家"],
                ["淮安", "高企数", 2023, "768家", "家"],
                ["淮安", "高新技术产业产值占比", 2023, 0.316, "%"],
                ["淮安", "科技型中小企业", "2023年", 1524, None]]:
        long_ws.append(row)
    long_ws["D4"].number_format = "0.0%"
    wide_ws = wb.create_sheet("wide")
    for row in [["指标", 2022, 2023], ["hte_count", 673, 768], ["hightech_share", None, 31.6],
                ["tech_smes", None, "1,524"]]:
        wide_ws.append(row)
    wb.save(tmp_path / "mine.xlsx")
    for sheet in ("long", 1):
        table = hf.load_history(tmp_path / "mine.xlsx", sheet=sheet)
        pd.testing.assert_frame_equal(table[COMPARED], EXPECTED)


def test_region_column_is_optional_and_defaults(tmp_path: Path):
    path = _write(tmp_path / "x.csv", ["指标,年份,数值", "高企数,2023,768"], "gbk")
    assert hf.load_history(path, region="Jiangsu")["region"].tolist() == ["Jiangsu"]


def test_bounds_and_approximations_are_read_from_the_text(tmp_path: Path):
    path = _write(tmp_path / "x.csv", ["指标,年份,数值", "研发投入,2023,突破100亿元",
                                       "研发强度,2023,约2.1%", "高企数,2022,不到673家"],
                  "utf-8")
    table = hf.load_history(path)
    assert table[["indicator", "value", "kind"]].values.tolist() == [
        ["hte_count", 673.0, "upper_bound"], ["rd_intensity", 2.1, "approx"],
        ["rd_spend", 100.0, "lower_bound"]]


def test_wan_yuan_is_converted_to_yi_yuan(tmp_path: Path):
    lines = ["指标,年份,数值,单位", "技术合同成交额,2023,\"1,700,000\",万元"]
    path = _write(tmp_path / "x.csv", lines, "utf-8")
    assert hf.load_history(path)["value"].tolist() == [170.0]


def test_skipped_rows_are_listed_with_their_reason():
    table = hf.load_history(BAD / "wide_titled.xlsx")
    assert table.attrs["skipped"] == [
        {"row": 1, "reason": "title", "text": "淮安市科技创新主要指标（测试数据）"},
        {"row": 6, "reason": "footnote", "text": "数据来源：淮安市统计局（测试数据）"},
    ]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk"])
def test_targets_load_in_each_encoding(tmp_path: Path, encoding: str):
    path = _write(tmp_path / "t.csv", ["指标,年份,目标值,方向", "高企数,2025,\"1,000家\",≥",
                                       "研发强度,2030年,3.0%,以上"], encoding)
    table = hf.load_targets(path)
    assert table[["indicator", "year", "threshold", "direction"]].values.tolist() == [
        ["hte_count", 2025, 1000.0, "at_least"], ["rd_intensity", 2030, 3.0, "at_least"]]


def test_targets_load_from_xlsx(tmp_path: Path):
    from openpyxl import Workbook

    wb = Workbook()
    for row in [["indicator", "year", "threshold"], ["key_labs", 2035, 15]]:
        wb.active.append(row)
    wb.save(tmp_path / "t.xlsx")
    assert hf.load_targets(tmp_path / "t.xlsx")["threshold"].tolist() == [15.0]


def test_missing_file_and_unknown_sheet(tmp_path: Path):
    with pytest.raises(hf.DataError, match=r"nope\.csv: file not found"):
        hf.load_history(tmp_path / "nope.csv")
    with pytest.raises(hf.DataError, match=r"long\.xlsx: no sheet 'x'; sheets are \['数据'\]"):
        hf.load_history(BAD / "long.xlsx", sheet="x")


# ---- cell parsing, hand-checked ----------------------------------------------------------

@pytest.mark.parametrize(("text", "unit", "expected"), [
    ("31.6%", "percent", ParsedValue(31.6, None)),
    ("３１．６％", "percent", ParsedValue(31.6, None)),
    ("1,524", "firms", ParsedValue(1524.0, None)),
    ("768家", "firms", ParsedValue(768.0, None)),
    ("6个", "labs", ParsedValue(6.0, None)),
    ("超过2%", "percent", ParsedValue(2.0, "lower_bound")),
    ("100亿元以上", "100m_cny", ParsedValue(100.0, "lower_bound")),
    ("≤5", "percent", ParsedValue(5.0, "upper_bound")),
    ("2.1%左右", "percent", ParsedValue(2.1, "approx")),
    ("63050万元", "100m_cny", ParsedValue(6.305, None)),
    ("1.5e3", "firms", ParsedValue(1500.0, None)),
])
def test_parse_value_reference_cases(text: str, unit: str, expected: ParsedValue):
    got = parse_value(text, unit)
    assert got.kind == expected.kind
    assert got.value == pytest.approx(expected.value, rel=1e-12)


@pytest.mark.parametrize(("text", "reason"), [
    ("", "the value is empty"), ("NaN", "marks a missing value"), ("-", "marks a missing"),
    ("inf", "not a finite number"), ("#REF!", "Excel error value"), ("31,6", "not a number"),
    ("768%", "suffix '%' does not match"), ("1.5万", "not a number"),
])
def test_parse_value_refusals(text: str, reason: str):
    with pytest.raises(ValueError, match=reason):
        parse_value(text, "firms")


@pytest.mark.parametrize(("text", "year"), [("2023", 2023), ("2023.0", 2023), ("2023年", 2023),
                                            ("２０２３年度", 2023)])
def test_parse_year(text: str, year: int):
    assert parse_year(text) == year


def test_columns_not_read_are_listed(tmp_path: Path):
    path = _write(tmp_path / "x.csv", ["指标,年份,数值,负责人,来源", "高企数,2023,768,张三,统计局"],
                  "utf-8")
    table = hf.load_history(path)
    assert table.attrs["ignored_columns"] == ["负责人"]
    assert table["source"].tolist() == ["统计局"]


def test_gbk_row_that_happens_to_be_valid_utf8_is_not_mixed():
    row = (BAD / "gbk_lookalike_utf8.csv").read_bytes().split(b"\r\n")[4]
    assert row.decode("utf-8").endswith("һ")  # the fixture keeps its point: 一 in GBK
    assert len(hf.load_history(BAD / "gbk_lookalike_utf8.csv")) == 6


def test_unit_note_in_a_footnote_is_refused(tmp_path: Path):
    path = _write(tmp_path / "x.csv", ["指标,年份,数值", "技术合同成交额,2023,1700000",
                                       "注：单位为万元,,"], "utf-8")
    with pytest.raises(hf.DataError, match=r"x\.csv, row 3: the unit is stated in a footnote "
                       r"row \('注：单位为万元'\)"):
        hf.load_history(path)


def test_confidence_and_typographic_apostrophes(tmp_path: Path):
    path = _write(tmp_path / "x.csv", ["region,indicator,year,value,confidence",
                                       "Huai’an,hte_count,2023,768,高",
                                       "Huaian,hte_count,2022,673,low"], "utf-8")
    table = hf.load_history(path)
    assert table[["region", "confidence"]].values.tolist() == [["Huai'an", "low"],
                                                                ["Huai'an", "high"]]


def test_identical_target_rows_are_merged_and_listed(tmp_path: Path):
    path = _write(tmp_path / "t.csv", ["indicator,year,threshold", "hte_count,2025,1000",
                                       "hte_count,2025,1000"], "utf-8")
    table = hf.load_targets(path)
    assert len(table) == 1
    assert table.attrs["skipped"] == [{"row": 3, "reason": "duplicate of row 2", "text": ""}]


def test_excel_locations_are_the_cells_excel_shows(tmp_path: Path):
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    for ref, value in {"C3": "indicator", "D3": "year", "E3": "value", "C4": "hte_count",
                       "D4": 2023, "E4": 768, "F4": "x"}.items():
        ws[ref] = value
    wb.save(tmp_path / "offset.xlsx")
    with pytest.raises(hf.DataError, match=r"offset\.xlsx \(sheet 'Sheet'\), row 4, column 'F' "
                       r"\(no header\): the cell 'x'"):
        hf.load_history(tmp_path / "offset.xlsx")
