"""Every public result records its seed, paths, data hash, targets' hash and versions.

The one definition is :func:`huaian_forecast.data.result_provenance`; tables carry it as
``attrs["provenance"]``, a :class:`~huaian_forecast.LeverSolution` as a field, the CLI's
JSON as flat fields per record (lists) or a ``provenance`` object (solve, frontier).
"""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import pandas as pd
import pytest

import huaian_forecast as hf
from huaian_forecast.assessment import Target, targets_hash
from huaian_forecast.data import (
    PROVENANCE_KEYS,
    data_hash,
    package_versions,
    provenance_of,
    result_provenance,
    versions_text,
    with_provenance,
    ytd_identity,
)
from huaian_forecast.data._resources import data_file

N = 200
HTE_2030 = Target(indicator="hte_count", year=2030, threshold=1500, source="seed")
#: What a simulation of Huai'an records of the bundled year-to-date figures it read.
BUNDLED_YTD = ytd_identity(hf.load_ytd(), "Huai'an")


@pytest.fixture(scope="module")
def history() -> pd.DataFrame:
    return hf.load_history()


@pytest.fixture(scope="module")
def targets() -> pd.DataFrame:
    return hf.load_targets()


def _check(prov: dict | None, *, seed: int, n_paths: int, digest: str,
           scenarios: list[str], targets_digest: str | None,
           ytd: str | None = BUNDLED_YTD) -> None:
    assert prov is not None
    assert tuple(prov) == PROVENANCE_KEYS
    assert prov["seed"] == seed
    assert prov["n_paths"] == n_paths
    assert prov["data_hash"] == digest
    assert prov["targets_hash"] == targets_digest
    assert prov["ytd_hash"] == ytd
    assert prov["scenarios"] == scenarios
    assert prov["versions"] == package_versions()


# ---- the definition ---------------------------------------------------------------------

def test_result_provenance_is_plain_data_and_attached_as_a_copy():
    prov = result_provenance(seed=3, n_paths=10, data_hash="ab", scenarios=("baseline",),
                             targets_hash="cd")
    assert json.loads(json.dumps(prov)) == prov  # JSON-ready
    frame = with_provenance(pd.DataFrame({"x": [1]}), prov)
    prov["versions"]["numpy"] = "edited"
    assert frame.attrs["provenance"]["versions"]["numpy"] == package_versions()["numpy"]
    assert provenance_of(frame) == frame.attrs["provenance"]
    assert provenance_of(pd.DataFrame()) is None
    assert versions_text({"a": "1", "b": "2"}) == "a=1 b=2"


def test_targets_hash_ignores_form_and_order_but_not_content(targets):
    items = hf.assessment.targets_from_frame(targets)
    assert targets_hash(targets) == targets_hash(items) == targets_hash(items[::-1])
    moved = [*items[:-1], Target(indicator=items[-1].indicator, year=items[-1].year,
                                 threshold=items[-1].threshold + 1,
                                 direction=items[-1].direction, source=items[-1].source)]
    assert targets_hash(moved) != targets_hash(items)


# ---- the library's results -------------------------------------------------------------

def test_assess_records_the_projections_provenance_and_the_targets(targets):
    proj = hf.simulate("baseline", n_paths=N, seed=5, end_year=2030)
    table = hf.assess(proj, targets)
    _check(table.attrs["provenance"], seed=5, n_paths=N, digest=proj.manifest["data_hash"],
           scenarios=["baseline"], targets_digest=targets_hash(targets))
    assert proj.provenance == {**table.attrs["provenance"], "targets_hash": None}
    assert table.attrs["provenance"]["ytd_hash"] == proj.manifest["ytd_hash"]
    # kept by the library's own copies, through a pickle (a process pool) and not in the
    # way of equality
    back = pickle.loads(pickle.dumps(table))
    assert back.attrs == table.attrs
    assert back.equals(table)
    assert hf.assess(proj, targets, year_to_date=False).attrs["provenance"] == \
        table.attrs["provenance"]


