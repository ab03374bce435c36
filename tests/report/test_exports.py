"""Exports other tools read: Projection.to_xarray() and the IAMC table (pyam units)."""

from __future__ import annotations

import sys

import numpy as np
import pytest

import huaian_forecast as hf
from huaian_forecast.exceptions import HuaianForecastError
from huaian_forecast.report import to_iamc
from huaian_forecast.report.iamc import IAMC_UNITS, IAMC_VARIABLES, history_rows

from .conftest import make_projection


def test_to_xarray_has_path_year_indicator():
    pytest.importorskip("xarray", reason="xarray not installed (extra: [xarray])")
    proj = make_projection()
    da = proj.to_xarray()
    assert da.dims == ("path", "year", "indicator")
    assert da.shape == (4, 12, 2)
    np.testing.assert_array_equal(da.sel(indicator="hte_count").values,
                                  proj.paths("hte_count"))
    assert da["unit"].sel(indicator="hightech_share").item() == "percent"
    assert da["name_zh"].sel(indicator="hte_count").item() == hf.get_indicator("hte_count").name_zh
    assert da.attrs["scenario"] == "baseline"
    assert '"data_hash": "abc123"' in da.attrs["manifest"]
    assert set(da.to_dataset("indicator").data_vars) == {"hte_count", "hightech_share"}


def test_to_xarray_without_xarray_says_what_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "xarray", None)  # import xarray -> ImportError
    with pytest.raises(HuaianForecastError, match=r"pip install .*xarray"):
        make_projection().to_xarray()


def test_iamc_names_every_indicator_with_convertible_units():
    assert set(IAMC_VARIABLES) == set(hf.INDICATORS)
    proj = hf.simulate("baseline", n_paths=200, seed=1)
    table = to_iamc(proj, quantiles=(0.5,))
    assert not table["variable"].str.startswith("Indicator|").any()
    assert set(table["unit"]) <= {u for u, _ in IAMC_UNITS.values()}
    assert "billion CNY/yr" in set(table["unit"])
    # 亿元 -> billion CNY: one tenth
    rd = table[table["variable"] == "Innovation|R&D Expenditure|50.0th Percentile"]
    med = np.median(proj.paths("rd_spend"), axis=0)
    np.testing.assert_allclose(rd["value"].to_numpy(), med / 10)


def test_iamc_includes_observed_history(history):
    proj = hf.simulate("baseline", n_paths=200, seed=1)
    table = to_iamc(proj, quantiles=(0.5,), history=history)
    observed = table[table["scenario"] == "historical"]
    hte = observed[observed["variable"] == "Innovation|High-Tech Enterprises"]
    assert hte.set_index("year").loc[2023, "value"] == 768
    assert (observed["model"] == "observed").all()
    # bounds are not values: none of their rows is exported
    rows = history_rows(history)
    bounds = history[(history["region"] == "Huai'an")
                     & history["kind"].isin(["lower_bound", "upper_bound"])]
    assert len(rows) == len(history[(history["region"] == "Huai'an")
                                    & ~history["kind"].isin(["lower_bound", "upper_bound"])]
                            .drop_duplicates(["indicator", "year"]))
    assert len(bounds) > 0


def test_pyam_reads_and_converts_the_export(history):
    pyam = pytest.importorskip("pyam", reason="pyam not installed (pip install pyam-iamc)")
    from huaian_forecast.report.iamc import define_pyam_units

    define_pyam_units()
    table = to_iamc(hf.simulate("baseline", n_paths=200, seed=1), quantiles=(0.5,),
                    history=history)
    df = pyam.IamDataFrame(table)
    money = df.filter(unit="billion CNY/yr").convert_unit("billion CNY/yr",
                                                         to="million CNY/yr")
    assert set(money.unit) == {"million CNY/yr"}
    share = df.filter(unit="%").convert_unit("%", to="dimensionless")
    assert share.data["value"].max() < 1.0
    firms = df.filter(unit="firms").convert_unit("firms", to="thousand firms")
    assert set(firms.unit) == {"thousand firms"}
