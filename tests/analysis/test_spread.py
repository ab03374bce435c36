from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

import huaian_forecast as hf
from huaian_forecast.analysis import (
    STATUS_QUO_ONLY,
    WITH_LEVERS_EFFECT,
    model_spread,
    with_model_spread,
)
from huaian_forecast.cli.main import main
from huaian_forecast.simulation import Projection


@pytest.fixture(scope="module")
def spread(history: pd.DataFrame, targets: pd.DataFrame) -> pd.DataFrame:
    return model_spread(history, targets, n_paths=1_000, seed=3)


def test_one_row_per_target_in_input_order(spread: pd.DataFrame, targets: pd.DataFrame):
    assert list(zip(spread["indicator"], spread["year"], strict=True)) == list(
        zip(targets["indicator"], targets["year"], strict=True))


def test_ensemble_lies_within_its_families(spread: pd.DataFrame):
    # The ensemble is a mixture of the families, so its P(reach) lies between theirs up to
    # Monte Carlo error (each is estimated from its own 1,000 draws: 4 s.e. <= 0.064).
    fitted = spread.dropna(subset=["p_trend"])
    assert len(fitted) >= 9
    tol = 4 * np.sqrt(0.25 / 1_000)
    assert (fitted["p_family_min"] <= fitted["p_trend"] + tol).all()
    assert (fitted["p_trend"] <= fitted["p_family_max"] + tol).all()


def test_families_disagree_on_hte_2035(spread: pd.DataFrame):
    # The point of the table: on Huai'an's three HTE points, linear and log-linear growth
    # give very different answers for 2035; the spread must show it, not average it away.
    row = spread[(spread["indicator"] == "hte_count") & (spread["year"] == 2035)].iloc[0]
    assert row["p_family_max"] - row["p_family_min"] > 0.5
    assert "linear=" in row["families"]
    assert "loglinear=" in row["families"]


def test_unfittable_indicator_is_a_row_with_a_note(spread: pd.DataFrame):
    labs = spread[spread["indicator"] == "key_labs"]
    assert len(labs) == 3
    assert labs["p_trend"].isna().all()
    assert labs["spread_note"].str.contains("no trend fit").all()


def test_same_seed_same_spread(history: pd.DataFrame, targets: pd.DataFrame,
                               spread: pd.DataFrame):
    again = model_spread(history, targets, n_paths=1_000, seed=3)
    pd.testing.assert_frame_equal(spread, again)


def test_with_model_spread_range_covers_projection_and_families():
    years = np.arange(2024, 2027)
    paths = np.tile(np.array([[900.0, 1000.0, 1100.0]]), (4, 1))
    paths[:2] -= 200  # two of four paths miss 1000 in 2025
    proj = Projection(years=years, arrays={"hte_count": paths}, scenario="known",
                      manifest={}, last_observed={"hte_count": (2023, 768.0)})
    target = [hf.Target(indicator="hte_count", year=2025, threshold=1000.0)]
    table = hf.assess(proj, target)
    spread = pd.DataFrame([{"indicator": "hte_count", "year": 2025, "threshold": 1000.0,
                            "direction": "at_least", "p_trend": 0.7,
                            "p_family_min": 0.6, "p_family_max": 0.9,
                            "families": "a=0.6; b=0.9"}])
    out = with_model_spread(table, spread)
    assert out.loc[0, "p_reach"] == pytest.approx(0.5)
    assert out.loc[0, "p_models_min"] == pytest.approx(0.5)
    assert out.loc[0, "p_models_max"] == pytest.approx(0.9)
    assert out.loc[0, "p_trend"] == pytest.approx(0.7)


