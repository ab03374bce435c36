"""Peer baseline: statsmodels ARIMA(1,1,0) with drift, fit + simulate, whole process.

Usage: ``python benchmarks/peer_arima.py [N_PATHS]`` (default 10,000). Prints one JSON line.
"""

from __future__ import annotations

import json
import sys
import time
import warnings

T0 = time.perf_counter()
import numpy as np  # noqa: E402
from _series import HORIZON, load_series  # noqa: E402
from statsmodels.tsa.arima.model import ARIMA  # noqa: E402

T_IMPORT = time.perf_counter() - T0


def main() -> None:
    n_paths = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    y = np.asarray(load_series(), dtype=float)
    t1 = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # a 10-point fit warns about convergence; irrelevant here
        res = ARIMA(y, order=(1, 1, 0), trend="t").fit()
        t2 = time.perf_counter()
        sims = res.simulate(nsimulations=HORIZON, repetitions=n_paths, anchor="end",
                            rng=np.random.default_rng(2024))
    t3 = time.perf_counter()
    sims = np.asarray(sims)
    print(json.dumps({"peer": "statsmodels ARIMA(1,1,0), trend='t'",
                      "n_points": int(y.size), "n_paths": n_paths, "shape": list(sims.shape),
                      "import_s": T_IMPORT, "fit_s": t2 - t1, "simulate_s": t3 - t2,
                      "p50_last": float(np.median(sims[-1]))}))


if __name__ == "__main__":
    main()
