from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from huaian_forecast.report import to_iamc, to_markdown
from huaian_forecast.report.iamc import IAMC_COLUMNS
from huaian_forecast.report.markdown import markdown_table

from .conftest import make_projection


def test_markdown_states_probability_interval_and_unmodelled(targets_table):
    text = to_markdown(make_projection(), targets=targets_table, lang="en",
                       charts=["fan_hte_count.png"], command="huaian-forecast report")
    # 2025: paths 900/950/1000/1100 -> P = 50 %, median 975, q10 915, q90 1070
    assert ("2025 High-tech enterprises target ≥ 1,000 firms: probability of reaching it "
            "50%") in text
    assert "Median 975, 80% interval 915 to 1,070" in text
    assert "; within reach." in text  # p = 0.5: the label follows the probability
    assert "Targets not simulated (no probability given): Key labs 2025." in text
    assert "![fan_hte_count.png](fan_hte_count.png)" in text
    assert "`huaian-forecast report`" in text
    assert "hand-built paths" in text  # the model's notes are passed on


def test_markdown_states_a_target_the_history_observes_as_a_fact(targets_table):
    from dataclasses import replace

    # the history's last hte_count point is 2023 = 768: a 2023 target is observed, not missing
    proj = replace(make_projection(), last_observed={"hte_count": (2023, 768.0)})
    extra = targets_table.iloc[[0, 0]].assign(year=[2023, 2023], threshold=[700.0, 900.0])
    years = (2023, 2025, 2030, 2035)
    text = to_markdown(proj, targets=pd.concat([targets_table, extra]), lang="en",
                       milestone_years=years)
    assert ("Targets the history already observes: High-tech enterprises 2023: 768 firms "
            "(met); High-tech enterprises 2023: 768 firms (not met).") in text
    assert "Targets not simulated (no probability given): Key labs 2025." in text
    assert "| High-tech enterprises 2023 ≥ 900 firms | — | 768 firms (not met) |" in text
    zh = to_markdown(proj, targets=pd.concat([targets_table, extra]), lang="zh",
                     milestone_years=years)
    assert "历史数据中已有观测值的目标：高新技术企业数 2023：768家（已达成）" in zh


def test_markdown_monte_carlo_error_is_the_95_percent_half_width(targets_table):
    text = to_markdown(make_projection(), targets=targets_table, lang="en")
    # p = 0.5 from 4 paths: s.e. = sqrt(0.25 / 4) = 0.25; 1.96 x 25 points = 49.0
    assert "1,070 (Monte Carlo error ±49.0 pct points, 95 %)" in text
    assert '"±" is the Monte Carlo error only' in text  # and the report says what ± means
    assert "on track at 70 % or more" in text


def test_markdown_shows_the_model_range_label_and_reason(targets_table):
    from huaian_forecast.assessment import assess, label_table

    proj = make_projection()
    table = assess(proj, targets_table)
    table["p_models_min"], table["p_models_max"] = 0.05, 0.9
    text = to_markdown(proj, targets=targets_table, lang="en",
                       assessments={"baseline": label_table(table)})
    assert "probability of reaching it 50% (range across models 5% to 90%); models disagree" \
        in text
    assert "the short history cannot tell which growth shape holds" in text
    zh = to_markdown(proj, targets=targets_table, lang="zh",
                     assessments={"baseline": label_table(table)})
    assert "达标概率约50%（模型范围5%至90%）；判断：模型分歧。" in zh


def test_markdown_in_chinese(targets_table):
    text = to_markdown(make_projection(), targets=targets_table, lang="zh")
    assert text.startswith("# 淮安市科技发展目标达成概率评估")
    assert "2025年高新技术企业数目标≥1,000家：达标概率约50%" in text
    assert "| 目标 | baseline | 备注 |" in text
    assert "| 高新技术企业数 2025 ≥ 1,000家 | 50.0 |  |" in text
    assert "| 省级以上重点实验室 2025 ≥ 6个 | — | 未模拟 |" in text


