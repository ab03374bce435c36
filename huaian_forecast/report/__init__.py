"""Planner-grade outputs: charts, the Excel workbook, Markdown and HTML briefings, IAMC export.

matplotlib and openpyxl are imported only inside the functions that draw or write, so
``import huaian_forecast`` stays light. :func:`write_report` writes everything into one
folder, all-or-nothing: outputs are produced in a hidden staging folder and moved into
place only when every one of them succeeded.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from huaian_forecast.report import charts
from huaian_forecast.report._atomic import OutputExistsError, check_writable, staged_directory
from huaian_forecast.report._sanitize import clean_text, safe_frame
from huaian_forecast.report._text import (
    SCENARIO_DESCRIPTIONS_ZH,
    Lang,
    code_label,
    localise_columns,
    note_label,
    short_name,
    unit_label,
)
from huaian_forecast.report.charts import plot_fan, plot_scenarios, plot_tornado
from huaian_forecast.report.excel import as_list, to_excel
from huaian_forecast.report.fonts import MissingCJKFontWarning, chart_language, rc_params
from huaian_forecast.report.frontier_chart import plot_frontier, write_frontier_chart
from huaian_forecast.report.html import to_html
from huaian_forecast.report.iamc import to_iamc
from huaian_forecast.report.markdown import to_markdown
from huaian_forecast.report.sobol_chart import plot_sobol
from huaian_forecast.report.tables import localise as localise_table
from huaian_forecast.simulation import Projection

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.backends.backend_agg import FigureCanvasAgg

__all__ = [
    "FIXED_FILES",
    "SCENARIO_DESCRIPTIONS_ZH",
    "MissingCJKFontWarning",
    "OutputExistsError",
    "check_writable",
    "code_label",
    "localise_columns",
    "localise_table",
    "note_label",
    "planner_assessments",
    "plot_fan",
    "plot_frontier",
    "plot_scenarios",
    "plot_sobol",
    "plot_tornado",
    "report_files",
    "short_name",
    "to_excel",
    "to_html",
    "to_iamc",
    "to_markdown",
    "unit_label",
    "write_frontier_chart",
    "write_report",
]

WORKBOOK = "report.xlsx"
SUMMARY = "summary.md"
IAMC = "iamc.csv"
SCENARIO_CHART = "scenarios.png"
BRIEFING = "report.html"
#: Files every report has (fan charts are added per simulated indicator).
FIXED_FILES: tuple[str, ...] = (WORKBOOK, SUMMARY, IAMC, SCENARIO_CHART, BRIEFING)
_DPI = 130
#: zlib level of the PNG charts: 3 writes them ~1.4x faster than PIL's default 6 and
#: the files are a few percent larger (same pixels).
_PNG_COMPRESSION = 3


def _fan_name(indicator: str) -> str:
    return f"fan_{indicator}.png"


def _tornado_outcomes(tornado: pd.DataFrame | None) -> list[tuple[str, int, str]]:
    if tornado is None or tornado.empty:
        return []
    combos = tornado[["indicator", "year", "metric"]].drop_duplicates()
    return [(str(i), int(y), str(m)) for i, y, m in combos.itertuples(index=False)]


def _tornado_name(indicator: str, year: int, metric: str) -> str:
    suffix = "" if metric == "p_reach" else f"_{metric}"
    return f"tornado_{indicator}_{year}{suffix}.png"


def report_files(projections: Sequence[Projection], *,
                 tornado: pd.DataFrame | None = None) -> list[str]:
    """Names of the files :func:`write_report` produces for these projections."""
    names = list(FIXED_FILES)
    names += [_fan_name(k) for k in projections[0].indicators]
    return names + [_tornado_name(*o) for o in _tornado_outcomes(tornado)]


def _render(draw: Callable[..., object], figsize: tuple[float, float],
            **kwargs: object) -> FigureCanvasAgg:
    """Draw one chart on a bare Agg canvas (no pyplot state), laid out and rendered once.

    ``Figure.savefig`` would first render a throw-away copy for the layout engine (a
    sixth of a chart's time).
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=figsize, dpi=_DPI, layout="constrained")
    canvas = FigureCanvasAgg(fig)
    draw(ax=fig.add_subplot(), **kwargs)
    canvas.draw()
    return canvas


def _write_png(canvas: FigureCanvasAgg, path: Path) -> None:
    """Compress a rendered canvas to PNG, as ``canvas.print_png`` does (same bytes)."""
    from matplotlib.image import imsave

    imsave(path, canvas.buffer_rgba(), format="png", origin="upper", dpi=_DPI,
           pil_kwargs={"compress_level": _PNG_COMPRESSION})


