"""Stage 7, analysis: sweeps over scenarios and levers, and year-to-date pace.

Every sweep runs simulations through :mod:`.sweep` (common random numbers, one history
and one memo per sweep, any executor): :func:`compare` (scenarios side by side),
:func:`tornado` and :func:`sobol` (sensitivity), :func:`required_lever` and
:func:`rank_levers` (how much of a lever, at what cost), :func:`frontier` (which
combinations of two levers reach a target); :func:`model_spread` (the growth families'
view of the same targets); :func:`pace_table` (序时进度 and nowcast of a year-to-date
file); :func:`backtest` (growth methods and the scenario model, with honest width);
:func:`planner_assessment` (what ``assess`` prints; :func:`planner_assessments` for several
scenarios, the report's). The progress-label rules,
:func:`pace` and :func:`nowcast` live in :mod:`huaian_forecast.assessment` and are
re-exported here.
"""

from __future__ import annotations

from huaian_forecast.analysis.backtest import (
    HONEST_WIDTH_SERIES,
    SCENARIO_METHOD,
    backtest,
    backtest_forecasts,
    calibration_factors,
    honest_width_factors,
)
from huaian_forecast.analysis.calibration import widen, widen_projection, width_factors
from huaian_forecast.analysis.compare import compare
from huaian_forecast.analysis.frontier import frontier, frontier_points
from huaian_forecast.analysis.headline import (
    check_same_ytd,
    join_model_spread,
    planner_assessment,
    planner_assessments,
    status_quo_assessment,
    year_to_date_table,
)
from huaian_forecast.analysis.lever_search import SEARCH_GRID
from huaian_forecast.analysis.ranking import rank_levers
from huaian_forecast.analysis.sensitivity import factor_ranges, sobol, tornado
from huaian_forecast.analysis.solver import LeverSolution, required_lever, search_runs
from huaian_forecast.analysis.spread import (
    STATUS_QUO_ONLY,
    WITH_LEVERS_EFFECT,
    changes_levers,
    is_status_quo,
    model_spread,
    status_quo_of,
    with_model_spread,
)
from huaian_forecast.analysis.sweep import check_unique_scenarios
from huaian_forecast.analysis.ytd import pace_table, target_nowcast
from huaian_forecast.assessment import (
    SEASONAL_PRIORS,
    NowcastResult,
    cagr,
    elapsed_share,
    nowcast,
    pace,
    progress_label,
    required_growth,
    with_nowcast,
    years_behind,
)

__all__ = [
    "HONEST_WIDTH_SERIES",
    "SCENARIO_METHOD",
    "SEARCH_GRID",
    "SEASONAL_PRIORS",
    "STATUS_QUO_ONLY",
    "WITH_LEVERS_EFFECT",
    "LeverSolution",
    "NowcastResult",
    "backtest",
    "backtest_forecasts",
    "cagr",
    "calibration_factors",
    "changes_levers",
    "check_same_ytd",
    "check_unique_scenarios",
    "compare",
    "elapsed_share",
    "factor_ranges",
    "frontier",
    "frontier_points",
    "honest_width_factors",
    "is_status_quo",
    "join_model_spread",
    "model_spread",
    "nowcast",
    "pace",
    "pace_table",
    "planner_assessment",
    "planner_assessments",
    "progress_label",
    "rank_levers",
    "required_growth",
    "required_lever",
    "search_runs",
    "sobol",
    "status_quo_assessment",
    "status_quo_of",
    "target_nowcast",
    "tornado",
    "widen",
    "widen_projection",
    "width_factors",
    "with_model_spread",
    "with_nowcast",
    "year_to_date_table",
    "years_behind",
]
