"""Write the hostile-input corpus of ``tests/data/bad/`` (run from anywhere).

Every file is committed; this script documents exactly which bytes each one holds and
regenerates them: ``python tests/data/bad/make_corpus.py``. The expected outcome of every
file (loads with a documented normalisation, or which error) is the table ``CASES`` in
``tests/test_bad_inputs.py``, mirrored in ``README.md`` beside this script.

All files describe the same small, made-up table (see ``REFERENCE`` in the tests):
Huai'an high-tech enterprises 673 / 768, high-tech output share 30.2 / 31.6 %, GDP
4,742.42 / 5,015.06 亿元 for 2022 / 2023. The numbers are test fixtures, not data.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
HEADER = "region,indicator,year,value,unit"
ROWS = [
    "Huai'an,hte_count,2022,673,firms",
    "Huai'an,hte_count,2023,768,firms",
    "Huai'an,hightech_share,2022,30.2,percent",
    "Huai'an,hightech_share,2023,31.6,percent",
    'Huai\'an,gdp,2022,"4,742.42",100m_cny',
    'Huai\'an,gdp,2023,"5,015.06",100m_cny',
]
ZH_HEADER = "地区,指标,年份,数值,单位"
ZH_ROWS = [
    "淮安市,高新技术企业数,2022,673家,家",
    "淮安市,高新技术企业数,2023,768家,家",
    "淮安市,高新技术产业产值占比,2022,30.2%,%",
    "淮安市,高新技术产业产值占比,2023,31.6%,%",
    '淮安市,地区生产总值,2022,"4,742.42",亿元',
    '淮安市,地区生产总值,2023,"5,015.06",亿元',
]
ZH_WIDE = [
    "地区,指标,单位,2022年,2023年",
    "淮安,高企数,家,673,768",
    "淮安,高新技术产业产值占比,%,30.2%,31.6%",
    '淮安,GDP,亿元,"4,742.42","5,015.06"',
]


def _csv(lines: Sequence[str]) -> str:
    return "\r\n".join(lines) + "\r\n"


def _one_bad(row: int, text: str) -> str:
    """The reference table with data row ``row`` (0-based) replaced by ``text``."""
    rows = list(ROWS)
    rows[row] = text
    return _csv([HEADER, *rows])


def text_files() -> dict[str, bytes]:
    """Name -> bytes of every text (CSV) file of the corpus."""
    good = _csv([HEADER, *ROWS])
    zh = _csv([ZH_HEADER, *ZH_ROWS])
    files: dict[str, bytes] = {
        # ---- load, with a documented normalisation --------------------------------
        "long_utf8.csv": good.encode(),
        "utf8_bom.csv": b"\xef\xbb\xbf" + zh.encode(),
        "gbk_chinese_headers.csv": zh.encode("gbk"),
        "gb18030_wide.csv": _csv(ZH_WIDE).encode("gb18030"),
        "utf16_tab.txt": _csv(["地区\t指标\t单位\t2022年\t2023年", "淮安\t高企数\t家\t673\t768",
                               "淮安\t高新技术产业产值占比\t%\t30.2%\t31.6%",
                               "淮安\tGDP\t亿元\t4,742.42\t5,015.06"]).encode("utf-16"),
        "title_row.csv": _csv(["淮安市科技创新主要指标（2022—2023年）,,,,", ZH_HEADER,
                               *ZH_ROWS]).encode("gbk"),
        "footnotes.csv": _csv([ZH_HEADER, *ZH_ROWS, "数据来源：淮安市统计局（测试数据）,,,,",
                               "注：2023年为快报数,,,,"]).encode(),
        "fullwidth.csv": _csv([
            "地区,指标,年份,数值,单位",
            "淮安,高企数,２０２２,６７３家,家", "淮安,高企数,２０２３年,７６８,家",
            "淮安,高新技术产业产值占比,２０２２,３０．２％,％",
            "淮安,高新技术产业产值占比,２０２３,３１．６％,％",
            "淮安,ＧＤＰ,２０２２,４，７４２．４２,亿元",
            "淮安,ＧＤＰ,２０２３,５，０１５．０６亿元,亿元",
        ]).encode(),
        "years_nian.csv": good.replace(",2022,", ",2022年,").replace(",2023,", ",2023年度,")
        .encode(),
        "blank_rows.csv": _csv([HEADER, *ROWS[:2], "", ",,,,", *ROWS[2:4], "", *ROWS[4:]])
        .encode(),
        "identical_duplicates.csv": _csv([HEADER, *ROWS, ROWS[1]]).encode(),
        "wide_gaps.csv": _csv(["地区,指标,单位,2021年,2022年,2023年",
                               "淮安,高企数,家,,673,768",
                               "淮安,高新技术产业产值占比,%,,30.2%,31.6%",
                               '淮安,GDP,亿元,,"4,742.42","5,015.06"']).encode(),
        "semicolon.csv": good.replace(",", ";").replace('"4;742.42"', "4742.42")
        .replace('"5;015.06"', "5015.06").encode(),
        "zero_width.csv": good.replace("hte_count,2022", "hte_count\u200b,2022")
        .replace(",673,", ",\ufeff673\u200b,").encode(),
        "repeated_header.csv": _csv([HEADER, *ROWS[:3], HEADER, *ROWS[3:]]).encode(),
        "section_rows.csv": _csv([ZH_HEADER, "一、创新主体,,,,", *ZH_ROWS[:2],
                                  "二、产业与经济,,,,", *ZH_ROWS[2:]]).encode(),
        "gbk_lookalike_utf8.csv": _csv([ZH_HEADER + ",备注", *(r + "," for r in ZH_ROWS[:3]),
                                        "Huai'an,hightech_share,2023,31.6,%,一",
                                        *(r + "," for r in ZH_ROWS[4:])]).encode("gbk"),
        "indicator_columns.csv": _csv(["地区,年份,高新技术企业数,高新技术产业产值占比,地区生产总值",
                                       '淮安,2022年,673家,30.2%,"4,742.42"',
                                       '淮安,2023年,768家,31.6%,"5,015.06"']).encode("gbk"),
        # ---- errors ------------------------------------------------------------------
        "indicator_columns_and_value.csv": _csv(["年份,高企数,数值", "2023,768,768"]).encode(),
        "unit_in_title.csv": _csv(["淮安市科技指标,,,", "单位：万元,,,", "地区,指标,年份,数值",
                                   "淮安,技术合同成交额,2023,1700000"]).encode(),
        "wide_bad_year_header.csv": _csv(["地区,指标,2022年,2023年(预计)",
                                          "淮安,高企数,673,768"]).encode(),
        "wide_with_year_column.csv": _csv(["地区,指标,年份,2022,2023",
                                           "淮安,高企数,2023,673,768"]).encode(),
        "share_as_fraction.csv": _csv([HEADER, *ROWS[:2],
                                       "Huai'an,hightech_share,2022,0.302,percent",
                                       "Huai'an,hightech_share,2023,0.316,percent"]).encode(),
        "share_one_fraction.csv": _csv([HEADER, *ROWS[:3],
                                        "Huai'an,hightech_share,2023,0.316,percent"]).encode(),
        "share_fraction_percent_sign.csv": _csv([
            HEADER, *ROWS[:3], "Huai'an,hightech_share,2023,0.316%,percent"]).encode(),
        "intensity_as_fraction.csv": _csv([HEADER, *ROWS[:2],
                                           "Huai'an,rd_intensity,2023,0.021,percent"]).encode(),
        "targets_share_as_fraction.csv": _csv([
            "indicator,year,threshold", "hightech_share,2030,0.5"]).encode(),
        "empty.csv": b"",
        "header_only.csv": _csv([HEADER]).encode(),
        "unknown_indicator.csv": _one_bad(1, "Huai'an,专利授权量,2023,768,firms").encode(),
        "non_numeric.csv": _one_bad(1, "Huai'an,hte_count,2023,七百六十八,firms").encode(),
        "year_out_of_range.csv": _one_bad(1, "Huai'an,hte_count,1900,768,firms").encode(),
        "share_over_100.csv": _one_bad(3, "Huai'an,hightech_share,2023,131.6,percent")
        .encode(),
        "negative_count.csv": _one_bad(1, "Huai'an,hte_count,2023,-768,firms").encode(),
        "conflicting_duplicates.csv": _csv([HEADER, *ROWS, "Huai'an,hte_count,2023,786,firms"])
        .encode(),
        "missing_column.csv": _csv(["region,indicator,year,unit",
                                    "Huai'an,hte_count,2022,firms",
                                    "Huai'an,hte_count,2023,firms"]).encode(),
        "mixed_encoding.csv": zh.encode() + "淮安市,省级以上重点实验室数,2023,6,个\r\n"
        .encode("gbk"),
        "utf8_stray_byte.csv": zh.replace("768家", "768\x00家").encode()
        .replace(b"\x00", b"\xff"),
        "big5.csv": _csv(["地區,指標,年份,數值,單位", "淮安,高新技術企業數,2023,768,家",
                          "淮安,高新技術產業產值佔比,2023,31.6,%"]).encode("big5"),
        "latin1.csv": _csv(["région,indicator,année,value", "Huai'an,hte_count,2023,768"])
        .encode("cp1252"),
        "utf16_no_bom.csv": good.encode("utf-16-le"),
        "stray_latin1_byte.csv": good.replace("Huai'an,hte_count,2023",
                                              "Huai'an\x00a,hte_count,2023")
        .encode().replace(b"\x00", b"\xe9"),
        "blank_header_values.csv": _csv([HEADER + ",", *(r + "," for r in ROWS[:3]),
                                         ROWS[3] + ",revised", *(r + "," for r in ROWS[4:])])
        .encode(),
        "percent_for_count.csv": _one_bad(1, "Huai'an,hte_count,2023,768%,firms").encode(),
        "unquoted_thousands.csv": _one_bad(4, "Huai'an,gdp,2022,4,742.42,100m_cny").encode(),
        "huge_number.csv": _one_bad(5, "Huai'an,gdp,2023,1e400,100m_cny").encode(),
        "huge_count.csv": _one_bad(1, "Huai'an,hte_count,2023,99999999999,firms").encode(),
        "nan_value.csv": _one_bad(3, "Huai'an,hightech_share,2023,NaN,percent").encode(),
        "inf_value.csv": _one_bad(5, "Huai'an,gdp,2023,inf,100m_cny").encode(),
        "missing_marker.csv": _one_bad(3, "Huai'an,hightech_share,2023,—,percent").encode(),
        "partial_row.csv": _one_bad(1, "Huai'an,hte_count,2023,,firms").encode(),
        "partial_row_region_only.csv": _one_bad(2, "Huai'an,,,,").encode(),
        "blank_region.csv": _one_bad(2, ",hightech_share,2022,30.2,percent").encode(),
        "fractional_count.csv": _one_bad(1, "Huai'an,hte_count,2023,768.5,firms").encode(),
        "unit_mismatch.csv": _one_bad(1, "Huai'an,hte_count,2023,768,亿元").encode(),
        "kind_conflict.csv": _csv(["region,indicator,year,value,kind",
                                   "Huai'an,rd_spend,2023,突破100亿元,exact"]).encode(),
        "wide_duplicate_years.csv": _csv(["地区,指标,2022,2023,2023",
                                          "淮安,高企数,673,768,786"]).encode(),
        "wide_empty_row.csv": _csv(["地区,指标,单位,2022年,2023年", "淮安,高企数,家,673,768",
                                    "淮安,高新技术产业产值占比,%,,"]).encode(),
        "legacy.xls": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504,
        "not_a_workbook.xlsx": good.encode(),
        # indicators written as the report and the command line print them
        "printed_names.csv": _csv([
            ZH_HEADER, "淮安市,High-tech enterprises,2022,673,家",
            "淮安市,有效期内国家高新技术企业数（家）,2023,768,家",
            "淮安市,高新产业产值占比,2022,30.2,%",
            "淮安市,High-tech output share,2023,31.6,%",
            '淮安市,地区生产总值（亿元）,2022,"4,742.42",亿元',
            '淮安市,Gross regional product (nominal) (100 million yuan),2023,"5,015.06",亿元',
        ]).encode(),
        # the history sheet of a Chinese report.xlsx, saved as CSV: its words for codes
        "workbook_words.csv": _csv([
            "地区,指标代码,年份,数值,单位,类型,来源,可信度,原文",
            *(f"淮安市,{key},{year},{value},{unit},实际值,测试,{conf}," for key, year, value, unit,
              conf in [("hte_count", 2022, "673", "家", "未知"),
                       ("hte_count", 2023, "768", "家", "高"),
                       ("hightech_share", 2022, "30.2", "%", "未知"),
                       ("hightech_share", 2023, "31.6", "%", "中"),
                       ("gdp", 2022, "4742.42", "亿元", "低"),
                       ("gdp", 2023, "5015.06", "亿元", "未知")]),
        ]).encode(),
        # ---- targets files (load_targets) ---------------------------------------------
        "targets_chinese.csv": _csv(["指标,年份,目标值,方向", "高企数,2025年,\"1,000家\",≥",
                                     "高新技术产业产值占比,2025,38%,以上"]).encode("gbk"),
        "targets_printed_words.csv": _csv([
            "地区,指标,年份,目标值,方向,单位", "淮安市,高新产业产值占比,2025,38,不低于,%",
            "淮安市,高新技术企业数,2025,1000,at least,家",
            "淮安市,研发投入强度,2025,4,不高于,%"]).encode(),
        "targets_unknown_indicator.csv": _csv(["indicator,year,threshold",
                                               "patents,2025,5000"]).encode(),
        "targets_share_over_100.csv": _csv(["indicator,year,threshold",
                                            "hightech_share,2030,140"]).encode(),
        "targets_conflicting.csv": _csv(["indicator,year,threshold,direction",
                                         "hte_count,2025,1000,at_least",
                                         "hte_count,2025,1200,at_least"]).encode(),
    }
    files.update(hostile_text_files())
    files.update(input_check_files())
    files.update(tier_files())
    return files


def tier_files() -> dict[str, bytes]:
    """Name -> bytes of the target-tier files: a floor (确保) and a stretch goal (力争)."""
    head = "指标,年份,目标值,方向,档次"
    return {
        "targets_tiers.csv": _csv([
            head, "技术合同成交额,2024,180亿元,以上,确保", "技术合同成交额,2024,200亿元,以上,力争",
            "高企数,2025,1000,以上,"]).encode("gbk"),
        "targets_tier_in_type.csv": _csv([
            "indicator,year,threshold,目标类型", "tech_contracts,2024,180,底线",
            "tech_contracts,2024,200,冲刺"]).encode(),
        "targets_tier_same.csv": _csv([
            head, "技术合同成交额,2024,180,以上,确保", "技术合同成交额,2024,200,以上,确保"])
        .encode(),
        "targets_tier_inverted.csv": _csv([
            head, "技术合同成交额,2024,200,以上,确保", "技术合同成交额,2024,180,以上,力争"])
        .encode(),
        "targets_tier_unknown.csv": _csv([
            head, "技术合同成交额,2024,180,以上,保守"]).encode(),
        "targets_tier_in_horizon.csv": _csv([
            "indicator,year,threshold,目标类型", "hte_count,2025,1000,阶段目标",
            "tech_contracts,2024,180,确保"]).encode(),
        "targets_tier_mixed.csv": _csv([
            head, "技术合同成交额,2024,180,以上,", "技术合同成交额,2024,200,以上,力争"])
        .encode(),
        "targets_tier_type_repeats.csv": _csv([
            "指标,年份,目标值,目标类型,档次", "技术合同成交额,2024,180,确保,确保",
            "技术合同成交额,2024,200,力争,力争"]).encode(),
        "targets_tier_type_differs.csv": _csv([
            "指标,年份,目标值,目标类型,档次", "技术合同成交额,2024,180,确保,确保",
            "技术合同成交额,2024,200,确保,力争"]).encode(),
        "targets_tier_directions.csv": _csv([
            head, "高新技术企业数,2030,1500,不高于,确保", "高新技术企业数,2030,1700,不低于,力争"])
        .encode(),
    }


def write_tier_files() -> None:
    """Write only the target-tier files and the README, leaving the others' bytes alone."""
    for name, data in tier_files().items():
        (HERE / name).write_bytes(data)
    write_readme()


