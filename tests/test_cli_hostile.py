"""Ordinary failures of the command line are one line and exit 2, never "internal error",
and a run leaves no debris (issue 17, output and CLI side).

Listed in ``tests/data/bad/README.md`` (section "Output side"). Each test checks the exit
code, that stderr is exactly one line, what that line says, and what is left on disk.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

import huaian_forecast as hf
from huaian_forecast.cli.checks import MIN_PATHS
from huaian_forecast.report._atomic import remove_stale, staged_directory

FAST = ("--scenario", "baseline", "--n-paths", "200", "--end-year", "2030", "--lang", "en")


def _one_error(err: str) -> str:
    assert err.count("\n") == 1, err
    assert "internal error" not in err
    assert err.startswith("huaian-forecast: error: ")
    return err


# ---- --out ------------------------------------------------------------------------------
@pytest.mark.parametrize("target", ["file", "/dev/null"])
def test_out_on_a_file_or_device_is_one_line_exit_2(tmp_path, run_cli, target):
    out = tmp_path / "a_file"
    out.write_text("keep me", encoding="utf-8")
    where = str(out) if target == "file" else target
    code, stdout, err = run_cli("report", "--out", where, *FAST)
    assert code == 2
    assert stdout == ""
    assert "not a folder" in _one_error(err)
    assert out.read_text(encoding="utf-8") == "keep me"


def test_out_inside_a_file_is_refused(tmp_path, run_cli):
    (tmp_path / "f").write_text("x", encoding="utf-8")
    code, _, err = run_cli("report", "--out", str(tmp_path / "f" / "sub"), *FAST)
    assert code == 2
    assert "is a file, so no folder can be made inside it" in _one_error(err)


@pytest.mark.skipif(os.geteuid() == 0 if hasattr(os, "geteuid") else True,
                    reason="root writes anywhere; a read-only folder needs another user")
def test_out_in_a_read_only_folder_is_refused_before_work(tmp_path, run_cli):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        code, _, err = run_cli("report", "--out", str(locked / "o"), *FAST)
    finally:
        locked.chmod(0o700)
    assert code == 2
    assert "cannot write in" in _one_error(err)


def test_out_on_a_pseudo_file_system_is_refused_before_work(run_cli):
    if not Path("/proc/self").exists():
        pytest.skip("no /proc on this system")
    code, _, err = run_cli("report", "--out", "/proc/hf-no/such", *FAST)
    assert code == 2
    assert "cannot write in /proc" in _one_error(err)


FRONTIER = ("frontier", "--x", "first_time_applications", "--y", "rd_rewards", "--indicator",
            "hte_count", "--year", "2025", "--grid", "3", "--n-paths", "50")


@pytest.mark.parametrize(("where", "says"), [
    ("folder", "a folder, not a file"), ("/dev/null", "a character device, not a file"),
    ("missing/chart.png", "does not exist")])
def test_frontier_chart_out_checked_before_work(tmp_path, run_cli, where, says):
    out = {"folder": str(tmp_path), "missing/chart.png": str(tmp_path / "missing" / "c.png")
           }.get(where, where)
    code, stdout, err = run_cli(*FRONTIER, "--out", out)
    assert code == 2
    assert stdout == ""
    assert says in _one_error(err)
    assert Path("/dev/null").is_char_device()  # never replaced by a chart


@pytest.mark.parametrize("command", ["report --out", "assess --data", "frontier --out"])
def test_path_too_long_is_one_line_exit_2(tmp_path, run_cli, command):
    name, flag = command.split()
    long_path = str(tmp_path / ("a" * 5000))
    rest = FRONTIER[1:] if name == "frontier" else ("--n-paths", "200")
    code, _, err = run_cli(name, flag, long_path, *rest)
    assert code == 2
    assert len(_one_error(err)) < 400


def test_disk_full_is_one_line_environment_error(tmp_path, run_cli, monkeypatch):
    import errno

    import huaian_forecast.report as report

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(report, "write_report", full)
    code, _, err = run_cli("report", "--out", str(tmp_path / "o"), *FAST)
    assert code == 1  # the machine, not the input
    assert "No space left on device" in _one_error(err)
    assert "a problem of the system" in err


def test_a_killed_chart_process_is_one_line_environment_error(tmp_path, run_cli,
                                                             monkeypatch):
    import huaian_forecast.report as report

    def killed(*args, **kwargs):
        raise ChildProcessError("the chart process was stopped by SIGKILL (on Linux usually "
                                "the out-of-memory killer: free memory, or use fewer "
                                "paths); no file was written")

    monkeypatch.setattr(report, "write_report", killed)
    code, _, err = run_cli("report", "--out", str(tmp_path / "o"), *FAST)
    assert code == 1  # the machine, not the input
    assert "SIGKILL" in _one_error(err)
    assert "disk, file system" not in err  # not a disk problem


def test_dotdot_out_leaves_no_empty_folders(tmp_path, run_cli, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "w").mkdir()
    monkeypatch.chdir(tmp_path / "w")
    code, _, err = run_cli("report", "--out", "a/../b/../../o/c", *FAST)
    assert code == 0, err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["o", "w"]
    assert list((tmp_path / "w").iterdir()) == []
    assert (tmp_path / "o" / "c" / "report.xlsx").is_file()


def _write_half_then_fail(out: Path) -> None:
    with staged_directory(out, []) as stage:
        (stage / "half.txt").write_text("half", encoding="utf-8")
        raise RuntimeError("boom")


def test_failed_run_removes_the_folders_it_created(tmp_path):
    with pytest.raises(RuntimeError, match="boom"):
        _write_half_then_fail(tmp_path / "x" / "y" / "z")
    assert list(tmp_path.iterdir()) == []


def test_failed_run_keeps_a_folder_that_existed(tmp_path):
    (tmp_path / "mine").mkdir()
    with pytest.raises(RuntimeError, match="boom"):
        _write_half_then_fail(tmp_path / "mine" / "new")
    assert [p.name for p in tmp_path.iterdir()] == ["mine"]


# ---- stale staging folders ---------------------------------------------------------------
def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_next_run_removes_staging_left_by_a_killed_run(tmp_path):
    dead = _dead_pid()
    stale_dir = tmp_path / f".hf-tmp-{dead}-abc"
    stale_dir.mkdir()
    (stale_dir / "report.xlsx").write_bytes(b"partial")
    stale_file = tmp_path / f".hf-tmp-{dead}-def.xlsx"
    stale_file.write_bytes(b"partial")
    live = tmp_path / f".hf-tmp-{os.getpid()}-live"
    live.mkdir()
    old = tmp_path / ".hf-tmp-legacy"  # an older version's name, no process id
    old.mkdir()
    two_hours_ago = time.time() - 7200
    os.utime(old, (two_hours_ago, two_hours_ago))
    young = tmp_path / ".hf-tmp-young"
    young.mkdir()
    other = tmp_path / "keep.txt"
    other.write_text("mine", encoding="utf-8")
    removed = remove_stale(tmp_path)
    assert sorted(p.name for p in removed) == sorted([stale_dir.name, stale_file.name,
                                                      old.name])
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [live.name, young.name, "keep.txt"])


def test_sigkilled_report_leaves_staging_the_next_run_removes(tmp_path):
    """A real kill -9 of a writer, then a report into the same folder."""
    script = ("import os, sys, time\n"
              "from huaian_forecast.report._atomic import staged_directory\n"
              "with staged_directory(sys.argv[1], []) as stage:\n"
              "    (stage / 'half.xlsx').write_bytes(b'x')\n"
              "    print('ready', flush=True)\n"
              "    time.sleep(60)\n")
    with subprocess.Popen([sys.executable, "-c", script, str(tmp_path)],
                          stdout=subprocess.PIPE, text=True,
                          cwd=Path(__file__).resolve().parents[1]) as proc:
        assert proc.stdout is not None
        assert proc.stdout.readline().strip() == "ready"
        proc.kill()
        proc.wait()
    left = [p for p in tmp_path.iterdir() if p.name.startswith(".hf-tmp-")]
    assert len(left) == 1
    with staged_directory(tmp_path, []) as stage:
        (stage / "new.txt").write_text("ok", encoding="utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["new.txt"]


# ---- input paths that are not files ------------------------------------------------------
@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this system")
def test_fifo_is_named_not_file_not_found(tmp_path, run_cli):
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    code, _, err = run_cli("assess", "--data", str(fifo), "--n-paths", "200")
    assert code == 2
    assert "a named pipe (FIFO), not a file" in _one_error(err)


@pytest.mark.parametrize(("kind", "says"), [
    ("loop", "is a loop of symbolic links"),
    ("dangling", "is a symbolic link to a file that does not exist"),
    ("folder", "is a folder, not a file"),
    ("fifo", "is a named pipe (FIFO), not a file"),
    ("missing", "not found"),
])
def test_scenario_path_says_what_it_is(tmp_path, run_cli, kind, says):
    path = tmp_path / "plan.toml"
    if kind == "loop":
        (tmp_path / "other.toml").symlink_to(path)
        path.symlink_to(tmp_path / "other.toml")
    elif kind == "dangling":
        path.symlink_to(tmp_path / "gone.toml")
    elif kind == "folder":
        path.mkdir()
    elif kind == "fifo":
        if not hasattr(os, "mkfifo"):
            pytest.skip("no named pipes on this system")
        os.mkfifo(path)
    code, _, err = run_cli("assess", "--scenario", str(path), "--n-paths", "200")
    assert code == 2
    assert f"plan.toml' {says}" in _one_error(err)


# ---- paths and memory --------------------------------------------------------------------
def test_too_few_paths_refused(run_cli):
    code, stdout, err = run_cli("assess", "--n-paths", "1")
    assert code == 2
    assert stdout == ""  # no "0.00 +-0.000"
    assert f"at least {MIN_PATHS} paths" in _one_error(err)


def test_a_share_of_0_or_1_is_never_shown_as_exact():
    import huaian_forecast as hf
    from huaian_forecast.report import mc_error, to_markdown

    # the Wilson interval's width (3.84 / 203.84), what the bars' whiskers show
    assert mc_error(0.0, 0.0, 200) == pytest.approx(0.01885, abs=1e-5)
    assert mc_error(1.0, 0.0, 200) == pytest.approx(0.01885, abs=1e-5)
    assert mc_error(0.5, 0.05, 200) == pytest.approx(0.098)  # 1.96 se as before
    proj = hf.simulate("baseline", n_paths=200, seed=1, end_year=2035)
    text = to_markdown(proj, lang="en")
    assert "probability of reaching it <1%" in text  # a share of 0 among 200 paths
    assert "Monte Carlo error ±0.0 pct points" not in text
    assert "Monte Carlo error ±1.9 pct points" in text
    from huaian_forecast.report._uncertainty import interval_whiskers

    table = hf.assess(proj, hf.load_targets())
    zero = (table["p_reach"] == 0.0).to_numpy()
    assert zero.any()
    below, above = interval_whiskers(table)  # the bars state what the "±" states
    assert above[zero] == pytest.approx(mc_error(0.0, 0.0, 200))
    assert (below[zero] == 0.0).all()


def test_a_billion_paths_refused_before_allocation(run_cli):
    started = time.perf_counter()
    code, _, err = run_cli("assess", "--n-paths", "1000000000")
    assert code == 2
    assert "GiB" in _one_error(err)  # simulate's own check, before it allocates
    assert time.perf_counter() - started < 5  # refused, not attempted


def test_memory_error_is_one_line_not_internal(run_cli, monkeypatch):
    import huaian_forecast.simulation as simulation

    def oom(*args, **kwargs):
        raise MemoryError("Unable to allocate 89.4 GiB")

    monkeypatch.setattr(simulation, "simulate", oom)
    code, _, err = run_cli("assess", "--n-paths", "200")
    assert code == 2
    assert "out of memory; use fewer paths (--n-paths)" in _one_error(err)


# ---- scenario names and files ------------------------------------------------------------
def test_deep_toml_is_one_line_exit_2(tmp_path, run_cli):
    path = tmp_path / "deep.toml"
    path.write_text('name = "x"\nv = ' + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    code, _, err = run_cli("assess", "--scenario", str(path), "--n-paths", "200")
    assert code == 2
    assert "nested too deeply" in _one_error(err)


def test_huge_toml_refused_before_parsing(tmp_path, run_cli):
    path = tmp_path / "big.toml"
    path.write_text('name = "x"\n' + "# filler\n" * 200_000, encoding="utf-8")
    code, _, err = run_cli("assess", "--scenario", str(path), "--n-paths", "200")
    assert code == 2
    assert "at most 1,000,000 are read" in _one_error(err)


def test_long_scenario_name_refused_quickly_and_not_echoed_whole(tmp_path, run_cli):
    path = tmp_path / "long.toml"
    path.write_text(f'name = "{"x" * 100_000}"\n', encoding="utf-8")
    started = time.perf_counter()
    code, _, err = run_cli("report", "--out", str(tmp_path / "o"), "--scenario", str(path),
                           "--n-paths", "200")
    assert code == 2
    assert "100,000 characters long; at most 80" in _one_error(err)
    assert len(err) < 500
    assert time.perf_counter() - started < 20
    assert not (tmp_path / "o").exists()


def test_long_unknown_scenario_name_not_echoed_whole(run_cli):
    code, _, err = run_cli("assess", "--scenario", "y" * 5000, "--n-paths", "200")
    assert code == 2
    assert len(_one_error(err)) < 500


def test_long_values_in_any_message_are_cut(tmp_path, run_cli):
    data = tmp_path / "digits.csv"
    data.write_text("region,indicator,year,value,unit\n"
                    f"Huai'an,hte_count,2023,{'9' * 5000}x,firms\n", encoding="utf-8")
    code, _, err = run_cli("assess", "--data", str(data), "--n-paths", "200")
    assert code == 2
    assert len(_one_error(err)) < 1_000
    assert "9" * 200 not in err  # cut here or by the loader, never echoed whole


def test_one_line_cuts_any_long_word():
    from huaian_forecast.cli.main import _one_line

    line = _one_line("value '" + "9" * 5000 + "' is not a number\nsecond line")
    assert len(line) < 200
    assert "(5,002 characters)" in line
    assert line.endswith("is not a number second line")


@pytest.mark.parametrize("setting", [
    "rd_spend_2023 = 0", "rd_intensity_2023 = 0", "industrial_output_2023 = 0",
    "hightech_share_2023 = 100", "rd_spend_2023 = { low = 0, default = 50, high = 100 }"])
def test_zero_anchor_in_a_scenario_is_one_line_exit_2(tmp_path, run_cli, setting):
    path = tmp_path / "zero.toml"
    path.write_text(f'name = "zero"\n[uncertainties]\n{setting}\n', encoding="utf-8")
    code, _, err = run_cli("assess", "--scenario", str(path), "--n-paths", "200")
    assert code == 2  # was "internal error: ValueError: spend0 and gdp0 must be positive"
    assert "zero.toml: uncertainties." in _one_error(err)
    assert "a starting level the model grows from" in err


def test_terminal_escapes_in_a_message_are_shown_not_sent(tmp_path, run_cli):
    data = tmp_path / "escape.csv"
    data.write_text("region,indicator,year,value,unit\n"
                    "Huai'an,hte_count,2023,\x1b[2J\x1b[31m七百\u202e,firms\n",
                    encoding="utf-8")
    code, _, err = run_cli("assess", "--data", str(data), "--n-paths", "200")
    assert code == 2
    _one_error(err)
    assert "\x1b" not in err
    assert "\u202e" not in err


def test_zero_gdp_in_data_is_exit_2_not_internal(tmp_path, run_cli):
    data = tmp_path / "gdp_zero.csv"
    data.write_text("region,indicator,year,value,unit\n"
                    "Huai'an,gdp,2022,4742.42,100m_cny\n"
                    "Huai'an,gdp,2023,0,100m_cny\n"
                    "Huai'an,rd_intensity,2023,2.1,percent\n", encoding="utf-8")
    code, _, err = run_cli("assess", "--data", str(data), "--n-paths", "200")
    assert code == 2  # was "internal error: ValueError: spend0 and gdp0 must be positive"
    assert "internal error" not in err
    last = err.splitlines()[-1]  # numpy's divide warnings may come first, until the
    assert last.startswith("huaian-forecast: error: ")  # loader refuses GDP 0 itself
    assert "gdp_zero.csv" in last


def test_data_without_any_growth_series_assesses(tmp_path, run_cli):
    data = tmp_path / "two_rows.csv"
    data.write_text("region,indicator,year,value,unit\n"
                    "Huai'an,gdp,2023,5015.06,100m_cny\n"
                    "Huai'an,rd_spend,2023,100,100m_cny\n", encoding="utf-8")
    code, stdout, err = run_cli("assess", "--data", str(data), "--n-paths", "200")
    assert code == 0, err  # was "internal error: TypeError: Invalid value '' for dtype"
    assert "internal error" not in err
    assert "R&D intensity" in stdout


def test_compare_same_scenario_twice_refused(run_cli):
    code, stdout, err = run_cli("compare", "baseline", "baseline", "--n-paths", "200")
    assert code == 2
    assert stdout == ""
    assert "'baseline' is given 2 times" in _one_error(err)


def test_report_same_scenario_twice_refused_before_work(tmp_path, run_cli):
    code, _, err = run_cli("report", "--out", str(tmp_path / "o"), "--scenario", "baseline",
                           "--scenario", "baseline", "--n-paths", "200")
    assert code == 2
    assert "given 2 times" in _one_error(err)
    assert not (tmp_path / "o").exists()


def test_negative_ytd_refused(run_cli):
    code, _, err = run_cli("pace", "--ytd", "-5", "--target", "140", "--as-of", "2024-05-31")
    assert code == 2
    assert "--ytd must be zero or more" in _one_error(err)


def test_every_output_side_case_is_listed_in_the_corpus_readme():
    readme = (Path(__file__).parent / "data" / "bad" / "README.md").read_text(encoding="utf-8")
    listed = set(readme.split("## Output side", 1)[1].split("`")[1::2])
    here = Path(__file__).parent
    tests = {line.split("(")[0].removeprefix("def ")
             for module in ("test_hostile_outputs.py", "test_cli_hostile.py")
             for line in (here / module).read_text(encoding="utf-8").splitlines()
             if line.startswith("def test_")}
    tests.discard("test_every_output_side_case_is_listed_in_the_corpus_readme")
    assert tests - listed == set()


def test_share_of_100_percent_in_data_is_refused_as_a_starting_level(tmp_path, run_cli):
    """Valid data, but no model start: refused where the anchors are read, naming the row."""
    data = tmp_path / "share100.csv"
    data.write_text("region,indicator,year,value,unit\n"
                    "Huai'an,hightech_share,2022,40,percent\n"
                    "Huai'an,hightech_share,2023,100,percent\n", encoding="utf-8")
    code, _, err = run_cli("assess", "--data", str(data), "--n-paths", "200")
    assert code == 2
    line = _one_error(err)
    assert "Huai'an hightech_share 2023: 100 percent cannot start the model" in line
    assert "strictly between 0 and 100" in line


def test_report_same_scenario_as_a_name_and_a_file_refused_before_work(tmp_path, run_cli):
    # was compared as strings: both simulated, then refused after all the work
    toml = tmp_path / "baseline.toml"
    toml.write_text('name = "baseline"\n', encoding="utf-8")
    code, _, err = run_cli("report", "--out", str(tmp_path / "o"), "--scenario", "baseline",
                           "--scenario", str(toml), "--n-paths", "200")
    assert code == 2
    line = _one_error(err)
    assert "2 scenarios are named 'baseline' (built-in 'baseline'; file " in line
    assert "baseline.toml)" in line
    assert not (tmp_path / "o").exists()


def test_a_percent_written_for_p_names_the_flag_and_the_probability_meant(run_cli):
    code, out, err = run_cli("solve", "--lever", "first_time_applications", "--indicator",
                             "hte_count", "--year", "2030", "--p", "80")
    assert (code, out) == (2, "")
    assert "--p is a probability in (0, 1], got 80; did you mean --p 0.8?" in err


@pytest.mark.parametrize("command", ["assess", "compare", "report"])
def test_a_year_to_date_file_with_no_ytd_is_refused_not_ignored(run_cli, command):
    code, out, err = run_cli(command, "--ytd", "mine.csv", "--no-ytd")
    assert (code, out) == (2, "")
    assert "--no-ytd: not allowed with argument --ytd" in err


def _ytd_file(tmp_path: Path, as_of: object, suffix: str = ".csv") -> Path:
    import datetime as dt

    import openpyxl

    frame = hf.load_ytd()
    path = tmp_path / f"ytd{suffix}"
    if suffix == ".csv":
        frame["as_of"] = frame["as_of"].astype(object)
        frame.loc[0, "as_of"] = as_of
        frame.to_csv(path, index=False)
        return path
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(list(frame.columns))
    for rec in frame.to_dict("records"):
        rec["as_of"] = dt.datetime.fromisoformat(str(rec["as_of"]))  # a date cell
        sheet.append([None if isinstance(v, float) and v != v else v for v in rec.values()])
    book.save(path)
    return path


def test_a_year_to_date_date_that_is_not_one_is_refused_naming_row_and_column(tmp_path,
                                                                              run_cli):
    # was read as text and refused only when the nowcast ran, without file or row
    path = _ytd_file(tmp_path, "2024/05/31")
    code, out, err = run_cli("assess", "--ytd", str(path), "--n-paths", "200", "--no-spread")
    assert (code, out) == (2, "")
    assert "row 2, column 'as_of': '2024/05/31' is not a date" in _one_error(err)


def test_a_broken_year_to_date_file_stops_a_report_before_any_simulation_or_file(
        tmp_path, run_cli, monkeypatch):
    import huaian_forecast.simulation

    def no_simulation(*args, **kwargs):  # pragma: no cover - must not be reached
        raise AssertionError("simulated before the year-to-date file was read")

    monkeypatch.setattr(huaian_forecast.simulation, "simulate", no_simulation)
    path = _ytd_file(tmp_path, "2024/05/31")
    out = tmp_path / "out"
    code, stdout, err = run_cli("report", "--out", str(out), "--ytd", str(path),
                                "--scenario", "baseline", "--n-paths", "200")
    assert (code, stdout) == (2, "")
    assert "ytd.csv, row 2, column 'as_of': '2024/05/31' is not a date" in _one_error(err)
    assert not out.exists() or not any(out.iterdir())  # nothing written, not even staged


def test_a_year_to_date_workbook_with_date_cells_assesses(tmp_path, run_cli):
    # an Excel date cell arrives as "2024-05-31 00:00:00": the nowcast refused it
    path = _ytd_file(tmp_path, None, ".xlsx")
    runs = []
    for ytd in (str(path), str(hf.data.data_file("ytd_2024.csv"))):
        code, out, _ = run_cli("assess", "--ytd", ytd, "--n-paths", "200", "--no-spread",
                               "--format", "json", "--lang", "en")
        assert code == 0
        runs.append({(r["indicator"], r["year"]): r["p_reach"] for r in json.loads(out)})
    assert runs[0] == runs[1]  # the same days as the bundled CSV's, so the same nowcasts


# ---- pace --ytd FILE / --value NUMBER -----------------------------------------------------
def test_pace_ytd_missing_file_is_one_line_exit_2(tmp_path, run_cli):
    code, out, err = run_cli("pace", "--ytd", str(tmp_path / "nowhere.csv"))
    assert (code, out) == (2, "")
    assert "nowhere.csv: file not found" in _one_error(err)


def test_pace_ytd_bad_file_names_row_and_column(tmp_path, run_cli):
    path = _ytd_file(tmp_path, "2024/05/31")
    code, out, err = run_cli("pace", "--ytd", str(path))
    assert (code, out) == (2, "")
    assert "ytd.csv, row 2, column 'as_of': '2024/05/31' is not a date" in _one_error(err)
    (tmp_path / "notes.txt").write_text("not a table", encoding="utf-8")
    code, out, err = run_cli("pace", "--ytd", str(tmp_path / "notes.txt"))
    assert (code, out) == (2, "")
    assert "notes.txt, row 1, column 'indi" in _one_error(err)  # the columns it lacks


def test_pace_ytd_file_and_value_refused(run_cli):
    bundled = str(hf.data.data_file("ytd_2024.csv"))
    code, out, err = run_cli("pace", "--ytd", bundled, "--value", "63.05", "--target", "140",
                             "--as-of", "2024-05-31")
    assert (code, out) == (2, "")
    assert "give either --ytd FILE" in _one_error(err)
    code, out, err = run_cli("pace", "--ytd", "63.05", "--value", "63.05")  # two figures
    assert (code, out) == (2, "")
    assert "not both" in _one_error(err)


def test_pace_ytd_file_with_one_figure_options_refused(run_cli):
    bundled = str(hf.data.data_file("ytd_2024.csv"))
    code, out, err = run_cli("pace", "--ytd", bundled, "--target", "140")
    assert (code, out) == (2, "")
    assert "--target goes with --value NUMBER" in _one_error(err)
    code, out, err = run_cli("pace", "--as-of", "2024-05-31", "--yoy-growth", "3")
    assert (code, out) == (2, "")
    assert "--as-of, --yoy-growth go with --value NUMBER" in _one_error(err)
    code, out, err = run_cli("pace", "--value", "63.05", "--target", "140", "--as-of",
                             "2024-05-31", "--targets", bundled)
    assert (code, out) == (2, "")
    assert "--targets goes with a year-to-date file" in _one_error(err)


def test_pace_value_not_finite_or_negative_refused(run_cli):
    for flag, value, says in (("--value", "-5", "--value must be zero or more"),
                              ("--ytd", "1e999", "--ytd must be a finite number"),
                              ("--value", "nan", "--value must be a finite number")):
        code, out, err = run_cli("pace", flag, value, "--target", "140", "--as-of",
                                 "2024-05-31")
        assert (code, out) == (2, ""), (flag, value)
        assert says in _one_error(err)


def test_pace_old_ytd_number_errors_say_how_it_was_read(tmp_path, monkeypatch, run_cli):
    # --ytd NUMBER is the old spelling of --value: an error must say so (a note would not
    # show: notes follow an answer)
    code, out, err = run_cli("pace", "--ytd", "63.05", "--targets", "t.csv")
    assert (code, out) == (2, "")
    assert "--ytd 63.05 was read as one figure, the old spelling of --value 63.05" in (
        _one_error(err))
    # a name that is a number and a file: which is meant cannot be told (was "unsupported
    # file type '.05'")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "63.05").write_text("not a table", encoding="utf-8")
    code, out, err = run_cli("pace", "--ytd", "63.05")
    assert (code, out) == (2, "")
    assert ("--ytd 63.05 is both a number (the old spelling of --value) and the name of a "
            "file here: write --value 63.05 for the figure, or --ytd ./63.05 for the file"
            ) in _one_error(err)
    for empty in ("", "  "):  # was ". is a folder"
        code, out, err = run_cli("pace", "--ytd", empty)
        assert (code, out) == (2, "")
        assert "--ytd is empty: give a year-to-date FILE" in _one_error(err)
