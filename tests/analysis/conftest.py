"""Fixtures of the analysis tests: a two-worker process pool shared by the module."""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor

import pytest


@pytest.fixture(scope="session")
def pool() -> Iterator[ProcessPoolExecutor]:
    # "spawn": no fork of a process that may hold threads (BLAS, pytest plugins)
    with ProcessPoolExecutor(max_workers=2,
                             mp_context=multiprocessing.get_context("spawn")) as ex:
        yield ex
