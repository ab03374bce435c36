"""Charts for planners: fan chart and scenario comparison (matplotlib, imported lazily).

Every function takes ``ax=None`` (a new figure is made) and returns the axes. Labels are
Chinese when ``lang="zh"`` and a CJK font is installed, otherwise English with one
:class:`~huaian_forecast.report.fonts.MissingCJKFontWarning` (see
:func:`~huaian_forecast.report.fonts.chart_language`). Probabilities are fractions in the
tables and shown as percent on the charts.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from huaian_forecast.assessment import (
    NOWCAST,
    nowcast_rows,
)
from huaian_forecast.exceptions import ArgumentError
from huaian_forecast.indicators import get_indicator
from huaian_forecast.report._chart_ranges import draw_ranges, range_legend
from huaian_forecast.report._text import (
    KIND_LABELS,
    Lang,
    code_label,
    format_probability,
    format_range,
    format_value,
    labels_on_left,
    short_name,
    text,
)
from huaian_forecast.report._tier_text import tier_suffix
from huaian_forecast.report._uncertainty import interval_whiskers, model_range
from huaian_forecast.report.fonts import chart_language, rc_params
from huaian_forecast.simulation import Projection

if TYPE_CHECKING:  # pragma: no cover
    from matplotlib.axes import Axes

__all__ = ["FAN_BANDS", "plot_fan", "plot_scenarios", "scenario_figsize"]

#: Central intervals drawn on the fan chart (percent), widest first.
FAN_BANDS: tuple[int, ...] = (95, 80, 50)
_BAND_ALPHA = {95: 0.15, 80: 0.25, 50: 0.4}
_KIND_STYLE: dict[str, dict[str, Any]] = {
    "exact": {"marker": "o", "color": "black", "mfc": "black"},
    "approx": {"marker": "o", "color": "black", "mfc": "white"},
    "derived": {"marker": "s", "color": "dimgray", "mfc": "white"},
    "lower_bound": {"marker": "^", "color": "darkgreen", "mfc": "darkgreen"},
    "upper_bound": {"marker": "v", "color": "darkred", "mfc": "darkred"},
}
_FAN_COLOR = "tab:blue"
_TARGET_COLOR = "crimson"


def _use_agg_without_display() -> None:
    """Select the Agg backend on a machine without a display (servers, CI)."""
    import matplotlib

    headless = sys.platform.startswith("linux") and not (
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    if headless and "MPLBACKEND" not in os.environ and "matplotlib.pyplot" not in sys.modules:
        matplotlib.use("Agg")


def _new_axes(ax: Axes | None, figsize: tuple[float, float]) -> Axes:
    if ax is not None:
        return ax
    _use_agg_without_display()
    import matplotlib.pyplot as plt

    _, new_ax = plt.subplots(figsize=figsize, layout="constrained")
    return new_ax


@contextlib.contextmanager
def _style(font: str | None) -> Iterator[None]:
    """Chart settings for the drawing inside; free when they are in force already.

    ``rc_context`` deep-copies every rc parameter on entry: a report that draws ten charts
    inside one context does not pay that ten more times.
    """
    import matplotlib

    params = rc_params(font)
    if all(matplotlib.rcParams[k] == v for k, v in params.items()):
        yield
        return
    with matplotlib.rc_context(params):
        yield


def _apply_font(ax: Axes, font: str | None) -> None:
    """Give every text of ``ax`` the CJK font, also texts of a caller's pre-made axes."""
    if font is None:
        return
    family = [font, "DejaVu Sans"]
    for item in _texts(ax):
        item.set_fontfamily(family)
    ax.tick_params(labelfontfamily=family)  # ticks created later at draw time too


