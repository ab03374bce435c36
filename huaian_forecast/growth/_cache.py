"""Default-settings growth fits memoised on the data hash.

A fit is immutable and depends only on the history's content, the indicator and the
region, so sweeps that re-simulate and the model-spread table share one fit per series
instead of refitting it.
"""

from __future__ import annotations

import pandas as pd

from huaian_forecast._manifest import data_hash
from huaian_forecast.growth._result import GrowthFit
from huaian_forecast.growth.ensemble import fit_growth

__all__ = ["cached_fit"]

_CACHE: dict[tuple[str, str, str], GrowthFit] = {}
_CACHE_SIZE = 32


def cached_fit(history: pd.DataFrame, *, indicator: str, region: str,
               digest: str | None = None) -> GrowthFit:
    """Return ``fit_growth(history, indicator=..., region=...)``, memoised.

    ``digest`` is :func:`~huaian_forecast._manifest.data_hash` of ``history`` when the
    caller has it already (it is computed otherwise). A :class:`FitError` is not cached.
    """
    key = (data_hash(history) if digest is None else digest, indicator, region)
    if key not in _CACHE:
        if len(_CACHE) >= _CACHE_SIZE:
            _CACHE.pop(next(iter(_CACHE)))
        _CACHE[key] = fit_growth(history, indicator=indicator, region=region)
    return _CACHE[key]
