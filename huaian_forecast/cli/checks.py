"""Checks made before a subcommand starts: input files, output folder, memory, paths.

Each turns an ordinary mistake into one clear :class:`~huaian_forecast.exceptions.
ArgumentError` (exit code 2) *before* any work: an input that is a symbolic-link loop, a
named pipe or a device (not "file not found"); an ``--out`` that is a file or a device
or cannot be written; more Monte Carlo paths than the machine's memory holds; too few
paths for a probability to mean anything.
"""

from __future__ import annotations

import argparse
import errno
import os
import stat
import tempfile
from pathlib import Path

from huaian_forecast.exceptions import ArgumentError

__all__ = ["BYTES_PER_PATH_YEAR", "MIN_PATHS", "available_memory", "check_before_work",
           "check_input_file", "check_memory", "check_output_dir", "check_output_file"]

#: Fewest Monte Carlo paths the CLI accepts: below it a probability is a coin toss and
#: its Monte Carlo error (up to +-0.98 / sqrt(n), 95 %) hides everything else.
MIN_PATHS = 20
#: Peak memory per simulated path and year, measured on ``assess`` (about 200 bytes:
#: 25 float64 values) with a margin: 120,000 paths x 12 years used 418 MB, 20,000 paths
#: 177 MB (RSS), i.e. 2.4 kB per path.
BYTES_PER_PATH_YEAR = 256
#: Extra peak memory per path and year for each further scenario a report keeps
#: (report, 4 scenarios: 60,000 paths 497 MB, 20,000 paths 288 MB, i.e. 436 bytes).
_EXTRA_SCENARIO = 96
#: Options naming an input file (argparse dest -> flag); ``pace --ytd`` is a number.
_INPUT_FILES = {"data": "--data", "targets": "--targets", "ytd": "--ytd"}
_KINDS = ((stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"),
          (stat.S_ISDIR, "a folder"))


def _kind(mode: int) -> str | None:
    """Return what a non-regular file is, in words (None for a regular file)."""
    return next((word for test, word in _KINDS if test(mode)), None)


def check_input_file(path: str | os.PathLike[str], flag: str) -> None:
    """Refuse an input path that is not a readable regular file, saying what it is.

    A missing file is left to the loader (its message says "not found"); a symbolic-link
    loop, a dangling link, a named pipe, a device or a folder is named here.

    Raises
    ------
    ArgumentError
        Naming the option, the path and what the path is.
    """
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        if exc.errno == errno.ENAMETOOLONG:
            raise ArgumentError(f"{flag}: the path is {len(os.fspath(path)):,} characters "
                                "long, more than the file system allows") from None
        if exc.errno == errno.ELOOP:
            raise ArgumentError(f"{flag} {path}: a loop of symbolic links (each points to "
                                "another); give the file itself") from None
        if exc.errno == errno.ENOENT and os.path.islink(path):
            raise ArgumentError(f"{flag} {path}: a symbolic link to a file that does not "
                                f"exist ({os.readlink(path)})") from None
        return  # missing or unreadable: the loader reports it with its own words
    kind = _kind(mode)
    if kind is not None:
        raise ArgumentError(f"{flag} {path}: {kind}, not a file; give the file itself")


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


def available_memory() -> int | None:
    """Return the bytes of memory available to a new allocation (None if unknown)."""
    try:
        with open("/proc/meminfo", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    try:
        return os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (ValueError, OSError, AttributeError):
        return None


def check_memory(n_paths: int, n_years: int, *, flag: str = "--n-paths",
                 available: int | None = None, copies: float = 1.0,
                 detail: str = "") -> None:
    """Refuse a run whose paths would not fit in memory, before anything is allocated.

    Parameters
    ----------
    n_paths, n_years : int
        Paths and simulated years of one simulation.
    flag : str
        Option named in the message.
    available : int, optional
        Bytes available (default: :func:`available_memory`; 16 GiB when unknown).
    copies : float, default 1
        Runs' worth of paths held at once (scenarios kept by a report, worker processes).
    detail : str
        Why there are several copies, said in the message (e.g. ``"with --jobs 4"``).

    Raises
    ------
    ArgumentError
        With the memory needed, the memory available and the largest number of paths
        that fits.
    """
    free = available if available is not None else (available_memory() or 16 * 2**30)
    per_path = max(n_years, 1) * BYTES_PER_PATH_YEAR * max(copies, 1.0)
    need = n_paths * per_path
    if need <= free:
        return
    fits = int(max(free // per_path, 0))
    detail = f" {detail}" if detail else ""
    raise ArgumentError(f"{flag} {n_paths:,} over {n_years:,} simulated years{detail} needs about "
                        f"{need / 2**30:,.1f} GiB of memory and {free / 2**30:,.1f} GiB are "
                        f"available; use at most about {fits:,} paths (or an earlier "
                        "--end-year)")


def _copies(values: dict[str, object]) -> tuple[float, str]:
    """How many runs' worth of paths are in memory at once, in units of one run.

    ``report`` keeps every scenario's projection (about 96 bytes per path and year each
    beyond the first: 4 scenarios measured 436 bytes); worker processes (``--jobs``) each
    hold a run of their own.
    """
    if values.get("command") == "report":
        names = values.get("scenario")
        if isinstance(names, list) and names:
            n_scenarios = len(names)
        else:
            from huaian_forecast.scenarios import list_scenarios

            n_scenarios = max(len(list_scenarios()), 1)
        return (1 + (n_scenarios - 1) * _EXTRA_SCENARIO / BYTES_PER_PATH_YEAR,
                f"for {n_scenarios} scenarios" if n_scenarios > 1 else "")
    jobs = values.get("jobs")
    if isinstance(jobs, int) and jobs > 1:
        return float(jobs), f"with --jobs {jobs}"
    return 1.0, ""


def _check_paths(values: dict[str, object]) -> None:
    """Refuse too few paths, and more than memory holds, for the run's years."""
    from huaian_forecast.simulation import DEFAULT_START_YEAR

    end = values.get("end_year")
    n_years = (int(end) if isinstance(end, int) else 2035) - DEFAULT_START_YEAR + 1
    copies, detail = _copies(values)
    for dest, flag in (("n_paths", "--n-paths"), ("tornado_paths", "--tornado-paths")):
        n = values.get(dest)
        if not isinstance(n, int):
            continue
        if 1 <= n < MIN_PATHS:
            raise ArgumentError(f"{flag} {n}: at least {MIN_PATHS} paths are needed; from "
                                f"{n} path(s) a probability moves in steps of {1 / n:.2f} "
                                "and its error hides the answer (use 1,000 or more)")
        if n >= MIN_PATHS:
            if dest == "n_paths":
                check_memory(n, n_years, flag=flag, copies=copies, detail=detail)
            else:
                check_memory(n, n_years, flag=flag)


def check_before_work(args: argparse.Namespace) -> None:
    """Run every check of this module that applies to the parsed ``args``.

    Raises
    ------
    ArgumentError
        For the first problem found.
    """
    values = vars(args)
    for dest, flag in _INPUT_FILES.items():
        value = values.get(dest)
        if isinstance(value, str):
            check_input_file(value, flag)
    scenarios = values.get("scenario") or values.get("scenarios") or []
    for name in [scenarios] if isinstance(scenarios, str) else scenarios:
        if isinstance(name, str) and (name.endswith(".toml") or os.sep in name):
            check_input_file(name, "--scenario")
    if isinstance(values.get("out"), str):  # report: a folder; frontier: a chart file
        check = check_output_dir if values.get("command") == "report" else check_output_file
        check(values["out"])
    _check_paths(values)
