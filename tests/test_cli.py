from __future__ import annotations

import json

import pytest

from huaian_forecast.cli import main


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_assess_json_has_a_record_per_milestone_target(capsys: pytest.CaptureFixture[str]):
    code, out, _ = _run(capsys, "assess", "--format", "json", "--n-paths", "2000")
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


def test_assess_same_seed_is_byte_identical(capsys: pytest.CaptureFixture[str]):
    first = _run(capsys, "assess", "--format", "json", "--seed", "5", "--n-paths", "1000")[1]
    second = _run(capsys, "assess", "--format", "json", "--seed", "5", "--n-paths", "1000")[1]
    third = _run(capsys, "assess", "--format", "json", "--seed", "6", "--n-paths", "1000")[1]
    assert first == second
    assert first != third


def test_bad_data_file_is_one_line_and_exit_2(tmp_path, capsys: pytest.CaptureFixture[str]):
    bad = tmp_path / "bad.csv"
    bad.write_text("region,indicator,year,value\nHuai'an,hte_count,2023,-5\n", encoding="utf-8")
    code, out, err = _run(capsys, "assess", "--data", str(bad))
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1
    assert "bad.csv, row 2" in err
    assert "Traceback" not in err
