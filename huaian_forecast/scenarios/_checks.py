"""Checks of scenario text and starting levels, so a bad scenario fails when it is made.

A name or description reaches charts, workbook sheets, Markdown and HTML: it must be
printable and short. A starting level the models divide by or take the log of must lie
strictly inside its limits.
"""

from __future__ import annotations

import errno
import os
import stat
import unicodedata
from pathlib import Path

import numpy as np

from huaian_forecast.exceptions import ScenarioError
from huaian_forecast.scenarios._parameters import UNCERTAINTIES

__all__ = [
    "MAX_DESCRIPTION_CHARS",
    "MAX_NAME_CHARS",
    "OPEN_LIMITS",
    "check_open",
    "check_text",
    "not_a_file",
    "open_limits_missed",
    "shown",
]

#: Longest scenario name and description: a name labels charts, sheets and tables.
MAX_NAME_CHARS, MAX_DESCRIPTION_CHARS = 80, 2_000

#: Starting levels the models divide by or take the log of: they must stay strictly
#: inside their limits (an R&D spend of 0, or a high-tech share of 100 % leaving no other
#: industry, has no growth path).
OPEN_LIMITS = ("rd_spend_2023", "rd_intensity_2023", "industrial_output_2023",
               "hightech_share_2023")


def shown(value: object, limit: int = 60) -> str:
    """Return ``repr(value)`` cut to ``limit`` characters, saying how long it was."""
    text = repr(value)
    if len(text) <= limit:
        return text
    return f"{text[:limit]}… ({len(str(value)):,} characters)"


def check_text(value: object, field: str, origin: str, limit: int, *,
               lines: bool) -> str:
    """Return ``value`` if it is a printable string of at most ``limit`` characters.

    Control characters, NUL and the invisible bidi overrides are refused (tab and newline
    too, unless ``lines``), so a name that reaches a workbook, a chart or a summary can
    neither break nor disguise it.
    """
    if not isinstance(value, str):
        raise ScenarioError(f"{origin}: {field} must be a string, got "
                            f"{type(value).__name__}")
    if len(value) > limit:
        raise ScenarioError(f"{origin}: {field} is {len(value):,} characters long; at most "
                            f"{limit:,} are allowed")
    allowed = "\n\t" if lines else ""
    bad = next((c for c in value if not (c.isprintable() or c in allowed
                                         or unicodedata.category(c) == "Zs")), None)
    if bad is not None:
        raise ScenarioError(f"{origin}: {field} {shown(value)} contains the non-printable "
                            f"character U+{ord(bad):04X}; use printable characters only")
    return value


def open_limits_missed(key: str, value: float) -> str | None:
    """Say what a starting level must be when ``value`` misses it, else None.

    Only the uncertainties of :data:`OPEN_LIMITS`: their limits are open ("above 0",
    "strictly between 0 and 100"), since the models grow from the level.
    """
    if key not in OPEN_LIMITS:
        return None
    lo, hi = UNCERTAINTIES[key].bounds
    if lo < value < hi:
        return None
    return f"above {lo:g}" if hi == np.inf else f"strictly between {lo:g} and {hi:g}"


def check_open(key: str, value: float, where: str) -> None:
    """Refuse a starting level on the edge of its limits (see :data:`OPEN_LIMITS`)."""
    limits = open_limits_missed(key, value)
    if limits is not None:
        raise ScenarioError(f"{where}: value {value:g} must be {limits} "
                            f"{UNCERTAINTIES[key].unit} (a starting level the model grows "
                            "from)")


def not_a_file(path: Path) -> str:
    """Say why ``path`` cannot be read as a scenario file (it is not a regular file).

    Returns
    -------
    str
        ``"not found"``, or what the path is: a folder, a named pipe, a device, a loop of
        symbolic links, a link to a missing file, a name too long.
    """
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return "is a loop of symbolic links (each points to another)"
        if exc.errno == errno.ENAMETOOLONG:
            return "is a path longer than the file system allows"
        if path.is_symlink():
            return f"is a symbolic link to a file that does not exist ({os.readlink(path)!r})"
        return "not found"
    for test, what in ((stat.S_ISDIR, "a folder"), (stat.S_ISFIFO, "a named pipe (FIFO)"),
                       (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
                       (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return f"is {what}, not a file"
    return "is not a regular file"
