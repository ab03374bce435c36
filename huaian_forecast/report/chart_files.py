"""A report's PNG charts: drawn here, or in a second process while the rest is written.

:func:`draw_chart_files` draws the fan charts of the first scenario, the scenario chart
and the tornado charts into a folder. Each chart is laid out and rendered once on a bare
Agg canvas (no pyplot state), all inside one matplotlib ``rc_context``, and each PNG is
compressed on a thread while the next chart draws.

The charts are a third of a report's time. :class:`ChartProcess` is a second Python
process (a plain subprocess of the same interpreter, so it works the same on Linux, macOS
and Windows) that imports matplotlib and registers the CJK font while the caller
simulates, then draws the charts while the caller writes the workbook and the
briefings. ``huaian-forecast report`` uses one on a machine with two or more cores; the
files are the same bytes either way.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import threading
from collections.abc import Callable, Collection, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from types import TracebackType
from typing import IO, TYPE_CHECKING

import pandas as pd

from huaian_forecast.report import charts
from huaian_forecast.report._text import Lang
from huaian_forecast.report.fonts import chart_language, find_cjk_font, rc_params
from huaian_forecast.simulation import Projection

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.backends.backend_agg import FigureCanvasAgg

__all__ = ["SCENARIO_CHART", "ChartDrawing", "ChartProcess", "chart_names",
           "draw_chart_files", "serve_one_job", "split_charts", "usable_cores"]

SCENARIO_CHART = "scenarios.png"
_DPI = 130
#: zlib level of the PNG charts: 3 writes them ~1.4x faster than PIL's default 6 and
#: the files are a few percent larger (same pixels).
_PNG_COMPRESSION = 3


def fan_name(indicator: str) -> str:
    """Return the file name of the fan chart of one indicator."""
    return f"fan_{indicator}.png"


def tornado_outcomes(tornado: pd.DataFrame | None) -> list[tuple[str, int, str]]:
    """Return the (indicator, year, metric) outcomes of a sensitivity table, in order."""
    if tornado is None or tornado.empty:
        return []
    keys = tornado[["indicator", "year", "metric"]].drop_duplicates()
    return [(str(i), int(y), str(m)) for i, y, m in keys.itertuples(index=False)]


def tornado_name(indicator: str, year: int, metric: str) -> str:
    """Return the file name of the tornado chart of one outcome."""
    suffix = "" if metric == "p_reach" else f"_{metric}"
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


def draw_chart_files(folder: Path, first: Projection, assessments: dict[str, pd.DataFrame],
                     history: pd.DataFrame, tornado: pd.DataFrame | None, lang: Lang,
                     font: str | None, step: Callable[[], None] | None = None,
                     only: Collection[str] | None = None) -> int:
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
    only : collection of str, optional
        Draw only the charts of these file names (see :func:`chart_names`).
    """
    wanted = set(chart_names(first.indicators, tornado) if only is None else only)
    with _chart_writer(font, written=step) as save:
        for key in first.indicators:
            if fan_name(key) in wanted:
                save(charts.plot_fan, folder / fan_name(key), (8, 4.8), projection=first,
                     indicator=key, history=history,
                     assessment=assessments[first.scenario], lang=lang)
        if SCENARIO_CHART in wanted:
            compared = compare_table(assessments)
            n_targets = len(compared.dropna(subset=["p_reach"])[["indicator", "year"]]
                            .drop_duplicates())
            save(charts.plot_scenarios, folder / SCENARIO_CHART,
                 charts.scenario_figsize(n_targets, len(assessments)), compare=compared,
                 lang=lang)
        for ind, year, metric in tornado_outcomes(tornado):
            if tornado_name(ind, year, metric) in wanted:
                save(charts.plot_tornado, folder / tornado_name(ind, year, metric),
                     (8, 6.5), tornado=tornado, indicator=ind, year=year, metric=metric,
                     lang=lang)
    return len(wanted & set(chart_names(first.indicators, tornado)))


def usable_cores() -> int:
    """Return the CPU cores this process may run on (its affinity where known)."""
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


