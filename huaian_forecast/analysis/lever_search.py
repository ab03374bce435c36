"""The search for a lever value (:func:`solve_monotone`) on the lattice a planner sets it in.

A bisection lands on values such as 351.5625, which a planner reads as "351.562
enterprises". :func:`~huaian_forecast.analysis.solver.required_lever` searches instead on
the lattice of :func:`lever_step`: whole units for a lever that counts things (firms,
labs, projects), three significant figures for any other (money, shares), so every value
it simulates, and so its answer and its curve, is one a planner can set and read; the
answer is a value simulated to reach the probability, never a rounded value that was not.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from huaian_forecast.analysis.cost import lever_spec
from huaian_forecast.exceptions import ArgumentError

__all__ = ["SEARCH_GRID", "SIGNIFICANT_FIGURES", "bisection_bound", "lattice_between",
           "lever_step", "lever_stepper", "on_lattice", "search_grid", "solve_monotone"]

#: Significant figures of a lever value that does not count things (100 million yuan, %).
#: Three keep the search's own resolution (a 32nd of a grid interval, e.g. 0.04亿 of the
#: 0-10亿 rewards) while reading as a planner writes it (3.47亿, 42.3 %).
SIGNIFICANT_FIGURES = 3
#: Values of the lever's range a search starts from (``solve``'s grid; the frontier's
#: least-cost ``y`` is searched alike, so with an inert ``x`` it is ``solve``'s answer).
SEARCH_GRID = 9


def lever_step(lever: str | Any, near: float) -> float:
    """Return the step a value of ``lever`` near ``near`` is set in.

    Parameters
    ----------
    lever : str or Lever
        Lever key or registered lever.
    near : float
        A value of the lever (its magnitude sets the step of a non-count lever).

    Returns
    -------
    float
        1 for a lever that counts things (``Lever.whole_units``); else a power of ten
        giving :data:`SIGNIFICANT_FIGURES` significant figures at ``near`` (1 where
        ``near`` is 0).

    Examples
    --------
    >>> lever_step("first_time_applications", 351.5625)
    1.0
    >>> lever_step("rd_rewards", 3.4567)
    0.01
    >>> lever_step("major_project_rd", 12.34)
    0.1
    """
    spec = lever_spec(lever) if isinstance(lever, str) else lever
    if spec.whole_units or near == 0 or not math.isfinite(near):
        return 1.0
    return 10.0 ** (math.floor(math.log10(abs(near))) - (SIGNIFICANT_FIGURES - 1))


def lever_stepper(lever: str | Any) -> Callable[[float], float]:
    """Return ``near -> lever_step(lever, near)`` (the ``step`` of ``solve_monotone``)."""
    spec = lever_spec(lever) if isinstance(lever, str) else lever
    return lambda near: lever_step(spec, near)


def on_lattice(value: float, step: float, how: str = "nearest") -> float:
    """Return ``value`` on the lattice of multiples of ``step``, as a clean decimal.

    Parameters
    ----------
    value : float
        Any value.
    step : float
        A power of ten (:func:`lever_step`).
    how : {"nearest", "up", "down"}
        Nearest multiple (halves up), or the next one at or above / below.

    Examples
    --------
    >>> on_lattice(351.5625, 1.0, "up"), on_lattice(3.4567, 0.01), on_lattice(11.25, 0.1)
    (352.0, 3.46, 11.3)
    """
    ratio = value / step
    near = round(ratio)
    if math.isclose(ratio, near, rel_tol=1e-9, abs_tol=1e-9):
        k = float(near)  # already on the lattice (up to the float's last digits)
    else:
        k = {"up": math.ceil, "down": math.floor}.get(how, lambda r: math.floor(r + 0.5))(ratio)
    return round(k * step, max(0, -math.floor(math.log10(step))))


def lattice_between(low: float, high: float, step: float) -> float | None:
    """Return the lattice point in the middle of those strictly between ``low`` and ``high``.

    None where no multiple of ``step`` lies strictly between them.

    Examples
    --------
    >>> lattice_between(250.0, 500.0, 1.0), lattice_between(359.0, 360.0, 1.0)
    (375.0, None)
    """
    first = on_lattice(low, step, "up")
    if first <= low:
        first = on_lattice(low + step, step, "up")
    last = on_lattice(high, step, "down")
    if last >= high:
        last = on_lattice(high - step, step, "down")
    if first > last:
        return None
    n = round((last - first) / step)
    return on_lattice(first + (n // 2) * step, step)


def solve_monotone(prob: Callable[[Sequence[float]], Sequence[float]], low: float, high: float,
                   p: float, *, n_grid: int = SEARCH_GRID, n_bisect: int | None = 5,
                   step: Callable[[float], float] | None = None
                   ) -> tuple[float | None, dict[float, float]]:
    """Smallest ``v`` in ``[low, high]`` with ``prob(v) >= p`` by grid then bisection.

    Parameters
    ----------
    prob : callable
        Maps a batch of lever values to probabilities (a batch so it can run in parallel).
    low, high : float
        Search range, ``low < high``.
    p : float
        Requested probability.
    n_grid : int
        Grid points over ``[low, high]`` (at least 2).
    n_bisect : int or None
        Bisection steps inside the first grid interval that reaches ``p``. None: until no
        settable value is left between the two values bracketing the answer (with
        ``step``: the answer is then the smallest settable value reaching ``p``, as far
        as ``prob`` is monotone; :func:`bisection_bound` estimates how many), or 30 steps
        without ``step``.
    step : callable, optional
        ``step(v)``: the step a value near ``v`` is set in (see
        :func:`lever_step`). Given, every grid value
        is moved to the nearest multiple of its step (within ``[low, high]``) and every
        bisection point is a multiple of the step of the values just below the interval's
        upper end (below 10.0 that is 0.01, not 10.0's 0.1), the middle one of those
        strictly inside; the search stops early when none is left. So every evaluated
        value, and the answer, is one a planner can set.

    Returns
    -------
    value : float or None
        The smallest evaluated value reaching ``p``; None if ``prob(high) < p``.
    evaluated : dict
        Every evaluated ``value -> probability``.

    Examples
    --------
    >>> v, _ = solve_monotone(lambda xs: [x / 10 for x in xs], 0.0, 10.0, 0.8, n_bisect=8)
    >>> round(v, 2)
    8.0
    >>> value, seen = solve_monotone(lambda xs: [x / 1000 for x in xs], 0.0, 2000.0, 0.3514,
    ...                              n_bisect=10, step=lambda v: 1.0)
    >>> value, all(float(v).is_integer() for v in seen)  # stops when no whole value is left
    (352.0, True)
    """
    if not low < high or n_grid < 2:
        raise ArgumentError(f"need low < high and n_grid >= 2; got [{low}, {high}], {n_grid}")
    grid = search_grid(low, high, n_grid, step)
    evaluated = dict(zip(grid, (float(q) for q in prob(grid)), strict=True))
    hits = [v for v in grid if evaluated[v] >= p]
    if not hits:
        return None, evaluated
    hi = hits[0]
    if hi == grid[0]:
        return hi, evaluated
    lo = grid[grid.index(hi) - 1]
    if n_bisect is None:  # each step halves the interval: 60 is "until none is left"
        n_bisect = 30 if step is None else 60
    for _ in range(n_bisect):
        mid = 0.5 * (lo + hi) if step is None else lattice_between(lo, hi, _step_below(hi, step))
        if mid is None:  # no settable value left between the two: hi is the answer
            break
        evaluated[mid] = float(prob([mid])[0])
        lo, hi = (lo, mid) if evaluated[mid] >= p else (mid, hi)
    return hi, evaluated


def _step_below(value: float, step: Callable[[float], float]) -> float:
    """Return the step of the values just below ``value`` (finer at a power of ten)."""
    return step(math.nextafter(value, -math.inf))


def bisection_bound(low: float, high: float, n_grid: int,
                    step: Callable[[float], float]) -> int:
    """Return how many bisection steps an interval of the search's grid needs to run out.

    The grid is :func:`solve_monotone`'s over ``[low, high]``. An interval holding ``m``
    values strictly inside, in the step of its upper end, is settled in
    ``ceil(log2(m + 1))`` steps; the most over the intervals is an estimate for a
    progress bar (an interval reaching down into a lower decade, where the step is
    finer, can take a few more).

    Examples
    --------
    >>> bisection_bound(0.0, 500.0, 3, lambda v: 1.0)  # 249 whole values inside
    8
    """
    most = 0
    for lo, hi in itertools.pairwise(search_grid(low, high, n_grid, step)):
        inside = max(0.0, (hi - lo) / _step_below(hi, step) - 1)
        most = max(most, math.ceil(math.log2(inside + 1)) if inside >= 1 else 0)
    return most


def search_grid(low: float, high: float, n_grid: int,
                step: Callable[[float], float] | None) -> list[float]:
    """Return ``n_grid`` values over ``[low, high]``, on ``step``'s lattice where given.

    Evenly spaced, each moved to the nearest multiple of its step and kept in the range,
    each once, in order.

    Examples
    --------
    >>> search_grid(0.0, 2000.0, 7, lambda v: 1.0)
    [0.0, 333.0, 667.0, 1000.0, 1333.0, 1667.0, 2000.0]
    """
    grid = [float(v) for v in np.linspace(low, high, n_grid)]
    if step is None:
        return grid
    snapped = (min(max(on_lattice(v, step(v)), low), high) for v in grid)
    return list(dict.fromkeys(snapped))  # in order, each once
