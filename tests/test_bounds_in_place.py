"""bound_by_gdp(in_place=True) gives the numbers of the copying form, edge cases included."""

from __future__ import annotations

import numpy as np

from huaian_forecast.simulation.bounds import bound_by_gdp, cap_ratio


def _textbook(level, denominator, ceiling):
    with np.errstate(divide="ignore", invalid="ignore"):
        x = np.maximum(level, 0.0) / (np.asarray(denominator) * ceiling)
        bent = 0.5 + 0.5 * np.tanh((x - 0.5) / 0.5)
        out = np.where(x > 0.5, bent, x) * np.asarray(denominator) * ceiling
    return np.where(np.isfinite(out), out, level)


def test_in_place_bounds_match_the_textbook_form():
    rng = np.random.default_rng(4)
    gdp = rng.uniform(10.0, 100.0, (200, 6))
    gdp[0, 0], gdp[1, 1], gdp[2, 2] = 0.0, np.inf, np.nan  # unsafe: the copying way
    spend = gdp * rng.uniform(0.0, 0.2, gdp.shape)
    spend[3, 3], spend[4, 4], spend[5, 5] = np.nan, -1.0, np.inf
    intensity = 100.0 * spend / np.where(np.isfinite(gdp) & (gdp > 0), gdp, 1.0)
    cases = [(gdp, spend, intensity),
             (np.where(np.isfinite(gdp) & (gdp > 0), gdp, 50.0), spend, intensity)]
    # tall arrays are bounded in blocks of rows: an unsafe block among safe ones
    tall = np.where(np.isfinite(gdp) & (gdp > 0), gdp, 50.0).repeat(200, axis=0)
    tall[-1, 0] = np.inf  # x = 0, then 0 x inf = NaN: the level is kept
    cases.append((tall, spend.repeat(200, axis=0), intensity.repeat(200, axis=0)))
    for safe_gdp, spend, intensity in cases:
        values = {"gdp": safe_gdp, "rd_spend": spend.copy(), "rd_intensity": intensity.copy(),
                  "tech_contracts": spend[:, ::-1].copy()}
        mine = bound_by_gdp(values, values, in_place=True)
        np.testing.assert_array_equal(mine["rd_spend"], _textbook(spend, safe_gdp, 0.08))
        np.testing.assert_array_equal(mine["rd_intensity"], _textbook(intensity, 100.0, 0.08))
        np.testing.assert_array_equal(mine["tech_contracts"],
                                      _textbook(spend[:, ::-1], safe_gdp, 0.10))
        np.testing.assert_array_equal(cap_ratio(spend, safe_gdp, 0.08),
                                      _textbook(spend, safe_gdp, 0.08))
