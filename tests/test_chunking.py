from __future__ import annotations

import functools
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from huaian_forecast._chunking import (
    BLOCK_PATHS,
    PathStreams,
    by_block,
    resolve_entropy,
    run_in_chunks,
)

B = BLOCK_PATHS


def _walk(streams: PathStreams, *, drift: float = 0.0, n_years: int = 4) -> dict[str, np.ndarray]:
    """A small vectorised simulation: random walk + per-path binomial counts."""
    slope = streams.normal(drift, 0.1, shape=(1,))
    steps = streams.standard_normal((n_years,))
    level = np.cumsum(steps, axis=1) + slope
    p = 1.0 / (1.0 + np.exp(-level))
    counts = streams.binomial(50, p, shape=(n_years,))
    return {"level": level, "counts": counts}


def test_reference_values_follow_the_documented_seeding_scheme():
    # n_paths = B + 904: block 0 has B rows, block 1 the remaining 904.
    n = B + 904
    got = run_in_chunks(lambda s: s.standard_normal((3,)), n_paths=n, seed=7)
    first = np.random.default_rng(np.random.SeedSequence(7, spawn_key=(0,)))
    second = np.random.default_rng(np.random.SeedSequence(7, spawn_key=(1,)))
    expected = np.concatenate([first.standard_normal((B, 3)), second.standard_normal((904, 3))])
    np.testing.assert_array_equal(got, expected)


def test_key_extends_the_spawn_key_of_a_child_seed_sequence():
    child = np.random.SeedSequence(11).spawn(3)[2]
    via_child = run_in_chunks(lambda s: s.standard_normal(), n_paths=10, seed=child)
    via_key = run_in_chunks(lambda s: s.standard_normal(), n_paths=10, seed=11, key=(2,))
    expected = np.random.default_rng(np.random.SeedSequence(11, spawn_key=(2, 0)))
    np.testing.assert_array_equal(via_child, via_key)
    np.testing.assert_array_equal(via_child, expected.standard_normal(10))


@pytest.mark.parametrize("chunk_paths", [B, 2 * B, 3 * B, 64 * B])
def test_result_does_not_depend_on_chunk_size(chunk_paths: int):
    n = 5 * B + 123
    ref = run_in_chunks(_walk, n_paths=n, seed=3)
    got = run_in_chunks(_walk, n_paths=n, seed=3, chunk_paths=chunk_paths)
    for name in ("level", "counts"):
        np.testing.assert_array_equal(got[name], ref[name])
    assert got["counts"].dtype.kind == "i"


@settings(max_examples=15, deadline=None)
@given(n_paths=st.integers(1, 4 * B + 50), blocks_per_chunk=st.integers(1, 5),
       seed=st.integers(0, 2**32))
def test_chunk_invariance_property(n_paths: int, blocks_per_chunk: int, seed: int):
    one = run_in_chunks(lambda s: s.uniform(shape=(2,)), n_paths=n_paths, seed=seed)
    many = run_in_chunks(lambda s: s.uniform(shape=(2,)), n_paths=n_paths, seed=seed,
                         chunk_paths=blocks_per_chunk * B)
    np.testing.assert_array_equal(one, many)
    assert one.shape == (n_paths, 2)


def test_common_random_numbers_across_parameter_values():
    low = run_in_chunks(functools.partial(_walk, drift=0.0), n_paths=2 * B, seed=9)
    high = run_in_chunks(functools.partial(_walk, drift=0.5), n_paths=2 * B, seed=9,
                         chunk_paths=B)
    # same normal draws: the levels differ by exactly the drift
    np.testing.assert_allclose(high["level"] - low["level"], 0.5, atol=1e-12)
    # binomial draws are coupled: a higher p never gives fewer successes on most paths
    assert (high["counts"] >= low["counts"]).mean() > 0.9


def test_first_whole_blocks_are_prefix_stable():
    small = run_in_chunks(_walk, n_paths=2 * B, seed=4)
    large = run_in_chunks(_walk, n_paths=5 * B + 7, seed=4, chunk_paths=2 * B)
    np.testing.assert_array_equal(large["level"][: 2 * B], small["level"])


