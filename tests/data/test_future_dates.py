"""Figures dated after today are warned (file, row, column), kept, and said what they do."""

from __future__ import annotations

import datetime
import warnings
from pathlib import Path

import pytest

import huaian_forecast as hf
from huaian_forecast.data import _clock

HEADER = "地区,指标,年份,数值,单位,类型,来源\n"
ROWS = ("淮安市,高新技术企业数,2023,768,家,实际值,工作报告\n"
        "淮安市,研发投入强度,2023,2.1,%,约数,工作报告\n"
        "淮安市,全社会研发投入,2023,100,亿元,下限,工作报告\n"
        "淮安市,地区生产总值,2023,5015.06,亿元,实际值,统计公报\n")


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_clock, "today", lambda: datetime.date(2026, 11, 30))


def _write(tmp_path: Path, text: str, name: str = "h.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_an_observation_of_next_year_is_warned_with_what_it_does(tmp_path: Path):
    path = _write(tmp_path, HEADER + ROWS + "淮安市,高新技术企业数,2027,1300,家,实际值,年报\n")
    with pytest.warns(hf.DataWarning, match=(
            r"h\.csv, row 6, column '年份': year 2027 is after the current year \(2026\), so it "
            r"cannot be a published figure yet; kept as observed: 2027 becomes the last year "
            r"with data of Huai'an, the origin of a simulation of Huai'an \(which then starts "
            r"in 2028\) and the end of its series for the calibrations across regions")):
        table = hf.load_history(path)
    assert 2027 in set(table["year"])  # kept: a planner may mean an expected value
    proj = hf.simulate("baseline", history=table, n_paths=100, seed=1, end_year=2030)
    assert proj.manifest["origin"] == 2027  # what the warning says happens


def test_a_wide_table_names_the_year_column_and_every_row(tmp_path: Path):
    path = _write(tmp_path, "地区,指标,单位,2025年,2027年,2028年\n淮安,高企数,家,900,1300,1500\n"
                            "淮安,GDP,亿元,5500,6000,\n")
    with pytest.warns(hf.DataWarning, match=r"h\.csv, rows 2, 3, column '2027年', '2028年': "
                      r"years 2027, 2028 are after the current year \(2026\).*starts in 2029"):
        hf.load_history(path)


def test_this_year_and_derived_rows_are_not_warned(tmp_path: Path):
    path = _write(tmp_path, HEADER + ROWS + "淮安市,高新技术企业数,2026,1000,家,约数,预计\n"
                                            "淮安市,全社会研发投入,2027,150,亿元,推算,规划\n")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        table = hf.load_history(path)
    assert {2026, 2027} <= set(table["year"])


def test_the_clock_is_the_one_the_loaders_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    path = _write(tmp_path, HEADER + ROWS + "淮安市,高新技术企业数,2027,1300,家,实际值,年报\n")
    monkeypatch.setattr(_clock, "today", lambda: datetime.date(2027, 1, 1))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        hf.load_history(path)  # in 2027 a 2027 figure may be published


YTD = ("地区,指标,截至日期,累计值,单位,同比增速,年度目标\n"
       "淮安市,规上企业研发支出,{},40,亿元,10,160\n")


def test_a_year_to_date_figure_dated_after_today_is_warned(tmp_path: Path):
    path = _write(tmp_path, YTD.format("2027-03-31"), "ytd.csv")
    with pytest.warns(hf.DataWarning, match=r"ytd\.csv, row 2, column '截至日期': the date "
                      r"2027-03-31 is after today \(2026-11-30\), so the figure cannot have "
                      r"been reported yet; kept"):
        table = hf.load_ytd(path)
    assert list(table["as_of"]) == ["2027-03-31"]


def test_a_year_to_date_figure_of_today_is_not_warned(tmp_path: Path):
    path = _write(tmp_path, YTD.format("2026-11-30"), "ytd.csv")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        hf.load_ytd(path)
