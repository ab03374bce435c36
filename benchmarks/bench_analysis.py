"""Child process for benchmark (d): ``required_lever`` and a 6-factor Sobol sensitivity.

Usage: ``python benchmarks/bench_analysis.py required_lever|sobol`` prints one JSON line.
Neither function existed when this script was written; it looks them up at run time
and records ``{"status": "not yet available", ...}`` when they are missing, rather than
guessing. When present it calls them through their documented signature (see
``_call_required_lever`` / ``_call_sobol``) and times the call, median of ``REPEAT``.
"""

from __future__ import annotations

import inspect
import json
import resource
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any

REPEAT = 3


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


def _time(call: Callable[[], Any]) -> tuple[list[float], Any]:
    times, out = [], None
    for _ in range(REPEAT):
        t0 = time.perf_counter()
        out = call()
        times.append(time.perf_counter() - t0)
    return times, out


def _call_required_lever(fn: Callable[..., Any]) -> tuple[dict[str, Any], Callable[[], Any]]:
    """Solve for the first-time-applications lever that gives HTE >= 2000 in 2035."""
    params = inspect.signature(fn).parameters
    kwargs: dict[str, Any] = {"n_paths": 10_000, "seed": 2024}
    kwargs = {k: v for k, v in kwargs.items() if k in params}
    spec = {"lever": "first_time_applications", "indicator": "hte_count", "year": 2035,
            "threshold": 2000.0, "probability": 0.8}
    for key, value in spec.items():
        if key in params:
            kwargs[key] = value
    return kwargs, lambda: fn(**kwargs)


def _call_sobol(fn: Callable[..., Any]) -> tuple[dict[str, Any], Callable[[], Any]]:
    params = inspect.signature(fn).parameters
    kwargs: dict[str, Any] = {k: v for k, v in {"seed": 2024}.items() if k in params}
    return kwargs, lambda: fn(**kwargs)


def _summarise_result(out: Any) -> Any:
    try:
        import pandas as pd

        if isinstance(out, pd.DataFrame):
            return {"rows": len(out), "columns": list(map(str, out.columns)),
                    "head": json.loads(out.head(8).to_json(orient="records"))}
    except ImportError:
        pass
    return repr(out)[:500]


def run(kind: str) -> dict[str, Any]:
    names = {"required_lever": ("required_lever",),
             "sobol": ("sobol", "sensitivity", "sobol_indices")}[kind]
    fn = next((f for f in map(_find, names) if f is not None), None)
    if fn is None:
        return {"status": "not yet available", "looked_for": list(names)}
    build = _call_required_lever if kind == "required_lever" else _call_sobol
    kwargs, call = build(fn)
    try:
        times, out = _time(call)
    except Exception as exc:  # record, do not invent a number
        return {"status": "error", "function": f"{fn.__module__}.{fn.__qualname__}",
                "kwargs": repr(kwargs), "error": f"{type(exc).__name__}: {exc}"[:800]}
    return {"status": "ok", "function": f"{fn.__module__}.{fn.__qualname__}",
            "kwargs": repr(kwargs), "samples_s": times, "median_s": statistics.median(times),
            "result": _summarise_result(out),
            "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


if __name__ == "__main__":
    print(json.dumps(run(sys.argv[1]), default=str))
