"""Command line interface: ``huaian-forecast <subcommand>``.

The CLI only parses arguments, calls the library and prints. A user error (bad file, bad
scenario) is one line on stderr and exit code 2; an unexpected error is exit code 1 with a
request to report the bug. Never a traceback.
"""

from __future__ import annotations

import argparse
import gc
import logging
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NoReturn

from huaian_forecast.cli.analysis import add_analysis_commands
from huaian_forecast.cli.assess_view import assess_footnote, compact_assessment, status_quo_runs
from huaian_forecast.cli.checks import check_before_work
from huaian_forecast.cli.common import (
    add_data,
    add_format,
    add_simulation,
    add_targets,
    add_ytd,
    check_options,
    present,
)
from huaian_forecast.cli.common import add_lang as _add_lang
from huaian_forecast.cli.common import frame_to_json as frame_to_json
from huaian_forecast.cli.common import print_table as _print_table
from huaian_forecast.cli.console import LOGGER, console, default_lang, silence_closed_pipe
from huaian_forecast.cli.frontier import add_frontier_command
from huaian_forecast.cli.inputs import (
    history_from_args,
    targets_from_args,
    ytd_table_from_args,
)
from huaian_forecast.cli.listing import add_listing_commands
from huaian_forecast.cli.provenance import provenance_line
from huaian_forecast.cli.report import add_report_commands
from huaian_forecast.data import control_pattern
from huaian_forecast.exceptions import HuaianForecastError

if TYPE_CHECKING:  # pragma: no cover - imported where used (a light CLI start)
    pass

__all__ = ["main"]

EXIT_USER_ERROR = 2
EXIT_INTERNAL_ERROR = 1
EXIT_ENVIRONMENT_ERROR = 1  # the machine, not the input: disk full, I/O error
#: Errors reported as the user's (exit 2): the package's own, and operating-system errors
#: caused by the paths a user gave. Anything else is a bug (exit 1).
_USER_ERRORS: tuple[type[Exception], ...] = (
    HuaianForecastError, FileNotFoundError, PermissionError, IsADirectoryError,
    NotADirectoryError)


def _cmd_assess(args: argparse.Namespace) -> int:
    from huaian_forecast.analysis import planner_assessment
    from huaian_forecast.simulation import RunSpec, SimulationMemo, simulate

    history = history_from_args(args, bundled=True)  # the one load of this run
    targets = targets_from_args(args)
    ytd = ytd_table_from_args(args, targets, history)  # one table: simulation and nowcast
    memo = SimulationMemo()  # the growth fits are shared by simulate and model_spread
    run = RunSpec(n_paths=args.n_paths, seed=args.seed, end_year=args.end_year,
                  history=history, memo=memo, ytd=ytd)
    proj = simulate(args.scenario, run=run, method=args.method)
    if args.honest_width:
        from huaian_forecast.analysis import honest_width_factors, widen_projection

        factors = honest_width_factors(
            history, method="scenario" if args.method == "structural" else "ensemble",
            seed=args.seed)
        proj = widen_projection(proj, factors)
    table = planner_assessment(proj, targets, history=history, ytd=ytd,
                               use_ytd=not args.no_ytd, with_spread=not args.no_spread,
                               n_paths=min(args.n_paths, 4_000), seed=args.seed, memo=memo)
    from huaian_forecast.cli.caveats import (
        carried_forward_caveat,
        end_year_hint,
        extrapolation_caveats,
        honest_width_caveat,
    )

    if args.format == "table" and not args.wide:
        _print_table(compact_assessment(table, args.lang), "table")
        print(assess_footnote(table, args.lang, proj.n_paths, trend=args.method == "trend",
                              ytd_dates=proj.manifest.get("ytd_as_of_by_indicator")))
        for caveat in (carried_forward_caveat(proj.manifest, args.lang),
                       honest_width_caveat(proj.manifest, args.lang),
                       *extrapolation_caveats(table, proj.manifest, args.lang).values(),
                       end_year_hint(table, int(proj.years[-1]), args.lang)):
            if caveat:
                print(caveat)
        line = provenance_line(table.attrs.get("provenance"))
        if line:  # seed, paths and hashes: what reproduces the table
            print(line)
    else:  # JSON: the caveat a field of each record, as the provenance (null: none)
        if args.format == "json":
            far = extrapolation_caveats(table, proj.manifest, "en")
            table = table.assign(
                carried_forward_caveat=carried_forward_caveat(proj.manifest, "en"),
                extrapolation_caveat=[far.get(i) for i in range(len(table))],
                status_quo_run=status_quo_runs(table, table.attrs.get("status_quo_run")))
        elif args.lang == "zh":  # --wide: the reason of a disagreement in Chinese too
            from huaian_forecast.report import disagreement_zh

            table = disagreement_zh(table, trend=args.method == "trend")
        present(table, args.lang, args.format)
    return 0


