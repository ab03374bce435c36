"""Child process for benchmark (d): ``required_lever`` and a 6-factor Sobol sensitivity.

Usage: ``python benchmarks/bench_analysis.py required_lever|sobol|sobol_pool`` prints one
JSON line. ``sobol`` runs the README setting (six levers, n = 64, 1,000 paths) serially
with seeds 2024 and 2025; ``sobol_pool`` runs it once on a ``ProcessPoolExecutor`` of 2
workers (spawn) and once on a dask ``LocalCluster`` of 2 workers when dask is installed
(it is not a dependency), and checks each gives the serial table.
Neither function existed when this script was written; it looks them up at run time
and records ``{"status": "not yet available", ...}`` when they are missing, rather than
guessing. When present it calls them through their documented signature (see
``_call_required_lever`` / ``_call_sobol``) and times the call, median of ``REPEAT``.
"""

from __future__ import annotations

import importlib
import inspect
import json
import os
import resource
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

# measure this checkout, not whichever huaian_forecast is installed
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from _util import SOBOL_FACTORS  # beside this script (benchmarks/ is not a package)

REPEAT = 3
#: base sample: SOBOL_N * (d + 2) simulations (the README setting); the environment
#: variable HF_BENCH_SOBOL_N lowers it for a quick check of the script (run_all --quick)
SOBOL_N = int(os.environ.get("HF_BENCH_SOBOL_N", "64"))
SOBOL_PATHS = 1_000


def _find(name: str) -> Callable[..., Any] | None:
    import huaian_forecast as hf

    fn = getattr(hf, name, None)
    if fn is None:
        try:
            import huaian_forecast.analysis as an

            fn = getattr(an, name, None)
        except ImportError:
            return None
    return fn if callable(fn) else None


CPU: list[float] = []  # CPU seconds (process_time) of every timed call, in order


