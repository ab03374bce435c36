from __future__ import annotations

import pytest

from huaian_forecast.structural import BACKCAST_COLUMNS, backcast


@pytest.fixture(scope="module")
def table():
    return backcast(n_paths=3000, seed=7)


def test_backcast_table_shape(table):
    assert tuple(table.columns) == BACKCAST_COLUMNS
    assert list(zip(table["indicator"], table["to_year"], strict=True)) == [
        ("rd_spend", 2023), ("gdp", 2018), ("gdp", 2020), ("hte_count", 2022),
        ("hte_count", 2023)]
    assert (table["q10"] <= table["median"]).all()
    assert (table["median"] <= table["q90"]).all()


def test_rd_spend_and_gdp_backcasts_reproduce_later_observations(table):
    rd = table[table["indicator"] == "rd_spend"].iloc[0]
    assert rd["consistent"]  # 81.0 (2021) -> "> 100" (2023): band reaches above 100
    assert rd["p_above"] > 0.5
    gdp = table[table["indicator"] == "gdp"]
    assert gdp["consistent"].all()  # 3601 (2018) and 4025.37 (2020) inside the 80 % band


def test_hte_backcast_from_2017_covers_2023(table):
    # issue 12: cohorts and status-quo flows grown at the stock growth calibrated on the
    # data up to 2017 (not on Huai'an's own 2023 value) cover the observed 768 in 2023
    hte = table[(table["indicator"] == "hte_count") & (table["to_year"] == 2023)].iloc[0]
    assert hte["consistent"]
    assert hte["q10"] <= 768 <= hte["q90"]
    assert 0.15 < hte["p_above"] < 0.85
    bound = table[(table["indicator"] == "hte_count") & (table["to_year"] == 2022)].iloc[0]
    assert bound["consistent"]  # band reaches below the 2022 upper bound 673
