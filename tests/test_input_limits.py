"""Hostile inputs too large to commit, odd paths, unit slips in the bundled table (issue 17).

Large files are written into ``tmp_path`` here (the small ones live in ``tests/data/bad``).
Each test checks the error a planner sees, not the time taken: the limits are checked
before parsing, so a refused file never reaches the expensive reader.
"""

from __future__ import annotations

import datetime
import os
import re
import subprocess
import sys
import tracemalloc
import zipfile
from collections.abc import Iterable
from pathlib import Path

import pandas as pd
import pytest

import huaian_forecast as hf
from huaian_forecast.data import Limits, _clock, data_file

BAD = Path(__file__).parent / "data" / "bad"
ROOT = Path(hf.__file__).resolve().parents[1]  # the package under test, not an installed one
SST_HEAD = (b'<?xml version="1.0" encoding="UTF-8"?>'
            b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')


def _with_shared_strings(path: Path, chunks: Iterable[bytes]) -> Path:
    """``long.xlsx`` of the corpus with its shared strings replaced by ``chunks``."""
    with zipfile.ZipFile(BAD / "long.xlsx") as src:
        members = {i.filename: src.read(i.filename) for i in src.infolist()}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for name, data in members.items():
            if name != "xl/sharedStrings.xml":
                dst.writestr(name, data)
        with dst.open("xl/sharedStrings.xml", "w", force_zip64=True) as out:
            for chunk in chunks:
                out.write(chunk)
    return path


def _run(*argv: str, cwd: Path, env: dict[str, str] | None = None,
         ) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "huaian_forecast", *argv],
                          capture_output=True, text=True, encoding="utf-8", cwd=cwd,
                          timeout=120, check=False,
                          env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})})


# ---- resource limits ---------------------------------------------------------------------

def test_a_huge_shared_string_is_refused_from_the_zip_directory(tmp_path: Path):
    mib = b"a" * 2**20  # 201 MiB of one string compress to a few hundred KB
    path = _with_shared_strings(tmp_path / "sst.xlsx", [SST_HEAD, b"<si><t>",
                                                        *(mib for _ in range(201)),
                                                        b"</t></si></sst>"])
    assert path.stat().st_size < 2**20
    with pytest.raises(hf.DataError, match=r"sst\.xlsx: the workbook member "
                       r"'xl/sharedStrings\.xml' is 210,763,\d+ bytes uncompressed, above the "
                       r"limit of 209,715,200 bytes uncompressed; .*MAX_UNZIPPED_BYTES"):
        hf.load_history(path)


@pytest.mark.parametrize("name", ["far_cell.xlsx", "far_row.xlsx", "lying_dimension.xlsx"])
def test_a_far_cell_is_refused_without_building_the_sheet(name: str):
    """The scan streams the sheet: Python allocates far under a megabyte (tracemalloc)."""
    tracemalloc.start()
    try:
        with pytest.raises(hf.DataError, match="above the limit of"):
            hf.load_history(BAD / name)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 5 * 2**20, peak


def test_too_many_shared_strings_are_refused_while_counting(tmp_path: Path):
    path = _with_shared_strings(tmp_path / "many.xlsx",
                                [SST_HEAD, b"<si><t>a</t></si>" * 1_001, b"</sst>"])
    with pytest.raises(hf.DataError, match=r"more than 1,000 shared strings, above the limit "
                       r"of 1,000 cells"):
        hf.load_history(path, limits=Limits(max_cells=1_000))
    assert len(hf.load_history(path, limits=Limits(max_cells=1_001))) == 6


def test_a_million_row_csv_is_refused_before_decoding(tmp_path: Path):
    path = tmp_path / "rows.csv"
    path.write_bytes(b"region,indicator,year,value,unit\n"
                     + b"Huai'an,hte_count,2023,768,firms\n" * 250_000)
    with pytest.raises(hf.DataError, match=r"rows\.csv: the file has 250,001 lines, above the "
                       r"limit of 100,000 rows; .*HUAIAN_FORECAST_MAX_ROWS=<n>"):
        hf.load_history(path)


