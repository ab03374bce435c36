"""simulate: a request that cannot fit is refused before allocating (not an OOM kill)."""

from __future__ import annotations

import subprocess
import sys

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
