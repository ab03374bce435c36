"""Hand-built inputs for the report tests (no simulation needed)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from huaian_forecast.report import fonts
from huaian_forecast.simulation import Projection

YEARS = np.arange(2024, 2036)


def make_projection(scenario: str = "baseline", shift: float = 0.0) -> Projection:
    """Four paths per indicator with hand-checkable quantiles.

    hte_count in 2025 is 900, 950, 1000, 1100 (+ shift): P(>= 1000) = 0.5 when shift = 0.
    """
    base = np.array([900.0, 950.0, 1000.0, 1100.0]) + shift
    growth = 1.0 + 0.05 * (YEARS - 2025)
    hte = base[:, None] * growth[None, :]
    share = np.array([30.0, 32.0, 34.0, 36.0])[:, None] + 0.5 * (YEARS - 2024)[None, :]
    manifest = {"seed": 11, "n_paths": 4, "scenario": {"name": scenario},
                "start_year": 2024, "end_year": 2035, "region": "Huai'an",
                "data_hash": "abc123", "data_source": "hand-built",
                "versions": {"python": "3.x", "numpy": np.__version__},
                "model": "hand", "notes": ["hand-built paths"]}
    return Projection(years=YEARS, arrays={"hte_count": hte, "hightech_share": share},
                      scenario=scenario, manifest=manifest)


@pytest.fixture
def projection() -> Projection:
    return make_projection()


@pytest.fixture
def history_table() -> pd.DataFrame:
    rows = [("Huai'an", "hte_count", 2021, 600.0, "exact"),
            ("Huai'an", "hte_count", 2022, 673.0, "upper_bound"),
            ("Huai'an", "hte_count", 2023, 768.0, "exact"),
            ("Huai'an", "hightech_share", 2023, 31.6, "exact"),
            ("Huai'an", "hightech_share", 2022, 30.0, "lower_bound"),
            ("Jiangsu", "hte_count", 2023, 51000.0, "approx")]
    frame = pd.DataFrame(rows, columns=["region", "indicator", "year", "value", "kind"])
    return frame.assign(unit="firms", source="hand", confidence="high", quote="")


@pytest.fixture
def targets_table() -> pd.DataFrame:
    return pd.DataFrame({
        "region": "Huai'an", "indicator": ["hte_count", "hte_count", "key_labs"],
        "year": [2025, 2030, 2025], "threshold": [1000.0, 1500.0, 6.0],
        "direction": "at_least", "unit": ["firms", "firms", "labs"],
        "horizon": "milestone", "source": "hand", "quote": ""})


@pytest.fixture
def no_cjk_font(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fonts, "find_cjk_font", lambda: None)


@pytest.fixture
def cjk_font(monkeypatch: pytest.MonkeyPatch) -> str:
    # DejaVu Sans is always installed; the tests using this fixture never render text
    monkeypatch.setattr(fonts, "find_cjk_font", lambda: "DejaVu Sans")
    return "DejaVu Sans"
