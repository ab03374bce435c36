r"""The inverse question: how much of a lever reaches a target with probability p.

Notes
-----
Let :math:`p(v)` be the probability of meeting the target with lever value :math:`v`, all
else as in the scenario. Every :math:`v` is simulated with the *same* seed (common random
numbers), so :math:`\hat p(v)` is the share of the same paths that meet the target; when
the model is monotone in the lever, so is :math:`\hat p(v)` — no Monte Carlo noise can make
the curve wiggle and bisection is safe.

The search evaluates a grid of ``n_grid`` values over the lever's range ``[low, high]``
(the curve reported to the user; parallel on an executor), takes the first grid interval
where :math:`\hat p` reaches the requested ``p`` and bisects it. :func:`required_lever`
searches on the lever's lattice (:mod:`~huaian_forecast.analysis.lever_search`: whole
units of a count, three significant figures otherwise) and, by default, bisects until no
value of the lattice is left between the two that bracket the crossing: the answer is the
smallest value a planner can set with :math:`\hat p(v) \ge p`, simulated at that value
(never a rounded value that was not). With ``n_bisect`` steps instead, it is within
``(high - low) / ((n_grid - 1) 2^{n\_bisect})`` of it. ``LeverSolution.value_interpolated``
is the crossing interpolated between the answer and the value below it, not simulated. If
even ``high`` falls short, the target is *not reachable within range*.

With a unit cost :math:`c` (yuan per unit of the lever per year) the annual cost is
:math:`c v` (times the success rate where the cost is a reward per success, see
:func:`annual_cost`) and the extra cost is that over the scenario's own setting
:math:`v_0`. :func:`~huaian_forecast.analysis.ranking.rank_levers` orders levers by the
extra annual cost of raising :math:`p` by 0.1.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence
from concurrent.futures import Executor
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from huaian_forecast.analysis.cost import (
    COST_NOT_COMPUTED,
    PAID_PER_SUCCESS,
    annual_cost,
    cost_basis,
    lever_spec,
)
from huaian_forecast.analysis.lever_search import (
    SEARCH_GRID,
    bisection_bound,
    lever_step,
    lever_stepper,
    solve_monotone,
)
from huaian_forecast.analysis.sweep import (
    Outcome,
    Progress,
    ScenarioLike,
    Setting,
    run_settings,
    scenario_name,
    sweep_provenance,
    sweep_run,
    target_list,
)
from huaian_forecast.analysis.ytd import target_nowcast
from huaian_forecast.assessment import Target
from huaian_forecast.exceptions import ArgumentError
from huaian_forecast.simulation import DEFAULT_RUN, RunSpec

__all__ = [  # COST_NOT_COMPUTED, PAID_PER_SUCCESS and annual_cost live in analysis.cost
    "COST_NOT_COMPUTED",
    "PAID_PER_SUCCESS",
    "LeverSolution",
    "annual_cost",
    "required_lever",
    "search_runs",
    "solve_monotone",
]

_Z = 1.96  # normal quantile of a two-sided 95 % band


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class LeverSolution:
    """Result of :func:`required_lever`.

    Parameters
    ----------
    lever : str
        Lever key.
    scenario : str
        Scenario the other settings come from.
    target : Target
        The target.
    p : float
        Requested probability.
    value : float
        Smallest lever value found with ``p_reach >= p``, a value a planner can set (a
        whole number of a count lever, three significant figures otherwise: see
        :mod:`~huaian_forecast.analysis.lever_search`) and simulated itself; NaN if not
        reachable.
    p_reach : float
        Probability achieved at ``value`` (at ``high`` if not reachable).
    p_reach_se : float
        Its Monte Carlo standard error.
    reachable : bool
        Whether ``p`` is reached within ``[low, high]``.
    low, high : float
        The lever range searched.
    base_value : float
        The scenario's own setting of the lever.
    unit_cost_yuan : float or None
        Cost per unit of the lever per year, if known.
    annual_cost_yuan, extra_annual_cost_yuan : float
        Expected annual cost at ``value`` (:func:`annual_cost`) and its excess over the
        cost at ``base_value`` (NaN without a cost or when not reachable).
    curve : pandas.DataFrame
        The lever-to-probability curve: columns ``value, p_reach, p_reach_se``, sorted.
    note : str
        ``"not reachable within range [low, high]"``, ``"this lever does not move this
        target in the model"`` (``p_reach`` the same over the whole range within Monte
        Carlo error), ``"reached at the low end of the range"`` or a monotonicity warning;
        empty otherwise.
    cost_basis : str
        What the cost figures are where they are not the plain spend
        (:func:`~huaian_forecast.analysis.cost.cost_basis`), e.g. an expected reward
        payout at the central pass rate; empty otherwise.
    nowcast_p : float
        Where the target's year has year-to-date figures (the run's ``RunSpec.ytd``, else
        the bundled ones), the nowcast's ``p_reach``
        (:func:`~huaian_forecast.analysis.target_nowcast`: what ``assess`` and the report
        show, and no lever changes); the curve is the simulation without those figures,
        showing what the lever does in the model. NaN otherwise.
    provenance : dict
        Seed, paths, data hash, scenario, target's hash and package versions of the
        search (:func:`~huaian_forecast.data.result_provenance`); in :meth:`to_dict` too.
    value_interpolated : float
        Where ``p_reach`` crosses ``p``, interpolated linearly between ``value`` and the
        largest value searched below it (which falls short): ``value_interpolated <=
        value``. Not simulated, and not a value to set (it may be a fraction of a count):
        for programs that want the crossing. ``value`` at the low end of the range; NaN
        if not reachable.
    value_step : float
        The step ``value`` is set in (1 for a count; NaN if not reachable).
    """

    lever: str
    scenario: str
    target: Target
    p: float
    value: float
    p_reach: float
    p_reach_se: float
    reachable: bool
    low: float
    high: float
    base_value: float
    unit_cost_yuan: float | None
    annual_cost_yuan: float
    extra_annual_cost_yuan: float
    curve: pd.DataFrame
    note: str = ""
    cost_basis: str = ""
    nowcast_p: float = math.nan
    provenance: dict[str, Any] = field(default_factory=dict)
    value_interpolated: float = math.nan
    value_step: float = math.nan

    def __post_init__(self) -> None:
        if not 0 < self.p <= 1:
            raise ValueError(f"p must lie in (0, 1], got {self.p}")
        if self.reachable == bool(np.isnan(self.value)):
            raise ValueError("a reachable solution needs a value; an unreachable one has NaN")

    def to_dict(self) -> dict[str, Any]:
        """Plain fields for JSON (no curve), the target's tier too; ``provenance`` nested."""
        return {"lever": self.lever, "scenario": self.scenario,
                "indicator": self.target.indicator, "year": self.target.year,
                "threshold": self.target.threshold, "direction": self.target.direction,
                "tier": self.target.tier, "p": self.p, "value": self.value,
                "value_interpolated": self.value_interpolated, "value_step": self.value_step,
                "p_reach": self.p_reach, "p_reach_se": self.p_reach_se,
                "reachable": self.reachable, "low": self.low, "high": self.high,
                "base_value": self.base_value, "unit_cost_yuan": self.unit_cost_yuan,
                "annual_cost_yuan": self.annual_cost_yuan,
                "extra_annual_cost_yuan": self.extra_annual_cost_yuan, "note": self.note,
                "cost_basis": self.cost_basis, "nowcast_p": self.nowcast_p,
                "provenance": dict(self.provenance)}