@contextlib.contextmanager
def _chart_writer(font: str | None,
                  written: Callable[[], None] | None = None) -> Iterator[Callable[..., None]]:
    """Yield ``save(draw, path, figsize, **kwargs)`` that draws a chart and writes its PNG.

    All charts draw inside one matplotlib ``rc_context`` (entering one deep-copies every
    rc parameter), and each PNG is compressed on a thread (zlib releases the GIL) while
    the next chart draws. ``written()`` is called once per chart when its file is on
    disk (so a progress count is a count of files written). On exit every file is
    written, or the first error raised.
    """
    import matplotlib

    pending: list[Future[None]] = []

    def finish_previous() -> None:
        if pending:
            pending.pop().result()
            if written is not None:
                written()

    with matplotlib.rc_context(rc_params(font)), ThreadPoolExecutor(1) as pool:

        def save(draw: Callable[..., object], path: Path, figsize: tuple[float, float],
                 **kwargs: object) -> None:
            canvas = _render(draw, figsize, **kwargs)  # overlaps the previous compression
            finish_previous()
            pending.append(pool.submit(_write_png, canvas, path))

        yield save
        finish_previous()


def compare_table(assessments: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Stack assessments with a ``scenario`` column (the input of the scenario chart)."""
    return pd.concat([t.assign(scenario=name) for name, t in assessments.items()],
                     ignore_index=True)


def planner_assessments(projections: Sequence[Projection], targets: pd.DataFrame,
                        history: pd.DataFrame, *,
                        spread: pd.DataFrame | None = None) -> dict[str, pd.DataFrame]:
    """Assess each projection as a planner reads it, keyed by scenario name.

    :func:`huaian_forecast.analysis.planner_assessment`: p_reach with the range across
    models (the growth families' view, computed once: it does not depend on the scenario;
    ``spread`` when the caller has it already), the year-to-date nowcast for the current
    year's targets, and labels from both.
    """
    from huaian_forecast.analysis import model_spread, planner_assessment

    first = projections[0]
    seed = first.manifest.get("seed")
    if spread is None:
        spread = model_spread(history, targets, n_paths=min(first.n_paths, 4_000),
                              seed=seed if isinstance(seed, int) else 0,
                              region=str(first.manifest.get("region", "Huai'an")))
    return {p.scenario: planner_assessment(p, targets, history=history, spread=spread)
            for p in projections}


def _draw_charts(save: Callable[..., None], stage: Path, items: Sequence[Projection],
                 assessments: dict[str, pd.DataFrame], history: pd.DataFrame,
                 tornado: pd.DataFrame | None, lang: Lang) -> None:
    """Fan charts of the first projection, the scenario chart and the tornado charts."""
    first = items[0]
    for key in first.indicators:
        save(charts.plot_fan, stage / _fan_name(key), (8, 4.8), projection=first,
             indicator=key, history=history, assessment=assessments[first.scenario],
             lang=lang)
    compared = compare_table(assessments)
    n_targets = len(compared.dropna(subset=["p_reach"])[["indicator", "year"]]
                    .drop_duplicates())
    save(charts.plot_scenarios, stage / SCENARIO_CHART,
         charts.scenario_figsize(n_targets, len(items)), compare=compared, lang=lang)
    for ind, year, metric in _tornado_outcomes(tornado):
        save(charts.plot_tornado, stage / _tornado_name(ind, year, metric), (8, 6.5),
             tornado=tornado, indicator=ind, year=year, metric=metric, lang=lang)


def write_report(out_dir: str | os.PathLike[str], projections: Projection | Sequence[Projection],
                 *, history: pd.DataFrame | None = None, targets: pd.DataFrame | None = None,
                 tornado: pd.DataFrame | None = None, lang: Lang = "zh", command: str = "",
                 force: bool = False, spread: pd.DataFrame | None = None,
                 progress: Callable[[int, int], None] | None = None) -> list[Path]:
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
        :func:`~huaian_forecast.analysis.model_spread` of the targets; report.html then
        shows the model range beside the first scenario's p_reach.

    Returns
    -------
    list of pathlib.Path
        The files written (see :func:`report_files`).

    Raises
    ------
    OutputExistsError
        Before any work, if a file exists and ``force`` is false.
    ArgumentError
        Before any work, if there is no projection or two share a scenario name.
    """
    items = as_list(projections)  # one or more, unique scenario names: checked before work
    if history is None or targets is None:  # a direct caller; the CLI passes both
        from huaian_forecast.data import load_history, load_targets

        history = load_history() if history is None else history
        targets = load_targets() if targets is None else targets
    names = report_files(items, tornado=tornado)
    chart_lang, font = chart_language(lang)  # the one warning, if any
    # assessed once: the charts, workbook, summary and briefing reuse it
    assessments = planner_assessments(items, targets, history, spread=spread)
    done = 0

    def step() -> None:
        nonlocal done
        done += 1
        if progress is not None:
            progress(done, len(names))

    with staged_directory(out_dir, names, force=force) as stage:
        with _chart_writer(font, written=step) as save:  # progress counts files written
            _draw_charts(save, stage, items, assessments, history, tornado, chart_lang)
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
                    command=command, assessments=assessments, spread=spread)),
            encoding="utf-8")
        step()
    return [Path(out_dir) / n for n in names]
