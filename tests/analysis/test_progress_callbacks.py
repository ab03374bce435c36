"""Sweeps report each finished simulation through ``progress`` (for the CLI's bars)."""

from __future__ import annotations

import io

import huaian_forecast as hf
from huaian_forecast.analysis.sensitivity import factor_ranges
from huaian_forecast.cli.progress import ProgressBar


def _counter() -> tuple[list[int], object]:
    calls: list[int] = []
    return calls, calls.append


def test_compare_reports_one_step_per_scenario(targets):
    calls, cb = _counter()
    hf.compare(["baseline", "plan_2024", "accelerated"], targets, n_paths=50, progress=cb)
    assert calls == [1, 1, 1]


def test_tornado_reports_every_run(targets):
    calls, cb = _counter()
    chosen = targets[targets["year"] == 2030]
    hf.tornado("baseline", chosen, factors="levers", n_paths=50, progress=cb)
    assert len(calls) == 1 + 2 * len(factor_ranges("baseline", "levers"))


def test_required_lever_reports_grid_and_bisection():
    calls, cb = _counter()
    # 2,000 in 2030: the baseline (flows growing at the calibrated trend) is below 0.8
    t = hf.Target(indicator="hte_count", year=2030, threshold=2000.0)
    sol = hf.required_lever("baseline", "first_time_applications", t, 0.8, n_paths=200,
                            n_grid=5, n_bisect=3, progress=cb)
    # grid and bisection on whole numbers of applications: no run after the search
    assert len(calls) == len(sol.curve) == 5 + 3
    assert sol.value.is_integer()


def test_progress_bar_as_callback_draws_to_a_terminal():
    out = io.StringIO()
    with ProgressBar(3, label="runs", stream=out, enabled=True) as bar:
        hf.compare(["baseline", "plan_2024", "accelerated"], hf.load_targets(), n_paths=50,
                   progress=bar.advance)
    assert out.getvalue().rstrip().endswith("3/3")
