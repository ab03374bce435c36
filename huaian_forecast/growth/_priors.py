"""Priors on a region's yearly growth from reference regions (Jiangsu, Subei, peers).

Notes
-----
Each reference region with at least two point years is fitted with the log-linear family
(logit-linear for shares) under the weak prior, giving a growth ``b_r`` with standard error
``se_r``. The prior for the target region's growth is ``N(mean_r b_r, (mean_r se_r^2 +
tau^2) / strength)``, where ``tau`` is the spread of growth between regions: the sample
s.d. of the ``b_r`` when there are at least three regions (empirical Bayes), floored at
:data:`BETWEEN_REGION_SD`, else :data:`BETWEEN_REGION_SD` itself. ``strength`` scales the
prior's precision: 0 switches it off, 1 is the estimate, larger values trust it more.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from huaian_forecast.exceptions import ArgumentError
from huaian_forecast.growth._base import WEAK_GROWTH_PRIOR_SD, ModelFit
from huaian_forecast.growth._fit import fit_model, make_context
from huaian_forecast.growth._series import prepare_series, scale_for
from huaian_forecast.growth.loglinear import LogLinear

__all__ = ["BETWEEN_REGION_SD", "GrowthPrior", "reference_prior"]

#: ASSUMPTION: a city's yearly growth (log or logit scale) differs from its reference
#: region's by about 0.05 (5 percentage points of growth) at one s.d.; plausible range
#: 0.02-0.10. Used when fewer than three reference regions inform the prior, and as a floor.
BETWEEN_REGION_SD = 0.05


@dataclass(frozen=True, slots=True, kw_only=True)
class GrowthPrior:
    """Normal prior on the yearly growth on the model scale (log, or logit for shares).

    Parameters
    ----------
    mean, sd : float
        Prior mean and standard deviation of the growth per year (fractions: 0.05 is
        about 5 % a year on the log scale).
    source : str
        Where it comes from (reference regions, or the user's reason for an explicit prior).

    Examples
    --------
    >>> GrowthPrior(mean=0.05, sd=0.1, source="assumption: labs grow ~5 %/yr").sd
    0.1
    """

    mean: float
    sd: float
    source: str

    def __post_init__(self) -> None:
        if not (np.isfinite(self.mean) and np.isfinite(self.sd) and self.sd > 0):
            raise ArgumentError(f"GrowthPrior needs a finite mean and a positive sd; got "
                                f"mean={self.mean}, sd={self.sd}")
        if not self.source:
            raise ArgumentError("GrowthPrior needs a source (say where the numbers come from)")


def _reference_growth(history: pd.DataFrame, indicator: str,
                      region: str) -> tuple[float, float] | None:
    series = prepare_series(history, indicator=indicator, region=region)
    if np.unique(series.years[series.censor == 0]).size < 2:
        return None
    model = LogLinear()
    ctx = make_context(series, scale_for(series.kind), growth_mean=0.0,
                       growth_sd=WEAK_GROWTH_PRIOR_SD)
    fit = fit_model(model, series, ctx)
    if not isinstance(fit, ModelFit):
        return None
    return float(fit.theta[1]), float(np.sqrt(fit.cov[1, 1]))


def reference_prior(history: pd.DataFrame, *, indicator: str, region: str,
                    references: Sequence[str], strength: float = 1.0) -> GrowthPrior | None:
    """Growth prior for ``region`` from the reference regions' series of ``indicator``.

    Parameters
    ----------
    history : pandas.DataFrame
        Observation table.
    indicator, region : str
        The series to be fitted (``region`` itself is never its own reference).
    references : sequence of str
        Candidate reference regions, e.g. ``("Jiangsu", "Subei")``.
    strength : float
        Precision multiplier (>= 0); 0 returns ``None``.

    Returns
    -------
    GrowthPrior or None
        ``None`` when ``strength`` is 0 or no reference region has two point years.
    """
    if strength < 0 or not np.isfinite(strength):
        raise ArgumentError(f"prior_strength must be a finite number >= 0, got {strength}")
    if strength == 0:
        return None
    found = {ref: g for ref in references if ref != region
             if (g := _reference_growth(history, indicator, ref)) is not None}
    if not found:
        return None
    growth = np.array([g for g, _ in found.values()])
    se2 = np.array([s for _, s in found.values()]) ** 2
    tau2 = BETWEEN_REGION_SD**2
    if growth.size >= 3:
        tau2 = max(float(growth.var(ddof=1)), tau2)
    sd = float(np.sqrt((se2.mean() + tau2) / strength))
    names = ", ".join(f"{r} {g:+.3f}/yr" for r, (g, _) in found.items())
    return GrowthPrior(mean=float(growth.mean()), sd=sd,
                       source=f"reference regions ({names}); strength {strength:g}")
