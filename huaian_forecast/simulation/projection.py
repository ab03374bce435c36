"""The result of a simulation: :class:`Projection` (paths per indicator and year)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from huaian_forecast.exceptions import HuaianForecastError
from huaian_forecast.indicators import UNITS, get_indicator

if TYPE_CHECKING:  # pragma: no cover
    import xarray

__all__ = ["Projection"]


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class Projection:
    """Simulated paths of several indicators over calendar years.

    Parameters
    ----------
    years : numpy.ndarray
        Calendar years, increasing (``start_year`` .. ``end_year`` inclusive).
    arrays : Mapping[str, numpy.ndarray]
        Per indicator an array ``(n_paths, len(years))`` in the published unit: float64,
        and int32 for a count the structural models make (whole numbers, held exactly).
    scenario : str
        Name of the scenario simulated.
    manifest : dict
        Seed, package versions, data hash, scenario spec and notes.
    last_observed : Mapping[str, tuple[int, float]]
        Per indicator the last observed (year, value) of the region, for progress labels.
    observed : Mapping[str, Mapping[int, float]]
        Per indicator every exactly observed year's value in the history, so a target of
        a year before the simulation is stated as a fact (an estimate is not).
    year_to_date : pandas.DataFrame or None
        The year-to-date table whose figures set the first simulated year's delivery (the
        structural method; an empty table for none), which
        :func:`~huaian_forecast.assess` nowcasts with by default; None when no table was
        recorded (the trend method, a hand-built projection).
    """

    years: np.ndarray
    arrays: Mapping[str, np.ndarray]
    scenario: str
    manifest: dict[str, Any] = field(default_factory=dict)
    last_observed: Mapping[str, tuple[int, float]] = field(default_factory=dict)
    observed: Mapping[str, Mapping[int, float]] = field(default_factory=dict, repr=False)
    year_to_date: pd.DataFrame | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        years = np.asarray(self.years)
        if years.ndim != 1 or years.size == 0 or np.any(np.diff(years) != 1):
            raise ValueError("years must be a non-empty run of consecutive calendar years")
        for key, arr in self.arrays.items():
            if arr.ndim != 2 or arr.shape[1] != years.size:
                raise ValueError(f"paths of {key!r} must have shape (n_paths, {years.size}); "
                                 f"got {arr.shape}")

    def __repr__(self) -> str:
        names = ", ".join(self.indicators)
        seed = self.manifest.get("seed")
        return (f"Projection(scenario={self.scenario!r}, n_paths={self.n_paths:,}, "
                f"years={int(self.years[0])}-{int(self.years[-1])}, seed={seed!r}, "
                f"indicators=[{names}])")

    def _repr_html_(self) -> str:
        """Notebook view: median and 80 % interval of every indicator in the last year."""
        from html import escape

        last = int(self.years[-1])
        rows = []
        for key in self.indicators:
            q10, q50, q90 = np.quantile(self.arrays[key][:, -1], (0.1, 0.5, 0.9))
            ind = get_indicator(key)
            rows.append(f"<tr><td>{escape(key)}</td><td>{escape(ind.name_zh)}</td>"
                        f"<td>{escape(ind.unit)}</td><td>{q50:,.4g}</td>"
                        f"<td>{q10:,.4g} – {q90:,.4g}</td></tr>")
        return (f"<p><b>Projection</b> {escape(self.scenario)}: {self.n_paths:,} paths, "
                f"{int(self.years[0])}–{last}</p><table><thead><tr><th>indicator</th>"
                f"<th>指标</th><th>unit</th><th>median {last}</th><th>80% interval</th>"
                f"</tr></thead><tbody>{''.join(rows)}</tbody></table>")

    @property
    def indicators(self) -> tuple[str, ...]:
        """Indicators with paths, in insertion order."""
        return tuple(self.arrays)

    @property
    def n_paths(self) -> int:
        """Number of Monte Carlo paths."""
        return next(iter(self.arrays.values())).shape[0] if self.arrays else 0

    @property
    def region(self) -> str:
        """The region simulated: the manifest's, the home region (Huai'an) if it has none."""
        # from data, not structural: a chart process reads it and must not import the
        # models (growth, scipy.special: a quarter second)
        from huaian_forecast.data import HOME_REGION

        return str(self.manifest.get("region", HOME_REGION))

    @property
    def provenance(self) -> dict[str, Any]:
        """Seed, paths, hashes, scenario, method, widening and versions, from the manifest.

        The dict of :func:`~huaian_forecast.data.result_provenance` (no ``targets_hash``:
        a projection assesses no targets): ``method`` is how the paths were computed
        (``"structural"`` or ``"trend"``), ``honest_width`` the factors per indicator
        where :func:`~huaian_forecast.analysis.widen_projection` widened them (None where
        not). :func:`~huaian_forecast.assess` records it, with the targets' hash, on its
        table.
        """
        from huaian_forecast.data import result_provenance

        get = self.manifest.get
        seed, digest, ytd, method = (get("seed"), get("data_hash"), get("ytd_hash"),
                                     get("method"))
        widened = get("honest_width")
        return result_provenance(
            seed=seed if isinstance(seed, int) else None,
            n_paths=int(get("n_paths", self.n_paths)),
            data_hash=digest if isinstance(digest, str) else None,
            ytd_hash=ytd if isinstance(ytd, str) else None,
            scenarios=[self.scenario], method=method if isinstance(method, str) else None,
            honest_width=widened if isinstance(widened, Mapping) else None,
            versions=get("versions") or None)

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

    def to_xarray(self) -> xarray.DataArray:
        """Return the paths as an ``xarray.DataArray`` with dims ``path, year, indicator``.

        Coordinates along ``indicator`` give each one's ``unit`` (canonical key),
        ``unit_en`` / ``unit_zh`` and ``name_en`` / ``name_zh``; ``attrs`` hold the
        scenario, seed, number of paths, data hash and the whole manifest as JSON (a
        string, so the array can be written to netCDF). ``.to_dataset("indicator")``
        gives one variable per indicator.

        Raises
        ------
        HuaianForecastError
            If xarray is not installed (``pip install "huaian_forecast[xarray]"``).

        Examples
        --------
        >>> import huaian_forecast as hf
        >>> da = hf.simulate(n_paths=100, seed=1).to_xarray()  # doctest: +SKIP
        >>> da.dims  # doctest: +SKIP
        ('path', 'year', 'indicator')
        """
        try:
            import xarray
        except ImportError as exc:
            raise HuaianForecastError(
                "Projection.to_xarray needs xarray: pip install \"huaian_forecast[xarray]\" "
                "(or pip install xarray)") from exc
        import json

        keys = list(self.indicators)
        inds = [get_indicator(k) for k in keys]
        data = np.stack([self.arrays[k] for k in keys], axis=-1)
        coords = {
            "path": np.arange(self.n_paths), "year": np.asarray(self.years, dtype=int),
            "indicator": keys,
            "unit": ("indicator", [i.unit for i in inds]),
            "unit_zh": ("indicator", [UNITS[i.unit][0] for i in inds]),
            "unit_en": ("indicator", [UNITS[i.unit][1] for i in inds]),
            "name_zh": ("indicator", [i.name_zh for i in inds]),
            "name_en": ("indicator", [i.name_en for i in inds]),
        }
        attrs = {"scenario": self.scenario, "seed": str(self.manifest.get("seed", "")),
                 "n_paths": self.n_paths, "data_hash": str(self.manifest.get("data_hash", "")),
                 "manifest": json.dumps(self.manifest, ensure_ascii=False, default=str)}
        return xarray.DataArray(data, dims=("path", "year", "indicator"), coords=coords,
                                name="value", attrs=attrs)
