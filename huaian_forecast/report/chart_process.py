"""A second process that draws a report's charts while the caller writes the rest.

The charts are a third of a report's work. :class:`ChartProcess` starts a plain
subprocess of the same interpreter (so it works the same on Linux, macOS and Windows, and
a script using it needs no ``if __name__ == "__main__"`` guard) that imports pandas and
matplotlib, registers the CJK font and draws a small throw-away chart (the font and text
caches) while the caller simulates. Sent the job, it draws the charts while the caller
writes the workbook and the briefings. ``huaian-forecast report`` starts one first thing
on a machine with two or more cores; the files are the same bytes either way.

On Linux with two or more usable cores the chart process forks once when it is ready,
before the job arrives: the copy shares everything already imported (no second
start-up), and the two share the charts out by claiming each chart's file before drawing it
(:func:`~huaian_forecast.report.chart_files.claim_file`), one from the first chart
forwards and one from the last backwards, meeting wherever their speeds make them meet.
If the copy ends without answering (the out-of-memory killer picks it, say), the first
process draws the charts the copy had claimed again and a warning says so.
Elsewhere (macOS, where forking after some system libraries are loaded is unsafe, and
Windows, which cannot fork) the one process draws them all.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType
from typing import IO, TYPE_CHECKING

from huaian_forecast.simulation import usable_cores

if TYPE_CHECKING:  # pragma: no cover - imported where used: starting one stays cheap
    import pandas as pd

    from huaian_forecast.report._text import Lang
    from huaian_forecast.simulation import Projection

__all__ = ["ChartDrawing", "ChartProcess", "child_env", "serve_one_job", "usable_cores"]

#: What the chart process runs: import the drawing code at once, then read one job (a
#: pickle) from stdin, draw, and answer with a pickle on stdout.
_CHILD = "from huaian_forecast.report.chart_process import serve_one_job; serve_one_job()"

#: An answer: ("ok", charts drawn, [(warning text, warning class)]) or
#: ("error", exception, traceback text).
_Answer = tuple[object, ...]


def _warm_up() -> None:
    """Draw a small chart like the report's and throw it away.

    It imports what drawing needs and loads the CJK font and matplotlib's text caches,
    which would otherwise slow the first real chart, while the caller still simulates.
    """
    from matplotlib import rc_context
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter, MaxNLocator, PercentFormatter

    # what drawing the job needs (pandas, the chart code, Projection), imported now
    from huaian_forecast.report import chart_files  # noqa: F401
    from huaian_forecast.report.fonts import find_cjk_font, rc_params

    with rc_context(rc_params(find_cjk_font())):
        fig = Figure(figsize=(3, 2), dpi=60, layout="constrained")
        canvas = FigureCanvasAgg(fig)
        ax = fig.add_subplot()
        ax.fill_between([2024, 2035], [1.0, 2.0], [1.5, 3.0], alpha=0.3, label="80% 区间")
        ax.plot([2024, 2035], [1.2, 2.5], label="中位数 median")
        for marker in ("o", "s", "^", "v", "*"):
            ax.plot([2022], [1.0], marker=marker, linestyle="none")
        ax.annotate("1,000\n概率=67%", (2030, 2.0), xytext=(8, 0), textcoords="offset points",
                    bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none"})
        ax.barh([0.5], [0.4], 0.2, xerr=[0.05], capsize=2)
        ax.set_title("高新技术企业数\n情景：baseline")
        ax.set_ylabel("有效期内国家高新技术企业数（家）")
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _p: f"{v:,.0f}"))
        ax.secondary_xaxis("top").xaxis.set_major_formatter(PercentFormatter(1.0))
        ax.grid(alpha=0.3)
        ax.legend(fontsize=8, loc="upper left").set_in_layout(False)
        canvas.draw()


def child_env() -> dict[str, str]:
    """Return the chart process's environment: the caller's, its ``sys.path`` and one BLAS thread.

    Drawing needs no BLAS threads, whose start at numpy's import spins about 0.1 s of CPU
    on a core the caller needs; a value the caller set (``OPENBLAS_NUM_THREADS``) is kept.
    """
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in sys.path if p))
    env.setdefault("OPENBLAS_NUM_THREADS", "1")
    return env


def _can_fork() -> bool:
    return sys.platform.startswith("linux") and hasattr(os, "fork") and usable_cores() >= 2


def _draw(job: tuple[object, ...], order: Sequence[str], claim: bool = True) -> _Answer:
    """Draw the job's charts in ``order`` (claimed); return the answer to send back.

    Errors propagate: :func:`_answer_for` turns them into the ``("error", ...)`` answer.
    """
    import warnings

    from huaian_forecast.report.chart_files import draw_chart_files
    from huaian_forecast.report.fonts import chart_language

    folder, first, assessments, history, tornado, lang = job
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        chart_lang, font = chart_language(lang)  # type: ignore[arg-type]
        n_charts = draw_chart_files(folder, first, assessments, history,  # type: ignore[arg-type]
                                    tornado, chart_lang, font, order=order, claim=claim)
    return ("ok", n_charts, [(str(w.message), w.category) for w in caught])


def _dumps(answer: _Answer) -> bytes:
    import pickle

    try:
        return pickle.dumps(answer)
    except Exception:  # an exception that does not pickle: its text does
        return pickle.dumps(("error", RuntimeError(repr(answer[1])), str(answer[-1])))


def _fork_copy() -> tuple[int, int, int] | None:
    """Fork a copy of this ready process (Linux, 2+ cores): it will draw half the charts.

    Returns ``(pid, job_pipe, answer_pipe)`` in this process, where ``job_pipe`` takes
    the job's bytes for the copy and ``answer_pipe`` brings its answer back; ``None``
    where it cannot fork. The copy itself never returns: it waits for the job on its
    pipe (EOF, if this process ends without one, makes it leave), draws from the last
    chart backwards, answers and exits. It is forked before the job arrives, while the
    caller still simulates, so its start costs no time the charts wait for.
    """
    if not _can_fork():
        return None
    job_read, job_write = os.pipe()
    answer_read, answer_write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the copy
        try:
            os.close(job_write)
            os.close(answer_read)
            devnull = os.open(os.devnull, os.O_RDWR)
            os.dup2(devnull, 0)  # the caller's pipes are the first process's alone
            os.dup2(devnull, 1)
            with os.fdopen(job_read, "rb") as pipe:
                raw = pipe.read()
            if raw:
                answer = _answer_for(raw, backwards=True)
                with os.fdopen(answer_write, "wb") as pipe:
                    pipe.write(_dumps(answer))
        finally:
            os._exit(0)
    os.close(job_read)
    os.close(answer_write)
    return pid, job_write, answer_read


def _answer_for(raw: bytes, backwards: bool = False, skip: int = 0) -> _Answer:
    """Unpickle a job and draw its charts (claimed), first to last or last to first.

    ``skip > 0``: draw the charts after the first ``skip`` again, unclaimed (overwriting
    what a forked copy that ended without answering had claimed).
    """
    import pickle

    from huaian_forecast.report.chart_files import chart_names

    try:
        job = pickle.loads(raw)
        names = chart_names(job[1].indicators, job[4])
        if skip:
            return _draw(job, names[skip:], claim=False)
        return _draw(job, names[::-1] if backwards else names)
    except BaseException as error:
        import traceback

        return ("error", error, traceback.format_exc())


def _with_copy(copy: tuple[int, int, int], raw: bytes) -> _Answer:
    """Hand the job to the forked copy, draw this process's share, merge the answers."""
    import pickle

    pid, job_pipe, answer_pipe = copy
    try:
        with os.fdopen(job_pipe, "wb") as pipe:
            pipe.write(raw)
        handed = True
    except BrokenPipeError:  # the copy died before the job: it claimed nothing
        handed = False
    mine = _answer_for(raw)
    with os.fdopen(answer_pipe, "rb") as pipe:
        got = pipe.read()
    _, status = os.waitpid(pid, 0)
    if not handed:  # this process drew every chart
        return mine
    try:
        theirs: _Answer = pickle.loads(got)
    except Exception:  # it ended without answering (killed, crashed): draw its share here
        if mine[0] != "ok":
            return mine
        theirs = _answer_for(raw, skip=int(mine[1]))  # type: ignore[call-overload]
        if theirs[0] == "ok":
            theirs[2].append((  # type: ignore[attr-defined]
                f"the forked chart process ended without answering ({_ending(status)}); "
                f"its {theirs[1]} chart(s) were drawn again", RuntimeWarning))
    for answer in (mine, theirs):
        if answer[0] != "ok":
            return answer
    return ("ok", int(mine[1]) + int(theirs[1]),  # type: ignore[call-overload]
            [*mine[2], *theirs[2]])  # type: ignore[misc]


