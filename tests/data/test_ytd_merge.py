"""The year-to-date loader merges repeated rows on the key its conflict check compares.

:func:`huaian_forecast.data.load_ytd` keeps its own merge (``ytd._merge_identical``)
rather than the history's and targets' ``_loaded.merge_identical`` (keyed on
``astype(str)``): these tests pin the case where the two differ, and the shared merge's empty cells.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from huaian_forecast.data import load_ytd
from huaian_forecast.data import ytd as ytd_module
from huaian_forecast.data._loaded import merge_identical

HEADER = "indicator,as_of,ytd_value,yoy_growth_percent,annual_target\n"


def _table(rows: list[tuple[float, float]]) -> pd.DataFrame:
    """Two loaded-like rows of one figure: (ytd_value, yoy_growth_percent) each."""
    return pd.DataFrame({
        "region": "Huai'an", "indicator": "enterprise_rd", "as_of": "2024-05-31",
        "ytd_value": [v for v, _ in rows], "unit": "100m_cny",
        "yoy_growth_percent": [g for _, g in rows], "annual_target": 140.0,
        "reported_pace_percent": 108.0, "source": "s", "quote": "",
        "_row": [2, 3], "_col": "ytd_value"})


def test_rows_equal_as_the_conflict_check_reads_them_are_merged(tmp_path: Path):
    """63.05 and 63.050001 pass the conflict check as one figure, so they are merged.

    ``astype(str)`` would key them apart and leave two rows of one region, indicator and
    date in the table (a conflict the check let through).
    """
    path = tmp_path / "ytd.csv"
    path.write_text(HEADER + "enterprise_rd,2024-05-31,63.05,38.7,140\n"
                    "enterprise_rd,2024-05-31,63.050001,38.7,140\n", encoding="utf-8")
    table = load_ytd(path)
    assert table["ytd_value"].tolist() == [63.05]
    assert table.attrs["skipped"] == [{"row": 3, "reason": "duplicate of row 2", "text": ""}]
    both = _table([(63.05, 38.7), (63.050001, 38.7)])
    assert len(ytd_module._merge_identical(both)[0]) == 1
    assert len(merge_identical(both, ytd_module.YTD_COLUMNS)[0]) == 2  # the shared key


def test_repeated_rows_with_an_empty_growth_are_merged(tmp_path: Path):
    """An empty growth is NaN, the same on both rows: one figure, merged."""
    path = tmp_path / "ytd.csv"
    path.write_text(HEADER + "enterprise_rd,2024-05-31,63.05,,140\n"
                    "enterprise_rd,2024-05-31,63.05,,140\n", encoding="utf-8")
    table = load_ytd(path)
    assert len(table) == 1
    assert table.attrs["skipped"] == [{"row": 3, "reason": "duplicate of row 2", "text": ""}]
    assert len(ytd_module._merge_identical(_table([(63.05, float("nan"))] * 2))[0]) == 1


def test_the_shared_merge_keys_an_empty_cell_instead_of_failing():
    """History and targets rows with an empty cell are merged or kept, not a TypeError.

    The loaders fill every keyed cell today; a NaN reaching the shared merge raised
    ``TypeError: sequence item ...`` under pandas 3 (``astype(str)`` keeps NaN).
    """
    same = _table([(63.05, float("nan"))] * 2)
    merged, skipped = merge_identical(same, ytd_module.YTD_COLUMNS)
    assert len(merged) == 1
    assert skipped == [{"row": 3, "reason": "duplicate of row 2", "text": ""}]
    other = _table([(63.05, float("nan")), (63.05, 38.7)])
    assert len(merge_identical(other, ytd_module.YTD_COLUMNS)[0]) == 2
