"""Sentences on targets without a probability: observed facts and the rest, by kind.

A target of a year the history observes is a fact (its value, met or not); a target of
another region than the one simulated is not assessed; the rest are not simulated.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from huaian_forecast.assessment import observed_met, observed_rows
from huaian_forecast.indicators import get_indicator
from huaian_forecast.report._text import (
    Lang,
    format_value,
    region_name,
    short_name,
    unit_label,
)
from huaian_forecast.report._tier_text import tier_label, tier_suffix
from huaian_forecast.report.tables import unit_label as indicator_unit

__all__ = ["TargetKey", "is_other_region", "observed_fact", "other_region_rows",
           "target_key", "target_name", "target_text", "tier_of", "tier_suffix",
           "unsimulated_targets"]


def _in(pair: tuple[str, str], lang: Lang) -> str:
    return pair[0] if lang == "zh" else pair[1]


def observed_fact(row: Any, lang: Lang) -> str:
    """Return "768 firms (met)" for a target row the history observes (``last_value``).

    Examples
    --------
    >>> row = pd.Series({"indicator": "hte_count", "last_value": 950.0,
    ...                  "note": "observed in the history: 950 (met)"})
    >>> observed_fact(row, "zh"), observed_fact(row, "en")
    ('950家（已达成）', '950 firms (met)')
    """
    met = observed_met(row.note)
    value = format_value(float(row.last_value), str(row.indicator))
    unit = unit_label(get_indicator(str(row.indicator)).unit, lang)
    if lang == "zh":
        return f"{value}{unit}（{'已达成' if met else '未达成'}）"
    return f"{value} {unit} ({'met' if met else 'not met'})"


def other_region_rows(table: pd.DataFrame, region: str) -> np.ndarray:
    """Which rows of an assessment are targets of another region than ``region``.

    ``region`` is the region simulated (the projection's). The ``region`` column says it
    (:func:`~huaian_forecast.assess` gives a row its target's region, else the
    projection's), never the words of the row's note; a table without the column (built
    by hand) has no such row.

    Examples
    --------
    >>> t = pd.DataFrame({"region": ["Huai'an", "Suzhou"], "note": ["", "reworded"]})
    >>> other_region_rows(t, "Huai'an").tolist()
    [False, True]
    """
    if "region" not in table.columns:
        return np.zeros(len(table), dtype=bool)
    return (table["region"].fillna(region).astype(str) != region).to_numpy()


def is_other_region(row: Any, region: str) -> bool:
    """Whether one assessment row (a Series or a named tuple) is another region's target.

    The row-wise :func:`other_region_rows`: its ``region`` field against ``region``.
    """
    value = row.get("region") if isinstance(row, pd.Series) else getattr(row, "region", None)
    return isinstance(value, str) and value != region


def unsimulated_targets(table: pd.DataFrame, lang: Lang, *, region: str) -> list[str]:
    """Sentences on the targets without a probability: observed ones, then the others.

    A target of a year the history already observes
    (:func:`~huaian_forecast.assessment.observed_rows`) is stated with its value and
    whether it is met; a target of another region than ``region`` (the one simulated,
    :func:`other_region_rows`) is named as not assessed; the rest are listed as not
    simulated.

    Examples
    --------
    >>> t = pd.DataFrame({"indicator": ["hte_count", "tech_smes"], "year": [2024, 2024],
    ...                   "p_reach": [float("nan")] * 2, "last_value": [950.0, float("nan")],
    ...                   "note": ["observed in the history: 950 (met)", "not modelled"]})
    >>> for line in unsimulated_targets(t, "en", region="Huai'an"):
    ...     print(line)
    Targets the history already observes: High-tech enterprises 2024: 950 firms (met).
    Targets not simulated (no probability given): Tech-based SMEs 2024.
    """
    rows = table[table["p_reach"].isna()]
    theirs = other_region_rows(rows, region)  # not this region's question at all
    seen = observed_rows(rows)
    sep = "、" if lang == "zh" else "; "
    out = []
    if seen.any():
        def one(r: Any) -> str:
            name = target_name(r, lang)
            return f"{name}{_in(('：', ': '), lang)}{observed_fact(r, lang)}"
        listed = sep.join(one(r) for r in rows[seen].itertuples(index=False))
        out.append(_in(("历史数据中已有观测值的目标：", "Targets the history already observes: "),
                        lang) + listed + _in(("。", "."), lang))
    if theirs.any():
        listed = sep.join(
            f"{region_name(str(r.region), lang)} {target_name(r, lang)}"
            for r in rows[theirs].itertuples(index=False))
        out.append(_in(("其他地区的目标（不以本次模拟评估）：", "Targets of other regions (not "
                        "assessed on this run's paths): "), lang)
                   + listed + _in(("。", "."), lang))
    if (~seen & ~theirs).any():
        listed = sep.join(target_name(r, lang)
                          for r in rows[~seen & ~theirs].itertuples(index=False))
        out.append(_in(("未模拟、不给出概率的目标：", "Targets not simulated (no probability "
                                                   "given): "), lang)
                   + listed + _in(("。", "."), lang))
    return out


def tier_of(row: Any) -> str:
    """Return a row's tier: ``single`` where the row (a hand-built table) has none."""
    tier = row.get("tier", "single") if hasattr(row, "get") else getattr(row, "tier", "single")
    return "single" if tier is None or pd.isna(tier) else str(tier)


def target_name(row: Any, lang: Lang) -> str:
    """Return ``高新技术企业数 2030``, with its tier where it has one: ``... 2030 确保``.

    Examples
    --------
    >>> row = pd.Series({"indicator": "hte_count", "year": 2030, "tier": "stretch"})
    >>> target_name(row, "zh"), target_name(row, "en")
    ('高新技术企业数 2030 力争', 'High-tech enterprises 2030 stretch')
    """
    get = row.get if hasattr(row, "get") else lambda k, d=None: getattr(row, k, d)
    tier = tier_label(tier_of(row), lang)
    return (f"{short_name(str(get('indicator')), lang)} {int(get('year'))}"
            f"{' ' + tier if tier else ''}")


def target_text(row: Any, lang: Lang) -> str:
    """Return a target as a reader sees it: ``≥ 1,000家`` / ``≥ 1,000 firms``, ``≥ 2.50%``.

    A floor or stretch target says so: ``≥ 1,500家（确保）`` / ``≥ 1,500 firms (floor)``.
    """
    op = "≤" if row["direction"] == "at_most" else "≥"
    unit = indicator_unit(str(row["indicator"]), lang)
    value = format_value(float(row["threshold"]), str(row["indicator"]))
    suffix = tier_suffix(tier_of(row), lang)
    if unit in ("%", "percent"):
        return f"{op} {value}%{suffix}"
    return (f"{op} {value}{unit}" if lang == "zh" else f"{op} {value} {unit}") + suffix


#: A target's identity: indicator, year, threshold, direction, region, tier.
TargetKey = tuple[str, int, float, str, str, str]


def target_key(row: Any) -> TargetKey:
    """Return a target's identity in an assessment row (as the summary sheet keys it).

    Indicator, year, threshold, direction, region and tier (``single`` where the row
    has none).
    """
    region = row.get("region", "")
    return (str(row["indicator"]), int(row["year"]), float(row["threshold"]),
            str(row.get("direction", "")), "" if pd.isna(region) else str(region),
            tier_of(row))
