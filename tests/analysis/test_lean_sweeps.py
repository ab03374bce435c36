"""Lean sweeps: compact outcomes, one hash per sweep, batches on an executor, Sobol CIs."""

from __future__ import annotations

import io
import pickle
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

import numpy as np
import pandas as pd
import pytest

import huaian_forecast as hf
from huaian_forecast.analysis.sensitivity import sobol
from huaian_forecast.analysis.sweep import Setting, evaluate, prepare_run, run_settings
from huaian_forecast.assessment import Target, assess, met_matrix
from huaian_forecast.data import data_hash, load_history
from huaian_forecast.exceptions import ArgumentError
from huaian_forecast.simulation import RunSpec

TARGETS = [Target(indicator="hte_count", year=2025, threshold=1000),
           Target(indicator="hte_count", year=2030, threshold=1500),
           Target(indicator="rd_intensity", year=2030, threshold=3.0),
           Target(indicator="rd_intensity", year=2050, threshold=3.0),  # not simulated
           Target(indicator="key_labs", year=2030, threshold=10)]


def test_outcome_matches_the_assess_table_and_met_matrix():
    spec = RunSpec(n_paths=300, seed=4, end_year=2030)
    out = evaluate(Setting(scenario="plan_2024"), prepare_run(spec), TARGETS,
                   keep=("values", "table"))
    proj = hf.simulate("plan_2024", run=spec)
    _, met = met_matrix(proj, TARGETS)
    np.testing.assert_array_equal(out.met, met)
    table = assess(proj, TARGETS)
    pd.testing.assert_frame_equal(out.table, table)
    np.testing.assert_array_equal(out.p_reach, table["p_reach"].to_numpy(float))
    assert list(out.simulated) == [True, True, True, False, True]
    assert out.target_values is not None
    assert np.isnan(out.target_values[:, 3]).all()
    # compact: one bit per path and target, nothing per path unless asked for
    lean = evaluate(Setting(scenario="plan_2024"), prepare_run(spec), TARGETS)
    assert lean.target_values is None
    assert lean.table is None
    assert lean.met_bits.nbytes == 300  # 5 targets fit in one byte per path
    np.testing.assert_array_equal(lean.met, met)


def test_the_sweep_hashes_the_data_once_and_a_new_history_drops_the_digest():
    spec = prepare_run(RunSpec(n_paths=10, seed=1))
    assert spec.data_digest == data_hash(spec.history)
    assert spec.memo is not None
    other = load_history()
    assert spec.replace(history=other).data_digest is None
    assert spec.replace(seed=2).data_digest == spec.data_digest
    with pytest.raises(ArgumentError, match="history"):
        RunSpec(data_digest="abc")


def test_a_precomputed_digest_changes_no_number():
    history = load_history()
    plain = hf.simulate("baseline", n_paths=200, seed=5, history=history)
    spec = RunSpec(n_paths=200, seed=5, history=history, data_digest=data_hash(history))
    fast = hf.simulate("baseline", run=spec)
    assert fast.manifest["data_hash"] == plain.manifest["data_hash"]
    for key in plain.indicators:
        np.testing.assert_array_equal(plain.paths(key), fast.paths(key))


def test_batched_executor_runs_equal_the_serial_run(pool: ProcessPoolExecutor):
    settings = [Setting(scenario="baseline", levers={"first_time_applications": v})
                for v in np.linspace(100, 900, 11)]
    spec = RunSpec(n_paths=150, seed=9, end_year=2030)
    done: list[int] = []
    serial = run_settings(settings, spec, TARGETS)
    parallel = run_settings(settings, spec, TARGETS, pool, progress=done.append)
    with ThreadPoolExecutor(3) as threads:
        threaded = run_settings(settings, spec, TARGETS, threads)
    assert sum(done) == len(settings)
    assert len(done) > 1
    for a, b, c in zip(serial, parallel, threaded, strict=True):
        np.testing.assert_array_equal(a.met_bits, b.met_bits)
        np.testing.assert_array_equal(a.p_reach, b.p_reach)
        np.testing.assert_array_equal(a.median, c.median)
    assert len(pickle.dumps(parallel[1])) < 2_000  # compact enough to ship


def test_keep_is_checked():
    with pytest.raises(ArgumentError, match="keep"):
        run_settings([Setting(scenario="baseline")], RunSpec(n_paths=10), TARGETS,
                     keep=("paths",))


