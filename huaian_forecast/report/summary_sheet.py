"""Targets x scenarios: the probabilities, and the workbook's first sheet.

The first sheet adds each scenario's label and the status quo's range across models.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from huaian_forecast.assessment import (
    RANGE_ASSUMPTIONS,
    RANGE_MODELS,
    SAME_EVERY_SCENARIO,
    observed_rows,
    range_kinds,
    same_every_scenario,
)
from huaian_forecast.data import HOME_REGION
from huaian_forecast.exceptions import ArgumentError
from huaian_forecast.report._notes_zh import note_label
from huaian_forecast.report._target_facts import is_other_region, observed_fact
from huaian_forecast.report._text import Lang, code_label, short_name, text
from huaian_forecast.report._tier_text import without_single_tier
from huaian_forecast.report._ytd_dates import dated_nowcast, row_as_of
from huaian_forecast.report.tables import unit_label

__all__ = ["summary_sheet", "summary_table"]

_TARGET_KEY = ["indicator", "year", "threshold", "direction", "region", "tier"]


def _key(tables: Mapping[str, pd.DataFrame]) -> list[str]:
    """Return the columns that name a target in every table (hand-built ones may lack region)."""
    return [k for k in _TARGET_KEY if all(k in t for t in tables.values())]


def summary_table(assessments: Mapping[str, pd.DataFrame], *, lang: Lang = "zh",
                  baseline: str = "baseline", region: str = HOME_REGION) -> pd.DataFrame:
    """Targets x scenarios: probability of reaching each target (percent).

    One row per target; one column per scenario holding ``100 * p_reach`` (NaN when the
    indicator is not modelled). Rows are ordered as in the first assessment. The
    ``Δ <scenario>`` columns (percentage points against ``baseline``, rounded to 0.1)
    are NaN for a target whose probability is the year-to-date nowcast in every
    scenario (:func:`~huaian_forecast.assessment.same_every_scenario`, ``compare``'s
    rule): the levers do not move it, and its note says so. ``region``: the region the
    first assessment's projection simulates (a target of another region is named so).
    """
    base: pd.DataFrame | None = None
    key = _key(assessments)
    for i, (name, table) in enumerate(assessments.items()):
        cols = table[key].copy()
        cols[name] = (100 * table["p_reach"].astype(float)).round(1)
        if "p_source" in table.columns:
            cols[f"_source{i}"] = table["p_source"].to_numpy()
        if i == 0:  # a target the history observes (its value), another region's (whose)
            cols["_observed"] = [_fact(r, seen, lang, region) for r, seen in zip(
                table.itertuples(index=False), observed_rows(table), strict=True)]
            # a nowcast's figure's own date (the same figures in every scenario)
            cols["_as_of"] = [row_as_of(r) for r in table.itertuples(index=False)]
        # left merge keeps the first assessment's row order (an outer merge would sort)
        base = cols if base is None else base.merge(cols, on=key, how="left")
    if base is None:
        raise ArgumentError("no assessment to summarise")
    names = list(assessments)
    sources = [f"_source{i}" for i in range(len(names))]
    aligned = [pd.DataFrame({"p_source": base.get(c, "")}, index=base.index) for c in sources]
    # a note only where a Δ is shown
    nowcast = same_every_scenario(aligned) & (baseline in assessments and len(names) > 1)
    base = base.drop(columns=sources, errors="ignore")
    if baseline in assessments:  # how much each scenario adds, in percentage points
        for name in names:
            if name != baseline:
                delta = (base[name] - base[baseline]).round(1)
                base[f"Δ {name}"] = delta.mask(nowcast)
    base.insert(1, "name", [short_name(k, lang) for k in base["indicator"]])
    base.insert(2, "unit", [unit_label(k, lang) for k in base["indicator"]])
    missing = base[names].isna().all(axis=1)
    observed = base.pop("_observed").to_numpy(str)
    dated = [dated_nowcast(d, lang) if d else "" for d in base.pop("_as_of").fillna("")]
    same = np.where(nowcast, str(code_label(SAME_EVERY_SCENARIO, lang)), "")
    sep = "；" if lang == "zh" else "; "
    base["note"] = np.where(observed != "", observed,
                            np.where(missing, text("not_modelled", lang),
                                     [sep.join(x for x in pair if x)
                                      for pair in zip(dated, same, strict=True)]))
    return base.reset_index(drop=True)


def _fact(row: Any, observed: bool, lang: Lang, region: str) -> str:
    """Return the note of a row without a probability, unless it is "not modelled" ("").

    ``observed``: the row is a target the history observes
    (:func:`~huaian_forecast.assessment.observed_rows`), stated with its value. Another
    region's target than ``region`` (read from the row's ``region``, not its note's words)
    keeps its note, which names the region.
    """
    if observed:
        return observed_fact(row, lang)
    if not is_other_region(row, region):
        return ""
    return str(note_label(str(getattr(row, "note", "") or ""), lang))


def summary_sheet(assessments: Mapping[str, pd.DataFrame], *, lang: Lang = "zh",
                  baseline: str = "baseline", region: str = HOME_REGION) -> pd.DataFrame:
    """Return :func:`summary_table` with each scenario's label and range across models.

    The workbook's first sheet, what a planner copies: the range is shown beside a
    status-quo scenario.

    ``<scenario> label``: the label the briefing gives (``"models disagree"`` where the
    range spans both cut-offs); ``<scenario> range``: ``lo-hi`` percent, the lowest and
    highest p_reach over the scenario model and every growth family, where the table has
    them (status-quo scenarios joined by :func:`~huaian_forecast.analysis.join_model_spread`;
    a nowcast's own range over its assumptions). Text columns: no cell is a formula.
    The ``tier`` column (确保 / 力争) is there only where a target has a tier.
    """
    base = summary_table(assessments, lang=lang, baseline=baseline, region=region)
    word = "标签" if lang == "zh" else "label"
    span = "模型范围（%）" if lang == "zh" else "range across models (%)"
    key = _key(assessments)
    for name, table in assessments.items():
        cols = table[key].copy()
        cols["_label"] = [str(code_label(x, lang)) if isinstance(x, str) and x else ""
                          for x in table.get("label", pd.Series([""] * len(table)))]
        kinds = range_kinds(table)
        # the column beside a scenario whose growth families are joined (assess's table)
        shown = "p_trend" in table and bool((kinds == RANGE_MODELS).any())
        if shown:  # a range across models, or a nowcast's across its assumptions
            ranged = np.isin(kinds, [RANGE_MODELS, RANGE_ASSUMPTIONS])
            cols["_range"] = np.where(
                ~ranged, "", [f"{100 * lo:.1f}-{100 * hi:.1f}" for lo, hi in
                              zip(table["p_models_min"].fillna(0),
                                  table["p_models_max"].fillna(0), strict=True)])
        merged = base[key].merge(cols, on=key, how="left")
        base.insert(len(base.columns) - 1, f"{name} {word}",
                    merged["_label"].fillna("").to_numpy())
        if shown:
            base.insert(len(base.columns) - 1, f"{name} {span}",
                        merged["_range"].fillna("").to_numpy())
    return without_single_tier(base)
