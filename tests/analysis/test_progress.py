"""Required vs anticipated growth, labels and years behind: hand values and properties."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from huaian_forecast.assessment import cagr, progress_label, required_growth, years_behind


def test_required_growth_hand_values():
    assert required_growth(768, 1000, 2) == pytest.approx(0.141089, abs=1e-6)
    assert required_growth(31.6, 38, 2) == pytest.approx(math.sqrt(38 / 31.6) - 1)
    assert required_growth(100, 100, 5) == 0.0


def test_cagr_is_nan_for_non_positive_values_and_rejects_zero_years():
    assert math.isnan(cagr(0.0, 5.0, 2))
    np.testing.assert_array_equal(np.isnan(cagr(np.array([1.0, -1.0]), 2.0, 1)), [False, True])
    with pytest.raises(ValueError, match="n_years must be positive"):
        cagr(1.0, 2.0, 0)


@pytest.mark.parametrize(("anticipated", "required", "label"), [
    (0.141, 0.141, "on track"),
    (0.134, 0.141, "on track"),            # ratio 0.95
    (0.133, 0.141, "needs acceleration"),  # ratio 0.943
    (0.0846, 0.141, "needs acceleration"),  # ratio 0.6
    (0.084, 0.141, "off track"),
    (-0.02, 0.141, "off track"),           # moving away
])
def test_label_cut_offs(anticipated: float, required: float, label: str):
    assert progress_label(anticipated, required, met_by_median=False) == label


def test_label_at_most_and_already_met():
    # an at-most target needing -5 %/yr, anticipated -4 %/yr: ratio 0.8
    assert progress_label(-0.04, -0.05, met_by_median=False,
                          direction="at_most") == "needs acceleration"
    assert progress_label(0.01, -0.02, met_by_median=True) == "on track"
    assert progress_label(-0.05, -0.02, met_by_median=False) == "off track"
    assert progress_label(float("nan"), 0.1, met_by_median=False) == ""


def test_years_behind_hand_value():
    # 768 -> 1000 needs ln(1000/768) = 0.2640 in log growth; at 7 %/yr that takes
    # 0.2640 / ln(1.07) = 3.90 years, i.e. 1.90 years after 2025
    assert years_behind(0.07, required_growth(768, 1000, 2), 2) == pytest.approx(
        math.log(1000 / 768) / math.log(1.07) - 2)
    assert years_behind(-0.01, 0.1, 2) == math.inf
    assert math.isnan(years_behind(0.1, -0.01, 2))


@given(start=st.floats(0.1, 1e4), end=st.floats(0.1, 1e4), n=st.integers(1, 30))
def test_cagr_compounds_back_to_the_end_value(start: float, end: float, n: int):
    g = cagr(start, end, n)
    assert start * (1 + g) ** n == pytest.approx(end, rel=1e-9)


@given(g_a=st.floats(0.001, 0.5), g_r=st.floats(0.001, 0.5), n=st.integers(1, 15))
def test_behind_iff_slower_than_required(g_a: float, g_r: float, n: int):
    behind = years_behind(g_a, g_r, n)
    assert (behind > 0) == (g_a < g_r) or math.isclose(g_a, g_r)
    if progress_label(g_a, g_r, met_by_median=g_a >= g_r) == "on track":
        assert g_a >= 0.95 * g_r
