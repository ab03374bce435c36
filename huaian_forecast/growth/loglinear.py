"""Log-linear trend (constant growth); on a share, the logit-linear trend."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import numpy as np

from huaian_forecast.growth._base import (
    LEVEL_PRIOR_SD,
    FitContext,
    GrowthModel,
    Structure,
    norm_logpdf,
)
from huaian_forecast.indicators import IndicatorKind

__all__ = ["LogLinear", "line_starts"]


def line_starts(x: np.ndarray, z: np.ndarray, ctx: FitContext) -> list[np.ndarray]:
    """Return starts ``(a, b, log sigma)``: least squares if two points, and the prior."""
    log_s = np.log(ctx.sigma_centre)
    starts = [np.array([ctx.z_anchor, ctx.growth_mean, log_s])]
    if np.unique(x).size >= 2:
        b, a = np.polyfit(x, z, 1)
        starts.insert(0, np.array([a, b, log_s]))
    return starts


@dataclass(frozen=True, slots=True, kw_only=True)
class LogLinear(GrowthModel):
    """Constant growth: ``z(t) = a + b (t - t0) + e_t`` on the log (logit for shares) scale.

    Notes
    -----
    ``z = log y`` for positive levels, counts and ratios, so ``exp(b) - 1`` is the yearly
    growth rate; ``z = logit(y / 100)`` for shares, so paths stay inside 0-100 %. Errors
    ``e_t ~ N(0, sigma^2 + tau_t^2)`` are independent. ``t0`` is the last point year.
    Priors: ``b ~ N(g, s_g^2)`` (reference region or weak), ``log sigma`` lognormal
    (:data:`~huaian_forecast.growth._base.SIGMA_PRIOR`), ``a`` practically flat.
    Parameters: ``a, b, log sigma`` (k = 3).
    """

    name: ClassVar[str] = "loglinear"
    structure: ClassVar[Structure] = "trend"
    param_names: ClassVar[tuple[str, ...]] = ("a", "b", "log_sigma")
    min_obs: ClassVar[int] = 2
    growth_index: ClassVar[int | None] = 1

    def label(self, kind: IndicatorKind) -> str:
        """``logit_linear`` on a share, ``loglinear`` otherwise."""
        return "logit_linear" if kind == "share" else "loglinear"

    def mean(self, theta: np.ndarray, x: np.ndarray, ctx: FitContext) -> np.ndarray:
        """Return ``a + b x``."""
        return np.asarray(theta[..., 0, None] + theta[..., 1, None] * x)

    def log_prior(self, theta: np.ndarray, ctx: FitContext) -> float:
        """Weak level prior, growth prior, sigma prior."""
        return float(norm_logpdf(theta[0], ctx.z_anchor, LEVEL_PRIOR_SD * _unit(ctx))
                     + norm_logpdf(theta[1], ctx.growth_mean, ctx.growth_sd)
                     + self.sigma_prior(theta, ctx))

    def starts(self, x: np.ndarray, z: np.ndarray, ctx: FitContext) -> list[np.ndarray]:
        """Least-squares line and the prior centre."""
        return line_starts(x, z, ctx)

    def describe(self, theta: np.ndarray, ctx: FitContext) -> dict[str, np.ndarray]:
        """Return level at the anchor year (published unit), growth ``b``, ``sigma``."""
        return {"level": ctx.scale.inverse(theta[..., 0]), "growth": theta[..., 1],
                "sigma": np.exp(theta[..., 2])}


def _unit(ctx: FitContext) -> float:
    """Size of one 'unit' of level on the model scale (1 on log/logit, |y| on identity)."""
    return max(abs(ctx.y_anchor), 1e-9) if ctx.scale.name == "identity" else 1.0
