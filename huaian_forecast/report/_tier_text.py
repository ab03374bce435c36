"""A target's tier as a reader sees it: 确保 / 力争 (zh), floor / stretch (en).

A single target (the default, or a table without tiers) shows no tier at all.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from huaian_forecast.report._text import CODES, Lang

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["tier_label", "tier_suffix", "without_single_tier"]


def tier_label(tier: object, lang: Lang) -> str:
    """Return a target's tier as a reader sees it: 确保 / 力争, floor / stretch ("" if single).

    Examples
    --------
    >>> tier_label("floor", "zh"), tier_label("stretch", "en"), tier_label("single", "zh")
    ('确保', 'stretch', '')
    """
    key = str(tier)
    if key not in ("floor", "stretch"):
        return ""  # single, missing (NaN) or a table without tiers
    return CODES[key][0 if lang == "zh" else 1]


def tier_suffix(tier: object, lang: Lang) -> str:
    """Return ``（确保）`` / `` (floor)`` to follow a threshold ("" for a single target).

    Examples
    --------
    >>> tier_suffix("stretch", "zh"), tier_suffix("floor", "en"), tier_suffix("single", "en")
    ('（力争）', ' (floor)', '')
    """
    word = tier_label(tier, lang)
    return "" if not word else f"（{word}）" if lang == "zh" else f" ({word})"


def without_single_tier(frame: pd.DataFrame) -> pd.DataFrame:
    """Return ``frame`` without its ``tier`` column where every target is single.

    No floor / stretch target: the column would be empty (单一 / single everywhere) and
    tell nothing apart.
    """
    if "tier" in frame and (frame["tier"] == "single").all():
        return frame.drop(columns="tier")
    return frame
