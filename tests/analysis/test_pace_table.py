"""``pace_table`` on a planner's files and tables: regions, targets, scales, empty targets.

Each case was found by a reviewer of ``pace --ytd FILE`` / ``--targets FILE``: the year-
to-date file read by ``assess`` must be paced by the same rules (the home region's rows,
the loader's scale check, a target from the targets where the file has none).
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import huaian_forecast as hf
from huaian_forecast.analysis import pace_table
from huaian_forecast.data import HOME_REGION, load_targets, load_ytd
from huaian_forecast.indicators import get_indicator

_HEADER = ("region,indicator,as_of,ytd_value,unit,yoy_growth_percent,annual_target,"
           "reported_pace_percent,source,quote\n")
_HUAIAN = "Huai'an,enterprise_rd,2024-05-31,63.05,100m_cny,38.7,140,108,src,q\n"
_NANJING = "Nanjing,enterprise_rd,2024-05-31,300,100m_cny,10,700,,src,q\n"
_TARGETS = "region,indicator,year,threshold,direction,unit,horizon,source,quote\n"


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_other_regions_rows_are_left_out_and_named(tmp_path):
    # before: two identical-looking enterprise_rd rows, Nanjing's under the Huai'an
    # bureau's seasonal assumptions; assess leaves Nanjing's out
    path = _write(tmp_path / "two.csv", _HEADER + _HUAIAN + _NANJING)
    table = pace_table(path)
    assert table["ytd_value"].tolist() == [63.05]
    assert table.attrs["other_regions"] == ["Nanjing"]
    assert pace_table(path).equals(pace_table(_write(tmp_path / "one.csv",
                                                     _HEADER + _HUAIAN)))
    assert pace_table().attrs["other_regions"] == []


def test_a_target_on_another_scale_is_refused_naming_both_files(tmp_path):
    # 1.4 (亿元 read for 万元?) in the targets: pace 108 and p 1.0 with only a note before;
    # the same 1.4 in the year-to-date file is refused by the loader
    targets = _write(tmp_path / "tg_tiny.csv", _TARGETS + "Huai'an,enterprise_rd,2024,1.4,"
                     "at_least,100m_cny,annual,s,q\n")
    ytd = _write(tmp_path / "mine.csv", _HEADER + _HUAIAN)
    with pytest.raises(hf.DataError, match=r"mine\.csv with the targets .*tg_tiny\.csv: the "
                       r"year-to-date 63\.05 亿元 is 45\.04 times the annual target 1\.4 亿元"
                       r".*万元 and the other in 亿元\?"):
        pace_table(ytd, targets=targets)
    with pytest.raises(hf.DataError, match=r"45\.04 times"):  # the loader's own words
        load_ytd(_write(tmp_path / "own.csv", _HEADER + _HUAIAN.replace(",140,", ",1.4,")))


def test_targets_may_be_a_path_or_a_table_without_regions():
    by_path = pace_table(targets=str(hf.data.data_file("targets.csv")))
    assert by_path.equals(pace_table(targets=load_targets()))
    no_region = load_targets().drop(columns="region")  # read as the home region's
    no_region.loc[no_region["indicator"] == "enterprise_rd", "threshold"] = 150.0
    rd = pace_table(targets=no_region).set_index("indicator").loc["enterprise_rd"]
    assert rd["annual_target"] == 150.0
    assert rd["pace"] == pytest.approx(63.05 / 150 * 12 / 5)
    blank = load_targets().assign(region=[math.nan] + [" "] * (len(load_targets()) - 1))
    assert pace_table(targets=blank).equals(pace_table(targets=load_targets()))


def test_a_bare_targets_table_is_of_single_at_least_targets():
    # indicator, year and threshold alone: no direction, tier or region column
    bare = pd.DataFrame({"indicator": ["enterprise_rd"], "year": [2024], "threshold": [150.0]})
    rd = pace_table(targets=bare).set_index("indicator").loc["enterprise_rd"]
    assert (rd["annual_target"], rd["tier"]) == (150.0, "single")
    assert rd["pace"] == pytest.approx(63.05 / 150 * 12 / 5)
    assert "at most" not in rd["note"]
    assert rd["note"].endswith("annual target 150 from the targets (the year-to-date file "
                               "states 140)")


def test_a_ytd_table_without_a_region_is_the_home_regions():
    ytd = load_ytd()
    nan_region = ytd.assign(region=math.nan)  # was paced as the region "nan"
    assert pace_table(nan_region, targets=load_targets()).equals(
        pace_table(ytd, targets=load_targets()))
    bare = ytd[["indicator", "as_of", "ytd_value", "annual_target"]]
    assert pace_table(bare)["pace"].tolist() == pace_table(ytd)["pace"].tolist()
    assert HOME_REGION == "Huai'an"


@pytest.mark.parametrize(("kwargs", "says"), [
    ({"targets": [1, 2]}, "targets must be a targets table .* got list"),
    ({"targets": pd.DataFrame({"indicator": ["enterprise_rd"]})},
     "the targets table has no column 'year', 'threshold'"),
    ({"path": pd.DataFrame({"indicator": ["enterprise_rd"], "as_of": ["2024-05-31"]})},
     "the year-to-date table has no column 'ytd_value'"),
    ({"path": 63.05}, "path must be a year-to-date table .* got float"),
    # a row no Target can be (assess refuses it too), named rather than skipped
    ({"targets": pd.DataFrame({"indicator": ["foo"], "year": [2024], "threshold": [1.0]})},
     r"targets row 0 \(foo 2024\): unknown indicator 'foo'"),
    ({"targets": pd.DataFrame({"indicator": ["enterprise_rd"], "year": [2024],
                               "threshold": [math.nan]})},
     r"targets row 0 \(enterprise_rd 2024\): threshold must be finite, got nan"),
])
def test_what_is_no_table_is_a_clear_argument_error(kwargs, says):
    with pytest.raises(hf.ArgumentError, match=says):
        pace_table(**kwargs)


def test_a_targets_row_that_is_no_target_is_named_by_index_indicator_and_year():
    targets = pd.DataFrame({"indicator": ["enterprise_rd", "tech_contracts"],
                            "year": [2024, 2024], "threshold": [140.0, math.nan]},
                           index=[2, 3])
    with pytest.raises(hf.ArgumentError, match=r"^targets row 3 \(tech_contracts 2024\): "
                                               "threshold must be finite, got nan$"):
        pace_table(targets=targets)
    bad_direction = targets.assign(threshold=[140.0, 200.0], direction=["at_least", "more"])
    with pytest.raises(hf.ArgumentError, match=r"^targets row 3 \(tech_contracts 2024\): "
                                               "direction must be 'at_least' or 'at_most'"):
        pace_table(targets=bad_direction)


@pytest.mark.parametrize(("year", "shown"), [(math.nan, "nan"), (2024.5, "2024.5"),
                                             ("x", "'x'"), (True, "True"),
                                             (np.True_, "True"), (None, "None")])
def test_a_targets_year_that_is_no_whole_number_is_an_argument_error(year, shown):
    # was a bare ValueError ("cannot convert float NaN to integer") from load_ytd; the
    # two readers worded it differently ("(tech_contracts nan)" in pace_table), and a
    # year True was the year 1
    targets = pd.DataFrame({"indicator": ["enterprise_rd", "tech_contracts"],
                            "year": [2024, year], "threshold": [140.0, 200.0]},
                           index=[4, 5], dtype=object)
    says = f"targets row 5 (tech_contracts): year must be a whole number, got {shown}"
    for read in (lambda: load_ytd(targets=targets), lambda: pace_table(targets=targets)):
        with pytest.raises(hf.ArgumentError) as caught:
            read()
        assert str(caught.value) == says


def test_a_bad_hand_made_targets_row_is_named_alike_by_assess_and_the_reports():
    # assess and the reports raised a bare ValueError ("year must be a whole number, got
    # nan") naming no row; pace_table named it
    from huaian_forecast.report import to_html

    proj = hf.simulate("baseline", n_paths=50, seed=1, indicators=("tech_contracts",))
    good = pd.DataFrame({"indicator": ["enterprise_rd", "tech_contracts"],
                         "year": [2024, 2024], "threshold": [140.0, 200.0],
                         "direction": ["at_least"] * 2}, index=[4, 5])
    with pytest.raises(KeyError, match=r"^\"unknown indicator 'foo'; known: ") as unknown:
        get_indicator("foo")
    cases = {
        "targets row 5 (tech_contracts): year must be a whole number, got nan":
            good.assign(year=[2024, math.nan]),
        "targets row 5 (tech_contracts 2024): threshold must be finite, got nan":
            good.assign(threshold=[140.0, math.nan]),
        f"targets row 4 (foo 2024): {unknown.value.args[0]}":  # "unknown indicator 'foo'; ..."
            good.assign(indicator=["foo", "tech_contracts"]),
    }
    for says, targets in cases.items():
        for read in (lambda t=targets: hf.assess(proj, t),
                     lambda t=targets: to_html(proj, targets=t),
                     lambda t=targets: pace_table(targets=t)):
            with pytest.raises(hf.ArgumentError) as caught:
                read()
            assert str(caught.value) == says


def test_a_hand_made_targets_year_as_float_is_read():
    # a year column with a gap elsewhere is float: 2024.0 is the year 2024
    targets = pd.DataFrame({"indicator": ["tech_contracts"], "year": [2024.0],
                            "threshold": [230.0]})
    assert len(load_ytd(targets=targets)) == len(load_ytd())
    assert pace_table(targets=targets).set_index("indicator").loc[
        "tech_contracts", "annual_target"] == 230.0


def test_a_hand_made_target_under_an_alias_name_is_paced_against():
    # since pace_table reads hand-made tables as assess does (targets_from_frame), an
    # alias indicator name is its indicator (before: no key matched, the row was ignored
    # and the file's own target 200 used)
    targets = pd.DataFrame({"indicator": ["技术合同成交额"], "year": [2024],
                            "threshold": [230.0]})
    by_key = pace_table(targets=targets.assign(indicator="tech_contracts"))
    row = pace_table(targets=targets).set_index("indicator").loc["tech_contracts"]
    assert row["annual_target"] == 230.0
    assert row["pace"] == pytest.approx(by_key.set_index("indicator").loc[
        "tech_contracts", "pace"])
    file_row = pace_table().set_index("indicator").loc["tech_contracts"]
    assert file_row["annual_target"] == 200.0
    assert row["pace"] == pytest.approx(file_row["pace"] * 200 / 230)


def test_an_alias_named_target_supplies_an_empty_annual_target(tmp_path):
    ytd = _write(tmp_path / "bare.csv", "indicator,as_of,ytd_value,unit\n"
                                        "tech_contracts,2024-06-16,117.87,100m_cny\n")
    targets = pd.DataFrame({"indicator": ["技术合同成交额"], "year": [2024],
                            "threshold": [230.0]})
    assert math.isnan(load_ytd(ytd, targets=targets)["annual_target"][0])
    row = pace_table(ytd, targets=targets).iloc[0]
    assert (row["indicator"], row["annual_target"]) == ("tech_contracts", 230.0)


def test_hand_made_tier_words_are_floor_and_stretch():
    targets = pd.DataFrame({"indicator": ["tech_contracts"] * 2, "year": [2024] * 2,
                            "threshold": [200.0, 230.0], "tier": ["确保", "力争"]})
    rows = pace_table(targets=targets).query("indicator == 'tech_contracts'")
    assert rows[["tier", "annual_target"]].values.tolist() == [["floor", 200.0],
                                                               ["stretch", 230.0]]
    assert rows["pace"].iloc[0] == pytest.approx(rows["pace"].iloc[1] * 230 / 200)
    with pytest.raises(hf.ArgumentError, match=r"targets row 1 \(tech_contracts 2024\): "
                                               "tier must be one of single, floor, stretch, "
                                               "got 'maybe'"):
        pace_table(targets=targets.assign(tier=["确保", "maybe"]))


def test_an_empty_annual_target_is_taken_from_the_targets(tmp_path):
    ytd = _write(tmp_path / "no_target.csv", _HEADER + _HUAIAN.replace(",140,108,", ",,,"))
    targets = _write(tmp_path / "tg.csv", _TARGETS + "Huai'an,enterprise_rd,2024,140,"
                     "at_least,100m_cny,annual,s,q\n")
    row = pace_table(ytd, targets=targets).iloc[0]
    assert row["annual_target"] == 140.0
    assert row["pace"] == pytest.approx(63.05 / 140 * 12 / 5)
    assert row["note"].endswith("annual target 140 from the targets (the year-to-date file "
                                "states none)")
    assert math.isnan(load_ytd(ytd, targets=load_targets(targets))["annual_target"][0])
    with pytest.raises(hf.DataError, match=r"no_target\.csv, row 2, column 'annual_target': "
                                           "the cell is empty;"):
        pace_table(ytd)  # neither has one: refused as before
    other = _write(tmp_path / "tg_2025.csv", _TARGETS + "Huai'an,enterprise_rd,2025,150,"
                   "at_least,100m_cny,annual,s,q\n")
    with pytest.raises(hf.DataError, match=r"no_target\.csv, row 2, column 'annual_target': "
                       r"the cell is empty and the targets \(.*tg_2025\.csv\) have no "
                       "enterprise_rd target of Huai'an for 2024"):
        pace_table(ytd, targets=other)


def test_a_file_without_the_target_column_reads_with_targets(tmp_path):
    ytd = _write(tmp_path / "bare.csv", "indicator,as_of,ytd_value\n"
                                        "enterprise_rd,2024-05-31,63.05\n")
    assert pace_table(ytd, targets=load_targets())["pace"].round(2).tolist() == [1.08]
    with pytest.raises(hf.DataError, match="annual_target"):
        load_ytd(ytd)  # without targets the column is required


def test_a_row_with_an_empty_target_is_no_second_target(tmp_path):
    # the same indicator and year twice, once with its target, once without: no clash
    later = _HUAIAN.replace("2024-05-31,63.05", "2024-06-30,75").replace(",140,108,", ",,,")
    ytd = _write(tmp_path / "two_days.csv", _HEADER + _HUAIAN + later)
    table = pace_table(ytd, targets=load_targets())
    assert table["annual_target"].tolist() == [140.0, 140.0]
    assert "from the targets" not in table["note"].iloc[0]


def test_an_at_most_target_is_met_by_staying_below_it():
    # pace read only the threshold of a targets row: an at-most 140 showed the at-least
    # probability (0.53) where assess shows 1 - p (0.47)
    capped = load_targets()
    capped.loc[capped["indicator"] == "enterprise_rd", "direction"] = "at_most"
    plain = pace_table(targets=load_targets()).set_index("indicator").loc["enterprise_rd"]
    rd = pace_table(targets=capped).set_index("indicator").loc["enterprise_rd"]
    assert rd["p_meet_target"] == pytest.approx(1 - plain["p_meet_target"])
    assert (rd["p_min"], rd["p_max"]) == pytest.approx((1 - plain["p_max"], 1 - plain["p_min"]))
    assert "at most 140" in rd["note"]
    from huaian_forecast.report import note_label

    assert "不高于 140" in note_label(rd["note"], "zh")
    proj = hf.simulate("baseline", n_paths=200, seed=1, indicators=("rd_spend",))
    table = hf.assess(proj, capped[capped["indicator"] == "enterprise_rd"])
    assert float(table["p_reach"].iloc[0]) == pytest.approx(rd["p_meet_target"])


def test_a_stretch_row_does_not_show_the_files_reported_pace():
    # the file's 108 % was against its own 140, not against a stretch goal of 160
    tiers = load_targets()
    rd = tiers[tiers["indicator"] == "enterprise_rd"].assign(tier="floor")
    tiers = pd.concat([tiers[tiers["indicator"] != "enterprise_rd"], rd,
                       rd.assign(tier="stretch", threshold=160.0)], ignore_index=True)
    rows = pace_table(targets=tiers)
    rows = rows[rows["indicator"] == "enterprise_rd"].set_index("tier")
    assert rows.loc["floor", "reported_pace"] == pytest.approx(1.08)
    assert math.isnan(rows.loc["stretch", "reported_pace"])
