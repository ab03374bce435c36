from __future__ import annotations

import json

import pandas as pd

import huaian_forecast as hf


def test_assess_json_has_a_record_per_milestone_target(run_cli):
    code, out, _ = run_cli("assess", "--format", "json", "--n-paths", "2000")
    assert code == 0
    records = json.loads(out)
    keys = {(r["indicator"], r["year"]) for r in records}
    for ind in ("rd_intensity", "hte_count", "hightech_share", "key_labs"):
        for year in (2025, 2030, 2035):
            assert (ind, year) in keys
    for rec in records:
        assert {"indicator", "year", "threshold", "p_reach", "median", "q10", "q90"} <= set(rec)
        if rec["p_reach"] is not None:
            assert 0.0 <= rec["p_reach"] <= 1.0
            assert rec["q10"] <= rec["median"] <= rec["q90"]


def test_assess_same_seed_is_byte_identical(run_cli):
    first = run_cli("assess", "--format", "json", "--seed", "5", "--n-paths", "1000")[1]
    second = run_cli("assess", "--format", "json", "--seed", "5", "--n-paths", "1000")[1]
    third = run_cli("assess", "--format", "json", "--seed", "6", "--n-paths", "1000")[1]
    assert first == second
    assert first != third


def test_bad_data_file_is_one_line_and_exit_2(tmp_path, run_cli):
    bad = tmp_path / "bad.csv"
    bad.write_text("region,indicator,year,value\nHuai'an,hte_count,2023,-5\n", encoding="utf-8")
    code, out, err = run_cli("assess", "--data", str(bad))
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1
    assert "bad.csv, row 2" in err
    assert "Traceback" not in err


def test_a_one_year_start_with_one_new_series_is_stated_and_observed_targets_are_facts(
        tmp_path, run_cli):
    # a planner adds 2024 figures for two series only: the origin moves to 2024 and the
    # other levels are carried forward from 2023 (no growth). assess says so under the
    # table, and the 2024 HTE target is the observed 950, met, not "year outside"
    from huaian_forecast.data import data_file

    rows = data_file("observations.csv").read_text(encoding="utf-8")
    mine = tmp_path / "mine.csv"
    mine.write_text(rows.rstrip("\n") + "\nHuai'an,gdp,2024,5400,100m_cny,exact,x,high,\n"
                    "Huai'an,hte_count,2024,950,firms,exact,x,high,\n", encoding="utf-8")
    code, out, _ = run_cli("assess", "--data", str(mine), "--n-paths", "200", "--lang", "en")
    assert code == 0
    assert ("Note: the history has no 2024 (origin) value of High-tech output share, Key labs"
            in out)
    assert "carries that value forward with no growth" in out
    code, out, _ = run_cli("assess", "--data", str(mine), "--n-paths", "200",
                           "--format", "json")
    records = json.loads(out)
    rec = next(r for r in records if (r["indicator"], r["year"]) == ("hte_count", 2024))
    assert rec["note"] == "observed in the history: 950 (met)"
    assert rec["p_reach"] is None
    # the caveat travels with the JSON too (a field of each record, as the provenance)
    assert {r["carried_forward_caveat"] for r in records} == {
        "Note: the history has no 2024 (origin) value of High-tech output share, Key labs "
        "and only one earlier point: the start carries that value forward with no growth, "
        "low for a growing indicator. Adding earlier years helps."}
    import huaian_forecast as hf  # the projection carries every observed year

    proj = hf.simulate("baseline", history=hf.load_history(mine), n_paths=50, seed=1)
    assert proj.observed["hte_count"][2023] == 768.0
    assert proj.observed["hte_count"][2024] == 950.0
    code, out, _ = run_cli("assess", "--n-paths", "200", "--lang", "en")  # bundled: no note
    assert "carries that value forward" not in out
    code, out, _ = run_cli("assess", "--n-paths", "200", "--format", "json")
    assert {r["carried_forward_caveat"] for r in json.loads(out)} == {None}


