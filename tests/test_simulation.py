from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import huaian_forecast as hf
from huaian_forecast.simulation import RunSpec, SimulationMemo, simulate

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
    whole = simulate("baseline", n_paths=1000, seed=1, end_year=2026)
    # blocks of paths have their own streams: the chunk size changes no number
    np.testing.assert_array_equal(proj.paths("key_labs"), whole.paths("key_labs"))


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


def _with(history, *rows):
    extra = pd.DataFrame([{**history.iloc[0].to_dict(), "region": "Huai'an",
                           "indicator": ind, "year": year, "value": value, "kind": kind,
                           "source": "test"} for ind, year, value, kind in rows])
    return pd.concat([history, extra], ignore_index=True)


def test_exact_2023_value_in_history_replaces_the_anchor(history):
    mine = _with(history[history["indicator"] != "key_labs"], ("key_labs", 2023, 12.0, "exact"))
    proj = simulate("baseline", n_paths=300, seed=5, end_year=2024, history=mine)
    assert np.median(proj.paths("key_labs")) >= 12
    assert "key_labs 2023 exact 12" in proj.manifest["anchors"]["key_labs_2023"]


def test_a_later_observation_moves_the_origin_and_the_paths_start_after_it(history):
    mine = _with(history, ("hte_count", 2024, 905.0, "exact"))
    proj = simulate("baseline", n_paths=500, seed=5, end_year=2027, history=mine)
    assert proj.manifest["origin"] == 2024
    assert proj.years[0] == 2025
    # every path continues from 905: one year of growth on top of it
    assert 905 < np.median(proj.paths("hte_count")[:, 0]) < 905 * 1.35
    # the other anchors are inferred for 2024 from their earlier points, and said so
    src = proj.manifest["anchors"]
    assert src["hightech_share_2023"].startswith("inferred for 2024")
    assert any("inference, not an observation" in n for n in proj.manifest["notes"])
    with pytest.raises(ValueError, match="start after 2024"):
        simulate("baseline", n_paths=10, history=mine, start_year=2024)


def test_anchors_from_data_or_registry_share_the_draws(history):
    # key_labs 2023 = 6 from the data, or the registry's 6 when the rows are removed:
    # identical paths, since nothing drawn depends on where an anchor came from
    base = simulate("baseline", n_paths=400, seed=8, end_year=2030)
    bare = history[~(history["indicator"].isin(["key_labs", "hte_count"])
                     & (history["region"] == "Huai'an"))]
    proj = simulate("baseline", n_paths=400, seed=8, end_year=2030, history=bare)
    for key in ("key_labs", "gdp", "rd_spend"):
        np.testing.assert_array_equal(proj.paths(key), base.paths(key))
    # without Huai'an's stock rows its HTE status quo is the calibration across regions
    assert "pooled growth" in proj.manifest["uncertainties"]["hte_flow_growth"]["source"]
    assert proj.manifest["anchors"]["key_labs_2023"].startswith("assumption")
    assert any("no Huai'an key_labs row" in n for n in proj.manifest["notes"])


PLANNER_ROWS = (
    "地区,指标,年份,数值,单位,来源\n"
    "淮安市,高新技术企业数,2021,500,家,市科技局统计\n"
    "淮安市,高新技术企业数,2022,600,家,市科技局统计\n"
    "淮安市,高新技术企业数,2023,720,家,市科技局统计\n"
    "淮安市,高新技术企业数,2024,900,家,市科技局统计\n"
    "淮安市,全社会研发投入,2022,95,亿元,市统计局\n"
    "淮安市,全社会研发投入,2023,110,亿元,市统计局\n"
    "淮安市,地区生产总值,2022,4740,亿元,市统计局\n"
    "淮安市,地区生产总值,2023,5000,亿元,市统计局\n"
    "淮安市,研发投入强度,2023,2.2,%,市统计局\n"
    "淮安市,高新技术产业产值占比,2022,30.5,%,市统计局\n"
    "淮安市,高新技术产业产值占比,2023,33.0,%,市统计局\n"
)


@pytest.fixture(scope="module")
def planner(tmp_path_factory) -> tuple[pd.DataFrame, hf.Projection]:
    path = tmp_path_factory.mktemp("planner") / "mine.csv"
    path.write_text(PLANNER_ROWS, encoding="utf-8")
    mine = hf.load_history(path)
    return mine, simulate("baseline", n_paths=2000, seed=11, history=mine)


