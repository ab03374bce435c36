"""Subcommands ``compare``, ``solve`` and ``pace`` of ``huaian-forecast`` (see :mod:`cli`).

Kept apart from :mod:`huaian_forecast.cli.main` so the analysis commands can change without
touching the shared entry point; :func:`add_analysis_commands` registers them. Like the rest
of the CLI they only parse arguments, call the library and print.
"""

from __future__ import annotations

import argparse
import math
from typing import Any

from huaian_forecast.cli.assess_view import status_quo_runs
from huaian_forecast.cli.caveats import (
    carried_forward_caveat,
    plan_caveat,
    status_quo_caveat,
    year_to_date_caveat,
)
from huaian_forecast.cli.checks import lever_key
from huaian_forecast.cli.common import (
    add_data,
    add_format,
    add_lang,
    add_simulation,
    add_targets,
    add_ytd,
    cost_line,
    present,
    print_json,
    print_table,
    process_pool,
)
from huaian_forecast.cli.inputs import (
    history_from_args,
    target_from_args,
    targets_from_args,
    ytd_table_from_args,
)
from huaian_forecast.cli.pace import add_pace_command
from huaian_forecast.cli.progress import ProgressBar, step_label
from huaian_forecast.cli.provenance import provenance_line

__all__ = ["add_analysis_commands"]

_RAW = argparse.RawDescriptionHelpFormatter


def _add_sim(p: argparse.ArgumentParser) -> None:
    """Add the options of a simulating analysis command: format, seed, paths, data, jobs."""
    add_format(p)
    add_simulation(p)
    add_data(p)
    p.add_argument("--jobs", type=int, default=1,
                   help="worker processes (default 1; the result does not depend on it)")


def _cmd_compare(args: argparse.Namespace) -> int:
    from huaian_forecast.analysis import compare
    from huaian_forecast.scenarios import load_scenario

    names = _compare_names(args)
    targets = targets_from_args(args)
    history = history_from_args(args, bundled=True)  # the one load of this run
    ytd = ytd_table_from_args(args, targets, history)  # read once, before any simulation
    # each plan scenario is paired with the registry's status quo (same paths): its growth
    # families' range carries the scenario's effect, as in assess
    plans = {} if args.no_spread else _plan_status_quos(names)
    extra = list({s.name: s for s in plans.values()
                  if s.name not in {load_scenario(n).name for n in names}}.values())
    runs = (len(names) + len(extra)
            + (args.baseline is not None and args.baseline not in names))
    label = step_label("scenarios", args.lang)
    with process_pool(args.jobs) as ex, ProgressBar(runs, label=label) as bar:
        table = compare([*names, *extra], targets, n_paths=args.n_paths,
                        seed=args.seed, executor=ex, baseline=args.baseline,
                        end_year=args.end_year, history=history, progress=bar.advance,
                        year_to_date=False if args.no_ytd else (
                            True if ytd is None else ytd))
    helpers = table["scenario"].isin([s.name for s in plans.values()]) \
        & ~table["scenario"].isin([load_scenario(n).name for n in names])  # run for pairing
    paired = {plan: table[table["scenario"] == sq.name].reset_index(drop=True)
              for plan, sq in plans.items()}
    table = table[~helpers].reset_index(drop=True)
    if not args.all:
        _note_hidden(args, table)
        table = table[table["p_reach"].notna()].reset_index(drop=True)
    status_quo: list[str] = []
    if not args.no_spread:  # the status-quo scenarios get assess's range and labels
        table, status_quo = _status_quo_spread(args, names, table, targets, history, paired)
    if args.format == "table" and not args.wide:
        from huaian_forecast.assessment import nowcast_rows
        from huaian_forecast.cli.compare_view import compare_footnote, compare_view

        first = str(table["scenario"].iloc[0]) if len(table) else ""
        base = _base_name(args.baseline) if args.baseline is not None else first
        print_table(compare_view(table, base, args.lang), "table")
        print(compare_footnote(base, args.lang, args.n_paths, status_quo,
                               nowcast=bool(nowcast_rows(table, known=False).any()),
                               plans=[n for n in paired if n in set(table["scenario"])]))
        for line in (carried_forward_caveat(table.attrs, args.lang),  # the runs' manifests
                     provenance_line(table.attrs.get("provenance"))):  # what reproduces it
            if line:
                print(line)
        return 0
    if args.format == "json":  # the caveat a field of each record, as in assess
        table = table.assign(carried_forward_caveat=carried_forward_caveat(table.attrs, "en"),
                             status_quo_run=status_quo_runs(
                                 table, {k: v.name for k, v in plans.items()}))
    elif args.lang == "zh":  # --wide: the reason of a disagreement in Chinese too
        from huaian_forecast.report import disagreement_zh

        table = disagreement_zh(table)
    present(table, args.lang, args.format)
    return 0


