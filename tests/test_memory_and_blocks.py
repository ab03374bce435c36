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
        anchors = anchors_from_history(history, "Huai'an")
        out = project_structural(load_scenario("baseline"), years=years, shocks=shocks,
                                 anchors=anchors, indicators=["hte_count"])
        assert shocks.noise.drawn is drawn
        if drawn:  # the approx 2025 value is imposed with its noise, around 1,100
            assert out["hte_count"][:, 1].std() > 0
            assert abs(np.median(out["hte_count"][:, 1]) - 1100) < 60
