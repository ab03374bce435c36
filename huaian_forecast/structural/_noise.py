"""Standard normals drawn only if someone reads them (observation noise).

The structural models draw the observation noise of every observed indicator and year last
(so that no other draw depends on it), but only years the history observes with an
error need it: with the bundled data, none. :class:`LazyNormals` keeps the generator's
state at the point where the noise would be drawn and draws the very same numbers on first
read, so skipping the draw changes no number.
"""

from __future__ import annotations

from typing import Any

import numpy as np

__all__ = ["LazyNormals"]


class LazyNormals:
    """``rng.standard_normal(shape, dtype)``, drawn on first read (:meth:`values`).

    Parameters
    ----------
    rng : numpy.random.Generator
        Generator positioned where the draw would happen; its state is copied, and the
        generator itself may go on drawing.
    shape : tuple of int
        Shape of the draw.
    dtype : numpy dtype
        ``float32`` or ``float64``.

    Examples
    --------
    >>> a = np.random.default_rng(1)
    >>> lazy = LazyNormals(a, (2, 3), np.float32)
    >>> eager = np.random.default_rng(1).standard_normal((2, 3), dtype=np.float32)
    >>> lazy.drawn
    False
    >>> bool((lazy.values() == eager).all()), lazy.shape, lazy.drawn
    (True, (2, 3), True)
    """

    __slots__ = ("_axis", "_dtype", "_parts", "_values", "shape")

    def __init__(self, rng: np.random.Generator, shape: tuple[int, ...],
                 dtype: Any = np.float64) -> None:
        self.shape = tuple(int(s) for s in shape)
        self._parts: list[tuple[type[np.random.BitGenerator], Any, tuple[int, ...]]] = [
            (type(rng.bit_generator), rng.bit_generator.state, self.shape)]
        self._axis = 0
        self._dtype = dtype
        self._values: np.ndarray | None = None

    @classmethod
    def join(cls, parts: list[LazyNormals], axis: int) -> LazyNormals:
        """Join draws along ``axis`` (blocks of paths), still drawn only when read."""
        if len(parts) == 1:
            return parts[0]
        out = cls.__new__(cls)
        shape = list(parts[0].shape)
        shape[axis] = sum(p.shape[axis] for p in parts)
        out.shape, out._axis, out._dtype, out._values = tuple(shape), axis, parts[0]._dtype, None
        out._parts = [q for p in parts for q in p._parts]
        if any(len(p._parts) > 1 and p._axis != axis for p in parts):
            raise ValueError("can only join draws along one axis")
        return out

    @property
    def drawn(self) -> bool:
        """Whether the normals have been drawn (read) yet."""
        return self._values is not None

    def values(self) -> np.ndarray:
        """Draw (once) and return the array; read-only, as it may be shared."""
        if self._values is None:
            blocks = []
            for kind, state, shape in self._parts:
                bitgen = kind()
                bitgen.state = state
                blocks.append(np.random.Generator(bitgen).standard_normal(shape,
                                                                          dtype=self._dtype))
            arr = blocks[0] if len(blocks) == 1 else np.concatenate(blocks, axis=self._axis)
            arr.flags.writeable = False
            self._values = arr
        return self._values
