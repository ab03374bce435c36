"""Locate the bundled reference data, in a source checkout and in an installed wheel.

In a wheel the repository's ``data/`` folder is shipped as ``huaian_forecast/_data``
(see ``pyproject.toml``); in an editable install or a source checkout it is read from the
repository's top-level ``data/`` folder.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

__all__ = ["data_dir", "data_file", "file_sha256"]

#: The package root (``huaian_forecast/``), two levels above this file.
_PACKAGE_DIR = Path(__file__).resolve().parent.parent


def data_dir() -> Path:
    """Return the folder holding the bundled reference data."""
    for candidate in (_PACKAGE_DIR / "_data", _PACKAGE_DIR.parent / "data"):
        if (candidate / "observations.csv").is_file():
            return candidate
    raise FileNotFoundError(
        "bundled data not found: expected huaian_forecast/_data (wheel) or data/ beside "
        "the package (source checkout); the installation is incomplete"
    )


def data_file(name: str) -> Path:
    """Return the path of one bundled data file, e.g. ``"targets.csv"``."""
    path = data_dir() / name
    if not path.is_file():
        raise FileNotFoundError(f"bundled data file {name!r} not found in {data_dir()}")
    return path


def file_sha256(path: Path) -> str:
    """Return the SHA-256 hex digest of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()
