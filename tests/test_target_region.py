"""A target of another region is never assessed against the simulated region's paths.

A planner's targets file may hold other cities' targets (a ``region`` column); they used
to be read as Huai'an's and assessed on Huai'an's paths with no word.
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

import huaian_forecast as hf
from huaian_forecast.assessment import (
    OTHER_REGION_NOTE,
    Target,
    assess,
    met_matrix,
    target_columns,
    targets_from_frame,
    targets_hash,
)
from huaian_forecast.data import data_file
from huaian_forecast.report._notes_zh import note_label
from huaian_forecast.simulation import Projection

YEARS = np.array([2024, 2025])
HTE = np.array([[850.0, 950.0], [900.0, 1050.0], [950.0, 1100.0], [990.0, 1200.0]])


@pytest.fixture
def proj() -> Projection:
    return Projection(years=YEARS, arrays={"hte_count": HTE}, scenario="hand",
                      last_observed={"hte_count": (2023, 768.0)})


def test_other_regions_target_gets_a_note_and_no_probability(proj):
    items = [Target(indicator="hte_count", year=2025, threshold=1000),
             Target(indicator="hte_count", year=2025, threshold=1000, region="Huai'an"),
             Target(indicator="hte_count", year=2025, threshold=1000, region="Suzhou")]
    table = assess(proj, items, year_to_date=False)
    assert table["p_reach"].iloc[0] == table["p_reach"].iloc[1] == 0.75
    assert np.isnan(table["p_reach"].iloc[2])
    assert np.isnan(table["q50"].iloc[2])
    assert table["note"].iloc[2] == (f"{OTHER_REGION_NOTE}: Suzhou (this projection "
                                     "simulates Huai'an)")
    _, met = met_matrix(proj, items)
    assert np.isnan(met[:, 2]).all()
    assert met[:, 0].tolist() == [0, 1, 1, 1]


def test_target_columns_tell_the_targets_met_matrix_and_the_sweeps_assess(proj):
    # one rule for met_matrix (assess) and sweep.evaluate: the home region's target of a
    # simulated indicator and year; not another region's, a later year or an unmodelled one
    items = [Target(indicator="hte_count", year=2025, threshold=1000),
             Target(indicator="hte_count", year=2025, threshold=1000, region="Suzhou"),
             Target(indicator="hte_count", year=2030, threshold=1000),
             Target(indicator="key_labs", year=2025, threshold=6)]
    _, values, told = target_columns(proj, items)
    assert told.tolist() == [True, False, False, False]
    assert values[:, 0].tolist() == HTE[:, 1].tolist()
    assert np.isnan(values[:, 1:]).all()
    _, met = met_matrix(proj, items)
    assert (~np.isnan(met).all(axis=0)).tolist() == told.tolist()


def test_a_nan_value_is_missed_not_untold():
    nan_path = Projection(years=YEARS, arrays={"hte_count": np.array([[1.0, np.nan],
                                                                      [1.0, 1100.0]])},
                          scenario="hand")
    _, met = met_matrix(nan_path, [Target(indicator="hte_count", year=2025, threshold=1000)])
    assert met[:, 0].tolist() == [0.0, 1.0]


def test_the_projections_region_decides_whose_targets_are_assessed():
    suzhou = Projection(years=YEARS, arrays={"hte_count": HTE}, scenario="hand",
                        manifest={"region": "Suzhou"})
    items = [Target(indicator="hte_count", year=2025, threshold=1000, region="Huai'an"),
             Target(indicator="hte_count", year=2025, threshold=1000, region="Suzhou")]
    table = assess(suzhou, items, year_to_date=False)
    assert np.isnan(table["p_reach"].iloc[0])
    assert table["p_reach"].iloc[1] == 0.75


def test_year_to_date_figures_do_not_nowcast_another_regions_target():
    proj = hf.simulate("baseline", n_paths=500, seed=3, end_year=2030)
    key, year = "hte_applications", 2024  # bundled year-to-date: 48 on 2024-06-19
    items = [Target(indicator=key, year=year, threshold=500),
             Target(indicator=key, year=year, threshold=500, region="Suzhou")]
    table = assess(proj, items)
    assert table["p_source"].tolist() == ["nowcast", ""]
    assert table["note"].iloc[1].startswith(OTHER_REGION_NOTE)
    assert np.isnan(table["p_reach"].iloc[1])


def test_a_targets_tables_region_column_is_kept_and_hashed():
    frame = hf.load_targets()
    items = targets_from_frame(frame)
    assert {t.region for t in items} == {"Huai'an"}
    moved = frame.assign(region="Suzhou")
    assert {t.region for t in targets_from_frame(moved)} == {"Suzhou"}
    assert targets_hash(moved) != targets_hash(frame)
    blank = targets_from_frame(frame.assign(region=pd.NA))
    assert {t.region for t in blank} == {None}


def test_the_note_reads_in_chinese_with_chinese_region_names():
    note = f"{OTHER_REGION_NOTE}: Suzhou (this projection simulates Huai'an)"
    assert note_label(note, "zh") == "苏州市的目标：本次模拟的是淮安市，未评估"


@pytest.fixture
def other_targets(tmp_path):
    table = pd.read_csv(data_file("targets.csv"))
    theirs = table[table["indicator"] == "hte_count"].assign(region="Suzhou")
    theirs["threshold"] *= 10
    path = tmp_path / "targets.csv"
    pd.concat([table, theirs]).to_csv(path, index=False)
    return path


def test_cli_assess_shows_other_regions_targets_unassessed(run_cli, other_targets):
    code, out, _ = run_cli("assess", "--targets", str(other_targets), "--n-paths", "500",
                           "--lang", "en")
    assert code == 0
    lines = [line for line in out.splitlines() if "10,000" in line]
    assert len(lines) == 1
    assert "target of another region: Suzhou" in lines[0]
    assert "1e+04" not in out  # a threshold from 1,000 on is printed whole


def test_cli_solve_refuses_a_target_that_is_another_regions(run_cli, other_targets, tmp_path):
    table = pd.read_csv(other_targets)
    only_theirs = table[~((table["region"] == "Huai'an") & (table["indicator"] == "hte_count"))]
    path = tmp_path / "theirs.csv"
    only_theirs.to_csv(path, index=False)
    code, _, err = run_cli("solve", "--lever", "first_time_applications", "--indicator",
                           "hte_count", "--year", "2030", "--targets", str(path),
                           "--n-paths", "500")
    assert code != 0
    assert "is Suzhou's; this command simulates Huai'an" in err


def test_the_same_target_of_two_regions_keeps_the_home_rows_range(tmp_path, run_cli):
    # the spread row of Suzhou's copy (no range) used to win the join: "one model only"
    table = pd.read_csv(data_file("targets.csv"))
    theirs = table[table["indicator"] == "hte_count"].assign(region="Suzhou")
    path = tmp_path / "same.csv"
    pd.concat([table, theirs]).to_csv(path, index=False)
    code, out, _ = run_cli("assess", "--targets", str(path), "--n-paths", "500", "--format",
                           "json", "--lang", "en")
    assert code == 0
    rows = [r for r in json.loads(out) if r["indicator"] == "hte_count" and r["year"] == 2030]
    home, other = rows
    assert home["p_models_min"] < home["p_reach"] < home["p_models_max"]
    assert other["p_models_min"] is None
    assert other["note"].startswith(OTHER_REGION_NOTE)


def test_model_spread_fits_no_trend_to_another_regions_target():
    from huaian_forecast.analysis import model_spread

    items = [Target(indicator="hte_count", year=2030, threshold=1500, region="Suzhou"),
             Target(indicator="hte_count", year=2030, threshold=1500)]
    table = model_spread(hf.load_history(), items, n_paths=300, seed=1)
    assert table["spread_note"].iloc[0] == f"{OTHER_REGION_NOTE}: Suzhou"
    assert np.isnan(table["p_trend"].iloc[0])
    assert 0.0 < table["p_trend"].iloc[1] < 1.0


def test_sweeps_do_not_count_another_regions_target_as_met():
    # evaluate() compared Suzhou's threshold with Huai'an's paths (solve, frontier, sobol)
    from huaian_forecast.analysis.sweep import Setting, evaluate
    from huaian_forecast.simulation import RunSpec

    items = [Target(indicator="hte_count", year=2030, threshold=100),
             Target(indicator="hte_count", year=2030, threshold=100, region="Suzhou")]
    out = evaluate(Setting(scenario="baseline"), RunSpec(n_paths=200, seed=1), items)
    assert out.simulated.tolist() == [True, False]
    assert out.p_reach[0] == 1.0
    assert np.isnan(out.p_reach[1])
    assert np.isnan(out.met[:, 1]).all()


def test_cli_compare_says_which_targets_it_leaves_out(run_cli, other_targets):
    code, out, err = run_cli("compare", "baseline", "--targets", str(other_targets),
                             "--n-paths", "300", "--lang", "en")
    assert code == 0
    assert "10,000" not in out
    assert "6 target(s) without a probability are not shown" in err
    assert "hte_count 2030: target of another region: Suzhou" in err
    assert "--all shows them" in err
    code, out, err = run_cli("compare", "baseline", "--targets", str(other_targets),
                             "--n-paths", "300", "--lang", "en", "--all")
    assert "10,000" in out
    assert "not shown" not in err


def test_the_solver_says_the_target_is_another_regions():
    from huaian_forecast.analysis.solver import required_lever
    from huaian_forecast.exceptions import ArgumentError

    theirs = Target(indicator="hte_count", year=2030, threshold=1500, region="Suzhou")
    with pytest.raises(ArgumentError, match="is Suzhou's and scenario 'baseline' simulates "
                                            "Huai'an"):
        required_lever("baseline", "first_time_applications", theirs, p=0.8, n_paths=200)


@pytest.fixture
def two_regions(tmp_path):
    """One R&D intensity target for 2030, once for Huai'an and once for Jiangsu (Chinese)."""
    path = tmp_path / "two_regions.csv"
    path.write_text("地区,指标,年份,目标值,方向,单位\n"
                    "淮安市,研发投入强度,2030,3.0,at_least,%\n"
                    "江苏省,研发投入强度,2030,3.0,at_least,%\n", encoding="utf-8")
    return path


