"""What a planner reads for targets whose probability is the year-to-date nowcast.

The fans are the simulation without the year-to-date figures while the table's
probability for that year comes from them: the stars say so, and the Δ against the
baseline of such a row is not a misleading 0.0. Counts are shown as whole numbers.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure

from huaian_forecast.report import tables, to_html, to_markdown
from huaian_forecast.report.charts import plot_fan
from huaian_forecast.report.summary_sheet import summary_table

from .conftest import make_projection


def _assessment(p_2025: float = 0.5, p_share: float = 0.512) -> pd.DataFrame:
    """hte_count 2024 from the nowcast (median 204.9), 2025 and hightech_share simulated."""
    return pd.DataFrame({
        "indicator": ["hte_count", "hte_count", "hightech_share"],
        "year": [2024, 2025, 2025], "threshold": [900.0, 1000.0, 33.0],
        "direction": "at_least", "p_reach": [0.13, p_2025, p_share],
        "p_reach_se": [np.nan, 0.25, 0.25], "q10": [125.4, 900.0, 30.2],
        "median": [204.9, 975.0, 33.5], "q90": [569.6, 1100.0, 36.1],
        "label": ["needs acceleration", "within reach", "within reach"],
        "note": ["nowcast from the year-to-date 120 on 2024-06-14", "", ""],
        "p_source": ["nowcast", "simulation", "simulation"]})


def _texts(ax) -> list[str]:
    return [t.get_text() for t in ax.texts]


@pytest.mark.parametrize(("lang", "word"), [("en", "nowcast"), ("zh", "年内预估")])
def test_png_fan_stars_the_year_to_date_target_and_says_its_probability_is_the_nowcast(
        projection, lang, word, cjk_font):
    ax = plot_fan(projection, "hte_count", assessment=_assessment(), lang=lang,
                  ax=Figure().add_subplot())
    stars = [tuple(line.get_xydata()[0]) for line in ax.lines if line.get_marker() == "*"]
    assert (2024.0, 900.0) in stars  # the current year's target gets its star
    labels = _texts(ax)
    assert any("900" in t and "13%" in t and word in t for t in labels)
    assert any(word in t and t.count("\n") == 0 and "900" not in t for t in labels)  # note


def test_png_fan_without_a_nowcast_has_no_note(projection):
    table = _assessment().assign(p_source="simulation")
    ax = plot_fan(projection, "hte_count", assessment=table, lang="en",
                  ax=Figure().add_subplot())
    assert not any("nowcast" in t for t in _texts(ax))


@pytest.mark.parametrize(("lang", "word", "caption"),
                         [("en", "nowcast", "simulation without them"),
                          ("zh", "年内预估", "不含年内数据的模拟")])
def test_html_fan_stars_the_year_to_date_target_and_the_caption_explains(
        projection, history_table, targets_table, lang, word, caption):
    page = to_html(projection, history=history_table, targets=targets_table, lang=lang,
                   assessments={"baseline": _assessment()}, embed_font=False)
    fan = page[page.index('id="fan-hte_count"'):]
    fan = fan[:fan.index("</figure>")]
    assert 'data-year="2024" data-threshold="900"' in fan
    star = fan[fan.index('data-year="2024" data-threshold="900"'):]
    assert word in star[:star.index("</g>")]
    assert caption in fan[fan.index("<figcaption>"):]
    other = page[page.index('id="fan-hightech_share"'):]
    assert caption not in other[:other.index("</figure>")]  # no nowcast there


def test_workbook_fan_sheet_notes_the_nowcast_years_and_rounds_counts(projection):
    fan = tables.fan_table([projection], lang="en", assessments={"baseline": _assessment()})
    hte = fan[fan["indicator"] == "hte_count"].set_index("year")
    assert "year-to-date" in hte.loc[2024, "note"]
    assert hte.loc[2025, "note"] == ""
    assert (fan.loc[fan["indicator"] == "hightech_share", "note"] == "").all()
    quantiles = list(tables.FAN_QUANTILES)
    assert (hte[quantiles] == hte[quantiles].round()).all().all()  # 926.25 -> 926
    share = fan[fan["indicator"] == "hightech_share"]
    assert not (share[quantiles] == share[quantiles].round()).all().all()  # not counts
    old = tables.fan_table([projection], lang="en")  # the columns a reader loads stay
    assert list(old.columns[:-1]) == list(fan.columns[:-1])


def _two() -> dict[str, pd.DataFrame]:
    return {"baseline": _assessment(), "plan": _assessment(p_2025=0.75, p_share=0.713)}


def test_summary_delta_of_a_nowcast_row_is_missing_with_a_note_and_deltas_are_rounded():
    summary = summary_table(_two(), lang="en").set_index(["indicator", "year"])
    assert math.isnan(summary.loc[("hte_count", 2024), "Δ plan"])
    assert "year-to-date" in summary.loc[("hte_count", 2024), "note"]
    assert summary.loc[("hte_count", 2025), "Δ plan"] == pytest.approx(25.0)
    assert summary.loc[("hte_count", 2025), "note"] == ""
    assert summary.loc[("hightech_share", 2025), "Δ plan"] == 20.1  # not 20.09999999999999


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_summary_and_compare_share_one_rule_and_one_note(lang):
    # the summary's note is compare's note without compare's hint, in either language;
    # a row that is the nowcast in one scenario only keeps its Δ and has no note
    from huaian_forecast.assessment import SAME_EVERY_SCENARIO, same_every_scenario
    from huaian_forecast.report import code_label, note_label

    two = _two()
    assert same_every_scenario(list(two.values())).tolist() == [True, False, False]
    summary = summary_table(two, lang=lang)
    assert summary["note"].tolist()[0] == code_label(SAME_EVERY_SCENARIO, lang)
    hint = " (--no-ytd or year_to_date=False for the simulation's difference)"
    assert str(note_label(SAME_EVERY_SCENARIO + hint, lang)).startswith(
        summary["note"].tolist()[0])
    mixed = {"baseline": two["baseline"],
             "plan": two["plan"].assign(p_reach=[0.4, 0.75, 0.713], p_source="simulation")}
    row = summary_table(mixed, lang=lang).iloc[0]
    assert row["Δ plan"] == pytest.approx(27.0)  # 40 - 13: a simulation against a nowcast
    assert row["note"] == ""


def test_summary_reads_p_source_alone_as_compare_does():
    # compare's rule reads p_source alone: a nowcast row whose p_reach is unknown in one
    # scenario is still the same in every scenario, with no Δ
    two = _two()
    two["plan"] = two["plan"].assign(p_reach=[np.nan, 0.75, 0.713])
    row = summary_table(two, lang="en").iloc[0]
    assert math.isnan(row["Δ plan"])
    assert row["note"].startswith("the same in every scenario")


def test_comparison_bars_take_the_nowcast_mask_not_the_whisker_width():
    # a nowcast states no Monte Carlo error even with whiskers drawn; a simulated bar
    # with the same whiskers states them
    from huaian_forecast.report import svg

    values, errors = np.array([[0.13, 0.13]]), np.array([[0.05, 0.05]])
    out = svg.bars_svg(["t"], ["a", "b"], values, errors, title="t",
                       nowcast=np.array([[True, False]]))
    assert "a: 13.0%</title>" in out
    assert "b: 13.0% ± 5.0%</title>" in out
    plain = svg.bars_svg(["t"], ["a", "b"], values, errors, title="t")
    assert plain.count("± 5.0%") == 2


def test_html_comparison_bars_of_a_nowcast_state_no_error(history_table, targets_table):
    import re

    # the nowcast rows carry an s.e. here: only the nowcast mask keeps it off the tooltip
    two = {k: v.assign(p_reach_se=0.05) for k, v in _two().items()}
    projections = [make_projection("baseline"), make_projection("plan", 60.0)]
    page = to_html(projections, history=history_table, targets=targets_table, lang="en",
                   assessments=two, embed_font=False)
    bars = page[page.index('<figure class="bars">'):]
    bars = bars[:bars.index("</figure>")]
    tips = re.findall(r'<g data-scenario="([^"]+)"><title>([^<]*)</title>', bars)
    assert ("baseline", "baseline: 13.0%") in tips
    assert ("plan", "plan: 13.0%") in tips
    assert any("±" in tip for _, tip in tips)  # the simulated rows state their error


def test_markdown_shows_a_dash_not_zero_for_a_nowcast_rows_delta():
    projections = [make_projection("baseline"), make_projection("plan", 60.0)]
    text = to_markdown(projections, lang="zh", assessments=_two())
    row = next(line for line in text.splitlines()
               if line.startswith("| 高新技术企业数 2024"))
    cells = [c.strip() for c in row.strip("|").split("|")]
    assert cells[3] == "—"  # target, baseline, plan, Δ plan, note
    assert "年内进度数据" in cells[4]


def test_milestone_sheet_shows_counts_as_whole_numbers():
    table = tables.milestone_table({"baseline": _assessment()}, lang="zh")
    hte = table[table["indicator"] == "hte_count"].set_index("year")
    assert hte.loc[2024, ["q10", "median", "q90"]].tolist() == [125.0, 205.0, 570.0]
    share = table[table["indicator"] == "hightech_share"]
    assert share["median"].item() == pytest.approx(33.5)


def test_assess_table_shows_counts_as_whole_numbers():
    from huaian_forecast.cli.assess_view import compact_assessment as _compact_assessment

    table = _compact_assessment(_assessment(), "zh")
    hte = table.iloc[0].tolist()
    assert "205" in hte  # the nowcast's median 204.9 firms
    assert "125-570" in hte
    assert not any("204.9" in str(v) for v in hte)
    share = table.iloc[2].tolist()
    assert "33.5" in share  # a share keeps its decimals


@pytest.mark.parametrize(("lang", "word"), [("zh", "仅一个模型"), ("en", "one model only")])
def test_milestone_sheet_says_one_model_only_instead_of_a_range_of_one_value(lang, word):
    """Key labs: no growth family fits them, so there is no range to show (was 95.4-95.4)."""
    table = _assessment().assign(
        p_models_min=[0.10, 0.30, 0.51], p_models_max=[0.60, 0.70, 0.51],
        p_trend=[np.nan, 0.40, np.nan], families=["", "linear 0.30 .. loglinear 0.70", np.nan])
    out = tables.milestone_table({"baseline": table}, lang=lang).set_index(
        ["indicator", "year"])
    share = out.loc[("hightech_share", 2025)]
    assert word in share["model_range"]
    assert math.isnan(share["p_models_min_pct"])
    assert math.isnan(share["p_models_max_pct"])
    ranged = out.loc[("hte_count", 2025)]
    assert ranged["model_range"] == ""
    assert [ranged["p_models_min_pct"], ranged["p_models_max_pct"]] == [30.0, 70.0]
    nowcast = out.loc[("hte_count", 2024)]  # a nowcast keeps its own range
    assert nowcast["model_range"] == ""
    assert [nowcast["p_models_min_pct"], nowcast["p_models_max_pct"]] == [10.0, 60.0]


@pytest.mark.parametrize(("lang", "word", "assumed"), [("en", "models", "assumptions"),
                                                      ("zh", "各模型", "假设范围")])
def test_png_fan_star_gives_the_range_across_models_where_one_is_joined(projection, lang,
                                                                       word, assumed):
    table = _assessment().assign(p_models_min=[0.10, 0.30, 0.40],
                                 p_models_max=[0.60, 0.70, 0.60],
                                 p_trend=[np.nan, 0.40, np.nan])
    ax = plot_fan(projection, "hte_count", assessment=table, lang=lang,
                  ax=Figure().add_subplot())
    labels = {t.get_text().split("\n")[0]: t.get_text() for t in ax.texts}
    assert f"{word} 30%–70%" in labels["1,000"]  # simulated, with a growth family
    assert f"{assumed} 10%–60%" in labels["900"]  # the nowcast's, across its assumptions
    assert word not in labels["900"]
    plain = plot_fan(projection, "hte_count", assessment=_assessment(), lang=lang,
                     ax=Figure().add_subplot())
    assert not any(word + " " in t for t in _texts(plain))  # no range joined: none shown


@pytest.mark.parametrize(("tier", "zh"), [
    ("", "年度目标 150 取自目标文件（年内进度文件所列为 140）"),
    (" (floor)", "年度目标 150（确保）取自目标文件（年内进度文件所列为 140）"),
    (" (stretch)", "年度目标 150（力争）取自目标文件（年内进度文件所列为 140）"),
])
def test_a_target_from_the_targets_reads_in_chinese_with_its_tier(tier, zh):
    # pace's note on a figure paced against the targets' threshold, single or a tier:
    # one pattern with an optional tier, each variant as it was written before
    from huaian_forecast.report import note_label

    note = (f"log s.d. of the rest of the year 0.1 (an assumption); annual target 150{tier} "
            "from the targets (the year-to-date file states 140)")
    assert note_label(note, "zh") == f"余下时间增速的对数标准差 0.1（假设值）；{zh}"


@pytest.mark.parametrize(("tier", "zh"), [
    ("", "年度目标 150 取自目标文件（年内进度文件未列年度目标）"),
    (" (stretch)", "年度目标 150（力争）取自目标文件（年内进度文件未列年度目标）"),
])
def test_a_target_the_year_to_date_file_does_not_state_reads_in_chinese(tier, zh):
    # pace's note where the figure's file gives no annual target: "none" was left in English
    from huaian_forecast.report import note_label

    note = f"annual target 150{tier} from the targets (the year-to-date file states none)"
    assert note_label(note, "zh") == zh
