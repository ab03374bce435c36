"""Plans are not deliveries: the share of a planned change that happens, per lever group.

A scenario states plans. What is delivered is ``status quo + delta (plan - status quo)``,
with ``delta`` a per-path uncertainty of the lever's group (:data:`DELIVERY_GROUPS`), so
the status quo itself is never at risk and the baseline is unaffected. The first year
after the origin can take its delivery from year-to-date figures (:func:`delivery_from_ytd`):
the pace ``(ytd / annual target) / share of the year elapsed``, read through the same
seasonal share as the nowcast's (:data:`~huaian_forecast.data.SEASONAL_PRIORS`), becomes a
normal around it, drawn with the same uniform as the later years' delivery (comonotone: a path that
delivers well in 2024 delivers well later).

Major-project R&D is attracted like the other projects (its planned change is delivered
as the projects group is) and then arrives as a random process
(:mod:`~huaian_forecast.structural._inputs`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import date
from types import MappingProxyType

import numpy as np
import pandas as pd

from huaian_forecast.data import SEASONAL_PRIORS
from huaian_forecast.scenarios import UNCERTAINTIES, Uncertainty

__all__ = ["DELIVERY_GROUPS", "YTD_DELIVERY", "delivery_from_ytd", "delivery_paths"]

#: Lever -> the delivery uncertainty of its group (levers not listed are not plans).
DELIVERY_GROUPS: Mapping[str, str] = MappingProxyType({
    "first_time_applications": "delivery_certification",
    "tech_sme_pipeline": "delivery_certification",
    "recertification_support": "delivery_certification",
    "tech_projects": "delivery_projects",
    "hightech_projects": "delivery_projects",
    "major_project_rd": "delivery_projects",
    "rd_rewards": "delivery_rd_support",
    "rd_clearance_coverage": "delivery_rd_support",
    "new_key_labs": "delivery_labs",
})
#: Year-to-date indicator -> the delivery uncertainty it informs. HTE applications are
#: left out: they come in batches (the first closes end of June), so their count by
#: mid-June gives no pace.
YTD_DELIVERY: Mapping[str, str] = MappingProxyType({"tech_projects": "delivery_projects"})
#: Assumed s.d. (percentage points) of the full-year delivery around the year-to-date pace.
YTD_PACE_SD = 10.0


def _elapsed(as_of: str) -> float:
    day = date.fromisoformat(str(as_of)[:10])
    start = date(day.year, 1, 1)
    return ((day - start).days + 1) / ((date(day.year + 1, 1, 1) - start).days)


def delivery_from_ytd(ytd: pd.DataFrame, year: int, region: str = "Huai'an"
                      ) -> dict[str, Uncertainty]:
    """First-year delivery distributions from year-to-date figures of ``year``.

    Parameters
    ----------
    ytd : pandas.DataFrame
        Year-to-date table (:func:`huaian_forecast.load_ytd`).
    year : int
        The year the figures must be of (the first simulated year).
    region : str
        Region whose rows are used (rows without a region count for any).

    Returns
    -------
    dict of Uncertainty
        Per delivery key of :data:`YTD_DELIVERY`, a normal around ``100 x pace / f``,
        ``pace`` at even accrual and ``f`` the middle of the indicator's seasonal factor
        (:data:`~huaian_forecast.data.SEASONAL_PRIORS`, the nowcast's), with s.d. a quarter
        of the range ``pace / f`` spans (at least :data:`YTD_PACE_SD`), truncated at +-2
        s.d. and at the key's bounds; empty when the table has no usable row of ``year``.

    Examples
    --------
    >>> import huaian_forecast as hf
    >>> d = delivery_from_ytd(hf.load_ytd(), 2024)["delivery_projects"]
    >>> # 110 of 400 projects by 31 May (day count): pace 0.66 at even accrual; projects
    >>> # may run at half of even accrual to +20 %, so the year's delivery is 0.55-1.32
    >>> round(d.default, 1), round(d.sd, 1)
    (77.9, 19.3)
    """
    out: dict[str, Uncertainty] = {}
    for row in ytd.itertuples(index=False):
        key = YTD_DELIVERY.get(str(row.indicator))
        reg = str(getattr(row, "region", "") or "")
        if key is None or (reg and reg != region) or not str(row.as_of).startswith(str(year)):
            continue
        if not (row.annual_target and np.isfinite(row.annual_target)):
            continue
        pace = 100.0 * row.ytd_value / row.annual_target / _elapsed(str(row.as_of))
        # the pace assumes even accrual; the seasonal share the nowcast uses for the same
        # figure (SEASONAL_PRIORS) says how far from even the year may run
        prior = SEASONAL_PRIORS.get(str(row.indicator), SEASONAL_PRIORS["default"])
        centre = pace / ((prior.low + prior.high) / 2)
        sd = max(YTD_PACE_SD, (pace / prior.low - pace / prior.high) / 4)
        base = UNCERTAINTIES[key]
        lo = max(centre - 2 * sd, base.bounds[0])
        hi = min(centre + 2 * sd, base.bounds[1])
        out[key] = replace(
            base, distribution="normal", default=min(max(centre, lo), hi), sd=sd,
            low=lo, high=hi, assumption=True,
            source=(f"year-to-date: {row.indicator} {row.ytd_value:g} of {row.annual_target:g}"
                    f" by {row.as_of} = pace {pace / 100:.2f} at even accrual ({row.source})"),
            reason=(f"full-year delivery: the pace over the seasonal factor "
                    f"{prior.low:g}-{prior.high:g} of even accrual (the nowcast's, "
                    f"SEASONAL_PRIORS), centred at {centre / 100:.2f}, s.d. {sd:.1f} points "
                    f"(at least {YTD_PACE_SD:g}, assumed)"))
    return out


def delivery_paths(p: Mapping[str, np.ndarray], u: np.ndarray, n_years: int,
                   first_year: Mapping[str, Uncertainty]) -> dict[str, np.ndarray]:
    """Per delivery key, the delivered share per path and year ``(n_paths, n_years)``.

    Parameters
    ----------
    p : Mapping[str, numpy.ndarray]
        Sampled uncertainties (fractions), including the delivery keys.
    u : numpy.ndarray
        The uniforms of the uncertainties (rows in registry order): the first-year
        distribution is read at the same uniform as the later years'.
    n_years : int
        Years simulated.
    first_year : Mapping[str, Uncertainty]
        Delivery distributions of the first simulated year (:func:`delivery_from_ytd`).
    """
    rows = {k: i for i, k in enumerate(UNCERTAINTIES)}
    out = {}
    for key in dict.fromkeys(DELIVERY_GROUPS.values()):
        share = np.repeat(np.asarray(p[key], dtype=float)[:, None], n_years, axis=1)
        if key in first_year:
            share[:, 0] = first_year[key].sample(u[rows[key]])
        out[key] = share
    return out
