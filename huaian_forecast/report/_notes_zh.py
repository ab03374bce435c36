"""The model's English notes as Chinese sentences for planners.

:func:`note_label` translates a note of an analysis table (a nowcast's assumptions, an
observed target, ...) sentence by sentence; :func:`disagreement_zh` writes each reason
the models disagree in Chinese, rebuilt from the row's numbers; :func:`limitations_zh`
turns a projection's technical notes into the limitations a Chinese briefing lists, each
once.
"""

from __future__ import annotations

import math
import re
from collections.abc import Collection
from typing import TYPE_CHECKING, Any

from huaian_forecast.assessment import NOWCAST, SAME_EVERY_SCENARIO
from huaian_forecast.data import REGION_NAMES_ZH
from huaian_forecast.report._text import CODES, Lang, family_name, short_name
from huaian_forecast.report._tier_text import tier_suffix

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["disagreement_reason_zh", "disagreement_zh", "limitations_zh", "note_label"]


#: An optional tier after a threshold, `` (floor)`` / `` (stretch)``: its group is shown as
#: ``（确保）`` / ``（力争）``, and as a space where the target is single (:func:`note_label`).
_TIER = r"(?P<tier> \((?:floor|stretch)\))?"

#: Sentences that analysis notes are made of (regex -> Chinese, with the groups).
_NOTE_PARTS_ZH: tuple[tuple[str, str], ...] = (
    (r"^observed in the history: (\S+) \(met\)$", "历史数据中已有观测值：{0}（已达成）"),
    (r"^observed in the history: (\S+) \(not met\)$", "历史数据中已有观测值：{0}（未达成）"),
    (r"^year outside (\d{4})-(\d{4})$", "不在模拟年份（{0}—{1}年）之内"),
    (r"the year-to-date file states an annual target of (\S+), this target (\S+)$",
     "年内进度文件所列年度目标为 {0}，此处目标为 {1}"),
    (r"annual target (\S+)" + _TIER + r" from the targets \(the year-to-date file states "
     r"none\)$", "年度目标 {0}{1}取自目标文件（年内进度文件未列年度目标）"),
    (r"annual target (\S+)" + _TIER + r" from the targets \(the year-to-date file states "
     r"(\S+)\)$", "年度目标 {0}{1}取自目标文件（年内进度文件所列为 {2}）"),
    (r"^target of another region: (.+) \(this projection simulates (.+)\)$",
     "{0}的目标：本次模拟的是{1}，未评估"),
    (r"seasonal share ([\d.]+)-([\d.]+): assumption: high-tech enterprise applications "
     r"are submitted in batches[^;]*",
     "假设：截至该日已完成全年的 {0}–{1}（季节占比；高企申报分批提交，截至6月提交多少未公布，"
     "故范围有意放宽）"),
    (r"seasonal share ([\d.]+)-([\d.]+): assumption: the bureau's report \(2024-06-14, "
     r"section 四\(一\)\) says 400-odd technology projects[^;]*",
     "假设：截至该日已完成全年的 {0}–{1}（季节占比；工作报告称每年有400多个科技型项目落地，"
     "而2024年5月底为110个，若与往年相同，5月底只完成全年约0.27，故范围从均匀累计的一半到"
     "其1.2倍）"),
    (r"seasonal share ([\d.]+)-([\d.]+): assumption centred on even accrual, \+-20 %; one "
     r"year to compare with[^;]*",
     "假设：截至该日已完成全年的 {0}–{1}（季节占比，以全年均匀累计为中心、上下20%；2023年"
     "同期占比不超过0.458，即偏前的上半段在2023年不成立，但一年的数据不足以确定另一年的"
     "进度，故保留该范围；若以0.458为上限，预估概率接近1）"),
    (r"seasonal share ([\d.]+)-([\d.]+): [^;]*",
     "假设：截至该日已完成全年的 {0}–{1}（季节占比，以全年均匀累计为中心的不确定范围）"),
    (r"rest-of-year growth keeps ([\d.]+) of the year-to-date log growth and reverts the "
     r"rest to ([\d.]+%) \(assumptions\)",
     "假设：余下时间保留年初至今增速（对数）的 {0}，其余回归到 {1}"),
    (r"no year-on-year growth: the rest of the year follows the year's pace",
     "未公布同比增速：余下时间按年初至今的进度推算"),
    (r"log s\.d\. of the rest of the year ([\d.]+) \(an assumption\)",
     "余下时间增速的对数标准差 {0}（假设值）"),
    (r"the rest of the year grows like the year so far \(log s\.d\. ([\d.]+), an "
     r"assumption\)", "假设：余下时间的增速与年初至今相同（对数标准差 {0}，为假设值）"),
    (r"no year-on-year growth published: no nowcast", "未公布同比增速，不做全年预估"),
    (r"nowcast from the year-to-date ([\d.]+) on (\d{4}-\d{2}-\d{2})",
     "按 {1} 的年初至今累计值 {0} 推算全年"),
    (r" \(([+-][\d.]+%) on a year earlier\)", "（同比 {0}）"),
    (r"the simulation \(which does not use this figure\) gave ([\d.]+)",
     "模拟（未用该项年内数据）给出 {0}"),
    (re.escape(SAME_EVERY_SCENARIO)
     + r" \(--no-ytd or year_to_date=False for the simulation's difference\)",
     CODES[SAME_EVERY_SCENARIO][0] + "（--no-ytd 或 year_to_date=False 可看模拟给出的情景差异）"),
    (r"reached at the low end of the range", "在取值范围的下限即已达标"),
    (r"not reachable within range(?! \[)", "在取值范围内无法达到"),
    (r"the target is not reachable on the grid", "网格上的组合都达不到目标"),
    (r"(\w+) has no unit cost", "{0} 没有单位成本"),
    (r"no least-cost point: ", "没有成本最低的组合："),
    (r"not reachable within range \[([^,]+), ([^\]]+)\]: p_reach at the high end is "
     r"([\d.]+)", "在取值范围 [{0}, {1}] 内无法达到：取上限时达标概率为 {2}"),
    (r"p_reach is not monotone in this lever: the value is the first crossing",
     "达标概率随该杠杆的变化不单调：给出的是首次达到要求的取值"),
    (r"p_reach falls as this lever rises \(([\d.]+) at (\S+), ([\d.]+) at (\S+)\): less of "
     r"it, not more, moves this target",
     "达标概率随该杠杆增加而下降（取 {1} 时为 {0}，取 {3} 时为 {2}）：减少而非增加该杠杆"
     "才推动此目标"),
    (r"at most (\S+): p is the probability of staying at or below it \(a pace above 1 runs "
     r"over the cap\)", "不高于 {0}：概率为全年不超过该值的概率（序时进度高于1即超出上限）"),
    (r"cost depends on the simulated number of expiring certificates; not computed",
     "成本取决于模拟的到期证书数量，未计算"),
    (r"this lever does not move this target in the model: p_reach stays at ([\d.]+) over "
     r"\[([^,]+), ([^\]]+)\] \(within Monte Carlo error\)",
     "该杠杆在模型中不影响此指标：在取值范围 [{1}, {2}] 内达标概率始终为 {0}"
     "（在蒙特卡罗误差之内）"),
    (r"no cost data", "无成本数据"),
    (r"(first-order|total-order)(?: and (total-order))? index outside \[0, 1\]: estimator "
     r"noise at n = (\d+), not a share of the variance; use a larger n \(e\.g\. (\d+)\)",
     "指数超出 [0, 1]：为 n = {2} 时的估计误差，并非方差占比；请加大 n（如 {3}）"),
    (r"x refined by bisection between grid values (\S+) and (\S+) with y held at (\S+): "
     r"(\S+) reaches p, (\S+) falls short",
     "x 已二分细化（在网格值 {0} 与 {1} 之间，y 固定为 {2}）：{3} 达到要求，{4} 未达到"),
    (r"x kept at the upper of grid values (\S+) and (\S+) with y held at (\S+): "
     r"(\S+) reaches p, (\S+) falls short",
     "x 保持为网格值 {1}（在 {0} 与 {1} 之间二分，y 固定为 {2}）：{3} 达到要求，{4} 未达到"),
    (r"x at the grid value (\S+), reaching p with y held at (\S+)",
     "x 取网格值 {0}，y 固定为 {1} 时已达到要求"),
    (r"x at the grid's low end \(([^)]+)\)", "x 为网格下限（{0}）"),
    (r"y searched at x = (\S+) on its lattice as solve searches it \((\d+) values over "
     r"\[([^,]+), ([^\]]+)\], then bisection\): (\S+) reaches p \(([\d.]+)\)",
     "y 在 x = {0} 处按可设定的取值搜索（与 solve 相同：[{2}, {3}] 上 {1} 个取值，再二分）："
     "{4} 达到要求（{5}）"),
    (r"y searched at x = (\S+) at the first grid value reaching p: (\S+) reaches p "
     r"\(([\d.]+)\)", "y 在 x = {0} 处取首个达到要求的网格值：{1}（{2}）"),
    (r"y at the low end of its range \(([^)]+)\) at x = (\S+), reaching p \(([\d.]+)\)",
     "y 在 x = {1} 处取其范围下限（{0}）即达到要求（{2}）"),
    (r", (\S+) falls short \(([\d.]+)\)", "，{0} 未达到（{1}）"),
    (r", the low end of the range", "，为取值范围下限"),
    (r"expected reward payout \(paid per successful [^,]+, at a ([\d.]+) % pass rate\)",
     "预期奖补支出（按通过后兑现、通过率 {0}% 计）"),
)


