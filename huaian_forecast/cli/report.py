"""Subcommands ``report`` and ``backtest`` of ``huaian-forecast`` (see :mod:`cli`).

Kept apart from :mod:`huaian_forecast.cli.main` so the shared entry point stays small;
:func:`add_report_commands` registers them. They only parse arguments, call the library
and print.
"""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from huaian_forecast.cli.checks import indicator_key
from huaian_forecast.cli.common import (
    add_data,
    add_format,
    add_lang,
    add_simulation,
    add_targets,
    add_ytd,
    present,
)
from huaian_forecast.cli.console import warnings_once
from huaian_forecast.cli.inputs import (
    history_from_args,
    targets_from_args,
    ytd_table_from_args,
)
from huaian_forecast.data import HOME_REGION
from huaian_forecast.exceptions import ArgumentError

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from huaian_forecast.report import ChartProcess

logger = logging.getLogger(__name__)

__all__ = ["add_report_commands"]

_RAW = argparse.RawDescriptionHelpFormatter


def _simulate_scenarios(args: argparse.Namespace, history: pd.DataFrame,
                        memo: Any, ytd: pd.DataFrame | None = None) -> list[Any]:
    """Simulate every --scenario (default: all built-in ones, baseline first), with a bar."""
    from huaian_forecast.analysis import check_unique_scenarios
    from huaian_forecast.cli.progress import step_label, track
    from huaian_forecast.simulation import RunSpec, simulate

    names = args.scenario
    check_unique_scenarios(names or [])  # by name: baseline and x/baseline.toml too
    if not names:
        from huaian_forecast.scenarios import list_scenarios

        names = sorted(list_scenarios(), key=lambda n: n != "baseline")
    # one memo: the scenarios share the growth fits, anchors and draws of this history
    run = RunSpec(n_paths=args.n_paths, seed=args.seed, end_year=args.end_year,
                  history=history, memo=memo, ytd=ytd)
    label = step_label("simulating", args.lang)
    return [simulate(name, run=run) for name in track(names, label=label)]


def _sensitivity(args: argparse.Namespace, targets: pd.DataFrame,
                 history: pd.DataFrame, ytd: pd.DataFrame | None) -> pd.DataFrame | None:
    """Tornado table of the first scenario for the --tornado-year targets, if asked for."""
    if not args.tornado:
        return None
    from huaian_forecast.analysis import tornado
    from huaian_forecast.cli.progress import ProgressBar, step_label

    chosen = targets[targets["year"] == args.tornado_year]
    if chosen.empty:
        raise ArgumentError(f"--tornado-year {args.tornado_year}: no target in that year; "
                            f"target years: {sorted(set(targets['year']))}")
    scenario = args.scenario[0] if args.scenario else "baseline"
    from huaian_forecast.analysis import factor_ranges

    runs = 1 + 2 * len(factor_ranges(scenario, "all"))
    from huaian_forecast.simulation import RunSpec

    with ProgressBar(runs, label=step_label("tornado", args.lang)) as bar:
        # the run's year-to-date figures set the first year's delivery here too; the
        # end year is the sweep's default (the target year: the paths do not depend on it)
        run = RunSpec(n_paths=args.tornado_paths, seed=args.seed, history=history,
                      end_year=args.tornado_year, progress=bar.advance, ytd=ytd)
        return tornado(scenario, chosen, run=run)


def _cmd_report(args: argparse.Namespace) -> int:
    from huaian_forecast.report import OutputExistsError

    try:
        return _report(args)
    except OutputExistsError as exc:  # the library's advice names force=True: here a flag
        raise exc.naming("--force") from None


def _report(args: argparse.Namespace) -> int:
    """Check the folder, read, simulate and write (:func:`_cmd_report`), charts apart."""
    from huaian_forecast.report.chart_process import ChartProcess, usable_cores

    if usable_cores() < 2 or not sys.executable:
        return _check_read_and_write(args, None)
    # started first: a second process gets ready to draw (imports, font) while this one
    # checks the folder, reads the data and simulates, then draws the charts while this
    # one writes the workbook and the briefings (stopped at once if the check fails)
    try:
        chart_process = ChartProcess()
    except OSError as exc:  # no process can be started here: draw the charts in this one
        logger.debug("charts drawn in this process: %s", exc)
        return _check_read_and_write(args, None)
    with chart_process:
        return _check_read_and_write(args, chart_process)


