"""The briefing's scenario comparison: one bar per target and scenario, with its range.

Each bar gives the probability, its 95 % Monte Carlo whiskers and the range beside it
(:func:`~huaian_forecast.assessment.range_kinds`: across models, or a nowcast's across
its assumptions, dashed and drawn once); the SVG itself is
:func:`~huaian_forecast.report.svg_bars.bars_svg`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

import numpy as np
import pandas as pd

from huaian_forecast.assessment import (
    RANGE_ASSUMPTIONS,
    RANGE_MODELS,
    nowcast_rows,
)
from huaian_forecast.report import svg_bars
from huaian_forecast.report._html_sections import escape, word
from huaian_forecast.report._target_facts import TargetKey, target_key, target_text
from huaian_forecast.report._text import Lang, format_range, short_name
from huaian_forecast.report._uncertainty import interval_whiskers, model_range

__all__ = ["comparison_section"]


class _Bar(NamedTuple):
    """One bar of the scenario chart: a target's probability in one scenario."""

    p: float
    below: float  # lengths of the 95 % interval's whiskers (interval_whiskers)
    above: float
    nowcast: bool
    low: float  # its range (model_range; NaN: none)
    high: float
    kind: str  # what the range is (range_kinds)


_NO_BAR = _Bar(np.nan, 0.0, 0.0, False, np.nan, np.nan, "")


def _by_target(table: pd.DataFrame) -> dict[TargetKey, _Bar]:
    """Return ``{target key: its bar}`` (:func:`target_key`), from a target's first row."""
    keys = (target_key(r) for _, r in table.iterrows())
    cells = zip(table["p_reach"].astype(float), *interval_whiskers(table),
                nowcast_rows(table), *model_range(table), strict=True)
    found: dict[TargetKey, _Bar] = {}
    for key, (p, below, above, now, low, high, kind) in zip(keys, cells, strict=True):
        found.setdefault(key, _Bar(float(p), float(below), float(above), bool(now),
                                   float(low), float(high), str(kind)))
    return found


def comparison_section(assessments: Mapping[str, pd.DataFrame],
                       colours: Mapping[str, str], lang: Lang) -> str:
    """Return the comparison figure: the bars of every target and scenario, captioned."""
    names = list(assessments)
    first = assessments[names[0]].dropna(subset=["p_reach"])
    found = {n: _by_target(assessments[n]) for n in names}
    labels = [f"{short_name(str(r['indicator']), lang)} {int(r['year'])} "
              f"{target_text(r, lang)}" for _, r in first.iterrows()]
    bars = [[found[n].get(target_key(r), _NO_BAR) for n in names]
            for _, r in first.iterrows()]

    def field(name: str, dtype: type) -> np.ndarray:
        return np.array([[getattr(b, name) for b in row] for row in bars],
                        dtype=dtype).reshape(len(bars), len(names))

    assumed = field("kind", object) == RANGE_ASSUMPTIONS
    later = assumed.copy()
    assumed[:, 1:] = False  # a nowcast is the same in every scenario: its range once
    later[:, 0] = False
    low, high = field("low", float), field("high", float)  # NaN where none (model_range)
    low[later], high[later] = np.nan, np.nan
    tips = np.array([[f"{word('tip_' + b.kind, lang)} {format_range(b.low, b.high, lang)}"
                      if b.kind in (RANGE_MODELS, RANGE_ASSUMPTIONS) else ""
                      for b in row] for row in bars], dtype=object).reshape(low.shape)
    chart = svg_bars.bars_svg(labels, names, field("p", float), field("below", float),
                              upper_errors=field("above", float),
                              nowcast=field("nowcast", bool), ranges=(low, high),
                              range_tips=tips, dashed=assumed,
                              title=word("compare", lang), colours=colours)
    return (f'<figure class="bars">{chart}<figcaption>{escape(word("compare_caption", lang))}'
            "</figcaption></figure>")