YTD_HEADER = "region,indicator,as_of,ytd_value,unit,yoy_growth_percent,annual_target"
YTD_ROWS = [
    "Huai'an,enterprise_rd,2024-05-31,63.05,100m_cny,38.7,140",
    "Huai'an,hte_applications,2024-06-19,48,firms,,500",
]


def _ytd(*rows: str, header: str = YTD_HEADER) -> bytes:
    """A year-to-date table: the reference rows, then ``rows``."""
    return _csv([header, *YTD_ROWS, *rows]).encode()


def _ytd_bad(row: str) -> bytes:
    """The year-to-date reference table with its first row replaced by ``row``."""
    return _csv([YTD_HEADER, row, *YTD_ROWS[1:]]).encode()


def input_check_files() -> dict[str, bytes]:
    """Name -> bytes of the year-to-date, target-unit and year-on-year step files."""
    zh_header = "地区,指标,截至日期,累计值,单位,同比增速,年度目标"
    return {
        # ---- year-to-date files (load_ytd) -----------------------------------------
        "ytd_chinese.csv": _csv([
            zh_header, "淮安市,规上企业研发支出,2024-05-31,63.05亿元,亿元,38.7%,超140亿元",
            "淮安,高企申报数,2024-06-19,48家,家,,500家"]).encode("gbk"),
        "ytd_wan.csv": _ytd_bad("Huai'an,enterprise_rd,2024-05-31,630500,万元,38.7,1400000"),
        "ytd_identical_duplicates.csv": _ytd(YTD_ROWS[1]),
        "ytd_growth_fraction.csv": _ytd_bad(
            "Huai'an,enterprise_rd,2024-05-31,63.05,100m_cny,0.387,140"),
        "ytd_wan_target_in_yi.csv": _ytd_bad(
            "Huai'an,enterprise_rd,2024-05-31,630500,万元,38.7,140"),
        "ytd_wan_under_yi.csv": _ytd_bad(
            "Huai'an,enterprise_rd,2024-05-31,630500,100m_cny,38.7,140"),
        "ytd_conflicting.csv": _ytd("Huai'an,enterprise_rd,2024-05-31,70,100m_cny,38.7,140"),
        "ytd_unknown_indicator.csv": _ytd_bad(
            "Huai'an,enterprise_rnd,2024-05-31,63.05,100m_cny,38.7,140"),
        "ytd_two_years.csv": _ytd_bad("Huai'an,enterprise_rd,2023-05-31,63.05,100m_cny,38.7,140"),
        "ytd_negative.csv": _ytd_bad("Huai'an,enterprise_rd,2024-05-31,-63.05,100m_cny,38.7,140"),
        "ytd_share.csv": _ytd("Huai'an,hightech_share,2024-05-31,32.1,percent,,38"),
        "ytd_bound.csv": _ytd_bad("Huai'an,enterprise_rd,2024-05-31,突破60亿元,100m_cny,38.7,140"),
        "ytd_two_targets.csv": _ytd("Huai'an,hte_applications,2024-04-30,20,firms,,450"),
        "ytd_chinese_missing_column.csv": _csv([
            "地区,指标,截至日期,累计值,单位", "淮安,规上企业研发支出,2024-05-31,63.05,亿元"])
        .encode(),
        # ---- targets with a unit column (load_targets) ------------------------------------
        "targets_wan.csv": _csv(["indicator,year,threshold,unit",
                                 "enterprise_rd,2024,1400000,万元", "hte_count,2025,1000,家"])
        .encode(),
        "targets_count_in_percent.csv": _csv(["indicator,year,threshold,unit",
                                              "hte_count,2030,1500,percent"]).encode(),
        "targets_intensity_in_yi.csv": _csv(["indicator,year,threshold,unit",
                                             "rd_intensity,2030,3.0,100m_cny"]).encode(),
        # ---- year-on-year steps of counts (load_history) ----------------------------------
        "count_extra_digit.csv": _csv([HEADER + ",kind", "Huai'an,hte_count,2022,673,firms,"
                                       "upper_bound", "Huai'an,hte_count,2023,7680,firms,exact",
                                       *(r + ",exact" for r in ROWS[2:])]).encode(),
        "count_quote_slip.csv": _csv([HEADER + ",quote", *(r + "," for r in ROWS),
                                      "Huai'an,key_labs,2023,60,labs,建有省重点实验室6个"]).encode(),
        "count_steps_from_bounds.csv": _csv([
            HEADER + ",kind", "Huai'an,hte_count,2022,673,firms,exact",
            "Huai'an,hte_count,2023,768,firms,exact", *(r + ",exact" for r in ROWS[2:]),
            "Huai'an,key_labs,2021,2,labs,exact", "Huai'an,key_labs,2022,6,labs,exact",
            "Huai'an,tech_contracts,2021,10,100m_cny,lower_bound",
            "Huai'an,tech_contracts,2022,120,100m_cny,exact"]).encode(),
    }


