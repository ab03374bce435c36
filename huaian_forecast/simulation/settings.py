"""Run settings: how many paths, which seed, how far, on which history and executor.

A :class:`RunSpec` holds the settings of a run apart from the model choices (scenario,
method, region, indicators), as scikit-learn keeps an estimator's settings apart from its
data. ``simulate``, ``compare``, ``tornado``, ``sobol``, ``required_lever``,
``rank_levers`` and the command line all read it; their keyword arguments of the same
names stay as shortcuts.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass, fields, replace
from numbers import Integral
from typing import TYPE_CHECKING, Any

from huaian_forecast.exceptions import ArgumentError
from huaian_forecast.indicators import LAST_YEAR

if TYPE_CHECKING:  # pragma: no cover - annotations only: the CLI's parser reads DEFAULT_RUN
    from concurrent.futures import Executor  # without importing pandas and the models

    import pandas as pd

    from huaian_forecast.simulation.memo import SimulationMemo

__all__ = ["DEFAULT_RUN", "DEFAULT_START_YEAR", "MAX_END_YEAR", "Progress", "RunSpec",
           "check_ytd"]

#: First reported year of a simulation unless asked otherwise.
DEFAULT_START_YEAR = 2024

#: Last year a simulation may reach: the library's calendar ends there
#: (:data:`~huaian_forecast.indicators.LAST_YEAR`, 2100).
MAX_END_YEAR = LAST_YEAR

#: Called with the number of simulations finished since the last call.
Progress = Callable[[int], object]


def check_ytd(ytd: object) -> None:
    """Refuse a year-to-date argument that is neither a table nor None.

    The one check of :class:`RunSpec` and of ``simulate(ytd=...)``, with one message: a
    file name or a flag is not a table (``load_ytd`` reads a file, ``data.empty_ytd()``
    is "none"). pandas is not imported for it: a table exists only once pandas is.

    Raises
    ------
    ArgumentError
        For anything but a pandas DataFrame or None.

    Examples
    --------
    >>> check_ytd(None)
    >>> check_ytd("mine.csv")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    huaian_forecast.exceptions.ArgumentError: ytd must be a year-to-date table ... got str; ...
    """
    if ytd is None:
        return
    pd = sys.modules.get("pandas")
    if pd is None or not isinstance(ytd, pd.DataFrame):
        raise ArgumentError("ytd must be a year-to-date table (load_ytd; data.empty_ytd() for "
                            f"none) or None, got {type(ytd).__name__}; read a file with "
                            "load_ytd")


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class RunSpec:
    """Settings of a run, shared by a simulation and by every run of a sweep.

    Parameters
    ----------
    n_paths : int
        Monte Carlo paths per simulation.
    seed : int or None
        Seed of the random generator (None: fresh entropy, recorded in the manifest).
    end_year : int
        Last simulated calendar year (inclusive), at most :data:`MAX_END_YEAR` (2100).
    history : pandas.DataFrame, optional
        Observation table (None: the bundled data, loaded once by whoever runs).
    executor : concurrent.futures.Executor, optional
        Where a sweep runs its simulations (None: in this process, serially).
    progress : callable, optional
        ``progress(k)`` after ``k`` more simulations of a sweep have finished.
    memo : SimulationMemo, optional
        Fits, anchors and draws shared by the runs (None: each run makes its own).
    data_digest : str, optional
        :func:`~huaian_forecast.data.data_hash` of ``history``, computed once by whoever
        runs a sweep so that each simulation need not hash the table again (None: each
        run hashes it). :meth:`replace` drops it when the history changes, unless a new
        one is given with it; it must describe ``history`` as it is (do not edit the
        table in place after setting it).
    ytd : pandas.DataFrame, optional
        Year-to-date figures (:func:`~huaian_forecast.load_ytd`) that set the first
        simulated year's delivery of the plans they measure, the same table the run's
        assessment nowcasts with (one source of year-to-date figures per run). None: the
        bundled ``ytd_2024.csv`` for Huai'an (``simulate``'s default); an empty table
        (:func:`~huaian_forecast.data.empty_ytd`): none, the delivery keeps its prior.

    Examples
    --------
    >>> run = RunSpec(n_paths=2_000, seed=7)
    >>> run.replace(seed=8).seed
    8
    """

    n_paths: int = 10_000
    seed: int | None = 2024
    end_year: int = 2035
    history: pd.DataFrame | None = None
    executor: Executor | None = None
    progress: Progress | None = None
    memo: SimulationMemo | None = None
    data_digest: str | None = None
    ytd: pd.DataFrame | None = None

    def __post_init__(self) -> None:
        if isinstance(self.n_paths, bool) or not isinstance(self.n_paths, int) \
                or self.n_paths < 1:
            raise ArgumentError(f"n_paths must be a positive whole number, got {self.n_paths!r}")
        if isinstance(self.end_year, bool) or not isinstance(self.end_year, Integral) \
                or self.end_year > MAX_END_YEAR:
            raise ArgumentError(f"end_year must be a whole year up to {MAX_END_YEAR}, got "
                                f"{self.end_year!r}")
        if self.data_digest is not None and self.history is None:
            raise ArgumentError("data_digest describes a history; give the history with it")
        if self.seed is not None and (isinstance(self.seed, bool)
                                      or not isinstance(self.seed, int) or self.seed < 0):
            raise ArgumentError(f"seed must be a non-negative whole number or None, got "
                                f"{self.seed!r}")
        check_ytd(self.ytd)

    def replace(self, **changes: Any) -> RunSpec:
        """Return a copy with some settings changed (unknown names are an error)."""
        known = {f.name for f in fields(self)}
        unknown = sorted(set(changes) - known)
        if unknown:
            raise ArgumentError(f"unknown run setting(s) {unknown}; valid: {sorted(known)}")
        if "history" in changes and "data_digest" not in changes:
            changes["data_digest"] = None  # the digest described the old table
        return replace(self, **changes)


#: The defaults of every run setting (what ``simulate`` uses when given nothing).
DEFAULT_RUN = RunSpec()
