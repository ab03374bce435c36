"""Child process for benchmark (c): ``hf.simulate`` at scale vs numpy's raw draw time.

Usage (each prints one JSON line; run by ``run_all.py`` in a fresh process so that
``ru_maxrss`` is the peak of this one job)::

    python benchmarks/bench_simulate.py simulate N_PATHS SEED   # time + peak RSS
    python benchmarks/bench_simulate.py count N_PATHS SEED      # which draws, how many
    python benchmarks/bench_simulate.py numpy COUNTS_JSON       # numpy-only baseline

``count`` replaces ``numpy.random.default_rng`` for the duration of the run by a
factory returning a :class:`CountingGenerator` (a ``numpy.random.Generator`` subclass,
so ``isinstance`` checks and ``default_rng(generator)`` pass-through still work). It
records, per sampling method, how many variates were drawn, in how many calls, the
time spent inside the calls, and a scalar summary (mean) of the first call's parameters.
Draws made through a Generator built without ``default_rng`` are not seen; the JSON
says how many generators were created so a reader can judge coverage.
``numpy`` then draws the same number of variates per method from a fresh generator
(blocks of at most 4,000,000 values, so the baseline itself stays small in memory),
with the recorded parameter means as scalar parameters.
"""

from __future__ import annotations

import json
import resource
import sys
import time
from pathlib import Path
from typing import Any, ClassVar

import numpy as np

# measure this checkout, not whichever huaian_forecast is installed
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

END_YEAR = 2035
METHODS = ("standard_normal", "normal", "lognormal", "binomial", "poisson", "uniform",
           "random", "integers", "gamma", "standard_gamma", "beta", "exponential",
           "standard_exponential", "standard_t", "multivariate_normal", "negative_binomial",
           "choice", "permutation", "permuted", "shuffle", "multinomial", "dirichlet",
           "hypergeometric", "geometric", "chisquare", "triangular", "weibull")
BLOCK = 4_000_000
#: Number of leading positional *parameters* (before ``size``) per method; default 0.
N_PARAMS = {"normal": 2, "lognormal": 2, "binomial": 2, "poisson": 1, "uniform": 2,
            "gamma": 2, "standard_gamma": 1, "beta": 2, "exponential": 1, "standard_t": 1,
            "negative_binomial": 2, "integers": 2, "hypergeometric": 3, "geometric": 1,
            "chisquare": 1, "triangular": 3, "weibull": 1}


def _rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _nbytes(proj: Any) -> int:
    return int(sum(np.asarray(a).nbytes for a in proj.arrays.values()))


def _four_normals(n_paths: int, n_years: int, seed: int) -> tuple[float, float]:
    """Wall and CPU seconds numpy takes to draw 4 x n_paths x n_years standard normals.

    The issue's yardstick for ``simulate``: drawn in four calls of ``(n_paths, n_years)``
    float64 (as a model with four shocks per path and year would), each array freed
    before the next so the baseline itself stays small in memory.
    """
    rng = np.random.default_rng(seed)
    t0, c0 = time.perf_counter(), time.process_time()
    for _ in range(4):
        rng.standard_normal((n_paths, n_years))
    return time.perf_counter() - t0, time.process_time() - c0


def cmd_simulate(n_paths: int, seed: int) -> dict[str, Any]:
    t0 = time.perf_counter()
    import huaian_forecast as hf

    t1 = time.perf_counter()
    hf.load_history()
    t2 = time.perf_counter()
    rss_before = _rss_mib()
    c2 = time.process_time()
    proj = hf.simulate("baseline", n_paths=n_paths, seed=seed, end_year=END_YEAR)
    t3 = time.perf_counter()
    cpu = time.process_time() - c2
    peak = _rss_mib()
    n_years = len(proj.years)
    four = [_four_normals(n_paths, n_years, seed + k) for k in range(3)]
    four_s = sorted(w for w, _ in four)[1]
    four_cpu = sorted(c for _, c in four)[1]
    return {"n_paths": n_paths, "years": [int(proj.years[0]), int(proj.years[-1])],
            "indicators": list(proj.indicators), "import_s": t1 - t0,
            "load_history_s": t2 - t1, "simulate_s": t3 - t2, "simulate_cpu_s": cpu,
            "rss_before_simulate_mib": rss_before, "peak_rss_mib": peak,
            "output_mib": _nbytes(proj) / 2**20,
            "four_normals_s": four_s, "four_normals_cpu_s": four_cpu,
            "ratio_over_four_normals": (t3 - t2) / four_s,
            "ratio_over_four_normals_cpu": cpu / four_cpu,
            "dtypes": sorted({str(a.dtype) for a in proj.arrays.values()})}


class CountingGenerator(np.random.Generator):
    """A Generator that tallies every sampling call (see module docstring)."""

    stats: ClassVar[dict[str, dict[str, Any]]] = {}
    depth: ClassVar[int] = 0


