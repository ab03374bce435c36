"""The level of each anchored series at the origin: a point, the registry's, or inferred.

The rules of :mod:`huaian_forecast.structural.anchors` for one anchor: an exact or approx
point of the origin year; for the home region at the registry's year (2023) the
registry's distribution, its ends replaced by that year's bounds; elsewhere a level
inferred from earlier points (:func:`~huaian_forecast.structural._inferred.inferred_anchor`);
GDP at the origin and the R&D anchor derived from the two others; the check that a level
can start the models. :mod:`~huaian_forecast.structural.anchors` re-exports
:data:`ANCHOR_KEYS` and :data:`REGISTRY_YEAR`.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

import numpy as np
import pandas as pd

from huaian_forecast.data import HOME_REGION
from huaian_forecast.exceptions import DataError
from huaian_forecast.scenarios import UNCERTAINTIES, Uncertainty, open_limits_missed
from huaian_forecast.structural._inferred import inferred_anchor
from huaian_forecast.structural._rows import anchor, bound, from_bounds, gdp_anchor, point
from huaian_forecast.structural._trend import Transform

__all__ = ["ANCHOR_KEYS", "REGISTRY_YEAR", "check_open_limits", "derived_rd_keys",
           "gdp_at_origin", "one_anchor"]

#: Indicator -> anchor uncertainty of the registry (the origin-year levels).
ANCHOR_KEYS: Mapping[str, str] = MappingProxyType({
    "rd_spend": "rd_spend_2023", "rd_intensity": "rd_intensity_2023",
    "hte_count": "hte_count_2023", "hightech_share": "hightech_share_2023",
    "key_labs": "key_labs_2023",
})
#: The year of the registry's anchors (its region is :data:`HOME_REGION`, defined in
#: :mod:`huaian_forecast.data`: the default region of a row and of a projection too).
REGISTRY_YEAR = 2023
_HOW: dict[str, Transform] = {"hightech_share": "logit"}


def _registry_anchor(key: str, rows: pd.DataFrame, origin: int,
                     region: str) -> tuple[Uncertainty | None, str]:
    now = rows[rows["year"] == origin]
    lower, upper = bound(now, "lower_bound"), bound(now, "upper_bound")
    if lower is not None or upper is not None:
        unc = from_bounds(UNCERTAINTIES[key], lower, upper)
        return unc, unc.source
    earlier = rows[rows["year"] < origin]
    seen = (f" (its latest row, {int(earlier['year'].max())}, is before the "
            f"{origin} start)" if not earlier.empty else "")
    indicator = next(k for k, v in ANCHOR_KEYS.items() if v == key)
    return None, (f"anchor {key}: no {region} {indicator} row for {origin} in the "
                  f"history{seen}; the registry's distribution is used")


def one_anchor(indicator: str, rows: pd.DataFrame, origin: int, region: str,
                derived: pd.DataFrame | None = None
                ) -> tuple[Uncertainty | None, str, str | None, bool]:
    """(uncertainty or None for the registry, source, note, carried forward) of one anchor.

    ``derived``: the indicator's derived points, which give an inferred level its slope
    where the other points are one (:func:`~huaian_forecast.structural._inferred.inferred_anchor`).
    """
    key = ANCHOR_KEYS[indicator]
    now = rows[rows["year"] == origin]
    if point(now) is not None:
        unc = anchor(UNCERTAINTIES[key], now)
        assert unc is not None
        return unc, unc.source, None, False
    if region == HOME_REGION and origin == REGISTRY_YEAR:
        unc, text = _registry_anchor(key, rows, origin, region)
        if unc is not None:  # bounds of 2023 on the registry's distribution
            return unc, unc.source, None, False
        if rows[rows["year"] < origin].empty:
            return (None, f"assumption (registry default: {UNCERTAINTIES[key].source})",
                    text, False)
    got = inferred_anchor(UNCERTAINTIES[key], rows, origin, _HOW.get(indicator, "log"), derived)
    if got is None and region == HOME_REGION:  # the registry's 2023 level, said so
        reg, text = _registry_anchor(key, rows, origin, region)
        note = (f"{text} (its {REGISTRY_YEAR} level stands for {origin})"
                if reg is None else None)
        return reg, (reg.source if reg is not None else
                     f"assumption (registry default for {REGISTRY_YEAR}: "
                     f"{UNCERTAINTIES[key].source})"), note, False
    if got is None:
        alt = (" (or a gdp series, from which it follows)" if indicator == "rd_intensity"
               else "")
        raise DataError(f"the history has no {region} {indicator} point up to {origin}: "
                        f"the structural model needs the {indicator} series{alt} (anchor "
                        f"{key}); add its rows or leave the indicators that need it out of "
                        "indicators=")
    unc, carried = got
    return (unc, unc.source, f"anchor {key}: {unc.source} (an inference, not an observation)",
            carried)


def gdp_at_origin(rows: pd.DataFrame, origin: int, infer: bool) -> tuple[Uncertainty | None, bool]:
    """Return the GDP anchor (None: derived per path) and whether it is carried forward."""
    now = rows[rows["year"] == origin]
    gdp = gdp_anchor(now)
    if gdp is not None or not infer:
        return gdp, False
    base = Uncertainty(key="gdp_2023", name_zh="起点年地区生产总值", name_en="GDP at the origin",
                       unit="100m_cny", distribution="fixed", low=1.0, default=1.0, high=1.0,
                       bounds=(0.0, np.inf))
    got = inferred_anchor(base, rows, origin, "log")
    return (None, False) if got is None else got


def derived_rd_keys(gdp: Uncertainty | None, from_intensity: bool) -> dict[str, str]:
    """Anchors of the R&D model derived from the others (key -> how)."""
    if gdp is None:
        return {}
    if from_intensity:
        return {"rd_spend_2023": "derived per path: rd_intensity_2023 x gdp_2023"}
    return {"rd_intensity_2023": "derived per path: rd_spend_2023 / gdp_2023"}


def check_open_limits(uncs: Mapping[str, Uncertainty], region: str, origin: int) -> None:
    """Refuse an anchor the models cannot grow from (``scenarios.OPEN_LIMITS``).

    An R&D spend or intensity of 0, or a high-tech share of 100 % (no other industry
    left), is valid data but no starting level: a :class:`DataError` names the series
    and year, as a scenario setting the same level is refused when it is loaded.
    """
    indicator = {key: ind for ind, key in ANCHOR_KEYS.items()}
    for key, unc in uncs.items():
        limits = open_limits_missed(key, unc.default)
        if limits is not None:
            raise DataError(f"{region} {indicator.get(key, key)} {origin}: {unc.default:g} "
                            f"{unc.unit} cannot start the model; a starting level must be "
                            f"{limits} {unc.unit} (anchor {key})")
