r"""Physically sensible ranges for trend-extrapolated levels: a ceiling as a ratio to GDP.

A growth family fitted to a short series extrapolates its recent growth: technology
contract turnover "quadrupled in three years" (seed), and the unbounded trend's 90th
percentile for 2035 was about 40 times projected GDP (issue 13). A level that is a flow
through the economy cannot outgrow it; :func:`bound_by_gdp` bounds such an indicator, path
by path, as a ratio to the simulated GDP.

Notes
-----
With :math:`x = r / c` the ratio :math:`r_t = v_t / \text{GDP}_t` of one path over its
ceiling :math:`c`, the bounded ratio is

.. math:: f(x) = x \ (x \le a), \qquad f(x) = a + (1 - a) \tanh\frac{x - a}{1 - a}
          \ (x > a),

with knee :math:`a = 0.5`: values up to half the ceiling are not touched (every target
lies there), above it they approach the ceiling smoothly (the map is continuous with slope
1 at the knee) and never reach it. R&D spending and R&D intensity are bounded by the same
ceiling, so intensity = spending / GDP still holds path by path. Ceilings are assumptions
(:data:`RATIO_CEILINGS`, with reason and plausible range).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from huaian_forecast.indicators import get_indicator
from huaian_forecast.simulation._threads import each

if TYPE_CHECKING:
    from concurrent.futures import Executor

__all__ = ["RATIO_CEILINGS", "RatioCeiling", "bound_by_gdp", "cap_ratio", "count_ceilings",
           "hold_counts"]


@dataclass(frozen=True, slots=True, kw_only=True)
class RatioCeiling:
    """Upper bound of an indicator as a ratio to GDP (an assumption).

    Parameters
    ----------
    ceiling : float
        Largest ratio to GDP (a fraction).
    low, high : float
        Plausible range of the ceiling.
    reason : str
        Why this ceiling.
    """

    ceiling: float
    low: float
    high: float
    reason: str
    assumption: bool = True

    def __post_init__(self) -> None:
        if not 0 < self.low <= self.ceiling <= self.high:
            raise ValueError("need 0 < low <= ceiling <= high")


#: Ceilings of trend-extrapolated levels as a ratio to GDP, by indicator.
RATIO_CEILINGS: dict[str, RatioCeiling] = {
    "tech_contracts": RatioCeiling(
        ceiling=0.10, low=0.05, high=0.20,
        reason="assumption: technology contract turnover was about 3-4 % of GDP in Huai'an "
               "2023 (>170亿 of about 5,000亿) and about 5 % nationally; Shanghai's is about "
               "10 % and Beijing, the national outlier as the seat of most central research "
               "institutes, about 19 %; a prefecture city is bounded at Shanghai's ratio"),
    "rd_spend": RatioCeiling(
        ceiling=0.08, low=0.06, high=0.10,
        reason="assumption: the highest R&D intensities of Chinese cities are about 6-7 % "
               "(Beijing, Shenzhen), of any country about 6 % (Israel, Korea); the bundled "
               "data's highest is Suzhou's 3.78 %; untouched below 4 %"),
}
#: Ratio indicators (in percent) bounded like their numerator (same ceiling).
_PERCENT_OF = {"rd_intensity": "rd_spend"}
_KNEE = 0.5


def cap_ratio(level: np.ndarray, denominator: np.ndarray | float,
              ceiling: float) -> np.ndarray:
    """Bound ``level / denominator`` below ``ceiling`` smoothly, path by path (see Notes).

    Parameters
    ----------
    level : numpy.ndarray
        Array ``(n_paths, n_years)``.
    denominator : numpy.ndarray or float
        Positive, broadcast against ``level``.
    ceiling : float
        Largest ratio (a fraction).

    Returns
    -------
    numpy.ndarray
        The bounded level, same shape; unchanged where the ratio is at most half the
        ceiling.

    Examples
    --------
    >>> gdp = np.full((1, 3), 100.0)
    >>> out = cap_ratio(np.array([[3.0, 6.0, 300.0]]), gdp, 0.1)
    >>> [round(float(x), 2) for x in out[0]]
    [3.0, 5.99, 10.0]
    """
    return _capped_rows(level, denominator, ceiling, in_place=False)


#: Rows bounded at a time in place: the temporaries stay small (in cache, and reused
#: rather than fresh memory, whose first touch costs 0.3-0.5 s per 96 MB on a VM).
_ROWS = 16_384


def _capped(level: np.ndarray, denominator: np.ndarray | float, ceiling: float, *,
            in_place: bool, pool: Executor | None = None) -> np.ndarray:
    """:func:`_capped_rows` over blocks of :data:`_ROWS` rows when writing in place.

    The blocks run on ``pool``'s threads when one is given (each writes its own rows).
    """
    d = np.asarray(denominator)
    if not (in_place and isinstance(level, np.ndarray) and level.ndim == 2
            and level.shape[0] > _ROWS and level.dtype == np.float64
            and level.flags.writeable and d.shape in ((), level.shape)):
        return _capped_rows(level, denominator, ceiling, in_place=in_place)

    def block(lo: int) -> None:
        rows = level[lo:lo + _ROWS]
        done = _capped_rows(rows, d if d.ndim == 0 else d[lo:lo + _ROWS], ceiling,
                            in_place=True)
        if done is not rows:  # an unsafe block was bounded on a copy
            rows[...] = done

    each(pool, block, [(lo,) for lo in range(0, level.shape[0], _ROWS)])
    return level


def _capped_rows(level: np.ndarray, denominator: np.ndarray | float, ceiling: float, *,
                 in_place: bool) -> np.ndarray:
    """:func:`cap_ratio`, optionally written over ``level`` itself.

    The same arithmetic in the same order as the textbook form (so the same numbers), but
    without temporaries and with ``tanh`` only where the ratio is above the knee (rare): at
    a million paths the bounds took 1.5 s of a 7 s simulation. ``level`` is overwritten
    only when ``in_place`` and every ``denominator x ceiling`` is finite and non-zero
    (then a result is non-finite only where ``level`` was NaN, as the textbook form gives).
    """
    scale = np.asarray(denominator) * ceiling
    # finite and non-zero everywhere, checked by two reductions without temporaries (a
    # sum that overflows only takes the safe copying way)
    safe = bool(np.isfinite(np.sum(scale)) and np.all(scale))
    own = (in_place and safe and isinstance(level, np.ndarray) and level.dtype == np.float64
           and level.flags.writeable)
    x = level if own else np.array(level, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        np.maximum(x, 0.0, out=x)
        x /= scale
        above = x > _KNEE
        if above.any():
            x[above] = _KNEE + (1 - _KNEE) * np.tanh((x[above] - _KNEE) / (1 - _KNEE))
        x *= np.asarray(denominator)
        x *= ceiling
    if not own:
        bad = ~np.isfinite(x)
        if bad.any():
            x[bad] = np.broadcast_to(np.asarray(level, dtype=float), x.shape)[bad]
    return x


def bound_by_gdp(values: dict[str, np.ndarray], keep: Collection[str], *,
                 in_place: bool = False, pool: Executor | None = None,
                 ) -> dict[str, np.ndarray]:
    """Apply :data:`RATIO_CEILINGS` where GDP is simulated (and to R&D intensity).

    Only ``keep`` is returned.

    Parameters
    ----------
    values : dict of str to numpy.ndarray
        Simulated paths by indicator (``gdp`` among them for the bounds to apply).
    keep : collection of str
        Indicators to return (``gdp`` may have been simulated only for the bounds).
    in_place : bool
        Write the bounded values over the given arrays (no copies) where that gives the
        same numbers; for a caller that owns them (:func:`~huaian_forecast.simulate`).
    pool : Executor, optional
        Bound blocks of rows in place on this pool's threads (the same numbers).

    Returns
    -------
    dict of str to numpy.ndarray
    """
    out = dict(values)
    gdp = values.get("gdp")
    if gdp is not None:
        for key, rule in RATIO_CEILINGS.items():
            if key in out:
                out[key] = _capped(out[key], gdp, rule.ceiling, in_place=in_place, pool=pool)
    for key, numerator in _PERCENT_OF.items():
        if key in out:
            out[key] = _capped(out[key], 100.0, RATIO_CEILINGS[numerator].ceiling,
                               in_place=in_place, pool=pool)
    return {k: v for k, v in out.items() if k in keep}


def count_ceilings(keys: Collection[str]) -> dict[str, float]:
    """Return the counts among ``keys`` with their valid upper bound (``Indicator.upper``).

    A count of the structural models grows with its levers and cohorts without a ceiling
    of its own; far beyond 2035 a path of an accelerated plan can pass any bound (4.7
    billion firms by 2100, past the 2,147,483,647 int32 holds). The valid bound of the
    indicator (1,000,000 firms: over twice China's whole 2023 count of high-tech
    enterprises, 46.3万 by the Ministry of Science and Technology's count for 2023) is what
    no path may exceed; every target lies far below.

    Examples
    --------
    >>> count_ceilings(["hte_count", "gdp", "key_labs"])
    {'hte_count': 1000000.0, 'key_labs': 100000.0}
    """
    return {k: get_indicator(k).upper for k in keys if get_indicator(k).is_integer}


def hold_counts(values: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Hold each count of ``values`` at most its :func:`count_ceilings` bound, in place."""
    for key, ceiling in count_ceilings(values).items():
        np.minimum(values[key], ceiling, out=values[key])
    return values