def test_compare_states_a_level_carried_forward_under_its_table_and_in_json(tmp_path, run_cli):
    # compare simulates from the same history as assess: the same caveat under its table,
    # in the runs' manifests' words (Chinese too), and in each JSON record
    from huaian_forecast.data import data_file

    rows = data_file("observations.csv").read_text(encoding="utf-8")
    mine = tmp_path / "mine.csv"
    mine.write_text(rows.rstrip("\n") + "\nHuai'an,gdp,2024,5400,100m_cny,exact,x,high,\n"
                    "Huai'an,hte_count,2024,950,firms,exact,x,high,\n", encoding="utf-8")
    args = ("compare", "baseline", "plan_2024", "--data", str(mine), "--n-paths", "100")
    code, out, _ = run_cli(*args, "--lang", "en")
    assert code == 0
    lines = out.splitlines()
    said = next(i for i, ln in enumerate(lines) if ln.startswith("Note: the history has no "
                                                                 "2024 (origin) value of"))
    assert "High-tech output share, Key labs and only one earlier point" in lines[said]
    assert lines[said + 1].startswith("seed=")  # under the table, before the provenance
    code, out, _ = run_cli(*args, "--lang", "zh")
    assert "注意：历史数据中没有2024年（起点）的高新产业产值占比、省级以上重点实验室" in out
    code, out, _ = run_cli(*args, "--format", "json")
    caveats = {r["carried_forward_caveat"] for r in json.loads(out)}
    assert len(caveats) == 1
    assert "carries that value forward" in caveats.pop()
    code, out, _ = run_cli("compare", "baseline", "--n-paths", "100", "--lang", "en")
    assert code == 0
    assert "carries that value forward" not in out  # the bundled data: nothing to say


def test_a_file_of_huaian_alone_is_completed_with_the_reference_regions(tmp_path, run_cli):
    # the usual planner's file: Huai'an's rows only. The calibrations across regions need
    # the others; the bundled ones are added (a note says so), so the same Huai'an figures
    # give the same answer as the bundled data, and --no-reference shows the difference
    from huaian_forecast.data import data_file

    lines = data_file("observations.csv").read_text(encoding="utf-8").splitlines()
    mine = tmp_path / "mine.csv"
    mine.write_text("\n".join([lines[0], *(x for x in lines[1:] if x.startswith("Huai'an,"))])
                    + "\n", encoding="utf-8")
    args = ("assess", "--n-paths", "500", "--format", "json")
    code, out, err = run_cli(*args, "--data", str(mine))
    assert code == 0
    assert "reference regions it has no row of (Changzhou, China, Jiangsu" in err
    assert err.count("\n") == 1  # one note, after the answer
    assert out == run_cli(*args)[1]  # the bundled data's answer, byte for byte
    code, alone, err = run_cli(*args, "--data", str(mine), "--no-reference")
    assert code == 0
    assert "reference regions" not in err
    rd = {(r["indicator"], r["year"]): r["p_reach"] for r in json.loads(alone)}
    assert rd[("rd_intensity", 2030)] > 0.3  # assumed rates: what the note warns about


def test_assess_by_trend_names_the_trend_ensemble_not_the_scenario_model(run_cli):
    code, out, _ = run_cli("assess", "--method", "trend", "--n-paths", "500", "--lang", "en")
    assert code == 0
    flat = " ".join(out.split())  # the footnote is wrapped
    assert "across the trend ensemble and every growth family" in flat
    assert "scenario model" not in flat
    code, out, _ = run_cli("assess", "--method", "trend", "--n-paths", "500", "--lang", "zh")
    assert "情景模型" not in out
    assert "趋势集成" in out


