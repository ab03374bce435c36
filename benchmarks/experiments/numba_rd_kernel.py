"""Experiment (not part of the suite): would a numba kernel bring `simulate` to 3x numpy?

Issue 16 asks for `simulate` at 1M paths within 3x numpy drawing 4 x 1M x 12 normals.
The R&D recursion of :func:`huaian_forecast.structural.rd_intensity.project_rd` (its
in-place loop, the same operations in the same order) is timed on one block of 16,384
paths x 12 years three ways: the numpy code, and two numba kernels (path-major and
year-major loops). It also checks whether the kernel gives bitwise the numpy numbers
(it cannot promise to: numpy's float64 ``log`` is its own SIMD code on AVX-512
machines, numba calls the C library's).

numba is not a dependency of the package. To run::

    python -m venv /tmp/nb && /tmp/nb/bin/pip install numba numpy
    /tmp/nb/bin/python benchmarks/experiments/numba_rd_kernel.py

Findings are in ``benchmarks/SIMULATE_NOTES.md`` (2026-11-30, 01:00 UTC).
"""

from __future__ import annotations

import time

import numba
import numpy as np

N_PATHS, N_YEARS, FLOOR = 16_384, 12, 1e-3


def inputs(rng: np.random.Generator) -> tuple:
    """Random inputs shaped as ``project_rd`` holds them (years x paths)."""
    spend0 = 50 + rng.random(N_PATHS)
    gdp0 = 5000 + 100 * rng.random(N_PATHS)
    rd_factor = 1.1 + 0.02 * rng.standard_normal((N_YEARS, N_PATHS))
    gdp_factor = 1.06 + 0.01 * rng.standard_normal((N_YEARS, N_PATHS))
    keep = 0.8 + 0.1 * rng.random(N_PATHS)
    arrivals, extra = rng.random((N_YEARS, N_PATHS)), rng.random((N_YEARS, N_PATHS))
    return spend0, gdp0, -0.2, rd_factor, gdp_factor, keep, arrivals, extra


def with_numpy(spend0, gdp0, conv, rd_factor, gdp_factor, keep, arrivals, extra):
    """project_rd's loop as in the package (no observations)."""
    base, gdp_t, stock = spend0.copy(), gdp0.copy(), np.zeros(N_PATHS)
    spend, gdp = np.empty((N_YEARS, N_PATHS)), np.empty((N_YEARS, N_PATHS))
    log_i0, s_prev, work = np.log(base / gdp0), base.copy(), np.empty(N_PATHS)
    for t in range(N_YEARS):
        np.divide(s_prev, gdp_t, out=work)
        np.log(work, out=work)
        work -= log_i0
        work *= conv
        work += rd_factor[t]
        base *= work
        new_gdp = np.multiply(gdp_t, gdp_factor[t], out=gdp[t])
        index = new_gdp / gdp0
        stock *= gdp_factor[t]
        stock *= keep
        stock += arrivals[t] * index
        s_t = np.add(base, stock, out=spend[t])
        s_t += extra[t] * index
        np.maximum(s_t, FLOOR, out=s_t)
        gdp_t, s_prev = gdp[t], spend[t]
    return spend, gdp


@numba.njit
def path_major(spend0, gdp0, conv, rd_factor, gdp_factor, keep, arrivals, extra, spend, gdp):
    """One path at a time, its years inside (strided reads of the year rows)."""
    for i in range(spend0.size):
        base, g0, stock = spend0[i], gdp0[i], 0.0
        gdp_t, s_prev, log_i0 = g0, base, np.log(base / g0)
        for t in range(rd_factor.shape[0]):
            base *= (np.log(s_prev / gdp_t) - log_i0) * conv + rd_factor[t, i]
            new_gdp = gdp_t * gdp_factor[t, i]
            index = new_gdp / g0
            stock = stock * gdp_factor[t, i] * keep[i] + arrivals[t, i] * index
            s = max(base + stock + extra[t, i] * index, FLOOR)
            spend[t, i], gdp[t, i] = s, new_gdp
            gdp_t, s_prev = new_gdp, s


@numba.njit
def year_major(spend0, gdp0, conv, rd_factor, gdp_factor, keep, arrivals, extra, spend, gdp):
    """One year at a time over all paths (contiguous rows), as numpy does."""
    base, stock = spend0.copy(), np.zeros(spend0.size)
    gdp_t, s_prev, log_i0 = gdp0.copy(), spend0.copy(), np.log(spend0 / gdp0)
    for t in range(rd_factor.shape[0]):
        for i in range(spend0.size):
            base[i] *= (np.log(s_prev[i] / gdp_t[i]) - log_i0[i]) * conv + rd_factor[t, i]
            new_gdp = gdp_t[i] * gdp_factor[t, i]
            index = new_gdp / gdp0[i]
            stock[i] = stock[i] * gdp_factor[t, i] * keep[i] + arrivals[t, i] * index
            s = max(base[i] + stock[i] + extra[t, i] * index, FLOOR)
            spend[t, i], gdp[t, i] = s, new_gdp
            gdp_t[i], s_prev[i] = new_gdp, s


