"""Any region, any origin: the scenario model anchored at the last year of the history."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import huaian_forecast as hf

KEYS = ("rd_intensity", "hte_count", "hightech_share")


@pytest.fixture(scope="module")
def history() -> pd.DataFrame:
    return hf.load_history()


def test_jiangsu_runs_from_its_own_last_year_with_its_own_status_quo(history):
    proj = hf.simulate("baseline", history=history[history["year"] <= 2020], region="Jiangsu",
                       n_paths=500, seed=1, end_year=2023, indicators=KEYS)
    assert proj.manifest["origin"] == 2020
    assert proj.years.tolist() == [2021, 2022, 2023]
    assert set(proj.manifest["status_quo_from_data"]) >= {"rd", "hte"}
    # Jiangsu-sized, not Huai'an-sized
    assert np.median(proj.paths("hte_count")[:, 0]) > 20_000
    assert 2.5 < np.median(proj.paths("rd_intensity")[:, 0]) < 3.5


def test_a_region_lacking_a_series_is_a_data_error_naming_it(history):
    with pytest.raises(hf.DataError, match="no Jiangsu key_labs"):
        hf.simulate("baseline", history=history, region="Jiangsu", n_paths=50, seed=1)


def test_a_city_with_spend_only_runs_rd(history):
    proj = hf.simulate("baseline", history=history, region="Nanjing", n_paths=200, seed=1,
                       end_year=2026, indicators=("rd_spend",))
    last = history[(history["region"] == "Nanjing") & (history["indicator"] == "rd_spend")]
    assert proj.years[0] == proj.manifest["origin"] + 1
    assert np.median(proj.paths("rd_spend")[:, 0]) > 0.8 * last["value"].max()


def test_jiangsu_held_out_coverage_and_width(history):
    """80 % intervals from origins 2019-2022 against the later Jiangsu values."""
    hits, widths = [], []
    for origin in range(2019, 2023):
        proj = hf.simulate("baseline", history=history[history["year"] <= origin],
                           region="Jiangsu", n_paths=2000, seed=1, end_year=2023,
                           indicators=KEYS)
        for key in KEYS:
            later = history[(history["region"] == "Jiangsu") & (history["indicator"] == key)
                            & (history["year"] > origin)
                            & history["kind"].isin(["exact", "approx"])]
            for year, value in zip(later["year"], later["value"], strict=True):
                q10, q90 = np.quantile(proj.paths(key)[:, year - proj.years[0]], [0.1, 0.9])
                hits.append(q10 <= value <= q90)
                widths.append((q90 - q10) / value)
    assert len(hits) >= 20
    assert 0.6 <= np.mean(hits) <= 0.97  # measured 0.85 (2026-11)
    assert np.mean(widths) <= 0.30


def test_a_city_without_intensity_infers_its_gdp_and_says_so(history):
    # Nantong: R&D spend 2021-2022, GDP 2020 and 2022, intensity only as a bound
    cut = history[history["year"] <= 2021]
    proj = hf.simulate("baseline", history=cut, region="Nantong", n_paths=500, seed=1,
                       end_year=2022, indicators=("rd_spend",))
    assert proj.manifest["anchors"]["gdp_2023"].startswith("inferred for 2021")
    assert proj.manifest["anchors"]["rd_intensity_2023"].startswith("derived")
    q10, q90 = np.quantile(proj.paths("rd_spend")[:, 0], [0.1, 0.9])
    assert q10 <= 312.1 <= q90  # the 2022 value


def test_a_region_without_intensity_or_gdp_names_both(history):
    with pytest.raises(hf.DataError, match=r"no Taizhou rd_intensity .*or a gdp series"):
        hf.simulate("baseline", history=history[history["year"] <= 2021], region="Taizhou",
                    n_paths=50, seed=1, indicators=("rd_spend",))