#: What the chart process runs: import the drawing code at once, then read one job (a
#: pickle) from stdin, draw, and answer with a pickle on stdout.
_CHILD = "from huaian_forecast.report.chart_files import serve_one_job; serve_one_job()"


def serve_one_job() -> None:
    """Read one drawing job from stdin, draw it, write the outcome to stdout (the child's side).

    The job is the pickled arguments of :class:`ChartProcess.draw`; the label language is
    resolved here (:func:`~huaian_forecast.report.fonts.chart_language`, so the caller
    need not import matplotlib's font manager), and the warnings raised while drawing
    go back with the answer: a pickled ``("ok", n_charts, warnings)`` or
    ``("error", exception, traceback_text)``.
    """
    import gc
    import pickle
    import traceback
    import warnings

    gc.set_threshold(20_000, 50, 1_000)  # a one-job process (see cli.main)
    import matplotlib.backends.backend_agg
    import matplotlib.figure  # noqa: F401

    find_cjk_font()  # registers the packaged CJK font while the caller still works
    answer: tuple[object, ...]
    try:
        folder, first, assessments, history, tornado, lang, only = pickle.loads(
            sys.stdin.buffer.read())
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            chart_lang, font = chart_language(lang)
            n_charts = draw_chart_files(folder, first, assessments, history, tornado,
                                        chart_lang, font, only=only)
        answer = ("ok", n_charts, [(str(w.message), w.category) for w in caught])
    except BaseException as error:
        answer = ("error", error, traceback.format_exc())
    try:
        payload = pickle.dumps(answer)
    except Exception:
        payload = pickle.dumps(("error", RuntimeError(repr(answer[1])), str(answer[-1])))
    sys.stdout.buffer.write(payload)
    sys.stdout.flush()
    gc.freeze()  # the interpreter's last collection would walk every live object


def _send(stdin: IO[bytes], job: bytes) -> None:
    """Write a job to the chart process and close its stdin."""
    try:
        with stdin:
            stdin.write(job)
    except BrokenPipeError:  # the child died already: ChartDrawing.result says how
        pass


class ChartDrawing:
    """The charts being drawn by a :class:`ChartProcess` (see :meth:`ChartProcess.draw`)."""

    def __init__(self, children: Sequence[subprocess.Popen[bytes]],
                 senders: Sequence[threading.Thread]) -> None:
        self._children = list(children)
        self._senders = list(senders)
        self._answers: list[tuple[bytes, bytes]] | None = None

    def wait(self) -> None:
        """Wait until every chart process has finished (whatever the outcome)."""
        if self._answers is None:
            for sender in self._senders:
                sender.join()
            self._answers = [child.communicate() for child in self._children]

    def result(self) -> int:
        """Return the number of charts written, or raise a chart process's error.

        The warnings the chart processes raised while drawing are raised here again
        (each distinct one once).
        """
        import warnings

        self.wait()
        assert self._answers is not None
        answers = [_answer(child, out, err)
                   for child, (out, err) in zip(self._children, self._answers, strict=True)]
        for message, category in dict.fromkeys(w for _, caught in answers for w in caught):
            warnings.warn(message, category, stacklevel=2)  # e.g. MissingCJKFontWarning
        return sum(n for n, _ in answers)


def _answer(child: subprocess.Popen[bytes], out: bytes,
            err: bytes) -> tuple[int, list[tuple[str, type[Warning]]]]:
    """Return a chart process's answer ``(n_charts, warnings)``, or raise its error."""
    import pickle

    try:
        answer: tuple[object, ...] = pickle.loads(out)
    except Exception as error:
        tail = err.decode("utf-8", "replace").strip().splitlines()[-3:]
        raise RuntimeError("the chart process ended without drawing the charts "
                           f"(exit code {child.returncode}): " + " / ".join(tail)) from error
    if answer[0] != "ok":
        raise answer[1]  # type: ignore[misc]
    return answer[1], answer[2]  # type: ignore[return-value]


