"""Subcommand ``pace`` of ``huaian-forecast``: the year's pace (序时进度) and nowcast.

It only parses arguments, calls :func:`huaian_forecast.analysis.pace` /
:func:`~huaian_forecast.analysis.nowcast` (one figure, ``--value``) or
:func:`~huaian_forecast.analysis.pace_table` (every row of a year-to-date file: ``--ytd
FILE`` as in ``assess``, ``compare`` and ``report``, or the bundled one) and prints.
Registered by :func:`huaian_forecast.cli.analysis.add_analysis_commands`.
"""

from __future__ import annotations

import argparse
import math
from pathlib import Path
from typing import Any

from huaian_forecast.cli.common import add_format, add_targets, present, print_json
from huaian_forecast.exceptions import ArgumentError

__all__ = ["add_pace_command"]

#: The options of one figure (``--value``); a file's rows carry their own.
_ONE_FIGURE = (("target", "--target"), ("as_of", "--as-of"), ("yoy_growth", "--yoy-growth"))


def _as_number(text: str) -> float | None:
    """Return ``text`` as a number where it is one (else None)."""
    try:
        return float(text)
    except ValueError:
        return None


def _read_ytd_option(args: argparse.Namespace) -> None:
    """Read ``--ytd``: a file, or (deprecated) one figure, which moves to ``--value``.

    Raises
    ------
    ArgumentError
        ``--ytd`` empty, both a number and an existing path (which is meant cannot be
        told), or given with ``--value``.
    """
    if args.ytd is None:
        return
    if not args.ytd.strip():
        raise ArgumentError("--ytd is empty: give a year-to-date FILE (or --value NUMBER "
                            "for one figure)")
    number = _as_number(args.ytd)
    if number is not None and Path(args.ytd).exists():
        raise ArgumentError(
            f"--ytd {args.ytd} is both a number (the old spelling of --value) and the name "
            f"of a file here: write --value {args.ytd} for the figure, or --ytd "
            f"./{args.ytd} for the file")
    if args.value is not None:
        raise ArgumentError("give either --ytd FILE (every figure of a year-to-date file) "
                            "or --value NUMBER (one figure), not both")
    if number is None:
        return
    vars(args).setdefault("notes_after", []).append(
        f"--ytd {args.ytd}: a number after --ytd is deprecated; write --value {args.ytd} "
        "(--ytd takes a year-to-date FILE, as in assess, compare and report)")
    args.value, args.value_flag, args.ytd_number = number, "--ytd", args.ytd
    args.ytd = None


def _cmd_pace(args: argparse.Namespace) -> int:
    _read_ytd_option(args)
    if args.sheet is not None and args.ytd is None:  # as --sheet without --data
        read = (f"; --ytd {args.ytd_number} was read as one figure (--value), not a file"
                if getattr(args, "ytd_number", None) is not None else "")
        raise ArgumentError("--sheet needs --ytd FILE (the bundled year-to-date figures "
                            f"are a CSV file){read}")
    if args.value is None:
        return _every_row(args)
    try:
        if args.targets is not None:
            raise ArgumentError("--targets goes with a year-to-date file (--ytd FILE or the "
                                "bundled one); with --value give the annual target as "
                                "--target")
        return _one_figure(args)
    except ArgumentError as exc:
        if getattr(args, "value_flag", "--value") == "--value":
            raise
        number = args.ytd_number  # say how --ytd was read: an error shows no notes
        raise ArgumentError(f"{exc} (--ytd {number} was read as one figure, the old "
                            f"spelling of --value {number})") from None


def _every_row(args: argparse.Namespace) -> int:
    """Pace every home-region row of ``--ytd FILE`` (or the bundled file)."""
    from huaian_forecast.analysis import pace_table
    from huaian_forecast.cli.inputs import note_other_regions, targets_from_args
    from huaian_forecast.data import HOME_REGION

    given = [flag for dest, flag in _ONE_FIGURE if getattr(args, dest) is not None]
    if given:
        verb = "goes" if len(given) == 1 else "go"
        raise ArgumentError(f"{', '.join(given)} {verb} with --value NUMBER (one "
                            "figure); the rows of a year-to-date file carry their own "
                            "(give all of --value, --target and --as-of)")
    targets = None if args.targets is None else targets_from_args(args)
    table = pace_table(_ytd_of(args, targets), targets=targets, convention=args.convention)
    others = table.attrs["other_regions"]
    why = (f"pace reads {HOME_REGION}'s figures, as assess does: the nowcast's seasonal "
           "assumptions are its bureau's")
    if table.empty:
        raise ArgumentError(f"{args.ytd}: no row of {HOME_REGION}, only of "
                            f"{', '.join(others)} ({why})")
    note_other_regions(args, str(args.ytd), others, why)
    if args.format != "json":  # JSON keeps every column for programs
        from huaian_forecast.report import without_single_tier

        table = without_single_tier(table)
    present(table, args.lang, args.format)
    return 0