def _note_hidden(args: argparse.Namespace, table: Any) -> None:
    """Say which targets compare leaves out (no probability: not modelled, observed ...)."""
    hidden = table[table["p_reach"].isna() & (table["scenario"] == table["scenario"].iloc[0])]
    if hidden.empty:
        return
    listed = "; ".join(f"{r.indicator} {int(r.year)}: {r.note or 'no probability'}"
                       for r in hidden.itertuples(index=False))
    from huaian_forecast.cli.caveats import end_year_hint

    notes = vars(args).setdefault("notes_after", [])
    notes.append(f"{len(hidden)} target(s) without a probability are not shown ({listed}); "
                 "--all shows them")
    hint = end_year_hint(hidden, args.end_year, args.lang)
    if hint:
        notes.append(hint)


def _base_name(scenario: str) -> str:
    from huaian_forecast.scenarios import load_scenario

    return load_scenario(scenario).name


def _compare_names(args: argparse.Namespace) -> list[str]:
    """Return the scenarios compare runs: those given, else every built-in (baseline first)."""
    from huaian_forecast.scenarios import list_scenarios

    return args.scenarios or sorted(list_scenarios(), key=lambda n: n != "baseline")


def _plan_status_quos(names: list[str]) -> dict[str, Any]:
    """Return ``{plan scenario's name: the status-quo scenario it is paired with}``.

    The registry's status quo (:func:`~huaian_forecast.analysis.status_quo_of`): the run's
    own baseline where it has one, else one extra run shared by every plan.
    """
    from huaian_forecast.analysis import changes_levers, is_status_quo, status_quo_of
    from huaian_forecast.scenarios import load_scenario

    scenarios = [load_scenario(n) for n in names]
    # the registry's status quo, run once for all plans: the run's baseline where it has one
    baseline = next((s for s in scenarios if is_status_quo(s)), None)
    plans = [s for s in scenarios if changes_levers(s)]
    paired = baseline if baseline is not None else (
        status_quo_of(plans[0]) if plans else None)
    return {plan.name: paired for plan in plans}


def _status_quo_spread(args: argparse.Namespace, names: list[str], table: Any, targets: Any,
                       history: Any, paired: dict[str, Any]) -> tuple[Any, list[str]]:
    """Join the growth families' range to the scenarios' rows (as assess does).

    A status-quo scenario's rows get it as it is; a plan scenario's with its levers'
    effect added, read from its rows in ``paired`` (the same scenario at status-quo levers).
    """
    from huaian_forecast.analysis import changes_levers, model_spread
    from huaian_forecast.cli.compare_view import with_status_quo_spread
    from huaian_forecast.scenarios import load_scenario

    shown = set(table["scenario"])
    runs = [*names, *([args.baseline] if args.baseline is not None else [])]
    status_quo = list(dict.fromkeys(scen.name for scen in map(load_scenario, runs)
                                    if scen.name in shown and not changes_levers(scen)))
    if not (status_quo or paired) or table.empty:
        return table, status_quo
    spread = model_spread(history, targets,
                          n_paths=min(args.n_paths, 4_000), seed=args.seed)
    return with_status_quo_spread(table, status_quo, spread, paired), status_quo


