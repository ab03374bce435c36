from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import huaian_forecast as hf
from huaian_forecast.scenarios import LEVERS, UNCERTAINTIES, Scenario, load_scenario

SCENARIO_DATA = Path(__file__).parent / "data" / "scenarios"
BAD = SCENARIO_DATA / "bad"
CONTRACT_LEVERS = ("first_time_applications", "recertification_support", "rd_rewards",
                   "major_project_rd", "hightech_projects", "new_key_labs")


def test_contract_levers_exist_with_labels_and_sources():
    for key in CONTRACT_LEVERS:
        lever = LEVERS[key]
        assert lever.name_zh
        assert lever.name_en
        assert lever.unit
        assert lever.source
        assert lever.low <= lever.default <= lever.high


def test_every_assumption_says_why():
    for item in [*LEVERS.values(), *UNCERTAINTIES.values()]:
        assert item.source, item.key
        if item.assumption:
            assert item.reason, item.key


def test_unit_costs_of_certification_rewards():
    assert LEVERS["first_time_applications"].unit_cost_yuan == 500_000
    assert LEVERS["recertification_support"].unit_cost_yuan == 200_000


def test_a_cost_paid_per_success_is_a_field_of_the_registry_not_a_sentence():
    # the levers listing, cost_basis and annual_cost each parsed "reward per successful ..."
    # out of the cost_basis sentence; they now read paid_per_success / success_rate
    from huaian_forecast.analysis.cost import PAID_PER_SUCCESS
    from huaian_forecast.scenarios import Lever

    paid = {k for k, lev in LEVERS.items() if lev.paid_per_success}
    assert paid == {"first_time_applications", "recertification_support"}
    for key, lev in LEVERS.items():  # the sentence and the field say the same
        assert ("per successful" in lev.cost_basis) == (key in paid), key
        assert not lev.success_rate or lev.success_rate in UNCERTAINTIES
    assert dict(PAID_PER_SUCCESS) == {"first_time_applications": "first_time_pass_rate"}
    with pytest.raises(ValueError, match="needs paid_per_success"):
        Lever(key="x", name_zh="x", name_en="x", unit="firms/yr", default=1.0, low=0.0,
              high=2.0, success_rate="first_time_pass_rate")


def test_builtin_scenarios_listed_and_loadable():
    names = hf.list_scenarios()
    assert {"baseline", "plan_2024", "accelerated", "gdp_slowdown"} <= set(names)
    for name in names:
        assert hf.load_scenario(name).name == name


def test_baseline_sets_no_lever_so_every_lever_is_its_default():
    base = load_scenario("baseline")
    assert base.lever_settings() == {k: lv.default for k, lv in LEVERS.items()}


def test_plan_2024_follows_the_seed():
    plan = load_scenario("plan_2024")
    assert plan.lever_path("first_time_applications", [2024])[0] == 500
    assert plan.lever_path("hightech_projects", [2030])[0] == 80
    assert plan.lever_path("tech_sme_pipeline", [2030])[0] == 1800


def test_lever_path_is_held_from_each_listed_year_status_quo_before():
    s = Scenario(name="s", levers={"rd_rewards": {2025: 1.0, 2027: 3.0}})
    got = s.lever_path("rd_rewards", [2024, 2025, 2026, 2027, 2035])
    np.testing.assert_array_equal(got, [0.5, 1.0, 1.0, 3.0, 3.0])  # 0.5: status quo


def test_with_levers_and_with_uncertainties_return_validated_copies():
    base = load_scenario("baseline")
    more = base.with_levers(first_time_applications=800)
    assert more.lever_path("first_time_applications", [2024])[0] == 800
    assert base.lever_path("first_time_applications", [2024])[0] == 275
    pinned = base.with_uncertainties(first_time_pass_rate=70.0)
    unc = pinned.uncertainty("first_time_pass_rate")
    assert unc.distribution == "fixed"
    np.testing.assert_array_equal(unc.sample(np.array([0.1, 0.9])), [0.7, 0.7])
    with pytest.raises(hf.ScenarioError, match=r"valid levers: .*first_time_applications"):
        base.with_levers(applications=800)


