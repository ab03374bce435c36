"""A planner's year-to-date, targets and history files are checked like the history.

The reviewer's cases (2026-11): a year-to-date file whose unit column was ignored (630500
万元 read as 630,500 亿元), whose misspelt or Chinese-named indicators were dropped
silently, whose conflicting rows were accepted; targets whose unit column was ignored;
counts with an extra digit (7,680 high-tech enterprises for 768) accepted.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import huaian_forecast as hf

YTD_HEADER = "region,indicator,as_of,ytd_value,unit,yoy_growth_percent,annual_target"
RD = "Huai'an,enterprise_rd,2024-05-31,63.05,100m_cny,38.7,140"
HISTORY_HEADER = "region,indicator,year,value,unit,kind"


def _file(tmp_path: Path, *lines: str, name: str = "mine.csv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_ytd_in_wan_yuan_gives_the_same_table_as_in_yi_yuan(tmp_path: Path):
    wan = hf.load_ytd(_file(tmp_path, YTD_HEADER, "淮安市,规上企业研发支出,2024-05-31,630500,万元,"
                            "38.7,1400000"))
    yi = hf.load_ytd(_file(tmp_path, YTD_HEADER, RD, name="yi.csv"))
    cols = ["region", "indicator", "as_of", "ytd_value", "unit", "annual_target"]
    assert wan[cols].to_dict("records") == yi[cols].to_dict("records")
    assert wan["ytd_value"].iloc[0] == pytest.approx(63.05)


def test_ytd_value_with_its_unit_in_the_cell(tmp_path: Path):
    table = hf.load_ytd(_file(tmp_path, YTD_HEADER,
                              "Huai'an,enterprise_rd,2024-05-31,63.05亿元,,38.7%,超140亿元"))
    assert table[["ytd_value", "yoy_growth_percent", "annual_target", "unit"]].to_dict(
        "records") == [{"ytd_value": 63.05, "yoy_growth_percent": 38.7,
                        "annual_target": 140.0, "unit": "100m_cny"}]


def test_ytd_nowcast_is_the_same_from_wan_yuan(tmp_path: Path):
    from huaian_forecast.analysis import pace_table

    wan = _file(tmp_path, YTD_HEADER, "Huai'an,enterprise_rd,2024-05-31,630500,万元,38.7,1400000")
    yi = _file(tmp_path, YTD_HEADER, RD, name="yi.csv")
    assert pace_table(wan)["p_meet_target"].tolist() == pace_table(yi)["p_meet_target"].tolist()


@pytest.mark.parametrize(("row", "column", "what"), [
    ("Huai'an,enterprise_rd,2024-05-31,-63.05,100m_cny,38.7,140", "ytd_value", "above 0"),
    ("Huai'an,enterprise_rd,2024-05-31,0,100m_cny,38.7,140", "ytd_value", "above 0"),
    ("Huai'an,enterprise_rd,2024-05-31,63.05,100m_cny,38.7,-140", "annual_target", "above 0"),
    ("Huai'an,enterprise_rd,2024-05-31,63.05,100m_cny,-100,140", "yoy_growth_percent",
     "impossible"),
    ("Huai'an,hte_applications,2024-06-19,48.5,firms,,500", "ytd_value", "whole number"),
    ("Huai'an,enterprise_rd,2024-05-31,63.05,firms,38.7,140", "unit", "does not match"),
    ("Huai'an,enterprise_rd,2024-05-31,63.05,fraction,38.7,140", "unit", "does not match"),
    ("Huai'an,rd_intensity,2024-05-31,2.1,percent,,2.5", "indicator", "does not accumulate"),
    ("Huai'an,enterprise_rd,2024-05-31,,100m_cny,38.7,140", "ytd_value", "empty"),
    ("Huai'an,enterprise_rd,,63.05,100m_cny,38.7,140", "as_of", "empty"),
])
def test_ytd_row_refused_naming_file_row_and_column(tmp_path: Path, row: str, column: str,
                                                    what: str):
    path = _file(tmp_path, YTD_HEADER, row)
    with pytest.raises(hf.DataError, match=rf"mine\.csv, row 2, column '{column}': .*{what}"):
        hf.load_ytd(path)


def test_ytd_unknown_region_warned_like_the_history_and_known_spellings_resolved(
        tmp_path: Path):
    path = _file(tmp_path, YTD_HEADER, RD.replace("Huai'an", "淮安"),
                 "淮阴市,tech_contracts,2024-06-16,117.87,亿元,42.8,200")
    with pytest.warns(hf.DataWarning, match=r"mine\.csv, row 3, column 'region': '淮阴市' is "
                      r"not a known region; did you mean"):
        table = hf.load_ytd(path)
    assert table["region"].tolist() == ["Huai'an", "淮阴市"]


def test_ytd_row_without_region_stays_for_any_region(tmp_path: Path):
    table = hf.load_ytd(_file(tmp_path, YTD_HEADER, RD.replace("Huai'an", "")))
    assert table["region"].tolist() == [""]


def test_ytd_same_figures_at_two_dates_are_a_series_not_a_conflict(tmp_path: Path):
    table = hf.load_ytd(_file(tmp_path, YTD_HEADER, RD.replace("05-31,63.05", "04-30,48.1"),
                              RD))
    assert table["as_of"].tolist() == ["2024-04-30", "2024-05-31"]


def test_ytd_growth_of_exactly_zero_or_above_one_percent_is_not_flagged(tmp_path: Path):
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        table = hf.load_ytd(_file(tmp_path, YTD_HEADER, RD.replace("38.7", "0"),
                                  RD.replace("enterprise_rd", "tech_contracts")
                                  .replace("38.7", "-1.5")))
    assert table["yoy_growth_percent"].tolist() == [0.0, -1.5]


def _history(tmp_path: Path, *rows: str) -> Path:
    return _file(tmp_path, HISTORY_HEADER, *rows)


@pytest.mark.parametrize(("rows", "message"), [
    (["Huai'an,hte_count,2022,673,firms,exact", "Huai'an,hte_count,2023,7680,firms,exact"],
     r"rows 2, 3, column 'value': hte_count of Huai'an goes from 673 家 in 2022 \(row 2\) to "
     r"7,680 家 in 2023 \(row 3\), a factor of 11\.4 in 1 year"),
    (["Huai'an,hte_count,2022,673,firms,exact", "Huai'an,hte_count,2023,67,firms,exact"],
     r"a factor of 0\.0996 in 1 year"),
    (["Huai'an,key_labs,2022,5,labs,exact", "Huai'an,key_labs,2023,60,labs,exact"],
     r"key_labs of Huai'an goes from 5 个 in 2022"),
    (["Huai'an,tech_contracts,2022,1500,100m_cny,exact",
      "Huai'an,tech_contracts,2023,150,100m_cny,upper_bound"],
     r"goes from 1,500 亿元 in 2022 \(row 2\) to at most 150 亿元 in 2023 \(row 3\), a "
     r"factor of at most 0\.1 in 1 year"),
    (["Huai'an,tech_contracts,2022,150,100m_cny,exact",
      "Huai'an,tech_contracts,2023,1700,100m_cny,lower_bound"],
     r"to at least 1,700 亿元 in 2023 \(row 3\), a factor of at least 11\.3"),
    (["Huai'an,hightech_share,2022,30.2,percent,exact",
      "Huai'an,hightech_share,2023,3.16,percent,exact"], r"hightech_share of Huai'an"),
    (["Huai'an,hte_count,2021,600,firms,exact", "Huai'an,hte_count,2023,6000,firms,approx"],
     r"a factor of 10 in 2 years"),
])
def test_year_on_year_slip_refused(tmp_path: Path, rows: list[str], message: str):
    with pytest.raises(hf.DataError, match=message):
        hf.load_history(_history(tmp_path, *rows))


@pytest.mark.parametrize("rows", [
    # a lower bound before proves no rise; an upper bound after proves no rise
    ["Huai'an,tech_contracts,2020,10,100m_cny,lower_bound",
     "Huai'an,tech_contracts,2021,170,100m_cny,exact"],
    ["Huai'an,hte_count,2022,673,firms,exact", "Huai'an,hte_count,2023,9000,firms,upper_bound"],
    # an upper bound before proves no fall; a lower bound after proves no fall
    ["Huai'an,hte_count,2022,9000,firms,upper_bound", "Huai'an,hte_count,2023,768,firms,exact"],
    ["Huai'an,hte_count,2022,768,firms,exact", "Huai'an,hte_count,2023,50,firms,lower_bound"],
    # derived and approximate points within the factor, over a gap within its power
    ["Huai'an,tech_contracts,2020,42.5,100m_cny,derived",
     "Huai'an,tech_contracts,2023,170,100m_cny,exact"],
    ["Huai'an,hte_count,2017,286,firms,derived", "Huai'an,hte_count,2022,2000,firms,approx"],
    # small counts move in batches: 10 units a year pass whatever the factor
    ["Huai'an,key_labs,2022,1,labs,exact", "Huai'an,key_labs,2023,11,labs,exact"],
    ["Huai'an,hte_applications,2023,12,firms,exact",
     "Huai'an,hte_applications,2024,2,firms,exact"],
    # a growth rate is not a level; GDP has its own check
    ["Huai'an,gdp_real_growth,2022,0.5,percent,exact",
     "Huai'an,gdp_real_growth,2023,6.0,percent,exact"],
    # the same year from two sources within the factor
    ["Huai'an,tech_contracts,2023,170,100m_cny,lower_bound",
     "Huai'an,tech_contracts,2023,180,100m_cny,approx"],
])
def test_year_on_year_steps_a_bound_or_batch_explains_are_kept(tmp_path: Path,
                                                               rows: list[str]):
    assert len(hf.load_history(_history(tmp_path, *rows))) == 2


def test_every_bundled_series_passes_the_step_check():
    from huaian_forecast.data._plausible import LEVEL_STEP

    table = hf.load_history()
    assert len(table) > 100
    assert LEVEL_STEP == 3.0  # documented in README and data/SOURCES.md


def test_targets_in_wan_yuan_and_fraction_units_are_converted(tmp_path: Path):
    path = _file(tmp_path, "indicator,year,threshold,unit", "enterprise_rd,2024,1400000,万元",
                 "hightech_share,2030,0.4,fraction", "key_labs,2030,10,个")
    with pytest.warns(hf.DataWarning, match=r"mine\.csv, row 3: the unit column says fraction"):
        table = hf.load_targets(path)
    assert table["threshold"].tolist() == pytest.approx([140.0, 40.0, 10.0])
    assert table["unit"].tolist() == ["100m_cny", "percent", "labs"]


@pytest.mark.parametrize(("row", "message"), [
    ("hte_count,2030,1500,percent", r"row 2, column 'unit': unit 'percent' does not match"),
    ("rd_intensity,2030,3,100m_cny", r"row 2, column 'unit': unit '100m_cny' does not match"),
    ("enterprise_rd,2024,1400000,亿元", r"row 2, column 'threshold': 1\.4e\+06 亿元 is "
     r"implausible"),
])
def test_target_unit_that_does_not_fit_is_refused(tmp_path: Path, row: str, message: str):
    path = _file(tmp_path, "indicator,year,threshold,unit", row)
    with pytest.raises(hf.DataError, match=rf"mine\.csv, {message}"):
        hf.load_targets(path)


@pytest.mark.parametrize(("row", "flagged"), [
    ("Huai'an,key_labs,2023,60,labs,exact,建有省重点实验室6个", True),
    ("Huai'an,key_labs,2023,6,labs,exact,建有省重点实验室6个", False),
    ("Huai'an,hte_count,2023,76800,firms,exact,国家高新技术企业数达768家，同比增长14%", True),
    ("Huai'an,hte_count,2023,140,firms,exact,同比增长14%，达到140家", False),
    ("Suzhou,hte_count,2023,15700,firms,exact,高新技術企業超過1.57萬家", False),
    ("Suzhou,gdp,2019,19235.8,100m_cny,exact,\"a regional GDP of 1,923.58 billion yuan\"", False),
    ("Suzhou,gdp,2019,1923.58,100m_cny,exact,\"a regional GDP of 1,923.58 billion yuan\"", True),
    ("Huai'an,key_labs,2023,60,labs,approx,建有省重点实验室6个", False),  # exact rows only
    ("Huai'an,key_labs,2023,60,labs,exact,2023年新增6个", True),
    ("Huai'an,key_labs,2023,20,labs,exact,2023年增长2倍", False),  # 2倍 is no count
])
def test_a_value_that_is_a_digit_slip_of_its_quote_is_flagged(tmp_path: Path, row: str,
                                                              flagged: bool):
    import warnings

    path = _file(tmp_path, HISTORY_HEADER + ",quote", row)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        hf.load_history(path)
    messages = [str(w.message) for w in caught if "of its quote" in str(w.message)]
    assert bool(messages) == flagged, messages
    if flagged:
        assert messages[0].startswith(f"{path}, row 2, column 'value': ")