def _check_read_and_write(args: argparse.Namespace,
                          chart_process: ChartProcess | None) -> int:
    _check_folder(Path(args.out), args.force)
    history = history_from_args(args, bundled=True)
    targets = targets_from_args(args)
    ytd = ytd_table_from_args(args, targets, history)  # read once, before any simulation or file
    return _write(args, history, targets, chart_process, ytd)


def _check_folder(out: Path, force: bool) -> None:
    """Refuse, before any work, a folder holding files a report may overwrite.

    Those are the files every report writes and an earlier report's charts. Which charts
    this report draws is known only once its scenarios are simulated (the write checks
    them then), so a folder holding only earlier charts is refused here too: otherwise
    the refusal would come after the simulation, or not at all for a chart this report
    does not draw. The planner sees everything the folder holds that may be overwritten.
    """
    from huaian_forecast.report import FIXED_FILES, OutputExistsError, check_writable

    charts = [p.name for p in sorted(out.glob("*.png"))
              if p.name.startswith(("fan_", "tornado_"))] if out.is_dir() else []
    listed = f"{', '.join(charts[:20])}{' ...' if len(charts) > 20 else ''}"
    also = (f"the folder also holds {len(charts)} chart(s) of an earlier report, which this "
            f"one may overwrite: {listed}" if charts else "")
    check_writable([out / n for n in FIXED_FILES], force=force, also=also)
    if charts and not force:
        raise OutputExistsError(f"{out} holds {len(charts)} chart(s) of an earlier report, "
                                f"which this one may overwrite: {listed}; use --force to "
                                "overwrite")


def _write(args: argparse.Namespace, history: pd.DataFrame, targets: pd.DataFrame,
           chart_process: ChartProcess | None, ytd: pd.DataFrame | None = None) -> int:
    """Simulate, run the sensitivity analysis and write the report (``_cmd_report``)."""
    from huaian_forecast.cli.progress import ProgressBar, step_label
    from huaian_forecast.report import write_report
    from huaian_forecast.simulation import SimulationMemo

    memo = SimulationMemo()  # shared by the simulations and the growth families' view
    projections = _simulate_scenarios(args, history, memo, ytd)
    sensitivity = _sensitivity(args, targets, history, ytd)
    command = "huaian-forecast " + " ".join(sys.argv[1:] if args.argv is None else args.argv)
    with warnings_once(), ProgressBar(label=step_label("writing", args.lang)) as bar:
        # the growth families' view of the targets (the model range) is computed there,
        # with this memo's fits, once the charts are on their way
        files = write_report(args.out, projections, history=history, targets=targets,
                             tornado=sensitivity, lang=args.lang, command=command,
                             force=args.force, progress=bar, chart_process=chart_process,
                             memo=memo, ytd=ytd, use_ytd=not args.no_ytd)
    for path in files:
        print(path)
    return 0