def _slip(value: str) -> bytes:
    """The reference table with Huai'an's 2023 GDP (5,015.06 亿元) written as ``value``."""
    return _one_bad(5, f"Huai'an,gdp,2023,{value},100m_cny").encode()


def hostile_text_files() -> dict[str, bytes]:
    """Name -> bytes of the hostile text files: unit slips, control characters, sizes."""
    extra = "Huai'an,rd_spend,2023,100,100m_cny"
    source = ["region,indicator,year,value,unit,source",
              *(f"{r},test\x01 table \u202efdp.exe" for r in ROWS)]
    return {
        "gdp_one.csv": _slip("1"),
        "gdp_thousandth.csv": _slip("0.001"),
        "gdp_zero.csv": _slip("0"),
        "gdp_subnormal.csv": _slip("1e-320"),
        "gdp_in_wan.csv": _slip('"50,150,600"'),
        "rd_spend_vs_gdp.csv": _csv([HEADER, *ROWS[:5], "Huai'an,gdp,2023,50.1506,100m_cny",
                                     extra]).encode(),
        "gdp_hundredth.csv": _one_bad(4, "Huai'an,gdp,2022,47.4242,100m_cny").encode(),
        "digits_5000.csv": _slip("9" * 5000),
        "control_in_source.csv": _csv(source).encode(),
        "bidi_region.csv": _one_bad(1, "Huai'an\u202e,hte_count,2023,768,firms").encode(),
        "control_in_indicator.csv": _one_bad(2, "Huai'an,hightech_share\x01,2022,30.2,"
                                             "percent").encode(),
        "long_cell.csv": _csv(["region,indicator,year,value,unit,quote",
                               *(f"{r},{'长' * 20_000 if i == 0 else ''}"
                                 for i, r in enumerate(ROWS))]).encode(),
        "many_columns.csv": _csv([HEADER + "".join(f",c{i}" for i in range(1_500)),
                                  *ROWS]).encode(),
    }


