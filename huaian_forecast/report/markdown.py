"""A Markdown summary a planner can paste into a briefing (Chinese or English)."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import pandas as pd

from huaian_forecast.assessment import (
    ONE_MODEL,
    RANGE_MODELS,
    STATUS_QUO_ONLY,
    nowcast_rows,
    range_kind,
)
from huaian_forecast.data import tiers_of
from huaian_forecast.report import tables
from huaian_forecast.report._notes_zh import limitations_zh
from huaian_forecast.report._sanitize import code_span, markdown_text
from huaian_forecast.report._target_facts import tier_suffix, unsimulated_targets
from huaian_forecast.report._text import (
    Lang,
    code_label,
    format_probability,
    format_value,
    pick,
    short_name,
)
from huaian_forecast.report._uncertainty import mc_error, model_range
from huaian_forecast.report._ytd_dates import row_as_of, with_ytd_dates
from huaian_forecast.report.excel import as_list, first_region
from huaian_forecast.report.summary_sheet import summary_table
from huaian_forecast.simulation import Projection

__all__ = ["format_probability", "markdown_table", "to_markdown"]

_WORDS: dict[str, tuple[str, str]] = {
    "title": ("淮安市科技发展目标达成概率评估", "Will Huai'an reach its S&T targets?"),
    "run": ("情景：{scenarios}；模拟路径 {n:,} 条；随机种子 {seed}；数据指纹 {hash}。",
            "Scenarios: {scenarios}; {n:,} simulated paths; seed {seed}; data hash {hash}."),
    "scenarios": ("情景说明", "Scenarios"),
    "key": ("要点（{scenario}情景）", "Key findings ({scenario} scenario)"),
    "sentence": ("{year}年{name}目标{op}{thr}：达标概率约{p}{src}{range}；判断：{label}。"
                 "预测中位数{med}，80%区间{lo}至{hi}{mc}。{why}",
                 "{year} {name} target {op} {thr}: probability of reaching it {p}{src}{range}; "
                 "{label}. Median {med}, 80% interval {lo} to {hi}{mc}.{why}"),
    "mc": ("（蒙特卡洛误差±{se}个百分点，95%）", " (Monte Carlo error ±{se} pct points, 95 %)"),
    "range": ("（模型范围{lo}至{hi}）", " (range across models {lo} to {hi})"),
    "range_nowcast": ("（各项假设下{lo}至{hi}）", " (range across its assumptions {lo} to {hi})"),
    "one_model": ("（仅一个模型，无可比较的增长模型）",
                  " (one model only: no growth family to compare)"),
    "nowcast": ("（由年内进度数据推算）", " (nowcast from the year-to-date figures)"),
    "nowcast_dated": ("（由截至 {as_of} 的年内进度数据推算）",
                      " (nowcast from the year-to-date figure as of {as_of})"),
    "status_quo_only": ("（模型范围：仅现状情景）", " (model range: status quo only)"),
    "status_quo_why": ("“仅现状情景”：本情景设定了政策杠杆，而各增长模型外推历史（现状），"
                       "两者之差是政策的作用而非模型分歧，故模型范围只对现状情景给出。",
                       "'Status quo only': this scenario sets levers and the growth families "
                       "extrapolate the history (the status quo), so their distance from it "
                       "is the plan's effect, not a disagreement; the model range is given "
                       "for status-quo scenarios only."),
    "range_levers": ("（模型范围{lo}至{hi}，各增长模型已加上本情景的作用）",
                     " (range across models {lo} to {hi}, the growth families with the "
                     "scenario's effect added)"),
    "levers_why": ("政策情景的模型范围：各增长模型外推的是现状，故先给每个增长模型加上情景模型中"
                   "本情景的作用（本情景减去现状情景的达标概率，同一批路径，为概率尺度上的近似）"
                   "再读范围；本情景几乎不影响的目标保留其现状的模型分歧。",
                   "A plan scenario's range across models: the growth families extrapolate "
                   "the status quo, so each gets the scenario's effect in the scenario model "
                   "(its probability minus the status quo's, same paths; an approximation on "
                   "the probability scale) added before the range is read; a target the "
                   "scenario hardly moves keeps the disagreement of its status quo."),
    "why_models": ("模型分歧：情景模型与各增长模型给出的概率从{lo}到{hi}，历史数据太短，"
                   "无法判断哪种增长形态成立，请看范围而非单一数字。",
                   " Models disagree: the scenario model and the growth families give "
                   "{lo} to {hi}; the short history cannot tell which growth shape holds, so "
                   "read the range, not one number."),
    "why_nowcast": ("结论未定：年内预估在季节分布与全年增速的不同假设下从{lo}到{hi}。",
                    " Not settled yet: the nowcast gives {lo} to {hi} across its assumptions "
                    "(seasonal share, rest-of-year growth)."),
    "caveat_pm": ("“±”仅为蒙特卡洛误差（模拟路径数有限造成的误差，95%），不代表结论的精确程度；"
                  "模型与假设带来的不确定性见“模型范围”：情景模型与用同一历史数据拟合的各增长模型"
                  "（年内预估：各项假设取其合理范围两端）给出的达标概率的最低至最高值。",
                  "\"±\" is the Monte Carlo error only (from the finite number of simulated "
                  "paths, 95 %) and says nothing about how precise the answer is; the "
                  "uncertainty from models and assumptions is the \"range across models\": the "
                  "lowest to highest probability from the scenario model and every growth "
                  "family fitted to the same history (for a nowcast: each assumption at an end "
                  "of its plausible range)."),
    "caveat_labels": ("判断规则：达标概率≥70%为“进度正常”，30%–70%为“有望达成”，<30%为“需加快”；"
                      "模型范围同时跨越30%与70%时为“模型分歧”。",
                      "Labels follow the probability: on track at 70 % or more, within reach "
                      "from 30 % to 70 %, needs acceleration below 30 %; \"models disagree\" "
                      "when the range across models runs from below 30 % to 70 % or more."),
    "table": ("目标 × 情景：达标概率（%）", "Targets x scenarios: probability of reaching (%)"),
    "col_target": ("目标", "target"),
    "col_delta": ("较基准（百分点）", "vs baseline (pct points)"),
    "col_ranges": ("；括号内为该情景的模型范围（%，各增长模型的现状加该情景的效应；"
                   "{first}的见上文要点）",
                   "; in brackets a scenario's own range across models (%, each growth "
                   "family's status quo plus the scenario's effect; {first}'s is in the key "
                   "points above)"),
    "charts": ("图表", "Charts"),
    "caveats": ("说明与局限", "Caveats"),
    "caveat_mc": ("概率来自蒙特卡洛模拟，反映模型设定下的不确定性，不是对结果的保证；"
                  "模型未覆盖的政策变化与外部冲击不在其中。",
                  "Probabilities come from Monte Carlo simulation under the model's "
                  "assumptions; they are not guarantees, and shocks the model does not "
                  "cover are not in them."),
    "provenance": ("数据与可复现性", "Data and reproducibility"),
    "command": ("生成命令：{command}", "Produced by: {command}"),
    "workbook": ("完整数据见 Excel 工作簿的“运行记录”工作表。",
                 "Full provenance is in the workbook's \"manifest\" sheet."),
}


def _w(key: str, lang: Lang, **fmt: object) -> str:
    return pick(_WORDS, key, lang, **fmt)


def _ytd(items: Sequence[Projection], lang: Lang) -> list[str]:
    """Return the line naming the run's year-to-date figures and a blank, or nothing."""
    line = tables.ytd_line(items, lang)
    return [] if line is None else [markdown_text(line), ""]


