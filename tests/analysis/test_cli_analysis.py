"""CLI subcommands compare, solve and pace, in process, with --format json."""

from __future__ import annotations

import json
import math
import re

import pytest


def test_pace_json_reproduces_the_seed(run_cli):
    code, out, err = run_cli("pace", "--value", "63.05", "--target", "140", "--as-of",
                             "2024-05-31", "--format", "json")
    assert (code, err) == (0, "")
    rec = json.loads(out)
    assert rec["pace"] == 1.08
    assert rec["pace_percent"] == 108
    assert rec["pace_exact"] == pytest.approx(63.05 / 140 * 12 / 5, abs=1e-6)
    assert "nowcast" not in rec


def test_pace_ytd_number_still_works_with_a_deprecation_note(run_cli):
    one = ("--target", "140", "--as-of", "2024-05-31", "--yoy-growth", "38.7",
           "--format", "json")
    code, new, err_new = run_cli("pace", "--value", "63.05", *one)
    assert (code, err_new) == (0, "")
    code, old, err_old = run_cli("pace", "--ytd", "63.05", *one)
    assert code == 0
    assert json.loads(old) == json.loads(new)
    assert err_old.count("\n") == 1
    assert "note: --ytd 63.05: a number after --ytd is deprecated; write --value 63.05" in err_old


def test_pace_with_growth_adds_a_nowcast(run_cli):
    code, out, _ = run_cli("pace", "--ytd", "63.05", "--target", "140", "--as-of",
                        "2024-05-31", "--yoy-growth", "38.7", "--format", "json")
    rec = json.loads(out)
    assert code == 0
    assert rec["nowcast_lo"] < rec["nowcast"] < rec["nowcast_hi"]
    assert 0 < rec["p_meet_target"] < 1


def test_pace_without_arguments_prints_the_bundled_table(run_cli):
    code, out, _ = run_cli("pace", "--format", "json")
    assert code == 0
    records = {r["indicator"]: r for r in json.loads(out)}
    assert round(records["enterprise_rd"]["pace"], 2) == 1.08


def test_pace_partial_arguments_and_bad_date_are_user_errors(
        run_cli):
    code, out, err = run_cli("pace", "--value", "63.05")
    assert (code, out) == (2, "")
    assert "give all of --value, --target and --as-of" in err
    code, out, err = run_cli("pace", "--ytd", "63.05")  # the old spelling names itself
    assert (code, out) == (2, "")
    assert "give all of --ytd, --target and --as-of" in err
    code, _, err = run_cli("pace", "--value", "1", "--target", "2", "--as-of", "May")
    assert code == 2
    assert err.count("\n") == 1


def test_compare_json_one_record_per_scenario_and_target(run_cli):
    code, out, _ = run_cli("compare", "baseline", "plan_2024", "accelerated",
                        "--format", "json", "--n-paths", "200")
    assert code == 0
    records = json.loads(out)
    pairs = {(r["scenario"], r["indicator"], r["year"]) for r in records}
    assert len(pairs) == len(records)
    for name in ("baseline", "plan_2024", "accelerated"):
        assert (name, "hte_count", 2030) in pairs
    for rec in records:
        assert {"scenario", "indicator", "year", "p_reach", "delta_p_vs_baseline"} <= set(rec)
        assert 0.0 <= rec["p_reach"] <= 1.0
    base = [r for r in records if r["scenario"] == "baseline"]
    assert all(r["delta_p_vs_baseline"] == 0 for r in base if r["p_source"] == "simulation")
    # nowcast rows (2024's year-to-date targets) are the same in every scenario: no delta
    assert all(r["delta_p_vs_baseline"] is None for r in base if r["p_source"] == "nowcast")
    assert any(r["p_source"] == "nowcast" for r in base)


def test_compare_unknown_scenario_is_one_line(run_cli):
    code, out, err = run_cli("compare", "baseline", "utopia", "--n-paths", "50")
    assert (code, out) == (2, "")
    assert "unknown scenario 'utopia'" in err
    assert err.count("\n") == 1


