"""Subcommand ``pace`` of ``huaian-forecast``: the year's pace (序时进度) and nowcast.

It only parses arguments, calls :func:`huaian_forecast.analysis.pace` /
:func:`~huaian_forecast.analysis.nowcast` (or the bundled year-to-date table) and prints.
Registered by :func:`huaian_forecast.cli.analysis.add_analysis_commands`.
"""

from __future__ import annotations

import argparse
from typing import Any

from huaian_forecast.cli.common import add_format, present, print_json
from huaian_forecast.exceptions import ArgumentError

__all__ = ["add_pace_command"]


def _cmd_pace(args: argparse.Namespace) -> int:
    from huaian_forecast.analysis import elapsed_share, nowcast, pace, pace_table

    given = [args.ytd is not None, args.target is not None, args.as_of is not None]
    if not any(given):
        present(pace_table(convention=args.convention), args.lang, args.format)
        return 0
    if not all(given):
        raise ArgumentError("give all of --ytd, --target and --as-of (or none of them "
                                  "for the bundled 2024 figures)")
    if args.ytd < 0:
        raise ArgumentError(f"--ytd must be zero or more (a year-to-date total), got "
                            f"{args.ytd:g}")
    exact = pace(args.ytd, args.target, args.as_of, convention=args.convention)
    record: dict[str, Any] = {
        "ytd": args.ytd, "annual_target": args.target, "as_of": args.as_of,
        "convention": args.convention,
        "elapsed_share": elapsed_share(args.as_of, args.convention),
        "pace": round(exact, 2), "pace_percent": round(100 * exact), "pace_exact": exact}
    if args.yoy_growth is not None:
        now = nowcast(args.ytd, args.as_of, yoy_growth=args.yoy_growth / 100.0,
                      annual_target=args.target, convention=args.convention)
        record |= {"nowcast": now.estimate, "nowcast_lo": now.lower, "nowcast_hi": now.upper,
                   "interval": now.level, "p_meet_target": now.p_meet_target,
                   "p_min": now.p_min, "p_max": now.p_max,
                   "assumptions": list(now.assumptions)}
    if args.format == "json":
        print_json(record)
        return 0
    import pandas as pd

    from huaian_forecast.report import localise_columns, note_label

    if "assumptions" in record:
        record["assumptions"] = note_label("; ".join(record["assumptions"]), args.lang)
    labels = localise_columns(pd.DataFrame(columns=list(record)), args.lang).columns
    width = max(len(str(x)) for x in labels)
    for label, value in zip(labels, record.values(), strict=True):
        print(f"{label:>{width}}: {value:.4g}" if isinstance(value, float) else
              f"{label:>{width}}: {value}")
    return 0


def add_pace_command(sub: Any) -> None:
    """Register the ``pace`` subcommand on ``sub``."""
    p = sub.add_parser(
        "pace", help="pace within the year (序时进度) and full-year nowcast",
        description="(YTD / annual target) / share of the year elapsed; 1.00 is on "
                    "schedule. With --yoy-growth also a nowcast of the full year with an "
                    "80% interval and the probability of meeting the target. Without "
                    "arguments: the bundled 2024 year-to-date figures.",
        epilog="examples:\n  huaian-forecast pace --ytd 63.05 --target 140 --as-of 2024-05-31"
               "\n  huaian-forecast pace --ytd 63.05 --target 140 --as-of 2024-05-31 "
               "--yoy-growth 38.7 --format json\n  huaian-forecast pace",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--ytd", type=float, help="year-to-date value")
    p.add_argument("--target", type=float, help="annual target (same unit)")
    p.add_argument("--as-of", help="date of the year-to-date value, YYYY-MM-DD")
    p.add_argument("--yoy-growth", type=float, default=None,
                   help="year-on-year growth of the YTD value in percent (gives a nowcast)")
    p.add_argument("--convention", choices=("month", "day"), default="month",
                   help="elapsed share by months (default, as in the bureau's reports) "
                        "or by days")
    add_format(p)
    p.set_defaults(func=_cmd_pace)
