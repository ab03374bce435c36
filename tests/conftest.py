"""Shared fixtures."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import pytest

import huaian_forecast as hf


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
