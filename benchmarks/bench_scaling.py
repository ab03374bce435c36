"""Child process: how ``simulate`` grows with paths and horizon, and the one-lever re-run.

Usage (each prints one JSON line)::

    python benchmarks/bench_scaling.py grow       # paths x end year grid, warm process
    python benchmarks/bench_scaling.py relever    # one lever changed, 10,000 paths, warm

``grow``: one warm process (history loaded, first call made) times ``simulate`` for each
number of paths and end year (median of 3 below 100,000 paths, one run above), beside
numpy drawing 4 x paths x years standard normals in the same process (the yardstick of
issue 16). The structural models always run to at least 2035, so end years before 2035
cost the same as 2035.

``relever``: the explorer's case. A warm process with the history, its hash and a
:class:`~huaian_forecast.SimulationMemo` (fits, anchors, shocks of 10,000 paths) re-runs
one scenario with one lever moved, at 10,000 paths, and computes the probability of
every bundled target (what a slider shows); median of 15 lever values.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

# measure this checkout, not whichever huaian_forecast is installed
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

GROW_PATHS = (10_000, 100_000, 400_000)
GROW_END = (2035, 2050)
RELEVER_PATHS = 10_000


def _median_time(call: Any, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        call()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def _four_normals(n_paths: int, n_years: int) -> float:
    rng = np.random.default_rng(1)
    return _median_time(lambda: [rng.standard_normal((n_paths, n_years)) for _ in range(4)])


def cmd_grow() -> dict[str, Any]:
    import huaian_forecast as hf

    history = hf.load_history()
    hf.simulate("baseline", n_paths=1_000, seed=1, history=history)  # warm: imports, fits
    rows = []
    for n in GROW_PATHS:
        for end in GROW_END:
            sim = _median_time(lambda n=n, end=end: hf.simulate(
                "baseline", n_paths=n, seed=2024, end_year=end, history=history),
                repeat=3 if n < 100_000 else 1)
            years = max(end, 2035) - 2023
            draws = _four_normals(n, years)
            rows.append({"n_paths": n, "end_year": end, "simulated_years": years,
                         "simulate_s": sim, "four_normals_s": draws, "ratio": sim / draws})
    return {"rows": rows}


def cmd_relever() -> dict[str, Any]:
    import huaian_forecast as hf
    from huaian_forecast.assessment import met_matrix
    from huaian_forecast.data import data_hash
    from huaian_forecast.scenarios import load_scenario

    history = hf.load_history()
    targets = hf.load_targets()
    run = hf.RunSpec(n_paths=RELEVER_PATHS, seed=2024, history=history,
                     memo=hf.SimulationMemo(), data_digest=data_hash(history))
    base = load_scenario("baseline")
    hf.assess(hf.simulate(base, run=run), targets)  # warm: fits, anchors, shocks
    sim_times, total_times, cpu_times = [], [], []
    for value in np.linspace(200, 1_200, 15):
        scen = base.with_levers(first_time_applications=float(value))
        c0 = time.process_time()
        t0 = time.perf_counter()
        proj = hf.simulate(scen, run=run)
        t1 = time.perf_counter()
        _, met = met_matrix(proj, targets)
        met[:, ~np.isnan(met[0])].mean(axis=0)  # the probabilities a slider shows
        t2 = time.perf_counter()
        cpu_times.append(time.process_time() - c0)
        sim_times.append(t1 - t0)
        total_times.append(t2 - t0)
    draws = _four_normals(RELEVER_PATHS, 12)
    full = statistics.median(total_times)
    return {"n_paths": RELEVER_PATHS, "lever": "first_time_applications",
            "simulate_s": statistics.median(sim_times), "simulate_and_p_reach_s": full,
            "simulate_and_p_reach_cpu_s": statistics.median(cpu_times),
            "four_normals_s": draws, "ratio_over_four_normals": full / draws,
            "samples_s": [round(x, 4) for x in total_times]}


if __name__ == "__main__":
    mode = sys.argv[1]
    out = {"grow": cmd_grow, "relever": cmd_relever}[mode]()
    print(json.dumps(out))
