"""Policy analysis on top of projections: compare, sensitivity, required lever, pace.

The names are re-exported lazily (PEP 562) so that :mod:`huaian_forecast.targets` can use
:mod:`huaian_forecast.analysis.progress` without importing the simulation-driven modules,
which themselves use :func:`huaian_forecast.targets.assess`.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from huaian_forecast.analysis.compare import compare
    from huaian_forecast.analysis.pace import NowcastResult, nowcast, pace, pace_table
    from huaian_forecast.analysis.progress import (
        cagr,
        progress_label,
        required_growth,
        years_behind,
    )
    from huaian_forecast.analysis.sensitivity import sobol, tornado
    from huaian_forecast.analysis.solver import LeverSolution, rank_levers, required_lever
    from huaian_forecast.analysis.spread import model_spread, with_model_spread

__all__ = [
    "LeverSolution",
    "NowcastResult",
    "cagr",
    "compare",
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

_HOME = {
    "compare": "compare",
    "model_spread": "spread", "with_model_spread": "spread",
    "NowcastResult": "pace", "nowcast": "pace", "pace": "pace", "pace_table": "pace",
    "cagr": "progress", "progress_label": "progress", "required_growth": "progress",
    "years_behind": "progress",
    "sobol": "sensitivity", "tornado": "sensitivity",
    "LeverSolution": "solver", "rank_levers": "solver", "required_lever": "solver",
}


def __getattr__(name: str) -> Any:
    if name in _HOME:
        module = importlib.import_module(f"huaian_forecast.analysis.{_HOME[name]}")
        return getattr(module, name)
    raise AttributeError(f"module 'huaian_forecast.analysis' has no attribute {name!r}")
