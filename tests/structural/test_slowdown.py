"""A slower economy lowers the high-tech share through fewer projects and less new capacity.

Regression for issue 13's ordering: with plan_2024's high-tech projects at the status quo
the share was neutral to GDP growth, and gdp_slowdown's median came out 0.001 points
above plan_2024's (seed 1, 4,000 paths). The share's excess growth now arrives at the
project slowdown factor, so the ordering holds by a margin, not by luck of the draws.
"""

from __future__ import annotations

import numpy as np
import pytest

import huaian_forecast as hf


def _share_medians(scenario: hf.Scenario, seed: int) -> np.ndarray:
    proj = hf.simulate(scenario, n_paths=4000, seed=seed, end_year=2035,
                       indicators=["hightech_share"])
    cols = [list(proj.years).index(y) for y in (2030, 2035)]
    return np.median(proj.paths("hightech_share")[:, cols], axis=0)


@pytest.mark.parametrize("seed", [1, 2024])
def test_the_slowdown_lowers_the_share_by_a_margin(seed: int):
    plan = _share_medians(hf.load_scenario("plan_2024"), seed)
    slow = _share_medians(hf.load_scenario("gdp_slowdown"), seed)
    assert (slow < plan - 0.3).all(), (slow, plan)


def test_without_slowdown_sensitivity_the_share_does_not_depend_on_gdp_growth():
    # the mechanism, isolated: pin the sensitivity at 0 and the two economies give
    # (nearly) the same share; the share's own equation is neutral to industry growth
    pinned = {"project_slowdown_sensitivity": 0.0}
    plan = _share_medians(hf.load_scenario("plan_2024").with_uncertainties(**pinned), 1)
    slow = _share_medians(hf.load_scenario("gdp_slowdown").with_uncertainties(**pinned), 1)
    np.testing.assert_allclose(slow, plan, atol=0.25)