LONG_ROWS: list[list[object]] = [
    ["地区", "指标", "年份", "数值"],
    ["淮安市", "高新技术企业数", 2022, 673], ["淮安市", "高新技术企业数", 2023, 768],
    ["淮安市", "高新技术产业产值占比", 2022, 30.2], ["淮安市", "高新技术产业产值占比", 2023, 31.6],
    ["淮安市", "地区生产总值", 2022, 4742.42], ["淮安市", "地区生产总值", 2023, 5015.06],
]


def _long_xlsx(wb: Any) -> None:
    for row in LONG_ROWS:
        wb.active.append(row)


def _merged_region(wb: Any) -> None:
    for i, row in enumerate(LONG_ROWS):
        wb.active.append([row[0] if i <= 1 else None, *row[1:]])
    wb.active.merge_cells("A2:A7")


def _percent_format(wb: Any) -> None:
    _long_xlsx(wb)
    for r in (4, 5):
        cell = wb.active.cell(r, 4)
        cell.value, cell.number_format = cell.value / 100, "0.0%"


def _wide_titled(wb: Any) -> None:
    ws = wb.active
    ws.append(["淮安市科技创新主要指标（测试数据）"])
    ws.merge_cells("A1:E1")
    ws.append(["地区", "指标", "单位", "2022年", "2023年"])
    ws.append(["淮安", "高企数", "家", 673, 768])
    ws.append(["淮安", "高新技术产业产值占比", "%", 30.2, 31.6])
    ws.append(["淮安", "GDP", "亿元", 4742.42, 5015.06])
    ws.append(["数据来源：淮安市统计局（测试数据）"])
    ws.merge_cells("A6:E6")


