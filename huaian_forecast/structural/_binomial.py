"""Integer draws that are monotone in their arguments for a fixed shock (comonotone).

Scenarios share shocks (common random numbers), so a draw must move in the same direction
as the lever behind it: with the same shock, more applications never give fewer
certifications. Numpy's binomial sampler does not promise that; inverse-CDF draws do.
"""

from __future__ import annotations

import numpy as np

__all__ = [
    "binomial_normal",
    "binomial_quantile",
    "flat_quantile",
    "normal_counts",
    "randomised_round",
]


def binomial_normal(n: np.ndarray | float, p: np.ndarray | float, z: np.ndarray,
                    q_scale: np.ndarray | float | None = None) -> np.ndarray:
    """Normal-approximation binomial count driven by a standard normal shock ``z``.

    Parameters
    ----------
    n : numpy.ndarray
        Number of trials (non-negative, may be non-integer: the count is capped at
        ``floor(n)``).
    p : numpy.ndarray
        Success probability in [0, 1].
    z : numpy.ndarray
        Standard normal shock, broadcast with ``n`` and ``p``.
    q_scale : numpy.ndarray, float or None
        Failure probability used in the variance, ``1 - p`` when None. Pass a value that
        does not depend on a lever to keep the draw monotone in ``p``.

    Returns
    -------
    numpy.ndarray
        Whole numbers in ``[0, floor(n)]`` (float dtype).

    Notes
    -----
    ``X = min(floor(n), max(0, rint(n p + z sqrt(n p q))))``. With ``f(n) = n p - b sqrt(n)``
    (``b = -z sqrt(p q) > 0`` when ``z < 0``), ``f`` decreases only for
    ``n < b^2 / (4 p^2)``, where it is already negative (``f < 0`` for ``n < b^2 / p^2``);
    so after clipping at 0 the count is non-decreasing in ``n``, and likewise in ``p`` when
    ``q`` is held fixed. Mean ``n p`` and variance ``n p q`` match the binomial; the
    approximation is good for ``n p q`` above about 5.

    Examples
    --------
    >>> binomial_normal(np.array([100.0]), np.array([0.5]), np.array([1.0])).tolist()
    [55.0]
    """
    p = np.clip(np.asarray(p, dtype=float), 0.0, 1.0)
    q = 1.0 - p if q_scale is None else np.clip(np.asarray(q_scale, dtype=float), 0.0, 1.0)
    return normal_counts(np.asarray(n, dtype=float), p, q, z)


def normal_counts(n: np.ndarray, p: np.ndarray | float, q: np.ndarray | float,
                  z: np.ndarray, *, whole: bool = False) -> np.ndarray:
    """:func:`binomial_normal` for ``p`` and ``q`` already in [0, 1] (no checks, fewer copies).

    The same arithmetic in the same order, so the same counts; for the models' year loops,
    which clip their probabilities once for all years. ``whole``: the caller knows ``n``
    holds whole numbers >= 0 (counts), so ``max(n, 0)`` and ``floor(n)`` are ``n``.
    """
    if not whole:
        n = np.maximum(n, 0.0)
    shape = np.broadcast_shapes(np.shape(n), np.shape(p), np.shape(q), np.shape(z))
    x = np.multiply(n, p, out=np.empty(shape))
    spread = np.multiply(x, q, out=np.empty(shape))
    np.sqrt(spread, out=spread)
    spread *= z
    x += spread
    np.rint(x, out=x)
    np.maximum(x, 0.0, out=x)
    np.minimum(x, n if whole else np.floor(n), out=x)
    return x if x.ndim else x[()]


def binomial_quantile(n: np.ndarray | float, p: np.ndarray | float,
                      u: np.ndarray) -> np.ndarray:
    """Exact Binomial(n, p) quantile at probability ``u`` (inverse CDF), vectorised.

    Parameters
    ----------
    n : numpy.ndarray
        Whole-number trials (any size).
    p : numpy.ndarray
        Success probability in [0, 1].
    u : numpy.ndarray
        Uniform shocks in [0, 1).

    Returns
    -------
    numpy.ndarray
        Smallest ``k`` with ``F(k) >= u``; non-decreasing in ``n``, ``p`` and ``u``.

    Examples
    --------
    >>> binomial_quantile(np.array([2]), np.array([0.5]), np.array([0.3])).tolist()
    [1.0]
    >>> binomial_quantile(2000, 0.5, np.array([0.5])).tolist()
    [1000.0]
    """
    n, p, u = np.broadcast_arrays(np.maximum(np.floor(np.asarray(n, dtype=float)), 0.0),
                                  np.clip(np.asarray(p, dtype=float), 0.0, 1.0),
                                  np.asarray(u, dtype=float))
    shape = n.shape
    n, p, u = (np.ascontiguousarray(a).ravel() for a in (n, p, u))
    return flat_quantile(n, p, u).reshape(shape)