def _ending(status: int) -> str:
    """How a process ended, from its ``waitpid`` status."""
    if os.WIFSIGNALED(status):
        import signal

        return f"stopped by {signal.Signals(os.WTERMSIG(status)).name}"
    return f"exit code {os.waitstatus_to_exitcode(status)}"


def serve_one_job() -> None:
    """Read one drawing job from stdin, draw it, write the outcome to stdout (the child's side).

    The job is the pickled arguments of :meth:`ChartProcess.draw`; the label language is
    resolved here (:func:`~huaian_forecast.report.fonts.chart_language`, so the caller
    need not import matplotlib's font manager), and the warnings raised while drawing go
    back with the answer: a pickled ``("ok", n_charts, warnings)`` or ``("error",
    exception, traceback_text)``.
    """
    import gc

    gc.set_threshold(20_000, 50, 1_000)  # a one-job process (see cli.main)
    _warm_up()  # while the caller still simulates
    copy = _fork_copy()
    raw = sys.stdin.buffer.read()
    answer = _answer_for(raw) if copy is None else _with_copy(copy, raw)
    sys.stdout.buffer.write(_dumps(answer))
    sys.stdout.flush()
    gc.freeze()  # the interpreter's last collection would walk every live object


def _send(stdin: IO[bytes], job: bytes) -> None:
    """Write a job to the chart process and close its stdin."""
    try:
        with stdin:
            stdin.write(job)
    except BrokenPipeError:  # the child died already: ChartDrawing.result says how
        pass


