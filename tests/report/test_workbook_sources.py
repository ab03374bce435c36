"""The sources of the targets in the report's workbook, read back as ``--targets``.

The milestone sheet's last column is each target's source and the one before it the
threshold assessed: a threshold edited in the workbook loses a source that states
another value; a source the writer escaped (``'=...``) comes back as itself; a workbook
written without targets reads its blank source cells as its own name.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

import huaian_forecast as hf
from huaian_forecast.assessment import targets_hash
from huaian_forecast.report import to_excel

from .conftest import make_projection

TARGETS = """region,indicator,year,threshold,direction,tier,source
Huai'an,hte_count,2030,1500,at_least,确保,"淮安市科技局《工作报告》(2024-06-14), section 四(四)"
Huai'an,hte_count,2030,1700,at_least,力争,plan A
Huai'an,hightech_share,2030,40,at_least,,-1 doc
Huai'an,hte_count,2025,1000,at_least,,"=SUM(1,2)"
"""
MILESTONES = {"zh": "里程碑目标", "en": "milestones"}
SUMMARIES = {"zh": "目标达成概率汇总", "en": "summary"}
HEADERS = {"zh": ("指标代码", "年份", "档次", "目标值", "评估时目标值", "来源"),
           "en": ("indicator", "year", "tier", "threshold", "threshold assessed", "source")}
FLOOR = {"zh": "确保", "en": "floor"}


@pytest.fixture
def targets(tmp_path: Path) -> pd.DataFrame:
    path = tmp_path / "t.csv"
    path.write_text(TARGETS, encoding="utf-8")
    return hf.load_targets(path)


def _workbook(tmp_path: Path, targets: pd.DataFrame | None, lang: str) -> Path:
    projections = [make_projection("baseline"), make_projection("plan_2024", shift=50.0)]
    if targets is None:  # a caller passing assessments only
        assessments = {p.scenario: hf.assess(p, hf.load_targets(), year_to_date=False)
                       for p in projections}
        return to_excel(tmp_path / "report.xlsx", projections, assessments=assessments,
                        lang=lang)
    return to_excel(tmp_path / "report.xlsx", projections, targets=targets, lang=lang)


def _edit_hte_floor(path: Path, lang: str, value: float) -> list[int]:
    """Set the hte_count 2030 floor's threshold on every row of both sheets."""
    code, year, tier, threshold = HEADERS[lang][:4]
    book = load_workbook(path)
    rows = []
    for sheet in (SUMMARIES[lang], MILESTONES[lang]):
        ws = book[sheet]
        header = [c.value for c in ws[1]]
        for row in ws.iter_rows(min_row=2):
            cells = dict(zip(header, row, strict=False))
            if (cells[code].value, cells[year].value, cells[tier].value) == (
                    "hte_count", 2030, FLOOR[lang]):
                cells[threshold].value = value
                if sheet == MILESTONES[lang]:
                    rows.append(row[0].row)
    book.save(path)
    return rows


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_an_edited_threshold_takes_the_workbook_as_its_source(tmp_path: Path, lang: str,
                                                              targets: pd.DataFrame):
    path = _workbook(tmp_path, targets, lang)
    header = [c.value for c in load_workbook(path)[MILESTONES[lang]][1]]
    assert header[-2:] == list(HEADERS[lang][-2:])  # threshold assessed, then source
    rows = _edit_hte_floor(path, lang, 1600)
    assert len(rows) == 2  # one per scenario
    workbook = f"report.xlsx (sheet {MILESTONES[lang]!r})"  # as a blank source cell reads
    with pytest.warns(hf.DataWarning, match=(
            rf"report\.xlsx \(sheet '{MILESTONES[lang]}'\), rows {rows[0]}, {rows[1]}, "
            rf"column '{HEADERS[lang][3]}': Huai'an hte_count 2030 \(floor\): threshold "
            rf"edited from 1500 to 1600: its source is now the file, "
            rf"\"{re.escape(workbook)}\", not "
            r"'淮安市科技局《工作报告》\(2024-06-14\), section 四\(四\)' \(which states the "
            r"threshold assessed\); .* on every scenario's row of the target")) as caught:
        back = hf.load_targets(path)
    assert len(caught) == 1
    key = ["indicator", "year", "tier"]
    edited = (back["indicator"] == "hte_count") & (back["year"] == 2030) \
        & (back["tier"] == "floor")
    assert back.loc[edited, "threshold"].tolist() == [1600.0]
    assert back.loc[edited, "source"].tolist() == [workbook]
    # the other rows keep their sources, the escaped ones included
    pd.testing.assert_frame_equal(
        back.loc[~edited, [*key, "threshold", "source"]].reset_index(drop=True),
        targets.loc[~edited.to_numpy(), [*key, "threshold", "source"]].reset_index(drop=True))
    assert targets_hash(back) != targets_hash(targets)


