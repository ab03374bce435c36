"""Monte Carlo simulation of the indicators: ``simulate() -> Projection``."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from huaian_forecast._manifest import data_hash, package_versions
from huaian_forecast.data import load_history
from huaian_forecast.exceptions import FitError
from huaian_forecast.growth import fit_growth
from huaian_forecast.indicators import get_indicator
from huaian_forecast.scenarios import Scenario, load_scenario

__all__ = ["MODELLED_INDICATORS", "Projection", "simulate"]

#: Indicators that :func:`simulate` projects.
MODELLED_INDICATORS: tuple[str, ...] = (
    "rd_intensity", "hte_count", "hightech_share", "key_labs", "tech_contracts",
)


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class Projection:
    """Simulated paths of several indicators over calendar years.

    Parameters
    ----------
    years : numpy.ndarray
        Calendar years, increasing (``start_year`` .. ``end_year`` inclusive).
    arrays : Mapping[str, numpy.ndarray]
        Per indicator an array ``(n_paths, len(years))`` in the published unit.
    scenario : str
        Name of the scenario simulated.
    manifest : dict
        Seed, package versions, data hash, scenario spec and notes.
    last_observed : Mapping[str, tuple[int, float]]
        Per indicator the last observed (year, value) of the region, for progress labels.
    """

    years: np.ndarray
    arrays: Mapping[str, np.ndarray]
    scenario: str
    manifest: dict[str, Any] = field(default_factory=dict)
    last_observed: Mapping[str, tuple[int, float]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        years = np.asarray(self.years)
        if years.ndim != 1 or years.size == 0 or np.any(np.diff(years) != 1):
            raise ValueError("years must be a non-empty run of consecutive calendar years")
        for key, arr in self.arrays.items():
            if arr.ndim != 2 or arr.shape[1] != years.size:
                raise ValueError(f"paths of {key!r} must have shape (n_paths, {years.size}); "
                                 f"got {arr.shape}")

    @property
    def indicators(self) -> tuple[str, ...]:
        """Indicators with paths, in insertion order."""
        return tuple(self.arrays)

    @property
    def n_paths(self) -> int:
        """Number of Monte Carlo paths."""
        return next(iter(self.arrays.values())).shape[0] if self.arrays else 0

    def paths(self, indicator: str) -> np.ndarray:
        """Return the ``(n_paths, len(years))`` paths of ``indicator`` (published unit).

        Raises
        ------
        KeyError
            If the indicator was not simulated; the message lists those that were.
        """
        key = get_indicator(indicator).key
        if key not in self.arrays:
            raise KeyError(f"{indicator!r} was not simulated; available: {self.indicators}")
        return self.arrays[key]

    def quantiles(self, indicator: str, q: tuple[float, ...] = (0.1, 0.5, 0.9)) -> pd.DataFrame:
        """Quantiles per year as a DataFrame indexed by year."""
        arr = np.quantile(self.paths(indicator), q, axis=0)
        return pd.DataFrame(arr.T, index=pd.Index(self.years, name="year"),
                            columns=[f"q{round(x * 100):02d}" for x in q])


def _last_observed(history: pd.DataFrame, region: str) -> dict[str, tuple[int, float]]:
    rows = history[(history["region"] == region) & history["kind"].isin(["exact", "approx"])]
    out = {}
    for key, grp in rows.groupby("indicator"):
        last = grp.sort_values("year").iloc[-1]
        out[str(key)] = (int(last["year"]), float(last["value"]))
    return out


def simulate(scenario: Scenario | str | Path = "baseline", *, n_paths: int = 10_000,
             seed: int | None = 2024, start_year: int = 2024, end_year: int = 2035,
             history: pd.DataFrame | None = None, region: str = "Huai'an") -> Projection:
    """Simulate the modelled indicators from ``start_year`` to ``end_year``.

    Parameters
    ----------
    scenario : str
        Scenario name. The foundation only knows ``"baseline"`` (trend continuation).
    n_paths : int
        Number of Monte Carlo paths.
    seed : int or None
        Seed of the random generator; recorded in the manifest.
    start_year, end_year : int
        First and last simulated calendar year (inclusive).
    history : pandas.DataFrame, optional
        Observation table (default: the bundled data).
    region : str
        Region whose indicators are simulated.

    Returns
    -------
    Projection

    Raises
    ------
    HuaianForecastError
        For an unknown scenario or bad arguments.
    """
    scen = load_scenario(scenario)
    if n_paths < 1:
        raise ValueError(f"n_paths must be positive, got {n_paths}")
    if end_year < start_year:
        raise ValueError(f"end_year ({end_year}) is before start_year ({start_year})")
    history = load_history() if history is None else history
    years = np.arange(start_year, end_year + 1)
    streams = np.random.SeedSequence(seed).spawn(len(MODELLED_INDICATORS))
    values: dict[str, np.ndarray] = {}
    notes: list[str] = []
    for key, stream in zip(MODELLED_INDICATORS, streams, strict=True):
        try:
            fit = fit_growth(history, indicator=key, region=region)
        except FitError as exc:
            notes.append(f"{key}: not simulated ({exc})")
            continue
        values[key] = fit.draw(years, n_paths=n_paths, seed=np.random.default_rng(stream))
        notes.extend(f"{key}: {n}" for n in fit.notes)
    manifest = {
        "seed": seed, "n_paths": n_paths, "scenario": scen.to_dict(),
        "start_year": start_year, "end_year": end_year, "region": region,
        "data_hash": data_hash(history), "data_source": history.attrs.get("source", ""),
        "versions": package_versions(), "model": "trend (placeholder)", "notes": notes,
    }
    return Projection(years=years, arrays=values, scenario=scen.name, manifest=manifest,
                      last_observed=_last_observed(history, region))
