"""What the command line prints besides its result: log lines, warnings, a closed pipe.

The library logs to ``logging.getLogger("huaian_forecast")`` and never configures
logging; :func:`console` is where the command line does, for the length of one command:
notes (``INFO``: rows a loader skipped, files read) and warnings go to stderr as
``huaian-forecast: <level>: <message>`` lines, ``-v`` adds debug lines and ``--quiet``
keeps only errors. Python warnings raised by the library (:class:`DataWarning`,
:class:`MissingCJKFontWarning` ...) are printed the same way, one line each.

The language of every subcommand's output is ``--lang zh|en``; its default is
:data:`DEFAULT_LANG` unless the environment variable :data:`LANG_ENV` says otherwise.
"""

from __future__ import annotations

import logging
import os
import sys
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TextIO

from huaian_forecast.exceptions import ArgumentError

__all__ = ["DEFAULT_LANG", "LANG_ENV", "LOGGER", "console", "default_lang",
           "silence_closed_pipe"]

#: The package's logger; library modules log to children of it.
LOGGER = "huaian_forecast"
#: Environment variable that sets the default of ``--lang`` for every subcommand.
LANG_ENV = "HUAIAN_FORECAST_LANG"
#: Default language: the bureau's planners read Chinese.
DEFAULT_LANG = "zh"

_LEVELS = {"DEBUG": "debug", "INFO": "note", "WARNING": "warning", "ERROR": "error",
           "CRITICAL": "error"}


def default_lang() -> str:
    """Return the default ``--lang``: :data:`LANG_ENV` if set, else :data:`DEFAULT_LANG`.

    Raises
    ------
    ArgumentError
        If the environment variable is neither ``zh`` nor ``en``.
    """
    value = os.environ.get(LANG_ENV, "").strip().lower() or DEFAULT_LANG
    if value not in ("zh", "en"):
        raise ArgumentError(f"{LANG_ENV}={value!r}: expected zh or en")
    return value


class _Formatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        level = _LEVELS.get(record.levelname, record.levelname.lower())
        return f"huaian-forecast: {level}: {record.getMessage()}"


def _level(verbose: int, quiet: bool) -> int:
    if quiet:
        return logging.ERROR
    return logging.DEBUG if verbose else logging.INFO


@contextmanager
def console(verbose: int = 0, quiet: bool = False,
            stream: TextIO | None = None) -> Iterator[logging.Logger]:
    """Send the package's log records and warnings to stderr for one command.

    Parameters
    ----------
    verbose : int
        ``-v`` count: any positive value shows debug lines.
    quiet : bool
        Show errors only (no notes, no warnings).
    stream : file, optional
        Where to print (default: ``sys.stderr`` at call time).
    """
    logger = logging.getLogger(LOGGER)
    handler = logging.StreamHandler(sys.stderr if stream is None else stream)
    handler.setFormatter(_Formatter())
    old_level, old_propagate = logger.level, logger.propagate
    logger.addHandler(handler)
    logger.setLevel(_level(verbose, quiet))
    logger.propagate = False  # a host application's root handlers would print twice

    def show(message: Warning | str, category: type[Warning], *args: Any,
             **kwargs: Any) -> None:
        logger.warning("%s", message)

    with warnings.catch_warnings():
        warnings.showwarning = show
        try:
            yield logger
        finally:
            logger.removeHandler(handler)
            logger.setLevel(old_level)
            logger.propagate = old_propagate


@contextmanager
def warnings_once() -> Iterator[None]:
    """Collect the warnings of a block and print each distinct one once, after it.

    A chart or workbook step may warn once per file (e.g. a missing font); the planner
    needs the message once, as ``huaian-forecast: warning: ...`` on stderr.
    """
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            yield
        finally:
            messages = list(dict.fromkeys(str(w.message) for w in caught))
    for message in messages:
        print(f"huaian-forecast: warning: {message}", file=sys.stderr)


def silence_closed_pipe() -> None:
    """After a reader closed stdout (``| head``): no error message, no failed final flush.

    Points stdout at ``/dev/null`` so the interpreter's last flush succeeds (the Python
    documentation's recipe for ``BrokenPipeError``).
    """
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):
        return  # not a real file (tests capture stdout): nothing to flush at exit
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, fd)
    os.close(devnull)
