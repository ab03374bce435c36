"""Paths in blocks: each block of :data:`BLOCK_PATHS` paths from its own seed sequence.

:func:`project_blocks` runs the structural models chunk by chunk (a chunk is one or more
consecutive blocks), one after the other or on a thread pool. A chunk writes only its own
rows of the outputs and reads only what was made before the pool started (the scenario,
the anchors, the seed sequences) or what it makes itself (its shocks and what is derived
from them), so neither the chunk size nor the threads change a number.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

import numpy as np

from huaian_forecast.indicators import get_indicator
from huaian_forecast.scenarios import Scenario
from huaian_forecast.simulation._memory import output_array
from huaian_forecast.simulation._threads import each
from huaian_forecast.simulation.bounds import bound_by_gdp, hold_counts
from huaian_forecast.simulation.memo import SimulationMemo
from huaian_forecast.structural import Anchors, project_structural

if TYPE_CHECKING:
    from concurrent.futures import Executor

__all__ = ["BLOCK_PATHS", "COUNT_DTYPE", "block_layout", "output_dtype", "project_blocks"]

#: Paths per block of random draws: each block has its own child seed sequence.
BLOCK_PATHS = 16_384
#: dtype of a count's paths (firms, labs, applications): the structural models make whole
#: numbers, held within the indicator's valid range (at most 1,000,000, see
#: :func:`~huaian_forecast.simulation.bounds.count_ceilings`), which int32 holds exactly in
#: half the memory.
COUNT_DTYPE = np.dtype(np.int32)


def output_dtype(key: str) -> np.dtype:
    """Return the dtype of the structural models' paths of ``key``.

    Counts (``Indicator.is_integer``) are :data:`COUNT_DTYPE`, every other indicator
    float64.

    Examples
    --------
    >>> str(output_dtype("hte_count")), str(output_dtype("rd_intensity"))
    ('int32', 'float64')
    """
    return COUNT_DTYPE if get_indicator(key).is_integer else np.dtype(np.float64)


def _as_output(key: str, arr: np.ndarray) -> np.ndarray:
    """Return a chunk's own ``arr`` in the output dtype of ``key`` (a count: exact cast)."""
    dtype = output_dtype(key)
    if arr.dtype == dtype:
        return arr if arr.flags.writeable else arr.copy()
    return arr.astype(dtype)


def block_layout(n_paths: int, chunk_size: int = BLOCK_PATHS) -> tuple[int, int]:
    """Return ``(blocks, blocks per chunk)`` for ``n_paths`` paths in chunks of ``chunk_size``.

    A chunk is a whole number of blocks, at least one.

    Examples
    --------
    >>> block_layout(40_000, 40_000), block_layout(1, 1)
    ((3, 2), (1, 1))
    """
    return -(-n_paths // BLOCK_PATHS), max(1, chunk_size // BLOCK_PATHS)


def project_blocks(scen: Scenario, years: np.ndarray, n_paths: int,
                   stream: np.random.SeedSequence, anchors: Anchors,
                   chunk_size: int, wanted: tuple[str, ...],
                   memo: SimulationMemo, pool: Executor | None = None) -> dict[str, np.ndarray]:
    """Project the paths in blocks of :data:`BLOCK_PATHS`, grouped into chunks.

    Block ``i`` draws from the ``i``-th child of ``stream`` alone, so a path's numbers
    depend on the seed and its index only: not on ``chunk_size`` (which groups blocks to
    bound the working memory), on ``pool`` (chunks projected on its threads, each writing
    its own rows of the outputs) nor on how the paths are split between processes.

    On threads, what chunks share is read only (scenario, anchors, seed sequences); each
    chunk's shocks and the values derived from them (``StructuralShocks.derived``) are
    its own; the memo keeps a chunk's shocks only for runs of at most
    ``memo.max_shock_paths`` paths, in a store that is safe with threads.
    """
    n_blocks, per_chunk = block_layout(n_paths, chunk_size)
    streams = stream.spawn(n_blocks)
    sizes = [min(BLOCK_PATHS, n_paths - b * BLOCK_PATHS) for b in range(n_blocks)]
    keep = n_paths <= memo.max_shock_paths

    def project(first: int, last: int) -> dict[str, np.ndarray]:
        part = project_structural(
            scen, years=years, anchors=anchors, indicators=wanted,
            shocks=memo.shocks(streams[first:last], sizes[first:last], years.size,
                               keep=keep))
        # while the chunk is in cache; counts held within their valid range (so int32)
        return hold_counts(bound_by_gdp(part, part, in_place=True))

    if per_chunk >= n_blocks:  # one chunk: its arrays are the result
        return {k: _as_output(k, v) for k, v in project(0, n_blocks).items()}
    out: dict[str, np.ndarray] = {}
    lock = threading.Lock()

    def fill(first: int, last: int) -> None:
        part = project(first, last)
        with lock:  # the first chunk done allocates every output (in the models' order)
            if not out:
                out.update({k: output_array((n_paths, years.size), output_dtype(k))
                            for k in part})
        lo = first * BLOCK_PATHS
        for key, arr in part.items():  # a count's whole numbers cast exactly
            out[key][lo:lo + arr.shape[0]] = arr

    each(pool, fill, [(first, min(n_blocks, first + per_chunk))
                      for first in range(0, n_blocks, per_chunk)])
    return out