def test_compare_all_keeps_the_same_target_of_two_regions_apart(run_cli, two_regions):
    # both rows used to show Huai'an's probability
    code, out, err = run_cli("compare", "baseline", "plan_2024", "--all", "--targets",
                             str(two_regions), "--n-paths", "300", "--lang", "en")
    assert code == 0, err
    home, theirs = (line for line in out.splitlines() if "R&D intensity 2030" in line)
    assert "(Jiangsu)" not in home
    assert "models disagree" in home or "needs acceleration" in home
    assert "(Jiangsu)" in theirs
    assert "target of another region: Jiangsu" in theirs
    code, out, _ = run_cli("compare", "baseline", "--all", "--targets", str(two_regions),
                           "--n-paths", "300", "--format", "json")
    rows = json.loads(out)
    assert [r["region"] for r in rows] == ["Huai'an", "Jiangsu"]
    assert rows[0]["p_reach"] is not None
    assert rows[1]["p_reach"] is None


def test_report_on_the_same_target_of_two_regions(run_cli, two_regions, tmp_path):
    # report crashed: "Length of values (4) does not match length of index (2)"
    out_dir = tmp_path / "out"
    code, _, err = run_cli("report", "--targets", str(two_regions), "--out", str(out_dir),
                           "--n-paths", "300", "--scenario", "baseline", "--scenario", "plan_2024",
                           "--lang", "zh")
    assert code == 0, err
    page = (out_dir / "report.html").read_text(encoding="utf-8")
    assert "研发投入强度 ≥ 3.00%（江苏省）" in page
    assert page.count("其他地区目标，未评估") == 2  # one cell per scenario
    summary = (out_dir / "summary.md").read_text(encoding="utf-8")
    assert "其他地区的目标（不以本次模拟评估）：江苏省 研发投入强度 2030。" in summary
    assert "未模拟" not in summary
    # the targets are the planner's file's, not the work report's
    assert f"目标取自文件 {two_regions}。" in page
    assert "目标出自淮安市科技局2024年年中工作报告" not in page
    assert f"targets_source</td><td>{two_regions}</td>" in page


