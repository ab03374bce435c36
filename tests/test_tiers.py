"""Floor (确保) and stretch (力争) targets of one indicator and year: load, assess, choose.

A targets file may give two thresholds for one indicator and year, a floor the bureau
commits to and a stretch goal it strives for. Each is its own threshold on the same
simulated paths, so the stretch can never be likelier than the floor.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import huaian_forecast as hf
from huaian_forecast.analysis.frontier import resolve_target
from huaian_forecast.assessment import Target, targets_hash
from huaian_forecast.exceptions import ArgumentError

TIERED = """指标,年份,目标值,方向,档次,来源
高新技术企业数,2030,1500,以上,确保,test
高新技术企业数,2030,1700,以上,力争,test
高新技术产业产值占比,2030,40,以上,,test
研发投入强度,2025,2.5,以上,确保,test
研发投入强度,2025,2.7,以上,力争,test
规上企业研发支出,2024,140,以上,确保,test
规上企业研发支出,2024,160,以上,力争,test
"""


@pytest.fixture
def tiered(tmp_path: Path) -> Path:
    path = tmp_path / "tiered.csv"
    path.write_text(TIERED, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def projection() -> hf.Projection:
    return hf.simulate("plan_2024", n_paths=2000, seed=3, end_year=2030)


def test_target_without_a_tier_is_single_and_a_bad_tier_is_refused():
    assert Target(indicator="hte_count", year=2030, threshold=1500).tier == "single"
    assert Target(indicator="hte_count", year=2030, threshold=1700, tier="stretch").tier == \
        "stretch"
    with pytest.raises(ValueError, match="tier must be one of single, floor, stretch"):
        Target(indicator="hte_count", year=2030, threshold=1500, tier="maybe")  # type: ignore[arg-type]


def test_the_tiered_file_loads_tiers_and_targets_carry_them(tiered: Path):
    table = hf.load_targets(tiered)
    assert table["tier"].tolist() == ["floor", "stretch", "single", "floor", "stretch",
                                      "floor", "stretch"]
    items = hf.assessment.targets_from_frame(table)
    assert [t.tier for t in items] == table["tier"].tolist()


def test_a_hand_made_table_takes_the_loaders_tier_words_and_blank_regions():
    """targets_from_frame reads tier and region cells as load_targets does."""
    frame = pd.DataFrame({
        "indicator": "hte_count", "year": 2030, "threshold": [1500.0, 1700.0, 1600.0, 1650.0],
        "direction": "at_least", "tier": ["确保", "力争", "Floor ", None],
        "region": [" Nanjing", "  ", np.nan, "Huai'an"]})
    items = hf.assessment.targets_from_frame(frame)
    assert [t.tier for t in items] == ["floor", "stretch", "floor", "single"]
    assert [t.region for t in items] == ["Nanjing", None, None, "Huai'an"]
    no_columns = hf.assessment.targets_from_frame(frame.drop(columns=["tier", "region"]))
    assert {(t.tier, t.region) for t in no_columns} == {("single", None)}
    with pytest.raises(ValueError, match=r"tier must be one of .*got 'maybe'"):
        hf.assessment.targets_from_frame(frame.assign(tier="maybe"))


def test_check_tiers_names_the_headers_it_is_given_not_per_row_copies():
    """The tier and direction headers are the file's, passed once (not stored per row)."""
    from huaian_forecast.data._tiers import check_tiers

    table = pd.DataFrame({"region": "Huai'an", "indicator": "hte_count", "year": 2030,
                          "threshold": [1500.0, 1700.0], "tier": ["floor", "stretch"],
                          "direction": ["at_least", "at_most"], "_row": [2, 3]})
    with pytest.raises(hf.DataError, match=r"^t\.csv, rows 2, 3, column '方向': the tiers"):
        check_tiers(table, "t.csv", tier_header="档次", direction_header="方向")
    with pytest.raises(hf.DataError, match=r"^t\.csv, rows 2, 3, column '层级': the floor"):
        check_tiers(table.assign(direction="at_least", threshold=[1800.0, 1700.0]), "t.csv",
                    tier_header="层级", direction_header="方向")


def test_targets_hash_is_unchanged_for_single_targets_and_sees_the_tier():
    targets = hf.load_targets()
    rows = sorted((t.indicator, int(t.year), repr(float(t.threshold)), t.direction, t.source,
                   t.region or "") for t in hf.assessment.targets_from_frame(targets))
    before_tiers = hashlib.sha256(json.dumps(rows, ensure_ascii=False, separators=(",", ":"))
                                  .encode("utf-8")).hexdigest()
    assert targets_hash(targets) == before_tiers
    floor = Target(indicator="hte_count", year=2030, threshold=1500, tier="floor")
    single = Target(indicator="hte_count", year=2030, threshold=1500)
    assert targets_hash([floor]) != targets_hash([single])