def _ytd_of(args: argparse.Namespace, targets: Any) -> Any:
    """Return ``--ytd FILE`` as pace_table takes it: its ``--sheet`` loaded, else the path.

    The sheet is read as ``--sheet`` reads ``--data``'s: an unknown one names the file and
    lists its sheets, a CSV file has none (:func:`~huaian_forecast.data.load_ytd`).
    """
    if args.sheet is None:
        return args.ytd
    from huaian_forecast.data import load_ytd

    return load_ytd(args.ytd, sheet=args.sheet, targets=targets)


def _one_figure(args: argparse.Namespace) -> int:
    """Pace (and with ``--yoy-growth`` the nowcast) of the one figure ``--value``."""
    from huaian_forecast.analysis import elapsed_share, nowcast, pace

    flag = getattr(args, "value_flag", "--value")
    if args.target is None or args.as_of is None:
        raise ArgumentError(f"give all of {flag}, --target and --as-of (or none of them "
                            "for the bundled 2024 figures, or --ytd FILE for yours)")
    if not math.isfinite(args.value):
        raise ArgumentError(f"{flag} must be a finite number, got {args.value}")
    if args.value < 0:
        raise ArgumentError(f"{flag} must be zero or more (a year-to-date total), got "
                            f"{args.value:g}")
    exact = pace(args.value, args.target, args.as_of, convention=args.convention)
    record: dict[str, Any] = {
        "ytd": args.value, "annual_target": args.target, "as_of": args.as_of,
        "convention": args.convention,
        "elapsed_share": elapsed_share(args.as_of, args.convention),
        "pace": round(exact, 2), "pace_percent": round(100 * exact), "pace_exact": exact}
    if args.yoy_growth is not None:
        now = nowcast(args.value, args.as_of, yoy_growth=args.yoy_growth / 100.0,
                      annual_target=args.target, convention=args.convention)
        record |= {"nowcast": now.estimate, "nowcast_lo": now.lower, "nowcast_hi": now.upper,
                   "interval": now.level, "p_meet_target": now.p_meet_target,
                   "p_min": now.p_min, "p_max": now.p_max,
                   "assumptions": list(now.assumptions)}
    if args.format == "json":
        print_json(record)
        return 0
    _print_record(record, args.lang)
    return 0


def _print_record(record: dict[str, Any], lang: Any) -> None:
    """Print one figure's record as ``label: value`` lines in ``lang``."""
    import pandas as pd

    from huaian_forecast.report import code_label, localise_columns, note_label

    record["convention"] = code_label(record["convention"], lang)
    if "assumptions" in record:
        record["assumptions"] = note_label("; ".join(record["assumptions"]), lang)
    labels = localise_columns(pd.DataFrame(columns=list(record)), lang).columns
    width = max(len(str(x)) for x in labels)
    for label, value in zip(labels, record.values(), strict=True):
        print(f"{label:>{width}}: {value:.4g}" if isinstance(value, float) else
              f"{label:>{width}}: {value}")


def add_pace_command(sub: Any) -> None:
    """Register the ``pace`` subcommand on ``sub``."""
    p = sub.add_parser(
        "pace", help="pace within the year (序时进度) and full-year nowcast",
        description="(YTD / annual target) / share of the year elapsed; 1.00 is on "
                    "schedule. Without arguments: every figure of the bundled 2024 "
                    "year-to-date file, with its nowcast; --ytd FILE: every Huai'an figure "
                    "of yours (the file assess, compare and report read; other regions' "
                    "rows are left out and named, as there), against its annual targets "
                    "or those of --targets FILE (which may supply a target the file "
                    "leaves empty; one on another scale than the figure, 万元 for 亿元, "
                    "is refused). --value with --target "
                    "and --as-of: one figure; with --yoy-growth also its nowcast with an "
                    "80% interval and the probability of meeting the target.",
        epilog="examples:\n  huaian-forecast pace"
               "\n  huaian-forecast pace --ytd mine.csv --targets my_targets.csv"
               "\n  huaian-forecast pace --ytd mine.xlsx --sheet 6月"
               "\n  huaian-forecast pace --value 63.05 --target 140 --as-of 2024-05-31"
               "\n  huaian-forecast pace --value 63.05 --target 140 --as-of 2024-05-31 "
               "--yoy-growth 38.7 --format json"
               "\n(--ytd NUMBER, the old spelling of --value, still works but is "
               "deprecated)",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--ytd", metavar="FILE",
                   help="your year-to-date figures (CSV or .xlsx, as for assess --ytd; "
                        "default: the bundled 2024 ones): every Huai'an row is paced")
    p.add_argument("--sheet", metavar="NAME",
                   help="with --ytd FILE: the workbook sheet holding the year-to-date "
                        "figures (default: the first sheet)")
    p.add_argument("--value", type=float, metavar="NUMBER",
                   help="one year-to-date value (with --target and --as-of)")
    add_targets(p)
    p.add_argument("--target", type=float, help="annual target of --value (same unit)")
    p.add_argument("--as-of", help="date of --value, YYYY-MM-DD")
    p.add_argument("--yoy-growth", type=float, default=None,
                   help="year-on-year growth of --value in percent (gives a nowcast)")
    p.add_argument("--convention", choices=("month", "day"), default="month",
                   help="elapsed share by months (default, as in the bureau's reports) "
                        "or by days")
    add_format(p)
    p.set_defaults(func=_cmd_pace)