class _Parser(argparse.ArgumentParser):
    """An argument parser whose usage errors are one line (exit code 2), like all others."""

    def error(self, message: str) -> NoReturn:
        """Print ``<prog>: error: <message>`` on one line and exit with code 2."""
        self.exit(EXIT_USER_ERROR, f"{self.prog}: error: {_one_line(message)} "
                                   f"(see {self.prog} --help)\n")


#: Longest unbroken run of characters echoed in a message (a value, a name, a path).
_MAX_WORD = 120
_MAX_MESSAGE = 2_000
#: Characters never printed raw on a terminal: every control character of the data
#: stage's table (escape sequences, bidi marks, overrides and isolates, zero-width
#: characters, line separators, BOM, noncharacters, surrogates from undecodable file
#: names), shown as ``\uXXXX`` so a hidden difference becomes visible ("unknown scenario
#: 'base\u200bline'"). Tab and newline are left to the line folding, which turns them
#: into spaces; CR is escaped, since a raw one would return the cursor and let the rest
#: of the line overwrite the start.
_CONTROLS = control_pattern(keep="\t\n")


def _shorten(word: str) -> str:
    """Cut a long word to its start and end, saying how long it was."""
    if len(word) <= _MAX_WORD:
        return word
    return f"{word[:60]}…{word[-20:]} ({len(word):,} characters)"


def _one_line(message: object) -> str:
    r"""Collapse a message onto one line (the CLI's errors are always a single line).

    A long echoed value (a 5,000-digit number, a 100,000-character name) is cut to its
    start and end, and the whole line to 2,000 characters, so the message stays readable;
    control characters (a terminal escape sequence in a cell) are shown as ``\uXXXX``.
    """
    text = _CONTROLS.sub(lambda m: f"\\u{ord(m.group()):04x}", str(message))
    words = " ".join(_shorten(w) for w in text.split())
    return words if len(words) <= _MAX_MESSAGE else words[:_MAX_MESSAGE - 1] + "…"


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of the ``huaian-forecast`` command."""
    import huaian_forecast  # the root package: its __version__ (no stage is imported)

    parser = _Parser(
        prog="huaian-forecast",
        description="Will Huai'an reach its science-and-technology targets?",
        epilog=f"--lang defaults to {default_lang()} for every subcommand (set "
               "HUAIAN_FORECAST_LANG=en or zh to change it).")
    parser.add_argument("--version", action="version",
                        version=f"%(prog)s {huaian_forecast.__version__}")
    _add_verbosity(parser, argparse.SUPPRESS)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser(
        "assess", help="probability of reaching each target",
        description="Simulate to --end-year and print, per target, the median projection, "
                    "the 80% interval, the probability of reaching it, the range of that "
                    "probability across models (the scenario model and every growth "
                    "family fitted to the same history) and a progress label; a footnote "
                    "bounds the Monte Carlo error of every probability. --format json "
                    "gives every column (p_reach_se for each row's Monte Carlo error).",
        epilog="examples:\n  huaian-forecast assess\n  huaian-forecast assess --format json"
               " --seed 7\n  huaian-forecast assess --data mine.xlsx\n"
               "  huaian-forecast assess --scenario plan_2024\n"
               "  huaian-forecast assess --scenario my_plan.toml --method structural",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    add_format(p)
    add_simulation(p)
    add_data(p)
    p.add_argument("--scenario", default="baseline", metavar="NAME|FILE",
                   help="built-in scenario name (baseline, plan_2024, accelerated, "
                        "gdp_slowdown) or a TOML scenario file")
    p.add_argument("--method", choices=("structural", "trend"), default="structural",
                   help="lever-driven models (default) or growth trends only")
    add_targets(p)
    p.add_argument("--end-year", type=int, default=2035, help="last simulated year")
    p.add_argument("--no-spread", action="store_true",
                   help="skip the model-spread columns (P(reach) under each growth family)")
    add_ytd(p)
    p.add_argument("--honest-width", action="store_true",
                   help="widen the paths by the conformal factor per horizon (1, 2, 3+ "
                        "years) read from Jiangsu's rolling-origin backtests of R&D "
                        "intensity, R&D spending and the high-tech share (docs/backtest.md)"
                        "; a factor below 1 is kept at 1, so an indicator whose backtest "
                        "intervals already covered keeps its interval. Which indicators "
                        "were widened, and by what, is printed under the table and "
                        "recorded as honest_width in the provenance")
    p.add_argument("--wide", action="store_true",
                   help="table format: print every column of the assessment")
    _add_lang(p)
    p.set_defaults(func=_cmd_assess)
    add_report_commands(sub)
    add_analysis_commands(sub)
    add_frontier_command(sub)
    add_listing_commands(sub)
    for command in sub.choices.values():  # the same -v / --quiet / --lang everywhere
        _add_verbosity(command, argparse.SUPPRESS)
        if not any("--lang" in a.option_strings for a in command._actions):
            _add_lang(command)
    parser.set_defaults(verbose=0, quiet=False)
    return parser


def _add_verbosity(p: argparse.ArgumentParser, default: Any) -> None:
    """Add ``-v/--verbose`` (debug lines) and ``-q/--quiet`` (errors only)."""
    group = p.add_mutually_exclusive_group()
    group.add_argument("-v", "--verbose", action="count", default=default,
                       help="also print debug lines on stderr")
    group.add_argument("-q", "--quiet", action="store_true", default=default,
                       help="print errors only (no notes or warnings) on stderr")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; return the exit code."""
    try:
        parser = build_parser()
    except HuaianForecastError as exc:  # HUAIAN_FORECAST_LANG set to something else
        print(f"huaian-forecast: error: {_one_line(exc)}", file=sys.stderr)
        return EXIT_USER_ERROR
    args = parser.parse_args(argv)
    args.argv = None if argv is None else list(argv)
    if argv is None:  # the command line itself: this process runs one command and ends
        _collect_garbage_less()
        _one_blas_thread()
    with console(args.verbose, args.quiet):
        code = _run(args)
    if argv is None:  # the interpreter's last collection would walk every live object
        gc.freeze()
    return code


