r"""Policy frontiers: which combinations of two levers reach a target with probability p.

Notes
-----
Every grid point :math:`(x_i, y_j)` is simulated with the same seed and number of paths
(common random numbers), so :math:`\hat p(x_i, y_j)` is the share of the *same* paths
that meet the target. For each :math:`x_i` the frontier is the smallest :math:`y` with
:math:`\hat p(x_i, y) \ge p`, linearly interpolated between the two grid values of
:math:`y` around the first crossing (not simulated itself). Its band gives the grid values
that were simulated around it, allowing for Monte Carlo error
(:math:`\mathrm{se} = \sqrt{\hat p(1-\hat p)/n}`): ``y_low`` is the largest grid value below
the crossing that falls short even at :math:`\hat p + 1.96\,\mathrm{se}` (the lowest grid
value where none does), ``y_high`` the smallest that reaches ``p`` even at
:math:`\hat p - 1.96\,\mathrm{se}` (NaN where none does): the smallest :math:`y` lies
between them, however coarse the grid. A column where even the largest :math:`y` falls
short is *not reachable* within the lever's range. The grid's default values lie on each
lever's lattice (whole units of a count, three significant figures otherwise).

The least-cost point is the cheapest point this search finds by the expected annual
cost :math:`c_x(x) + c_y(y)` (:func:`~huaian_forecast.analysis.cost.annual_cost`), not a
proven minimum over both levers; it is missing (with the reason) where a lever has no unit
cost or its cost cannot be computed. Starting from the cheapest row of the frontier table
(only that column is refined: where both levers move the target, another column could
turn out cheaper once searched), :math:`y` is searched on its lattice
at that :math:`x` as ``solve`` searches it, then :math:`x` bisected on its lattice below
the grid value with :math:`y` held there (:mod:`~huaian_forecast.analysis._least_cost`):
both coordinates are values a planner can set and the point was simulated to reach
``p``; the note says what was simulated (``least_cost["grid_point"]`` keeps the table's
row).
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import Executor
from typing import Any

import numpy as np
import pandas as pd

from huaian_forecast.analysis._least_cost import least_cost_point, pair_cost
from huaian_forecast.analysis.cost import lever_spec
from huaian_forecast.analysis.lever_search import lever_stepper, search_grid
from huaian_forecast.analysis.sweep import (
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
from huaian_forecast.data import tiers_of, with_provenance
from huaian_forecast.exceptions import ArgumentError
from huaian_forecast.simulation import DEFAULT_RUN, RunSpec

__all__ = ["FRONTIER_COLUMNS", "GRID_COLUMNS", "frontier", "frontier_points", "resolve_target"]

#: Columns of the grid :func:`frontier` returns.
GRID_COLUMNS: tuple[str, ...] = ("x", "y", "p_reach", "p_reach_se", "reachable",
                                 "annual_cost_yuan")
#: Columns of the frontier table (``result.attrs["frontier"]``).
FRONTIER_COLUMNS: tuple[str, ...] = ("x", "y", "y_low", "y_high", "reachable", "note",
                                     "annual_cost_yuan")
_Z = 1.96


def resolve_target(target: Target | pd.DataFrame | tuple[Any, ...],
                   targets: pd.DataFrame | None = None) -> Target:
    """Return the one Target meant by a pair, a triple, a Target or a one-row table.

    ``(indicator, year)`` takes its threshold from the targets table (a year with a
    floor and a stretch goal needs the tier: ``(indicator, year, "stretch")``);
    ``(indicator, year, threshold)`` is an at-least target.

    Raises
    ------
    ArgumentError
        If the pair matches no target, or a table holds other than one row.
    """
    if isinstance(target, tuple):
        from huaian_forecast.indicators import get_indicator

        key, year = get_indicator(str(target[0])).key, int(target[1])
        tier = target[2] if len(target) >= 3 and isinstance(target[2], str) else None
        if len(target) >= 3 and tier is None:
            return Target(indicator=key, year=year, threshold=float(target[2]),
                          direction="at_least", source="given")
        target = _pair_target(key, year, tier, targets)
    items = target_list(target)
    if len(items) != 1:
        raise ArgumentError(f"frontier needs exactly one target, got {len(items)}")
    return items[0]


def _pair_target(key: str, year: int, tier: str | None,
                 targets: pd.DataFrame | None) -> pd.DataFrame:
    """Return the one-row targets table of ``(indicator, year[, tier])``.

    A year with a floor (确保) and a stretch goal (力争) needs the tier:
    ``("hte_count", 2030, "stretch")``.
    """
    from huaian_forecast.data import load_targets, resolve_tier

    targets = load_targets() if targets is None else targets
    hit = targets[(targets["indicator"] == key) & (targets["year"] == year)]
    if hit.empty:
        raise ArgumentError(f"no target for {key} in {year}; give (indicator, year, "
                            "threshold) or a Target")
    tiers = tiers_of(hit)
    if tier is None:
        if (tiers != "single").any():
            raise ArgumentError(f"{key} {year} has a floor (确保) and a stretch goal (力争): "
                                f"give (indicator, year, 'floor') or (..., 'stretch')")
        return hit.iloc[[0]]
    code = resolve_tier(tier)
    chosen = hit[tiers == code]
    if code not in ("floor", "stretch") or chosen.empty:
        raise ArgumentError(f"no {tier!r} target for {key} in {year}; its tiers: "
                            f"{', '.join(dict.fromkeys(map(str, tiers)))}")
    return chosen.iloc[[0]]


def _first_crossing(ys: np.ndarray, ps: np.ndarray, p: float) -> float:
    """Smallest y with ps >= p, interpolated linearly between grid values; NaN if none."""
    hits = np.flatnonzero(ps >= p)
    if hits.size == 0:
        return float("nan")
    j = int(hits[0])
    if j == 0:
        return float(ys[0])
    p0, p1 = ps[j - 1], ps[j]
    w = (p - p0) / (p1 - p0) if p1 > p0 else 1.0
    return float(ys[j - 1] + w * (ys[j] - ys[j - 1]))


def _band(ys: np.ndarray, ps: np.ndarray, half: np.ndarray, p: float) -> tuple[float, float]:
    """Grid values around the crossing, allowing for Monte Carlo error (see the Notes)."""
    hits = np.flatnonzero(ps >= p)
    end = int(hits[0]) if hits.size else ys.size
    short = np.flatnonzero(ps[:end] + half[:end] < p)
    sure = np.flatnonzero(ps - half >= p)
    return (float(ys[short[-1]]) if short.size else float(ys[0]),
            float(ys[sure[0]]) if sure.size else float("nan"))


def frontier_points(grid: pd.DataFrame, p: float, *, n_paths: int) -> pd.DataFrame:
    """For each ``x`` of a frontier grid: the smallest ``y`` reaching ``p``, with its band.

    Parameters
    ----------
    grid : DataFrame
        Columns ``x, y, p_reach`` (as :func:`frontier` returns).
    p : float
        Requested probability.
    n_paths : int
        Paths behind each probability (for the Monte Carlo band).

    Returns
    -------
    DataFrame
        Columns ``x, y, y_low, y_high, reachable, note``: ``y`` interpolated between grid
        rows, NaN and ``reachable`` False where no ``y`` in the grid reaches ``p``;
        ``y_low, y_high`` the grid values simulated around it (see the module Notes);
        ``note`` says "not reachable within range" or "reached at the low end of the
        range".

    Examples
    --------
    >>> g = pd.DataFrame({"x": [0, 0, 1, 1], "y": [0, 10, 0, 10],
    ...                   "p_reach": [0.0, 0.25, 0.5, 1.0]})
    >>> frontier_points(g, 0.75, n_paths=10**9)[["x", "y", "reachable"]].values.tolist()
    [[0, nan, False], [1, 5.0, True]]
    """
    rows = []
    for x, col in grid.sort_values(["x", "y"]).groupby("x", sort=True):
        ys, ps = col["y"].to_numpy(float), col["p_reach"].to_numpy(float)
        half = _Z * np.sqrt(ps * (1 - ps) / n_paths)
        y = _first_crossing(ys, ps, p)
        reachable = bool(np.isfinite(y))
        note = ("not reachable within range" if not reachable
                else "reached at the low end of the range" if y == ys[0] else "")
        low, high = _band(ys, ps, half, p)
        rows.append({"x": x, "y": y, "y_low": low, "y_high": high, "reachable": reachable,
                     "note": note})
    return pd.DataFrame(rows, columns=["x", "y", "y_low", "y_high", "reachable", "note"])


def _axis(lever: str, values: Sequence[float] | None, n: int) -> np.ndarray:
    if values is not None:
        out = np.unique(np.asarray(values, dtype=float))
        if out.size < 2:
            raise ArgumentError(f"{lever}: give at least two distinct values")
        return out
    if n < 2:
        raise ArgumentError(f"n_grid must be at least 2, got {n}")
    spec = lever_spec(lever)
    return np.asarray(search_grid(float(spec.low), float(spec.high), n, lever_stepper(spec)))


def frontier(scenario: ScenarioLike, x: str, y: str,
             target: Target | pd.DataFrame | tuple[Any, ...], p: float = 0.8, *,
             n_grid: int = 9, x_values: Sequence[float] | None = None,
             y_values: Sequence[float] | None = None, n_paths: int = DEFAULT_RUN.n_paths,
             seed: int | None = DEFAULT_RUN.seed, executor: Executor | None = None,
             end_year: int | None = None, history: pd.DataFrame | None = None,
             targets: pd.DataFrame | None = None, progress: Progress | None = None,
             run: RunSpec | None = None) -> pd.DataFrame:
    """Probability of reaching a target over a grid of two levers, and the frontier at ``p``.

    Parameters
    ----------
    scenario : str, path or Scenario
        Scenario giving every other lever and uncertainty.
    x, y : str
        Lever keys (``huaian_forecast.LEVERS``), each held constant over all years.
    target : tuple, Target or one-row DataFrame
        ``(indicator, year)`` (threshold from the targets table),
        ``(indicator, year, threshold)``, or a Target.
    p : float
        Requested probability, in (0, 1].
    n_grid : int
        Grid values per lever over its ``[low, high]`` range (``n_grid**2`` simulations).
    x_values, y_values : sequence of float, optional
        Explicit grid values (replace ``n_grid`` for that lever).
    n_paths, seed, executor, end_year, history, progress, run
        As in :func:`~huaian_forecast.required_lever`: one seed for every grid point
        (common random numbers); an executor evaluates the grid in parallel with the same
        result.
    targets : DataFrame, optional
        Targets table for a ``(indicator, year)`` pair (default: the bundled targets).

    Returns
    -------
    pandas.DataFrame
        The grid, columns :data:`GRID_COLUMNS` (``reachable``: ``p_reach >= p``;
        ``annual_cost_yuan``: cost of both levers, NaN where unknown). ``attrs`` hold
        ``"frontier"`` (:func:`frontier_points` plus ``annual_cost_yuan``),
        ``"inert"`` (the levers, of ``x`` and ``y``, that change no probability of the
        grid, where some probability lies between 0 and 1: the target's model does not
        read them, so the frontier puts them at their low end), ``"least_cost"`` (dict
        ``x, y, annual_cost_yuan, note``: the point simulated to reach ``p``, both values
        on the levers' lattices (unless a grid value you gave off the lattice is kept, as
        the note says); with a cost also ``p_reach``, ``p_reach_se``,
        ``x_below``, ``y_below``, ``n_simulations``, ``cost_basis`` (lever -> what its
        cost is where not the plain spend, e.g. an expected reward payout) and
        ``grid_point`` (the frontier table's cheapest row), see
        :func:`~huaian_forecast.analysis._least_cost.least_cost_point`),
        ``"n_simulations"`` (the grid's and the least-cost search's), ``"base"`` (the
        scenario's own ``x, y``), ``"nowcast_p"`` (where the target's year has
        year-to-date figures, the nowcast's ``p_reach``, which no lever changes:
        :func:`~huaian_forecast.analysis.target_nowcast`; NaN otherwise), and
        ``x, y, p, target, scenario, n_paths`` and ``"provenance"`` (seed, paths, data
        hash, scenario, target's hash, package versions:
        :func:`~huaian_forecast.data.result_provenance`).

    Raises
    ------
    ArgumentError
        For ``p`` outside (0, 1], ``x == y``, a bad grid or a target the scenario does not
        simulate.
    ScenarioError
        For an unknown lever or scenario.

    Examples
    --------
    >>> import huaian_forecast as hf
    >>> g = hf.frontier("plan_2024", x="first_time_applications", y="rd_rewards",
    ...                 target=("hte_count", 2030), n_grid=3, n_paths=200)
    >>> list(g.columns[:3]), len(g)
    (['x', 'y', 'p_reach'], 9)
    """
    if not 0 < p <= 1:
        raise ArgumentError(f"p must lie in (0, 1], got {p}")
    if x == y:
        raise ArgumentError("x and y must be two different levers")
    goal = resolve_target(target, targets)
    xs, ys = _axis(x, x_values, n_grid), _axis(y, y_values, n_grid)
    spec = sweep_run([goal], run, n_paths=n_paths, seed=seed, end_year=end_year,
                     history=history, executor=executor, progress=progress)
    pairs = [(float(a), float(b)) for a in xs for b in ys]
    settings = [Setting(scenario=scenario, levers={x: a, y: b}) for a, b in pairs]
    outcomes = run_settings(settings, spec, [goal], executor, progress)
    if not outcomes[0].simulated[0]:
        raise ArgumentError(f"{goal.indicator} in {goal.year} is not simulated by scenario "
                            f"{scenario_name(scenario)!r}")
    probs = np.array([float(o.p_reach[0]) for o in outcomes])
    grid = pd.DataFrame(pairs, columns=["x", "y"])
    grid["p_reach"] = probs
    grid["p_reach_se"] = np.sqrt(probs * (1 - probs) / spec.n_paths)
    grid["reachable"] = probs >= p
    grid["annual_cost_yuan"] = [pair_cost(scenario, x, y, a, b) for a, b in pairs]
    points = frontier_points(grid, p, n_paths=spec.n_paths)
    points["annual_cost_yuan"] = [pair_cost(scenario, x, y, a, b) if ok else np.nan
                                  for a, b, ok in zip(points["x"], points["y"],
                                                      points["reachable"], strict=True)]
    least = least_cost_point(scenario, (x, y), grid, points, spec, goal, p)
    grid.attrs.update(frontier=points, least_cost=least, inert=_inert(grid, x, y),
                      base=_base(scenario, x, y), x=x, y=y, p=p, target=goal,
                      scenario=scenario_name(scenario), n_paths=spec.n_paths,
                      nowcast_p=target_nowcast(goal, spec.ytd),  # the run's figures
                      n_simulations=len(grid) + int(least.get("n_simulations", 0)))
    return with_provenance(grid, sweep_provenance(spec, [scenario], [goal]))


def _inert(grid: pd.DataFrame, x: str, y: str) -> list[str]:
    """Return the levers that change no ``p_reach`` of the grid (common random numbers).

    Every grid point uses the same seed and paths, so a lever that the target's model
    does not read (R&D rewards for the high-tech enterprise count) gives exactly the same
    probability along its axis: its frontier value is its low end because any value
    reaches the same probability, not because the target needs no more of it. A lever
    is named only where some probability lies strictly between 0 and 1: on a grid where
    the target is certain or out of reach everywhere, no lever moves it, read or not.
    """
    xs, ys = np.unique(grid["x"]), np.unique(grid["y"])
    table = np.full((xs.size, ys.size), np.nan)
    table[np.searchsorted(xs, grid["x"]), np.searchsorted(ys, grid["y"])] = grid["p_reach"]
    if not bool(np.any((table > 0.0) & (table < 1.0))):
        return []
    return [lever for lever, axis in ((x, 0), (y, 1))
            if bool(np.all(np.ptp(table, axis=axis) == 0.0))]


def _base(scenario: ScenarioLike, x: str, y: str) -> dict[str, float]:
    """Return the scenario's own settings of the two levers (NaN for a year-by-year path)."""
    from huaian_forecast.scenarios import Scenario, load_scenario

    sc = scenario if isinstance(scenario, Scenario) else load_scenario(scenario)
    out = {}
    for axis, key in (("x", x), ("y", y)):
        value = sc.levers.get(key, lever_spec(key).default)
        out[axis] = float(value) if isinstance(value, int | float) else float("nan")
    return out
