"""Options, argument checks and output shared by the ``huaian-forecast`` subcommands.

Every subcommand module (:mod:`huaian_forecast.cli.main`, :mod:`huaian_forecast.cli.analysis`,
:mod:`huaian_forecast.cli.report`) adds its common options with the ``add_*`` helpers
here, so an option has one spelling, one default and one help text, and prints tables and
JSON through :func:`print_table` / :func:`print_json`. :func:`check_options` validates the
shared numeric options before anything is simulated and raises
:class:`~huaian_forecast.exceptions.ArgumentError`, which the CLI reports as a user error
(exit code 2); any other exception is a bug (exit code 1).
"""

from __future__ import annotations

import argparse
import json
import math
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from huaian_forecast.cli.provenance import provenance_fields
from huaian_forecast.exceptions import ArgumentError

if TYPE_CHECKING:  # pragma: no cover - imported where used (a light CLI start)
    from concurrent.futures import Executor

    import pandas as pd

__all__ = [
    "add_data",
    "add_format",
    "add_lang",
    "add_simulation",
    "add_targets",
    "add_ytd",
    "check_options",
    "cost_line",
    "frame_to_json",
    "present",
    "print_json",
    "print_table",
    "process_pool",
    "to_json",
    "with_names",
    "with_units",
]

#: Options that count something and must be at least 1 (argparse dest -> flag).
_AT_LEAST_ONE = {"n_paths": "--n-paths", "tornado_paths": "--tornado-paths", "jobs": "--jobs"}
#: Options holding a simulated calendar year (argparse dest -> flag).
_SIMULATED_YEAR = {"end_year": "--end-year", "year": "--year"}


def _clean(value: Any) -> Any:
    """JSON-safe copy: numpy scalars unwrapped, floats rounded, NaN and +-inf -> null."""
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float):
        return round(value, 6) if math.isfinite(value) else None
    return value


def to_json(obj: Any) -> str:
    """Serialise plain data as strict JSON (no ``NaN`` / ``Infinity`` tokens), UTF-8 text."""
    return json.dumps(_clean(obj), ensure_ascii=False, indent=2, allow_nan=False)


def frame_to_json(frame: pd.DataFrame) -> str:
    """Serialise a table as a JSON list of records, deterministic, NaN and inf as null.

    A result table that records its provenance (``attrs["provenance"]``) gives every
    record the flat fields of :func:`provenance_fields` after its own columns (a column
    of the same name is kept instead).
    """
    extra = {k: v for k, v in provenance_fields(frame.attrs.get("provenance")).items()
             if k not in frame}  # a column of the table wins (compare's own scenario)
    return to_json([record | extra for record in frame.to_dict("records")])


def print_json(obj: Any) -> None:
    """Print ``obj`` as JSON (see :func:`to_json`)."""
    print(to_json(obj))


def print_table(frame: pd.DataFrame, fmt: str) -> None:
    """Print a table as aligned text (``fmt="table"``) or JSON records (``"json"``)."""
    import pandas as pd

    if fmt == "json":
        print(frame_to_json(frame))
        return
    with pd.option_context("display.max_rows", None, "display.max_columns", None,
                           "display.width", 200):
        print(frame.to_string(index=False, float_format=lambda x: f"{x:.3f}", na_rep="—"))


@contextmanager
def process_pool(jobs: int) -> Iterator[Executor | None]:
    """No executor for one job, else a process pool (spawn) of ``jobs`` workers.

    The pool of every command with ``--jobs`` (compare, solve, frontier); the result
    does not depend on it.

    A worker stopped from outside (the out-of-memory killer) breaks the pool: that is a
    :class:`ChildProcessError` (one line, exit 1), like the chart process's, not a bug.
    """
    if jobs == 1:
        yield None
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    try:
        with ProcessPoolExecutor(max_workers=jobs,
                                 mp_context=multiprocessing.get_context("spawn")) as ex:
            yield ex
    except BrokenProcessPool as exc:
        raise ChildProcessError(f"a --jobs worker process ended abruptly ({exc}); it may "
                                "have run out of memory: try fewer --jobs or --n-paths"
                                ) from exc


def add_format(p: argparse.ArgumentParser) -> None:
    """Add ``--format table|json`` (JSON: :func:`frame_to_json` / :func:`print_json`)."""
    p.add_argument("--format", choices=("table", "json"), default="table",
                   help="output format (default: table); a simulated result's JSON "
                        "records its seed, n_paths, data_hash, targets_hash and package "
                        "versions (see the README)")


