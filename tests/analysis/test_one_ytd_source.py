"""One source of year-to-date figures per run: the simulation's first-year delivery and
the nowcast read the same table (simulate, RunSpec, planner_assessment(s), compare,
write_report)."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

import huaian_forecast as hf
from huaian_forecast.analysis import check_same_ytd, planner_assessment, planner_assessments
from huaian_forecast.assessment import Target
from huaian_forecast.data import NO_YTD, empty_ytd, ytd_identity
from huaian_forecast.exceptions import ArgumentError, DataWarning
from huaian_forecast.simulation import RunSpec

N = 400
FIRST = "delivery_projects (2024)"  # the first year's delivery in the manifest


def _planner_ytd(tech_projects: float = 250.0) -> pd.DataFrame:
    """The bundled figures with another count of technology projects by end-May."""
    table = hf.load_ytd()
    table.loc[table["indicator"] == "tech_projects", "ytd_value"] = tech_projects
    table.attrs = {"source": "mine.csv"}  # a planner's own table (its content is hashed)
    return table


def _rd_spend_2024(proj: hf.Projection) -> float:
    return float(proj.paths("rd_spend")[:, 0].mean())


def test_a_run_spec_s_table_sets_the_first_year_delivery_like_the_keyword():
    mine = _planner_ytd()
    by_keyword = hf.simulate("plan_2024", n_paths=N, seed=3, ytd=mine)
    # the run's table replaces the keyword (as its history and memo do)
    by_run = hf.simulate("plan_2024", ytd=empty_ytd(),
                         run=RunSpec(n_paths=N, seed=3, ytd=mine))
    np.testing.assert_array_equal(by_keyword.paths("rd_spend"), by_run.paths("rd_spend"))
    bundled = hf.simulate("plan_2024", n_paths=N, seed=3)
    # 250 of 400 projects by end-May: a faster delivery than the bundled 110 of 400
    assert by_run.manifest["uncertainties"][FIRST]["default"] > \
        bundled.manifest["uncertainties"][FIRST]["default"]
    assert _rd_spend_2024(by_run) > _rd_spend_2024(bundled)
    assert by_run.manifest["ytd_hash"] == ytd_identity(mine) != bundled.manifest["ytd_hash"]
    assert by_run.manifest["ytd_source"] == "mine.csv"
    assert bundled.manifest["ytd_hash"] == hf.load_ytd().attrs["sha256"]


def test_an_empty_table_means_no_figures_the_delivery_keeps_its_prior():
    none = hf.simulate("plan_2024", n_paths=N, seed=3, ytd=empty_ytd())
    assert FIRST not in none.manifest["uncertainties"]
    assert (none.manifest["ytd_source"], none.manifest["ytd_hash"]) == (NO_YTD, NO_YTD)
    assert not any("from year-to-date figures" in n for n in none.manifest["notes"])
    bundled = hf.simulate("plan_2024", n_paths=N, seed=3)
    assert _rd_spend_2024(none) != _rd_spend_2024(bundled)


def test_a_run_spec_refuses_a_file_name_for_its_table():
    with pytest.raises(ArgumentError, match="ytd must be a year-to-date table"):
        RunSpec(ytd="mine.csv")  # type: ignore[arg-type]


def test_an_assessment_with_other_figures_than_the_simulation_s_is_warned_about():
    targets = hf.load_targets()
    history = hf.load_history()
    bundled = hf.simulate("plan_2024", n_paths=N, seed=3)
    with pytest.warns(DataWarning, match="simulated with the year-to-date figures"):
        mixed = planner_assessment(bundled, targets, history=history, ytd=_planner_ytd(),
                                   with_spread=False)
    row = mixed[(mixed["indicator"] == "tech_projects") & (mixed["year"] == 2024)].iloc[0]
    assert row["p_source"] == "nowcast"  # the given figures set the nowcast
    with warnings.catch_warnings():  # the simulation only: nothing mixed, nothing said
        warnings.simplefilter("error")
        alone = planner_assessment(bundled, targets, history=history, use_ytd=False,
                                   with_spread=False)
    assert not (alone["p_source"] == "nowcast").any()
    with pytest.warns(DataWarning, match="simulated with the year-to-date figures"):
        planner_assessments([bundled], targets, history=history, ytd=_planner_ytd(),
                            with_spread=False)


@pytest.mark.parametrize("region", ["Jiangsu"])
def test_figures_of_another_region_or_a_trend_projection_are_never_refused(region):
    # the bundled figures are Huai'an's: they set nothing elsewhere, and assess nothing
    jiangsu = hf.simulate("baseline", n_paths=N, seed=3, region=region,
                          indicators=("rd_intensity",))
    assert jiangsu.manifest["ytd_hash"] == NO_YTD
    check_same_ytd(jiangsu, hf.load_ytd())
    trend = hf.simulate("baseline", n_paths=N, seed=3, method="trend",
                        indicators=("rd_intensity",))
    assert "ytd_hash" not in trend.manifest
    check_same_ytd(trend, _planner_ytd())


def test_the_planner_s_figures_move_the_nowcast_and_the_simulation_together():
    mine = _planner_ytd()
    targets = hf.load_targets()
    history = hf.load_history()
    proj = hf.simulate("plan_2024", n_paths=N, seed=3, ytd=mine)
    table = planner_assessment(proj, targets, history=history, ytd=mine, with_spread=False)
    base = planner_assessment(hf.simulate("plan_2024", n_paths=N, seed=3), targets,
                              history=history, with_spread=False)

    def p(frame: pd.DataFrame, key: str, year: int) -> float:
        return float(frame.set_index(["indicator", "year"]).loc[(key, year), "p_reach"])

    assert p(table, "tech_projects", 2024) > p(base, "tech_projects", 2024)  # 250 vs 110
    assert p(table, "enterprise_rd", 2024) == p(base, "enterprise_rd", 2024)  # same figure


def compare_p(table: pd.DataFrame) -> list[float]:
    return [float(p) for p in table["p_reach"]]


def test_compare_simulates_and_nowcasts_with_its_year_to_date_table():
    mine = _planner_ytd()
    targets = [Target(indicator="tech_projects", year=2024, threshold=400),
               Target(indicator="rd_spend", year=2024, threshold=120.0)]
    kw = {"n_paths": N, "seed": 3}
    got = compare_p(hf.compare(["plan_2024"], targets, year_to_date=mine, **kw))
    proj = hf.simulate("plan_2024", ytd=mine, **kw)
    want = planner_assessment(proj, targets, history=hf.load_history(), ytd=mine,
                              with_spread=False)
    assert got == pytest.approx(list(want["p_reach"]))
    bundled = compare_p(hf.compare(["plan_2024"], targets, **kw))
    assert got[0] > bundled[0]  # the nowcast moved
    assert got[1] > bundled[1]  # and the first year's delivery
    # a run's own table is what year_to_date=True means
    run = RunSpec(n_paths=N, seed=3, end_year=2024, ytd=mine)
    assert compare_p(hf.compare(["plan_2024"], targets, run=run)) == got


def test_compare_without_figures_simulates_without_them():
    targets = [Target(indicator="rd_spend", year=2024, threshold=120.0)]
    got = hf.compare(["plan_2024"], targets, n_paths=N, seed=3, year_to_date=False)
    proj = hf.simulate("plan_2024", n_paths=N, seed=3, ytd=empty_ytd())
    want = planner_assessment(proj, targets, history=hf.load_history(), use_ytd=False,
                              with_spread=False)
    assert compare_p(got) == list(want["p_reach"])


def test_the_lever_tools_state_the_nowcast_of_their_run_s_figures():
    from huaian_forecast.analysis import required_lever

    mine = hf.load_ytd()
    mine.loc[mine["indicator"] == "hte_applications", "ytd_value"] = 300.0  # of 500
    target = Target(indicator="hte_applications", year=2024, threshold=500)
    kw = {"lever": "first_time_applications", "scenario": "plan_2024", "p": 0.5}
    bundled = required_lever(target=target, run=RunSpec(n_paths=200, seed=1), **kw)
    own = required_lever(target=target, run=RunSpec(n_paths=200, seed=1, ytd=mine), **kw)
    none = required_lever(target=target, run=RunSpec(n_paths=200, seed=1, ytd=empty_ytd()),
                          **kw)
    assert own.nowcast_p > bundled.nowcast_p  # 300 of 500 by June, not 48
    assert np.isnan(none.nowcast_p)


def test_assess_defaults_to_the_simulation_s_own_figures_and_warns_on_others():
    mine = _planner_ytd()
    proj = hf.simulate("plan_2024", n_paths=N, seed=3, ytd=mine,
                       indicators=("rd_spend",))
    targets = hf.load_targets()
    own = hf.assess(proj, targets)  # the figures it was simulated with, by default
    assert own.equals(hf.assess(proj, targets, year_to_date=mine))
    projects = own[own["indicator"] == "tech_projects"].iloc[0]
    assert projects["p_source"] == "nowcast"
    assert projects["p_reach"] > 0.9  # 250 projects by end-May, not 110
    with pytest.warns(DataWarning, match=r"simulated with the year-to-date figures 'mine\.csv'"):
        hf.assess(proj, targets, year_to_date=hf.load_ytd())  # the bundled ones
    table = hf.assess(proj, targets, year_to_date=mine)
    assert (table["p_source"] == "nowcast").any()
    hf.assess(proj, targets, year_to_date=False)  # the simulation's values only: allowed


def test_an_edited_copy_of_the_bundled_figures_is_not_taken_for_the_file():
    # pandas carries attrs (the file's hash) into an edited copy: the copy passed for the
    # bundled file, so no warning, a wrong ytd_hash and a report naming the wrong figures
    bundled = hf.load_ytd()
    edited = bundled.copy()
    edited.loc[edited["indicator"] == "enterprise_rd", "ytd_value"] = 20.0
    assert ytd_identity(bundled) == bundled.attrs["sha256"]
    assert ytd_identity(edited) != bundled.attrs["sha256"]
    proj = hf.simulate("baseline", n_paths=N, seed=3)
    with pytest.warns(DataWarning, match="simulated with the year-to-date figures"):
        hf.assess(proj, hf.load_targets(), year_to_date=edited)
    mine = hf.simulate("plan_2024", n_paths=N, seed=3, ytd=edited)
    assert mine.manifest["ytd_hash"] == ytd_identity(edited)


def test_simulate_refuses_a_year_to_date_argument_that_is_no_table():
    with pytest.raises(ArgumentError, match="ytd must be a year-to-date table"):
        hf.simulate("baseline", n_paths=N, seed=3, ytd=False)  # type: ignore[arg-type]


@pytest.mark.parametrize("wrong", ["mine.csv", False, [("rd_spend", 1.0)]])
def test_a_run_spec_and_simulate_refuse_the_same_values_with_the_same_message(wrong):
    # one check: the run's settings and simulate's keyword once said it two ways, and a
    # RunSpec took anything with an itertuples method
    with pytest.raises(ArgumentError) as spec:
        RunSpec(ytd=wrong)
    with pytest.raises(ArgumentError) as keyword:
        hf.simulate("baseline", n_paths=N, seed=3, ytd=wrong)
    assert str(spec.value) == str(keyword.value)
    assert "load_ytd; data.empty_ytd() for none" in str(spec.value)

    class Rows:  # a duck, not a table
        def itertuples(self):
            return iter(())

    with pytest.raises(ArgumentError, match="got Rows"):
        RunSpec(ytd=Rows())
