"""Checks made before a subcommand starts: output, number of paths, names, thresholds.

Each turns an ordinary mistake into one clear :class:`~huaian_forecast.exceptions.
ArgumentError` (exit code 2) *before* any work: an ``--out`` that is a file or a device
or cannot be written; too few paths for a probability to mean anything; an unknown
indicator or lever name (close matches suggested); an implausible ``--threshold``. More paths than
memory holds are refused by ``simulate`` itself before it allocates; what an input path
is (a folder, a named pipe, a device, a link loop) is said by the loaders, which look at
it before opening it (``data``'s ``check_path``, ``scenarios``' ``load_scenario``).
"""

from __future__ import annotations

import argparse
import math
import os
import stat
import tempfile
from pathlib import Path

from huaian_forecast.exceptions import ArgumentError

__all__ = ["MIN_PATHS", "check_before_work", "check_output_dir", "check_output_file",
           "check_threshold", "indicator_key", "lever_key"]

#: Fewest Monte Carlo paths the CLI accepts: below it a probability is a coin toss and
#: its Monte Carlo error (up to +-0.98 / sqrt(n), 95 %) hides everything else.
MIN_PATHS = 20
_KINDS = ((stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"),
          (stat.S_ISDIR, "a folder"))


def _kind(mode: int) -> str | None:
    """Return what a non-regular file is, in words (None for a regular file)."""
    return next((word for test, word in _KINDS if test(mode)), None)


def check_output_dir(out: str | os.PathLike[str], flag: str = "--out") -> None:
    """Refuse an output folder that is a file or a device, or that cannot be written.

    The check walks up to the nearest existing folder and makes (and removes) an empty
    hidden folder there: permissions, a read-only file system and pseudo file systems
    such as ``/proc`` all show.

    Raises
    ------
    ArgumentError
        Naming the option, the path and the problem.
    """
    try:
        _check_output_dir(out, flag)
    except OSError as exc:  # a name too long, too many levels, an I/O error
        raise ArgumentError(f"{flag}: cannot use the path {out} ({exc.strerror or exc})"
                            ) from None


def _check_output_dir(out: str | os.PathLike[str], flag: str) -> None:
    """Do the work of :func:`check_output_dir` (OSError left to the caller)."""
    path = Path(out)
    if path.exists() and not path.is_dir():
        kind = _kind(path.stat().st_mode) or "a file"
        raise ArgumentError(f"{flag} {out}: {kind}, not a folder; give a folder for the "
                            "report files")
    probe = path
    while not probe.exists():
        if probe.is_symlink():
            raise ArgumentError(f"{flag} {out}: {probe} is a broken symbolic link")
        if probe.parent == probe:
            break
        probe = probe.parent
    if probe.exists() and not probe.is_dir():
        raise ArgumentError(f"{flag} {out}: {probe} is a file, so no folder can be made "
                            "inside it")
    try:  # the one sure test of writing: make (and remove) an empty folder there
        os.rmdir(tempfile.mkdtemp(prefix=".hf-probe-", dir=probe))
    except OSError as exc:
        raise ArgumentError(f"{flag} {out}: cannot write in {probe} "
                            f"({exc.strerror or exc})") from None


def check_output_file(out: str | os.PathLike[str], flag: str = "--out") -> None:
    """Refuse an output file whose folder is missing or not writable, or that is no file.

    Raises
    ------
    ArgumentError
        Naming the option, the path and the problem.
    """
    try:
        _check_output_file(out, flag)
    except OSError as exc:
        raise ArgumentError(f"{flag}: cannot use the path {out} ({exc.strerror or exc})"
                            ) from None


def _check_output_file(out: str | os.PathLike[str], flag: str) -> None:
    """Do the work of :func:`check_output_file` (OSError left to the caller)."""
    path = Path(out)
    if path.exists() and not path.is_file():
        raise ArgumentError(f"{flag} {out}: {_kind(path.stat().st_mode) or 'not a file'}, "
                            "not a file; give a file name such as chart.png")
    folder = path.parent
    if not folder.is_dir():
        raise ArgumentError(f"{flag} {out}: the folder {folder} does not exist")
    try:
        os.rmdir(tempfile.mkdtemp(prefix=".hf-probe-", dir=folder))
    except OSError as exc:
        raise ArgumentError(f"{flag} {out}: cannot write in {folder} "
                            f"({exc.strerror or exc})") from None


def _check_paths(values: dict[str, object]) -> None:
    """Refuse too few paths (more than memory holds is ``simulate``'s own check)."""
    for dest, flag in (("n_paths", "--n-paths"), ("tornado_paths", "--tornado-paths")):
        n = values.get(dest)
        if not isinstance(n, int):
            continue
        if 1 <= n < MIN_PATHS:
            raise ArgumentError(f"{flag} {n}: at least {MIN_PATHS} paths are needed; from "
                                f"{n} path(s) a probability moves in steps of {1 / n:.2f} "
                                "and its error hides the answer (use 1,000 or more)")


def check_before_work(args: argparse.Namespace) -> None:
    """Run every check of this module that applies to the parsed ``args``.

    Raises
    ------
    ArgumentError
        For the first problem found.
    """
    values = vars(args)
    if isinstance(values.get("out"), str):  # report: a folder; frontier: a chart file
        check = check_output_dir if values.get("command") == "report" else check_output_file
        check(values["out"])
    _check_paths(values)


def indicator_key(name: str) -> str:
    """Resolve an indicator key or name given on the command line.

    Raises
    ------
    ArgumentError
        For an unknown name; the message lists the known keys.
    """
    from huaian_forecast.indicators import INDICATORS, resolve_indicator

    key = resolve_indicator(name)
    if key is None:
        raise ArgumentError(f"--indicator: unknown indicator {name!r}; known: "
                            f"{', '.join(sorted(INDICATORS))}")
    return key


def lever_key(name: str, flag: str = "--lever") -> str:
    """Resolve a lever key or its Chinese or English name given on the command line.

    Raises
    ------
    ArgumentError
        For an unknown name; the message suggests close matches and lists the keys.
    """
    import difflib

    from huaian_forecast.scenarios import LEVER_NAMES, LEVERS, lever_by_name

    found = lever_by_name(name)
    if found is not None:
        return found
    close = difflib.get_close_matches(name.strip().casefold(), list(LEVER_NAMES), n=3,
                                      cutoff=0.6)
    hint = (f"did you mean {', '.join(dict.fromkeys(LEVER_NAMES[c] for c in close))}? "
            if close else "")
    raise ArgumentError(f"{flag}: unknown lever {name!r}; {hint}known levers (key or "
                        f"Chinese name): {', '.join(LEVERS)}")


def check_threshold(key: str, value: float, direction: str = "at_least") -> None:
    """Refuse a ``--threshold`` outside the indicator's valid or plausible range.

    The checks are those the data loader applies to a target file (valid range, shares
    within 0-100 %, ``huaian_forecast.data.PLAUSIBLE``, a count whole): 0.03 for an R&D
    intensity of 3 % is a fraction written for percent, and the message names the value
    meant; for a count the whole number the target means in its ``direction``.

    Raises
    ------
    ArgumentError
        Naming the indicator, its unit and range and, for a fraction, the percent value.
    """
    from huaian_forecast.data import PERCENT_FLOORS, PLAUSIBLE
    from huaian_forecast.indicators import INDICATORS, UNITS

    ind = INDICATORS[key]
    unit = UNITS[ind.unit][0]
    low, high = ind.lower, ind.upper
    if key in PLAUSIBLE:
        low, high = max(low, PLAUSIBLE[key][0]), min(high, PLAUSIBLE[key][1])
    if key in PERCENT_FLOORS:  # below it a percent is a fraction (0.4 for a 40 % share)
        low = max(low, PERCENT_FLOORS[key])
    if low <= value <= high:
        if ind.kind == "count" and not float(value).is_integer():  # as a target file's
            # the whole number the target means: at least 1000.5 is 1001, at most 1499.5 1499
            meant = math.floor(value) if direction == "at_most" else math.ceil(value)
            raise ArgumentError(
                f"--threshold {value!r} {unit}: a target for {key} (a count) must be a whole "
                f"number, as in a target file; did you mean --threshold {meant}?")
        return
    hint = ""
    if ind.unit == "percent" and 0 < value <= 1 and low <= value * 100 <= high:
        hint = (f"; {key} is in percent: did you mean --threshold {value * 100:g} "
                f"({value * 100:g} %)?")
    raise ArgumentError(f"--threshold {value!r} {unit} is implausible for {key} (a plausible "
                        f"value lies within {_bound(low)} to {_bound(high)} {unit}){hint}")


def _bound(x: float) -> str:
    """Format a bound for people: 1,000,000 and 0.2 rather than 1e+06 and 0.200000."""
    return f"{x:,.2f}".rstrip("0").rstrip(".")
