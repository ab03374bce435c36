"""A planner's history completed with the bundled reference regions it lacks.

Several parts of the models learn from regions other than the one simulated: the status
quo of R&D intensity (catch-up across regions), of the high-tech share (a pooled slope) and
of the HTE flow are calibrated across regions, and the growth families take priors from
reference regions (Jiangsu, Subei, peers). A planner's own file usually holds Huai'an
alone; read as it is, those calibrations fail and assumed rates take their place, which
moved R&D intensity 2030 from 0.19 to 0.50 with the very same Huai'an figures.
:func:`with_reference_regions` adds the bundled rows of every region the file has no row
of; the file's own rows (of its regions) are never replaced. The command line does this
for ``--data`` and says so.
"""

from __future__ import annotations

import pandas as pd

from huaian_forecast.data._regions import HOME_REGION

__all__ = ["with_reference_regions"]


def with_reference_regions(history: pd.DataFrame, *, region: str = HOME_REGION,
                           reference: pd.DataFrame | None = None) -> pd.DataFrame:
    """Return ``history`` plus the bundled rows of the regions it has no row of.

    Parameters
    ----------
    history : pandas.DataFrame
        A history table (:func:`~huaian_forecast.load_history` of a planner's file).
    region : str
        The region simulated: never added, so its figures are the file's (a file
        without them, say under a misspelt name, is not quietly given the bundled ones).
    reference : pandas.DataFrame, optional
        The bundled history when the caller has read it already (default: read here).

    Returns
    -------
    pandas.DataFrame
        ``history`` itself when it lacks no bundled region; else a new table, the
        history's rows first, with ``attrs["reference_regions"]`` naming the regions
        added (the other ``attrs``, such as ``source``, are the history's).

    Examples
    --------
    >>> import huaian_forecast as hf
    >>> mine = hf.load_history()
    >>> mine = mine[mine["region"] == "Huai'an"]
    >>> full = with_reference_regions(mine)
    >>> "Jiangsu" in full.attrs["reference_regions"], len(full) == len(hf.load_history())
    (True, True)
    """
    from huaian_forecast.data.loading import load_history

    reference = load_history() if reference is None else reference
    extra = reference[~reference["region"].isin({*history["region"], region})]
    if extra.empty:
        return history
    out = pd.concat([history, extra], ignore_index=True)
    out.attrs = {**history.attrs,
                 "reference_regions": sorted(map(str, extra["region"].unique()))}
    return out
