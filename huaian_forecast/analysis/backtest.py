"""Rolling-origin backtests of the growth methods *and* the scenario model, with honest width.

:func:`backtest_forecasts` and :func:`backtest` are ``hf.backtest_forecasts`` /
``hf.backtest``: the growth methods of :mod:`huaian_forecast.growth.backtest` (ensemble,
naive benchmarks, single families; same draws, same numbers) plus ``"scenario"``: the
status-quo scenario simulated by :func:`~huaian_forecast.simulate` from the history cut at
each origin, for the backtested region, scored in exactly the same way (fair CRPS, interval
score, 80 % coverage, Brier). The dispatch lives here because ``growth`` may not import
``simulation`` (stage order).

With ``calibrate=True`` every method also gets a ``"<method>_calibrated"`` row: its draws
widened (or narrowed) by the conformal factor per horizon estimated from the *other*
origins' errors (leave one origin out, so each calibrated forecast is scored on an origin
its factor did not see), never narrower than the naive benchmark
(:mod:`.calibration`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from huaian_forecast.analysis.calibration import naive_floor, widen, width_factors
from huaian_forecast.data import HOME_REGION, data_hash, result_provenance, with_provenance
from huaian_forecast.exceptions import ArgumentError, DataError, FitError, HuaianForecastError
from huaian_forecast.growth import (
    BENCHMARKS,
    Origin,
    forecast_draws,
    forecast_origins,
    growth_methods,
    score_forecasts,
    summarise,
)
from huaian_forecast.indicators import get_indicator
from huaian_forecast.simulation import SimulationMemo, simulate

__all__ = [
    "HONEST_WIDTH_SERIES",
    "SCENARIO_METHOD",
    "backtest",
    "backtest_forecasts",
    "calibration_factors",
    "honest_width_factors",
]

#: Jiangsu series long enough to calibrate the width of today's forecasts.
HONEST_WIDTH_SERIES: tuple[str, ...] = ("rd_intensity", "hightech_share", "rd_spend")

#: Method name of the scenario model in a backtest.
SCENARIO_METHOD = "scenario"
_NAIVE = "rw_drift_naive"
_SUFFIX = "_calibrated"


def _check_methods(methods: Sequence[str]) -> tuple[str, ...]:
    valid = (*growth_methods(), SCENARIO_METHOD)
    bad = [m for m in methods if m not in valid]
    if bad:
        raise ArgumentError(f"unknown method(s) {bad}; valid: {list(valid)}")
    if not methods:
        raise ArgumentError("methods is empty")
    return tuple(methods)


def _scenario_draws(origin: Origin, indicator: str, region: str, scenario: str,
                    n_paths: int, seed: int, memo: SimulationMemo) -> np.ndarray:
    """Status-quo scenario simulated from the history cut at ``origin``, at its years."""
    proj = simulate(scenario, history=origin.past, region=region, n_paths=n_paths,
                    seed=seed, end_year=int(origin.years.max()), indicators=(indicator,),
                    memo=memo)
    years = [int(y) for y in proj.years]
    missing = [int(y) for y in origin.years if int(y) not in years]
    if missing:
        raise FitError(f"the scenario projection from {origin.origin} does not cover "
                       f"{missing} (it runs {years[0]}-{years[-1]})")
    return proj.paths(indicator)[:, [years.index(int(y)) for y in origin.years]]


def _draws(method: str, origin: Origin, ctx: dict[str, Any],
           rng: np.random.Generator) -> np.ndarray | None:
    """Draws of one method at one origin; None where the method cannot forecast there."""
    try:
        if method == SCENARIO_METHOD:
            return _scenario_draws(origin, ctx["indicator"], ctx["region"], ctx["scenario"],
                                   ctx["n_paths"], ctx["seed"], ctx["memo"])
        return forecast_draws(method, origin.past, origin.train, origin.years,
                              ctx["n_paths"], rng, ctx["fit_kwargs"])
    except (FitError, DataError) as exc:
        if method == "ensemble":
            raise
        ctx["skipped"].append(f"{method} from {origin.origin}: {exc}")
        return None
    except HuaianForecastError as exc:  # e.g. a region the scenario model cannot run
        if method != SCENARIO_METHOD:
            raise
        ctx["skipped"].append(f"{method} from {origin.origin}: {exc}")
        return None


def _calibrated_rows(method: str, draws: dict[tuple[str, int], np.ndarray],
                     raw: pd.DataFrame, origins: list[Origin],
                     indicator: str) -> list[dict[str, Any]]:
    """Leave-one-origin-out calibrated forecasts of one method, scored."""
    rows: list[dict[str, Any]] = []
    mine = raw[raw["method"] == method]
    for i, origin in enumerate(origins):
        if (method, i) not in draws:
            continue
        others = mine[mine["origin"] != origin.origin]
        if others.empty:
            continue
        factors = width_factors(others, indicator)
        naive = draws.get((_NAIVE, i))
        floor = None if naive is None else naive_floor(naive, indicator)
        wide = widen(draws[(method, i)], origin.years, origin.origin, factors, indicator,
                     floor=floor)
        rows.extend(score_forecasts(method + _SUFFIX, origin, wide))
    return rows


def backtest_forecasts(history: pd.DataFrame, *, indicator: str, region: str = HOME_REGION,
                       holdout: int = 3,
                       methods: Sequence[str] = ("ensemble", *BENCHMARKS),
                       threshold: float | None = None, n_paths: int = 2_000, seed: int = 0,
                       scenario: str = "baseline", calibrate: bool = False,
                       memo: SimulationMemo | None = None,
                       **fit_kwargs: Any) -> pd.DataFrame:
    """Rolling-origin forecasts of the last ``holdout`` point observations, one row each.

    Parameters
    ----------
    history : pandas.DataFrame
        Observation table (not modified).
    indicator, region : str
        The series to backtest.
    holdout : int
        Number of final point years used as forecast origins.
    methods : sequence of str
        Growth methods (``"ensemble"``, ``"rw_drift_naive"``, ``"last_value"``, a family)
        and/or ``"scenario"`` (the ``scenario`` simulated from each origin).
    threshold : float, optional
        Fixed threshold of the "target met" event (default: the at-pace extrapolation).
    n_paths, seed : int
        Draws per forecast and the seed (reproducible).
    scenario : str
        Scenario of the ``"scenario"`` method (default the status quo).
    calibrate : bool
        Add ``"<method>_calibrated"`` rows (see module docstring).
    memo : SimulationMemo, optional
        Shared by the scenario runs.
    **fit_kwargs
        Passed to :func:`~huaian_forecast.fit_growth`.

    Returns
    -------
    pandas.DataFrame
        The columns of :func:`huaian_forecast.growth.score_forecasts`; ``attrs["skipped"]``
        lists the (method, origin) pairs that could not forecast, with the reason;
        ``attrs["provenance"]`` the seed, paths, data hash, the scenario (where
        ``"scenario"`` is among the methods) and package versions
        (:func:`~huaian_forecast.data.result_provenance`).

    Raises
    ------
    ArgumentError
        If ``holdout`` is below 1 or a method is unknown.
    FitError
        If the series is too short, or the ensemble cannot be fitted.
    """
    methods = _check_methods(methods)
    key = get_indicator(indicator).key
    origins = forecast_origins(history, indicator=key, region=region, holdout=holdout,
                               threshold=threshold)
    ctx: dict[str, Any] = {"indicator": key, "region": region, "scenario": scenario,
                           "n_paths": n_paths, "seed": seed, "fit_kwargs": fit_kwargs,
                           "memo": SimulationMemo() if memo is None else memo, "skipped": []}
    wanted = (*methods, _NAIVE) if calibrate and _NAIVE not in methods else methods
    rng = np.random.default_rng(seed)
    draws: dict[tuple[str, int], np.ndarray] = {}
    rows: list[dict[str, Any]] = []
    for i, origin in enumerate(origins):
        for method in wanted:
            got = _draws(method, origin, ctx, rng)
            if got is None:
                continue
            draws[(method, i)] = got
            if method in methods:
                rows.extend(score_forecasts(method, origin, got))
    raw = pd.DataFrame(rows)
    if calibrate and not raw.empty:
        for method in methods:
            rows.extend(_calibrated_rows(method, draws, raw, origins, key))
    out = pd.DataFrame(rows)
    out.attrs["skipped"] = ctx["skipped"]
    return with_provenance(out, result_provenance(
        seed=seed, n_paths=n_paths, data_hash=data_hash(history),
        scenarios=[scenario] if SCENARIO_METHOD in methods else []))


def backtest(history: pd.DataFrame, *, indicator: str, region: str = HOME_REGION,
             holdout: int = 3, methods: Sequence[str] = ("ensemble", *BENCHMARKS),
             threshold: float | None = None, n_paths: int = 2_000, seed: int = 0,
             scenario: str = "baseline", calibrate: bool = False,
             **fit_kwargs: Any) -> pd.DataFrame:
    """Rolling-origin backtest of growth methods and the scenario model, scored per method.

    Runs :func:`backtest_forecasts` (same parameters, without ``memo``) and scores its
    rows per method.

    Parameters
    ----------
    history : pandas.DataFrame
        Observation table (not modified).
    indicator, region : str
        The series to backtest.
    holdout : int
        Number of final point years used as forecast origins (default 3).
    methods : sequence of str
        Growth methods (``"ensemble"``, ``"rw_drift_naive"``, ``"last_value"``, a family)
        and/or ``"scenario"`` (the ``scenario`` simulated from each origin); default the
        ensemble and the two naive benchmarks.
    threshold : float, optional
        Fixed threshold of the "target met" event of the Brier score (default: the
        at-pace extrapolation of each origin's training history).
    n_paths, seed : int
        Draws per forecast (default 2,000) and the seed (default 0; reproducible).
    scenario : str
        Scenario of the ``"scenario"`` method (default the status quo, ``baseline``).
    calibrate : bool
        Add ``"<method>_calibrated"`` rows, each method with honest width (the
        split-conformal factors of :mod:`huaian_forecast.analysis.calibration`).
    **fit_kwargs
        Passed to :func:`~huaian_forecast.fit_growth`.

    Returns
    -------
    pandas.DataFrame
        One row per method (calibrated ones after the raw ones): ``method, n_forecasts,
        mean_horizon, crps, interval_score, coverage80, coverage80_se, mean_rel_width,
        brier``; ``attrs["skipped"]`` lists the (method, origin) pairs that could not
        forecast, with the reason; ``attrs["provenance"]`` as in
        :func:`backtest_forecasts`.

    Raises
    ------
    ArgumentError
        If ``holdout`` is below 1 or a method is unknown.
    FitError
        If the series is too short, the ensemble cannot be fitted, or no method could
        forecast from any origin.

    Examples
    --------
    >>> import huaian_forecast as hf
    >>> table = hf.backtest(hf.load_history(), indicator="rd_intensity", region="Jiangsu",
    ...                     holdout=2, n_paths=200)
    >>> list(table["method"])
    ['ensemble', 'rw_drift_naive', 'last_value']
    """
    fc = backtest_forecasts(history, indicator=indicator, region=region, holdout=holdout,
                            methods=methods, threshold=threshold, n_paths=n_paths, seed=seed,
                            scenario=scenario, calibrate=calibrate, **fit_kwargs)
    if fc.empty:
        raise FitError(f"no method could forecast {indicator} for {region}: "
                       f"{'; '.join(fc.attrs.get('skipped', []))}")
    table = summarise(fc)
    table.attrs["skipped"] = fc.attrs.get("skipped", [])
    return with_provenance(table, fc.attrs["provenance"])


def calibration_factors(history: pd.DataFrame, *, indicator: str, region: str,
                        method: str = SCENARIO_METHOD, holdout: int = 5,
                        n_paths: int = 2_000, seed: int = 0) -> dict[int, float]:
    """Conformal width factor per horizon bucket from all origins of a backtest.

    The factors to apply (:func:`~huaian_forecast.analysis.calibration.widen`) to a
    forecast of the same kind made today; see :mod:`.calibration` for the method and its
    limits.

    Examples
    --------
    >>> import huaian_forecast as hf
    >>> f = calibration_factors(hf.load_history(), indicator="rd_intensity",
    ...                         region="Jiangsu", method="ensemble", holdout=3, n_paths=200)
    >>> sorted(f)
    [1, 2, 3]
    """
    fc = backtest_forecasts(history, indicator=indicator, region=region, holdout=holdout,
                            methods=(method,), n_paths=n_paths, seed=seed)
    if fc.empty:
        raise FitError(f"{method} could not forecast {indicator} for {region} at any origin")
    return width_factors(fc, get_indicator(indicator).key)


def honest_width_factors(history: pd.DataFrame, *, method: str = SCENARIO_METHOD,
                         region: str = "Jiangsu",
                         indicators: Sequence[str] = HONEST_WIDTH_SERIES, holdout: int = 5,
                         n_paths: int = 1_000, seed: int = 0,
                         widen_only: bool = True) -> dict[str, dict[int, float]]:
    """Width factors per indicator from the backtests of ``region``'s long series.

    Factors are relative to ``method``'s own width, so they only apply to forecasts of the
    same method; indicators whose backtest cannot run with ``method`` are left out. With
    ``widen_only`` (default) a factor below 1 is raised to 1: an interval that was too
    wide on the province's smooth series is not evidence that a city's is (narrowing is
    only justified on the series it was measured on). Apply them with
    :func:`~huaian_forecast.analysis.calibration.widen_projection`.

    Returns
    -------
    dict
        ``{indicator: {1: k1, 2: k2, 3: k3}}``.
    """
    out: dict[str, dict[int, float]] = {}
    for indicator in indicators:
        try:
            factors = calibration_factors(history, indicator=indicator, region=region,
                                          method=method, holdout=holdout, n_paths=n_paths,
                                          seed=seed)
        except FitError:
            continue
        out[indicator] = {b: max(k, 1.0) if widen_only else k for b, k in factors.items()}
    return out
