"""The report reads the run's year-to-date figures once and names them (write_report)."""

from __future__ import annotations

import pytest

import huaian_forecast as hf
from huaian_forecast.data import empty_ytd
from huaian_forecast.exceptions import ArgumentError, DataError
from huaian_forecast.report import write_report
from huaian_forecast.simulation import RunSpec


def _planner_ytd():
    table = hf.load_ytd()
    table.loc[table["indicator"] == "tech_projects", "ytd_value"] = 250.0
    table.attrs = {"source": "/somewhere/mine.csv"}
    return table


def test_write_report_reads_a_bad_file_before_touching_the_folder(tmp_path):
    proj = hf.simulate("baseline", n_paths=200, seed=1)  # the bundled figures
    out = tmp_path / "out"
    bad = tmp_path / "bad.csv"
    bad.write_text("indicator,as_of,ytd_value,annual_target\ntech_projects,2024-05-31,"
                   "many,400\n", encoding="utf-8")
    with pytest.raises(DataError, match=r"bad\.csv, row 2, column 'ytd_value'"):
        write_report(out, proj, ytd=bad)
    assert not out.exists()


def test_write_report_refuses_other_figures_than_the_simulation_s_before_writing(tmp_path):
    # a document names one source of figures: mixed ones are refused, not warned about
    proj = hf.simulate("baseline", n_paths=200, seed=1)  # the bundled figures
    with pytest.raises(ArgumentError, match="simulated with the year-to-date figures"):
        write_report(tmp_path / "out", proj, ytd=_planner_ytd())
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_briefings_name_the_figures_used(tmp_path, lang):
    mine = _planner_ytd()
    proj = hf.simulate("plan_2024", run=RunSpec(n_paths=200, seed=1, ytd=mine))
    write_report(tmp_path / "a", proj, ytd=mine, lang=lang)
    summary = (tmp_path / "a" / "summary.md").read_text(encoding="utf-8")
    html = (tmp_path / "a" / "report.html").read_text(encoding="utf-8")
    for page in (summary.replace("\\_", "_"), html):
        assert "mine.csv" in page
        assert "2024-06-19" in page
        assert "/somewhere" not in page.split("manifest")[0]  # the name, not the folder
    none = hf.simulate("plan_2024", n_paths=200, seed=1, ytd=empty_ytd())
    write_report(tmp_path / "b", none, use_ytd=False, lang=lang)
    summary = (tmp_path / "b" / "summary.md").read_text(encoding="utf-8")
    said = "No year-to-date figures" if lang == "en" else "未使用年内进度数据"
    assert said in summary
    assert said in (tmp_path / "b" / "report.html").read_text(encoding="utf-8")