def _cmd_solve(args: argparse.Namespace) -> int:
    from huaian_forecast.analysis import SEARCH_GRID, required_lever, search_runs

    target = target_from_args(args, direction=args.direction)
    lever = lever_key(args.lever)
    history = history_from_args(args)
    # the grid, then bisection until no settable value is left between the two values
    # that bracket the answer (the bar's total is search_runs' estimate)
    with process_pool(args.jobs) as ex, \
            ProgressBar(search_runs(lever, SEARCH_GRID),
                        label=step_label("lever values", args.lang)) as bar:
        sol = required_lever(args.scenario, lever, target, args.p, n_paths=args.n_paths,
                             seed=args.seed, executor=ex, history=history, n_grid=SEARCH_GRID,
                             progress=bar.advance)
        bar(bar.total)  # finished, also when the search needed fewer steps
    from huaian_forecast.indicators import INDICATORS
    from huaian_forecast.scenarios import LEVERS

    lever_unit, target_unit = LEVERS[sol.lever].unit, INDICATORS[target.indicator].unit
    # JSON carries the English sentence, the table the one in --lang: one model run
    contested = status_quo_caveat(target, history, seed=args.seed, n_paths=args.n_paths,
                                  lang="en" if args.format == "json" else args.lang)
    if args.format == "json":
        record = sol.to_dict()
        provenance = record.pop("provenance")  # seed, paths, data hash, versions: last
        print_json(record | {"n_paths": sol.provenance.get("n_paths"), "unit": lever_unit,
                             "target_unit": target_unit,
                             "curve": sol.curve.to_dict("records"),
                             "year_to_date_caveat": year_to_date_caveat(
                                 target.year, sol.nowcast_p, "en"),
                             "plan_caveat": plan_caveat(args.scenario, sol.lever, "en"),
                             "status_quo_caveat": contested,
                             "provenance": provenance})
        return 0
    lines = _solve_lines(sol, target, args.lang, lever_unit, target_unit)
    caveats = [year_to_date_caveat(target.year, sol.nowcast_p, args.lang),
               plan_caveat(args.scenario, sol.lever, args.lang) if sol.reachable else None,
               contested]
    for line in lines[:1] + [c for c in caveats if c] + lines[1:]:
        print(line)  # the caveats right under the headline, not after the curve
    # the values searched are on the lever's lattice: shown as set (352, 3.47), not 352.000
    shown = sol.curve.assign(value=[f"{v:,.0f}" if LEVERS[sol.lever].whole_units
                                    else f"{v:,.6g}" for v in sol.curve["value"]])
    present(shown, args.lang, "table")
    return 0


def _solve_lines(sol: Any, target: Any, lang: str, lever_unit: str,
                 target_unit: str) -> list[str]:
    """Return the verdict of ``solve`` in words, with units, in ``lang``."""
    from huaian_forecast.report import note_label, short_name, tier_suffix, unit_label
    from huaian_forecast.scenarios import LEVERS

    zh = lang == "zh"
    tier = tier_suffix(target.tier, "zh" if zh else "en")  # a floor (确保) or stretch (力争)
    lu, tu = unit_label(lever_unit, "zh" if zh else "en"), unit_label(target_unit,
                                                                     "zh" if zh else "en")
    sign = ">=" if target.direction == "at_least" else "<="
    note = note_label(sol.note, "zh" if zh else "en")
    if not sol.reachable:
        return [f"{sol.lever}: {note}"]
    if zh:
        lines = [f"{sol.lever}（{LEVERS[sol.lever].name_zh}）= {sol.value:g} {lu}："
                 f"{target.year}年{short_name(target.indicator, 'zh')} {sign} "
                 f"{target.threshold:g} {tu}{tier} 的达标概率为 {sol.p_reach:.3f}"
                 f"（要求 {sol.p:.2f}）"]
    else:
        lines = [f"{sol.lever} = {sol.value:g} {lu} reaches {target.indicator} {sign} "
                 f"{target.threshold:g} {tu}{tier} in {target.year} with p = {sol.p_reach:.3f} "
                 f"(wanted {sol.p:.2f})"]
    if math.isfinite(sol.annual_cost_yuan):
        lines.append(cost_line(sol.annual_cost_yuan, sol.cost_basis, lang,
                               extra=sol.extra_annual_cost_yuan,
                               base=f"{sol.base_value:g} {lu}"))
    elif sol.cost_basis:  # e.g. "no cost data"
        lines.append(f"成本：{note_label(sol.cost_basis, 'zh')}" if zh
                     else f"cost: {sol.cost_basis}")
    if sol.note:
        lines.append(f"{'说明：' if zh else 'note: '}{note}")
    return lines


