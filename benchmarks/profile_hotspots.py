"""Where the time goes: cProfile of ``hf.simulate`` at scale and of the per-call overhead.

Usage: ``python benchmarks/profile_hotspots.py [--n-paths 200000] [--out PATH]``; writes
``benchmarks/PROFILE.md`` (overwritten; dated) with four tables:

1. one ``simulate`` of ``--n-paths`` paths (per-path costs: vectorised kernels, draws);
2. ``CALLS`` calls of ``simulate`` with 1,000 paths and the history passed in (the fixed
   cost per call that every sweep -- compare, tornado, Sobol, required_lever -- pays);
3. a Sobol sweep at the README setting with a smaller base sample (``SOBOL_N``): what a
   setting costs inside ``simulate`` and outside it (the sweep machinery);
4. ``huaian-forecast report`` (four built-in scenarios, 2,000 paths) as a whole process
   under ``python -m cProfile``, imports included: where the command's time goes.

Functions are ranked by their own time (``tottime``) and grouped by the package file
that owns them, so each row names the file to fix. cProfile adds overhead to Python-level
calls; treat the shares, not the absolute seconds, as the finding.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import sys
import time
from pathlib import Path
from typing import Any

# measure this checkout, not whichever huaian_forecast is installed
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(BENCH))
from _util import SOBOL_FACTORS, compile_package  # noqa: E402  (benchmarks/ is not a package)

CALLS = 20
SOBOL_N = 16
#: Steps of the report command: (label, function name in the profile).
REPORT_STEPS = (
    ("imports (all modules, cumulative)", "_find_and_load"),
    ("simulate (4 scenarios)", "simulate"),
    ("model_spread (growth families' view)", "model_spread"),
    ("assess each scenario once, with the nowcast (`report.writer._assessments`)",
     "_assessments"),
    ("join the models' range (`report.writer._with_spread`, after the chart job is sent)",
     "_with_spread"),
    ("charts: drawn by the chart process (`report.chart_process.ChartProcess`, not seen "
     "by this profile); the time this process waits for it", "wait"),
    ("workbook (`to_excel`)", "to_excel"),
    ("IAMC table (`to_iamc`)", "to_iamc"),
    ("Markdown (`to_markdown`)", "to_markdown"),
    ("HTML briefing (`to_html`)", "to_html"),
    ("  of which the embedded CJK font subset", "embedded_font_css"),
)


def _profile(call: Any) -> tuple[pstats.Stats, float]:
    prof = cProfile.Profile()
    t0 = time.perf_counter()
    prof.enable()
    call()
    prof.disable()
    return pstats.Stats(prof), time.perf_counter() - t0


def _owner(filename: str) -> str:
    path = Path(filename)
    try:
        return str(path.relative_to(ROOT))
    except ValueError:
        parts = path.parts
        if "site-packages" in parts:
            return parts[parts.index("site-packages") + 1]
        return filename if filename.startswith("<") or filename == "~" else path.name


def _rows(stats: pstats.Stats, top: int) -> list[tuple[str, str, int, float, float]]:
    rows = []
    for (filename, line, func), (_cc, ncalls, tottime, cumtime, _) in \
            stats.stats.items():  # type: ignore[attr-defined]
        rows.append((_owner(filename), f"{func}:{line}", ncalls, tottime, cumtime))
    rows.sort(key=lambda r: -r[3])
    return rows[:top]


def _by_file(stats: pstats.Stats) -> list[tuple[str, float]]:
    totals: dict[str, float] = {}
    for (filename, _line, _func), (_cc, _n, tottime, _cum, _) in \
            stats.stats.items():  # type: ignore[attr-defined]
        owner = _owner(filename)
        totals[owner] = totals.get(owner, 0.0) + tottime
    return sorted(totals.items(), key=lambda kv: -kv[1])[:15]


def _cum_table(stats: pstats.Stats, top: int) -> list[str]:
    """Package functions by cumulative time: who triggers the pandas / scipy work."""
    rows = [r for r in _rows(stats, 10**6) if r[0].startswith("huaian_forecast/")]
    rows.sort(key=lambda r: -r[4])
    lines = ["| file (owner) | function | calls | cumulative s |", "|---|---|---:|---:|"]
    lines += [f"| {o} | `{f}` | {n} | {c:.3f} |" for o, f, n, _t, c in rows[:top]]
    return lines


def _table(stats: pstats.Stats, wall: float, top: int) -> list[str]:
    lines = ["| file (owner) | function | calls | own s | cumulative s | own share |",
             "|---|---|---:|---:|---:|---:|"]
    total = sum(r[3] for r in _rows(stats, 10**6)) or 1.0
    for owner, func, ncalls, tottime, cumtime in _rows(stats, top):
        lines.append(f"| {owner} | `{func}` | {ncalls} | {tottime:.3f} | {cumtime:.3f} | "
                     f"{tottime / total:.0%} |")
    lines += ["", f"Wall time under the profiler {wall:.2f} s. Own time summed by file:", "",
              "| file | own s |", "|---|---:|"]
    lines += [f"| {owner} | {t:.3f} |" for owner, t in _by_file(stats)]
    return lines


def _cum(stats: pstats.Stats, name: str) -> tuple[int, float]:
    """Calls and cumulative time of the package (or importlib) function ``name``."""
    calls, cum = 0, 0.0
    for (filename, _line, func), (cc, _n, _t, cumtime, _) in \
            stats.stats.items():  # type: ignore[attr-defined]
        if func == name and ("huaian_forecast" in filename or "importlib" in filename):
            calls, cum = calls + cc, cum + cumtime
    return calls, cum


def _sobol_section() -> list[str]:
    from huaian_forecast.analysis import sobol

    kwargs = {"scenario": "baseline", "factors": list(SOBOL_FACTORS), "metric": "p_reach",
              "n": SOBOL_N, "n_paths": 1_000, "seed": 2024}
    sobol(**{**kwargs, "n": 2})  # warm
    stats, wall = _profile(lambda: sobol(**kwargs))
    runs = SOBOL_N * (len(SOBOL_FACTORS) + 2) + 1
    _, inside = _cum(stats, "simulate")
    return [
        f"## 3. Sobol sweep: 6 levers, n = {SOBOL_N}, 1,000 paths ({runs} simulations)", "",
        f"{wall / runs * 1000:.1f} ms per setting under the profiler; inside `simulate` "
        f"{inside / wall:.0%} of the time, outside it (settings, met matrix, quantiles, "
        f"scipy's estimator and the bootstrap) {1 - inside / wall:.0%}.", "",
        *_table(stats, wall, 15), "",
    ]


def _report_section() -> list[str]:
    import subprocess
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        prof = Path(tmp) / "report.prof"
        cmd = [sys.executable, "-m", "cProfile", "-o", str(prof), "-m", "huaian_forecast",
               "report", "--out", str(Path(tmp) / "out"), "--n-paths", "2000", "--force"]
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(
            p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p))
        compile_package()  # as installed: no module compiled from source in the profile
        t0 = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True, env=env, cwd=ROOT)
        wall = time.perf_counter() - t0
        stats = pstats.Stats(str(prof))
    total = _cum(stats, "main")[1] or 1.0
    lines = ["## 4. `huaian-forecast report` (4 built-in scenarios, 2,000 paths), whole "
             "process", "",
             f"{wall:.2f} s wall for the process under the profiler. Cumulative time of "
             "each step (steps overlap where one calls another; imports are also counted "
             "inside the step that first needs them):", "",
             "| step | calls | cumulative s | share of `main` |", "|---|---:|---:|---:|"]
    for label, name in REPORT_STEPS:
        calls, cum = _cum(stats, name)
        lines.append(f"| {label} | {calls} | {cum:.3f} | {cum / total:.0%} |")
    return [*lines, "", "Own time summed by file (top 15):", "", "| file | own s |",
            "|---|---:|", *[f"| {o} | {t:.3f} |" for o, t in _by_file(stats)], ""]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n-paths", type=int, default=200_000)
    parser.add_argument("--top", type=int, default=15)
    parser.add_argument("--out", type=Path, default=BENCH / "PROFILE.md")
    args = parser.parse_args()

    import huaian_forecast as hf

    history = hf.load_history()
    hf.simulate("baseline", n_paths=100, seed=1, history=history)  # warm caches / imports
    # one thread: cProfile sees only the calling thread (same numbers as on several)
    big, big_wall = _profile(lambda: hf.simulate("baseline", n_paths=args.n_paths, seed=1,
                                                 history=history, workers=1))
    small, small_wall = _profile(lambda: [hf.simulate("baseline", n_paths=1_000, seed=1,
                                                      history=history)
                                          for _ in range(CALLS)])
    load = [round(x, 2) for x in os.getloadavg()]
    text = [
        "# Profile of `hf.simulate`, a Sobol sweep and the report command (cProfile)", "",
        f"Written by `python benchmarks/profile_hotspots.py` at "
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, load average {load} on a "
        "shared 2-core machine. Own time = time inside the function itself (`tottime`).", "",
        f"## 1. One simulate of {args.n_paths:,} paths x 2024-2035 (per-path cost, "
        "`workers=1`: cProfile sees only the calling thread)", "",
        *_table(big, big_wall, args.top), "",
        f"## 2. {CALLS} simulate calls of 1,000 paths, history passed in (per-call cost)", "",
        f"{small_wall / CALLS * 1000:.0f} ms per call under the profiler.", "",
        *_table(small, small_wall, args.top), "",
        "Package functions by cumulative time (includes the pandas / scipy / importlib work "
        "they trigger):", "", *_cum_table(small, args.top), "",
        *_sobol_section(),
        *_report_section(),
    ]
    args.out.write_text("\n".join(text), encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
