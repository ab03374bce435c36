"""Regression tests for the small bugs of issue 14 (each failed before its fix)."""

from __future__ import annotations

import tomllib

import numpy as np
import pandas as pd
import pytest
from scipy import stats

import huaian_forecast as hf
from huaian_forecast.structural._binomial import binomial_quantile


@pytest.mark.parametrize("description", [
    'the "bold" plan', "C:\\plans\\2024", "line one\nline two", "淮安市\t“加快”方案 'x'"])
def test_to_toml_round_trips_any_description(tmp_path, description):
    plan = hf.load_scenario("plan_2024")
    mine = hf.Scenario(name="mine", description=description, levers=dict(plan.levers),
                       uncertainties={"first_time_pass_rate": 60.0})
    text = mine.to_toml()
    assert tomllib.loads(text)["description"] == description
    path = tmp_path / "mine.toml"
    path.write_text(text, encoding="utf-8")
    again = hf.load_scenario(path)
    assert again.description == description
    assert again.levers == mine.levers
    assert again.uncertainties == mine.uncertainties


@pytest.mark.parametrize("n", [2_000, 10_000])
def test_binomial_quantile_is_exact_for_large_n(n):
    u = np.random.default_rng(1).random(2_000)
    got = binomial_quantile(np.full(u.shape, float(n)), np.full(u.shape, 0.3), u)
    np.testing.assert_array_equal(got, stats.binom.ppf(u, n, 0.3))
    assert got.max() < n  # before the fix: n for every draw (underflow of (1 - p)^n)
    assert abs(got.mean() - 0.3 * n) < 5 * np.sqrt(n * 0.3 * 0.7 / u.size) + 1


def test_binomial_quantile_is_monotone_in_n_for_a_fixed_shock():
    u = np.linspace(0.001, 0.999, 50)
    draws = np.array([binomial_quantile(np.full(u.shape, float(n)), 0.4, u)
                      for n in (10, 100, 1_000, 3_000)])
    assert (np.diff(draws, axis=0) >= 0).all()


class _Future:
    def __init__(self, value):
        self._value = value


class FakeDaskClient:
    """The part of ``dask.distributed.Client`` an executor needs: map gives futures."""

    def __init__(self):
        self.gathered = 0

    def submit(self, func, *args, **kwargs):
        return _Future(func(*args, **kwargs))

    def map(self, func, iterable):
        return [self.submit(func, item) for item in iterable]

    def gather(self, futures):
        self.gathered += 1
        if isinstance(futures, list):
            return [f._value for f in futures]
        return futures._value


def test_a_dask_client_is_accepted_as_the_executor(targets):
    client = FakeDaskClient()
    names = ["baseline", "plan_2024"]
    serial = hf.compare(names, targets, n_paths=300, seed=3)
    on_dask = hf.compare(names, targets, n_paths=300, seed=3, executor=client)
    # the first scenario runs here (it fills the memo the workers get), the other goes to
    # the client in one batch, gathered once
    assert client.gathered == 1
    pd.testing.assert_frame_equal(serial, on_dask)
    assert serial.attrs["provenance"] == on_dask.attrs["provenance"]  # seed, hashes ...


def test_xlsx_with_the_data_on_the_second_sheet_suggests_sheet(tmp_path, run_cli):
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.title = "说明"
    wb.active.append(["本表为淮安市科技指标"])
    data = wb.create_sheet("数据")
    data.append(["地区", "指标", "年份", "数值"])
    data.append(["淮安", "高企数", 2023, 768])
    path = tmp_path / "two.xlsx"
    wb.save(path)
    with pytest.raises(hf.DataError, match=r"sheet '数据' looks like the table: choose it "
                                           r"with --sheet 数据"):
        hf.load_history(path)
    assert hf.load_history(path, sheet="数据")["value"].tolist() == [768.0]
    code, _, err = run_cli("assess", "--data", str(path))
    assert code == 2
    assert "--sheet 数据" in err


def test_projection_repr_is_one_line_and_has_html():
    proj = hf.simulate("baseline", n_paths=100, seed=1, end_year=2030)
    text = repr(proj)
    assert "\n" not in text
    assert len(text) < 300
    assert text.startswith("Projection(scenario='baseline', n_paths=100, years=2024-2030")
    html = proj._repr_html_()
    assert html.count("<tr>") == len(proj.indicators) + 1
    assert "median 2030" in html


def test_growth_fit_repr_names_families_and_weights(history):
    fit = hf.fit_growth(history, indicator="hte_count")
    text = repr(fit)
    assert "\n" not in text
    assert text.startswith("GrowthFit(indicator='hte_count', region=\"Huai'an\"")
    for model in fit.models:
        assert model.name in text
        assert f"<td>{model.name}</td>" in fit._repr_html_()