def test_planner_file_sets_the_anchors_and_says_where_they_came_from(planner):
    _, proj = planner
    src = proj.manifest["anchors"]
    assert proj.manifest["origin"] == 2024  # the planner's last year with data
    assert "hte_count 2024 exact 900" in src["hte_count_2023"]
    assert src["gdp_2023"].startswith("inferred for 2024: extrapolated from 2 points")
    assert src["rd_spend_2023"].startswith("derived")  # intensity x GDP
    assert src["rd_intensity_2023"].startswith("inferred for 2024")
    assert src["hightech_share_2023"].startswith("inferred for 2024")
    assert src["key_labs_2023"].startswith("assumption")
    # cohorts from the 500 / 600 / 720 / 900 series: ~21.6 %/yr, pinned
    assert proj.manifest["uncertainties"]["hte_cohort_growth"]["default"] == pytest.approx(
        21.6, abs=0.3)


def test_planner_paths_start_after_2024_from_the_planner_levels(planner, baseline):
    _, proj = planner
    assert proj.years[0] == 2025
    assert proj.paths("hte_count")[:, 0].min() > 800  # continues from 900
    # GDP 2024 ~ 5000 x 5000 / 4740 (the planner's line), then one year of growth
    gdp = proj.paths("gdp")[:, 0]
    assert 5274 * 1.0 < np.median(gdp) < 5274 * 1.12
    # high-tech share from the planner's 30.5 -> 33.0 line instead of the bundled 31.6
    assert np.median(proj.paths("hightech_share")[:, 0]) > np.median(
        baseline.paths("hightech_share")[:, 1]) + 1.0


def test_planner_file_same_seed_identical(planner):
    mine, proj = planner
    again = simulate("baseline", n_paths=2000, seed=11, history=mine)
    for key in INDICATORS[:-1]:
        np.testing.assert_array_equal(again.paths(key), proj.paths(key))


def test_planner_file_common_random_numbers_across_scenarios(planner):
    mine, proj = planner
    plan = simulate("plan_2024", n_paths=2000, seed=11, history=mine)
    np.testing.assert_array_equal(plan.paths("gdp"), proj.paths("gdp"))
    assert np.all(plan.paths("hte_count") >= proj.paths("hte_count"))


def test_inconsistent_exact_rd_rows_are_a_data_error(history):
    mine = _with(history, ("rd_spend", 2022, 95.0, "exact"), ("gdp", 2022, 4000.0, "exact"),
                 ("rd_intensity", 2022, 2.0, "exact"))
    with pytest.raises(hf.DataError, match=r"inconsistent history 2022: rd_spend 95"):
        simulate("baseline", n_paths=10, history=mine)


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


def test_scenario_override_of_an_anchor_wins_and_is_recorded():
    scen = hf.load_scenario("baseline").with_uncertainties(key_labs_2023=9)
    proj = simulate(scen, n_paths=200, seed=2, end_year=2024)
    assert proj.manifest["anchors"]["key_labs_2023"].startswith("scenario override")
    assert proj.manifest["uncertainties"]["key_labs_2023"]["default"] == 9
    assert any("overrides the history's anchors key_labs_2023" in n
               for n in proj.manifest["notes"])


@settings(max_examples=6, deadline=None)
@given(st.integers(300, 2000), st.sampled_from(["exact", "approx"]))
def test_draws_do_not_depend_on_the_anchor_values_or_kinds(stock, kind):
    history = hf.load_history()
    mine = _with(history[history["indicator"] != "hte_count"], ("hte_count", 2023, stock, kind))
    base = simulate("baseline", n_paths=200, seed=9, end_year=2027)
    proj = simulate("baseline", n_paths=200, seed=9, end_year=2027, history=mine)
    for key in ("gdp", "rd_spend", "key_labs"):
        np.testing.assert_array_equal(proj.paths(key), base.paths(key))
    first = proj.paths("hte_count")[:, 0]
    assert np.all(first > 0.9 * stock)  # one year after the 2023 stock
    assert f"hte_count 2023 {kind} {stock}" in proj.manifest["anchors"]["hte_count_2023"]


# --- indicators= and the shock cache (performance features that must not change numbers)

@pytest.mark.parametrize("keys", [["hte_count"], ["hightech_share"], ["key_labs", "gdp"],
                                  ["tech_contracts"]])
def test_simulating_a_subset_gives_the_same_paths(keys):
    full = hf.simulate("plan_2024", n_paths=1_500, seed=11)
    part = hf.simulate("plan_2024", n_paths=1_500, seed=11, indicators=keys)
    assert set(part.indicators) == set(keys)
    for key in keys:
        np.testing.assert_array_equal(part.paths(key), full.paths(key))


def test_simulating_an_indicator_the_method_cannot_is_an_argument_error():
    with pytest.raises(hf.ArgumentError, match="cannot simulate \\['enterprise_rd'\\]"):
        hf.simulate("baseline", n_paths=10, indicators=["enterprise_rd"])


