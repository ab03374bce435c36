"""How the report writes numbers for people: levels, probabilities, ranges, label sides.

Re-exported by :mod:`huaian_forecast.report._text` (the report's wording), which most
modules import them from.
"""

from __future__ import annotations

import itertools
import math
from typing import Literal

from huaian_forecast.indicators import INDICATORS

__all__ = ["Lang", "format_probability", "format_range", "format_value", "labels_on_left"]

#: A report language: Chinese or English.
Lang = Literal["zh", "en"]


def labels_on_left(years: list[int]) -> list[bool]:
    """Which target labels go left of their star: those a year or two before the next target.

    ``years`` sorted; on a fan a label written to the right of 2024's star would run over
    2025's (the PNG and the HTML fans place their labels by this rule).

    Examples
    --------
    >>> labels_on_left([2024, 2025, 2030, 2035])
    [True, False, False, False]
    """
    return [b - a <= 2 for a, b in itertools.pairwise(years)] + [False][:len(years)]


def format_value(value: float, indicator: str) -> str:
    """Format a level as tables, briefings and chart labels show it.

    Whole numbers for counts, two decimals below 10 and one above; ``—`` for a missing
    value.

    Examples
    --------
    >>> format_value(768.0, "hte_count"), format_value(2.114, "rd_intensity")
    ('768', '2.11')
    >>> format_value(31.64, "hightech_share"), format_value(float("nan"), "gdp")
    ('31.6', '—')
    """
    if isinstance(value, float) and math.isnan(value):
        return "—"
    ind = INDICATORS.get(indicator)
    if ind is not None and ind.is_integer:
        return f"{value:,.0f}"
    return f"{value:,.2f}" if abs(value) < 10 else f"{value:,.1f}"


def format_probability(p: float) -> str:
    """Percent for people; below 1 % and above 99 % are shown as bounds.

    A Monte Carlo estimate of 0 or 1 is not a certainty, hence ``<1%`` / ``>99%``.

    Examples
    --------
    >>> format_probability(0.0), format_probability(0.4231), format_probability(1.0)
    ('<1%', '42%', '>99%')
    """
    if math.isnan(p):
        return "—"
    if p < 0.005:
        return "<1%"
    if p > 0.995:
        return ">99%"
    return f"{100 * p:.0f}%"


def format_range(low: float, high: float, lang: Lang) -> str:
    """Return a range of probabilities for people: ``19%–73%``, or with words at a bound.

    ``13%–>99%`` would read as an arrow: an end shown as a bound (``<1%`` / ``>99%``,
    :func:`format_probability`) is joined with 至 / "to".

    Examples
    --------
    >>> format_range(0.19, 0.73, "en"), format_range(0.13, 1.0, "en")
    ('19%–73%', '13% to >99%')
    >>> format_range(0.0, 0.42, "zh")
    '<1%至42%'
    """
    a, b = format_probability(low), format_probability(high)
    if a[0] in "<>" or b[0] in "<>":
        return f"{a}至{b}" if lang == "zh" else f"{a} to {b}"
    return f"{a}–{b}"
