"""Long-format export in the IAMC convention (opens in pyam and similar tools)."""

from __future__ import annotations

from collections.abc import Sequence
from importlib import metadata
from typing import Literal

import numpy as np
import pandas as pd

from huaian_forecast.exceptions import ArgumentError
from huaian_forecast.indicators import INDICATORS
from huaian_forecast.simulation import Projection

__all__ = ["IAMC_COLUMNS", "IAMC_UNITS", "IAMC_VARIABLES", "to_iamc"]

#: Columns of the IAMC long format, in order.
IAMC_COLUMNS: tuple[str, ...] = ("model", "scenario", "region", "variable", "unit", "year",
                                 "value")
#: IAMC variable names of the modelled indicators (others: ``"Indicator|<key>"``).
IAMC_VARIABLES: dict[str, str] = {
    "rd_intensity": "Innovation|R&D Intensity",
    "rd_spend": "Innovation|R&D Expenditure",
    "gdp": "GDP|Nominal",
    "hightech_output": "Industry|High-Tech Output",
    "hte_count": "Innovation|High-Tech Enterprises",
    "hightech_share": "Industry|High-Tech Share of Industrial Output",
    "key_labs": "Innovation|Key Laboratories",
    "tech_contracts": "Innovation|Technology Contract Turnover",
}
#: IAMC unit strings of the canonical units.
IAMC_UNITS: dict[str, str] = {
    "100m_cny": "100 million CNY", "percent": "%", "firms": "firms", "labs": "labs",
    "projects": "projects", "contracts": "contracts",
}
DEFAULT_QUANTILES: tuple[float, ...] = (0.025, 0.1, 0.25, 0.5, 0.75, 0.9, 0.975)


def _quantile_label(q: float) -> str:
    return f"{100 * q:.1f}th Percentile"


def _one(projection: Projection, quantiles: Sequence[float], layout: str,
         model: str) -> pd.DataFrame:
    region = str(projection.manifest.get("region", "Huai'an"))
    frames = []
    for key in projection.indicators:
        ind = INDICATORS.get(key)
        unit = IAMC_UNITS.get(ind.unit, ind.unit) if ind is not None else ""
        root = IAMC_VARIABLES.get(key, f"Indicator|{key}")
        values = np.quantile(projection.paths(key), list(quantiles), axis=0)
        for q, row in zip(quantiles, values, strict=True):
            frame = pd.DataFrame({"year": projection.years.astype(int), "value": row})
            if layout == "variable":
                frame["variable"] = f"{root}|{_quantile_label(q)}"
            else:
                frame["variable"] = root
                frame["quantile"] = q
            frame["unit"] = unit
            frames.append(frame)
    out = pd.concat(frames, ignore_index=True)
    out["model"] = model
    out["scenario"] = projection.scenario
    out["region"] = region
    return out


def to_iamc(projections: Projection | Sequence[Projection], *,
            quantiles: Sequence[float] = DEFAULT_QUANTILES,
            layout: Literal["variable", "column"] = "variable",
            model: str | None = None) -> pd.DataFrame:
    """Return projection quantiles as an IAMC long table.

    Parameters
    ----------
    projections : Projection or sequence of Projection
        One projection per scenario.
    quantiles : sequence of float
        Probabilities in (0, 1) summarising the paths.
    layout : {"variable", "column"}
        Where the quantile goes. ``"variable"`` (default): into the variable name, as the
        IPCC AR6 database does, e.g. ``"Innovation|High-Tech Enterprises|50.0th
        Percentile"``; the table has exactly the seven IAMC columns. ``"column"``: the
        variable is the bare indicator and an extra ``quantile`` column (between
        ``variable`` and ``unit``) holds the probability; pyam reads it as an extra column.
    model : str, optional
        Model name (default ``"huaian_forecast <version>"``).

    Returns
    -------
    pandas.DataFrame
        Columns :data:`IAMC_COLUMNS` (plus ``quantile`` for ``layout="column"``), one row
        per scenario x indicator x quantile x year, values in the published unit
        (percent for shares and intensities).

    Examples
    --------
    >>> import huaian_forecast as hf
    >>> table = to_iamc(hf.simulate(n_paths=200, seed=1), quantiles=(0.5,))
    >>> list(table.columns)
    ['model', 'scenario', 'region', 'variable', 'unit', 'year', 'value']
    >>> table["variable"].iloc[0]
    'Innovation|R&D Intensity|50.0th Percentile'
    """
    if layout not in ("variable", "column"):
        raise ArgumentError(f"layout must be 'variable' or 'column', got {layout!r}")
    qs = [float(q) for q in quantiles]
    if not qs or not all(0.0 < q < 1.0 for q in qs):
        raise ArgumentError(f"quantiles must be probabilities in (0, 1), got {quantiles!r}")
    if model is None:
        model = f"huaian_forecast {metadata.version('huaian_forecast')}"
    items = [projections] if isinstance(projections, Projection) else list(projections)
    out = pd.concat([_one(p, qs, layout, model) for p in items], ignore_index=True)
    cols = list(IAMC_COLUMNS)
    if layout == "column":
        cols.insert(4, "quantile")
    return out[cols]
