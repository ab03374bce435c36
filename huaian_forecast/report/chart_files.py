"""A report's PNG charts: which there are, and drawing them into a folder.

:func:`draw_chart_files` draws the fan charts of the first scenario, the scenario chart
and the tornado charts into a folder. Each chart is laid out and rendered once on a bare
Agg canvas (no pyplot state), all inside one matplotlib ``rc_context``, and each PNG is
compressed on a thread while the next chart draws. With ``claim=True`` a chart is drawn
only by the process that creates its file first (:func:`claim_file`), so several
processes can share one report's charts (see :mod:`huaian_forecast.report.chart_process`).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from huaian_forecast.report import charts, tornado_chart
from huaian_forecast.report._text import Lang
from huaian_forecast.report.fonts import rc_params
from huaian_forecast.simulation import Projection

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.backends.backend_agg import FigureCanvasAgg

__all__ = ["SCENARIO_CHART", "chart_names", "claim_file", "draw_chart_files"]

SCENARIO_CHART = "scenarios.png"
_DPI = 130
#: zlib level of the PNG charts: 1 writes them ~2x faster than PIL's default 6 and
#: the files are about a tenth larger (same pixels).
_PNG_COMPRESSION = 1


def fan_name(indicator: str) -> str:
    """Return the file name of the fan chart of one indicator."""
    return f"fan_{indicator}.png"


def tornado_outcomes(tornado: pd.DataFrame | None) -> list[tuple[str, int, str, str]]:
    """Return the (indicator, year, metric, tier) outcomes of a sensitivity table, in order.

    ``tier`` is ``single`` for a table without tiers (a floor 确保 and a stretch 力争
    of one year are two outcomes).
    """
    if tornado is None or tornado.empty:
        return []
    if "tier" not in tornado:
        tornado = tornado.assign(tier="single")
    keys = tornado[["indicator", "year", "metric", "tier"]].drop_duplicates()
    return [(str(i), int(y), str(m), str(t)) for i, y, m, t in keys.itertuples(index=False)]


def tornado_name(indicator: str, year: int, metric: str, tier: str = "single") -> str:
    """Return the file name of the tornado chart of one outcome (``_stretch`` for a tier)."""
    suffix = "" if metric == "p_reach" else f"_{metric}"
    suffix += "" if tier == "single" else f"_{tier}"
    return f"tornado_{indicator}_{year}{suffix}.png"


def chart_names(indicators: Sequence[str], tornado: pd.DataFrame | None) -> list[str]:
    """Return the names of the PNG files :func:`draw_chart_files` writes, in order."""
    return ([fan_name(k) for k in indicators] + [SCENARIO_CHART]
            + [tornado_name(*o) for o in tornado_outcomes(tornado)])


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


#: How to draw one chart: the plotting function, the figure size and its arguments.
_Spec = tuple[Callable[..., object], tuple[float, float], dict[str, object]]


def _chart_specs(first: Projection, assessments: dict[str, pd.DataFrame],
                 history: pd.DataFrame, tornado: pd.DataFrame | None,
                 lang: Lang) -> dict[str, Callable[[], _Spec]]:
    """Return each chart's file name -> a function giving its :data:`_Spec`."""
    specs: dict[str, Callable[[], _Spec]] = {}
    for key in first.indicators:
        specs[fan_name(key)] = lambda key=key: (  # type: ignore[misc]
            charts.plot_fan, (8, 4.8),
            {"projection": first, "indicator": key, "history": history,
             "assessment": assessments[first.scenario], "lang": lang})

    def scenario_chart() -> _Spec:
        compared = compare_table(assessments)
        keys = [k for k in ("indicator", "year", "threshold", "direction", "tier")
                if k in compared]  # two tiers of one year are two rows of bars
        n_targets = len(compared.dropna(subset=["p_reach"])[keys].drop_duplicates())
        return (charts.plot_scenarios, charts.scenario_figsize(n_targets, len(assessments)),
                {"compare": compared, "lang": lang})

    specs[SCENARIO_CHART] = scenario_chart
    for ind, year, metric, tier in tornado_outcomes(tornado):
        specs[tornado_name(ind, year, metric, tier)] = (
            lambda ind=ind, year=year, metric=metric, tier=tier: (  # type: ignore[misc]
                tornado_chart.plot_tornado, (8, 6.5),
                {"tornado": tornado, "indicator": ind, "year": year, "metric": metric,
                 "tier": None if tier == "single" else tier, "lang": lang}))
    return specs


def claim_file(path: Path) -> bool:
    """Create ``path`` empty if nobody has; return whether this call created it.

    Processes drawing the same report's charts claim each chart by creating its file
    (``O_CREAT | O_EXCL``: atomic on a local file system), so each chart is drawn once
    whichever process gets to it first.
    """
    try:
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644))
    except FileExistsError:
        return False
    return True


def draw_chart_files(folder: Path, first: Projection, assessments: dict[str, pd.DataFrame],
                     history: pd.DataFrame, tornado: pd.DataFrame | None, lang: Lang,
                     font: str | None, step: Callable[[], None] | None = None, *,
                     order: Sequence[str] | None = None, claim: bool = False) -> int:
    """Draw the report's PNG charts into ``folder``; return how many were written.

    Parameters
    ----------
    folder : pathlib.Path
        Existing folder (the report's staging folder).
    first : Projection
        The first scenario: one fan chart per indicator.
    assessments : dict of str to DataFrame
        Planner assessment of every scenario, in report order (the scenario chart).
    history : DataFrame
        Observations drawn on the fans.
    tornado : DataFrame or None
        Sensitivity table: one tornado chart per outcome in it.
    lang : {"zh", "en"}
        Label language (already resolved by :func:`~huaian_forecast.report.fonts.chart_language`).
    font : str or None
        CJK font family for ``lang="zh"``.
    step : callable, optional
        Called after each chart, when its file is written.
    order : sequence of str, optional
        The charts to draw, by file name, in this order (default: :func:`chart_names`).
    claim : bool, default False
        Draw a chart only if this call creates its file (:func:`claim_file`): several
        processes given the same folder share the charts out as they go.
    """
    specs = _chart_specs(first, assessments, history, tornado, lang)  # in chart_names order
    names = list(specs) if order is None else order
    unknown = [n for n in names if n not in specs]
    if unknown:
        raise ValueError(f"no such chart in this report: {unknown}; charts: {list(specs)}")
    drawn = 0
    with _chart_writer(font, written=step) as save:
        for name in names:
            if claim and not claim_file(folder / name):
                continue  # another process has it
            draw, figsize, kwargs = specs[name]()
            save(draw, folder / name, figsize, **kwargs)
            drawn += 1
    return drawn
