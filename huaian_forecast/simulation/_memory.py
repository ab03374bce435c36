"""Will a simulation fit in memory? An estimate made before anything is allocated.

``simulate`` returns ``n_paths x n_years`` arrays per indicator (float64; counts int32)
and works through the paths in chunks; a request whose returned arrays alone exceed the
memory the operating system reports as available would end in an out-of-memory kill (or a
machine swapping for minutes). :func:`check_fits` turns that into an
:class:`~huaian_forecast.ArgumentError` that says how much is needed and what to change.
"""

from __future__ import annotations

import mmap
import os

import numpy as np

from huaian_forecast.exceptions import ArgumentError

__all__ = ["available_bytes", "check_fits", "estimate_bytes", "output_array"]

#: Working arrays per path and year of one chunk of the structural models (shocks,
#: parameters, cohorts, intermediate results), measured: ~155 MB above the returned arrays
#: at 50,000-path chunks of 12 years.
_WORK_ARRAYS = 40
#: Requests needing at most this many bytes are not checked against the available memory.
_SMALL = 64 * 2**20
#: Temporaries of the trend draw (tech contracts), which is not chunked, per path and year.
_TREND_ARRAYS = 4


#: Outputs at least this large come straight from the kernel (:func:`output_array`);
#: numpy advises huge pages from 4 MiB.
_MAPPED = 4 * 2**20


def output_array(shape: tuple[int, int], dtype: np.dtype | type = np.float64) -> np.ndarray:
    """Return an uninitialised array for a large output (written once, by rows).

    From 4 MiB it is an anonymous memory map rather than ``np.empty``: numpy advises huge
    pages (``MADV_HUGEPAGE``) for its large allocations, and where the kernel compacts
    memory for advised regions on the first touch (transparent huge pages with
    ``defrag=madvise``, a common default) that first write cost this project's 2-core
    machine 0.3-1 s of wall time at 1,000,000 paths, varying with the state of its memory
    (benchmarks/SIMULATE_NOTES.md). The map's pages come zero-filled from the kernel (huge
    ones where it gives them to all memory); the numbers are the same, and the memory is
    freed with the array.
    """
    dtype = np.dtype(dtype)
    n_bytes = int(shape[0]) * int(shape[1]) * dtype.itemsize
    if n_bytes < _MAPPED:
        return np.empty(shape, dtype=dtype)
    return np.frombuffer(mmap.mmap(-1, n_bytes), dtype=dtype).reshape(shape)


def available_bytes() -> int | None:
    """Memory the operating system reports as available (bytes), or None if unknown."""
    try:
        with open("/proc/meminfo", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    try:
        return int(os.sysconf("SC_AVPHYS_PAGES")) * int(os.sysconf("SC_PAGE_SIZE"))
    except (AttributeError, ValueError, OSError):
        return None


def estimate_bytes(n_paths: int, n_years: int, n_indicators: int, chunk_size: int) -> int:
    """Peak memory of a simulation, roughly: returned arrays plus one chunk's work."""
    cell = 8 * n_years  # one float64 per year (a count's int32 takes half: an upper bound)
    returned = n_paths * n_indicators * cell
    chunk = min(chunk_size, n_paths) * _WORK_ARRAYS * cell
    return returned + max(chunk, n_paths * _TREND_ARRAYS * cell)


def check_fits(n_paths: int, n_years: int, n_indicators: int, chunk_size: int,
               available: int | None = None) -> None:
    """Raise :class:`ArgumentError` when a simulation cannot fit in the available memory.

    Parameters
    ----------
    n_paths, n_years, n_indicators : int
        Size of the request (years simulated, which may exceed the years reported).
    chunk_size : int
        Paths worked on at once.
    available : int, optional
        Bytes available (default: :func:`available_bytes`; no check when unknown, nor
        for a request of at most 64 MiB).

    Examples
    --------
    >>> check_fits(1_000, 12, 9, 50_000, available=2**30)  # 1 GiB is plenty
    >>> check_fits(10**9, 12, 9, 50_000, available=2**30)
    Traceback (most recent call last):
    ...
    huaian_forecast.exceptions.ArgumentError: simulating 1,000,000,000 paths x 12 years ...
    """
    need = estimate_bytes(n_paths, n_years, n_indicators, chunk_size)
    if available is None and need <= _SMALL:
        return  # not worth reading /proc/meminfo (0.2 ms, 4 % of a 1,000-path run)
    available = available_bytes() if available is None else available
    if available is None:
        return
    if need <= available:
        return
    gib = 2**30
    per_path = max(need // n_paths, 1)
    raise ArgumentError(
        f"simulating {n_paths:,} paths x {n_years} years of {n_indicators} indicator(s) needs "
        f"about {need / gib:.1f} GiB, but only {available / gib:.1f} GiB of memory is "
        f"available: ask for at most about {available // per_path:,} paths, fewer "
        f"indicators (indicators=...) or an earlier end_year")
