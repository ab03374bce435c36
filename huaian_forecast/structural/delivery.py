"""Plans are not deliveries: the share of a planned change that happens, per lever group.

A scenario states plans. What is delivered is ``status quo + delta (plan - status quo)``,
with ``delta`` a per-path uncertainty of the lever's group (:data:`DELIVERY_GROUPS`), so
the status quo itself is never at risk and the baseline is unaffected. The first year
after the origin can take its delivery from year-to-date figures (:func:`delivery_from_ytd`):
the share of the annual target done over the share of the year's flow expected by then
(:func:`~huaian_forecast.data.seasonal_range`, the nowcast's: one definition of the elapsed
and seasonal shares, by months, in :mod:`huaian_forecast.data.seasonal`) becomes a normal
around it, drawn with the same uniform as the later years' delivery (comonotone: a path
that delivers well in 2024 delivers well later).

Major-project R&D is attracted like the other projects (its planned change is delivered
as the projects group is) and then arrives as a random process
(:mod:`~huaian_forecast.structural._inputs`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from types import MappingProxyType
from typing import Any

import numpy as np
import pandas as pd

from huaian_forecast.data import (
    HOME_REGION,
    as_date,
    elapsed_share,
    seasonal_prior,
    seasonal_range,
)
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


def delivery_from_ytd(ytd: pd.DataFrame, year: int, region: str = HOME_REGION
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
        Per delivery key of :data:`YTD_DELIVERY`, a normal around ``100 x done / s``,
        ``done`` the share of the annual target in by ``as_of`` and ``s`` the middle of the
        indicator's seasonal share at ``as_of`` (:func:`~huaian_forecast.data.seasonal_range`,
        the nowcast's: months elapsed times the factors of
        :data:`~huaian_forecast.data.SEASONAL_PRIORS`, capped at 1 and closing on 1 as the
        year ends), with s.d. a quarter of
        the range ``done / s`` spans over the seasonal range (at least
        :data:`YTD_PACE_SD`), truncated at +-2 s.d. and at the key's bounds; empty when the
        table has no usable row of ``year`` (its date in ``year``, a positive target).

    Examples
    --------
    >>> import huaian_forecast as hf
    >>> d = delivery_from_ytd(hf.load_ytd(), 2024)["delivery_projects"]
    >>> # 110 of 400 projects by end-May (5/12 of the year): pace 0.66 at even accrual;
    >>> # projects may run at half of even accrual to +20 %, so the year's delivery is
    >>> # 0.55-1.32, centred at 0.66 / 0.85
    >>> round(d.default, 1), round(d.sd, 1)
    (77.6, 19.2)
    """
    out: dict[str, Uncertainty] = {}
    for row in ytd.itertuples(index=False):
        key = YTD_DELIVERY.get(str(row.indicator))
        reg = str(getattr(row, "region", "") or "")
        if key is None or (reg and reg != region) or as_date(row.as_of).year != year:
            continue
        if not (np.isfinite(row.annual_target) and row.annual_target > 0):
            continue
        out[key] = _first_year(row, UNCERTAINTIES[key])
    return out


def _first_year(row: Any, base: Uncertainty) -> Uncertainty:
    """Return the first year's delivery of ``base``'s group from one year-to-date row."""
    done = 100.0 * row.ytd_value / row.annual_target
    day = as_date(row.as_of)
    # the share of the year's flow in by that day: the nowcast's range for the same figure
    low, high, _ = seasonal_range(str(row.indicator), day)
    centre = done / ((low + high) / 2)
    sd = max(YTD_PACE_SD, (done / low - done / high) / 4)
    # both ends inside the key's bounds, also for a pace far outside them (then the
    # delivery is that bound on every path, not an impossible range)
    lo, hi = np.clip([centre - 2 * sd, centre + 2 * sd], *base.bounds).tolist()
    prior = seasonal_prior(str(row.indicator))
    pace = done / elapsed_share(day) / 100
    return replace(
        base, distribution="normal", default=min(max(centre, lo), hi), sd=sd,
        low=lo, high=hi, assumption=True,
        source=(f"year-to-date: {row.indicator} {row.ytd_value:g} of {row.annual_target:g}"
                f" by {day} = pace {pace:.2f} at even accrual ({row.source})"),
        reason=(f"full-year delivery: the share done over the seasonal share "
                f"{low:.3f}-{high:.3f} by {day} ({prior.low:g}-{prior.high:g} of the "
                f"months elapsed, closing on 1 as the year ends: the nowcast's, "
                f"data.seasonal_range), centred at "
                f"{centre / 100:.2f}, s.d. {sd:.1f} points (at least {YTD_PACE_SD:g}, "
                f"assumed)"))


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
