"""Shared fixtures."""

from __future__ import annotations

import pandas as pd
import pytest

import huaian_forecast as hf


@pytest.fixture(scope="session")
def history() -> pd.DataFrame:
    return hf.load_history()


@pytest.fixture(scope="session")
def targets() -> pd.DataFrame:
    return hf.load_targets()
