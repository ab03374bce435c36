"""Timing helpers shared by the benchmark scripts (no third-party dependency).

Every whole-process measurement starts a fresh interpreter, waits for it with
``os.wait4`` and so gets that child's own wall time *and* its peak resident set size
(``ru_maxrss``, KiB on Linux). Repetitions of several commands are interleaved
(A B C A B C ...) so that a burst of load from other users of the machine hits all of
them alike; we report medians, the minimum and the spread.
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Mapping, Sequence
from importlib import metadata
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "benchmarks"

#: The README's Sobol setting: its six levers.
SOBOL_FACTORS = ("first_time_applications", "recertification_support", "rd_rewards",
                 "major_project_rd", "hightech_projects", "new_key_labs")

PACKAGES = ("numpy", "scipy", "pandas", "statsmodels", "matplotlib", "openpyxl",
            "huaian_forecast")


def child_env(env: Mapping[str, str] | None = None) -> dict[str, str]:
    """Environment of a child: ``env`` (default: ours) with this checkout first on the path.

    The benchmark scripts live in ``benchmarks/``, so a child ``python benchmarks/x.py``
    would otherwise import ``huaian_forecast`` from wherever it is installed (another
    checkout), not the code being measured.
    """
    out = dict(os.environ if env is None else env)
    out["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), out.get("PYTHONPATH")) if p)
    return out


def compile_package() -> None:
    """Compile this checkout's ``huaian_forecast`` to bytecode, as ``pip install`` does.

    An installed package has its ``.pyc`` files written at install time; a checkout run
    with ``PYTHONDONTWRITEBYTECODE=1`` (this project's development environment sets it)
    never gets them, so each child would compile about 130 modules from source (0.1 s a
    process) while the peers' libraries load compiled. Up-to-date files are skipped, so a
    call costs a few milliseconds.
    """
    import compileall

    compileall.compile_dir(ROOT / "huaian_forecast", quiet=1)


def run_once(cmd: Sequence[str], *, env: Mapping[str, str] | None = None,
             timeout: float = 600.0) -> dict[str, Any]:
    """Run ``cmd`` once for diagnostics; return exit code, stdout and the end of stderr."""
    proc = subprocess.run(list(cmd), capture_output=True, text=True, cwd=ROOT, check=False,
                          env=child_env(env), timeout=timeout)
    return {"returncode": proc.returncode, "stdout": proc.stdout, "stderr": proc.stderr[-3000:],
            "stderr_full": proc.stderr}


def _wait_rusage(cmd: Sequence[str], env: Mapping[str, str] | None,
                 timeout: float) -> dict[str, Any]:
    """Run ``cmd``, reap it with ``wait4``: its wall time, own peak RSS and stdout.

    A child still running after ``timeout`` seconds is killed (its exit code is then
    negative and the caller reports the failure instead of a time).
    """
    t0 = time.perf_counter()
    with open(os.devnull, "wb") as devnull:
        proc = subprocess.Popen(list(cmd), stdout=subprocess.PIPE, stderr=devnull,
                                env=child_env(env), cwd=ROOT)
        killer = threading.Timer(timeout, proc.kill)
        killer.start()
        try:
            assert proc.stdout is not None
            out = proc.stdout.read()
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            killer.cancel()
        wall = time.perf_counter() - t0
        proc.returncode = os.waitstatus_to_exitcode(status)
    return {"wall_s": wall, "cpu_s": usage.ru_utime + usage.ru_stime,
            "rss_mib": usage.ru_maxrss / 1024, "returncode": proc.returncode,
            "stdout": out.decode("utf-8", "replace")}


def summarise(values: Sequence[float]) -> dict[str, float]:
    """Median, min, max and quartiles of a sample."""
    vals = sorted(values)
    q = statistics.quantiles(vals, n=4) if len(vals) >= 2 else [vals[0]] * 3
    return {"median": statistics.median(vals), "min": vals[0], "max": vals[-1],
            "q25": q[0], "q75": q[2], "n": len(vals)}


def time_commands(commands: Mapping[str, Sequence[str]], *, repeat: int, warmup: int = 1,
                  env: Mapping[str, str] | None = None,
                  timeout: float = 600.0) -> dict[str, dict[str, Any]]:
    """Time several whole-process commands, interleaved, ``repeat`` times each.

    Records wall time and the child's CPU time (user + system, from ``wait4``): on a
    machine shared with other jobs the wall time grows with the load, the CPU time much
    less, so both are reported.

    A failing command stops the benchmark with its stderr: a crashed run is not a time.
    """
    compile_package()  # the code measured loads as it does once installed
    for _ in range(warmup):  # fill the page cache (.pyc files, shared libraries)
        for cmd in commands.values():
            _wait_rusage(cmd, env, timeout)
    walls: dict[str, list[float]] = {k: [] for k in commands}
    cpus: dict[str, list[float]] = {k: [] for k in commands}
    rss: dict[str, list[float]] = {k: [] for k in commands}
    for _ in range(repeat):
        for key, cmd in commands.items():
            res = _wait_rusage(cmd, env, timeout)
            if res["returncode"] != 0:
                detail = run_once(cmd, env=env, timeout=timeout)["stderr"]
                raise RuntimeError(f"{key}: {' '.join(cmd)} exited {res['returncode']}\n{detail}")
            walls[key].append(res["wall_s"])
            cpus[key].append(res["cpu_s"])
            rss[key].append(res["rss_mib"])
    return {k: {"command": " ".join(commands[k]), "wall_s": summarise(walls[k]),
                "cpu_s": summarise(cpus[k]),
                "samples_s": [round(x, 4) for x in walls[k]],
                "peak_rss_mib": max(rss[k])} for k in commands}


def run_json(cmd: Sequence[str], *, timeout: float = 900.0) -> dict[str, Any]:
    """Run a child script that prints one JSON object as its last stdout line."""
    compile_package()
    res = _wait_rusage(cmd, None, timeout)
    if res["returncode"] != 0:
        detail = run_once(cmd, timeout=timeout)
        raise RuntimeError(f"{' '.join(cmd)} exited {res['returncode']}\n{detail['stderr']}")
    payload = json.loads(res["stdout"].strip().splitlines()[-1])
    payload["process_wall_s"] = res["wall_s"]
    payload["process_cpu_s"] = res["cpu_s"]
    payload["process_peak_rss_mib"] = res["rss_mib"]
    return payload


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _blas() -> str:
    try:
        import numpy as np

        cfg = np.show_config(mode="dicts")
        blas = cfg["Build Dependencies"]["blas"]
        return f"{blas.get('name')} {blas.get('version')}"
    except Exception as exc:  # informational only
        return f"unknown ({type(exc).__name__})"


def machine_info() -> dict[str, Any]:
    """Describe the machine and software the numbers were measured on."""
    versions = {}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    mem_kib = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem_kib = int(line.split()[1])
    except OSError:
        pass
    return {
        "utc": time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime()),
        "nproc": os.cpu_count(),
        "sched_affinity": len(os.sched_getaffinity(0)),
        "cpu_model": _cpu_model(),
        "mem_total_gib": round(mem_kib / 2**20, 1) if mem_kib else None,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "versions": versions,
        "blas": _blas(),
        "env": {k: os.environ.get(k, "(unset)") for k in
                ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE", "OPENBLAS_NUM_THREADS",
                 "OMP_NUM_THREADS", "MKL_NUM_THREADS", "PYTHONDONTWRITEBYTECODE")},
        "bytecode": "huaian_forecast compiled before each child (compileall), as pip "
                    "install does",
        "loadavg_start": [round(x, 2) for x in os.getloadavg()],
        "git_commit": _git_commit(),
    }


def _git_commit() -> str:
    try:
        out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, text=True,
                             capture_output=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"],
                               cwd=ROOT, text=True, capture_output=True, check=True).stdout
        return out + (" (+ uncommitted changes in the working tree)" if dirty.strip() else "")
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def python_cmd(*args: str) -> list[str]:
    """The current interpreter with ``args``."""
    return [sys.executable, *args]
