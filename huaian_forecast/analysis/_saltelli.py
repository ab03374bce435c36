"""The Sobol estimator that ``sobol`` hands to scipy, and its bootstrap intervals.

The intervals resample the rows of the same runs: no extra simulation.
"""

from __future__ import annotations

import numpy as np

__all__ = ["Recording", "bootstrap_intervals", "saltelli"]


def saltelli(f_a: np.ndarray, f_b: np.ndarray,
              f_ab: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Saltelli (2010) first-order and Jansen total indices, as scipy's ``saltelli_2010``."""
    var = np.var([f_a, f_b], axis=(0, -1))
    first = np.mean(f_b * (f_ab - f_a), axis=-1) / var
    total = 0.5 * np.mean((f_a - f_ab) ** 2, axis=-1) / var
    return first.T, total.T


class Recording:
    """The estimator handed to ``scipy.stats.sobol_indices``; it keeps the runs it saw."""

    def __init__(self) -> None:
        self.runs: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None

    # scipy checks the argument names of the estimator
    def __call__(self, f_A: np.ndarray, f_B: np.ndarray, f_AB: np.ndarray  # noqa: N803
                 ) -> tuple[np.ndarray, np.ndarray]:
        self.runs = (f_A, f_B, f_AB)
        return saltelli(f_A, f_B, f_AB)


def bootstrap_intervals(runs: tuple[np.ndarray, np.ndarray, np.ndarray], varies: np.ndarray,
               level: float, n_resamples: int, seed: int | None) -> np.ndarray:
    """BCa bootstrap of the indices over the rows of the design: ``(4, s, d)`` bounds.

    Rows: first-order low and high, total low and high; NaN for targets whose metric does
    not vary (or when ``n_resamples`` is 0).
    """
    import warnings

    from scipy import stats

    f_a, f_b, f_ab = runs
    out = np.full((4, *f_a.shape[:1], f_ab.shape[0]), np.nan)
    if n_resamples < 1 or not varies.any():
        return out
    f_a, f_b, f_ab = f_a[varies], f_b[varies], f_ab[:, varies]

    def statistic(idx: np.ndarray, axis: int = -1) -> np.ndarray:
        # vectorised over resamples: idx (*batch, n) -> (first/total, s, d, *batch)
        idx = np.moveaxis(idx, axis, -1)
        fa, fb, fab = f_a[:, idx], f_b[:, idx], f_ab[:, :, idx]
        var = np.var([fa, fb], axis=(0, -1))
        first = np.mean(fb * (fab - fa), axis=-1) / var
        total = 0.5 * np.mean((fa - fab) ** 2, axis=-1) / var
        return np.moveaxis(np.stack([first, total]), 1, 2)

    with warnings.catch_warnings(), np.errstate(divide="ignore", invalid="ignore"):
        warnings.simplefilter("ignore")  # a resample with no variance: NaN, not an error
        res = stats.bootstrap([np.arange(f_a.shape[1])], statistic, method="BCa",
                              n_resamples=n_resamples, confidence_level=level, batch=256,
                              vectorized=True, rng=np.random.default_rng(seed))
    low, high = np.asarray(res.confidence_interval.low), np.asarray(res.confidence_interval.high)
    # a lever with no effect gives the same index in every resample: BCa is undefined
    # there (NaN); the interval is that one value
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # all-NaN slices
        dist = np.asarray(res.bootstrap_distribution)
        lowest, highest = np.nanmin(dist, axis=-1), np.nanmax(dist, axis=-1)
    flat = lowest == highest  # NaN (no resample defined) compares False
    low, high = np.where(flat, lowest, low), np.where(flat, lowest, high)
    out[:, varies] = np.stack([low[0], high[0], low[1], high[1]])
    return out