def test_markdown_compares_scenarios_with_deltas_and_notes_once(targets_table):
    projs = [make_projection("baseline"), make_projection("push", shift=60.0)]
    text = to_markdown(projs, targets=targets_table, lang="en")
    assert "| target | baseline | push | Δ push | note |" in text
    # 2025: 2 of 4 baseline paths reach 1000, 3 of 4 with +60
    assert "| High-tech enterprises 2025 ≥ 1,000 firms | 50.0 | 75.0 | 25.0 |  |" in text
    assert text.count("hand-built paths") == 1  # a note shared by all scenarios, once


def test_markdown_table_escapes_pipes_and_formats_nan():
    frame = pd.DataFrame({"a|b": ["x|y"], "v": [float("nan")], "w": [2.345]})
    assert markdown_table(frame, digits=2).splitlines() == [
        "| a\\|b | v | w |", "|---|---|---|", "| x\\|y | — | 2.35 |"]  # header too


def test_iamc_has_the_seven_columns_and_quantile_values():
    proj = make_projection()
    table = to_iamc(proj, quantiles=(0.1, 0.5))
    assert tuple(table.columns) == IAMC_COLUMNS
    assert len(table) == 2 * 2 * 12  # indicators x quantiles x years
    row = table[(table["variable"] == "Innovation|High-Tech Enterprises|50.0th Percentile")
                & (table["year"] == 2025)]
    assert row["value"].item() == pytest.approx(975.0)
    assert set(table["unit"]) == {"firms", "%"}
    assert set(table["region"]) == {"Huai'an"}
    assert table["model"].iloc[0].startswith("huaian_forecast ")


def test_iamc_column_layout_keeps_the_quantile_apart():
    projs = [make_projection("a"), make_projection("b", shift=10.0)]
    table = to_iamc(projs, quantiles=(0.25, 0.75), layout="column")
    assert list(table.columns) == ["model", "scenario", "region", "variable", "quantile",
                                   "unit", "year", "value"]
    sub = table[(table["scenario"] == "b") & (table["variable"] == "Innovation|High-Tech "
                                                                   "Enterprises")
                & (table["year"] == 2025)]
    expected = np.quantile([910.0, 960.0, 1010.0, 1110.0], [0.25, 0.75])
    assert sub.sort_values("quantile")["value"].tolist() == pytest.approx(expected)


@pytest.mark.parametrize("bad", [(), (0.0,), (1.5,)])
def test_iamc_rejects_bad_quantiles(bad):
    with pytest.raises(ValueError, match="probabilities"):
        to_iamc(make_projection(), quantiles=bad)


def test_markdown_table_gives_a_later_scenarios_own_range_across_models(targets_table):
    """The first scenario's range is in the key points; a plan's is beside its number."""
    from huaian_forecast.assessment import assess

    projs = [make_projection("baseline"), make_projection("push", shift=60.0)]
    tables_ = {p.scenario: assess(p, targets_table) for p in projs}
    for name, (lo, hi) in (("baseline", (0.2, 0.6)), ("push", (0.35, 0.9))):
        tables_[name] = tables_[name].assign(p_models_min=lo, p_models_max=hi, p_trend=0.4)
    tables_["push"].loc[tables_["push"]["year"] == 2030, "p_trend"] = np.nan  # one model
    text = to_markdown(projs, targets=targets_table, lang="en", assessments=tables_)
    assert "| High-tech enterprises 2025 ≥ 1,000 firms | 50.0 | 75.0 (35–90) | 25.0 |  |" \
        in text  # the baseline column keeps the bare number
    later = next(line for line in text.splitlines()
                 if line.startswith("| High-tech enterprises 2030"))
    assert "(" not in later.split("|")[3]  # one model only: no range to show
    assert "in brackets a scenario's own range across models" in text
