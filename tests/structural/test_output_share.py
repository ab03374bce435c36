from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from huaian_forecast.structural.output_share import (
    OutputParams,
    OutputShocks,
    project_output_share,
)


def _params(**kw):
    base = {"hightech0": 316.0, "other0": 684.0, "relative_growth": 0.0, "volatility": 0.0,
            "output_per_project": 1.0, "ramp_rate": 0.5, "output_per_new_hte": 0.0}
    return OutputParams(**{**base, **kw})


def test_hand_computed_ramp_up_of_new_projects():
    # 10 projects of 1亿 each in year 1 only; half the waiting capacity ramps up each year
    out = project_output_share(_params(), projects=np.array([10.0, 0.0]),
                               new_hte=np.zeros((1, 2)), industry_growth=np.zeros((1, 2)),
                               shocks=OutputShocks.zeros(1, 2))
    np.testing.assert_allclose(out["hightech_output"][0], [321.0, 323.5])
    np.testing.assert_allclose(out["hightech_share"][0],
                               [100 * 321 / 1005, 100 * 323.5 / 1007.5])


def test_share_is_unchanged_when_both_parts_grow_alike():
    out = project_output_share(_params(), projects=np.zeros(5), new_hte=np.zeros((1, 5)),
                               industry_growth=np.full((1, 5), 0.07),
                               shocks=OutputShocks.zeros(1, 5))
    np.testing.assert_allclose(out["hightech_share"][0], 31.6)


def test_new_certified_firms_add_output():
    out = project_output_share(_params(output_per_new_hte=0.1, ramp_rate=0.0),
                               projects=np.zeros(1), new_hte=np.array([[200.0]]),
                               industry_growth=np.zeros((1, 1)),
                               shocks=OutputShocks.zeros(1, 1))
    assert out["hightech_output"][0, 0] == pytest.approx(336.0)


@settings(max_examples=60, deadline=None)
@given(st.floats(0, 300), st.floats(0, 300), st.floats(-0.3, 0.3), st.floats(0, 0.5),
       st.integers(0, 2**32 - 1))
def test_share_in_0_100_and_monotone_in_projects(p1, p2, d, vol, seed):
    lo, hi = sorted((p1, p2))
    rng = np.random.default_rng(seed)
    shocks = OutputShocks.draw(rng, 30, 12)
    growth = rng.normal(0.05, 0.05, (30, 12))
    kw = {"new_hte": np.zeros((30, 12)), "industry_growth": growth, "shocks": shocks}
    params = _params(relative_growth=d, volatility=vol)
    low = project_output_share(params, projects=np.full(12, lo), **kw)["hightech_share"]
    high = project_output_share(params, projects=np.full(12, hi), **kw)["hightech_share"]
    assert np.all((low >= 0) & (high <= 100))
    assert np.all(low <= high + 1e-9)