def test_planner_assessment_keeps_it_through_the_model_spread_join(history, targets):
    from huaian_forecast.analysis import planner_assessment

    proj = hf.simulate("baseline", n_paths=N, seed=5, end_year=2030)
    table = planner_assessment(proj, targets, history=history, n_paths=N, seed=5)
    assert "p_models_min" in table  # the join happened
    assert table.attrs["provenance"] == hf.assess(proj, targets).attrs["provenance"]


def test_compare_records_the_sweeps_seed_paths_data_and_scenarios(history, targets):
    table = hf.compare(["plan_2024"], targets, baseline="baseline", n_paths=N, seed=9,
                       history=history)
    _check(table.attrs["provenance"], seed=9, n_paths=N, digest=data_hash(history),
           scenarios=["plan_2024", "baseline"], targets_digest=targets_hash(targets))
    proj = hf.simulate("plan_2024", n_paths=N, seed=9, history=history)
    assert proj.manifest["data_hash"] == table.attrs["provenance"]["data_hash"]
    assert proj.manifest["ytd_hash"] == table.attrs["provenance"]["ytd_hash"]


def test_a_run_without_year_to_date_figures_records_none(history, targets):
    from huaian_forecast.data import NO_YTD, empty_ytd

    run = hf.RunSpec(n_paths=N, seed=9, end_year=2030, history=history, ytd=empty_ytd())
    table = hf.compare(["baseline"], targets, run=run)
    assert table.attrs["provenance"]["ytd_hash"] == NO_YTD
    assert hf.simulate("baseline", run=run).manifest["ytd_hash"] == NO_YTD


def test_compare_on_a_process_pool_equals_serial_with_its_provenance(history, targets):
    from concurrent.futures import ProcessPoolExecutor

    serial = hf.compare(["baseline", "plan_2024"], targets, n_paths=N, seed=2,
                        history=history)
    with ProcessPoolExecutor(max_workers=2) as pool:
        parallel = hf.compare(["baseline", "plan_2024"], targets, n_paths=N, seed=2,
                              history=history, executor=pool)
    pd.testing.assert_frame_equal(serial, parallel)
    assert serial.attrs == parallel.attrs


def test_the_solver_frontier_and_ranking_record_theirs(history):
    digest = data_hash(history)
    sol = hf.required_lever("baseline", "first_time_applications", HTE_2030, 0.5,
                            n_paths=N, seed=4, n_grid=3, n_bisect=1, history=history)
    _check(sol.provenance, seed=4, n_paths=N, digest=digest, scenarios=["baseline"],
           targets_digest=targets_hash([HTE_2030]))
    assert sol.to_dict()["provenance"] == sol.provenance
    grid = hf.frontier("baseline", x="first_time_applications", y="rd_rewards",
                       target=HTE_2030, n_grid=2, n_paths=N, seed=4, history=history)
    assert grid.attrs["provenance"] == sol.provenance
    ranked = hf.rank_levers("baseline", HTE_2030, levers=["first_time_applications"],
                            n_paths=N, seed=4, n_grid=3, n_bisect=1, history=history)
    assert ranked.attrs["provenance"] == sol.provenance


def test_the_sensitivity_tables_record_theirs(history):
    digest = data_hash(history)
    tor = hf.tornado("baseline", [HTE_2030], factors=["first_time_applications"],
                     n_paths=N, seed=6, history=history)
    _check(tor.attrs["provenance"], seed=6, n_paths=N, digest=digest,
           scenarios=["baseline"], targets_digest=targets_hash([HTE_2030]))
    sob = hf.sobol("baseline", [HTE_2030], factors=["first_time_applications", "rd_rewards"],
                   n=2, n_paths=50, seed=6, history=history, n_resamples=0)
    assert sob.attrs["provenance"] == {**tor.attrs["provenance"], "n_paths": 50}


def test_growth_results_record_theirs(history, targets):
    spread = hf.model_spread(history, targets, n_paths=N, seed=8)
    _check(spread.attrs["provenance"], seed=8, n_paths=N, digest=data_hash(history),
           scenarios=[], targets_digest=targets_hash(targets), ytd=None)
    fc = hf.backtest_forecasts(history, indicator="rd_intensity", region="Jiangsu",
                               holdout=2, methods=("last_value",), n_paths=N, seed=8)
    _check(fc.attrs["provenance"], seed=8, n_paths=N, digest=data_hash(history),
           scenarios=[], targets_digest=None, ytd=None)
    scored = hf.backtest(history, indicator="rd_intensity", region="Jiangsu", holdout=2,
                         methods=("last_value",), n_paths=N, seed=8)
    assert scored.attrs["provenance"] == fc.attrs["provenance"]


