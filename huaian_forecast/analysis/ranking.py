"""Which lever buys probability cheapest: :func:`rank_levers`.

Each lever's :func:`~huaian_forecast.analysis.solver.required_lever` search for the value
that raises ``p_reach`` by ``delta_p``, priced by its extra annual cost
(:func:`~huaian_forecast.analysis.cost.annual_cost`), all from one history, seed and memo.
"""

from __future__ import annotations

from collections.abc import Iterable
from concurrent.futures import Executor

import numpy as np
import pandas as pd

from huaian_forecast.analysis.cost import lever_spec
from huaian_forecast.analysis.solver import _one_target, _p_met, required_lever
from huaian_forecast.analysis.sweep import (
    Progress,
    ScenarioLike,
    Setting,
    run_settings,
    sweep_provenance,
    sweep_run,
)
from huaian_forecast.analysis.ytd import target_nowcast
from huaian_forecast.assessment import Target
from huaian_forecast.data import with_provenance
from huaian_forecast.simulation import DEFAULT_RUN, RunSpec

__all__ = ["RANK_COLUMNS", "rank_levers"]


#: Columns of :func:`rank_levers`.
RANK_COLUMNS: tuple[str, ...] = (
    "lever", "unit_cost_yuan", "base_value", "p_base", "p_wanted", "value_needed",
    "p_reach", "reachable", "extra_annual_cost_yuan", "cost_per_0.1_p", "note",
)


def rank_levers(scenario: ScenarioLike, target: Target | pd.DataFrame, *,
                levers: Iterable[str] | None = None, delta_p: float = 0.1,
                n_paths: int = DEFAULT_RUN.n_paths, seed: int | None = DEFAULT_RUN.seed,
                executor: Executor | None = None, n_grid: int = 9, n_bisect: int = 5,
                history: pd.DataFrame | None = None, end_year: int | None = None,
                progress: Progress | None = None, run: RunSpec | None = None
                ) -> pd.DataFrame:
    """Rank levers by the extra annual cost of raising ``p_reach`` by ``delta_p``.

    Parameters
    ----------
    scenario : str, path or Scenario
        Starting scenario.
    target : Target or one-row DataFrame
        The target.
    levers : iterable of str, optional
        Levers to rank (default: every lever; those without a unit cost get NaN costs,
        the note "no cost data" and come after the priced ones).
    delta_p : float
        Gain in probability priced (default 0.1).
    n_paths, seed, executor, n_grid, n_bisect, history, end_year, progress, run
        As in :func:`required_lever`; every lever's search shares one history, seed and
        memo.

    Returns
    -------
    pandas.DataFrame
        One row per lever, columns :data:`RANK_COLUMNS`, cheapest first:
        ``cost_per_0.1_p`` is ``extra_annual_cost_yuan * 0.1 / (p_reach - p_base)``;
        then levers that reach it without cost data (NaN, largest ``p_reach`` first),
        then those that cannot add ``delta_p`` within their range (``inf``). ``note`` also says
        what the cost is where it is not the plain spend (e.g. an expected reward payout
        at the central pass rate, :func:`~huaian_forecast.analysis.cost.cost_basis`).
        ``attrs["nowcast_p"]``: where the target's year has year-to-date figures, the
        nowcast's ``p_reach`` (what ``assess`` shows, which no lever moves; ``p_base`` and
        ``p_reach`` are the simulation's), NaN otherwise. ``attrs["provenance"]``: seed,
        paths, data hash, scenario, target's hash and package versions
        (:func:`~huaian_forecast.data.result_provenance`).

    Raises
    ------
    ArgumentError
        If there is not exactly one target or the scenario does not simulate it.
    ScenarioError
        For an unknown lever or scenario.
    """
    from huaian_forecast.scenarios import LEVERS

    items = _one_target(target, "rank_levers")
    keys = list(levers) if levers is not None else list(LEVERS)
    spec = sweep_run(items, run, n_paths=n_paths, seed=seed, end_year=end_year,
                     history=history, executor=executor, progress=progress)
    base_run = run_settings([Setting(scenario=scenario)], spec.replace(progress=None), items)
    p_base = _p_met(base_run[0], items[0], scenario)
    rows = []
    for key in keys:
        wanted = p_base + delta_p
        row: dict[str, object] = {"lever": key, "unit_cost_yuan": lever_spec(key).unit_cost_yuan,
                                  "p_base": p_base, "p_wanted": wanted}
        if wanted > 1:
            rows.append(row | {"note": f"p_reach is already {p_base:.3f}", "reachable": False})
            continue
        sol = required_lever(scenario, key, items[0], wanted, n_grid=n_grid,
                             n_bisect=n_bisect, run=spec)
        gain = sol.p_reach - p_base
        per = (sol.extra_annual_cost_yuan * 0.1 / gain) if sol.reachable and gain > 0 \
            else float("inf")
        if not np.isfinite(sol.extra_annual_cost_yuan) and sol.reachable:
            per = float("nan")  # no cost data (or not computed): unranked by cost
        note = "; ".join(n for n in (sol.note, sol.cost_basis) if n)
        rows.append(row | {"base_value": sol.base_value, "value_needed": sol.value,
                           "p_reach": sol.p_reach, "reachable": sol.reachable,
                           "extra_annual_cost_yuan": sol.extra_annual_cost_yuan,
                           "cost_per_0.1_p": per, "note": note})
    table = pd.DataFrame(rows, columns=list(RANK_COLUMNS))
    per = table["cost_per_0.1_p"].astype(float)
    reached = table["reachable"].astype("boolean").fillna(False).astype(bool)
    # priced, then reachable without cost data, then those that cannot add delta_p
    table["_group"] = np.where(np.isfinite(per), 0, np.where(reached, 1, 2))
    table = table.sort_values(["_group", "cost_per_0.1_p", "p_reach"],
                              ascending=[True, True, False], na_position="last",
                              kind="stable", ignore_index=True)
    table = table.drop(columns="_group")
    table.attrs["nowcast_p"] = target_nowcast(items[0])
    return with_provenance(table, sweep_provenance(spec, [scenario], items))
