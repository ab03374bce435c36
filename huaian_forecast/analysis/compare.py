r"""The same targets across scenarios, side by side: ``compare(scenarios, targets)``.

Notes
-----
Every scenario is simulated with the same seed and number of paths, so path :math:`i` of
two scenarios shares its random draws (common random numbers). The difference in the
probability of reaching a target is then estimated path by path,

.. math::

    \hat\Delta = \frac1n \sum_i (M_{s,i} - M_{b,i}), \qquad
    \widehat{se}(\hat\Delta) = \frac{\operatorname{sd}_i(M_{s,i} - M_{b,i})}{\sqrt n},

where :math:`M_{s,i}` is 1 when path :math:`i` of scenario :math:`s` meets the target. When
the scenarios move paths in the same direction most differences are zero and this paired
standard error is far smaller than the unpaired
:math:`\sqrt{(p_s(1-p_s) + p_b(1-p_b))/n}`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from concurrent.futures import Executor
from pathlib import Path

import numpy as np
import pandas as pd

from huaian_forecast.analysis.headline import year_to_date_table
from huaian_forecast.analysis.sweep import (
    Progress,
    ScenarioLike,
    Setting,
    check_unique_scenarios,
    run_settings,
    scenario_name,
    scenario_source,
    sweep_provenance,
    sweep_run,
    target_list,
)
from huaian_forecast.assessment import (
    SAME_EVERY_SCENARIO,
    Target,
    same_every_scenario,
    with_nowcast,
)
from huaian_forecast.data import empty_ytd, with_provenance
from huaian_forecast.exceptions import ArgumentError
from huaian_forecast.simulation import DEFAULT_RUN, RunSpec

__all__ = ["COMPARE_COLUMNS", "compare"]

#: Columns of the table returned by :func:`compare`.
COMPARE_COLUMNS: tuple[str, ...] = (
    "scenario", "indicator", "year", "threshold", "direction", "tier", "region", "p_reach",
    "p_reach_se",
    "q10", "median", "q90", "delta_p_vs_baseline", "delta_p_se", "label", "note",
    "p_source",
)

#: Note on a nowcast row: why it has no difference from the baseline, and how to see the
#: simulation's.
_SAME_NOWCAST = (f"{SAME_EVERY_SCENARIO} (--no-ytd or year_to_date=False for the "
                 "simulation's difference)")


def _paired(met: np.ndarray, base: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    diff = met - base
    n = diff.shape[0]
    mean = diff.mean(axis=0)
    se = diff.std(axis=0, ddof=1) / np.sqrt(n) if n > 1 else np.full(diff.shape[1], np.nan)
    return mean, se


def compare(scenarios: Sequence[ScenarioLike], targets: pd.DataFrame | Iterable[Target], *,
            n_paths: int = DEFAULT_RUN.n_paths, seed: int | None = DEFAULT_RUN.seed,
            executor: Executor | None = None,
            baseline: ScenarioLike | None = None, end_year: int | None = None,
            history: pd.DataFrame | None = None,
            progress: Progress | None = None, run: RunSpec | None = None,
            year_to_date: pd.DataFrame | str | Path | bool = True) -> pd.DataFrame:
    """Probability of reaching each target under each scenario, and the gain over baseline.

    Parameters
    ----------
    scenarios : sequence
        Scenario names, TOML paths or Scenario objects.
    targets : DataFrame or iterable of Target
        The targets (e.g. :func:`~huaian_forecast.load_targets`).
    n_paths : int
        Monte Carlo paths per scenario.
    seed : int or None
        The one seed every scenario is simulated with (common random numbers); ``None``
        draws a fresh seed once, shared by all scenarios.
    executor : concurrent.futures.Executor, optional
        Runs the scenarios in parallel; the result is identical to a serial run.
    baseline : optional
        The scenario differences are taken against (default: the first one); it is added
        to the run if it is not among ``scenarios``.
    end_year : int, optional
        Last simulated year (default: the last target year).
    history : pandas.DataFrame, optional
        Observation table (default: the bundled data).
    progress : callable, optional
        Called as ``progress(1)`` after each finished simulation (e.g. a progress bar's
        ``advance``); it runs in the calling process, also with an executor.
    run : RunSpec, optional
        All run settings in one object (:class:`~huaian_forecast.simulation.RunSpec`);
        when given, it replaces ``n_paths``, ``seed``, ``end_year``, ``history``,
        ``executor`` and ``progress``.
    year_to_date : DataFrame, str, Path or bool
        As in :func:`~huaian_forecast.assess` (default ``True``: ``run``'s ``ytd`` if it
        has one, else the bundled 2024 figures): a target of a year with year-to-date
        figures gets its ``p_reach`` from the nowcast, as ``assess`` and the report give
        it, the same in every scenario; its ``delta_p_vs_baseline`` is then NaN (the
        nowcast has no levers) and its note says so. The same table sets every
        scenario's first-year delivery (one source per run; read once, before any
        simulation). ``False``: no year-to-date figures anywhere, the simulation's
        probabilities and differences for every row, its first-year delivery at its
        prior.

    Returns
    -------
    pandas.DataFrame
        One row per scenario and target, columns :data:`COMPARE_COLUMNS`;
        ``delta_p_vs_baseline`` is ``p_reach - p_reach(baseline)`` estimated path by path,
        ``delta_p_se`` its paired Monte Carlo standard error (module Notes);
        ``p_source`` is ``"simulation"`` or :data:`~huaian_forecast.assessment.NOWCAST`
        (``year_to_date``). ``label``
        follows ``p_reach`` alone; :func:`.planner_assessment` (what ``huaian-forecast
        assess`` prints) also weighs the growth families' range for a status-quo
        scenario, and may say "models disagree" where this table does not.
        ``attrs["provenance"]``: the one seed, paths, data hash, the scenarios run
        (the baseline too), the targets' hash and package versions
        (:func:`~huaian_forecast.data.result_provenance`); ``attrs["origin"]`` and
        ``attrs["carried_forward"]``: what the runs' manifests record under those keys
        (the anchors any scenario carries forward from one earlier point, a list).

    Raises
    ------
    ArgumentError
        If no scenario is given, or two of them (the baseline included) have the same
        name (the same scenario twice, a file whose ``name`` is a built-in scenario's, two
        files with the same ``name``): their rows could not be told apart. The message
        names both sources.
    """
    if len(scenarios) == 0:
        raise ArgumentError("compare needs at least one scenario")
    check_unique_scenarios(scenarios)  # rows are named by scenario (a file by its `name`)
    if baseline is not None and scenario_source(baseline) not in map(scenario_source,
                                                                      scenarios):
        check_unique_scenarios([*scenarios, baseline])  # another source with a run's name
    items = target_list(targets)
    ytd = _year_to_date(year_to_date, run)  # read once, before any simulation
    spec = sweep_run(items, run, n_paths=n_paths, seed=seed, end_year=end_year,
                     history=history, executor=executor, progress=progress)
    if year_to_date is not True or spec.ytd is not None:  # True alone: simulate's default
        spec = spec.replace(ytd=empty_ytd() if ytd is None else ytd)
    runs = list(scenarios)
    base = runs[0] if baseline is None else baseline
    names = [scenario_name(s) for s in runs]
    if scenario_name(base) not in names:
        runs.append(base)
        names.append(scenario_name(base))
    outcomes = run_settings([Setting(scenario=s) for s in runs], spec, items, keep=("table",))
    base_met = outcomes[names.index(scenario_name(base))].met
    frames = []
    for name, out in zip(names[:len(scenarios)], outcomes, strict=False):
        assert out.table is not None  # asked for with keep=("table",)
        table = out.table.copy()
        table.insert(0, "scenario", name)
        table["delta_p_vs_baseline"], table["delta_p_se"] = _paired(out.met, base_met)
        frames.append(table if ytd is None else with_nowcast(table, ytd, region=out.region))
    table = pd.concat(_no_nowcast_difference(frames), ignore_index=True)[list(COMPARE_COLUMNS)]
    table.attrs["origin"] = outcomes[0].origin
    table.attrs["carried_forward"] = list(dict.fromkeys(
        k for out in outcomes for k in out.carried_forward))
    return with_provenance(table, sweep_provenance(spec, runs, items))


def _year_to_date(year_to_date: pd.DataFrame | str | Path | bool,
                  run: RunSpec | None) -> pd.DataFrame | None:
    """Return the run's year-to-date table, read once for all scenarios (None: none).

    ``True`` is the run's own table when it has one, else the bundled figures.
    """
    if year_to_date is True and run is not None and run.ytd is not None:
        year_to_date = run.ytd
    if year_to_date is True:
        year_to_date = None  # the bundled figures
    return year_to_date_table(year_to_date, use_ytd=year_to_date is not False)


def _no_nowcast_difference(frames: list[pd.DataFrame]) -> list[pd.DataFrame]:
    """No difference from the baseline where the nowcast decides every scenario, and why.

    The rule is :func:`~huaian_forecast.assessment.same_every_scenario`, the report's too;
    the frames are the scenarios' tables of the same targets in the same order.
    """
    same = same_every_scenario(frames)
    for out in frames:
        out.loc[same, ["delta_p_vs_baseline", "delta_p_se"]] = np.nan
        out.loc[same, "note"] = out.loc[same, "note"].astype(str) + "; " + _SAME_NOWCAST
    return frames
