"""Stage 6, assessment: targets and the probability of reaching them.

:class:`Target` (indicator, year, threshold, direction, source) and :func:`assess`, which
reads a :class:`~huaian_forecast.simulation.Projection` and gives one row per target:
p_reach with its Monte Carlo error, quantiles, first-crossing year, required vs
anticipated growth and a progress label (rules in :mod:`.progress`).
"""

from __future__ import annotations

from huaian_forecast.assessment.progress import (
    LABEL_CUTOFFS,
    ProgressLabel,
    cagr,
    label_table,
    progress_label,
    required_growth,
    years_behind,
)
from huaian_forecast.assessment.targets import (
    ASSESS_COLUMNS,
    Target,
    assess,
    met_matrix,
    targets_from_frame,
    wilson_interval,
)

__all__ = [
    "ASSESS_COLUMNS",
    "LABEL_CUTOFFS",
    "ProgressLabel",
    "Target",
    "assess",
    "cagr",
    "label_table",
    "met_matrix",
    "progress_label",
    "required_growth",
    "targets_from_frame",
    "wilson_interval",
    "years_behind",
]