def markdown_table(frame: pd.DataFrame, *, digits: int = 1) -> str:
    """Render a DataFrame as a GitHub-flavoured Markdown table (no extra dependency).

    Text cells and headers are literal (:func:`~huaian_forecast.report._sanitize.
    markdown_text`): a ``|``, ``*`` or newline in a name cannot change the table.
    """
    def cell(v: object) -> str:
        if isinstance(v, float):
            return "—" if math.isnan(v) else f"{v:,.{digits}f}"
        return markdown_text(v)

    head = "| " + " | ".join(markdown_text(c) for c in frame.columns) + " |"
    rule = "|" + "|".join("---" for _ in frame.columns) + "|"
    body = ["| " + " | ".join(cell(v) for v in row) + " |"
            for row in frame.itertuples(index=False)]
    return "\n".join([head, rule, *body])


def _with_unit(value: float, indicator: str, lang: Lang) -> str:
    """Format a threshold with its unit: ``1,000家`` / ``1,000 firms``, ``2.50%``, ``200.0亿元``."""
    num = format_value(value, indicator)
    unit = tables.unit_label(indicator, lang)
    if unit in ("%", "percent"):
        return f"{num}%"
    if lang == "zh" or not unit:
        return f"{num}{unit}"
    return f"{num} ({unit})" if " " in unit else f"{num} {unit}"


