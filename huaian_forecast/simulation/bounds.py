r"""Physically sensible ranges for trend-extrapolated levels: a ceiling as a ratio to GDP.

A growth family fitted to a short series extrapolates its recent growth: technology
contract turnover "quadrupled in three years" (seed), and the unbounded trend's 90th
percentile for 2035 was about 40 times projected GDP (issue 13). A level that is a flow
through the economy cannot outgrow it; :func:`bound_by_gdp` bounds such an indicator, path
by path, as a ratio to the simulated GDP.

Notes
-----
With :math:`r_t = x_t / \text{GDP}_t` on one path, :math:`r_0` its first simulated year
and ceiling :math:`c`, the log growth of the ratio since then,
:math:`u_t = \ln(r_t / r_0)`, is saturated as

.. math:: u'_t = L \tanh(u_t / L), \qquad L = \ln(c / r_0) \quad (u_t > 0),

and :math:`x'_t = \text{GDP}_t \, r_0 e^{u'_t}`. The map has slope 1 at :math:`u = 0`, so
near-term paths (and the 2024 target) barely move, and :math:`r'_t < c` always; paths that
fall are unchanged. Ceilings are assumptions (:data:`RATIO_CEILINGS`, with reason and
plausible range).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

import numpy as np

__all__ = ["RATIO_CEILINGS", "RatioCeiling", "bound_by_gdp", "cap_ratio"]


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
}


def cap_ratio(level: np.ndarray, denominator: np.ndarray, ceiling: float) -> np.ndarray:
    """Bound ``level / denominator`` below ``ceiling`` smoothly, path by path (see Notes).

    Parameters
    ----------
    level, denominator : numpy.ndarray
        Arrays ``(n_paths, n_years)``; the denominator positive.
    ceiling : float
        Largest ratio (a fraction).

    Returns
    -------
    numpy.ndarray
        The bounded level, same shape.

    Examples
    --------
    >>> gdp = np.full((1, 3), 100.0)
    >>> out = cap_ratio(np.array([[3.0, 6.0, 300.0]]), gdp, 0.1)
    >>> [round(float(x), 2) for x in out[0]]
    [3.0, 5.61, 9.99]
    """
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.maximum(level, 0.0) / denominator
        start = np.minimum(ratio[:, :1], ceiling * 0.999)
        start = np.where(start > 0, start, np.nan)
        span = np.log(ceiling / start)
        growth = np.log(ratio / start)
        bounded = np.where(growth > 0, span * np.tanh(growth / span), growth)
        out = denominator * start * np.exp(bounded)
    return np.where(np.isfinite(out), out, np.minimum(level, ceiling * denominator))


def bound_by_gdp(values: dict[str, np.ndarray], keep: Collection[str]) -> dict[str, np.ndarray]:
    """Apply :data:`RATIO_CEILINGS` where GDP is simulated; keep only ``keep``.

    Parameters
    ----------
    values : dict of str to numpy.ndarray
        Simulated paths by indicator (``gdp`` among them for the bounds to apply).
    keep : collection of str
        Indicators to return (``gdp`` may have been simulated only for the bounds).

    Returns
    -------
    dict of str to numpy.ndarray
    """
    out = dict(values)
    gdp = values.get("gdp")
    if gdp is not None:
        for key, rule in RATIO_CEILINGS.items():
            if key in out:
                out[key] = cap_ratio(out[key], gdp, rule.ceiling)
    return {k: v for k, v in out.items() if k in keep}