# ---- the command line ------------------------------------------------------------------

def _json(run_cli, *argv: str) -> object:
    code, out, err = run_cli(*argv, "--format", "json", "--n-paths", str(N), "--seed", "3")
    assert code == 0, err
    return json.loads(out)


def _check_record(rec: dict, digest: str) -> None:
    assert rec["seed"] == 3
    assert rec["n_paths"] == N
    assert rec["data_hash"] == digest
    assert rec["versions"] == versions_text(package_versions())


def test_cli_list_json_gives_every_record_its_provenance(run_cli, history, targets):
    digest = data_hash(history)
    records = _json(run_cli, "assess", "--no-spread")
    assert isinstance(records, list)
    assert {"indicator", "year", "p_reach"} <= set(records[0])  # the shape is unchanged
    for rec in records:
        _check_record(rec, digest)
        assert rec["scenario"] == "baseline"
        assert rec["targets_hash"] == targets_hash(targets)
        assert rec["ytd_hash"] == BUNDLED_YTD
    assert all(r["ytd_hash"] == "none" for r in _json(run_cli, "assess", "--no-spread",
                                                      "--no-ytd"))
    rows = _json(run_cli, "compare", "baseline", "plan_2024")
    assert isinstance(rows, list)
    for rec in rows:
        _check_record(rec, digest)
    assert {r["scenario"] for r in rows} == {"baseline", "plan_2024"}  # the rows' own


def test_cli_compare_json_names_the_paired_status_quo_run(run_cli):
    # a plan scenario's range reads a status-quo run (same seed and paths); alone in the
    # run that run is not shown, so each record its range reads names it
    alone = _json(run_cli, "compare", "plan_2024")
    shifted = [r for r in alone if r["range_basis"]]
    assert shifted, "no plan row has a range shifted by its effect"
    assert {r["status_quo_run"] for r in shifted} == {"status quo (paired with plan_2024)"}
    assert all(r["status_quo_run"] is None for r in alone if not r["range_basis"])
    assert {r["scenario"] for r in alone} == {"plan_2024"}  # the paired run's rows hidden
    # with the baseline in the run, that is the paired run: the same simulation (the
    # registry's status quo at the record's seed), so the same ranges
    both = _json(run_cli, "compare", "baseline", "plan_2024")
    plan = [r for r in both if r["scenario"] == "plan_2024"]
    assert {r["status_quo_run"] for r in plan if r["range_basis"]} == {"baseline"}
    assert all(r["status_quo_run"] is None for r in both if r["scenario"] == "baseline")
    assert [(r["p_models_min"], r["p_models_max"]) for r in plan] == [
        (r["p_models_min"], r["p_models_max"]) for r in alone]
    assert all(r["seed"] == 3 and r["n_paths"] == N for r in alone + both)


def test_cli_assess_json_names_the_paired_status_quo_run(run_cli):
    # assess of a plan reads a status quo simulated beside it, never shown: as in compare,
    # each record whose range reads it names it; a status-quo scenario's records none
    plan = _json(run_cli, "assess", "--scenario", "plan_2024")
    shifted = [r for r in plan if r["range_basis"]]
    assert shifted, "no plan row has a range shifted by its effect"
    assert {r["status_quo_run"] for r in shifted} == {"status quo (paired with plan_2024)"}
    assert all(r["status_quo_run"] is None for r in plan if not r["range_basis"])
    assert all(r["status_quo_run"] is None for r in _json(run_cli, "assess"))


def test_cli_object_json_gives_a_provenance_object(run_cli, history):
    digest = data_hash(history)
    solve = _json(run_cli, "solve", "--lever", "first_time_applications", "--indicator",
                  "hte_count", "--year", "2030", "--p", "0.5")
    assert solve["n_paths"] == N
    _check(solve["provenance"], seed=3, n_paths=N, digest=digest, scenarios=["baseline"],
           targets_digest=solve["provenance"]["targets_hash"])
    assert solve["provenance"]["targets_hash"]
    front = _json(run_cli, "frontier", "--x", "first_time_applications", "--y", "rd_rewards",
                  "--indicator", "hte_count", "--year", "2030", "--grid", "2")
    assert front["provenance"] == solve["provenance"]


