"""compare(): one row per scenario x target, the CRN difference from baseline and its
paired standard error; identical with a process pool."""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor

import numpy as np
import pandas as pd
import pytest

from huaian_forecast.analysis.compare import COMPARE_COLUMNS, _paired, compare
from huaian_forecast.assessment import Target

MILESTONES = [Target(indicator=i, year=y, threshold=t) for i, y, t in [
    ("hte_count", 2025, 1000), ("hte_count", 2030, 1500),
    ("rd_intensity", 2030, 3.0), ("hightech_share", 2030, 40.0)]]


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    return compare(["baseline", "plan_2024", "accelerated"], MILESTONES, n_paths=300, seed=3)


def test_one_row_per_scenario_and_target(table: pd.DataFrame):
    assert list(table.columns) == list(COMPARE_COLUMNS)
    assert len(table) == 3 * len(MILESTONES)
    assert list(table["scenario"].unique()) == ["baseline", "plan_2024", "accelerated"]
    assert table["p_reach"].between(0, 1).all()


def test_the_runs_origin_and_levels_carried_forward_are_recorded(table: pd.DataFrame):
    # what the runs' manifests say, for the caveat compare prints under its table
    assert (table.attrs["origin"], table.attrs["carried_forward"]) == (2023, [])
    import huaian_forecast as hf

    history = hf.load_history()
    gdp = history[(history["region"] == "Huai'an") & (history["indicator"] == "gdp")].tail(1)
    history = pd.concat([history, gdp.assign(year=2024, value=5400.0)], ignore_index=True)
    out = compare(["baseline", "plan_2024"], MILESTONES[1:2] + MILESTONES[3:], n_paths=50,
                  seed=1, history=history)
    assert out.attrs["origin"] == 2024
    assert out.attrs["carried_forward"] == ["hightech_share_2023"]  # the models it needs


def test_baseline_difference_is_exactly_zero(table: pd.DataFrame):
    base = table[table["scenario"] == "baseline"]
    assert (base["delta_p_vs_baseline"] == 0).all()
    assert (base["delta_p_se"] == 0).all()


def test_delta_equals_difference_of_p_reach(table: pd.DataFrame):
    wide = table.pivot_table(index=["indicator", "year"], columns="scenario", values="p_reach")
    for name in ("plan_2024", "accelerated"):
        delta = table[table["scenario"] == name].set_index(["indicator", "year"])
        diff = (wide[name] - wide["baseline"]).loc[delta.index]
        np.testing.assert_allclose(delta["delta_p_vs_baseline"], diff, atol=1e-12)


def test_paired_standard_error_by_hand():
    met = np.array([[1.0], [1.0], [0.0], [0.0]])
    base = np.array([[1.0], [0.0], [0.0], [0.0]])
    mean, se = _paired(met, base)
    # differences 0 1 0 0: mean 0.25, sd (ddof 1) 0.5, se 0.5 / sqrt(4) = 0.25
    assert mean[0] == pytest.approx(0.25)
    assert se[0] == pytest.approx(0.25)


def test_baseline_outside_the_list_is_used_but_not_listed():
    out = compare(["plan_2024"], MILESTONES[:1], n_paths=100, seed=1, baseline="baseline")
    assert list(out["scenario"]) == ["plan_2024"]
    ref = compare(["baseline", "plan_2024"], MILESTONES[:1], n_paths=100, seed=1)
    assert out["delta_p_vs_baseline"].iloc[0] == ref["delta_p_vs_baseline"].iloc[1]


def test_process_pool_gives_the_serial_result(pool: ProcessPoolExecutor):
    serial = compare(["baseline", "plan_2024"], MILESTONES, n_paths=100, seed=9)
    parallel = compare(["baseline", "plan_2024"], MILESTONES, n_paths=100, seed=9,
                       executor=pool)
    pd.testing.assert_frame_equal(serial, parallel)


def test_no_scenario_is_an_error():
    with pytest.raises(ValueError, match="at least one scenario"):
        compare([], MILESTONES)


YTD_TARGETS = [Target(indicator="hte_applications", year=2024, threshold=500),
               Target(indicator="tech_contracts", year=2024, threshold=200),
               Target(indicator="hte_count", year=2024, threshold=900)]


