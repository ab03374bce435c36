"""The fitted growth ensemble of one series: :class:`GrowthFit` and what it can draw.

:func:`~huaian_forecast.growth.ensemble.fit_growth` builds it; this module holds the
result object: Monte Carlo paths (a family per path by weight, then its parameters, then
its noise), per-family paths, yearly growth rates, parameter ranges and the summary table.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
import pandas as pd

from huaian_forecast.exceptions import ArgumentError
from huaian_forecast.growth._base import ModelFit
from huaian_forecast.growth._priors import GrowthPrior
from huaian_forecast.growth._series import Series
from huaian_forecast.indicators import get_indicator

__all__ = ["GrowthFit", "Weighting"]

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
    steep : Mapping[str, float]
        The families whose implied growth over five years is above 25 % a year (their
        rate): beyond a few years of such a fit its paths are extrapolation, not a forecast.
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
    steep: Mapping[str, float] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.models or self.weights.shape != (len(self.models),):
            raise ValueError("need at least one model and one weight per model")
        if not np.isclose(self.weights.sum(), 1.0) or np.any(self.weights < 0):
            raise ValueError("weights must be non-negative and sum to 1")

    def __repr__(self) -> str:
        weights = ", ".join(f"{m.name} {w:.2f}" for m, w in zip(self.models, self.weights,
                                                                  strict=True))
        return (f"GrowthFit(indicator={self.indicator!r}, region={self.region!r}, "
                f"n_obs={len(self.series.years)}, weighting={self.weighting!r}, "
                f"families=[{weights}])")

    def _repr_html_(self) -> str:
        """Notebook view: one row per fitted family with its weight."""
        from html import escape

        rows = "".join(f"<tr><td>{escape(m.name)}</td><td>{w:.2f}</td>"
                       f"<td>{m.loglik:.2f}</td></tr>"
                       for m, w in zip(self.models, self.weights, strict=True))
        excluded = "".join(f"<li>{escape(k)}: {escape(v)}</li>"
                           for k, v in self.excluded.items())
        return (f"<p><b>GrowthFit</b> {escape(self.indicator)}, {escape(self.region)}: "
                f"{len(self.series.years)} observations, weighting {self.weighting}</p>"
                "<table><thead><tr><th>family</th><th>weight</th><th>log-likelihood</th>"
                f"</tr></thead><tbody>{rows}</tbody></table>"
                + (f"<p>excluded:</p><ul>{excluded}</ul>" if excluded else ""))

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