def test_cli_json_is_identical_twice_and_with_two_jobs(run_cli):
    argv = ("compare", "baseline", "plan_2024", "--format", "json", "--n-paths", "100")
    first, again = run_cli(*argv), run_cli(*argv)
    assert first[0] == 0
    assert first[1] == again[1]
    code, two_jobs, err = run_cli(*argv, "--jobs", "2")
    assert code == 0, err
    assert two_jobs == first[1]


def test_a_changed_data_file_changes_the_data_hash(run_cli, tmp_path: Path, history):
    frame = pd.read_csv(data_file("observations.csv"), dtype=str, keep_default_na=False)
    same, changed = tmp_path / "same.csv", tmp_path / "changed.csv"
    frame.to_csv(same, index=False)
    # one observation of another region moved a little: the hash must change even where
    # the projection's numbers need not
    row = frame.index[frame["region"] == "Jiangsu"][0]
    frame.loc[row, "value"] = repr(float(frame.loc[row, "value"]) * 1.001)
    frame.to_csv(changed, index=False)
    base = _json(run_cli, "assess", "--no-spread", "--data", str(same))
    moved = _json(run_cli, "assess", "--no-spread", "--data", str(changed))
    assert base[0]["data_hash"] == data_hash(hf.load_history(same)) == data_hash(history)
    assert moved[0]["data_hash"] == data_hash(hf.load_history(changed))
    assert moved[0]["data_hash"] != base[0]["data_hash"]


def test_the_report_manifest_hashes_the_targets(targets):
    from huaian_forecast.report.tables import manifest_table

    proj = hf.simulate("baseline", n_paths=N, seed=1, end_year=2030)
    rows = dict(manifest_table([proj], targets=targets).itertuples(index=False))
    assert rows["targets_hash"] == targets_hash(targets)
    fewer = dict(manifest_table([proj], targets=targets.iloc[1:]).itertuples(index=False))
    assert fewer["targets_hash"] != rows["targets_hash"]
    table = hf.assess(proj, targets)
    recorded = dict(manifest_table([proj], assessments={"baseline": table})
                    .itertuples(index=False))
    assert recorded["targets_hash"] == rows["targets_hash"]


def test_a_solution_from_a_run_uses_the_runs_paths(history):
    # run= replaces n_paths: the standard errors and the provenance are the run's, not
    # the keyword's default (10,000)
    run = hf.RunSpec(n_paths=N, seed=4, end_year=2030, history=history)
    sol = hf.required_lever("baseline", "first_time_applications", HTE_2030, 0.5,
                            n_grid=3, n_bisect=1, run=run)
    assert sol.provenance["n_paths"] == N
    assert sol.p_reach_se == pytest.approx((sol.p_reach * (1 - sol.p_reach) / N) ** 0.5)
    expected = (sol.curve["p_reach"] * (1 - sol.curve["p_reach"]) / N) ** 0.5
    assert sol.curve["p_reach_se"].tolist() == pytest.approx(expected.tolist())


def test_assess_names_both_year_to_date_sources_of_a_what_if(targets):
    from huaian_forecast.data import NO_YTD, empty_ytd
    from huaian_forecast.exceptions import DataWarning

    proj = hf.simulate("baseline", n_paths=N, seed=5, end_year=2030)
    with pytest.warns(DataWarning, match="assessed with"):
        table = hf.assess(proj, targets, year_to_date=empty_ytd())
    assert table.attrs["provenance"]["ytd_hash"] == f"simulation {BUNDLED_YTD}; nowcast {NO_YTD}"
    trend = hf.simulate("baseline", n_paths=N, seed=5, end_year=2030, method="trend")
    assert trend.provenance["ytd_hash"] is None  # the growth fits read no such figures
    assert hf.assess(trend, targets).attrs["provenance"]["ytd_hash"] == BUNDLED_YTD
    assert hf.assess(trend, targets, year_to_date=False).attrs["provenance"]["ytd_hash"] is None


