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

import itertools
import os
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from concurrent.futures import Executor
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import numpy as np
import pandas as pd

from huaian_forecast.assessment import (
    Target,
    assess,
    target_columns,
    targets_from_frame,
    targets_hash,
)
from huaian_forecast.data import result_provenance
from huaian_forecast.exceptions import ArgumentError
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

__all__ = ["KEEP", "Outcome", "Progress", "Setting", "check_unique_scenarios", "evaluate",
           "prepare_run", "run_settings", "scenario_name", "scenario_source",
           "sweep_provenance", "sweep_run", "target_list"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Setting:
    """A scenario with lever and uncertainty overrides (applied in that order)."""

    scenario: ScenarioLike
    levers: Mapping[str, float] = field(default_factory=dict)
    uncertainties: Mapping[str, float] = field(default_factory=dict)


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class Outcome:
    """What a sweep keeps of one simulation: compact arrays, cheap to ship between processes.

    Parameters
    ----------
    simulated : numpy.ndarray
        ``(n_targets,)`` bool: whether the target's indicator is simulated in its year (and the
        target is of the simulated region).
    met_bits : numpy.ndarray
        Whether each path meets each target, ``numpy.packbits`` of the ``(n_paths,
        n_targets)`` bool matrix along the targets (one bit per path and target; see
        :attr:`met`).
    p_reach : numpy.ndarray
        ``(n_targets,)`` share of paths meeting the target (NaN where not simulated).
    median : numpy.ndarray
        ``(n_targets,)`` median over paths of the target-year value (NaN where not
        simulated).
    target_values : numpy.ndarray, optional
        ``(n_paths, n_targets)`` simulated value of each target's indicator in its year
        (NaN where not simulated); only when the sweep asked to keep ``"values"``.
    table : pandas.DataFrame, optional
        :func:`~huaian_forecast.assess` of the targets; only when the sweep asked to keep
        ``"table"``.
    region : str
        The region simulated (a target of another region is not simulated); set by
        :func:`evaluate`.
    origin : int or None
        The run's origin year (its manifest's ``origin``; None for the trend method).
    carried_forward : tuple of str
        Anchors whose origin level is one earlier point carried forward (the manifest's
        ``carried_forward``), which a planner is told under a table.
    """

    simulated: np.ndarray
    met_bits: np.ndarray
    p_reach: np.ndarray
    median: np.ndarray
    target_values: np.ndarray | None = None
    table: pd.DataFrame | None = None
    region: str = ""
    origin: int | None = None
    carried_forward: tuple[str, ...] = ()

    @property
    def met(self) -> np.ndarray:
        """``(n_paths, n_targets)``: 1.0 met, 0.0 missed, NaN not simulated."""
        met = np.unpackbits(self.met_bits, axis=1, count=self.simulated.size).astype(float)
        met[:, ~self.simulated] = np.nan
        return met


def scenario_name(scenario: ScenarioLike) -> str:
    """Name of a scenario given as a name, a path or a Scenario object.

    A TOML file is named by its own ``name`` (read from the file), as :func:`simulate`,
    ``assess`` and the report name it: ``my.toml`` with ``name = "my_plan"`` is
    ``my_plan``, never its file's stem.
    """
    if _is_file(scenario):  # before .name: a Path has one too (the file's name)
        from huaian_forecast.scenarios import load_scenario

        return load_scenario(scenario).name
    name = getattr(scenario, "name", None)
    return name if isinstance(name, str) else str(scenario)


def _is_file(scenario: ScenarioLike) -> bool:
    """Whether ``scenario`` is a TOML file (as :func:`load_scenario` reads it)."""
    return isinstance(scenario, Path) or str(scenario).endswith(".toml")


def scenario_source(scenario: ScenarioLike) -> str:
    """Where a scenario comes from, for messages: ``file /abs/my.toml``, ``built-in 'x'``.

    Two spellings of one file (``my.toml``, ``./my.toml``) are the same source.
    """
    if _is_file(scenario):
        return f"file {Path(scenario).resolve()}"
    if isinstance(getattr(scenario, "name", None), str):
        return f"Scenario object {scenario.name!r}"
    return f"built-in {str(scenario)!r}"


def check_unique_scenarios(scenarios: Sequence[ScenarioLike]) -> None:
    """Refuse two scenarios with one name (before any work; results are named by scenario).

    The same scenario twice (``baseline baseline``), or two sources with the same name (a
    file named like a built-in scenario, two files with the same ``name``): their
    results could not be told apart. The message names both sources.

    Raises
    ------
    ArgumentError
        If a name repeats.
    """
    given = [scenario_name(s) for s in scenarios]
    sources = [scenario_source(s) for s in scenarios]
    twice = sorted({n for n in given if given.count(n) > 1})
    if not twice:
        return
    name = twice[0]
    mine = list(dict.fromkeys(src for n, src in zip(given, sources, strict=True) if n == name))
    if len(mine) == 1:
        raise ArgumentError(f"scenario {name!r} is given {given.count(name)} times; "
                            "give each scenario once (results are named by scenario)")
    raise ArgumentError(f"{len(mine)} scenarios are named {name!r} ({'; '.join(mine)}): "
                        "results are named by scenario, so give each its own name "
                        "(name = \"...\" in a TOML file)")


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


#: What :func:`evaluate` can keep beyond the compact summary.
KEEP: frozenset[str] = frozenset({"values", "table"})


def evaluate(setting: Setting, spec: RunSpec, targets: Sequence[Target],
             keep: Collection[str] = ()) -> Outcome:
    """Simulate one setting and keep what the sweeps need (module level: picklable).

    Only the targets' indicators are simulated (the draws, hence their paths, are the
    same as in a full simulation). ``keep`` adds the per-path target values
    (``"values"``) or the :func:`~huaian_forecast.assess` table (``"table"``) to the
    compact :class:`Outcome`. Which targets the paths tell (not: indicator or year not
    simulated, another region's target) is
    :func:`~huaian_forecast.assessment.target_columns`'s rule, as in
    :func:`~huaian_forecast.assess`; a NaN value counts as not meeting the target (as
    in :func:`~huaian_forecast.assessment.met_matrix`).
    """
    wanted = {t.indicator for t in targets} & set(simulated_indicators())
    proj = simulate(resolve(setting), run=spec, indicators=wanted or None)
    targets, values, simulated = target_columns(proj, targets)
    met = np.zeros(values.shape, dtype=bool)
    for j in np.flatnonzero(simulated):  # met_matrix's test, kept as bits, not floats
        met[:, j] = targets[j].met(values[:, j])
    p_reach, median = np.full(len(targets), np.nan), np.full(len(targets), np.nan)
    p_reach[simulated] = met[:, simulated].mean(axis=0)
    median[simulated] = np.median(values[:, simulated], axis=0)
    return Outcome(simulated=simulated, met_bits=np.packbits(met, axis=1), p_reach=p_reach,
                   median=median, target_values=values if "values" in keep else None,
                   region=proj.region,
                   table=(assess(proj, targets, year_to_date=False)  # nowcasts do not vary
                           if "table" in keep else None),
                   origin=proj.manifest.get("origin"),
                   carried_forward=tuple(proj.manifest.get("carried_forward", ())))


def _evaluate_batch(settings: Sequence[Setting], spec: RunSpec, targets: Sequence[Target],
                    keep: Collection[str]) -> list[Outcome]:
    """Evaluate several settings in one task: the spec (history, memo) is shipped once."""
    return [evaluate(s, spec, targets, keep) for s in settings]


def prepare_run(spec: RunSpec) -> RunSpec:
    """Return ``spec`` with its history loaded, its data hashed and a memo, once per sweep."""
    if spec.history is None:
        from huaian_forecast.data import load_history

        spec = spec.replace(history=load_history())
    if spec.data_digest is None:
        from huaian_forecast.data import data_hash

        spec = spec.replace(data_digest=data_hash(spec.history))
    if spec.memo is None:
        spec = spec.replace(memo=SimulationMemo())
    return spec


def _loaded(settings: Sequence[Setting]) -> list[Setting]:
    """Return the settings with scenario names and files read once (not once per run)."""
    from huaian_forecast.scenarios import load_scenario

    cache: dict[str, Any] = {}
    out = []
    for s in settings:
        if isinstance(s.scenario, str | Path):
            key = str(s.scenario)
            if key not in cache:
                cache[key] = load_scenario(s.scenario)
            s = replace(s, scenario=cache[key])
        out.append(s)
    return out


def _workers(executor: Any) -> int:
    """How many tasks ``executor`` runs at once (a guess: this machine's cores if unknown).

    A :class:`concurrent.futures` pool says it (``_max_workers``); a dask ``Client`` (or
    its ``get_executor()``) counts the threads of its cluster's workers, which may be on
    other machines.
    """
    workers = getattr(executor, "_max_workers", None)
    if workers:
        return int(workers)
    client = executor if hasattr(executor, "gather") else getattr(executor, "_client", None)
    ncores = getattr(client, "ncores", None)
    if callable(ncores):
        return max(1, sum(int(n) for n in ncores().values()))
    return os.cpu_count() or 1


def _batches(items: Sequence[Setting], executor: Executor) -> list[list[Setting]]:
    """Split into about four contiguous batches per worker (balance vs. shipping)."""
    n = min(len(items), 4 * _workers(executor))
    bounds = [len(items) * i // n for i in range(n + 1)]
    return [list(items[a:b]) for a, b in itertools.pairwise(bounds) if b > a]


def run_settings(settings: Sequence[Setting], spec: RunSpec, targets: Sequence[Target],
                 executor: Executor | None = None, progress: Progress | None = None, *,
                 keep: Collection[str] = ()) -> list[Outcome]:
    """Evaluate settings serially or on an executor; results in input order.

    ``executor`` and ``progress`` default to those of ``spec``. The history is loaded and
    hashed once here (:func:`prepare_run`) when ``spec`` has not done so, and one
    :class:`~huaian_forecast.simulation.SimulationMemo` serves every run in this process.
    On an executor the first setting runs here (filling the memo with the fits and
    anchors), then the others go out in a few batches, each shipping the spec and that
    memo once; the results are compact arrays (:class:`Outcome`) and identical to a
    serial run. ``progress(k)`` is called in this process after ``k`` more simulations
    have finished. ``keep`` is passed to :func:`evaluate`.
    """
    unknown = set(keep) - KEEP
    if unknown:
        raise ArgumentError(f"keep must be among {sorted(KEEP)}, got {sorted(unknown)}")
    executor = spec.executor if executor is None else executor
    progress = spec.progress if progress is None else progress
    # the executor and progress callback stay here: they are not shipped to the workers
    spec = prepare_run(spec).replace(executor=None, progress=None)
    items, targets, keep = _loaded(settings), list(targets), tuple(keep)
    out: list[Outcome] = []
    todo = items if executor is None else items[:1]
    for setting in todo:
        out.append(evaluate(setting, spec, targets, keep))
        if progress is not None:
            progress(1)
    if executor is None or len(items) <= 1:
        return out
    task = partial(_evaluate_batch, spec=spec, targets=targets, keep=keep)
    for batch in _map(executor, task, _batches(items[1:], executor)):
        out.extend(batch)
        if progress is not None:
            progress(len(batch))
    return out


def _map(executor: Any, task: Callable[[list[Setting]], list[Outcome]],
         batches: Sequence[list[Setting]]) -> Iterable[list[Outcome]]:
    """Results of ``task`` over ``batches`` in input order, on any executor.

    A :class:`concurrent.futures.Executor` returns results from ``map``; a
    ``dask.distributed.Client`` returns futures from ``map`` and results from
    ``gather``, so an object with ``gather`` has each future gathered in order.
    """
    if executor is None:
        return map(task, batches)
    mapped = executor.map(task, list(batches))
    if callable(getattr(executor, "gather", None)):  # dask Client: map gives futures
        return (executor.gather(future) for future in mapped)
    return cast("Iterable[list[Outcome]]", mapped)


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
    (:func:`default_end_year`). The history is loaded and hashed once, here, for the
    whole sweep, and one memo made (:func:`prepare_run`).
    """
    if run is None:
        if seed is None:
            seed = int(np.random.default_rng().integers(2**31))
        run = RunSpec(n_paths=n_paths, seed=seed, history=history, executor=executor,
                      progress=progress,
                      end_year=default_end_year(targets) if end_year is None else end_year)
    elif run.seed is None:
        run = run.replace(seed=int(np.random.default_rng().integers(2**31)))
    return prepare_run(run)


def sweep_provenance(spec: RunSpec, scenarios: Iterable[ScenarioLike],
                     targets: Sequence[Target]) -> dict[str, Any]:
    """Provenance of a sweep's result: its seed, paths, data hash, scenarios and targets.

    ``spec`` is the run of :func:`sweep_run` (seed drawn, history hashed, a memo), so the
    values are those every simulation of the sweep recorded in its manifest, the
    year-to-date figures (``ytd_hash``) included.
    """
    from huaian_forecast.data import HOME_REGION, ytd_identity

    names = list(dict.fromkeys(scenario_name(s) for s in scenarios))
    # what each run's manifest records: the sweep's runs simulate the home region
    ytd = spec.ytd if spec.ytd is not None else (
        spec.memo.bundled_ytd() if spec.memo is not None else None)
    return result_provenance(seed=spec.seed, n_paths=spec.n_paths, data_hash=spec.data_digest,
                             scenarios=names, targets_hash=targets_hash(targets),
                             ytd_hash=ytd_identity(ytd, HOME_REGION),
                             method="structural")  # sweeps simulate the scenario model