def test_stretch_is_never_likelier_than_floor_on_real_runs(tiered: Path,
                                                           projection: hf.Projection):
    """Each tier is its own threshold on the same paths (and the same nowcast)."""
    table = hf.assess(projection, hf.load_targets(tiered))
    assert table["tier"].tolist() == ["floor", "stretch", "single", "floor", "stretch",
                                      "floor", "stretch"]
    pairs = table[table["tier"] != "single"].groupby(["indicator", "year"], sort=False)
    assert len(pairs) == 3
    for (indicator, _), rows in pairs:
        floor = rows[rows["tier"] == "floor"].iloc[0]
        stretch = rows[rows["tier"] == "stretch"].iloc[0]
        assert stretch["p_reach"] <= floor["p_reach"], indicator
        assert floor["median"] == stretch["median"]  # the same paths (or nowcast)
        if floor["p_source"] == "simulation":
            assert stretch["p_crossed_by_year"] <= floor["p_crossed_by_year"]
    # a gap wide enough that the stretch is strictly harder on the simulated paths
    hte = table[table["indicator"] == "hte_count"].set_index("tier")["p_reach"]
    assert hte["stretch"] < hte["floor"]
    # the year-to-date nowcast of 2024 reads each tier's threshold too
    rd = table[table["indicator"] == "enterprise_rd"].set_index("tier")
    assert set(rd["p_source"]) == {"nowcast"}
    assert rd.loc["stretch", "p_reach"] < rd.loc["floor", "p_reach"]


def test_at_most_tiers_order_the_other_way(projection: hf.Projection):
    items = [Target(indicator="hte_count", year=2030, threshold=1900, direction="at_most",
                    tier="floor"),
             Target(indicator="hte_count", year=2030, threshold=1600, direction="at_most",
                    tier="stretch")]
    table = hf.assess(projection, items, year_to_date=False).set_index("tier")
    assert table.loc["stretch", "p_reach"] < table.loc["floor", "p_reach"]


def test_joint_probability_joins_each_tier_with_the_single_targets(tiered: Path,
                                                                    projection: hf.Projection):
    table = hf.assess(projection, hf.load_targets(tiered), year_to_date=False)
    y2030 = table[table["year"] == 2030].set_index("tier")
    assert y2030.loc["floor", "n_joint"] == 2  # the floor and the single share target
    assert y2030.loc["stretch", "n_joint"] == 2
    assert y2030.loc["single", "p_joint_year"] == y2030.loc["floor", "p_joint_year"]
    assert y2030.loc["stretch", "p_joint_year"] <= y2030.loc["floor", "p_joint_year"]
    hte = projection.paths("hte_count")[:, list(projection.years).index(2030)]
    share = projection.paths("hightech_share")[:, list(projection.years).index(2030)]
    assert y2030.loc["stretch", "p_joint_year"] == pytest.approx(
        float(np.mean((hte >= 1700) & (share >= 40))))


def test_resolve_target_needs_the_tier_of_a_year_with_two(tiered: Path):
    targets = hf.load_targets(tiered)
    with pytest.raises(ArgumentError, match=r"floor \(确保\) and a stretch goal \(力争\)"):
        resolve_target(("hte_count", 2030), targets)
    stretch = resolve_target(("hte_count", 2030, "力争"), targets)
    assert (stretch.threshold, stretch.tier) == (1700.0, "stretch")
    assert resolve_target(("hte_count", 2030, "floor"), targets).threshold == 1500.0
    assert resolve_target(("hightech_share", 2030), targets).tier == "single"
    with pytest.raises(ArgumentError, match="no 'stretch' target for hightech_share"):
        resolve_target(("hightech_share", 2030, "stretch"), targets)


# ---- command line -------------------------------------------------------------------


def test_assess_prints_and_returns_both_tiers(run_cli, tiered: Path):
    code, out, _ = run_cli("assess", "--targets", str(tiered), "--n-paths", "500",
                           "--format", "json")
    assert code == 0
    records = [r for r in json.loads(out) if r["indicator"] == "hte_count"]
    assert [(r["threshold"], r["tier"]) for r in records] == [(1500.0, "floor"),
                                                              (1700.0, "stretch")]
    assert records[1]["p_reach"] <= records[0]["p_reach"]
    code, out, _ = run_cli("assess", "--targets", str(tiered), "--n-paths", "500",
                           "--lang", "zh")
    assert code == 0
    assert "1,500 确保" in out
    assert "1,700 力争" in out
    code, out, _ = run_cli("assess", "--targets", str(tiered), "--n-paths", "500",
                           "--lang", "en")
    assert "1,500 floor" in out
    assert "1,700 stretch" in out


