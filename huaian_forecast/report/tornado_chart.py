"""Tornado chart: how far each lever or uncertainty moves one outcome (matplotlib, lazily).

The one-at-a-time table of :func:`~huaian_forecast.analysis.tornado`, drawn with the
fan and scenario charts' style (:mod:`huaian_forecast.report.charts`): labels in Chinese
where a CJK font is installed, otherwise English with one warning.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from huaian_forecast.exceptions import ArgumentError
from huaian_forecast.report._text import Lang, short_name, text
from huaian_forecast.report._tier_text import tier_label
from huaian_forecast.report.charts import _apply_font, _new_axes, _style
from huaian_forecast.report.fonts import chart_language

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes

__all__ = ["plot_tornado"]


def _factor_label(factor: str, lang: Lang) -> str:
    """Name of a lever or uncertainty from the scenario registries (the key if unknown)."""
    from huaian_forecast.scenarios import LEVERS, UNCERTAINTIES

    item = LEVERS.get(factor) or UNCERTAINTIES.get(factor)
    if item is None:
        return factor
    return item.name_zh if lang == "zh" else item.name_en


def _fmt_setting(value: object) -> str:
    if isinstance(value, int | float | np.number):
        return f"{float(value):g}"
    return str(value)


def _select_one(table: pd.DataFrame, **wanted: object) -> pd.DataFrame:
    for col, value in wanted.items():
        if value is not None:
            table = table[table[col] == value]
    keys = ["indicator", "year", "metric", *(["tier"] if "tier" in table else [])]
    combos = table[keys].drop_duplicates()
    if len(combos) != 1:
        choices = [tuple(r) for r in combos.itertuples(index=False)]
        raise ArgumentError(f"choose one ({', '.join(keys)}) for the tornado chart; "
                            f"available: {choices}")
    return table


def plot_tornado(tornado: pd.DataFrame, *, indicator: str | None = None,
                 year: int | None = None, metric: str | None = None, top: int | None = 12,
                 lang: Lang = "zh", ax: Axes | None = None, tier: str | None = None) -> Axes:
    """Tornado chart: how far each factor moves one outcome between its low and high setting.

    Parameters
    ----------
    tornado : DataFrame
        Sensitivity table with columns ``factor, indicator, year, metric, low_setting,
        high_setting, value_low, value_high, value_base``.
    indicator, year, metric : optional
        Select one outcome when the table holds several.
    tier : {"floor", "stretch"}, optional
        Select the floor (确保) or stretch (力争) target of a year that has both.
    top : int or None, default 12
        Draw only the ``top`` factors with the largest swing (``None``: all); factors
        with zero swing are left out.
    lang : {"zh", "en"}
        Label language.
    ax : matplotlib Axes, optional
        Where to draw; a new figure otherwise.

    Returns
    -------
    matplotlib.axes.Axes
        Factors sorted by swing ``|value_high - value_low|``, largest on top.

    Raises
    ------
    ArgumentError
        If the selection is empty or not unique (the message lists the choices).
    """
    table = _select_one(tornado, indicator=indicator, year=year, metric=metric, tier=tier)
    lang, font = chart_language(lang)
    table = table.assign(swing=(table["value_high"] - table["value_low"]).abs())
    table = table.sort_values("swing", kind="stable")
    if (table["swing"] > 0).any():  # factors that move nothing are left out
        table = table[table["swing"] > 0]
    if top is not None:
        table = table.iloc[-top:]
    first = table.iloc[0]
    base = float(first["value_base"])
    pos = np.arange(len(table))
    with _style(font):
        from matplotlib.ticker import PercentFormatter

        ax = _new_axes(ax, (8, 1.2 + 0.5 * len(table)))
        low = table["value_low"].to_numpy(dtype=float)
        high = table["value_high"].to_numpy(dtype=float)
        ax.barh(pos, low - base, left=base, color="tab:orange", label=text("tornado_low", lang))
        ax.barh(pos, high - base, left=base, color="tab:blue", label=text("tornado_high", lang))
        ax.axvline(base, color="black", lw=1, label=text("tornado_base", lang))
        labels = [f"{_factor_label(str(r.factor), lang)}\n"
                  f"({_fmt_setting(r.low_setting)} – {_fmt_setting(r.high_setting)})"
                  for r in table.itertuples(index=False)]
        ax.set_yticks(pos, labels, fontsize=8)
        is_p = str(first["metric"]) == "p_reach"
        if is_p:
            ax.xaxis.set_major_formatter(PercentFormatter(1.0))
        ax.set_xlabel(text("metric_p_reach", lang) if is_p else str(first["metric"]))
        word = tier_label(first.get("tier"), lang)  # 确保 / 力争 of a year with both
        ax.set_title(text("tornado_title", lang, name=short_name(str(first["indicator"]), lang),
                          year=int(first["year"]))
                     + ("" if not word else f"（{word}）" if lang == "zh" else f" ({word})"))
        ax.grid(axis="x", alpha=0.3)
        ax.legend(fontsize=8, loc="lower right").set_in_layout(False)  # inside the axes
        _apply_font(ax, font)
    return ax
