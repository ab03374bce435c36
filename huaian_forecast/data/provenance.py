"""Provenance of a result: seed, package versions, data hash."""

from __future__ import annotations

import functools
import hashlib
import platform
from importlib import metadata

import pandas as pd

__all__ = ["data_hash", "package_versions"]

_PACKAGES = ("huaian_forecast", "numpy", "scipy", "pandas", "statsmodels")


def package_versions(packages: tuple[str, ...] | None = None) -> dict[str, str]:
    """Versions of packages, read from their metadata (nothing is imported).

    Parameters
    ----------
    packages : tuple of str, optional
        Distribution names; default: Python itself and the packages that can change
        results (huaian_forecast, numpy, scipy, pandas, statsmodels).
    """
    if packages is None:
        return {"python": platform.python_version(), **_versions(_PACKAGES)}
    return dict(_versions(packages))


@functools.cache
def _versions(packages: tuple[str, ...]) -> dict[str, str]:
    # reading package metadata costs ~13 ms; versions cannot change within a process
    out = {}
    for name in packages:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "not installed"
    return out


def data_hash(table: pd.DataFrame) -> str:
    """SHA-256 of a table's content, independent of its row order and index."""
    cols = sorted(table.columns)
    canon = table[cols].sort_values(cols, kind="stable").to_csv(index=False, lineterminator="\n")
    return hashlib.sha256(canon.encode("utf-8")).hexdigest()
