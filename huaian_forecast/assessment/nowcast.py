r"""Nowcast of a full-year value from a year-to-date figure and its year-on-year growth.

Notes
-----
With year-to-date value :math:`Y`, its year-on-year growth :math:`g` and the share
:math:`s` of last year's total that had accrued by the same date (the *seasonal share*),
last year's year-to-date value is :math:`Y/(1+g)` and last year's remainder

.. math:: R = \frac{Y (1 - s)}{(1 + g) s}.

The rest of this year grows on last year's remainder at a rate that keeps part of the
year-to-date growth and reverts the rest to a base rate :math:`g_b`:

.. math::

    \ln(1 + g_{rest}) = \rho \ln(1 + g) + (1 - \rho) \ln(1 + g_b) + \varepsilon,
    \qquad \varepsilon \sim N(0, \sigma^2),

    \text{full year} = Y + R (1 + g_{rest}).

With :math:`\rho = 1` (full persistence) :math:`g` cancels and the median is
:math:`Y / s`: the old model, in which a growth of 0 and of 38.7 % gave the same 151.32.
A mid-year growth rate is partly base effects and lumpy items (the bureau's 2024 mid-year
report: large projects coming on stream), so it is not expected to hold for the rest of
the year in full; the defaults (assumptions, no monthly history is bundled to estimate
them) are

- :data:`DEFAULT_PERSISTENCE` :math:`\rho = 0.5` (plausible range 0.25-1);
- :data:`DEFAULT_BASE_GROWTH` :math:`g_b = 0.10` (plausible range 0.05-0.20; Jiangsu's R&D
  spending grew 11.6 % a year 2016-2022, 1985 -> 3835.4亿, ``data/observations.csv``);
- :data:`DEFAULT_GROWTH_SD` :math:`\sigma = 0.10` (plausible range 0.05-0.25).

**The seasonal share is an uncertainty**, not a constant: unless last year's total or a
share is given, :math:`s` is uniform on a range around the *even-accrual* share (the
elapsed share of the year by months, the 序时进度 convention of the bureau's reports), with
an indicator-specific range where there is a reason, each end capped at 1 and the range
closing on 1 as the year ends (:func:`~huaian_forecast.data.seasonal_range` and
:data:`~huaian_forecast.data.SEASONAL_PRIORS`, defined once in
:mod:`huaian_forecast.data.seasonal` and read by the first year's delivery of a plan too;
every range is an assumption and says why). The result integrates over it (midpoint
quadrature, no random numbers) and reports the lowest and highest probability with one
assumption at an end of its range and the others at their defaults (``p_min`` /
``p_max``): the model/assumption uncertainty of the probability.

Without a published growth (``yoy_growth=None``) the rest of the year follows the pace of
the year so far: full year :math:`= Y + Y (1 - s)/s \cdot e^{\varepsilon}`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np

from huaian_forecast.data import PaceConvention, as_date, seasonal_range
from huaian_forecast.exceptions import ArgumentError

__all__ = [
    "DEFAULT_BASE_GROWTH",
    "DEFAULT_GROWTH_SD",
    "DEFAULT_PERSISTENCE",
    "NowcastResult",
    "nowcast",
]

#: S.d. of the log deviation of rest-of-year growth (assumption; range 0.05-0.25).
DEFAULT_GROWTH_SD = 0.10
#: Share of the year-to-date log growth that persists for the rest of the year
#: (assumption; range 0.25-1).
DEFAULT_PERSISTENCE = 0.5
#: Growth the rest of the year reverts to (assumption; range 0.05-0.20; Jiangsu R&D
#: spending 2016-2022: 11.6 % a year).
DEFAULT_BASE_GROWTH = 0.10
#: Plausible ranges of the assumptions, for ``p_min`` / ``p_max``.
_RANGES = {"persistence": (0.25, 1.0), "base_growth": (0.05, 0.20), "growth_sd": (0.05, 0.25)}
_NODES = 41  # quadrature nodes of the seasonal share
_Z_NODES = 201  # quadrature nodes of the growth deviation


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
    p_min, p_max : float
        Lowest and highest probability with one assumption (seasonal share, persistence,
        base growth, s.d.) at an end of its range: the model/assumption uncertainty.
    seasonal_share : float
        Mid-point of the seasonal share used.
    seasonal_low, seasonal_high : float
        Range of the seasonal share (equal when it is known).
    assumptions : tuple of str
        The assumptions the numbers rest on.
    """

    estimate: float
    lower: float
    upper: float
    level: float
    p_meet_target: float = float("nan")
    p_min: float = float("nan")
    p_max: float = float("nan")
    seasonal_share: float = float("nan")
    seasonal_low: float = float("nan")
    seasonal_high: float = float("nan")
    assumptions: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        if not self.lower <= self.estimate <= self.upper:
            raise ValueError("a nowcast needs lower <= estimate <= upper")
        if not 0 < self.level < 1:
            raise ValueError(f"level must lie in (0, 1), got {self.level}")

    def probabilities(self, direction: str = "at_least") -> tuple[float, float, float]:
        """Return ``(p, p_min, p_max)`` of meeting the target in ``direction``.

        ``p_meet_target`` is of reaching the target; an ``at_most`` target (a cap) is
        met by staying at or below it: ``1 - p``, the ends swapped.

        Examples
        --------
        >>> r = NowcastResult(estimate=1.0, lower=0.5, upper=2.0, level=0.8, p_meet_target=0.7,
        ...                   p_min=0.6, p_max=0.9)
        >>> tuple(round(v, 2) for v in r.probabilities("at_most"))
        (0.3, 0.1, 0.4)
        """
        if direction == "at_most":
            return 1.0 - self.p_meet_target, 1.0 - self.p_max, 1.0 - self.p_min
        return self.p_meet_target, self.p_min, self.p_max


