"""Paths of the indicators drawn from growth fits, and which of them are extrapolation.

``simulate(method="trend")`` draws every indicator from its growth ensemble; the
structural method draws technology contracts so (no lever model). Each indicator draws
from its own child of the trend seed stream, so its paths do not depend on which others
are asked for.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from huaian_forecast.exceptions import FitError
from huaian_forecast.simulation._blocks import BLOCK_PATHS
from huaian_forecast.simulation.memo import SimulationMemo

if TYPE_CHECKING:
    from concurrent.futures import Executor

__all__ = ["MODELLED_INDICATORS", "extrapolated", "trend_paths"]

#: Indicators that :func:`simulate` projects.
MODELLED_INDICATORS: tuple[str, ...] = (
    "rd_intensity", "rd_spend", "gdp", "hte_count", "hte_applications", "hightech_share",
    "hightech_output", "key_labs", "tech_contracts",
)


def trend_paths(keys: tuple[str, ...], history: pd.DataFrame, region: str, years: np.ndarray,
           n_paths: int, stream: np.random.SeedSequence, notes: list[str],
           digest: str, memo: SimulationMemo,
           pool: Executor | None = None) -> dict[str, np.ndarray]:
    values: dict[str, np.ndarray] = {}
    children = dict(zip(MODELLED_INDICATORS, stream.spawn(len(MODELLED_INDICATORS)),
                        strict=True))
    for key in keys:
        try:
            fit = memo.fit(history, indicator=key, region=region, digest=digest)
        except FitError as exc:
            notes.append(f"{key}: not simulated ({exc})")
            continue
        values[key] = memo.trend_paths(fit, (digest, key, region), children[key], years,
                                       n_paths, BLOCK_PATHS, pool=pool)
        notes.extend(f"{key} (trend): {n}" for n in fit.notes)
    return values


def extrapolated(keys: Collection[str], history: pd.DataFrame, region: str, digest: str,
                  memo: SimulationMemo) -> dict[str, dict[str, Any]]:
    """Trend indicators whose fit implies steep growth: extrapolation beyond a few years.

    ``{indicator: {"families": {name: annual rate}, "years_of_data": n, "last_year": y}}``
    from the memo's fits (:attr:`~huaian_forecast.growth.GrowthFit.steep`).
    """
    out = {}
    for key in keys:
        fit = memo.fit(history, indicator=key, region=region, digest=digest)
        if fit.steep:
            out[key] = {"families": {k: round(v, 4) for k, v in fit.steep.items()},
                        "years_of_data": int(fit.series.n_years),
                        "last_year": int(max(fit.series.years))}
    return out