def _texts(artist: Any) -> Iterator[Any]:
    """Every Text under ``artist`` except tick labels (``tick_params`` sets those).

    Not ``findobj``: an axis lists its ticks among its children, so walking it makes the
    locator build every tick (a fifth of a fan chart's time), only for them to be rebuilt
    at draw time.
    """
    from matplotlib.axis import Axis
    from matplotlib.text import Text

    for child in artist.get_children():
        if isinstance(child, Axis):
            yield from (child.label, child.offsetText)
            continue
        if isinstance(child, Text):
            yield child
        yield from _texts(child)


def _history_rows(history: pd.DataFrame | None, indicator: str, region: str) -> pd.DataFrame:
    if history is None or history.empty:
        return pd.DataFrame(columns=["year", "value", "kind"])
    rows = history[(history["indicator"] == indicator) & (history["region"] == region)]
    return rows.sort_values("year")


def _draw_history(ax: Axes, rows: pd.DataFrame, lang: Lang) -> None:
    for kind, style in _KIND_STYLE.items():
        sub = rows[rows["kind"] == kind]
        if sub.empty:
            continue
        label = KIND_LABELS[kind][0 if lang == "zh" else 1]
        ax.plot(sub["year"].to_numpy(), sub["value"].to_numpy(), linestyle="none",
                markersize=7, markeredgewidth=1.3, label=label, zorder=5, **style)


def _draw_bands(ax: Axes, projection: Projection, indicator: str, lang: Lang) -> None:
    paths = projection.paths(indicator)
    years = projection.years
    for band in FAN_BANDS:
        lo, hi = np.quantile(paths, [(1 - band / 100) / 2, (1 + band / 100) / 2], axis=0)
        ax.fill_between(years, lo, hi, color=_FAN_COLOR, alpha=_BAND_ALPHA[band], lw=0,
                        label=text("band", lang, p=band))
    ax.plot(years, np.median(paths, axis=0), color=_FAN_COLOR, lw=2,
            label=text("median", lang))


def _draw_targets(ax: Axes, assessment: pd.DataFrame | None, indicator: str, lang: Lang,
                  years: Sequence[int]) -> None:
    """Draw the targets as stars with the threshold and the probability beside them.

    A probability from the year-to-date figures
    (:func:`~huaian_forecast.assessment.nowcast_rows`) is marked so, and a note under the
    fan says the fan is the simulation without those figures.
    """
    if assessment is None or assessment.empty:
        return
    rows = assessment[(assessment["indicator"] == indicator)
                      & assessment["year"].isin(list(years))].sort_values("year", kind="stable")
    nowcast = nowcast_rows(rows)
    range_lo, range_hi, _ = model_range(rows)
    for i, (row, left, now, r_lo, r_hi) in enumerate(zip(
            rows.itertuples(index=False), labels_on_left(rows["year"].tolist()), nowcast,
            range_lo, range_hi, strict=True)):
        p = float(getattr(row, "p_reach", np.nan))
        ax.plot([row.year], [row.threshold], marker="*", markersize=15, color=_TARGET_COLOR,
                linestyle="none", zorder=6, label=text("target", lang) if i == 0 else None)
        p_text = format_probability(p)
        sep = "" if p_text[0] in "<>" else "="
        mark = ""
        if now:
            word = code_label(NOWCAST, lang)
            mark = f"（{word}）" if lang == "zh" else f" ({word})"
        # the range where the probability is read: across models, or a nowcast's across
        # its assumptions (its own word)
        spread = (f"\n{text('assumed_short' if now else 'models_short', lang)} "
                  f"{format_range(r_lo, r_hi, lang)}"
                  if np.isfinite(r_lo) and np.isfinite(r_hi) else "")
        ax.annotate(f"{format_value(row.threshold, indicator)}"
                    f"{tier_suffix(getattr(row, 'tier', 'single'), lang)}\n"
                    f"{text('p_short', lang)}{sep}{p_text}{mark}{spread}",
                    # a left label sits above-left of its star: the history marks lie
                    # below-left, on the way up to the first target
                    (row.year, row.threshold), xytext=(-6, 6) if left else (8, 0),
                    textcoords="offset points", ha="right" if left else "left",
                    va="bottom" if left else "center", fontsize=9, color=_TARGET_COLOR, zorder=7,
                    bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none",
                          "alpha": 0.75})
    if nowcast.any():  # under the axes, below the year label: clear of the stars' labels
        ax.annotate(text("fan_ytd_note", lang), xy=(1.0, 0.0), xycoords="axes fraction",
                    xytext=(0, -34), textcoords="offset points", ha="right", va="top",
                    fontsize=7, color=_TARGET_COLOR, zorder=7)