def _base_value(scenario: ScenarioLike, lever: Any) -> float:
    from huaian_forecast.scenarios import Scenario, load_scenario

    sc = scenario if isinstance(scenario, Scenario) else load_scenario(scenario)
    value = sc.levers.get(lever.key, lever.default)
    return float(value) if isinstance(value, int | float) else float(lever.default)


def required_lever(scenario: ScenarioLike, lever: str, target: Target | pd.DataFrame,
                   p: float = 0.8, *, n_paths: int = DEFAULT_RUN.n_paths,
                   seed: int | None = DEFAULT_RUN.seed,
                   executor: Executor | None = None, n_grid: int = SEARCH_GRID,
                   n_bisect: int | None = None,
                   end_year: int | None = None, history: pd.DataFrame | None = None,
                   progress: Progress | None = None,
                   run: RunSpec | None = None) -> LeverSolution:
    """Smallest value of ``lever`` that reaches ``target`` with probability ``p``.

    Parameters
    ----------
    scenario : str, path or Scenario
        Scenario giving every other lever and uncertainty.
    lever : str
        Lever key (see ``huaian_forecast.scenarios.LEVERS``); searched over its
        ``[low, high]`` range, held constant over all years (a ``{year: value}`` path in
        the scenario is replaced).
    target : Target or one-row DataFrame
        The target.
    p : float
        Requested probability, in (0, 1].
    n_paths : int
        Monte Carlo paths per evaluation.
    seed : int or None
        Seed shared by every evaluation (common random numbers).
    executor : concurrent.futures.Executor, optional
        Evaluates the grid in parallel; the result is identical to a serial run.
    n_grid : int
        Grid size (see :func:`solve_monotone`).
    n_bisect : int or None
        Bisection steps; None (default): until no settable value is left between the
        values bracketing the crossing, so the answer is the smallest settable value
        reaching ``p`` (:func:`search_runs` estimates the simulations this takes).
    end_year : int, optional
        Last simulated year (default: the target year).
    history : pandas.DataFrame, optional
        Observation table (default: the bundled data).
    progress : callable, optional
        Called as ``progress(1)`` after each finished simulation (e.g. a progress bar's
        ``advance``); it runs in the calling process, also with an executor.
    run : RunSpec, optional
        All run settings in one object (:class:`~huaian_forecast.simulation.RunSpec`);
        when given, it replaces ``n_paths``, ``seed``, ``end_year``, ``history``,
        ``executor`` and ``progress``.

    Returns
    -------
    LeverSolution
        Never raises for an unreachable target: ``reachable`` is False and ``note`` says
        "not reachable within range".

    Raises
    ------
    ScenarioError
        For an unknown lever or scenario.
    ArgumentError
        If ``p`` is not in (0, 1], there is not exactly one target, or the scenario does
        not simulate the target's indicator in its year.
    """
    items = _one_target(target, "required_lever")
    if not 0 < p <= 1:
        raise ArgumentError(f"p must lie in (0, 1], got {p}")
    spec_lever = lever_spec(lever)
    spec = sweep_run(items, run, n_paths=n_paths, seed=seed, end_year=end_year,
                     history=history, executor=executor, progress=progress)

    def prob(values: Sequence[float]) -> list[float]:
        settings = [Setting(scenario=scenario, levers={lever: v}) for v in values]
        return [_p_met(o, items[0], scenario)
                for o in run_settings(settings, spec, items, executor, progress)]

    # on the lever's lattice (whole units of a count, 3 significant figures otherwise):
    # the answer is a value a planner can set, simulated to reach p, not a rounded one
    value, evaluated = solve_monotone(prob, float(spec_lever.low), float(spec_lever.high), p,
                                      n_grid=n_grid, n_bisect=n_bisect,
                                      step=lever_stepper(spec_lever))
    curve = pd.DataFrame(sorted(evaluated.items()), columns=["value", "p_reach"])
    curve["p_reach_se"] = np.sqrt(curve["p_reach"] * (1 - curve["p_reach"]) / spec.n_paths)
    sol = _solution(scenario, spec_lever, items[0], p, value, curve, spec.n_paths,
                    ytd=spec.ytd)
    return dataclasses.replace(sol, provenance=sweep_provenance(spec, [scenario], items))


