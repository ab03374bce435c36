"""One meaning of a year-to-date figure's date: the elapsed share and the seasonal share.

``data.seasonal`` is read by the pace, the nowcast and the first year's delivery of a plan;
these tests hold the calendar edges (ends of months, 1 January, 31 December, leap years)
and the dates that must be refused.
"""

from __future__ import annotations

import calendar
import datetime as dt

import numpy as np
import pandas as pd
import pytest

import huaian_forecast as hf
from huaian_forecast.data import (
    SEASONAL_PRIORS,
    as_date,
    elapsed_share,
    seasonal_prior,
    seasonal_range,
)
from huaian_forecast.exceptions import ArgumentError, DataError


@pytest.mark.parametrize("year", [2023, 2024, 2100])  # 2100 is not a leap year
def test_the_end_of_each_month_is_that_many_twelfths(year):
    # the bureau's "1-5月" / "截止5月底": the end of May is 5/12 in any year, leap or not
    for month in range(1, 13):
        last = calendar.monthrange(year, month)[1]
        assert elapsed_share(dt.date(year, month, last)) == month / 12


@pytest.mark.parametrize("year", [2023, 2024])
def test_31_december_is_the_whole_year_by_months_and_by_days(year):
    assert elapsed_share(f"{year}-12-31") == 1.0
    assert elapsed_share(f"{year}-12-31", "day") == 1.0


def test_1_january_is_one_day_gone_never_zero():
    # the earliest date of a year: a share > 0, so a pace never divides by zero
    assert elapsed_share("2024-01-01") == pytest.approx(1 / 31 / 12)
    assert elapsed_share("2023-01-01", "day") == pytest.approx(1 / 365)
    assert elapsed_share("2024-01-01", "day") == pytest.approx(1 / 366)
    assert hf.pace(1.0, 400.0, "2024-01-01") == pytest.approx(1 / 400 * 31 * 12)


def test_leap_days():
    assert elapsed_share("2024-02-29") == 2 / 12
    assert elapsed_share("2024-02-28") == pytest.approx((1 + 28 / 29) / 12)
    assert elapsed_share("2023-02-28") == 2 / 12
    assert elapsed_share("2024-02-29", "day") == pytest.approx(60 / 366)
    assert elapsed_share("2024-03-01", "day") == pytest.approx(61 / 366)
    assert elapsed_share("2023-03-01", "day") == pytest.approx(60 / 365)


@pytest.mark.parametrize("convention", ["month", "day"])
@pytest.mark.parametrize("year", [2023, 2024])
def test_the_share_rises_through_the_year_within_0_and_1(convention, year):
    days = pd.date_range(f"{year}-01-01", f"{year}-12-31", freq="D")
    shares = np.array([elapsed_share(d.date(), convention) for d in days])
    assert np.all(np.diff(shares) > 0)
    assert shares[0] > 0
    assert shares[-1] == 1.0


def test_months_and_days_differ_by_at_most_half_a_percent_of_the_year():
    # the module Notes state this bound; the largest gap is at the end of February
    days = pd.date_range("2023-01-01", "2024-12-31", freq="D")
    gaps = [abs(elapsed_share(d.date()) - elapsed_share(d.date(), "day")) for d in days]
    assert max(gaps) < 0.0051
    assert days[int(np.argmax(gaps))].strftime("%m-%d") == "02-28"


@pytest.mark.parametrize("given", [
    "2024-05-31", dt.date(2024, 5, 31), dt.datetime(2024, 5, 31, 17, 30),
    pd.Timestamp("2024-05-31"), "2024-05-31 00:00:00", " 2024-05-31 ", "2024-05-31T23:59:59",
])
def test_a_date_is_its_day_also_as_a_date_time(given):
    assert as_date(given) == dt.date(2024, 5, 31)
    assert elapsed_share(given) == 5 / 12


@pytest.mark.parametrize("bad", ["2024/05/31", "2024-02-30", "2023-02-29", "2024-13-01",
                                 "", "end of May", "5月底", "nan"])
def test_a_text_that_is_not_a_date_is_refused(bad):
    with pytest.raises(ArgumentError, match="as_of must be a date"):
        elapsed_share(bad)
    with pytest.raises(ValueError, match="as_of must be a date"):  # also a ValueError
        seasonal_range("tech_projects", bad)


def test_an_unknown_convention_is_refused():
    with pytest.raises(ArgumentError, match="convention must be 'month' or 'day'"):
        elapsed_share("2024-05-31", "week")  # type: ignore[arg-type]


