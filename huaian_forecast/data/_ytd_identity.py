"""Which year-to-date figures a table holds: its identity and the manifest's record of it.

A simulation records the figures it read (``ytd_source``, ``ytd_hash``, ``ytd_as_of``) and
an assessment checks that it nowcasts with the same ones, so telling two tables apart
must cost microseconds: the file's SHA-256 while the table is what
:func:`~huaian_forecast.data.load_ytd` read, else a hash of its cells. Public names are
re-exported by :mod:`huaian_forecast.data.ytd`.
"""

from __future__ import annotations

import hashlib
from typing import Any

import pandas as pd

from huaian_forecast.data._regions import region_or

__all__ = ["NO_YTD", "content_hash", "ytd_identity", "ytd_provenance"]

#: :func:`ytd_identity` of a table without rows: no year-to-date figures.
NO_YTD = "none"


def content_hash(table: pd.DataFrame) -> str:
    """Return a SHA-256 of a small table's cells: its columns, then its rows in order.

    Every simulation records it (:func:`ytd_identity`), so it must cost microseconds, not
    the milliseconds of sorting and writing CSV (:func:`~huaian_forecast.data.data_hash`)
    a sweep of 500 runs would pay 500 times.
    """
    cells = [list(map(str, table.columns)), table.to_numpy(dtype=object).tolist()]
    return hashlib.sha256(repr(cells).encode("utf-8")).hexdigest()


def ytd_identity(table: pd.DataFrame | None, region: str | None = None) -> str:
    """Return which year-to-date figures a table holds, to tell two tables apart.

    The SHA-256 of the file :func:`~huaian_forecast.data.load_ytd` read it from (its
    ``attrs["sha256"]``) while the table is unchanged since (``attrs["content_hash"]``),
    else of its cells (columns, then each row's values in order); :data:`NO_YTD` for
    None, a table without rows or, with ``region``, without a row of that region (rows
    without a region count for any). A simulation records it in its manifest
    (``ytd_hash``), so that an assessment can check that it nowcasts with the figures the
    simulation used.

    Examples
    --------
    >>> from huaian_forecast.data import load_ytd
    >>> ytd_identity(load_ytd()) == load_ytd().attrs["sha256"]
    True
    """
    if table is None or len(table) == 0:
        return NO_YTD
    if region is not None and "region" in table and not any(  # plain Python: a few rows
            region_or(r, region) == region for r in table["region"].tolist()):
        return NO_YTD
    digest, content = table.attrs.get("sha256"), content_hash(table)
    # the file's hash only while the table is what was read: pandas carries attrs into an
    # edited copy, which would otherwise pass for the file
    if (isinstance(digest, str) and digest and digest != NO_YTD
            and table.attrs.get("content_hash") == content):
        return digest
    return content


def ytd_provenance(table: pd.DataFrame | None, region: str) -> dict[str, Any]:
    """Return the manifest's record of the year-to-date figures a simulation used.

    ``ytd_source`` (the file, or ``"table"``), ``ytd_hash`` (:func:`ytd_identity`),
    ``ytd_as_of`` (the latest ``as_of`` of those rows: another region's later figure,
    which the run does not use, does not date it) and ``ytd_as_of_by_indicator`` (each
    indicator's own latest ``as_of`` among the rows of ``region`` or of no region, the
    figure a nowcast reads: the figures of one file can be of different days);
    :data:`NO_YTD`, an empty date and an empty mapping for no table, or one without a row
    of ``region`` (it set nothing).

    Examples
    --------
    >>> ytd_provenance(None, "Huai'an")
    {'ytd_source': 'none', 'ytd_hash': 'none', 'ytd_as_of': '', 'ytd_as_of_by_indicator': {}}
    >>> from huaian_forecast.data import load_ytd
    >>> ytd_provenance(load_ytd(), "Huai'an")["ytd_as_of_by_indicator"]["tech_contracts"]
    '2024-06-16'
    """
    digest = ytd_identity(table, region)
    if table is None or digest == NO_YTD:
        return {"ytd_source": NO_YTD, "ytd_hash": NO_YTD, "ytd_as_of": "",
                "ytd_as_of_by_indicator": {}}
    dates: dict[str, str] = {}
    regions = table["region"].tolist() if "region" in table else [""] * len(table)
    for key, day, where in zip(table["indicator"].tolist(), table["as_of"].tolist(), regions,
                               strict=True):
        if region_or(where, region) == region:  # no region: the run's
            dates[str(key)] = max(dates.get(str(key), ""), str(day))
    return {"ytd_source": str(table.attrs.get("source", "") or "table"),
            "ytd_hash": digest, "ytd_as_of": max(dates.values(), default=""),
            "ytd_as_of_by_indicator": dict(sorted(dates.items()))}
