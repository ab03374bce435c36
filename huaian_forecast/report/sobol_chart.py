"""Bar chart of Sobol indices (:func:`~huaian_forecast.sobol`) for one target.

matplotlib is imported lazily, as in :mod:`huaian_forecast.report.charts`.
"""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from huaian_forecast.exceptions import ArgumentError
from huaian_forecast.report._text import Lang, pick, short_name
from huaian_forecast.report.fonts import chart_language, rc_params

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes

__all__ = ["plot_sobol"]

_WORDS: dict[str, tuple[str, str]] = {
    "title": ("方差分解（Sobol）：{name}，{year}年", "Sobol indices: {name}, {year}"),
    "first": ("一阶指数（单独作用）", "first order (alone)"),
    "total": ("总指数（含交互作用）", "total order (with interactions)"),
    "x": ("达标概率方差中的占比", "share of the variance of p_reach"),
    "outside": ("虚线右侧（或低于 0）的指数是有限样本下的估计噪声（占比不会超过 1），"
                "请增大 n 再读：{names}",
                "indices right of the dotted line (or below 0) are estimator noise at this n "
                "(a share cannot exceed 1); rerun with a larger n before reading them: {names}"),
}


def _w(key: str, lang: Lang, **fmt: object) -> str:
    return pick(_WORDS, key, lang, **fmt)


def _factor_names(lang: Lang) -> dict[str, str]:
    from huaian_forecast.scenarios import LEVERS, UNCERTAINTIES

    attr = "name_zh" if lang == "zh" else "name_en"
    return {k: str(getattr(v, attr)) for reg in (LEVERS, UNCERTAINTIES) for k, v in reg.items()}


def _interval(rows: pd.DataFrame, col: str) -> np.ndarray | None:
    """Error bars ``(2, n)`` from the bootstrap interval columns, if the table has them."""
    if f"{col}_lo" not in rows or f"{col}_hi" not in rows:
        return None
    value = rows[col].clip(lower=0).to_numpy(float)
    low = np.clip(rows[f"{col}_lo"].to_numpy(float), 0.0, None)
    high = np.clip(rows[f"{col}_hi"].to_numpy(float), 0.0, None)
    err = np.vstack([value - np.minimum(low, value), np.maximum(high, value) - value])
    return np.nan_to_num(err, nan=0.0)


def plot_sobol(table: pd.DataFrame, *, indicator: str, year: int, lang: Lang = "zh",
               ax: Axes | None = None, tier: str | None = None) -> Axes:
    """Horizontal bars of the first- and total-order Sobol indices of one target.

    Parameters
    ----------
    table : DataFrame
        :func:`~huaian_forecast.sobol` result (columns ``factor, indicator, year,
        first_order, total_order``; with ``*_lo`` / ``*_hi`` the bootstrap intervals are
        drawn as error bars).
    indicator, year : str, int
        The target to draw.
    lang : {"zh", "en"}
        Label language (English if no CJK font is installed).
    ax : matplotlib Axes, optional
        Where to draw; a new figure otherwise.
    tier : {"floor", "stretch"}, optional
        Of a year with a floor (确保) and a stretch (力争) target: which one.

    Returns
    -------
    matplotlib.axes.Axes
        Factors sorted by total order, largest on top.

    Raises
    ------
    ArgumentError
        If the table has no row for that target.
    """
    rows = table[(table["indicator"] == indicator) & (table["year"] == year)]
    if tier is not None and "tier" in rows:
        rows = rows[rows["tier"] == tier]
    if "tier" in rows and len(set(rows["tier"])) > 1:
        raise ArgumentError(f"{indicator} {year} has a floor and a stretch target: choose "
                            "one with tier='floor' or tier='stretch'")
    if rows.empty:
        raise ArgumentError(f"no Sobol rows for {indicator} {year}; targets in the table: "
                            f"{sorted(set(zip(table['indicator'], table['year'], strict=True)))}")
    import matplotlib
    from matplotlib.figure import Figure

    lang, font = chart_language(lang)
    rows = rows.sort_values("total_order", kind="stable")
    names = _factor_names(lang)
    pos = np.arange(len(rows))
    with matplotlib.rc_context(rc_params(font)):
        if ax is None:
            ax = Figure(figsize=(9, 0.5 * len(rows) + 1.6), layout="constrained").add_subplot()
        ax.barh(pos + 0.2, rows["total_order"].clip(lower=0), height=0.4, color="#0072B2",
                label=_w("total", lang), xerr=_interval(rows, "total_order"),
                error_kw={"elinewidth": 0.8, "capsize": 2, "ecolor": "#333333"})
        ax.barh(pos - 0.2, rows["first_order"].clip(lower=0), height=0.4, color="#E69F00",
                label=_w("first", lang), xerr=_interval(rows, "first_order"),
                error_kw={"elinewidth": 0.8, "capsize": 2, "ecolor": "#333333"})
        ax.set_yticks(pos, [textwrap.fill(names.get(str(f), str(f)), 34 if lang == "en" else 16)
                            for f in rows["factor"]], fontsize=8)
        ax.set_xlim(0, max(1.0, float(rows["total_order"].max())))
        outside = rows[(rows[["first_order", "total_order"]] > 1.0).any(axis=1)
                       | (rows[["first_order", "total_order"]] < 0.0).any(axis=1)]
        label = _w("x", lang)
        if not outside.empty:  # an impossible share is flagged where it is read
            ax.axvline(1.0, color="#666666", lw=0.8, ls=":")
            label += "\n" + textwrap.fill(_w("outside", lang, names="、".join(
                names.get(str(f), str(f)) for f in outside["factor"])), 90)
        ax.set_xlabel(label)
        ax.figure.suptitle(_w("title", lang, name=short_name(indicator, lang), year=year),
                           fontsize=11)
        ax.legend(fontsize=8, loc="lower right")
        ax.grid(axis="x", alpha=0.3)
        if font is not None:
            from matplotlib.text import Text

            for item in ax.findobj(Text):
                item.set_fontfamily([font, "DejaVu Sans"])
    return ax
