"""The report package itself imports matplotlib and openpyxl only when drawing/writing."""

from __future__ import annotations

import json
import subprocess
import sys

_PROBE = """
import json, sys
import huaian_forecast, huaian_forecast.report, huaian_forecast.cli
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
