from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats

from huaian_forecast.structural._binomial import (
    binomial_normal,
    binomial_quantile,
    randomised_round,
)

counts = st.floats(0, 5000, allow_nan=False)
probs = st.floats(0, 1)
shocks = st.floats(-6, 6)


@given(counts, counts, probs, shocks)
def test_normal_binomial_is_monotone_in_n(n1, n2, p, z):
    lo, hi = sorted((n1, n2))
    a = binomial_normal(np.array(lo), np.array(p), np.array(z))
    b = binomial_normal(np.array(hi), np.array(p), np.array(z))
    assert a <= b
    assert 0 <= a <= np.floor(lo)
    assert a == np.rint(a)


@given(counts, probs, probs, probs, shocks)
def test_normal_binomial_is_monotone_in_p_with_fixed_q(n, p1, p2, q, z):
    lo, hi = sorted((p1, p2))
    a = binomial_normal(np.array(n), np.array(lo), np.array(z), q_scale=q)
    b = binomial_normal(np.array(n), np.array(hi), np.array(z), q_scale=q)
    assert a <= b


def test_normal_binomial_recovers_mean_and_variance():
    z = np.random.default_rng(0).standard_normal(200_000)
    x = binomial_normal(np.full(z.size, 400.0), np.full(z.size, 0.65), z)
    assert abs(x.mean() - 260.0) < 0.1
    assert abs(x.var() - 400 * 0.65 * 0.35) / (400 * 0.65 * 0.35) < 0.02


def test_binomial_quantile_matches_scipy():
    rng = np.random.default_rng(1)
    n = rng.integers(0, 30, 2000).astype(float)
    p = rng.random(2000)
    u = rng.random(2000)
    np.testing.assert_array_equal(binomial_quantile(n, p, u), stats.binom.ppf(u, n, p))


def test_binomial_quantile_matches_scipy_when_few_paths_walk_far():
    # most paths stop at once (small p), a few walk to large counts: the walk then drops
    # the stopped paths from its arrays, which must not change any count
    rng = np.random.default_rng(2)
    n = rng.integers(0, 60, 5000).astype(float)
    p = np.where(rng.random(5000) < 0.05, 0.7, 0.01)
    u = rng.random(5000)
    np.testing.assert_array_equal(binomial_quantile(n, p, u), stats.binom.ppf(u, n, p))


def test_binomial_quantile_keeps_the_broadcast_shape():
    u = np.random.default_rng(3).random((40, 5))
    got = binomial_quantile(np.full((40, 1), 7.0), np.array([0.1, 0.3, 0.5, 0.7, 0.9]), u)
    assert got.shape == (40, 5)
    np.testing.assert_array_equal(got, stats.binom.ppf(u, 7, [0.1, 0.3, 0.5, 0.7, 0.9]))


def test_binomial_quantile_edges():
    u = np.array([0.0, 0.5, 0.999999])
    np.testing.assert_array_equal(binomial_quantile(np.full(3, 5.0), np.zeros(3), u), 0)
    np.testing.assert_array_equal(binomial_quantile(np.full(3, 5.0), np.ones(3), u)[1:], 5)


@given(st.floats(0, 50), st.floats(0, 50), st.floats(0, 1, exclude_max=True))
def test_randomised_round_is_monotone_and_unbiased_in_expectation(x1, x2, u):
    lo, hi = sorted((x1, x2))
    assert randomised_round(np.array(lo), np.array(u)) <= randomised_round(np.array(hi),
                                                                           np.array(u))


def test_randomised_round_mean():
    u = np.random.default_rng(2).random(100_000)
    assert abs(randomised_round(np.full(u.size, 2.3), u).mean() - 2.3) < 0.01
