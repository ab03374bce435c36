from __future__ import annotations

import pandas as pd
import pytest

from huaian_forecast.report import excel, to_excel
from huaian_forecast.report._atomic import OutputExistsError

from .conftest import make_projection

EN_SHEETS = ["summary", "milestones", "fan quantiles", "scenario inputs", "history used",
             "manifest"]
ZH_SHEETS = ["目标达成概率汇总", "里程碑目标", "预测分位数", "情景输入", "历史数据", "运行记录"]


def _write(tmp_path, history_table, targets_table, lang="en", **kw):
    projs = [make_projection("baseline"), make_projection("push", shift=60.0)]
    path = tmp_path / "wb.xlsx"
    to_excel(path, projs, targets=targets_table, history=history_table, lang=lang,
             command="huaian-forecast report --out x", **kw)
    return path


@pytest.mark.parametrize(("lang", "sheets"), [("en", EN_SHEETS), ("zh", ZH_SHEETS)])
def test_workbook_has_the_sheets_in_order(tmp_path, history_table, targets_table, lang,
                                          sheets):
    from openpyxl import load_workbook

    wb = load_workbook(_write(tmp_path, history_table, targets_table, lang=lang))
    assert wb.sheetnames == sheets


def test_manifest_records_seed_versions_hash_and_command(tmp_path, history_table,
                                                         targets_table):
    from openpyxl import load_workbook

    ws = load_workbook(_write(tmp_path, history_table, targets_table))["manifest"]
    fields = {row[0]: row[1] for row in ws.iter_rows(min_row=2, values_only=True)}
    assert fields["seed"] == "11"
    assert fields["data_hash"] == "abc123"
    assert fields["command"] == "huaian-forecast report --out x"
    assert fields["scenarios"] == "baseline, push"
    assert "version:numpy" in fields
    assert "version:openpyxl" in fields
    assert fields["note:baseline"] == "hand-built paths"


def test_summary_is_targets_by_scenarios_in_percent(tmp_path, history_table, targets_table):
    summary = pd.read_excel(_write(tmp_path, history_table, targets_table),
                            sheet_name="summary")
    hte25 = summary[(summary["indicator"] == "hte_count") & (summary["year"] == 2025)]
    # baseline paths 900/950/1000/1100 -> 2 of 4 reach 1000; push (+60) -> 3 of 4
    assert hte25["baseline"].item() == pytest.approx(50.0)
    assert hte25["push"].item() == pytest.approx(75.0)
    assert hte25["Δ push"].item() == pytest.approx(25.0)
    labs = summary[summary["indicator"] == "key_labs"]
    assert labs["note"].item() == "not modelled"
    assert hte25["baseline label"].item() == "within reach"  # the sheet planners copy
    assert hte25["push label"].item() == "on track"


def test_summary_sheet_shows_the_range_across_models_beside_the_status_quo():
    # the first sheet had no labels and no range: a baseline 0.69 read as a number the
    # models agree on, where the briefing says "models disagree" (0.14-0.98)
    import huaian_forecast as hf
    from huaian_forecast.analysis import planner_assessments
    from huaian_forecast.report.summary_sheet import summary_sheet

    projections = [hf.simulate(name, n_paths=300, seed=1) for name in ("baseline", "plan_2024")]
    assessed = planner_assessments(projections, hf.load_targets(), history=hf.load_history())
    sheet = summary_sheet(assessed, lang="en")
    assert "baseline range across models (%)" in sheet
    # the plan's range: each growth family with the plan's levers' effect added
    assert "plan_2024 range across models (%)" in sheet
    row = sheet[(sheet["indicator"] == "hte_count") & (sheet["year"] == 2030)].iloc[0]
    base = assessed["baseline"]
    want = base[(base["indicator"] == "hte_count") & (base["year"] == 2030)].iloc[0]
    assert row["baseline range across models (%)"] == (
        f"{100 * want.p_models_min:.1f}-{100 * want.p_models_max:.1f}")
    assert row["baseline label"] == "models disagree" == want.label
    labs = sheet[(sheet["indicator"] == "key_labs") & (sheet["year"] == 2030)].iloc[0]
    assert labs["baseline range across models (%)"] == ""  # one model only: no range


