"""frontier(): the two-lever grid, the frontier at p, its band, costs, CLI and chart."""

from __future__ import annotations

import json
import math
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pandas as pd
import pytest

import huaian_forecast as hf
from huaian_forecast.analysis import frontier_points
from huaian_forecast.analysis.cost import annual_cost
from huaian_forecast.exceptions import ArgumentError, ScenarioError

FAST = {"n_grid": 3, "n_paths": 300, "seed": 7}


@pytest.fixture(scope="module")
def costed(history) -> pd.DataFrame:
    return hf.frontier("baseline", x="first_time_applications", y="rd_rewards",
                       target=("hte_count", 2030), p=0.8, n_paths=400, seed=3,
                       x_values=[200, 300, 400, 500, 700], y_values=[0, 5, 10],
                       history=history)


def test_contract_call(history):
    g = hf.frontier("plan_2024", x="first_time_applications", y="recertification_support",
                    target=("hte_count", 2030), p=0.8, history=history, **FAST)
    assert list(g.columns[:3]) == ["x", "y", "p_reach"]
    assert len(g) == 9
    assert g["p_reach"].between(0, 1).all()
    assert g.attrs["target"].threshold == 1500
    assert set(g.attrs["frontier"]["x"]) == set(g["x"])
    assert g.attrs["base"] == {"x": 500.0, "y": 50.0}  # plan_2024's own settings
    # recertification support has a unit cost, but what is paid depends on the simulation
    assert "not computed" in g.attrs["least_cost"]["note"]


def test_p_reach_is_monotone_in_both_levers(history):
    g = hf.frontier("baseline", x="first_time_applications", y="recertification_support",
                    target=("hte_count", 2030), x_values=[250, 300, 350, 400],
                    y_values=[0, 50, 100], n_paths=500, seed=1, history=history)
    wide = g.pivot_table(index="y", columns="x", values="p_reach")
    assert (np.diff(wide.to_numpy(), axis=0) >= 0).all()
    assert (np.diff(wide.to_numpy(), axis=1) >= 0).all()
    assert wide.to_numpy().max() > wide.to_numpy().min()  # the levers matter here


def test_frontier_points_interpolate_and_band():
    g = pd.DataFrame({"x": [0, 0, 0, 1, 1, 1, 2, 2, 2], "y": [0, 10, 20] * 3,
                      "p_reach": [0.0, 0.2, 0.5, 0.3, 0.7, 0.9, 0.85, 0.95, 1.0]})
    pts = frontier_points(g, 0.8, n_paths=400)
    assert pts["reachable"].tolist() == [False, True, True]
    assert math.isnan(pts["y"][0])
    assert pts["note"][0] == "not reachable within range"
    assert pts["y"][1] == pytest.approx(15.0)  # 0.7 -> 0.9 between 10 and 20
    assert pts["y"][2] == 0.0
    assert pts["note"][2] == "reached at the low end of the range"
    assert pts["y_low"][1] <= pts["y"][1] <= pts["y_high"][1]
    assert (pts["y_low"][1], pts["y_high"][1]) == (10.0, 20.0)
    # many paths: the band stays the simulated grid rows around the interpolated 15 (it
    # shrank to 15 +- 0.001, claiming a precision the grid's rows 10 apart do not have)
    tight = frontier_points(g, 0.8, n_paths=10**12)
    assert (tight["y_low"][1], tight["y_high"][1]) == (10.0, 20.0)
    # few paths: a row within Monte Carlo error of p is no bound (0.7 +- 0.2 may reach)
    loose = frontier_points(g, 0.8, n_paths=20)
    assert loose["y_low"][1] == 0.0
    assert loose["y_high"][1] == 20.0 or math.isnan(loose["y_high"][1])


