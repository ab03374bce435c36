"""Provenance of a result: seed, package versions, data hash, method.

:func:`result_provenance` is the one definition of what every public result records
(:data:`PROVENANCE_KEYS`); :func:`with_provenance` attaches it to a table as
``DataFrame.attrs["provenance"]`` and :func:`provenance_of` reads it back. A
:class:`~huaian_forecast.simulation.Projection` gives its own as ``projection.provenance``
(from its manifest); the sweeps (compare, frontier, solver, sensitivity, ranking) make it
from their run settings.
"""

from __future__ import annotations

import copy
import functools
import hashlib
import platform
from collections.abc import Iterable, Mapping
from importlib import metadata
from typing import Any

import pandas as pd

__all__ = ["PROVENANCE_KEYS", "data_hash", "package_versions", "provenance_of",
           "result_provenance", "versions_text", "with_provenance"]

#: Keys of a result's provenance, in this order (:func:`result_provenance`).
PROVENANCE_KEYS: tuple[str, ...] = ("seed", "n_paths", "data_hash", "targets_hash",
                                    "ytd_hash", "scenarios", "method", "honest_width",
                                    "versions")

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


def result_provenance(*, seed: int | None, n_paths: int | None, data_hash: str | None,
                      scenarios: Iterable[str] = (), targets_hash: str | None = None,
                      ytd_hash: str | None = None, method: str | None = None,
                      honest_width: Mapping[str, Mapping[Any, float]] | None = None,
                      versions: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Return the provenance every public result records: one plain dict.

    Parameters
    ----------
    seed : int or None
        The seed the result was computed with (None only where nothing was drawn).
    n_paths : int or None
        Monte Carlo paths per simulation (None where nothing was simulated).
    data_hash : str or None
        :func:`data_hash` of the observation table used.
    scenarios : iterable of str
        Names of the scenarios simulated (empty where none: a growth-family result).
    targets_hash : str, optional
        Hash of the targets assessed, where the result assesses targets
        (:func:`huaian_forecast.assessment.targets_hash`).
    ytd_hash : str, optional
        Which year-to-date figures the simulations read (the manifest's ``ytd_hash``,
        :func:`~huaian_forecast.data.ytd_identity`; ``"none"`` for none), where a
        simulation read any.
    method : str, optional
        How the paths were computed: ``"structural"`` (the lever-driven scenario model)
        or ``"trend"`` (growth fits only), the manifest's ``method``; None where no
        :func:`~huaian_forecast.simulate` made the result (a growth-family table).
    honest_width : mapping, optional
        Where the paths were widened to their backtest's honest width
        (:func:`~huaian_forecast.analysis.widen_projection`): per indicator the factor per
        horizon bucket (``{"rd_intensity": {1: 1.9, 2: 1.3, 3: 1.9}}``, bucket 3 = three
        years or more), recorded with the buckets as strings (JSON keys); None where no
        widening was applied.
    versions : mapping, optional
        Package versions (default: :func:`package_versions`, those of this process).

    Returns
    -------
    dict
        Keys :data:`PROVENANCE_KEYS`; values are plain ``int``, ``str``, ``list`` and
        ``dict`` (JSON-ready, picklable, and equal when the inputs are).

    Examples
    --------
    >>> prov = result_provenance(seed=1, n_paths=200, data_hash="ab", scenarios=["baseline"])
    >>> prov["seed"], prov["scenarios"], "numpy" in prov["versions"]
    (1, ['baseline'], True)
    """
    return {"seed": None if seed is None else int(seed),
            "n_paths": None if n_paths is None else int(n_paths),
            "data_hash": None if data_hash is None else str(data_hash),
            "targets_hash": None if targets_hash is None else str(targets_hash),
            "ytd_hash": None if ytd_hash is None else str(ytd_hash),
            "scenarios": [str(s) for s in scenarios],
            "method": None if method is None else str(method),
            "honest_width": None if honest_width is None else {
                str(key): {str(b): float(k) for b, k in per_bucket.items()}
                for key, per_bucket in honest_width.items()},
            "versions": dict(package_versions() if versions is None else versions)}


class RecordedProvenance(dict):
    """A provenance as a table records it: a dict nobody changes, so copies may share it.

    pandas deep-copies ``attrs`` on every operation on a table (thousands of times in a
    report: about 0.1 s); a recorded provenance is its own deep copy instead. Changing it
    (or a dict inside it) raises ``TypeError``: :func:`provenance_of` returns a plain
    copy. It compares, prints and serialises (JSON, pickle) as the plain dict it holds;
    ``copy.deepcopy`` of a table's ``attrs`` shares it.
    """

    def __deepcopy__(self, memo: dict[int, Any]) -> RecordedProvenance:
        return self

    def __copy__(self) -> RecordedProvenance:
        return self

    def __reduce__(self) -> tuple[Any, ...]:
        return (_recorded, (_plain(self),))

    def _read_only(self, *args: Any, **kwargs: Any) -> Any:
        raise TypeError("a recorded provenance is read-only: data.provenance_of(result) "
                        "returns a copy to change")

    __setitem__ = __delitem__ = _read_only
    update = pop = popitem = clear = setdefault = __ior__ = _read_only


def _plain(value: Any) -> Any:
    """Return ``value`` with every mapping inside it a plain dict (a deep copy)."""
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items()}
    return copy.deepcopy(value)


def _recorded(value: Any) -> Any:
    """Return ``value`` with every mapping inside it a :class:`RecordedProvenance`."""
    if isinstance(value, Mapping):
        return RecordedProvenance({k: _recorded(v) for k, v in value.items()})
    return copy.deepcopy(value)


def with_provenance(frame: pd.DataFrame, provenance: Mapping[str, Any]) -> pd.DataFrame:
    """Record ``provenance`` as ``frame.attrs["provenance"]`` (a copy) and return ``frame``.

    The frame is changed in place: call it on a table the library has just made. pandas
    keeps ``attrs`` through copies, selections and sorting but drops them in ``concat``
    of tables with different attrs and in ``merge``: attach after those. The copy is a
    read-only :class:`RecordedProvenance` (the copies pandas makes share it).
    """
    frame.attrs["provenance"] = _recorded(provenance)  # nested too: honest_width
    return frame


def provenance_of(result: Any) -> dict[str, Any] | None:
    """Return the provenance recorded on a result (table, solution, projection), or None.

    Reads ``result.attrs["provenance"]`` of a table, ``result.provenance`` of a
    :class:`~huaian_forecast.analysis.LeverSolution` or a
    :class:`~huaian_forecast.simulation.Projection`.
    """
    attrs = getattr(result, "attrs", None)
    if isinstance(attrs, Mapping) and isinstance(attrs.get("provenance"), Mapping):
        return dict(_plain(attrs["provenance"]))  # a plain copy, nested dicts too
    prov = getattr(result, "provenance", None)
    return dict(_plain(prov)) if isinstance(prov, Mapping) else None


def versions_text(versions: Mapping[str, str]) -> str:
    """Versions as one compact line, ``"python=3.11.9 numpy=2.1.0 ..."`` (for flat records)."""
    return " ".join(f"{k}={v}" for k, v in versions.items())
