"""The house's style rules hold on every checkout: ruff (style, docstrings, complexity),
as configured in pyproject.toml.

CI runs it through this file, so a change that breaks it does not land; ruff is pinned to
a minor release in the ``test`` extra, so a new release's new rules cannot fail an
unchanged checkout. mypy stays in the development workflow (README): its verdict depends
on the type annotations shipped by numpy, pandas and matplotlib, whose new releases would
fail an unchanged checkout on a fresh machine.
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _run(*argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *argv], cwd=ROOT, capture_output=True,
                          text=True, timeout=300, check=False)


@pytest.mark.skipif(importlib.util.find_spec("ruff") is None,
                    reason="ruff not installed (pip install '.[test]')")
def test_ruff_is_clean():
    done = _run("ruff", "check", "--no-cache", "huaian_forecast", "tests", "benchmarks", "docs")
    assert done.returncode == 0, done.stdout + done.stderr
