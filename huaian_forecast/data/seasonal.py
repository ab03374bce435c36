"""How much of a year's flow is in by a date: the seasonal share, an assumption per indicator.

A year-to-date figure means nothing without the share of the year's total that is usually
in by its date. No monthly history is bundled, so every range here is an assumption with
its reason. Two stages read it: the nowcast (:mod:`huaian_forecast.assessment.nowcast`,
the probability of the current year's targets) and the first year's delivery of a plan
(:func:`huaian_forecast.structural.delivery.delivery_from_ytd`), so the same year-to-date
figure means the same thing to both.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["SEASONAL_PRIORS", "SeasonalPrior"]


@dataclass(frozen=True, slots=True, kw_only=True)
class SeasonalPrior:
    """Range of the seasonal share, as factors of the even-accrual (elapsed) share.

    Parameters
    ----------
    low, high : float
        The share lies uniformly in ``[low * e, high * e]`` (capped at 1), with ``e`` the
        elapsed share of the year.
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
        reason="assumption centred on even accrual, checked: 2024's 117.87亿 by 16 June at "
               "+42.8 % means 82.5亿 by the same date of 2023, and 2023's total was above "
               "180亿 (data/observations.csv), so 2023's share by 16 June was at most 0.458 "
               "against an even 0.461"),
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
