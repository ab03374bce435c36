r"""The least-cost point of a frontier: both levers at values a planner can set, simulated.

The frontier's table interpolates :math:`y` between grid rows (500 applications apart on a
5-value grid), which cannot be the answer a planner sets: a concave :math:`\hat p(y)` puts
the interpolated 412.5 above the 355 that ``solve`` finds (500 paths). So, at the column :math:`x^*`
of the cheapest frontier point, :math:`y` is searched as
:func:`~huaian_forecast.analysis.required_lever` searches it (the same
:data:`~huaian_forecast.analysis.lever_search.SEARCH_GRID` values over the axis' range,
then bisection until no settable value is left, on the lever's lattice:
:mod:`~huaian_forecast.analysis.lever_search`), so where
:math:`x` changes no probability the point's :math:`y` is ``solve``'s answer for
:math:`y` alone. Then :math:`x` is bisected on its lattice between the grid value below and
:math:`x^*` with :math:`y` held at that simulated value, and kept if cheaper. Every pair is
simulated once with the run's seed and paths (common random numbers); the grid's own pairs
are not simulated again. The point returned was simulated itself and reaches ``p``; its
values lie on the lattices unless a grid value given off the lattice is kept (the grid's
``x`` when no cheaper lattice value reaches ``p``; the first grid ``y`` reaching ``p`` when
the lattice's top value falls short of the grid's), as the note says.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from huaian_forecast.analysis.cost import COST_NOT_COMPUTED, annual_cost, cost_basis, lever_spec
from huaian_forecast.analysis.lever_search import (
    SEARCH_GRID,
    lever_stepper,
    on_lattice,
    solve_monotone,
)
from huaian_forecast.analysis.sweep import ScenarioLike, Setting, run_settings
from huaian_forecast.assessment import Target
from huaian_forecast.simulation import RunSpec

__all__ = ["least_cost_point", "pair_cost"]

def pair_cost(scenario: ScenarioLike, x: str, y: str, xv: float, yv: float) -> float:
    """Return the expected annual cost of setting ``x`` to ``xv`` and ``y`` to ``yv``."""
    return annual_cost(scenario, x, xv) + annual_cost(scenario, y, yv)


class _Probe:
    """``p_reach`` of ``(x, y)`` pairs, each simulated at most once (the grid's are known)."""

    def __init__(self, grid: pd.DataFrame, scenario: ScenarioLike, axes: tuple[str, str],
                 spec: RunSpec, goal: Target) -> None:
        self.seen = {(float(a), float(b)): float(q)
                     for a, b, q in zip(grid["x"], grid["y"], grid["p_reach"], strict=True)}
        self.scenario, self.axes, self.goal = scenario, axes, goal
        self.spec = spec  # its progress counts these runs too (after the grid's)
        self.count = 0

    def __call__(self, pairs: Sequence[tuple[float, float]]) -> list[float]:
        todo = [pr for pr in dict.fromkeys(pairs) if pr not in self.seen]
        if todo:
            x, y = self.axes
            settings = [Setting(scenario=self.scenario, levers={x: a, y: b}) for a, b in todo]
            outs = run_settings(settings, self.spec, [self.goal])
            self.seen.update(zip(todo, (float(o.p_reach[0]) for o in outs), strict=True))
            self.count += len(todo)
        return [self.seen[pr] for pr in pairs]


def _cheapest(scenario: ScenarioLike, x: str, y: str, points: pd.DataFrame) -> dict[str, Any]:
    """Return the cheapest reachable row of the frontier table, or why there is none."""
    missing = [k for k in (x, y) if lever_spec(k).unit_cost_yuan is None or
               k in COST_NOT_COMPUTED]
    if missing:
        why = "; ".join(COST_NOT_COMPUTED.get(k, f"{k} has no unit cost") for k in missing)
        return {"x": np.nan, "y": np.nan, "annual_cost_yuan": np.nan,
                "note": f"no least-cost point: {why}"}
    ok = points[points["reachable"] & points["annual_cost_yuan"].notna()]
    if ok.empty:
        return {"x": np.nan, "y": np.nan, "annual_cost_yuan": np.nan,
                "note": "no least-cost point: the target is not reachable on the grid"}
    best = ok.loc[ok["annual_cost_yuan"].idxmin()]
    return {"x": float(best["x"]), "y": float(best["y"]),
            "annual_cost_yuan": float(best["annual_cost_yuan"])}


def _below(seen: dict[float, float], value: float) -> tuple[float, float]:
    """Return the largest searched value under ``value`` and its probability (NaN: none)."""
    under = [v for v in seen if v < value]
    return (max(under), seen[max(under)]) if under else (math.nan, math.nan)


def _search_y(probe: _Probe, bx: float, ys: np.ndarray, y: str, p: float
              ) -> tuple[float, str, float]:
    """Smallest lattice ``y`` reaching ``p`` at ``x = bx``, searched as ``solve`` does.

    Returns the value, the note's sentence and the largest searched ``y`` below it (NaN
    where it is the range's low end).
    """
    low, step = float(ys[0]), lever_stepper(y)
    if on_lattice(low, step(low)) == low and probe([(bx, low)])[0] >= p:
        # solve's first value, reaching p: its answer without simulating the other eight
        return low, (f"y at the low end of its range ({low:g}) at x = {bx:g}, reaching p "
                     f"({probe([(bx, low)])[0]:.3f})"), math.nan
    value, seen = solve_monotone(lambda vs: probe([(bx, v) for v in vs]), low, float(ys[-1]),
                                 p, n_grid=SEARCH_GRID, n_bisect=None, step=step)
    if value is None:  # the lattice's top fell below a grid value you gave: keep the grid's
        at = probe([(bx, float(v)) for v in ys])
        value = float(next(v for v, q in zip(ys, at, strict=True) if q >= p))
        seen = dict(zip((float(v) for v in ys), at, strict=True))
        how = "at the first grid value reaching p"
    else:
        how = (f"on its lattice as solve searches it ({SEARCH_GRID} values over "
               f"[{ys[0]:g}, {ys[-1]:g}], then bisection)")
    short, p_short = _below(seen, value)
    tail = (f", {short:g} falls short ({p_short:.3f})" if math.isfinite(short)
            else ", the low end of the range")
    return value, (f"y searched at x = {bx:g} {how}: {value:g} reaches p "
                   f"({seen[value]:.3f}){tail}"), short


def _refine_x(probe: _Probe, xs: np.ndarray, bx: float, yv: float, x: str,
              scenario: ScenarioLike, p: float) -> tuple[float, str, float]:
    """Bisect ``x`` on its lattice below the grid value ``bx``, ``y`` held at ``yv``.

    Returns the value kept (``bx`` unless a cheaper one reaches ``p``), the note's sentence
    and the largest searched ``x`` below it that falls short (NaN where none was searched).
    """
    lower = xs[xs < bx]
    if lower.size == 0:
        return bx, f"x at the grid's low end ({bx:g})", math.nan
    lo = float(lower[-1])
    value, seen = solve_monotone(lambda vs: probe([(v, yv) for v in vs]), lo, bx, p,
                                 n_grid=2, n_bisect=None, step=lever_stepper(x))
    if value is None or not (annual_cost(scenario, x, value) <
                             annual_cost(scenario, x, bx)):  # (bx, yv) reaches p: not None
        value = bx
    short, _ = _below(seen, value)
    if not math.isfinite(short):
        return value, f"x at the grid value {value:g}, reaching p with y held at {yv:g}", short
    verb = ("refined by bisection between" if value < bx else "kept at the upper of")
    return value, (f"x {verb} grid values {lo:g} and {bx:g} with y held at {yv:g}: "
                   f"{value:g} reaches p, {short:g} falls short"), short


def least_cost_point(scenario: ScenarioLike, axes: tuple[str, str], grid: pd.DataFrame,
                     points: pd.DataFrame, spec: RunSpec, goal: Target, p: float
                     ) -> dict[str, Any]:
    """Return the least-cost point (``frontier``'s ``attrs["least_cost"]``), see the module.

    Parameters
    ----------
    scenario : str, path or Scenario
        The frontier's scenario.
    axes : tuple of str
        The levers ``x, y``.
    grid, points : DataFrame
        The simulated grid and the frontier table (with ``annual_cost_yuan``).
    spec : RunSpec
        The grid's run (same seed and paths for every pair simulated here).
    goal : Target
        The target.
    p : float
        Requested probability.

    Returns
    -------
    dict
        ``x, y, annual_cost_yuan, note`` (NaN and the reason where there is no point);
        with a point also ``p_reach`` and ``p_reach_se`` simulated at it, ``x_below`` and
        ``y_below`` (the largest values searched under it that fall short of ``p``, NaN
        where none was), ``n_simulations`` (pairs simulated beyond the grid),
        ``cost_basis`` and ``grid_point`` (the frontier table's cheapest row, its ``y``
        interpolated between grid rows, not simulated).
    """
    x, y = axes
    least = _cheapest(scenario, x, y, points)
    if not math.isfinite(least["annual_cost_yuan"]):
        return least
    probe = _Probe(grid, scenario, axes, spec, goal)
    bx = least["x"]
    yv, y_note, y_below = _search_y(probe, bx, np.unique(grid["y"].to_numpy(float)), y, p)
    xv, x_note, x_below = _refine_x(probe, np.unique(grid["x"].to_numpy(float)), bx, yv, x,
                                    scenario, p)
    at = probe([(xv, yv)])[0]
    return {"x": xv, "y": yv,
            "annual_cost_yuan": pair_cost(scenario, x, y, xv, yv),
            "note": f"{x_note}; {y_note}", "p_reach": at,
            "p_reach_se": math.sqrt(at * (1 - at) / spec.n_paths),
            "x_below": x_below, "y_below": y_below, "n_simulations": probe.count,
            "cost_basis": {k: b for k in (x, y) if (b := cost_basis(scenario, k))},
            "grid_point": least}
