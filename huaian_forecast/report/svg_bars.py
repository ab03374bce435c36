"""Bar charts as inline SVG text: the scenario comparison and the tornado.

See :mod:`huaian_forecast.report.svg` (fan charts; it re-exports these) for the
conventions: one ``<svg>`` element per chart with a ``viewBox``, a ``<title>`` and
``data-scenario`` attributes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from huaian_forecast.report._svg_base import PALETTE, nice_ticks
from huaian_forecast.report._svg_base import PlotBox as _Box
from huaian_forecast.report._svg_base import escape_svg as _e
from huaian_forecast.report._svg_base import tick_text as _tick_text

__all__ = ["bars_svg", "tornado_svg"]


def bars_svg(rows: Sequence[str], scenarios: Sequence[str], values: np.ndarray,
             errors: np.ndarray, *, title: str, colours: Mapping[str, str] | None = None,
             upper_errors: np.ndarray | None = None,
             nowcast: np.ndarray | None = None,
             ranges: tuple[np.ndarray, np.ndarray] | None = None,
             range_tips: np.ndarray | None = None,
             dashed: np.ndarray | None = None) -> str:
    """Horizontal grouped bars of probabilities (0-1) with 95 % Monte Carlo whiskers.

    Parameters
    ----------
    rows : sequence of str
        Row labels (one per target).
    scenarios : sequence of str
        Bar labels within a row.
    values, errors : numpy.ndarray
        ``(len(rows), len(scenarios))`` probabilities and the whiskers' lengths below them
        (above them too unless ``upper_errors`` is given); NaN values draw no bar.
    title : str
        Accessible title.
    colours : mapping, optional
        Colour per scenario.
    upper_errors : numpy.ndarray, optional
        The whiskers' lengths above the values, for an interval that is not symmetric
        (a Wilson interval near 0 or 1).
    nowcast : numpy.ndarray of bool, optional
        Where the probability is the year-to-date nowcast: it has no Monte Carlo error to
        state (nor has a bar with zero-width whiskers: no interval known).
    ranges : (numpy.ndarray, numpy.ndarray), optional
        Lowest and highest probability across models per bar (NaN: none), drawn as a
        grey bracket over the bar.
    range_tips : numpy.ndarray of str, optional
        Per bar, what its tooltip adds about the range ("models 19%–73%").
    dashed : numpy.ndarray of bool, optional
        Per bar, a dashed bracket (a range across assumptions, not models).

    Returns
    -------
    str
        One ``<svg>`` element.
    """
    upper_errors = errors if upper_errors is None else upper_errors
    nowcast = np.zeros(np.shape(values), bool) if nowcast is None else np.asarray(nowcast, bool)
    colours = colours or {s: PALETTE[i % len(PALETTE)] for i, s in enumerate(scenarios)}
    bar_h, gap = 9.0, 8.0
    row_h = bar_h * len(scenarios) + gap
    left, width, right, top = 300.0, 720.0, 20.0, 20.0
    height = top + row_h * len(rows) + 30
    scale = width - left - right
    parts = [f'<svg class="chart bars" role="img" '
             f'viewBox="0 0 {width:g} {height:g}"><title>{_e(title)}</title>'
             '<g font-size="11" fill="#444">']
    for t in (0, 0.25, 0.5, 0.75, 1.0):
        x = left + t * scale
        parts.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{top - 4}" y2="{height - 26:.1f}" '
                     f'stroke="#ddd"/><text x="{x:.1f}" y="{height - 12:.1f}" '
                     f'text-anchor="middle">{t:.0%}</text>')
    parts.append("</g>")
    for i, label in enumerate(rows):
        y = top + i * row_h
        short = label if len(label) <= 46 else label[:45] + "…"
        parts.append(f'<text x="{left - 8}" y="{y + row_h / 2:.1f}" font-size="11" '
                     f'text-anchor="end" fill="#222"><title>{_e(label)}</title>'
                     f"{_e(short)}</text>")
        for j, name in enumerate(scenarios):
            v = float(values[i, j])
            if not np.isfinite(v):
                continue
            by = y + j * bar_h
            below, above = float(errors[i, j]), float(upper_errors[i, j])
            lo, hi = max(0.0, v - below), min(1.0, v + above)
            if nowcast[i, j] or below == above == 0.0:  # no Monte Carlo error to state
                tip = f"{name}: {v:.1%}"
            elif below == above:
                tip = f"{name}: {v:.1%} ± {below:.1%}"
            else:
                tip = f"{name}: {v:.1%} (95%: {lo:.1%}–{hi:.1%})"
            bracket = ""
            if range_tips is not None and range_tips[i, j]:
                tip += f"; {range_tips[i, j]}"
            if ranges is not None and np.isfinite(ranges[0][i, j]) \
                    and np.isfinite(ranges[1][i, j]):
                r_lo, r_hi = float(ranges[0][i, j]), float(ranges[1][i, j])
                # above the Monte Carlo whisker (the bar's middle), not over it
                bracket = _bracket(left + r_lo * scale, left + r_hi * scale, by + 2.5,
                                   2.5, dashed=dashed is not None and bool(dashed[i, j]))
            parts.append(
                f'<g data-scenario="{_e(name)}"><title>{_e(tip)}'
                f'</title><rect x="{left}" y="{by:.1f}" width="{max(v * scale, 0.5):.1f}" '
                f'height="{bar_h - 1}" fill="{colours[name]}"/>{bracket}'
                f'<line x1="{left + lo * scale:.1f}" x2="{left + hi * scale:.1f}" '
                f'y1="{by + bar_h / 2:.1f}" y2="{by + bar_h / 2:.1f}" stroke="#222"/></g>')
    parts.append("</svg>")
    return "".join(parts)


def _bracket(x0: float, x1: float, y: float, half: float, *, dashed: bool = False) -> str:
    """Return a grey bracket from ``x0`` to ``x1`` at ``y``: a bar's range.

    Solid across models (class ``model-range``); dashed across a nowcast's assumptions
    (class ``assumed-range``).
    """
    kind = 'assumed-range" stroke-dasharray="4 3' if dashed else "model-range"
    return (f'<path class="{kind}" d="M{x0:.1f} {y - half:.1f}V{y + half:.1f}'
            f'M{x0:.1f} {y:.1f}H{x1:.1f}M{x1:.1f} {y - half:.1f}V{y + half:.1f}" '
            'stroke="#444" stroke-width="1.6" stroke-opacity="0.8" fill="none"/>')


def tornado_svg(table: pd.DataFrame, *, title: str, labels: Mapping[str, str] | None = None,
                low_text: str = "low", high_text: str = "high") -> str:
    """Tornado chart of one outcome: per factor a bar from the low to the high setting.

    Parameters
    ----------
    table : DataFrame
        Rows of :func:`~huaian_forecast.tornado` for one indicator, year and metric
        (columns ``factor, value_low, value_high, value_base``), widest swing first.
    title : str
        Accessible title.
    labels : mapping, optional
        Display names of the factors.
    low_text, high_text : str
        Legend words for the two settings.

    Returns
    -------
    str
        One ``<svg>`` element.
    """
    labels = labels or {}
    rows = table.reset_index(drop=True)
    vals = rows[["value_low", "value_high", "value_base"]].to_numpy(float)
    lo, hi = float(np.nanmin(vals)), float(np.nanmax(vals))
    lo, hi = (lo, hi) if hi > lo else (lo - 1, hi + 1)
    left, width, right, top, bar_h = 300.0, 720.0, 20.0, 24.0, 16.0
    height = top + bar_h * len(rows) + 30
    box = _Box(x0=lo, x1=hi, y0=0, y1=1, width=width, left=left, right=right)
    base = float(rows["value_base"].iloc[0]) if len(rows) else lo
    parts = [f'<svg class="chart tornado" role="img" '
             f'viewBox="0 0 {width:g} {height:g}"><title>{_e(title)}</title>'
             f'<g font-size="11"><rect x="{left}" y="4" width="10" height="10" fill="#6baed6"/>'
             f'<text x="{left + 14}" y="13">{_e(low_text)}</text>'
             f'<rect x="{left + 120}" y="4" width="10" height="10" fill="#fd8d3c"/>'
             f'<text x="{left + 134}" y="13">{_e(high_text)}</text></g>']
    for i, r in rows.iterrows():
        y = top + int(i) * bar_h
        name = labels.get(str(r["factor"]), str(r["factor"]))
        short = name if len(name) <= 46 else name[:45] + "…"
        parts.append(f'<text x="{left - 8}" y="{y + 11:.1f}" font-size="11" '
                     f'text-anchor="end"><title>{_e(name)}</title>{_e(short)}</text>')
        for key, colour in (("value_low", "#6baed6"), ("value_high", "#fd8d3c")):
            v = float(r[key])
            if np.isfinite(v):
                a, b = sorted((box.x(base), box.x(v)))
                parts.append(f'<rect x="{a:.1f}" y="{y + 2:.1f}" width="{max(b - a, 0.5):.1f}" '
                             f'height="{bar_h - 4}" fill="{colour}"><title>'
                             f'{_e(f"{name}: {v:.3g}")}</title></rect>')
    bx = box.x(base)
    parts.append(f'<line x1="{bx:.1f}" x2="{bx:.1f}" y1="{top - 2}" y2="{height - 26:.1f}" '
                 'stroke="#222"/><g font-size="11" fill="#444">')
    ticks = nice_ticks(lo, hi)
    step = ticks[1] - ticks[0] if len(ticks) > 1 else 0.0
    for t in ticks:
        parts.append(f'<text x="{box.x(t):.1f}" y="{height - 10:.1f}" text-anchor="middle">'
                     f"{_e(_tick_text(t, step))}</text>")
    parts.append("</g></svg>")
    return "".join(parts)
