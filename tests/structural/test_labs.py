from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from huaian_forecast.structural.labs import LabParams, LabShocks, project_labs


def test_hand_computed_median_path():
    # 3 attempts a year at 50 % success: median of Bin(3, 0.5) at u = 0.5 is 1; no exits
    out = project_labs(LabParams(labs0=6, success=0.5, attrition=0.0),
                       attempts=np.full(3, 3.0), shocks=LabShocks.median(1, 3))
    np.testing.assert_array_equal(out[0], [7, 8, 9])


@settings(max_examples=60, deadline=None)
@given(st.floats(0, 10), st.floats(0, 10), st.integers(0, 2**32 - 1))
def test_counts_are_whole_non_negative_and_monotone_in_attempts(a1, a2, seed):
    lo, hi = sorted((a1, a2))
    rng = np.random.default_rng(seed)
    shocks = LabShocks.draw(rng, 40, 12)
    params = LabParams(labs0=6, success=rng.uniform(0.3, 0.7, 40),
                       attrition=rng.uniform(0, 0.3, 40))
    low = project_labs(params, attempts=np.full(12, lo), shocks=shocks)
    high = project_labs(params, attempts=np.full(12, hi), shocks=shocks)
    assert np.all(low >= 0)
    assert np.all(low == np.rint(low))
    assert np.all(low <= high)


def test_mean_growth_matches_attempts_times_success():
    rng = np.random.default_rng(5)
    out = project_labs(LabParams(labs0=6, success=0.5, attrition=0.0),
                       attempts=np.full(10, 2.0), shocks=LabShocks.draw(rng, 20_000, 10))
    assert abs(out[:, -1].mean() - 16.0) < 0.05