def _with_ranges(summary: pd.DataFrame, assessments: Mapping[str, pd.DataFrame],
                 names: Sequence[str]) -> pd.DataFrame:
    """Write each later scenario's own range across models after its probability.

    The first scenario's range is in the key points above the table; a scenario that sets
    levers has its own (the growth families' status quo plus its effect), which its label
    is read from: ``86.4 (39–93)``. Rows with another kind of range keep the bare number.
    """
    out = summary.copy()
    keys = [k for k in ("indicator", "year", "threshold", "direction", "tier")
            if k in summary and all(k in assessments[n] for n in names[1:])]
    for name in names[1:]:
        table = assessments[name]
        lo, hi, kinds = model_range(table)
        ranged = {tuple(k): (100 * a, 100 * b) for k, a, b, kind in zip(
            table[keys].itertuples(index=False), lo, hi, kinds, strict=True)
            if kind == RANGE_MODELS}
        out[name] = [f"{p:.1f} ({ranged[k][0]:.0f}–{ranged[k][1]:.0f})"
                     if k in ranged and p == p else p
                     for k, p in zip(summary[keys].itertuples(index=False, name=None),
                                     summary[name], strict=True)]
    return out


def _compact_summary(summary: pd.DataFrame, names: Sequence[str], lang: Lang) -> pd.DataFrame:
    """Summary for the briefing: name, year, target, one column per scenario, deltas, note."""
    ops = summary["direction"].map({"at_least": "≥", "at_most": "≤"}).fillna("≥")
    tiers = tiers_of(summary)
    out = pd.DataFrame({
        _w("col_target", lang): [f"{n} {y} {op} {_with_unit(t, i, lang)}{tier_suffix(k, lang)}"
                                 for n, y, op, t, i, k in
                                 zip(summary["name"], summary["year"], ops,
                                     summary["threshold"], summary["indicator"], tiers,
                                     strict=True)],
    })
    for name in names:
        out[name] = summary[name].to_numpy()
    for col in summary.columns:
        if str(col).startswith("Δ "):
            out[col] = summary[col].to_numpy()
    out[tables.column_label("note", lang)] = summary["note"].to_numpy()
    return out


#: The columns :func:`~huaian_forecast.assessment.range_kind` reads.
_RANGE_FIELDS = ("p_reach", "p_models_min", "p_models_max", "p_source", "families", "p_trend")


def _range_parts(r: object, lang: Lang, nowcast: bool) -> dict[str, str]:
    """Return the model range, nowcast mark, label and reason of one assessment row.

    ``nowcast``: the row's probability is the year-to-date nowcast
    (:func:`~huaian_forecast.assessment.nowcast_rows`).
    """
    lo, hi = float(getattr(r, "p_models_min", math.nan)), float(getattr(r, "p_models_max",
                                                                          math.nan))
    label = str(getattr(r, "label", "") or "")
    as_of = row_as_of(r)  # the row's own figure's date (report._ytd_dates)
    src = (_w("nowcast_dated", lang, as_of=as_of) if as_of else _w("nowcast", lang)) \
        if nowcast else ""
    parts = {"src": src, "range": "", "why": "",
             "label": str(code_label(label, lang)) if label else (
                 "—" if lang == "zh" else "no label")}
    kind = range_kind({k: getattr(r, k) for k in _RANGE_FIELDS if hasattr(r, k)})
    if kind == STATUS_QUO_ONLY:
        parts["range"] = _w("status_quo_only", lang)
        return parts
    if not kind:
        return parts
    fmt = {"lo": format_probability(lo), "hi": format_probability(hi)}
    one_model = kind == ONE_MODEL
    basis = getattr(r, "range_basis", "")
    levers = isinstance(basis, str) and bool(basis)  # a plan's: its effect added
    parts["range"] = (_w("one_model", lang) if one_model
                      else _w("range_nowcast" if nowcast else
                              "range_levers" if levers else "range", lang, **fmt))
    if label == "models disagree":
        parts["why"] = _w("why_nowcast" if nowcast else "why_models", lang, **fmt)
    return parts


def _sentences(assessment: pd.DataFrame, lang: Lang, years: Sequence[int],
               n_paths: int | None, region: str) -> list[str]:
    out: list[str] = []
    rows = assessment[assessment["year"].isin(list(years))].sort_values(
        ["year", "indicator"], kind="stable")
    for r, nowcast in zip(rows.itertuples(index=False), nowcast_rows(rows), strict=True):
        op = ("≥" if r.direction == "at_least" else "≤")
        base = {"year": r.year, "name": short_name(r.indicator, lang), "op": op,
                "thr": _with_unit(r.threshold, r.indicator, lang)
                + tier_suffix(getattr(r, "tier", "single"), lang)}
        if math.isnan(float(r.p_reach)):  # listed after the others
            continue
        mc = "" if nowcast else _w(
            "mc", lang,
            se=f"{100 * mc_error(float(r.p_reach), float(r.p_reach_se), n_paths):.1f}")
        out.append("- " + _w("sentence", lang, **base, p=format_probability(float(r.p_reach)),
                              mc=mc, **_range_parts(r, lang, bool(nowcast)),
                              med=format_value(r.median, r.indicator),
                              lo=format_value(r.q10, r.indicator),
                              hi=format_value(r.q90, r.indicator)))
    out += ["- " + line for line in unsimulated_targets(rows, lang, region=region)]
    if "families" in rows and (rows["families"] == STATUS_QUO_ONLY).any():
        out.append("- " + _w("status_quo_why", lang))  # once, not on every bullet
    if "range_basis" in rows and (rows["range_basis"].fillna("") != "").any():
        out.append("- " + _w("levers_why", lang))
    return out


