"""Stage 7, analysis: sweeps over scenarios and levers, and year-to-date pace.

Every sweep runs simulations through :mod:`.sweep` (common random numbers, one history
and one memo per sweep, any executor): :func:`compare` (scenarios side by side),
:func:`tornado` and :func:`sobol` (sensitivity), :func:`required_lever` and
:func:`rank_levers` (how much of a lever, at what cost), :func:`frontier` (which
combinations of two levers reach a target); :func:`model_spread` (the growth
families' view of the same targets); :func:`pace` / :func:`nowcast` (序时进度 from
year-to-date figures). The progress-label rules live in :mod:`huaian_forecast.assessment`
and are re-exported here for compatibility.
"""

from __future__ import annotations

from huaian_forecast.analysis.compare import compare
from huaian_forecast.analysis.frontier import frontier, frontier_points
from huaian_forecast.analysis.pace import (
    NowcastResult,
    elapsed_share,
    nowcast,
    pace,
    pace_table,
)
from huaian_forecast.analysis.sensitivity import factor_ranges, sobol, tornado
from huaian_forecast.analysis.solver import LeverSolution, rank_levers, required_lever
from huaian_forecast.analysis.spread import model_spread, with_model_spread
from huaian_forecast.assessment import cagr, progress_label, required_growth, years_behind

__all__ = [
    "LeverSolution",
    "NowcastResult",
    "cagr",
    "compare",
    "elapsed_share",
    "factor_ranges",
    "frontier",
    "frontier_points",
    "model_spread",
    "nowcast",
    "pace",
    "pace_table",
    "progress_label",
    "rank_levers",
    "required_growth",
    "required_lever",
    "sobol",
    "tornado",
    "with_model_spread",
    "years_behind",
]
