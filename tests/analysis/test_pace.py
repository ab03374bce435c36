"""Pace within the year (序时进度) and the year-to-date nowcast, against hand-computed values."""

from __future__ import annotations

import datetime as dt
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats

from huaian_forecast.analysis.ytd import pace_table
from huaian_forecast.assessment import elapsed_share, nowcast, pace, seasonal_range


def test_seed_example_enterprise_rd_is_108_percent():
    # 63.05 / 140 = 0.450357; / (5/12) = 1.080857 -> the seed's "序时进度为108%"
    assert pace(63.05, 140, "2024-05-31") == pytest.approx(63.05 / 140 * 12 / 5)
    assert round(pace(63.05, 140, "2024-05-31"), 2) == 1.08
    # the day count (152 of 366 days in 2024) rounds to the same 108 %
    assert round(pace(63.05, 140, dt.date(2024, 5, 31), convention="day"), 2) == 1.08


@pytest.mark.parametrize(("as_of", "convention", "expected"), [
    ("2024-05-31", "month", 5 / 12),
    ("2024-06-16", "month", (5 + 16 / 30) / 12),
    ("2024-02-29", "month", 2 / 12),
    ("2024-12-31", "month", 1.0),
    ("2024-05-31", "day", 152 / 366),
    ("2023-05-31", "day", 151 / 365),
])
def test_elapsed_share_conventions(as_of: str, convention: str, expected: float):
    assert elapsed_share(as_of, convention) == pytest.approx(expected)  # type: ignore[arg-type]


def test_bad_date_and_target_are_value_errors():
    with pytest.raises(ValueError, match="as_of must be a date"):
        pace(1.0, 2.0, "end of May")
    with pytest.raises(ValueError, match="annual_target must be positive"):
        pace(1.0, 0.0, "2024-05-31")


def test_nowcast_by_hand_with_full_persistence_and_a_known_share():
    # rho = 1, s = 5/12: growth cancels; rest = 63.05 * 7/5 = 88.27; median 63.05 / s
    r = nowcast(63.05, "2024-05-31", yoy_growth=0.387, annual_target=140, growth_sd=0.1,
                persistence=1.0, seasonal_share=5 / 12)
    rest = 63.05 * 7 / 5
    assert r.estimate == pytest.approx(63.05 * 12 / 5, rel=1e-3)
    z = stats.norm.ppf(0.9)
    assert r.lower == pytest.approx(63.05 + rest * math.exp(-z * 0.1), rel=2e-3)
    assert r.upper == pytest.approx(63.05 + rest * math.exp(z * 0.1), rel=2e-3)
    assert r.p_meet_target == pytest.approx(stats.norm.sf(math.log((140 - 63.05) / rest) / 0.1))
    assert any("assumption" in a for a in r.assumptions)


def test_nowcast_uses_yoy_growth():
    # issue 13: 0 and 0.387 gave the same 151.32; now the rest of the year reverts part of
    # the growth to the base rate, so a higher YTD growth (a lower base last year) means
    # a lower full year: R = Y (1-s) / ((1+g) s), times (1+g)^0.5 (1.1)^0.5
    low = nowcast(63.05, "2024-05-31", yoy_growth=0.0, seasonal_share=5 / 12, growth_sd=0.0)
    high = nowcast(63.05, "2024-05-31", yoy_growth=0.387, seasonal_share=5 / 12, growth_sd=0.0)
    rest = 63.05 * 7 / 5
    assert low.estimate == pytest.approx(63.05 + rest * math.sqrt(1.1))
    assert high.estimate == pytest.approx(63.05 + rest / 1.387 * math.sqrt(1.387 * 1.1))
    assert high.estimate < low.estimate
    default_low = nowcast(63.05, "2024-05-31", yoy_growth=0.0, annual_target=140)
    default_high = nowcast(63.05, "2024-05-31", yoy_growth=0.387, annual_target=140)
    assert default_low.estimate - default_high.estimate > 5
    assert default_low.p_meet_target > default_high.p_meet_target + 0.1


def test_nowcast_with_last_years_total_applies_ytd_growth_to_it():
    # last year 100 in total and 40 by the same date; this year 48 (+20 %): with full
    # persistence 120; with the default 0.5 the remainder 60 grows by sqrt(1.2 * 1.1)
    r = nowcast(48.0, "2024-05-31", yoy_growth=0.2, last_year_total=100.0, persistence=1.0)
    assert r.seasonal_share == pytest.approx(0.4)
    assert r.estimate == pytest.approx(120.0, rel=1e-3)
    assert math.isnan(r.p_meet_target)
    r = nowcast(48.0, "2024-05-31", yoy_growth=0.2, last_year_total=100.0, growth_sd=0.0)
    assert r.estimate == pytest.approx(48 + 60 * math.sqrt(1.2 * 1.1))


def test_seasonal_share_is_an_uncertainty_with_a_reason():
    lo, hi, reason = seasonal_range("enterprise_rd", "2024-05-31")
    assert lo < 5 / 12 < hi
    assert "assumption" in reason
    r = nowcast(63.05, "2024-05-31", yoy_growth=0.387, annual_target=140,
                indicator="enterprise_rd")
    assert (r.seasonal_low, r.seasonal_high) == (pytest.approx(lo), pytest.approx(hi))
    # integrated over the share: between the answers at its two ends, and the range shown
    ends = [nowcast(63.05, "2024-05-31", yoy_growth=0.387, annual_target=140,
                    seasonal_share=s).p_meet_target for s in (hi, lo)]
    assert ends[0] < r.p_meet_target < ends[1]
    assert r.p_min <= ends[0]
    assert r.p_max >= ends[1]
    # a wider share range widens the interval
    narrow = nowcast(63.05, "2024-05-31", yoy_growth=0.387, seasonal_share=5 / 12)
    assert r.upper - r.lower > narrow.upper - narrow.lower


def test_target_already_exceeded_is_certain():
    assert nowcast(150, "2024-05-31", yoy_growth=0.1, annual_target=140).p_meet_target == 1.0


def test_nowcast_rejects_impossible_share():
    with pytest.raises(ValueError, match="seasonal share must lie"):
        nowcast(80, "2024-05-31", yoy_growth=0.0, last_year_total=50.0)


@given(target=st.floats(70, 300), step=st.floats(0, 100), sd=st.floats(0.01, 0.5))
def test_p_meet_is_monotone_in_target(target: float, step: float, sd: float):
    lo = nowcast(63.05, "2024-05-31", yoy_growth=0.387, annual_target=target, growth_sd=sd)
    hi = nowcast(63.05, "2024-05-31", yoy_growth=0.387, annual_target=target + step,
                 growth_sd=sd)
    assert lo.p_meet_target >= hi.p_meet_target
    assert lo.lower <= lo.estimate <= lo.upper


def test_bundled_pace_table_reproduces_the_reported_pace():
    table = pace_table().set_index("indicator")
    rd = table.loc["enterprise_rd"]
    assert round(rd["pace"], 2) == rd["reported_pace"] == 1.08
    assert 0.5 < rd["p_meet_target"] < 1.0
    # 117.87 by 16 June against 200: (117.87 / 200) / ((5 + 16/30) / 12)
    assert table.loc["tech_contracts", "pace"] == pytest.approx(117.87 / 200 / (5.5333333 / 12))
    assert "no year-on-year growth" in table.loc["hte_applications", "note"]
    assert table.loc["hte_applications", "p_min"] < 0.05 < 0.95 < table.loc[
        "hte_applications", "p_max"]  # the application season: a wide, honest range
