from __future__ import annotations

import pytest

from huaian_forecast.cli.main import build_parser

FAST = ("--scenario", "baseline", "--n-paths", "300", "--lang", "en")


def test_report_writes_the_folder(tmp_path, run_cli):
    from openpyxl import load_workbook

    out_dir = tmp_path / "out"
    code, out, err = run_cli("report", "--out", str(out_dir), *FAST)
    assert code == 0, err
    assert err == ""  # no progress bar when stderr is not a terminal
    names = {p.name for p in out_dir.iterdir()}
    assert {"report.xlsx", "summary.md", "iamc.csv", "scenarios.png"} <= names
    assert any(n.startswith("fan_") and n.endswith(".png") for n in names)
    assert len(out.splitlines()) == len(names)  # one printed path per file
    wb = load_workbook(out_dir / "report.xlsx")
    assert wb.sheetnames[-1] == "manifest"
    fields = {r[0]: r[1] for r in wb["manifest"].iter_rows(min_row=2, values_only=True)}
    assert fields["seed"] == "2024"
    assert fields["n_paths"] == "300"
    assert fields["command"].startswith("huaian-forecast report --out")
    assert len(fields["data_hash"]) == 64


def test_report_refuses_to_overwrite_then_force(tmp_path, run_cli):
    assert run_cli("report", "--out", str(tmp_path), *FAST)[0] == 0
    before = (tmp_path / "report.xlsx").read_bytes()
    code, out, err = run_cli("report", "--out", str(tmp_path), *FAST)
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1
    assert "--force" in err
    assert (tmp_path / "report.xlsx").read_bytes() == before
    # every file the folder holds that the report may overwrite is named, charts too
    charts = sorted(p.name for p in tmp_path.glob("fan_*.png"))
    assert charts
    assert f"5 output file(s) exist already in {tmp_path}: report.xlsx" in err
    assert f"also holds {len(charts)} chart(s)" in err
    assert all(name in err for name in charts)
    assert err.rstrip().endswith("; use --force to overwrite")  # the advice last: the flag
    assert "force=True" not in err  # not the Python keyword
    assert run_cli("report", "--out", str(tmp_path), *FAST, "--force")[0] == 0


def test_report_bad_data_file_is_one_line_exit_2_and_no_output(tmp_path, run_cli):
    bad = tmp_path / "bad.csv"
    bad.write_text("region,indicator,year,value\nHuai'an,hte_count,2023,-5\n",
                   encoding="utf-8")
    out_dir = tmp_path / "out"
    code, out, err = run_cli("report", "--out", str(out_dir), "--data", str(bad), *FAST)
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1
    assert "bad.csv" in err
    assert "Traceback" not in err
    assert not out_dir.exists() or list(out_dir.iterdir()) == []


def test_report_missing_data_file_is_one_line_exit_2(tmp_path, run_cli):
    code, _, err = run_cli("report", "--out", str(tmp_path / "o"), "--data",
                        str(tmp_path / "nope.csv"), *FAST)
    assert code == 2
    assert err.count("\n") == 1
    assert "nope.csv" in err


def test_report_without_cjk_font_prints_one_warning_line(tmp_path, run_cli, no_cjk_font,
                                                        monkeypatch):
    import huaian_forecast.report.chart_process as chart_process

    # charts drawn here: a chart process would find the font this test hides
    # (its warnings reaching the caller: test_write_report)
    monkeypatch.setattr(chart_process, "usable_cores", lambda: 1)
    code, _, err = run_cli("report", "--out", str(tmp_path), "--scenario", "baseline",
                        "--n-paths", "300", "--lang", "zh")
    assert code == 0
    assert err.count("warning") == 1
    assert "English labels" in err
    text = (tmp_path / "summary.md").read_text(encoding="utf-8")
    assert text.startswith("# 淮安市")


def test_assess_lang_adds_display_names(run_cli):
    code, out, _ = run_cli("assess", "--n-paths", "300", "--lang", "zh", "--wide")
    assert code == 0
    assert out.splitlines()[0].split()[:4] == ["指标代码", "指标", "年份", "目标值"]
    assert "高新技术企业数" in out
    assert "at_least" not in out


def test_assess_wide_in_chinese_names_the_growth_families_in_chinese(run_cli):
    # a plan's range basis, the families' names and their status-quo list were English
    from huaian_forecast.analysis import WITH_LEVERS_EFFECT
    from huaian_forecast.report import code_label

    assert code_label(WITH_LEVERS_EFFECT, "zh") != WITH_LEVERS_EFFECT  # one string, two stages
    code, out, _ = run_cli("assess", "--n-paths", "300", "--lang", "zh", "--wide",
                           "--scenario", "plan_2024")
    assert code == 0
    assert "模型范围的依据" in out
    assert "各增长模型的现状概率加上本情景的效果" in out
    assert "现状：线性=" in out
    for english in ("status quo", "linear", "loglinear", "rw_drift", "range_basis",
                    "growth families", "True", "False"):
        assert english not in out


@pytest.mark.parametrize("command", ["assess", "report", "backtest"])
def test_help_has_examples(command, capsys):
    with pytest.raises(SystemExit) as info:
        build_parser().parse_args([command, "--help"])
    assert info.value.code == 0
    assert f"huaian-forecast {command}" in capsys.readouterr().out


