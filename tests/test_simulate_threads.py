"""simulate on threads: the numbers never depend on ``workers`` (nor on ``chunk_size``)."""

from __future__ import annotations

import numpy as np
import pytest

import huaian_forecast as hf
from huaian_forecast.exceptions import ArgumentError
from huaian_forecast.simulation import _blocks
from huaian_forecast.simulation._blocks import BLOCK_PATHS

N = 70_000  # five blocks, the last one short
JIANGSU = ["rd_intensity", "rd_spend", "gdp", "hte_count", "hte_applications",
           "hightech_share", "hightech_output", "tech_contracts"]


def _same(a: hf.Projection, b: hf.Projection) -> None:
    assert a.indicators == b.indicators
    for key in a.indicators:
        x, y = a.paths(key), b.paths(key)
        assert x.dtype == y.dtype
        np.testing.assert_array_equal(x, y, strict=True)


@pytest.mark.parametrize(("scenario", "kw"), [
    ("baseline", {}),
    ("plan_2024", {"end_year": 2040}),
    ("baseline", {"region": "Jiangsu", "indicators": JIANGSU}),
    ("accelerated", {"method": "trend"}),
])
def test_threads_and_chunks_change_no_number(scenario, kw):
    serial = hf.simulate(scenario, n_paths=N, seed=8, workers=1, **kw)
    assert serial.manifest["workers"] == 1
    for workers, chunk in ((2, BLOCK_PATHS), (3, 1), (None, 40_000)):
        threaded = hf.simulate(scenario, n_paths=N, seed=8, workers=workers,
                               chunk_size=chunk, **kw)
        _same(serial, threaded)
        if workers is not None:
            assert threaded.manifest["workers"] == workers
            assert threaded.manifest["chunk_size"] == chunk


def test_threads_with_a_memo_that_keeps_the_shocks():
    # at most max_shock_paths paths: each chunk's shocks go into the shared memo
    memo = hf.SimulationMemo()
    kw = {"n_paths": 2 * BLOCK_PATHS, "seed": 3, "chunk_size": 1}
    serial = hf.simulate("plan_2024", workers=1, **kw)
    memo.max_shock_paths = kw["n_paths"]
    first = hf.simulate("plan_2024", workers=2, memo=memo, **kw)
    again = hf.simulate("plan_2024", workers=2, memo=memo, **kw)  # shocks from the memo
    _same(serial, first)
    _same(serial, again)
    again.paths("hte_count")[:] = 0.0  # a caller's arrays are its own


def test_a_small_run_starts_no_thread(monkeypatch):
    import concurrent.futures

    def refuse(*args, **kwargs):
        raise AssertionError("a small run created a thread pool")

    monkeypatch.setattr(concurrent.futures, "ThreadPoolExecutor", refuse)
    for n in (1_000, 10_000, 3 * BLOCK_PATHS):  # fewer than four blocks: serial
        proj = hf.simulate("baseline", n_paths=n, seed=1, end_year=2026)
        assert proj.manifest["workers"] == 1
    proj = hf.simulate("baseline", n_paths=10_000, seed=1, workers=4, end_year=2026)
    assert proj.manifest["workers"] == 1  # never more threads than chunks


@pytest.mark.parametrize("bad", [0, -1, 1.5, "2", True])
def test_a_bad_workers_value_is_an_argument_error(bad):
    with pytest.raises(ArgumentError, match="workers"):
        hf.simulate("baseline", n_paths=100, seed=1, workers=bad)


def test_an_error_in_a_chunk_reaches_the_caller(monkeypatch):
    calls = []
    real = _blocks.project_structural

    def flaky(*args, **kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise ValueError("chunk three failed")
        return real(*args, **kwargs)

    monkeypatch.setattr(_blocks, "project_structural", flaky)
    with pytest.raises(ValueError, match="chunk three failed"):
        hf.simulate("baseline", n_paths=N, seed=1, workers=2, end_year=2026)
