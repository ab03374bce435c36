"""Chinese and English wording of every label the report shows (one place to edit)."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from huaian_forecast.assessment import (
    NOWCAST,
    ONE_MODEL,
    SAME_EVERY_SCENARIO,
    STATUS_QUO_ONLY,
    WITH_LEVERS_EFFECT,
)
from huaian_forecast.indicators import get_indicator
from huaian_forecast.report._format import (
    Lang,
    format_probability,
    format_range,
    format_value,
    labels_on_left,
)

__all__ = [
    "CODES",
    "COLUMNS",
    "FAMILY_NAMES_ZH",
    "KIND_LABELS",
    "SCENARIO_DESCRIPTIONS_ZH",
    "SHEETS",
    "UNIT_LABELS",
    "Lang",
    "code_label",
    "column_names",
    "family_name",
    "format_probability",
    "format_range",
    "format_value",
    "labels_on_left",
    "localise_columns",
    "region_name",
    "short_name",
    "text",
    "unit_label",
]


_TEXT: dict[str, tuple[str, str]] = {
    "year": ("年份", "Year"),
    "median": ("中位数", "Median"),
    "band": ("{p}% 区间", "{p}% interval"),
    "target": ("目标", "Target"),
    "p_short": ("概率", "P"),
    "models_short": ("各模型", "models"),
    "assumed_short": ("假设范围", "assumptions"),
    "fan_title": ("{name}", "{name}"),
    "fan_subtitle": ("情景：{scenario}，{n:,} 条模拟路径", "scenario: {scenario}, {n:,} paths"),
    "compare_title": ("各情景达标概率", "Probability of reaching each target, by scenario"),
    "compare_ylabel": ("达标概率", "Probability of reaching the target"),
    "model_range": ("模型范围：情景模型与各增长模型\n（计划情景：增长模型现状＋其效应）",
                    "range across models: scenario model, growth\nfamilies (a plan: their "
                    "status quo + its effect)"),
    "assumed_range": ("年内预估的假设范围（非模型）", "range across a nowcast's\nassumptions "
                      "(not models)"),
    "one_model_legend": ("无括线：仅一个模型", "no bracket: one model only"),
    "tornado_title": ("敏感性：{name}，{year}年", "Sensitivity: {name}, {year}"),
    "tornado_low": ("低设定", "low setting"),
    "tornado_high": ("高设定", "high setting"),
    "tornado_base": ("基准", "base"),
    "metric_p_reach": ("达标概率", "probability of reaching the target"),
    "not_modelled": ("未模拟", "not modelled"),
    "not_assessed": ("其他地区目标，未评估", "another region's target, not assessed"),
    "fan_ytd_note": ("★旁注“年内预估”：该年概率由年内进度数据推算；扇形为不含年内数据的模拟",
                     "stars marked nowcast: that year's probability comes from the year-to-date "
                     "figures; the fan is the simulation without them"),
    "fan_ytd_sheet": ("扇形为不含年内数据的模拟；该年目标的达标概率由年内进度数据推算（年内预估）",
                      "the simulation without the year-to-date figures; this year's target "
                      "probability comes from those figures (nowcast)"),
}

#: History kinds as shown in legends.
KIND_LABELS: dict[str, tuple[str, str]] = {
    "exact": ("实际值", "observed"),
    "approx": ("约数（左右/预计）", "approximate"),
    "lower_bound": ("下限（突破/超过）", "lower bound (at least)"),
    "upper_bound": ("上限", "upper bound (at most)"),
    "derived": ("推算值", "derived"),
}

#: Units as shown to people (code -> zh, en); a ``/yr`` suffix reads 每年 / per year.
UNIT_LABELS: dict[str, tuple[str, str]] = {
    "100m_cny": ("亿元", "100 million yuan"),
    "percent": ("%", "%"),
    "firms": ("家", "firms"),
    "labs": ("个", "labs"),
    "projects": ("个", "projects"),
    "contracts": ("项", "contracts"),
    "firm": ("家", "firm"),
    "project": ("个", "project"),
    "point": ("个百分点", "percentage point"),
    "yuan/yuan": ("元/元", "yuan per yuan"),
    "yuan": ("元", "yuan"),
    "fraction": ("小数", "fraction"),
    "probability": ("概率（0-1）", "probability (0-1)"),
    "percentage points": ("百分点", "percentage points"),
}

#: Codes that appear in tables and workbooks (code -> zh, en).
CODES: dict[str, tuple[str, str]] = {
    "at_least": ("不低于", "at least"),
    "at_most": ("不高于", "at most"),
    "floor": ("确保", "floor"),
    "stretch": ("力争", "stretch"),
    "single": ("", "single"),
    "milestone": ("阶段目标", "milestone"),
    "annual": ("年度目标", "annual"),
    "long_term": ("远期目标", "long-term"),
    "lever": ("政策杠杆", "lever"),
    "uncertainty": ("不确定因素", "uncertainty"),
    "exact": ("实际值", "exact"),
    "approx": ("约数", "approximate"),
    "lower_bound": ("下限", "lower bound"),
    "upper_bound": ("上限", "upper bound"),
    "derived": ("推算值", "derived"),
    "high": ("高", "high"),
    "medium": ("中", "medium"),
    "low": ("低", "low"),
    "unknown": ("未知", "unknown"),
    "on track": ("进度正常", "on track"),
    "within reach": ("有望达成", "within reach"),
    "needs acceleration": ("需加快", "needs acceleration"),
    "models disagree": ("模型分歧", "models disagree"),
    "off track": ("偏离目标", "off track"),
    NOWCAST: ("年内预估", "nowcast"),
    "per_success": ("每成功1个", "per success"),
    "per_unit": ("每单位", "per unit"),
    "simulation": ("模拟", "simulation"),
    "not modelled": ("未模拟", "not modelled"),
    STATUS_QUO_ONLY: ("仅现状情景", "status quo only"),
    ONE_MODEL: ("仅一个模型", "one model only"),
    WITH_LEVERS_EFFECT: ("各增长模型的现状概率加上本情景的效果", WITH_LEVERS_EFFECT),
    SAME_EVERY_SCENARIO: ("各情景相同：由年内进度数据而非政策杠杆决定", SAME_EVERY_SCENARIO),
    "not simulated": ("未模拟", "not simulated"),
    "fixed": ("固定值", "fixed"),
    "uniform": ("均匀分布", "uniform"),
    "triangular": ("三角分布", "triangular"),
    "normal": ("正态分布", "normal"),
    "structural": ("结构模型", "structural"),
    "trend": ("趋势模型", "trend"),
    "level": ("水平量", "level"),
    "share": ("占比", "share"),
    "count": ("计数", "count"),
    "ratio": ("比率", "ratio"),
    "set by the scenario": ("情景设定", "set by the scenario"),
    "registry default": ("默认值", "registry default"),
    "True": ("是", "yes"),
    "False": ("否", "no"),
    # the counts of the elapsed share (序时进度), ``convention`` of pace
    "month": ("按月", "month"),
    "day": ("按日", "day"),
}

#: Chinese descriptions of the built-in scenarios (their TOML files describe them in English).
SCENARIO_DESCRIPTIONS_ZH: dict[str, str] = {
    "baseline": "现状：各项政策杠杆保持2023年的力度；不确定因素按登记的分布取值。",
    "plan_2024": ("按科技局2024年计划持续推进至2035年：每年高企申报500家以上、"
                  "入库科技型中小企业1800家以上、新招引科技项目400个、"
                  "新竣工高科技工业项目80个，加大研发奖补并推进规上企业研发活动清零行动。"),
    "accelerated": ("各项杠杆超出2024年计划：到2026年首次申报700家、"
                    "入库科技型中小企业3000家，重新认定全覆盖辅导，每年高科技工业项目120个、"
                    "研发奖补2亿元、重大项目新增研发投入15亿元，"
                    "到2026年规上企业研发活动全覆盖，每年申建3个重点实验室。"),
    "gdp_slowdown": "2024年计划的杠杆，叠加经济放缓：实际GDP年增速1.5%—4.5%，通胀接近零。",
}

#: Sheet names of the workbook.
SHEETS: dict[str, tuple[str, str]] = {
    "summary": ("目标达成概率汇总", "summary"),
    "milestones": ("里程碑目标", "milestones"),
    "fan": ("预测分位数", "fan quantiles"),
    "inputs": ("情景输入", "scenario inputs"),
    "history": ("历史数据", "history used"),
    "manifest": ("运行记录", "manifest"),
}

#: Column names shown to people (internal name -> zh, en).
COLUMNS: dict[str, tuple[str, str]] = {
    "scenario": ("情景", "scenario"),
    "indicator": ("指标代码", "indicator"),
    "name": ("指标", "name"),
    "unit": ("单位", "unit"),
    "year": ("年份", "year"),
    "threshold": ("目标值", "threshold"),
    "threshold_assessed": ("评估时目标值", "threshold assessed"),
    "direction": ("方向", "direction"),
    "tier": ("档次", "tier"),
    "p_reach_pct": ("达标概率（%）", "p_reach (%)"),
    "p_reach_se_pct": ("蒙特卡洛标准误（百分点）", "Monte Carlo s.e. (pct points)"),
    "p_models_min_pct": ("模型范围下限（%）", "lowest p across models (%)"),
    "p_models_max_pct": ("模型范围上限（%）", "highest p across models (%)"),
    "model_range": ("模型范围说明", "model range"),
    "delta_p_pct": ("较基准变化（百分点）", "change vs baseline (pct points)"),
    "q025": ("2.5%分位", "q2.5"), "q10": ("10%分位", "q10"), "q25": ("25%分位", "q25"),
    "median": ("中位数", "median"), "q75": ("75%分位", "q75"), "q90": ("90%分位", "q90"),
    "q975": ("97.5%分位", "q97.5"),
    "note": ("备注", "note"),
    "type": ("类别", "type"),
    "lever": ("政策杠杆/不确定因素", "lever or uncertainty"),
    "setting": ("设定值", "setting"),
    "default": ("默认值", "default"),
    "low": ("下限", "low"),
    "high": ("上限", "high"),
    "source": ("来源", "source"),
    "assumption": ("是否假设", "assumption"),
    "reason": ("假设理由", "reason"),
    "region": ("地区", "region"),
    "value": ("数值", "value"),
    "kind": ("类型", "kind"),
    "confidence": ("可信度", "confidence"),
    "quote": ("原文", "quote"),
    "field": ("项目", "field"),
    "key": ("代码", "key"),
    "display_name": ("名称", "name"),
    "unit_label": ("单位", "unit"),
    "unit_cost_yuan": ("单位成本（元）", "unit cost (yuan)"),
    "cost_paid": ("计价方式", "paid"),
    "distribution": ("分布", "distribution"),
    "description": ("说明", "description"),
    "levers_set": ("设定的政策杠杆", "levers set"),
    "uncertainties_set": ("设定的不确定因素", "uncertainties set"),
    "p_reach": ("达标概率", "p_reach"),
    "p_reach_se": ("达标概率标准误", "p_reach s.e."),
    "p_reach_lo": ("达标概率下限（95%）", "p_reach low (95%)"),
    "p_reach_hi": ("达标概率上限（95%）", "p_reach high (95%)"),
    "q50": ("50%分位", "q50"),
    "label": ("判断", "label"),
    "delta_p_vs_baseline": ("较基准变化", "change vs baseline"),
    "delta_p_se": ("变化的标准误", "change s.e."),
    "first_year_median": ("中位数首次达标年份", "first year (median)"),
    "p_crossed_by_year": ("当年前曾达标概率", "p crossed by year"),
    "p_joint_year": ("当年各目标同时达标概率", "p all of the year's targets"),
    "n_joint": ("联合目标数", "n joint"),
    "last_year": ("最近观测年份", "last observed year"),
    "last_value": ("最近观测值", "last observed value"),
    "required_growth": ("所需年增速", "required growth"),
    "anticipated_growth": ("预计年增速", "anticipated growth"),
    "growth_ratio": ("增速比", "growth ratio"),
    "p_growth_sufficient": ("增速足够的概率", "p growth sufficient"),
    "years_behind": ("落后年数", "years behind"),
    "p_models_min": ("模型范围下限", "lowest p across models"),
    "p_models_max": ("模型范围上限", "highest p across models"),
    "p_trend": ("趋势模型概率", "p (trend ensemble)"),
    "p_family_min": ("增长模型最低概率", "lowest p of a growth family"),
    "p_family_max": ("增长模型最高概率", "highest p of a growth family"),
    "family_min": ("概率最低的增长模型", "growth family with the lowest p"),
    "family_max": ("概率最高的增长模型", "growth family with the highest p"),
    "families": ("各增长模型概率", "p per growth family"),
    "range_basis": ("模型范围的依据", "basis of the range across models"),
    "models_disagree": ("模型分歧", "models disagree"),
    "disagreement": ("分歧原因", "why models disagree"),
    "p_source": ("概率来源", "source of p"),
    "p_before_ytd": ("模拟概率（未用该项年内数据）", "simulation's p (without this figure)"),
    "p_min": ("假设范围下限", "lowest p across assumptions"),
    "p_max": ("假设范围上限", "highest p across assumptions"),
    "seasonal_low": ("季节占比下限", "seasonal share low"),
    "seasonal_high": ("季节占比上限", "seasonal share high"),
    "as_of": ("截至日期", "as of"),
    "ytd_as_of": ("年内数据截至", "year-to-date figure as of"),
    "ytd_value": ("累计值", "year-to-date value"),
    "ytd": ("累计值", "year-to-date value"),
    "annual_target": ("年度目标", "annual target"),
    "elapsed_share": ("时间进度", "share of year elapsed"),
    "pace": ("序时进度", "pace"),
    "pace_percent": ("序时进度（%）", "pace (%)"),
    "pace_exact": ("序时进度（精确）", "pace (exact)"),
    "reported_pace": ("报告的进度", "reported pace"),
    "yoy_growth": ("同比增速", "year-on-year growth"),
    "nowcast": ("全年预估", "full-year nowcast"),
    "nowcast_lo": ("预估下限", "nowcast low"),
    "nowcast_hi": ("预估上限", "nowcast high"),
    "interval": ("区间水平", "interval"),
    "p_meet_target": ("完成目标概率", "p meet target"),
    "assumptions": ("假设", "assumptions"),
    "convention": ("进度口径", "convention"),
    "method": ("方法", "method"),
    "n_forecasts": ("预测次数", "forecasts"),
    "mean_horizon": ("平均预测期（年）", "mean horizon (years)"),
    "crps": ("CRPS", "CRPS"),
    "interval_score": ("区间得分", "interval score"),
    "coverage80": ("80%区间覆盖率", "80% coverage"),
    "coverage80_se": ("覆盖率标准误", "coverage s.e."),
    "mean_rel_width": ("80%区间平均相对宽度", "mean relative width"),
    "rel_width": ("80%区间相对宽度", "relative width"),
    "brier": ("Brier得分", "Brier score"),
    "lower": ("有效下限", "valid from"),
    "upper": ("有效上限", "valid to"),
    "plausible_lower": ("合理下限", "plausible from"),
    "plausible_upper": ("合理上限", "plausible to"),
}


def text(key: str, lang: Lang, **fmt: object) -> str:
    """Return the label ``key`` in ``lang``, formatted with ``fmt``."""
    return pick(_TEXT, key, lang, **fmt)


def pick(table: Mapping[str, tuple[str, str]], key: str, lang: Lang, **fmt: object) -> str:
    """Return ``table[key]``'s Chinese or English text, formatted with ``fmt``.

    Every zh/en word table of the report package is read through this one function.

    Examples
    --------
    >>> pick({"n": ("{k}条路径", "{k} paths")}, "n", "zh", k=10)
    '10条路径'
    """
    zh, en = table[key]
    return (zh if lang == "zh" else en).format(**fmt)


def short_name(indicator: str, lang: Lang) -> str:
    """Short display name of an indicator (the registry's :meth:`Indicator.short`).

    The names live in the registry, which the loaders read too: every name printed here
    loads back. An unknown name is returned as given.

    Examples
    --------
    >>> short_name("hightech_share", "zh"), short_name("gdp", "en")
    ('高新产业产值占比', 'GDP')
    """
    try:
        ind = get_indicator(indicator)
    except KeyError:
        return indicator
    return ind.short(lang)


def unit_label(unit: str, lang: Lang) -> str:
    """Display form of a unit code, e.g. ``firms/yr`` -> ``家/年`` or ``firms per year``.

    Examples
    --------
    >>> unit_label("100m_cny/yr", "zh"), unit_label("firms/yr", "en")
    ('亿元/年', 'firms per year')
    """
    idx = 0 if lang == "zh" else 1
    base, _, per = unit.partition("/")
    if unit in UNIT_LABELS:
        return UNIT_LABELS[unit][idx]
    label = UNIT_LABELS[base][idx] if base in UNIT_LABELS else base
    if not per:
        return label
    if per == "yr":
        return f"{label}/年" if lang == "zh" else f"{label} per year"
    per_label = UNIT_LABELS[per][idx] if per in UNIT_LABELS else per
    return f"{label}/{per_label}" if lang == "zh" else f"{label} per {per_label}"


def code_label(code: object, lang: Lang) -> object:
    """Display form of a code such as ``at_least`` or ``lower_bound`` (others unchanged)."""
    key = str(code)
    if key in CODES:
        return CODES[key][0 if lang == "zh" else 1]
    return code


def localise_columns(frame: pd.DataFrame, lang: Lang) -> pd.DataFrame:
    """Rename the columns of a table shown to people into ``lang`` (unknown names kept)."""
    return frame.rename(columns=column_names(list(frame.columns), lang))


def column_names(columns: list[str], lang: Lang) -> dict[str, str]:
    """Map internal column names to display names in ``lang`` (unknown names kept)."""
    idx = 0 if lang == "zh" else 1
    return {c: COLUMNS[c][idx] if c in COLUMNS else c for c in columns}


#: Chinese names of the growth families (:data:`huaian_forecast.growth.FAMILIES`).
FAMILY_NAMES_ZH: dict[str, str] = {
    "linear": "线性", "loglinear": "指数", "logit_linear": "对数几率线性",
    "rw_drift": "带漂移随机游走", "damped": "阻尼趋势",
    "logistic": "逻辑斯蒂", "gompertz": "冈珀茨",
}


def family_name(family: object, lang: Lang) -> str:
    """Return a growth family's name in ``lang`` (the key itself in English)."""
    return FAMILY_NAMES_ZH.get(str(family), str(family)) if lang == "zh" else str(family)


def region_name(region: str, lang: Lang) -> str:
    """Return a region as the briefings name it (its Chinese name in Chinese)."""
    from huaian_forecast.data import REGION_NAMES_ZH

    return REGION_NAMES_ZH.get(region, region) if lang == "zh" else region
