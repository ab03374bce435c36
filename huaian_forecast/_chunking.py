"""Run a path simulation in chunks of paths, with results independent of the chunk size.

A Monte Carlo run of 1,000,000 paths does not fit comfortably in memory if every
intermediate array is ``(n_paths, n_years)``; :func:`run_in_chunks` calls a vectorised
simulation function on consecutive chunks of paths and writes each chunk's output into
preallocated arrays, so peak memory is the output plus one chunk's temporaries. Chunks
can also be handed to a :class:`concurrent.futures.Executor` (a process pool, or a Dask /
Ray executor) with identical results.

Seeding scheme
--------------
Randomness is attached to fixed **blocks** of :data:`BLOCK_PATHS` consecutive paths, not
to chunks. Block ``b`` (paths ``b * BLOCK_PATHS`` .. ``(b + 1) * BLOCK_PATHS - 1``) of the
stream ``key`` draws from its own generator::

    np.random.default_rng(np.random.SeedSequence(entropy, spawn_key=(*key, b)))

where ``entropy`` is the integer seed (or fresh OS entropy drawn once when ``seed`` is
None, see :func:`resolve_entropy`). This is exactly the ``b``-th child of
``SeedSequence(entropy, spawn_key=key).spawn(...)``, so a caller that already gives each
indicator its own child sequence (``SeedSequence(seed).spawn(k)[j]``) can pass that child
as ``seed`` and get blocks ``(j, b)``. A chunk is a whole number of blocks; inside a chunk,
every sampling call of :class:`PathStreams` draws the rows of each block from that block's
generator, in block order. Consequences:

* For fixed ``(seed, key, n_paths)`` the result does not depend on ``chunk_paths`` or on
  the executor, as long as the simulation function makes the same sequence of sampling
  calls for every chunk (it must not branch on the chunk's size or content before drawing).
* Common random numbers: the draws depend only on ``(seed, key, n_paths)`` and the
  sequence of sampling calls (method and trailing ``shape``), never on parameters such as
  lever values, so two scenarios with the same seed share their normal draws; with array
  parameters (e.g. a per-path binomial ``p``) each variate still comes from the same stream
  position, so the draws are coupled (inverse-transform samplers monotone in ``p``).
* Prefix stability at block boundaries: the first ``k * BLOCK_PATHS`` paths of a run with
  more paths are identical. Within the last, partial block this does not hold.
* Changing :data:`BLOCK_PATHS` changes every result; it is part of the seeding scheme.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import Executor
from dataclasses import dataclass
from typing import Any, Final, TypeAlias

import numpy as np

from huaian_forecast.exceptions import ArgumentError

__all__ = [
    "BLOCK_PATHS",
    "DEFAULT_CHUNK_PATHS",
    "PathStreams",
    "by_block",
    "resolve_entropy",
    "run_in_chunks",
]

#: Paths per seeding block (part of the seeding scheme: changing it changes results).
BLOCK_PATHS: Final = 4096
#: Default chunk size: 32 blocks; a (chunk, 12) float64 temporary is about 12 MiB.
DEFAULT_CHUNK_PATHS: Final = 32 * BLOCK_PATHS

SeedLike: TypeAlias = int | np.random.SeedSequence | None
ChunkResult: TypeAlias = np.ndarray | Mapping[str, np.ndarray]


def resolve_entropy(seed: SeedLike) -> tuple[int, tuple[int, ...]]:
    """Return ``(entropy, spawn_key)`` that fix the streams of ``seed``.

    Parameters
    ----------
    seed : int, numpy.random.SeedSequence or None
        None draws fresh entropy from the operating system once; record the returned
        entropy to reproduce the run.

    Returns
    -------
    tuple
        The integer entropy and the spawn-key prefix (empty unless a child
        ``SeedSequence`` was given).

    Examples
    --------
    >>> resolve_entropy(7)
    (7, ())
    >>> resolve_entropy(np.random.SeedSequence(7).spawn(3)[2])
    (7, (2,))
    """
    if isinstance(seed, np.random.SeedSequence):
        if not isinstance(seed.entropy, int):
            raise ArgumentError("a SeedSequence with sequence-valued entropy is not supported")
        return seed.entropy, tuple(int(k) for k in seed.spawn_key)
    if seed is not None and (isinstance(seed, bool) or int(seed) != seed or seed < 0):
        raise ArgumentError(f"seed must be a non-negative integer, a SeedSequence or None; "
                            f"got {seed!r}")
    ss = np.random.SeedSequence(seed)
    return int(ss.entropy), ()  # type: ignore[arg-type]


def _block_generator(entropy: int, key: tuple[int, ...], block: int) -> np.random.Generator:
    return np.random.default_rng(np.random.SeedSequence(entropy, spawn_key=(*key, block)))


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class PathStreams:
    """Random draws for the paths ``start .. stop - 1``, made block by block.

    Every sampling method returns an array of shape ``(n_paths, *shape)`` whose rows come
    from the generators of the seeding blocks the paths belong to (see the module
    docstring). Parameters may be scalars or arrays broadcastable to that shape (for
    per-path parameters use a leading axis of length ``n_paths``).

    Parameters
    ----------
    start, stop : int
        First path and one past the last path of this chunk; ``start`` is a multiple of
        :data:`BLOCK_PATHS`.
    blocks : tuple of (int, numpy.random.Generator)
        Per seeding block in the chunk, its number of rows and its generator.
    """

    start: int
    stop: int
    blocks: tuple[tuple[int, np.random.Generator], ...]

    def __post_init__(self) -> None:
        if self.start % BLOCK_PATHS or sum(n for n, _ in self.blocks) != self.stop - self.start:
            raise ValueError(f"chunk {self.start}..{self.stop} is not made of whole blocks")

    @classmethod
    def for_range(cls, entropy: int, key: tuple[int, ...], start: int,
                  stop: int) -> PathStreams:
        """Build the streams of paths ``start .. stop - 1`` for ``(entropy, key)``."""
        first, last = start // BLOCK_PATHS, (stop - 1) // BLOCK_PATHS
        blocks = tuple(
            (min(stop, (b + 1) * BLOCK_PATHS) - b * BLOCK_PATHS, _block_generator(entropy, key, b))
            for b in range(first, last + 1))
        return cls(start=start, stop=stop, blocks=blocks)

    @property
    def n_paths(self) -> int:
        """Number of paths in this chunk."""
        return self.stop - self.start

    def draw(self, method: str, *params: Any, shape: tuple[int, ...] = ()) -> np.ndarray:
        """Call ``Generator.<method>(*params, size=...)`` per block and stack the rows.

        Parameters
        ----------
        method : str
            Name of a ``numpy.random.Generator`` sampling method taking ``size=``.
        *params
            Its distribution parameters, scalars or broadcastable to ``(n_paths, *shape)``.
        shape : tuple of int
            Trailing shape of the draws per path.

        Returns
        -------
        numpy.ndarray
            Shape ``(n_paths, *shape)``.
        """
        full = (self.n_paths, *shape)
        arrays = [np.asarray(p) for p in params]
        per_path = [a.ndim > 0 for a in arrays]
        arrays = [np.broadcast_to(a, full) if pp else a for a, pp in zip(arrays, per_path,
                                                                         strict=True)]
        parts, lo = [], 0
        for rows, gen in self.blocks:
            args = [a[lo:lo + rows] if pp else a for a, pp in zip(arrays, per_path, strict=True)]
            parts.append(getattr(gen, method)(*args, size=(rows, *shape)))
            lo += rows
        return parts[0] if len(parts) == 1 else np.concatenate(parts, axis=0)

    def standard_normal(self, shape: tuple[int, ...] = ()) -> np.ndarray:
        """Draw standard normal variates, shape ``(n_paths, *shape)``."""
        return self.draw("standard_normal", shape=shape)

    def normal(self, loc: Any = 0.0, scale: Any = 1.0,
               shape: tuple[int, ...] = ()) -> np.ndarray:
        """Draw normal variates, shape ``(n_paths, *shape)``."""
        return self.draw("normal", loc, scale, shape=shape)

    def uniform(self, low: Any = 0.0, high: Any = 1.0,
                shape: tuple[int, ...] = ()) -> np.ndarray:
        """Draw uniform variates on ``[low, high)``, shape ``(n_paths, *shape)``."""
        return self.draw("uniform", low, high, shape=shape)

    def binomial(self, n: Any, p: Any, shape: tuple[int, ...] = ()) -> np.ndarray:
        """Draw binomial counts (int64), shape ``(n_paths, *shape)``."""
        return self.draw("binomial", n, p, shape=shape)

    def poisson(self, lam: Any, shape: tuple[int, ...] = ()) -> np.ndarray:
        """Draw Poisson counts (int64), shape ``(n_paths, *shape)``."""
        return self.draw("poisson", lam, shape=shape)


def _stack(parts: list[ChunkResult]) -> ChunkResult:
    if len(parts) == 1:
        return parts[0]
    maps = [p for p in parts if isinstance(p, Mapping)]
    if maps:
        return {k: np.concatenate([m[k] for m in maps], axis=0) for k in maps[0]}
    return np.concatenate([np.asarray(p) for p in parts], axis=0)


def by_block(draw: Callable[[int, np.random.Generator], ChunkResult]
             ) -> Callable[[PathStreams], ChunkResult]:
    """Adapt ``draw(n_paths, rng)`` (e.g. ``GrowthFit.draw``) to :func:`run_in_chunks`.

    The returned function calls ``draw`` once per seeding block with that block's
    generator (a loop over blocks, never over paths) and stacks the rows (per key when
    ``draw`` returns a mapping of arrays), so any function of the ``(n_paths, rng)`` form
    becomes chunk-size invariant. Its per-call overhead is paid once per
    :data:`BLOCK_PATHS` paths.

    Examples
    --------
    >>> fn = by_block(lambda n, rng: rng.standard_normal((n, 2)))
    >>> run_in_chunks(fn, n_paths=5, seed=1).shape
    (5, 2)
    """
    def run(streams: PathStreams) -> ChunkResult:
        return _stack([draw(rows, gen) for rows, gen in streams.blocks])

    return run


def _run_chunk(fn: Callable[[PathStreams], ChunkResult], entropy: int, key: tuple[int, ...],
               start: int, stop: int) -> ChunkResult:
    return fn(PathStreams.for_range(entropy, key, start, stop))


def _chunk_results(fn: Callable[[PathStreams], ChunkResult], bounds: list[tuple[int, int]],
                   entropy: int, key: tuple[int, ...],
                   executor: Executor | None) -> Iterator[tuple[int, int, ChunkResult]]:
    if executor is None:
        for start, stop in bounds:
            yield start, stop, _run_chunk(fn, entropy, key, start, stop)
        return
    futures = [executor.submit(_run_chunk, fn, entropy, key, start, stop)
               for start, stop in bounds]
    for (start, stop), fut in zip(bounds, futures, strict=True):
        yield start, stop, fut.result()


def _store(out: dict[str, np.ndarray], parts: Mapping[str, np.ndarray], n_paths: int,
           start: int, stop: int) -> None:
    if out and set(out) != set(parts):
        raise ValueError(f"chunk {start}..{stop} returned keys {sorted(parts)}, "
                         f"the first chunk {sorted(out)}")
    for name, value in parts.items():
        arr = np.asarray(value)
        if arr.ndim == 0 or arr.shape[0] != stop - start:
            raise ValueError(f"output {name!r} of chunk {start}..{stop} has shape {arr.shape}; "
                             f"its first axis must be the chunk's {stop - start} paths")
        if name not in out:
            out[name] = np.empty((n_paths, *arr.shape[1:]), dtype=arr.dtype)
        out[name][start:stop] = arr


def run_in_chunks(fn: Callable[[PathStreams], ChunkResult], *, n_paths: int,
                  seed: SeedLike, key: tuple[int, ...] = (),
                  chunk_paths: int = DEFAULT_CHUNK_PATHS,
                  executor: Executor | None = None) -> Any:
    """Run ``fn`` over chunks of paths and assemble its outputs, reproducibly.

    Parameters
    ----------
    fn : callable
        ``fn(streams: PathStreams)`` returning an array or a mapping of arrays whose first
        axis is ``streams.n_paths``. Vectorised over paths; it must draw all randomness
        from ``streams`` and make the same sampling calls for every chunk. With a process
        executor it must be picklable (a module-level function or ``functools.partial``).
    n_paths : int
        Total number of paths.
    seed : int, numpy.random.SeedSequence or None
        See :func:`resolve_entropy`.
    key : tuple of int
        Stream key appended to the seed's spawn key (e.g. the indicator's index), so
        independent quantities get independent streams.
    chunk_paths : int
        Paths per chunk, a positive multiple of :data:`BLOCK_PATHS`. Only memory and
        scheduling depend on it, never the result.
    executor : concurrent.futures.Executor, optional
        Runs the chunks; results are identical to the serial run. Pending results are
        held until assembled, so peak memory can reach about twice the output.

    Returns
    -------
    numpy.ndarray or dict of numpy.ndarray
        ``(n_paths, ...)`` arrays, of the same kind ``fn`` returns.

    Raises
    ------
    ArgumentError
        For a non-positive ``n_paths``, a ``chunk_paths`` that is not a positive multiple
        of :data:`BLOCK_PATHS` or a bad seed.
    ValueError
        For outputs whose first axis is not the chunk (a bug in ``fn``).

    Examples
    --------
    >>> def shocks(streams):
    ...     return streams.standard_normal((3,))
    >>> a = run_in_chunks(shocks, n_paths=10_000, seed=5, chunk_paths=BLOCK_PATHS)
    >>> b = run_in_chunks(shocks, n_paths=10_000, seed=5)
    >>> bool((a == b).all()), a.shape
    (True, (10000, 3))
    """
    if isinstance(n_paths, bool) or int(n_paths) != n_paths or n_paths < 1:
        raise ArgumentError(f"n_paths must be a positive integer, got {n_paths!r}")
    if chunk_paths < BLOCK_PATHS or chunk_paths % BLOCK_PATHS:
        raise ArgumentError(f"chunk_paths must be a positive multiple of BLOCK_PATHS "
                            f"({BLOCK_PATHS}), got {chunk_paths}")
    entropy, prefix = resolve_entropy(seed)
    full_key = (*prefix, *(int(k) for k in key))
    bounds = [(s, min(s + chunk_paths, n_paths)) for s in range(0, n_paths, chunk_paths)]
    out: dict[str, np.ndarray] = {}
    is_mapping = True
    for start, stop, result in _chunk_results(fn, bounds, entropy, full_key, executor):
        is_mapping = isinstance(result, Mapping)
        parts = result if isinstance(result, Mapping) else {"": result}
        _store(out, parts, n_paths, start, stop)
    return out if is_mapping else out[""]
