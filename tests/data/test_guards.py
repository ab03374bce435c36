"""Guards for planner mistakes: values on the wrong scale, unknown regions, skipped rows."""

from __future__ import annotations

import warnings

import pytest

import huaian_forecast as hf
from huaian_forecast.data._regions import KNOWN_REGIONS, close_matches, resolve_region

HEAD = "region,indicator,year,value,unit"


def _csv(tmp_path, *rows: str, name: str = "mine.csv"):
    path = tmp_path / name
    path.write_text("\n".join([HEAD, *rows]) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(("value", "suggest"), [("0.316", "31.6"), ("0.316%", "31.6")])
def test_a_share_written_as_a_fraction_is_refused_naming_the_row(tmp_path, value, suggest):
    path = _csv(tmp_path, "Huai'an,hightech_share,2022,30.2,percent",
                f"Huai'an,hightech_share,2023,{value},percent")
    with pytest.raises(hf.DataError, match=rf"mine\.csv, row 3, column 'value': .*write "
                                           rf"{suggest} \(or {suggest}%\)"):
        hf.load_history(path)


def test_an_intensity_written_as_a_fraction_is_refused(tmp_path):
    path = _csv(tmp_path, "Huai'an,rd_intensity,2023,0.021,percent")
    with pytest.raises(hf.DataError, match=r"row 2, column 'value': 0\.021 % .* write 2\.1"):
        hf.load_history(path)


def test_plausible_small_values_still_load(tmp_path):
    # a real R&D intensity of 0.9 % and growth of 0.5 % (not a share) are not fractions
    path = _csv(tmp_path, "Suqian,rd_intensity,2015,0.9,percent",
                "Huai'an,gdp_real_growth,2022,0.5,percent")
    table = hf.load_history(path)
    assert sorted(table["value"]) == [0.5, 0.9]


def test_a_fraction_unit_column_converts_with_one_warning(tmp_path):
    path = _csv(tmp_path, "Huai'an,hightech_share,2022,0.302,fraction",
                "Huai'an,hightech_share,2023,0.316,小数",
                "Huai'an,hte_count,2023,768,firms")
    with pytest.warns(hf.DataWarning, match=r"rows 2, 3: the unit column says fraction; "
                                            r"values converted to percent") as record:
        table = hf.load_history(path)
    assert len(record) == 1
    shares = table[table["indicator"] == "hightech_share"]
    assert shares["value"].tolist() == pytest.approx([30.2, 31.6])
    assert set(shares["unit"]) == {"percent"}


def test_fraction_unit_is_refused_on_a_count(tmp_path):
    path = _csv(tmp_path, "Huai'an,hte_count,2023,0.5,fraction")
    with pytest.raises(hf.DataError, match="unit 'fraction' does not match indicator"):
        hf.load_history(path)


def test_a_region_typo_warns_with_the_close_match(tmp_path):
    path = _csv(tmp_path, "淮阴市,hte_count,2023,768,firms", "淮阴市,hte_count,2022,673,firms")
    with pytest.warns(hf.DataWarning, match=r"mine\.csv, rows 2, 3, column 'region': "
                                            r"'淮阴市' is not a known region; did you mean "
                                            r"淮安市 \(Huai'an\)\?") as record:
        table = hf.load_history(path)
    assert len(record) == 1
    assert set(table["region"]) == {"淮阴市"}  # kept as written, never silently renamed


def test_unknown_target_region_warns_too(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("region,indicator,year,threshold\nJiangsuu,hte_count,2025,1000\n",
                    encoding="utf-8")
    with pytest.warns(hf.DataWarning, match=r"did you mean 江苏省 \(Jiangsu\)"):
        hf.load_targets(path)


@pytest.mark.parametrize(("text", "region"), [
    ("淮安市", "Huai'an"), ("淮安", "Huai'an"), ("Huai’an", "Huai'an"), ("HUAIAN", "Huai'an"),
    ("江苏省", "Jiangsu"), ("苏州市", "Suzhou"), ("连云港", "Lianyungang"), ("全国", "China"),
    ("苏北", "Subei")])
def test_known_spellings_resolve(text, region):
    assert resolve_region(text) == region


def test_bundled_data_uses_known_regions_only(history, targets):
    assert set(history["region"]) <= KNOWN_REGIONS
    assert set(targets["region"]) <= KNOWN_REGIONS
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        hf.load_history()


def test_close_matches_of_nonsense_are_empty():
    assert close_matches("Atlantis") == []


@pytest.mark.filterwarnings("default::huaian_forecast.exceptions.DataWarning")
def test_region_warning_reaches_the_command_line(tmp_path, run_cli):
    path = _csv(tmp_path, "淮阴市,hte_count,2023,768,firms")
    code, _, err = run_cli("assess", "--data", str(path), "--n-paths", "100", "--no-spread")
    assert code == 0
    assert "huaian-forecast: warning: " in err
    assert "did you mean 淮安市" in err


def test_fraction_error_is_one_line_exit_2(tmp_path, run_cli):
    path = _csv(tmp_path, "Huai'an,hightech_share,2023,0.316,percent")
    code, out, err = run_cli("assess", "--data", str(path), "--n-paths", "100")
    assert code == 2
    assert out == ""
    assert len(err.strip().splitlines()) == 1
    assert "row 2, column 'value'" in err
