"""Growth models for short, gappy, censored series (history -> trend ensemble).

Public entry point: :func:`fit_growth` returns a :class:`GrowthFit` that can ``draw``
paths and give a ``summary``.
"""

from __future__ import annotations

from huaian_forecast.growth._simple import GrowthFit, fit_growth

__all__ = ["GrowthFit", "fit_growth"]
