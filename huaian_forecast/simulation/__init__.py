"""Stage 5, simulation: Monte Carlo paths of every indicator -> :class:`Projection`.

:func:`simulate` runs the structural (lever-driven) models of a scenario, or the growth
fits (``method="trend"``), with common random numbers; :class:`RunSpec` holds the run
settings; :class:`SimulationMemo` is the explicit memo that the runs of a sweep share.
"""

from __future__ import annotations

from huaian_forecast.simulation.memo import SimulationMemo
from huaian_forecast.simulation.projection import Projection
from huaian_forecast.simulation.runner import (
    MODELLED_INDICATORS,
    Method,
    simulate,
    simulated_indicators,
)
from huaian_forecast.simulation.settings import (
    DEFAULT_RUN,
    DEFAULT_START_YEAR,
    Progress,
    RunSpec,
)

__all__ = [
    "DEFAULT_RUN",
    "DEFAULT_START_YEAR",
    "MODELLED_INDICATORS",
    "Method",
    "Progress",
    "Projection",
    "RunSpec",
    "SimulationMemo",
    "simulate",
    "simulated_indicators",
]
