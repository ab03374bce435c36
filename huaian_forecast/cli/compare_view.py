"""``compare`` as a planner reads it: one line per target, one column per scenario.

The full table (``--wide``, ``--format json``) has a row per scenario and target with
every column; this view keeps what is compared: each scenario's probability, its change
from the baseline and its label, the range across models beside a status-quo scenario
(where assess shows it), and a footnote saying what the marks mean.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["compare_footnote", "compare_view", "with_status_quo_spread"]

_KEY = ["indicator", "year", "threshold", "direction", "region", "tier"]


def with_status_quo_spread(table: pd.DataFrame, status_quo: Collection[str],
                           spread: pd.DataFrame,
                           paired: Mapping[str, pd.DataFrame] | None = None) -> pd.DataFrame:
    """Join the growth families' range to the rows of every status-quo scenario.

    A scenario in ``status_quo`` (it moves no lever,
    :func:`~huaian_forecast.analysis.changes_levers`) gets ``p_models_min`` /
    ``p_models_max`` and the label assess gives it ("models disagree" where the range
    spans both cut-offs, :func:`~huaian_forecast.analysis.with_model_spread`); a plan
    scenario with its rows at status-quo levers in ``paired`` (same paths) gets the
    range with its effect added to each growth family, as assess gives it; any
    other plan scenario keeps its label. Rows keep their order.
    """
    import pandas as pd

    from huaian_forecast.analysis import with_model_spread
    from huaian_forecast.assessment import nowcast_rows

    parts = []
    paired = paired or {}
    for name, rows in table.groupby("scenario", sort=False):
        if name not in status_quo and name not in paired:
            parts.append(rows)
            continue
        joined = with_model_spread(
            rows.reset_index(drop=True), spread, levers_changed=name in paired,
            status_quo=paired.get(name)).set_axis(rows.index)
        # a nowcast's label comes from its own range (compare's table has only the label)
        now = nowcast_rows(rows, known=False)
        joined.loc[now, "label"] = rows.loc[now, "label"]
        parts.append(joined)
    return pd.concat(parts).loc[table.index]


def compare_view(table: pd.DataFrame, baseline: str, lang: str) -> pd.DataFrame:
    """One row per target; per scenario ``p (Δ) label [range]``.

    ``Δ`` is the change from ``baseline`` (none for the baseline itself and for a nowcast,
    the same in every scenario); ``[lo-hi]`` the range across models where the table has
    one (status-quo scenarios, :func:`with_status_quo_spread`); ``*`` marks a nowcast.
    """
    import pandas as pd

    from huaian_forecast.assessment import NOWCAST
    from huaian_forecast.data import HOME_REGION
    from huaian_forecast.indicators import INDICATORS
    from huaian_forecast.report import code_label, short_name, tier_suffix, unit_label

    zh_en: Any = "zh" if lang == "zh" else "en"
    home = HOME_REGION  # the region the command simulates
    names = list(dict.fromkeys(table["scenario"]))
    first = table[table["scenario"] == names[0]]
    out = pd.DataFrame({
        ("目标" if lang == "zh" else "target"): [
            f"{short_name(str(r.indicator), zh_en)} {int(r.year)} "
            f"{'≥' if r.direction == 'at_least' else '≤'} {_number(r.threshold)}"
            f"{'' if lang == 'zh' else ' '}"
            f"{unit_label(INDICATORS[str(r.indicator)].unit, zh_en)}"
            f"{tier_suffix(r.tier, zh_en)}"
            f"{_whose(str(r.region), home, zh_en)}"
            for r in first.itertuples(index=False)]})
    for name in names:
        rows = table[table["scenario"] == name].set_index(_KEY)
        cells = []
        for r in first.itertuples(index=False):
            key = (r.indicator, r.year, r.threshold, r.direction, r.region, r.tier)
            if key not in rows.index:
                cells.append("-")
                continue
            found = rows.loc[key]  # a target listed twice (two regions) is one frame
            row = found.iloc[0] if isinstance(found, pd.DataFrame) else found
            cells.append(_cell(row, name == baseline, NOWCAST, zh_en, code_label))
        out[name] = cells
    return out


def _whose(region: str, home: str, lang: str) -> str:
    """`` (Suzhou)`` after a target of another region than the one simulated; else empty."""
    if region in ("", "nan", "None", home):
        return ""
    from huaian_forecast.report import region_name

    name = region_name(region, "zh" if lang == "zh" else "en")
    return f"（{name}）" if lang == "zh" else f" ({name})"


def _cell(row: pd.Series, is_baseline: bool, nowcast: str, lang: Any, code_label: Any) -> str:
    import pandas as pd

    from huaian_forecast.assessment import RANGE_MODELS, range_kind

    p = row["p_reach"]
    if pd.isna(p):
        from huaian_forecast.report import note_label

        return str(note_label(str(row.get("note", "") or "not modelled"), lang))
    text = f"{p:.2f}" + ("*" if row.get("p_source") == nowcast else "")
    delta = row.get("delta_p_vs_baseline")
    if not is_baseline and delta is not None and pd.notna(delta):
        text += f" ({delta:+.2f})"
    label = row.get("label")
    if isinstance(label, str) and label:
        text += f" {code_label(label, lang)}"
    if range_kind(row) == RANGE_MODELS:  # not a nowcast's, not one model's own p
        text += f" [{row['p_models_min']:.2f}-{row['p_models_max']:.2f}]"
    return text


def compare_footnote(baseline: str, lang: str, n_paths: int,
                     status_quo: Sequence[str], *, nowcast: bool = True,
                     plans: Sequence[str] = ()) -> str:
    """Say what a cell of :func:`compare_view` holds, wrapped for a terminal.

    ``nowcast``: some row is a nowcast (marked ``*``); else the mark is not explained.
    ``plans``: the plan scenarios whose range carries their effect.
    """
    import textwrap

    text = _footnote(baseline, lang, n_paths, status_quo, plans)
    if not nowcast:
        text = re.sub(r"\*：[^；]*；|\*: nowcast from the year-to-date figures, the same in "
                      r"every scenario; ", "", text)
    if lang == "zh":  # a clause a line: a fixed width would split "[a-b]" and "*："
        return "\n".join(part + "；" for part in text.rstrip("。").split("；")).rstrip("；") + "。"
    return "\n".join(textwrap.wrap(text, 100, break_on_hyphens=False))


def _footnote(baseline: str, lang: str, n_paths: int, status_quo: Sequence[str],
              plans: Sequence[str] = ()) -> str:
    sq, plan = ", ".join(status_quo), ", ".join(plans)
    if lang == "zh":
        return (f"每格：达标概率（{n_paths:,} 条模拟路径中达标的比例）、括号内为较 {baseline} 的"
                "变化、标签；*：由年内进度数据推算（年内预估），各情景相同；"
                + (f"[a-b]：现状情景（{sq}）在情景模型与各增长模型下的概率范围，与 assess 相同；"
                   if sq else "")
                + (f"政策情景（{plan}）的 [a-b]：情景模型与各增长模型加上本情景作用（本情景减去"
                   "现状情景的达标概率，同一批路径，为概率尺度上的近似）后的概率范围，与 assess "
                   "相同；" if plan else "政策情景与现状的差异是杠杆的作用，不是模型分歧；")
                + "全部列：--wide 或 --format json。")
    return (f"each cell: p_reach (share of the {n_paths:,} simulated paths reaching the target), "
            f"(change vs {baseline}), label; *: nowcast from the year-to-date figures, the "
            "same in every scenario; "
            + (f"[a-b]: for the status-quo scenario(s) ({sq}) the range of p_reach across the "
               "scenario model and every growth family, as assess shows it; " if sq else "")
            + (f"[a-b] for the plan scenario(s) ({plan}): the range of p_reach across the "
               "scenario model and every growth family with the scenario's effect in the "
               "scenario model (its p_reach minus the status quo's on the same paths; an "
               "approximation on the probability scale) added, as assess shows it. "
               if plan else
               "a plan scenario's difference from the status quo is the levers' effect, not a "
               "model disagreement. ")
            + "All columns: --wide or --format json.")


def _number(x: float) -> str:
    return f"{x:,.0f}" if float(x).is_integer() else f"{x:g}"