def test_compare_keeps_two_rows_for_two_tiers(run_cli, tiered: Path):
    code, out, _ = run_cli("compare", "--targets", str(tiered), "--n-paths", "300",
                           "baseline", "plan_2024",
                           "--format", "json")
    assert code == 0
    rows = pd.DataFrame(json.loads(out))
    hte = rows[rows["indicator"] == "hte_count"]
    assert len(hte) == 4  # two scenarios x two tiers
    for _, per in hte.groupby("scenario"):
        p = per.set_index("tier")["p_reach"]
        assert p["stretch"] <= p["floor"]
    code, out, _ = run_cli("compare", "--targets", str(tiered), "--n-paths", "300",
                           "baseline", "plan_2024",
                           "--lang", "en")
    assert code == 0
    assert "≥ 1,500 firms (floor)" in out
    assert "≥ 1,700 firms (stretch)" in out
    assert out.count("High-tech enterprises 2030") == 2


def test_solve_refuses_to_guess_the_tier_and_takes_tier(run_cli, tiered: Path):
    base = ("solve", "--lever", "first_time_applications", "--indicator", "hte_count",
            "--year", "2030", "--targets", str(tiered), "--n-paths", "200")
    code, out, err = run_cli(*base)
    assert code == 2
    assert "floor 1500, stretch 1700" in err
    assert "--tier floor or --tier stretch" in err
    code, out, _ = run_cli(*base, "--tier", "力争", "--format", "json")
    assert code == 0
    record = json.loads(out)
    assert (record["threshold"], record["direction"], record["tier"]) == (
        1700.0, "at_least", "stretch")
    code, out, err = run_cli(*base, "--tier", "maybe")
    assert code == 2
    assert "'maybe' is not a tier" in err


def test_frontier_takes_the_tier(run_cli, tiered: Path):
    code, out, err = run_cli("frontier", "--x", "first_time_applications", "--y",
                             "recertification_support", "--indicator", "hte_count", "--year",
                             "2030", "--targets", str(tiered), "--tier", "stretch", "--grid",
                             "2", "--n-paths", "100", "--format", "json")
    assert code == 0, err
    answer = json.loads(out)
    assert (answer["threshold"], answer["tier"]) == (1700.0, "stretch")


@pytest.mark.parametrize(("tier", "zh", "en"), [
    ("floor", "目标：2030年高新技术企业数 ≥ 1,500家（确保）",
     "target: High-tech enterprises 2030 ≥ 1,500 firms (floor)"),
    ("stretch", "目标：2030年高新技术企业数 ≥ 1,700家（力争）",
     "target: High-tech enterprises 2030 ≥ 1,700 firms (stretch)")])
def test_the_frontier_text_names_the_target_and_its_tier(run_cli, tiered: Path, tier: str,
                                                         zh: str, en: str):
    for lang, line in (("zh", zh), ("en", en)):
        code, out, err = run_cli("frontier", "--x", "first_time_applications", "--y",
                                 "recertification_support", "--indicator", "hte_count",
                                 "--year", "2030", "--targets", str(tiered), "--tier", tier,
                                 "--grid", "2", "--n-paths", "100", "--lang", lang)
        assert code == 0, err
        assert out.splitlines()[0] == line


def test_an_annual_target_equal_to_one_tier_is_no_disagreement(run_cli, tmp_path: Path):
    """The bundled 2024 figures state 140 for enterprise R&D: the floor here, no note."""
    def notes(floor: str) -> str:
        path = tmp_path / f"t{floor}.csv"
        path.write_text("指标,年份,目标值,档次\n"
                        f"规上企业研发支出,2024,{floor},确保\n规上企业研发支出,2024,160,力争\n",
                        encoding="utf-8")
        code, out, err = run_cli("assess", "--targets", str(path), "--n-paths", "200",
                                 "--lang", "en", "--ytd", str(hf.data.data_file("ytd_2024.csv")))
        assert code == 0, err
        return out + err
    assert "the targets say" not in notes("140")
    assert "the targets say 130" in notes("130")  # neither tier is the figures' 140


