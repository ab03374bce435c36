from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import huaian_forecast as hf
from huaian_forecast.simulation import simulate

INDICATORS = ("rd_intensity", "rd_spend", "gdp", "hte_count", "hte_applications",
              "hightech_share", "hightech_output", "key_labs", "tech_contracts")


@pytest.fixture(scope="module")
def baseline() -> hf.Projection:
    return simulate("baseline", n_paths=2000, seed=11)


def test_projection_has_every_indicator_over_the_years(baseline):
    assert list(baseline.years) == list(range(2024, 2036))
    for key in INDICATORS:
        assert baseline.paths(key).shape == (2000, 12)


def test_manifest_records_seed_versions_data_hash_and_full_scenario(baseline):
    m = baseline.manifest
    assert m["seed"] == 11
    assert m["method"] == "structural"
    assert len(m["data_hash"]) == 64
    assert "numpy" in m["versions"]
    assert m["scenario"]["name"] == "baseline"
    assert set(m["scenario"]["levers"]) == set(hf.LEVERS)
    assert any("DERIVED" in n for n in m["notes"])
    assert m["uncertainties"]["first_time_pass_rate"]["default"] == 65.0
    assert m["uncertainties"]["hte_count_2023"]["distribution"] == "fixed"


def test_bounds_and_integers(baseline):
    share = baseline.paths("hightech_share")
    assert np.all((share >= 0) & (share <= 100))
    for key in ("hte_count", "hte_applications", "key_labs"):
        arr = baseline.paths(key)
        assert np.all(arr >= 0)
        assert np.all(arr == np.rint(arr))


def test_intensity_is_spend_over_gdp_per_path(baseline):
    np.testing.assert_allclose(baseline.paths("rd_intensity"),
                               100 * baseline.paths("rd_spend") / baseline.paths("gdp"))


def test_same_seed_identical_other_seed_different(baseline):
    again = simulate("baseline", n_paths=2000, seed=11)
    other = simulate("baseline", n_paths=2000, seed=12)
    for key in INDICATORS:
        np.testing.assert_array_equal(again.paths(key), baseline.paths(key))
    assert not np.array_equal(other.paths("hte_count"), baseline.paths("hte_count"))


def test_scenarios_with_the_same_seed_share_draws(baseline):
    plan = simulate("plan_2024", n_paths=2000, seed=11)
    # GDP does not depend on any lever: common random numbers make it identical
    np.testing.assert_array_equal(plan.paths("gdp"), baseline.paths("gdp"))
    np.testing.assert_array_equal(plan.paths("tech_contracts"),
                                  baseline.paths("tech_contracts"))
    # plan_2024 pulls every HTE lever at least as far: never fewer firms on any path
    assert np.all(plan.paths("hte_count") >= baseline.paths("hte_count"))


@settings(max_examples=8, deadline=None)
@given(st.floats(0, 2000), st.floats(0, 2000))
def test_more_applications_never_lower_p_reach(a1, a2):
    lo, hi = sorted((a1, a2))
    base = hf.load_scenario("baseline")
    low = simulate(base.with_levers(first_time_applications=lo), n_paths=300, seed=3)
    high = simulate(base.with_levers(first_time_applications=hi), n_paths=300, seed=3)
    for year, target in ((2025, 1000), (2030, 1500), (2035, 2000)):
        col = list(low.years).index(year)
        p_low = (low.paths("hte_count")[:, col] >= target).mean()
        p_high = (high.paths("hte_count")[:, col] >= target).mean()
        assert p_low <= p_high


def test_start_year_reports_a_slice_of_the_same_draws(baseline):
    late = simulate("baseline", n_paths=2000, seed=11, start_year=2026, end_year=2030)
    assert list(late.years) == [2026, 2027, 2028, 2029, 2030]
    np.testing.assert_array_equal(late.paths("hte_count"), baseline.paths("hte_count")[:, 2:7])


