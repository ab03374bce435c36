"""Write a whole report into one folder: :func:`write_report` (all-or-nothing).

The outputs are produced in a hidden staging folder and moved into place only when every
one of them succeeded. The charts are drawn here, or by a
:class:`~huaian_forecast.report.chart_process.ChartProcess` while the workbook and the
briefings are written here.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from huaian_forecast.report._atomic import staged_directory
from huaian_forecast.report._sanitize import clean_text, safe_frame
from huaian_forecast.report._text import Lang
from huaian_forecast.report._ytd_dates import with_ytd_dates
from huaian_forecast.report.chart_files import SCENARIO_CHART, chart_names, draw_chart_files
from huaian_forecast.report.excel import as_list, to_excel
from huaian_forecast.report.fonts import chart_language
from huaian_forecast.report.html import to_html
from huaian_forecast.report.iamc import to_iamc
from huaian_forecast.report.markdown import to_markdown
from huaian_forecast.report.tables import check_targets
from huaian_forecast.simulation import Projection

if TYPE_CHECKING:  # pragma: no cover
    from huaian_forecast.report.chart_process import ChartProcess
    from huaian_forecast.simulation import SimulationMemo

__all__ = ["BRIEFING", "FIXED_FILES", "IAMC", "SUMMARY", "WORKBOOK", "planner_assessments",
           "report_files", "write_report"]

WORKBOOK = "report.xlsx"
SUMMARY = "summary.md"
IAMC = "iamc.csv"
BRIEFING = "report.html"
#: Files every report has (fan charts are added per simulated indicator).
FIXED_FILES: tuple[str, ...] = (WORKBOOK, SUMMARY, IAMC, SCENARIO_CHART, BRIEFING)


def report_files(projections: Sequence[Projection], *,
                 tornado: pd.DataFrame | None = None) -> list[str]:
    """Names of the files :func:`write_report` produces for these projections."""
    charts_ = [n for n in chart_names(projections[0].indicators, tornado)
               if n != SCENARIO_CHART]
    return list(FIXED_FILES) + charts_


def planner_assessments(projections: Sequence[Projection], targets: pd.DataFrame,
                        history: pd.DataFrame, *,
                        spread: pd.DataFrame | None = None,
                        ytd: pd.DataFrame | str | os.PathLike[str] | None = None,
                        use_ytd: bool = True) -> dict[str, pd.DataFrame]:
    """Assess each projection as a planner reads it, keyed by scenario name.

    :func:`huaian_forecast.analysis.planner_assessments`: p_reach with the range across
    models (the growth families' view, computed once: it does not depend on the scenario;
    ``spread`` when the caller has it already), the year-to-date nowcast for the current
    year's targets (``ytd``, default the bundled figures; none when ``use_ytd`` is false:
    the ones the projections were simulated with), and labels from both.
    """
    from huaian_forecast.analysis import planner_assessments as assess_planner

    return assess_planner(projections, targets, history=history, spread=spread,
                          ytd=_ytd_arg(ytd), use_ytd=use_ytd)


def _ytd_arg(ytd: pd.DataFrame | str | os.PathLike[str] | None) -> pd.DataFrame | str | Path | None:
    """Return ``ytd`` as the analysis stage takes it (a path-like as a Path)."""
    return ytd if ytd is None or isinstance(ytd, pd.DataFrame | str) else Path(ytd)


def _write_tables(stage: Path, items: Sequence[Projection], history: pd.DataFrame,
                  targets: pd.DataFrame, tornado: pd.DataFrame | None, lang: Lang,
                  command: str, assessments: dict[str, pd.DataFrame],
                  names: Sequence[str], step: Callable[[], None]) -> None:
    """Write the workbook, the IAMC table and the Markdown and HTML briefings."""
    to_excel(stage / WORKBOOK, items, targets=targets, history=history, lang=lang,
             command=command, assessments=assessments)
    step()
    # text from input passes one seam (report._sanitize): no formula in a CSV cell,
    # no control character in any file, Markdown and HTML escaped where it is inserted
    safe_frame(to_iamc(items, history=history)).to_csv(stage / IAMC, index=False)
    step()
    pngs = [n for n in names if n.endswith(".png")]
    (stage / SUMMARY).write_text(clean_text(
        to_markdown(items, targets=targets, lang=lang, charts=pngs, command=command,
                    assessments=assessments)),
        encoding="utf-8")
    step()
    (stage / BRIEFING).write_text(clean_text(
        to_html(items, history=history, targets=targets, lang=lang, tornado=tornado,
                command=command, assessments=assessments)),  # the range joined already
        encoding="utf-8")
    step()


def write_report(out_dir: str | os.PathLike[str], projections: Projection | Sequence[Projection],
                 *, history: pd.DataFrame | None = None, targets: pd.DataFrame | None = None,
                 tornado: pd.DataFrame | None = None, lang: Lang = "zh", command: str = "",
                 force: bool = False, spread: pd.DataFrame | None = None,
                 progress: Callable[[int, int], None] | None = None,
                 chart_process: ChartProcess | None = None,
                 memo: SimulationMemo | None = None,
                 ytd: pd.DataFrame | str | os.PathLike[str] | None = None,
                 use_ytd: bool = True) -> list[Path]:
    """Write the workbook, PNG charts, Markdown and HTML briefings and the IAMC table.

    Parameters
    ----------
    out_dir : path-like
        Output folder (created if missing). ``report.html`` is a self-contained page
        (:func:`~huaian_forecast.report.html.to_html`) that opens offline.
    projections : Projection or sequence of Projection
        One projection per scenario; fan charts are drawn for the first.
    history, targets : DataFrame, optional
        Observation and targets tables (default: the bundled data).
    tornado : DataFrame, optional
        Sensitivity table (:func:`huaian_forecast.analysis.tornado`); one tornado chart
        per indicator, year and metric in it.
    lang : {"zh", "en"}
        Language of the text; charts fall back to English (one
        :class:`MissingCJKFontWarning`) when no CJK font is installed.
    command : str
        Command recorded in the manifest and the summary.
    force : bool, default False
        Overwrite existing files.
    progress : callable, optional
        Called as ``progress(done, total)`` after each file.
    spread : DataFrame, optional
        :func:`~huaian_forecast.analysis.model_spread` of the targets (the model range
        beside each p_reach). Default: computed here once for all scenarios, with the
        first projection's seed and paths (at most 4,000), before the charts are drawn
        (the scenario chart draws it).
    memo : SimulationMemo, optional
        The memo the projections were simulated with: the growth families' view reuses
        its fits instead of fitting again.
    chart_process : ChartProcess, optional
        Draw the PNG charts in this second process while the workbook and the briefings
        are written here (the same files; faster on two or more cores).
    ytd : DataFrame, str or path-like, optional
        Year-to-date figures the current year's targets are nowcast with (default: the
        bundled 2024 ones); read once, before anything is written, and they must be the
        ones the projections were simulated with (``RunSpec(ytd=...)``), which set their
        first year's delivery. The briefings and the manifest name them.
    use_ytd : bool, default True
        False: no year-to-date figures (no nowcast; the projections simulated with
        :func:`~huaian_forecast.data.empty_ytd`).

    Returns
    -------
    list of pathlib.Path
        The files written (see :func:`report_files`).

    Raises
    ------
    OutputExistsError
        Before any work, if a file exists and ``force`` is false.
    ArgumentError
        Before any work, if there is no projection, two share a scenario name, or the
        projections were simulated with other year-to-date figures than ``ytd``.
    DataError
        Before any work, for a year-to-date file that cannot be read.
    """
    items = as_list(projections)  # one or more, unique scenario names: checked before work
    if history is None or targets is None:  # a direct caller; the CLI passes both
        from huaian_forecast.data import load_history, load_targets

        history = load_history() if history is None else history
        targets = load_targets() if targets is None else targets
    check_targets(items, targets)  # the same target twice: refused before any work
    names = report_files(items, tornado=tornado)
    done = 0

    def step() -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress(done, len(names))

    from huaian_forecast.analysis import check_same_ytd, join_model_spread, year_to_date_table
    from huaian_forecast.analysis import planner_assessments as assess_planner

    # read and checked before the folder is touched: a bad file writes nothing
    figures = year_to_date_table(_ytd_arg(ytd), use_ytd=use_ytd, projection=items[0])
    for item in items if use_ytd else ():  # a document names one source: refused
        check_same_ytd(item, figures, refuse=True)
    with staged_directory(out_dir, names, force=force) as stage:
        first = items[0]
        # assessed once: the charts, workbook, summary and briefing reuse it
        assessed = assess_planner(items, targets, history=history, with_spread=False,
                                  ytd=figures, use_ytd=figures is not None)
        # with the models' range: the scenario chart draws it too (with a chart process,
        # 0.1 s while that process is still getting ready)
        assessments = join_model_spread(assessed, items, targets, history, spread=spread,
                                        memo=memo)
        dated = with_ytd_dates(assessments, items)  # once for the workbook and briefings
        if chart_process is None:
            chart_lang, font = chart_language(lang)  # the one warning, if any
            draw_chart_files(stage, first, assessments, history, tornado, chart_lang, font,
                             step)
            _write_tables(stage, items, history, targets, tornado, lang, command,
                          dated, names, step)
        else:  # the chart process resolves the label language (and warns) itself
            drawing = chart_process.draw(stage, first, assessments, history, tornado, lang)
            try:
                _write_tables(stage, items, history, targets, tornado, lang, command,
                              dated, names, step)
            finally:  # the staging folder is removed on error: let the charts finish first
                drawing.wait()
            for _ in range(drawing.result()):
                step()
    return [Path(out_dir) / n for n in names]
