from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure

from huaian_forecast import assess
from huaian_forecast.report.charts import plot_fan, plot_scenarios
from huaian_forecast.report.tornado_chart import plot_tornado


def _ax():
    return Figure(figsize=(8, 5)).add_subplot()


def _texts(ax) -> list[str]:
    return [t.get_text() for t in ax.texts]


def test_fan_draws_three_bands_history_kinds_and_targets(projection, history_table,
                                                         targets_table):
    ax = _ax()
    table = assess(projection, targets_table)
    out = plot_fan(projection, "hte_count", history=history_table, assessment=table,
                   lang="en", ax=ax)
    assert out is ax
    assert len(ax.collections) == 3  # 95, 80, 50 % bands
    markers = {line.get_label(): line.get_marker() for line in ax.lines}
    assert markers["observed"] == "o"
    assert markers["upper bound (at most)"] == "v"
    assert markers["Target"] == "*"
    # Jiangsu's 51,000 is not Huai'an history: y never reaches it
    assert ax.get_ylim()[1] < 51_000
    # P(>= 1000 in 2025) is 2 of 4 paths; P(>= 1500 in 2030) is 0 of 4
    assert "1,000\nP=50%" in _texts(ax)
    assert "1,500\nP<1%" in _texts(ax)


def test_fan_band_edges_are_the_path_quantiles(projection):
    ax = plot_fan(projection, "hightech_share", lang="en", ax=_ax())
    band95 = ax.collections[0].get_paths()[0].vertices
    lo = np.quantile(projection.paths("hightech_share"), 0.025, axis=0)
    assert np.allclose(np.sort(band95[:, 1])[:3], np.sort(lo)[:3])
    median = next(line for line in ax.lines if line.get_label() == "Median")
    assert np.allclose(median.get_ydata(),
                       np.median(projection.paths("hightech_share"), axis=0))


def test_fan_lower_bound_is_an_up_triangle(projection, history_table):
    ax = plot_fan(projection, "hightech_share", history=history_table, lang="en", ax=_ax())
    lines = {line.get_label(): line for line in ax.lines}
    assert lines["lower bound (at least)"].get_marker() == "^"
    assert list(lines["lower bound (at least)"].get_ydata()) == [30.0]


def test_fan_unknown_indicator_names_the_simulated_ones(projection):
    with pytest.raises(KeyError, match="hte_count"):
        plot_fan(projection, "key_labs", lang="en", ax=_ax())


def test_fan_without_ax_makes_a_figure(projection):
    import matplotlib.pyplot as plt

    ax = plot_fan(projection, "hte_count", lang="en")
    assert ax.figure is not None
    plt.close(ax.figure)


def _compare() -> pd.DataFrame:
    rows = []
    for scen, ps in (("baseline", (0.2, 0.6)), ("push", (0.5, 0.9))):
        for (ind, year, thr), p in zip([("hte_count", 2025, 1000.0),
                                        ("rd_intensity", 2030, 3.0)], ps, strict=True):
            rows.append({"scenario": scen, "indicator": ind, "year": year, "threshold": thr,
                         "direction": "at_least", "p_reach": p, "p_reach_se": 0.01})
    rows.append({"scenario": "baseline", "indicator": "key_labs", "year": 2025,
                 "threshold": 6.0, "direction": "at_least", "p_reach": np.nan,
                 "p_reach_se": np.nan})
    return pd.DataFrame(rows)


def test_scenario_chart_bar_heights_are_p_reach():
    ax = plot_scenarios(_compare(), lang="en", ax=_ax())
    widths = sorted(round(p.get_width(), 6) for p in ax.patches)
    assert widths == [0.2, 0.5, 0.6, 0.9]  # unmodelled key_labs is left out
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["baseline", "push"]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == ["High-tech enterprises 2025 ≥1,000", "R&D intensity 2030 ≥3.00"]
    assert sorted(t.get_text() for t in ax.texts) == ["20%", "50%", "60%", "90%"]