def test_an_edit_with_its_own_source_and_threshold_assessed_keeps_that_source(
        tmp_path: Path, targets: pd.DataFrame):
    """The warning's advice: the new source, and the new value as the threshold assessed."""
    path = _workbook(tmp_path, targets, "zh")
    _edit_hte_floor(path, "zh", 1600)
    book = load_workbook(path)
    ws = book[MILESTONES["zh"]]
    header = [c.value for c in ws[1]]
    for row in ws.iter_rows(min_row=2):
        if row[header.index("目标值")].value == 1600:
            row[header.index("评估时目标值")].value = 1600
            row[header.index("来源")].value = "市政府2025年工作报告"
    book.save(path)
    back = hf.load_targets(path)  # filterwarnings = error: no warning
    assert back.loc[back["threshold"] == 1600, "source"].tolist() == ["市政府2025年工作报告"]


def test_the_advice_followed_on_one_scenarios_row_keeps_that_rows_source(
        tmp_path: Path, targets: pd.DataFrame):
    """The typed source is kept: the other rows' source is the file's, as a blank cell."""
    path = _workbook(tmp_path, targets, "zh")
    rows = _edit_hte_floor(path, "zh", 1600)
    book = load_workbook(path)
    ws = book[MILESTONES["zh"]]
    header = [c.value for c in ws[1]]
    typed = ws[rows[0]]  # the first scenario's row only
    typed[header.index("评估时目标值")].value = 1600
    typed[header.index("来源")].value = "市政府2025年工作报告"
    book.save(path)
    with pytest.warns(hf.DataWarning, match=rf"\(sheet '里程碑目标'\), row {rows[1]}, column "
                                            r"'目标值': Huai'an hte_count 2030 \(floor\): "
                                            r"threshold edited from 1500 to 1600") as caught:
        back = hf.load_targets(path)
    assert len(caught) == 1
    named = re.search(r"\), (rows?) ([\d, ]+), column", str(caught[0].message))
    assert named is not None
    assert named.groups() == ("row", str(rows[1]))  # not the typed row
    floor = back[(back["threshold"] == 1600) & (back["tier"] == "floor")]
    assert len(floor) == 1  # one target: the rows merged
    # the other row's source is the file's name, as a blank cell's: left out beside it
    assert floor["source"].tolist() == ["市政府2025年工作报告"]
    assert len(back) == len(targets)


def test_an_edited_threshold_in_a_csv_saved_from_the_sheet_names_the_file(
        tmp_path: Path):
    """Not "the workbook": the file read is named as the source."""
    path = tmp_path / "milestones.csv"
    path.write_text("情景,指标代码,年份,目标值,达标概率（%）,评估时目标值,来源\n"
                    "基准,hte_count,2030,1600,50,1500,doc A\n", encoding="utf-8")
    with pytest.warns(hf.DataWarning, match=r"milestones\.csv, row 2, column '目标值': "
                                            r"Huai'an hte_count 2030: threshold edited from "
                                            r"1500 to 1600: its source is now the file, "
                                            r"'milestones\.csv', not 'doc A'") as caught:
        back = hf.load_targets(path)
    assert "workbook" not in str(caught[0].message)
    assert back["source"].tolist() == ["milestones.csv"]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_sheet_without_its_scenario_column_is_still_checked(tmp_path: Path, lang: str):
    """The probability and threshold assessed columns mark it: names not read, edit seen."""
    path = tmp_path / "ms.csv"
    header = {"zh": "指标代码,指标,年份,目标值,达标概率（%）,备注,评估时目标值,来源",
              "en": "indicator,name,year,threshold,p_reach (%),note,threshold assessed,"
                    "source"}[lang]
    path.write_text(f"{header}\nhte_count,高新技术企业,2030,1600,50,,1500,doc A\n"
                    "hte_count,高新技术企业,2030,1600,50,,1500,doc A\n", encoding="utf-8")
    with pytest.warns(hf.DataWarning, match=r"ms\.csv, rows 2, 3, column '(目标值|threshold)'"
                                            r": Huai'an hte_count 2030: threshold edited"):
        back = hf.load_targets(path)
    assert back["source"].tolist() == ["ms.csv"]
    assert back["threshold"].tolist() == [1600.0]


