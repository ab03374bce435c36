from __future__ import annotations

import json


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
    rec = next(r for r in json.loads(out) if (r["indicator"], r["year"]) == ("hte_count", 2024))
    assert rec["note"] == "observed in the history: 950 (met)"
    assert rec["p_reach"] is None
    import huaian_forecast as hf  # the projection carries every observed year

    proj = hf.simulate("baseline", history=hf.load_history(mine), n_paths=50, seed=1)
    assert proj.observed["hte_count"][2023] == 768.0
    assert proj.observed["hte_count"][2024] == 950.0
    code, out, _ = run_cli("assess", "--n-paths", "200", "--lang", "en")  # bundled: no note
    assert "carries that value forward" not in out


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
