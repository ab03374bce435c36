"""Long-format export in the IAMC convention (opens in pyam and similar tools)."""

from __future__ import annotations

from collections.abc import Sequence
from importlib import metadata
from typing import Any, Literal

import numpy as np
import pandas as pd

from huaian_forecast.data import HOME_REGION
from huaian_forecast.exceptions import ArgumentError
from huaian_forecast.indicators import INDICATORS
from huaian_forecast.simulation import Projection

__all__ = ["IAMC_COLUMNS", "IAMC_UNITS", "IAMC_VARIABLES", "OBSERVED_KINDS", "define_pyam_units",
           "history_rows", "to_iamc"]

#: Columns of the IAMC long format, in order.
IAMC_COLUMNS: tuple[str, ...] = ("model", "scenario", "region", "variable", "unit", "year",
                                 "value")
#: IAMC variable name of every indicator.
IAMC_VARIABLES: dict[str, str] = {
    "rd_intensity": "Innovation|R&D Intensity",
    "rd_spend": "Innovation|R&D Expenditure",
    "enterprise_rd": "Innovation|R&D Expenditure|Above-Scale Enterprises",
    "gdp": "GDP|Nominal",
    "gdp_real_growth": "GDP|Real Growth Rate",
    "hightech_output": "Industry|High-Tech Output",
    "hte_count": "Innovation|High-Tech Enterprises",
    "hte_applications": "Innovation|High-Tech Enterprise Applications",
    "tech_smes": "Innovation|Technology-Based SMEs",
    "hightech_share": "Industry|High-Tech Share of Industrial Output",
    "key_labs": "Innovation|Key Laboratories",
    "tech_contracts": "Innovation|Technology Contract Turnover",
    "tech_projects": "Investment|Technology Projects Attracted",
    "hightech_projects": "Investment|High-Tech Projects Completed",
}
#: IAMC unit string and the factor from the canonical unit, per canonical unit. The
#: strings are ones pyam (pint, ``iam_units``) can convert once the project's units are
#: defined: ``CNY`` as its own currency dimension, ``firm``, ``lab``, ``project``,
#: ``contract`` (see :func:`define_pyam_units`); ``%`` works as it is.
IAMC_UNITS: dict[str, tuple[str, float]] = {
    "100m_cny": ("billion CNY/yr", 0.1), "percent": ("%", 1.0), "firms": ("firms", 1.0),
    "labs": ("labs", 1.0), "projects": ("projects", 1.0), "contracts": ("contracts", 1.0),
}
#: History kinds exported as observed rows (bounds are not values, so they are left out).
OBSERVED_KINDS: tuple[str, ...] = ("exact", "approx", "derived")
DEFAULT_QUANTILES: tuple[float, ...] = (0.025, 0.1, 0.25, 0.5, 0.75, 0.9, 0.975)


def _quantile_label(q: float) -> str:
    return f"{100 * q:.1f}th Percentile"


def _one(projection: Projection, quantiles: Sequence[float], layout: str,
         model: str) -> pd.DataFrame:
    """One scenario's rows: indicator x quantile x year, built as whole columns."""
    region = projection.region
    years = projection.years.astype(int)
    n_years, n_q = len(years), len(quantiles)
    values: list[np.ndarray] = []
    variables: list[str] = []
    units: list[str] = []
    probs: list[float] = []
    for key in projection.indicators:
        unit, factor = _unit(key)
        root = IAMC_VARIABLES.get(key, f"Indicator|{key}")
        values.append(factor * np.quantile(projection.paths(key), list(quantiles), axis=0))
        variables.extend([f"{root}|{_quantile_label(q)}" for q in quantiles]
                         if layout == "variable" else [root] * n_q)
        units.extend([unit] * n_q)
        probs.extend(quantiles)
    columns: dict[str, object] = {
        "year": np.tile(years, len(variables)),
        "value": np.concatenate(values).ravel() if values else np.empty(0),
        "variable": np.repeat(np.array(variables, dtype=object), n_years),
    }
    if layout != "variable":
        columns["quantile"] = np.repeat(np.asarray(probs, dtype=np.float64), n_years)
    columns.update(unit=np.repeat(np.array(units, dtype=object), n_years), model=model,
                   scenario=projection.scenario, region=region)
    return pd.DataFrame(columns)


