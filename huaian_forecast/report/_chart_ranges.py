"""The ranges beside the scenario chart's bars: brackets and their legend.

A bar's range (:func:`~huaian_forecast.report._uncertainty.model_range`) is a bracket
above its Monte Carlo whisker: solid across models, dashed across a nowcast's
assumptions (once: the same in every scenario); the legend names each kind drawn and
why a bar has none (:func:`~huaian_forecast.assessment.range_kinds`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from huaian_forecast.assessment import ONE_MODEL, RANGE_ASSUMPTIONS, RANGE_MODELS
from huaian_forecast.report._text import Lang, text
from huaian_forecast.report._uncertainty import model_range

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes

__all__ = ["draw_ranges", "range_legend"]

#: Colour of the brackets giving a probability's range (scenario chart).
_RANGE_COLOR = "0.25"

#: How each kind of range is drawn: dashed or not, and its legend text's key.
_RANGE_STYLES = {RANGE_MODELS: (False, "model_range"),
                 RANGE_ASSUMPTIONS: (True, "assumed_range")}


def draw_ranges(ax: Axes, rows: pd.DataFrame, at: np.ndarray, first: bool) -> set[str]:
    """Draw each bar's range (:func:`model_range`) as a bracket; return the kinds present.

    Across models: a solid grey bracket; across a nowcast's assumptions: a dashed one
    (not models: the seasonal share and the rest of the year's growth), beside the first
    scenario's bar only (a nowcast is the same in every scenario).
    """
    lo, hi, kinds = model_range(rows)
    for kind, (dashed, _) in _RANGE_STYLES.items():
        chosen = np.isfinite(lo) & np.isfinite(hi) & (kinds == kind)
        if dashed and not first:
            continue
        if chosen.any():
            bracket = ax.errorbar((lo[chosen] + hi[chosen]) / 2, at[chosen],
                                  xerr=(hi[chosen] - lo[chosen]) / 2, fmt="none",
                                  ecolor=_RANGE_COLOR, elinewidth=1.8, capsize=3, alpha=0.8,
                                  zorder=4)
            bracket.lines[2][0].set_linestyle("--" if dashed else "-")
    return set(kinds) - {""}


def range_legend(ax: Axes, scenarios: Sequence[str], kinds: set[str], lang: Lang) -> None:
    """Legend beside the bars: the scenarios, then each kind of range drawn, then why none.

    The brackets' entries are drawn by hand (a dashed bracket's line style would not
    reach the legend from the error bar).
    """
    from matplotlib.lines import Line2D

    handles, labels = ax.get_legend_handles_labels()
    bars = dict(zip(labels, handles, strict=True))
    items = [(bars[name], name) for name in scenarios if name in bars]
    for kind, (dashed, label) in _RANGE_STYLES.items():
        if kind in kinds:
            items.append((Line2D([], [], color=_RANGE_COLOR, lw=1.8, alpha=0.8,
                                 ls="--" if dashed else "-"), text(label, lang)))
    if ONE_MODEL in kinds:  # say why some bars have no bracket
        items.append((Line2D([], [], linestyle="none"), text("one_model_legend", lang)))
    ax.legend([h for h, _ in items], [t for _, t in items], fontsize=8, loc="upper left",
              bbox_to_anchor=(1.01, 1.0))
