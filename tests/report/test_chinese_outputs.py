"""Chinese outputs read in Chinese: notes, tornado captions, chart units, scenario names."""

from __future__ import annotations

import types

import pandas as pd
import pytest

from huaian_forecast.report import plot_frontier, to_html, to_markdown

from .conftest import make_projection
from .test_charts import _tornado


def _with_notes(scenario: str = "baseline"):
    proj = make_projection(scenario)
    proj.manifest["notes"] = [
        "tech_contracts (trend): linear implies 45% growth a year; beyond a few years its "
        "paths are extrapolation, not a forecast",
        "tech_contracts (trend): AICc undefined for 4 observations; families weighted equally",
        "GDP 2023 is DERIVED per path from R&D spend / R&D intensity"]
    return proj


def _limits(page: str) -> str:
    return page[page.index("局限与说明"):page.index("数据来源")]


def test_html_limitations_in_chinese_are_the_summarys_sentences(history_table,
                                                                targets_table):
    proj = _with_notes()
    page = to_html(proj, history=history_table, targets=targets_table, lang="zh",
                   embed_font=False)
    limits = _limits(page)
    for english in ("AICc", "DERIVED", "extrapolation"):
        assert english not in limits
    for chinese in ("趋势外推", "研发投入强度推算"):
        assert chinese in limits
    summary = to_markdown(proj, targets=targets_table, lang="zh")
    assert "趋势外推" in summary  # the same sentences as summary.md
    english = to_html(proj, history=history_table, targets=targets_table, lang="en",
                      embed_font=False)
    assert "GDP 2023 is DERIVED" in english  # the English page keeps the originals


def test_tornado_caption_names_the_metric_in_chinese(projection, history_table,
                                                     targets_table):
    page = to_html(projection, history=history_table, targets=targets_table, lang="zh",
                   tornado=_tornado(), embed_font=False)
    caption = page.split('<figure class="tornado">')[1].split("<figcaption>")[1]
    caption = caption.split("</figcaption>")[0]
    assert "p_reach" not in caption
    assert "（达标概率）" in caption


def _frontier() -> pd.DataFrame:
    grid = pd.DataFrame({"x": [0.0, 0.0, 1.0, 1.0], "y": [400.0, 600.0, 400.0, 600.0],
                         "p_reach": [0.1, 0.5, 0.4, 0.9]})
    grid.attrs = {
        "p": 0.5, "x": "recertification_support", "y": "first_time_applications",
        "frontier": pd.DataFrame({"x": [0.0, 1.0], "y": [600.0, 500.0],
                                  "y_low": [550.0, 450.0], "y_high": [600.0, 550.0],
                                  "reachable": [True, True]}),
        "target": types.SimpleNamespace(indicator="hte_count", year=2030, threshold=1500.0),
        "least_cost": {}, "base": {}}
    return grid


@pytest.mark.parametrize(("lang", "units"), [("zh", ("%", "家/年")),
                                             ("en", ("%", "firms per year"))])
def test_frontier_axes_show_units_in_the_charts_language(lang, units, cjk_font):
    ax = plot_frontier(_frontier(), lang=lang)
    xlabel, ylabel = ax.get_xlabel(), ax.get_ylabel()
    assert "percent" not in xlabel
    assert "firms/yr" not in ylabel
    assert xlabel.endswith(("（%）", "(%)"))
    assert units[1] in ylabel


def test_scenarios_are_described_once_in_summary_and_briefing(history_table, targets_table):
    items = [make_projection("baseline"), make_projection("gdp_slowdown", 10.0)]
    for p in items:
        p.manifest["scenario"] = {"name": p.scenario, "description": "English text",
                                  "origin": f"/x/data/scenarios/{p.scenario}.toml"}
    summary = to_markdown(items, targets=targets_table, lang="zh")
    assert "## 情景说明" in summary
    assert summary.count("叠加经济放缓") == 1  # gdp_slowdown = plan_2024 + a slowdown
    page = to_html(items, history=history_table, targets=targets_table, lang="zh",
                   embed_font=False)
    assert "情景说明" in page
    assert page.count("叠加经济放缓") == 1
    english = to_markdown(items, targets=targets_table, lang="en")
    assert "## Scenarios" in english
    assert "English text" in english


def test_sources_note_names_the_region_in_chinese(projection, history_table, targets_table):
    page = to_html(projection, history=history_table, targets=targets_table, lang="zh",
                   embed_font=False)
    sources = page[page.index("数据来源"):page.index('<table class="sources">')]
    assert "淮安市" in sources
    assert "Huai" not in sources