def test_scenario_chart_whiskers_are_the_wilson_interval_not_a_bare_1_96_se():
    # at p = 0 the binomial s.e. is 0: a bare 1.96 se whisker would claim certainty
    from huaian_forecast.assessment import wilson_interval

    lo, hi = wilson_interval(0.0, 100)
    table = _compare().assign(p_reach_lo=lambda t: t["p_reach"] - 0.02,
                              p_reach_hi=lambda t: t["p_reach"] + 0.03)
    table.loc[0, ["p_reach", "p_reach_se", "p_reach_lo", "p_reach_hi"]] = [0.0, 0.0, lo, hi]
    ax = plot_scenarios(table, lang="en", ax=_ax())
    spans = sorted(tuple(np.round(seg[:, 0], 6)) for c in ax.containers
                   if hasattr(c, "lines") for seg in c.lines[2][0].get_segments())
    assert spans[0] == (0.0, round(hi, 6))  # not a zero-length whisker
    assert hi > 0.03
    assert (0.58, 0.63) in spans  # asymmetric: 0.6 - 0.02 to 0.6 + 0.03
    # without the interval columns: 1.96 se, as before
    ax = plot_scenarios(_compare(), lang="en", ax=_ax())
    spans = sorted(tuple(np.round(seg[:, 0], 6)) for c in ax.containers
                   if hasattr(c, "lines") for seg in c.lines[2][0].get_segments())
    assert spans[0] == (round(0.2 - 0.0196, 6), round(0.2 + 0.0196, 6))


def test_scenario_chart_needs_some_probability():
    table = _compare().assign(p_reach=np.nan)
    with pytest.raises(ValueError, match="no target"):
        plot_scenarios(table, lang="en", ax=_ax())


def _tornado() -> pd.DataFrame:
    return pd.DataFrame({
        "factor": ["rd_rewards", "first_time_pass_rate", "new_key_labs"],
        "factor_type": ["lever", "uncertainty", "lever"],
        "indicator": "hte_count", "year": 2030,
        "low_setting": [0.0, 50.0, 1.0], "high_setting": [2.0, 80.0, 3.0],
        "metric": "p_reach",
        "value_low": [0.40, 0.20, 0.48], "value_high": [0.55, 0.80, 0.52],
        "value_base": 0.5})


def test_tornado_sorts_by_swing_and_spans_low_to_high():
    ax = plot_tornado(_tornado(), lang="en", ax=_ax())
    low_bars, high_bars = ax.patches[:3], ax.patches[3:]
    # barh from the base: largest swing (pass rate, 0.6) on top (last position)
    swings = [abs(h.get_width()) + abs(lo.get_width())
              for lo, h in zip(low_bars, high_bars, strict=True)]
    assert swings == pytest.approx([0.04, 0.15, 0.6])
    assert high_bars[-1].get_x() == pytest.approx(0.5)
    assert high_bars[-1].get_width() == pytest.approx(0.3)
    assert ax.get_xlabel() == "probability of reaching the target"


def test_tornado_top_keeps_the_largest_swings():
    ax = plot_tornado(_tornado(), top=2, lang="en", ax=_ax())
    labels = [t.get_text().split("\n")[0] for t in ax.get_yticklabels()]
    assert len(labels) == 2
    assert not any("key lab" in label.lower() for label in labels)  # smallest swing dropped


def test_tornado_asks_to_choose_when_several_outcomes():
    table = pd.concat([_tornado(), _tornado().assign(year=2035)])
    with pytest.raises(ValueError, match="choose one"):
        plot_tornado(table, lang="en", ax=_ax())
    ax = plot_tornado(table, year=2035, lang="en", ax=_ax())
    assert "2035" in ax.get_title()


def test_tornado_leaves_out_factors_that_move_nothing():
    table = _tornado()
    table.loc[2, ["value_low", "value_high"]] = 0.5  # new_key_labs: no effect
    ax = plot_tornado(table, lang="en", ax=_ax())
    assert len(ax.get_yticklabels()) == 2


def test_scenario_chart_keeps_the_tables_indicator_order_and_sorts_years():
    table = _compare()
    table = pd.concat([table[table["indicator"] == "rd_intensity"],
                       table[table["indicator"] == "hte_count"].assign(year=2030),
                       table[table["indicator"] == "hte_count"].assign(year=2025)])
    ax = plot_scenarios(table, lang="en", ax=_ax())
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == ["R&D intensity 2030 ≥3.00", "High-tech enterprises 2025 ≥1,000",
                      "High-tech enterprises 2030 ≥1,000"]


