"""Damped trend: a random walk whose drift decays geometrically."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import numpy as np
from scipy import special

from huaian_forecast.growth._base import FitContext, GrowthModel, Structure, norm_logpdf

__all__ = ["DampedTrend"]

#: ASSUMPTION: prior of the damping ``phi = 0.5 + 0.5 expit(u)``, ``u ~ N(0.85, 1.5^2)``:
#: median phi 0.85 (drift halves in about 4 years), 0.55-0.99 within 2 s.d.
PHI_PRIOR = (0.85, 1.5)


def _phi_parts(u: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``log phi`` and ``1 - phi`` computed without cancellation."""
    one_minus = 0.5 * special.expit(-u)
    return np.log1p(-one_minus), one_minus


@dataclass(frozen=True, slots=True, kw_only=True)
class DampedTrend(GrowthModel):
    """Damped trend: ``z(t) = z(t-1) + b phi^(t - t0) + sigma * eps_t``.

    Notes
    -----
    ETS(A,Ad,N) with smoothing ``alpha = 1, beta = 0``: the level is a random walk whose
    drift ``b`` (at the last point year ``t0``) is multiplied by ``phi`` each year, so the
    cumulative drift after ``h`` years is ``b phi (1 - phi^h) / (1 - phi)`` and the trend
    flattens towards ``b phi / (1 - phi)``. Fitted on increments like
    :class:`~huaian_forecast.growth.rw_drift.RandomWalkDrift` (gaps and bounds allowed,
    which statsmodels' ETSModel does not allow; hence our own likelihood, which also keeps
    AICc comparable across families). On a regular, exact series the estimates and
    forecasts agree with statsmodels' ``ETSModel(trend="add", damped_trend=True)`` with
    ``alpha = 1, beta = 0`` fixed (a reference test checks this). Priors:
    ``b ~ N(g, s_g^2)``, ``phi`` as in :data:`PHI_PRIOR`, ``log sigma`` lognormal.
    Parameters: ``b, u, log sigma`` (k = 3).

    References
    ----------
    Gardner, E. S. & McKenzie, E. (1985). Forecasting trends in time series. Management
    Science 31(10), 1237-1246.
    """

    name: ClassVar[str] = "damped"
    structure: ClassVar[Structure] = "increment"
    param_names: ClassVar[tuple[str, ...]] = ("b", "u_phi", "log_sigma")
    min_obs: ClassVar[int] = 6
    growth_index: ClassVar[int | None] = 0

    def mean(self, theta: np.ndarray, x: np.ndarray, ctx: FitContext) -> np.ndarray:
        """Cumulative drift since the anchor, ``b phi (phi^x - 1) / (phi - 1)``."""
        log_phi, one_minus = _phi_parts(theta[..., 1, None])
        b = theta[..., 0, None]
        return np.asarray(b * np.exp(log_phi) * -np.expm1(x * log_phi) / one_minus)

    def log_prior(self, theta: np.ndarray, ctx: FitContext) -> float:
        """Growth prior on ``b``, damping prior, sigma prior."""
        return float(norm_logpdf(theta[0], ctx.growth_mean, ctx.growth_sd)
                     + norm_logpdf(theta[1], special.logit((PHI_PRIOR[0] - 0.5) / 0.5),
                                   PHI_PRIOR[1])
                     + self.sigma_prior(theta, ctx))

    def starts(self, x: np.ndarray, z: np.ndarray, ctx: FitContext) -> list[np.ndarray]:
        """Average increment with phi at its prior median, and with phi near 1."""
        order = np.argsort(x)
        b = (z[order][-1] - z[order][0]) / max(float(np.ptp(x)), 1.0)
        log_s = np.log(ctx.sigma_centre)
        u0 = float(special.logit((PHI_PRIOR[0] - 0.5) / 0.5))
        return [np.array([b, u0, log_s]), np.array([b, 3.0, log_s]),
                np.array([ctx.growth_mean, u0, log_s])]

    def describe(self, theta: np.ndarray, ctx: FitContext) -> dict[str, np.ndarray]:
        """Return the current drift ``b``, damping ``phi`` and ``sigma``."""
        log_phi, _ = _phi_parts(theta[..., 1])
        return {"growth": theta[..., 0], "phi": np.exp(log_phi), "sigma": np.exp(theta[..., 2])}
