"""Blocks of paths on threads: how many, the pool, and running one function per block.

The paths of :func:`~huaian_forecast.simulate` are drawn in blocks, each from its own
child seed sequence, so blocks are independent: several can be projected at once on
threads (numpy releases the GIL inside its ufuncs and its generators' fills). The numbers
never depend on the number of threads: every block draws from its own generator and
writes its own rows of the outputs.

Nothing here imports :mod:`concurrent.futures` before a pool is needed, so a small run
(serial) pays nothing.
"""

from __future__ import annotations

import contextlib
import contextvars
import os
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from huaian_forecast.exceptions import ArgumentError

if TYPE_CHECKING:
    from concurrent.futures import Executor

__all__ = ["MAX_AUTO_WORKERS", "MIN_PARALLEL_BLOCKS", "check_workers", "each", "resolve_workers",
           "thread_pool", "usable_cores"]

#: ``workers=None`` uses at most this many threads...
MAX_AUTO_WORKERS = 4
#: ... and only for runs of at least this many blocks of paths: below it, starting threads
#: costs more than it saves (sweeps run at 1,000-10,000 paths, one or two blocks).
MIN_PARALLEL_BLOCKS = 4


def check_workers(workers: object) -> None:
    """Raise :class:`ArgumentError` unless ``workers`` is None or a positive int."""
    if workers is None:
        return
    if isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
        raise ArgumentError(f"workers must be a positive integer or None (automatic), got "
                            f"{workers!r}")


def usable_cores() -> int:
    """Return the CPU cores this process may run on (its affinity where known)."""
    try:
        return len(os.sched_getaffinity(0))  # the cores this process may run on
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def resolve_workers(workers: int | None, n_blocks: int, per_chunk: int = 1) -> int:
    """Threads to use for ``n_blocks`` blocks in chunks of ``per_chunk`` blocks (>= 1).

    ``None``: the cores available, at most :data:`MAX_AUTO_WORKERS`, when the run has at
    least :data:`MIN_PARALLEL_BLOCKS` blocks, else 1. Never more threads than chunks.

    Examples
    --------
    >>> resolve_workers(None, 1), resolve_workers(3, 2), resolve_workers(3, 10, per_chunk=4)
    (1, 2, 3)
    """
    chunks = -(-n_blocks // max(per_chunk, 1))
    if workers is None:
        workers = min(usable_cores(), MAX_AUTO_WORKERS) if n_blocks >= MIN_PARALLEL_BLOCKS else 1
    return max(1, min(workers, chunks))


@contextlib.contextmanager
def thread_pool(threads: int) -> Iterator[Executor | None]:
    """Yield a :class:`~concurrent.futures.ThreadPoolExecutor` of ``threads`` (None for 1)."""
    if threads <= 1:
        yield None
        return
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=threads,
                            thread_name_prefix="huaian-simulate") as pool:
        yield pool


def each(pool: Executor | None, fn: Callable[..., None],
         items: Sequence[tuple[Any, ...]]) -> None:
    """Call ``fn(*item)`` for every item: in order here, or on ``pool``'s threads.

    ``fn`` returns nothing (it writes its own part of the results); on the pool, each call
    runs in a copy of the caller's :mod:`contextvars` context (numpy's error state). The
    first error
    raised by a call is raised here, after the calls not yet started are cancelled and
    the running ones have finished (so nobody writes into the results afterwards).
    """
    if pool is None or len(items) < 2:
        for item in items:
            fn(*item)
        return
    # each call in a copy of the caller's context: numpy's error state (np.errstate) is
    # a context variable, which a pool's threads would not otherwise see
    futures = [pool.submit(contextvars.copy_context().run, fn, *item) for item in items]
    try:
        for future in futures:
            future.result()
    except BaseException:
        for future in futures:
            future.cancel()
        for future in futures:  # wait for the running ones; their errors are secondary
            if not future.cancelled():
                with contextlib.suppress(Exception):
                    future.result()
        raise