def _time(call: Callable[[], Any], repeat: int) -> tuple[list[float], Any]:
    times, out = [], None
    for _ in range(repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        out = call()
        times.append(time.perf_counter() - t0)
        CPU.append(time.process_time() - c0)
    return times, out


def _kwargs(fn: Callable[..., Any], wanted: dict[str, Any]) -> dict[str, Any]:
    params = inspect.signature(fn).parameters
    return {k: v for k, v in wanted.items() if k in params}


def _call_required_lever(fn: Callable[..., Any]) -> tuple[dict[str, Any], Callable[[], Any]]:
    """Solve for the first-time-applications lever that gives HTE >= 2000 in 2035."""
    from huaian_forecast import Target

    target = Target(indicator="hte_count", year=2035, threshold=2000.0)
    kwargs = _kwargs(fn, {"scenario": "baseline", "lever": "first_time_applications",
                          "target": target, "p": 0.8, "n_paths": 10_000, "seed": 2024})
    return kwargs, lambda: fn(**kwargs)


def _call_sobol(fn: Callable[..., Any], seed: int = 2024,
                executor: Any = None) -> tuple[dict[str, Any], Callable[[], Any]]:
    """Sobol indices of the README's 6 levers on every bundled target."""
    kwargs = _kwargs(fn, {"scenario": "baseline", "factors": list(SOBOL_FACTORS),
                          "metric": "p_reach", "n": SOBOL_N, "n_paths": SOBOL_PATHS,
                          "seed": seed})
    if executor is not None:
        return kwargs, lambda: fn(executor=executor, **kwargs)
    return kwargs, lambda: fn(**kwargs)


def _summarise_result(out: Any) -> Any:
    import pandas as pd

    if isinstance(out, pd.DataFrame):
        return {"rows": len(out), "columns": list(map(str, out.columns)),
                "head": json.loads(out.head(8).to_json(orient="records"))}
    return repr(out)[:600]


def _sobol_stability(a: Any, b: Any) -> dict[str, Any]:
    """Largest change of the indices between two seeds (a crude stability measure)."""
    import numpy as np

    keys = ["factor", "indicator", "year"]
    both = a.merge(b, on=keys, suffixes=("_a", "_b"))
    out: dict[str, Any] = {"n_factors": int(a["factor"].nunique()),
                           "factors": sorted(map(str, a["factor"].unique())),
                           "n_targets": len(a.groupby(["indicator", "year"]))}
    for col in ("first_order", "total_order"):
        diff = np.abs(both[f"{col}_a"] - both[f"{col}_b"]).to_numpy(float)
        out[f"max_abs_change_{col}"] = float(np.nanmax(diff)) if np.isfinite(diff).any() \
            else None
        out[f"nan_share_{col}"] = float(np.isnan(both[f"{col}_a"].to_numpy(float)).mean())
    return out


def _fail(fn: Callable[..., Any], kwargs: dict[str, Any], exc: Exception) -> dict[str, Any]:
    return {"status": "error", "function": f"{fn.__module__}.{fn.__qualname__}",
            "kwargs": repr(kwargs), "error": f"{type(exc).__name__}: {exc}"[:800]}


def run_required_lever(fn: Callable[..., Any]) -> dict[str, Any]:
    kwargs, call = _call_required_lever(fn)
    try:
        times, out = _time(call, REPEAT)
    except Exception as exc:  # record, do not invent a number
        return _fail(fn, kwargs, exc)
    return {"status": "ok", "function": f"{fn.__module__}.{fn.__qualname__}",
            "kwargs": repr(kwargs), "samples_s": times, "median_s": statistics.median(times),
            "median_cpu_s": statistics.median(CPU), "result": _summarise_result(out),
            "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def run_sobol(fn: Callable[..., Any]) -> dict[str, Any]:
    """Two runs with different seeds: their times, and how much the indices moved."""
    results, times = [], []
    for seed in (2024, 2025):
        kwargs, call = _call_sobol(fn, seed)
        try:
            elapsed, out = _time(call, 1)
        except Exception as exc:  # record, do not invent a number
            return _fail(fn, kwargs, exc)
        results.append(out)
        times.extend(elapsed)
    return {"status": "ok", "function": f"{fn.__module__}.{fn.__qualname__}",
            "kwargs": repr(kwargs) + " (seeds 2024 and 2025)", "samples_s": times,
            "median_s": statistics.median(times), "median_cpu_s": statistics.median(CPU),
            "result": _summarise_result(results[0]),
            "stability": _sobol_stability(results[0], results[1]),
            "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def _timed_on(fn: Callable[..., Any], executor: Any, serial: Any) -> dict[str, Any]:
    _, call = _call_sobol(fn, 2024, executor)
    t0, c0 = time.perf_counter(), time.process_time()
    out = call()
    import pandas as pd

    try:
        pd.testing.assert_frame_equal(out, serial)
        same = True
    except AssertionError:
        same = False
    return {"wall_s": time.perf_counter() - t0, "parent_cpu_s": time.process_time() - c0,
            "same_as_serial": same}


def _warm(module: str) -> int:
    """Import ``module`` in a worker and run one tiny simulation; return its process id.

    The simulation imports what ``simulate`` imports lazily (pandas, scipy.special, the
    structural models: about half a second per worker), which a planner's session pays
    once for many sweeps. The pause makes each worker take one of the warm-up tasks.
    """
    importlib.import_module(module)
    import huaian_forecast as hf

    hf.simulate("baseline", n_paths=10, seed=1)
    time.sleep(0.5)
    return os.getpid()


def run_sobol_pool(fn: Callable[..., Any]) -> dict[str, Any]:
    """The README Sobol run serially, on a process pool of 2 and on dask (if installed)."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    kwargs, call = _call_sobol(fn, 2024)
    t0, c0 = time.perf_counter(), time.process_time()
    serial = call()
    out: dict[str, Any] = {"status": "ok", "kwargs": repr(kwargs),
                           "serial_s": time.perf_counter() - t0,
                           "serial_cpu_s": time.process_time() - c0}
    with ProcessPoolExecutor(2, mp_context=multiprocessing.get_context("spawn")) as ex:
        # start both workers and import the package there first: reported apart, since a
        # planner's session starts its pool once for many sweeps
        t0 = time.perf_counter()
        list(ex.map(_warm, ["huaian_forecast.analysis.sweep"] * 2))
        out["process_pool_startup_s"] = time.perf_counter() - t0
        out["process_pool_2"] = _timed_on(fn, ex, serial)
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError:
        out["dask"] = "not installed (not a dependency); not measured"
    else:
        t0 = time.perf_counter()
        with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                          dashboard_address=None) as cluster, Client(cluster) as client:
            # as for the pool: the cluster is started and the package imported once
            client.gather(client.map(_warm, ["huaian_forecast.analysis.sweep"] * 2,
                                     pure=False))
            out["dask_startup_s"] = time.perf_counter() - t0
            out["dask_local_cluster_2"] = _timed_on(fn, client, serial)
    return out


def run(kind: str) -> dict[str, Any]:
    names = {"required_lever": ("required_lever",),
             "sobol": ("sobol", "sensitivity", "sobol_indices"),
             "sobol_pool": ("sobol",)}[kind]
    fn = next((f for f in map(_find, names) if f is not None), None)
    if fn is None:
        return {"status": "not yet available", "looked_for": list(names)}
    return {"required_lever": run_required_lever, "sobol": run_sobol,
            "sobol_pool": run_sobol_pool}[kind](fn)


if __name__ == "__main__":
    print(json.dumps(run(sys.argv[1]), default=str))