def note_label(note: object, lang: Lang) -> object:
    """Display form of a note: a code (:data:`CODES`) or known sentences, in ``lang``.

    Known sentences are translated wherever they occur in the note; the rest is kept as
    written, with ``"; "`` separators shown as ``；``.

    Examples
    --------
    >>> note_label("nowcast from the year-to-date 48 on 2024-06-19", "zh")
    '按 2024-06-19 的年初至今累计值 48 推算全年'
    >>> note_label("observed in the history: 950 (met)", "zh")
    '历史数据中已有观测值：950（已达成）'
    """
    if lang != "zh" or not isinstance(note, str):
        return note
    if note in CODES:
        return CODES[note][0]
    text = note

    def sentence(zh: str) -> Any:
        def fill(match: re.Match[str]) -> str:
            # a group naming a region is shown by its Chinese name
            groups = [REGION_NAMES_ZH.get(g, g) for g in match.groups()]
            if "tier" in match.re.groupindex:  # (_TIER) 确保 / 力争, or none
                tier = match.group("tier")
                groups[match.re.groupindex["tier"] - 1] = (
                    tier_suffix(tier.strip(" ()"), "zh") if tier else " ")
            return zh.format(*groups)
        return fill

    for pattern, zh in _NOTE_PARTS_ZH:
        text = re.sub(pattern, sentence(zh), text)
    return text.replace("; ", "；")