def _empty_sheet(wb: Any) -> None:
    second = wb.create_sheet("数据2")
    for row in LONG_ROWS:
        second.append(row)


def _merged_header(wb: Any) -> None:
    ws = wb.active
    ws.append(["地区", "指标", "年份", "数值", None])
    ws.merge_cells("D1:E1")
    ws.append(["淮安", "高企数", 2023, 768, "家"])


def _excel_error(wb: Any) -> None:
    _long_xlsx(wb)
    wb.active.cell(5, 4).value = "#DIV/0!"


def _year_as_date(wb: Any) -> None:
    import datetime as dt

    _long_xlsx(wb)
    wb.active.cell(3, 3).value = dt.datetime(2023, 1, 1)


def _far_cell(wb: Any) -> None:
    _long_xlsx(wb)
    wb.active["XFD1048576"] = "x"  # one cell: 5 KB, but a 17-billion-cell rectangle


def _far_row(wb: Any) -> None:
    _long_xlsx(wb)
    wb.active["Z200000"] = "x"


def _rewrite_sheet(path: Path, pattern: bytes, replacement: bytes) -> None:
    """Replace ``pattern`` in the first sheet's XML of the workbook at ``path``."""
    import re
    import zipfile

    with zipfile.ZipFile(path) as src:
        members = {i.filename: src.read(i.filename) for i in src.infolist()}
    sheet = "xl/worksheets/sheet1.xml"
    members[sheet] = re.sub(pattern, replacement, members[sheet])
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, data in members.items():
            dst.writestr(zipfile.ZipInfo(name, (2024, 1, 1, 0, 0, 0)), data,
                         zipfile.ZIP_DEFLATED)


