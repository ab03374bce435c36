"""Subcommand ``frontier`` of ``huaian-forecast``: two levers, one target (see :mod:`cli`).

It only parses arguments, calls :func:`huaian_forecast.frontier` and the chart writer, and
prints.
"""

from __future__ import annotations

import argparse
import math
from typing import Any

from huaian_forecast.cli.caveats import plan_caveat, status_quo_caveat, year_to_date_caveat
from huaian_forecast.cli.checks import lever_key
from huaian_forecast.cli.common import (
    add_data,
    add_format,
    add_lang,
    add_simulation,
    add_targets,
    cost_line,
    print_json,
    process_pool,
)
from huaian_forecast.cli.console import warnings_once
from huaian_forecast.cli.inputs import (
    history_from_args,
    target_from_args,
)

__all__ = ["add_frontier_command"]


def _cmd_frontier(args: argparse.Namespace) -> int:
    from huaian_forecast.analysis import frontier
    from huaian_forecast.cli.progress import ProgressBar, step_label
    from huaian_forecast.report import write_frontier_chart

    target = target_from_args(args)
    args.x, args.y = lever_key(args.x, "--x"), lever_key(args.y, "--y")
    history = history_from_args(args)
    # the grid, then the least-cost point's refinement (about a solve's runs, see
    # search_runs; the bar's total grows if it takes more and is closed at what it took)
    from huaian_forecast.analysis import search_runs

    with process_pool(args.jobs) as ex, \
            ProgressBar(args.grid**2 + search_runs(args.y),
                        label=step_label("lever grid", args.lang)) as bar:
        result = frontier(args.scenario, x=args.x, y=args.y, target=target, p=args.p,
                          n_grid=args.grid, n_paths=args.n_paths, seed=args.seed,
                          history=history, progress=bar.advance,
                          executor=ex)
        bar(bar.done, bar.done)
    if args.out:
        with warnings_once():
            write_frontier_chart(result, args.out, lang=args.lang)
    points, least = result.attrs["frontier"], result.attrs["least_cost"]
    if args.format == "json":
        t = result.attrs["target"]
        print_json({"scenario": result.attrs["scenario"], "x": args.x, "y": args.y,
                    "indicator": t.indicator, "year": t.year, "threshold": t.threshold,
                    "tier": t.tier,
                    "p": args.p, "n_paths": result.attrs["n_paths"],
                    "least_cost": least, "base": result.attrs["base"],
                    "frontier": points.to_dict("records"),
                    "grid": result.to_dict("records"), "chart": args.out,
                    "nowcast_p": result.attrs["nowcast_p"],
                    "year_to_date_caveat": year_to_date_caveat(
                        t.year, result.attrs["nowcast_p"], "en"),
                    "status_quo_caveat": status_quo_caveat(
                        t, history, seed=args.seed, n_paths=args.n_paths, lang="en"),
                    "inert_levers": result.attrs["inert"],
                    "inert_caveat": _inert_lines(result, "en") or None,
                    "provenance": result.attrs["provenance"]})
        return 0
    caveat = year_to_date_caveat(result.attrs["target"].year, result.attrs["nowcast_p"],
                                 args.lang)
    plans = [plan_caveat(args.scenario, lever, args.lang) for lever in (args.x, args.y)]
    contested = status_quo_caveat(result.attrs["target"], history, seed=args.seed,
                                  n_paths=args.n_paths, lang=args.lang)
    for line in [_target_line(result.attrs["target"], args.lang), caveat,
                 *dict.fromkeys(plans), contested]:  # before the table, where read
        if line:
            print(line)
    _print_frontier(args, points, least)
    for line in _inert_lines(result, args.lang):
        print(line)
    if args.out:
        print(args.out)
    return 0


def _inert_lines(result: Any, lang: str) -> list[str]:
    """Say which lever changes no probability of the target (``frontier``'s ``inert``).

    Its frontier value (y) and the least-cost point's are its low end because any value
    reaches the same probability (and, for the least-cost point, because it costs), not
    because it can be cut: other targets may rely on it (R&D rewards and the high-tech
    enterprise count).
    """
    from huaian_forecast.report import short_name
    from huaian_forecast.scenarios import LEVERS

    t, base, least = result.attrs["target"], result.attrs["base"], result.attrs["least_cost"]
    lines = []
    for axis in ("x", "y"):
        lever = result.attrs[axis]
        if lever not in result.attrs["inert"]:
            continue
        low, own = float(LEVERS[lever].low), base[axis]
        sets = f"{own:g}" if math.isfinite(own) else "a year-by-year path"
        cheapest = math.isfinite(least["annual_cost_yuan"]) and least[axis] == low
        if lang == "zh":
            where = [w for w, on in (("边界", axis == "y"), ("成本最低的组合", cheapest)) if on]
            put = (f"{'与'.join(where)}把它放在下限（{low:g}）只因任何取值的达标概率都相同"
                   f"{'（且它有成本）' if cheapest else ''}，" if where else "")
            lines.append(f"说明：{LEVERS[lever].name_zh}（{lever}）在网格上不改变{t.year}年"
                         f"{short_name(t.indicator, 'zh')}的达标概率（该指标的模型不使用它）：{put}"
                         f"这并不表示可以削减——其他目标可能依赖它（情景取值 {sets}）。")
            continue
        where = [w for w, on in (("the frontier", axis == "y"),
                                 ("the least-cost point", cheapest)) if on]
        verb = "put" if len(where) > 1 else "puts"
        put = (f"{' and '.join(where)} {verb} it at its low end ({low:g}) because any value "
               f"reaches the same probability{' (and it costs)' if cheapest else ''}; "
               if where else "")
        lines.append(f"note: {lever} changes no probability of {t.indicator} {t.year} on the "
                     f"grid (that indicator's model does not use it): {put}that is no advice "
                     f"to cut it, other targets may rely on it (the scenario sets {sets}).")
    return lines


