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
    # GDP: 5000 * 1.06 = 5300, * 1.06 = 5618
    # spend: 100 * (1 + 0.06 + 0.02) + 5 = 113, 113 * 1.08 + 5 = 127.04
    np.testing.assert_allclose(out["gdp"][0], [5300.0, 5618.0])
    np.testing.assert_allclose(out["rd_spend"][0], [113.0, 127.04])
    np.testing.assert_allclose(out["rd_intensity"][0], [100 * 113 / 5300, 100 * 127.04 / 5618])


def test_reward_and_coverage_effects_are_levels_relative_to_the_status_quo():
    out = project_rd(_params(), rewards=np.array([1.5]), major_projects=np.zeros(1),
                     coverage=np.array([0.7]), shocks=RDShocks.zeros(1, 1))
    # 108 + 2.0 * (1.5 - 0.5) + 0.3 * 100 * (0.7 - 0.6) = 108 + 2 + 3
    assert out["rd_spend"][0, 0] == pytest.approx(113.0)


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
