"""assess(): probabilities, crossing years, joint probability and progress labels on
projections built from hand-written paths, so every number can be checked by hand."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from huaian_forecast.assessment import (
    ASSESS_COLUMNS,
    Target,
    assess,
    met_matrix,
    progress_label,
    wilson_interval,
)
from huaian_forecast.simulation import Projection

YEARS = np.array([2024, 2025, 2026])

# Ten hand-written high-tech-enterprise paths (2024, 2025, 2026); last observed 768 in 2023.
HTE = np.array([
    [800, 1005, 950],    # crosses in 2025 and falls back in 2026
    [820, 950, 1010],
    [850, 980, 1040],
    [870, 1000, 1100],   # meets 1000 exactly in 2025 (inclusive)
    [880, 1010, 990],    # crosses in 2025 and falls back in 2026
    [900, 1050, 1150],
    [905, 1100, 1200],
    [950, 1150, 1250],
    [1000, 990, 1300],   # crosses already in 2024, below in 2025
    [760, 800, 850],
], dtype=float)
LABS = np.array([[6, 7, 8]] * 5 + [[6, 6, 6]] * 5, dtype=float)


@pytest.fixture
def proj() -> Projection:
    return Projection(years=YEARS, arrays={"hte_count": HTE, "key_labs": LABS},
                      scenario="hand", last_observed={"hte_count": (2023, 768.0),
                                                      "key_labs": (2023, 6.0)})


def _row(table: pd.DataFrame, indicator: str, year: int) -> pd.Series:
    hit = table[(table["indicator"] == indicator) & (table["year"] == year)]
    assert len(hit) == 1
    return hit.iloc[0]


def test_required_growth_768_to_1000_in_two_years_is_14_1_percent(proj: Projection):
    row = _row(assess(proj, [Target(indicator="hte_count", year=2025, threshold=1000)]),
               "hte_count", 2025)
    assert row["required_growth"] == pytest.approx(math.sqrt(1000 / 768) - 1)
    assert round(row["required_growth"] * 100, 1) == 14.1


def test_p_reach_quantiles_and_interval_on_known_paths(proj: Projection):
    row = _row(assess(proj, [Target(indicator="hte_count", year=2025, threshold=1000)]),
               "hte_count", 2025)
    # 2025 column: 1005 950 980 1000 1010 1050 1100 1150 990 800 -> 6 of 10 are >= 1000
    assert row["p_reach"] == pytest.approx(0.6)
    assert row["p_reach_se"] == pytest.approx(math.sqrt(0.6 * 0.4 / 10))
    # Wilson 95 % for 6/10, by hand: centre (0.6 + 0.19207) / 1.38415 = 0.57224,
    # half-width 1.95996 * sqrt(0.024 + 0.0096036) / 1.38415 = 0.25960
    assert row["p_reach_lo"] == pytest.approx(0.31267, abs=1e-4)
    assert row["p_reach_hi"] == pytest.approx(0.83182, abs=1e-4)
    assert row["median"] == row["q50"] == pytest.approx(1002.5)
    assert row["q10"] == pytest.approx(np.quantile(HTE[:, 1], 0.1))
    assert row["q90"] == pytest.approx(np.quantile(HTE[:, 1], 0.9))


def test_first_crossing_year_distribution(proj: Projection):
    row = _row(assess(proj, [Target(indicator="hte_count", year=2025, threshold=1000)]),
               "hte_count", 2025)
    # first years >= 1000: 2024 for path 9; 2025 for paths 1,4,5,6,7,8; 2026 for 2,3; never 10
    assert row["p_crossed_by_year"] == pytest.approx(0.7)  # > p_reach: path 9 fell back
    # only years up to the target year count: 2025 inf inf 2025*5 2024 inf -> median 2025
    assert row["first_year_median"] == 2025


def test_joint_probability_of_all_targets_of_a_year(proj: Projection):
    targets = [Target(indicator="hte_count", year=2026, threshold=1000),
               Target(indicator="key_labs", year=2026, threshold=8)]
    table = assess(proj, targets)
    # hte >= 1000 in 2026: paths 2,3,4,6,7,8,9 (not 1, 5, 10); labs >= 8: paths 1-5 -> both: 2,3,4
    for ind in ("hte_count", "key_labs"):
        row = _row(table, ind, 2026)
        assert row["p_joint_year"] == pytest.approx(0.3)
        assert row["n_joint"] == 2


def test_progress_columns_and_label(proj: Projection):
    row = _row(assess(proj, [Target(indicator="hte_count", year=2026, threshold=1200)]),
               "hte_count", 2026)
    g_r = (1200 / 768) ** (1 / 3) - 1
    median = np.median(HTE[:, 2])  # 1070
    g_a = (median / 768) ** (1 / 3) - 1
    assert row["required_growth"] == pytest.approx(g_r)
    assert row["anticipated_growth"] == pytest.approx(g_a)
    assert row["growth_ratio"] == pytest.approx(g_a / g_r)
    assert 0.6 <= g_a / g_r < 0.95
    assert row["label"] == progress_label(row["p_reach"])  # the label follows p_reach
    assert row["years_behind"] == pytest.approx(3 * (math.log1p(g_r) / math.log1p(g_a) - 1))
    assert row["p_growth_sufficient"] == pytest.approx(row["p_reach"])  # same event


def test_labels_on_and_off_track(proj: Projection):
    table = assess(proj, [Target(indicator="hte_count", year=2026, threshold=1000),
                          Target(indicator="hte_count", year=2026, threshold=3000)])
    assert list(table["p_reach"]) == [0.7, 0.0]  # 0.7 is the on-track cut-off
    assert list(table["label"]) == ["on track", "needs acceleration"]
    assert table["years_behind"].iloc[0] < 0 < table["years_behind"].iloc[1]


def test_already_met_target_has_no_required_growth_sign(proj: Projection):
    row = _row(assess(proj, [Target(indicator="key_labs", year=2025, threshold=6)]),
               "key_labs", 2025)
    assert row["p_reach"] == 1.0
    assert row["label"] == "on track"
    assert math.isnan(row["years_behind"])


def test_at_most_direction(proj: Projection):
    row = _row(assess(proj, [Target(indicator="hte_count", year=2024, threshold=850,
                                    direction="at_most")]), "hte_count", 2024)
    assert row["p_reach"] == pytest.approx(0.4)  # 800 820 850 760


def test_missed_and_unsimulated_targets_are_rows_not_errors(proj: Projection):
    table = assess(proj, [Target(indicator="hte_count", year=2026, threshold=1e6),
                          Target(indicator="rd_intensity", year=2025, threshold=2.5),
                          Target(indicator="hte_count", year=2035, threshold=2000)])
    assert list(table.columns) == list(ASSESS_COLUMNS)
    assert table["p_reach"].iloc[0] == 0.0
    assert table["p_reach_lo"].iloc[0] == 0.0
    assert table["note"].iloc[1] == "not modelled"
    assert table["note"].iloc[2] == "year outside 2024-2026"
    assert table["p_reach"].iloc[1:].isna().all()


def test_a_target_of_the_last_observed_year_is_a_fact_not_a_probability(proj: Projection):
    # 768 firms observed in 2023 (before the simulated years): met at 700, not at 900, at
    # most 800 met; a 2022 target (not the last observation) stays outside the years
    table = assess(proj, [Target(indicator="hte_count", year=2023, threshold=700),
                          Target(indicator="hte_count", year=2023, threshold=900),
                          Target(indicator="hte_count", year=2023, threshold=800,
                                 direction="at_most"),
                          Target(indicator="hte_count", year=2022, threshold=500)],
                   year_to_date=False)
    assert table["note"].tolist() == ["observed in the history: 768 (met)",
                                      "observed in the history: 768 (not met)",
                                      "observed in the history: 768 (met)",
                                      "year outside 2024-2026"]
    assert table["p_reach"].isna().all()  # never a probability, so nothing averages it
    assert table["last_value"].iloc[:3].tolist() == [768.0] * 3
    assert table["label"].fillna("").eq("").all()


def test_observed_rows_finds_the_facts_and_nothing_else(proj: Projection):
    # the predicate every table, sheet and briefing reads: the observed rows, not an
    # unsimulated one (no probability either), not a simulated one
    from huaian_forecast.assessment import is_observed, observed_rows

    table = assess(proj, [Target(indicator="hte_count", year=2023, threshold=700),
                          Target(indicator="hte_count", year=2022, threshold=500),
                          Target(indicator="rd_intensity", year=2025, threshold=2.5),
                          Target(indicator="hte_count", year=2025, threshold=1000)],
                   year_to_date=False)
    assert observed_rows(table).tolist() == [True, False, False, False]
    assert [is_observed(r) for _, r in table.iterrows()] == [True, False, False, False]
    assert not observed_rows(table.drop(columns=["note"])).any()


def test_every_observed_year_before_the_simulation_is_a_fact(proj: Projection):
    # a planner's file with 2022 and 2023 figures: a 2022 target is stated, not "outside"
    from dataclasses import replace

    seen = replace(proj, observed={"hte_count": {2022: 673.0, 2023: 768.0}})
    table = assess(seen, [Target(indicator="hte_count", year=2022, threshold=700),
                          Target(indicator="hte_count", year=2021, threshold=500)],
                   year_to_date=False)
    assert table["note"].tolist() == ["observed in the history: 673 (not met)",
                                      "year outside 2024-2026"]
    assert table["last_value"].iloc[0] == 673.0


def test_met_matrix_marks_unsimulated_targets_nan(proj: Projection):
    items, met = met_matrix(proj, [Target(indicator="hte_count", year=2025, threshold=1000),
                                   Target(indicator="rd_intensity", year=2025, threshold=2.5)])
    assert len(items) == 2
    assert met.shape == (10, 2)
    assert met[:, 0].sum() == 6
    assert np.isnan(met[:, 1]).all()


def test_assess_accepts_the_bundled_targets_frame(targets: pd.DataFrame):
    proj = Projection(years=np.arange(2024, 2036), scenario="flat",
                      arrays={"hte_count": np.full((4, 12), 1200.0)},
                      last_observed={"hte_count": (2023, 768.0)})
    table = assess(proj, targets)
    assert len(table) == len(targets)
    hte = table[table["indicator"] == "hte_count"].set_index("year")["p_reach"]
    assert hte.loc[2025] == 1.0
    assert hte.loc[2030] == 0.0


@pytest.mark.parametrize(("k", "n"), [(0, 50), (3, 10), (50, 50), (400, 1000)])
def test_wilson_interval_contains_p_and_stays_in_unit_interval(k: int, n: int):
    lo, hi = wilson_interval(k / n, n)
    assert 0.0 <= lo <= k / n <= hi <= 1.0
    assert hi - lo < 2 * 1.96 * math.sqrt(0.25 / n) + 1e-12


@settings(max_examples=50, deadline=None)
@given(values=st.lists(st.floats(1, 5000, allow_nan=False), min_size=1, max_size=40),
       low=st.floats(1, 5000), step=st.floats(0, 2000))
def test_p_reach_is_monotone_in_threshold(values: list[float], low: float, step: float):
    arr = np.array(values)[:, None]
    proj = Projection(years=np.array([2025]), arrays={"hte_count": arr}, scenario="h",
                      last_observed={"hte_count": (2023, 768.0)})
    table = assess(proj, [Target(indicator="hte_count", year=2025, threshold=low),
                          Target(indicator="hte_count", year=2025, threshold=low + step)])
    assert table["p_reach"].iloc[0] >= table["p_reach"].iloc[1]
    assert table["required_growth"].iloc[0] <= table["required_growth"].iloc[1]
    assert table["p_reach_lo"].iloc[0] <= table["p_reach"].iloc[0] <= table["p_reach_hi"].iloc[0]


def test_assess_takes_the_2024_targets_with_year_to_date_figures_from_the_nowcast():
    # issue 13: the 2024 enterprise R&D target (140亿) was "not modelled"
    import huaian_forecast as hf

    proj = hf.simulate("baseline", n_paths=200, seed=1, indicators=("hte_count",))
    table = hf.assess(proj, hf.load_targets()).set_index("indicator")
    rd = table.loc["enterprise_rd"]
    assert rd["p_source"] == "nowcast"
    assert 0.05 < rd["p_reach"] < 0.95
    assert rd["p_models_min"] <= rd["p_reach"] <= rd["p_models_max"]
    assert rd["q10"] < 140 < rd["q90"]
    assert rd["label"] == progress_label(rd["p_reach"], p_models_min=rd["p_models_min"],
                                         p_models_max=rd["p_models_max"])
    assert "63.05" in rd["note"]
    assert set(table.loc[table["p_source"] == "nowcast"].index) == {
        "enterprise_rd", "tech_contracts", "hte_applications", "tech_projects"}
    assert np.isnan(hf.assess(proj, hf.load_targets(), year_to_date=False).set_index(
        "indicator").loc["enterprise_rd", "p_reach"])


def _sources(p_source: list[str], p_reach: list[float]) -> pd.DataFrame:
    return pd.DataFrame({"indicator": "hte_applications", "p_reach": p_reach,
                         "p_source": p_source})


def test_nowcast_rows_needs_a_known_probability_unless_told_otherwise():
    from huaian_forecast.assessment import NOWCAST, nowcast_rows

    table = _sources([NOWCAST, NOWCAST, "simulation", ""], [0.13, np.nan, 0.5, np.nan])
    assert nowcast_rows(table).tolist() == [True, False, False, False]
    assert nowcast_rows(table, known=False).tolist() == [True, True, False, False]
    assert nowcast_rows(table).dtype == bool
    # no p_reach column: no probability is known
    assert nowcast_rows(table.drop(columns="p_reach")).tolist() == [False] * 4
    assert nowcast_rows(table.drop(columns="p_reach"), known=False).tolist() == [
        True, True, False, False]


def test_nowcast_rows_of_a_table_without_p_source_is_all_false():
    from huaian_forecast.assessment import nowcast_rows

    table = pd.DataFrame({"p_reach": [0.2, 0.9]})
    assert nowcast_rows(table).tolist() == [False, False]
    assert nowcast_rows(table, known=False).tolist() == [False, False]
    assert nowcast_rows(table.iloc[:0]).shape == (0,)


def test_nowcast_rows_finds_the_rows_with_nowcast_writes():
    import huaian_forecast as hf
    from huaian_forecast.assessment import NOWCAST, nowcast_rows

    proj = hf.simulate("baseline", n_paths=100, seed=1, indicators=("hte_count",))
    table = hf.assess(proj, hf.load_targets())
    rows = nowcast_rows(table)
    assert rows.any()
    assert rows.tolist() == (table["p_source"] == NOWCAST).tolist()
    assert (table.loc[rows, "p_reach_se"] == 0).all()


def test_same_every_scenario_wants_the_nowcast_in_every_table():
    from huaian_forecast.assessment import NOWCAST, same_every_scenario

    a = _sources([NOWCAST, NOWCAST, "simulation"], [0.13, np.nan, 0.5])
    b = _sources([NOWCAST, "simulation", "simulation"], [0.13, 0.4, 0.6])
    assert same_every_scenario([a]).tolist() == [True, True, False]  # NaN p_reach too
    assert same_every_scenario([a, b]).tolist() == [True, False, False]
    assert same_every_scenario([a, a.drop(columns="p_source")]).tolist() == [False] * 3


def test_same_every_scenario_refuses_tables_of_different_targets():
    from huaian_forecast.assessment import NOWCAST, same_every_scenario
    from huaian_forecast.exceptions import ArgumentError

    a = _sources([NOWCAST, NOWCAST], [0.1, 0.2])
    with pytest.raises(ArgumentError, match="same targets"):
        same_every_scenario([a, a.iloc[:1]])
    with pytest.raises(ArgumentError, match="at least one"):
        same_every_scenario([])


def test_no_joint_probability_is_read_off_the_paths_in_a_year_with_a_nowcast():
    # the 2024 stretch of tech contracts showed p_joint_year 0.970 above its nowcast
    # p_reach 0.957: the joint came from the paths, the row's probability from the nowcast
    import huaian_forecast as hf
    from huaian_forecast.assessment import NOWCAST

    proj = hf.simulate("baseline", n_paths=500, seed=1)
    table = hf.assess(proj, hf.load_targets())
    nowcast_years = set(table.loc[table["p_source"] == NOWCAST, "year"])
    assert nowcast_years == {2024}
    in_those = table["year"].isin(nowcast_years)
    assert table.loc[in_those, "p_joint_year"].isna().all()
    assert table.loc[in_those, "n_joint"].isna().all()  # no "joint of 3" beside no joint
    nowcast = table["p_source"] == NOWCAST  # nor a first crossing read off the paths
    assert table.loc[nowcast, ["first_year_median", "p_crossed_by_year"]].isna().all().all()
    later = table[~in_those & table["p_reach"].notna()]
    assert later["p_joint_year"].notna().all()
    assert (later["p_joint_year"] <= later["p_reach"] + 1e-12).all()  # a joint is no likelier


def test_a_year_to_date_row_without_a_region_is_the_runs_in_the_nowcast_too():
    # pace read a NaN region as the home region's, with_nowcast as another's: the same
    # hand-made table was paced on every row but gave no nowcast (one rule: data.region_or)
    import huaian_forecast as hf
    from huaian_forecast.assessment import NOWCAST, with_nowcast

    figures = hf.load_ytd().assign(region=np.nan)
    targets = hf.load_targets().query("indicator == 'enterprise_rd'")
    proj = hf.simulate("baseline", n_paths=100, seed=1, indicators=("rd_spend",))
    row = with_nowcast(hf.assess(proj, targets, year_to_date=False), figures).iloc[0]
    assert row["p_source"] == NOWCAST
    assert len(hf.pace_table(figures)) == len(figures)


def test_a_report_refuses_the_same_target_twice_before_any_work(tmp_path):
    # load_targets merges a target stated by two sources; a hand-made table with it twice
    # failed inside write_report's range chart (IndexError) after the simulation
    import huaian_forecast as hf
    from huaian_forecast.assessment import check_unique_targets
    from huaian_forecast.exceptions import ArgumentError
    from huaian_forecast.report import to_excel, to_html, to_markdown, write_report

    twice = pd.DataFrame({"indicator": ["hte_count"] * 2, "year": [2030, 2030],
                          "threshold": [1500.0, 1500.0], "direction": ["at_least"] * 2,
                          "source": ["doc A", "doc B"]}, index=[3, 7])
    proj = hf.simulate("baseline", n_paths=200, seed=1)
    same = r"targets rows 3 and 7 are the same target \(hte_count 2030, at_least 1500\)"
    with pytest.raises(ArgumentError, match=same):
        write_report(tmp_path / "out", proj, targets=twice, tornado=None)
    assert not (tmp_path / "out").exists()  # nothing half-written
    with pytest.raises(ArgumentError, match=same):
        to_excel(tmp_path / "r.xlsx", proj, targets=twice)
    assert not (tmp_path / "r.xlsx").exists()
    for write in (to_html, to_markdown):
        with pytest.raises(ArgumentError, match=same):
            write(proj, targets=twice)
    # a blank region is the run's: the same target as one naming the run's region
    for blank in ("", None, float("nan")):
        home = twice.assign(region=[blank, "Huai'an"])
        with pytest.raises(ArgumentError, match=same):
            to_excel(tmp_path / "r.xlsx", proj, targets=home)
    check_unique_targets(twice.assign(region=["", "Huai'an"]), region="Jiangsu")
    target = Target(indicator="hte_count", year=2030, threshold=1500)
    with pytest.raises(ArgumentError, match=r"targets rows #1 and #2 are the same target"):
        check_unique_targets([target, target])
    # another tier, region or threshold is another target; assess itself takes any list
    check_unique_targets([Target(indicator="hte_count", year=2030, threshold=1500,
                                 tier="floor"),
                          Target(indicator="hte_count", year=2030, threshold=1600,
                                 tier="stretch"),
                          Target(indicator="hte_count", year=2030, threshold=1500,
                                 region="Jiangsu")])
    assert len(hf.assess(proj, [target, target])) == 2


def test_a_hand_made_table_without_a_direction_is_at_least_and_missing_columns_are_named():
    # without a direction column assess failed with a bare AttributeError (pace filled
    # it in); the loader's default is at_least, and a blank cell reads the same
    import huaian_forecast as hf
    from huaian_forecast.assessment import targets_from_frame
    from huaian_forecast.exceptions import ArgumentError

    bare = pd.DataFrame({"indicator": ["hte_count", "key_labs"], "year": [2030, 2030],
                         "threshold": [1500.0, 10.0]})
    assert [t.direction for t in targets_from_frame(bare)] == ["at_least", "at_least"]
    blank = bare.assign(direction=["", "at_most"])
    assert [t.direction for t in targets_from_frame(blank)] == ["at_least", "at_most"]
    proj = hf.simulate("baseline", n_paths=200, seed=1)
    assert hf.assess(proj, bare)["direction"].tolist() == ["at_least", "at_least"]
    with pytest.raises(ArgumentError, match=r"^the targets table has no 'threshold' column; "
                                            r"its columns are \['indicator', 'year'\]$"):
        targets_from_frame(bare.drop(columns="threshold"))