def test_the_table_formats_end_with_one_provenance_line(run_cli, history, targets):
    for argv in (("assess", "--no-spread"), ("compare", "baseline", "plan_2024")):
        code, out, err = run_cli(*argv, "--n-paths", str(N), "--seed", "3", "--lang", "en")
        assert code == 0, err
        last = out.strip().splitlines()[-1]
        assert last == (f"seed=3 n_paths={N} data_hash={data_hash(history)[:12]} "
                        f"targets_hash={targets_hash(targets)[:12]} "
                        f"ytd_hash={BUNDLED_YTD[:12]} method=structural")


# ---- how the paths were computed: method and honest width --------------------------------

def test_the_provenance_records_the_method_and_the_widening_as_plain_data():
    prov = result_provenance(seed=1, n_paths=10, data_hash="ab", method="trend",
                             honest_width={"rd_spend": {1: 1.0, 3: 1.25}})
    assert prov["method"] == "trend"
    assert prov["honest_width"] == {"rd_spend": {"1": 1.0, "3": 1.25}}
    assert json.loads(json.dumps(prov)) == prov  # bucket keys as strings round-trip
    frame = with_provenance(pd.DataFrame({"x": [1]}), prov)
    prov["honest_width"]["rd_spend"]["1"] = 9.0  # the nested dict is copied too
    assert frame.attrs["provenance"]["honest_width"]["rd_spend"]["1"] == 1.0
    plain = result_provenance(seed=1, n_paths=10, data_hash="ab")
    assert plain["method"] is None
    assert plain["honest_width"] is None


def test_a_projection_and_its_assessment_say_which_method_made_the_paths(targets):
    from huaian_forecast.analysis import widen_projection

    structural = hf.simulate("baseline", n_paths=N, seed=5, end_year=2030)
    trend = hf.simulate("baseline", n_paths=N, seed=5, end_year=2030, method="trend")
    assert structural.provenance["method"] == "structural"
    assert trend.provenance["method"] == "trend"
    assert hf.assess(trend, targets).attrs["provenance"]["method"] == "trend"
    assert structural.provenance["honest_width"] is None
    wide = widen_projection(structural, {"rd_intensity": {1: 2.0, 2: 1.5, 3: 1.0}})
    expected = {"rd_intensity": {"1": 2.0, "2": 1.5, "3": 1.0}}
    assert wide.provenance["honest_width"] == expected
    table = hf.assess(wide, targets)
    assert table.attrs["provenance"]["honest_width"] == expected
    assert table.attrs["provenance"]["method"] == "structural"


def test_a_sweep_records_the_scenario_model_as_its_method(history, targets):
    table = hf.compare(["plan_2024"], targets, baseline="baseline", n_paths=N, seed=9,
                       history=history)
    assert table.attrs["provenance"]["method"] == "structural"


def test_assess_by_trend_says_so_in_its_footnote_and_json(run_cli):
    code, out, err = run_cli("assess", "--no-spread", "--method", "trend", "--n-paths",
                             str(N), "--seed", "3", "--lang", "en")
    assert code == 0, err
    assert out.strip().splitlines()[-1].endswith(" method=trend")
    code, out, err = run_cli("assess", "--no-spread", "--method", "trend", "--n-paths",
                             str(N), "--seed", "3", "--format", "json")
    assert code == 0, err
    records = json.loads(out)
    assert {r["method"] for r in records} == {"trend"}
    assert all("honest_width" not in r for r in records)


