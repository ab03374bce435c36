"""Observations after the anchor year: imposed in their year, the models continue from them."""

from __future__ import annotations

import numpy as np

from huaian_forecast.structural import (
    CertificationParams,
    CertificationShocks,
    LabParams,
    LabShocks,
    OutputParams,
    OutputShocks,
    RDParams,
    RDShocks,
    project_certification,
    project_labs,
    project_output_share,
    project_rd,
)

NAN = np.nan


def test_certification_cohorts_rescaled_to_the_observed_stock_by_hand():
    params = CertificationParams(pass_rate=1.0, recert_rate=0.0, support_uplift=0.0,
                                 attrition=0.0, application_cap=1.0,
                                 initial=np.array([[300.0, 250.0, 200.0]]))
    out = project_certification(params, applications=np.full(2, 100.0),
                                support=np.zeros(2), pipeline=np.full(2, 1e6),
                                shocks=CertificationShocks.zeros(1, 2),
                                observed=np.array([[700.0, NAN]]))
    # year 1 simulated: [100, 300, 250] = 650 -> x 700/650: older 323, 269; youngest 108
    # year 2: 269 expire (no re-certification): [100, 108, 323] = 531
    np.testing.assert_array_equal(out.stock[0], [700, 531])
    np.testing.assert_array_equal(out.first_time[0], [100, 100])  # flows as simulated


def test_labs_set_to_the_observed_count_then_continue():
    out = project_labs(LabParams(labs0=6, success=1.0, attrition=0.0),
                       attempts=np.array([2.0, 2.0]), shocks=LabShocks.median(1, 2),
                       observed=np.array([[10.0, NAN]]))
    np.testing.assert_array_equal(out[0], [10, 12])


def test_output_split_at_the_observed_share_keeps_total_output():
    params = OutputParams(hightech0=316.0, other0=684.0, relative_growth=0.0,
                          volatility=0.0, output_per_project=0.0, ramp_rate=0.5,
                          output_per_new_hte=0.0)
    kw = {"projects": np.zeros(2), "new_hte": np.zeros((1, 2)),
          "industry_growth": np.full((1, 2), 0.1), "shocks": OutputShocks.zeros(1, 2)}
    free = project_output_share(params, **kw)
    seen = project_output_share(params, **kw, observed=np.array([[40.0, NAN]]))
    np.testing.assert_allclose(seen["hightech_share"][0], [40.0, 40.0])
    np.testing.assert_allclose(seen["industrial_output"][0], free["industrial_output"][0])


def test_rd_spend_and_gdp_observed_then_continue_by_hand():
    params = RDParams(spend0=100.0, gdp0=5000.0, relative_growth=0.02, real_growth=0.05,
                      deflator=0.01, gdp_volatility=0.0, rd_volatility=0.0,
                      reward_leverage=2.0, per_coverage_point=0.3, reward_ref=0.5,
                      coverage_ref=0.6)
    obs = {"rd_spend": np.array([[120.0, NAN]]), "gdp": np.array([[5500.0, NAN]]),
           "rd_intensity": np.full((1, 2), NAN)}
    out = project_rd(params, rewards=np.full(2, 0.5), major_projects=np.zeros(2),
                     coverage=np.full(2, 0.6), shocks=RDShocks.zeros(1, 2), observed=obs)
    # year 2 from the observations: 120 * 1.08, 5500 * 1.06
    np.testing.assert_allclose(out["rd_spend"][0], [120.0, 129.6])
    np.testing.assert_allclose(out["gdp"][0], [5500.0, 5830.0])
    np.testing.assert_allclose(out["gdp_growth"][0], [0.1, 0.06])


def test_rd_intensity_alone_sets_spend_from_the_simulated_gdp():
    params = RDParams(spend0=100.0, gdp0=5000.0, relative_growth=0.0, real_growth=0.05,
                      deflator=0.0, gdp_volatility=0.0, rd_volatility=0.0,
                      reward_leverage=0.0, per_coverage_point=0.0, reward_ref=0.0,
                      coverage_ref=0.0)
    obs = {"rd_spend": np.full((1, 1), NAN), "gdp": np.full((1, 1), NAN),
           "rd_intensity": np.array([[2.5]])}
    out = project_rd(params, rewards=np.zeros(1), major_projects=np.zeros(1),
                     coverage=np.zeros(1), shocks=RDShocks.zeros(1, 1), observed=obs)
    np.testing.assert_allclose(out["gdp"][0], [5250.0])
    np.testing.assert_allclose(out["rd_spend"][0], [131.25])
    np.testing.assert_allclose(out["rd_intensity"][0], [2.5])
