"""Shared machinery of the sweeps (compare, sensitivity, required lever).

A sweep is a list of :class:`Setting` (a scenario plus lever and uncertainty overrides),
each simulated with the *same* seed and number of paths (common random numbers: the random
draws of :func:`~huaian_forecast.simulate` depend only on seed, n_paths and years, so two
settings differ only through their levers and pinned uncertainties). Settings are
evaluated by a module-level function so that any :class:`concurrent.futures.Executor`
(threads or processes) can run them; results come back in input order, hence identical to
a serial run.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import numpy as np
import pandas as pd

from huaian_forecast.assessment import Target, assess, targets_from_frame
from huaian_forecast.simulation import (
    Progress,
    RunSpec,
    SimulationMemo,
    simulate,
    simulated_indicators,
)

if TYPE_CHECKING:
    from huaian_forecast.scenarios import Scenario

ScenarioLike = Any  # a scenario name, a TOML path or a Scenario object

__all__ = ["Outcome", "Progress", "Setting", "evaluate", "run_settings", "scenario_name",
           "sweep_run", "target_list"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Setting:
    """A scenario with lever and uncertainty overrides (applied in that order)."""

    scenario: ScenarioLike
    levers: Mapping[str, float] = field(default_factory=dict)
    uncertainties: Mapping[str, float] = field(default_factory=dict)


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class Outcome:
    """What a sweep keeps of one simulation.

    Parameters
    ----------
    table : pandas.DataFrame
        :func:`~huaian_forecast.assess` of the targets.
    target_values : numpy.ndarray
        ``(n_paths, n_targets)`` simulated value of each target's indicator in its year
        (NaN where not simulated).
    met : numpy.ndarray
        ``(n_paths, n_targets)``: 1.0 met, 0.0 missed, NaN not simulated.
    """

    table: pd.DataFrame
    target_values: np.ndarray
    met: np.ndarray


def scenario_name(scenario: ScenarioLike) -> str:
    """Display name of a scenario given as a name, a path or a Scenario object."""
    name = getattr(scenario, "name", None)
    if isinstance(name, str):
        return name
    if isinstance(scenario, Path) or str(scenario).endswith(".toml"):
        return Path(scenario).stem
    return str(scenario)


def target_list(targets: pd.DataFrame | Target | Iterable[Target]) -> list[Target]:
    """Normalise targets given as a table, one Target or an iterable of them."""
    if isinstance(targets, Target):
        return [targets]
    if isinstance(targets, pd.DataFrame):
        return targets_from_frame(targets)
    return list(targets)


def resolve(setting: Setting) -> ScenarioLike:
    """Return what :func:`simulate` receives for a setting (overrides applied)."""
    if not setting.levers and not setting.uncertainties:
        return setting.scenario
    from huaian_forecast.scenarios import Scenario, load_scenario

    scenario: Scenario = (setting.scenario if isinstance(setting.scenario, Scenario)
                          else load_scenario(setting.scenario))
    if setting.levers:
        scenario = scenario.with_levers(**setting.levers)
    if setting.uncertainties:
        scenario = scenario.with_uncertainties(**setting.uncertainties)
    return scenario


def evaluate(setting: Setting, spec: RunSpec, targets: Sequence[Target]) -> Outcome:
    """Simulate one setting and keep what the sweeps need (module level: picklable).

    Only the targets' indicators are simulated (the draws, hence their paths, are the
    same as in a full simulation).
    """
    wanted = {t.indicator for t in targets} & set(simulated_indicators())
    proj = simulate(resolve(setting), run=spec, indicators=wanted or None)
    years = list(proj.years)
    values = np.full((proj.n_paths, len(targets)), np.nan)
    for j, t in enumerate(targets):
        if t.indicator in proj.arrays and t.year in years:
            values[:, j] = proj.arrays[t.indicator][:, years.index(t.year)]
    met = np.where(np.isnan(values), np.nan, 0.0)
    for j, t in enumerate(targets):
        ok = ~np.isnan(values[:, j])
        met[ok, j] = t.met(values[ok, j])
    return Outcome(table=assess(proj, targets), target_values=values, met=met)


def run_settings(settings: Sequence[Setting], spec: RunSpec, targets: Sequence[Target],
                 executor: Executor | None = None,
                 progress: Progress | None = None) -> list[Outcome]:
    """Evaluate settings serially or on an executor; results in input order.

    ``executor`` and ``progress`` default to those of ``spec``. The history is loaded
    once here (not once per simulation) when ``spec`` has none, and one
    :class:`~huaian_forecast.simulation.SimulationMemo` serves every run in this process
    (a worker process gets its own). ``progress(1)`` is called after each finished
    simulation, in this process.
    """
    executor = spec.executor if executor is None else executor
    progress = spec.progress if progress is None else progress
    if spec.history is None:
        from huaian_forecast.data import load_history

        spec = spec.replace(history=load_history())
    if spec.memo is None:
        spec = spec.replace(memo=SimulationMemo())
    # the executor and progress callback stay here: they are not shipped to the workers
    task: Callable[[Setting], Outcome] = partial(
        evaluate, spec=spec.replace(executor=None, progress=None), targets=list(targets))
    results = _map(executor, task, settings)
    out = []
    for outcome in results:
        out.append(outcome)
        if progress is not None:
            progress(1)
    return out


def _map(executor: Any, task: Callable[[Setting], Outcome],
         settings: Sequence[Setting]) -> Iterable[Outcome]:
    """Results of ``task`` over ``settings`` in input order, on any executor.

    A :class:`concurrent.futures.Executor` returns results from ``map``; a
    ``dask.distributed.Client`` returns futures from ``map`` and results from
    ``gather``, so an object with ``gather`` has each future gathered in order.
    """
    if executor is None:
        return map(task, settings)
    mapped = executor.map(task, list(settings))
    if callable(getattr(executor, "gather", None)):  # dask Client: map gives futures
        return (executor.gather(future) for future in mapped)
    return cast("Iterable[Outcome]", mapped)


def default_end_year(targets: Sequence[Target], start_year: int = 2024) -> int:
    """Last year any target needs (at least ``start_year``)."""
    return max([start_year, *(t.year for t in targets)])


def sweep_run(targets: Sequence[Target], run: RunSpec | None = None, *, n_paths: int,
              seed: int | None, end_year: int | None, history: pd.DataFrame | None,
              executor: Executor | None = None, progress: Progress | None = None) -> RunSpec:
    """Return the run settings shared by every simulation of a sweep.

    ``run``, when given, is used as it is (its history loaded if it has none); otherwise
    the keyword arguments make one. ``seed=None`` draws one fresh seed here, shared by
    all runs (common random numbers); ``end_year=None`` means the last target year
    (:func:`default_end_year`). The history is loaded once, here, for the whole sweep.
    """
    if run is None:
        if seed is None:
            seed = int(np.random.default_rng().integers(2**31))
        run = RunSpec(n_paths=n_paths, seed=seed, history=history, executor=executor,
                      progress=progress,
                      end_year=default_end_year(targets) if end_year is None else end_year)
    elif run.seed is None:
        run = run.replace(seed=int(np.random.default_rng().integers(2**31)))
    if run.history is None:
        from huaian_forecast.data import load_history

        run = run.replace(history=load_history())
    return run
