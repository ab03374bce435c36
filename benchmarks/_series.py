"""The short series the peer baselines fit: Jiangsu R&D intensity 2014-2023 (bundled data).

Read with the standard library only, so that the peers' process time contains their own
imports and nothing of ``huaian_forecast`` or pandas beyond what they import themselves.
2018 has no published figure in ``data/observations.csv``; it is filled by linear
interpolation of 2017 and 2019 so the peers get a regular annual series of 10 points
(ETS / ARIMA need one). This is a benchmark input only, not a data product.
"""

from __future__ import annotations

import csv
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data" / "observations.csv"
REGION, INDICATOR, FIRST, LAST = "Jiangsu", "rd_intensity", 2014, 2023
HORIZON = 12  # 2024..2035, the same years `huaian-forecast assess` simulates


def load_series() -> list[float]:
    """Annual values FIRST..LAST (percent), gaps linearly interpolated."""
    found: dict[int, list[float]] = {}
    with DATA.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if (row["region"], row["indicator"]) == (REGION, INDICATOR) and \
                    row["kind"] in ("exact", "approx"):
                found.setdefault(int(row["year"]), []).append(float(row["value"]))
    known = {y: sum(v) / len(v) for y, v in found.items() if FIRST <= y <= LAST}
    out = []
    for year in range(FIRST, LAST + 1):
        if year in known:
            out.append(known[year])
            continue
        lo = max(y for y in known if y < year)
        hi = min(y for y in known if y > year)
        out.append(known[lo] + (known[hi] - known[lo]) * (year - lo) / (hi - lo))
    return out