def test_the_reference_regions_never_stand_in_for_the_simulated_region():
    # a file without Huai'an rows (a misspelt region) was given the bundled Huai'an rows
    # as a "reference region", so the planner's figures were silently replaced
    import huaian_forecast as hf
    from huaian_forecast.data import with_reference_regions

    history = hf.load_history()
    other = history[history["region"] == "Jiangsu"]
    full = with_reference_regions(other)
    assert "Huai'an" not in set(full["region"])
    assert "Huai'an" not in full.attrs["reference_regions"]
    assert "Nanjing" in full.attrs["reference_regions"]


def test_observed_targets_carry_no_range_and_read_in_chinese(tmp_path, run_cli):
    # a fact had the growth families' range beside it (0.52-1.00 next to "950 (met)"),
    # and the Chinese table printed the note in English
    from huaian_forecast.data import data_file

    rows = data_file("observations.csv").read_text(encoding="utf-8")
    mine = tmp_path / "mine.csv"
    mine.write_text(rows.rstrip("\n") + "\nHuai'an,hte_count,2024,950,firms,exact,x,high,\n",
                    encoding="utf-8")
    _, out, _ = run_cli("assess", "--data", str(mine), "--n-paths", "200",
                        "--format", "json")
    rec = next(r for r in json.loads(out) if (r["indicator"], r["year"]) == ("hte_count", 2024))
    assert rec["p_models_min"] is None
    assert rec["p_models_max"] is None
    _, out, _ = run_cli("assess", "--data", str(mine), "--n-paths", "200", "--lang", "zh")
    line = next(x for x in out.splitlines() if "高新技术企业数 2024" in x)
    assert "历史数据中已有观测值：950（已达成）" in line
    assert "0." not in line.split("家", 1)[1]  # no probability, no range


def test_an_estimate_is_not_stated_as_a_met_target(tmp_path, run_cli):
    # Huai'an's 2023 R&D intensity is an estimate (预计…2.1%, approx): a 2023 target is
    # not "observed ... (met)" on its word
    targets = tmp_path / "t.csv"
    targets.write_text("indicator,year,threshold,direction\nrd_intensity,2023,2.05,at_least\n",
                       encoding="utf-8")
    code, out, _ = run_cli("assess", "--targets", str(targets), "--n-paths", "200",
                           "--format", "json")
    assert code == 0
    (rec,) = json.loads(out)
    assert not rec["note"].startswith("observed in the history")


def test_compare_takes_a_target_listed_twice(tmp_path, run_cli):
    # the same indicator, year and threshold twice (say once per region) crashed the join
    from huaian_forecast.data import data_file

    rows = data_file("targets.csv").read_text(encoding="utf-8").splitlines()
    twice = tmp_path / "t.csv"
    twice.write_text("\n".join([*rows, rows[1]]) + "\n", encoding="utf-8")
    for extra in ((), ("--no-spread",), ("--wide",)):
        code, _, err = run_cli("compare", "baseline", "plan_2024", "--targets", str(twice),
                               "--n-paths", "200", *extra)
        assert code == 0, err


def test_compare_and_assess_agree_when_a_target_lies_after_2035(tmp_path, run_cli):
    # compare simulated to the latest target year (2040), which changes every path after
    # 2035's draws and so every p_reach: 0.61 where assess and report said 0.64
    from huaian_forecast.data import data_file

    rows = data_file("targets.csv").read_text(encoding="utf-8").splitlines()
    later = tmp_path / "t.csv"
    extra = rows[1].split(",")
    extra[rows[0].split(",").index("year")] = "2040"
    later.write_text("\n".join([*rows, ",".join(extra)]) + "\n", encoding="utf-8")
    args = ("--targets", str(later), "--n-paths", "300", "--format", "json")
    assess = {(r["indicator"], r["year"]): r["p_reach"]
              for r in json.loads(run_cli("assess", *args)[1])}
    compare = {(r["indicator"], r["year"]): r["p_reach"]
               for r in json.loads(run_cli("compare", "baseline", *args)[1])}
    assert compare[("hte_count", 2025)] == assess[("hte_count", 2025)]
    assert compare[("rd_intensity", 2030)] == assess[("rd_intensity", 2030)]


