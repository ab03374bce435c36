"""The growth ensemble: guardrails, priors and weights of the fitted families.

:func:`fit_growth` fits every admissible family of :data:`FAMILIES` to one region's
series and weighs them by AICc; the result, :class:`GrowthFit` (defined in
:mod:`huaian_forecast.growth._result`), draws Monte Carlo paths (a family per path by
weight, then its parameters, then its noise), per-family paths and yearly growth rates,
and tabulates each family's weight, parameters and probability of each target.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Literal

import numpy as np
import pandas as pd

from huaian_forecast.data import HOME_REGION
from huaian_forecast.exceptions import ArgumentError, FitError
from huaian_forecast.growth._base import WEAK_GROWTH_PRIOR_SD, GrowthModel, ModelFit
from huaian_forecast.growth._fit import fit_model, make_context
from huaian_forecast.growth._priors import GrowthPrior, reference_prior
from huaian_forecast.growth._result import GrowthFit, Weighting
from huaian_forecast.growth._series import Series, prepare_series
from huaian_forecast.growth.damped import DampedTrend
from huaian_forecast.growth.gompertz import Gompertz
from huaian_forecast.growth.linear import Linear
from huaian_forecast.growth.logistic import Logistic
from huaian_forecast.growth.loglinear import LogLinear
from huaian_forecast.growth.rw_drift import RandomWalkDrift
from huaian_forecast.indicators import get_indicator

__all__ = [
    "DEFAULT_REFERENCES",
    "FAMILIES",
    "STEEP_GROWTH",
    "FamilyName",
    "GrowthFit",
    "fit_growth",
]

FamilyName = Literal["linear", "loglinear", "rw_drift", "damped", "logistic", "gompertz"]
#: Every growth family, simplest first.
FAMILIES: dict[str, GrowthModel] = {
    "linear": Linear(), "loglinear": LogLinear(), "rw_drift": RandomWalkDrift(),
    "damped": DampedTrend(), "logistic": Logistic(), "gompertz": Gompertz(),
}
#: Regions whose series inform the growth prior by default.
DEFAULT_REFERENCES: tuple[str, ...] = ("Jiangsu", "Subei")


def _growth_prior(history: pd.DataFrame, indicator: str, region: str,
                  references: Sequence[str], strength: float,
                  prior: GrowthPrior | None) -> tuple[GrowthPrior | None, list[str]]:
    if prior is not None:
        return prior, [f"growth prior given explicitly: N({prior.mean:+.3f}, {prior.sd:.3f}) "
                       f"per year ({prior.source})"]
    found = reference_prior(history, indicator=indicator, region=region,
                            references=references, strength=strength)
    if found is None:
        return None, []
    return found, [f"growth prior N({found.mean:+.3f}, {found.sd:.3f}) per year borrowed "
                   f"from {found.source}"]


def _admissible(family: GrowthModel, series: Series, has_prior: bool) -> str | None:
    """Why the family cannot be fitted to this series (None if it can)."""
    needed = family.min_obs
    if has_prior and family.growth_index is not None and family.min_obs <= 3:
        needed = 1
    if series.n_obs < needed:
        return (f"needs >= {needed} observations (points + bounds) for {family.n_params} "
                f"parameters; has {series.n_obs}")
    if family.structure == "increment" and needed > 1 and series.n_points < 2:
        return "a random walk needs two point observations"
    return None


def _weights(fits: list[ModelFit]) -> tuple[np.ndarray, Weighting, list[str]]:
    aicc = np.array([f.aicc for f in fits])
    if np.all(np.isfinite(aicc)):
        rel = np.exp(-0.5 * (aicc - aicc.min()))
        return rel / rel.sum(), "aicc", []
    undefined = [f.name for f, a in zip(fits, aicc, strict=True) if not np.isfinite(a)]
    note = (f"AICc undefined with {fits[0].n_cond + 1} observations for "
            f"{', '.join(undefined)}: families weighted equally (the data cannot tell them "
            "apart)")
    return np.full(len(fits), 1.0 / len(fits)), "equal", [note]


def fit_growth(history: pd.DataFrame, *, indicator: str, region: str = HOME_REGION,
               references: Sequence[str] = DEFAULT_REFERENCES, prior_strength: float = 1.0,
               prior: GrowthPrior | None = None,
               families: Iterable[FamilyName] | None = None) -> GrowthFit:
    """Fit the growth ensemble to one region's series of one indicator.

    Parameters
    ----------
    history : pandas.DataFrame
        Observation table (any rows; those of ``region`` and ``indicator`` are fitted,
        those of ``references`` inform the growth prior). Not modified.
    indicator : str
        Indicator key or alias.
    region : str
        Region to fit.
    references : sequence of str
        Reference regions for the growth prior (see
        :func:`~huaian_forecast.growth._priors.reference_prior`); ``()`` for none.
    prior_strength : float
        Precision multiplier of the reference prior (0 = own data only).
    prior : GrowthPrior, optional
        Explicit growth prior; replaces the reference prior. Use it, with a documented
        source, for a series that no region informs (e.g. key labs).
    families : iterable of str, optional
        Restrict the ensemble to these families (default: all of :data:`FAMILIES`).

    Returns
    -------
    GrowthFit

    Raises
    ------
    ArgumentError
        For an unknown family name (checked before anything is fitted).
    FitError
        If the region has no point observation, or observations in fewer than two years
        and no growth prior; or if no family could be fitted.

    Examples
    --------
    >>> import huaian_forecast as hf
    >>> fit = hf.fit_growth(hf.load_history(), indicator="rd_intensity", region="Jiangsu")
    >>> fit.draw([2025, 2030], n_paths=100, seed=1).shape
    (100, 2)
    """
    ind = get_indicator(indicator)
    chosen: list[str] = list(FAMILIES) if families is None else [str(f) for f in families]
    unknown = sorted(set(chosen) - set(FAMILIES))
    if unknown:
        raise ArgumentError(f"unknown families {unknown}; valid: {list(FAMILIES)}")
    if isinstance(references, str):
        references = (references,)
    series = prepare_series(history, indicator=ind.key, region=region)
    if series.n_points == 0:
        what = "only bounds" if series.n_obs else "no observation"
        raise FitError(f"{ind.key} for {region}: {what}; a growth fit needs at least one "
                       "point value")
    growth_prior, notes = _growth_prior(history, ind.key, region, references,
                                        prior_strength, prior)
    if series.n_years < 2 and growth_prior is None:
        raise FitError(
            f"{ind.key} for {region}: observations in {series.n_years} year(s) only "
            f"({', '.join(str(int(y)) for y in np.unique(series.years))}) and no reference "
            f"region among {list(references)} has two; pass prior=GrowthPrior(...) with a "
            "documented source")
    notes = [*series.notes, *notes]
    fits, excluded = _fit_families(series, chosen, growth_prior)
    if not fits:
        raise FitError(f"{ind.key} for {region}: no family could be fitted ({excluded})")
    weights, weighting, w_notes = _weights(fits)
    notes.extend(w_notes)
    steep = _steep_rates(fits, series)
    notes.extend(f"{name} implies {rate:.0%} growth a year from {series.n_years} year(s) of "
                 "data; beyond a few years its paths are extrapolation, not a forecast"
                 for name, rate in steep.items())
    notes.extend(f"{name} excluded: {why}" for name, why in excluded.items())
    notes.extend(f"{f.name}: {n}" for f in fits for n in f.notes)
    return GrowthFit(indicator=ind.key, region=region, series=series, models=tuple(fits),
                     weights=weights, weighting=weighting, excluded=excluded,
                     prior=growth_prior, notes=tuple(notes), steep=steep)


#: Implied growth above which a note warns that long horizons are pure extrapolation.
STEEP_GROWTH = 0.25


def _steep_rates(fits: list[ModelFit], series: Series) -> dict[str, float]:
    """Return the families implying more than 25 % a year over five years, with the rate."""
    anchor = series.anchor_year
    out = {}
    for fit in fits:
        start, end = fit.predict(np.array([anchor, anchor + 5]))
        rate = (end / start) ** 0.2 - 1.0 if start > 0 else np.inf
        if rate > STEEP_GROWTH:
            out[fit.name] = float(rate)
    return out


def _fit_families(series: Series, chosen: list[str],
                  prior: GrowthPrior | None) -> tuple[list[ModelFit], dict[str, str]]:
    g_mean, g_sd = (prior.mean, prior.sd) if prior else (0.0, WEAK_GROWTH_PRIOR_SD)
    fits: list[ModelFit] = []
    excluded: dict[str, str] = {}
    for key in chosen:
        family = FAMILIES[key]
        label = family.label(series.kind)
        reason = _admissible(family, series, prior is not None)
        if reason is None:
            ctx = make_context(series, family.scale(series.kind), growth_mean=g_mean,
                               growth_sd=g_sd)
            result = fit_model(family, series, ctx)
            if isinstance(result, ModelFit):
                fits.append(result)
                continue
            reason = result
        excluded[label] = reason
    return fits, excluded