def disagreement_zh(table: pd.DataFrame, *, trend: bool = False) -> pd.DataFrame:
    """Return ``table`` with each ``disagreement`` written in Chinese (built from its columns).

    A wide table shows the column itself; its English sentence is rebuilt from the row's
    numbers and growth families (:func:`disagreement_reason_zh`), as the compact view's
    lines are. ``trend``: the assessed paths are the trend ensemble's (``assess --method
    trend``), named so instead of the scenario model.
    """
    if "disagreement" not in table:
        return table
    out = table.copy()
    out["disagreement"] = [
        disagreement_reason_zh(r, trend=trend) if isinstance(text, str) and text else text
        for r, text in zip(out.itertuples(index=False), out["disagreement"], strict=True)]
    return out


def disagreement_reason_zh(r: Any, *, trend: bool = False) -> str:
    """Return the one-line reason of a disagreement in Chinese.

    The growth families at both ends are the row's ``family_min`` / ``family_max`` with
    ``p_family_min`` / ``p_family_max`` (:func:`~huaian_forecast.analysis.
    with_model_spread`); ``trend``: the assessed paths are the trend ensemble's.
    ``r``: a row as :meth:`pandas.DataFrame.itertuples` gives it.
    """
    p, lo, hi = float(r.p_reach), float(r.p_models_min), float(r.p_models_max)
    if getattr(r, "p_source", "") == NOWCAST:
        sim = float(getattr(r, "p_before_ytd", math.nan))
        before = f"；不含年内数据的模拟为{sim:.2f}" if math.isfinite(sim) else ""
        return f"年内预估{p:.2f}，各项假设下{lo:.2f}至{hi:.2f}：年内数据尚不足以定论{before}"
    low, high = getattr(r, "family_min", None), getattr(r, "family_max", None)
    p_low = float(getattr(r, "p_family_min", math.nan))
    p_high = float(getattr(r, "p_family_max", math.nan))
    model = "趋势集成" if trend else "情景模型"
    basis = getattr(r, "range_basis", "")
    which = "各增长模型（加上情景作用）" if isinstance(basis, str) and basis else "各增长模型"
    span = (f"{which}{p_low:.2f}（{family_name(low, 'zh')}）至{p_high:.2f}"
            f"（{family_name(high, 'zh')}）"
            if isinstance(low, str) and isinstance(high, str) and math.isfinite(p_low)
            and math.isfinite(p_high) else f"各模型{lo:.2f}至{hi:.2f}")
    return (f"{model}{p:.2f}，{span}：历史数据太短，无法判断哪种增长形态成立，"
            "请看范围而非单一数字")


