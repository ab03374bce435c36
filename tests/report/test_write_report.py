from __future__ import annotations

import warnings

import pandas as pd
import pytest

from huaian_forecast.report import (
    FIXED_FILES,
    MissingCJKFontWarning,
    OutputExistsError,
    charts,
    excel,
    write_report,
)

from .conftest import make_projection


def _run(out, history_table, targets_table, **kw):
    projs = [make_projection("baseline"), make_projection("push", shift=60.0)]
    return write_report(out, projs, history=history_table, targets=targets_table,
                        lang="en", **kw)


def test_report_writes_workbook_charts_summary_and_iamc(tmp_path, history_table,
                                                        targets_table):
    from openpyxl import load_workbook

    seen = []
    files = _run(tmp_path / "out", history_table, targets_table,
                 progress=lambda done, total: seen.append((done, total)))
    names = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert names == sorted([*FIXED_FILES, "fan_hte_count.png", "fan_hightech_share.png"])
    assert sorted(p.name for p in files) == names
    assert (tmp_path / "out" / "fan_hte_count.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "manifest" in load_workbook(tmp_path / "out" / "report.xlsx").sheetnames
    assert seen[-1] == (len(names), len(names))


def test_tornado_chart_is_added_when_given(tmp_path, history_table, targets_table):
    from .test_charts import _tornado

    two = pd.concat([_tornado(), _tornado().assign(year=2035)], ignore_index=True)
    files = _run(tmp_path, history_table, targets_table, tornado=two)
    assert {"tornado_hte_count_2030.png", "tornado_hte_count_2035.png"} <= {
        p.name for p in files}


@pytest.mark.parametrize("exc", [RuntimeError("chart failed"), KeyboardInterrupt()])
def test_failure_midway_leaves_no_output(tmp_path, history_table, targets_table,
                                         monkeypatch, exc):
    # the fan charts are written first; the scenario chart fails after them
    def broken(*args, **kwargs):
        raise exc

    monkeypatch.setattr(charts, "plot_scenarios", broken)
    with pytest.raises(type(exc)):
        _run(tmp_path, history_table, targets_table)
    assert list(tmp_path.iterdir()) == []  # no file, no staging folder


def test_failure_in_the_workbook_leaves_no_output(tmp_path, history_table, targets_table,
                                                  monkeypatch):
    monkeypatch.setattr(excel, "_autosize", lambda *a: 1 / 0)
    with pytest.raises(ZeroDivisionError):
        _run(tmp_path, history_table, targets_table)
    assert list(tmp_path.iterdir()) == []


def test_existing_files_are_kept_unless_force(tmp_path, history_table, targets_table):
    (tmp_path / "summary.md").write_text("my notes", encoding="utf-8")
    with pytest.raises(OutputExistsError, match=r"summary\.md"):
        _run(tmp_path, history_table, targets_table)
    assert [p.name for p in tmp_path.iterdir()] == ["summary.md"]
    _run(tmp_path, history_table, targets_table, force=True)
    assert (tmp_path / "summary.md").read_text(encoding="utf-8").startswith("# ")


def test_no_cjk_font_gives_exactly_one_warning(tmp_path, history_table, targets_table,
                                               no_cjk_font):
    projs = [make_projection("baseline"), make_projection("push", shift=60.0)]
    with pytest.warns(MissingCJKFontWarning) as record:
        write_report(tmp_path, projs, history=history_table, targets=targets_table,
                     lang="zh")
    assert len(record) == 1
    # the text outputs stay Chinese; only the charts switch to English
    assert (tmp_path / "summary.md").read_text(encoding="utf-8").startswith("# 淮安市")


def test_english_report_does_not_warn(tmp_path, history_table, targets_table, no_cjk_font):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        _run(tmp_path, history_table, targets_table)


def test_duplicate_scenario_names_are_refused_before_any_file(tmp_path, history_table,
                                                             targets_table):
    from huaian_forecast import ArgumentError

    out = tmp_path / "out"
    twice = [make_projection("baseline"), make_projection("baseline", shift=60.0)]
    with pytest.raises(ArgumentError, match=r"scenario names must be unique, got \['baseline', "
                                            r"'baseline'\]"):
        write_report(out, twice, history=history_table, targets=targets_table, lang="en")
    assert not out.exists()


def test_a_png_that_fails_on_the_writer_thread_fails_the_report(tmp_path, history_table,
                                                                targets_table, monkeypatch):
    """PNGs are compressed on a thread: its error still reaches the caller, nothing kept."""
    import huaian_forecast.report as report

    def broken(canvas, path):
        raise OSError(f"disk full writing {path.name}")

    monkeypatch.setattr(report.chart_files, "_write_png", broken)
    with pytest.raises(OSError, match=r"disk full writing fan_hte_count\.png"):
        _run(tmp_path, history_table, targets_table)
    assert list(tmp_path.iterdir()) == []  # no file, no staging folder


def test_charts_from_the_writer_thread_are_the_bytes_print_png_writes(tmp_path):
    """The threaded writer changes when the PNG is compressed, not a byte of it."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from huaian_forecast.report import chart_files as report

    def draw(ax):
        ax.plot([2024, 2030], [1.0, 2.0])
        ax.set_title("Huai'an 2030")

    with report._chart_writer(None) as save:
        save(draw, tmp_path / "threaded.png", (4, 3))
    fig = Figure(figsize=(4, 3), dpi=report._DPI, layout="constrained")
    canvas = FigureCanvasAgg(fig)
    draw(fig.add_subplot())
    canvas.print_png(tmp_path / "direct.png",
                     pil_kwargs={"compress_level": report._PNG_COMPRESSION})
    assert (tmp_path / "threaded.png").read_bytes() == (tmp_path / "direct.png").read_bytes()


def test_charts_drawn_in_a_chart_process_are_the_same_files(tmp_path, history_table,
                                                            targets_table):
    """A second process draws the PNGs while the tables are written: same bytes."""
    from huaian_forecast.report import ChartProcess

    here = _run(tmp_path / "here", history_table, targets_table)
    with ChartProcess() as process:
        there = _run(tmp_path / "there", history_table, targets_table,
                     chart_process=process)
    assert [p.name for p in here] == [p.name for p in there]
    pngs = [p.name for p in here if p.suffix == ".png"]
    assert len(pngs) >= 3
    for name in pngs:
        assert (tmp_path / "here" / name).read_bytes() == (tmp_path / "there" / name).read_bytes()
    import re

    def text(folder, name):  # the creation time (manifest, page footer) differs between runs
        raw = (tmp_path / folder / name).read_text(encoding="utf-8")
        return re.sub(r"\d{4}-\d\d-\d\d(T\d\d:\d\d:\d\dZ| \d\d:\d\d UTC)", "<time>", raw)

    for name in ("iamc.csv", "report.html", "summary.md"):
        assert text("here", name) == text("there", name)


def test_a_chart_process_that_fails_fails_the_report_and_leaves_nothing(
        tmp_path, history_table, targets_table):
    """Its error reaches the caller after the tables; the staging folder is removed."""
    from huaian_forecast.report import ChartProcess

    class Failing(ChartProcess):
        def draw(self, folder, *args):  # the child is sent a folder that is not there
            return super().draw(folder / "missing", *args)

    out = tmp_path / "out"
    with Failing() as process, pytest.raises(FileNotFoundError, match="missing"):
        _run(out, history_table, targets_table, chart_process=process)
    assert not out.exists() or list(out.iterdir()) == []


def test_a_chart_process_that_dies_is_a_clear_error(tmp_path, history_table, targets_table):
    """Killed from outside (SIGKILL: the OOM killer), it is a system error naming the
    signal (an OSError: the CLI says "a problem of the system", not "a bug"), and no
    file is written."""
    from huaian_forecast.report import ChartProcess

    with ChartProcess() as process:
        process._child.kill()
        with pytest.raises(ChildProcessError, match=r"SIGKILL.*out-of-memory"):
            _run(tmp_path / "out", history_table, targets_table, chart_process=process)
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_warnings_of_the_chart_process_reach_the_caller(tmp_path, history_table,
                                                        targets_table):
    """A glyph no font has (U+E000, private use) warns in the chart process: raised here."""
    from huaian_forecast.report import ChartProcess

    odd = make_projection("baseline \ue000")
    with ChartProcess() as process, pytest.warns(UserWarning, match="missing from font"):
        write_report(tmp_path / "out", [odd], history=history_table, targets=targets_table,
                     lang="en", chart_process=process)


def test_an_unused_chart_process_is_stopped_on_exit():
    from huaian_forecast.report import ChartProcess

    with ChartProcess() as process:
        pass
    assert process._child.returncode is not None
