"""``assess`` as a planner reads it: one short line per target and a footnote.

The full table is ``--wide`` / ``--format json``; this view keeps the probability, the
range across models and the label, and explains them (and each disagreement) below.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["assess_footnote", "compact_assessment", "status_quo_runs"]


_COMPACT_HEADERS = {
    "en": ("indicator", "year", "target", "unit", "median", "80% interval", "p_reach",
           "models (min-max)", "label"),
    "zh": ("指标", "年份", "目标", "单位", "中位数", "80%区间", "达标概率", "模型范围", "判断"),
}

_FOOTNOTE = {
    "en": ("p_reach: share of the {n} simulated paths that reach the target (nowcast rows: "
           "from the year-to-date figures). Its Monte Carlo error is at most +-{mc:.3f} "
           "(95 %) and is not the uncertainty that matters: 'models (min-max)' is the range "
           "of p_reach across the scenario model and every growth family fitted to the same "
           "history (nowcast rows: across the nowcast's assumptions). Label from p_reach: on "
           "track >= 0.7, within reach 0.3-0.7, needs acceleration < 0.3; 'models disagree' "
           "when the range runs from below 0.3 to 0.7 or above."),
    "zh": ("达标概率：{n}条模拟路径中达到目标的比例（“年内预估”行：由年内进度数据推算）。"
           "蒙特卡洛误差至多±{mc:.3f}（95%），并非主要不确定性；“模型范围”为情景模型与各增长模型"
           "（年内预估行：各项假设）给出的达标概率的最低至最高值。判断依据达标概率："
           "≥0.7 进度正常，0.3–0.7 有望达成，<0.3 需加快；模型范围跨越 0.3 与 0.7 两个界限时为"
           "“模型分歧”。"),
}


#: Why a scenario that sets levers has no model range (its ``families`` say so).
_STATUS_QUO_NOTE = {
    "en": (" 'status quo only': this scenario sets levers, and the growth families "
           "extrapolate the history (the status quo): their distance from it is the plan's "
           "effect, not two models disagreeing, so the range is shown for status-quo "
           "scenarios (baseline) only."),
    "zh": ("“仅现状情景”：本情景设定了政策杠杆，而各增长模型外推历史（现状），两者之差是政策的"
           "作用而非模型分歧，故模型范围只对现状情景（baseline）给出。"),
}

#: Added where a plan scenario's range carries its effect (``range_basis``).
_LEVERS_EFFECT_NOTE = {
    "en": (" This scenario sets levers: the growth families extrapolate the status quo, so "
           "each gets the scenario's effect in the scenario model (its p_reach minus the "
           "status quo's, baseline, on the same paths) added before the range is read: an "
           "approximation on the probability scale; a target the scenario hardly moves keeps "
           "the disagreement of its status quo."),
    "zh": ("本情景设定了政策杠杆：各增长模型外推的是现状，故先给每个增长模型加上情景模型中本情景的"
           "作用（本情景的达标概率减去现状情景的达标概率，同一批路径），再读范围；这是概率尺度上"
           "的近似。本情景几乎不影响的目标保留其现状的模型分歧。"),
}


def assess_footnote(table: pd.DataFrame, lang: str, n_paths: int, *, trend: bool = False,
                    ytd_dates: Mapping[str, str] | None = None) -> str:
    """Explain p_reach, its Monte Carlo error, the model range and the label rule.

    ``ytd_dates``: each indicator's year-to-date date (the manifest's
    ``ytd_as_of_by_indicator``); the nowcast rows' figures are dated by it.
    """
    from huaian_forecast.analysis import WITH_LEVERS_EFFECT
    from huaian_forecast.assessment import STATUS_QUO_ONLY, nowcast_rows
    from huaian_forecast.report import mc_error

    sim = table[~nowcast_rows(table, known=False)].dropna(subset=["p_reach", "p_reach_se"])
    # the largest error of any row, where p = 0 or 1 is never stated as exact (the Wilson
    # interval's width); that width when no row has one (a floor the footnote always kept)
    mc = max([mc_error(p, se, n_paths) for p, se in
              zip(sim["p_reach"], sim["p_reach_se"], strict=True)]
             + [mc_error(0.0, 0.0, n_paths)])
    import textwrap

    note = _FOOTNOTE["zh" if lang == "zh" else "en"].format(n=f"{n_paths:,}", mc=mc)
    if "families" in table and (table["families"] == STATUS_QUO_ONLY).any():
        note += _STATUS_QUO_NOTE["zh" if lang == "zh" else "en"]
    if "range_basis" in table and (table["range_basis"] == WITH_LEVERS_EFFECT).any():
        note += _LEVERS_EFFECT_NOTE["zh" if lang == "zh" else "en"]
    if trend:  # the assessed paths are the trend ensemble's
        note = note.replace("the scenario model", "the trend ensemble").replace(
            "情景模型", "趋势集成")
    lines = textwrap.wrap(note, 50 if lang == "zh" else 100)
    dated = _nowcast_dates(table, ytd_dates or {}, lang)
    if dated:
        lines.append(dated)
    if "disagreement" in table:
        from huaian_forecast.report import disagreement_reason_zh, target_name

        for r in table[table["models_disagree"].fillna(False).astype(bool)].itertuples():
            zh_en: Any = "zh" if lang == "zh" else "en"
            reason = (disagreement_reason_zh(r, trend=trend) if lang == "zh"
                      else r.disagreement)
            lines.append(f"  {target_name(r, zh_en)}: {reason}")
    return "\n".join(lines)


def _nowcast_dates(table: pd.DataFrame, dates: Mapping[str, str], lang: str) -> str:
    """Return the line dating the nowcast rows' year-to-date figures ("" if none)."""
    from huaian_forecast.assessment import nowcast_rows
    from huaian_forecast.report import dated_figures

    zh_en: Any = "zh" if lang == "zh" else "en"
    keys = {str(k) for k in table.loc[nowcast_rows(table, known=False), "indicator"]}
    each = dated_figures({k: dates[k] for k in keys if dates.get(k)}, zh_en)
    if not each:
        return ""
    return f"年内进度数据截至：{each}" if lang == "zh" else f"year-to-date figures as of: {each}"