def plot_fan(projection: Projection, indicator: str, *, history: pd.DataFrame | None = None,
             assessment: pd.DataFrame | None = None, lang: Lang = "zh",
             milestone_years: Sequence[int] | None = None, ax: Axes | None = None) -> Axes:
    """Fan chart of one indicator: history, 50/80/95 % bands, median and targets.

    Parameters
    ----------
    projection : Projection
        Simulated paths.
    indicator : str
        Indicator key (or alias) simulated in ``projection``.
    history : DataFrame, optional
        Observation table (:func:`~huaian_forecast.load_history`); the rows of the
        projection's region are drawn, marked by ``kind``: filled circle exact, open circle
        approximate, open square derived, up-triangle lower bound, down-triangle upper bound.
    assessment : DataFrame, optional
        :func:`~huaian_forecast.assess` table; targets in ``milestone_years`` are drawn as
        stars with the threshold and ``p_reach`` written beside them. A probability from
        the year-to-date figures (``p_source`` :data:`~huaian_forecast.assessment.NOWCAST`,
        the planner assessment's current year) is marked as such, with a note that the fan
        is the simulation without those figures.
    lang : {"zh", "en"}
        Label language (English if no CJK font is installed).
    milestone_years : sequence of int, optional
        Target years to mark (default: every year of the projection).
    ax : matplotlib Axes, optional
        Where to draw; a new figure otherwise.

    Returns
    -------
    matplotlib.axes.Axes
    """
    key = get_indicator(indicator).key
    paths = projection.paths(key)  # raises KeyError naming the simulated indicators
    lang, font = chart_language(lang)
    region = projection.region
    with _style(font):
        ax = _new_axes(ax, (8, 4.8))
        _draw_bands(ax, projection, key, lang)
        _draw_history(ax, _history_rows(history, key, region), lang)
        years = (projection.years.tolist() if milestone_years is None
                 else list(milestone_years))
        _draw_targets(ax, assessment, key, lang, years)
        ind = get_indicator(key)
        ax.set_title(f"{short_name(key, lang)}\n" + text(
            "fan_subtitle", lang, scenario=projection.scenario, n=paths.shape[0]), fontsize=11)
        ax.set_xlabel(text("year", lang))
        ax.set_ylabel(ind.label(lang))
        from matplotlib.ticker import FuncFormatter, MaxNLocator

        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.yaxis.set_major_formatter(FuncFormatter(_axis_number))  # no "1e6" offset
        ax.set_xlim(right=float(projection.years[-1]) + 1.6)  # room for the p_reach notes
        ax.grid(alpha=0.3)
        # inside the axes: it needs no margin, so the layout engine need not measure it
        ax.legend(fontsize=8, loc="upper left", framealpha=0.8).set_in_layout(False)
        _apply_font(ax, font)
    return ax


def _axis_number(value: float, _pos: object = None) -> str:
    """Tick label in plain digits with thousands separators (never an offset or 1e6).

    Examples
    --------
    >>> _axis_number(411533.0), _axis_number(2.5), _axis_number(1200.0)
    ('411,533', '2.5', '1,200')
    """
    if abs(value) >= 100:
        return f"{value:,.0f}"
    return f"{value:,.3g}"


def _target_label(indicator: str, year: int, threshold: float, direction: str,
                  lang: Lang, tier: str = "single") -> str:
    op = "≤" if direction == "at_most" else "≥"
    return (f"{short_name(indicator, lang)} {year} {op}{format_value(threshold, indicator)}"
            f"{tier_suffix(tier, lang)}")