#: The model's technical notes (English, in the manifest) as planner sentences in Chinese:
#: (substring of the note, sentence; ``{name}`` is the indicator the note is about). The
#: pattern None stands for the first note about an anchor the manifest lists as carried
#: forward (``carried_forward``: one earlier point, no growth).
_NOTES_ZH: tuple[tuple[str | None, str], ...] = (
    ("extrapolation", "{name}：公开数据只有少数年份，几年之后的路径是趋势外推，而非预测。"),
    ("weighted equally", "{name}：数据不足以区分不同增长模型，各模型等权平均。"),
    ("anchors:", "{origin}的起点取自历史数据；历史数据中没有的起点为假设值或由更早年份推算（见"
                 "工作簿“运行记录”的 anchors）。"),
    ("industrial_output_2023", "{origin}规上工业产值为假设值，它决定项目产值相对于全市工业的"
                               "规模。"),
    ("lever effects", "政策杠杆的效果和多数比率为假设值，每项假设的理由见工作簿“情景输入”表的"
                      "“假设理由”列。"),
    ("is DERIVED per path", "{origin}地区生产总值按每条路径的研发投入除以研发投入强度推算（历史"
                            "数据中没有{origin}GDP）。"),
    ("HTE cohorts", "{cohorts}各批高新技术企业认定数按几何增长重建，使其合计等于{origin}有效"
                    "高企数（批次增长率为假设值或由存量序列估计）。"),
    ("plans vs delivery", "情景中的杠杆是计划而非实际完成：计划增量只按“完成度”"
                          "（不确定因素 delivery_*）部分兑现；工作报告可作两种理解的表述"
                          "（如“申报企业500家以上”是否含重新认定）两种理解都按权重纳入模型。"),
    ("money scales", "重特大项目研发、奖补和项目产值按{origin}价格计，随名义GDP和工业规模增长；项目"
                     "分批到位，经济放缓时到位更少，新增研发逐年衰减。"),
    ("HTE status quo", "现状情景下高企首次申报数按本地区有效高企数的历史增速（或各地区校准的增速）"
                       "继续增长，并逐年放缓。"),
    ("key labs 2023 counted as 6", "省级以上重点实验室的起点按6个计（工作报告：建有省重点实验室"
                                   "6个）；新引进的2个全国重点实验室和3个省部级实验室未计入，与2025年目标6个"
                                   "相符；若计入（11个），2030年和2035年目标的达标概率会明显提高"
                                   "（可在情景的 [uncertainties] 中设定 key_labs_2023 查看）。"),
    (None, "{name}：起点年没有数据，历史数据中只有一个可用的点，起点水平沿用"
                             "该点的数值，没有计入其间的变化（增长中的指标因此偏低）；补充更早"
                             "年份的数据可改善。"),
    ("too few for the calibrations across regions", "历史数据中的地区太少，无法做跨地区校准（研发"
                                                   "强度追赶、高新产业占比斜率、高企增量）：改用本"
                                                   "地区趋势或假设增速；命令行会自动补充内置的参考"
                                                   "地区数据。"),
    ("rd status quo", "现状情景下研发投入强度按本地区趋势或跨地区“追赶”回归（强度越低增长越快）"
                      "增长，已包含现状下的各项政策。"),
)


