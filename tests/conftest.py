"""Shared fixtures."""

from __future__ import annotations

import os
from collections.abc import Callable

import pandas as pd
import pytest
from hypothesis import settings

import huaian_forecast as hf

#: Hypothesis profiles: ``small`` (the default: few examples, derandomised, so a run is
#: fast and repeatable) and ``long`` (``HYPOTHESIS_PROFILE=long``: many random examples,
#: for a nightly CI run). Tests that set ``max_examples`` themselves keep their number.
settings.register_profile("small", max_examples=50, derandomize=True, deadline=None,
                          print_blob=True)
settings.register_profile("long", max_examples=2_000, deadline=None, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "small"))


@pytest.fixture(autouse=True)
def _english_by_default(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tests read English output unless they pass ``--lang zh``.

    The command line's default language is Chinese (``cli.console.DEFAULT_LANG``);
    tests of that default remove the variable themselves.
    """
    monkeypatch.setenv("HUAIAN_FORECAST_LANG", "en")


@pytest.fixture(scope="session")
def history() -> pd.DataFrame:
    return hf.load_history()


@pytest.fixture(scope="session")
def targets() -> pd.DataFrame:
    return hf.load_targets()


#: ``run_cli(*argv) -> (exit code, stdout, stderr)``.
RunCli = Callable[..., tuple[int, str, str]]


@pytest.fixture
def run_cli(capsys: pytest.CaptureFixture[str]) -> RunCli:
    """Run ``huaian-forecast`` in this process and capture its output.

    argparse usage errors leave through ``SystemExit``; their code is returned like any
    other exit code.
    """
    from huaian_forecast.cli.main import main

    def run(*argv: str) -> tuple[int, str, str]:
        try:
            code = main(list(argv))
        except SystemExit as exc:
            code = int(exc.code or 0)
        out, err = capsys.readouterr()
        return code, out, err

    return run