def _nan_cell(path: Path) -> None:
    """A number cell (D5, 31.6) whose text another program wrote as ``NaN``."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.title = "数据"
    _long_xlsx(wb)
    wb.save(path)
    _rewrite_sheet(path, rb'(<c r="D5"[^>]*><v>)[^<]*(</v>)', rb"\1NaN\2")


def _lying_dimension(path: Path) -> None:
    """A sheet whose ``<dimension>`` says A1:D7 but that holds a cell in column XFD."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.title = "数据"
    _long_xlsx(wb)
    wb.active["XFD1"] = "x"
    wb.save(path)
    _rewrite_sheet(path, rb'<dimension ref="[^"]*"', b'<dimension ref="A1:D7"')


EXCEL_FILES: dict[str, Callable[[Any], None]] = {
    "long.xlsx": _long_xlsx, "merged_region.xlsx": _merged_region,
    "percent_format.xlsx": _percent_format, "wide_titled.xlsx": _wide_titled,
    "empty_sheet.xlsx": _empty_sheet, "merged_header.xlsx": _merged_header,
    "excel_error.xlsx": _excel_error, "year_as_date.xlsx": _year_as_date,
    "far_cell.xlsx": _far_cell, "far_row.xlsx": _far_row,
}


PROBLEMS = {
    "empty.csv": "0-byte file", "header_only.csv": "header, no rows",
    "empty_sheet.xlsx": "first sheet empty, data on the second",
    "unknown_indicator.csv": "unknown indicator", "non_numeric.csv": "value in Chinese numerals",
    "year_out_of_range.csv": "year 1900", "share_over_100.csv": "share 131.6 %",
    "negative_count.csv": "negative count",
    "conflicting_duplicates.csv": "same year twice, 768 vs 786",
    "missing_column.csv": "no value column",
    "mixed_encoding.csv": "UTF-8 file with a GBK row appended",
    "utf8_stray_byte.csv": "UTF-8 with one stray 0xFF byte",
    "big5.csv": "Big5 (traditional) encoding", "latin1.csv": "cp1252/Latin-1 encoding",
    "utf16_no_bom.csv": "UTF-16 without BOM",
    "stray_latin1_byte.csv": "ASCII file with one Latin-1 byte (GBK would decode it silently)",
    "blank_header_values.csv": "values under a blank header",
    "merged_header.xlsx": "header merged over two columns",
    "percent_for_count.csv": "`768%` for a count",
    "unquoted_thousands.csv": "unquoted `4,742.42` splits the row", "huge_number.csv": "`1e400`",
    "huge_count.csv": "99,999,999,999 firms", "nan_value.csv": "`NaN`", "inf_value.csv": "`inf`",
    "missing_marker.csv": "`—` for a missing value", "partial_row.csv": "value cell empty",
    "partial_row_region_only.csv": "only the region filled",
    "blank_region.csv": "region blank on one row", "fractional_count.csv": "768.5 firms",
    "unit_mismatch.csv": "unit 亿元 for a count",
    "kind_conflict.csv": "kind `exact` but value `突破100亿元`",
    "wide_duplicate_years.csv": "wide, 2023 column twice",
    "wide_empty_row.csv": "wide row with no values", "excel_error.xlsx": "`#DIV/0!` cell",
    "year_as_date.xlsx": "year typed as a date", "legacy.xls": "legacy .xls",
    "not_a_workbook.xlsx": "CSV text named .xlsx",
    "html_export.xls": "an HTML page named .xls (web-system export)",
    "indicator_columns_and_value.csv": "a 数值 column beside indicator columns",
    "unit_in_title.csv": "unit only in a title row (`单位：万元`)",
    "wide_bad_year_header.csv": "wide header `2023年(预计)`",
    "wide_with_year_column.csv": "a 年份 column beside year columns",
    "share_as_fraction.csv": "shares written as fractions 0.302 / 0.316",
    "share_one_fraction.csv": "one share written as a fraction 0.316 beside 30.2",
    "share_fraction_percent_sign.csv": "a share written 0.316% beside 30.2",
    "intensity_as_fraction.csv": "R&D intensity written as a fraction 0.021",
    "targets_share_as_fraction.csv": "share target written as a fraction 0.5",
    "targets_unknown_indicator.csv": "unknown indicator",
    "targets_share_over_100.csv": "share target 140 %",
    "targets_conflicting.csv": "two thresholds for one target",
    "gdp_one.csv": "GDP 2023 written as 1 (亿元) instead of 5,015.06",
    "gdp_thousandth.csv": "GDP 2023 written as 0.001",
    "gdp_zero.csv": "GDP 2023 written as 0",
    "gdp_subnormal.csv": "GDP 2023 written as 1e-320",
    "gdp_in_wan.csv": "GDP 2023 in 万元 (50,150,600) under unit 亿元",
    "rd_spend_vs_gdp.csv": "GDP 2023 50.15 (a slip, yet plausible alone) and R&D spend 100",
    "gdp_hundredth.csv": "GDP 2022 written 47.4242 (plausible alone) beside 5,015.06 for 2023",
    "digits_5000.csv": "a 5,000-digit value (echoed cut to 40 characters)",
    "bidi_region.csv": "a right-to-left override U+202E in a region",
    "control_in_indicator.csv": "a control character U+0001 in an indicator",
    "long_cell.csv": "a 20,000-character quote cell",
    "many_columns.csv": "1,505 columns",
    "far_cell.xlsx": "5 KB workbook, one cell at XFD1048576",
    "far_row.xlsx": "one cell at Z200000",
    "lying_dimension.xlsx": "dimension says A1:D7, a cell sits in column XFD",
    "nan_cell.xlsx": "a number cell holding `NaN` (written by another program)",
    "control_in_source.csv": "U+0001 and U+202E in every source cell: removed (listed in "
                             "`attrs['cleaned']`)",
    "ytd_growth_fraction.csv": "growth written as a fraction 0.387 for 38.7 %",
    "ytd_wan_target_in_yi.csv": "unit 万元: 630500 (万元) but the target 140 meant in 亿元",
    "ytd_wan_under_yi.csv": "630500 (万元) under unit 亿元 (100m_cny)",
    "ytd_conflicting.csv": "one indicator and date twice, 63.05 vs 70",
    "ytd_unknown_indicator.csv": "misspelt indicator enterprise_rnd",
    "ytd_two_years.csv": "one row dated 2023 in a 2024 file",
    "ytd_negative.csv": "a negative year-to-date value",
    "ytd_share.csv": "a share (does not accumulate over the year)",
    "ytd_bound.csv": "a bound `突破60亿元` as the year-to-date value",
    "ytd_two_targets.csv": "two annual targets for one indicator and year (500 vs 450)",
    "ytd_chinese_missing_column.csv": "Chinese headers without 年度目标",
    "targets_count_in_percent.csv": "unit percent for a count target",
    "targets_intensity_in_yi.csv": "unit 100m_cny for an R&D intensity target",
    "targets_tier_same.csv": "two floors (确保) of one target, 180 vs 200",
    "targets_tier_inverted.csv": "floor (确保) 200 above the stretch goal (力争) 180",
    "targets_tier_unknown.csv": "tier 保守 (not a tier word)",
    "targets_tier_mixed.csv": "one row without a tier beside a stretch goal",
    "targets_tier_type_differs.csv": "a 目标类型 column repeating the 档次 column, 确保 on "
                                     "the row 档次 says 力争",
    "targets_tier_directions.csv": "floor (确保) 不高于 1500 and stretch goal (力争) 不低于 "
                                   "1700: two directions",
    "targets_tier_in_horizon.csv": "a 目标类型 column mixing a horizon (阶段目标) and a tier "
                                   "(确保)",
    "count_extra_digit.csv": "high-tech enterprises 7,680 (for 768) after at most 673",
    "count_quote_slip.csv": "key labs 60 (one row, no year to compare) beside the quote "
                            "建有省重点实验室6个",
}

