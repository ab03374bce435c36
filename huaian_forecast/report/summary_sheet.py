"""The workbook's first sheet: probabilities, labels and ranges across models."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from huaian_forecast.report._text import Lang, code_label
from huaian_forecast.report.tables import summary_table

__all__ = ["summary_sheet"]

_TARGET_KEY = ["indicator", "year", "threshold", "direction"]


def summary_sheet(assessments: Mapping[str, pd.DataFrame], *, lang: Lang = "zh",
                  baseline: str = "baseline") -> pd.DataFrame:
    """Return :func:`summary_table` with each scenario's label and range across models.

    The workbook's first sheet, what a planner copies: the range is shown beside a
    status-quo scenario.

    ``<scenario> label``: the label the briefing gives (``"models disagree"`` where the
    range spans both cut-offs); ``<scenario> range``: ``lo-hi`` percent, the lowest and
    highest p_reach over the scenario model and every growth family, where the table has
    them (status-quo scenarios joined by :func:`~huaian_forecast.analysis.join_model_spread`;
    a nowcast's own range over its assumptions). Text columns: no cell is a formula.
    """
    from huaian_forecast.assessment import STATUS_QUO_ONLY

    base = summary_table(assessments, lang=lang, baseline=baseline)
    word = "标签" if lang == "zh" else "label"
    span = "模型范围（%）" if lang == "zh" else "range across models (%)"
    for name, table in assessments.items():
        cols = table[_TARGET_KEY].copy()
        cols["_label"] = [str(code_label(x, lang)) if isinstance(x, str) and x else ""
                          for x in table.get("label", pd.Series([""] * len(table)))]
        simulated = table.get("p_source", pd.Series("", index=table.index)) != "nowcast"
        shown = ("p_trend" in table and table.loc[simulated, "p_trend"].notna().any()
                 and not (table.loc[simulated, "families"] == STATUS_QUO_ONLY).all())
        if shown:
            one = (table["p_models_min"].isna() | table["p_reach"].isna()
                   | (table["p_trend"].isna() & simulated))
            cols["_range"] = np.where(
                one, "", [f"{100 * lo:.1f}-{100 * hi:.1f}" for lo, hi in
                          zip(table["p_models_min"].fillna(0), table["p_models_max"].fillna(0),
                              strict=True)])
        merged = base[_TARGET_KEY].merge(cols, on=_TARGET_KEY, how="left")
        base.insert(len(base.columns) - 1, f"{name} {word}",
                    merged["_label"].fillna("").to_numpy())
        if shown:
            base.insert(len(base.columns) - 1, f"{name} {span}",
                        merged["_range"].fillna("").to_numpy())
    return base
