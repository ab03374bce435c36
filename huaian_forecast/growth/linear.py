"""Linear trend in published units (clipped to the indicator's range)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import numpy as np

from huaian_forecast.growth._base import FitContext, Structure
from huaian_forecast.growth._series import Scale
from huaian_forecast.growth.loglinear import LogLinear
from huaian_forecast.indicators import IndicatorKind

__all__ = ["Linear"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Linear(LogLinear):
    """Constant absolute change: ``y(t) = a + b (t - t0) + e_t`` in published units.

    Notes
    -----
    Same likelihood and priors as :class:`~huaian_forecast.growth.loglinear.LogLinear`
    but on the identity scale: the reference growth prior ``g`` (log / logit scale) is
    converted to a slope ``g * dy/dz`` at the anchor value, and the ``sigma`` prior is
    centred on 5 % of the anchor value. Paths are clipped to the indicator's valid range
    (a share to 0-100 %, a count at 0). Parameters: ``a, b, log sigma`` (k = 3).
    """

    name: ClassVar[str] = "linear"
    structure: ClassVar[Structure] = "trend"

    def label(self, kind: IndicatorKind) -> str:
        """Return ``linear`` whatever the kind."""
        return "linear"

    def scale(self, kind: IndicatorKind) -> Scale:
        """Return the identity scale."""
        return Scale("identity")

    def describe(self, theta: np.ndarray, ctx: FitContext) -> dict[str, np.ndarray]:
        """Return level at the anchor year, slope per year, ``sigma`` (published units)."""
        return {"level": theta[..., 0], "slope": theta[..., 1], "sigma": np.exp(theta[..., 2])}