def test_cli_assess_table_is_compact_and_json_has_spread(capsys: pytest.CaptureFixture[str]):
    import json

    assert main(["assess", "--n-paths", "1000"]) == 0
    out = capsys.readouterr().out
    header = out.splitlines()[0].split()
    assert header[:3] == ["indicator", "year", "target"]
    assert "p_reach" in header
    assert "label" in header
    assert len(out.splitlines()[0]) < 140  # fits a terminal, unlike the full table
    assert main(["assess", "--n-paths", "1000", "--format", "json"]) == 0
    records = json.loads(capsys.readouterr().out)
    hte = next(r for r in records if r["indicator"] == "hte_count" and r["year"] == 2035)
    assert hte["p_models_min"] <= hte["p_reach"] <= hte["p_models_max"]
    assert hte["p_models_max"] - hte["p_models_min"] > 0.5
    # the growth families at both ends are fields of their own, not only a display string
    assert hte["p_family_min"] < hte["p_family_max"]
    assert f"{hte['family_min']}={hte['p_family_min']:.2f}" in hte["families"]
    assert f"{hte['family_max']}={hte['p_family_max']:.2f}" in hte["families"]


def test_cli_assess_chinese_labels(capsys: pytest.CaptureFixture[str]):
    assert main(["assess", "--n-paths", "500", "--lang", "zh", "--no-spread"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].split()[:3] == ["指标", "年份", "目标"]
    assert "未模拟" in out  # one word for "not modelled" everywhere (issue 14)


def test_targets_differing_only_in_direction_are_kept_apart(history: pd.DataFrame):
    both = [hf.Target(indicator="hte_count", year=2030, threshold=1500.0),
            hf.Target(indicator="hte_count", year=2030, threshold=1500.0,
                      direction="at_most")]
    spread = model_spread(history, both, n_paths=500, seed=1)
    assert list(spread["direction"]) == ["at_least", "at_most"]
    proj = hf.simulate("baseline", n_paths=500, seed=1)
    out = with_model_spread(hf.assess(proj, both), spread)
    assert len(out) == 2
    # P(at least) + P(at most) >= 1 for the same threshold (ties counted in both)
    assert out["p_trend"].sum() >= 1.0 - 1e-12


def test_cli_says_when_only_one_model_exists(capsys: pytest.CaptureFixture[str]):
    # key labs: one point and no reference series, so no growth family can be fitted; a
    # "0.96-0.96" range would read as agreement between models that do not exist
    assert main(["assess", "--n-paths", "500"]) == 0
    lines = [ln for ln in capsys.readouterr().out.splitlines() if ln.strip().startswith("Key")]
    assert len(lines) == 3
    assert all("one model only" in ln for ln in lines)


def test_models_disagree_flag_and_reason_where_the_range_spans_both_cut_offs():
    years = np.arange(2024, 2027)
    paths = np.tile(np.array([[900.0, 1000.0, 1100.0]]), (4, 1))
    paths[:3] -= 200  # p_reach 0.25
    proj = Projection(years=years, arrays={"hte_count": paths}, scenario="known",
                      manifest={}, last_observed={"hte_count": (2023, 768.0)})
    targets = [hf.Target(indicator="hte_count", year=y, threshold=1000.0)
               for y in (2025, 2026)]
    spread = pd.DataFrame([{"indicator": "hte_count", "year": y, "threshold": 1000.0,
                            "direction": "at_least", "p_trend": 0.5, "p_family_min": lo,
                            "p_family_max": hi, "family_min": "linear",
                            "family_max": "loglinear", "families": ""}
                           for y, lo, hi in ((2025, 0.1, 0.9), (2026, 0.2, 0.6))])
    out = with_model_spread(hf.assess(proj, targets), spread)
    assert list(out["label"]) == ["models disagree", "needs acceleration"]
    assert list(out["models_disagree"]) == [True, False]
    assert "0.25" in out.loc[0, "disagreement"]
    assert "loglinear" in out.loc[0, "disagreement"]
    assert out.loc[1, "disagreement"] == ""
    assert list(out["family_min"]) == ["linear", "linear"]
    assert list(out["p_family_max"]) == [0.9, 0.6]


def test_the_chinese_reason_reads_the_families_at_both_ends_from_their_columns():
    # the Chinese footnote once parsed the display string "linear=0.11; ..." for the ends;
    # here that string is empty, and the ends still come from family_min / p_family_min
    from huaian_forecast.cli.assess_view import assess_footnote

    years = np.arange(2024, 2027)
    paths = np.tile(np.array([[900.0, 1000.0, 1100.0]]), (4, 1))
    paths[:3] -= 200  # p_reach 0.25
    proj = Projection(years=years, arrays={"hte_count": paths}, scenario="known",
                      manifest={}, last_observed={"hte_count": (2023, 768.0)})
    target = [hf.Target(indicator="hte_count", year=2025, threshold=1000.0)]
    spread = pd.DataFrame([{"indicator": "hte_count", "year": 2025, "threshold": 1000.0,
                            "direction": "at_least", "p_trend": 0.5, "p_family_min": 0.1,
                            "p_family_max": 0.9, "family_min": "linear",
                            "family_max": "loglinear", "families": ""}])
    table = hf.assess(proj, target, year_to_date=False)
    out = with_model_spread(table, spread)
    note = assess_footnote(out, "zh", 4)
    assert "情景模型0.25，各增长模型0.10（线性）至0.90（指数）" in note
    assert "趋势集成0.25" in assess_footnote(with_model_spread(table, spread,
                                                             model="trend ensemble"),
                                           "zh", 4, trend=True)
    # the wide table's column: the same sentence, from report (where the words live)
    from huaian_forecast.report import disagreement_zh

    wide = disagreement_zh(out)
    assert wide.loc[0, "disagreement"].startswith("情景模型0.25，各增长模型0.10（线性）至0.90")
    assert wide.loc[0, "disagreement"] in note
    assert disagreement_zh(out, trend=True).loc[0, "disagreement"].startswith("趋势集成0.25")
    assert disagreement_zh(out.drop(columns="disagreement")).equals(
        out.drop(columns="disagreement"))
    plan = with_model_spread(table, spread, levers_changed=True)  # no range joined
    assert plan.loc[0, "family_min"] is None
    assert np.isnan(plan.loc[0, "p_family_min"])


def test_cli_assess_says_what_p_means_and_why_models_disagree(
        capsys: pytest.CaptureFixture[str]):
    import json

    assert main(["assess", "--n-paths", "1000", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    rows = out.splitlines()
    assert "±" not in rows[1]  # no Monte Carlo error beside the probability
    assert any("Monte Carlo error is at most" in ln for ln in rows)
    assert any("on track >= 0.7, within reach 0.3-0.7" in ln for ln in rows)
    assert any("(nowcast)" in ln and "Enterprise R&D" in ln for ln in rows)
    assert any("the short history cannot tell which growth shape holds" in ln for ln in rows)
    assert main(["assess", "--n-paths", "1000", "--format", "json"]) == 0
    records = json.loads(capsys.readouterr().out)
    labels = {"on track", "within reach", "needs acceleration", "models disagree", ""}
    assert {r["label"] for r in records} <= labels
    rd = next(r for r in records if r["indicator"] == "enterprise_rd")
    assert rd["p_reach"] is not None  # issue 13: the 2024 enterprise R&D target
    assert rd["p_source"] == "nowcast"
    for r in records:
        if r["p_reach"] is not None and r["p_models_min"] is not None:
            assert r["p_models_min"] <= r["p_reach"] + 1e-9 <= r["p_models_max"] + 2e-9
        if r["models_disagree"]:
            assert r["disagreement"]
            assert r["label"] == "models disagree"


def test_joining_the_spread_twice_gives_the_same_table(spread, targets):
    # report.html once joined it a second time: "families" came out empty on every row
    proj = hf.simulate("baseline", n_paths=500, seed=2)
    once = with_model_spread(hf.assess(proj, targets), spread)
    pd.testing.assert_frame_equal(with_model_spread(once, spread), once)


def test_a_plan_scenario_gets_no_range_from_the_status_quo_families():
    # the report labelled accelerated's 88 % "models disagree" because status-quo trend
    # families gave 6 %: that is the plan's effect, not two models disagreeing
    from huaian_forecast.analysis import STATUS_QUO_ONLY, changes_levers

    years = np.arange(2024, 2027)
    paths = np.tile(np.array([[900.0, 1100.0, 1200.0]]), (4, 1))  # p = 1 in 2025
    target = [hf.Target(indicator="hte_count", year=2025, threshold=1000.0)]
    spread = pd.DataFrame([{"indicator": "hte_count", "year": 2025, "threshold": 1000.0,
                            "direction": "at_least", "p_trend": 0.1,
                            "p_family_min": 0.05, "p_family_max": 0.2,
                            "families": "a=0.05; b=0.2"}])
    proj = Projection(years=years, arrays={"hte_count": paths}, scenario="plan",
                      manifest={}, last_observed={"hte_count": (2023, 768.0)})
    table = hf.assess(proj, target, year_to_date=False)
    status_quo = with_model_spread(table, spread)
    assert status_quo.loc[0, "label"] == "models disagree"
    plan = with_model_spread(table, spread, levers_changed=True)
    assert plan.loc[0, "label"] == "on track"
    assert np.isnan(plan.loc[0, "p_models_min"])
    assert np.isnan(plan.loc[0, "p_trend"])
    assert plan.loc[0, "families"] == STATUS_QUO_ONLY
    assert not plan.loc[0, "models_disagree"]
    runs = {n: hf.simulate(n, n_paths=50, seed=1, end_year=2025)
            for n in ("baseline", "plan_2024", "gdp_slowdown")}
    assert [changes_levers(p) for p in runs.values()] == [False, True, True]


def test_cli_assess_of_a_plan_scenario_adds_its_levers_effect_to_the_families(
        capsys: pytest.CaptureFixture[str], tmp_path):
    # a plan scenario had no range at all: one unit more of one lever turned "models
    # disagree" into a confident label, also for targets the lever does not touch
    one_more = tmp_path / "one_more.toml"
    one_more.write_text('name = "one_more"\n[levers]\nfirst_time_applications = 276\n',
                        encoding="utf-8")
    run = ["--n-paths", "500", "--lang", "en", "--format", "json"]
    assert main(["assess", *run]) == 0
    base = {(r["indicator"], r["year"]): r for r in json.loads(capsys.readouterr().out)}
    assert main(["assess", "--scenario", str(one_more), *run]) == 0
    plan = {(r["indicator"], r["year"]): r for r in json.loads(capsys.readouterr().out)}
    for key in (("rd_intensity", 2035), ("hte_count", 2030)):
        assert base[key]["label"] == "models disagree"
        assert plan[key]["label"] == "models disagree"
        assert plan[key]["range_basis"] == WITH_LEVERS_EFFECT
        assert abs(plan[key]["p_models_min"] - base[key]["p_models_min"]) <= 0.02
    # R&D is not moved by the applications lever: the very same range
    assert plan[("rd_intensity", 2035)]["p_models_max"] == base[("rd_intensity", 2035)][
        "p_models_max"]
    assert main(["assess", "--scenario", "accelerated", "--n-paths", "500", "--lang",
                 "zh"]) == 0
    out = capsys.readouterr().out.replace("\n", "")
    assert "本情景几乎不影响的目标保留其现状的模型分歧" in out


def test_a_plans_range_is_each_familys_status_quo_plus_the_levers_effect():
    table = pd.DataFrame({"indicator": ["hte_count"] * 2, "year": [2030, 2035],
                          "threshold": [1500.0, 2000.0], "direction": ["at_least"] * 2,
                          "p_reach": [0.84, 0.95], "note": ["", ""]})
    status_quo = table.assign(p_reach=[0.69, 0.80])
    spread = table[["indicator", "year", "threshold", "direction"]].assign(
        p_trend=[0.5, 0.6], p_family_min=[0.10, 0.13], p_family_max=[0.98, 0.97],
        family_min="linear", family_max="loglinear", families=["linear=0.10", "x"])
    out = with_model_spread(table, spread, levers_changed=True, status_quo=status_quo)
    np.testing.assert_allclose(out["p_family_min"], [0.25, 0.28])
    np.testing.assert_allclose(out["p_family_max"], [1.0, 1.0])  # clipped at 1
    np.testing.assert_allclose(out["p_models_min"], [0.25, 0.28])
    assert out["label"].tolist() == ["models disagree", "models disagree"]
    assert out["families"].iloc[0] == "status quo: linear=0.10"
    assert "growth families with the scenario's effect added 0.25 (linear)" in \
        out["disagreement"].iloc[0]
    # without the status quo's assessment: no range, as before
    alone = with_model_spread(table, spread, levers_changed=True)
    assert alone["p_models_min"].isna().all()
    assert (alone["families"] == STATUS_QUO_ONLY).all()


def test_status_quo_only_marks_only_targets_a_growth_family_covers():
    # key labs have no growth family: under a plan they are not "status quo only"
    from huaian_forecast.analysis import STATUS_QUO_ONLY

    years = np.arange(2024, 2027)
    proj = Projection(years=years, arrays={"hte_count": np.full((4, 3), 1200.0),
                                           "key_labs": np.full((4, 3), 8.0)},
                      scenario="plan", manifest={},
                      last_observed={"hte_count": (2023, 768.0), "key_labs": (2023, 6.0)})
    targets = [hf.Target(indicator="hte_count", year=2025, threshold=1000.0),
               hf.Target(indicator="key_labs", year=2025, threshold=6.0)]
    spread = pd.DataFrame([
        {"indicator": "hte_count", "year": 2025, "threshold": 1000.0, "direction": "at_least",
         "p_trend": 0.1, "p_family_min": 0.05, "p_family_max": 0.2, "families": "a=0.05"},
        {"indicator": "key_labs", "year": 2025, "threshold": 6.0, "direction": "at_least",
         "p_trend": np.nan, "p_family_min": np.nan, "p_family_max": np.nan,
         "families": np.nan}])
    out = with_model_spread(hf.assess(proj, targets, year_to_date=False), spread,
                            levers_changed=True).set_index("indicator")
    assert out.loc["hte_count", "families"] == STATUS_QUO_ONLY
    assert out.loc["key_labs", "families"] != STATUS_QUO_ONLY


def test_planner_assessments_compute_the_range_once_and_join_it_per_scenario(
        history: pd.DataFrame, targets: pd.DataFrame, spread: pd.DataFrame, monkeypatch):
    from huaian_forecast.analysis import headline, planner_assessment, planner_assessments

    run = {"n_paths": 1_000, "seed": 8, "history": history}
    projections = [hf.simulate(name, **run) for name in ("baseline", "accelerated")]
    calls = []
    real = headline.model_spread
    monkeypatch.setattr(headline, "model_spread",
                        lambda *a, **k: calls.append(k) or real(*a, **k))
    tables = planner_assessments(projections, targets, history=history)
    assert len(calls) == 1
    assert (calls[0]["n_paths"], calls[0]["seed"]) == (1_000, 8)
    given = planner_assessments(projections, targets, history=history, spread=spread)
    assert len(calls) == 1  # a range the caller has is not computed again
    for p in projections:  # each scenario as planner_assessment joins it, levers and all
        alone = planner_assessment(p, targets, history=history, spread=spread)
        pd.testing.assert_frame_equal(given[p.scenario], alone)
    assert (tables["baseline"]["families"] != "status quo only").any()
    # the plan's families carry its levers' effect (its paired status-quo run)
    ranged = tables["accelerated"].dropna(subset=["p_trend"])
    assert (ranged["range_basis"] == WITH_LEVERS_EFFECT).all()
    assert ranged["families"].str.startswith("status quo: ").all()
    bare = planner_assessments(projections, targets, history=history, with_spread=False)
    assert "p_trend" not in bare["baseline"].columns  # no growth families joined
    assert len(calls) == 1


def test_to_html_with_a_spread_and_assessments_of_more_scenarios_than_drawn(
        history: pd.DataFrame, targets: pd.DataFrame, spread: pd.DataFrame):
    # join_model_spread looked every assessment's scenario up among the projections: a
    # library caller's extra table (here plan_2024's) raised KeyError instead of a page
    from huaian_forecast.analysis import join_model_spread
    from huaian_forecast.report import to_html

    run = {"n_paths": 300, "seed": 2, "history": history}
    base, plan = hf.simulate("baseline", **run), hf.simulate("plan_2024", **run)
    tables = {"baseline": hf.assess(base, targets), "plan_2024": hf.assess(plan, targets)}
    page = to_html(base, history=history, targets=targets, assessments=tables, spread=spread)
    assert page.startswith("<!DOCTYPE html>")
    joined = join_model_spread(tables, [base], targets, history, spread=spread)
    assert list(joined) == ["baseline"]
    assert "p_models_min" in joined["baseline"].columns


def test_the_report_names_the_status_quo_run_a_plans_range_reads(
        history: pd.DataFrame, targets: pd.DataFrame, spread: pd.DataFrame):
    # a plan's range is the families' status quo plus its effect against a paired run;
    # with a plan alone that run is simulated and not shown: the manifest must name it
    from huaian_forecast.analysis import join_model_spread
    from huaian_forecast.report.tables import manifest_table

    run = {"n_paths": 300, "seed": 2, "history": history}
    base, plan = hf.simulate("baseline", **run), hf.simulate("plan_2024", **run)
    tables = {"baseline": hf.assess(base, targets), "plan_2024": hf.assess(plan, targets)}
    for drawn, paired in (([plan], "status quo (paired with plan_2024)"),
                          ([base, plan], "baseline")):
        joined = join_model_spread(tables, drawn, targets, history, spread=spread)
        assert joined["plan_2024"].attrs["status_quo_run"] == paired
        assert "provenance" in joined["plan_2024"].attrs  # kept beside it
        rows = dict(manifest_table(drawn, targets=targets, assessments=joined).itertuples(
            index=False))
        assert rows["status_quo_run:plan_2024"] == paired
        assert "status_quo_run:baseline" not in rows  # a status quo reads no other run
    assert "status_quo_run" not in join_model_spread(
        tables, [base], targets, history, spread=spread)["baseline"].attrs


def test_to_html_draws_the_tables_it_has_with_or_without_a_spread(
        history: pd.DataFrame, targets: pd.DataFrame, spread: pd.DataFrame):
    from huaian_forecast.report import to_html

    run = {"n_paths": 300, "seed": 2, "history": history}
    base, plan = hf.simulate("baseline", **run), hf.simulate("plan_2024", **run)
    both = {"baseline": hf.assess(base, targets), "plan_2024": hf.assess(plan, targets)}
    one = {"baseline": both["baseline"]}
    for drawn, tables in (([base], both), ([base, plan], one)):
        for given in (None, spread):  # each raised KeyError on one of the two paths
            page = to_html(drawn, history=history, targets=targets, assessments=tables,
                           spread=given)
            assert page.startswith("<!DOCTYPE html>")


def test_cli_compare_gives_a_plan_its_range_with_the_levers_effect(
        capsys: pytest.CaptureFixture[str], tmp_path):
    one_more = tmp_path / "one_more.toml"
    one_more.write_text('name = "one_more"\n[levers]\nfirst_time_applications = 276\n',
                        encoding="utf-8")
    assert main(["compare", "baseline", str(one_more), "--n-paths", "500", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    line = next(x for x in out.splitlines() if "R&D intensity 2035" in x)
    base, plan = line.split("models disagree")[1:3]  # both columns keep the disagreement
    assert base.split("]")[0] == plan.split("]")[0]  # the same range: the lever misses R&D
    assert "[a-b] for the plan scenario(s) (one_more): the range of p_reach across the " \
        "scenario model and every growth family with the scenario's effect" in \
        " ".join(out.split())
    assert "(status-quo levers)" not in out  # the paired run is not shown


def test_a_status_quo_run_of_the_same_inputs_is_reused_as_the_paired_run(
        history: pd.DataFrame, targets: pd.DataFrame, monkeypatch):
    # a plan is paired with the registry's status quo: the baseline of the same run. Its
    # own uncertainties (plan_2024's reading of its plan: 0-40 % of the applications are
    # re-applications) are part of its effect; pairing with them cut the status quo's
    # applications and overstated the plan's effect (+0.39 for HTE 2025, not +0.21)
    from huaian_forecast.analysis import headline, status_quo_assessment

    projections = [hf.simulate(name, n_paths=400, seed=3, history=history)
                   for name in ("baseline", "accelerated", "plan_2024")]
    alone = hf.assess(projections[0], targets, year_to_date=False)
    for plan in projections[1:]:
        paired = status_quo_assessment(plan, targets, history)
        np.testing.assert_array_equal(paired["p_reach"].to_numpy(float),
                                      alone["p_reach"].to_numpy(float))
    calls = []
    real = headline.status_quo_assessment
    monkeypatch.setattr(headline, "status_quo_assessment",
                        lambda p, *a, **k: calls.append(p.scenario) or real(p, *a, **k))
    tables = headline.planner_assessments(projections, targets, history=history)
    assert calls == []  # both plans read the baseline's run
    for name in ("accelerated", "plan_2024"):
        ranged = tables[name].dropna(subset=["p_trend"])
        assert (ranged["range_basis"] == WITH_LEVERS_EFFECT).all()
    # another run is not the paired run: other seed (or paths, years, data ...)
    other = hf.simulate("baseline", n_paths=400, seed=4, history=history)
    headline.planner_assessments([projections[2], other], targets, history=history)
    assert calls == ["plan_2024"]


def test_cli_compare_reuses_a_status_quo_scenario_as_a_plans_paired_run(run_cli):
    # accelerated at status-quo levers is the baseline: compare runs no copy of it
    from huaian_forecast.cli.analysis import _plan_status_quos

    plans = _plan_status_quos(["baseline", "accelerated", "plan_2024"])
    assert plans["accelerated"].name == plans["plan_2024"].name == "baseline"
    alone = _plan_status_quos(["accelerated", "plan_2024"])  # one extra run for both
    assert alone["accelerated"] is alone["plan_2024"]
    assert not alone["plan_2024"].levers
    assert not alone["plan_2024"].uncertainties
    code, out, _ = run_cli("compare", "baseline", "accelerated", "--n-paths", "300",
                           "--format", "json")
    assert code == 0
    rows = json.loads(out)
    assert {r["scenario"] for r in rows} == {"baseline", "accelerated"}
    assert any(r["range_basis"] for r in rows if r["scenario"] == "accelerated")


def test_a_widened_plans_paired_run_is_widened_the_same_way(
        history: pd.DataFrame, targets: pd.DataFrame):
    # assess --honest-width widened the plan, not its status quo: the widening counted as
    # the plan's effect (R&D intensity 2030: 0.33 instead of 0.21)
    from huaian_forecast.analysis import status_quo_assessment, widen_projection

    factors = {"rd_intensity": {1: 1.9, 2: 1.3, 3: 1.9}}
    plan = widen_projection(hf.simulate("plan_2024", n_paths=400, seed=5, history=history),
                            factors)
    base = widen_projection(hf.simulate("baseline", n_paths=400, seed=5, history=history),
                            factors)
    paired = status_quo_assessment(plan, targets, history)
    want = hf.assess(base, targets, year_to_date=False)
    rows = paired["indicator"] == "rd_intensity"
    np.testing.assert_array_equal(paired.loc[rows, "p_reach"].to_numpy(float),
                                  want.loc[rows, "p_reach"].to_numpy(float))


def test_planner_assessment_fits_the_families_to_the_projections_region(
        history: pd.DataFrame):
    # a Jiangsu projection was given Huai'an's growth families by default
    from huaian_forecast.analysis import planner_assessment

    proj = hf.simulate("baseline", region="Jiangsu", indicators=["rd_intensity"],
                       end_year=2028, n_paths=300, seed=1, history=history)
    target = [hf.Target(indicator="rd_intensity", year=2027, threshold=3.4)]
    table = planner_assessment(proj, target, history=history, n_paths=300, seed=1,
                               use_ytd=False)
    theirs = model_spread(history, target, region="Jiangsu", n_paths=300, seed=1)
    assert table["p_family_min"].iloc[0] == theirs["p_family_min"].iloc[0]


def test_is_status_quo_reads_scenarios_and_projections_alike():
    from huaian_forecast.analysis import is_status_quo, status_quo_of

    plan = hf.load_scenario("plan_2024")
    assert is_status_quo(hf.load_scenario("baseline"))
    assert is_status_quo(status_quo_of(plan))
    assert not is_status_quo(plan)
    assert not is_status_quo(hf.load_scenario("baseline").with_uncertainties(
        first_time_pass_rate=70))
    assert is_status_quo(hf.simulate("baseline", n_paths=20, seed=1, end_year=2025))
