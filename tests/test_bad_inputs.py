"""The hostile-input corpus of ``tests/data/bad/``: every file loads or fails as documented.

``CASES`` is the table of record (mirrored in ``tests/data/bad/README.md``): per file the
loader, the outcome and, for an error, a regex that must match the message, including the
location (file, row, column). Files that load must give exactly ``REFERENCE``.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import NamedTuple

import pandas as pd
import pytest

import huaian_forecast as hf
from huaian_forecast.cli.main import main

BAD = Path(__file__).parent / "data" / "bad"

REFERENCE = pd.DataFrame({
    "region": ["Huai'an"] * 6,
    "indicator": ["gdp", "gdp", "hightech_share", "hightech_share", "hte_count", "hte_count"],
    "year": [2022, 2023] * 3,
    "value": [4742.42, 5015.06, 30.2, 31.6, 673.0, 768.0],
    "unit": ["100m_cny", "100m_cny", "percent", "percent", "firms", "firms"],
    "kind": ["exact"] * 6,
})
COMPARED = list(REFERENCE.columns)
KNOWN = "known: enterprise_rd, gdp, .*hte_count"
GDP_SLIP = (r", row 7, column 'value': {} 亿元 is implausible for gdp \(a plausible value lies "
            r"within 10 to 5,000,000 亿元: .*\); a unit slip\?")
RAISE = (r"; if the file is really meant to be this large, raise the limit with the "
         r"environment variable HUAIAN_FORECAST_MAX_{}=<n> \(limits=Limits\(max_{}=\.\.\.\) "
         r"in Python\)$")
ROW = r", row (\d+), column '([^']+)': "


class Case(NamedTuple):
    file: str
    outcome: str  # "loads" (normalisation, skipped reasons), "error" or "warns" (regex)
    expect: str
    loader: str = "history"


CASES: tuple[Case, ...] = (
    # ---- loads, with a documented normalisation ----------------------------------------
    Case("long_utf8.csv", "loads", "reference layout (English headers, quoted 4,742.42)"),
    Case("utf8_bom.csv", "loads", "UTF-8 BOM; Chinese headers, 31.6% / 768家 / 4,742.42"),
    Case("gbk_chinese_headers.csv", "loads", "GBK decoded as GB18030; Chinese headers"),
    Case("gb18030_wide.csv", "loads", "GB18030; wide layout, year headers 2022年"),
    Case("utf16_tab.txt", "loads", "UTF-16 with BOM, tab-separated (Excel Unicode text)"),
    Case("title_row.csv", "loads", "title row above the header skipped: title"),
    Case("footnotes.csv", "loads", "trailing 数据来源： / 注： rows skipped: footnote, footnote"),
    Case("fullwidth.csv", "loads", "full-width digits and punctuation (NFKC)"),
    Case("years_nian.csv", "loads", "years written 2022年 / 2023年度"),
    Case("blank_rows.csv", "loads", "blank rows inside the table skipped: blank, blank, blank"),
    Case("identical_duplicates.csv", "loads", "an identical repeated row merged: duplicate"),
    Case("wide_gaps.csv", "loads", "wide layout; an empty year cell is a missing year"),
    Case("long.xlsx", "loads", "Excel, numeric cells"),
    Case("merged_region.xlsx", "loads", "Excel, region merged over rows: filled down"),
    Case("percent_format.xlsx", "loads", "Excel cells 0.316 formatted 0.0% read as 31.6 %"),
    Case("wide_titled.xlsx", "loads",
         "Excel wide, merged title row and merged footnote skipped: title, footnote"),
    Case("semicolon.csv", "loads", "semicolon-separated"),
    Case("zero_width.csv", "loads", "zero-width spaces and a stray BOM inside cells removed"),
    Case("repeated_header.csv", "loads",
         "the header repeated inside the table skipped: header repeated"),
    Case("section_rows.csv", "loads", "section headings 一、… skipped: section, section"),
    Case("gbk_lookalike_utf8.csv", "loads",
         "GBK whose row 5 happens to be valid UTF-8 (一 = 0xD2BB) is not mixed"),
    Case("indicator_columns.csv", "loads",
         "GBK; one column per indicator (年份, 高新技术企业数, ...)"),
    Case("xlsx_named_csv.csv", "loads", "an .xlsx workbook named .csv is read as a workbook"),
    Case("printed_names.csv", "loads",
         "indicators named as the tool prints them: short names (高新产业产值占比, "
         "High-tech enterprises), names and labels with their unit (地区生产总值（亿元）)"),
    Case("workbook_words.csv", "loads",
         "the Chinese workbook's history sheet as CSV: kind 实际值, confidence 高 / 中 / 低 and "
         "未知 (read as unknown, as an empty cell)"),
    Case("targets_chinese.csv", "loads", "GBK targets: 1,000家, 38%, directions ≥ / 以上",
         "targets"),
    Case("targets_printed_words.csv", "loads",
         "targets as the workbook prints them: directions 不低于 / 不高于 / at least, short "
         "indicator names", "targets"),
    # ---- errors -------------------------------------------------------------------------
    Case("empty.csv", "error", r"empty\.csv: the file is empty"),
    Case("header_only.csv", "error", r"header_only\.csv, row 1: no data rows below the header"),
    Case("empty_sheet.xlsx", "error",
         r"empty_sheet\.xlsx \(sheet '数据'\): the sheet has no data.*data may be on \['数据2'\]"),
    Case("unknown_indicator.csv", "error",
         rf"unknown_indicator\.csv, row 3, column 'indicator': unknown indicator '专利授权量'; "
         rf"{KNOWN}"),
    Case("non_numeric.csv", "error",
         r"non_numeric\.csv, row 3, column 'value': '七百六十八' is not a number"),
    Case("year_out_of_range.csv", "error",
         r"year_out_of_range\.csv, row 3, column 'year': year 1900 is outside 1949-2100"),
    Case("share_over_100.csv", "error",
         r"share_over_100\.csv, row 5, column 'value': a share must lie within 0-100 %"),
    Case("negative_count.csv", "error",
         r"negative_count\.csv, row 3, column 'value': a count cannot be negative"),
    Case("conflicting_duplicates.csv", "error",
         r"conflicting_duplicates\.csv, rows 3, 8, column 'value': conflicting values 768, 786"),
    Case("missing_column.csv", "error",
         r"missing_column\.csv, row 1, column 'value': missing required history column"),
    Case("mixed_encoding.csv", "error", r"mixed_encoding\.csv, row 8: mixed encodings"),
    Case("utf8_stray_byte.csv", "error", r"utf8_stray_byte\.csv, row 3: mixed encodings"),
    Case("big5.csv", "error", r"big5\.csv, row 1: the file is neither UTF-8 nor plausible GB"),
    Case("latin1.csv", "error", r"latin1\.csv, row 1: the file is neither UTF-8 nor plausible"),
    Case("stray_latin1_byte.csv", "error",
         r"stray_latin1_byte\.csv, row 3: the file is neither UTF-8 nor plausible GB18030"),
    Case("utf16_no_bom.csv", "error", r"utf16_no_bom\.csv, row 1: the file contains NUL bytes"),
    Case("blank_header_values.csv", "error",
         r"blank_header_values\.csv, row 5, column 'F' \(no header\): the cell 'revised'"),
    Case("merged_header.xlsx", "error",
         r"merged_header\.xlsx \(sheet '数据'\), row 2, column 'E' \(no header\): the cell '家'"),
    Case("percent_for_count.csv", "error",
         r"percent_for_count\.csv, row 3, column 'value': the suffix '%' does not match"),
    Case("unquoted_thousands.csv", "error",
         r"unquoted_thousands\.csv, row 6, column 'F' \(no header\):.*unquoted comma"),
    Case("huge_number.csv", "error",
         r"huge_number\.csv, row 7, column 'value': '1e400' is not a finite number"),
    Case("huge_count.csv", "error",
         r"huge_count\.csv, row 3, column 'value': 1e\+11 is outside the valid range"),
    Case("nan_value.csv", "error",
         r"nan_value\.csv, row 5, column 'value': 'NaN' marks a missing value"),
    Case("inf_value.csv", "error",
         r"inf_value\.csv, row 7, column 'value': 'inf' is not a finite number"),
    Case("missing_marker.csv", "error",
         r"missing_marker\.csv, row 5, column 'value': '—' marks a missing value"),
    Case("partial_row.csv", "error",
         r"partial_row\.csv, row 3, column 'value': the value is empty"),
    Case("partial_row_region_only.csv", "error",
         rf"partial_row_region_only\.csv, row 4, column 'indicator': the indicator is empty; "
         rf"{KNOWN}"),
    Case("blank_region.csv", "error",
         r"blank_region\.csv, row 4, column 'region': the region is empty while other rows"),
    Case("fractional_count.csv", "error",
         r"fractional_count\.csv, row 3, column 'value': a count must be a whole number"),
    Case("unit_mismatch.csv", "error",
         r"unit_mismatch\.csv, row 3, column 'unit': unit '亿元' does not match"),
    Case("kind_conflict.csv", "error",
         r"kind_conflict\.csv, row 2, column 'kind': the kind column says 'exact' but the "
         r"value reads as 'lower_bound'"),
    Case("wide_duplicate_years.csv", "error",
         r"wide_duplicate_years\.csv, row 2, column '2023': conflicting values 768, 786"),
    Case("wide_empty_row.csv", "error",
         r"wide_empty_row\.csv, row 3, column '指标': the row has no value in any of the "
         r"columns 2022年, 2023年"),
    Case("excel_error.xlsx", "error",
         r"excel_error\.xlsx \(sheet '数据'\), row 5, column '数值': '#DIV/0!' is an Excel error"),
    Case("year_as_date.xlsx", "error",
         r"year_as_date\.xlsx \(sheet '数据'\), row 3, column '年份': '2023-01-01 00:00:00' is "
         r"not a year"),
    Case("legacy.xls", "error",
         r"legacy\.xls: a legacy \.xls workbook or a password-protected file is not supported"),
    Case("not_a_workbook.xlsx", "error",
         r"not_a_workbook\.xlsx: cannot open as an Excel workbook"),
    Case("html_export.xls", "error",
         r"html_export\.xls: this is an HTML/XML page \(a web-system export\)"),
    Case("indicator_columns_and_value.csv", "error",
         r"indicator_columns_and_value\.csv, row 1, column '数值': a value column next to "
         r"indicator columns"),
    Case("unit_in_title.csv", "error",
         r"unit_in_title\.csv, row 2: the unit is stated in a title row \('单位：万元'\)"),
    Case("wide_bad_year_header.csv", "error",
         r"wide_bad_year_header\.csv, row 1, column '2023年\(预计\)': the header looks like a "
         r"year but is not one"),
    Case("wide_with_year_column.csv", "error",
         r"wide_with_year_column\.csv, row 1, column '年份': a year column next to year columns"),
    Case("share_as_fraction.csv", "error",
         r"share_as_fraction\.csv, row 4, column 'value': 0\.302 % is implausibly small for "
         r"hightech_share .*: a fraction rather than percent\? write 30\.2 \(or 30\.2%\)"),
    Case("share_one_fraction.csv", "error",
         r"share_one_fraction\.csv, row 5, column 'value': 0\.316 % is implausibly small for "
         r"hightech_share .*write 31\.6 \(or 31\.6%\), or put fraction in the unit column"),
    Case("share_fraction_percent_sign.csv", "error",
         r"share_fraction_percent_sign\.csv, row 5, column 'value': 0\.316 % is implausibly "
         r"small for hightech_share"),
    Case("intensity_as_fraction.csv", "error",
         r"intensity_as_fraction\.csv, row 4, column 'value': 0\.021 % is implausibly small "
         r"for rd_intensity .*write 2\.1 \(or 2\.1%\)"),
    Case("targets_share_as_fraction.csv", "error",
         r"targets_share_as_fraction\.csv, row 2, column 'threshold': 0\.5 % is implausibly "
         r"small for hightech_share .*write 50", "targets"),
    Case("targets_unknown_indicator.csv", "error",
         rf"targets_unknown_indicator\.csv, row 2, column 'indicator': unknown indicator "
         rf"'patents'; {KNOWN}", "targets"),
    Case("targets_share_over_100.csv", "error",
         r"targets_share_over_100\.csv, row 2, column 'threshold': a share must lie within",
         "targets"),
    Case("targets_conflicting.csv", "error",
         r"targets_conflicting\.csv, rows 2, 3, column 'threshold': conflicting values "
         r"1000, 1200 for Huai'an hte_count 2025 \(same direction\); keep one; if they are "
         r"a floor and a stretch goal .*add a tier column "
         r"\(tier / 档次\)", "targets"),
    Case("targets_tiers.csv", "loads",
         "GBK; a 档次 column: 确保 180亿元 and 力争 200亿元 of one year load as two targets, "
         "an empty cell as a single target", "targets"),
    Case("targets_tier_in_type.csv", "loads",
         "a 目标类型 column holding tier words (底线 / 冲刺) is read as the tier", "targets"),
    Case("targets_tier_type_repeats.csv", "loads",
         "a 目标类型 column repeating the 档次 column's tiers row by row", "targets"),
    Case("targets_tier_type_differs.csv", "error",
         r"targets_tier_type_differs\.csv, row 3, column '目标类型': '确保' repeats the tier "
         r"column '档次' with a different word \('力争'\); give each row's tier once, in "
         r"'档次'$", "targets"),
    Case("targets_tier_same.csv", "error",
         r"targets_tier_same\.csv, rows 2, 3, column '目标值': conflicting values 180, 200 "
         r"for Huai'an tech_contracts 2024 \(same direction, tier\); keep one$", "targets"),
    Case("targets_tier_inverted.csv", "error",
         r"targets_tier_inverted\.csv, rows 2, 3, column '档次': the floor \(确保\) 200 is "
         r"above the stretch goal \(力争\) 180 for Huai'an tech_contracts 2024", "targets"),
    Case("targets_tier_unknown.csv", "error",
         r"targets_tier_unknown\.csv, row 2, column '档次': '保守' is not a tier; expected "
         r"floor \(确保, 底线\), stretch \(力争, 冲刺\)", "targets"),
    Case("targets_tier_in_horizon.csv", "error",
         r"targets_tier_in_horizon\.csv, row 3, column '目标类型': '确保' is a tier \(floor "
         r"确保 / stretch 力争\), not a horizon; put the tiers in a column of their own",
         "targets"),
    Case("targets_tier_mixed.csv", "error",
         r"targets_tier_mixed\.csv, rows 2, 3, column '档次': Huai'an tech_contracts 2024 has "
         r"rows with and without a tier", "targets"),
    Case("targets_tier_directions.csv", "error",
         r"targets_tier_directions\.csv, rows 2, 3, column '方向': the tiers of Huai'an "
         r"hte_count 2030 differ in direction \(floor at_most, stretch at_least\); a floor "
         r"\(确保\) and its stretch goal \(力争\) share one direction$", "targets"),
    # ---- issue 17: unit slips, control characters, resource limits -----------------------
    Case("gdp_one.csv", "error", rf"gdp_one\.csv{GDP_SLIP.format('1')}"),
    Case("gdp_thousandth.csv", "error", rf"gdp_thousandth\.csv{GDP_SLIP.format('0.001')}"),
    Case("gdp_zero.csv", "error", rf"gdp_zero\.csv{GDP_SLIP.format('0')}"),
    Case("gdp_subnormal.csv", "error", rf"gdp_subnormal\.csv{GDP_SLIP.format('9.99989e-321')}"),
    Case("gdp_in_wan.csv", "error",
         r"gdp_in_wan\.csv, row 7, column 'value': 5\.01506e\+07 is outside the valid range"),
    Case("rd_spend_vs_gdp.csv", "error",
         r"rd_spend_vs_gdp\.csv, rows 7, 8, column 'value': R&D spend 100 亿元 \(row 8\) is "
         r"199 % of GDP 50\.1506 亿元 \(row 7\) for Huai'an 2023; a plausible R&D intensity "
         r"lies within 0\.1-10 %"),
    Case("gdp_hundredth.csv", "error",
         r"gdp_hundredth\.csv, rows 6, 7, column 'value': GDP of Huai'an goes from 47\.4242 亿元 "
         r"in 2022 \(row 6\) to 5,015\.06 亿元 in 2023 \(row 7\), a factor of 106 in 1 year; "
         r"a regional GDP does not rise by more than 60 %"),
    Case("digits_5000.csv", "error",
         r"digits_5000\.csv, row 7, column 'value': '9{39}…' is not a finite number "
         r"\(indicator gdp, unit 100m_cny\)$"),
    Case("bidi_region.csv", "error",
         r"bidi_region\.csv, row 3, column 'region': the cell .* contains control or "
         r"text-direction character\(s\) U\+202E; retype the cell"),
    Case("control_in_indicator.csv", "error",
         r"control_in_indicator\.csv, row 4, column 'indicator': the cell .* contains control "
         r"or text-direction character\(s\) U\+0001"),
    Case("long_cell.csv", "error",
         rf"long_cell\.csv, row 2, column 'F': the cell has 20,000 characters, above the "
         rf"limit of 10,000 characters per cell{RAISE.format('CELL_CHARS', 'cell_chars')}"),
    Case("many_columns.csv", "error",
         rf"many_columns\.csv, row 1: the row has 1,505 columns, above the limit of 1,000 "
         rf"columns{RAISE.format('COLUMNS', 'columns')}"),
    Case("far_cell.xlsx", "error",
         rf"far_cell\.xlsx \(sheet '数据'\), row 1048576, column 'XFD': the sheet has a cell in "
         rf"row 1,048,576, above the limit of 100,000 rows{RAISE.format('ROWS', 'rows')}"),
    Case("far_row.xlsx", "error",
         r"far_row\.xlsx \(sheet '数据'\), row 200000, column 'Z': the sheet has a cell in row "
         r"200,000, above the limit of 100,000 rows"),
    Case("lying_dimension.xlsx", "error",
         r"lying_dimension\.xlsx \(sheet '数据'\), row 1, column 'XFD': the sheet has a cell "
         r"in column 16,384 \(XFD\), above the limit of 1,000 columns"),
    Case("nan_cell.xlsx", "error",
         r"nan_cell\.xlsx \(sheet '数据'\), row 5, column 'D': the number cell holds 'NaN', "
         r"which is not a finite number"),
    # ---- year-to-date files, target units, year-on-year steps ----------------------------
    Case("ytd_chinese.csv", "loads",
         "GBK; Chinese headers (地区, 指标, 截至日期, 累计值, ...), indicator names "
         "(规上企业研发支出, 高企申报数), 63.05亿元 / 48家 / 38.7% / 超140亿元", "ytd"),
    Case("ytd_wan.csv", "loads", "unit 万元: 630500 and 1400000 read as 63.05 and 140 亿元",
         "ytd"),
    Case("ytd_identical_duplicates.csv", "loads", "an identical repeated row merged: duplicate",
         "ytd"),
    Case("targets_wan.csv", "loads", "unit 万元: 1400000 read as 140 亿元; unit 家 for a count",
         "targets"),
    Case("count_steps_from_bounds.csv", "loads",
         "steps a bound cannot prove (at least 10 亿元 to 120) and small counts (2 to 6 labs) "
         "pass the year-on-year check"),
    Case("ytd_wan_target_in_yi.csv", "error",
         r"ytd_wan_target_in_yi\.csv, row 2, column 'ytd_value': the year-to-date 63\.05 亿元 is "
         r"4,504 times the annual target 0\.014 亿元 .*in 万元 and the other in 亿元\?", "ytd"),
    Case("ytd_wan_under_yi.csv", "error",
         r"ytd_wan_under_yi\.csv, row 2, column 'ytd_value': 630,500 亿元 is implausible for "
         r"enterprise_rd \(a plausible value lies within 0\.01 to 100,000 亿元", "ytd"),
    Case("ytd_conflicting.csv", "error",
         r"ytd_conflicting\.csv, rows 2, 4, column 'ytd_value': conflicting values 63\.05, 70 "
         r"for Huai'an enterprise_rd 2024-05-31; keep one", "ytd"),
    Case("ytd_unknown_indicator.csv", "error",
         rf"ytd_unknown_indicator\.csv, row 2, column 'indicator': unknown indicator "
         rf"'enterprise_rnd'; {KNOWN}", "ytd"),
    Case("ytd_two_years.csv", "error",
         r"ytd_two_years\.csv, row 2, column 'as_of': 2023-05-31 is in 2023 while the file's "
         r"other figures are of 2024 \(row 3\)", "ytd"),
    Case("ytd_negative.csv", "error",
         r"ytd_negative\.csv, row 2, column 'ytd_value': the year-to-date value must be above 0 "
         r"\(got -63\.05 for enterprise_rd\)", "ytd"),
    Case("ytd_share.csv", "error",
         r"ytd_share\.csv, row 4, column 'indicator': hightech_share .* does not accumulate",
         "ytd"),
    Case("ytd_bound.csv", "error",
         r"ytd_bound\.csv, row 2, column 'ytd_value': '突破60亿元' is a bound", "ytd"),
    Case("ytd_two_targets.csv", "error",
         r"ytd_two_targets\.csv, rows 3, 4, column 'annual_target': conflicting values 500, "
         r"450 for Huai'an hte_applications 2024; keep one", "ytd"),
    Case("ytd_chinese_missing_column.csv", "error",
         r"ytd_chinese_missing_column\.csv, row 1, column 'annual_target': missing required "
         r"year-to-date column\(s\) \['annual_target'\]; accepted headers are annual_target: "
         r"annual_target / 年度目标 / 全年目标", "ytd"),
    Case("targets_count_in_percent.csv", "error",
         r"targets_count_in_percent\.csv, row 2, column 'unit': unit 'percent' does not match "
         r"indicator hte_count", "targets"),
    Case("targets_intensity_in_yi.csv", "error",
         r"targets_intensity_in_yi\.csv, row 2, column 'unit': unit '100m_cny' does not match "
         r"indicator rd_intensity", "targets"),
    Case("count_extra_digit.csv", "error",
         r"count_extra_digit\.csv, rows 2, 3, column 'value': hte_count of Huai'an goes from at "
         r"most 673 家 in 2022 \(row 2\) to 7,680 家 in 2023 \(row 3\), a factor of at least "
         r"11\.4 in 1 year"),
    Case("ytd_growth_fraction.csv", "warns",
         r"ytd_growth_fraction\.csv, row 2, column 'yoy_growth_percent': a year-on-year growth "
         r"between -1 and 1 %.*0\.387 for 38\.7 %", "ytd"),
    Case("count_quote_slip.csv", "warns",
         r"count_quote_slip\.csv, row 8, column 'value': key_labs 60 个 is 10 times the 6 个 of "
         r"its quote '建有省重点实验室6个', which has no number equal to it: an extra or a "
         r"missing digit\?"),
    Case("control_in_source.csv", "warns",
         r"control_in_source\.csv: removed control or text-direction character\(s\) U\+0001, "
         r"U\+202E from 6 free-text cell\(s\)"),
)
ERRORS = [c for c in CASES if c.outcome == "error"]
LOADS = [c for c in CASES if c.outcome == "loads"]
WARNS = [c for c in CASES if c.outcome == "warns"]


YTD_REFERENCE = pd.DataFrame({
    "region": ["Huai'an"] * 2, "indicator": ["enterprise_rd", "hte_applications"],
    "as_of": ["2024-05-31", "2024-06-19"], "ytd_value": [63.05, 48.0],
    "unit": ["100m_cny", "firms"], "yoy_growth_percent": [38.7, float("nan")],
    "annual_target": [140.0, 500.0],
})
#: Rows a normalised history file holds besides ``REFERENCE`` (indicator -> values).
EXTRA_ROWS = {"count_steps_from_bounds.csv": {"key_labs": [2.0, 6.0],
                                              "tech_contracts": [10.0, 120.0]}}
LOADERS = {"history": hf.load_history, "targets": hf.load_targets, "ytd": hf.load_ytd}


def _load(case: Case) -> pd.DataFrame:
    return LOADERS[case.loader](BAD / case.file)


def test_the_corpus_and_the_table_agree():
    files = {p.name for p in BAD.iterdir() if p.suffix not in (".py", ".md", ".toml")}
    assert files == {c.file for c in CASES}
    assert len(files) >= 30
    assert {Path(f).suffix for f in files} >= {".csv", ".xlsx"}
    readme = (BAD / "README.md").read_text(encoding="utf-8")
    for case in CASES:
        assert f"`{case.file}`" in readme, case.file


@pytest.mark.parametrize("case", ERRORS, ids=[c.file for c in ERRORS])
def test_bad_file_raises_a_located_error(case: Case):
    with pytest.raises(hf.DataError, match=case.expect):
        _load(case)


@pytest.mark.parametrize("case", [c for c in LOADS if c.loader == "history"],
                         ids=[c.file for c in LOADS if c.loader == "history"])
def test_normalised_file_loads_to_the_reference_table(case: Case):
    table = _load(case)
    extra = EXTRA_ROWS.get(case.file, {})
    assert {k: table.loc[table["indicator"] == k, "value"].tolist() for k in extra} == extra
    table = table[~table["indicator"].isin(extra)].reset_index(drop=True)
    pd.testing.assert_frame_equal(table[COMPARED], REFERENCE)
    reasons = [s["reason"] for s in table.attrs["skipped"]]
    listed = case.expect.split("skipped: ")[1].split(", ") if "skipped: " in case.expect else []
    listed += ["duplicate of row 3"] if case.expect.endswith("merged: duplicate") else []
    assert reasons == listed


@pytest.mark.parametrize("case", [c for c in LOADS if c.loader == "ytd"],
                         ids=[c.file for c in LOADS if c.loader == "ytd"])
def test_normalised_ytd_file_loads_to_the_reference_table(case: Case):
    table = _load(case)
    pd.testing.assert_frame_equal(table[list(YTD_REFERENCE.columns)], YTD_REFERENCE,
                                  check_dtype=False)
    merged = [s["reason"] for s in table.attrs["skipped"]]
    assert merged == (["duplicate of row 3"] if "duplicate" in case.expect else [])


def test_year_to_date_growth_as_a_fraction_is_flagged_and_kept():
    case = next(c for c in WARNS if c.loader == "ytd")
    with pytest.warns(hf.DataWarning, match=case.expect):
        table = _load(case)
    assert table["yoy_growth_percent"].tolist()[0] == 0.387  # flagged, not changed


def test_targets_in_wan_yuan_are_converted_like_the_history():
    table = _load(next(c for c in LOADS if c.file == "targets_wan.csv"))
    assert table[["indicator", "threshold", "unit"]].to_dict("records") == [
        {"indicator": "enterprise_rd", "threshold": 140.0, "unit": "100m_cny"},
        {"indicator": "hte_count", "threshold": 1000.0, "unit": "firms"},
    ]


def test_a_value_ten_times_its_quote_is_flagged_and_kept():
    case = next(c for c in WARNS if c.file == "count_quote_slip.csv")
    with pytest.warns(hf.DataWarning, match=case.expect):
        table = _load(case)
    assert table.loc[table["indicator"] == "key_labs", "value"].tolist() == [60.0]


@pytest.mark.parametrize("case", [c for c in WARNS if c.file == "control_in_source.csv"],
                         ids=["control_in_source.csv"])
def test_free_text_is_cleaned_with_a_warning(case: Case):
    with pytest.warns(hf.DataWarning, match=case.expect):
        table = _load(case)
    pd.testing.assert_frame_equal(table[COMPARED], REFERENCE)
    assert set(table["source"]) == {"test table fdp.exe"}
    assert table.attrs["cleaned"][0] == {"row": 2, "column": "source",
                                         "removed": ["U+0001", "U+202E"]}
    assert len(table.attrs["cleaned"]) == 6


def test_targets_with_chinese_headers_and_units_load():
    table = _load(next(c for c in LOADS if c.file == "targets_chinese.csv"))
    assert table[["indicator", "year", "threshold", "direction"]].to_dict("records") == [
        {"indicator": "hte_count", "year": 2025, "threshold": 1000.0, "direction": "at_least"},
        {"indicator": "hightech_share", "year": 2025, "threshold": 38.0,
         "direction": "at_least"},
    ]


@pytest.mark.parametrize("name", ["targets_tiers.csv", "targets_tier_in_type.csv",
                                  "targets_tier_type_repeats.csv"])
def test_a_floor_and_a_stretch_goal_of_one_year_load_as_two_targets(name: str):
    table = _load(next(c for c in LOADS if c.file == name))
    rows = table[table["indicator"] == "tech_contracts"]
    assert rows[["year", "threshold", "tier"]].to_dict("records") == [
        {"year": 2024, "threshold": 180.0, "tier": "floor"},
        {"year": 2024, "threshold": 200.0, "tier": "stretch"},
    ]
    assert table.attrs["skipped"] == []  # nothing merged or dropped
    assert set(table["horizon"]) == {"milestone"}  # 目标类型 read as the tier, not a horizon
    if name == "targets_tiers.csv":
        assert table.loc[table["indicator"] == "hte_count", "tier"].tolist() == ["single"]


def test_the_workbooks_confidence_words_load():
    table = _load(next(c for c in LOADS if c.file == "workbook_words.csv"))
    assert list(table["confidence"]) == ["low", "unknown", "unknown", "medium", "unknown",
                                         "high"]


def test_targets_with_the_directions_the_workbook_prints_load():
    table = _load(next(c for c in LOADS if c.file == "targets_printed_words.csv"))
    assert table[["indicator", "threshold", "direction"]].to_dict("records") == [
        {"indicator": "hightech_share", "threshold": 38.0, "direction": "at_least"},
        {"indicator": "hte_count", "threshold": 1000.0, "direction": "at_least"},
        {"indicator": "rd_intensity", "threshold": 4.0, "direction": "at_most"},
    ]


@pytest.mark.parametrize("case", [c for c in ERRORS if c.loader == "history"],
                         ids=[c.file for c in ERRORS if c.loader == "history"])
def test_cli_reports_each_bad_file_in_one_line(case: Case, capsys: pytest.CaptureFixture[str]):
    code = main(["assess", "--data", str(BAD / case.file), "--n-paths", "50"])
    out, err = capsys.readouterr()
    assert (code, out) == (2, "")
    assert err.count("\n") == 1
    assert re.search(case.expect, err), err
    assert err.startswith("huaian-forecast: error: ")


@pytest.mark.parametrize("case", [c for c in ERRORS if c.loader == "targets"],
                         ids=[c.file for c in ERRORS if c.loader == "targets"])
def test_cli_reports_each_bad_targets_file_in_one_line(case: Case,
                                                       capsys: pytest.CaptureFixture[str]):
    code = main(["assess", "--targets", str(BAD / case.file), "--n-paths", "50"])
    out, err = capsys.readouterr()
    assert (code, out, err.count("\n")) == (2, "", 1)
    assert re.search(case.expect, err), err


@pytest.mark.parametrize("case", [c for c in ERRORS if c.loader == "ytd"],
                         ids=[c.file for c in ERRORS if c.loader == "ytd"])
def test_cli_reports_each_bad_year_to_date_file_in_one_line(
        case: Case, capsys: pytest.CaptureFixture[str]):
    code = main(["assess", "--ytd", str(BAD / case.file), "--n-paths", "50"])
    out, err = capsys.readouterr()
    assert (code, out, err.count("\n")) == (2, "", 1)
    assert re.search(case.expect, err), err


@pytest.mark.parametrize("name", ["mixed_encoding.csv", "merged_header.xlsx"])
def test_cli_subprocess_shows_no_traceback(name: str, tmp_path: Path):
    result = subprocess.run(
        [sys.executable, "-m", "huaian_forecast", "assess", "--data", str(BAD / name)],
        capture_output=True, text=True, encoding="utf-8", cwd=tmp_path, timeout=120,
        check=False)
    assert result.returncode == 2
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1
    assert name in result.stderr


@pytest.mark.parametrize("case", [c for c in LOADS if c.loader == "history"],
                         ids=[c.file for c in LOADS if c.loader == "history"])
def test_cli_runs_on_each_normalised_file(case: Case, capsys: pytest.CaptureFixture[str]):
    code = main(["assess", "--data", str(BAD / case.file), "--n-paths", "50", "--format",
                 "json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    records = json.loads(out)
    assert {"indicator", "year", "threshold", "p_reach"} <= set(records[0])


def test_every_located_message_has_one_form():
    """Messages read ``<file>[ (sheet 'S')][, row(s) N[, column 'X']]: <what>; <expected>``."""
    for case in ERRORS:
        with pytest.raises(hf.DataError) as info:
            _load(case)
        message = str(info.value)
        form = (rf"^{re.escape(str(BAD / case.file))}( \(sheet '[^']+'\))?"
                r"(: |, rows? \d+(, \d+)*(: |, column '[^']+'( \(no header\))?: ))\S")
        assert re.match(form, message), message
        assert "\n" not in message


SCENARIO_BAD = sorted(p for d in ("bad", "scenarios/bad", "bad_scenarios")
                      for p in (BAD.parent / d).glob("*.toml"))


@pytest.mark.skipif(not SCENARIO_BAD, reason="no bad scenario files (owned by scenarios)")
@pytest.mark.parametrize("path", SCENARIO_BAD, ids=[p.name for p in SCENARIO_BAD])
def test_cli_reports_each_bad_scenario_file_in_one_line(path: Path,
                                                        capsys: pytest.CaptureFixture[str]):
    code = main(["assess", "--scenario", str(path), "--n-paths", "50"])
    out, err = capsys.readouterr()
    assert (code, out, err.count("\n")) == (2, "", 1)
    assert f"{path.name}: " in err
    assert "Traceback" not in err