def test_chinese_workbook_translates_codes_and_its_history_loads_back(tmp_path, history):
    from openpyxl import load_workbook

    from huaian_forecast.report import to_excel

    proj = hf.simulate("baseline", n_paths=200, seed=1, end_year=2030)
    path = to_excel(tmp_path / "r.xlsx", proj, lang="zh")
    wb = load_workbook(path)
    summary = wb["目标达成概率汇总"]
    header = [c.value for c in summary[1]]
    values = {c.value for row in summary.iter_rows(min_row=2) for c in row}
    assert "at_least" not in values
    assert "不低于" in values
    hist_values = {c.value for row in wb["历史数据"].iter_rows(min_row=2) for c in row}
    assert "100m_cny" not in hist_values
    assert "亿元" in hist_values
    assert "淮安市" in hist_values
    # number formats: probability percent 0.0, counts with separators, percent 2 decimals
    col = header.index("baseline") + 1
    assert summary.cell(row=2, column=col).number_format == "0.0"
    fan = wb["预测分位数"]
    fan_header = [c.value for c in fan[1]]
    formats = {(r[fan_header.index("指标代码")].value,
                r[fan_header.index("中位数")].number_format) for r in fan.iter_rows(min_row=2)}
    assert ("hte_count", "#,##0") in formats
    assert ("rd_intensity", "0.00") in formats
    assert ("gdp", "#,##0.00") in formats
    back = hf.load_history(path, sheet="历史数据")
    cols = ["region", "indicator", "year", "value", "unit", "kind", "confidence"]
    pd.testing.assert_frame_equal(back[cols].reset_index(drop=True),
                                  history[cols].reset_index(drop=True))


def test_chinese_summary_limitations_are_chinese(tmp_path):
    from huaian_forecast.report import to_markdown

    proj = hf.simulate("baseline", n_paths=200, seed=1, end_year=2030)
    text = to_markdown(proj, lang="zh")
    caveats = text.split("## 说明与局限", 1)[1].split("## ", 1)[0]
    for developer_word in ("AICc", "rw_drift", "hf.LEVERS", "excluded", "ASSUMPTION"):
        assert developer_word not in caveats
    assert "假设值" in caveats
    assert "运行记录" in caveats


@pytest.mark.parametrize(("lever", "indicator", "year", "threshold"), [
    ("first_time_applications", "hte_count", 2030, 1500.0),
    ("new_key_labs", "key_labs", 2030, 10.0)])
def test_count_levers_are_solved_in_whole_units(lever, indicator, year, threshold):
    target = hf.Target(indicator=indicator, year=year, threshold=threshold)
    sol = hf.required_lever("baseline", lever, target, 0.8, n_paths=300, seed=2)
    assert sol.reachable
    assert float(sol.value).is_integer()
    at = sol.curve.loc[sol.curve["value"] == sol.value, "p_reach"]
    assert float(at.iloc[0]) == sol.p_reach  # p_reach simulated at the whole value itself
    assert sol.p_reach >= 0.8


def test_rate_levers_are_answered_in_three_significant_figures():
    # 2,000 in 2030: support moves the baseline's probability from ~0.23 to ~0.32
    target = hf.Target(indicator="hte_count", year=2030, threshold=2000.0)
    sol = hf.required_lever("baseline", "recertification_support", target, 0.27,
                            n_paths=300, seed=2)
    assert not hf.LEVERS["recertification_support"].whole_units
    assert sol.reachable
    # a percent lever is not set in whole units but read as a planner writes it (a
    # bisection's 43.75 % is 43.8 %), simulated at that value
    assert sol.value == float(f"{sol.value:.3g}")
    assert float(sol.curve.loc[sol.curve["value"] == sol.value, "p_reach"].iloc[0]) >= 0.27


def test_assess_json_records_carry_the_unit(run_cli):
    import json

    code, out, _ = run_cli("assess", "--format", "json", "--n-paths", "200", "--no-spread")
    assert code == 0
    records = json.loads(out)
    units = {r["indicator"]: r["unit"] for r in records}
    assert units["hte_count"] == "firms"
    assert units["rd_intensity"] == "percent"
    assert units["tech_contracts"] == "100m_cny"
    assert list(records[0])[:5] == ["indicator", "year", "threshold", "unit", "direction"]


def test_solver_notes_read_in_chinese():
    from huaian_forecast.report import note_label

    note = ("not reachable within range [0, 100]: p_reach at the high end is 0.250; cost "
            "depends on the simulated number of expiring certificates; not computed")
    assert note_label(note, "zh") == ("在取值范围 [0, 100] 内无法达到：取上限时达标概率为 0.250；"
                                      "成本取决于模拟的到期证书数量，未计算")
    assert note_label(note, "en") == note