def _unit(indicator: str) -> tuple[str, float]:
    ind = INDICATORS.get(indicator)
    if ind is None:
        return "", 1.0
    return IAMC_UNITS.get(ind.unit, (ind.unit, 1.0))


def history_rows(history: pd.DataFrame, *, region: str = HOME_REGION,
                 model: str = "observed", scenario: str = "historical") -> pd.DataFrame:
    """Observed values of ``region`` as IAMC rows (kinds :data:`OBSERVED_KINDS`).

    Values are converted to the IAMC units like the projections; the variable is the bare
    indicator name (no percentile). Lower and upper bounds are left out: they are not
    values.
    """
    rows = history[(history["region"] == region) & history["kind"].isin(OBSERVED_KINDS)]
    rows = rows.drop_duplicates(["indicator", "year"], keep="first")
    units = [_unit(str(k)) for k in rows["indicator"]]
    return pd.DataFrame({
        "model": model, "scenario": scenario, "region": region,
        "variable": [IAMC_VARIABLES.get(str(k), f"Indicator|{k}") for k in rows["indicator"]],
        "unit": [u for u, _ in units],
        "year": rows["year"].astype(int).to_numpy(),
        "value": rows["value"].to_numpy(float) * np.array([f for _, f in units]),
    }, columns=list(IAMC_COLUMNS))


def define_pyam_units(registry: Any = None) -> Any:
    """Define ``CNY``, ``firm``, ``lab``, ``project`` and ``contract`` on pyam's registry.

    ``CNY`` gets its own dimension, so it never silently converts to USD (give pyam a
    ``factor=`` for an exchange rate). Safe to call twice. Needs ``iam_units`` (installed
    with pyam); returns the registry.
    """
    if registry is None:
        from iam_units import registry as default_registry

        registry = default_registry
    for line in ("CNY = [currency_CNY] = yuan = RMB", "firm = [firm]", "lab = [lab]",
                 "project = [project]", "contract = [contract]"):
        if line.split(" = ")[0] not in registry:
            registry.define(line)
    return registry


def to_iamc(projections: Projection | Sequence[Projection], *,
            quantiles: Sequence[float] = DEFAULT_QUANTILES,
            layout: Literal["variable", "column"] = "variable",
            model: str | None = None, history: pd.DataFrame | None = None) -> pd.DataFrame:
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
    history : DataFrame, optional
        Observation table; its values for the projections' region are added as model
        ``"observed"``, scenario ``"historical"`` (:func:`history_rows`).

    Returns
    -------
    pandas.DataFrame
        Columns :data:`IAMC_COLUMNS` (plus ``quantile`` for ``layout="column"``), one row
        per scenario x indicator x quantile x year. Units are ones pyam converts
        (:data:`IAMC_UNITS`): money in ``billion CNY/yr`` (the published 亿元 / 10),
        shares and intensities in ``%``, counts in ``firms`` / ``labs`` / ``projects``.
        Names are returned as they are (for pyam); :func:`~huaian_forecast.report.
        write_report` writes ``iamc.csv`` through the sanitising seam, so a scenario or
        region name starting with ``=`` reaches the file as ``'=...``, never a formula.

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
    frames = [_one(p, qs, layout, model) for p in items]
    if history is not None:
        region = items[0].region
        frames.append(history_rows(history, region=region))
    out = pd.concat(frames, ignore_index=True)
    cols = list(IAMC_COLUMNS)
    if layout == "column":
        cols.insert(4, "quantile")
    return out[cols]