def test_least_cost_point_is_the_cheapest_reachable_frontier_point(costed):
    pts = costed.attrs["frontier"]
    least = costed.attrs["least_cost"]
    ok = pts[pts["reachable"]]
    assert not ok.empty
    expected = [annual_cost("baseline", "first_time_applications", x)
                + annual_cost("baseline", "rd_rewards", y)
                for x, y in zip(ok["x"], ok["y"], strict=True)]
    assert least["grid_point"]["annual_cost_yuan"] == pytest.approx(min(expected))
    assert least["annual_cost_yuan"] <= least["grid_point"]["annual_cost_yuan"]
    assert least["note"].startswith(("x refined by bisection", "x at the grid"))
    assert "; y at the low end of its range (0) at x = " in least["note"]  # rd_rewards: inert
    assert not pts["reachable"].iloc[0]  # 200 first-time applications a year are too few


def test_executor_gives_the_same_grid(history):
    kw = {"x": "first_time_applications", "y": "recertification_support",
          "target": ("hte_count", 2030), "history": history, **FAST}
    serial = hf.frontier("baseline", **kw)
    with ThreadPoolExecutor(2) as ex:
        parallel = hf.frontier("baseline", executor=ex, **kw)
    pd.testing.assert_frame_equal(serial, parallel)


def test_unreachable_target(history):
    g = hf.frontier("baseline", x="first_time_applications", y="recertification_support",
                    target=("hte_count", 2030, 1e6), history=history, **FAST)
    assert not g["reachable"].any()
    assert not g.attrs["frontier"]["reachable"].any()
    assert np.isnan(g.attrs["least_cost"]["x"])


@pytest.mark.parametrize(("kwargs", "error", "match"), [
    ({"x": "rd_rewards", "y": "rd_rewards"}, ArgumentError, "two different levers"),
    ({"x": "no_such_lever"}, ScenarioError, "unknown lever"),
    ({"p": 0.0}, ArgumentError, "p must lie"),
    ({"target": ("hte_count", 2031)}, ArgumentError, "no target for hte_count in 2031"),
])
def test_bad_arguments(kwargs, error, match):
    args = {"x": "first_time_applications", "y": "rd_rewards",
            "target": ("hte_count", 2030)} | kwargs
    with pytest.raises(error, match=match):
        hf.frontier("baseline", **args, **FAST)


def test_plot_frontier_draws_the_frontier(costed):
    from huaian_forecast.report import plot_frontier

    ax = plot_frontier(costed, lang="en")
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert any(t.startswith("frontier") for t in labels)
    assert any(t.startswith("least-cost") for t in labels)
    with pytest.raises(ArgumentError, match="frontier"):
        plot_frontier(pd.DataFrame({"x": [1]}))


def test_cli_frontier_writes_the_chart(tmp_path, run_cli):
    out = tmp_path / "frontier.png"
    args = ("frontier", "--x", "first_time_applications", "--y", "rd_rewards",
            "--indicator", "hte_count", "--year", "2030", "--grid", "3", "--n-paths", "200",
            "--lang", "en")
    code, stdout, err = run_cli(*args, "--out", str(out))
    assert code == 0, err
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "least-cost point" in stdout
    code, stdout, err = run_cli(*args, "--format", "json")
    assert code == 0, err
    doc = json.loads(stdout)
    assert doc["threshold"] == 1500
    assert len(doc["grid"]) == 9
    assert {"x", "y", "p_reach"} <= set(doc["grid"][0])
    code, _, err = run_cli(*args, "--grid", "1")
    assert code == 2
    assert "n_grid" in err


