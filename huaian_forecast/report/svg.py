"""Charts as inline SVG text (no library, no network): fan, scenario bars, tornado.

The fan chart is here; the bar charts (scenario bars, tornado) are in
:mod:`~huaian_forecast.report.svg_bars` and re-exported, and what both share (escaping,
the plot box, ticks, the palette) in ``_svg_base``.

Used by the HTML briefing (:mod:`huaian_forecast.report.html`) and the lever explorer
notebook. Every function returns one ``<svg>`` element as a string, with a ``viewBox`` so it
scales with the page, a ``<title>`` for screen readers, and ``data-scenario`` attributes on
what belongs to one scenario (the page's script hides and shows them). Numbers are computed
here with numpy quantiles; nothing is drawn by a browser library.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from huaian_forecast.indicators import get_indicator
from huaian_forecast.report._svg_base import PALETTE, nice_ticks
from huaian_forecast.report._svg_base import PlotBox as _Box
from huaian_forecast.report._svg_base import escape_svg as _e
from huaian_forecast.report._svg_base import tick_text as _tick_text
from huaian_forecast.report._text import labels_on_left
from huaian_forecast.report.svg_bars import bars_svg, tornado_svg

__all__ = ["PALETTE", "FanSeries", "bars_svg", "fan_series", "fan_svg", "nice_ticks",
           "tornado_svg"]

_TARGET = "#C0143C"
_BANDS: tuple[tuple[int, float], ...] = ((95, 0.12), (80, 0.2), (50, 0.32))
_KIND_MARK: dict[str, tuple[str, str]] = {  # kind -> (shape, fill)
    "exact": ("circle", "#222"), "approx": ("circle", "#fff"), "derived": ("square", "#fff"),
    "lower_bound": ("up", "#1b7a1b"), "upper_bound": ("down", "#8b1a1a"),
}








def _fmt(value: float, integer: bool) -> str:
    if integer:
        return f"{value:,.0f}"
    return f"{value:,.1f}" if abs(value) >= 10 else f"{value:,.2f}"


@dataclass(frozen=True, slots=True, eq=False)
class FanSeries:
    """Quantiles of one scenario's paths of one indicator (rows: years)."""

    scenario: str
    years: np.ndarray
    quantiles: Mapping[float, np.ndarray]


def fan_series(scenario: str, years: np.ndarray, paths: np.ndarray) -> FanSeries:
    """Summarise ``(n_paths, n_years)`` paths by the quantiles the fan chart draws."""
    probs = sorted({0.5, *(q for b, _ in _BANDS for q in ((1 - b / 100) / 2, (1 + b / 100) / 2))})
    values = np.quantile(paths, probs, axis=0)
    return FanSeries(scenario=scenario, years=np.asarray(years, dtype=int),
                     quantiles={round(p, 4): v for p, v in zip(probs, values, strict=True)})


def _y_range(series: Sequence[FanSeries], history: pd.DataFrame,
             targets: pd.DataFrame) -> tuple[float, float]:
    # the first scenario's 95 % band and every median: what is drawn
    values = [series[0].quantiles[0.025], series[0].quantiles[0.975],
              *(s.quantiles[0.5] for s in series)]
    pool = np.concatenate([np.ravel(v) for v in values] + [
        history["value"].to_numpy(float), targets["threshold"].to_numpy(float)])
    pool = pool[np.isfinite(pool)]
    low, high = (float(pool.min()), float(pool.max())) if pool.size else (0.0, 1.0)
    pad = 0.06 * ((high - low) or abs(high) or 1.0)
    low = 0.0 if low >= 0 and low - pad < 0 else low - pad
    return low, high + pad




