"""What the range beside a probability is: across models, across assumptions, or none.

A planner assessment (:func:`~huaian_forecast.analysis.planner_assessment`) puts beside
each ``p_reach`` the lowest and highest probability ``p_models_min`` / ``p_models_max``.
What that range *is* depends on the row, and every table, chart and briefing names it the
same way by reading :func:`range_kinds`:

- :data:`RANGE_MODELS`: the scenario model and every growth family fitted to the same
  history (a plan scenario: the families' status quo plus its effect, ``range_basis``);
- :data:`RANGE_ASSUMPTIONS`: a year-to-date nowcast's range across its assumptions (the
  seasonal share, the rest-of-year growth), not models;
- :data:`ONE_MODEL`: no growth family fits the indicator (key labs: one point), so there
  is no range, only the scenario model's probability;
- :data:`~huaian_forecast.assessment.STATUS_QUO_ONLY`: a scenario that sets levers,
  compared with the status quo only (no paired run to shift the families by);
- ``""``: no probability, or no range joined at all (a bare :func:`assess` table).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from huaian_forecast.assessment.progress import STATUS_QUO_ONLY
from huaian_forecast.assessment.year_to_date import NOWCAST

__all__ = ["ONE_MODEL", "RANGE_ASSUMPTIONS", "RANGE_MODELS", "WITH_LEVERS_EFFECT", "range_kind",
           "range_kinds"]

#: The range is across the scenario model and the growth families.
RANGE_MODELS = "models"
#: The range is across a year-to-date nowcast's assumptions.
RANGE_ASSUMPTIONS = "assumptions"
#: No growth family fits the indicator: the scenario model's probability alone.
ONE_MODEL = "one model only"
#: ``range_basis`` of a plan scenario's row whose growth families carry its effect
#: (:func:`~huaian_forecast.analysis.with_model_spread` writes it).
WITH_LEVERS_EFFECT = "growth families' status quo + the scenario's effect"


def range_kind(row: Mapping[str, Any]) -> str:
    """Return what one row's ``p_models_min`` / ``p_models_max`` range is (module doc).

    ``row``: a mapping of one row's columns (a dict record or a pandas Series); one
    model only is a row whose ``p_trend`` is there and missing (no growth family fits).
    """
    def known(key: str) -> bool:
        value = row.get(key)
        return value is not None and not pd.isna(value)

    if not known("p_reach"):
        return ""
    ranged = known("p_models_min") and known("p_models_max")
    if row.get("p_source") == NOWCAST:
        return RANGE_ASSUMPTIONS if ranged else ""
    if row.get("families") == STATUS_QUO_ONLY:
        return STATUS_QUO_ONLY
    if not ranged:
        return ""
    # a growth family fitted gives p_trend; a table without the column (a range joined by
    # hand) has a range across models too
    return ONE_MODEL if "p_trend" in row and not known("p_trend") else RANGE_MODELS


def range_kinds(table: pd.DataFrame) -> np.ndarray:
    """Return :func:`range_kind` of every row of ``table``, in order.

    Examples
    --------
    >>> t = pd.DataFrame({
    ...     "p_reach": [0.5, 0.9, 0.2, float("nan"), 0.6],
    ...     "p_models_min": [0.2, 0.9, 0.0, float("nan"), float("nan")],
    ...     "p_models_max": [0.8, 0.9, 1.0, float("nan"), float("nan")],
    ...     "p_trend": [0.3, float("nan"), float("nan"), float("nan"), float("nan")],
    ...     "families": ["linear 0.2 .. loglinear 0.8", float("nan"), "", "",
    ...                  STATUS_QUO_ONLY],
    ...     "p_source": ["simulation", "simulation", "nowcast", "simulation", "simulation"]})
    >>> range_kinds(t).tolist()
    ['models', 'one model only', 'assumptions', '', 'status quo only']
    >>> range_kinds(t.drop(columns=["p_models_min"])).tolist()  # no range joined
    ['', '', '', '', '']
    """
    out = np.full(len(table), "", dtype=object)
    if "p_models_min" not in table or "p_models_max" not in table:
        return out
    for i, row in enumerate(table.to_dict("records")):
        out[i] = range_kind(row)
    return out
