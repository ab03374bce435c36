"""One target stated by two sources is one target: the loader merges the rows.

Before, two rows differing only in ``source`` passed the loader as two targets: assess and
compare printed the target twice and ``report`` failed drawing its ranges ("internal
error: ValueError: Length of values (4) does not match length of index (2)").
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

import huaian_forecast as hf
from huaian_forecast.assessment import targets_hash

FAST = ("--scenario", "baseline", "--n-paths", "300", "--lang", "en")


def _write(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _restated(tmp_path: Path) -> Path:
    return _write(tmp_path / "dup.csv", [
        "indicator,year,threshold,source,quote",
        "hte_count,2030,1500,doc A,高企1500家",
        "key_labs,2030,15,doc A,",
        "hte_count,2030,1500,doc B,高企1500家",   # same target, another source
        "hte_count,2030,1500,doc A,到2030年1500家",  # doc A again, another quote
        "hte_count,2030,1500,doc C,高企1500家",
        "key_labs,2030,15,doc A,",                 # identical: a duplicate, as before
    ])


def test_a_target_stated_by_two_sources_is_one_row_with_both_sources(tmp_path: Path):
    table = hf.load_targets(_restated(tmp_path))
    assert table[["indicator", "source", "quote"]].values.tolist() == [
        ["hte_count", "doc A; doc B; doc C", "高企1500家; 到2030年1500家"],
        ["key_labs", "doc A", ""]]
    assert table.attrs["skipped"] == [  # in file order (the duplicate was listed first)
        *({"row": r, "reason": "same target as row 2: source and quote joined", "text": ""}
          for r in (4, 5, 6)),
        {"row": 7, "reason": "duplicate of row 3", "text": ""}]


def test_a_blank_source_is_not_joined_as_the_file_name(tmp_path: Path):
    # a blank source became the file's name before merging: "blank.csv; doc B"
    table = hf.load_targets(_write(tmp_path / "blank.csv", [
        "indicator,year,threshold,source,quote",
        "hte_count,2030,1500,,",
        "hte_count,2030,1500,doc B,q",
        "key_labs,2030,15,,",
        "key_labs,2030,15,,another quote",  # no source anywhere: the file's name
    ]))
    assert table[["source", "quote"]].values.tolist() == [
        ["doc B", "q"], ["blank.csv", "another quote"]]


def test_a_source_joined_before_is_not_repeated(tmp_path: Path):
    # "doc A; doc B" + "doc B" gave "doc A; doc B; doc B" (a merged table saved, edited
    # and loaded again)
    table = hf.load_targets(_write(tmp_path / "t.csv", [
        "indicator,year,threshold,source,quote",
        "hte_count,2030,1500,doc A; doc B,qA; qB",
        "hte_count,2030,1500,doc B,qB",
        "hte_count,2030,1500,doc C; doc A,qC",
    ]))
    assert table[["source", "quote"]].values.tolist() == [
        ["doc A; doc B; doc C", "qA; qB; qC"]]


def test_sources_and_quotes_are_joined_in_file_order(tmp_path: Path):
    # both in file order; a row without a quote adds none (documented: the n-th quote
    # need not be the n-th source's)
    table = hf.load_targets(_write(tmp_path / "t.csv", [
        "indicator,year,threshold,source,quote",
        "hte_count,2030,1500,doc C,qC",
        "hte_count,2030,1500,doc A,",
        "hte_count,2030,1500,doc B,qB",
    ]))
    assert table[["source", "quote"]].values.tolist() == [["doc C; doc A; doc B", "qC; qB"]]


def test_skipped_rows_are_listed_in_file_order(tmp_path: Path):
    # duplicates were listed before restated rows whatever their rows
    table = hf.load_targets(_write(tmp_path / "t.csv", [
        "indicator,year,threshold,source,horizon",
        "hte_count,2030,1500,doc A,milestone",
        "hte_count,2030,1500,doc B,plan",
        "hte_count,2030,1500,doc A,milestone",
    ]))
    assert [(s["row"], s["reason"]) for s in table.attrs["skipped"]] == [
        (3, "same target as row 2: source and quote joined; its horizon 'plan' not kept "
            "(row 2's 'milestone' is)"),
        (4, "duplicate of row 2")]


def test_a_restated_target_with_another_horizon_says_which_horizon_is_kept(tmp_path: Path):
    table = hf.load_targets(_write(tmp_path / "t.csv", [
        "indicator,year,threshold,horizon,source",
        "hte_count,2030,1500,milestone,doc A",
        "hte_count,2030,1500,annual,doc A",
    ]))
    assert table[["horizon", "source"]].values.tolist() == [["milestone", "doc A"]]
    assert table.attrs["skipped"] == [{
        "row": 3, "reason": "same target as row 2: source and quote joined; its horizon "
        "'annual' not kept (row 2's 'milestone' is)", "text": ""}]


def test_rows_of_one_target_with_different_tiers_or_regions_stay_apart(tmp_path: Path):
    table = hf.load_targets(_write(tmp_path / "t.csv", [
        "region,indicator,year,threshold,tier,source",
        "Huai'an,hte_count,2030,1500,floor,doc A",
        "Huai'an,hte_count,2030,1500,stretch,doc B",
        "Suqian,hte_count,2030,1500,floor,doc B",
    ]))
    assert table["source"].tolist() == ["doc A", "doc B", "doc B"]
    assert table.attrs["skipped"] == []


def test_targets_hash_of_a_file_without_restated_rows_is_unchanged(tmp_path: Path):
    plain = _write(tmp_path / "t.csv", ["indicator,year,threshold,source",
                                        "hte_count,2030,1500,doc A",
                                        "key_labs,2030,15,doc B"])
    assert targets_hash(hf.load_targets(plain)) == (
        "fa0659d22b4f379e64fd151e0c44ff8fe235ed103990c3e944883793194387ff")
    assert targets_hash(hf.load_targets()) == (
        "41bf9c04474bf9e8358c1d81cde346f31b8b38f3762855951388ba9cbae37b4b")


def test_report_on_a_target_stated_twice_does_not_crash(tmp_path: Path, run_cli):
    out = tmp_path / "out"
    code, _, err = run_cli("report", "--targets", str(_restated(tmp_path)), "--out", str(out),
                           *FAST)
    assert code == 0, err
    assert "internal error" not in err
    sheet = pd.read_excel(out / "report.xlsx", sheet_name="milestones")
    assert sheet["source"].tolist() == ["doc A; doc B; doc C", "doc A"]


def test_assess_prints_a_target_stated_twice_once(tmp_path: Path, run_cli):
    code, out, err = run_cli("assess", "--targets", str(_restated(tmp_path)), "--format",
                             "json", *FAST)
    assert code == 0, err
    assert out.count('"indicator": "hte_count"') == 1
