"""The growth ensemble: guardrails, weights, draws and the summary table.

:func:`fit_growth` fits every admissible family of :data:`FAMILIES` to one region's
series and weighs them by AICc; :class:`GrowthFit` draws Monte Carlo paths (a family per
path by weight, then its parameters, then its noise), per-family paths and yearly growth
rates, and tabulates each family's weight, parameters and probability of each target.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd

from huaian_forecast.exceptions import ArgumentError, FitError
from huaian_forecast.growth._base import WEAK_GROWTH_PRIOR_SD, GrowthModel, ModelFit
from huaian_forecast.growth._fit import fit_model, make_context
from huaian_forecast.growth._priors import GrowthPrior, reference_prior
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
Weighting = Literal["aicc", "equal"]


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class GrowthFit:
    """An ensemble of fitted growth families for one indicator in one region.

    Parameters
    ----------
    indicator, region : str
        What was fitted.
    series : Series
        The observations used.
    models : tuple of ModelFit
        The fitted families.
    weights : numpy.ndarray
        Ensemble weight of each fitted family (sums to 1).
    weighting : {"aicc", "equal"}
        How the weights were set.
    excluded : Mapping[str, str]
        Families left out, with the reason.
    prior : GrowthPrior or None
        The growth prior used (reference regions or explicit), if any.
    notes : tuple of str
        Borrowing, exclusions, fallbacks and caught warnings, in words.
    """

    indicator: str
    region: str
    series: Series
    models: tuple[ModelFit, ...]
    weights: np.ndarray
    weighting: Weighting
    excluded: Mapping[str, str] = field(default_factory=dict)
    prior: GrowthPrior | None = None
    notes: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        if not self.models or self.weights.shape != (len(self.models),):
            raise ValueError("need at least one model and one weight per model")
        if not np.isclose(self.weights.sum(), 1.0) or np.any(self.weights < 0):
            raise ValueError("weights must be non-negative and sum to 1")

    @property
    def prior_share(self) -> float:
        """Weighted share of the growth estimate that came from the prior (0-1, or NaN)."""
        shares = np.array([m.prior_share for m in self.models])
        ok = np.isfinite(shares)
        if not ok.any():
            return float("nan")
        return float(np.sum(self.weights[ok] * shares[ok]) / self.weights[ok].sum())

    def predict(self, years: Sequence[int] | np.ndarray) -> np.ndarray:
        """Weighted average of the families' point forecasts (published units).

        Parameters
        ----------
        years : sequence of int
            Calendar years.

        Returns
        -------
        numpy.ndarray
            ``(len(years),)`` point forecasts, not rounded (also for counts).
        """
        preds = np.array([m.predict(np.asarray(years)) for m in self.models])
        return np.asarray(self.weights @ preds)

    def _continuous(self, years: np.ndarray, n_paths: int, rng: np.random.Generator,
                    include_noise: bool = True) -> np.ndarray:
        counts = rng.multinomial(n_paths, self.weights)
        blocks = [m.sample(years, int(c), rng, include_noise=include_noise)
                  for m, c in zip(self.models, counts, strict=True)]
        return np.concatenate(blocks, axis=0)[rng.permutation(n_paths)]

    def _finish(self, paths: np.ndarray) -> np.ndarray:
        return np.rint(paths) if get_indicator(self.indicator).is_integer else paths

    def draw(self, years: Sequence[int] | np.ndarray, *, n_paths: int = 10_000,
             seed: np.random.Generator | int | None = None) -> np.ndarray:
        """Draw ``(n_paths, len(years))`` ensemble paths in the published unit.

        Each path picks a family with probability equal to its weight, then that family's
        parameters (Laplace approximation) and noise, so the spread includes model and
        parameter uncertainty and widens with the horizon. Counts are whole numbers.
        Deterministic given ``seed``.

        Parameters
        ----------
        years : sequence of int
            Calendar years to draw (need not be consecutive).
        n_paths : int
            Number of paths, at least 1.
        seed : numpy.random.Generator, int or None
            Random source (deterministic given an int or a seeded Generator).

        Returns
        -------
        numpy.ndarray
            ``(n_paths, len(years))`` values in the indicator's published unit.

        Raises
        ------
        ArgumentError
            If ``years`` is empty or not 1-d, or ``n_paths`` is below 1.
        """
        years = _check_years(years, n_paths)
        return self._finish(self._continuous(years, n_paths, np.random.default_rng(seed)))

    def draw_by_model(self, years: Sequence[int] | np.ndarray, *, n_paths: int = 2_000,
                      seed: np.random.Generator | int | None = None) -> dict[str, np.ndarray]:
        """Draw ``n_paths`` paths from each fitted family separately.

        Parameters
        ----------
        years : sequence of int
            Calendar years to draw.
        n_paths : int
            Paths per family, at least 1.
        seed : numpy.random.Generator, int or None
            Random source; the families draw from it one after another.

        Returns
        -------
        dict of str to numpy.ndarray
            Family name -> ``(n_paths, len(years))`` values in the published unit.
        """
        years = _check_years(years, n_paths)
        rng = np.random.default_rng(seed)
        return {m.name: self._finish(m.sample(years, n_paths, rng)) for m in self.models}

    def draw_growth(self, years: Sequence[int] | np.ndarray, *, n_paths: int = 10_000,
                    seed: np.random.Generator | int | None = None,
                    include_noise: bool = True) -> np.ndarray:
        """Draw yearly growth rates ``y_t / y_{t-1} - 1`` (fractions) of ensemble paths.

        Parameters
        ----------
        years : sequence of int
            Consecutive calendar years; the year before the first is drawn too, so the
            result has shape ``(n_paths, len(years))``.
        n_paths : int
            Number of paths.
        seed : numpy.random.Generator, int or None
            Random source (deterministic given an int).
        include_noise : bool
            ``True``: growth of the simulated values, year-to-year noise included (for the
            trend families this noise is independent each year, so single-year growth
            rates are very dispersed). ``False``: growth of each path's trend (family and
            parameters drawn, noise set to zero), an organic-growth baseline for the
            scenario models (e.g. R&D spend, GDP).

        Returns
        -------
        numpy.ndarray
            ``(n_paths, len(years))`` growth rates as fractions (0.05 = 5 %). Values are
            not rounded, so a count's growth is smooth.
        """
        years = _check_years(years, n_paths)
        if np.any(np.diff(years) != 1):
            raise ArgumentError("draw_growth needs consecutive years")
        span = np.concatenate([[years[0] - 1], years])
        level = self._continuous(span, n_paths, np.random.default_rng(seed), include_noise)
        return np.asarray(level[:, 1:] / np.maximum(level[:, :-1], 1e-12) - 1.0)

    def parameters(self, *, n_draws: int = 4_000, seed: int = 0) -> pd.DataFrame:
        """Each family's parameters: mode and 10-90 % range of the Laplace draws.

        Parameters
        ----------
        n_draws : int
            Parameter draws per family for the range.
        seed : int
            Seed of those draws.

        Returns
        -------
        pandas.DataFrame
            Columns ``model, weight, parameter, mode, q10, q90`` on the natural scale
            (``growth`` per year on the log / logit scale, ``slope`` and ``level`` in the
            published unit, ``K`` the saturation level, ``phi`` the damping).
        """
        rng = np.random.default_rng(seed)
        rows = []
        for fit, weight in zip(self.models, self.weights, strict=True):
            draws = fit.parameter_draws(n_draws, rng)
            for name, mode in fit.parameters().items():
                q10, q90 = np.quantile(draws[name], [0.1, 0.9])
                rows.append({"model": fit.name, "weight": float(weight), "parameter": name,
                             "mode": mode, "q10": float(q10), "q90": float(q90)})
        return pd.DataFrame(rows)

    def summary(self, targets: Any = None, *, n_paths: int = 4_000,
                seed: int = 0) -> pd.DataFrame:
        """One row per family (fitted or excluded) plus an ``ensemble`` row.

        Parameters
        ----------
        targets : DataFrame, iterable of Target or of ``(year, threshold[, direction])``
            Optional targets of this indicator; a column ``P(>=threshold in year)`` per
            target gives each family's own probability (from ``n_paths`` draws).
        n_paths, seed : int
            Draws per family for the probabilities.

        Returns
        -------
        pandas.DataFrame
            Columns ``indicator, region, model, weight, k, n_obs, loglik, aicc,
            prior_share, parameters, status`` and one ``P(...)`` column per target.
        """
        rows: list[dict[str, Any]] = []
        for fit, weight in zip(self.models, self.weights, strict=True):
            params = ", ".join(f"{k}={v:.4g}" for k, v in fit.parameters().items())
            rows.append({"model": fit.name, "weight": float(weight), "k": fit.k,
                         "n_obs": fit.n_cond + 1, "loglik": fit.loglik, "aicc": fit.aicc,
                         "prior_share": fit.prior_share, "parameters": params,
                         "status": "fitted"})
        rows.extend({"model": name, "weight": 0.0, "status": f"excluded: {why}"}
                    for name, why in self.excluded.items())
        rows.append({"model": "ensemble", "weight": 1.0, "prior_share": self.prior_share,
                     "status": f"weights: {self.weighting}"})
        table = pd.DataFrame(rows)
        table.insert(0, "region", self.region)
        table.insert(0, "indicator", self.indicator)
        wanted = _targets(targets, self.indicator)
        if wanted:
            years = np.array(sorted({y for y, _, _ in wanted}))
            per = self.draw_by_model(years, n_paths=n_paths, seed=seed)
            per["ensemble"] = self.draw(years, n_paths=n_paths, seed=seed)
            for year, thr, direction in wanted:
                col = years.searchsorted(year)
                label = f"P({'>=' if direction == 'at_least' else '<='}{thr:g} in {year})"
                prob = {k: float(np.mean(v[:, col] >= thr if direction == "at_least"
                                         else v[:, col] <= thr)) for k, v in per.items()}
                table[label] = table["model"].map(prob)
        return table


def _check_years(years: Sequence[int] | np.ndarray, n_paths: int) -> np.ndarray:
    arr = np.asarray(years)
    if arr.ndim != 1 or arr.size == 0:
        raise ArgumentError("years must be a non-empty 1-d sequence of calendar years")
    if int(n_paths) < 1:
        raise ArgumentError(f"n_paths must be positive, got {n_paths}")
    return arr.astype(int)


def _targets(targets: Any, indicator: str) -> list[tuple[int, float, str]]:
    """Normalise targets to ``(year, threshold, direction)`` of this indicator."""
    if targets is None:
        return []
    if isinstance(targets, pd.DataFrame):
        rows = targets
        if "indicator" in rows.columns:
            rows = rows[rows["indicator"].map(lambda k: get_indicator(k).key) == indicator]
        direction = rows["direction"] if "direction" in rows.columns else "at_least"
        frame = pd.DataFrame({"year": rows["year"], "threshold": rows["threshold"],
                              "direction": direction})
        return [(int(y), float(t), str(d)) for y, t, d in frame.itertuples(index=False)]
    out = []
    for item in targets:
        if hasattr(item, "threshold"):
            if get_indicator(item.indicator).key != indicator:
                continue
            out.append((int(item.year), float(item.threshold), str(item.direction)))
        else:
            year, thr, *rest = item
            out.append((int(year), float(thr), str(rest[0]) if rest else "at_least"))
    return out


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


def fit_growth(history: pd.DataFrame, *, indicator: str, region: str = "Huai'an",
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
    notes.extend(_steep_growth_notes(fits, series))
    notes.extend(f"{name} excluded: {why}" for name, why in excluded.items())
    notes.extend(f"{f.name}: {n}" for f in fits for n in f.notes)
    return GrowthFit(indicator=ind.key, region=region, series=series, models=tuple(fits),
                     weights=weights, weighting=weighting, excluded=excluded,
                     prior=growth_prior, notes=tuple(notes))


#: Implied growth above which a note warns that long horizons are pure extrapolation.
STEEP_GROWTH = 0.25


def _steep_growth_notes(fits: list[ModelFit], series: Series) -> list[str]:
    """Warn (in words) when a family implies more than 25 % a year over five years."""
    anchor = series.anchor_year
    out = []
    for fit in fits:
        start, end = fit.predict(np.array([anchor, anchor + 5]))
        rate = (end / start) ** 0.2 - 1.0 if start > 0 else np.inf
        if rate > STEEP_GROWTH:
            out.append(f"{fit.name} implies {rate:.0%} growth a year from {series.n_years} "
                       "year(s) of data; beyond a few years its paths are extrapolation, not "
                       "a forecast")
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
