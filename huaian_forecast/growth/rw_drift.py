"""Random walk with drift on the log (logit for shares) scale."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import numpy as np

from huaian_forecast.growth._base import FitContext, GrowthModel, Structure, norm_logpdf

__all__ = ["RandomWalkDrift"]


@dataclass(frozen=True, slots=True, kw_only=True)
class RandomWalkDrift(GrowthModel):
    """Random walk with drift: ``z(t) = z(t-1) + mu + sigma * eps_t``.

    Notes
    -----
    Fitted on the increments between (possibly irregular) point years: ``z_j - z_i ~
    N(mu (t_j - t_i), sigma^2 (t_j - t_i) + tau_i^2 + tau_j^2)`` jointly; paths start at
    the last point and the ``h``-step spread is ``sigma sqrt(h)`` plus ``h`` times the
    drift uncertainty. Priors: ``mu ~ N(g, s_g^2)``, ``log sigma`` lognormal.
    Parameters: ``mu, log sigma`` (k = 2).
    """

    name: ClassVar[str] = "rw_drift"
    structure: ClassVar[Structure] = "increment"
    param_names: ClassVar[tuple[str, ...]] = ("mu", "log_sigma")
    min_obs: ClassVar[int] = 3
    growth_index: ClassVar[int | None] = 0

    def mean(self, theta: np.ndarray, x: np.ndarray, ctx: FitContext) -> np.ndarray:
        """Cumulative drift since the anchor: ``mu x``."""
        return np.asarray(theta[..., 0, None] * x)

    def log_prior(self, theta: np.ndarray, ctx: FitContext) -> float:
        """Growth prior on ``mu`` and the sigma prior."""
        return float(norm_logpdf(theta[0], ctx.growth_mean, ctx.growth_sd)
                     + self.sigma_prior(theta, ctx))

    def starts(self, x: np.ndarray, z: np.ndarray, ctx: FitContext) -> list[np.ndarray]:
        """Average increment per year, and the prior centre."""
        log_s = np.log(ctx.sigma_centre)
        starts = [np.array([ctx.growth_mean, log_s])]
        if np.ptp(x) > 0:
            order = np.argsort(x)
            mu = (z[order][-1] - z[order][0]) / np.ptp(x)
            starts.insert(0, np.array([mu, log_s]))
        return starts

    def describe(self, theta: np.ndarray, ctx: FitContext) -> dict[str, np.ndarray]:
        """Return drift ``mu`` (yearly growth on the model scale) and ``sigma``."""
        return {"growth": theta[..., 0], "sigma": np.exp(theta[..., 1])}
