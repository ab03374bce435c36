from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from huaian_forecast.structural.certification import (
    CertificationParams,
    CertificationShocks,
    project_certification,
    reconstruct_cohorts,
    required_first_time,
)


def _params(initial, *, pass_rate=1.0, recert=0.0, uplift=0.0, attrition=0.0, cap=1.0):
    return CertificationParams(pass_rate=pass_rate, recert_rate=recert, support_uplift=uplift,
                               attrition=attrition, application_cap=cap,
                               initial=np.asarray(initial, dtype=float))


def test_constant_inflow_without_attrition_or_recertification_gives_three_cohorts():
    years = 6
    out = project_certification(_params([[0.0, 0.0, 0.0]]),
                                applications=np.full(years, 100.0), support=np.zeros(years),
                                pipeline=np.full(years, 1e6),
                                shocks=CertificationShocks.zeros(1, years))
    np.testing.assert_array_equal(out.stock[0], [100, 200, 300, 300, 300, 300])
    np.testing.assert_array_equal(out.first_time[0], 100)
    np.testing.assert_array_equal(out.recertified[0], 0)


def test_hand_computed_year_with_pass_rate_recertification_and_attrition():
    # initial cohorts 300 / 250 / 200 (ages 0, 1, 2); h = 0.1, r = 0.5, uplift 0.5 on
    # support 0.4 -> r_t = 0.5 + 0.4 * 0.5 * 0.5 = 0.6; 400 applications at 0.6 pass.
    # survivors 270 / 225 / 180; recertified 0.6 * 180 = 108; first-time 240
    # stock = (240 + 108) + 270 + 225 = 843
    out = project_certification(
        _params([[300.0, 250.0, 200.0]], pass_rate=0.6, recert=0.5, uplift=0.5,
                attrition=0.1),
        applications=np.array([400.0]), support=np.array([0.4]), pipeline=np.array([1e6]),
        shocks=CertificationShocks.zeros(1, 1))
    assert out.stock[0, 0] == 843
    assert out.recertified[0, 0] == 108
    assert out.expiring[0, 0] == 180


def test_pipeline_caps_first_time_applications():
    out = project_certification(_params([[0.0, 0.0, 0.0]], cap=0.25),
                                applications=np.array([1000.0]), support=np.zeros(1),
                                pipeline=np.array([1800.0]),
                                shocks=CertificationShocks.zeros(1, 1))
    assert out.applications[0, 0] == 450
    assert out.first_time[0, 0] == 450


def test_reconstruction_sums_to_the_stock_and_follows_the_growth():
    cohorts = reconstruct_cohorts(np.array([768.0, 768.0]), np.array([0.18, 0.0]),
                                  np.array([0.02, 0.0]))
    np.testing.assert_array_equal(cohorts.sum(axis=1), [768, 768])
    # hand: w = 1, 0.98 / 1.18, (0.98 / 1.18)^2 -> c0 = 768 / 2.5202 = 304.7
    assert cohorts[0, 0] == pytest.approx(305, abs=1)
    assert cohorts[0, 1] == pytest.approx(253, abs=1)
    np.testing.assert_array_equal(cohorts[1], [256, 256, 256])


def test_required_first_time_reaches_the_target_in_expectation():
    params = _params([[305.0, 253.0, 210.0]], pass_rate=0.65, recert=0.7, uplift=0.3,
                     attrition=0.02)
    need = required_first_time(params, target=1000.0, n_years=2, support=0.3)[0]
    out = project_certification(params, applications=np.full(2, need / 0.65),
                                support=np.full(2, 0.3), pipeline=np.full(2, 1e6),
                                shocks=CertificationShocks.zeros(1, 2))
    assert out.stock[0, -1] == pytest.approx(1000, abs=2)  # rounding of integer counts


def test_required_first_time_is_zero_when_already_met():
    params = _params([[500.0, 500.0, 500.0]])
    assert required_first_time(params, target=100.0, n_years=1)[0] == 0.0


@settings(max_examples=60, deadline=None)
@given(st.floats(0, 1500), st.floats(0, 1500), st.integers(0, 2**32 - 1))
def test_more_applications_never_give_a_lower_stock_with_the_same_shocks(a1, a2, seed):
    lo, hi = sorted((a1, a2))
    rng = np.random.default_rng(seed)
    n_paths, n_years = 50, 8
    shocks = CertificationShocks.draw(rng, n_paths, n_years)
    params = _params(reconstruct_cohorts(np.full(n_paths, 768.0), 0.18, 0.02),
                     pass_rate=rng.uniform(0.5, 0.8, n_paths), recert=0.7, uplift=0.3,
                     attrition=rng.uniform(0, 0.05, n_paths), cap=0.3)
    kw = {"support": np.full(n_years, 0.3), "pipeline": np.full(n_years, 2000.0),
          "shocks": shocks}
    low = project_certification(params, applications=np.full(n_years, lo), **kw)
    high = project_certification(params, applications=np.full(n_years, hi), **kw)
    assert np.all(low.stock <= high.stock)
    for arr in (low.stock, low.first_time, low.recertified):
        assert np.all(arr >= 0)
        assert np.all(arr == np.rint(arr))


@settings(max_examples=30, deadline=None)
@given(st.floats(0, 1), st.floats(0, 1), st.integers(0, 2**32 - 1))
def test_more_recertification_support_never_gives_a_lower_stock(s1, s2, seed):
    lo, hi = sorted((s1, s2))
    rng = np.random.default_rng(seed)
    shocks = CertificationShocks.draw(rng, 40, 6)
    params = _params(reconstruct_cohorts(np.full(40, 768.0), 0.18, 0.02), pass_rate=0.65,
                     recert=rng.uniform(0.55, 0.85, 40), uplift=0.3, attrition=0.02, cap=0.3)
    kw = {"applications": np.full(6, 300.0), "pipeline": np.full(6, 1800.0), "shocks": shocks}
    low = project_certification(params, support=np.full(6, lo), **kw)
    high = project_certification(params, support=np.full(6, hi), **kw)
    assert np.all(low.stock <= high.stock)


def test_invalid_params_are_rejected():
    with pytest.raises(ValueError, match="pass_rate must be a fraction"):
        _params([[1.0, 1.0, 1.0]], pass_rate=65.0)
