from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import huaian_forecast as hf
from huaian_forecast.structural import anchors_from_history
from huaian_forecast.structural.anchors import OBSERVED_INDICATORS


def _rows(*rows: tuple[str, int, float, str]) -> pd.DataFrame:
    return pd.DataFrame([
        {"region": "Huai'an", "indicator": ind, "year": year, "value": value, "unit": "",
         "kind": kind, "source": f"test {ind} {year}", "confidence": "medium", "quote": ""}
        for ind, year, value, kind in rows])


def test_bundled_data_anchors_and_their_sources():
    a = anchors_from_history(hf.load_history())
    assert a.uncertainties["hte_count_2023"].distribution == "fixed"
    assert a.uncertainties["hte_count_2023"].default == 768
    assert "hte_count 2023 exact 768" in a.sources["hte_count_2023"]
    # > 100 (data) keeps the assumed upper end 108 and mode 103
    spend = a.uncertainties["rd_spend_2023"]
    assert (spend.low, spend.default, spend.high) == (100.0, 103.0, 108.0)
    assert "lower_bound 100" in spend.source
    # approx 2.1 of low confidence: s.d. 5 % of 2.1, truncated at the 2.0 lower bound
    inten = a.uncertainties["rd_intensity_2023"]
    assert inten.distribution == "normal"
    assert inten.sd == pytest.approx(0.105)
    assert inten.low == 2.0
    assert inten.high == pytest.approx(2.1 + 2 * 0.105)
    assert a.gdp is None
    assert "derived" in a.sources["gdp_2023"]
    assert "assumption" in a.sources["hte_cohort_growth"]  # only one stock point 2019-23
    assert a.later == {}


def test_lower_bound_inside_and_beyond_the_assumed_range():
    inside = anchors_from_history(_rows(("rd_spend", 2023, 105.0, "lower_bound")))
    u = inside.uncertainties["rd_spend_2023"]
    assert (u.low, u.default, u.high) == (105.0, 105.0, 108.0)  # upper end still assumed
    beyond = anchors_from_history(_rows(("rd_spend", 2023, 120.0, "lower_bound")))
    u = beyond.uncertainties["rd_spend_2023"]
    assert (u.low, u.default, u.high) == (120.0, 123.0, 128.0)  # shifted to start at it


def test_nothing_in_the_history_falls_back_to_the_registry_with_a_note():
    a = anchors_from_history(_rows(("hte_count", 2023, 700.0, "exact")))
    assert "key_labs_2023" not in a.uncertainties
    assert a.sources["key_labs_2023"].startswith("assumption")
    assert any("anchor key_labs_2023: no Huai'an key_labs row" in n for n in a.notes)
    old = anchors_from_history(_rows(("hightech_share", 2021, 30.0, "exact"),
                                     ("key_labs", 2023, 6.0, "exact")))
    # the share's 2021 point is carried to the 2023 origin (one point: drift assumed)
    share = old.uncertainties["hightech_share_2023"]
    assert share.distribution == "normal"
    assert share.default == pytest.approx(30.0)
    assert share.source.startswith("inferred for 2023: carried forward from 2021")
    assert any("anchor hightech_share_2023: inferred" in n for n in old.notes)
    # recorded as such, not only in words (the caveat and the Chinese notes read this)
    assert old.carried_forward == ("hightech_share_2023",)
    assert a.carried_forward == ()


def test_origin_is_the_last_year_with_data_and_anchors_are_inferred_there():
    rows = _rows(("hte_count", 2019, 400.0, "exact"), ("hte_count", 2020, 480.0, "exact"),
                 ("hte_count", 2021, 576.0, "exact"), ("key_labs", 2022, 7.0, "exact"))
    a = anchors_from_history(rows)
    assert a.origin == 2022
    hte = a.uncertainties["hte_count_2023"]
    assert hte.default == pytest.approx(576 * 1.2, rel=0.01)  # the 20 %/yr line
    assert hte.assumption
    assert "extrapolated from 3 points 2019-2021" in hte.source
    # explicit origin: the anchors of that year, later points imposed
    b = anchors_from_history(rows, origin=2021)
    assert b.uncertainties["hte_count_2023"].default == 576
    assert [o[0] for o in b.later["key_labs"]] == [2022]


def test_a_region_without_a_needed_series_is_a_data_error_naming_it():
    rows = _rows(("hightech_share", 2020, 25.0, "exact")).assign(region="Somewhere")
    with pytest.raises(hf.DataError, match="no Somewhere hte_count point up to 2020"):
        anchors_from_history(rows, "Somewhere", sub_models=["hte", "output"])
    with pytest.raises(hf.DataError, match="no Somewhere rows of key_labs"):
        anchors_from_history(rows, "Somewhere", sub_models=["labs"])


def test_cohort_growth_from_a_geometric_stock_series():
    a = anchors_from_history(_rows(("hte_count", 2021, 500.0, "exact"),
                                   ("hte_count", 2022, 600.0, "exact"),
                                   ("hte_count", 2023, 720.0, "exact")))
    g = a.uncertainties["hte_cohort_growth"]
    assert g.distribution == "fixed"
    assert g.default == pytest.approx(20.0)


