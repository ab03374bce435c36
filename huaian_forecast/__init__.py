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
# Type checkers see the imports below (``name as name``: an explicit re-export).
if TYPE_CHECKING:
    from huaian_forecast.analysis.backtest import (
        backtest as backtest,
    )
    from huaian_forecast.analysis.backtest import (
        backtest_forecasts as backtest_forecasts,
    )
    from huaian_forecast.analysis.compare import (
        compare as compare,
    )
    from huaian_forecast.analysis.frontier import (
        frontier as frontier,
    )
    from huaian_forecast.analysis.ranking import (
        rank_levers as rank_levers,
    )
    from huaian_forecast.analysis.sensitivity import (
        sobol as sobol,
    )
    from huaian_forecast.analysis.sensitivity import (
        tornado as tornado,
    )
    from huaian_forecast.analysis.solver import (
        LeverSolution as LeverSolution,
    )
    from huaian_forecast.analysis.solver import (
        required_lever as required_lever,
    )
    from huaian_forecast.analysis.spread import (
        model_spread as model_spread,
    )
    from huaian_forecast.analysis.ytd import (
        pace_table as pace_table,
    )
    from huaian_forecast.assessment import (
        NowcastResult as NowcastResult,
    )
    from huaian_forecast.assessment import (
        Target as Target,
    )
    from huaian_forecast.assessment import (
        assess as assess,
    )
    from huaian_forecast.assessment import (
        nowcast as nowcast,
    )
    from huaian_forecast.assessment import (
        pace as pace,
    )
    from huaian_forecast.data import (
        Limits as Limits,
    )
    from huaian_forecast.data import (
        load_history as load_history,
    )
    from huaian_forecast.data import (
        load_targets as load_targets,
    )
    from huaian_forecast.data import (
        load_ytd as load_ytd,
    )
    from huaian_forecast.exceptions import (
        ArgumentError as ArgumentError,
    )
    from huaian_forecast.exceptions import (
        ConvergenceWarning as ConvergenceWarning,
    )
    from huaian_forecast.exceptions import (
        DataError as DataError,
    )
    from huaian_forecast.exceptions import (
        DataWarning as DataWarning,
    )
    from huaian_forecast.exceptions import (
        FitError as FitError,
    )
    from huaian_forecast.exceptions import (
        HuaianForecastError as HuaianForecastError,
    )
    from huaian_forecast.exceptions import (
        ScenarioError as ScenarioError,
    )
    from huaian_forecast.growth import (
        GrowthFit as GrowthFit,
    )
    from huaian_forecast.growth import (
        fit_growth as fit_growth,
    )
    from huaian_forecast.indicators import (
        INDICATORS as INDICATORS,
    )
    from huaian_forecast.indicators import (
        Indicator as Indicator,
    )
    from huaian_forecast.indicators import (
        get_indicator as get_indicator,
    )
    from huaian_forecast.scenarios import (
        LEVERS as LEVERS,
    )
    from huaian_forecast.scenarios import (
        UNCERTAINTIES as UNCERTAINTIES,
    )
    from huaian_forecast.scenarios import (
        Lever as Lever,
    )
    from huaian_forecast.scenarios import (
        Scenario as Scenario,
    )
    from huaian_forecast.scenarios import (
        Uncertainty as Uncertainty,
    )
    from huaian_forecast.scenarios import (
        list_scenarios as list_scenarios,
    )
    from huaian_forecast.scenarios import (
        load_scenario as load_scenario,
    )
    from huaian_forecast.simulation import (
        Projection as Projection,
    )
    from huaian_forecast.simulation import (
        RunSpec as RunSpec,
    )
    from huaian_forecast.simulation import (
        SimulationMemo as SimulationMemo,
    )
    from huaian_forecast.simulation import (
        simulate as simulate,
    )

__version__ = "0.1.0"

#: Where each public name is defined: the one list of the public API (``__all__`` is
#: made from it). Each name is imported from its module on first use.
_HOME: dict[str, str] = {
    "backtest": "huaian_forecast.analysis.backtest",
    "backtest_forecasts": "huaian_forecast.analysis.backtest",
    "compare": "huaian_forecast.analysis.compare",
    "frontier": "huaian_forecast.analysis.frontier",
    "pace_table": "huaian_forecast.analysis.ytd",
    "sobol": "huaian_forecast.analysis.sensitivity",
    "tornado": "huaian_forecast.analysis.sensitivity",
    "LeverSolution": "huaian_forecast.analysis.solver",
    "rank_levers": "huaian_forecast.analysis.ranking",
    "required_lever": "huaian_forecast.analysis.solver",
    "model_spread": "huaian_forecast.analysis.spread",
    "assess": "huaian_forecast.assessment",
    "nowcast": "huaian_forecast.assessment",
    "NowcastResult": "huaian_forecast.assessment",
    "pace": "huaian_forecast.assessment",
    "Target": "huaian_forecast.assessment",
    "load_history": "huaian_forecast.data",
    "Limits": "huaian_forecast.data",
    "load_targets": "huaian_forecast.data",
    "load_ytd": "huaian_forecast.data",
    "ArgumentError": "huaian_forecast.exceptions",
    "ConvergenceWarning": "huaian_forecast.exceptions",
    "DataError": "huaian_forecast.exceptions",
    "DataWarning": "huaian_forecast.exceptions",
    "FitError": "huaian_forecast.exceptions",
    "HuaianForecastError": "huaian_forecast.exceptions",
    "ScenarioError": "huaian_forecast.exceptions",
    "fit_growth": "huaian_forecast.growth",
    "GrowthFit": "huaian_forecast.growth",
    "get_indicator": "huaian_forecast.indicators",
    "Indicator": "huaian_forecast.indicators",
    "INDICATORS": "huaian_forecast.indicators",
    "Lever": "huaian_forecast.scenarios",
    "LEVERS": "huaian_forecast.scenarios",
    "list_scenarios": "huaian_forecast.scenarios",
    "load_scenario": "huaian_forecast.scenarios",
    "Scenario": "huaian_forecast.scenarios",
    "UNCERTAINTIES": "huaian_forecast.scenarios",
    "Uncertainty": "huaian_forecast.scenarios",
    "Projection": "huaian_forecast.simulation",
    "RunSpec": "huaian_forecast.simulation",
    "simulate": "huaian_forecast.simulation",
    "SimulationMemo": "huaian_forecast.simulation",
}



def _isort_key(name: str) -> tuple[int, str]:
    # ruff's RUF022 order: CONSTANTS, then CamelCase, then the rest
    return (0 if name.isupper() else 1 if name[:1].isupper() else 2, name)


__all__ = sorted([*_HOME, "__version__"], key=_isort_key)


def __getattr__(name: str) -> Any:
    module = _HOME.get(name)
    if module is None:
        raise AttributeError(f"module 'huaian_forecast' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # later look-ups skip __getattr__
    return value


def __dir__() -> list[str]:
    return list(__all__)