def _add_compare(sub: Any) -> None:
    p = sub.add_parser(
        "compare", help="targets across scenarios, with the gain over baseline",
        description="Simulate each scenario with the same seed (common random numbers) and "
                    "print, per scenario and target, p_reach and its difference from the "
                    "baseline with the paired standard error. Targets of a year with "
                    "year-to-date figures get p_reach from the nowcast, as in assess "
                    "(--no-ytd: the simulation's). A status-quo scenario (no lever moved) "
                    "gets the growth families' range and the labels assess gives it "
                    "('models disagree' where the range spans both cut-offs; --no-spread: "
                    "labels from p_reach alone); a plan scenario's labels follow its "
                    "p_reach. The table shows one line per target and a column per "
                    "scenario; --wide prints every column.",
        epilog="examples:\n  huaian-forecast compare baseline plan_2024 accelerated\n"
               "  huaian-forecast compare --format json --n-paths 5000 --jobs 2",
        formatter_class=_RAW)
    p.add_argument("scenarios", nargs="*", metavar="SCENARIO",
                   help="scenario names or TOML files (default: every built-in scenario)")
    _add_sim(p)
    p.add_argument("--baseline", default=None, metavar="NAME|FILE",
                   help="scenario differences are taken against (default: the first)")
    add_targets(p)
    p.add_argument("--end-year", type=int, default=2035,
                   help="last simulated year (default 2035, as assess and report: the paths, "
                        "and so every p_reach, depend on it after 2035)")
    add_ytd(p)
    p.add_argument("--all", action="store_true", help="also list targets not simulated")
    p.add_argument("--no-spread", action="store_true",
                   help="skip the growth families' range beside the status-quo scenarios")
    p.add_argument("--wide", action="store_true",
                   help="table format: a row per scenario and target with every column")
    add_lang(p)
    p.set_defaults(func=_cmd_compare)


def _add_solve(sub: Any) -> None:
    p = sub.add_parser(
        "solve", help="how much of a lever reaches a target with probability p",
        description="Find the smallest value of --lever (within its plausible range) that "
                    "reaches the target with probability --p, other levers as in "
                    "--scenario. The threshold is the bundled target unless --threshold.",
        epilog="examples:\n  huaian-forecast solve --lever first_time_applications "
               "--indicator hte_count --year 2030 --p 0.8\n"
               "  huaian-forecast solve --lever major_project_rd --indicator rd_intensity "
               "--year 2025 --format json",
        formatter_class=_RAW)
    p.add_argument("--lever", required=True,
                   help="lever key or Chinese name (see `huaian-forecast levers`)")
    p.add_argument("--indicator", required=True, help="indicator key, e.g. hte_count")
    p.add_argument("--year", type=int, required=True, help="target year")
    p.add_argument("--p", type=float, default=0.8, help="wanted probability (default 0.8)")
    p.add_argument("--threshold", type=float, default=None,
                   help="target value (default: the bundled target of that year)")
    p.add_argument("--direction", choices=("at_least", "at_most"), default="at_least",
                   help="with --threshold: at least (default) or at most")
    p.add_argument("--scenario", default="baseline", metavar="NAME|FILE",
                   help="scenario for every other setting (default: baseline)")
    add_targets(p, tier=True)
    _add_sim(p)
    p.set_defaults(func=_cmd_solve)


def add_analysis_commands(sub: Any) -> None:
    """Register the ``compare``, ``solve`` and ``pace`` subcommands on ``sub``."""
    _add_compare(sub)
    _add_solve(sub)
    add_pace_command(sub)