def test_report_tornado_draws_one_chart_per_target_of_the_year(tmp_path, run_cli,
                                                               monkeypatch):
    import pandas as pd

    import huaian_forecast.analysis

    calls = []

    def fake_tornado(scenario, targets, **kw):
        run = kw["run"]  # the run settings, with the run's year-to-date table (none given)
        calls.append((scenario, sorted(set(targets["year"])), run.n_paths, run.ytd))
        return pd.DataFrame({
            "factor": ["first_time_applications", "new_key_labs"],
            "factor_type": "lever", "indicator": "hte_count", "year": 2030,
            "low_setting": [0.0, 0.0], "high_setting": [2000.0, 10.0], "metric": "p_reach",
            "value_low": [0.1, 0.3], "value_high": [0.9, 0.35], "value_base": 0.3,
            "swing": [0.8, 0.05]})

    monkeypatch.setattr(huaian_forecast.analysis, "tornado", fake_tornado)
    code, _, err = run_cli("report", "--out", str(tmp_path), *FAST, "--tornado",
                          "--tornado-paths", "50")
    assert code == 0, err
    assert calls == [("baseline", [2030], 50, None)]
    assert (tmp_path / "tornado_hte_count_2030.png").is_file()


def test_report_tornado_year_without_targets_is_a_user_error(tmp_path, run_cli):
    code, _, err = run_cli("report", "--out", str(tmp_path), *FAST, "--tornado",
                        "--tornado-year", "2031")
    assert code == 2
    assert "2031" in err
    assert err.count("\n") == 1


def test_backtest_prints_scores_per_method(run_cli):
    pytest.importorskip("huaian_forecast.growth.backtest")
    import json

    code, out, _ = run_cli("backtest", "--indicator", "rd_intensity", "--region",
                        "Jiangsu", "--holdout", "2", "--n-paths", "200", "--format", "json")
    assert code == 0
    records = json.loads(out)
    assert records[0]["method"] == "ensemble"
    assert all(r["crps"] >= 0 for r in records)


def test_backtest_scores_the_scenario_model_with_honest_width(run_cli):
    import json

    code, out, _ = run_cli("backtest", "--indicator", "hightech_share", "--region",
                           "Jiangsu", "--holdout", "2", "--n-paths", "300", "--method",
                           "scenario", "--method", "last_value", "--calibrate", "--format",
                           "json")
    assert code == 0
    methods = [r["method"] for r in json.loads(out)]
    assert methods == ["scenario", "last_value", "scenario_calibrated",
                       "last_value_calibrated"]
    code, _, err = run_cli("backtest", "--indicator", "hightech_share", "--region",
                           "Jiangsu", "--method", "arima")
    assert code == 2
    assert "unknown method(s) ['arima']" in err


def test_backtest_too_short_series_is_one_line_exit_2(run_cli):
    pytest.importorskip("huaian_forecast.growth.backtest")
    code, out, err = run_cli("backtest", "--indicator", "key_labs", "--n-paths", "100")
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1
    assert "key_labs" in err


def test_report_interrupted_midway_exits_130_and_leaves_nothing(tmp_path, run_cli,
                                                                monkeypatch):
    import huaian_forecast.report as report

    def interrupt(*args, **kwargs):
        raise KeyboardInterrupt

    # while the chart process draws (or after the charts, on one core)
    monkeypatch.setattr(report.writer, "to_excel", interrupt)
    code, out, err = run_cli("report", "--out", str(tmp_path), *FAST)
    assert code == 130
    assert out == ""
    assert "interrupted" in err
    assert "Traceback" not in err
    assert list(tmp_path.iterdir()) == []


def test_report_draws_its_charts_here_when_no_process_can_start(tmp_path, run_cli,
                                                                  monkeypatch):
    """A machine that refuses a second process still gets every chart (drawn in-process)."""
    import huaian_forecast.report.chart_process as chart_process

    def refuse(self):
        raise OSError("fork: resource temporarily unavailable")

    monkeypatch.setattr(chart_process.ChartProcess, "__init__", refuse)
    monkeypatch.setattr(chart_process, "usable_cores", lambda: 2)
    code, _, err = run_cli("report", "--out", str(tmp_path), *FAST)
    assert code == 0, err
    assert len(list(tmp_path.glob("fan_*.png"))) >= 3
    assert (tmp_path / "scenarios.png").stat().st_size > 1000


def test_report_refuses_a_folder_of_earlier_charts_before_simulating(tmp_path, run_cli,
                                                                     monkeypatch):
    # only an earlier report's charts (the other files moved away): refused at once,
    # before any simulation, the chart untouched; --force still writes
    import huaian_forecast.simulation as simulation

    chart = tmp_path / "fan_hte_count.png"
    chart.write_bytes(b"an earlier chart")
    (tmp_path / "notes.png").write_bytes(b"not a chart of a report")

    def no_simulation(*args, **kwargs):
        raise AssertionError("simulated before the folder check")

    monkeypatch.setattr(simulation, "simulate", no_simulation)
    code, out, err = run_cli("report", "--out", str(tmp_path), *FAST)
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1
    assert "1 chart(s) of an earlier report" in err
    assert "fan_hte_count.png" in err
    assert "notes.png" not in err
    assert err.rstrip().endswith("; use --force to overwrite")
    assert "force=True" not in err
    assert chart.read_bytes() == b"an earlier chart"
    monkeypatch.undo()
    assert run_cli("report", "--out", str(tmp_path), *FAST, "--force")[0] == 0
    assert chart.read_bytes() != b"an earlier chart"