def _summary(value: Any) -> Any:
    try:
        arr = np.asarray(value, dtype=float)
        return float(arr.mean()) if arr.size else None
    except (TypeError, ValueError):
        return None


def _wrap(name: str) -> Any:
    base = getattr(np.random.Generator, name)

    def method(self: CountingGenerator, *args: Any, **kwargs: Any) -> Any:
        if CountingGenerator.depth:  # nested call (e.g. multivariate_normal): count once
            return base(self, *args, **kwargs)
        CountingGenerator.depth += 1
        t0 = time.perf_counter()
        try:
            out = base(self, *args, **kwargs)
        finally:
            CountingGenerator.depth -= 1
        elapsed = time.perf_counter() - t0
        rec = CountingGenerator.stats.setdefault(name, {
            "count": 0, "calls": 0, "seconds": 0.0,
            "first_params": [_summary(a) for a in args[:N_PARAMS.get(name, 0)]],
            "first_kwargs": {k: _summary(v) for k, v in kwargs.items()
                             if k not in ("size", "dtype", "out", "axis")}})
        rec["count"] += int(np.size(out))
        rec["calls"] += 1
        rec["seconds"] += elapsed
        return out

    method.__name__ = name
    return method


for _name in METHODS:
    setattr(CountingGenerator, _name, _wrap(_name))


def cmd_count(n_paths: int, seed: int) -> dict[str, Any]:
    import huaian_forecast as hf

    hf.load_history()
    real_default_rng = np.random.default_rng
    created = {"n": 0}

    def counting_default_rng(seed: Any = None) -> np.random.Generator:
        if isinstance(seed, np.random.Generator):
            return seed
        created["n"] += 1
        bitgen = seed if isinstance(seed, np.random.BitGenerator) else np.random.PCG64(seed)
        return CountingGenerator(bitgen)

    np.random.default_rng = counting_default_rng  # type: ignore[assignment]
    try:
        t0 = time.perf_counter()
        # serial: the counters are not thread-safe, and the draws do not depend on workers
        proj = hf.simulate("baseline", n_paths=n_paths, seed=seed, end_year=END_YEAR,
                           workers=1)
        wall = time.perf_counter() - t0
    finally:
        np.random.default_rng = real_default_rng
    return {"n_paths": n_paths, "indicators": list(proj.indicators), "simulate_s": wall,
            "generators_created": created["n"], "draws": CountingGenerator.stats,
            "seconds_inside_draw_calls": sum(r["seconds"] for r in
                                             CountingGenerator.stats.values())}


def _draw(rng: np.random.Generator, name: str, rec: dict[str, Any], size: int) -> None:
    params = [p for p in rec.get("first_params", []) if p is not None]
    kwargs = {k: v for k, v in rec.get("first_kwargs", {}).items() if v is not None}
    if name == "binomial":
        n = max(round([*params, kwargs.get("n", 1)][0]), 0)
        p = min(max([*params[1:], kwargs.get("p", 0.5)][0], 0.0), 1.0)
        rng.binomial(n, p, size=size)
    elif name == "poisson":
        rng.poisson([*params, kwargs.get("lam", 1.0)][0], size=size)
    elif name in ("integers", "choice", "permutation", "permuted", "shuffle",
                  "multivariate_normal", "multinomial", "dirichlet"):
        rng.random(size=size)  # no faithful scalar stand-in; uniform doubles instead
    else:
        getattr(rng, name)(*params, size=size, **kwargs)


def cmd_numpy(counts: dict[str, dict[str, Any]], repeat: int = 5) -> dict[str, Any]:
    times, cpus = [], []
    for rep in range(repeat):
        rng = np.random.default_rng(rep)
        t0, c0 = time.perf_counter(), time.process_time()
        for name, rec in counts.items():
            left = int(rec["count"])
            while left > 0:
                size = min(left, BLOCK)
                _draw(rng, name, rec, size)
                left -= size
        times.append(time.perf_counter() - t0)
        cpus.append(time.process_time() - c0)
    return {"draw_s_samples": times, "draw_s_median": float(np.median(times)),
            "draw_cpu_s_median": float(np.median(cpus)),
            "counts": {k: int(v["count"]) for k, v in counts.items()},
            "peak_rss_mib": _rss_mib()}


def main() -> None:
    mode = sys.argv[1]
    if mode == "simulate":
        out = cmd_simulate(int(sys.argv[2]), int(sys.argv[3]))
    elif mode == "count":
        out = cmd_count(int(sys.argv[2]), int(sys.argv[3]))
    elif mode == "numpy":
        out = cmd_numpy(json.loads(sys.argv[2]))
    else:
        raise SystemExit(f"unknown mode {mode!r}; use simulate, count or numpy")
    print(json.dumps(out))


if __name__ == "__main__":
    main()