def test_valid_file_round_trips_through_to_toml(tmp_path):
    s = load_scenario(SCENARIO_DATA / "valid.toml")
    assert s.name == "custom"
    assert s.lever_path("first_time_applications", [2025])[0] == 400
    assert s.uncertainty("gdp_real_growth").high == 4.0
    path = tmp_path / "again.toml"
    path.write_text(s.to_toml(), encoding="utf-8")
    again = load_scenario(path)
    assert again.lever_settings() == s.lever_settings()
    assert again.uncertainty("gdp_real_growth") == s.uncertainty("gdp_real_growth")


@pytest.mark.parametrize(("name", "pattern"), [
    ("unknown_lever.toml", r"unknown_lever\.toml: unknown lever 'first_time_aplications'; "
                           r"valid levers: .*first_time_applications"),
    ("out_of_range.toml", r"levers\.first_time_applications: value 5000 outside the "
                          r"plausible range \[0, 2000\]"),
    ("wrong_type.toml", r"levers\.rd_rewards: expected a number, got str 'one'"),
    ("bool_value.toml", r"levers\.new_key_labs: expected a number, got bool"),
    ("bad_year.toml", r"levers\.rd_rewards: year 'soon' is not a whole calendar year"),
    ("year_out_of_range.toml", r"levers\.rd_rewards: year 1850 outside 2000-2100"),
    ("unknown_uncertainty.toml", r"unknown uncertainty 'pass_rate'; valid uncertainties: "
                                 r".*first_time_pass_rate"),
    ("pin_outside_limits.toml", r"uncertainties\.first_time_pass_rate: value 140 outside"),
    ("unknown_field.toml", r"gdp_real_growth: unknown field 'mean'; valid fields: default"),
    ("unknown_table.toml", r"unknown key 'lever'; valid keys: name, description, levers"),
    ("missing_name.toml", r"missing_name\.toml: missing key 'name'"),
    ("not_toml.toml", r"not_toml\.toml: not valid TOML"),
])
def test_bad_scenario_files_raise_scenario_error_naming_file_and_key(name, pattern):
    path = BAD / name
    with pytest.raises(hf.ScenarioError, match=pattern):
        load_scenario(path)


def test_unknown_name_lists_builtin_scenarios():
    with pytest.raises(hf.ScenarioError, match=r"built-in scenarios: .*baseline.*plan_2024"):
        load_scenario("plan_2042")


def test_missing_file_is_scenario_error(tmp_path):
    with pytest.raises(hf.ScenarioError, match="not found"):
        load_scenario(tmp_path / "nope.toml")


@given(st.floats(0, 1), st.floats(0, 1))
def test_uncertainty_quantile_is_monotone_and_within_range(u1, u2):
    for unc in UNCERTAINTIES.values():
        lo, hi = sorted((u1, u2))
        a, b = unc.quantile(np.array([lo, hi]))
        assert unc.low - 1e-12 <= a <= b + 1e-12 <= unc.high + 2e-12


def test_triangular_quantile_matches_hand_computation():
    unc = UNCERTAINTIES["first_time_pass_rate"]  # triangular(50, 65, 80): symmetric
    # F(65) = 0.5; at u = 0.125: x = 50 + sqrt(0.125 * 30 * 15) = 57.5
    np.testing.assert_allclose(unc.quantile(np.array([0.125, 0.5, 0.875])),
                               [57.5, 65.0, 72.5])


def test_normal_override_is_truncated_to_its_range():
    s = Scenario(name="n", uncertainties={
        "gdp_real_growth": {"distribution": "normal", "low": 2.0, "default": 4.0,
                            "high": 6.0, "sd": 1.0}})
    unc = s.uncertainty("gdp_real_growth")
    x = unc.quantile(np.array([1e-9, 0.5, 1 - 1e-9]))
    assert x[0] >= 2.0
    assert x[1] == pytest.approx(4.0)
    assert x[2] <= 6.0