#: The structural models' note naming their origin (``simulation`` writes it).
_ORIGIN_NOTE = re.compile(r"origin (?P<origin>\d{4}) \((?P<region>[^)]*)\): the models start "
                          r"in (?P<first>\d{4})")


def _origin_years(notes: list[str]) -> dict[str, str]:
    """Return the origin year and its cohort years as the Chinese notes write them.

    Read from the origin note; without one (the trend method), "the origin year".
    """
    for note in notes:
        if (start := _ORIGIN_NOTE.match(note)) is not None:
            origin = int(start["origin"])
            return {"origin": f"{origin}年", "cohorts": f"{origin - 2}—{origin}年"}
    return {"origin": "起点年", "cohorts": "起点年及之前两年"}


def limitations_zh(notes: list[str], carried_forward: Collection[str] = ()) -> list[str]:
    """Translate the model's notes into Chinese sentences for planners, each once.

    Notes that only concern model fitting details (families excluded for too few
    observations and the like) are counted, not repeated: the English originals stay in
    the workbook's manifest sheet. ``carried_forward``: the anchors whose origin level is
    one earlier point carried forward (the manifests' ``carried_forward``); the first
    note about each (``anchor key_labs_2023: ...``, ``GDP 2024 from the history ...``)
    becomes the sentence that says so.

    Examples
    --------
    >>> lines = limitations_zh([
    ...     "tech_contracts (trend): linear implies 45% growth a year; beyond a few years its "
    ...     "paths are extrapolation, not a forecast",
    ...     "tech_contracts (trend): damped excluded: needs >= 6 observations"])
    >>> print(lines[0])
    技术合同成交额：公开数据只有少数年份，几年之后的路径是趋势外推，而非预测。
    >>> print(lines[1])
    另有 1 条模型拟合的技术说明（英文）见工作簿“运行记录”工作表。
    """
    out: list[str] = []
    technical = 0
    years = _origin_years(notes)
    pending = {k.removesuffix("_2023").lower() for k in carried_forward}
    for note in notes:
        if (start := _ORIGIN_NOTE.match(note)) is not None:
            region = REGION_NAMES_ZH.get(start["region"], start["region"])
            text = (f"起点为{start['origin']}年（{region}在历史数据中最后有数据的年份），"
                    f"模型从{start['first']}年开始模拟；起点年没有数据的指标由更早年份推算。")
            if text not in out:
                out.append(text)
            continue
        key = note.removeprefix("anchor ").split(" ", 1)[0].split(":", 1)[0]
        name = short_name(key.removesuffix("_2023"), "zh")
        anchor = key.removesuffix("_2023").lower()
        for pattern, sentence in _NOTES_ZH:
            if (anchor in pending) if pattern is None else (pattern in note):
                if pattern is None:  # the anchor's first note only
                    pending.discard(anchor)
                text = sentence.format(name=name, **years)
                if text not in out:
                    out.append(text)
                break
        else:
            technical += 1
    if technical:
        out.append(f"另有 {technical} 条模型拟合的技术说明（英文）见工作簿“运行记录”工作表。")
    return out
