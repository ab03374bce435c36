"""The chart process's robustness: a copy that dies, an interrupted wait, no fork."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys

import pytest

from huaian_forecast.report import chart_process
from huaian_forecast.report.chart_files import chart_names, draw_chart_files
from huaian_forecast.report.writer import planner_assessments

from .conftest import make_projection


def _job(folder, history_table, targets_table, lang="en"):
    projs = [make_projection("baseline"), make_projection("push", shift=60.0)]
    assessments = planner_assessments(projs, targets_table, history_table)
    return (folder, projs[0], assessments, history_table, None, lang)


def _dead_copy():
    """A forked copy that ended before the job: its pipes are closed, its pid is gone."""
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    job_read, job_write = os.pipe()
    answer_read, answer_write = os.pipe()
    os.close(job_read)
    os.close(answer_write)
    return child, (child.pid, job_write, answer_read)


def test_a_copy_that_died_before_the_job_leaves_all_charts_to_the_first(
        tmp_path, history_table, targets_table):
    """It claimed nothing: the first process draws every chart (no BrokenPipeError)."""
    job = _job(tmp_path, history_table, targets_table)
    child, copy = _dead_copy()
    try:
        answer = chart_process._with_copy(copy, pickle.dumps(job))
    finally:
        child.wait()  # reaped by _with_copy already: Popen takes it as ended
    assert answer[0] == "ok", answer
    names = chart_names(job[1].indicators, None)
    assert answer[1] == len(names)
    assert all((tmp_path / n).stat().st_size > 0 for n in names)


def test_without_fork_one_process_draws_the_same_bytes(tmp_path, history_table,
                                                       targets_table):
    """``_can_fork`` false (macOS, Windows, one core): claimed in one process, same files."""
    (tmp_path / "one").mkdir()
    (tmp_path / "plain").mkdir()
    job = _job(tmp_path / "one", history_table, targets_table)
    answer = chart_process._answer_for(pickle.dumps(job))
    assert answer[0] == "ok", answer
    _, first, assessments, history, tornado, _ = job
    draw_chart_files(tmp_path / "plain", first, assessments, history, tornado, "en", None)
    names = chart_names(first.indicators, None)
    assert answer[1] == len(names)
    for name in names:
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "plain" / name).read_bytes()


def test_an_interrupted_wait_lets_the_chart_process_end_first(
        tmp_path, history_table, targets_table, monkeypatch):
    """Ctrl-C while waiting: the caller removes the staging folder only once nothing draws."""
    job = _job(tmp_path, history_table, targets_table)
    with chart_process.ChartProcess() as process:
        drawing = process.draw(*job)
        real = process._child.communicate
        calls = []

        def interrupted_once(*args, **kwargs):
            calls.append(1)
            if len(calls) == 1:
                raise KeyboardInterrupt
            return real(*args, **kwargs)

        monkeypatch.setattr(process._child, "communicate", interrupted_once)
        with pytest.raises(KeyboardInterrupt):
            drawing.wait()
        assert process._child.returncode is not None  # ended: nothing writes any more


def test_a_chart_process_that_writes_much_to_stderr_before_reading_its_job_does_not_hang():
    """Its stderr is drained while the (large) job is still being sent."""
    import threading

    script = ("import pickle, sys; sys.stderr.write('x' * 200_000); sys.stderr.flush(); "
              "job = sys.stdin.buffer.read(); "
              "sys.stdout.buffer.write(pickle.dumps(('ok', len(job), [])))")
    child = subprocess.Popen([sys.executable, "-c", script], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    stdin, child.stdin = child.stdin, None
    sender = threading.Thread(target=chart_process._send, args=(stdin, b"j" * 200_000),
                              daemon=True)
    sender.start()
    drawing = chart_process.ChartDrawing(child, sender, 200_000)
    waiter = threading.Thread(target=drawing.wait, daemon=True)
    waiter.start()
    waiter.join(120)  # a guard against a deadlock, not a timing
    if waiter.is_alive():
        child.kill()
        pytest.fail("ChartDrawing.wait deadlocked: nobody read the child's stderr")
    assert drawing.result() == 200_000


def _answer_with_copy(job, after_taking_the_job: str):
    """``_with_copy`` with a stand-in copy that reads the job, then runs the given code."""
    job_read, job_write = os.pipe()
    answer_read, answer_write = os.pipe()
    script = f"import os, signal; os.fdopen({job_read}, 'rb').read(); {after_taking_the_job}"
    child = subprocess.Popen([sys.executable, "-c", script],
                             pass_fds=(job_read, answer_write))
    os.close(job_read)
    os.close(answer_write)
    try:
        return chart_process._with_copy((child.pid, job_write, answer_read),
                                        pickle.dumps(job))
    finally:
        child.wait()


@pytest.mark.parametrize(("after_taking_the_job", "how"), [
    ("os.kill(os.getpid(), signal.SIGKILL)", "stopped by SIGKILL"),  # the OOM killer
    ("", "exit code 0"),  # it ended without a word
])
def test_a_copy_that_ends_without_answering_has_its_charts_drawn_again(
        tmp_path, history_table, targets_table, after_taking_the_job, how):
    """It may have claimed charts it never drew (here the last one, left empty): the first
    process draws them again, and a warning says why; no report misses a chart."""
    job = _job(tmp_path, history_table, targets_table)
    names = chart_names(job[1].indicators, None)
    claim_last = f"os.close(os.open({str(tmp_path / names[-1])!r}, os.O_CREAT | os.O_WRONLY))"
    answer = _answer_with_copy(job, f"{claim_last}; {after_taking_the_job}")
    assert answer[0] == "ok", answer
    assert answer[1] == len(names)
    assert all((tmp_path / n).stat().st_size > 0 for n in names)
    (message, category), = [w for w in answer[2] if "drawn again" in w[0]]
    assert how in message
    assert category is RuntimeWarning


def test_a_chart_process_that_crashes_is_still_a_fault_to_report(tmp_path, history_table,
                                                                 targets_table):
    """SIGSEGV is a crash, not the machine stopping us: a RuntimeError with the exit code."""
    import signal

    job = _job(tmp_path, history_table, targets_table)
    with chart_process.ChartProcess() as process:
        process._child.send_signal(signal.SIGSEGV)
        process._child.wait()
        drawing = process.draw(*job)
        with pytest.raises(RuntimeError, match="ended without drawing"):
            drawing.result()


def test_the_chart_process_starts_openblas_with_one_thread(monkeypatch):
    """Drawing needs no BLAS threads; their start would spin CPU the caller needs."""
    from huaian_forecast.report.chart_process import child_env

    monkeypatch.delenv("OPENBLAS_NUM_THREADS", raising=False)
    assert child_env()["OPENBLAS_NUM_THREADS"] == "1"
    monkeypatch.setenv("OPENBLAS_NUM_THREADS", "4")  # the caller's own setting is kept
    assert child_env()["OPENBLAS_NUM_THREADS"] == "4"