def test_gdp_point_is_the_gdp_anchor_and_intensity_is_derived():
    a = anchors_from_history(_rows(("rd_spend", 2023, 110.0, "exact"),
                                   ("gdp", 2023, 5000.0, "exact")))
    assert a.gdp is not None
    assert a.gdp.default == 5000.0
    assert not a.spend_from_intensity
    assert a.sources["rd_intensity_2023"].startswith("derived")
    b = anchors_from_history(_rows(("rd_intensity", 2023, 2.2, "exact"),
                                   ("gdp", 2023, 5000.0, "exact")))
    assert b.spend_from_intensity
    assert b.sources["rd_spend_2023"].startswith("derived")


def test_exact_spend_gdp_and_intensity_that_disagree_raise_naming_the_rows():
    rows = _rows(("rd_spend", 2023, 110.0, "exact"), ("gdp", 2023, 5000.0, "exact"),
                 ("rd_intensity", 2023, 2.5, "exact"))
    with pytest.raises(hf.DataError, match=r"2023: rd_spend 110 / gdp 5000 = 2.20 %.*2.5"):
        anchors_from_history(rows)


def test_rounding_agreement_passes_and_approx_disagreement_is_noted():
    ok = _rows(("rd_spend", 2023, 110.0, "exact"), ("gdp", 2023, 5000.0, "exact"),
               ("rd_intensity", 2023, 2.2, "exact"))
    assert not any("inconsistent" in n for n in anchors_from_history(ok).notes)
    loose = _rows(("rd_spend", 2023, 110.0, "exact"), ("gdp", 2023, 5000.0, "exact"),
                  ("rd_intensity", 2023, 2.5, "approx"))
    assert any("inconsistent approx" in n for n in anchors_from_history(loose).notes)


def test_later_points_become_per_path_observations():
    a = anchors_from_history(_rows(("hte_count", 2024, 900.0, "exact"),
                                   ("key_labs", 2025, 8.0, "approx"),
                                   ("rd_spend", 2024, 140.0, "lower_bound")), origin=2023)
    years = np.arange(2024, 2028)
    z = np.ones((len(OBSERVED_INDICATORS), 3, years.size))
    obs = a.observed(years, z)
    np.testing.assert_array_equal(obs["hte_count"][:, 0], 900)
    assert np.isnan(obs["hte_count"][:, 1:]).all()
    # approx, medium confidence: 2 % noise; z = 1 -> 8.16 -> rounded to 8 labs
    np.testing.assert_array_equal(obs["key_labs"][:, 1], 8)
    assert np.isnan(obs["rd_spend"]).all()
    assert any("rd_spend bounds after 2023" in n for n in a.notes)


def test_a_level_with_one_point_takes_its_slope_from_a_derived_point():
    # a planner adds one 2024 figure (GDP): the origin is 2024 and the HTE stock, observed
    # only in 2023 (768), was carried forward flat (p(2025 >= 1000) fell from 0.67 to 0.02);
    # the derived 2017 stock (286) gives the line its growth, as the status quo uses it
    history = hf.load_history()
    gdp = history[(history["region"] == "Huai'an") & (history["indicator"] == "gdp")].tail(1)
    history = pd.concat([history, gdp.assign(year=2024, value=5400.0)], ignore_index=True)
    anchors = anchors_from_history(history, "Huai'an")
    assert anchors.origin == 2024
    assert anchors.sources["hte_count_2023"].startswith(
        "inferred for 2024: extrapolated from 2 points 2017-2023")
    stock = anchors.uncertainties["hte_count_2023"]
    assert 768 * 1.10 < stock.default < 768 * 1.25  # about +18 % a year, not flat at 768
    # a series with no derived point keeps being carried forward, and says so
    assert "carried forward from 2023" in anchors.sources["key_labs_2023"]
    assert "hte_count_2023" not in anchors.carried_forward  # it has a slope now
    assert set(anchors.carried_forward) == {"hightech_share_2023", "key_labs_2023"}


def test_the_manifest_lists_the_levels_carried_forward_unless_the_scenario_sets_them():
    history = hf.load_history()
    gdp = history[(history["region"] == "Huai'an") & (history["indicator"] == "gdp")].tail(1)
    history = pd.concat([history, gdp.assign(year=2024, value=5400.0)], ignore_index=True)
    proj = hf.simulate("baseline", history=history, n_paths=20, seed=1)
    assert proj.manifest["carried_forward"] == ["hightech_share_2023", "key_labs_2023"]
    mine = hf.load_scenario("baseline").with_uncertainties(key_labs_2023=7.0)
    assert hf.simulate(mine, history=history, n_paths=20, seed=1).manifest[
        "carried_forward"] == ["hightech_share_2023"]
    assert hf.simulate("baseline", n_paths=20, seed=1).manifest["carried_forward"] == []
