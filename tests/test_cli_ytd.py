"""``--ytd FILE`` / ``--no-ytd``: one source of year-to-date figures for a whole command.

``assess``, ``compare`` and ``report`` read the file once and both simulate (the first
year's delivery of the plans) and nowcast (the current year's targets) with it, so they
show the same probability for the same target.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

import huaian_forecast as hf

#: Paths and seed of every run here (the three commands must agree at the same settings).
RUN = ("--n-paths", "400", "--seed", "5", "--lang", "en")
#: A target the nowcast decides (the file's own figure) and one the simulation decides
#: whose paths the first year's delivery moves (R&D spending 2024 through projects).
NOWCAST, SIMULATED = ("tech_projects", 2024), ("rd_spend", 2024)


def _planner_file(tmp_path: Path) -> Path:
    """The bundled figures with 250 (not 110) technology projects by end-May."""
    table = hf.load_ytd()
    table.loc[table["indicator"] == "tech_projects", "ytd_value"] = 250.0
    path = tmp_path / "mine.csv"
    table.to_csv(path, index=False)
    return path


def _targets_file(tmp_path: Path) -> Path:
    """The bundled targets and an R&D spending target for 2024 near its median (120, 100m yuan)."""
    table = hf.load_targets()
    row = table.iloc[[0]].assign(indicator="rd_spend", year=2024, threshold=120.0,
                                 unit="100m_cny", horizon="annual")
    path = tmp_path / "targets.csv"
    pd.concat([table, row], ignore_index=True).to_csv(path, index=False)
    return path


def _assess(run_cli, *options: str) -> dict[tuple[str, int], float]:
    code, out, err = run_cli("assess", "--scenario", "plan_2024", "--no-spread", "--format",
                             "json", *RUN, *options)
    assert code == 0, err
    return {(r["indicator"], r["year"]): r["p_reach"] for r in json.loads(out)}


def _compare(run_cli, *options: str) -> dict[tuple[str, int], float]:
    code, out, err = run_cli("compare", "plan_2024", "--format", "json", "--all", *RUN,
                             *options)
    assert code == 0, err
    return {(r["indicator"], r["year"]): r["p_reach"] for r in json.loads(out)}


def _report(run_cli, out: Path, *options: str) -> tuple[dict[tuple[str, int], float],
                                                        dict[str, str]]:
    code, _, err = run_cli("report", "--out", str(out), "--scenario", "plan_2024", *RUN,
                           *options)
    assert code == 0, err
    book = load_workbook(out / "report.xlsx")
    rows = list(book["milestones"].iter_rows(values_only=True))
    col = rows[0].index("p_reach (%)")
    p = {(r[1], r[4]): (None if r[col] is None else r[col] / 100) for r in rows[1:]}
    manifest = {r[0]: r[1] for r in book["manifest"].iter_rows(min_row=2, values_only=True)
                if not str(r[0]).startswith("note:")}
    notes = " ".join(str(r[1]) for r in book["manifest"].iter_rows(min_row=2, values_only=True)
                     if str(r[0]).startswith("note:"))
    return p, {**manifest, "notes": notes}


def test_assess_compare_and_report_agree_with_a_planner_s_file(tmp_path, run_cli):
    mine, targets = _planner_file(tmp_path), _targets_file(tmp_path)
    options = ("--ytd", str(mine), "--targets", str(targets))
    assessed, compared = _assess(run_cli, *options), _compare(run_cli, *options)
    reported, manifest = _report(run_cli, tmp_path / "out", *options)
    for key in (NOWCAST, SIMULATED):
        # the report's table shows percent with one decimal
        assert assessed[key] == pytest.approx(compared[key], abs=1e-6)
        assert reported[key] == pytest.approx(assessed[key], abs=5e-4)
    bundled = _assess(run_cli, "--targets", str(targets))
    # the file moved the nowcast and, through the first year's delivery, the simulation
    assert assessed[NOWCAST] > bundled[NOWCAST]
    assert assessed[SIMULATED] > bundled[SIMULATED]
    assert manifest["ytd_hash"] == hf.load_ytd(mine).attrs["sha256"]
    assert manifest["ytd_source"].endswith("mine.csv")
    assert "tech_projects 250 of 400" in manifest["notes"]
    summary = (tmp_path / "out" / "summary.md").read_text(encoding="utf-8")
    # each figure dated by its own day: the latest (19 June) is one of four
    assert "mine.csv (as of 2024-05-31 to 2024-06-19: " in summary


def test_no_ytd_means_no_figures_anywhere_in_the_run(tmp_path, run_cli):
    targets = _targets_file(tmp_path)
    options = ("--no-ytd", "--targets", str(targets))
    assessed, compared = _assess(run_cli, *options), _compare(run_cli, *options)
    reported, manifest = _report(run_cli, tmp_path / "out", *options)
    assert assessed[SIMULATED] == pytest.approx(compared[SIMULATED], abs=1e-6)
    assert reported[SIMULATED] == pytest.approx(assessed[SIMULATED], abs=5e-4)
    # no nowcast: tech_projects is not simulated, so it has no probability at all
    assert assessed[NOWCAST] is None
    assert compared[NOWCAST] is None
    assert reported[NOWCAST] is None
    assert (manifest["ytd_source"], manifest["ytd_hash"]) == ("none", "none")
    assert "from year-to-date figures" not in manifest["notes"]
    # and the simulation's first-year delivery is its prior, not the bundled figures'
    assert assessed[SIMULATED] != _assess(run_cli, "--targets", str(targets))[SIMULATED]


def test_rows_of_another_region_in_a_year_to_date_file_are_said_to_be_unused(tmp_path,
                                                                             run_cli):
    # a Nanjing row loaded fine and was then skipped without a word
    from huaian_forecast.data import data_file

    lines = data_file("ytd_2024.csv").read_text(encoding="utf-8").splitlines()
    mine = tmp_path / "mine.csv"
    nanjing = lines[1].replace("Huai'an", "Nanjing", 1)
    mine.write_text("\n".join([*lines, nanjing]) + "\n", encoding="utf-8")
    for command in (("assess",), ("compare", "baseline")):
        code, _, err = run_cli(*command, "--ytd", str(mine), "--n-paths", "200")
        assert code == 0, err
        assert "the rows of Nanjing are not used (the run simulates Huai'an)" in err
    code, _, err = run_cli("assess", "--n-paths", "200")  # the bundled file: nothing to say
    assert "not used" not in err


def test_an_annual_target_the_targets_state_otherwise_is_noted(tmp_path, run_cli):
    # the delivery read 150 from the year-to-date row while the nowcast was of 140
    table = hf.load_ytd()
    table.loc[table["indicator"] == "enterprise_rd", "annual_target"] = 150.0
    mine = tmp_path / "mine.csv"
    table.to_csv(mine, index=False)
    # enterprise R&D sets no first-year delivery: only the nowcast reads the target
    said = "the annual target of enterprise_rd 2024 is 150, the targets say 140: the nowcast " \
        "is of 140"
    for command in (("assess",), ("compare", "baseline")):
        code, _, err = run_cli(*command, "--ytd", str(mine), "--n-paths", "200")
        assert code == 0, err
        assert f"{mine}: {said}" in err
    code, out, _ = run_cli("assess", "--ytd", str(mine), "--n-paths", "200", "--format",
                           "json", "--lang", "en")
    note = next(r["note"] for r in json.loads(out) if r["indicator"] == "enterprise_rd")
    assert note.endswith("the year-to-date file states an annual target of 150, this "
                         "target 140")
    from huaian_forecast.report._notes_zh import note_label

    assert note_label(note, "zh").endswith("年内进度文件所列年度目标为 150，此处目标为 140")
    # a planner's targets against the bundled figures: the same check
    targets = hf.load_targets()
    targets.loc[(targets["indicator"] == "enterprise_rd") & (targets["year"] == 2024),
                "threshold"] = 130.0
    path = tmp_path / "targets.csv"
    targets.to_csv(path, index=False)
    code, _, err = run_cli("assess", "--targets", str(path), "--n-paths", "200")
    assert "the bundled year-to-date figures: the annual target of enterprise_rd 2024 is " \
           "140, the targets say 130" in err
    code, _, err = run_cli("assess", "--n-paths", "200")  # bundled with bundled: agree
    assert "annual target" not in err


def test_a_later_origin_is_not_said_to_read_the_year_to_date_delivery(tmp_path, run_cli):
    # with a 2024 point the simulation starts in 2025: its first-year delivery reads no
    # 2024 figure, and neither the note nor the briefing may say it does
    table = hf.load_ytd()
    table.loc[table["indicator"] == "enterprise_rd", "annual_target"] = 150.0
    ytd = tmp_path / "ytd.csv"
    table.to_csv(ytd, index=False)
    from huaian_forecast.data import data_file

    lines = data_file("observations.csv").read_text(encoding="utf-8").splitlines()
    data = tmp_path / "mine.csv"
    data.write_text("\n".join([*lines, "Huai'an,hte_count,2024,950,firms,exact,mine,high,"])
                    + "\n", encoding="utf-8")
    code, _, err = run_cli("assess", "--data", str(data), "--ytd", str(ytd), "--n-paths",
                           "200")
    assert code == 0, err
    assert "the targets say 140: the nowcast is of 140" in err
    assert "delivery reads" not in err
    out = tmp_path / "out"
    code, _, err = run_cli("report", "--data", str(data), "--ytd", str(ytd), "--out",
                           str(out), "--n-paths", "200", "--scenario", "baseline", "--lang",
                           "en")
    assert code == 0, err
    summary = (out / "summary.md").read_text(encoding="utf-8")
    assert "the simulation starts in 2025, after their year" in summary


def test_a_nowcasts_disagreement_line_gives_the_simulations_probability_too(run_cli):
    # HTE applications 2024: the nowcast 0.13 rests on an assumed seasonal share; the
    # simulation without the June figure says otherwise, and the planner should see both
    for lang, said in (("en", "; the simulation, without this figure, "),
                       ("zh", "；不含年内数据的模拟为")):
        code, out, _ = run_cli("assess", "--n-paths", "400", "--lang", lang)
        assert code == 0
        line = next(x for x in out.splitlines()
                    if ("HTE applications 2024:" in x or "高企申报数 2024:" in x))
        sim = float(line.split(said)[1][:4])
        assert 0.0 <= sim <= 1.0


def test_the_delivery_clause_is_for_the_indicator_that_sets_a_delivery(tmp_path, run_cli):
    # technology projects set the first year's delivery of the projects lever
    table = hf.load_ytd()
    table.loc[table["indicator"] == "tech_projects", "annual_target"] = 450.0
    mine = tmp_path / "mine.csv"
    table.to_csv(mine, index=False)
    code, _, err = run_cli("assess", "--ytd", str(mine), "--n-paths", "200")
    assert code == 0, err
    assert ("the annual target of tech_projects 2024 is 450, the targets say 400: the first "
            "simulated year's delivery reads 450, the nowcast is of 400") in err


@pytest.mark.parametrize("command", [("assess",), ("compare", "baseline")])
def test_the_annual_target_note_reads_the_runs_history_not_the_bundled_file(
        tmp_path, run_cli, monkeypatch, command):
    # the note reloaded the bundled history (compare: a second load, beside the sweep's)
    import huaian_forecast.data as data

    table = hf.load_ytd()
    table.loc[table["indicator"] == "enterprise_rd", "annual_target"] = 150.0
    mine = tmp_path / "mine.csv"
    table.to_csv(mine, index=False)
    loads: list[object] = []
    real = data.load_history

    def counted(*args, **kwargs):
        loads.append(args[0] if args else kwargs.get("path"))
        return real(*args, **kwargs)

    monkeypatch.setattr(data, "load_history", counted)
    code, _, err = run_cli(*command, "--ytd", str(mine), "--n-paths", "200", "--no-spread")
    assert code == 0, err
    assert "the annual target of enterprise_rd 2024 is 150" in err  # the note was made
    assert loads == [None]  # the bundled history, read once for the whole run


# ---- pace --ytd FILE: the same file as assess, compare and report ------------------------
def test_pace_paces_every_row_of_a_planners_file(tmp_path, run_cli):
    mine = _planner_file(tmp_path)  # 250 technology projects by end-May, not 110
    code, out, _ = run_cli("pace", "--ytd", str(mine), "--format", "json")
    assert code == 0
    rows = {r["indicator"]: r for r in json.loads(out)}
    assert set(rows) == set(hf.load_ytd(mine)["indicator"])
    assert rows["tech_projects"]["ytd_value"] == 250.0
    assert rows["tech_projects"]["pace"] == pytest.approx(250 / 400 * 12 / 5)
    code, out, _ = run_cli("pace", "--format", "json")  # the bundled file: 110
    bundled = {r["indicator"]: r for r in json.loads(out)}
    assert bundled["tech_projects"]["pace"] == pytest.approx(110 / 400 * 12 / 5)
    assert rows["tech_projects"]["p_meet_target"] > bundled["tech_projects"]["p_meet_target"]
    assert rows["enterprise_rd"] == bundled["enterprise_rd"]  # the rows it did not change


def test_pace_with_targets_paces_against_their_annual_targets(tmp_path, run_cli):
    table = hf.load_targets()
    table.loc[(table["indicator"] == "enterprise_rd") & (table["year"] == 2024),
              "threshold"] = 150.0
    targets = tmp_path / "targets.csv"
    table.to_csv(targets, index=False)
    code, out, _ = run_cli("pace", "--targets", str(targets), "--format", "json")
    assert code == 0
    rows = {r["indicator"]: r for r in json.loads(out)}
    rd = rows["enterprise_rd"]
    assert rd["annual_target"] == 150.0
    assert rd["pace"] == pytest.approx(63.05 / 150 * 12 / 5)
    assert rd["note"].endswith("annual target 150 from the targets (the year-to-date file "
                               "states 140)")
    assert "from the targets" not in rows["tech_contracts"]["note"]  # 200 in both
    for lang, says, not_says in (("zh", "年度目标 150 取自目标文件（年内进度文件所列为 140）",
                                  "from the targets"),
                                 ("en", "from the targets (the year-to-date", "取自")):
        code, out, _ = run_cli("pace", "--targets", str(targets), "--lang", lang)
        assert code == 0
        assert says in out
        assert not_says not in out


_YTD_HEADER = ("region,indicator,as_of,ytd_value,unit,yoy_growth_percent,annual_target,"
               "reported_pace_percent,source,quote\n")
_HUAIAN_RD = "Huai'an,enterprise_rd,2024-05-31,63.05,100m_cny,38.7,140,108,src,q\n"


def test_pace_leaves_out_other_regions_rows_as_assess_does(tmp_path, run_cli):
    # before: a Nanjing row paced too, shown like Huai'an's, under Huai'an's assumptions
    path = tmp_path / "two.csv"
    path.write_text(_YTD_HEADER + _HUAIAN_RD + "Nanjing,enterprise_rd,2024-05-31,300,"
                    "100m_cny,10,700,,src,q\n", encoding="utf-8")
    code, out, err = run_cli("pace", "--ytd", str(path), "--format", "json")
    assert code == 0
    assert [r["ytd_value"] for r in json.loads(out)] == [63.05]
    assert "two.csv: the rows of Nanjing are not used (pace reads Huai'an's figures" in err
    code, out, err = run_cli("pace", "--ytd", str(path), "--lang", "zh")
    assert code == 0
    assert "63.050" in out
    assert "300.000" not in out
    code, out, err = run_cli("assess", "--ytd", str(path), "--n-paths", "200",
                             "--no-spread", "--lang", "en")
    assert code == 0
    assert "two.csv: the rows of Nanjing are not used (the run simulates" in err
    path.write_text(_YTD_HEADER + "Nanjing,enterprise_rd,2024-05-31,300,100m_cny,10,700,,"
                    "src,q\n", encoding="utf-8")
    code, out, err = run_cli("pace", "--ytd", str(path))
    assert (code, out) == (2, "")
    assert "two.csv: no row of Huai'an, only of Nanjing" in err


def test_pace_refuses_targets_on_another_scale_naming_both_files(tmp_path, run_cli):
    # before: pace 108 and p 1.0 against 1.4 with a note, where the loader refuses 1.4
    targets = tmp_path / "tg_tiny.csv"
    targets.write_text("region,indicator,year,threshold,direction,unit,horizon,source,quote\n"
                       "Huai'an,enterprise_rd,2024,1.4,at_least,100m_cny,annual,s,q\n",
                       encoding="utf-8")
    mine = tmp_path / "mine.csv"
    mine.write_text(_YTD_HEADER + _HUAIAN_RD, encoding="utf-8")
    code, out, err = run_cli("pace", "--ytd", str(mine), "--targets", str(targets))
    assert (code, out) == (2, "")
    assert err.count("\n") == 1
    assert "mine.csv with the targets" in err
    assert "tg_tiny.csv: the year-to-date 63.05 亿元 is 45.04 times the annual target" in err


def test_pace_takes_an_empty_annual_target_from_the_targets(tmp_path, run_cli):
    mine = tmp_path / "no_target.csv"
    mine.write_text(_YTD_HEADER + _HUAIAN_RD.replace(",140,108,", ",,,"), encoding="utf-8")
    bundled = str(hf.data.data_file("targets.csv"))
    code, out, err = run_cli("pace", "--ytd", str(mine), "--targets", bundled, "--format",
                             "json")
    assert code == 0, err
    row = json.loads(out)[0]
    assert row["annual_target"] == 140.0
    assert row["pace"] == pytest.approx(63.05 / 140 * 12 / 5)
    code, out, err = run_cli("pace", "--ytd", str(mine))  # neither has one
    assert (code, out) == (2, "")
    assert "no_target.csv, row 2, column 'annual_target': the cell is empty" in err


@pytest.mark.parametrize(("lang", "head"), [("zh", "年内进度数据截至："),
                                            ("en", "year-to-date figures as of: ")])
def test_assess_dates_each_nowcast_figure_under_its_table(run_cli, lang, head):
    # the table said "nowcast" without saying of which day its figures are
    from huaian_forecast.report import short_name

    code, out, _ = run_cli("assess", "--n-paths", "300", "--lang", lang)
    assert code == 0
    line = next(x for x in out.splitlines() if x.startswith(head))
    for key, day in (("enterprise_rd", "2024-05-31"), ("tech_contracts", "2024-06-16"),
                     ("hte_applications", "2024-06-19")):
        assert f"{short_name(key, lang)} {day}" in line
    code, out, _ = run_cli("assess", "--n-paths", "300", "--lang", lang, "--no-ytd")
    assert code == 0
    assert head not in out


def _two_sheet_ytd(path: Path) -> Path:
    """A workbook: the bundled figures on sheet '5月', the same with 250 projects on '6月'."""
    from openpyxl import Workbook

    table = hf.load_ytd()
    columns = list(table.columns)
    book = Workbook()
    for title, projects in (("5月", None), ("6月", 250.0)):
        sheet = book.active if title == "5月" else book.create_sheet(title)
        sheet.title = title
        sheet.append(columns)
        for rec in table.to_dict("records"):
            if projects is not None and rec["indicator"] == "tech_projects":
                rec["ytd_value"] = projects
            sheet.append([None if isinstance(v, float) and v != v else v
                          for v in rec.values()])
    book.save(path)
    return path


def test_pace_sheet_reads_that_sheet_of_a_ytd_workbook(tmp_path: Path, run_cli):
    """pace --ytd FILE --sheet NAME, as --data FILE --sheet NAME elsewhere."""
    book = _two_sheet_ytd(tmp_path / "ytd.xlsx")
    runs = {}
    for sheet in (None, "5月", "6月"):
        code, out, err = run_cli("pace", "--ytd", str(book), *(("--sheet", sheet) if sheet
                                                             else ()), "--format", "json")
        assert code == 0, err
        runs[sheet] = {r["indicator"]: r for r in json.loads(out)}
    assert runs[None] == runs["5月"]  # the first sheet by default
    assert runs["5月"]["tech_projects"]["ytd_value"] == 110.0
    assert runs["6月"]["tech_projects"]["ytd_value"] == 250.0  # the second sheet
    assert runs["5月"]["enterprise_rd"] == runs["6月"]["enterprise_rd"]


@pytest.mark.parametrize(("argv", "fragment"), [
    (["--sheet", "6月"], r"--sheet needs --ytd FILE"),
    (["--value", "63", "--target", "140", "--as-of", "2024-05-31", "--sheet", "6月"],
     r"--sheet needs --ytd FILE"),
    (["--ytd", "63", "--target", "140", "--as-of", "2024-05-31", "--sheet", "6月"],
     r"--sheet needs --ytd FILE .*; --ytd 63 was read as one figure \(--value\), not a "
     r"file$"),
    (["--ytd", "{book}", "--sheet", "7月"], r"ytd\.xlsx: no sheet '7月'; sheets are "
                                            r"\['5月', '6月'\]"),
    (["--ytd", "{csv}", "--sheet", "6月"], r"mine\.csv: a CSV file has no sheets"),
], ids=["sheet-without-ytd", "sheet-with-value", "sheet-with-ytd-number", "unknown-sheet",
        "sheet-of-csv"])
def test_pace_sheet_errors_as_the_data_sheet_does(tmp_path: Path, run_cli, argv: list[str],
                                                  fragment: str):
    import re

    files = {"{book}": str(_two_sheet_ytd(tmp_path / "ytd.xlsx")),
             "{csv}": str(_planner_file(tmp_path))}
    code, out, err = run_cli("pace", *[files.get(a, a) for a in argv])
    assert (code, out) == (2, "")
    assert err.count("\n") == 1, err
    assert re.search(fragment, err), err
