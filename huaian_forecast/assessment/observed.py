"""Targets whose year the history observes: a fact, not a probability.

A planner's file that reaches a target's year (say 2024 figures added in 2025) starts the
model after it, so :func:`~huaian_forecast.assess` gives such a target no ``p_reach``; its
note (:func:`observed_note`) states the observed value and whether it meets the target.
Every table, sheet and briefing finds these rows with :func:`observed_rows` (one row:
:func:`is_observed`), never by reading the note's words itself.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["OBSERVED_NOTE", "is_observed", "observed_met", "observed_note", "observed_rows"]

#: Start of the note of a target whose year the history observes (before the simulation).
OBSERVED_NOTE = "observed in the history"


def observed_note(value: float, met: bool) -> str:
    """Return the note of a target the history observes: its value, met or not.

    Examples
    --------
    >>> observed_note(950.0, True)
    'observed in the history: 950 (met)'
    """
    return f"{OBSERVED_NOTE}: {value:g} ({'met' if met else 'not met'})"


def observed_met(note: object) -> bool:
    """Whether an observed target's note (:func:`observed_note`) says the target is met.

    Examples
    --------
    >>> observed_met(observed_note(950.0, True)), observed_met(observed_note(950.0, False))
    (True, False)
    """
    return isinstance(note, str) and note.startswith(OBSERVED_NOTE) and note.endswith("(met)")


def is_observed(row: Mapping[str, Any]) -> bool:
    """Whether one assessment row (a dict record or a pandas Series) is an observed fact.

    Such a row has no ``p_reach`` (a row without the field counts as having none) and its
    ``note`` starts with :data:`OBSERVED_NOTE`.

    Examples
    --------
    >>> is_observed({"p_reach": float("nan"), "note": observed_note(950.0, True)})
    True
    >>> is_observed({"p_reach": 0.4, "note": ""})
    False
    """
    p = row.get("p_reach")
    note = row.get("note")
    return ((p is None or bool(pd.isna(p)))
            and isinstance(note, str) and note.startswith(OBSERVED_NOTE))


def observed_rows(table: pd.DataFrame) -> np.ndarray:
    """Return which rows of an assessment table are targets the history observes.

    The table-wide :func:`is_observed`: one bool per row, in the table's order (none
    where the table has no ``note`` column).

    Examples
    --------
    >>> t = pd.DataFrame({"p_reach": [float("nan"), float("nan"), 0.5],
    ...                   "note": [observed_note(950.0, False), "not modelled", ""]})
    >>> observed_rows(t).tolist()
    [True, False, False]
    """
    if "note" not in table.columns:
        return np.zeros(len(table), dtype=bool)
    return np.array([is_observed(r) for r in table.to_dict("records")], dtype=bool)
