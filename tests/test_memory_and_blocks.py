"""simulate: a request that cannot fit is refused before allocating (not an OOM kill)."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

import huaian_forecast as hf
from huaian_forecast.exceptions import ArgumentError


def test_a_request_that_cannot_fit_is_refused_before_allocating():
    with pytest.raises(ArgumentError, match=r"GiB.*at most about [\d,]+ paths"):
        hf.simulate("baseline", n_paths=10**11, seed=1)
    with pytest.raises(ArgumentError, match="GiB"):
        hf.simulate("baseline", n_paths=10**11, seed=1, method="trend",
                    indicators=["rd_intensity"])


def test_the_cli_says_so_in_one_line():
    result = subprocess.run([sys.executable, "-m", "huaian_forecast", "assess", "--n-paths",
                             str(10**11)], capture_output=True, text=True, encoding="utf-8",
                            timeout=120, check=False)
    assert result.returncode == 2
    assert "GiB" in result.stderr
    assert "Traceback" not in result.stderr


def _history_with_2025_hte(kind: str):
    import pandas as pd

    history = hf.load_history()
    row = history[(history["region"] == "Huai'an")
                  & (history["indicator"] == "hte_count")].iloc[[-1]].copy()
    row["year"], row["value"], row["kind"] = 2025, 1100.0, kind
    return pd.concat([history, row], ignore_index=True)


def test_observation_noise_is_drawn_only_when_a_later_year_is_observed():
    import numpy as np

    from huaian_forecast.scenarios import load_scenario
    from huaian_forecast.structural import (
        StructuralShocks,
        anchors_from_history,
        project_structural,
    )

    years = np.arange(2024, 2036)
    for history, drawn in ((hf.load_history(), False), (_history_with_2025_hte("approx"), True)):
        shocks = StructuralShocks.draw(np.random.default_rng(3), 50, years.size)
        # a point after an explicitly given origin is a later observation
        anchors = anchors_from_history(history, "Huai'an", origin=2023)
        out = project_structural(load_scenario("baseline"), years=years, shocks=shocks,
                                 anchors=anchors, indicators=["hte_count"])
        assert shocks.noise.drawn is drawn
        if drawn:  # the approx 2025 value is imposed with its noise, around 1,100
            assert out["hte_count"][:, 1].std() > 0
            assert abs(np.median(out["hte_count"][:, 1]) - 1100) < 60


def test_binomial_quantile_walk_equals_scipys_inverse_cdf():
    import numpy as np
    from scipy import stats

    from huaian_forecast.structural._binomial import binomial_quantile

    rng = np.random.default_rng(16)
    size = 200_000
    n = np.concatenate([rng.integers(0, 30, size), rng.integers(0, 5_000, size // 10)])
    p = np.concatenate([rng.uniform(0.0, 1.0, size), rng.uniform(0.0, 1.0, size // 10)])
    p[:50] = [0.0, 1.0, 0.9995, 1e-9, 0.5] * 10  # the edges, both sides of the routing
    u = rng.random(n.size, dtype=np.float32).astype(float)
    expected = np.clip(stats.binom.ppf(u, n, p), 0.0, n)
    np.testing.assert_array_equal(binomial_quantile(n, p, u), expected)
    one = binomial_quantile(np.array([[3.0]]), 0.4, np.array([[0.99]]))
    assert one.shape == (1, 1)
def test_paths_do_not_depend_on_chunk_size():
    import numpy as np

    kw = {"n_paths": 40_000, "seed": 11, "end_year": 2030}  # three blocks
    small = hf.simulate("plan_2024", chunk_size=1_000, **kw)
    large = hf.simulate("plan_2024", chunk_size=50_000, **kw)
    odd = hf.simulate("plan_2024", chunk_size=33_000, **kw)  # two blocks, then one
    for key in small.indicators:
        np.testing.assert_array_equal(small.paths(key), large.paths(key))
        np.testing.assert_array_equal(small.paths(key), odd.paths(key))


def test_a_block_of_paths_does_not_depend_on_the_others():
    import numpy as np

    from huaian_forecast.simulation.runner import BLOCK_PATHS

    few = hf.simulate("baseline", n_paths=BLOCK_PATHS + 10, seed=4, end_year=2030)
    many = hf.simulate("baseline", n_paths=3 * BLOCK_PATHS, seed=4, end_year=2030)
    for key in few.indicators:  # the first block is the same paths in both runs
        np.testing.assert_array_equal(few.paths(key)[:BLOCK_PATHS],
                                      many.paths(key)[:BLOCK_PATHS])
    few.paths("hte_count")[:] = 0.0  # a caller's arrays are its own


def test_large_outputs_are_kernel_pages_small_ones_numpy_arrays():
    import mmap
    import pickle

    from huaian_forecast.simulation._memory import output_array

    small, large = output_array((100, 12)), output_array((100_000, 12))
    assert small.base is None  # np.empty
    assert isinstance(large.base.base.obj, mmap.mmap)  # not advised to use huge pages
    for arr, shape in ((small, (100, 12)), (large, (100_000, 12))):
        assert arr.shape == shape
        assert arr.dtype == np.float64
        assert arr.flags.writeable
        assert arr.flags.c_contiguous
    large[:] = 2.5
    assert pickle.loads(pickle.dumps(large)).sum() == 2.5 * 1_200_000


@pytest.mark.parametrize("scenario", ["baseline", "plan_2024", "accelerated"])
def test_counts_are_int32_and_exactly_the_models_whole_numbers(scenario, monkeypatch):
    from huaian_forecast.simulation import _blocks

    history = _history_with_2025_hte("approx")  # an observed later year rescales cohorts
    kw = {"n_paths": 2 * _blocks.BLOCK_PATHS + 7, "seed": 5, "end_year": 2031,
          "history": history, "chunk_size": _blocks.BLOCK_PATHS}  # several chunks
    counts = hf.simulate(scenario, **kw)
    one_chunk = hf.simulate(scenario, **{**kw, "chunk_size": 10**6})
    monkeypatch.setattr(_blocks, "output_dtype", lambda key: np.dtype(np.float64))
    floats = hf.simulate(scenario, **kw)
    for key in ("hte_count", "hte_applications", "key_labs"):
        assert counts.paths(key).dtype == np.int32 == one_chunk.paths(key).dtype
        # equal to the float64 paths: every value was whole, none truncated by the cast
        np.testing.assert_array_equal(counts.paths(key), floats.paths(key))
        np.testing.assert_array_equal(one_chunk.paths(key), floats.paths(key))
    assert counts.paths("rd_intensity").dtype == np.float64


def test_a_count_far_beyond_2035_is_held_at_its_valid_bound_not_wrapped_by_int32():
    # accelerated to 2100: 6 of 20,000 paths passed 2**31 firms, which int32 wrapped to
    # -2,147,483,648 (with only a RuntimeWarning); a count is now held at its valid bound
    from huaian_forecast.indicators import get_indicator

    proj = hf.simulate("accelerated", n_paths=20_000, seed=1, end_year=2100,
                       indicators=("hte_count", "key_labs"))
    for key in ("hte_count", "key_labs"):
        paths = proj.paths(key)
        assert paths.min() >= 0
        assert paths.max() <= get_indicator(key).upper
    assert (proj.paths("hte_count") == 1_000_000).any()  # the bound does bind here
    held = int((proj.paths("hte_count") == 1_000_000).any(axis=1).sum())
    assert f"hte_count: held at most 1,000,000 on {held:,} paths (the indicator's valid " \
           "range)" in proj.manifest["notes"]
    near = hf.simulate("accelerated", n_paths=2_000, seed=1)  # to 2035: far below it
    assert near.paths("hte_count").max() < 100_000
    assert not any("held at most" in n for n in near.manifest["notes"])
    trend = hf.simulate("baseline", method="trend", n_paths=2_000, seed=1, end_year=2100,
                        indicators=("hte_count",))  # the growth fits stop there too
    assert trend.paths("hte_count").max() <= 1_000_000
    assert any(n.startswith("hte_count: held at most 1,000,000 on")
               for n in trend.manifest["notes"])