def test_year_to_date_targets_get_the_nowcast_as_assess_gives_them():
    # compare used to print the simulation's 0.65 for 2024's applications where assess
    # and the report print the nowcast's 0.13: one question, two answers
    from huaian_forecast import assess, simulate

    table = compare(["baseline", "accelerated"], YTD_TARGETS, n_paths=400, seed=5)
    now = table[table["indicator"].isin(["hte_applications", "tech_contracts"])]
    assert (now["p_source"] == "nowcast").all()
    assert now["delta_p_vs_baseline"].isna().all()
    assert now["delta_p_se"].isna().all()
    assert now["note"].str.contains("the same in every scenario").all()
    by_scenario = now.pivot_table(index="indicator", columns="scenario", values="p_reach")
    assert (by_scenario["baseline"] == by_scenario["accelerated"]).all()
    ref = assess(simulate("accelerated", n_paths=400, seed=5), YTD_TARGETS)
    for ind in ("hte_applications", "tech_contracts"):
        got = now[(now["scenario"] == "accelerated") & (now["indicator"] == ind)]
        want = ref[ref["indicator"] == ind]
        assert float(got["p_reach"].iloc[0]) == pytest.approx(float(want["p_reach"].iloc[0]))
    # a target without year-to-date figures keeps the simulation and its difference
    sim = table[table["indicator"] == "hte_count"]
    assert (sim["p_source"] == "simulation").all()
    assert sim["delta_p_vs_baseline"].notna().all()


def test_year_to_date_false_keeps_the_simulation_for_every_target():
    table = compare(["baseline", "accelerated"], YTD_TARGETS, n_paths=400, seed=5,
                    year_to_date=False)
    assert (table["p_source"] == "simulation").all()
    assert table["delta_p_vs_baseline"].notna().all()
    apps = table[table["indicator"] == "hte_applications"].set_index("scenario")["p_reach"]
    assert apps["accelerated"] > apps["baseline"]  # the levers move the simulation


# ---- a scenario file is named by its own `name`, as assess and report name it -------------

def _toml(path, name: str, rewards: float = 1.5):
    path.write_text(f'name = "{name}"\n[levers]\nrd_rewards = {rewards}\n', encoding="utf-8")
    return path


def test_a_scenario_file_is_named_by_its_name_not_its_stem(tmp_path):
    import huaian_forecast as hf

    toml = _toml(tmp_path / "my.toml", "my_plan")
    table = compare(["baseline", str(toml)], MILESTONES[:1], n_paths=100, seed=3)
    assert list(table["scenario"].unique()) == ["baseline", "my_plan"]
    assert table.attrs["provenance"]["scenarios"] == ["baseline", "my_plan"]
    assert hf.simulate(toml, n_paths=10, seed=1).scenario == "my_plan"  # as assess says
    base = compare([toml], MILESTONES[:1], baseline=str(toml), n_paths=100, seed=3)
    assert list(base["scenario"]) == ["my_plan"]  # the baseline is that same file


def test_two_sources_with_one_name_are_refused_naming_both(tmp_path):
    from huaian_forecast.exceptions import ArgumentError

    like_builtin = _toml(tmp_path / "mine.toml", "plan_2024")
    with pytest.raises(ArgumentError, match=r"2 scenarios are named 'plan_2024' \(built-in "
                                            r"'plan_2024'; file .*mine\.toml\)"):
        compare(["plan_2024", like_builtin], MILESTONES[:1], n_paths=100, seed=3)
    with pytest.raises(ArgumentError, match=r"file .*mine\.toml; built-in 'plan_2024'"):
        compare([like_builtin], MILESTONES[:1], baseline="plan_2024", n_paths=100, seed=3)
    a, b = _toml(tmp_path / "a.toml", "same"), _toml(tmp_path / "b.toml", "same", 2.0)
    with pytest.raises(ArgumentError, match=r"named 'same' \(file .*a\.toml; file .*b\.toml\)"):
        compare([a, b], MILESTONES[:1], n_paths=100, seed=3)
    # a user file whose stem is a built-in's name is named by its own name: no clash
    stem_only = _toml(tmp_path / "plan_2024.toml", "my_2024")
    table = compare(["plan_2024", stem_only], MILESTONES[:1], n_paths=100, seed=3)
    assert list(table["scenario"].unique()) == ["plan_2024", "my_2024"]
