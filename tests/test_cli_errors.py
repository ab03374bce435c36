"""The CLI never shows a traceback: user errors are one line and exit 2, bugs exit 1."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import huaian_forecast.analysis

BAD = Path(__file__).parent / "data" / "bad"
#: Subprocesses import the package of this checkout, not whichever one is installed.
ENV = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}


def _boom(*args: object, **kwargs: object) -> None:
    raise RuntimeError("injected failure\nwith a second line")


def test_internal_error_exits_1_and_asks_for_a_bug_report(monkeypatch: pytest.MonkeyPatch,
                                                         run_cli):
    monkeypatch.setattr(huaian_forecast.analysis, "planner_assessment", _boom)
    code, out, err = run_cli("assess", "--n-paths", "50")
    assert (code, out) == (1, "")
    assert err.count("\n") == 1
    assert err.startswith("huaian-forecast: internal error: RuntimeError: injected failure "
                          "with a second line.")
    assert "This is a bug; please report it" in err
    assert "Traceback" not in err


def test_internal_error_in_the_loader_is_not_a_user_error(monkeypatch: pytest.MonkeyPatch,
                                                         run_cli):
    import huaian_forecast.data

    monkeypatch.setattr(huaian_forecast.data, "load_targets",
                        lambda *a, **k: {}["no such key"])
    code, _, err = run_cli("assess", "--n-paths", "50")
    assert code == 1
    assert "internal error: KeyError" in err


@pytest.mark.parametrize(("argv", "fragment"), [
    (["assess", "--data", "does/not/exist.csv"], r"does/not/exist\.csv: file not found"),
    (["assess", "--targets", str(BAD / "targets_conflicting.csv")], "conflicting values"),
    (["assess", "--data", str(BAD / "empty.csv")], r"empty\.csv: the file is empty"),
    (["assess", "--n-paths", "0"], "n_paths"),
    (["assess", "--scenario", "no_such_scenario"], "no_such_scenario"),
    (["assess", "--format", "xml"], r"invalid choice: 'xml'"),
    (["assess", "--seed", "abc"], r"invalid int value: 'abc'"),
    (["assess", "--no-such-option"], r"unrecognized arguments: --no-such-option"),
    (["frobnicate"], r"invalid choice: 'frobnicate'"),
], ids=["missing-file", "bad-targets", "empty-file", "zero-paths", "unknown-scenario",
        "bad-format", "bad-seed", "bad-option", "bad-command"])
def test_user_error_is_one_line_and_exit_2(run_cli,
                                           argv: list[str], fragment: str):
    code, out, err = run_cli(*argv)
    assert (code, out) == (2, "")
    assert err.count("\n") == 1, err
    assert err.startswith("huaian-forecast")
    assert ": error: " in err
    assert re.search(fragment, err), err


def test_subprocess_internal_error_shows_no_traceback(tmp_path: Path):
    code = ("import huaian_forecast.assessment as t\n"
            "def boom(*a, **k):\n    raise ZeroDivisionError('injected')\n"
            "t.assess = boom\n"
            "from huaian_forecast.cli.main import main\n"
            "raise SystemExit(main(['assess', '--n-paths', '50']))\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            encoding="utf-8", cwd=tmp_path, timeout=120, check=False,
                            env=ENV)
    assert result.returncode == 1
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1
    assert "please report it" in result.stderr


def test_console_script_user_error_shows_no_traceback(tmp_path: Path):
    result = subprocess.run(
        [sys.executable, "-m", "huaian_forecast", "assess", "--data",
         str(BAD / "big5.csv"), "--format", "json"],
        capture_output=True, text=True, encoding="utf-8", cwd=tmp_path, timeout=120, env=ENV,
        check=False)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr.count("\n") == 1
    assert "big5.csv, row 1: the file is neither UTF-8 nor plausible GB18030" in result.stderr


KILL_AFTER_TWO_FILES = """
import os, signal, sys
import huaian_forecast.cli.progress as progress
from huaian_forecast.cli.main import main

# a process started from a background job inherits SIGINT as ignored; restore Python's
# handler so the interrupt below behaves as a planner's Ctrl-C does
signal.signal(signal.SIGINT, signal.default_int_handler)

def call(self, done, total=None):
    if done >= 2:  # two report files are written into the staging folder: stop here
        os.kill(os.getpid(), getattr(signal, sys.argv[2]))
progress.ProgressBar.__call__ = call
raise SystemExit(main(["report", "--out", sys.argv[1], "--n-paths", "200",
                       "--scenario", "baseline", "--lang", "en"]))
"""


@pytest.mark.slow
@pytest.mark.parametrize(("sig", "code"), [("SIGKILL", -9), ("SIGINT", 130)])
def test_report_killed_midway_leaves_no_output(tmp_path: Path, sig: str, code: int):
    out = tmp_path / "out"
    result = subprocess.run([sys.executable, "-c", KILL_AFTER_TWO_FILES, str(out), sig],
                            capture_output=True, text=True, encoding="utf-8", cwd=tmp_path,
                            env=ENV,
                            timeout=300, check=False)
    assert result.returncode == code, result.stderr
    assert "Traceback" not in result.stderr
    if sig == "SIGKILL":  # killed midway indeed: two files were staged, none published
        visible = [p.name for p in out.iterdir() if not p.name.startswith(".hf-tmp-")]
        assert visible == []
        assert len([f for d in out.glob(".hf-tmp-*") for f in d.iterdir()]) >= 2
    if sig == "SIGINT":  # an interrupt cleans up its staging folder, and the folder it made
        assert not out.exists()
        assert result.stderr.strip().endswith("huaian-forecast: interrupted")


def test_error_lines_escape_bidi_marks_and_line_separators():
    from huaian_forecast.cli.main import _one_line

    line = _one_line("name\u200e\u061c x\u2028y\ufeff \x1b[31m")
    assert line == "name\\u200e\\u061c x\\u2028y\\ufeff \\u001b[31m"