#: Signals that stop a chart process from outside (the out-of-memory killer, a shutdown,
#: a closed terminal): a ChildProcessError saying so. A crash (SIGSEGV, SIGABRT ...) stays
#: a RuntimeError with the process's last words, a fault to report.
_OUTSIDE_SIGNALS = frozenset({9, 15, 1})  # SIGKILL, SIGTERM, SIGHUP (same on Linux/macOS)


def _killed_message(signal_number: int) -> str:
    """Say which signal stopped the chart process, and what SIGKILL usually means."""
    import signal

    name = signal.Signals(signal_number).name
    why = (" (on Linux usually the out-of-memory killer: free memory, or use fewer paths)"
           if name == "SIGKILL" else "")
    return f"the chart process was stopped by {name}{why}; no file was written"


class ChartDrawing:
    """The charts being drawn by a :class:`ChartProcess` (see :meth:`ChartProcess.draw`)."""

    def __init__(self, child: subprocess.Popen[bytes], sender: threading.Thread,
                 n_charts: int) -> None:
        self._child = child
        self._sender = sender
        self._n_charts = n_charts
        self._answer: tuple[bytes, bytes] | None = None

    def wait(self) -> None:
        """Wait until the chart process has finished (whatever the outcome)."""
        if self._answer is None:
            try:
                answer = self._child.communicate()  # drains stderr while the job is sent
            except BaseException:  # Ctrl-C (it reaches the chart processes too): the
                # caller is about to remove their folder; let them end first (a second
                # Ctrl-C gives up)
                self._answer = self._child.communicate()
                raise
            self._sender.join()  # at once: the child read the whole job before answering
            self._answer = answer

    def result(self) -> int:
        """Return the number of charts written, or raise the chart process's error.

        The warnings the chart process raised while drawing are raised here again (each
        distinct one once).
        """
        import pickle
        import warnings

        self.wait()
        assert self._answer is not None
        out, err = self._answer
        try:
            answer = pickle.loads(out)
        except Exception as error:
            code = self._child.returncode
            if code is not None and -code in _OUTSIDE_SIGNALS:  # stopped from outside
                raise ChildProcessError(_killed_message(-code)) from error
            tail = err.decode("utf-8", "replace").strip().splitlines()[-3:]
            raise RuntimeError("the chart process ended without drawing the charts "
                               f"(exit code {code}): " + " / ".join(tail)) from error
        if answer[0] != "ok":
            raise answer[1]
        for message, category in dict.fromkeys(answer[2]):
            warnings.warn(message, category, stacklevel=2)  # e.g. MissingCJKFontWarning
        if answer[1] != self._n_charts:  # a chart claimed by nobody
            raise RuntimeError(f"the chart process drew {answer[1]} of {self._n_charts} "
                               "charts")
        return int(answer[1])


