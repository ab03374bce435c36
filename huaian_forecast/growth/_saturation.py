"""Shared parts of the saturating families (logistic, Gompertz): priors, starts, output.

The saturation level ``K`` is an estimated parameter with a prior, not a hand-set cap.
Parameters (unconstrained): ``kappa`` (``K = exp(kappa)`` for positive levels, ``K = 100
expit(kappa)`` percent for shares), ``log r`` (speed), ``c`` (midpoint, years after the
anchor) and ``log sigma``.
"""

from __future__ import annotations

from typing import ClassVar

import numpy as np
from scipy import special

from huaian_forecast.growth._base import FitContext, GrowthModel, Structure, norm_logpdf

__all__ = ["K_PRIOR_LOGIT_SD", "K_PRIOR_LOG_SD", "R_PRIOR", "Saturating"]

#: ASSUMPTION: for a positive level, ``log K ~ N(log(2 y_max), 0.7^2)``: saturation most
#: likely about twice the largest value seen, 0.5x-8x within 2 s.d.
K_PRIOR_LOG_SD = 0.7
#: ASSUMPTION: for a share, ``logit(K/100) ~ N(logit((1 + p_max) / 2), 1)``: halfway
#: between the largest share seen and 100 %.
K_PRIOR_LOGIT_SD = 1.0
#: ASSUMPTION: speed ``log r ~ N(log 0.2, 1)`` (r between 0.03 and 1.5 per year at 2 s.d.);
#: midpoint ``c ~ N(0, 20^2)`` years from the anchor (practically flat).
R_PRIOR = (0.2, 1.0)
_C_PRIOR_SD = 20.0


class Saturating(GrowthModel):
    """Base of the S-curves: subclasses give ``log_fraction(s)``, ``s = r (x - c)``.

    ``log_fraction`` is ``log(y / K)`` as a function of ``s`` and ``start_s(q)`` inverts
    it for a starting point (``q = y / K`` at the anchor).
    """

    __slots__ = ()
    structure: ClassVar[Structure] = "trend"
    param_names: ClassVar[tuple[str, ...]] = ("kappa", "log_r", "c", "log_sigma")
    min_obs: ClassVar[int] = 7

    def log_fraction(self, s: np.ndarray) -> np.ndarray:
        """``log(y / K)`` as a function of ``s = r (x - c)``."""
        raise NotImplementedError

    def start_s(self, q: float) -> float:
        """``s`` at which ``y / K = q``."""
        raise NotImplementedError

    def _log_k(self, kappa: np.ndarray, ctx: FitContext) -> np.ndarray:
        if ctx.scale.name == "logit":
            return np.asarray(special.log_expit(kappa))  # log of K as a fraction of 100 %
        return np.asarray(kappa)

    def mean(self, theta: np.ndarray, x: np.ndarray, ctx: FitContext) -> np.ndarray:
        """Curve on the model scale (log, or logit of ``K/100 * fraction`` for shares)."""
        s = np.exp(theta[..., 1, None]) * (x - theta[..., 2, None])
        log_y = self._log_k(theta[..., 0, None], ctx) + self.log_fraction(s)
        if ctx.scale.name == "logit":
            log_y = np.minimum(log_y, -1e-12)
            return np.asarray(log_y - np.log(-np.expm1(log_y)))
        return np.asarray(log_y)

    def _kappa_centre(self, ctx: FitContext) -> float:
        if ctx.scale.name == "logit":
            return float(special.logit((1.0 + ctx.y_max / 100.0) / 2.0))
        return float(np.log(2.0 * ctx.y_max))

    def log_prior(self, theta: np.ndarray, ctx: FitContext) -> float:
        """Saturation, speed, midpoint and sigma priors."""
        k_sd = K_PRIOR_LOGIT_SD if ctx.scale.name == "logit" else K_PRIOR_LOG_SD
        return float(norm_logpdf(theta[0], self._kappa_centre(ctx), k_sd)
                     + norm_logpdf(theta[1], np.log(R_PRIOR[0]), R_PRIOR[1])
                     + norm_logpdf(theta[2], 0.0, _C_PRIOR_SD)
                     + self.sigma_prior(theta, ctx))

    def starts(self, x: np.ndarray, z: np.ndarray, ctx: FitContext) -> list[np.ndarray]:
        """Curves through the anchor value with a few speeds and saturation levels."""
        out = []
        y_frac = ctx.y_anchor / 100.0 if ctx.scale.name == "logit" else ctx.y_anchor
        for shift in (0.0, 1.0):
            kappa = self._kappa_centre(ctx) + shift
            k_val = float(np.exp(self._log_k(np.asarray(kappa), ctx)))
            q = float(np.clip(y_frac / k_val, 0.02, 0.98))
            for r in (0.1, 0.4):
                c = -self.start_s(q) / r
                out.append(np.array([kappa, np.log(r), c, np.log(ctx.sigma_centre)]))
        return out

    def describe(self, theta: np.ndarray, ctx: FitContext) -> dict[str, np.ndarray]:
        """Return saturation ``K`` (published unit), speed ``r``, midpoint year, ``sigma``."""
        k_val = np.exp(self._log_k(theta[..., 0], ctx))
        if ctx.scale.name == "logit":
            k_val = 100.0 * k_val
        return {"K": k_val, "r": np.exp(theta[..., 1]),
                "midpoint_year": ctx.anchor_year + theta[..., 2],
                "sigma": np.exp(theta[..., 3])}

    def prior_centre(self, ctx: FitContext) -> np.ndarray:
        """Unused by the fit; the prior's centre (for tests and documentation)."""
        return np.array([self._kappa_centre(ctx), np.log(R_PRIOR[0]), 0.0,
                         np.log(ctx.sigma_centre)])
