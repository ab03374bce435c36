"""Import hygiene: heavy optional stacks are imported lazily; the public API is tidy.

The import check runs in a fresh interpreter (a subprocess): inside the test session
other tests may already have imported statsmodels or matplotlib, which would hide a
regression. No timing is asserted (that is what ``benchmarks/`` is for).
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

import huaian_forecast as hf

#: Packages that only the functions needing them may import.
LAZY = ("statsmodels", "matplotlib", "openpyxl", "xlsxwriter")

_PROBE = """
import json, sys, warnings
with warnings.catch_warnings(record=True) as caught:
    warnings.simplefilter("always")
    import huaian_forecast
print(json.dumps({
    "modules": sorted({name.split(".")[0] for name in sys.modules}),
    "warnings": [[w.filename, str(w.message)] for w in caught],
}))
"""


@pytest.fixture(scope="module")
def probe() -> dict[str, list]:
    proc = subprocess.run([sys.executable, "-c", _PROBE], capture_output=True, text=True,
                          check=False, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def modules_after_import(probe: dict[str, list]) -> set[str]:
    return set(probe["modules"])


def test_probe_sees_the_package_itself(modules_after_import: set[str]):
    # guards the probe: an empty or wrong module list would make the next test vacuous
    assert "huaian_forecast" in modules_after_import


def test_public_names_are_imported_on_first_use():
    # The package re-exports lazily (PEP 562): the bare import loads neither pandas nor
    # scipy; the first use of a name loads its module (and only then pandas).
    code = ("import sys, huaian_forecast as hf; before = 'pandas' in sys.modules; "
            "hf.simulate; print(before, 'pandas' in sys.modules, "
            "'huaian_forecast.simulation.runner' in sys.modules)")
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, timeout=120)
    assert proc.stdout.split() == ["False", "True", "True"]


_CORE_USE = """
import json, sys
import huaian_forecast as hf
proj = hf.simulate("baseline", n_paths=200, seed=1)
hf.assess(proj, hf.load_targets())
print(json.dumps(sorted({name.split(".")[0] for name in sys.modules})))
"""


@pytest.fixture(scope="module")
def modules_after_core_use() -> set[str]:
    proc = subprocess.run([sys.executable, "-c", _CORE_USE], capture_output=True, text=True,
                          check=False, timeout=300)
    assert proc.returncode == 0, proc.stderr
    return set(json.loads(proc.stdout.strip().splitlines()[-1]))


@pytest.mark.parametrize("name", LAZY)
def test_simulate_and_assess_do_not_import_heavy_package(modules_after_core_use: set[str],
                                                         name: str):
    # the lazy re-exports make the bare import trivially clean; the real rule is that
    # only the functions needing statsmodels / matplotlib / openpyxl / xlsxwriter import them
    assert "pandas" in modules_after_core_use  # guards the probe: the core path did run
    assert name not in modules_after_core_use, (
        f"simulate/assess imported {name}; import it inside the function that needs it")


def test_unknown_attribute_is_an_attribute_error():
    with pytest.raises(AttributeError, match="has no attribute 'simulat'"):
        hf.simulat  # noqa: B018


def test_dir_lists_the_public_api():
    assert set(hf.__all__) <= set(dir(hf))


@pytest.mark.parametrize("name", LAZY)
def test_import_does_not_import_heavy_package(modules_after_import: set[str], name: str):
    assert name not in modules_after_import, (
        f"`import huaian_forecast` imported {name}; import it inside the function that "
        "needs it")


def _isort_key(name: str) -> tuple[int, str]:
    """Ruff RUF022 "isort-style" order: CONSTANTS, then CamelCase, then the rest."""
    if name.isupper():
        return (0, name)
    return (1, name) if name[:1].isupper() else (2, name)


def test_isort_key_orders_like_ruff():
    names = ["simulate", "Target", "__version__", "INDICATORS", "DataError", "assess"]
    assert sorted(names, key=_isort_key) == [
        "INDICATORS", "DataError", "Target", "__version__", "assess", "simulate"]


def test_import_does_not_warn(probe: dict[str, list]):
    # only warnings raised by the package itself (or attributed to the importing line);
    # a third-party library's own import-time warning is not ours to fix
    own = [w for w in probe["warnings"] if "huaian_forecast" in w[0] or w[0] == "<string>"]
    assert own == []


def test_all_is_sorted_and_unique():
    assert list(hf.__all__) == sorted(hf.__all__, key=_isort_key)
    assert len(set(hf.__all__)) == len(hf.__all__)


@pytest.mark.parametrize("name", hf.__all__)
def test_every_public_name_resolves(name: str):
    assert getattr(hf, name) is not None
