from __future__ import annotations

import numpy as np
import pytest

from huaian_forecast.structural.rd_intensity import RDParams, RDShocks, project_rd


def _params(**kw):
    base = {"spend0": 100.0, "gdp0": 5000.0, "relative_growth": 0.02, "real_growth": 0.05,
            "deflator": 0.01, "gdp_volatility": 0.0, "rd_volatility": 0.0,
            "reward_leverage": 2.0, "per_coverage_point": 0.3, "reward_ref": 0.5,
            "coverage_ref": 0.6}
    return RDParams(**{**base, **kw})


def test_zero_variance_ratio_equals_spend_over_gdp_by_hand():
    out = project_rd(_params(), rewards=np.full(2, 0.5), major_projects=np.full(2, 5.0),
                     coverage=np.full(2, 0.6), shocks=RDShocks.zeros(1, 2))
    # GDP: 5000 * 1.06 = 5300, * 1.06 = 5618 (index 1.06, 1.1236)
    # base: 100 * (1 + 0.06 + 0.02) = 108, * 1.08 = 116.64
    # projects (no fade): 5 * 1.06 = 5.3; 5.3 * 1.06 + 5 * 1.1236 = 11.236
    np.testing.assert_allclose(out["gdp"][0], [5300.0, 5618.0])
    np.testing.assert_allclose(out["rd_spend"][0], [113.3, 127.876])
    np.testing.assert_allclose(out["rd_intensity"][0], [100 * 113.3 / 5300,
                                                        100 * 127.876 / 5618])


def test_project_rd_fades_and_money_scales_with_gdp():
    kw = {"rewards": np.full(3, 0.5), "coverage": np.full(3, 0.6),
          "shocks": RDShocks.zeros(1, 3)}
    once = np.array([10.0, 0.0, 0.0])
    kept = project_rd(_params(), major_projects=once, **kw)["rd_spend"][0]
    faded = project_rd(_params(project_fade=0.5), major_projects=once, **kw)["rd_spend"][0]
    none = project_rd(_params(), major_projects=np.zeros(3), **kw)["rd_spend"][0]
    # 10 at 2023 size arrives as 10.6; kept it grows with GDP, faded it halves each year
    np.testing.assert_allclose(kept - none, [10.6, 10.6 * 1.06, 10.6 * 1.06 ** 2])
    np.testing.assert_allclose(faded - none, [10.6, 10.6 * 1.06 * 0.5, 10.6 * 1.06 ** 2 / 4])
    # the same plan in a slower economy adds the same share of GDP
    slow = _params(real_growth=0.0, deflator=0.0)
    a = project_rd(slow, major_projects=once, **kw)
    b = project_rd(slow, major_projects=np.zeros(3), **kw)
    np.testing.assert_allclose(100 * (a["rd_spend"] - b["rd_spend"]) / a["gdp"],
                               100 * 10 / 5000)


def test_reward_and_coverage_effects_are_levels_relative_to_the_status_quo():
    out = project_rd(_params(), rewards=np.array([1.5]), major_projects=np.zeros(1),
                     coverage=np.array([0.7]), shocks=RDShocks.zeros(1, 1))
    # 108 + (2.0 * (1.5 - 0.5) + 0.3 * 100 * (0.7 - 0.6)) * 1.06 (money scales with GDP)
    assert out["rd_spend"][0, 0] == pytest.approx(108 + 5 * 1.06)


def test_intensity_is_the_ratio_per_path_not_of_medians():
    rng = np.random.default_rng(3)
    out = project_rd(_params(gdp_volatility=0.02, rd_volatility=0.03,
                             relative_growth=rng.uniform(0, 0.05, 500)),
                     rewards=np.full(10, 0.5), major_projects=np.full(10, 5.0),
                     coverage=np.full(10, 0.6), shocks=RDShocks.draw(rng, 500, 10))
    np.testing.assert_allclose(out["rd_intensity"], 100 * out["rd_spend"] / out["gdp"])


def test_rd_growth_follows_gdp_shocks():
    rng = np.random.default_rng(4)
    out = project_rd(_params(gdp_volatility=0.02, rd_volatility=0.01),
                     rewards=np.full(1, 0.5), major_projects=np.zeros(1),
                     coverage=np.full(1, 0.6), shocks=RDShocks.draw(rng, 20_000, 1))
    corr = np.corrcoef(out["gdp"][:, 0], out["rd_spend"][:, 0])[0, 1]
    # corr = 0.02 / sqrt(0.02^2 + 0.01^2) = 0.894
    assert corr == pytest.approx(0.894, abs=0.01)


def test_non_positive_anchor_is_rejected():
    with pytest.raises(ValueError, match="must be positive"):
        _params(gdp0=0.0)