def plot_scenarios(compare: pd.DataFrame, *, indicators: Sequence[str] | None = None,
                   lang: Lang = "zh", ax: Axes | None = None) -> Axes:
    """Draw grouped bars: probability of reaching each target under each scenario.

    Parameters
    ----------
    compare : DataFrame
        Comparison table with columns ``scenario, indicator, year, threshold, p_reach``
        and optionally ``p_reach_se`` (drawn as 95 % Monte Carlo error bars) and the
        range across models ``p_models_min`` / ``p_models_max`` of a planner assessment
        (drawn as a grey bracket over each bar that has one, :func:`model_range`).
    indicators : sequence of str, optional
        Restrict to these indicators.
    lang : {"zh", "en"}
        Label language.
    ax : matplotlib Axes, optional
        Where to draw; a new figure otherwise.

    Returns
    -------
    matplotlib.axes.Axes
    """
    table = compare.dropna(subset=["p_reach"])
    if indicators is not None:
        table = table[table["indicator"].isin(list(indicators))]
    if table.empty:
        raise ArgumentError("no target with a probability to plot (all p_reach are missing)")
    lang, font = chart_language(lang)
    scenarios = list(dict.fromkeys(table["scenario"]))
    if "direction" not in table:
        table = table.assign(direction="at_least")
    if "tier" not in table:
        table = table.assign(tier="single")
    keys = ["indicator", "year", "threshold", "direction", "tier"]
    targets = table[keys].drop_duplicates()
    rank = {k: i for i, k in enumerate(dict.fromkeys(targets["indicator"]))}
    targets = targets.assign(_rank=targets["indicator"].map(rank)).sort_values(
        ["_rank", "year"], kind="stable").drop(columns="_rank")  # indicators in table order
    pos = np.arange(len(targets))
    height = 0.8 / len(scenarios)
    with _style(font):
        from matplotlib.ticker import PercentFormatter

        ax = _new_axes(ax, scenario_figsize(len(targets), len(scenarios)))
        kinds_seen: set[str] = set()  # one legend entry per kind of range
        for i, name in enumerate(scenarios):
            rows = targets.merge(table[table["scenario"] == name], how="left", on=keys)
            p = rows["p_reach"].to_numpy(dtype=float)
            at = pos + (i - (len(scenarios) - 1) / 2) * height
            bars = ax.barh(at, p, height, label=str(name),
                           xerr=np.vstack(interval_whiskers(rows)), capsize=2)
            # the uncertainty that matters, beside (above) the Monte Carlo whisker
            kinds_seen |= draw_ranges(ax, rows, at - height * 0.22, first=i == 0)
            if len(scenarios) <= 2:
                ax.bar_label(bars, [format_probability(v) for v in p], fontsize=7, padding=3)
        ax.set_yticks(pos, [_target_label(r.indicator, int(r.year), r.threshold, r.direction,
                                          lang, r.tier)
                            for r in targets.itertuples(index=False)],
                      fontsize=8)
        ax.invert_yaxis()  # first target on top
        ax.set_xlim(0, 1.1)
        ax.xaxis.set_major_formatter(PercentFormatter(1.0))
        ax.axvline(0.5, color="gray", lw=0.8, ls="--")
        ax.set_xlabel(text("compare_ylabel", lang))
        ax.set_title(text("compare_title", lang))
        ax.grid(axis="x", alpha=0.3)
        range_legend(ax, [str(s) for s in scenarios], kinds_seen, lang)
        _apply_font(ax, font)
    return ax


def scenario_figsize(n_targets: int, n_scenarios: int) -> tuple[float, float]:
    """Figure size that keeps the scenario chart's bars and labels readable."""
    return (9.0, 1.6 + 0.22 * n_targets * max(1.0, n_scenarios ** 0.8))
