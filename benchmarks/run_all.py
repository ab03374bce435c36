"""Run every benchmark of issues 7 and 16 in ONE run, side by side with the peer baselines.

Usage (from the repository root)::

    python benchmarks/run_all.py             # full run: writes JSON + appends to RESULTS.md
    python benchmarks/run_all.py --quick     # few repetitions, 100k paths, Sobol n = 16,
                                             # writes nothing (checks the scripts run)

What is measured (all whole-process numbers are fresh interpreters, medians of
interleaved repetitions; see ``_util.py``):

a. ``huaian-forecast assess`` (all targets, default 10,000 paths) vs a statsmodels ETS
   fit + 10,000-path simulate of one 10-point series (and ARIMA, python start-up).
b. ``python -c "import huaian_forecast"`` wall time, ``-X importtime`` top entries and
   which heavy packages end up in ``sys.modules``.
c. ``hf.simulate`` of 1,000,000 paths x 2024-2035 (peak RSS of that process) vs the time
   numpy needs to draw the same number of variates (``bench_simulate.py``).
   Also numpy drawing 4 x 1M x 12 standard normals in the same process (issue 16's
   yardstick) and peak memory over the returned arrays.
d. ``required_lever`` at 10,000 paths and the README's Sobol run (6 levers, n = 64,
   1,000 paths; ``bench_analysis.py``), serially and on a ``ProcessPoolExecutor(2)`` (and a
   dask ``LocalCluster`` when dask is installed), as ratios to the ETS peer process of (a).
e. ``huaian-forecast report`` with the four built-in scenarios at 2,000 paths vs the ETS
   peer process, interleaved whole processes.
f. ``simulate`` grown with paths and horizon, and the one-lever re-run at 10,000 paths in
   a warm process (``bench_scaling.py``), each beside numpy's draws in the same process.

Every child imports ``huaian_forecast`` from this checkout (``PYTHONPATH``, see
``_util.child_env``), not from wherever the package is installed.

Nothing here is a test: no number is asserted. The machine is shared; the load average
is recorded at the start and end of each section so a reader can judge the noise.
OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE are left as the environment has them (recorded).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _report import append_results
from _util import (
    BENCH,
    machine_info,
    python_cmd,
    run_json,
    run_once,
    summarise,
    time_commands,
)

HEAVY = ("numpy", "pandas", "scipy", "statsmodels", "matplotlib", "openpyxl", "xlsxwriter")


def _load() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def _cli() -> list[str]:
    # not the ``huaian-forecast`` script on PATH: it may belong to another checkout
    return python_cmd("-m", "huaian_forecast")


def bench_assess_vs_peers(repeat: int) -> dict[str, Any]:
    load0 = _load()
    commands = {
        "huaian_assess": [*_cli(), "assess"],
        "statsmodels_ets": python_cmd(str(BENCH / "peer_ets.py")),
        "statsmodels_arima": python_cmd(str(BENCH / "peer_arima.py")),
        "python_startup": python_cmd("-c", "pass"),
    }
    res = time_commands(commands, repeat=repeat)
    split = {k: run_json(commands[k]) for k in ("statsmodels_ets", "statsmodels_arima")}
    ratio = res["huaian_assess"]["wall_s"]["median"] / res["statsmodels_ets"]["wall_s"]["median"]
    ratio_cpu = res["huaian_assess"]["cpu_s"]["median"] / res["statsmodels_ets"]["cpu_s"]["median"]
    return {"processes": res, "peer_split": split, "ratio_assess_over_ets": ratio,
            "ratio_assess_over_ets_cpu": ratio_cpu,
            "prophet": "not installed: its wheel bundles a CmdStan build and needs cmdstanpy; "
                       "per the brief noted instead of measured",
            "loadavg": [load0, _load()]}


TOUCH = "import huaian_forecast as hf; hf.simulate; hf.assess"


def _importtime(code: str = TOUCH) -> dict[str, Any]:
    proc = run_once(python_cmd("-X", "importtime", "-c", code))
    rows = []
    for line in proc["stderr_full"].splitlines():
        m = re.match(r"import time:\s+(\d+) \|\s+(\d+) \|( *)(\S+)", line)
        if m:
            rows.append({"self_ms": int(m[1]) / 1000, "cumulative_ms": int(m[2]) / 1000,
                         "depth": len(m[3]) // 2, "module": m[4]})
    top = sorted(rows, key=lambda r: -r["cumulative_ms"])[:15]
    heavy = {r["module"]: r["cumulative_ms"] for r in rows if r["module"] in HEAVY}
    return {"code": code, "top_cumulative": top, "heavy_cumulative_ms": heavy}


def _modules_after_import() -> dict[str, Any]:
    code = ("import sys, json, huaian_forecast; "
            "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))")
    names = json.loads(run_once(python_cmd("-c", code))["stdout"].strip().splitlines()[-1])
    return {"heavy_imported": [m for m in HEAVY if m in names],
            "heavy_not_imported": [m for m in HEAVY if m not in names]}


def bench_import(repeat: int) -> dict[str, Any]:
    load0 = _load()
    commands = {
        "import_huaian_forecast": python_cmd("-c", "import huaian_forecast"),
        # the re-exports are lazy: the first use of a name pays for its module's imports
        "import_then_touch_simulate": python_cmd("-c", TOUCH),
        "import_pandas": python_cmd("-c", "import pandas"),
        "import_numpy": python_cmd("-c", "import numpy"),
        "python_startup": python_cmd("-c", "pass"),
    }
    res = time_commands(commands, repeat=repeat)
    return {"processes": res, "importtime": _importtime(), "modules": _modules_after_import(),
            "loadavg": [load0, _load()]}


def bench_simulate(n_paths: int, repeat: int) -> dict[str, Any]:
    load0 = _load()
    script = str(BENCH / "bench_simulate.py")
    runs = [run_json(python_cmd(script, "simulate", str(n_paths), str(2024 + i)))
            for i in range(repeat)]
    count = run_json(python_cmd(script, "count", str(n_paths), "2024"))
    numpy = run_json(python_cmd(script, "numpy", json.dumps(count["draws"])))
    sim = summarise([r["simulate_s"] for r in runs])
    sim_cpu = summarise([r["simulate_cpu_s"] for r in runs])
    return {"n_paths": n_paths, "runs": runs, "simulate_s": sim, "simulate_cpu_s": sim_cpu,
            "ratio_cpu_simulate_over_numpy_draws":
                sim_cpu["median"] / numpy["draw_cpu_s_median"],
            "peak_rss_mib": max(r["peak_rss_mib"] for r in runs),
            "output_mib": runs[0]["output_mib"], "count": count, "numpy": numpy,
            "ratio_simulate_over_numpy_draws": sim["median"] / numpy["draw_s_median"],
            "ratio_simulate_over_time_inside_draws":
                sim["median"] / max(count["seconds_inside_draw_calls"], 1e-12),
            "ratio_over_four_normals_same_process":
                summarise([r["ratio_over_four_normals"] for r in runs])["median"],
            "ratio_over_four_normals_cpu":
                summarise([r["ratio_over_four_normals_cpu"] for r in runs])["median"],
            "peak_over_output": max(r["peak_rss_mib"] for r in runs) / runs[0]["output_mib"],
            "growth_over_output": max(r["peak_rss_mib"] - r["rss_before_simulate_mib"]
                                      for r in runs) / runs[0]["output_mib"],
            "loadavg": [load0, _load()]}


def bench_analysis(ets: dict[str, Any] | None) -> dict[str, Any]:
    load0 = _load()
    script = str(BENCH / "bench_analysis.py")
    out: dict[str, Any] = {kind: run_json(python_cmd(script, kind))
                           for kind in ("required_lever", "sobol", "sobol_pool")}
    out["ets_peer_s"] = ets["wall_s"]["median"] if ets else None
    out["ets_peer_cpu_s"] = ets["cpu_s"]["median"] if ets else None
    out["loadavg"] = [load0, _load()]
    return out


def bench_report(repeat: int) -> dict[str, Any]:
    """``report`` (all built-in scenarios, 2,000 paths) vs the ETS peer, whole processes."""
    load0 = _load()
    with tempfile.TemporaryDirectory() as tmp:
        commands = {
            "huaian_report": [*_cli(), "report", "--out", str(Path(tmp) / "out"),
                              "--n-paths", "2000", "--force"],
            "statsmodels_ets": python_cmd(str(BENCH / "peer_ets.py")),
        }
        res = time_commands(commands, repeat=repeat)
    rep, ets = (res[k] for k in ("huaian_report", "statsmodels_ets"))
    return {"processes": res,
            "ratio_report_over_ets": rep["wall_s"]["median"] / ets["wall_s"]["median"],
            "ratio_report_over_ets_cpu": rep["cpu_s"]["median"] / ets["cpu_s"]["median"],
            "loadavg": [load0, _load()]}


def bench_scaling() -> dict[str, Any]:
    load0 = _load()
    script = str(BENCH / "bench_scaling.py")
    out = {kind: run_json(python_cmd(script, kind)) for kind in ("grow", "relever")}
    out["loadavg"] = [load0, _load()]
    return out


def _guard(section: Any, *args: Any) -> dict[str, Any]:
    """Run one section; a failure is recorded (with its message), never turned into a time."""
    try:
        return dict(section(*args))
    except Exception as exc:  # one broken section must not lose the others
        return {"failed": f"{type(exc).__name__}: {exc}"[-1500:], "loadavg": [_load()]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true",
                        help="few repetitions and 100,000 paths; write nothing")
    parser.add_argument("--repeat", type=int, default=5, help="whole-process repetitions")
    parser.add_argument("--n-paths", type=int, default=1_000_000, help="paths for (c)")
    parser.add_argument("--no-write", action="store_true", help="print JSON only")
    args = parser.parse_args(argv)
    repeat = 2 if args.quick else args.repeat
    n_paths = 100_000 if args.quick else args.n_paths
    if args.quick:  # Sobol at n = 16 instead of the README's 64 (children read this)
        os.environ["HF_BENCH_SOBOL_N"] = "16"
    t0 = time.time()
    result: dict[str, Any] = {"machine": machine_info()}
    result["a_assess_vs_peers"] = _guard(bench_assess_vs_peers, repeat)
    result["b_import"] = _guard(bench_import, repeat + 2)
    result["c_simulate"] = _guard(bench_simulate, n_paths, 3 if not args.quick else 1)
    ets = result["a_assess_vs_peers"].get("processes", {}).get("statsmodels_ets")
    result["d_analysis"] = _guard(bench_analysis, ets)
    result["e_report"] = _guard(bench_report, max(repeat // 2, 3))
    result["f_scaling"] = _guard(bench_scaling)
    result["machine"]["loadavg_end"] = _load()
    result["machine"]["benchmark_wall_s"] = round(time.time() - t0, 1)
    text = json.dumps(result, indent=2, default=str)
    if args.quick or args.no_write:
        print(text)
        return 0
    stamp = time.strftime("%Y%m%dT%H%MZ", time.gmtime())
    out = BENCH / "results" / f"{stamp}.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(text + "\n", encoding="utf-8")
    append_results(result, json_path=out)
    print(f"wrote {out.relative_to(BENCH.parent)} and appended to benchmarks/RESULTS.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