def test_rows_beyond_the_limit_are_counted_exactly(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(_clock, "today", lambda: datetime.date(2049, 12, 31))  # years to 2049
    path = tmp_path / "rows.csv"
    path.write_bytes(b"region,indicator,year,value,unit\n"
                     + b"".join(b"Huai'an,hte_count,%d,768,firms\n" % y
                                for y in range(1950, 2050)))
    with pytest.raises(hf.DataError, match=r"rows\.csv, row 51: the table has more than 50 "
                       r"rows"):
        hf.load_history(path, limits=Limits(max_rows=50))
    assert len(hf.load_history(path, limits=Limits(max_rows=101))) == 100


def test_200000_year_columns_are_refused(tmp_path: Path):
    path = tmp_path / "wide.csv"
    years = ",".join(str(1950 + i % 150) for i in range(200_000))
    path.write_text(f"region,indicator,unit,{years}\nHuai'an,gdp,100m_cny,"
                    + ",".join("1" for _ in range(200_000)) + "\n", encoding="utf-8")
    with pytest.raises(hf.DataError, match=r"wide\.csv, row 1: the row has 200,003 columns, "
                       r"above the limit of 1,000 columns"):
        hf.load_history(path)


def test_a_wide_table_with_more_values_than_the_row_limit_is_refused(tmp_path: Path):
    path = tmp_path / "wide.csv"
    years = range(1950, 2050)
    lines = ["region,indicator,unit," + ",".join(map(str, years))]
    lines += [f"R{r},hte_count,firms," + ",".join("1" for _ in years) for r in range(11)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(hf.DataError, match=r"wide\.csv: the wide table holds 1,100 values "
                       r"\(one observation each\), above the limit of 1,000 rows"):
        hf.load_history(path, limits=Limits(max_rows=1_000))


def test_a_file_over_the_size_limit_is_refused_before_reading(tmp_path: Path):
    path = tmp_path / "big.csv"
    path.write_bytes((BAD / "long_utf8.csv").read_bytes() + b" " * 2_000)
    with pytest.raises(hf.DataError, match=r"big\.csv: the file is 2,\d+ bytes, above the "
                       r"limit of 1,000 bytes; .*HUAIAN_FORECAST_MAX_BYTES"):
        hf.load_history(path, limits=Limits(max_bytes=1_000))


def test_the_cell_budget_counts_the_rectangle_a_sheet_spans(tmp_path: Path):
    with pytest.raises(hf.DataError, match=r"far_row\.xlsx \(sheet '数据'\), row 200000, "
                       r"column 'Z': the sheet spans 200,000 rows x 26 columns, above the "
                       r"limit of 1,000,000 cells"):
        hf.load_history(BAD / "far_row.xlsx", limits=Limits(max_rows=10**6))


def test_environment_variables_raise_a_limit(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("HUAIAN_FORECAST_MAX_COLUMNS", "2,000")
    assert Limits.from_env().max_columns == 2_000
    table = hf.load_history(BAD / "many_columns.csv")
    assert len(table) == 6
    assert len(table.attrs["ignored_columns"]) == 1_500
    monkeypatch.setenv("HUAIAN_FORECAST_MAX_COLUMNS", "lots")
    with pytest.raises(hf.ArgumentError, match=r"HUAIAN_FORECAST_MAX_COLUMNS='lots': expected "
                       "a positive whole number"):
        hf.load_history(BAD / "many_columns.csv")


def test_limits_are_positive_whole_numbers():
    with pytest.raises(hf.ArgumentError, match=r"Limits\.max_rows must be a positive whole "
                       r"number, got 0"):
        Limits(max_rows=0)


def test_the_bundled_tables_load_within_the_default_limits():
    assert len(hf.load_history()) > 100
    assert len(hf.load_targets()) > 5


# ---- paths -------------------------------------------------------------------------------

def test_a_folder_a_fifo_and_link_problems_are_named(tmp_path: Path):
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)  # opening it would block forever: the loader must stat first
    loop = tmp_path / "loop.csv"
    loop.symlink_to(loop)
    dangling = tmp_path / "dangling.csv"
    dangling.symlink_to(tmp_path / "gone.csv")
    cases = {tmp_path: "is a folder, not a file", fifo: "is a named pipe \\(FIFO\\), not a file",
             loop: "a loop of symbolic links", dangling: "a symbolic link to a file that does "
             "not exist", tmp_path / "missing.csv": "file not found"}
    for path, message in cases.items():
        with pytest.raises(hf.DataError, match=rf"^{re.escape(str(path))}: {message}"):
            hf.load_history(path)


def test_cli_reports_a_fifo_in_one_line_without_blocking(tmp_path: Path):
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    result = _run("assess", "--data", str(fifo), cwd=tmp_path)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == (f"huaian-forecast: error: {fifo}: is a named pipe (FIFO), not a "
                             "file; expected a CSV or .xlsx file\n")


# ---- unit slips in a copy of the bundled table ---------------------------------------------

def _slipped(tmp_path: Path, value: str, year: int = 2021) -> tuple[Path, int]:
    """A copy of the bundled observations with Huai'an's GDP of ``year`` set to ``value``."""
    table = pd.read_csv(data_file("observations.csv"), dtype=str, keep_default_na=False)
    hit = (table["region"] == "Huai'an") & (table["indicator"] == "gdp") \
        & (table["year"] == str(year))
    assert hit.sum() == 1
    table.loc[hit, "value"] = value
    path = tmp_path / "slip.csv"
    table.to_csv(path, index=False)
    return path, int(hit.to_numpy().nonzero()[0][0]) + 2  # file row: header is row 1


@pytest.mark.parametrize("value", ["1", "0.001", "0", "1e-320"])
def test_a_gdp_slip_in_the_bundled_table_is_refused_naming_the_row(tmp_path: Path, value: str):
    path, row = _slipped(tmp_path, value)
    with pytest.raises(hf.DataError, match=rf"slip\.csv, row {row}, column 'value': .* is "
                       "implausible for gdp"):
        hf.load_history(path)


def test_a_plausible_gdp_slip_is_caught_by_the_rd_spend_of_the_same_year(tmp_path: Path):
    path, row = _slipped(tmp_path, "45.5013")  # 4,550.13 亿元 / 100: R&D 81 亿元 = 178 %
    with pytest.raises(hf.DataError, match=r"slip\.csv, rows \d+, \d+, column 'value': R&D "
                       r"spend 81 亿元 \(row \d+\) is 178 % of GDP 45\.5013 亿元 "
                       rf"\(row {row}\) for Huai'an 2021"):
        hf.load_history(path)


def test_a_plausible_gdp_slip_without_rd_spend_is_caught_by_the_step_from_the_year_before(
        tmp_path: Path):
    path, row = _slipped(tmp_path, "38.7121", year=2019)  # 3,871.21 亿元 / 100
    with pytest.raises(hf.DataError, match=rf"slip\.csv, rows \d+, {row}, column 'value': GDP "
                       r"of Huai'an goes from 3,601 亿元 in 2018 \(row \d+\) to 38\.7121 亿元 "
                       rf"in 2019 \(row {row}\), a factor of 0\.0108 in 1 year"):
        hf.load_history(path)


def test_cli_refuses_a_gdp_slip_with_exit_2_and_one_line(tmp_path: Path):
    path, row = _slipped(tmp_path, "1")
    result = _run("assess", "--data", str(path), "--n-paths", "50", cwd=tmp_path)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr.count("\n") == 1
    assert f"slip.csv, row {row}, column 'value': 1 亿元 is implausible for gdp" in result.stderr


def test_bundled_observations_are_all_plausible():
    table = hf.load_history()
    gdp = table[table["indicator"] == "gdp"]
    assert gdp["value"].min() >= 10
    assert {"lower_bound", "approx"} <= set(table["kind"])


# ---- horizon and paths refused before any work ---------------------------------------------

@pytest.mark.parametrize(("argv", "message"), [
    (("--end-year", "99999"), "end_year must be a whole year up to 2100, got 99999"),
    (("--n-paths", "1000000000"), r"simulating 1,000,000,000 paths x \d+ years .* needs "
                                  r"about [\d.]+ GiB"),
])
def test_cli_refuses_absurd_runs_before_allocating(tmp_path: Path, argv: tuple[str, str],
                                                   message: str):
    result = _run("assess", *argv, cwd=tmp_path)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr.count("\n") == 1
    assert re.search(message, result.stderr), result.stderr
    assert "MemoryError" not in result.stderr


def test_simulate_refuses_a_horizon_after_2100():
    with pytest.raises(hf.ArgumentError, match=r"end_year \(2101\) is after 2100"):
        hf.simulate("baseline", n_paths=10, seed=1, end_year=2101)


# ---- echoes are short ----------------------------------------------------------------------

@pytest.mark.parametrize("lines", [
    ["region,indicator,year,value,unit", f"Huai'an,{'x' * 9_000},2023,768,firms"],
    ["region,indicator,year,value,unit", f"Huai'an,hte_count,{'2' * 9_000},768,firms"],
    ["region,indicator,year,value,unit", f"Huai'an,hte_count,2023,768,{'u' * 9_000}"],
    [",".join(f"h{i}{'y' * 5_000}" for i in range(30)), ",".join("1" for _ in range(30))],
], ids=["indicator", "year", "unit", "headers"])
def test_a_long_cell_is_echoed_cut_short(tmp_path: Path, lines: list[str]):
    path = tmp_path / "long.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(hf.DataError) as info:
        hf.load_history(path)
    assert len(str(info.value)) < 1_000
    assert "…'" in str(info.value)


def test_a_long_region_is_echoed_cut_short_in_the_warning(tmp_path: Path):
    path = tmp_path / "region.csv"
    path.write_text(f"region,indicator,year,value,unit\n{'淮' * 9_000},hte_count,2023,768,"
                    "firms\n", encoding="utf-8")
    with pytest.warns(hf.DataWarning) as record:
        hf.load_history(path)
    assert all(len(str(w.message)) < 1_000 for w in record)


def test_a_merge_over_a_far_range_is_refused_before_openpyxl_builds_it(tmp_path: Path):
    # a 5 kB file whose one merge covers A2:J200000: openpyxl made 2M cells first (19 s)
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["region", "indicator", "year", "value", "unit"])
    sheet.append(["Huai'an", "gdp", 2023, 5015.06, "100m_cny"])
    sheet.merge_cells("A3:B4")
    small = tmp_path / "small.xlsx"
    book.save(small)
    far = tmp_path / "far_merge.xlsx"
    with zipfile.ZipFile(small) as src, zipfile.ZipFile(far, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename.startswith("xl/worksheets/"):
                data = data.replace(b'ref="A3:B4"', b'ref="A3:J200000"')
            dst.writestr(info.filename, data)
    with pytest.raises(hf.DataError, match=r"far_merge\.xlsx.*row 200000, column 'J': the "
                       r"sheet spans 200,000 rows x 10 columns"):
        hf.load_history(far, limits=Limits(max_rows=10**6))


def test_a_fraction_column_is_checked_for_plausibility_after_conversion(tmp_path: Path):
    # fractions skipped the percent-scale check, and the plausible range let tiny percents
    # through for it: 0.0005 (0.05 %) loaded as an R&D intensity
    data = tmp_path / "frac.csv"
    data.write_text("region,indicator,year,value,unit\n"
                    "Huai'an,rd_intensity,2023,0.0005,fraction\n", encoding="utf-8")
    with pytest.raises(hf.DataError, match=r"frac\.csv.*implausible for rd_intensity"):
        hf.load_history(data)


def test_a_targets_workbook_is_checked_against_the_limits_before_openpyxl_reads_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    # looking for a report's milestone sheet opened the workbook with openpyxl before the
    # size checks ran (they ran only later, in the sheet reader)
    from openpyxl import Workbook

    path = tmp_path / "targets.xlsx"
    wb = Workbook()
    ws = wb.active
    ws.append(["indicator", "year", "threshold", "direction"])
    for year in range(2025, 2125):
        ws.append(["hte_count", year, 1000, "at_least"])
    wb.save(path)
    import openpyxl

    opened: list[object] = []
    real = openpyxl.load_workbook

    def counting(*args: object, **kwargs: object) -> object:
        opened.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(openpyxl, "load_workbook", counting)
    with pytest.raises(hf.DataError, match=r"targets\.xlsx.*50"):
        hf.load_targets(path, limits=Limits(max_rows=50))
    assert opened == []
