r"""Pace within the year (序时进度) and a nowcast of the full-year value from year-to-date data.

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

**Nowcast.** With year-to-date value :math:`Y`, its year-on-year growth :math:`g`, and the
share :math:`s` of last year's total that had accrued by the same date, last year's
year-to-date value is :math:`Y/(1+g)`, last year's total :math:`Y / ((1+g) s)` and last
year's remainder :math:`R = Y (1 - s) / ((1+g) s)`. The rest of this year grows like the
year so far, up to a log-normal deviation:

.. math:: \text{full year} = Y + R (1+g) e^{\varepsilon}, \qquad
          \varepsilon \sim N(0, \sigma^2),

so the median is :math:`Y + R(1+g) = Y / s` and the probability of meeting a target
:math:`A > Y` is :math:`1 - \Phi(\ln((A - Y) / (R (1+g))) / \sigma)`.
Assumptions (labelled as such in the result): :math:`s` is the elapsed share of the year
(even accrual) unless last year's total or a seasonal share is given; :math:`\sigma`
defaults to 0.10, an *assumption* (plausible range 0.05-0.25), not an estimate: no monthly
history is bundled. It means the rest of the year grows within about ±14 % (80 % interval)
of the growth factor seen so far; pass your own from past years' mid-year vs full-year
growth.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd

from huaian_forecast.data import load_ytd
from huaian_forecast.exceptions import ArgumentError

__all__ = [
    "DEFAULT_GROWTH_SD",
    "NowcastResult",
    "PaceConvention",
    "elapsed_share",
    "nowcast",
    "pace",
    "pace_table",
]

PaceConvention = Literal["month", "day"]

#: Assumed s.d. of the log deviation of rest-of-year growth from year-to-date growth
#: (assumption; plausible range 0.05-0.25; see the module Notes).
DEFAULT_GROWTH_SD = 0.10


def _as_date(as_of: str | dt.date) -> dt.date:
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
    day = _as_date(as_of)
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


@dataclass(frozen=True, slots=True, kw_only=True)
class NowcastResult:
    """Full-year nowcast from a year-to-date value (see :func:`nowcast`).

    Parameters
    ----------
    estimate : float
        Median full-year value.
    lower, upper : float
        Bounds of the central ``level`` interval.
    level : float
        Coverage of the interval.
    p_meet_target : float
        Probability of reaching the annual target (NaN without a target).
    seasonal_share : float
        Share of last year's total accrued by the same date that was used.
    assumptions : tuple of str
        The assumptions the numbers rest on.
    """

    estimate: float
    lower: float
    upper: float
    level: float
    p_meet_target: float = float("nan")
    seasonal_share: float = float("nan")
    assumptions: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        if not self.lower <= self.estimate <= self.upper:
            raise ValueError("a nowcast needs lower <= estimate <= upper")
        if not 0 < self.level < 1:
            raise ValueError(f"level must lie in (0, 1), got {self.level}")


def _seasonal_share(ytd: float, growth: float, as_of: dt.date, convention: PaceConvention,
                    last_year_total: float | None,
                    seasonal_share: float | None) -> tuple[float, str]:
    if last_year_total is not None:
        return ytd / (1 + growth) / last_year_total, "share of last year's total from its total"
    if seasonal_share is not None:
        return seasonal_share, "seasonal share given by the caller"
    return (elapsed_share(as_of, convention),
            f"assumption: even accrual through the year ({convention} count)")


def nowcast(ytd: float, as_of: str | dt.date, *, yoy_growth: float,
            annual_target: float | None = None, last_year_total: float | None = None,
            seasonal_share: float | None = None, growth_sd: float = DEFAULT_GROWTH_SD,
            level: float = 0.8, convention: PaceConvention = "month") -> NowcastResult:
    """Nowcast the full-year value from the year-to-date value and its growth.

    Parameters
    ----------
    ytd : float
        Year-to-date value (positive).
    as_of : str or datetime.date
        Date of the year-to-date value.
    yoy_growth : float
        Year-on-year growth of the year-to-date value, a fraction (0.387 for 38.7 %).
    annual_target : float, optional
        Annual target; gives ``p_meet_target``.
    last_year_total : float, optional
        Last year's full-year value; fixes the seasonal share ``s``.
    seasonal_share : float, optional
        Share of last year's total accrued by the same date (ignored if
        ``last_year_total`` is given); default: the elapsed share of the year.
    growth_sd : float
        S.d. of the log deviation of rest-of-year growth (assumption, see module Notes).
    level : float
        Coverage of the interval.
    convention : {"month", "day"}
        Count of the elapsed share when no seasonal information is given.

    Returns
    -------
    NowcastResult

    Raises
    ------
    ArgumentError
        For a non-positive ``ytd``, a growth of -100 % or less, a share outside (0, 1] or a
        negative ``growth_sd``.

    Examples
    --------
    >>> r = nowcast(63.05, "2024-05-31", yoy_growth=0.387, annual_target=140)
    >>> round(r.estimate, 1), round(r.p_meet_target, 2)
    (151.3, 0.92)
    """
    from scipy import stats

    day = _as_date(as_of)
    if not 0 < level < 1:
        raise ArgumentError(f"level must lie in (0, 1), got {level}")
    if not ytd > 0 or not yoy_growth > -1 or not growth_sd >= 0:
        raise ArgumentError("need ytd > 0, yoy_growth > -1 and growth_sd >= 0; got "
                            f"{ytd}, {yoy_growth}, {growth_sd}")
    share, how = _seasonal_share(ytd, yoy_growth, day, convention, last_year_total,
                                 seasonal_share)
    if not 0 < share <= 1:
        raise ArgumentError(f"the seasonal share must lie in (0, 1], got {share:.3f} ({how})")
    rest = ytd * (1 - share) / share  # = last year's remainder R times (1 + g)
    z = float(stats.norm.ppf(0.5 + level / 2))
    p_meet = float("nan")
    if annual_target is not None:
        need = annual_target - ytd
        if need <= 0:
            p_meet = 1.0
        elif rest == 0:
            p_meet = 0.0
        else:
            p_meet = float(stats.norm.sf(np.log(need / rest) / growth_sd)) if growth_sd > 0 \
                else float(rest >= need)
    return NowcastResult(
        estimate=ytd + rest, lower=ytd + rest * float(np.exp(-z * growth_sd)),
        upper=ytd + rest * float(np.exp(z * growth_sd)), level=level, p_meet_target=p_meet,
        seasonal_share=share,
        assumptions=(how, "the rest of the year grows like the year so far "
                          f"(log s.d. {growth_sd:g}, an assumption)"))


#: Columns of :func:`pace_table`.
PACE_COLUMNS = ("indicator", "as_of", "ytd_value", "unit", "annual_target", "elapsed_share",
                "pace", "reported_pace", "yoy_growth", "nowcast", "nowcast_lo", "nowcast_hi",
                "p_meet_target", "note")


def _pace_row(rec: dict[str, object], convention: PaceConvention, growth_sd: float,
              level: float) -> dict[str, object]:
    ytd, target = float(rec["ytd_value"]), float(rec["annual_target"])  # type: ignore[arg-type]
    growth = float(rec["yoy_growth_percent"]) / 100.0  # type: ignore[arg-type]
    reported = float(rec["reported_pace_percent"]) / 100.0  # type: ignore[arg-type]
    row: dict[str, object] = {
        "indicator": rec["indicator"], "as_of": str(rec["as_of"]), "ytd_value": ytd,
        "unit": rec["unit"], "annual_target": target,
        "elapsed_share": elapsed_share(str(rec["as_of"]), convention),
        "pace": pace(ytd, target, str(rec["as_of"]), convention=convention),
        "reported_pace": reported, "yoy_growth": growth, "note": ""}
    if np.isnan(growth):
        return row | {"note": "no year-on-year growth published: no nowcast"}
    now = nowcast(ytd, str(rec["as_of"]), yoy_growth=growth, annual_target=target,
                  growth_sd=growth_sd, level=level, convention=convention)
    return row | {"nowcast": now.estimate, "nowcast_lo": now.lower, "nowcast_hi": now.upper,
                  "p_meet_target": now.p_meet_target, "note": "; ".join(now.assumptions)}


def pace_table(path: str | Path | None = None, *, convention: PaceConvention = "month",
               growth_sd: float = DEFAULT_GROWTH_SD, level: float = 0.8) -> pd.DataFrame:
    """Pace and nowcast for every year-to-date figure of a file (default: the bundled one).

    Parameters
    ----------
    path : str or Path, optional
        CSV with columns ``indicator, as_of, ytd_value, unit, yoy_growth_percent,
        annual_target, reported_pace_percent`` (default: the bundled ``ytd_2024.csv``).
    convention : {"month", "day"}
        Count of the elapsed share.
    growth_sd : float
        Assumed s.d. of rest-of-year growth (see module Notes).
    level : float
        Coverage of the nowcast interval.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`PACE_COLUMNS`; rates as fractions.

    Examples
    --------
    >>> table = pace_table()
    >>> round(float(table.loc[table.indicator == "enterprise_rd", "pace"].iloc[0]), 2)
    1.08
    """
    frame = load_ytd(path)
    rows = [_pace_row(rec, convention, growth_sd, level) for rec in frame.to_dict("records")]
    return pd.DataFrame(rows, columns=list(PACE_COLUMNS))