def test_least_cost_point_is_refined_below_the_grid_step(history):
    # 9 grid values over [0, 2000] made the least-cost point 500 applications (1.625亿)
    # while solve reaches the same target with 357 (1.16亿, the README run): a grid artefact
    g = hf.frontier("baseline", x="first_time_applications", y="rd_rewards",
                    target=("hte_count", 2030), p=0.8, n_paths=400, seed=3, history=history)
    least = g.attrs["least_cost"]
    assert least["grid_point"]["x"] == 500
    assert 250 < least["x"] < 500
    assert float(least["x"]).is_integer()
    assert least["annual_cost_yuan"] < least["grid_point"]["annual_cost_yuan"]
    assert least["note"].startswith("x refined by bisection between grid values 250 and 500 "
                                    "with y held at 0: ")
    assert "expected reward payout" in least["cost_basis"]["first_time_applications"]
    assert "rd_rewards" not in least["cost_basis"]  # money: the plain spend
    from huaian_forecast.analysis.sweep import Setting, run_settings
    from huaian_forecast.assessment import Target
    from huaian_forecast.simulation import RunSpec

    goal = g.attrs["target"]
    assert isinstance(goal, Target)
    spec = RunSpec(n_paths=400, seed=3, end_year=2030, history=history)
    at = run_settings([Setting(scenario="baseline", levers={
        "first_time_applications": least["x"], "rd_rewards": least["y"]})], spec, [goal])[0]
    assert float(at.p_reach[0]) >= 0.8  # the refined point is simulated, not interpolated
    from huaian_forecast.report import note_label

    assert str(note_label(least["note"], "zh")).startswith("x 已二分细化")


def test_plot_frontier_names_its_contour_and_a_refined_least_cost_point(costed):
    # a dashed contour line was unlabelled, and the refined star sat off the grid's line
    # without a word; the title's threshold has its thousands separator
    from huaian_forecast.report import plot_frontier

    ax = plot_frontier(costed, lang="en")
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert any(t.startswith("contour at p = 80%") for t in labels)
    least = costed.attrs["least_cost"]
    rows = set(zip(costed.attrs["frontier"]["x"].astype(float),
                   costed.attrs["frontier"]["y"].astype(float), strict=True))
    refined = (float(least["x"]), float(least["y"])) not in rows
    assert any(t.startswith("least-cost point (searched") for t in labels) == refined
    assert "≥ 1,500" in ax.get_title()


def test_frontier_names_the_levers_that_change_no_probability_of_the_target():
    """Common random numbers: a lever the target's model ignores leaves p exactly equal."""
    g = hf.frontier("baseline", x="first_time_applications", y="rd_rewards",
                    target=("hte_count", 2030), n_grid=3, n_paths=300)
    assert g.attrs["inert"] == ["rd_rewards"]
    assert g.attrs["least_cost"]["y"] == 0.0  # its low end: what the note explains
    g = hf.frontier("baseline", x="rd_rewards", y="major_project_rd",
                    target=("rd_intensity", 2030), n_grid=3, n_paths=300)
    assert g.attrs["inert"] == []  # both move R&D intensity


def test_a_grid_where_the_target_is_certain_names_no_lever_as_not_read():
    """p = 1 everywhere: no lever moves it, read or not (the key-labs lever is read)."""
    g = hf.frontier("baseline", x="new_key_labs", y="rd_rewards",
                    target=("key_labs", 2025, 3.0), n_grid=3, n_paths=300)
    assert set(g["p_reach"]) == {1.0}
    assert g.attrs["inert"] == []


def _on_lattice(lever: str, value: float) -> bool:
    from huaian_forecast.analysis.lever_search import lever_step, on_lattice

    return on_lattice(value, lever_step(lever, value)) == value


def _p_at(x: str, y: str, point: dict, goal, history, n_paths: int, seed: int) -> float:
    """p_reach at a point by an independent simulate + assess (not the frontier's sweep)."""
    scenario = hf.load_scenario("baseline").with_levers(**{x: point["x"], y: point["y"]})
    proj = hf.simulate(scenario, n_paths=n_paths, seed=seed, end_year=goal.year,
                       history=history)
    table = hf.assess(proj, [goal], year_to_date=False)
    return float(table["p_reach"].iloc[0])


