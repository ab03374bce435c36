"""Logistic growth with an estimated saturation level."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import numpy as np
from scipy import special

from huaian_forecast.growth._saturation import Saturating

__all__ = ["Logistic"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Logistic(Saturating):
    """Logistic curve ``y(t) = K / (1 + exp(-r (t - t_m)))``.

    Notes
    -----
    Errors are independent on the log scale (logit for shares: ``z = logit(y / 100)`` with
    ``K <= 100 %``). ``K``, ``r`` and ``t_m`` are estimated with the priors of
    :mod:`~huaian_forecast.growth._saturation` (``K`` centred on twice the largest value,
    or halfway to 100 % for a share). Parameters: ``kappa, log r, c, log sigma`` (k = 4);
    admissible from 7 observations.

    References
    ----------
    Meade, N. & Islam, T. (2006). Modelling and forecasting the diffusion of innovation -
    a 25-year review. International Journal of Forecasting 22(3), 519-545.
    """

    name: ClassVar[str] = "logistic"

    def log_fraction(self, s: np.ndarray) -> np.ndarray:
        """``log(1 / (1 + exp(-s)))``."""
        return np.asarray(special.log_expit(s))

    def start_s(self, q: float) -> float:
        """``logit(q)``."""
        return float(special.logit(q))
