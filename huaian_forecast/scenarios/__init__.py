"""Stage 2, scenarios: levers, uncertainties and scenarios (stored as TOML).

A :class:`Lever` is a policy the bureau sets, an :class:`Uncertainty` what nobody
controls; a :class:`Scenario` is a name plus lever settings and uncertainty overrides.
The lever and uncertainty tables are data (``data/levers.toml``), turned into objects
by ``_parameters``; the built-in scenarios are ``data/scenarios/*.toml``.
"""

from __future__ import annotations

from huaian_forecast.scenarios._checks import OPEN_LIMITS, open_limits_missed
from huaian_forecast.scenarios._parameters import LEVER_NAMES, lever_by_name
from huaian_forecast.scenarios.scenario import (
    LEVERS,
    UNCERTAINTIES,
    Distribution,
    Lever,
    Scenario,
    Uncertainty,
    lever_table,
    list_scenarios,
    load_scenario,
    uncertainty_table,
)

__all__ = [
    "LEVERS",
    "LEVER_NAMES",
    "OPEN_LIMITS",
    "UNCERTAINTIES",
    "Distribution",
    "Lever",
    "Scenario",
    "Uncertainty",
    "lever_by_name",
    "lever_table",
    "list_scenarios",
    "load_scenario",
    "open_limits_missed",
    "uncertainty_table",
]
