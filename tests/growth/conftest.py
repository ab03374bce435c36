"""Helpers of the growth tests: synthetic observation tables."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd


def table(years: Sequence[float], values: Sequence[float], *, indicator: str = "gdp",
          region: str = "Testville", kinds: Sequence[str] | None = None,
          confidence: str = "high") -> pd.DataFrame:
    """A minimal observation table in the loader's long layout."""
    n = len(years)
    return pd.DataFrame({
        "region": [region] * n, "indicator": [indicator] * n,
        "year": np.asarray(years, dtype=int), "value": np.asarray(values, dtype=float),
        "unit": ["x"] * n, "kind": list(kinds) if kinds is not None else ["exact"] * n,
        "source": ["test"] * n, "confidence": [confidence] * n, "quote": [""] * n,
    })