def test_solve_json(run_cli):
    code, out, _ = run_cli("solve", "--lever", "first_time_applications", "--indicator",
                        "hte_count", "--year", "2030", "--p", "0.8", "--format", "json",
                        "--n-paths", "300")
    assert code == 0
    rec = json.loads(out)
    assert {"lever", "value", "p_reach", "reachable"} <= set(rec)
    assert rec["lever"] == "first_time_applications"
    assert rec["threshold"] == 1500  # the bundled 2030 target
    if rec["reachable"]:
        assert rec["p_reach"] >= 0.8
        assert 0 <= rec["value"] <= 2000
    else:
        assert rec["value"] is None
    values = [pt["value"] for pt in rec["curve"]]
    assert values == sorted(values)
    # the answer is a plan: the model delivers 40-100 % of its change from the scenario's 275
    assert rec["plan_caveat"].startswith("note: first_time_applications is a plan")
    assert "40-100 % (delivery_certification) of its change from the status quo (275)" in (
        rec["plan_caveat"])


@pytest.mark.parametrize(("lever", "indicator", "year", "p"), [
    ("first_time_applications", "hte_count", 2030, "0.8"),
    ("rd_rewards", "rd_intensity", 2025, "0.3")])
def test_solve_curve_shows_values_a_planner_can_set(run_cli, lever, indicator, year, p):
    # the curve printed bisection points: "351.562" enterprises, "5.3125" 亿元
    args = ("solve", "--lever", lever, "--indicator", indicator, "--year", str(year),
            "--p", p, "--n-paths", "300", "--lang", "en")
    code, out, _ = run_cli(*args)
    assert code == 0
    rows = out.split("p_reach s.e.\n", 1)[1].splitlines()
    shown = [row.split()[0] for row in rows]
    assert len(shown) >= 9
    if lever == "first_time_applications":  # a count: whole, with thousands separators
        assert all(re.fullmatch(r"\d{1,3}(,\d{3})*", v) for v in shown), shown
    else:  # money: three significant figures at most, no trailing zeros
        assert all(len(v.replace(".", "").lstrip("0")) <= 3 for v in shown), shown
    code, out, _ = run_cli(*args, "--format", "json")
    rec = json.loads(out)
    assert rec["reachable"]
    assert rec["value"] == float(f"{rec['value']:.3g}") or float(rec["value"]).is_integer()
    assert rec["value_interpolated"] <= rec["value"]  # the crossing, kept for programs
    assert rec["value_step"] == (1.0 if lever == "first_time_applications" else 0.01)
    at = {pt["value"]: pt["p_reach"] for pt in rec["curve"]}
    assert at[rec["value"]] == rec["p_reach"] >= float(p)  # simulated at the value itself


def test_solve_unreachable_is_reported_with_exit_0(run_cli):
    code, out, _ = run_cli("solve", "--lever", "rd_rewards", "--indicator", "hte_count",
                        "--year", "2026", "--threshold", "1e6", "--format", "json",
                        "--n-paths", "50")
    rec = json.loads(out)
    assert code == 0
    assert rec["reachable"] is False
    assert rec["value"] is None
    assert rec["note"].startswith("not reachable within range")
    assert not math.isnan(rec["p_reach"])


def test_solve_table_and_missing_target(run_cli):
    code, out, _ = run_cli("solve", "--lever", "new_key_labs", "--indicator", "key_labs",
                        "--year", "2030", "--n-paths", "100")
    assert code == 0
    assert out.startswith("new_key_labs")
    code, _, err = run_cli("solve", "--lever", "new_key_labs", "--indicator",
                        "key_labs", "--year", "2031", "--n-paths", "50")
    assert code == 2
    assert "no target for key_labs in 2031; give --threshold" in err