def test_sobol_reports_bootstrap_intervals_around_its_indices():
    out = sobol("baseline", TARGETS[:2], factors=["first_time_applications",
                                                   "recertification_support", "rd_rewards"],
                n=16, n_paths=200, seed=3)
    assert {"first_order_lo", "first_order_hi", "total_order_lo", "total_order_hi"} <= set(
        out.columns)
    finite = out.dropna(subset=["first_order_lo", "first_order_hi"])
    assert len(finite) >= 3  # at n=16 a rarely varying metric can leave BCa undefined
    assert (finite["first_order_lo"] <= finite["first_order_hi"]).all()
    assert (finite["total_order_lo"] <= finite["total_order_hi"]).all()
    # rd_rewards does not act on the enterprise count: index 0, interval [0, 0]
    none = out[out["factor"] == "rd_rewards"]
    assert (none[["first_order_lo", "first_order_hi"]].to_numpy() == 0).all()
    again = sobol("baseline", TARGETS[:2], factors=["first_time_applications",
                                                     "recertification_support", "rd_rewards"],
                  n=16, n_paths=200, seed=3)
    pd.testing.assert_frame_equal(out, again)  # the resampling is seeded
    bare = sobol("baseline", TARGETS[:2], factors=["first_time_applications"], n=4,
                 n_paths=50, seed=3, n_resamples=0)
    assert bare["first_order_lo"].isna().all()


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_solve_draws_a_bar_with_a_total_that_ends_full(monkeypatch: pytest.MonkeyPatch,
                                                         capsys: pytest.CaptureFixture[str]):
    from huaian_forecast.analysis import search_runs
    from huaian_forecast.cli.main import main

    err = _Tty()
    monkeypatch.setattr("sys.stderr", err)
    code = main(["solve", "--lever", "first_time_applications", "--indicator", "hte_count",
                 "--year", "2025", "--threshold", "900", "--p", "0.5", "--n-paths", "100"])
    assert code == 0
    last = err.getvalue().rstrip("\n").split("\r")[-1]
    assert last.startswith("simulating lever values [")
    total = search_runs("first_time_applications")  # 9 grid values and the bisection
    assert total == 17
    assert last.endswith(f"{total}/{total}")
    capsys.readouterr()


def test_frontier_counts_its_refinement_runs_and_ends_full(monkeypatch: pytest.MonkeyPatch,
                                                            capsys: pytest.CaptureFixture[str]):
    # the least-cost point's runs after the grid did not move the bar (it stopped at 25/25)
    import json

    from huaian_forecast.cli.main import main

    err = _Tty()
    monkeypatch.setattr("sys.stderr", err)
    code = main(["frontier", "--x", "rd_rewards", "--y", "first_time_applications",
                 "--indicator", "hte_count", "--year", "2030", "--grid", "5",
                 "--n-paths", "200", "--format", "json"])
    assert code == 0
    extra = json.loads(capsys.readouterr().out)["least_cost"]["n_simulations"]
    assert extra > 0  # runs beyond the grid's 25
    runs = 25 + extra
    last = err.getvalue().rstrip("\n").split("\r")[-1]
    assert last.endswith(f"{runs}/{runs}")


class _FakeClusterClient:
    """What ``_batches`` reads of a dask ``Client``: threads per worker of its cluster."""

    def gather(self, futures: object) -> object:  # pragma: no cover - not called here
        return futures

    def ncores(self) -> dict[str, int]:
        return {"tcp://a:1": 4, "tcp://b:1": 4, "tcp://c:1": 8}


def test_batches_fill_every_worker_of_a_dask_cluster() -> None:
    """A cluster of 16 worker threads gets ~4 batches each, not the client machine's count."""
    from concurrent.futures import ThreadPoolExecutor

    from huaian_forecast.analysis.sweep import Setting, _batches

    items = [Setting(scenario="baseline", levers={"rd_rewards": float(i)}) for i in range(200)]
    batches = _batches(items, _FakeClusterClient())  # type: ignore[arg-type]
    assert len(batches) == 64
    assert [s for b in batches for s in b] == items  # contiguous, in order
    with ThreadPoolExecutor(3) as pool:
        assert len(_batches(items, pool)) == 12
    executor_like = type("ClientExecutor", (), {"_client": _FakeClusterClient()})()
    assert len(_batches(items, executor_like)) == 64
