"""The source of each assessed target, for the milestone sheet.

The milestone sheet loads back as ``--targets`` (:mod:`huaian_forecast.data._milestones`);
its ``source`` column keeps each target's source, so the targets read back hash as the
ones assessed (:func:`~huaian_forecast.assessment.targets_hash` hashes the source).
"""

from __future__ import annotations

import pandas as pd

from huaian_forecast.assessment import targets_from_frame
from huaian_forecast.data import tiers_of

__all__ = ["target_sources"]


def target_sources(rows: pd.DataFrame, targets: pd.DataFrame | None) -> list[str]:
    """Return the source of the target of each assessment row ("" where none matches).

    A row is matched on indicator, year, threshold, direction and tier, and on its region
    (a target without a region matches any: an assessment row carries the projection's).
    ``targets`` None (a caller passing assessments only): every source is "".
    """
    if targets is None:
        return [""] * len(rows)
    found: dict[tuple[object, ...], str] = {}
    for t in targets_from_frame(targets):
        found.setdefault((t.indicator, t.year, t.threshold, t.direction, t.tier, t.region),
                         t.source)
    tiers = tiers_of(rows)
    out = []
    for ind, year, threshold, direction, tier, region in zip(
            rows["indicator"], rows["year"], rows["threshold"], rows["direction"], tiers,
            rows["region"], strict=True):
        key = (str(ind), int(year), float(threshold), str(direction), str(tier))
        out.append(found.get((*key, region or None), found.get((*key, None), "")))
    return out
