r"""Pace within the year (序时进度) from a year-to-date figure.

Notes
-----
**Pace.** Chinese work reports measure a year-to-date figure against the share of the year
that has elapsed:

.. math:: \text{pace} = \frac{\text{YTD} / \text{annual target}}{e(\text{as\_of})}

A pace of 1.0 is exactly on schedule. Two conventions for the elapsed share :math:`e`:

- ``"month"`` (default, the convention of the bureau's reports): months elapsed out of 12,
  the current month counted by the fraction of its days passed,
  :math:`e = (m - 1 + d / D_m) / 12`; the end of May is exactly 5/12.
- ``"day"``: calendar days elapsed out of the days of that year (365 or 366),
  :math:`e = \text{day of year} / D_y`; the end of May 2024 is 152/366.

The seed's example (enterprise R&D 63.05亿 by the end of May against a target of 140亿,
reported as 108 %) gives 1.081 with months and 1.084 with days.

The nowcast of the full year from the same figures is in :mod:`.nowcast`.
"""

from __future__ import annotations

import calendar
import datetime as dt
from typing import Literal

from huaian_forecast.exceptions import ArgumentError

__all__ = ["PaceConvention", "as_date", "elapsed_share", "pace"]

PaceConvention = Literal["month", "day"]


def as_date(as_of: str | dt.date) -> dt.date:
    """Read a date (ISO ``YYYY-MM-DD`` text or a date); ArgumentError otherwise."""
    if isinstance(as_of, dt.datetime):
        return as_of.date()
    if isinstance(as_of, dt.date):
        return as_of
    try:
        return dt.date.fromisoformat(str(as_of))
    except ValueError:
        raise ArgumentError(f"as_of must be a date like 2024-05-31, got {as_of!r}") from None


def elapsed_share(as_of: str | dt.date, convention: PaceConvention = "month") -> float:
    """Share of the calendar year elapsed at the end of the day ``as_of``.

    Parameters
    ----------
    as_of : str or datetime.date
        The date the year-to-date figure refers to (ISO ``YYYY-MM-DD`` if a string).
    convention : {"month", "day"}
        Months elapsed out of 12 (default) or days elapsed out of the days of the year.

    Returns
    -------
    float
        A fraction in (0, 1].

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


def pace(ytd: float, annual_target: float, as_of: str | dt.date, *,
         convention: PaceConvention = "month") -> float:
    """Pace within the year (序时进度): share of the target done over share of the year gone.

    Parameters
    ----------
    ytd : float
        Year-to-date value.
    annual_target : float
        Annual target, same unit, positive.
    as_of : str or datetime.date
        Date of the year-to-date value.
    convention : {"month", "day"}
        How the elapsed share is counted (see the module Notes).

    Returns
    -------
    float
        ``(ytd / annual_target) / elapsed_share``; 1.0 is on schedule.

    Raises
    ------
    ArgumentError
        If the target is not positive or the date is not a date.

    Examples
    --------
    The seed: enterprise R&D 63.05亿 by the end of May against 140亿 -> 108 %.

    >>> round(pace(63.05, 140, "2024-05-31"), 2)
    1.08
    """
    if not annual_target > 0:
        raise ArgumentError(f"annual_target must be positive, got {annual_target}")
    return float(ytd / annual_target / elapsed_share(as_of, convention))
