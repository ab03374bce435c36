from __future__ import annotations

import pandas as pd
import pytest

from huaian_forecast.exceptions import ArgumentError
from huaian_forecast.report import plot_sobol


def _table() -> pd.DataFrame:
    return pd.DataFrame({"factor": ["first_time_applications", "rd_rewards", "new_key_labs"],
                         "factor_type": "lever", "indicator": "hte_count", "year": 2030,
                         "metric": "p_reach", "first_order": [0.7, 0.05, -0.01],
                         "total_order": [0.8, 0.1, 0.0]})


def test_bars_sorted_by_total_order_largest_on_top():
    ax = plot_sobol(_table(), indicator="hte_count", year=2030, lang="en")
    widths = [p.get_width() for p in ax.patches]
    assert len(widths) == 6  # total and first order per factor
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels[-1].startswith("First-time")  # the largest total order is on top
    assert min(widths) >= 0  # a negative first-order estimate is drawn as 0


def test_unknown_target_lists_the_choices():
    with pytest.raises(ArgumentError, match="hte_count"):
        plot_sobol(_table(), indicator="key_labs", year=2030, lang="en")


def test_an_index_above_one_is_flagged_on_the_chart():
    # key labs 2030 gave a total-order index of 1.16 (interval 1.06-1.27) at n = 64: a
    # share of a variance cannot exceed 1, so the chart says it is estimator noise
    table = _table()
    table.loc[0, ["first_order", "total_order"]] = [1.157, 1.162]
    ax = plot_sobol(table, indicator="hte_count", year=2030, lang="en")
    label = ax.get_xlabel()
    assert "estimator noise" in label
    assert "First-time" in label.replace("\n", " ")
    assert any(list(line.get_xdata()) == [1.0, 1.0] for line in ax.lines)
    clean = _table().assign(first_order=[0.7, 0.05, 0.0])
    assert "noise" not in plot_sobol(clean, indicator="hte_count", year=2030,
                                     lang="en").get_xlabel()
