"""The report package itself imports matplotlib and the xlsx writers only when drawing/writing."""

from __future__ import annotations

import json
import subprocess
import sys

_PROBE = """
import json, sys
import huaian_forecast, huaian_forecast.report, huaian_forecast.cli.main
print(json.dumps(sorted({name.split(".")[0] for name in sys.modules})))
"""


def test_importing_report_and_cli_imports_no_matplotlib_or_openpyxl():
    proc = subprocess.run([sys.executable, "-c", _PROBE], capture_output=True, text=True,
                          check=False, timeout=120)
    assert proc.returncode == 0, proc.stderr
    modules = set(json.loads(proc.stdout.strip().splitlines()[-1]))
    assert "huaian_forecast" in modules  # the probe saw the package
    assert "matplotlib" not in modules
    assert "openpyxl" not in modules
    assert "xlsxwriter" not in modules


_HEADLESS = """
import matplotlib
from huaian_forecast.report.charts import plot_fan
from huaian_forecast.simulation import Projection
import numpy as np
proj = Projection(years=np.arange(2024, 2027), arrays={"hte_count": np.ones((3, 3))},
                  scenario="s")
ax = plot_fan(proj, "hte_count", lang="en")
print(matplotlib.get_backend().lower())
"""


def test_charts_use_agg_without_a_display():
    import os

    env = {k: v for k, v in os.environ.items()
           if k not in ("DISPLAY", "WAYLAND_DISPLAY", "MPLBACKEND")}
    proc = subprocess.run([sys.executable, "-c", _HEADLESS], capture_output=True, text=True,
                          check=False, timeout=120, env=env)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip().splitlines()[-1] == "agg"


_SUBMODULES = """
import huaian_forecast.simulation as simulation
import huaian_forecast.report as report
# the modules of the lazy packages are attributes, as when __init__ imported them eagerly
print(simulation.runner.simulate.__name__, simulation.memo.SimulationMemo.__name__,
      simulation.projection.Projection.__name__, simulation.settings.RunSpec.__name__,
      report.writer.write_report.__name__)
"""


def test_the_modules_of_the_lazy_packages_are_their_attributes():
    """``simulation.runner`` works whatever was imported before (monkeypatch targets)."""
    proc = subprocess.run([sys.executable, "-c", _SUBMODULES], capture_output=True,
                          text=True, check=False, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split() == ["simulate", "SimulationMemo", "Projection", "RunSpec",
                                   "write_report"]


_CHART_PROCESS = """
import json, pathlib, sys, tempfile
import numpy as np
import pandas as pd
from huaian_forecast.report.chart_process import _warm_up
_warm_up()
from huaian_forecast.report.chart_files import draw_chart_files
from huaian_forecast.simulation import Projection
proj = Projection(years=np.arange(2024, 2027), arrays={"hte_count": np.ones((3, 3))},
                  scenario="s", manifest={"region": "Huai'an"})
history = pd.DataFrame({"region": ["Huai'an"], "indicator": ["hte_count"], "year": [2023],
                        "value": [1.0], "kind": ["exact"], "source": ["x"]})
folder = pathlib.Path(tempfile.mkdtemp())
draw_chart_files(folder, proj, {"s": None}, history, None, "en", None,
                 order=["fan_hte_count.png"])
print(json.dumps(sorted(sys.modules)))
"""


def test_the_chart_process_draws_without_importing_the_models():
    """A fan chart reads the projection's region without importing the models.

    ``Projection.region`` once imported its default from ``structural``: growth and
    ``scipy.special`` came with it, a quarter second of each chart process's first chart
    (about 0.1 s of every report's wall time on two cores).
    """
    proc = subprocess.run([sys.executable, "-c", _CHART_PROCESS], capture_output=True,
                          text=True, check=False, timeout=120)
    assert proc.returncode == 0, proc.stderr
    modules = set(json.loads(proc.stdout.strip().splitlines()[-1]))
    assert "huaian_forecast.report.charts" in modules  # the probe drew through the charts
    assert "huaian_forecast.structural" not in modules
    assert "huaian_forecast.growth" not in modules
    assert "scipy" not in modules