class ChartProcess:
    """A second process that draws a report's charts while the caller writes the rest.

    It starts at once and gets ready (imports, font, a throw-away chart) while the
    caller works; pass it to :func:`~huaian_forecast.report.write_report` as
    ``chart_process=``. It draws one report. Use it as a context manager: on exit it
    waits for its work, or stops the process if nothing was asked of it. See the module
    docstring for how it shares the charts between two processes on Linux.

    Raises
    ------
    OSError
        When the process cannot be started.

    Examples
    --------
    >>> with ChartProcess() as charts:  # doctest: +SKIP
    ...     projections = [hf.simulate(s) for s in ("baseline", "plan_2024")]
    ...     write_report("out/", projections, chart_process=charts)
    """

    def __init__(self) -> None:
        self._child = subprocess.Popen([sys.executable, "-c", _CHILD], env=child_env(),
                                       stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                       stderr=subprocess.PIPE)
        self._drawing: ChartDrawing | None = None

    def draw(self, folder: Path, first: Projection, assessments: dict[str, pd.DataFrame],
             history: pd.DataFrame, tornado: pd.DataFrame | None,
             lang: Lang) -> ChartDrawing:
        """Start drawing the charts into ``folder`` (see ``chart_files.draw_chart_files``).

        ``lang`` is the language asked for: the chart process resolves it with
        :func:`~huaian_forecast.report.fonts.chart_language` (English labels and one
        :class:`~huaian_forecast.report.fonts.MissingCJKFontWarning`, raised again by
        :meth:`ChartDrawing.result`, when it finds no CJK font).
        """
        import pickle

        from huaian_forecast.report.chart_files import chart_names

        if self._drawing is not None:
            raise RuntimeError("a ChartProcess draws one report; start another for the next")
        job = pickle.dumps((folder, first, assessments, history, tornado, lang),
                           protocol=pickle.HIGHEST_PROTOCOL)
        stdin, self._child.stdin = self._child.stdin, None  # communicate() reads only
        assert stdin is not None
        # sent from a thread: the child reads it only once it is ready, and the caller
        # goes on writing the tables meanwhile
        sender = threading.Thread(target=_send, args=(stdin, job), name="chart-job",
                                  daemon=True)
        sender.start()
        self._drawing = ChartDrawing(self._child, sender,
                                     len(chart_names(first.indicators, tornado)))
        return self._drawing

    def close(self) -> None:
        """Wait for the drawing asked for, or stop the process if none was."""
        if self._drawing is not None:
            self._drawing.wait()
        else:
            self._child.kill()
            self._child.communicate()

    def __enter__(self) -> ChartProcess:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self.close()