def test_different_seed_or_key_gives_different_draws():
    base = run_in_chunks(lambda s: s.standard_normal(), n_paths=100, seed=1)
    other_seed = run_in_chunks(lambda s: s.standard_normal(), n_paths=100, seed=2)
    other_key = run_in_chunks(lambda s: s.standard_normal(), n_paths=100, seed=1, key=(1,))
    assert not np.array_equal(base, other_seed)
    assert not np.array_equal(base, other_key)


def test_seed_none_is_reproducible_from_the_resolved_entropy():
    entropy, key = resolve_entropy(None)
    assert key == ()
    first = run_in_chunks(lambda s: s.standard_normal(), n_paths=10, seed=entropy)
    second = run_in_chunks(lambda s: s.standard_normal(), n_paths=10, seed=entropy)
    np.testing.assert_array_equal(first, second)


def test_by_block_adapter_matches_per_block_generators():
    fn = by_block(lambda n, rng: rng.standard_normal((n, 2)))
    got = run_in_chunks(fn, n_paths=B + 5, seed=12, chunk_paths=2 * B)
    block1 = np.random.default_rng(np.random.SeedSequence(12, spawn_key=(1,)))
    np.testing.assert_array_equal(got[B:], block1.standard_normal((5, 2)))


def test_thread_pool_gives_the_serial_result():
    serial = run_in_chunks(_walk, n_paths=3 * B + 1, seed=5, chunk_paths=B)
    with ThreadPoolExecutor(max_workers=2) as pool:
        pooled = run_in_chunks(_walk, n_paths=3 * B + 1, seed=5, chunk_paths=B, executor=pool)
    np.testing.assert_array_equal(pooled["counts"], serial["counts"])
    np.testing.assert_array_equal(pooled["level"], serial["level"])


def test_process_pool_gives_the_serial_result():
    serial = run_in_chunks(_walk, n_paths=2 * B + 3, seed=6)
    with ProcessPoolExecutor(max_workers=2) as pool:
        pooled = run_in_chunks(_walk, n_paths=2 * B + 3, seed=6, chunk_paths=B, executor=pool)
    np.testing.assert_array_equal(pooled["level"], serial["level"])


@pytest.mark.parametrize("n_paths", [0, -3, 2.5])
def test_bad_n_paths_is_rejected(n_paths: float):
    with pytest.raises(ValueError, match="n_paths must be a positive integer"):
        run_in_chunks(_walk, n_paths=n_paths, seed=1)  # type: ignore[arg-type]


@pytest.mark.parametrize("chunk_paths", [0, B - 1, B + 1])
def test_chunk_not_a_multiple_of_the_block_is_rejected(chunk_paths: int):
    with pytest.raises(ValueError, match="multiple of BLOCK_PATHS"):
        run_in_chunks(_walk, n_paths=10, seed=1, chunk_paths=chunk_paths)


def test_output_with_wrong_first_axis_is_rejected():
    with pytest.raises(ValueError, match="first axis must be the chunk's 10 paths"):
        run_in_chunks(lambda s: np.zeros((3, 2)), n_paths=10, seed=1)


@pytest.mark.parametrize("seed", [-1, 1.5, True])
def test_bad_seed_is_rejected(seed: object):
    with pytest.raises(ValueError, match="seed must be a non-negative integer"):
        resolve_entropy(seed)  # type: ignore[arg-type]


def _two_outputs(n: int, rng: np.random.Generator) -> dict[str, np.ndarray]:
    return {"a": rng.standard_normal(n), "b": rng.random((n, 2))}


def test_by_block_stacks_mappings_per_key():
    small = run_in_chunks(by_block(_two_outputs), n_paths=2 * B + 3, seed=8, chunk_paths=B)
    large = run_in_chunks(by_block(_two_outputs), n_paths=2 * B + 3, seed=8,
                          chunk_paths=4 * B)
    block0 = np.random.default_rng(np.random.SeedSequence(8, spawn_key=(0,)))
    np.testing.assert_array_equal(small["a"][:B], block0.standard_normal(B))
    np.testing.assert_array_equal(small["b"][:B], block0.random((B, 2)))
    for key in ("a", "b"):
        np.testing.assert_array_equal(small[key], large[key])