def test_fan_axis_has_plain_numbers_not_an_offset():
    # issue 13: the tech-contract fan chart's axis read "1e6"
    from huaian_forecast.simulation import Projection

    years = np.arange(2024, 2036)
    big = np.linspace(2e5, 4.1e6, years.size)[None, :] * np.array([[0.9], [1.0], [1.1]])
    proj = Projection(years=years, arrays={"tech_contracts": big}, scenario="big",
                      manifest={"region": "Huai'an"})
    ax = plot_fan(proj, "tech_contracts", lang="en", ax=_ax())
    ax.figure.canvas.draw()
    assert ax.yaxis.get_offset_text().get_text() == ""
    labels = [t.get_text() for t in ax.get_yticklabels() if t.get_text()]
    assert any("," in t for t in labels)
    assert not any("e" in t.lower() for t in labels)


def test_a_target_the_year_before_another_is_labelled_on_its_left(projection,
                                                                   history_table):
    # 2024's 900 firms beside 2025's 1,000: the 2024 label covered the 2025 star
    table = pd.DataFrame({"indicator": "hte_count", "year": [2024, 2025],
                          "threshold": [900.0, 1000.0], "direction": "at_least",
                          "p_reach": [0.46, 0.66], "p_source": "simulation"})
    ax = plot_fan(projection, "hte_count", history=history_table, assessment=table,
                  lang="en", ax=_ax())
    labels = {t.get_text().split("\n")[0]: t for t in ax.texts if "\n" in t.get_text()}
    assert labels["900"].get_horizontalalignment() == "right"
    assert labels["1,000"].get_horizontalalignment() == "left"


def test_scenario_chart_draws_each_bars_range_across_models_not_only_the_mc_error():
    """The Monte Carlo whiskers are tiny; the range across models is what a reader needs.

    One model only (no growth family: ``p_trend`` NaN) draws no range: its p-p is not one.
    """
    table = _compare().assign(p_models_min=lambda t: t["p_reach"] - 0.15,
                              p_models_max=lambda t: t["p_reach"] + 0.05,
                              p_trend=0.5)
    table.loc[(table["scenario"] == "push") & (table["indicator"] == "rd_intensity"),
              "p_trend"] = np.nan
    ax = plot_scenarios(table, lang="en", ax=_ax())
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend[:2] == ["baseline", "push"]  # the scenarios first, then the range once
    assert legend[2].startswith("range across models")
    assert legend[3] == "no bracket: one model only"  # why push's R&D bar has none
    grey = [c for c in ax.containers if hasattr(c, "lines") and c.lines[2]
            and c.lines[2][0].get_linewidth() == pytest.approx(1.8)]
    spans = sorted(tuple(np.round(seg[:, 0], 6)) for c in grey
                   for seg in c.lines[2][0].get_segments())
    assert spans == [(0.05, 0.25), (0.35, 0.55), (0.45, 0.65)]  # not push's rd (one model)
    plain = plot_scenarios(_compare(), lang="en", ax=_ax())  # no range joined: none drawn
    assert [t.get_text() for t in plain.get_legend().get_texts()] == ["baseline", "push"]


def test_scenario_chart_draws_a_nowcasts_range_dashed_once_and_names_it_assumptions():
    """A nowcast's range is across its assumptions, not models, and the same everywhere."""
    table = _compare().assign(p_models_min=0.0, p_models_max=1.0, p_trend=np.nan,
                              p_source="nowcast", families="")
    ax = plot_scenarios(table, lang="en", ax=_ax())
    legend = [t.get_text() for t in ax.get_legend().get_texts()]
    assert legend[2].startswith("range across a nowcast's")
    assert not any(t.startswith("range across models") for t in legend)
    dashed = [c for c in ax.containers if hasattr(c, "lines") and c.lines[2]
              and c.lines[2][0].get_linestyle()[0][1] is not None]
    segments = [seg for c in dashed for seg in c.lines[2][0].get_segments()]
    assert len(segments) == 2  # two targets, the first scenario's bars only
