"""Caveats printed under a command's answer, where the planner reads the number.

Each returns the sentence in ``lang`` (zh or en), or None when it does not apply:
:func:`year_to_date_caveat` (``solve`` / ``frontier`` for a year with year-to-date
figures), :func:`plan_caveat` (a lever that is a plan, delivered in part),
:func:`carried_forward_caveat` (``assess`` and ``compare`` when an origin level is one
earlier point), :func:`honest_width_caveat` (``assess --honest-width``: which paths
were widened, by what) and :func:`status_quo_caveat` (``solve`` / ``frontier`` for a
target whose status quo the growth families disagree on).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any, Literal

__all__ = ["carried_forward_caveat", "end_year_hint", "extrapolation_caveats",
           "honest_width_caveat", "plan_caveat", "status_quo_caveat", "year_to_date_caveat"]


def end_year_hint(table: Any, end_year: int, lang: str) -> str | None:
    """Say how to assess the targets after the simulated years (``--end-year``), or None.

    A target after ``end_year``, the last simulated year (``assess``, ``compare``: 2035
    by default), has no probability; the hint names the years and the ``--end-year``
    that would simulate them.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"year": [2030, 2040], "p_reach": [0.5, float("nan")]})
    >>> print(end_year_hint(t, 2035, "en"))
    1 target(s) after 2035 (2040) are not simulated: add --end-year 2040 to assess them
    """
    late = [int(y) for y, p in zip(table["year"], table["p_reach"], strict=True)
            if int(y) > end_year and math.isnan(float(p))]  # not assessed
    if not late:
        return None
    listed = ", ".join(map(str, sorted(set(late))))
    if lang == "zh":
        return (f"{len(late)}个目标在{end_year}年之后（{listed}年），未模拟：加上 --end-year "
                f"{max(late)} 即可评估")
    return (f"{len(late)} target(s) after {end_year} ({listed}) are not simulated: add "
            f"--end-year {max(late)} to assess them")


#: Years after the last data point from which a steep trend's paths are extrapolation.
_FEW_YEARS = 3


def extrapolation_caveats(table: Any, manifest: Mapping[str, Any],
                          lang: str) -> dict[int, str]:
    """Return ``{row position: caveat}`` for targets read off a steep trend's far paths.

    From the manifest's ``extrapolated`` (a trend fitted to a few years implying more than
    25 % a year, :attr:`~huaian_forecast.growth.GrowthFit.steep`): a simulated target of
    that indicator at least three years after its last data point reads extrapolation,
    not a forecast (technology contracts 2030 at 1.00, from two years of data).
    """
    import pandas as pd

    from huaian_forecast.assessment import NOWCAST
    from huaian_forecast.report import target_name

    steep = manifest.get("extrapolated") or {}
    out = {}
    for i, row in enumerate(table.itertuples(index=False)):
        info = steep.get(str(row.indicator))
        if (info is None or pd.isna(row.p_reach) or getattr(row, "p_source", "") == NOWCAST
                or int(row.year) < int(info["last_year"]) + _FEW_YEARS):
            continue
        rates = sorted(info["families"].values())
        pace = (f"{rates[0]:.0%}" if len(rates) == 1 else f"{rates[0]:.0%}-{rates[-1]:.0%}")
        name = target_name(row, "zh" if lang == "zh" else "en")  # 高新技术企业数 2030 力争
        n, last = int(info["years_of_data"]), int(info["last_year"])
        out[i] = (f"{name}：对{n}年数据（至{last}年）拟合的增长模型意味着每年"
                  f"增长{pace}；几年之后是外推而非预测，达标概率应理解为“若此增速持续”。"
                  if lang == "zh" else
                  f"{name}: growth families fitted to {n} year(s) of data (to "
                  f"{last}) imply {pace} a year: beyond a few years their paths are "
                  "extrapolation, not a forecast; read p_reach as 'if that growth went on'.")
    return out


def status_quo_caveat(target: Any, history: Any, *, seed: int | None, n_paths: int,
                      lang: str) -> str | None:
    """Say that the growth families disagree on the target's status quo, if they do.

    A lever value found for a probability rests on the scenario model's status quo; where
    the growth families fitted to the same history span both label cut-offs without any
    lever change ("models disagree" in assess), the answer inherits that disagreement.
    """
    from huaian_forecast.analysis import model_spread
    from huaian_forecast.assessment import LABEL_CUTOFFS
    from huaian_forecast.data import load_history

    row = model_spread(load_history() if history is None else history, [target],
                       n_paths=min(n_paths, 4_000), seed=seed).iloc[0]
    lo, hi = float(row["p_family_min"]), float(row["p_family_max"])
    low_cut, high_cut = LABEL_CUTOFFS["within reach"], LABEL_CUTOFFS["on track"]
    if not (math.isfinite(lo) and math.isfinite(hi) and lo < low_cut and hi >= high_cut):
        return None
    if lang == "zh":
        from huaian_forecast.report import family_name

        low, high = family_name(row["family_min"], "zh"), family_name(row["family_max"], "zh")
        return (f"注意：各增长模型对该目标现状的判断不一（不改变任何杠杆时达标概率{lo:.2f}（"
                f"{low}）至{hi:.2f}（{high}））；所求杠杆值基于情景模型的现状，同样带有这一分歧。")
    return (f"note: the growth families disagree on this target's status quo (without any "
            f"lever change p_reach {lo:.2f} ({row['family_min']}) to {hi:.2f} "
            f"({row['family_max']})); the lever value rests on the scenario model's status "
            "quo and carries that disagreement.")


def year_to_date_caveat(year: int, nowcast_p: float, lang: str) -> str | None:
    """Warn when the target's year already has year-to-date figures.

    ``solve`` and ``frontier`` answer with the simulation, which does not know the
    figures; ``assess`` and ``report`` give such a target the nowcast's probability
    (``nowcast_p``, from ``LeverSolution.nowcast_p`` / the frontier's
    ``attrs["nowcast_p"]``), which no lever changes. Without this line a planner would
    read "313 applications a year give 0.81" beside an assessment of 0.13. None when
    ``nowcast_p`` is NaN (the year has no such figures).

    Examples
    --------
    >>> year_to_date_caveat(2030, float("nan"), "en") is None
    True
    """
    if not math.isfinite(nowcast_p):
        return None
    if lang == "zh":
        return (f"注意：{int(year)}年已有年内进度数据，按其推算的达标概率为 {nowcast_p:.2f}"
                "（assess 与 report 给出的数字），与政策杠杆无关；这里的结果是不含年内数据的"
                "模拟，只说明杠杆在模型中的作用。")
    return (f"note: {int(year)} has year-to-date figures; the nowcast from them gives "
            f"p_reach {nowcast_p:.2f} (the figure assess and report show), which no lever "
            "changes; these results are the simulation without those figures, showing only "
            "what the lever does in the model.")


def plan_caveat(scenario: Any, lever: str, lang: str) -> str | None:
    """Say that a lever value is a plan, of which the model delivers a share.

    A lever of a delivery group (``structural.DELIVERY_GROUPS``) is a planned level: the
    model delivers a share (the group's ``delivery_*`` uncertainty in ``scenario``) of its
    change from the status quo, the registry's default (``ref + share x (plan - ref)``),
    and the status quo keeps its own trend; a cost line prices the plan delivered in full.
    None for a lever that is not a plan.

    Examples
    --------
    >>> print(plan_caveat("baseline", "first_time_applications", "en")[:93])
    note: first_time_applications is a plan, not what happens: the model delivers 40-100 % (deliv
    """
    from huaian_forecast.scenarios import LEVERS, UNCERTAINTIES, load_scenario
    from huaian_forecast.structural import DELIVERY_GROUPS

    key = DELIVERY_GROUPS.get(lever)
    if key is None:
        return None
    unc, ref = load_scenario(scenario).uncertainty(key), LEVERS[lever].default
    if lang == "zh":
        return (f"注意：{LEVERS[lever].name_zh}的数值是计划，不是实际完成数：模型只兑现其相对现状"
                f"（{ref:g}）的增量的{unc.low:g}–{unc.high:g}%（{UNCERTAINTIES[key].name_zh}），"
                "现状本身另按其趋势变化；成本按计划全额完成计算。")
    return (f"note: {lever} is a plan, not what happens: the model delivers {unc.low:g}-"
            f"{unc.high:g} % ({key}) of its change from the status quo ({ref:g}), and the "
            "status quo keeps its own trend; the cost prices the plan delivered in full.")


def carried_forward_caveat(manifest: Mapping[str, Any], lang: str) -> str | None:
    """Warn when an origin-year level is one earlier point carried forward (no growth).

    Read from the projection's manifest: ``carried_forward``, the anchors whose level is
    one earlier point, and ``origin`` (a :func:`~huaian_forecast.analysis.compare`
    table's ``attrs`` carry both keys from its runs' manifests). ``assess`` and
    ``compare`` print it under their table and give it in each JSON record
    (``carried_forward_caveat``, English, null when none).

    Examples
    --------
    >>> carried_forward_caveat({"carried_forward": []}, "en") is None
    True
    >>> print(carried_forward_caveat({"carried_forward": ["key_labs_2023"], "origin": 2024},
    ...                              "en")[:64])
    Note: the history has no 2024 (origin) value of Key labs and onl
    """
    from huaian_forecast.report import short_name

    keys = [str(k).removesuffix("_2023") for k in manifest.get("carried_forward", [])]
    if not keys:
        return None
    origin = manifest.get("origin")
    if lang == "zh":
        names = "、".join(short_name(k, "zh") for k in keys)
        return (f"注意：历史数据中没有{origin}年（起点）的{names}，且只有一个更早的点：起点水平沿用"
                "该点的数值，没有计入其间的增长，增长中的指标因此偏低。补充更早年份的数据可改善。")
    names = ", ".join(short_name(k, "en") for k in keys)
    return (f"Note: the history has no {origin} (origin) value of {names} and only one earlier "
            "point: the start carries that value forward with no growth, low for a growing "
            "indicator. Adding earlier years helps.")


def honest_width_caveat(manifest: dict[str, Any], lang: str) -> str | None:
    """Say which indicators ``--honest-width`` widened, by what factor, and which it left.

    Read from the projection's manifest (``honest_width``: per indicator the factor per
    horizon of 1, 2 and 3+ years, measured on Jiangsu's backtests, never below 1). An
    indicator whose factors are all 1 (its backtest intervals already covered) is named
    as unchanged; None when nothing was widened.

    Examples
    --------
    >>> honest_width_caveat({}, "en") is None
    True
    >>> line = honest_width_caveat({"honest_width": {"rd_spend": {1: 1.0, 3: 1.19},
    ...                                              "hightech_share": {1: 1.0}}}, "en")
    >>> line.split(": ", 1)[1]  # doctest: +ELLIPSIS
    "paths widened ...: R&D spending x1.00/1.19. Factor 1, interval unchanged: High-tech ..."
    """
    from huaian_forecast.report import short_name

    factors = manifest.get("honest_width")
    if not isinstance(factors, dict):
        return None
    code: Literal["zh", "en"] = "zh" if lang == "zh" else "en"
    wider, same = [], []
    for key, per in factors.items():
        ks = [float(k) for _, k in sorted(per.items(), key=lambda x: int(x[0]))]
        if any(k > 1.0 for k in ks):
            wider.append(f"{short_name(key, code)} x{'/'.join(f'{k:.2f}' for k in ks)}")
        else:
            same.append(short_name(key, code))
    if lang == "zh":
        text = ("区间放宽：按江苏回测测得的各预测期（1/2/3年及以上）倍数，以中位数为中心放宽路径："
                + ("、".join(wider) or "无指标放宽") + "。")
        return text + (f"倍数为1、区间不变：{'、'.join(same)}。" if same else "")
    text = ("Honest width: paths widened around their median by the factor for horizons of "
            "1/2/3+ years measured on Jiangsu's backtests: "
            + (", ".join(wider) or "no indicator widened") + ".")
    return text + (f" Factor 1, interval unchanged: {', '.join(same)}." if same else "")
