"""Gompertz growth with an estimated saturation level."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import numpy as np

from huaian_forecast.growth._saturation import Saturating

__all__ = ["Gompertz"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Gompertz(Saturating):
    """Gompertz curve ``y(t) = K exp(-exp(-r (t - t_m)))``.

    Notes
    -----
    Asymmetric S-curve (the inflection is at ``K / e``, earlier than the logistic's
    ``K / 2``); on the log scale ``log y = log K - exp(-r (t - t_m))``, so the growth rate
    decays geometrically. Same error model, priors and admissibility as
    :class:`~huaian_forecast.growth.logistic.Logistic`. Parameters: ``kappa, log r, c,
    log sigma`` (k = 4).

    References
    ----------
    Meade, N. & Islam, T. (2006). Modelling and forecasting the diffusion of innovation -
    a 25-year review. International Journal of Forecasting 22(3), 519-545.
    """

    name: ClassVar[str] = "gompertz"

    def log_fraction(self, s: np.ndarray) -> np.ndarray:
        """``-exp(-s)``."""
        return np.asarray(-np.exp(-np.maximum(s, -50.0)))

    def start_s(self, q: float) -> float:
        """``-log(-log q)``."""
        return float(-np.log(-np.log(q)))
