"""Charts as inline SVG text (no library, no network): fan, scenario bars, tornado.

Used by the HTML briefing (:mod:`huaian_forecast.report.html`) and the lever explorer
notebook. Every function returns one ``<svg>`` element as a string, with a ``viewBox`` so it
scales with the page, a ``<title>`` for screen readers, and ``data-scenario`` attributes on
what belongs to one scenario (the page's script hides and shows them). Numbers are computed
here with numpy quantiles; nothing is drawn by a browser library.
"""

from __future__ import annotations

import html
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from huaian_forecast.indicators import get_indicator
from huaian_forecast.report._text import labels_on_left

__all__ = ["PALETTE", "FanSeries", "bars_svg", "fan_series", "fan_svg", "nice_ticks",
           "tornado_svg"]

#: Scenario colours (colour-blind safe, Okabe-Ito order).
PALETTE: tuple[str, ...] = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9",
                            "#D55E00", "#F0E442", "#000000")
_TARGET = "#C0143C"
_BANDS: tuple[tuple[int, float], ...] = ((95, 0.12), (80, 0.2), (50, 0.32))
_KIND_MARK: dict[str, tuple[str, str]] = {  # kind -> (shape, fill)
    "exact": ("circle", "#222"), "approx": ("circle", "#fff"), "derived": ("square", "#fff"),
    "lower_bound": ("up", "#1b7a1b"), "upper_bound": ("down", "#8b1a1a"),
}


def _e(value: object) -> str:
    return html.escape(str(value), quote=True)


def nice_ticks(low: float, high: float, n: int = 5) -> list[float]:
    """About ``n`` round tick values covering ``[low, high]``.

    Examples
    --------
    >>> nice_ticks(0.0, 1.0)
    [0.0, 0.2, 0.4, 0.6, 0.8, 1.0]
    """
    if not high > low:
        return [low]
    raw = (high - low) / max(n, 1)
    mag = 10 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)
    first = math.ceil(low / step - 1e-9) * step
    count = math.floor((high - first) / step + 1e-9) + 1
    return [round(first + i * step, 10) for i in range(count)]


@dataclass(frozen=True, slots=True)
class _Box:
    """Maps data to SVG coordinates inside a plot area of a ``width x height`` viewBox."""

    x0: float
    x1: float
    y0: float
    y1: float
    width: float = 720.0
    height: float = 340.0
    left: float = 76.0
    right: float = 120.0
    top: float = 16.0
    bottom: float = 36.0

    def x(self, v: float) -> float:
        span = (self.x1 - self.x0) or 1.0
        return self.left + (v - self.x0) / span * (self.width - self.left - self.right)

    def y(self, v: float) -> float:
        span = (self.y1 - self.y0) or 1.0
        return self.height - self.bottom - (v - self.y0) / span * (
            self.height - self.top - self.bottom)


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


def _tick_text(value: float, step: float) -> str:
    """Tick label with as many decimals as the tick step needs (``8,000``, ``2.5``)."""
    decimals = max(0, -math.floor(math.log10(step) + 1e-9)) if step > 0 else 0
    if step > 0 and not math.isclose(round(step, decimals), step, rel_tol=1e-6):
        decimals += 1  # steps such as 2.5 or 0.25
    return f"{value:,.{decimals}f}"


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