def test_compare_lang_zh_names_the_indicators(capsys):
    from huaian_forecast.cli.main import main

    assert main(["compare", "baseline", "--n-paths", "100", "--lang", "zh", "--wide"]) == 0
    out = capsys.readouterr().out
    # Chinese throughout (issue 14): headers, codes and units, not only the name column
    assert out.splitlines()[0].split()[:3] == ["情景", "指标代码", "指标"]
    assert "高新技术企业数" in out
    assert "不低于" in out
    assert "at_least" not in out
    assert " 家 " in out
    # the reason of a disagreement and the growth families, not English sentences
    assert "历史数据太短" in out
    for english in ("growth families", "short history", "linear=", "rw_drift"):
        assert english not in out


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_frontier_prints_in_the_chosen_language(run_cli, lang):
    # the frontier command printed English whatever --lang said (Chinese is the default)
    import re

    code, out, _ = run_cli("frontier", "--x", "first_time_applications", "--y",
                           "recertification_support", "--indicator", "hte_count", "--year",
                           "2030", "--grid", "3", "--n-paths", "200", "--lang", lang)
    assert code == 0
    if lang == "zh":
        assert "高新技术企业首次申报数（x）" in out
        assert "可达" in out
        assert "没有成本最低的组合" in out  # recertification support has no unit cost
        assert not re.search(r"[A-Za-z]{3,}", out)  # no English word left
    else:
        assert "\nfrontier of first_time_applications (x)" in out
        assert out.startswith("target: High-tech enterprises 2030 ≥ 1,500 firms\n"
                              "note: first_time_applications is a plan, not what happens")
        assert "no least-cost point" in out


def test_solve_for_a_year_with_year_to_date_figures_says_the_nowcast_ignores_levers(run_cli):
    # solve answered "313 applications a year give 0.81" for 2024's 500 applications
    # while assess and report give that target the nowcast's 0.13, which no lever moves
    args = ("solve", "--lever", "first_time_applications", "--indicator", "hte_applications",
            "--year", "2024", "--p", "0.8", "--n-paths", "200", "--lang", "zh")
    code, out, _ = run_cli(*args)
    assert code == 0
    assert "注意：2024年已有年内进度数据，按其推算的达标概率为 0.13" in out
    code, out, _ = run_cli(*args, "--format", "json")
    assert "nowcast from them gives p_reach 0.13" in json.loads(out)["year_to_date_caveat"]
    code, out, _ = run_cli("solve", "--lever", "first_time_applications", "--indicator",
                           "hte_count", "--year", "2030", "--p", "0.8", "--n-paths", "200",
                           "--format", "json")
    assert json.loads(out)["year_to_date_caveat"] is None  # 2030: no such figures
    code, out, _ = run_cli("frontier", "--x", "first_time_applications", "--y",
                           "recertification_support", "--indicator", "hte_applications",
                           "--year", "2024", "--threshold", "500", "--grid", "2",
                           "--n-paths", "100", "--format", "json")
    assert code == 0
    assert json.loads(out)["nowcast_p"] == pytest.approx(0.13, abs=0.01)  # as solve's


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_solve_and_frontier_say_the_cost_is_an_expected_payout_with_units(run_cli, lang):
    # "每年成本 1.170 亿元" for 360 applications read as 360 x 50万 = 1.8亿: the code pays
    # the reward on certification only, at the 65 % central pass rate
    code, out, _ = run_cli("solve", "--lever", "first_time_applications", "--indicator",
                           "hte_count", "--year", "2030", "--n-paths", "200", "--lang", lang)
    assert code == 0
    if lang == "zh":
        assert "预期奖补支出（按通过后兑现、通过率 65% 计）：每年" in out
        assert "每年成本" not in out
        assert "较情景设定 275 家/年 变化" in out
    else:
        assert ("expected reward payout (paid per successful first-time certification, at a "
                "65 % pass rate): ") in out
        assert "hundred million yuan vs the scenario's 275 firms per year)" in out
    code, out, _ = run_cli("frontier", "--x", "first_time_applications", "--y", "rd_rewards",
                           "--indicator", "hte_count", "--year", "2030", "--grid", "3",
                           "--n-paths", "200", "--lang", lang)
    assert code == 0
    if lang == "zh":
        assert ("成本口径：高新技术企业首次申报数为预期奖补支出（按通过后兑现、通过率 65% 计）"
                in out)
        assert "说明：x 已二分细化" in out
    else:
        assert "cost basis of first_time_applications: expected reward payout" in out
        assert "note: x refined by bisection between grid values 0 and 1000" in out


