"""Same data + scenario + seed -> identical numbers: across runs, processes, executors and
row orders of the input file; the manifest holds what is needed to re-run."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import huaian_forecast as hf
from huaian_forecast.data import data_hash
from huaian_forecast.data._resources import data_file

N_PATHS = 400


def _digest(proj: hf.Projection) -> str:
    h = hashlib.sha256()
    for key in sorted(proj.indicators):
        h.update(key.encode())
        h.update(np.ascontiguousarray(proj.paths(key), dtype=np.float64).tobytes())
    return h.hexdigest()


def _same(a: hf.Projection, b: hf.Projection) -> None:
    assert a.indicators == b.indicators
    np.testing.assert_array_equal(a.years, b.years)
    for key in a.indicators:
        np.testing.assert_array_equal(a.paths(key), b.paths(key), err_msg=key)


def _shuffled(source: Path, dest: Path, seed: int) -> Path:
    lines = source.read_text(encoding="utf-8").splitlines(keepends=True)
    body = lines[1:]
    order = np.random.default_rng(seed).permutation(len(body))
    dest.write_text(lines[0] + "".join(body[i] for i in order), encoding="utf-8")
    return dest


def test_same_seed_gives_identical_numbers_and_manifest():
    first = hf.simulate("baseline", n_paths=N_PATHS, seed=11, end_year=2030)
    second = hf.simulate("baseline", n_paths=N_PATHS, seed=11, end_year=2030)
    _same(first, second)
    assert first.manifest == second.manifest
    other = hf.simulate("baseline", n_paths=N_PATHS, seed=12, end_year=2030)
    assert _digest(other) != _digest(first)


def test_fresh_processes_give_the_same_numbers(tmp_path: Path):
    """Two interpreters (different hash seeds, so set/dict orders differ) agree bit for bit.

    Both runs are fresh processes, so the check does not depend on what this test process
    imported or cached before.
    """
    code = (
        "import hashlib, numpy as np, huaian_forecast as hf\n"
        f"p = hf.simulate('baseline', n_paths={N_PATHS}, seed=3, end_year=2030)\n"
        "h = hashlib.sha256()\n"
        "for k in sorted(p.indicators):\n"
        "    h.update(k.encode())\n"
        "    h.update(np.ascontiguousarray(p.paths(k), dtype=np.float64).tobytes())\n"
        "print(h.hexdigest())\n"
    )
    digests = []
    for hash_seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                check=True, cwd=tmp_path, timeout=300, env=env)
        digests.append(result.stdout.strip())
    assert len(digests[0]) == 64
    assert digests[0] == digests[1]


def test_manifest_is_enough_to_re_run():
    proj = hf.simulate("baseline", n_paths=N_PATHS, seed=5, end_year=2030)
    m = proj.manifest
    assert m["data_hash"] == data_hash(hf.load_history())
    again = hf.simulate(m["scenario"].get("origin") or m["scenario"]["name"],
                        n_paths=m["n_paths"], seed=m["seed"], start_year=m["start_year"],
                        end_year=m["end_year"], region=m["region"])
    _same(proj, again)


@pytest.mark.parametrize("seed", [1, 2])
def test_row_order_of_the_bundled_file_is_irrelevant(tmp_path: Path, seed: int):
    path = _shuffled(data_file("observations.csv"), tmp_path / "shuffled.csv", seed)
    original, shuffled = hf.load_history(), hf.load_history(path)
    pd.testing.assert_frame_equal(original, shuffled)
    assert data_hash(original) == data_hash(shuffled)
    a = hf.simulate("baseline", n_paths=N_PATHS, seed=7, end_year=2030, history=original)
    b = hf.simulate("baseline", n_paths=N_PATHS, seed=7, end_year=2030, history=shuffled)
    _same(a, b)
    assert a.manifest["data_hash"] == b.manifest["data_hash"]


def test_row_order_of_a_file_without_sources_is_irrelevant(tmp_path: Path):
    table = hf.load_history()
    own = table.drop_duplicates(["region", "indicator", "year", "kind"])[
        ["region", "indicator", "year", "value", "kind"]]
    own.to_csv(tmp_path / "own.csv", index=False)
    shuffled = own.sample(frac=1.0, random_state=4)
    shuffled.to_csv(tmp_path / "own_shuffled.csv", index=False)
    a, b = hf.load_history(tmp_path / "own.csv"), hf.load_history(tmp_path / "own_shuffled.csv")
    assert data_hash(a) != data_hash(table)
    assert data_hash(a) == data_hash(b.assign(source=a["source"]))
    _same(hf.simulate("baseline", n_paths=N_PATHS, seed=9, end_year=2030, history=a),
          hf.simulate("baseline", n_paths=N_PATHS, seed=9, end_year=2030, history=b))


def test_shuffled_history_frame_gives_the_same_projection():
    table = hf.load_history()
    shuffled = table.sample(frac=1.0, random_state=0).reset_index(drop=True)
    _same(hf.simulate("baseline", n_paths=N_PATHS, seed=2, end_year=2030, history=table),
          hf.simulate("baseline", n_paths=N_PATHS, seed=2, end_year=2030, history=shuffled))


@pytest.mark.slow
def test_process_pool_and_serial_compare_agree():
    from huaian_forecast.analysis.compare import compare
    from huaian_forecast.scenarios import list_scenarios

    names = sorted(list_scenarios(), key=lambda n: n != "baseline")[:2]
    targets = hf.load_targets()
    serial = compare(names, targets, n_paths=N_PATHS, seed=21)
    with ProcessPoolExecutor(max_workers=2) as pool:
        parallel = compare(names, targets, n_paths=N_PATHS, seed=21, executor=pool)
    pd.testing.assert_frame_equal(serial, parallel)
