"""The report's history sheet loads back to the table the report used (README's promise)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import huaian_forecast as hf
from huaian_forecast.data import HISTORY_COLUMNS, data_hash, with_reference_regions

#: A planner's file: no confidence on most rows (read as unknown), one 高, one quote with a
#: comma, a bound and a derived row, a row without a source (gets the file's name).
PLANNER_CSV = """地区,指标,年份,数值,单位,类型,来源,可信度,原文
淮安市,高新技术企业数,2022,673,家,上限,推算,,
淮安市,高新技术企业数,2023,768,家,实际值,工作报告,高,"国家高新技术企业数达768家,同比增长14%"
淮安市,研发投入强度,2021,1.78,%,推算,统计局,,
淮安市,研发投入强度,2023,2.1,%,约数,工作报告,,
淮安市,高新产业产值占比,2023,31.6,%,实际值,,,
淮安市,全社会研发投入,2021,81.0,亿元,实际值,统计局,,
淮安市,全社会研发投入,2023,100,亿元,下限,工作报告,,
淮安市,地区生产总值,2023,5015.06,亿元,实际值,统计公报,,
淮安市,省级以上重点实验室,2023,6,个,实际值,工作报告,,
"""


@pytest.mark.parametrize(("lang", "sheet", "unknown"),
                         [("zh", "历史数据", "未知"), ("en", "history used", "unknown")])
def test_the_history_sheet_of_a_report_loads_back_to_the_table_it_used(
        tmp_path: Path, run_cli, lang: str, sheet: str, unknown: str):
    mine = tmp_path / "mine.csv"
    mine.write_text(PLANNER_CSV, encoding="utf-8")
    out = tmp_path / "out"
    code, _, err = run_cli("report", "--data", str(mine), "--out", str(out), "--scenario",
                           "baseline", "--n-paths", "200", "--no-ytd", "--lang", lang)
    assert code == 0, err
    used = with_reference_regions(hf.load_history(mine))  # what the report read
    assert (used["confidence"] == "unknown").sum() >= 7
    written = pd.read_excel(out / "report.xlsx", sheet_name=sheet)
    assert unknown in set(written.iloc[:, list(HISTORY_COLUMNS).index("confidence")])
    back = hf.load_history(out / "report.xlsx", sheet=sheet)
    assert len(back) == len(used)
    assert data_hash(back) == data_hash(used[list(HISTORY_COLUMNS)])
