"""Will Huai'an reach its science-and-technology targets? (huaian_forecast).

Scenario forecasting for the targets of the Huai'an Science & Technology Bureau
(淮安市科技局): load history, fit growth models, simulate policy scenarios and assess the
probability of reaching each target.

Examples
--------
>>> import huaian_forecast as hf
>>> proj = hf.simulate("baseline", n_paths=1_000, seed=1)
>>> table = hf.assess(proj, hf.load_targets())
>>> {"indicator", "year", "threshold", "p_reach"} <= set(table.columns)
True
"""

from __future__ import annotations

from huaian_forecast.analysis.compare import compare
from huaian_forecast.analysis.pace import NowcastResult, nowcast, pace, pace_table
from huaian_forecast.analysis.sensitivity import sobol, tornado
from huaian_forecast.analysis.solver import LeverSolution, rank_levers, required_lever
from huaian_forecast.data import load_history, load_targets
from huaian_forecast.evaluation import backtest
from huaian_forecast.exceptions import (
    ArgumentError,
    ConvergenceWarning,
    DataError,
    FitError,
    HuaianForecastError,
    ScenarioError,
)
from huaian_forecast.growth import GrowthFit, fit_growth
from huaian_forecast.indicators import INDICATORS, Indicator, get_indicator
from huaian_forecast.scenarios import (
    LEVERS,
    UNCERTAINTIES,
    Lever,
    Scenario,
    Uncertainty,
    list_scenarios,
    load_scenario,
)
from huaian_forecast.simulation import Projection, simulate
from huaian_forecast.targets import Target, assess

__version__ = "0.1.0"

__all__ = [
    "INDICATORS",
    "LEVERS",
    "UNCERTAINTIES",
    "ArgumentError",
    "ConvergenceWarning",
    "DataError",
    "FitError",
    "GrowthFit",
    "HuaianForecastError",
    "Indicator",
    "Lever",
    "LeverSolution",
    "NowcastResult",
    "Projection",
    "Scenario",
    "ScenarioError",
    "Target",
    "Uncertainty",
    "__version__",
    "assess",
    "backtest",
    "compare",
    "fit_growth",
    "get_indicator",
    "list_scenarios",
    "load_history",
    "load_scenario",
    "load_targets",
    "nowcast",
    "pace",
    "pace_table",
    "rank_levers",
    "required_lever",
    "simulate",
    "sobol",
    "tornado",
]