def _number(x: float, key: str = "") -> str:
    """Return a number of the assess table: a count whole (205 firms), others 4 digits.

    From 1,000 on a number is whole too: 4 significant digits would print 10,000 as 1e+04.
    """
    import pandas as pd

    from huaian_forecast.indicators import INDICATORS

    if pd.isna(x):
        return "-"
    count = key in INDICATORS and INDICATORS[key].is_integer
    return f"{x:,.0f}" if count or abs(x) >= 1000 else f"{x:,.4g}"


def compact_assessment(table: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Reduce an assessment to the planner's view: one short line per target.

    ``models (min-max)`` is the range of P(reach) over the assessed projection and every
    growth family fitted to the same history (see
    :func:`huaian_forecast.analysis.model_spread`), or over the nowcast's assumptions for a
    target nowcast from year-to-date figures; a wide range means the answer depends on
    the model more than on the data. The Monte Carlo error is in the footnote (and in
    ``--format json``), not beside the probability, where it read as precision.
    """
    import pandas as pd

    from huaian_forecast.assessment import NOWCAST, ONE_MODEL, STATUS_QUO_ONLY, range_kind
    from huaian_forecast.indicators import INDICATORS
    from huaian_forecast.report import (
        code_label,
        note_label,
        short_name,
        tier_label,
        tier_of,
        unit_label,
    )

    zh_en: Any = "zh" if lang == "zh" else "en"

    num = _number

    def goal(row: Any) -> str:  # the threshold, and its tier where it has one
        word = tier_label(tier_of(row), zh_en)
        return num(row["threshold"]) + (f" {word}" if word else "")

    def prob(p: float, source: object) -> str:
        if pd.isna(p):
            return "-"
        return f"{p:.2f}" + ((" 年内预估" if lang == "zh" else " (nowcast)")
                             if source == NOWCAST else "")

    def span(row: Any) -> str:
        kind = range_kind(row)
        if kind in (STATUS_QUO_ONLY, ONE_MODEL):
            return str(code_label(kind, zh_en))
        if not kind:
            return "-"
        return f"{row['p_models_min']:.2f}-{row['p_models_max']:.2f}"

    def label(row: Any) -> str:
        if isinstance(row.get("label"), str) and row["label"]:
            return str(code_label(row["label"], zh_en))
        return str(note_label(str(row["note"] or ""), zh_en))  # a code or a sentence

    def unit(key: str) -> str:
        return unit_label(INDICATORS[key].unit, zh_en) if key in INDICATORS else ""

    rows = [(short_name(str(r["indicator"]), zh_en), int(r["year"]),
             goal(r), unit(str(r["indicator"])),
             num(r["median"], str(r["indicator"])),
             "-" if pd.isna(r["q10"]) else
             f"{num(r['q10'], str(r['indicator']))}-{num(r['q90'], str(r['indicator']))}",
             prob(r["p_reach"], r.get("p_source")), span(r), label(r))
            for _, r in table.iterrows()]
    return pd.DataFrame(rows, columns=list(_COMPACT_HEADERS[zh_en]))


def status_quo_runs(table: Any, paired: Mapping[str, str] | str | None) -> list[str | None]:
    """Name, per JSON record, the status-quo run its range reads (None where none does).

    A plan scenario's row whose growth families carry its effect (``range_basis``) read a
    status quo simulated with the record's seed and paths, not shown where the run has no
    baseline of its own: its record names it, as its provenance. ``paired``: that run's
    name, one for every row (assess: ``attrs["status_quo_run"]`` of
    :func:`~huaian_forecast.analysis.planner_assessment`), or per row's ``scenario``
    (compare).
    """
    from huaian_forecast.analysis import WITH_LEVERS_EFFECT

    if paired is None or "range_basis" not in table:
        return [None] * len(table)
    scenarios = table["scenario"] if "scenario" in table else [None] * len(table)
    return [(paired if isinstance(paired, str) else paired.get(str(name)))
            if basis == WITH_LEVERS_EFFECT else None
            for name, basis in zip(scenarios, table["range_basis"], strict=True)]