def _axes(box: _Box, y_ticks: list[float], x_ticks: Sequence[int]) -> list[str]:
    out = ['<g class="axes" font-size="11" fill="#444">']
    step = y_ticks[1] - y_ticks[0] if len(y_ticks) > 1 else 0.0
    for t in y_ticks:
        y = box.y(t)
        out.append(f'<line x1="{box.left}" x2="{box.width - box.right}" y1="{y:.1f}" '
                   f'y2="{y:.1f}" stroke="#ddd"/>'
                   f'<text x="{box.left - 6}" y="{y + 4:.1f}" text-anchor="end">'
                   f'{_e(_tick_text(t, step))}</text>')
    base = box.height - box.bottom
    out.append(f'<line x1="{box.left}" x2="{box.width - box.right}" y1="{base}" y2="{base}" '
               'stroke="#888"/>')
    for yr in x_ticks:
        x = box.x(yr)
        out.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{base}" y2="{base + 4}" '
                   f'stroke="#888"/><text x="{x:.1f}" y="{base + 17}" '
                   f'text-anchor="middle">{yr}</text>')
    out.append("</g>")
    return out


def _band_path(box: _Box, years: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> str:
    upper = " L".join(f"{box.x(x):.1f},{box.y(v):.1f}" for x, v in zip(years, hi, strict=True))
    lower = " L".join(f"{box.x(x):.1f},{box.y(v):.1f}"
                      for x, v in zip(years[::-1], lo[::-1], strict=True))
    return f"M{upper} L{lower} Z"


def _scenario_group(box: _Box, s: FanSeries, colour: str, bands: bool) -> str:
    parts = [f'<g class="scenario" data-scenario="{_e(s.scenario)}">']
    if bands:
        for band, alpha in _BANDS:
            lo = s.quantiles[round((1 - band / 100) / 2, 4)]
            hi = s.quantiles[round((1 + band / 100) / 2, 4)]
            parts.append(f'<path class="band band{band}" d="{_band_path(box, s.years, lo, hi)}" '
                         f'fill="{colour}" fill-opacity="{alpha}" stroke="none"/>')
    points = " ".join(f"{box.x(x):.1f},{box.y(v):.1f}"
                      for x, v in zip(s.years, s.quantiles[0.5], strict=True))
    dash = "" if bands else ' stroke-dasharray="6 3"'
    parts.append(f'<polyline class="median" points="{points}" fill="none" stroke="{colour}" '
                 f'stroke-width="2.2"{dash}/></g>')
    return "".join(parts)


def _marker(kind: str, x: float, y: float) -> str:
    shape, fill = _KIND_MARK.get(kind, ("circle", "#222"))
    stroke = "#222" if fill == "#fff" else fill
    if shape == "circle":
        return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{fill}" stroke="{stroke}"/>'
    if shape == "square":
        return (f'<rect x="{x - 3.5:.1f}" y="{y - 3.5:.1f}" width="7" height="7" '
                f'fill="{fill}" stroke="{stroke}"/>')
    d = -5 if shape == "up" else 5
    return (f'<path d="M{x - 5:.1f},{y - d / 2:.1f} L{x + 5:.1f},{y - d / 2:.1f} '
            f'L{x:.1f},{y + d:.1f} Z" fill="{fill}"/>')


def _history_marks(box: _Box, history: pd.DataFrame, kind_labels: Mapping[str, str]) -> str:
    parts = ['<g class="history">']
    for row in history.itertuples(index=False):
        label = kind_labels.get(str(row.kind), str(row.kind))
        parts.append(f'<g><title>{_e(f"{row.year}: {row.value:g} ({label})")}</title>'
                     f'{_marker(str(row.kind), box.x(row.year), box.y(row.value))}</g>')
    parts.append("</g>")
    return "".join(parts)


def _star(x: float, y: float, r: float = 8.0) -> str:
    pts = []
    for i in range(10):
        rad = r if i % 2 == 0 else r * 0.45
        ang = -math.pi / 2 + i * math.pi / 5
        pts.append(f"{x + rad * math.cos(ang):.1f},{y + rad * math.sin(ang):.1f}")
    return f'<polygon points="{" ".join(pts)}" fill="{_TARGET}"/>'


def _target_marks(box: _Box, targets: pd.DataFrame, integer: bool) -> str:
    parts = ['<g class="targets" font-size="11">']
    ordered = targets.sort_values("year", kind="stable")
    for row, left in zip(ordered.itertuples(index=False),
                         labels_on_left(ordered["year"].tolist()), strict=True):
        x, y = box.x(row.year), box.y(row.threshold)
        note = str(getattr(row, "note", ""))
        label = f"{_fmt(row.threshold, integer)} {note}".strip()
        anchor = (f'x="{x - 10:.1f}" text-anchor="end"' if left else f'x="{x + 10:.1f}"')
        parts.append(f'<g class="target" data-year="{int(row.year)}" '
                     f'data-threshold="{row.threshold:g}"><title>{_e(label)}</title>'
                     f'{_star(x, y)}<text {anchor} y="{y + 4:.1f}" fill="{_TARGET}">'
                     f'{_e(label)}</text></g>')
    parts.append("</g>")
    return "".join(parts)


def fan_svg(indicator: str, series: Sequence[FanSeries], *, history: pd.DataFrame,
            targets: pd.DataFrame, title: str, y_label: str,
            kind_labels: Mapping[str, str] | None = None,
            colours: Mapping[str, str] | None = None) -> str:
    """Fan chart of one indicator as an SVG element.

    Parameters
    ----------
    indicator : str
        Indicator key (integer indicators get integer tick labels).
    series : sequence of FanSeries
        One per scenario (:func:`fan_series`); the first gets the 50/80/95 % bands, every
        one a median line (dashed after the first).
    history : DataFrame
        Observed rows to mark, columns ``year, value, kind``.
    targets : DataFrame
        Targets to mark as stars, columns ``year, threshold`` and optionally ``note`` (the
        text written beside the star, e.g. the probability).
    title, y_label : str
        Accessible title and y-axis label.
    kind_labels : mapping, optional
        Display names of the history kinds (tooltips).
    colours : mapping, optional
        Colour per scenario name (default: :data:`PALETTE` in order).

    Returns
    -------
    str
        One ``<svg>`` element; ``data-x0/x1/left/plot-width`` describe the x axis for the
        hover script.
    """
    integer = get_indicator(indicator).is_integer
    colours = colours or {s.scenario: PALETTE[i % len(PALETTE)] for i, s in enumerate(series)}
    years = [int(y) for s in series for y in s.years] + [int(y) for y in history["year"]]
    x0, x1 = min(years), max(years)
    y0, y1 = _y_range(series, history, targets)
    box = _Box(x0=x0 - 0.3, x1=x1 + 0.3, y0=y0, y1=y1)
    step = max(1, round((x1 - x0) / 10))
    parts = [f'<svg class="chart fan" role="img" '
             f'viewBox="0 0 {box.width:g} {box.height:g}" data-indicator="{_e(indicator)}" '
             f'data-x0="{box.x0}" data-x1="{box.x1}" data-left="{box.left}" '
             f'data-plot-width="{box.width - box.left - box.right}">'
             f"<title>{_e(title)}</title>"]
    parts += _axes(box, nice_ticks(y0, y1), list(range(x0, x1 + 1, step)))
    parts.append(f'<text x="14" y="{box.height / 2:.0f}" font-size="11" fill="#444" '
                 f'transform="rotate(-90 14 {box.height / 2:.0f})" text-anchor="middle">'
                 f"{_e(y_label)}</text>")
    for i, s in enumerate(series):
        parts.append(_scenario_group(box, s, colours[s.scenario], bands=i == 0))
    parts.append(_history_marks(box, history, kind_labels or {}))
    parts.append(_target_marks(box, targets, integer))
    parts.append(f'<line class="guide" x1="0" x2="0" y1="{box.top}" '
                 f'y2="{box.height - box.bottom}" stroke="#555" stroke-dasharray="3 3" '
                 'visibility="hidden"/></svg>')
    return "".join(parts)