def add_simulation(p: argparse.ArgumentParser) -> None:
    """Add ``--seed`` and ``--n-paths``; one default for every subcommand.

    The defaults are those of ``simulation.DEFAULT_RUN`` (as in the library), so
    ``assess`` and ``compare`` show the same probability for the same scenario.
    """
    from huaian_forecast.simulation import DEFAULT_RUN

    n_paths, seed = DEFAULT_RUN.n_paths, DEFAULT_RUN.seed
    p.add_argument("--seed", type=int, default=seed, help=f"random seed (default: {seed})")
    p.add_argument("--n-paths", type=int, default=n_paths,
                   help=f"Monte Carlo paths (default: {n_paths})")


def add_data(p: argparse.ArgumentParser, *, sheet: bool = True) -> None:
    """Add ``--data FILE`` and, with ``sheet``, ``--sheet NAME`` (see history_from_args)."""
    p.add_argument("--data", metavar="FILE",
                   help="your own history (CSV or .xlsx); the bundled rows of the reference "
                        "regions it has no row of are added for the calibrations across "
                        "regions (a note says which; --no-reference: the file alone)")
    p.add_argument("--no-reference", action="store_true",
                   help="with --data: do not add the bundled reference regions")
    if sheet:
        p.add_argument("--sheet", metavar="NAME",
                       help="with --data: the workbook sheet holding the history "
                            "(default: the first sheet)")


def add_targets(p: argparse.ArgumentParser, *, tier: bool = False) -> None:
    """Add ``--targets FILE`` (and, with ``tier``, ``--tier`` choosing floor or stretch)."""
    p.add_argument("--targets", metavar="FILE", help="your own targets file")
    if tier:
        p.add_argument("--tier", type=_tier, default=None, metavar="floor|stretch",
                       help="of a year whose targets file gives a floor (确保) and a stretch "
                            "goal (力争): which one (floor / 确保 or stretch / 力争)")


def _tier(text: str) -> str:
    """Parse ``--tier``: floor / stretch or their Chinese words."""
    from huaian_forecast.data import resolve_tier

    tier = resolve_tier(text)
    if tier not in ("floor", "stretch"):
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a tier; expected floor (确保, 底线) or stretch (力争, 冲刺)")
    return tier


def add_ytd(p: argparse.ArgumentParser) -> None:
    """Add ``--ytd FILE`` / ``--no-ytd``, which exclude each other (one would be ignored)."""
    group = p.add_mutually_exclusive_group()
    group.add_argument("--ytd", metavar="FILE",
                       help="year-to-date figures (default: the bundled 2024 ones); targets "
                            "of their year get p_reach from the nowcast, the same in every "
                            "scenario, and the simulation takes the first year's delivery "
                            "of the plans from them")
    group.add_argument("--no-ytd", action="store_true",
                       help="use no year-to-date figures: no nowcast, and the simulation's "
                            "first-year delivery keeps its prior")


def add_lang(p: argparse.ArgumentParser) -> None:
    """Add ``--lang zh|en``; one default for every subcommand (see ``cli.console``)."""
    from huaian_forecast.cli.console import LANG_ENV, default_lang

    default = default_lang()
    p.add_argument("--lang", choices=("zh", "en"), default=default,
                   help=f"language of the output: zh (中文) or en (default: {default}; "
                        f"set {LANG_ENV} to change it)")


def check_options(args: argparse.Namespace) -> None:
    """Validate the shared numeric options of any subcommand before it runs.

    Counts (``--n-paths``, ``--jobs`` ...) must be at least 1, ``--seed`` non-negative,
    simulated years (``--end-year``, ``--year``) not before the first simulated year,
    every float option finite and ``--p`` a probability (80 reads as 0.8 meant).

    Raises
    ------
    ArgumentError
        Naming the option (and its Python argument name) and what was expected.
    """
    from huaian_forecast.simulation import DEFAULT_START_YEAR

    first_year = DEFAULT_START_YEAR

    values = vars(args)
    for dest, flag in _AT_LEAST_ONE.items():
        if values.get(dest) is not None and values[dest] < 1:
            raise ArgumentError(f"{_flag(flag, dest)} must be at least 1, got {values[dest]}")
    if values.get("seed") is not None and values["seed"] < 0:
        raise ArgumentError(f"--seed must be a non-negative integer, got {values['seed']}")
    for dest, flag in _SIMULATED_YEAR.items():
        if values.get(dest) is not None and values[dest] < first_year:
            raise ArgumentError(f"{_flag(flag, dest)} must be {first_year} or later (the "
                                f"first simulated year), got {values[dest]}")
    for dest, value in values.items():
        if isinstance(value, float) and not math.isfinite(value):
            raise ArgumentError(f"--{dest.replace('_', '-')} must be a finite number, "
                                f"got {value}")
    wanted = values.get("p")
    if isinstance(wanted, float) and not 0.0 < wanted <= 1.0:
        hint = f"; did you mean --p {wanted / 100:g}?" if 1.0 < wanted <= 100.0 else ""
        raise ArgumentError(f"--p is a probability in (0, 1], got {wanted:g}{hint}")


