r"""Pace within the year (序时进度) from a year-to-date figure.

Notes
-----
**Pace.** Chinese work reports measure a year-to-date figure against the share of the year
that has elapsed:

.. math:: \text{pace} = \frac{\text{YTD} / \text{annual target}}{e(\text{as\_of})}

A pace of 1.0 is exactly on schedule. The elapsed share :math:`e` is
:func:`~huaian_forecast.data.elapsed_share`, defined once in :mod:`huaian_forecast.data.seasonal`
for the pace, the nowcast and the first year's delivery of a plan: by months (default, the
convention of the bureau's reports; the end of May is exactly 5/12) or, if asked, by days.

The seed's example (enterprise R&D 63.05亿 by the end of May against a target of 140亿,
reported as 108 %) gives 1.081 with months and 1.084 with days.

The nowcast of the full year from the same figures is in :mod:`.nowcast`.
"""

from __future__ import annotations

import datetime as dt

from huaian_forecast.data import PaceConvention, elapsed_share
from huaian_forecast.exceptions import ArgumentError

__all__ = ["pace"]


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
        How the elapsed share is counted (:func:`~huaian_forecast.data.elapsed_share`).

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