README_HEAD = """# Hostile-input corpus

Files a planner might really hand over, each with the outcome the loader guarantees.
`make_corpus.py` writes them and this README (run it to regenerate; the bytes are
committed). The table of record is `CASES` in `tests/test_bad_inputs.py`; a test checks
that every file is listed here and there, one test per file checks its outcome, and
another runs `huaian-forecast assess --data <file>` on each error file (exit 2, one line).

Every history file that loads gives the same six rows (made-up test figures, not data):
Huai'an `hte_count` 673 / 768, `hightech_share` 30.2 / 31.6 %, `gdp` 4,742.42 /
5,015.06 亿元 for 2022 / 2023 (`count_steps_from_bounds.csv` adds the rows it names).
Every year-to-date file (loader `ytd`, `load_ytd`) that loads gives two rows: Huai'an
`enterprise_rd` 63.05 亿元 by 2024-05-31 (+38.7 %, annual target 140) and
`hte_applications` 48 firms by 2024-06-19 (target 500). Rows the loader skips are listed in
`table.attrs["skipped"]` as `{"row", "reason", "text"}` with reason `title`, `blank`,
`footnote`, `header repeated`, `section` or `duplicate of row N`; no row is dropped
silently.

## Normalisations (documented in `huaian_forecast/data.py`, `_tabular.py`, `_values.py`)

| file | loader | what is normalised |
|---|---|---|
"""