def _notes(items: Sequence[Projection], lang: Lang = "en") -> list[str]:
    """Model notes once each; scenarios named only when a note is not common to all.

    In Chinese the notes become planner sentences (:func:`limitations_zh`); the English
    originals stay in the workbook's manifest sheet.
    """
    where: dict[str, list[str]] = {}
    for p in items:
        for note in p.manifest.get("notes", []):
            where.setdefault(str(note), []).append(p.scenario)
    if lang == "zh":
        carried = [k for p in items for k in p.manifest.get("carried_forward", [])]
        return [f"- {markdown_text(line)}" for line in limitations_zh(list(where), carried)]
    return [f"- {markdown_text(note)}" if len(names) == len(items)
            else f"- {', '.join(markdown_text(n) for n in names)}: {markdown_text(note)}"
            for note, names in where.items()]


def to_markdown(projections: Projection | Sequence[Projection], *,
                targets: pd.DataFrame | None = None, lang: Lang = "zh",
                charts: Sequence[str] = (), command: str = "",
                milestone_years: Sequence[int] = (2024, 2025, 2030, 2035),
                assessments: Mapping[str, pd.DataFrame] | None = None) -> str:
    """Return a briefing-ready Markdown summary of one or several scenario projections.

    Parameters
    ----------
    projections : Projection or sequence of Projection
        One projection per scenario; the first one's key findings are written out.
    targets : DataFrame, optional
        Targets table (default: :func:`~huaian_forecast.load_targets`).
    lang : {"zh", "en"}
        Language of the text.
    charts : sequence of str
        Relative paths of chart images to link.
    command : str
        The command that produced the results (for reproducibility).
    milestone_years : sequence of int
        Target years written out as sentences.
    assessments : mapping of str to DataFrame, optional
        The projections' assessments keyed by scenario name, when the caller has them.

    Returns
    -------
    str
        Markdown text: title, run facts, key findings, targets x scenarios table, charts,
        caveats (incl. the model's notes) and provenance.

    Raises
    ------
    ArgumentError
        If there is no projection or two share a scenario name.
    """
    items = as_list(projections)  # one or more, unique scenario names
    if assessments is None:
        from huaian_forecast.data import load_targets

        targets = load_targets() if targets is None else targets
        assessments = tables.assess_all(items, targets)
    assessments = with_ytd_dates(assessments, items)  # each nowcast row's figure's date
    first = items[0]
    lines = [f"# {_w('title', lang)}", "",
             _w("run", lang, scenarios=", ".join(markdown_text(p.scenario) for p in items),
                n=first.n_paths,
                seed=first.manifest.get("seed"),
                hash=str(first.manifest.get("data_hash", ""))[:12]), "",
             *_ytd(items, lang),
             f"## {_w('scenarios', lang)}", "",
             *(f"- **{markdown_text(name)}**{'：' if lang == 'zh' else ': '}"
               f"{markdown_text(text)}"
               for name, text in tables.scenario_descriptions(items, lang)), "",
             f"## {_w('key', lang, scenario=markdown_text(first.scenario))}", "",
             *_sentences(assessments[first.scenario], lang, milestone_years, first.n_paths,
                         first.region),
             ""]
    names = list(assessments)
    summary = _compact_summary(_with_ranges(summary_table(
        assessments, lang=lang, region=first_region(items, assessments)),
                                            assessments, names), names, lang)
    lines += [f"## {_w('table', lang)}", "", markdown_table(summary),
              "", "Δ = " + _w("col_delta", lang)
              + (_w("col_ranges", lang, first=markdown_text(names[0]))
                 if len(names) > 1 else ""), ""]
    if charts:
        lines += [f"## {_w('charts', lang)}", ""]
        lines += [f"![{c}]({c})" for c in charts] + [""]
    lines += [f"## {_w('caveats', lang)}", "", "- " + _w("caveat_mc", lang),
              "- " + _w("caveat_pm", lang), "- " + _w("caveat_labels", lang)]
    lines += _notes(items, lang)
    lines += ["", f"## {_w('provenance', lang)}", ""]
    if command:
        lines += ["- " + _w("command", lang, command=code_span(command))]
    lines += ["- " + _w("workbook", lang), ""]
    return "\n".join(lines)