def test_bundled_rows_of_huaian_a_file_leaves_out_are_named(tmp_path, run_cli):
    # a planner's file of a few Huai'an rows replaced every bundled Huai'an series
    # (GDP 2013-2021, tech contracts ...) without a word, and labels moved
    from huaian_forecast.data import data_file

    lines = data_file("observations.csv").read_text(encoding="utf-8").splitlines()
    kept = [x for x in lines[1:] if x.startswith("Huai'an,") and ",tech_contracts," not in x
            and ",gdp," not in x]
    mine = tmp_path / "mine.csv"
    mine.write_text("\n".join([lines[0], *kept]) + "\n", encoding="utf-8")
    code, _, err = run_cli("assess", "--n-paths", "300", "--data", str(mine))
    assert code == 0
    note = next(x for x in err.splitlines() if "not used" in x)
    assert "gdp 2013-2014, 2017-2021" in note  # the years it has, not a span
    assert "tech_contracts 2020, 2023" in note
    assert "rd_spend" not in note  # kept in the file
    full = tmp_path / "full.csv"
    full.write_text("\n".join(x for x in lines if x.startswith(("region", "Huai'an,")))
                    + "\n", encoding="utf-8")
    code, _, err = run_cli("assess", "--n-paths", "300", "--data", str(full))
    assert "not used" not in err


def test_a_target_far_along_a_steep_trend_says_it_reads_extrapolation(tmp_path, run_cli):
    # technology contracts 2030 >= 400亿 read "1.00 on track" off a trend of 45-71 % a
    # year fitted to two years of data; the caveat stood only in the limitations
    from huaian_forecast.growth import fit_growth

    fit = fit_growth(hf.load_history(), indicator="tech_contracts")
    assert set(fit.steep) == {"linear", "loglinear"}
    assert min(fit.steep.values()) > 0.25
    path = tmp_path / "tc.csv"
    pd.DataFrame({"region": ["Huai'an"] * 2, "indicator": ["tech_contracts"] * 2,
                  "year": [2030, 2025], "threshold": [400.0, 250.0],
                  "direction": ["at_least"] * 2, "unit": ["100m_cny"] * 2}).to_csv(path,
                                                                                  index=False)
    code, out, _ = run_cli("assess", "--targets", str(path), "--n-paths", "300", "--lang",
                           "en")
    assert code == 0
    assert ("Tech contract turnover 2030: growth families fitted to 2 year(s) of data (to "
            "2023) imply 45%-71% a year") in out
    assert "Tech contract turnover 2025: growth families" not in out  # two years on: not yet
    code, out, _ = run_cli("assess", "--targets", str(path), "--n-paths", "300", "--format",
                           "json")
    rows = {r["year"]: r for r in json.loads(out)}
    assert "extrapolation, not a forecast" in rows[2030]["extrapolation_caveat"]
    assert rows[2025]["extrapolation_caveat"] is None


def test_a_target_after_the_simulated_years_gets_the_end_year_that_would_assess_it(
        run_cli, tmp_path):
    path = tmp_path / "targets.csv"
    path.write_text("indicator,year,threshold,direction,source\n"
                    "hte_count,2040,2500,at_least,test\nhte_count,2030,1500,at_least,test\n",
                    encoding="utf-8")
    code, out, _ = run_cli("assess", "--targets", str(path), "--n-paths", "300",
                           "--no-spread", "--lang", "en")
    assert code == 0
    assert "1 target(s) after 2035 (2040) are not simulated: add --end-year 2040" in out
    code, _, err = run_cli("compare", "baseline", "--targets", str(path), "--n-paths", "300",
                           "--no-spread", "--lang", "zh")
    assert code == 0
    assert "加上 --end-year 2040 即可评估" in err
    code, out, _ = run_cli("assess", "--targets", str(path), "--n-paths", "300",
                           "--no-spread", "--end-year", "2040", "--lang", "en")
    assert code == 0
    assert "--end-year" not in out  # simulated now: nothing to hint
