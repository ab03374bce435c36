"""Shared CLI options: --sheet, argument checks, exit codes by error type, strict JSON."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest

import huaian_forecast as hf
import huaian_forecast.analysis.compare
from huaian_forecast.cli.common import frame_to_json, to_json

BAD = Path(__file__).parent / "data" / "bad"


def _workbook_with_data_second(path: Path) -> None:
    """A workbook whose first sheet is empty and whose second holds the history."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.active.title = "说明"
    data = wb.create_sheet("数据")
    data.append(["indicator", "year", "value"])
    for year, value in [(2019, 400), (2020, 500), (2021, 600), (2022, 700), (2023, 800)]:
        data.append(["hte_count", year, value])
    wb.save(path)


def test_sheet_chooses_the_workbook_sheet(tmp_path: Path, run_cli):
    book = tmp_path / "mine.xlsx"
    _workbook_with_data_second(book)
    code, _, err = run_cli("backtest", "--indicator", "hte_count", "--data", str(book),
                        "--holdout", "1", "--n-paths", "50")
    assert code == 2
    assert "the sheet has no data" in err
    assert "--sheet" in err
    code, out, err = run_cli("backtest", "--indicator", "hte_count", "--data", str(book),
                          "--sheet", "数据", "--holdout", "1", "--n-paths", "50", "--format",
                          "json")
    assert code == 0, err
    rows = json.loads(out)
    assert {r["method"] for r in rows} >= {"ensemble", "last_value"}
    assert all(r["n_forecasts"] == 1 for r in rows)


@pytest.mark.parametrize(("argv", "fragment"), [
    (["compare", "--sheet", "数据"], r"--sheet needs --data"),
    (["compare", "--data", str(BAD / "blank_rows.csv"), "--sheet", "x"],
     r"blank_rows\.csv: a CSV file has no sheets"),
    (["compare", "baseline", "--data", str(BAD / "long.xlsx"), "--sheet", "nope"],
     r"no sheet 'nope'; sheets are \['数据'\]"),
    (["compare", "--end-year", "2020"], r"--end-year \(end_year\) must be 2024 or later"),
    (["compare", "--jobs", "0"], r"--jobs must be at least 1, got 0"),
    (["assess", "--seed", "-1"], r"--seed must be a non-negative integer, got -1"),
    (["solve", "--lever", "new_key_labs", "--indicator", "no_such", "--year", "2030"],
     r"--indicator: unknown indicator 'no_such'; known: .*hte_count"),
    (["solve", "--lever", "new_key_labs", "--indicator", "key_labs", "--year", "2030",
      "--threshold", "nan"], r"--threshold must be a finite number"),
    (["backtest", "--indicator", "no_such"], r"unknown indicator 'no_such'"),
    (["backtest", "--indicator", "hte_count", "--holdout", "0"],
     r"holdout must be at least 1 year, got 0"),
    (["report", "--out", "{tmp}", "--tornado-paths", "0"], r"--tornado-paths"),
], ids=["sheet-without-data", "sheet-of-csv", "unknown-sheet", "early-end-year", "zero-jobs",
        "negative-seed", "unknown-indicator", "nan-threshold", "backtest-indicator",
        "zero-holdout", "zero-tornado-paths"])
def test_bad_option_is_a_user_error(tmp_path: Path, run_cli,
                                    argv: list[str], fragment: str):
    argv = [a.replace("{tmp}", str(tmp_path / "out")) for a in argv]
    code, out, err = run_cli(*argv)
    assert (code, out) == (2, "")
    assert err.count("\n") == 1, err
    assert err.startswith("huaian-forecast: error: ")
    assert re.search(fragment, err), err


def test_a_plain_value_error_is_a_bug_not_a_user_error(monkeypatch: pytest.MonkeyPatch,
                                                        run_cli):
    def broken(*args: object, **kwargs: object) -> None:
        raise ValueError("operands could not be broadcast together")

    monkeypatch.setattr(huaian_forecast.analysis, "compare", broken)
    code, out, err = run_cli("compare", "baseline", "--n-paths", "50")
    assert (code, out) == (1, "")
    assert err.startswith("huaian-forecast: internal error: ValueError: operands")
    assert "please report it" in err


def test_argument_errors_are_value_errors_and_package_errors():
    with pytest.raises(hf.ArgumentError, match="n_years must be positive"):
        hf.analysis.cagr(1.0, 2.0, 0)
    assert issubclass(hf.ArgumentError, ValueError)
    assert issubclass(hf.ArgumentError, hf.HuaianForecastError)


def test_json_is_strict_without_nan_or_infinity():
    frame = pd.DataFrame({"a": [float("inf"), float("nan"), 1.23456789], "b": ["x", "y", "z"]})
    records = json.loads(frame_to_json(frame), parse_constant=pytest.fail)
    assert records == [{"a": None, "b": "x"}, {"a": None, "b": "y"}, {"a": 1.234568, "b": "z"}]
    nested = json.loads(to_json({"curve": [{"p": float("-inf")}], "n": 3}),
                        parse_constant=pytest.fail)
    assert nested == {"curve": [{"p": None}], "n": 3}


@pytest.mark.parametrize("command", ["compare", "solve", "pace", "report", "backtest"])
def test_help_shows_percent_signs_once(run_cli, command: str):
    code, out, _ = run_cli(command, "--help")
    assert code == 0
    assert "%%" not in out