def search_runs(lever: str, n_grid: int = SEARCH_GRID) -> int:
    """Return about how many simulations :func:`required_lever` makes for ``lever``.

    The grid's ``n_grid`` values and the bisection steps that run the lattice out
    (:func:`~huaian_forecast.analysis.lever_search.bisection_bound`): a progress bar's
    total; the search may take fewer (the grid settles it) or a few more (a crossing in a
    lower decade of a non-count lever, where the step is finer).

    Examples
    --------
    >>> search_runs("first_time_applications")  # 9 values, then whole firms in 250
    17
    """
    spec = lever_spec(lever)
    return n_grid + bisection_bound(float(spec.low), float(spec.high), n_grid,
                                    lever_stepper(spec))


def _one_target(target: Target | pd.DataFrame, caller: str) -> list[Target]:
    """Return the one target of a solver call as a one-element list (refuse several)."""
    items = target_list(target)
    if len(items) != 1:
        raise ArgumentError(f"{caller} needs exactly one target, got {len(items)}")
    return items


def _p_met(out: Outcome, target: Target, scenario: ScenarioLike) -> float:
    """Share of paths meeting the target; a target the scenario does not simulate is refused.

    ``out`` is the :class:`~huaian_forecast.analysis.sweep.Outcome` of the one target.
    """
    if not out.simulated[0] and not target.is_for(out.region):
        raise ArgumentError(
            f"the target ({target.indicator} {target.year}) is {target.region}'s and "
            f"scenario {scenario_name(scenario)!r} simulates {out.region}, so no lever value "
            "can be found for it")
    if not out.simulated[0]:
        raise ArgumentError(
            f"{target.indicator} in {target.year} is not simulated by scenario "
            f"{scenario_name(scenario)!r}, so no lever value can be found for it")
    return float(out.p_reach[0])