def test_reused_shocks_are_read_only_and_results_are_not():
    memo = SimulationMemo()
    first = hf.simulate("baseline", n_paths=300, seed=12345, memo=memo)
    kept = [s for k, s in memo._shocks.items.items() if k[2] == (300,)]
    assert kept
    assert not kept[-1].certification.new.flags.writeable
    paths = first.paths("hte_count")
    paths[:] = -1.0  # a caller may scribble on its result ...
    again = hf.simulate("baseline", n_paths=300, seed=12345, memo=memo)
    assert (again.paths("hte_count") >= 0).all()  # ... without touching the next run


def test_large_runs_bypass_the_shock_memo():
    memo = SimulationMemo(max_shock_paths=100)
    big = hf.simulate("baseline", n_paths=101, seed=5, indicators=["key_labs"], memo=memo)
    assert memo._shocks.items == {}
    small = hf.simulate("baseline", n_paths=101, seed=5, indicators=["key_labs"],
                        memo=SimulationMemo(max_shock_paths=1_000))
    np.testing.assert_array_equal(big.paths("key_labs"), small.paths("key_labs"))


def test_a_memo_changes_no_number_and_is_not_module_state():
    memo = SimulationMemo()
    a = hf.simulate("plan_2024", n_paths=500, seed=3, memo=memo)
    b = hf.simulate("plan_2024", n_paths=500, seed=3, memo=memo)  # from the memo
    c = hf.simulate("plan_2024", n_paths=500, seed=3)  # a fresh memo of its own
    assert len(memo) >= 2
    for key in a.indicators:
        np.testing.assert_array_equal(a.paths(key), b.paths(key))
        np.testing.assert_array_equal(a.paths(key), c.paths(key))
    import pickle

    shipped = pickle.loads(pickle.dumps(memo))  # as a worker process receives it
    assert repr(shipped).endswith("shock_sets=0, trend_sets=0)")  # fits travel, draws not
    assert len(shipped) == len(memo) - 2
    d = hf.simulate("plan_2024", n_paths=500, seed=3, memo=shipped)
    for key in a.indicators:
        np.testing.assert_array_equal(a.paths(key), d.paths(key))
    b.paths("tech_contracts")[:] = 0.0  # the caller's copy: the memo is unchanged
    e = hf.simulate("plan_2024", n_paths=500, seed=3, memo=memo)
    np.testing.assert_array_equal(a.paths("tech_contracts"), e.paths("tech_contracts"))


def test_a_run_spec_gives_the_same_result_as_keywords():
    run = RunSpec(n_paths=400, seed=9, end_year=2030)
    a = hf.simulate("baseline", run=run)
    b = hf.simulate("baseline", n_paths=400, seed=9, end_year=2030)
    assert a.years[-1] == 2030
    np.testing.assert_array_equal(a.paths("hte_count"), b.paths("hte_count"))
    with pytest.raises(hf.ArgumentError, match="unknown run setting"):
        run.replace(n_path=3)
    with pytest.raises(hf.ArgumentError, match="n_paths"):
        RunSpec(n_paths=0)


def test_tech_contracts_stay_below_projected_gdp():
    # issue 13: the unbounded trend's 2035 90th percentile was about 40x projected GDP
    import huaian_forecast as hf
    from huaian_forecast.simulation.bounds import RATIO_CEILINGS

    ceiling = RATIO_CEILINGS["tech_contracts"].ceiling
    for method in ("trend", "structural"):
        proj = hf.simulate("baseline", n_paths=2000, seed=3, end_year=2035, method=method)
        tc, gdp = proj.paths("tech_contracts"), proj.paths("gdp")
        assert np.all(tc <= ceiling * gdp * (1 + 1e-9))
        assert np.quantile(tc[:, -1], 0.9) < np.median(gdp[:, -1])
        assert np.quantile(tc[:, -1], 0.5) > 170  # bounded, not flattened below 2023's level
    only = hf.simulate("baseline", n_paths=2000, seed=3, end_year=2035,
                       indicators=("tech_contracts",))
    assert only.indicators == ("tech_contracts",)
    np.testing.assert_allclose(only.paths("tech_contracts"), tc)  # same paths either way


def test_cap_ratio_is_identity_for_falling_paths_and_smooth_near_the_start():
    from huaian_forecast.simulation.bounds import cap_ratio

    gdp = np.full((2, 3), 100.0)
    level = np.array([[3.0, 2.0, 1.0], [3.0, 3.03, 3.06]])
    out = cap_ratio(level, gdp, 0.1)
    np.testing.assert_allclose(out[0], level[0])
    np.testing.assert_allclose(out[1], level[1], rtol=2e-3)


