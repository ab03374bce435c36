"""The bundled data loads from a built wheel installed into a fresh virtual environment.

The new venv sees the packages of the environment running the tests (numpy, pandas, ...
are not downloaded again, and no index is needed) through a ``.pth`` file listing that
environment's site-packages; ``system_site_packages=True`` alone is not enough, because
when the tests run inside a virtual environment the "system" packages are the base
interpreter's, which lack pandas. The wheel is installed into the new venv itself, whose
own site-packages come first on ``sys.path``; the check runs from an empty temporary
directory and asserts the imported package is the wheel's.
"""

from __future__ import annotations

import json
import site
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

CHECK = """
import json, sys
import huaian_forecast as hf
from huaian_forecast.data._resources import data_dir
hist = hf.load_history()
targets = hf.load_targets()
out = {"file": hf.__file__, "data_dir": str(data_dir()), "n_history": len(hist),
       "n_targets": len(targets), "hte_2023": hist.query(
           "region == \\"Huai'an\\" and indicator == 'hte_count' and year == 2023"
       )["value"].tolist(), "scenarios": []}
try:
    from huaian_forecast.scenarios import list_scenarios, load_scenario
except ImportError:
    pass
else:
    out["scenarios"] = [load_scenario(name).name for name in list_scenarios()]
from huaian_forecast.report._html_font import vocabulary_characters, vocabulary_font_path
out["vocabulary_font"] = str(vocabulary_font_path())
out["vocabulary_characters"] = len(vocabulary_characters())
print(json.dumps(out))
"""


def _see_outer_packages(python: Path) -> None:
    """Append this environment's site-packages to the new venv's ``sys.path``."""
    outer = [*site.getsitepackages(), sysconfig.get_paths()["purelib"]]
    inner = subprocess.run([str(python), "-c", "import sysconfig; "
                            "print(sysconfig.get_paths()['purelib'])"],
                           capture_output=True, text=True, check=True).stdout.strip()
    lines = dict.fromkeys(p for p in outer if Path(p).is_dir())  # ordered, unique
    (Path(inner) / "_outer_env.pth").write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.mark.slow
def test_bundled_data_loads_from_an_installed_wheel(tmp_path: Path):
    dist = tmp_path / "dist"
    subprocess.run([sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps",
                    "--quiet", "-w", str(dist)], check=True, timeout=300, cwd=tmp_path)
    (wheel,) = dist.glob("huaian_forecast-*.whl")
    env_dir = tmp_path / "venv"
    venv.create(env_dir, system_site_packages=True, with_pip=False)
    python = env_dir / "bin" / "python"
    _see_outer_packages(python)
    # --ignore-installed: the same version may already be installed in the system
    # site-packages (CI installs the project before running the tests); pip must still put
    # the wheel into the venv instead of calling it "already satisfied"
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install",
                    "--no-deps", "--no-index", "--ignore-installed", "--quiet", str(wheel)],
                   check=True, timeout=300, cwd=tmp_path)
    work = tmp_path / "elsewhere"
    work.mkdir()
    result = subprocess.run([str(python), "-c", CHECK], capture_output=True, text=True,
                            check=True, timeout=300, cwd=work)
    got = json.loads(result.stdout)
    assert Path(got["file"]).is_relative_to(env_dir), got["file"]
    assert Path(got["data_dir"]) == Path(got["file"]).parent / "_data"
    assert got["n_history"] > 50
    assert got["n_targets"] >= 12
    assert got["hte_2023"] == [768.0]
    # the briefing's vocabulary font (package data beside the modules) is in the wheel
    assert Path(got["vocabulary_font"]).is_relative_to(env_dir), got["vocabulary_font"]
    assert got["vocabulary_characters"] > 500  # and the list of its characters beside it
    bundled = sorted(p.stem for p in (ROOT / "data" / "scenarios").glob("*.toml"))
    if bundled:
        assert sorted(got["scenarios"]) == bundled