def test_compare_does_not_nowcast_another_regions_target():
    from huaian_forecast.analysis import compare

    items = [Target(indicator="hte_applications", year=2024, threshold=500),
             Target(indicator="hte_applications", year=2024, threshold=500, region="Suzhou")]
    table = compare(["baseline"], items, n_paths=300, seed=1)
    assert table["p_source"].tolist() == ["nowcast", ""]
    assert table["region"].tolist() == ["Huai'an", "Suzhou"]
    assert np.isnan(table["p_reach"].iloc[1])


def test_the_briefings_tell_another_regions_rows_by_region_not_by_the_notes_words():
    # the HTML, Markdown and workbook summary spotted another region's row by the start
    # of its note: a reworded note made Suzhou's target "not simulated" (and a home row
    # whose note began with those words, another region's)
    from huaian_forecast.report.excel import workbook_tables
    from huaian_forecast.report.html import to_html
    from huaian_forecast.report.markdown import to_markdown

    proj = hf.simulate("baseline", n_paths=200, seed=1, indicators=["hte_count"])
    items = [Target(indicator="hte_count", year=2025, threshold=1000),
             Target(indicator="hte_count", year=2025, threshold=16000, region="Suzhou"),
             Target(indicator="tech_smes", year=2025, threshold=3000)]
    table = assess(proj, items, year_to_date=False)
    assert table["note"].iloc[1].startswith(OTHER_REGION_NOTE)  # what the old test read
    table.loc[1, "note"] = "Suzhou's own target (reworded)"
    table.loc[2, "note"] = f"{OTHER_REGION_NOTE}? no: not modelled (reworded)"
    assessments = {proj.scenario: table}
    md = to_markdown([proj], lang="en", assessments=assessments)
    assert ("Targets of other regions (not assessed on this run's paths): Suzhou "
            "High-tech enterprises 2025.") in md
    assert "Targets not simulated (no probability given): Tech-based SMEs 2025." in md
    page = to_html([proj], lang="en", assessments=assessments, embed_font=False)
    assert page.count(" (Suzhou)</td>") == 1  # the headline names whose target it is
    assert page.count("(Suzhou)") == 1  # and no other row is said to be Suzhou's
    summary = workbook_tables([proj], lang="en", assessments=assessments)
    notes = next(iter(summary.values())).iloc[:, -1].astype(str).tolist()
    assert notes[1] == "Suzhou's own target (reworded)"  # another region's: its note
    assert OTHER_REGION_NOTE not in notes[2]  # a home row: "not modelled", not its note
