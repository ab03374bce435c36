"""Chart of a policy frontier (:func:`~huaian_forecast.frontier`): two levers, one target.

matplotlib is imported lazily, as in :mod:`huaian_forecast.report.charts`.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from huaian_forecast.exceptions import ArgumentError
from huaian_forecast.report._atomic import atomic_path
from huaian_forecast.report._text import (
    Lang,
    format_value,
    pick,
    short_name,
    unit_label,
)
from huaian_forecast.report._tier_text import tier_suffix
from huaian_forecast.report.fonts import chart_language, rc_params

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes

__all__ = ["plot_frontier", "write_frontier_chart"]

_WORDS: dict[str, tuple[str, str]] = {
    "title": ("{name} {year}年 ≥ {thr}：达标概率 ≥ {p:.0%} 的政策组合",
              "{name} {year} ≥ {thr}: lever combinations reaching it with p ≥ {p:.0%}"),
    "contour": ("网格间插值的等概率线（{p:.0%}）",
                "contour at p = {p:.0%}, interpolated between grid points"),
    "refined": ("最低成本点（在网格间按可设定取值搜索并模拟，{cost:.2f}亿元/年）",
                "least-cost point (searched and simulated between grid points, "
                "{cost:.2f} 100m CNY/yr)"),
    "frontier": ("前沿（达标概率 = {p:.0%}）", "frontier (p_reach = {p:.0%})"),
    "band": ("跨越点两侧的网格值（含蒙特卡洛 95% 误差）",
             "grid values around the crossing (with Monte Carlo 95% error)"),
    "unreachable": ("范围内无法达到", "not reachable within range"),
    "least": ("最低成本点（{cost:.2f}亿元/年）", "least-cost point ({cost:.2f} 100m CNY/yr)"),
    "base": ("情景当前设定", "scenario's setting"),
    "colour": ("达标概率", "probability of reaching the target"),
}


def _w(key: str, lang: Lang, **fmt: object) -> str:
    return pick(_WORDS, key, lang, **fmt)


def _lever_label(key: str, lang: Lang) -> str:
    from huaian_forecast.scenarios import LEVERS

    lever = LEVERS.get(key)
    if lever is None:
        return key
    name = lever.name_zh if lang == "zh" else lever.name_en
    return f"{name}（{unit_label(lever.unit, lang)}）" if lang == "zh" else (
        f"{name} ({unit_label(lever.unit, lang)})")


def _new_axes(ax: Axes | None) -> Axes:
    if ax is not None:
        return ax
    from matplotlib.figure import Figure

    return Figure(figsize=(8, 5.5), layout="constrained").add_subplot()


def _draw_points(ax: Axes, points: pd.DataFrame, grid: pd.DataFrame, lang: Lang,
                 p: float) -> None:
    ok = points[points["reachable"]]
    if not ok.empty:
        ax.fill_between(ok["x"], ok["y_low"].fillna(ok["y"]), ok["y_high"].fillna(grid["y"].max()),
                        color="black", alpha=0.15, lw=0, label=_w("band", lang))
        ax.plot(ok["x"], ok["y"], "-o", color="black", lw=2, ms=4,
                label=_w("frontier", lang, p=p))
    bad = points[~points["reachable"]]
    if not bad.empty:
        ax.plot(bad["x"], np.full(len(bad), grid["y"].max()), "x", color="crimson", ms=10,
                mew=2, linestyle="none", label=_w("unreachable", lang))


def _draw_marks(ax: Axes, attrs: dict[str, Any], lang: Lang) -> None:
    least = attrs.get("least_cost") or {}
    if np.isfinite(least.get("x", np.nan)):
        # a point searched between grid values (frontier's lattice search) lies off the
        # grid's interpolated frontier line: say so rather than let it look misplaced
        rows = attrs["frontier"][["x", "y"]].to_numpy(dtype=float).round(9)
        at = np.round([float(least["x"]), float(least["y"])], 9)
        word = "least" if bool((rows == at).all(axis=1).any()) else "refined"
        ax.plot([least["x"]], [least["y"]], marker="*", ms=18, color="gold", mec="black",
                linestyle="none",
                label=_w(word, lang, cost=least["annual_cost_yuan"] / 1e8))
    base = attrs.get("base") or {}
    if np.isfinite(base.get("x", np.nan)) and np.isfinite(base.get("y", np.nan)):
        ax.plot([base["x"]], [base["y"]], marker="D", ms=8, color="white", mec="black",
                linestyle="none", label=_w("base", lang))


def plot_frontier(result: pd.DataFrame, *, lang: Lang = "zh", ax: Axes | None = None) -> Axes:
    """Draw p_reach over the two-lever grid, the frontier at p with its band, and marks.

    Parameters
    ----------
    result : DataFrame
        What :func:`~huaian_forecast.frontier` returns (the grid with its ``attrs``).
    lang : {"zh", "en"}
        Label language (English if no CJK font is installed).
    ax : matplotlib Axes, optional
        Where to draw; a new figure otherwise.

    Returns
    -------
    matplotlib.axes.Axes
        A heat map of ``p_reach``, the contour at ``p``, the frontier points with their
        Monte Carlo band, crosses over columns that cannot reach ``p``, the least-cost
        point (star) and the scenario's own setting (diamond).

    Raises
    ------
    ArgumentError
        If ``result`` lacks the frontier's columns or attributes.
    """
    need = {"x", "y", "p_reach"}
    if not need <= set(result.columns) or "frontier" not in result.attrs:
        raise ArgumentError("plot_frontier needs the DataFrame returned by frontier()")
    import matplotlib

    lang, font = chart_language(lang)
    attrs = result.attrs
    p = float(attrs["p"])
    wide = result.pivot_table(index="y", columns="x", values="p_reach", aggfunc="mean")
    xs, ys, zs = wide.columns.to_numpy(float), wide.index.to_numpy(float), wide.to_numpy()
    with matplotlib.rc_context(rc_params(font)):
        ax = _new_axes(ax)
        mesh = ax.pcolormesh(xs, ys, zs, shading="nearest", cmap="RdYlGn", vmin=0, vmax=1)
        ax.figure.colorbar(mesh, ax=ax, label=_w("colour", lang))
        if np.nanmin(zs) < p <= np.nanmax(zs) and min(zs.shape) >= 2:
            ax.contour(xs, ys, zs, levels=[p], colors="black", linestyles="dashed",
                       linewidths=1)
            ax.plot([], [], color="black", ls="--", lw=1, label=_w("contour", lang, p=p))
        _draw_points(ax, attrs["frontier"], result, lang, p)
        _draw_marks(ax, attrs, lang)
        target = attrs["target"]
        ax.set_title(_w("title", lang, name=short_name(target.indicator, lang),
                        year=target.year, p=p,
                        thr=format_value(float(target.threshold), target.indicator)
                        + tier_suffix(getattr(target, "tier", "single"), lang)),
                     fontsize=11)
        ax.set_xlabel(_lever_label(str(attrs["x"]), lang))
        ax.set_ylabel(_lever_label(str(attrs["y"]), lang))
        ax.legend(fontsize=8, loc="best", framealpha=0.85)  # where it covers least
        if font is not None:
            from matplotlib.text import Text

            for item in ax.findobj(Text):
                item.set_fontfamily([font, "DejaVu Sans"])
    return ax


def write_frontier_chart(result: pd.DataFrame, path: str | os.PathLike[str], *,
                         lang: Lang = "zh", dpi: int = 130) -> Path:
    """Draw :func:`plot_frontier` into an image file (format from the suffix: png, svg, pdf).

    The file is written next to its final name and renamed into place, so a failure
    leaves no half-written chart.
    """
    from matplotlib.figure import Figure

    out = Path(path)
    fig = Figure(figsize=(8, 5.5), layout="constrained")
    plot_frontier(result, lang=lang, ax=fig.add_subplot())
    with atomic_path(out, force=True) as tmp:
        fig.savefig(tmp, dpi=dpi, format=out.suffix.lstrip(".") or None)
    return out
