"""High-tech share of above-scale industrial output, from two output levels per path.

Dynamics, year ``t`` (rates as fractions, output in 亿元):

- the rest of industry grows with nominal GDP: ``O_t = O_{t-1} (1 + g_t)``;
- capacity of new high-tech projects waits to ramp up: ``P_t = P_{t-1} + n_t q I_t``
  (``n_t`` projects completed, ``q`` output at full production each at origin-year prices
  and size, ``I_t = O_t / O_0`` the index of the rest of industry: money scales); a share
  ``rho`` of the waiting capacity starts producing each year: ``R_t = rho P_t``,
  ``P_t <- P_t - R_t``;
- high-tech output ``H_t = H_{t-1} max(0, (1 + g_t)(1 + d) + sigma e_t) + R_t + m N_t I_t``,
  with base excess growth ``d``, and ``m`` 亿元 per first-time certified enterprise ``N_t``
  (the link to the certified stock);
- share ``= 100 H_t / (H_t + O_t)`` percent, within 0-100 by construction.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["OutputParams", "OutputShocks", "project_output_share"]


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class OutputParams:
    """Per-path parameters, arrays ``(n_paths,)`` or floats (rates as fractions).

    Parameters
    ----------
    hightech0, other0 : array
        High-tech and other above-scale industrial output in the anchor year (亿元).
    relative_growth : array
        Base excess growth ``d`` of high-tech output over the rest of industry.
    volatility : array
        Year-to-year standard deviation of high-tech output growth.
    output_per_project : array
        Output at full production per new high-tech project (亿元).
    ramp_rate : array
        Share of waiting capacity that starts producing each year.
    output_per_new_hte : array
        High-tech output added per first-time certified enterprise (亿元).
    """

    hightech0: np.ndarray | float
    other0: np.ndarray | float
    relative_growth: np.ndarray | float
    volatility: np.ndarray | float
    output_per_project: np.ndarray | float
    ramp_rate: np.ndarray | float
    output_per_new_hte: np.ndarray | float

    def __post_init__(self) -> None:
        if np.any(np.asarray(self.hightech0) < 0) or np.any(np.asarray(self.other0) <= 0):
            raise ValueError("hightech0 must be >= 0 and other0 > 0")
        ramp = np.asarray(self.ramp_rate)
        if np.any((ramp < 0) | (ramp > 1)):
            raise ValueError("ramp_rate must be a fraction in [0, 1]")


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class OutputShocks:
    """Standard normal shocks ``z`` ``(n_paths, n_years)`` of high-tech output growth."""

    z: np.ndarray

    @classmethod
    def zeros(cls, n_paths: int, n_years: int) -> OutputShocks:
        """No shocks: the deterministic path."""
        return cls(z=np.zeros((n_paths, n_years)))

    @classmethod
    def draw(cls, rng: np.random.Generator, n_paths: int, n_years: int) -> OutputShocks:
        """Draw the shocks (float32: half the cost)."""
        return cls(z=rng.standard_normal((n_paths, n_years), dtype=np.float32))


def project_output_share(params: OutputParams, *, projects: np.ndarray,
                         new_hte: np.ndarray, industry_growth: np.ndarray,
                         shocks: OutputShocks,
                         observed: np.ndarray | None = None) -> dict[str, np.ndarray]:
    """Project high-tech and total above-scale output and the high-tech share.

    Parameters
    ----------
    params : OutputParams
        Per-path parameters.
    projects : numpy.ndarray
        New high-tech industrial projects completed per year, ``(n_years,)`` or
        ``(n_paths, n_years)`` (negative: fewer than the status quo the trend holds).
    new_hte : numpy.ndarray
        First-time certified enterprises per year, ``(n_paths, n_years)``.
    industry_growth : numpy.ndarray
        Nominal growth of the rest of industry (fraction), ``(n_paths, n_years)``.
    shocks : OutputShocks
        Standard normal shocks.
    observed : numpy.ndarray, optional
        Observed share (percent) ``(n_paths, n_years)``, NaN where not observed: in an
        observed year total output is split at the observed share and the paths continue.

    Returns
    -------
    dict of numpy.ndarray
        ``hightech_output`` and ``industrial_output`` (亿元) and ``hightech_share``
        (percent), each ``(n_paths, n_years)``.
    """
    n_paths, n_years = shocks.z.shape
    hi = np.broadcast_to(np.asarray(params.hightech0, dtype=float), (n_paths,)).copy()
    other = np.broadcast_to(np.asarray(params.other0, dtype=float), (n_paths,)).copy()
    other0 = other.copy()
    waiting = np.zeros(n_paths)
    rho = np.asarray(params.ramp_rate, dtype=float)
    projects = np.broadcast_to(np.atleast_2d(np.asarray(projects, dtype=float)),
                               (n_paths, n_years))
    hi_out, total_out, share_out = (np.empty((n_paths, n_years)) for _ in range(3))
    # parameters and factors of every year made once; the same operations in the same
    # order as the recursion in the module docstring
    per_project = np.asarray(params.output_per_project)
    per_hte = np.asarray(params.output_per_new_hte)
    excess = 1.0 + np.asarray(params.relative_growth)
    volatility = np.asarray(params.volatility)
    factor = 1.0 + industry_growth  # (n_paths, n_years)
    for t in range(n_years):
        g1 = factor[:, t]
        index = other * g1 / other0  # money scales with industry (prices, size)
        waiting = waiting + projects[:, t] * per_project * index
        ramped = rho * waiting
        waiting -= ramped
        # excess growth is relative: (1 + g)(1 + d), so the share does not depend on how
        # fast the whole of industry grows (a slowdown is not good news for the share)
        growth = g1 * excess
        growth -= 1.0
        growth += volatility * shocks.z[:, t]
        # a growth factor below zero would make output negative: held at zero, which
        # also keeps the share monotone in the projects for fixed shocks
        growth += 1.0
        np.maximum(growth, 0.0, out=growth)
        hi = hi * growth
        hi += ramped
        hi += per_hte * new_hte[:, t] * index
        np.maximum(hi, 0.0, out=hi)
        other = other * g1
        if observed is not None:
            hit, total = np.isfinite(observed[:, t]), hi + other
            share = np.where(hit, observed[:, t], 0.0) / 100.0
            hi = np.where(hit, share * total, hi)
            other = np.where(hit, (1.0 - share) * total, other)
        hi_out[:, t] = hi
        total = np.add(hi, other, out=total_out[:, t])
        share_out[:, t] = 100.0 * hi / total
    return {"hightech_output": hi_out, "industrial_output": total_out,
            "hightech_share": share_out}
