"""Required vs anticipated growth, labels and years behind: hand values and properties."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st

from huaian_forecast.assessment import (
    cagr,
    label_table,
    progress_label,
    required_growth,
    years_behind,
)


def test_required_growth_hand_values():
    assert required_growth(768, 1000, 2) == pytest.approx(0.141089, abs=1e-6)
    assert required_growth(31.6, 38, 2) == pytest.approx(math.sqrt(38 / 31.6) - 1)
    assert required_growth(100, 100, 5) == 0.0


def test_cagr_is_nan_for_non_positive_values_and_rejects_zero_years():
    assert math.isnan(cagr(0.0, 5.0, 2))
    np.testing.assert_array_equal(np.isnan(cagr(np.array([1.0, -1.0]), 2.0, 1)), [False, True])
    with pytest.raises(ValueError, match="n_years must be positive"):
        cagr(1.0, 2.0, 0)


@pytest.mark.parametrize(("p", "label"), [
    (1.0, "on track"),
    (0.7, "on track"),
    (0.6999, "within reach"),
    (0.48, "within reach"),  # issue 13: p = 0.48 read "on track" from the median
    (0.3, "within reach"),
    (0.2999, "needs acceleration"),
    (0.0, "needs acceleration"),
    (float("nan"), ""),
])
def test_label_follows_p_reach(p: float, label: str):
    assert progress_label(p) == label


def test_models_disagree_only_when_the_range_spans_both_cut_offs():
    assert progress_label(0.07, p_models_min=0.03, p_models_max=0.92) == "models disagree"
    assert progress_label(0.95, p_models_min=0.1, p_models_max=0.95) == "models disagree"
    assert progress_label(0.24, p_models_min=0.08, p_models_max=0.65) == "needs acceleration"
    assert progress_label(0.63, p_models_min=0.28, p_models_max=0.63) == "within reach"
    assert progress_label(0.8, p_models_min=float("nan"),
                          p_models_max=float("nan")) == "on track"


def test_label_table_relabels_from_the_probability_columns():
    table = pd.DataFrame({"p_reach": [0.48, 0.07, np.nan], "p_models_min": [0.4, 0.03, np.nan],
                          "p_models_max": [0.5, 0.92, np.nan], "label": ["on track"] * 3})
    assert list(label_table(table)["label"]) == ["within reach", "models disagree", ""]


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