def test_a_workbook_without_the_assessed_column_loads_as_before(tmp_path: Path,
                                                                targets: pd.DataFrame):
    """An older report (no threshold assessed): an edit keeps its source, no warning."""
    path = _workbook(tmp_path, targets, "zh")
    book = load_workbook(path)
    ws = book[MILESTONES["zh"]]
    ws.delete_cols([c.value for c in ws[1]].index("评估时目标值") + 1)
    book.save(path)
    back = hf.load_targets(path)  # filterwarnings = error: no warning
    assert back["source"].tolist() == targets["source"].tolist()
    assert targets_hash(back) == targets_hash(targets)
    _edit_hte_floor(path, "zh", 1600)
    back = hf.load_targets(path)
    assert back["source"].tolist() == targets["source"].tolist()
    assert back["threshold"].tolist()[0] == 1600.0


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_escaped_sources_round_trip_and_stay_escaped(tmp_path: Path, lang: str,
                                                     targets: pd.DataFrame):
    """``-1 doc`` and ``=SUM(1,2)`` are written ``'-1 doc`` and read back without the quote."""
    assert {"-1 doc", "=SUM(1,2)"} <= set(targets["source"])
    path = _workbook(tmp_path, targets, lang)
    back = hf.load_targets(path)
    assert back["source"].tolist() == targets["source"].tolist()
    assert targets_hash(back) == targets_hash(targets)
    # written again from what was read: still text, never a formula
    again = to_excel(tmp_path / "again.xlsx", [make_projection()], targets=back, lang=lang)
    for written in (path, again):
        ws = load_workbook(written)[MILESTONES[lang]]
        column = [c.value for c in ws[1]].index(HEADERS[lang][-1])
        cells = [row[column] for row in ws.iter_rows(min_row=2)]
        assert all(c.data_type != "f" for c in cells)
        assert {"'-1 doc", "'=SUM(1,2)"} <= {c.value for c in cells}
        assert not any(str(c.value).startswith(("=", "-", "+", "@")) for c in cells)


def test_a_csv_source_with_the_writers_escape_reads_without_it(
        tmp_path: Path, caplog: pytest.LogCaptureFixture):
    """One quote before a formula start is the writer's escape; any other quote stays."""
    path = tmp_path / "t.csv"
    path.write_text("indicator,year,threshold,source,quote\n"
                    "hte_count,2030,1500,\"'=SUM(1,2)\",'@x\n"
                    "hightech_share,2030,40,'quoted',''=1\n", encoding="utf-8")
    with caplog.at_level(logging.INFO, logger="huaian_forecast.data.loading"):
        back = hf.load_targets(path)  # filterwarnings = error: listed and logged, no warning
    assert back["source"].tolist() == ["=SUM(1,2)", "'quoted'"]
    assert back["quote"].tolist() == ["@x", "''=1"]
    what = "leading ' removed (the writer's formula escape)"
    assert back.attrs["cleaned"] == [
        {"row": 2, "column": "source", "removed": ["U+0027"], "what": what},
        {"row": 2, "column": "quote", "removed": ["U+0027"], "what": what}]
    assert f"{what} in 2 free-text cell(s) (row 2 column 'source', row 2 column " \
        "'quote')" in caplog.text


