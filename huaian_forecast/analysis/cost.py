"""What a lever setting costs a year: :func:`annual_cost` (used by the lever solver).

Kept apart from :mod:`huaian_forecast.analysis.solver`: pricing a lever is a question of
its own (which unit the cost is paid on, which costs cannot be computed), independent of
the search for the value that reaches a target.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

import numpy as np

from huaian_forecast.analysis.sweep import ScenarioLike
from huaian_forecast.exceptions import ScenarioError
from huaian_forecast.scenarios import LEVERS

__all__ = ["COST_NOT_COMPUTED", "NO_COST_DATA", "PAID_PER_SUCCESS", "annual_cost", "cost_basis",
           "lever_spec"]


def lever_spec(key: str) -> Any:
    """Return the registered Lever ``key``; ScenarioError naming the valid ones otherwise."""
    if key not in LEVERS:
        raise ScenarioError(f"unknown lever {key!r}; valid levers: {sorted(LEVERS)}")
    return LEVERS[key]


#: Levers whose unit cost is paid per *successful* unit, with the uncertainty holding the
#: success rate (percent): the expected number of paid units is value x rate. Read from
#: the lever registry (``Lever.paid_per_success`` / ``Lever.success_rate``, levers.toml).
PAID_PER_SUCCESS: Mapping[str, str] = MappingProxyType(
    {key: lev.success_rate for key, lev in LEVERS.items() if lev.success_rate})
#: Levers with a unit cost whose paid quantity is simulated, not a multiple of the lever.
COST_NOT_COMPUTED: dict[str, str] = {
    "recertification_support": "cost depends on the simulated number of expiring "
                               "certificates; not computed",
}


#: Note for a lever without a unit cost (its cost is NaN wherever it is priced).
NO_COST_DATA = "no cost data"


def cost_basis(scenario: ScenarioLike, lever: str) -> str:
    """Say what :func:`annual_cost` of ``lever`` is, where it is not the plain spend.

    Parameters
    ----------
    scenario : str, path or Scenario
        Scenario giving the success rate where the cost is paid per success.
    lever : str
        Lever key.

    Returns
    -------
    str
        For a lever paid per success (:data:`PAID_PER_SUCCESS`): "expected reward payout
        (paid per successful <what>, at a <rate> % pass rate)", ``<what>`` the lever's
        registered ``paid_per_success`` and ``<rate>`` the central value of the
        success-rate uncertainty in ``scenario``; :data:`NO_COST_DATA` without a unit
        cost; :data:`COST_NOT_COMPUTED`'s reason where the paid quantity is simulated; ""
        where the cost is the lever value times its unit cost.

    Examples
    --------
    >>> cost_basis("baseline", "first_time_applications")
    'expected reward payout (paid per successful first-time certification, at a 65 % pass rate)'
    >>> cost_basis("baseline", "rd_rewards")
    ''
    """
    from huaian_forecast.scenarios import load_scenario

    spec = lever_spec(lever)
    if spec.unit_cost_yuan is None:
        return NO_COST_DATA
    if lever in COST_NOT_COMPUTED:
        return COST_NOT_COMPUTED[lever]
    if lever not in PAID_PER_SUCCESS:
        return ""
    rate = load_scenario(scenario).uncertainty(PAID_PER_SUCCESS[lever]).default
    return (f"expected reward payout (paid per successful {spec.paid_per_success}, at a "
            f"{rate:g} % pass rate)")


def annual_cost(scenario: ScenarioLike, lever: str, value: float) -> float:
    """Return the expected annual cost in yuan of setting ``lever`` to ``value``.

    Parameters
    ----------
    scenario : str, path or Scenario
        Scenario giving the success rate where the cost is paid per success.
    lever : str
        Lever key.
    value : float
        Lever value in its unit.

    Returns
    -------
    float
        ``value * unit_cost`` for money-like levers; ``value * rate * unit_cost`` where the
        unit cost is paid per success (:data:`PAID_PER_SUCCESS`, ``rate`` the central value
        of the success-rate uncertainty); NaN without a unit cost or where the paid
        quantity is simulated (:data:`COST_NOT_COMPUTED`).

    Examples
    --------
    >>> annual_cost("baseline", "rd_rewards", 1.0)   # 1亿元 a year
    100000000.0
    >>> annual_cost("baseline", "first_time_applications", 100)   # 100 x 65 % x 500,000
    32500000.0
    """
    from huaian_forecast.scenarios import load_scenario

    spec = lever_spec(lever)
    if spec.unit_cost_yuan is None or lever in COST_NOT_COMPUTED or np.isnan(value):
        return float("nan")
    rate = 1.0
    if lever in PAID_PER_SUCCESS:
        rate = load_scenario(scenario).uncertainty(PAID_PER_SUCCESS[lever]).default / 100.0
    return float(value * rate * spec.unit_cost_yuan)