def test_rd_intensity_and_spend_share_one_ceiling_and_stay_consistent():
    import huaian_forecast as hf
    from huaian_forecast.simulation.bounds import RATIO_CEILINGS

    ceiling = 100 * RATIO_CEILINGS["rd_spend"].ceiling
    proj = hf.simulate("accelerated", n_paths=2000, seed=5, end_year=2035)
    intensity = proj.paths("rd_intensity")
    assert intensity.max() < ceiling
    np.testing.assert_allclose(intensity, 100 * proj.paths("rd_spend") / proj.paths("gdp"),
                               rtol=1e-9)
    trend = hf.simulate("baseline", n_paths=2000, seed=5, end_year=2035, method="trend")
    assert trend.paths("rd_intensity").max() <= ceiling * (1 + 1e-9)
    assert (trend.paths("rd_spend") / trend.paths("gdp")).max() <= ceiling / 100 * (1 + 1e-9)


def test_the_key_labs_counting_choice_is_said_where_planners_read_it():
    # 6 labs (the report's provincial labs) or 11 (with the 5 newly introduced) moves
    # p(2035 >= 15) from about 0.04 to about 0.6: a reading, stated with how to change it
    from huaian_forecast.report._notes_zh import limitations_zh

    base = hf.load_scenario("baseline")
    notes = hf.simulate(base, n_paths=50, seed=1, end_year=2025).manifest["notes"]
    assert any(n.startswith("key labs 2023 counted as 6") for n in notes)
    assert any("新引进的2个全国重点实验室" in line for line in limitations_zh(notes))
    other = hf.simulate(base.with_uncertainties(key_labs_2023=11), n_paths=50, seed=1,
                        end_year=2025).manifest["notes"]
    assert not any(n.startswith("key labs 2023") for n in other)
    history = hf.load_history()  # a planner's file counting 11: the note does not apply
    row = ((history["indicator"] == "key_labs") & (history["year"] == 2023)
           & (history["region"] == "Huai'an"))
    history.loc[row, "value"] = 11.0
    counted = hf.simulate(base, n_paths=50, seed=1, end_year=2025,
                          history=history).manifest["notes"]
    assert not any(n.startswith("key labs 2023") for n in counted)


def test_the_chinese_notes_name_the_run_s_own_origin_year():
    # the planner sentences used to say 2023 whatever the origin; with a 2024 point the
    # origin is 2024, and the carried-forward levels are said by name
    import pandas as pd

    from huaian_forecast.report._notes_zh import limitations_zh

    history = hf.load_history()
    extra = history[(history["region"] == "Huai'an") & (history["indicator"] == "gdp")].tail(1)
    history = pd.concat([history, extra.assign(year=2024, value=5400.0)], ignore_index=True)
    manifest = hf.simulate("baseline", history=history, n_paths=50, seed=1,
                           end_year=2026).manifest
    lines = limitations_zh(manifest["notes"], manifest["carried_forward"])
    assert any(line.startswith("2024年的起点取自历史数据") for line in lines)
    assert any(line.startswith("起点为2024年（淮安市") for line in lines)
    assert any(line.startswith("2022—2024年各批高新技术企业") for line in lines)
    assert any(line.startswith("省级以上重点实验室：起点年没有数据") for line in lines)
    assert not any("2023" in line for line in lines if "起点" in line)
    bundled = limitations_zh(hf.simulate("baseline", n_paths=50, seed=1,
                                         end_year=2026).manifest["notes"])
    assert any(line.startswith("2023年的起点取自历史数据") for line in bundled)
    assert not any("：起点年没有数据，" in line for line in bundled)


def test_a_level_carried_forward_is_read_from_the_manifest_s_record_not_its_wording():
    # the caveat and the Chinese notes once matched "carried forward from" in the anchor's
    # source: a reworded source would have silenced both
    from huaian_forecast.cli.caveats import carried_forward_caveat
    from huaian_forecast.report._notes_zh import limitations_zh

    reworded = ("anchor key_labs_2023: inferred for 2024: the 2023 value, held level (an "
                "inference, not an observation)")
    said = "省级以上重点实验室：起点年没有数据"
    assert any(line.startswith(said) for line in limitations_zh([reworded], ["key_labs_2023"]))
    worded = ("anchor key_labs_2023: inferred for 2024: carried forward from 2023 (one point; "
              "drift s.d. assumed) (an inference, not an observation)")
    assert not any(line.startswith(said) for line in limitations_zh([worded]))
    manifest = {"origin": 2024, "anchors": {"key_labs_2023": worded.split(": ", 1)[1]},
                "carried_forward": []}
    assert carried_forward_caveat(manifest, "en") is None
    manifest = {"origin": 2024, "anchors": {"key_labs_2023": reworded.split(": ", 1)[1]},
                "carried_forward": ["key_labs_2023"]}
    assert "no 2024 (origin) value of Key labs" in carried_forward_caveat(manifest, "en")
    assert "省级以上重点实验室" in carried_forward_caveat(manifest, "zh")