README_ERRORS = """
## Errors (`DataError`; message form `<file>, row N, column 'X': <what>; <expected>`)

File-level problems (empty, undecodable, not a workbook) have no column; encoding
problems name the first bad row. The message shown is the one the loader gives.

| file | loader | problem | message |
|---|---|---|---|
"""


def write_readme() -> None:
    """Write README.md from ``CASES`` of the tests and the messages the loader gives."""
    import importlib.util

    import huaian_forecast as hf

    path = HERE.parents[1] / "test_bad_inputs.py"
    spec = importlib.util.spec_from_file_location("test_bad_inputs", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    lines = [README_HEAD]
    lines += [f"| `{c.file}` | {c.loader} | {c.expect} |\n" for c in module.LOADS]
    lines += [f"| `{c.file}` | {c.loader} | {PROBLEMS[c.file]}; warns: {c.expect} |\n"
              for c in module.WARNS]
    lines.append(README_ERRORS)
    loaders = {"history": hf.load_history, "targets": hf.load_targets, "ytd": hf.load_ytd}
    for case in module.ERRORS:
        try:
            loaders[case.loader](HERE / case.file)
        except hf.DataError as exc:
            message = str(exc).replace(str(HERE) + "/", "").replace("|", "\\|")
        else:
            raise AssertionError(f"{case.file} loaded")
        lines.append(f"| `{case.file}` | {case.loader} | {PROBLEMS[case.file]} | {message} |\n")
    lines.append((HERE / "output_side.md").read_text(encoding="utf-8"))  # tests, not files
    (HERE / "README.md").write_text("".join(lines), encoding="utf-8")


def write_text_files(names: list[str]) -> None:
    """Write only the named text files (and the README), leaving the others' bytes alone."""
    files = text_files()
    for name in names:
        (HERE / name).write_bytes(files[name])
    write_readme()


def write_input_check_files() -> None:
    """Write only the year-to-date, target-unit and step files and the README."""
    for name, data in input_check_files().items():
        (HERE / name).write_bytes(data)
    write_readme()


def write_hostile_files() -> None:
    """Write only the hostile files (issue 17) and the README, leaving the others alone."""
    from openpyxl import Workbook

    for name, data in hostile_text_files().items():
        (HERE / name).write_bytes(data)
    for name in ("far_cell.xlsx", "far_row.xlsx"):
        wb = Workbook()
        wb.active.title = "数据"
        EXCEL_FILES[name](wb)
        wb.save(HERE / name)
    _lying_dimension(HERE / "lying_dimension.xlsx")
    _nan_cell(HERE / "nan_cell.xlsx")
    write_readme()


def main() -> None:
    """Write every corpus file beside this script."""
    for name, data in text_files().items():
        (HERE / name).write_bytes(data)
    from openpyxl import Workbook

    for name, fill in EXCEL_FILES.items():
        wb = Workbook()
        wb.active.title = "数据"
        fill(wb)
        wb.save(HERE / name)
    _lying_dimension(HERE / "lying_dimension.xlsx")
    _nan_cell(HERE / "nan_cell.xlsx")
    (HERE / "xlsx_named_csv.csv").write_bytes((HERE / "long.xlsx").read_bytes())
    (HERE / "html_export.xls").write_bytes(
        "<html><head><meta charset='gbk'></head><body><table><tr><td>地区</td><td>指标</td>"
        "</tr></table></body></html>".encode("gbk"))
    write_readme()


if __name__ == "__main__":
    main()
