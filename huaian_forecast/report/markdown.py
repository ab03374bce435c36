"""A Markdown summary a planner can paste into a briefing (Chinese or English)."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import pandas as pd

from huaian_forecast.indicators import INDICATORS
from huaian_forecast.report import tables
from huaian_forecast.report._text import Lang, format_probability, limitations_zh, short_name
from huaian_forecast.report.excel import as_list
from huaian_forecast.simulation import Projection

__all__ = ["format_probability", "markdown_table", "to_markdown"]

_WORDS: dict[str, tuple[str, str]] = {
    "title": ("淮安市科技发展目标达成概率评估", "Will Huai'an reach its S&T targets?"),
    "run": ("情景：{scenarios}；模拟路径 {n:,} 条；随机种子 {seed}；数据指纹 {hash}。",
            "Scenarios: {scenarios}; {n:,} simulated paths; seed {seed}; data hash {hash}."),
    "key": ("要点（{scenario}情景）", "Key findings ({scenario} scenario)"),
    "sentence": ("{year}年{name}目标{op}{thr}：达标概率约{p}（蒙特卡洛误差±{se}个百分点，95%）；"
                 "预测中位数{med}，80%区间{lo}至{hi}。",
                 "{year} {name} target {op} {thr}: probability of reaching it {p} "
                 "(Monte Carlo error ±{se} pct points, 95 %); median {med}, 80% interval {lo} to "
                 "{hi}."),
    "unmodelled": ("尚未模拟、暂不给出概率的目标：{names}。",
                   "Targets not modelled yet (no probability given): {names}."),
    "table": ("目标 × 情景：达标概率（%）", "Targets x scenarios: probability of reaching (%)"),
    "col_target": ("目标", "target"),
    "col_delta": ("较基准（百分点）", "vs baseline (pct points)"),
    "charts": ("图表", "Charts"),
    "caveats": ("说明与局限", "Caveats"),
    "caveat_mc": ("概率来自蒙特卡洛模拟，反映模型设定下的不确定性，不是对结果的保证；"
                  "模型未覆盖的政策变化与外部冲击不在其中。",
                  "Probabilities come from Monte Carlo simulation under the model's "
                  "assumptions; they are not guarantees, and shocks the model does not "
                  "cover are not in them."),
    "provenance": ("数据与可复现性", "Data and reproducibility"),
    "command": ("生成命令：`{command}`", "Produced by: `{command}`"),
    "workbook": ("完整数据见 Excel 工作簿的“运行记录”工作表。",
                 "Full provenance is in the workbook's \"manifest\" sheet."),
}


def _w(key: str, lang: Lang, **fmt: object) -> str:
    zh, en = _WORDS[key]
    return (zh if lang == "zh" else en).format(**fmt)


def _num(value: float, indicator: str) -> str:
    if isinstance(value, float) and math.isnan(value):
        return "—"
    ind = INDICATORS.get(indicator)
    if ind is not None and ind.is_integer:
        return f"{value:,.0f}"
    return f"{value:,.2f}" if abs(value) < 10 else f"{value:,.1f}"


def markdown_table(frame: pd.DataFrame, *, digits: int = 1) -> str:
    """Render a DataFrame as a GitHub-flavoured Markdown table (no extra dependency)."""
    def cell(v: object) -> str:
        if isinstance(v, float):
            return "—" if math.isnan(v) else f"{v:,.{digits}f}"
        return str(v).replace("|", "\\|")

    head = "| " + " | ".join(str(c) for c in frame.columns) + " |"
    rule = "|" + "|".join("---" for _ in frame.columns) + "|"
    body = ["| " + " | ".join(cell(v) for v in row) + " |"
            for row in frame.itertuples(index=False)]
    return "\n".join([head, rule, *body])


def _with_unit(value: float, indicator: str, lang: Lang) -> str:
    """Format a threshold with its unit: ``1,000家`` / ``1,000 firms``, ``2.50%``, ``200.0亿元``."""
    num = _num(value, indicator)
    unit = tables.unit_label(indicator, lang)
    if unit in ("%", "percent"):
        return f"{num}%"
    if lang == "zh" or not unit:
        return f"{num}{unit}"
    return f"{num} ({unit})" if " " in unit else f"{num} {unit}"


def _compact_summary(summary: pd.DataFrame, names: Sequence[str], lang: Lang) -> pd.DataFrame:
    """Summary for the briefing: name, year, target, one column per scenario, deltas, note."""
    ops = summary["direction"].map({"at_least": "≥", "at_most": "≤"}).fillna("≥")
    out = pd.DataFrame({
        _w("col_target", lang): [f"{n} {y} {op} {_with_unit(t, i, lang)}" for n, y, op, t, i in
                                 zip(summary["name"], summary["year"], ops,
                                     summary["threshold"], summary["indicator"], strict=True)],
    })
    for name in names:
        out[name] = summary[name].to_numpy()
    for col in summary.columns:
        if str(col).startswith("Δ "):
            out[col] = summary[col].to_numpy()
    out[tables.column_label("note", lang)] = summary["note"].to_numpy()
    return out


def _sentences(assessment: pd.DataFrame, lang: Lang, years: Sequence[int]) -> list[str]:
    out: list[str] = []
    skipped: list[str] = []
    rows = assessment[assessment["year"].isin(list(years))].sort_values(
        ["year", "indicator"], kind="stable")
    for r in rows.itertuples(index=False):
        op = ("≥" if r.direction == "at_least" else "≤")
        base = {"year": r.year, "name": short_name(r.indicator, lang), "op": op,
                "thr": _with_unit(r.threshold, r.indicator, lang)}
        if math.isnan(float(r.p_reach)):
            skipped.append(f"{base['name']}（{r.year}）" if lang == "zh"
                           else f"{base['name']} ({r.year})")
            continue
        out.append("- " + _w("sentence", lang, **base, p=format_probability(float(r.p_reach)),
                              se=f"{100 * 1.96 * float(r.p_reach_se):.1f}",
                              med=_num(r.median, r.indicator), lo=_num(r.q10, r.indicator),
                              hi=_num(r.q90, r.indicator)))
    if skipped:
        out.append("- " + _w("unmodelled", lang, names=("、" if lang == "zh" else "; ").join(
            skipped)))
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
        return [f"- {line}" for line in limitations_zh(list(where))]
    return [f"- {note}" if len(names) == len(items) else f"- {', '.join(names)}: {note}"
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
    first = items[0]
    lines = [f"# {_w('title', lang)}", "",
             _w("run", lang, scenarios=", ".join(p.scenario for p in items), n=first.n_paths,
                seed=first.manifest.get("seed"),
                hash=str(first.manifest.get("data_hash", ""))[:12]), "",
             f"## {_w('key', lang, scenario=first.scenario)}", "",
             *_sentences(assessments[first.scenario], lang, milestone_years), ""]
    summary = _compact_summary(tables.summary_table(assessments, lang=lang), list(assessments),
                               lang)
    lines += [f"## {_w('table', lang)}", "", markdown_table(summary),
              "", "Δ = " + _w("col_delta", lang), ""]
    if charts:
        lines += [f"## {_w('charts', lang)}", ""]
        lines += [f"![{c}]({c})" for c in charts] + [""]
    lines += [f"## {_w('caveats', lang)}", "", "- " + _w("caveat_mc", lang)]
    lines += _notes(items, lang)
    lines += ["", f"## {_w('provenance', lang)}", ""]
    if command:
        lines += ["- " + _w("command", lang, command=command)]
    lines += ["- " + _w("workbook", lang), ""]
    return "\n".join(lines)