def _share_range(ytd: float, growth: float | None, day: dt.date,
                 convention: PaceConvention, last_year_total: float | None,
                 seasonal_share: float | tuple[float, float] | None,
                 indicator: str | None) -> tuple[float, float, str]:
    if last_year_total is not None:
        if growth is None:
            raise ArgumentError("last_year_total needs yoy_growth (to find last year's "
                                "year-to-date value)")
        s = ytd / (1 + growth) / last_year_total
        return s, s, "share of last year's total from its total"
    if isinstance(seasonal_share, tuple):
        return float(seasonal_share[0]), float(seasonal_share[1]), "seasonal share range " \
            "given by the caller"
    if seasonal_share is not None:
        return float(seasonal_share), float(seasonal_share), "seasonal share given by the caller"
    return seasonal_range(indicator, day, convention)


def _p_at(need: float, rest: np.ndarray, mu: float, sd: float) -> np.ndarray:
    """P(rest * exp(mu + eps) >= need) per seasonal-share node."""
    from scipy.special import ndtr

    if need <= 0:
        return np.ones_like(rest)
    if sd == 0:
        return (rest * np.exp(mu) >= need).astype(float)
    # a share of 1 (31 December, where the range is capped) leaves no rest of the year
    out = np.zeros_like(rest, dtype=float)
    some = rest > 0
    out[some] = ndtr(-(np.log(need / rest[some]) - mu) / sd)
    return out


def _parts(ytd: float, growth: float | None, shares: np.ndarray, persistence: float,
           base_growth: float) -> tuple[np.ndarray, float]:
    """Last year's remainder per share and the mean log growth of the rest of the year."""
    if growth is None:
        return ytd * (1 - shares) / shares, 0.0
    mu = persistence * np.log1p(growth) + (1 - persistence) * np.log1p(base_growth)
    return ytd * (1 - shares) / ((1 + growth) * shares), float(mu)


def _check(ytd: float, growth: float | None, sd: float, level: float, persistence: float,
           base_growth: float) -> None:
    if not 0 < level < 1:
        raise ArgumentError(f"level must lie in (0, 1), got {level}")
    if not ytd > 0 or (growth is not None and not growth > -1) or not sd >= 0:
        raise ArgumentError("need ytd > 0, yoy_growth > -1 and growth_sd >= 0; got "
                            f"{ytd}, {growth}, {sd}")
    if not 0 <= persistence <= 1 or not base_growth > -1:
        raise ArgumentError(f"need 0 <= persistence <= 1 and base_growth > -1; got "
                            f"{persistence}, {base_growth}")


def _one_at_a_time(ytd: float, growth: float | None, need: float,
                   ends: tuple[float, float], base: dict[str, float]) -> tuple[float, float]:
    """Lowest and highest P with one assumption at an end of its range, the rest at default.

    The seasonal share is taken at each end as a known value; the others at the ends of
    :data:`_RANGES`. Moving every assumption to its worst end at once would be a far less
    likely case than any of these.
    """
    names = ["growth_sd"] if growth is None else ["persistence", "base_growth", "growth_sd"]
    cases = [(share, dict(base)) for share in ends]
    cases += [((ends[0] + ends[1]) / 2, base | {n: v}) for n in names for v in _RANGES[n]]
    probs = []
    for share, values in cases:
        rest, mu = _parts(ytd, growth, np.array([share]), values["persistence"],
                          values["base_growth"])
        probs.append(float(_p_at(need, rest, mu, values["growth_sd"])[0]))
    return min(probs), max(probs)


