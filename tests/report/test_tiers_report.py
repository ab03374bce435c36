"""Floor (确保) and stretch (力争) targets in the report, and the workbook's round trip.

Two tiers of one indicator and year are two labelled rows in every table, chart and
briefing; the workbook's milestone sheet loads back as the targets the run assessed.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

import huaian_forecast as hf
from huaian_forecast.assessment import targets_hash
from huaian_forecast.report import tables
from huaian_forecast.report._target_facts import target_key, target_name, target_text
from huaian_forecast.report.summary_sheet import summary_table

TIERED = """指标,年份,目标值,方向,档次,来源
高新技术企业数,2030,1500,以上,确保,test
高新技术企业数,2030,1700,以上,力争,test
高新技术产业产值占比,2030,40,以上,,test
技术合同成交额,2024,180,以上,确保,test
技术合同成交额,2024,200,以上,力争,test
"""
#: What identifies a target (the source is the file's, and changes with the file).
KEY = ["region", "indicator", "year", "threshold", "direction", "tier"]


@pytest.fixture
def tiered(tmp_path: Path) -> Path:
    path = tmp_path / "tiered.csv"
    path.write_text(TIERED, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def assessments(tmp_path_factory: pytest.TempPathFactory) -> dict[str, pd.DataFrame]:
    path = tmp_path_factory.mktemp("tiers") / "tiered.csv"
    path.write_text(TIERED, encoding="utf-8")
    targets = hf.load_targets(path)
    return {name: hf.assess(hf.simulate(name, n_paths=400, seed=2, end_year=2030), targets,
                            year_to_date=False)
            for name in ("baseline", "plan_2024")}


def test_target_labels_and_keys_carry_the_tier():
    floor = pd.Series({"indicator": "hte_count", "year": 2030, "threshold": 1500.0,
                       "direction": "at_least", "region": "Huai'an", "tier": "floor"})
    stretch = floor.copy()
    stretch[["threshold", "tier"]] = [1700.0, "stretch"]
    assert target_text(floor, "zh") == "≥ 1,500家（确保）"
    assert target_text(stretch, "en") == "≥ 1,700 firms (stretch)"
    assert target_name(floor, "zh") == "高新技术企业数 2030 确保"
    assert target_key(floor) != target_key(stretch)
    single = floor.drop("tier")  # a hand-built table without tiers
    assert target_text(single, "zh") == "≥ 1,500家"
    assert target_key(single)[-1] == "single"


def test_tables_keep_two_labelled_rows(assessments: dict[str, pd.DataFrame]):
    summary = summary_table(assessments, lang="zh")
    hte = summary[summary["indicator"] == "hte_count"]
    assert hte["tier"].tolist() == ["floor", "stretch"]
    assert (hte["plan_2024"] >= 0).all()
    assert hte["plan_2024"].iloc[1] <= hte["plan_2024"].iloc[0]
    from huaian_forecast.report.summary_sheet import summary_sheet

    sheet = summary_sheet(assessments, lang="zh")
    assert sheet.loc[sheet["indicator"] == "hte_count", "tier"].tolist() == ["floor", "stretch"]
    untiered = {n: t[t["tier"] == "single"] for n, t in assessments.items()}
    assert "tier" not in summary_sheet(untiered, lang="zh")  # no empty tier column
    assert "tier" not in tables.milestone_table(untiered, lang="zh")
    milestones = tables.localise(tables.milestone_table(assessments, lang="zh"), "zh")
    assert milestones["档次"].tolist()[:2] == ["确保", "力争"]
    assert len(milestones) == 2 * len(assessments["baseline"])


def test_charts_label_both_stars_and_both_bars(assessments: dict[str, pd.DataFrame]):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from huaian_forecast.report import plot_fan, plot_scenarios

    compared = pd.concat([t.assign(scenario=n) for n, t in assessments.items()])
    ax = plot_scenarios(compared, lang="en")
    ticks = [t.get_text() for t in ax.get_yticklabels()]
    assert "High-tech enterprises 2030 ≥1,500 (floor)" in ticks
    assert "High-tech enterprises 2030 ≥1,700 (stretch)" in ticks
    plt.close(ax.figure)
    proj = hf.simulate("baseline", n_paths=200, seed=2, end_year=2030)
    ax = plot_fan(proj, "hte_count", assessment=assessments["baseline"], lang="en")
    notes = [t.get_text() for t in ax.texts]
    assert any(n.startswith("1,500 (floor)") for n in notes)
    assert any(n.startswith("1,700 (stretch)") for n in notes)
    plt.close(ax.figure)


def test_report_cli_labels_tiers_and_its_workbook_loads_back(tmp_path: Path, run_cli,
                                                             tiered: Path):
    out = tmp_path / "out"
    code, _, err = run_cli("report", "--targets", str(tiered), "--out", str(out),
                           "--scenario", "baseline", "--scenario", "plan_2024",
                           "--n-paths", "300", "--lang", "zh")
    assert code == 0, err
    summary = (out / "summary.md").read_text(encoding="utf-8")
    assert "1,500家（确保）" in summary
    assert "1,700家（力争）" in summary
    page = (out / "report.html").read_text(encoding="utf-8")
    assert 'data-tier="floor"' in page
    assert 'data-tier="stretch"' in page
    assert "≥ 1,700家（力争）" in page
    assert "1,500 确保 (概率" in page  # the fan's stars, one per tier
    assert "1,700 力争 (概率" in page
    # B: the milestone sheet (chosen by itself: the workbook is a report's) is the targets
    used = hf.load_targets(tiered)
    back = hf.load_targets(out / "report.xlsx")
    pd.testing.assert_frame_equal(back[KEY], used[KEY])
    assert targets_hash(back) == targets_hash(used)  # the source column kept
    assert back.attrs["source"].endswith("report.xlsx")
    assert [s["reason"] for s in back.attrs["skipped"]] == [
        f"duplicate of row {r}" for r in range(2, 7)]  # plan_2024's rows: listed, merged
    # and the command line assesses the workbook as it assessed the CSV
    runs = {}
    for name, path in (("csv", tiered), ("xlsx", out / "report.xlsx")):
        code, text, err = run_cli("assess", "--targets", str(path), "--n-paths", "300",
                                  "--format", "json", "--no-ytd")
        assert code == 0, err
        runs[name] = pd.DataFrame(json.loads(text))
    cols = ["indicator", "year", "threshold", "tier", "p_reach"]
    pd.testing.assert_frame_equal(runs["csv"][cols], runs["xlsx"][cols])


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_bundled_targets_round_trip_through_the_workbook(tmp_path: Path, lang: str):
    from huaian_forecast.report import to_excel

    targets = hf.load_targets()
    proj = hf.simulate("baseline", n_paths=200, seed=1, end_year=2035)
    path = to_excel(tmp_path / "report.xlsx", proj, targets=targets, lang=lang)
    sheet = "里程碑目标" if lang == "zh" else "milestones"
    for back in (hf.load_targets(path), hf.load_targets(path, sheet=sheet)):
        pd.testing.assert_frame_equal(back[KEY], targets[KEY])
        assert back["unit"].tolist() == targets["unit"].tolist()
        # the source is written (the milestone sheet's last column) and read back, so
        # the targets read back are the ones assessed, hash and all
        assert back["source"].tolist() == targets["source"].tolist()
        assert targets_hash(back) == targets_hash(targets)


def test_an_edited_milestone_sheet_that_disagrees_across_scenarios_is_refused(
        tmp_path: Path, assessments: dict[str, pd.DataFrame]):
    sheets = {"milestones": tables.localise(tables.milestone_table(assessments, lang="en"),
                                            "en")}
    sheets["milestones"].loc[len(assessments["baseline"]), "threshold"] = 1600.0  # plan_2024
    path = tmp_path / "edited.xlsx"
    with pd.ExcelWriter(path) as writer:
        pd.DataFrame({"a": [1]}).to_excel(writer, sheet_name="summary", index=False)
        sheets["milestones"].to_excel(writer, sheet_name="milestones", index=False)
    with pytest.raises(hf.DataError, match=r"edited\.xlsx \(sheet 'milestones'\), rows 2, 7, "
                                           r"column 'threshold': conflicting values 1500, 1600 "
                                           r".*; edit the threshold on every scenario's row$"):
        hf.load_targets(path)


def test_one_tornado_per_tier(tmp_path: Path):
    from huaian_forecast.report import plot_tornado
    from huaian_forecast.report.chart_files import tornado_name, tornado_outcomes

    path = tmp_path / "t.csv"
    path.write_text(TIERED, encoding="utf-8")
    targets = hf.load_targets(path).query("year == 2030")
    table = hf.tornado("baseline", targets, factors=["first_time_applications"],
                       n_paths=200, seed=1)
    hte = table[table["indicator"] == "hte_count"]
    assert sorted(hte["tier"]) == ["floor", "stretch"]  # one row per tier
    names = [tornado_name(*o) for o in tornado_outcomes(table)]
    assert {"tornado_hte_count_2030_floor.png", "tornado_hte_count_2030_stretch.png",
            "tornado_hightech_share_2030.png"} == set(names)
    with pytest.raises(hf.ArgumentError, match="choose one"):
        plot_tornado(table, indicator="hte_count", lang="en")
    ax = plot_tornado(table, indicator="hte_count", tier="stretch", lang="en")
    assert ax.get_title().endswith("(stretch)")


def test_the_explorer_keeps_both_tiers(tmp_path: Path):
    from huaian_forecast.report.explorer import ExplorerModel, milestone_summary

    path = tmp_path / "t.csv"
    path.write_text(TIERED, encoding="utf-8")
    model = ExplorerModel("plan_2024", n_paths=300, seed=5, targets=hf.load_targets(path))
    state = model.evaluate({"first_time_applications": 600})
    summary = milestone_summary(state)
    hte = summary[summary["indicator"] == "hte_count"].set_index("tier")
    assert hte.loc["stretch", "p_reach"] <= hte.loc["floor", "p_reach"]
    page = model.table_html(state, "zh")
    assert "≥ 1500（确保）" in page
    assert "≥ 1700（力争）" in page


def test_a_summary_sheet_edit_is_refused_not_ignored(tmp_path: Path, tiered: Path):
    """The summary's thresholds are not read: an edit there must not vanish silently."""
    from openpyxl import load_workbook

    from huaian_forecast.report import to_excel

    proj = hf.simulate("baseline", n_paths=200, seed=1, end_year=2030)
    path = to_excel(tmp_path / "report.xlsx", proj, targets=hf.load_targets(tiered),
                    lang="zh")

    def edit(sheet: str, value: float) -> None:
        wb = load_workbook(path)
        ws = wb[sheet]
        col = [c.value for c in ws[1]].index("目标值") + 1
        ws.cell(row=2, column=col).value = value  # the hte_count 2030 floor, first row
        wb.save(path)

    edit("目标达成概率汇总", 1600)
    with pytest.raises(hf.DataError, match=(
            r"report\.xlsx \(sheet '目标达成概率汇总'\), row 2, column '目标值': the summary "
            r"says 1600 \(at_least\) for Huai'an hte_count 2030 \(floor\), the milestone sheet "
            r"1500 \(at_least\); the targets are read from the milestone sheet '里程碑目标': "
            r"edit the threshold there")):
        hf.load_targets(path)
    edit("里程碑目标", 1600)  # both sheets agree (one scenario: one row)
    with pytest.warns(hf.DataWarning, match=r"threshold edited from 1500 to 1600: its source "
                                            r"is now the file, \"report\.xlsx \(sheet "
                                            r"'里程碑目标'\)\", not 'test'"):
        back = hf.load_targets(path)
    floor = back[back["tier"] == "floor"].iloc[0]
    assert floor["threshold"] == 1600.0
    assert floor["source"] == "report.xlsx (sheet '里程碑目标')"  # not "test": it says 1500