def test_cli_refuses_a_fraction_threshold_for_a_percent_indicator(run_cli):
    # --threshold 0.03 for an R&D intensity of 3 % was accepted (">= 0.03 %: p = 1.000")
    for cmd in (("solve", "--lever", "rd_rewards"),
                ("frontier", "--x", "rd_rewards", "--y", "major_project_rd")):
        code, out, err = run_cli(*cmd, "--indicator", "rd_intensity", "--year", "2030",
                                 "--threshold", "0.03", "--n-paths", "20")
        assert code == 2
        assert out == ""
        assert "--threshold 0.03 % is implausible for rd_intensity" in err
        assert "did you mean --threshold 3 (3 %)?" in err
    code, _, err = run_cli("solve", "--lever", "rd_rewards", "--indicator", "hte_count",
                           "--year", "2030", "--threshold", "-5", "--n-paths", "20")
    assert code == 2
    assert "implausible for hte_count" in err
    # a fractional count was accepted here although a target file refuses it
    code, out, err = run_cli("solve", "--lever", "rd_rewards", "--indicator", "hte_count",
                             "--year", "2030", "--threshold", "1000.5", "--n-paths", "20")
    assert (code, out) == (2, "")
    assert "must be a whole number" in err
    assert "did you mean --threshold 1001?" in err
    code, _, err = run_cli("solve", "--lever", "rd_rewards", "--indicator", "hte_count",
                           "--year", "2030", "--threshold", "999999.5", "--direction",
                           "at_most", "--n-paths", "20")
    assert code == 2
    assert "--threshold 999999.5" in err  # not 1e+06
    assert "did you mean --threshold 999999?" in err  # at most 999,999.5 is 999,999
    code, _, err = run_cli("solve", "--lever", "rd_rewards", "--indicator", "hte_count",
                           "--year", "2030", "--threshold", "1000000.5", "--n-paths", "20")
    assert code == 2
    assert "--threshold 1000000.5 家 is implausible" in err  # not "1e+06", the bound itself
    assert "within 0 to 1,000,000 家" in err


def test_cli_levers_by_chinese_name_and_close_matches(run_cli):
    code, out, _ = run_cli("solve", "--lever", "高新技术企业首次申报数", "--indicator",
                           "hte_count", "--year", "2030", "--n-paths", "50", "--format",
                           "json")
    assert code == 0
    assert json.loads(out)["lever"] == "first_time_applications"
    code, _, err = run_cli("solve", "--lever", "first_time_aplications", "--indicator",
                           "hte_count", "--year", "2030", "--n-paths", "20")
    assert code == 2
    assert "--lever: unknown lever 'first_time_aplications'; did you mean " \
           "first_time_applications?" in err
    code, _, err = run_cli("frontier", "--x", "rd_reward", "--y", "first_time_applications",
                           "--indicator", "hte_count", "--year", "2030", "--n-paths", "20")
    assert code == 2
    assert "--x: unknown lever 'rd_reward'; did you mean rd_rewards?" in err


def test_cli_year_without_target_lists_the_years_in_cli_words(run_cli):
    for cmd in (("solve", "--lever", "rd_rewards"),
                ("frontier", "--x", "rd_rewards", "--y", "first_time_applications")):
        code, _, err = run_cli(*cmd, "--indicator", "hte_count", "--year", "2031",
                               "--n-paths", "20")
        assert code == 2
        assert ("no target for hte_count in 2031; give --threshold, or a year with a target "
                "for hte_count: 2024, 2025, 2030, 2035") in err
        assert "(indicator, year, threshold)" not in err  # Python wording, not the CLI's
    code, _, err = run_cli("solve", "--lever", "rd_rewards", "--indicator", "hte_count",
                           "--year", "2020", "--n-paths", "20")
    assert code == 2
    assert "--year must be 2024 or later" in err
    assert "(year)" not in err
    code, _, err = run_cli("solve", "--lever", "rd_rewards", "--indicator", "hte_count",
                           "--year", "2030", "--n-paths", "0")
    assert "--n-paths (n_paths) must be at least 1" in err


def test_solve_says_a_lever_has_no_cost_data_and_no_effect(run_cli):
    code, out, _ = run_cli("solve", "--lever", "major_project_rd", "--indicator",
                           "rd_intensity", "--year", "2030", "--n-paths", "100", "--lang", "zh")
    assert code == 0
    assert "成本：无成本数据" in out
    code, out, _ = run_cli("solve", "--lever", "tech_projects", "--indicator", "hte_count",
                           "--year", "2030", "--n-paths", "200", "--lang", "zh")
    assert code == 0
    assert out.startswith("tech_projects: 该杠杆在模型中不影响此指标")
    assert "无法达到" not in out