def _target_line(t: Any, lang: str) -> str:
    """Name the target the frontier reaches: ``目标：2030年高新技术企业数 ≥ 1,700家（力争）``.

    In English ``target: High-tech enterprises 2030 ≥ 1,700 firms (stretch)``; a single
    target has no tier word.
    """
    from huaian_forecast.report import short_name, target_text

    goal = target_text({"indicator": t.indicator, "threshold": t.threshold,
                        "direction": t.direction, "tier": t.tier}, "zh" if lang == "zh" else "en")
    if lang == "zh":
        return f"目标：{t.year}年{short_name(t.indicator, 'zh')} {goal}"
    return f"target: {short_name(t.indicator, 'en')} {t.year} {goal}"


def _print_frontier(args: argparse.Namespace, points: Any, least: dict[str, Any]) -> None:
    """Print the frontier table and the least-cost point in ``args.lang``."""
    from huaian_forecast.report import note_label
    from huaian_forecast.scenarios import LEVERS

    zh = args.lang == "zh"
    name = {k: str(getattr(LEVERS.get(k), "name_zh" if zh else "key", k) or k)
            for k in (args.x, args.y)}
    x, y = name[args.x], name[args.y]
    table = points.drop(columns=["annual_cost_yuan"])
    if zh:
        print(f"{x}（x）与{y}（y）的组合边界：每个 x 下达标概率 ≥ {args.p:g} 所需的最小 y"
              "（在网格值之间插值；上下限为其两侧模拟过的网格值，含蒙特卡洛误差）")
        table = table.assign(reachable=table["reachable"].map({True: "是", False: "否"}),
                             note=[note_label(n, "zh") for n in table["note"]])
        table = table.rename(columns={"x": x, "y": y, "y_low": "y 下限（95%）",
                                      "y_high": "y 上限（95%）", "reachable": "可达",
                                      "note": "备注"})
    else:
        print(f"frontier of {x} (x) and {y} (y): smallest y reaching p >= {args.p:g} "
              "(interpolated between grid rows; y_low..y_high: the grid rows simulated "
              "around it, with Monte Carlo error)")
    print(table.to_string(index=False, na_rep="—", float_format=lambda v: f"{v:.4g}"))
    if not math.isfinite(least["annual_cost_yuan"]):
        print(note_label(least["note"], "zh") if zh else least["note"])
    else:
        cost = cost_line(least["annual_cost_yuan"], "", args.lang)
        if zh:
            print(f"成本最低的组合：{x} = {least['x']:g}，{y} = {least['y']:g}（{cost}；"
                  f"模拟达标概率 {least['p_reach']:.3f}）")
        else:
            print(f"least-cost point: {x} = {least['x']:g}, {y} = {least['y']:g} ({cost}; "
                  f"simulated p_reach {least['p_reach']:.3f})")
        for key, basis in least.get("cost_basis", {}).items():
            print(f"成本口径：{name[key]}为{note_label(basis, 'zh')}" if zh
                  else f"cost basis of {key}: {basis}")
        if least["note"]:
            print(f"{'说明：' if zh else 'note: '}{note_label(least['note'], args.lang)}")


def add_frontier_command(sub: Any) -> None:
    """Register ``frontier`` on the ``huaian-forecast`` subparsers."""
    p = sub.add_parser(
        "frontier", help="which combinations of two levers reach a target with probability p",
        description="Simulate a grid of two levers (--grid values each over their plausible "
                    "ranges, same seed for every point), print for each x the smallest y "
                    "that reaches the target with probability --p (with its Monte Carlo "
                    "band) and the least-cost point, and with --out draw the chart.",
        epilog="examples:\n  huaian-forecast frontier --x first_time_applications "
               "--y recertification_support --indicator hte_count --year 2030 --p 0.8 "
               "--out frontier.png\n"
               "  huaian-forecast frontier --x first_time_applications --y rd_rewards "
               "--indicator hte_count --year 2030 --format json",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--x", required=True,
                   help="lever on the x axis: key or Chinese name (see `huaian-forecast "
                        "levers`)")
    p.add_argument("--y", required=True, help="lever on the y axis (key or Chinese name)")
    p.add_argument("--indicator", required=True, help="indicator key, e.g. hte_count")
    p.add_argument("--year", type=int, required=True, help="target year")
    p.add_argument("--p", type=float, default=0.8, help="wanted probability (default 0.8)")
    p.add_argument("--threshold", type=float, default=None,
                   help="target value (default: the bundled target of that year)")
    p.add_argument("--scenario", default="baseline", metavar="NAME|FILE",
                   help="scenario for every other setting (default: baseline)")
    p.add_argument("--grid", type=int, default=9, help="values per lever (default 9)")
    p.add_argument("--out", metavar="FILE", help="chart file (.png, .svg or .pdf)")
    add_targets(p, tier=True)
    add_format(p)
    add_simulation(p)
    add_data(p)
    add_lang(p)
    p.add_argument("--jobs", type=int, default=1,
                   help="worker processes (default 1; the result does not depend on it)")
    p.set_defaults(func=_cmd_frontier)
