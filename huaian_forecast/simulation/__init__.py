"""Stage 5, simulation: Monte Carlo paths of every indicator -> :class:`Projection`.

:func:`simulate` runs the structural (lever-driven) models of a scenario, or the growth
fits (``method="trend"``), with common random numbers; :class:`RunSpec` holds the run
settings; :class:`SimulationMemo` is the explicit memo that the runs of a sweep share.

The names are re-exported lazily (PEP 562), as the package root does: a process that
only reads a :class:`Projection` (the report's chart process unpickling one) imports
``projection`` alone, not the models, the growth fits and scipy behind ``simulate``.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover - type checkers see the explicit re-exports
    from huaian_forecast.simulation._threads import usable_cores as usable_cores
    from huaian_forecast.simulation.memo import SimulationMemo as SimulationMemo
    from huaian_forecast.simulation.projection import Projection as Projection
    from huaian_forecast.simulation.runner import (
        MODELLED_INDICATORS as MODELLED_INDICATORS,
    )
    from huaian_forecast.simulation.runner import Method as Method
    from huaian_forecast.simulation.runner import simulate as simulate
    from huaian_forecast.simulation.runner import (
        simulated_indicators as simulated_indicators,
    )
    from huaian_forecast.simulation.settings import DEFAULT_RUN as DEFAULT_RUN
    from huaian_forecast.simulation.settings import (
        DEFAULT_START_YEAR as DEFAULT_START_YEAR,
    )
    from huaian_forecast.simulation.settings import Progress as Progress
    from huaian_forecast.simulation.settings import RunSpec as RunSpec

#: Public name -> the module of this package that defines it.
_HOME: dict[str, str] = {
    "SimulationMemo": "memo",
    "Projection": "projection",
    "MODELLED_INDICATORS": "runner",
    "Method": "runner",
    "simulate": "runner",
    "simulated_indicators": "runner",
    "DEFAULT_RUN": "settings",
    "DEFAULT_START_YEAR": "settings",
    "Progress": "settings",
    "RunSpec": "settings",
    "usable_cores": "_threads",
}

__all__ = sorted(_HOME)

#: The modules of this package, reachable as attributes as when ``__init__`` imported them.
_MODULES = frozenset({"bounds", "memo", "projection", "runner", "settings"})


def __getattr__(name: str) -> Any:
    if name in _MODULES:
        return importlib.import_module(f"{__name__}.{name}")
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{home}"), name)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_HOME})