def test_assess_with_honest_width_names_the_factors_it_applied(run_cli, history):
    from huaian_forecast.analysis import honest_width_factors
    from huaian_forecast.cli.provenance import honest_width_text

    factors = honest_width_factors(history, method="scenario", seed=3)
    code, out, err = run_cli("assess", "--no-spread", "--honest-width", "--n-paths", str(N),
                             "--seed", "3", "--lang", "en")
    assert code == 0, err
    lines = out.strip().splitlines()
    assert lines[-1].endswith(f" method=structural honest_width={honest_width_text(factors)}")
    widened = [k for k, per in factors.items() if max(per.values()) > 1]
    unchanged = [k for k, per in factors.items() if max(per.values()) == 1]
    assert widened  # the backtest widens at least one series; the line names each
    said = lines[-2]
    assert said.startswith("Honest width:")
    names = {k: hf.report.short_name(k, "en") for k in factors}
    for key in widened:
        ks = "/".join(f"{factors[key][b]:.2f}" for b in (1, 2, 3))
        assert f"{names[key]} x{ks}" in said
    for key in unchanged:  # a factor of 1 is not called a widening
        assert f"{names[key]} x" not in said
        assert names[key] in said.split("interval unchanged:")[1]
    code, out, err = run_cli("assess", "--no-spread", "--honest-width", "--n-paths", str(N),
                             "--seed", "3", "--format", "json")
    assert code == 0, err
    assert {r["honest_width"] for r in json.loads(out)} == {honest_width_text(factors)}


def test_honest_width_help_does_not_promise_a_widening_of_every_series(run_cli):
    code, out, _ = run_cli("assess", "--help")
    assert code == 0
    text = " ".join(out.split())
    assert "a factor below 1 is kept at 1" in text
    assert "printed under the table" in text


def test_the_honest_width_line_in_chinese_names_widened_and_unchanged_series():
    from huaian_forecast.cli.caveats import honest_width_caveat

    manifest = {"honest_width": {"rd_intensity": {1: 1.5, 2: 1.0, 3: 2.0},
                                 "hightech_share": {1: 1.0, 2: 1.0, 3: 1.0}}}
    line = honest_width_caveat(manifest, "zh")
    assert line is not None
    assert f"{hf.report.short_name('rd_intensity', 'zh')} x1.50/1.00/2.00" in line
    assert line.endswith(f"倍数为1、区间不变：{hf.report.short_name('hightech_share', 'zh')}。")
    assert honest_width_caveat({"honest_width": None}, "zh") is None


def test_a_recorded_provenance_is_read_only_and_shared_by_the_tables_copies():
    # pandas deep-copies attrs on every operation: a report spent ~0.1 s copying these
    import copy
    import pickle

    prov = result_provenance(seed=1, n_paths=10, data_hash="ab",
                             honest_width={"rd_spend": {1: 1.0}})
    frame = with_provenance(pd.DataFrame({"x": [1, 2]}), prov)
    recorded = frame.attrs["provenance"]
    assert frame[frame["x"] > 1].attrs["provenance"] is recorded  # no copy per operation
    assert copy.deepcopy(recorded) is recorded
    with pytest.raises(TypeError, match="read-only"):
        recorded["seed"] = 2
    with pytest.raises(TypeError, match="read-only"):
        recorded["honest_width"]["rd_spend"]["1"] = 9.0  # the nested dicts too
    assert recorded == prov
    assert json.loads(json.dumps(recorded)) == prov
    again = pickle.loads(pickle.dumps(recorded))  # process pools ship tables
    assert again == prov
    assert copy.deepcopy(again) is again
    mine = dict(recorded)  # a copy a caller may change
    mine["seed"] = 2
    assert recorded["seed"] == 1


def test_provenance_of_returns_a_copy_a_caller_may_change():
    prov = result_provenance(seed=1, n_paths=10, data_hash="ab")
    frame = with_provenance(pd.DataFrame({"x": [1]}), prov)
    mine = provenance_of(frame)
    mine["versions"]["numpy"] = "edited"  # nested dicts are plain copies too
    assert frame.attrs["provenance"]["versions"]["numpy"] == package_versions()["numpy"]


def test_a_ytd_row_without_a_region_dates_the_run_as_the_nowcast_reads_it():
    # the manifest read a NaN region as "nan" (another region) while the nowcast reads it
    # as the run's (data.region_or): that figure's date was left out of the manifest
    import numpy as np

    table = hf.load_ytd().copy()
    first = table.index[table["indicator"] == "enterprise_rd"][0]
    table.loc[first, "region"] = np.nan
    proj = hf.simulate("baseline", n_paths=200, seed=1, ytd=table)
    assert proj.manifest["ytd_as_of_by_indicator"]["enterprise_rd"] == "2024-05-31"
    assert proj.manifest["ytd_hash"] != "none"
