r"""Which lever or uncertainty matters, for which target year: tornado and Sobol indices.

Notes
-----
**One at a time (tornado).** Each factor is set to the low and then the high end of its
range, everything else as in the scenario, and the metric (``p_reach`` or the median of
the target-year value) is recomputed. A lever given as a ``{year: value}`` path is replaced
by the constant; an uncertainty is *pinned* at the end value (its spread across paths
removed), while the base run keeps its distribution. All runs share one seed (common random
numbers), so the swing ``|value_high - value_low|`` contains no Monte Carlo noise from
redrawing.

**Global (Sobol).** The factors are drawn jointly and uniformly over their ranges
(:math:`X_k \sim U[\text{low}_k, \text{high}_k]`, independent). For a metric
:math:`Y = f(X)` the first-order index :math:`S_k = \operatorname{Var}(E[Y|X_k]) /
\operatorname{Var}(Y)` is the share of the variance explained by factor :math:`k` alone and
the total index :math:`S_{T,k} = E[\operatorname{Var}(Y|X_{-k})] / \operatorname{Var}(Y)`
includes its interactions. They are estimated with :func:`scipy.stats.sobol_indices`
(Saltelli 2010 estimator for :math:`S_k`, Jansen for :math:`S_{T,k}`) from
``n (d + 2)`` runs (``n`` a power of two, ``d`` factors), each run a simulation with the
same seed so that :math:`f` is deterministic. They are computed per target, so a lever can
matter for 2025 and not for 2035. A target whose metric does not vary (e.g. reached on
every path whatever the levers) has NaN indices.

**Confidence intervals.** The same ``n (d + 2)`` runs are resampled (BCa bootstrap,
:func:`scipy.stats.bootstrap`, ``n_resamples`` resamples of the ``n`` rows of the Sobol
design, as ``scipy.stats.sobol_indices(...).bootstrap()`` does), so the interval costs no
extra simulation. The resampling is seeded from ``seed``, so the table is reproducible.
With a small ``n`` the intervals are wide: they say how far the ranking can be trusted.
They are NaN where BCa is undefined (a metric that varies on only a few runs, so that
some resamples have no variance); a factor with no effect gets ``[0, 0]``.

References
----------
Saltelli, A. et al. (2010). Variance based sensitivity analysis of model output. Computer
Physics Communications 181(2), 259-270.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from concurrent.futures import Executor
from typing import Any, Literal

import numpy as np
import pandas as pd

from huaian_forecast.analysis._saltelli import Recording, bootstrap_intervals
from huaian_forecast.analysis.sweep import (
    Outcome,
    Progress,
    ScenarioLike,
    Setting,
    run_settings,
    sweep_provenance,
    sweep_run,
    target_list,
)
from huaian_forecast.assessment import Target
from huaian_forecast.data import with_provenance
from huaian_forecast.exceptions import ArgumentError
from huaian_forecast.simulation import RunSpec

__all__ = ["SOBOL_COLUMNS", "TORNADO_COLUMNS", "factor_ranges", "sobol", "tornado"]

Metric = Literal["p_reach", "median"]
FactorSet = Literal["levers", "uncertainties", "all"]

#: Columns of :func:`tornado` (``swing`` = ``|value_high - value_low|``).
TORNADO_COLUMNS: tuple[str, ...] = (
    "factor", "factor_type", "indicator", "year", "tier", "low_setting", "high_setting", "metric",
    "value_low", "value_high", "value_base", "swing",
)
#: Columns of :func:`sobol`.
SOBOL_COLUMNS: tuple[str, ...] = (
    "factor", "factor_type", "indicator", "year", "tier", "metric", "first_order", "total_order",
    "first_order_lo", "first_order_hi", "total_order_lo", "total_order_hi", "note",
)


def factor_ranges(scenario: ScenarioLike = "baseline",
                  factors: FactorSet | Sequence[str] = "all") -> pd.DataFrame:
    """List the factors a sensitivity analysis varies, with their ranges.

    Parameters
    ----------
    scenario : str, path or Scenario
        Scenario whose uncertainty overrides define the uncertainty ranges.
    factors : {"levers", "uncertainties", "all"} or sequence of str
        Which factors: a group, or a list of lever and uncertainty keys (kept in order).

    Returns
    -------
    pandas.DataFrame
        Columns ``factor, factor_type, low, high, unit``; factors whose range is a single
        value (fixed uncertainties) are left out.

    Examples
    --------
    >>> "first_time_applications" in set(factor_ranges(factors="levers")["factor"])
    True
    """
    from huaian_forecast.scenarios import LEVERS, UNCERTAINTIES, load_scenario

    if not isinstance(factors, str):
        return _named_factors(scenario, list(factors))
    if factors not in ("levers", "uncertainties", "all"):
        raise ArgumentError(f"factors must be 'levers', 'uncertainties', 'all' or a list of "
                            f"factor names, got {factors!r}")
    sc = load_scenario(scenario)
    rows: list[dict[str, Any]] = []
    if factors in ("levers", "all"):
        rows += [{"factor": k, "factor_type": "lever", "low": v.low, "high": v.high,
                  "unit": v.unit} for k, v in LEVERS.items() if v.low < v.high]
    if factors in ("uncertainties", "all"):
        for key in UNCERTAINTIES:
            u = sc.uncertainty(key)
            if u.low < u.high:
                rows.append({"factor": key, "factor_type": "uncertainty", "low": u.low,
                             "high": u.high, "unit": u.unit})
    return pd.DataFrame(rows, columns=["factor", "factor_type", "low", "high", "unit"])


def _named_factors(scenario: ScenarioLike, names: list[str]) -> pd.DataFrame:
    """Return the rows of :func:`factor_ranges` for factors given by name, in that order."""
    table = factor_ranges(scenario, "all").set_index("factor", drop=False)
    unknown = [n for n in names if n not in table.index]
    if unknown or len(set(names)) != len(names) or not names:
        raise ArgumentError(f"factors must be distinct names of levers or uncertainties with a "
                            f"range; got {names} (unknown: {unknown}); valid: "
                            f"{', '.join(table.index)}")
    return table.loc[names].reset_index(drop=True)


def _setting(scenario: ScenarioLike, kind: str, key: str, value: float) -> Setting:
    if kind == "lever":
        return Setting(scenario=scenario, levers={key: value})
    return Setting(scenario=scenario, uncertainties={key: value})


def _metric(out: Outcome, metric: Metric) -> np.ndarray:
    """Per target: the metric of one run (NaN where the target is not simulated)."""
    return out.p_reach if metric == "p_reach" else out.median  # checked by _prepare


def _prepare(targets: pd.DataFrame | Iterable[Target] | None, metric: Metric) -> list[Target]:
    """Check the metric before any run; return the targets (default: the bundled ones)."""
    if metric not in ("p_reach", "median"):
        raise ArgumentError(f"metric must be 'p_reach' or 'median', got {metric!r}")
    if targets is None:
        from huaian_forecast.data import load_targets

        targets = load_targets()
    return target_list(targets)


def tornado(scenario: ScenarioLike = "baseline",
            targets: pd.DataFrame | Iterable[Target] | None = None, *,
            factors: FactorSet | Sequence[str] = "all", metric: Metric = "p_reach",
            n_paths: int = 1_000,
            seed: int | None = 2024, executor: Executor | None = None,
            end_year: int | None = None, history: pd.DataFrame | None = None,
            progress: Progress | None = None, run: RunSpec | None = None) -> pd.DataFrame:
    """One-at-a-time sensitivity of each target to each lever and uncertainty.

    Parameters
    ----------
    scenario : str, path or Scenario
        Base scenario.
    targets : DataFrame or iterable of Target, optional
        Targets (default: the bundled ones); targets not simulated are left out.
    factors : {"levers", "uncertainties", "all"} or sequence of str
        Which factors to vary: a group or names (see :func:`factor_ranges`).
    metric : {"p_reach", "median"}
        Probability of reaching the target, or median target-year value.
    n_paths : int
        Paths per run; ``1 + 2 * n_factors`` runs in all.
    seed : int or None
        Seed shared by every run (common random numbers).
    executor : concurrent.futures.Executor, optional
        Runs the simulations in parallel; identical result to a serial run.
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

    Returns
    -------
    pandas.DataFrame
        One row per factor and simulated target, columns :data:`TORNADO_COLUMNS` (a
        floor and a stretch target of one year are told apart by ``tier``), sorted by
        target (indicator, year, tier: a year's floor rows before its stretch rows) and
        then by decreasing swing; ``attrs["provenance"]`` as in
        :func:`~huaian_forecast.analysis.compare`.
    """
    items = _prepare(targets, metric)
    table = factor_ranges(scenario, factors)
    spec = sweep_run(items, run, n_paths=n_paths, seed=seed, end_year=end_year,
                     history=history, executor=executor, progress=progress)
    settings = [Setting(scenario=scenario)]
    for r in table.itertuples(index=False):
        settings += [_setting(scenario, str(r.factor_type), str(r.factor), float(r.low)),
                     _setting(scenario, str(r.factor_type), str(r.factor), float(r.high))]
    metrics = [_metric(o, metric)
               for o in run_settings(settings, spec, items, executor, progress)]
    rows = []
    for i, r in enumerate(table.itertuples(index=False)):
        low, high = metrics[1 + 2 * i], metrics[2 + 2 * i]
        for j, t in enumerate(items):
            if np.isnan(metrics[0][j]):
                continue
            rows.append({"factor": r.factor, "factor_type": r.factor_type,
                         "indicator": t.indicator, "year": t.year, "tier": t.tier,
                         "low_setting": r.low,
                         "high_setting": r.high, "metric": metric, "value_low": low[j],
                         "value_high": high[j], "value_base": metrics[0][j],
                         "swing": abs(high[j] - low[j])})
    out = pd.DataFrame(rows, columns=list(TORNADO_COLUMNS))
    out = out.sort_values(["indicator", "year", "tier", "swing"],
                          ascending=[True, True, True, False], kind="stable",
                          ignore_index=True)
    return with_provenance(out, sweep_provenance(spec, [scenario], items))


def _design(table: pd.DataFrame, n: int, seed: int | None) -> np.ndarray:
    """Build the Saltelli design of :func:`scipy.stats.sobol_indices`: ``(d, n (d + 2))``.

    Columns: the ``n`` rows of A, the ``n`` of B, then A with factor ``k`` taken from B
    for ``k = 0 .. d-1`` (scipy's ``f_AB`` order). The same points scipy draws for
    ``rng=seed`` (a scrambled Sobol' sequence in ``2 d`` dimensions, mapped by each
    uniform's ``ppf``), built here so that every run of the design goes out in *one*
    sweep: one batch split over an executor, not three.
    """
    from scipy.stats import qmc

    low, high = table["low"].to_numpy(float), table["high"].to_numpy(float)
    d = low.size
    a_b = qmc.Sobol(d=2 * d, rng=seed, bits=64).random(n).T.reshape(2, d, n)
    a_b = low[None, :, None] + a_b * (high - low)[None, :, None]  # uniform ppf
    a, b = a_b
    ab = np.tile(a, (d, 1, 1))
    ab[np.arange(d), np.arange(d)] = b
    return np.hstack([a, b, np.moveaxis(ab, 0, -1).reshape(d, n * d)])


def _sobol_runs(scenario: ScenarioLike, table: pd.DataFrame, design: np.ndarray,
                spec: RunSpec, items: Sequence[Target], metric: Metric,
                executor: Executor | None, progress: Progress | None) -> np.ndarray:
    """Simulate every column of ``design``; its metric per target ``(n_targets, n_cols)``."""
    kinds, keys = list(table["factor_type"]), list(table["factor"])
    settings = []
    for col in design.T:
        levers = {k: float(v) for k, v, t in zip(keys, col, kinds, strict=True)
                  if t == "lever"}
        unc = {k: float(v) for k, v, t in zip(keys, col, kinds, strict=True)
               if t == "uncertainty"}
        settings.append(Setting(scenario=scenario, levers=levers, uncertainties=unc))
    outs = run_settings(settings, spec, items, executor, progress)
    return np.column_stack([_metric(o, metric) for o in outs])


def sobol(scenario: ScenarioLike = "baseline",
          targets: pd.DataFrame | Iterable[Target] | None = None, *,
          factors: FactorSet | Sequence[str] = "levers", metric: Metric = "p_reach",
          n: int = 16,
          n_paths: int = 200, seed: int | None = 2024, executor: Executor | None = None,
          end_year: int | None = None, history: pd.DataFrame | None = None,
          progress: Progress | None = None, run: RunSpec | None = None,
          confidence_level: float = 0.95, n_resamples: int = 999) -> pd.DataFrame:
    """Global variance-based (Sobol) sensitivity indices per target, with bootstrap CIs.

    Parameters
    ----------
    scenario : str, path or Scenario
        Base scenario (fixes every factor not varied).
    targets : DataFrame or iterable of Target, optional
        Targets (default: the bundled ones); targets not simulated are left out.
    factors : {"levers", "uncertainties", "all"} or sequence of str
        Which factors to vary jointly: a group or names (default: the levers).
    metric : {"p_reach", "median"}
        Output whose variance is decomposed.
    n : int
        Base sample size, a power of two; ``n (d + 2)`` simulations in all.
    n_paths : int
        Paths per simulation.
    seed : int or None
        Seed of the Sobol sample and of every simulation.
    executor : concurrent.futures.Executor, optional
        Runs the simulations in parallel; identical result to a serial run.
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
    confidence_level : float
        Level of the bootstrap intervals ``*_lo`` / ``*_hi`` (module Notes).
    n_resamples : int
        Bootstrap resamples (no extra simulation; 0 leaves the intervals NaN).

    Returns
    -------
    pandas.DataFrame
        One row per factor and simulated target, columns :data:`SOBOL_COLUMNS`; indices
        and intervals are NaN where the metric does not vary. With small ``n`` the
        estimates are rough (they can fall outside [0, 1]) and the intervals wide; use
        them to rank factors. ``note`` flags an index outside [0, 1] as estimator noise
        at this ``n`` (not a share of the variance; use a larger ``n``), empty otherwise.
        ``attrs["provenance"]`` as in :func:`~huaian_forecast.analysis.compare`.

    Raises
    ------
    ArgumentError
        If ``n`` is not a power of two.
    """
    from scipy import stats

    if n < 2 or n & (n - 1):
        raise ArgumentError(f"n must be a power of two (>= 2), got {n}")
    items = _prepare(targets, metric)
    table = factor_ranges(scenario, factors)
    spec = sweep_run(items, run, n_paths=n_paths, seed=seed, end_year=end_year,
                     history=history, executor=executor, progress=progress)
    prov = sweep_provenance(spec, [scenario], items)
    base = run_settings([Setting(scenario=scenario)], spec.replace(progress=None), items)[0]
    items = [t for j, t in enumerate(items) if base.simulated[j]]
    design = _design(table, n, spec.seed)
    y = _sobol_runs(scenario, table, design, spec, items, metric, executor, progress)
    d = len(table)
    f_ab = np.moveaxis(y[:, 2 * n:].reshape(-1, n, d), -1, 0)  # scipy's (d, s, n)
    estimator = Recording()
    with np.errstate(divide="ignore", invalid="ignore"):
        res = stats.sobol_indices(func={"f_A": y[:, :n], "f_B": y[:, n:2 * n],
                                        "f_AB": f_ab}, n=n, method=estimator)
    constant = np.ptp(y, axis=1) == 0  # per target: the metric never varied
    first = np.where(constant[:, None], np.nan, np.atleast_2d(res.first_order))
    total = np.where(constant[:, None], np.nan, np.atleast_2d(res.total_order))
    assert estimator.runs is not None  # sobol_indices called the estimator
    ci = bootstrap_intervals(estimator.runs, ~constant, confidence_level, n_resamples, spec.seed)
    rows = [{"factor": r.factor, "factor_type": r.factor_type, "indicator": t.indicator,
             "year": t.year, "tier": t.tier, "metric": metric,
             "first_order": float(first[j, k]),
             "total_order": float(total[j, k]), "first_order_lo": float(ci[0, j, k]),
             "first_order_hi": float(ci[1, j, k]), "total_order_lo": float(ci[2, j, k]),
             "total_order_hi": float(ci[3, j, k])}
            for j, t in enumerate(items) for k, r in enumerate(table.itertuples(index=False))]
    out = pd.DataFrame(rows, columns=list(SOBOL_COLUMNS))
    out["note"] = _outside_notes(out, n)
    return with_provenance(out, prov)


def _outside_notes(table: pd.DataFrame, n: int) -> list[str]:
    """Flag indices outside [0, 1]: estimator noise at this ``n``, not a share of variance."""
    notes = []
    for first, total in zip(table["first_order"], table["total_order"], strict=True):
        bad = [name for name, v in (("first-order", first), ("total-order", total))
               if v < 0 or v > 1]  # NaN compares False
        notes.append(f"{' and '.join(bad)} index outside [0, 1]: estimator noise at n = "
                     f"{n}, not a share of the variance; use a larger n (e.g. {4 * n})"
                     if bad else "")
    return notes
