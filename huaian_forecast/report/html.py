"""A self-contained HTML briefing: one file that opens offline and prints well.

Everything is inline: the style sheet, a small script (scenario toggles, hover read-outs),
the charts, which are SVG built here from numpy quantiles (:mod:`.svg`; the scenario
comparison's bars in ``_html_bars``), and the Chinese
glyphs the page uses (a font subset, :mod:`._html_font`). No font, script, image or style
is fetched, so the page opens the same on a laptop without network, in an
e-mail attachment or printed. See the README for why SVG rather than a chart library.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

import numpy as np
import pandas as pd

from huaian_forecast.assessment import (
    NOWCAST,
    ONE_MODEL,
    RANGE_MODELS,
    STATUS_QUO_ONLY,
    is_observed,
    nowcast_rows,
    range_kind,
)
from huaian_forecast.data import tiers_of
from huaian_forecast.indicators import get_indicator
from huaian_forecast.report import _html_sections as sections
from huaian_forecast.report import svg, tables
from huaian_forecast.report._html_assets import SCRIPT, STYLE
from huaian_forecast.report._html_bars import comparison_section
from huaian_forecast.report._html_font import embedded_font_css
from huaian_forecast.report._html_sections import escape, word
from huaian_forecast.report._target_facts import (
    is_other_region,
    observed_fact,
    other_region_rows,
    target_key,
    target_text,
    tier_of,
)
from huaian_forecast.report._text import (
    KIND_LABELS,
    Lang,
    code_label,
    format_probability,
    format_range,
    region_name,
    short_name,
    text,
)
from huaian_forecast.report._tier_text import tier_label
from huaian_forecast.report._uncertainty import mc_error
from huaian_forecast.report._ytd_dates import dated_nowcast, row_as_of, with_ytd_dates
from huaian_forecast.report.excel import as_list
from huaian_forecast.simulation import Projection

__all__ = ["to_html"]

_MILESTONES = (2025, 2030, 2035)
_TORNADO_TOP = 12  # factors drawn per tornado (those that move the outcome, widest first)


def _p_cell(row: pd.Series | None, lang: Lang, n_paths: int | None = None, *,
            with_range: bool = False, region: str) -> str:
    """One probability cell: the probability, its Monte Carlo error and the label.

    The labels are the words of the CLI, the workbook and ``summary.md``
    (:func:`~huaian_forecast.report.code_label`). A nowcast from year-to-date figures has
    no Monte Carlo error: it says "nowcast" where a simulation says "±". ``with_range``:
    the cell also gives its range across models (a scenario other than the one the
    "models" column shows: a plan's range is its own, shifted by its effect).
    ``region``: the region the scenario simulates (a target of another is not assessed).
    """
    if row is not None and is_observed(row):  # a fact, not a probability
        return f'<td class="p muted">—<small>{escape(observed_fact(row, lang))}</small></td>'
    if row is not None and is_other_region(row, region):  # another region's: not assessed
        return f'<td class="p muted">—<small>{escape(text("not_assessed", lang))}</small></td>'
    if row is None or pd.isna(row["p_reach"]):
        missing = escape(code_label("not modelled", lang))
        return f'<td class="p muted">—<small>{missing}</small></td>'
    p, se = float(row["p_reach"]), float(row.get("p_reach_se", np.nan))
    label = str(row.get("label", "") or "")
    words = [str(code_label(label, lang))] if label else []
    if row.get("p_source") == NOWCAST:
        err = ""
        words.append(dated_nowcast(row_as_of(row), lang))  # its figure's own date
    else:
        err = f" ±{100 * mc_error(p, se, n_paths):.1f}" if np.isfinite(se) else ""
    if with_range and range_kind(row) == RANGE_MODELS:
        words.append(f"{word('tip_models', lang)} "
                     f"{format_range(row['p_models_min'], row['p_models_max'], lang)}")
    cls = label.replace(" ", "-")
    return (f'<td class="p {cls}" data-p="{p:.4f}"><b>{escape(format_probability(p))}</b>{err}'
            f"<small>{escape(' · '.join(words))}</small></td>")


def _models_cell(row: pd.Series | None, lang: Lang) -> str:
    kind = "" if row is None else range_kind(row)
    if kind in (STATUS_QUO_ONLY, ONE_MODEL):  # a scenario that sets levers; no family fits
        return f'<td class="p muted">{escape(code_label(kind, lang))}</td>'
    if row is None or not kind:
        return '<td class="p muted">—</td>'
    span = format_range(float(row["p_models_min"]), float(row["p_models_max"]), lang)
    return f'<td class="p">{escape(span)}</td>'


def _range_scenario(assessments: Mapping[str, pd.DataFrame]) -> str:
    """Return the scenario whose model range the headline shows (the first status quo).

    A scenario that sets levers has no range of its own ("status quo only", or the
    growth families with its effect added, ``range_basis``); with a plan first,
    the range of a status-quo scenario further along is the one shown (the plan's
    probabilities rest on it). The first scenario when none is a status quo with a range.
    """
    for name, table in assessments.items():
        plan = (table["range_basis"].fillna("") != "").any() if "range_basis" in table \
            else False
        if "families" in table and not (table["families"] == STATUS_QUO_ONLY).any() \
                and not plan:
            return name
    return next(iter(assessments))


def _headline(assessments: Mapping[str, pd.DataFrame], lang: Lang,
              n_paths: Mapping[str, int], regions: Mapping[str, str]) -> str:
    """Return the targets x scenarios table (``regions``: what each scenario simulates)."""
    names = list(assessments)
    first = assessments[names[0]]
    keyed = {n: {target_key(r): r for _, r in t.iterrows()} for n, t in assessments.items()}
    spread = any("p_trend" in t.columns for t in assessments.values())  # model_spread ran
    ranged = _range_scenario(assessments)
    head = [word("col_target", lang), word("col_year", lang), *names]
    if spread:
        head.append(word("col_models", lang, scenario=ranged))
    rows = ["<table class=\"headline\"><thead><tr>"
            + "".join(f"<th>{escape(h)}</th>" for h in head) + "</tr></thead><tbody>"]
    order = first.assign(_m=~first["year"].isin(_MILESTONES)).sort_values(
        ["_m", "year"], kind="stable")
    for _, r in order.iterrows():
        key = target_key(r)
        cells = "".join(_p_cell(keyed[n].get(key), lang, n_paths.get(n),
                                with_range=spread and n != ranged, region=regions[n])
                        for n in names)
        if spread:
            cells += _models_cell(keyed[ranged].get(key), lang)
        rows.append(
            f'<tr data-indicator="{escape(r["indicator"])}" data-year="{int(r["year"])}" '
            f'data-threshold="{float(r["threshold"]):g}" data-tier="{escape(tier_of(r))}"><td>'
            f'{escape(short_name(str(r["indicator"]), lang))} {escape(target_text(r, lang))}'
            f'{escape(_whose(r, lang, regions[names[0]]))}</td>'
            f'<td class="num">{int(r["year"])}</td>{cells}</tr>')
    rows.append("</tbody></table>")
    return "".join(rows)


def _whose(row: Any, lang: Lang, region: str) -> str:
    """`` (Jiangsu)`` / ``（江苏省）`` after another region's target than ``region``; else empty."""
    if not is_other_region(row, region):
        return ""
    name = region_name(str(row["region"]), lang)
    return f"（{name}）" if lang == "zh" else f" ({name})"


def _fan_targets(assessment: pd.DataFrame, key: str, lang: Lang, region: str,
                 years: Sequence[int] = _MILESTONES) -> pd.DataFrame:
    """Return the stars of one fan: every target of ``key`` in ``years``, its probability.

    A probability from the year-to-date figures
    (:func:`~huaian_forecast.assessment.nowcast_rows`) is marked 年内预估 / nowcast with
    its figure's date: the fan itself is the simulation without those figures. A target
    of another region than ``region`` (the fan's) is not drawn.
    """
    rows = assessment[(assessment["indicator"] == key) & assessment["year"].isin(list(years))
                      & ~other_region_rows(assessment, region)].copy()
    p_word = text("p_short", lang)
    notes = []
    tiers = tiers_of(rows)
    for (_, row), nowcast, tier in zip(rows.iterrows(), nowcast_rows(rows), tiers,
                                       strict=True):
        p = row["p_reach"]
        word = tier_label(tier, lang)  # a floor and a stretch star of one year
        if pd.isna(p):
            notes.append(word)
            continue
        sep = "，" if lang == "zh" else ", "
        as_of = row_as_of(row)  # its figure's day: "P 13%, nowcast of 2024-06-19"
        day = "" if not as_of else (f"{sep}截至 {as_of}" if lang == "zh" else f" of {as_of}")
        mark = f"{sep}{code_label(NOWCAST, lang)}{day}" if nowcast else ""
        notes.append(f"{word} ({p_word} {format_probability(float(p))}{mark})".strip())
    rows["note"] = notes
    return rows[["year", "threshold", "note"]]


def _has_nowcast(assessment: pd.DataFrame, key: str) -> bool:
    """Whether one of ``key``'s targets has its probability from the year-to-date figures."""
    return bool(nowcast_rows(assessment[assessment["indicator"] == key]).any())


def _fan_data(key: str, series: Sequence[svg.FanSeries], hist: pd.DataFrame,
              lang: Lang) -> str:
    integer = get_indicator(key).is_integer
    digits = 0 if integer else (1 if float(np.nanmax(series[0].quantiles[0.5])) >= 10 else 2)
    data = {"digits": digits, "words": {"observed": word("observed", lang)},
            "history": {int(y): float(v) for y, v in zip(hist["year"], hist["value"],
                                                         strict=True)},
            "series": [{"name": s.scenario, "years": [int(y) for y in s.years],
                        "median": [round(float(v), 4) for v in s.quantiles[0.5]],
                        "q10": [round(float(v), 4) for v in s.quantiles[0.1]],
                        "q90": [round(float(v), 4) for v in s.quantiles[0.9]]}
                       for s in series]}
    # inside <script> only "</script" and "<!--" are dangerous: escape every < > & so a
    # scenario name cannot close the element or open a comment (JSON reads \u003c as <)
    return (json.dumps(data, ensure_ascii=False).replace("<", "\\u003c")
            .replace(">", "\\u003e").replace("&", "\\u0026"))


def _fans(items: Sequence[Projection], history: pd.DataFrame,
          assessment: pd.DataFrame, colours: Mapping[str, str], lang: Lang) -> str:
    region = items[0].region
    kinds = {k: v[0 if lang == "zh" else 1] for k, v in KIND_LABELS.items()}
    out = []
    targeted = set(assessment["indicator"])
    keys = sorted(items[0].indicators, key=lambda k: k not in targeted)  # targets first
    for key in keys:
        series = [svg.fan_series(p.scenario, p.years, p.paths(key)) for p in items
                  if key in p.indicators]
        hist = history[(history["indicator"] == key) & (history["region"] == region)]
        hist = hist.sort_values("year")[["year", "value", "kind"]]
        name = short_name(key, lang)
        caption = word("fan_caption", lang, name=name, scenario=items[0].scenario)
        if _has_nowcast(assessment, key):
            caption += word("fan_ytd", lang)
        chart = svg.fan_svg(key, series, history=hist,
                            targets=_fan_targets(assessment, key, lang, region,
                                                 [int(y) for y in items[0].years]),
                            title=name,
                            y_label=get_indicator(key).label(lang), kind_labels=kinds,
                            colours=colours)
        out.append(f'<figure class="fan" id="fan-{escape(key)}"><h3>{escape(name)}</h3>{chart}'
                   f'<div class="tip" hidden></div><script type="application/json" '
                   f'class="fan-data">{_fan_data(key, series, hist.drop_duplicates("year"), lang)}'
                   f"</script><figcaption>{escape(caption)}</figcaption></figure>")
    return "".join(out)


def _factor_labels(lang: Lang) -> dict[str, str]:
    from huaian_forecast.scenarios import LEVERS, UNCERTAINTIES

    attr = "name_zh" if lang == "zh" else "name_en"
    return {k: str(getattr(v, attr, k)) for reg in (LEVERS, UNCERTAINTIES)
            for k, v in reg.items()}


def _metric_label(metric: str, lang: Lang) -> str:
    """Return a tornado's outcome in words (``p_reach`` -> 达标概率)."""
    if metric == "p_reach":
        return text("metric_p_reach", lang)
    return tables.column_label(metric, lang)


def _tornados(tornado: pd.DataFrame | None, lang: Lang) -> str:
    if tornado is None or tornado.empty:
        return ""
    labels = _factor_labels(lang)
    out = [f"<h2>{escape(word('tornado', lang))}</h2>"]
    if "tier" not in tornado:
        tornado = tornado.assign(tier="single")
    for (ind, year, metric, tier), rows in tornado.groupby(
            ["indicator", "year", "metric", "tier"], sort=False):
        name = short_name(str(ind), lang)
        name += f" {tier_label(tier, lang)}" if tier_label(tier, lang) else ""
        swing = (rows["value_high"] - rows["value_low"]).abs().to_numpy()
        order = np.argsort(-swing, kind="stable")
        keep = [i for i in order if swing[i] > 0][:_TORNADO_TOP] or list(order[:1])
        chart = svg.tornado_svg(rows.iloc[keep], title=name,
                                labels=labels, low_text=word("low", lang),
                                high_text=word("high", lang))
        caption = word("tornado_caption", lang, name=name, year=int(year),
                     metric=_metric_label(str(metric), lang))
        out.append(f'<figure class="tornado"><h3>{escape(name)} {int(year)}</h3>{chart}'
                   f"<figcaption>{escape(caption)}"
                   "</figcaption></figure>")
    return "".join(out)


def _controls(names: Sequence[str], colours: Mapping[str, str], lang: Lang) -> str:
    boxes = "".join(
        f'<label><input type="checkbox" data-toggle checked value="{escape(n)}">'
        f'<span class="swatch" style="background:{colours[n]}"></span>{escape(n)}</label>'
        for n in names)
    return f'<div class="controls">{escape(word("show", lang))} {boxes}</div>'


def to_html(projections: Projection | Sequence[Projection], *,
            history: pd.DataFrame | None = None, targets: pd.DataFrame | None = None,
            lang: Lang = "zh", tornado: pd.DataFrame | None = None, command: str = "",
            assessments: Mapping[str, pd.DataFrame] | None = None,
            spread: pd.DataFrame | None = None, embed_font: bool = True) -> str:
    """Return the HTML briefing of one or several scenario projections.

    Parameters
    ----------
    projections : Projection or sequence of Projection
        One projection per scenario; the first one's bands are drawn on the fan charts.
    history, targets : DataFrame, optional
        Observation and targets tables (default: the bundled data).
    lang : {"zh", "en"}
        Language of the page.
    tornado : DataFrame, optional
        :func:`~huaian_forecast.tornado` table; one tornado chart per outcome in it.
    command : str
        Command recorded in the manifest.
    assessments : mapping of str to DataFrame, optional
        The projections' assessments by scenario (computed when missing). Columns
        ``p_models_min`` / ``p_models_max`` (:func:`~huaian_forecast.analysis.
        with_model_spread`) add a model-range column to the headline table.
    spread : DataFrame, optional
        :func:`~huaian_forecast.analysis.model_spread` of the targets, joined to every
        scenario as :func:`write_report` does; the headline shows the range of the first
        status-quo scenario (a scenario that sets levers has none).
    embed_font : bool, default True
        Embed the page's Chinese glyphs (a subset of the packaged Noto Sans SC, about
        60 kB) so it reads correctly on a system without a CJK font; system fonts still
        come first.

    Returns
    -------
    str
        A complete HTML document with no external resource.

    Raises
    ------
    ArgumentError
        If there is no projection or two share a scenario name.
    """
    items = as_list(projections)
    if history is None or targets is None:
        from huaian_forecast.data import load_history, load_targets

        history = load_history() if history is None else history
        targets = load_targets() if targets is None else targets
    names = [p.scenario for p in items]
    if assessments is None:
        assessments = tables.assess_all(items, targets)
    # the tables of the scenarios drawn (a caller's table of another one is left out)
    assessments = {n: assessments[n] for n in names if n in assessments}
    if spread is not None:
        from huaian_forecast.analysis import join_model_spread

        # every scenario, as write_report joins it (not only the first)
        assessments = join_model_spread(assessments, items, targets, history, spread=spread)
    assessments = with_ytd_dates(assessments, items)  # each nowcast row's figure's date
    colours = {n: svg.PALETTE[i % len(svg.PALETTE)] for i, n in enumerate(names)}
    first = items[0]
    facts = word("facts", lang, scenarios=", ".join(names), n=first.n_paths,
               seed=first.manifest.get("seed"), hash=str(first.manifest.get("data_hash", ""))[:12],
               created=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"))
    region = first.region
    ytd = tables.ytd_line(items, lang)  # which year-to-date figures, beside the facts
    facts = facts if ytd is None else f"{facts} {ytd}"
    body = [f"<h1>{escape(word('title', lang))}</h1><p class=\"facts\">{escape(facts)}</p>",
            _controls(names, colours, lang), sections.scenarios(items, lang),
            f"<h2>{escape(word('headline', lang))}</h2><p class=\"muted\">"
            f"{escape(word('headline_note', lang, scenario=_range_scenario(assessments)))}</p>",
            _headline(assessments, lang, {p.scenario: p.n_paths for p in items},
                      {p.scenario: p.region for p in items}),
            f"<h2>{escape(word('fans', lang))}</h2>",
            _fans(items, history, assessments[first.scenario], colours, lang),
            f"<h2>{escape(word('compare', lang))}</h2>",
            comparison_section(assessments, colours, lang),
            _tornados(tornado, lang), sections.limits(items, assessments[first.scenario], lang),
            sections.sources(history, region, lang, targets),
            sections.manifest(items, command, lang, targets, assessments),
            f"<footer class=\"muted\"><p>{escape(word('footer', lang))}</p></footer>"]
    html_lang = "zh-CN" if lang == "zh" else "en"
    content = "\n".join(body)
    title = escape(word("title", lang))
    font = embedded_font_css(title + content + SCRIPT) if embed_font else ""
    return ("<!DOCTYPE html>\n"
            f'<html lang="{html_lang}"><head><meta charset="utf-8">'
            '<meta name="viewport" content="width=device-width, initial-scale=1">'
            f"<title>{title}</title><style>{font}{STYLE}</style></head><body>"
            + content + f"<script>{SCRIPT}</script></body></html>\n")