def flat_quantile(n: np.ndarray, p: np.ndarray, u: np.ndarray) -> np.ndarray:
    """Return :func:`binomial_quantile` of 1-d float arrays of one size, without checks.

    ``n`` must hold whole numbers >= 0 and ``p`` values in [0, 1]; no copies are made
    (for the labs' year loop, which prepares them once).
    """
    with np.errstate(under="ignore"):
        pmf0 = (1.0 - p) ** n
    # small supports (every key-lab draw): walk the support from 0, fast and exact; large
    # ones, or p near 1, where (1 - p)^n underflows: scipy's inverse CDF
    walk = (n <= _WALK_MAX_N) & (pmf0 > _WALK_MIN_PMF) & (p < _WALK_MAX_P)
    out = np.empty(n.shape)
    if walk.all():
        out[:] = _walk(n, p, u, pmf0)
    else:
        out[walk] = _walk(n[walk], p[walk], u[walk], pmf0[walk])
        out[~walk] = _scipy_quantile(n[~walk], p[~walk], u[~walk])
    return out


#: Arrays shorter than this are walked whole: dropping paths costs more than it saves.
_COMPACT_MIN = 4096
#: Where :func:`binomial_quantile` walks the support itself (else scipy's ``binom.ppf``).
_WALK_MAX_N, _WALK_MIN_PMF, _WALK_MAX_P = 64, 1e-250, 0.999


def _scipy_quantile(n: np.ndarray, p: np.ndarray, u: np.ndarray) -> np.ndarray:
    from scipy import stats

    # ppf(0) is -1 by scipy's convention, hence the clip
    return np.clip(stats.binom.ppf(u, n, p), 0.0, n)


def _walk(n: np.ndarray, p: np.ndarray, u: np.ndarray, pmf: np.ndarray) -> np.ndarray:
    """Smallest ``k`` with ``F(k) >= u``, summing the pmf from 0 over all paths at once.

    Counts the steps ``k`` a path is still below its ``u``; a path that stops stays
    stopped (the cdf only grows), so the loop ends when no path moves. When fewer than a
    quarter of many paths still move, the others are dropped from the arrays (their
    counts are final): most paths stop within a step or two.
    """
    out = np.zeros(n.shape)
    count = out  # the counts of the paths in the arrays (all of them at first)
    at: np.ndarray | None = None  # their positions in ``out`` (None: all)
    odds = p / (1.0 - p)
    cdf = pmf.copy()
    moving = (u > cdf) & (n > 0)
    k = 0
    while (live := np.count_nonzero(moving)):
        if live < moving.size // 4 and moving.size > _COMPACT_MIN:
            keep = np.flatnonzero(moving)
            if at is not None:
                out[at] = count
            at = keep if at is None else at[keep]
            count, n, u, pmf, cdf, odds, moving = (
                count[keep], n[keep], u[keep], pmf[keep], cdf[keep], odds[keep], moving[keep])
        count += moving
        pmf = pmf * (n - k) / (k + 1) * odds
        k += 1
        cdf += pmf
        moving &= (u > cdf) & (k < n)
    if at is not None:
        out[at] = count
    return out


def randomised_round(x: np.ndarray, u: np.ndarray) -> np.ndarray:
    """Round ``x`` up with probability ``x - floor(x)`` (shock ``u``); monotone in ``x``.

    Examples
    --------
    >>> randomised_round(np.array([1.5, 1.5]), np.array([0.2, 0.8])).tolist()
    [2.0, 1.0]
    """
    x = np.asarray(x, dtype=float)
    base = np.floor(x)
    return base + (u < x - base)