def test_solve_puts_the_year_to_date_caveat_under_its_headline(run_cli):
    code, out, _ = run_cli("solve", "--lever", "first_time_applications", "--indicator",
                           "hte_applications", "--year", "2024", "--p", "0.8", "--n-paths",
                           "200", "--lang", "en")
    assert code == 0
    lines = out.splitlines()
    assert lines[1].startswith("note: 2024 has year-to-date figures")


def test_compare_table_prints_a_missing_difference_as_a_dash(run_cli):
    code, out, _ = run_cli("compare", "baseline", "accelerated", "--n-paths", "200", "--wide")
    assert code == 0
    assert "NaN" not in out
    row = next(line for line in out.splitlines() if "hte_applications" in line)
    assert "—" in row  # the nowcast row's scenario difference


def test_a_share_threshold_written_as_a_fraction_is_refused(run_cli):
    # 0.4 for a 40 % high-tech share was accepted and "reached at the low end"
    code, out, err = run_cli("solve", "--lever", "first_time_applications", "--indicator",
                             "hightech_share", "--year", "2030", "--threshold", "0.4",
                             "--n-paths", "100")
    assert (code, out) == (2, "")
    assert "did you mean --threshold 40" in err


def test_a_killed_jobs_worker_is_a_child_process_error_not_a_bug():
    # the out-of-memory killer ending a --jobs worker broke the pool: BrokenProcessPool
    # reached the CLI's last resort ("internal error ... a bug")
    import os

    from huaian_forecast.cli.common import process_pool

    with pytest.raises(ChildProcessError, match="ended abruptly"), process_pool(2) as ex:
        ex.submit(os._exit, 1).result()


def test_compare_table_shows_counts_whole_and_json_keeps_numbers(run_cli):
    # the compare table printed 934.000 firms and 6.000 labs beside 2.305 %
    code, out, _ = run_cli("compare", "baseline", "--n-paths", "200", "--lang", "en", "--wide")
    assert code == 0
    firms = next(line for line in out.splitlines() if " hte_count " in line and " 2025 " in line)
    assert " 1000 " in firms
    assert ".000" not in firms.split("firms", 1)[1].split("at_least", 1)[0]  # threshold
    assert re.search(r"\s\d{3,4}\s+\d{3,4}\s+\d{3,4}\s", firms)  # q10 median q90 whole
    share = next(line for line in out.splitlines() if " rd_intensity " in line)
    assert re.search(r"\d\.\d{3}", share)  # other indicators keep three decimals
    code, out, _ = run_cli("compare", "baseline", "--n-paths", "200", "--format", "json")
    rows = json.loads(out)
    assert isinstance(next(r for r in rows if r["indicator"] == "hte_count")["median"], float)
    code, out, _ = run_cli("pace", "--lang", "en")  # the pace table's counts too
    apps = next(line for line in out.splitlines() if line.lstrip().startswith("hte_app"))
    assert " 48 " in apps
    assert " 500 " in apps
    assert "48.000" not in apps


def test_compare_table_is_a_line_per_target_with_assess_s_range_and_labels(run_cli):
    # the long table (a row per scenario and target, notes hundreds of characters wide)
    # hid the comparison; and compare said "within reach" where assess says "models
    # disagree" for the baseline. Now: one line per target, a column per scenario, the
    # status quo with the growth families' range and assess's label
    args = ("compare", "baseline", "plan_2024", "--n-paths", "500", "--lang", "en")
    code, out, _ = run_cli(*args)
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["target", "baseline", "plan_2024"]
    hte = next(line for line in lines if line.lstrip().startswith("High-tech enterprises 2030"))
    assert re.search(r"0\.\d\d models disagree \[0\.\d\d-\d\.\d\d\]", hte)  # as assess says
    assert re.search(r"0\.\d\d \(\+0\.\d\d\) on track", hte)  # plan: change and label
    labs = next(line for line in lines if line.lstrip().startswith("Key labs 2030"))
    assert "[" not in labs  # no growth family fits key labs: no range shown
    apps = next(line for line in lines if line.lstrip().startswith("HTE applications 2024"))
    assert apps.count("0.13*") == 2  # the nowcast, the same in both, no change shown
    assert "(+" not in apps
    assert "each cell: p_reach" in out
    code, out, _ = run_cli(*args, "--format", "json")
    assess = json.loads(run_cli("assess", "--n-paths", "500", "--format", "json")[1])
    same = {(r["indicator"], r["year"]): r["label"] for r in assess}
    for rec in json.loads(out):
        if rec["scenario"] == "baseline":  # the same labels as assess
            assert rec["label"] == same[(rec["indicator"], rec["year"])], rec
    code, out, _ = run_cli(*args, "--no-spread", "--format", "json")
    base = [r for r in json.loads(out) if r["scenario"] == "baseline"]
    assert "p_models_min" not in base[0]


