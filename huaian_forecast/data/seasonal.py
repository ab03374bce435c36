r"""How much of a year has elapsed at a date, and how much of a year's flow is in by then.

A year-to-date figure ("110 of 400 projects by end-May") means nothing without two shares,
and both are defined here, once, for every stage that reads such a figure: the nowcast
(:mod:`huaian_forecast.assessment.nowcast`, the probability of the current year's targets),
the pace (序时进度, :func:`huaian_forecast.assessment.pace`) and the first year's delivery
of a plan (:func:`huaian_forecast.structural.delivery_from_ytd`). So the same figure
means the same thing to all of them.

Notes
-----
**Elapsed share** :math:`e` (:func:`elapsed_share`): the share of the calendar year gone
at the *end* of the day ``as_of``. The one definition is by months (``"month"``, the
default everywhere): months elapsed out of 12, the current month counted by the fraction
of its days passed,

.. math:: e = (m - 1 + d / D_m) / 12,

so the end of May is exactly 5/12 in any year. Why months: the bureau's figures are
cumulative monthly statistics ("1-5月份", "截止5月底") and its 序时进度 is months out of 12;
the seed's 63.05亿 by end-May against 140亿, reported as 108 %, is 1.081 by months. A day
count (``"day"``: day of the year out of 365 or 366; end-May 2024 is 152/366) stays
available for a caller who asks for it; it differs from months by at most 0.005 of a year
(end-February; 0.0014 at end-May 2024) and gives the seed's 108 % too (1.084).

**Seasonal share** :math:`s` (:func:`seasonal_range`): the share of the year's total that
is in by ``as_of``. No monthly history is bundled, so it is an assumption per indicator
(:data:`SEASONAL_PRIORS`): uniform on ``[low * e, high * e]``, each end capped at 1 (no
more than the whole year can be in), and closing on 1 as the year ends (what is still to
come accrues no faster than ``1 / low`` times the even pace; see :func:`seasonal_range`).
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from typing import Literal

from huaian_forecast.exceptions import ArgumentError

__all__ = ["SEASONAL_PRIORS", "PaceConvention", "SeasonalPrior", "as_date", "elapsed_share",
           "seasonal_prior", "seasonal_range"]

#: How the elapsed share is counted: months (default) or days (see the module Notes).
PaceConvention = Literal["month", "day"]


@dataclass(frozen=True, slots=True, kw_only=True)
class SeasonalPrior:
    """Range of the seasonal share, as factors of the even-accrual (elapsed) share.

    Parameters
    ----------
    low, high : float
        The share lies uniformly in ``[low * e, high * e]`` (capped at 1, closing on 1 as
        the year ends: :func:`seasonal_range`), with ``e`` the elapsed share of the year.
    reason : str
        Why this range (every range is an assumption: no monthly history is bundled).
    """

    low: float
    high: float
    reason: str

    def __post_init__(self) -> None:
        if not 0 < self.low <= self.high:
            raise ValueError(f"need 0 < low <= high, got {self.low}, {self.high}")


_EVEN = ("assumption: centred on even accrual, the 序时进度 convention of the bureau's "
         "own reports (《市科技局2024年上半年工作总结和下半年工作计划》, 2024-06-14, section "
         "一(一): 63.05亿 by end-May is '108 %' of 140亿), +-20 % because flows are not "
         "even (R&D booked and contracts registered towards the year end would mean a lower "
         "share), and no monthly history is bundled to narrow it")

#: Seasonal-share ranges by indicator (``"default"`` for any other).
SEASONAL_PRIORS: dict[str, SeasonalPrior] = {
    "default": SeasonalPrior(low=0.8, high=1.2, reason=_EVEN),
    "tech_contracts": SeasonalPrior(
        low=0.8, high=1.2,
        reason="assumption centred on even accrual, +-20 %; one year to compare with: "
               "2024's 117.87亿 by 16 June at +42.8 % means 82.5亿 by the same date of 2023, "
               "and 2023's total was above 180亿 (data/observations.csv), so 2023's share by "
               "16 June was at most 0.458 against an even 0.461. That year rules out the "
               "range's upper (front-loaded) half for 2023 only, but one year does not fix "
               "another's timing, so the range is kept (capped at 0.458 the nowcast would "
               "be near 1)"),
    "tech_projects": SeasonalPrior(
        low=0.5, high=1.2,
        reason="assumption: the bureau's report (2024-06-14, section 四(一)) says 400-odd "
               "technology projects land every year ('每年400多个…科技型项目落地'), and 2024 "
               "had 110 by end-May: were 2024 like those years, about 0.27 of a year's "
               "projects are in "
               "by end-May (0.66 of even accrual). No monthly history is bundled, so the "
               "range runs from half of even accrual (back-loaded, as those years imply) to "
               "+20 % (even, as the 序时进度 convention reads it)"),
    "hte_applications": SeasonalPrior(
        low=0.1, high=0.9,
        reason="assumption: high-tech enterprise applications are submitted in batches over "
               "the application season (about May to September), how many are in by June "
               "is not published, so the range is wide on purpose"),
}


def as_date(as_of: str | dt.date) -> dt.date:
    """Read a date: ISO ``YYYY-MM-DD`` text, a date, or a date-time (its date).

    A date-time is read as its day (an Excel date cell arrives as ``2024-05-31 00:00:00``):
    every share here is counted at the end of that day.

    Raises
    ------
    ArgumentError
        If ``as_of`` is not a date (also a ValueError).

    Examples
    --------
    >>> as_date("2024-05-31")
    datetime.date(2024, 5, 31)
    >>> as_date("2024-05-31 00:00:00")
    datetime.date(2024, 5, 31)
    """
    if isinstance(as_of, dt.datetime):
        return as_of.date()
    if isinstance(as_of, dt.date):
        return as_of
    text = str(as_of).strip()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        pass
    try:
        return dt.datetime.fromisoformat(text).date()
    except ValueError:
        raise ArgumentError(f"as_of must be a date like 2024-05-31, got {as_of!r}") from None


def elapsed_share(as_of: str | dt.date, convention: PaceConvention = "month") -> float:
    """Share of the calendar year elapsed at the end of the day ``as_of``.

    Parameters
    ----------
    as_of : str or datetime.date
        The date the year-to-date figure refers to (ISO ``YYYY-MM-DD`` if a string).
    convention : {"month", "day"}
        Months elapsed out of 12 (default, the one definition: see the module Notes) or
        days elapsed out of the days of the year.

    Returns
    -------
    float
        A fraction in (0, 1]: 1 January counts as one day gone, 31 December as the whole
        year, so the share is never 0 and a pace never divides by it.

    Raises
    ------
    ArgumentError
        If ``as_of`` is not a date or ``convention`` is unknown.

    Examples
    --------
    >>> elapsed_share("2024-05-31")
    0.4166666666666667
    >>> round(elapsed_share("2024-05-31", "day"), 4)
    0.4153
    """
    day = as_date(as_of)
    if convention == "month":
        days_in_month = calendar.monthrange(day.year, day.month)[1]
        return (day.month - 1 + day.day / days_in_month) / 12.0
    if convention == "day":
        days_in_year = 366 if calendar.isleap(day.year) else 365
        return day.timetuple().tm_yday / days_in_year
    raise ArgumentError(f"convention must be 'month' or 'day', got {convention!r}")


def seasonal_prior(indicator: str | None) -> SeasonalPrior:
    """Return the seasonal prior of ``indicator`` (:data:`SEASONAL_PRIORS`; else ``"default"``)."""
    return SEASONAL_PRIORS.get(indicator or "default", SEASONAL_PRIORS["default"])


def seasonal_range(indicator: str | None, as_of: str | dt.date,
                   convention: PaceConvention = "month") -> tuple[float, float, str]:
    """Range of the seasonal share of ``indicator`` at ``as_of`` and the reason for it.

    Parameters
    ----------
    indicator : str or None
        Indicator key (:data:`SEASONAL_PRIORS`; the default range for any other).
    as_of : str or datetime.date
        Date of the year-to-date figure.
    convention : {"month", "day"}
        Count of the elapsed share (:func:`elapsed_share`).

    Returns
    -------
    low, high : float
        The prior's factors times the elapsed share ``e``, each capped at 1. The low end
        is at least ``1 - (1 - e) / min(1, prior.low)``: what is still to come cannot
        accrue faster than ``1 / prior.low`` times the even pace (the slowest pace the
        prior allows the months gone, mirrored; a front-loaded prior, ``low`` above 1,
        leaves the rest at most the even pace), so the range closes on 1 as the year ends
        (on 31 December the figure is the year's total), and the high end is never below
        the low. Mid-year the bound is slack for every prior (end-May, the bundled
        figures' date: 0.27 against 0.33 for the default prior).
    reason : str
        Why this range (an assumption).

    Examples
    --------
    >>> lo, hi, _ = seasonal_range("enterprise_rd", "2024-05-31")
    >>> round(lo, 3), round(hi, 3)
    (0.333, 0.5)
    >>> seasonal_range("hte_applications", "2024-12-31")[:2]
    (1.0, 1.0)
    """
    prior = seasonal_prior(indicator)
    e = elapsed_share(as_of, convention)
    low = min(1.0, max(prior.low * e, 1.0 - (1.0 - e) / min(1.0, prior.low)))
    return low, max(low, min(1.0, prior.high * e)), prior.reason
