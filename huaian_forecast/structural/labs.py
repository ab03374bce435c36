"""Provincial-or-higher key laboratories as a count process.

Year ``t``: ``A_t`` attempts (the lever, randomly rounded when fractional) each succeed
with probability ``s``; each existing lab is de-listed with hazard ``h``:
``L_t = L_{t-1} - Bin(L_{t-1}, h) + Bin(A_t, s)``. Draws are exact binomial quantiles of
uniform shocks, so the count is a whole number, never negative, and non-decreasing in the
attempts for fixed shocks.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from huaian_forecast.structural._binomial import (
    binomial_quantile,
    flat_quantile,
    randomised_round,
)

__all__ = ["LabParams", "LabShocks", "project_labs"]


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class LabParams:
    """Per-path parameters.

    Parameters
    ----------
    labs0 : array or float
        Labs in the anchor year (whole number).
    success : array or float
        Success probability of an attempt.
    attrition : array or float
        Yearly de-listing hazard.
    """

    labs0: np.ndarray | float
    success: np.ndarray | float
    attrition: np.ndarray | float

    def __post_init__(self) -> None:
        labs0 = np.asarray(self.labs0)
        if np.any(labs0 < 0) or np.any(labs0 != np.floor(labs0)):
            raise ValueError("labs0 must be a non-negative whole number")
        for name in ("success", "attrition"):
            v = np.asarray(getattr(self, name))
            if np.any((v < 0) | (v > 1)):
                raise ValueError(f"{name} must be a fraction in [0, 1]")


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class LabShocks:
    """Uniform shocks ``rounding``, ``new``, ``exit``, each ``(n_paths, n_years)``."""

    rounding: np.ndarray
    new: np.ndarray
    exit: np.ndarray

    @classmethod
    def median(cls, n_paths: int, n_years: int) -> LabShocks:
        """Shocks at 0.5 (median draws), for hand-computed tests."""
        half = np.full((n_paths, n_years), 0.5)
        return cls(rounding=half, new=half.copy(), exit=half.copy())

    @classmethod
    def draw(cls, rng: np.random.Generator, n_paths: int, n_years: int) -> LabShocks:
        """Draw the shocks in a fixed order: rounding, new, exit (float32: half the cost)."""
        shape = (n_paths, n_years)
        return cls(rounding=rng.random(shape, dtype=np.float32),
                   new=rng.random(shape, dtype=np.float32),
                   exit=rng.random(shape, dtype=np.float32))


def project_labs(params: LabParams, *, attempts: np.ndarray, shocks: LabShocks,
                 observed: np.ndarray | None = None) -> np.ndarray:
    """Project the number of labs.

    Parameters
    ----------
    params : LabParams
        Per-path parameters.
    attempts : numpy.ndarray
        Attempts per year (may be fractional), ``(n_years,)`` or ``(n_paths, n_years)``.
    shocks : LabShocks
        Uniform shocks.
    observed : numpy.ndarray, optional
        Observed count ``(n_paths, n_years)``, NaN where not observed: an observed year is
        set to it and the paths continue from it.

    Returns
    -------
    numpy.ndarray
        ``(n_paths, n_years)`` whole numbers >= 0.

    Examples
    --------
    >>> p = LabParams(labs0=6, success=1.0, attrition=0.0)
    >>> project_labs(p, attempts=np.array([2.0, 2.0]), shocks=LabShocks.median(1, 2)).tolist()
    [[8.0, 10.0]]
    """
    n_paths, n_years = shocks.new.shape
    labs = np.broadcast_to(np.asarray(params.labs0, dtype=float), (n_paths,)).copy()
    tries = randomised_round(
        np.broadcast_to(np.atleast_2d(np.maximum(np.asarray(attempts, dtype=float), 0.0)),
                        (n_paths, n_years)), shocks.rounding)
    success = np.asarray(params.success, dtype=float)
    # the new labs do not depend on the stock: every year at once (the quantile is
    # element-wise, so the same counts as year by year, at a twelfth of the calls)
    new = binomial_quantile(tries, success[:, None] if success.ndim == 1 else success,
                            shocks.new)
    out = np.empty((n_paths, n_years))
    # with whole labs >= 0 (no observation sets them), the exits' quantiles skip their
    # checks: hazard clipped and shocks as float rows once for all years
    lean = observed is None and bool(np.all(labs == np.floor(labs)))
    hazard = np.ascontiguousarray(np.clip(np.broadcast_to(
        np.asarray(params.attrition, dtype=float), (n_paths,)), 0.0, 1.0))
    exit_u = np.ascontiguousarray(shocks.exit.T, dtype=float)
    for t in range(n_years):
        exits = (flat_quantile(labs, hazard, exit_u[t]) if lean
                 else binomial_quantile(labs, params.attrition, shocks.exit[:, t]))
        labs = labs - exits + new[:, t]
        if observed is not None:
            labs = np.where(np.isfinite(observed[:, t]), observed[:, t], labs)
        out[:, t] = labs
    return out