def _solution(scenario: ScenarioLike, lever: Any, target: Target, p: float,
              value: float | None, curve: pd.DataFrame, n_paths: int, *,
              ytd: pd.DataFrame | None = None) -> LeverSolution:
    reachable = value is not None
    val = float(value) if value is not None else float("nan")
    at = curve["value"] == (val if reachable else curve["value"].max())
    p_at = float(curve.loc[at, "p_reach"].iloc[0])
    notes = []
    if not reachable and _flat(curve, n_paths):
        notes.append(f"this lever does not move this target in the model: p_reach stays at "
                     f"{p_at:.3f} over [{lever.low:g}, {lever.high:g}] (within Monte Carlo "
                     "error)")
    elif not reachable:
        notes.append(f"not reachable within range [{lever.low:g}, {lever.high:g}]: "
                     f"p_reach at the high end is {p_at:.3f}")
    elif val == curve["value"].min():
        notes.append("reached at the low end of the range")
    notes.extend(_shape_note(curve))
    base = _base_value(scenario, lever)
    unit_cost = lever.unit_cost_yuan
    annual = annual_cost(scenario, lever.key, val)
    extra = annual - annual_cost(scenario, lever.key, base)
    return LeverSolution(
        lever=lever.key, scenario=scenario_name(scenario), target=target, p=p, value=val,
        p_reach=p_at, p_reach_se=float(np.sqrt(p_at * (1 - p_at) / n_paths)),
        reachable=reachable, low=float(lever.low), high=float(lever.high), base_value=base,
        unit_cost_yuan=unit_cost, annual_cost_yuan=annual, extra_annual_cost_yuan=extra,
        curve=curve, note="; ".join(notes), cost_basis=cost_basis(scenario, lever.key),
        nowcast_p=target_nowcast(target, ytd),  # the run's figures (None: the bundled)
        value_interpolated=_crossing(curve, val, p),
        value_step=lever_step(lever, val) if reachable else math.nan)


def _shape_note(curve: pd.DataFrame) -> list[str]:
    """Say when ``p_reach`` falls as the lever rises (everywhere, or somewhere)."""
    steps = np.diff(curve["p_reach"].to_numpy())
    if not np.any(steps < 0):
        return []
    ends = (f"{curve['p_reach'].iloc[0]:.3f} at {curve['value'].iloc[0]:g}, "
            f"{curve['p_reach'].iloc[-1]:.3f} at {curve['value'].iloc[-1]:g}")
    if np.all(steps <= 0):
        return [f"p_reach falls as this lever rises ({ends}): less of it, not more, "
                "moves this target"]
    return ["p_reach is not monotone in this lever: the value is the first crossing"]


def _crossing(curve: pd.DataFrame, value: float, p: float) -> float:
    """Return where ``p_reach`` crosses ``p``, interpolated below ``value`` (see LeverSolution).

    ``value`` is the smallest searched value reaching ``p``; the largest searched below it
    falls short (the bisection's last lower end), so the crossing lies between the two.
    """
    if math.isnan(value):
        return math.nan
    below = curve[curve["value"] < value]
    if below.empty:  # reached at the low end
        return value
    lo, p_lo = (float(x) for x in below.iloc[-1][["value", "p_reach"]])
    p_hi = float(curve.loc[curve["value"] == value, "p_reach"].iloc[0])
    if not p_lo < p <= p_hi:  # not a bracket (a non-monotone curve): no interpolation
        return value
    return lo + (p - p_lo) / (p_hi - p_lo) * (value - lo)


def _flat(curve: pd.DataFrame, n_paths: int) -> bool:
    """Whether ``p_reach`` stays within its Monte Carlo error over the whole curve.

    With common random numbers a lever without effect gives the very same ``p_reach`` at
    every value; a spread below 1.96 standard errors (of the widest point) is treated
    alike. A curve at 0 everywhere says only that the target is out of reach.
    """
    ps = curve["p_reach"].to_numpy(float)
    se = np.sqrt(ps * (1 - ps) / n_paths)
    return bool(ps.max() > 0 and np.ptp(ps) <= _Z * float(se.max()))
