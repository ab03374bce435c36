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


# ---- each figure's own date, not the latest figure's for all -----------------------------
#: The bundled figures' own dates (data/ytd_2024.csv): the latest, 19 June, is one of them.
OWN_DATES = {"enterprise_rd": "2024-05-31", "tech_contracts": "2024-06-16",
             "hte_applications": "2024-06-19", "tech_projects": "2024-05-31"}


def test_the_manifest_records_each_indicators_own_date():
    from huaian_forecast.data import ytd_provenance

    table = hf.load_ytd()
    assert ytd_provenance(table, "Huai'an")["ytd_as_of_by_indicator"] == OWN_DATES
    other = table.copy()  # a later figure of another region does not date Huai'an's
    other.loc[other["indicator"] == "tech_contracts", ["region", "as_of"]] = [
        "Suzhou", "2024-06-30"]
    record = ytd_provenance(other, "Huai'an")
    assert "tech_contracts" not in record["ytd_as_of_by_indicator"]
    assert record["ytd_as_of_by_indicator"]["enterprise_rd"] == "2024-05-31"
    assert record["ytd_as_of"] == "2024-06-19"  # Suzhou's 06-30 is not the run's date
    proj = hf.simulate("baseline", n_paths=100, seed=1, end_year=2025)
    assert proj.manifest["ytd_as_of_by_indicator"] == OWN_DATES
    assert proj.manifest["ytd_as_of"] == "2024-06-19"  # kept: the latest


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_report_dates_each_year_to_date_figure_by_its_own_day(tmp_path, lang):
    # the briefing said "as of 2024-06-19" for all four, misdating the three earlier ones
    from openpyxl import load_workbook

    from huaian_forecast.report import short_name, to_excel, to_html, to_markdown

    proj = hf.simulate("baseline", n_paths=200, seed=1)
    summary = to_markdown(proj, lang=lang).replace("\\_", "_")
    import html as html_module

    html = html_module.unescape(to_html(proj, lang=lang, embed_font=False))
    to_excel(tmp_path / "report.xlsx", proj, lang=lang)
    span = ("截至 2024-05-31 至 2024-06-19：" if lang == "zh"
            else "as of 2024-05-31 to 2024-06-19: ")
    for page in (summary, html):
        assert span in page
        for key, day in OWN_DATES.items():
            assert f"{short_name(key, lang)} {day}" in page  # each in the facts line
    nowcast = "年内预估（截至 {}）" if lang == "zh" else "nowcast (as of {})"
    bullet = ("（由截至 {} 的年内进度数据推算）" if lang == "zh"
              else " (nowcast from the year-to-date figure as of {})")
    for key, day in OWN_DATES.items():
        line = next(x for x in summary.splitlines()
                    if x.startswith("- 2024") and short_name(key, lang) in x)
        assert bullet.format(day) in line  # the key point's own date
        row = next(x for x in summary.splitlines()
                   if x.startswith(f"| {short_name(key, lang)} 2024"))
        assert nowcast.format(day) in row  # the table's note
        assert nowcast.format(day) in html
    book = load_workbook(tmp_path / "report.xlsx")
    milestones = list(book.worksheets[1].iter_rows(values_only=True))
    col = milestones[0].index("年内数据截至" if lang == "zh" else "year-to-date figure as of")
    dated = {r[1]: r[col] for r in milestones[1:] if r[col]}
    assert dated == OWN_DATES  # per row; empty on the simulated rows
    notes = {r[0]: r[-1] for r in book.worksheets[0].iter_rows(min_row=2, values_only=True)
             if r[3] == 2024}
    for key, day in OWN_DATES.items():
        assert notes[key].startswith(nowcast.format(day))


def test_figures_of_one_day_keep_one_date():
    from huaian_forecast.report import to_markdown

    mine = hf.load_ytd()
    mine["as_of"] = "2024-06-19"
    mine.attrs = {"source": "/somewhere/mine.csv"}
    proj = hf.simulate("baseline", run=RunSpec(n_paths=200, seed=1, ytd=mine))
    summary = to_markdown(proj, lang="en")
    assert "(as of 2024-06-19; hash " in summary
    assert " to 2024-06-19" not in summary


def test_another_regions_later_figure_does_not_date_the_report():
    # two Huai'an figures of 31 May and a Nanjing figure of 30 June the run does not use:
    # the briefing said "as of 2024-06-30" beside rows dated 31 May
    from huaian_forecast.report import to_markdown

    mine = hf.load_ytd()
    mine["as_of"] = "2024-05-31"
    later = mine[mine["indicator"] == "enterprise_rd"].assign(region="Nanjing",
                                                               as_of="2024-06-30")
    import pandas as pd

    mine = pd.concat([mine, later], ignore_index=True)
    mine.attrs = {"source": "/somewhere/mine.csv"}
    proj = hf.simulate("baseline", run=RunSpec(n_paths=200, seed=1, ytd=mine))
    assert proj.manifest["ytd_as_of"] == "2024-05-31"
    summary = to_markdown(proj, lang="en")
    assert "(as of 2024-05-31; hash " in summary
    assert "2024-06-30" not in summary


@pytest.mark.parametrize(("lang", "mark"), [("zh", "年内预估，截至 2024-06-19"),
                                            ("en", "nowcast of 2024-06-19")])
def test_the_briefings_fan_stars_date_their_nowcast(lang, mark):
    # a 2024 star said "nowcast" without the day of the figure behind it
    import html as html_module
    import re

    from huaian_forecast.report import to_html

    proj = hf.simulate("baseline", n_paths=200, seed=1)
    page = html_module.unescape(to_html(proj, lang=lang, embed_font=False))
    fan = re.search(r'<figure class="fan" id="fan-hte_applications">.*?</figure>', page,
                    re.S)
    assert fan is not None
    stars = re.findall(r"<text[^>]*>([^<]*)</text>", fan.group(0))
    assert any(mark in s for s in stars)
