"""Exception and warning classes raised by :mod:`huaian_forecast`.

Every error the library raises on purpose derives from :class:`HuaianForecastError`, so a
caller (and the CLI) can tell a user error from a bug.
"""

from __future__ import annotations

__all__ = [
    "ArgumentError",
    "ConvergenceWarning",
    "DataError",
    "DataWarning",
    "FitError",
    "HuaianForecastError",
    "ScenarioError",
]


class HuaianForecastError(Exception):
    """Base class of every error raised on purpose by huaian_forecast."""


class DataError(HuaianForecastError, ValueError):
    """Input data cannot be read with certainty.

    The message names the file, the row and the column and says what was expected.
    """


class ArgumentError(HuaianForecastError, ValueError):
    """An argument is outside its valid range or not one of the valid choices.

    Raised where a caller (or the command line) passes a bad setting, such as a
    non-positive number of paths or an unknown option spelling; the message names the
    argument and says what was expected. It is a ``ValueError`` too, so callers catching
    ``ValueError`` keep working.
    """


class ScenarioError(HuaianForecastError, ValueError):
    """A scenario (or scenario file) is invalid: unknown key, bad value, bad year."""


class FitError(HuaianForecastError, ValueError):
    """A model cannot be fitted to the series it was given."""


class ConvergenceWarning(UserWarning):
    """An optimiser did not converge and a simpler fallback was used."""


class DataWarning(UserWarning):
    """Input data was read, but something in it deserves a look.

    Emitted for values converted on the file's word (a unit column saying ``fraction``)
    and for region names that are not in the registry of known regions.
    """