@numba.njit
def year_major_without_log(spend0, gdp0, conv, rd_factor, gdp_factor, keep, arrivals, extra,
                           spend, gdp):
    """``year_major`` with the catch-up's ``log`` left out (not the model: a cost split)."""
    base, stock = spend0.copy(), np.zeros(spend0.size)
    gdp_t, s_prev, log_i0 = gdp0.copy(), spend0.copy(), np.log(spend0 / gdp0)
    for t in range(rd_factor.shape[0]):
        for i in range(spend0.size):
            base[i] *= (s_prev[i] / gdp_t[i] - log_i0[i]) * conv + rd_factor[t, i]
            new_gdp = gdp_t[i] * gdp_factor[t, i]
            index = new_gdp / gdp0[i]
            stock[i] = stock[i] * gdp_factor[t, i] * keep[i] + arrivals[t, i] * index
            s = max(base[i] + stock[i] + extra[t, i] * index, FLOOR)
            spend[t, i], gdp[t, i] = s, new_gdp
            gdp_t[i], s_prev[i] = new_gdp, s


@numba.njit
def year_rest(t, logw, base, conv, rd_factor, gdp_t, gdp_factor, gdp0, stock, keep, arrivals,
              extra, spend, gdp, log_i0):
    """One year of ``year_major`` after numpy has written ``log(s_prev / gdp_t)`` to logw."""
    for i in range(base.size):
        base[i] *= (logw[i] - log_i0[i]) * conv + rd_factor[t, i]
        new_gdp = gdp_t[i] * gdp_factor[t, i]
        index = new_gdp / gdp0[i]
        stock[i] = stock[i] * gdp_factor[t, i] * keep[i] + arrivals[t, i] * index
        s = max(base[i] + stock[i] + extra[t, i] * index, FLOOR)
        spend[t, i], gdp[t, i] = s, new_gdp
        gdp_t[i] = new_gdp


def hybrid(spend0, gdp0, conv, rd_factor, gdp_factor, keep, arrivals, extra):
    """numpy's divide and ``log`` per year, the rest of the year in numba (bitwise numpy's)."""
    base, gdp_t, stock = spend0.copy(), gdp0.copy(), np.zeros(N_PATHS)
    spend, gdp = np.empty((N_YEARS, N_PATHS)), np.empty((N_YEARS, N_PATHS))
    log_i0, s_prev, work = np.log(base / gdp0), base.copy(), np.empty(N_PATHS)
    for t in range(N_YEARS):
        np.divide(s_prev, gdp_t, out=work)
        np.log(work, out=work)
        year_rest(t, work, base, conv, rd_factor, gdp_t, gdp_factor, gdp0, stock, keep,
                  arrivals, extra, spend, gdp, log_i0)
        s_prev = spend[t]
    return spend, gdp


def median_ms(call, repeat: int = 200) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return 1e3 * float(np.median(times))


def main() -> None:
    args = inputs(np.random.default_rng(1))
    spend, gdp = np.empty((N_YEARS, N_PATHS)), np.empty((N_YEARS, N_PATHS))
    ref_spend, ref_gdp = with_numpy(*args)
    year_major_without_log(*args, spend, gdp)  # compiled before the timing
    for kernel in (path_major, year_major):
        start = time.perf_counter()
        kernel(*args, spend, gdp)
        compile_s = time.perf_counter() - start
        differ = int((spend != ref_spend).sum() + (gdp != ref_gdp).sum())
        print(f"{kernel.__name__}: compile {compile_s:.2f} s; values differing from numpy's: "
              f"{differ} of {2 * spend.size:,} (largest relative "
              f"{float(np.max(np.abs(spend / ref_spend - 1))):.1e})")
    h_spend, h_gdp = hybrid(*args)
    print(f"hybrid (numpy log, numba rest): values differing from numpy's: "
          f"{int((h_spend != ref_spend).sum() + (h_gdp != ref_gdp).sum())}; "
          f"{median_ms(lambda: hybrid(*args)):.2f} ms per block")
    print(f"numpy {median_ms(lambda: with_numpy(*args)):.2f} ms, "
          f"numba path-major {median_ms(lambda: path_major(*args, spend, gdp)):.2f} ms, "
          f"year-major {median_ms(lambda: year_major(*args, spend, gdp)):.2f} ms per block; "
          f"year-major without the log "
          f"{median_ms(lambda: year_major_without_log(*args, spend, gdp)):.2f} ms; "
          f"numpy's log of the block alone {median_ms(lambda: np.log(args[3])):.2f} ms")


if __name__ == "__main__":
    main()
