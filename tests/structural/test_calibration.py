"""The calibrations on real series: catch-up of R&D intensity, pooled HTE stock growth."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import huaian_forecast as hf
from huaian_forecast.exceptions import FitError
from huaian_forecast.structural.calibration import (
    calibrate_hte,
    calibrate_rd,
    intensity_points,
)


def _rows(*rows: tuple[str, str, int, float]) -> pd.DataFrame:
    return pd.DataFrame([{"region": r, "indicator": i, "year": y, "value": v, "unit": "",
                          "kind": "exact", "source": "test", "confidence": "high",
                          "quote": ""} for r, i, y, v in rows])


def test_catch_up_recovers_a_known_line():
    # three regions whose yearly log growth is exactly 0.06 - 0.04 log(I)
    rows = []
    for region, level in (("A", 1.0), ("B", 2.0), ("C", 3.0)):
        for year in range(2015, 2021):
            rows.append((region, "rd_intensity", year, level))
            level = level * np.exp(0.06 - 0.04 * np.log(level))
    cal = calibrate_rd(_rows(*rows), 2020)
    assert cal.a == pytest.approx(0.06, abs=1e-9)
    assert cal.b == pytest.approx(-0.04, abs=1e-9)
    assert cal.n_pairs == 15
    assert cal.n_regions == 3


def test_intensity_from_spend_over_gdp_where_no_point():
    rows = _rows(("X", "rd_spend", 2020, 50.0), ("X", "gdp", 2020, 2000.0),
                 ("X", "rd_intensity", 2021, 2.6))
    pts = intensity_points(rows, 2021)
    assert pts["value"].tolist() == pytest.approx([2.5, 2.6])


def test_too_few_points_is_a_fit_error():
    with pytest.raises(FitError, match="need at least 4 from 2 regions"):
        calibrate_rd(_rows(("A", "rd_intensity", 2020, 2.0)), 2021)
    with pytest.raises(FitError, match="need 2"):
        calibrate_hte(_rows(("A", "hte_count", 2020, 100.0)), 2021)


def test_bundled_calibrations_are_in_a_sensible_range():
    history = hf.load_history()
    rd = calibrate_rd(history, 2023)
    growth, sd = rd.growth_at(2.1)  # Huai'an 2023
    assert rd.b < 0  # lower intensity, faster growth
    assert 0.01 < growth < 0.08
    assert 0.0 < sd < 0.03
    hte = calibrate_hte(history, 2023)
    assert 0.15 < hte.growth < 0.30  # China, Jiangsu and the cities grew ~18-25 %/yr
    assert {r for r, _, _ in hte.rates} >= {"China", "Jiangsu", "Huai'an"}


def test_the_calibrations_use_only_data_up_to_the_origin():
    history = hf.load_history()
    early = calibrate_hte(history, 2017)
    assert "Huai'an" not in {r for r, _, _ in early.rates}  # 286 (2017) alone
    assert all(r != "Jiangsu" for r, _, _ in early.rates)  # 2011 point only before 2019


def test_the_catch_up_regression_is_statsmodels_wls_with_clustered_errors():
    sm = pytest.importorskip("statsmodels.api")
    from huaian_forecast.structural.calibration import _pairs

    history = hf.load_history()
    pairs = _pairs(intensity_points(history, 2023))
    design = sm.add_constant(pairs["x"].to_numpy(float))
    fit = sm.WLS(pairs["y"].to_numpy(float), design,
                 weights=pairs["span"].to_numpy(float)).fit(
        cov_type="cluster", cov_kwds={"groups": pd.factorize(pairs["region"])[0]})
    cal = calibrate_rd(history, 2023)
    np.testing.assert_allclose([cal.a, cal.b], fit.params, rtol=1e-10)
    np.testing.assert_allclose(cal.cov, fit.cov_params(), rtol=1e-8)


def test_share_calibration_pools_the_regions_with_a_series():
    from huaian_forecast.structural.calibration import calibrate_share

    cal = calibrate_share(hf.load_history(), 2023)
    regions = {r for r, _, _ in cal.rates}
    assert regions >= {"Jiangsu", "Changzhou"}
    assert "Huai'an" not in regions  # one point (2023): it borrows the pooled slope
    assert 0.03 < cal.slope < 0.08  # Jiangsu 40 % (2015) -> 49.9 % (2023): +0.053/yr
    proj = hf.simulate("baseline", n_paths=100, seed=1, end_year=2025,
                       indicators=("hightech_share",))
    source = proj.manifest["uncertainties"]["hightech_relative_growth"]["source"]
    assert source.startswith("calibrated: pooled logit slope")