def nowcast(ytd: float, as_of: str | dt.date, *, yoy_growth: float | None,
            annual_target: float | None = None, last_year_total: float | None = None,
            seasonal_share: float | tuple[float, float] | None = None,
            persistence: float = DEFAULT_PERSISTENCE,
            base_growth: float = DEFAULT_BASE_GROWTH, growth_sd: float = DEFAULT_GROWTH_SD,
            level: float = 0.8, convention: PaceConvention = "month",
            indicator: str | None = None) -> NowcastResult:
    """Nowcast the full-year value from the year-to-date value and its growth.

    Parameters
    ----------
    ytd : float
        Year-to-date value (positive).
    as_of : str or datetime.date
        Date of the year-to-date value.
    yoy_growth : float or None
        Year-on-year growth of the year-to-date value, a fraction (0.387 for 38.7 %);
        None when not published (the rest of the year then follows the year's pace).
    annual_target : float, optional
        Annual target; gives ``p_meet_target``, ``p_min`` and ``p_max``.
    last_year_total : float, optional
        Last year's full-year value; fixes the seasonal share ``s``.
    seasonal_share : float or (float, float), optional
        Share of last year's total accrued by the same date, or a range (uniform); default:
        the range of :func:`~huaian_forecast.data.seasonal_range` for ``indicator``.
    persistence, base_growth, growth_sd : float
        Assumptions of the rest-of-year growth (see module Notes).
    level : float
        Coverage of the interval.
    convention : {"month", "day"}
        Count of the elapsed share when no seasonal information is given.
    indicator : str, optional
        Indicator key, choosing the seasonal-share range
        (:data:`~huaian_forecast.data.SEASONAL_PRIORS`).

    Returns
    -------
    NowcastResult

    Raises
    ------
    ArgumentError
        For a non-positive ``ytd``, a growth of -100 % or less, a share outside (0, 1], a
        negative ``growth_sd`` or a persistence outside [0, 1].

    Examples
    --------
    >>> r = nowcast(63.05, "2024-05-31", yoy_growth=0.387, annual_target=140)
    >>> round(r.estimate, 1), round(r.p_meet_target, 2)
    (141.7, 0.53)
    >>> round(nowcast(63.05, "2024-05-31", yoy_growth=0.0).estimate, 1)
    155.7
    """
    day = as_date(as_of)
    _check(ytd, yoy_growth, growth_sd, level, persistence, base_growth)
    lo, hi, how = _share_range(ytd, yoy_growth, day, convention, last_year_total,
                               seasonal_share, indicator)
    if not (0 < lo <= 1 and 0 < hi <= 1 and lo <= hi):
        raise ArgumentError(f"the seasonal share must lie in (0, 1], got {lo:.3f}-{hi:.3f} "
                            f"({how})")
    shares = lo + (hi - lo) * (np.arange(_NODES) + 0.5) / _NODES if hi > lo else np.array([lo])
    rest, mu = _parts(ytd, yoy_growth, shares, persistence, base_growth)
    from scipy.special import ndtri

    z = ndtri((np.arange(_Z_NODES) + 0.5) / _Z_NODES)
    values = ytd + rest[:, None] * np.exp(mu + growth_sd * z[None, :])
    lower, estimate, upper = (float(q) for q in np.quantile(
        values, [0.5 - level / 2, 0.5, 0.5 + level / 2]))
    p_meet = p_min = p_max = float("nan")
    if annual_target is not None:
        need = annual_target - ytd
        p_meet = float(np.mean(_p_at(need, rest, mu, growth_sd)))
        p_min, p_max = _one_at_a_time(ytd, yoy_growth, need, (lo, hi),
                                {"persistence": persistence, "base_growth": base_growth,
                                 "growth_sd": growth_sd})
        p_min, p_max = min(p_min, p_meet), max(p_max, p_meet)
    growth_note = ("no year-on-year growth: the rest of the year follows the year's pace"
                   if yoy_growth is None else
                   f"rest-of-year growth keeps {persistence:g} of the year-to-date log growth "
                   f"and reverts the rest to {base_growth:.0%} (assumptions)")
    return NowcastResult(
        estimate=estimate, lower=min(lower, estimate), upper=max(upper, estimate), level=level,
        p_meet_target=p_meet, p_min=p_min, p_max=p_max, seasonal_share=(lo + hi) / 2,
        seasonal_low=lo, seasonal_high=hi,
        assumptions=(f"seasonal share {lo:.3f}-{hi:.3f}: {how}", growth_note,
                     f"log s.d. of the rest of the year {growth_sd:g} (an assumption)"))