def test_fan_sheet_quantiles_per_indicator_and_year(tmp_path, history_table, targets_table):
    fan = pd.read_excel(_write(tmp_path, history_table, targets_table),
                        sheet_name="fan quantiles")
    assert len(fan) == 2 * 2 * 12  # scenarios x indicators x years
    row = fan[(fan["scenario"] == "baseline") & (fan["indicator"] == "hte_count")
              & (fan["year"] == 2025)]
    assert row["median"].item() == pytest.approx(975.0)  # median of 900, 950, 1000, 1100
    cols = ["q2.5", "q10", "q25", "median", "q75", "q90", "q97.5"]
    assert (fan[cols].diff(axis=1).iloc[:, 1:] >= 0).all().all()


def test_history_sheet_is_the_history_given(tmp_path, history_table, targets_table):
    hist = pd.read_excel(_write(tmp_path, history_table, targets_table),
                         sheet_name="history used")
    assert len(hist) == len(history_table)
    assert set(hist["kind"]) == {"exact", "upper_bound", "lower_bound", "approx"}


def test_inputs_sheet_lists_lever_settings_with_sources(tmp_path, history_table,
                                                        targets_table, monkeypatch):
    proj = make_projection("push")
    proj.manifest["scenario"] = {"name": "push", "levers": {"new_key_labs": 3.0}}
    path = tmp_path / "wb.xlsx"
    to_excel(path, proj, targets=targets_table, history=history_table, lang="en")
    inputs = pd.read_excel(path, sheet_name="scenario inputs").fillna("")
    row = inputs[inputs["lever or uncertainty"] == "new_key_labs"]
    assert str(row["setting"].item()) == "3"
    from huaian_forecast.scenarios import LEVERS

    assert row["source"].item() == LEVERS["new_key_labs"].source
    assert row["note"].item() == "set by the scenario"
    from huaian_forecast.scenarios import UNCERTAINTIES

    unc = inputs[inputs["type"] == "uncertainty"]
    assert set(unc["lever or uncertainty"]) == set(UNCERTAINTIES)


def test_existing_workbook_is_kept_unless_force(tmp_path, history_table, targets_table):
    path = _write(tmp_path, history_table, targets_table)
    before = path.read_bytes()
    with pytest.raises(OutputExistsError):
        _write(tmp_path, history_table, targets_table)
    assert path.read_bytes() == before
    _write(tmp_path, history_table, targets_table, force=True)


def test_failure_while_writing_leaves_no_workbook(tmp_path, history_table, targets_table,
                                                  monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(excel, "_autosize", broken)
    with pytest.raises(RuntimeError, match="disk full"):
        _write(tmp_path, history_table, targets_table)
    assert list(tmp_path.iterdir()) == []


def test_unique_scenarios_required(tmp_path, history_table, targets_table):
    with pytest.raises(ValueError, match="unique"):
        to_excel(tmp_path / "x.xlsx", [make_projection(), make_projection()],
                 targets=targets_table, history=history_table)


def test_workbook_cells_are_plain_values_header_frozen(tmp_path, history_table,
                                                       targets_table):
    import zipfile

    from openpyxl import load_workbook

    path = _write(tmp_path, history_table, targets_table)
    with zipfile.ZipFile(path) as zf:
        sheets = [n for n in zf.namelist() if n.startswith("xl/worksheets/sheet")]
        xml = "".join(zf.read(n).decode("utf-8") for n in sheets)
    assert len(sheets) == 6
    assert "<f>" not in xml  # no formula anywhere
    assert "<f " not in xml
    wb = load_workbook(path)
    for ws in wb.worksheets:
        assert ws.freeze_panes == "A2"
        assert all(c.value is not None for c in ws[1])  # a header in every column
    summary = wb["summary"]
    header = [c.value for c in summary[1]]
    notes = [r[header.index("note")] for r in summary.iter_rows(min_row=2, values_only=True)]
    assert None in notes  # an empty note is a blank cell, not an empty text
    assert "" not in notes


def test_a_full_disk_while_saving_is_an_oserror_and_leaves_no_file(
        tmp_path, history_table, targets_table, monkeypatch):
    """XlsxWriter wraps the OSError in its FileCreateError; the CLI needs the OSError."""
    import errno

    import xlsxwriter

    def full(self, *args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(xlsxwriter.Workbook, "_store_workbook", full)
    with pytest.raises(OSError, match="No space left") as caught:
        _write(tmp_path, history_table, targets_table)
    assert caught.value.errno == errno.ENOSPC
    assert list(tmp_path.iterdir()) == []