def _collect_garbage_less() -> None:
    """Let the cyclic garbage collector run less often in a one-command process.

    Importing pandas, scipy and matplotlib and building the tables allocate millions of
    objects that live to the end; with Python's default threshold (700) the collector
    walks them again and again. A command-line run raises the first threshold to
    20,000 and freezes what is alive at the end (see :func:`main`): ``report`` spends
    about 0.25 s less CPU. Memory is unaffected in practice: the cycles are collected,
    only less often. ``main(argv)`` called from Python (tests, notebooks) leaves the
    collector alone.
    """
    gc.set_threshold(20_000, 50, 1_000)


def _one_blas_thread() -> None:
    """Start numpy's OpenBLAS with one thread in a one-command process (unless set).

    Importing numpy starts OpenBLAS's thread pool, whose threads spin for about 0.1 s of
    CPU at once: on two cores that is time taken from the report's chart process. No
    command multiplies matrices large enough for BLAS threads to help (the simulation's
    threads run numpy's element-wise code, not BLAS). A value the planner set
    (``OPENBLAS_NUM_THREADS``) is kept; ``main(argv)`` called from Python leaves the
    environment alone, as does a process that imported numpy already.
    """
    if "numpy" not in sys.modules:
        os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")


def _run(args: argparse.Namespace) -> int:
    """Run the chosen subcommand; turn every exception into a one-line message."""
    try:
        check_options(args)
        check_before_work(args)
        code = int(args.func(args))
        sys.stdout.flush()  # a closed pipe shows here, not in the interpreter's last flush
        for note in vars(args).get("notes_after", ()):  # after the answer: an error stays
            logging.getLogger(LOGGER).info("%s", note)  # the one line on stderr
        return code
    except BrokenPipeError:  # the reader went away (``| head``): not an error
        silence_closed_pipe()
        return 0
    except _USER_ERRORS as exc:
        print(f"huaian-forecast: error: {_one_line(exc)}", file=sys.stderr)
        return EXIT_USER_ERROR
    except ChildProcessError as exc:  # a helper process stopped from outside (OOM killer)
        print(f"huaian-forecast: error: {_one_line(exc)}", file=sys.stderr)
        return EXIT_ENVIRONMENT_ERROR
    except OSError as exc:  # disk full, I/O error, a file system refusing: the machine's
        print(f"huaian-forecast: error: {_one_line(exc)} (a problem of the system: disk, "
              "file system or permissions, not of the computation)", file=sys.stderr)
        return EXIT_ENVIRONMENT_ERROR
    except MemoryError:  # a run bigger than the memory check foresaw: the user's setting
        print("huaian-forecast: error: out of memory; use fewer paths (--n-paths), an "
              "earlier --end-year or a smaller input file", file=sys.stderr)
        return EXIT_USER_ERROR
    except KeyboardInterrupt:
        print("huaian-forecast: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # the last line of defence: no traceback for a planner
        print(f"huaian-forecast: internal error: {type(exc).__name__}: {_one_line(exc)}. "
              "This is a bug; "
              "please report it with the command you ran.", file=sys.stderr)
        return EXIT_INTERNAL_ERROR


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