def split_charts(names: Sequence[str], parts: int) -> list[list[str]]:
    """Deal the chart names out to ``parts`` processes in turn (similar work each).

    Examples
    --------
    >>> split_charts(["a", "b", "c", "d", "e"], 2)
    [['a', 'c', 'e'], ['b', 'd']]
    """
    return [list(names[i::parts]) for i in range(parts) if names[i::parts]]


class ChartProcess:
    """Second processes that draw a report's charts while the caller writes the rest.

    Fresh ``python`` processes (the same interpreter and ``sys.path``) start at once and
    import matplotlib while the caller works; pass them to
    :func:`~huaian_forecast.report.write_report` as ``chart_process=``. The charts are
    dealt out between the processes (:func:`split_charts`); with two processes on a
    two-core machine the operating system shares the cores between them and the
    caller, which writes the workbook and the briefings meanwhile. They draw one
    report. They are not :mod:`multiprocessing` workers, so a script that uses them
    needs no ``if __name__ == "__main__"`` guard. Use it as a context manager: on exit
    it waits for the work, or stops the processes if nothing was asked of them.

    Parameters
    ----------
    processes : int, default 2
        How many processes draw (at least 1).

    Raises
    ------
    OSError
        When a process cannot be started (those already started are stopped).

    Examples
    --------
    >>> with ChartProcess() as charts:  # doctest: +SKIP
    ...     projections = [hf.simulate(s) for s in ("baseline", "plan_2024")]
    ...     write_report("out/", projections, chart_process=charts)
    """

    def __init__(self, processes: int = 2) -> None:
        if isinstance(processes, bool) or not isinstance(processes, int) or processes < 1:
            raise ValueError(f"processes must be a whole number of at least 1, got "
                             f"{processes!r}")
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in sys.path if p))
        self._children: list[subprocess.Popen[bytes]] = []
        try:
            for _ in range(processes):
                self._children.append(subprocess.Popen(
                    [sys.executable, "-c", _CHILD], env=env, stdin=subprocess.PIPE,
                    stdout=subprocess.PIPE, stderr=subprocess.PIPE))
        except OSError:
            self._stop()
            raise
        self._drawing: ChartDrawing | None = None

    def draw(self, folder: Path, first: Projection, assessments: dict[str, pd.DataFrame],
             history: pd.DataFrame, tornado: pd.DataFrame | None,
             lang: Lang) -> ChartDrawing:
        """Start drawing the charts into ``folder`` (see :func:`draw_chart_files`).

        ``lang`` is the language asked for: each chart process resolves it with
        :func:`~huaian_forecast.report.fonts.chart_language` (English labels and one
        :class:`~huaian_forecast.report.fonts.MissingCJKFontWarning`, raised again by
        :meth:`ChartDrawing.result`, when it finds no CJK font).
        """
        import pickle

        if self._drawing is not None:
            raise RuntimeError("a ChartProcess draws one report; start another for the next")
        parts = split_charts(chart_names(first.indicators, tornado), len(self._children))
        busy, idle = self._children[:len(parts)], self._children[len(parts):]
        for child in idle:  # fewer charts than processes
            child.kill()
            child.communicate()
        senders = []
        for child, only in zip(busy, parts, strict=True):
            job = pickle.dumps((folder, first, assessments, history, tornado, lang, only),
                               protocol=pickle.HIGHEST_PROTOCOL)
            stdin, child.stdin = child.stdin, None  # communicate() reads only
            assert stdin is not None
            # sent from a thread: the child reads it only once its imports are done, and
            # the caller goes on writing the tables meanwhile
            sender = threading.Thread(target=_send, args=(stdin, job), name="chart-job",
                                      daemon=True)
            sender.start()
            senders.append(sender)
        self._drawing = ChartDrawing(busy, senders)
        return self._drawing

    def _stop(self) -> None:
        for child in self._children:
            child.kill()
            child.communicate()

    def close(self) -> None:
        """Wait for the drawing asked for, or stop the processes if none was."""
        if self._drawing is not None:
            self._drawing.wait()
        else:
            self._stop()

    def __enter__(self) -> ChartProcess:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()
