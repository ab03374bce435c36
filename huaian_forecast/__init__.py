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

import importlib
from typing import TYPE_CHECKING, Any

# The public names are re-exported lazily (PEP 562): ``import huaian_forecast`` imports
# neither pandas nor scipy; the first use of a name imports the module that defines it.
# Type checkers see the ordinary imports below.
if TYPE_CHECKING:
    from huaian_forecast.analysis.compare import compare
    from huaian_forecast.analysis.frontier import frontier
    from huaian_forecast.analysis.pace import NowcastResult, nowcast, pace, pace_table
    from huaian_forecast.analysis.sensitivity import sobol, tornado
    from huaian_forecast.analysis.solver import LeverSolution, rank_levers, required_lever
    from huaian_forecast.analysis.spread import model_spread
    from huaian_forecast.assessment import Target, assess
    from huaian_forecast.data import load_history, load_targets
    from huaian_forecast.exceptions import (
        ArgumentError,
        ConvergenceWarning,
        DataError,
        FitError,
        HuaianForecastError,
        ScenarioError,
    )
    from huaian_forecast.growth import GrowthFit, fit_growth
    from huaian_forecast.growth.backtest import backtest
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
    "frontier",
    "get_indicator",
    "list_scenarios",
    "load_history",
    "load_scenario",
    "load_targets",
    "model_spread",
    "nowcast",
    "pace",
    "pace_table",
    "rank_levers",
    "required_lever",
    "simulate",
    "sobol",
    "tornado",
]

#: Where each public name is defined (imported on first use).
_HOME: dict[str, str] = {
    "compare": "huaian_forecast.analysis.compare",
    "frontier": "huaian_forecast.analysis.frontier",
    "NowcastResult": "huaian_forecast.analysis.pace",
    "nowcast": "huaian_forecast.analysis.pace",
    "pace": "huaian_forecast.analysis.pace",
    "pace_table": "huaian_forecast.analysis.pace",
    "sobol": "huaian_forecast.analysis.sensitivity",
    "tornado": "huaian_forecast.analysis.sensitivity",
    "LeverSolution": "huaian_forecast.analysis.solver",
    "rank_levers": "huaian_forecast.analysis.solver",
    "required_lever": "huaian_forecast.analysis.solver",
    "model_spread": "huaian_forecast.analysis.spread",
    "load_history": "huaian_forecast.data",
    "load_targets": "huaian_forecast.data",
    "backtest": "huaian_forecast.growth.backtest",
    "ArgumentError": "huaian_forecast.exceptions",
    "ConvergenceWarning": "huaian_forecast.exceptions",
    "DataError": "huaian_forecast.exceptions",
    "FitError": "huaian_forecast.exceptions",
    "HuaianForecastError": "huaian_forecast.exceptions",
    "ScenarioError": "huaian_forecast.exceptions",
    "GrowthFit": "huaian_forecast.growth",
    "fit_growth": "huaian_forecast.growth",
    "INDICATORS": "huaian_forecast.indicators",
    "Indicator": "huaian_forecast.indicators",
    "get_indicator": "huaian_forecast.indicators",
    "LEVERS": "huaian_forecast.scenarios",
    "Lever": "huaian_forecast.scenarios",
    "Scenario": "huaian_forecast.scenarios",
    "UNCERTAINTIES": "huaian_forecast.scenarios",
    "Uncertainty": "huaian_forecast.scenarios",
    "list_scenarios": "huaian_forecast.scenarios",
    "load_scenario": "huaian_forecast.scenarios",
    "Projection": "huaian_forecast.simulation",
    "simulate": "huaian_forecast.simulation",
    "Target": "huaian_forecast.assessment",
    "assess": "huaian_forecast.assessment",
}


def __getattr__(name: str) -> Any:
    module = _HOME.get(name)
    if module is None:
        raise AttributeError(f"module 'huaian_forecast' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # later look-ups skip __getattr__
    return value


def __dir__() -> list[str]:
    return list(__all__)