def _cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    from huaian_forecast.cli.main import main

    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_assess_builtin_scenario_and_scenario_file(capsys, tmp_path):
    import json

    code, out, _ = _cli(capsys, "assess", "--scenario", "plan_2024", "--format", "json",
                        "--n-paths", "500")
    assert code == 0
    plan = {(r["indicator"], r["year"]): r for r in json.loads(out)}
    assert plan[("hte_count", 2025)]["p_reach"] is not None
    path = tmp_path / "mine.toml"
    path.write_text('name = "mine"\n[levers]\nfirst_time_applications = 1500\n',
                    encoding="utf-8")
    code, out, _ = _cli(capsys, "assess", "--scenario", str(path), "--format", "json",
                        "--n-paths", "500")
    assert code == 0
    mine = {(r["indicator"], r["year"]): r for r in json.loads(out)}
    assert mine[("hte_count", 2030)]["median"] > plan[("hte_count", 2030)]["median"]


def test_cli_bad_scenario_file_is_one_line_exit_2(capsys):
    code, out, err = _cli(capsys, "assess", "--scenario", str(BAD / "out_of_range.toml"))
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1
    assert "out_of_range.toml" in err
    assert "first_time_applications" in err


def test_cli_trend_method(capsys):
    code, out, _ = _cli(capsys, "assess", "--method", "trend", "--format", "json",
                        "--n-paths", "300")
    assert code == 0
    assert '"rd_intensity"' in out


def test_scenario_pickles_for_process_pools():
    import pickle

    s = load_scenario("gdp_slowdown").with_levers(rd_rewards={2024: 1.0, 2026: 2.0})
    again = pickle.loads(pickle.dumps(s))
    assert again == s
    assert again.uncertainty("gdp_real_growth") == s.uncertainty("gdp_real_growth")
    assert hash(again) == hash(s)


def test_numpy_numbers_are_accepted_numpy_bools_are_not():
    s = load_scenario("baseline").with_levers(first_time_applications=np.int64(400),
                                             rd_rewards=np.float32(1.5))
    assert s.lever_path("first_time_applications", [2030])[0] == 400
    with pytest.raises(hf.ScenarioError, match="expected a number, got bool"):
        Scenario(name="b", levers={"new_key_labs": np.bool_(True)})


def test_tables_list_every_lever_and_the_overrides():
    from huaian_forecast.scenarios import lever_table, uncertainty_table

    levers = lever_table()
    assert list(levers.index) == list(LEVERS)
    assert levers.loc["recertification_support", "unit_cost_yuan"] == 200_000
    slow = uncertainty_table(load_scenario("gdp_slowdown"))
    assert slow.loc["gdp_real_growth", "high"] == 4.5
    assert uncertainty_table().loc["gdp_real_growth", "high"] == 7.5


def test_equality_ignores_where_a_scenario_came_from(tmp_path):
    s = load_scenario("plan_2024")
    path = tmp_path / "copy.toml"
    path.write_text(s.to_toml(), encoding="utf-8")
    again = load_scenario(path)
    assert again.origin != s.origin
    assert again == s
    assert hash(again) == hash(s)


def test_a_scenario_file_may_name_levers_in_chinese_and_a_bare_chinese_key_is_explained(
        tmp_path):
    from huaian_forecast.exceptions import ScenarioError

    mine = tmp_path / "mine.toml"
    mine.write_text('name = "mine"\n[levers]\n"高新技术企业首次申报数" = 400\n'
                    '"First-time high-tech enterprise applications" = 400\n', encoding="utf-8")
    with pytest.raises(ScenarioError, match="'first_time_applications' is set twice"):
        hf.load_scenario(mine)
    mine.write_text('name = "mine"\n[levers]\n"高新技术企业首次申报数" = 400\n', encoding="utf-8")
    assert dict(hf.load_scenario(mine).levers) == {"first_time_applications": 400.0}
    mine.write_text('name = "mine"\n[levers]\n高新技术企业首次申报数 = 400\n', encoding="utf-8")
    with pytest.raises(ScenarioError,
                       match='a key in Chinese must be quoted: "高新技术企业首次申报数"'):
        hf.load_scenario(mine)
