"""Build a small ``report.html`` with the CLI (shared by the HTML tests)."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import pandas as pd

import huaian_forecast as hf

MILESTONES = (2025, 2030, 2035)


def build_report(out_dir: Path, lang: str) -> Path:
    """Run ``huaian-forecast report`` (two scenarios, 300 paths) and return report.html."""
    from huaian_forecast.cli.main import main

    argv = ["report", "--out", str(out_dir), "--scenario", "baseline", "--scenario",
            "plan_2024", "--n-paths", "300", "--lang", lang]
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        assert main(argv) == 0
    return out_dir / "report.html"


def milestone_targets() -> pd.DataFrame:
    """Every 2025/2030/2035 target of the bundled targets table."""
    t = hf.load_targets()
    return t[t["year"].isin(MILESTONES)].reset_index(drop=True)