def test_chunks_bound_memory_and_keep_shapes():
    proj = simulate("baseline", n_paths=1000, seed=1, chunk_size=300, end_year=2026)
    assert proj.paths("key_labs").shape == (1000, 3)
    whole = simulate("baseline", n_paths=300, seed=1, chunk_size=300, end_year=2026)
    # the first chunk has its own stream: the same 300 paths either way
    np.testing.assert_array_equal(proj.paths("key_labs")[:300], whole.paths("key_labs"))


def test_trend_method_ignores_levers():
    a = simulate("baseline", n_paths=500, seed=2, method="trend")
    b = simulate("accelerated", n_paths=500, seed=2, method="trend")
    np.testing.assert_array_equal(a.paths("hte_count"), b.paths("hte_count"))
    assert a.manifest["method"] == "trend"


def test_scenario_object_path_and_name_agree(tmp_path):
    s = hf.load_scenario("accelerated")
    path = tmp_path / "acc.toml"
    path.write_text(s.to_toml(), encoding="utf-8")
    by_name = simulate("accelerated", n_paths=200, seed=4, end_year=2027)
    by_path = simulate(path, n_paths=200, seed=4, end_year=2027)
    by_obj = simulate(s, n_paths=200, seed=4, end_year=2027)
    for proj in (by_path, by_obj):
        np.testing.assert_array_equal(proj.paths("hte_count"), by_name.paths("hte_count"))


def test_exact_2023_value_in_history_replaces_the_anchor(history):
    extra = pd.DataFrame([{**history.iloc[0].to_dict(), "region": "Huai'an",
                           "indicator": "key_labs",
                           "year": 2023, "value": 12.0, "kind": "exact"}])
    mine = pd.concat([history[history["indicator"] != "key_labs"], extra], ignore_index=True)
    proj = simulate("baseline", n_paths=300, seed=5, end_year=2024, history=mine)
    assert np.median(proj.paths("key_labs")) >= 12
    assert any("key_labs_2023 = 12" in n for n in proj.manifest["notes"])


def test_observations_after_the_anchor_are_flagged_not_silently_ignored(history):
    extra = pd.DataFrame([{**history.iloc[0].to_dict(), "region": "Huai'an",
                           "indicator": "hte_count", "year": 2024, "value": 905.0,
                           "kind": "exact"}])
    proj = simulate("baseline", n_paths=100, seed=5, end_year=2025,
                    history=pd.concat([history, extra], ignore_index=True))
    assert any("after 2023 (hte_count) are not used" in n for n in proj.manifest["notes"])


def test_bad_arguments():
    with pytest.raises(ValueError, match="method must be one of"):
        simulate("baseline", n_paths=10, method="magic")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="start after 2023"):
        simulate("baseline", n_paths=10, start_year=2020)
    with pytest.raises(hf.ScenarioError, match="unknown scenario"):
        simulate("no_such_plan", n_paths=10)


def test_applications_are_first_time_plus_expiring(baseline):
    apps = baseline.paths("hte_applications")[:, 0]
    # 2024: the 275 first-time applications of the status quo (pipeline cap rarely binds)
    # plus the surviving 2021 cohort (~210 of the reconstructed 768), all re-applying
    assert 440 < np.median(apps) < 520
    assert np.all(apps >= 0)


def test_manifest_is_json_and_seed_none_records_the_entropy():
    import json

    proj = simulate("plan_2024", n_paths=50, seed=None, end_year=2025)
    assert isinstance(proj.manifest["seed"], int)
    again = simulate("plan_2024", n_paths=50, seed=proj.manifest["seed"], end_year=2025)
    np.testing.assert_array_equal(again.paths("hte_count"), proj.paths("hte_count"))
    text = json.dumps(proj.manifest, ensure_ascii=False)
    assert '"rd_clearance_coverage": {"2024": 70.0, "2025": 80.0}' in text