def test_the_escape_and_control_characters_are_listed_apart(tmp_path: Path):
    """Control characters removed still warn; the escape dropped with them is listed too."""
    path = tmp_path / "t.csv"
    path.write_text("indicator,year,threshold,source\n"
                    "hte_count,2030,1500,'=doc\x01\n", encoding="utf-8")
    with pytest.warns(hf.DataWarning, match=r"removed control or text-direction character"
                                            r"\(s\) U\+0001 from 1 free-text cell\(s\)"):
        back = hf.load_targets(path)
    assert back["source"].tolist() == ["=doc"]
    assert [e["removed"] for e in back.attrs["cleaned"]] == [["U+0001"], ["U+0027"]]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_workbook_written_without_targets_reads_its_own_name_as_source(tmp_path: Path,
                                                                         lang: str):
    path = _workbook(tmp_path, None, lang)
    ws = load_workbook(path)[MILESTONES[lang]]
    column = [c.value for c in ws[1]].index(HEADERS[lang][-1])
    assert [row[column].value for row in ws.iter_rows(min_row=2)] == [None] * (ws.max_row - 1)
    back = hf.load_targets(path)
    bundled = hf.load_targets()
    assert set(back["source"]) == {f"report.xlsx (sheet {MILESTONES[lang]!r})"}
    key = ["region", "indicator", "year", "threshold", "direction", "tier"]
    pd.testing.assert_frame_equal(back[key], bundled[key])


def test_an_unreadable_threshold_assessed_is_refused_naming_its_cell(tmp_path: Path,
                                                                     targets: pd.DataFrame):
    path = _workbook(tmp_path, targets, "en")
    book = load_workbook(path)
    ws = book[MILESTONES["en"]]
    ws.cell(row=2, column=[c.value for c in ws[1]].index("threshold assessed") + 1).value = "x"
    book.save(path)
    with pytest.raises(hf.DataError, match=r"\(sheet 'milestones'\), row 2, column "
                                           r"'threshold assessed': .*leave it as it is"):
        hf.load_targets(path)


def test_an_edit_on_one_scenarios_row_of_the_assessed_column_still_gives_one_target(
        tmp_path: Path, targets: pd.DataFrame):
    """The sources of a target's scenario rows stay one: the rows merge, not two targets."""
    path = _workbook(tmp_path, targets, "zh")
    book = load_workbook(path)
    ws = book[MILESTONES["zh"]]
    header = [c.value for c in ws[1]]
    row = next(r for r in ws.iter_rows(min_row=2)
               if r[header.index("指标代码")].value == "hightech_share")
    row[header.index("评估时目标值")].value = 35  # the first scenario's row only
    book.save(path)
    with pytest.warns(hf.DataWarning, match=rf"row {row[0].row}, column '目标值': Huai'an "
                                            r"hightech_share 2030: threshold edited from 35 "
                                            r"to 40: its source is now the file, "
                                            r"\"report\.xlsx \(sheet '里程碑目标'\)\", "
                                            r"not '-1 doc'") as caught:
        back = hf.load_targets(path)
    assert len(caught) == 1
    assert "rows" not in str(caught[0].message)  # its other scenario's row: as written
    assert len(back) == len(targets)
    share = back[back["indicator"] == "hightech_share"]
    # the edited row's source is the file; the other scenario's row keeps '-1 doc'
    assert share["source"].tolist() == ["-1 doc"]  # the file's name left out beside it


def test_escaped_history_sources_and_quotes_round_trip(tmp_path: Path):
    """The history sheet too: a source or quote the writer escaped reads back as itself."""
    from huaian_forecast.data import HISTORY_COLUMNS, data_hash

    history = hf.load_history()
    history.loc[0, "source"] = "-估计"
    history.loc[1, "quote"] = "+14%, =SUM(1,2)"
    path = to_excel(tmp_path / "report.xlsx", make_projection(), history=history,
                    targets=hf.load_targets(), lang="zh")
    back = hf.load_history(path, sheet="历史数据")
    assert back.loc[0, "source"] == "-估计"
    assert back.loc[1, "quote"] == "+14%, =SUM(1,2)"
    assert data_hash(back) == data_hash(history[list(HISTORY_COLUMNS)])