def test_pace_gives_a_row_per_tier(run_cli, tmp_path: Path):
    path = tmp_path / "rd.csv"
    path.write_text("指标,年份,目标值,档次\n规上企业研发支出,2024,140,确保\n"
                    "规上企业研发支出,2024,160,力争\n", encoding="utf-8")
    code, out, err = run_cli("pace", "--targets", str(path), "--format", "json")
    assert code == 0, err
    rows = pd.DataFrame(json.loads(out)).query("indicator == 'enterprise_rd'")
    assert rows[["annual_target", "tier"]].to_dict("records") == [
        {"annual_target": 140.0, "tier": "floor"}, {"annual_target": 160.0, "tier": "stretch"}]
    floor, stretch = rows["p_meet_target"]
    assert stretch < floor
    assert rows["note"].iloc[1].endswith("annual target 160 (stretch) from the targets (the "
                                         "year-to-date file states 140)")
    code, out, err = run_cli("pace", "--targets", str(path), "--lang", "zh")
    assert code == 0, err
    assert "年度目标 160（力争）取自目标文件（年内进度文件所列为 140）" in out
    assert "annual target" not in out
    code, out, _ = run_cli("pace", "--lang", "en")  # no tiers: no tier column
    assert code == 0
    assert " tier " not in out.splitlines()[0]


@pytest.mark.parametrize("lone_tier", ["floor", "stretch"])
def test_an_indicator_with_one_tier_joins_both_levels(projection: hf.Projection,
                                                      lone_tier: str):
    """key_labs with only a floor (or only a stretch) is in the floor and stretch joint."""
    items = [Target(indicator="hte_count", year=2030, threshold=1500, tier="floor"),
             Target(indicator="hte_count", year=2030, threshold=1700, tier="stretch"),
             Target(indicator="key_labs", year=2030, threshold=14,
                    tier=lone_tier)]  # type: ignore[arg-type]
    table = hf.assess(projection, items, year_to_date=False)
    hte = table[table["indicator"] == "hte_count"].set_index("tier")
    assert hte.loc["floor", "n_joint"] == hte.loc["stretch", "n_joint"] == 2
    assert hte.loc["stretch", "p_joint_year"] <= hte.loc["floor", "p_joint_year"]
    years = list(projection.years)
    h = projection.paths("hte_count")[:, years.index(2030)]
    labs = projection.paths("key_labs")[:, years.index(2030)]
    assert hte.loc["stretch", "p_joint_year"] == pytest.approx(
        float(np.mean((h >= 1700) & (labs >= 14))))
    assert hte.loc["floor", "p_joint_year"] == pytest.approx(
        float(np.mean((h >= 1500) & (labs >= 14))))
    lone = table[table["indicator"] == "key_labs"].iloc[0]
    assert lone["n_joint"] == 2


def test_a_plan_scenarios_model_range_keeps_the_tier_order(run_cli, tmp_path: Path):
    """Each tier's growth families shift by its own effect; the stretch's ends stay below."""
    path = tmp_path / "en.csv"
    path.write_text("indicator,year,threshold,direction,tier\n"
                    "hte_count,2030,1500,at_least,floor\n"
                    "hte_count,2030,1700,at_least,stretch\n"
                    "rd_intensity,2030,3.0,at_least,floor\n"
                    "rd_intensity,2030,3.2,at_least,stretch\n", encoding="utf-8")
    code, out, _ = run_cli("compare", "accelerated", "--targets", str(path), "--n-paths",
                           "2000", "--format", "json")
    assert code == 0
    rows = pd.DataFrame(json.loads(out))
    shifted = rows[rows["range_basis"] == hf.analysis.WITH_LEVERS_EFFECT]
    assert len(shifted) == 4
    for _, pair in shifted.groupby(["indicator", "year"]):
        floor, stretch = (pair[pair["tier"] == t].iloc[0] for t in ("floor", "stretch"))
        for end in ("p_models_min", "p_models_max", "p_family_min", "p_family_max"):
            assert stretch[end] <= floor[end], (floor["indicator"], end)


@pytest.mark.parametrize("direction", ["at_least", "at_most"])
def test_tier_order_of_shifted_ends_in_either_direction(direction: str):
    """The stretch is the harder goal for at_most too: its ends never exceed the floor's."""
    from huaian_forecast.analysis.spread import _in_tier_order

    merged = pd.DataFrame({
        "indicator": "hte_count", "year": 2030, "direction": direction,
        "region": "Huai'an", "tier": ["floor", "stretch"],
        "p_trend": [0.60, 0.70], "p_family_min": [0.40, 0.45],
        "p_family_max": [0.90, 0.80]})
    out = _in_tier_order(merged.copy())
    stretch = out.iloc[1]
    assert (stretch["p_trend"], stretch["p_family_min"], stretch["p_family_max"]) == (
        0.60, 0.40, 0.80)
    assert out.iloc[0].equals(merged.iloc[0])  # the floor is left as it was