def test_compare_names_a_scenario_file_as_assess_does(tmp_path, run_cli):
    toml = tmp_path / "my.toml"
    toml.write_text('name = "my_plan"\n[levers]\nrd_rewards = 1.5\n', encoding="utf-8")
    code, out, err = run_cli("compare", "baseline", str(toml), "--n-paths", "100",
                             "--format", "json", "--no-spread")
    assert code == 0, err
    assert {r["scenario"] for r in json.loads(out)} == {"baseline", "my_plan"}
    code, out, err = run_cli("compare", "baseline", str(toml), "--n-paths", "100",
                             "--lang", "en", "--no-spread")
    assert code == 0, err
    assert "my_plan" in out.splitlines()[0]
    code, out, err = run_cli("assess", "--scenario", str(toml), "--n-paths", "100",
                             "--format", "json", "--no-spread")
    assert code == 0, err
    assert {r["scenario"] for r in json.loads(out)} == {"my_plan"}
    twin = tmp_path / "twin.toml"
    twin.write_text('name = "my_plan"\n', encoding="utf-8")
    code, out, err = run_cli("compare", str(toml), str(twin), "--n-paths", "100")
    assert code == 2
    assert out == ""
    assert "2 scenarios are named 'my_plan'" in err
    assert "my.toml" in err
    assert "twin.toml" in err


def test_solve_and_frontier_say_when_the_targets_status_quo_is_contested(run_cli):
    # solve answered "360 a year" without saying the growth families give the status
    # quo of HTE 2030 anything from 0.15 to 0.98
    args = ("--indicator", "hte_count", "--year", "2030", "--n-paths", "600")
    code, out, _ = run_cli("solve", "--lever", "first_time_applications", *args,
                           "--lang", "en")
    assert code == 0
    assert "the growth families disagree on this target's status quo" in out
    code, out, _ = run_cli("solve", "--lever", "first_time_applications", *args,
                           "--format", "json")
    assert "p_reach" in json.loads(out)["status_quo_caveat"]
    # the output share's families agree (0.47-0.57 in 2030): nothing to say
    code, out, _ = run_cli("solve", "--lever", "hightech_projects", "--indicator",
                           "hightech_share", "--year", "2030", "--n-paths", "600",
                           "--format", "json")
    assert code == 0
    assert json.loads(out)["status_quo_caveat"] is None


def test_frontier_json_carries_the_status_quo_caveat(run_cli):
    code, out, _ = run_cli("frontier", "--x", "first_time_applications", "--y",
                           "recertification_support", "--indicator", "hte_count", "--year",
                           "2030", "--grid", "3", "--n-paths", "200", "--format", "json")
    assert code == 0
    assert "the growth families disagree" in json.loads(out)["status_quo_caveat"]
    assert json.loads(out)["inert_levers"] == []  # both move the enterprise count


@pytest.mark.parametrize(("lang", "words"), [
    ("en", "note: rd_rewards changes no probability of hte_count 2030"),
    ("zh", "并不表示可以削减")])
def test_frontier_says_a_lever_that_does_not_move_the_target_is_not_a_cut(run_cli, lang,
                                                                          words):
    """R&D rewards do not enter the enterprise count: the least-cost 0 is not advice."""
    argv = ("frontier", "--x", "first_time_applications", "--y", "rd_rewards",
            "--indicator", "hte_count", "--year", "2030", "--grid", "3", "--n-paths", "200")
    code, out, _ = run_cli(*argv, "--lang", lang)
    assert code == 0
    assert words in out
    assert "0.5" in out.splitlines()[-1]  # the scenario's own setting, named
    code, out, _ = run_cli(*argv, "--format", "json")
    record = json.loads(out)
    assert record["inert_levers"] == ["rd_rewards"]
    assert "that is no advice to cut it" in record["inert_caveat"][0]