def _flag(flag: str, dest: str) -> str:
    """Write the option with its Python argument name where that is spelt otherwise.

    ``--n-paths (n_paths)`` names the keyword of the library as well; ``--year`` needs no
    ``(year)``.
    """
    return flag if flag.lstrip("-") == dest else f"{flag} ({dest})"


def with_names(table: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Insert a ``name`` column (indicator display name in ``lang``) after ``indicator``."""
    from huaian_forecast.report import short_name

    if "indicator" not in table:
        return table
    names = [short_name(str(k), "zh" if lang == "zh" else "en") for k in table["indicator"]]
    out = table.copy()
    out.insert(list(table.columns).index("indicator") + 1, "name", names)
    return out


def with_units(table: pd.DataFrame) -> pd.DataFrame:
    """Insert a ``unit`` column (the indicator's unit code) after ``threshold``/``indicator``.

    Tables and JSON records then say what ``2.5`` or ``1,000`` is measured in. A table
    that has a ``unit`` column, or no ``indicator`` column, is returned as is.
    """
    from huaian_forecast.indicators import INDICATORS

    if "indicator" not in table or "unit" in table:
        return table
    units = [INDICATORS[k].unit if k in INDICATORS else "" for k in table["indicator"]]
    out = table.copy()
    after = "threshold" if "threshold" in table else "indicator"
    out.insert(list(table.columns).index(after) + 1, "unit", units)
    return out


def present(table: pd.DataFrame, lang: str, fmt: str) -> None:
    """Print a result table with units: JSON keeps codes; a table is shown in ``lang``.

    JSON records keep the English keys and codes (``at_least``, ``percent``) for
    programs; the table format adds the indicator's display name, shows units and codes
    in ``lang`` and, in Chinese, Chinese column names.
    """
    from huaian_forecast.report import localise_table, unit_label

    table = with_units(table)
    if fmt == "json":
        print_table(table, "json")
        return
    table = _whole_counts(table)
    table = with_names(table, lang)
    if lang == "en" and "unit" in table:
        table = table.assign(unit=[unit_label(u, "en") if isinstance(u, str) else u
                                   for u in table["unit"]])
    print_table(localise_table(table, "zh" if lang == "zh" else "en"), "table")


#: Columns in the indicator's own unit (a count's are shown whole).
_VALUE_COLUMNS = ("threshold", "q10", "median", "q90", "ytd_value", "annual_target",
                  "nowcast", "nowcast_lo", "nowcast_hi")


def _whole_counts(table: pd.DataFrame) -> pd.DataFrame:
    """Show the value columns of a count's rows whole (934 firms, not 934.000).

    The columns become text, the other rows with three decimals as ``print_table``
    writes floats; JSON keeps the numbers.
    """
    from huaian_forecast.indicators import INDICATORS

    if "indicator" not in table:
        return table
    count = table["indicator"].map(lambda k: k in INDICATORS and INDICATORS[k].is_integer)
    if not count.any():
        return table
    out = table.copy()
    for col in _VALUE_COLUMNS:
        if col in out and out[col].dtype.kind == "f":
            out[col] = [("—" if x != x else f"{x:.0f}" if whole else f"{x:.3f}")
                        for x, whole in zip(out[col], count, strict=True)]
    return out


def cost_line(cost_yuan: float, basis: str, lang: str, *, extra: float | None = None,
              base: str = "") -> str:
    """Say a yearly cost in 亿元 and what it is (``basis``, see ``analysis.cost_basis``).

    ``extra`` is the change from the scenario's own setting ``base`` (value and unit).
    A cost paid per success reads "expected reward payout (paid ..., at a 65 % pass
    rate)", not "annual cost": it is not the lever's value times its unit cost.
    """
    from huaian_forecast.report import note_label

    zh = lang == "zh"
    what = str(note_label(basis, "zh" if zh else "en")) if basis else ""
    head = f"{what}：每年" if zh and what else "每年成本" if zh else \
        f"{what}: " if what else "cost "  # "... a year" follows: not "annual ... a year"
    line = f"{head} {cost_yuan / 1e8:.3f} 亿元" if zh else \
        f"{head}{cost_yuan / 1e8:.3f} hundred million yuan (亿元) a year"
    if extra is None or not math.isfinite(extra):
        return line
    if zh:
        return f"{line}（较情景设定 {base} 变化 {extra / 1e8:+.3f} 亿元）"
    return f"{line} ({extra / 1e8:+.3f} hundred million yuan vs the scenario's {base})"