@pytest.mark.parametrize(("x", "y", "n_grid"), [
    ("rd_rewards", "first_time_applications", 5),  # the reviewer's example: y searched
    ("first_time_applications", "rd_rewards", 7),  # x bisected from a grid of 333, 667...
])
def test_least_cost_point_is_settable_and_simulated_to_reach_p(x, y, n_grid, history):
    # the least-cost y was interpolated between grid rows 500 apart (412.5 applications)
    # and never simulated; both coordinates must be values a planner sets, reaching p
    # (only these two levers have a computable cost, and only one moves hte_count)
    g = hf.frontier("baseline", x=x, y=y, target=("hte_count", 2030), p=0.8, n_grid=n_grid,
                    n_paths=500, seed=2024, history=history)
    least = g.attrs["least_cost"]
    assert math.isfinite(least["annual_cost_yuan"])
    assert _on_lattice(x, least["x"])
    assert _on_lattice(y, least["y"])
    p_at = _p_at(x, y, least, g.attrs["target"], history, 500, 2024)
    assert p_at >= 0.8
    assert least["p_reach"] == pytest.approx(p_at)
    assert "grid's resolution" not in least["note"]
    assert least["annual_cost_yuan"] == pytest.approx(
        annual_cost("baseline", x, least["x"]) + annual_cost("baseline", y, least["y"]))
    if math.isfinite(least["y_below"]):  # the value searched just below falls short
        below = _p_at(x, y, least | {"y": least["y_below"]}, g.attrs["target"], history,
                      500, 2024)
        assert below < 0.8
    if math.isfinite(least["x_below"]):  # x bisected: the value just below falls short
        below = _p_at(x, y, least | {"x": least["x_below"]}, g.attrs["target"], history,
                      500, 2024)
        assert below < 0.8
    assert math.isfinite(least["x_below"]) or math.isfinite(least["y_below"])


def test_with_an_inert_x_the_least_cost_y_is_solves_answer(history):
    # rd_rewards is not read by the high-tech enterprise count: the least-cost point must
    # agree with solve for first-time applications alone (412.5 against solve's 355, and
    # outside its own band 392.5-431.7). The y search is solve's own (same values, same
    # bisection, same lattice, same seed and paths): equal, not merely within a step.
    goal = ("hte_count", 2030)
    g = hf.frontier("baseline", x="rd_rewards", y="first_time_applications", target=goal,
                    p=0.8, n_grid=5, n_paths=500, seed=2024, history=history)
    assert g.attrs["inert"] == ["rd_rewards"]
    sol = hf.required_lever("baseline", "first_time_applications", g.attrs["target"], p=0.8,
                            n_paths=500, seed=2024, history=history)
    least = g.attrs["least_cost"]
    assert least["x"] == 0.0
    assert least["y"] == sol.value == 355.0
    assert least["annual_cost_yuan"] == pytest.approx(sol.annual_cost_yuan)
    assert least["y_below"] == 354.0  # solve's search runs the lattice out
    # the table's interpolated 412.5 keeps a band that holds solve's answer
    row = g.attrs["frontier"].iloc[0]
    assert row["y_low"] <= sol.value <= row["y_high"]
    # 25 grid pairs, then the 4 of solve's 9 values not on the grid and 8 bisection steps
    assert g.attrs["n_simulations"] == 25 + 4 + 8


def test_cli_frontier_prints_the_simulated_least_cost_point(run_cli):
    # it printed "first_time_applications = 412.5" with the band 392.5-431.7 and "at the
    # grid's resolution", where solve gives 355 at the same seed and paths
    code, out, err = run_cli("frontier", "--x", "rd_rewards", "--y", "first_time_applications",
                             "--indicator", "hte_count", "--year", "2030", "--grid", "5",
                             "--n-paths", "500", "--lang", "en")
    assert code == 0, err
    assert "first_time_applications = 355 (" in out
    assert "simulated p_reach 0.802" in out
    assert "grid's resolution" not in out
    assert "355 reaches p (0.802), 354 falls short (0.798)" in out
    code, out, err = run_cli("solve", "--lever", "first_time_applications", "--indicator",
                             "hte_count", "--year", "2030", "--n-paths", "500", "--format",
                             "json")
    assert code == 0, err
    assert json.loads(out)["value"] == 355
