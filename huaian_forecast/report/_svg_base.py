"""What the inline SVG charts share: escaping, the plot box, ticks and the palette.

Used by :mod:`huaian_forecast.report.svg` (fan charts) and
:mod:`huaian_forecast.report.svg_bars` (scenario bars, tornado).
"""

from __future__ import annotations

import html
import math
from dataclasses import dataclass

__all__ = ["PALETTE", "PlotBox", "escape_svg", "nice_ticks", "tick_text"]

#: Scenario colours (colour-blind safe, Okabe-Ito order).
PALETTE: tuple[str, ...] = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9",
                            "#D55E00", "#F0E442", "#000000")


def escape_svg(value: object) -> str:
    """Escape a value for SVG text or an attribute (quotes too)."""
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
class PlotBox:
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


def tick_text(value: float, step: float) -> str:
    """Tick label with as many decimals as the tick step needs (``8,000``, ``2.5``)."""
    decimals = max(0, -math.floor(math.log10(step) + 1e-9)) if step > 0 else 0
    if step > 0 and not math.isclose(round(step, decimals), step, rel_tol=1e-6):
        decimals += 1  # steps such as 2.5 or 0.25
    return f"{value:,.{decimals}f}"