def test_seasonal_range_is_the_priors_factors_of_the_months_elapsed():
    low, high, reason = seasonal_range("enterprise_rd", "2024-05-31")
    assert (low, high) == (pytest.approx(0.8 * 5 / 12), pytest.approx(1.2 * 5 / 12))
    assert reason == SEASONAL_PRIORS["default"].reason
    low, high, _ = seasonal_range("tech_projects", "2024-05-31")
    assert (low, high) == (pytest.approx(0.5 * 5 / 12), pytest.approx(1.2 * 5 / 12))
    assert seasonal_prior(None) is seasonal_prior("no_such_indicator") is \
        SEASONAL_PRIORS["default"]


def test_seasonal_range_closes_on_the_whole_year_as_the_year_ends():
    # 31 December: the figure is the year's total. The low end stayed at 0.8 (a fifth of
    # the year "still to come" after it ended), so 190 of 200 on 31 December gave p 0.75
    for key in SEASONAL_PRIORS:
        assert seasonal_range(key, "2024-12-31")[:2] == (1.0, 1.0), key
    low, high, _ = seasonal_range("enterprise_rd", "2024-11-30")
    assert high == 1.0
    assert low == pytest.approx(1 - (1 / 12) / 0.8)  # the rest at most 1/0.8 of even pace
    for key, prior in SEASONAL_PRIORS.items():  # mid-year (the bundled dates) unchanged
        for as_of in ("2024-05-31", "2024-06-19"):
            e = elapsed_share(as_of)
            low, high, _ = seasonal_range(key, as_of)
            assert (low, high) == (pytest.approx(prior.low * e),
                                   pytest.approx(min(1.0, prior.high * e)))
    for key in SEASONAL_PRIORS:  # the range never inverts
        for month in range(1, 13):
            low, high, _ = seasonal_range(key, f"2024-{month:02d}-28")
            assert 0 < low <= high <= 1


def test_a_front_loaded_prior_keeps_its_range_until_late_in_the_year(monkeypatch):
    # with low above 1 the mirrored bound 1 - (1 - e) / low jumped above the range itself
    # (a share of 0.09 one day into the year); the rest of the year is then at most even
    from huaian_forecast.data import SeasonalPrior

    monkeypatch.setitem(SEASONAL_PRIORS, "front", SeasonalPrior(low=1.1, high=1.3,
                                                                reason="test"))
    e = elapsed_share("2024-01-31")
    assert seasonal_range("front", "2024-01-31")[:2] == (pytest.approx(1.1 * e),
                                                         pytest.approx(1.3 * e))
    assert seasonal_range("front", "2024-12-31")[:2] == (1.0, 1.0)


def test_nowcast_on_31_december_is_the_years_total():
    # at that end nothing is left of the year: a target not yet met is missed (p 0, not a
    # division by zero, an error in this suite), one met is met
    short = hf.nowcast(390.0, "2024-12-31", yoy_growth=None, annual_target=400.0,
                       indicator="tech_projects")
    assert (short.seasonal_low, short.seasonal_high) == (1.0, 1.0)
    assert short.estimate == 390.0
    assert short.p_meet_target == short.p_max == 0.0
    missed = hf.nowcast(190.0, "2024-12-31", yoy_growth=0.1, annual_target=200.0)
    assert missed.p_meet_target == 0.0
    met = hf.nowcast(410.0, "2024-12-31", yoy_growth=None, annual_target=400.0,
                     indicator="tech_projects")
    assert met.p_meet_target == met.p_min == 1.0


def _write_ytd(path, as_of: object) -> None:
    frame = hf.load_ytd()
    frame["as_of"] = frame["as_of"].astype(object)
    frame.loc[0, "as_of"] = as_of
    frame.to_csv(path, index=False)


def test_the_loader_keeps_every_date_as_its_day(tmp_path):
    path = tmp_path / "ytd.csv"
    _write_ytd(path, "2024-05-31 00:00:00")  # how an Excel date cell arrives
    assert hf.load_ytd(path).loc[0, "as_of"] == "2024-05-31"


@pytest.mark.parametrize("bad", ["2024/05/31", "2024-02-30", "end of May"])
def test_the_loader_refuses_a_date_that_is_not_one_naming_row_and_column(tmp_path, bad):
    path = tmp_path / "ytd.csv"
    _write_ytd(path, bad)
    with pytest.raises(DataError, match=r"ytd\.csv, row 2, column 'as_of': .* is not a date"):
        hf.load_ytd(path)