def _add_report(sub: Any) -> None:
    p = sub.add_parser(
        "report", help="write the workbook, charts and a briefing summary into a folder",
        description="Simulate the scenarios and write into --out: report.xlsx (summary, "
                    "milestones, fan quantiles, scenario inputs, history, manifest), one fan "
                    "chart per indicator, a scenario comparison chart (PNG), summary.md, "
                    "report.html (a self-contained briefing that opens offline) and "
                    "iamc.csv; with --tornado also one sensitivity chart per target of "
                    "--tornado-year. Nothing is written unless every file succeeds; existing "
                    "files are kept unless --force.",
        epilog="examples:\n  huaian-forecast report --out out/\n"
               "  huaian-forecast report --out out/ --lang en --force\n"
               "  huaian-forecast report --out out/ --scenario baseline --scenario my.toml\n"
               "  huaian-forecast report --out out/ --data mine.xlsx --n-paths 20000\n"
               "  huaian-forecast report --out out/ --ytd my_ytd.csv\n"
               "  huaian-forecast report --out out/ --tornado --tornado-year 2030",
        formatter_class=_RAW)
    p.add_argument("--out", required=True, metavar="DIR", help="output folder")
    p.add_argument("--force", action="store_true", help="overwrite existing files")
    p.add_argument("--scenario", action="append", metavar="NAME|FILE",
                   help="scenario name or TOML file; repeat to compare (default: all "
                        "built-in scenarios)")
    add_simulation(p)
    add_data(p)
    add_targets(p)
    add_ytd(p)
    p.add_argument("--end-year", type=int, default=2035, help="last simulated year")
    p.add_argument("--tornado", action="store_true",
                   help="add sensitivity (tornado) charts for the first scenario; runs "
                        "1 + 2 x (number of levers and uncertainties) simulations")
    p.add_argument("--tornado-year", type=int, default=2030,
                   help="target year of the tornado charts (default: 2030)")
    p.add_argument("--tornado-paths", type=int, default=1_000,
                   help="Monte Carlo paths per sensitivity run (default: 1000)")
    add_lang(p)
    p.set_defaults(func=_cmd_report)


def _cmd_backtest(args: argparse.Namespace) -> int:
    from huaian_forecast.analysis import backtest

    history = history_from_args(args, bundled=True)
    methods = tuple(args.method) if args.method else ("ensemble", "rw_drift_naive",
                                                      "last_value")
    table = backtest(history, indicator=indicator_key(args.indicator), region=args.region,
                     holdout=args.holdout, n_paths=args.n_paths, seed=args.seed,
                     methods=methods, calibrate=args.calibrate)
    skipped = table.attrs.get("skipped", [])
    present(table, args.lang, args.format)
    if args.format == "table":
        for reason in skipped:
            print(f"not scored: {reason}")
    return 0


def _add_backtest(sub: Any) -> None:
    p = sub.add_parser(
        "backtest", help="score the growth models and the scenario model on held-out history",
        description="Rolling-origin backtest: hold out the last --holdout observed years "
                    "of one series, forecast them from the earlier years and score each "
                    "method (CRPS, interval score, 80% coverage with its s.e., mean "
                    "relative width of the 80% interval, Brier score of 'target at today's "
                    "pace met'). --method scenario simulates the status-quo scenario from "
                    "each origin; --calibrate adds each method widened by the conformal "
                    "factor per horizon learnt from the other origins.",
        epilog="examples:\n"
               "  huaian-forecast backtest --indicator rd_intensity --region Jiangsu\n"
               "  huaian-forecast backtest --indicator hightech_share --region Jiangsu "
               "--method scenario --method ensemble --calibrate\n"
               "  huaian-forecast backtest --indicator hightech_share --region Jiangsu "
               "--holdout 2 --format json\n"
               "  huaian-forecast backtest --indicator hte_count --data mine.xlsx",
        formatter_class=_RAW)
    p.add_argument("--indicator", required=True, help="indicator key or Chinese name")
    p.add_argument("--region", default=HOME_REGION, help="region of the series")
    p.add_argument("--holdout", type=int, default=3, help="held-out years (default: 3)")
    p.add_argument("--method", action="append", metavar="NAME",
                   help="method to score; repeat for several (default: ensemble, "
                        "rw_drift_naive, last_value); 'scenario' is the status-quo "
                        "scenario model; a growth family by name (linear, loglinear, ...)")
    p.add_argument("--calibrate", action="store_true",
                   help="also score each method with its honest width (conformal factor "
                        "per horizon from the other origins, naive benchmark as floor)")
    add_format(p)
    add_simulation(p)
    add_data(p)
    p.set_defaults(func=_cmd_backtest)


def add_report_commands(sub: Any) -> None:
    """Register ``report`` and ``backtest`` on the ``huaian-forecast`` subparsers."""
    _add_report(sub)
    _add_backtest(sub)
