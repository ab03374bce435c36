"""The lever explorer: common random numbers, lever effects, widgets driven from code."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from huaian_forecast.report.explorer import ExplorerModel, timing_summary


@pytest.fixture(scope="module")
def model(history) -> ExplorerModel:
    return ExplorerModel("baseline", n_paths=500, seed=5, history=history)


def _p(state, indicator="hte_count", year=2030) -> float:
    t = state.table
    return float(t[(t["indicator"] == indicator) & (t["year"] == year)]["p_reach"].iloc[0])


def test_same_setting_same_numbers(model):
    # common random numbers: no noise between two updates with the same settings
    a, b = model.evaluate(), model.evaluate()
    pd.testing.assert_frame_equal(a.table, b.table)
    np.testing.assert_array_equal(a.projection.paths("hte_count"),
                                  b.projection.paths("hte_count"))
    pd.testing.assert_frame_equal(a.table, model.start.table)


def test_lever_moves_p_reach_the_right_way(model):
    low = _p(model.evaluate({"first_time_applications": 200}))
    high = _p(model.evaluate({"first_time_applications": 600}))
    assert high > low
    # pinning an uncertainty: a low pass rate lowers p_reach
    pinned = _p(model.evaluate({"first_time_applications": 600}, {"first_time_pass_rate": 50}))
    assert pinned < high


def test_html_outputs(model):
    state = model.evaluate({"first_time_applications": 600})
    table = model.table_html(state, "en")
    assert table.count("<tr>") == 1 + 12  # header + every modelled milestone target
    assert "+" in table  # a positive change against the start
    fan = model.fan_html(state, "hte_count", "en")
    assert fan.startswith("<svg")
    assert fan.count("polyline") == 2  # now and the starting median
    assert timing_summary(model)["median_s"] > 0


def test_widgets_update_when_a_slider_moves(history):
    pytest.importorskip("ipywidgets", reason="ipywidgets not installed")
    from huaian_forecast.report.explorer import lever_explorer

    ui = lever_explorer("baseline", n_paths=300, seed=5, history=history, lang="en",
                        levers=["first_time_applications"],
                        uncertainties=["first_time_pass_rate"])
    before = _p(ui.state)
    ui.sliders["first_time_applications"].value = 800
    assert _p(ui.state) > before
    assert "moved: ['first_time_applications']" in ui.children[1].value
    ui.sliders["first_time_pass_rate"].value = 50
    assert "pinned: ['first_time_pass_rate']" in ui.children[1].value
    assert ui.children[-1].value.startswith("<svg")


def test_each_probability_has_its_range_across_models_shifted_by_the_levers_effect(model):
    """As in the report: the growth families' status quo plus the scenario model's effect."""
    from huaian_forecast.report.explorer import milestone_summary

    start = milestone_summary(model.start).set_index(["indicator", "year"])
    moved_state = model.evaluate({"first_time_applications": 800})
    moved = milestone_summary(moved_state).set_index(["indicator", "year"])
    hte = ("hte_count", 2030)
    assert start.loc[hte, "p_models_min"] < start.loc[hte, "p_models_max"]  # they disagree
    effect = moved.loc[hte, "p_reach"] - start.loc[hte, "p_reach"]
    assert effect > 0.1
    low_end = min(start.loc[hte, "p_models_min"] + effect, 1.0)
    assert moved.loc[hte, "p_models_min"] == pytest.approx(min(low_end,
                                                               moved.loc[hte, "p_reach"]))
    # a lever of the enterprise count leaves the R&D range where it was
    rd = ("rd_intensity", 2030)
    assert moved.loc[rd, ["p_models_min", "p_models_max"]].tolist() == pytest.approx(
        start.loc[rd, ["p_models_min", "p_models_max"]].tolist())
    assert np.isnan(moved.loc[("key_labs", 2030), "p_models_min"])  # one model only
    table = model.table_html(moved_state, "en")
    assert "range across models" in table
    assert "one model only" in table


def test_a_status_quo_start_is_its_own_paired_status_quo(history, monkeypatch):
    # baseline moves no lever and sets no uncertainty: the explorer reuses its start's
    # assessment as the status quo instead of simulating the same paths twice, and the
    # table is the one a separate status-quo run gives
    import huaian_forecast.report.explorer as explorer_module
    from huaian_forecast.analysis import status_quo_of
    from huaian_forecast.assessment import assess
    from huaian_forecast.simulation import simulate

    names = []
    real = explorer_module.simulate

    def counting(scenario, **kwargs):
        names.append(scenario.name)
        return real(scenario, **kwargs)

    monkeypatch.setattr(explorer_module, "simulate", counting)
    model = ExplorerModel("baseline", n_paths=300, seed=9, history=history)
    assert names == ["baseline"]
    separate = assess(simulate(status_quo_of(model.scenario), run=model.run,
                               indicators=set(model.milestones["indicator"])),
                      model.milestones)
    pd.testing.assert_frame_equal(model.status_quo, separate)
    # a moved lever reads that status quo; a plan start still simulates its own
    moved = model.evaluate({"first_time_applications": 700})
    assert moved.table["range_basis"].notna().any()
    names.clear()
    ExplorerModel("plan_2024", n_paths=300, seed=9, history=history)
    assert names[-1] == "plan_2024"
    assert len(names) == 2
