"""Targets and the reachability assessment: ``assess(projection, targets)``."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd

from huaian_forecast.assessment import progress
from huaian_forecast.assessment.observed import observed_note
from huaian_forecast.assessment.policy_target import (
    Target,
    target_items,
    targets_from_frame,
    targets_hash,
)
from huaian_forecast.assessment.year_to_date import check_same_ytd, with_nowcast
from huaian_forecast.data import load_ytd, with_provenance, ytd_identity
from huaian_forecast.simulation import Projection

__all__ = [
    "ASSESS_COLUMNS",
    "OTHER_REGION_NOTE",
    "Target",
    "assess",
    "met_matrix",
    "target_columns",
    "targets_from_frame",
    "targets_hash",
    "wilson_interval",
]

#: Columns of the table returned by :func:`assess`, in order (see :func:`assess`).
ASSESS_COLUMNS: tuple[str, ...] = (
    "indicator", "year", "threshold", "direction", "tier", "region", "p_reach", "p_reach_se",
    "p_reach_lo", "p_reach_hi", "q10", "q50", "median", "q90",
    "first_year_median", "p_crossed_by_year", "p_joint_year", "n_joint",
    "last_year", "last_value", "required_growth", "anticipated_growth", "growth_ratio",
    "p_growth_sufficient", "years_behind", "label", "note",
    "p_models_min", "p_models_max", "models_disagree", "disagreement", "p_source",
    "p_before_ytd",
)

#: Normal quantile of the two-sided 95 % Wilson interval of ``p_reach``.
_Z95 = 1.959963984540054


def wilson_interval(p: float, n: int, z: float = _Z95) -> tuple[float, float]:
    r"""Wilson score interval of a binomial proportion ``p`` observed in ``n`` trials.

    Parameters
    ----------
    p : float
        Observed proportion.
    n : int
        Number of trials (paths).
    z : float
        Normal quantile (default: 95 % two-sided).

    Returns
    -------
    tuple of float
        ``(lower, upper)``.

    Notes
    -----
    .. math:: \frac{p + z^2/2n \pm z \sqrt{p(1-p)/n + z^2/4n^2}}{1 + z^2/n}

    Unlike ``p +- z se`` it stays inside [0, 1] and is not degenerate at 0 or 1.

    Examples
    --------
    >>> [round(x, 4) for x in wilson_interval(0.0, 100)]
    [0.0, 0.037]
    """
    denom = 1.0 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    lower = 0.0 if p <= 0.0 else max(0.0, centre - half)
    upper = 1.0 if p >= 1.0 else min(1.0, centre + half)
    return float(lower), float(upper)


def target_columns(projection: Projection, targets: pd.DataFrame | Iterable[Target]
                   ) -> tuple[list[Target], np.ndarray, np.ndarray]:
    """Per path and target, the value of the target's indicator in its year.

    The one rule of which targets a projection's paths tell (met or missed): the
    indicator is simulated, the year is among the projection's years and the target is
    the projection's region's (:meth:`Target.is_for`). :func:`met_matrix` and the sweeps
    (:func:`huaian_forecast.analysis.sweep.evaluate`) read it.

    Parameters
    ----------
    projection : Projection
        Simulated paths.
    targets : DataFrame or iterable of Target
        The targets.

    Returns
    -------
    targets : list of Target
        The targets, in order.
    values : numpy.ndarray
        Array ``(n_paths, n_targets)``: the target-year value on each path; NaN in the
        column of a target the paths do not tell.
    told : numpy.ndarray
        Array ``(n_targets,)`` of bool: whether the paths tell the target.

    Examples
    --------
    >>> proj = Projection(years=np.array([2024, 2025]), scenario="demo",
    ...                   arrays={"hte_count": np.array([[850., 950.], [900., 1050.]])})
    >>> _, values, told = target_columns(
    ...     proj, [Target(indicator="hte_count", year=2025, threshold=1000),
    ...            Target(indicator="hte_count", year=2030, threshold=1500)])
    >>> values[:, 0].tolist(), told.tolist()
    ([950.0, 1050.0], [True, False])
    """
    items = target_items(targets)
    years = list(projection.years)
    region = projection.region
    values = np.full((projection.n_paths, len(items)), np.nan)
    told = np.zeros(len(items), dtype=bool)
    for j, t in enumerate(items):
        if t.is_for(region) and t.indicator in projection.arrays and t.year in years:
            values[:, j] = projection.arrays[t.indicator][:, years.index(t.year)]
            told[j] = True
    return items, values, told


def met_matrix(projection: Projection,
               targets: pd.DataFrame | Iterable[Target]) -> tuple[list[Target], np.ndarray]:
    """Per path and target, whether the target is met in its year.

    Parameters
    ----------
    projection : Projection
        Simulated paths.
    targets : DataFrame or iterable of Target
        The targets.

    Returns
    -------
    targets : list of Target
        The targets, in order.
    met : numpy.ndarray
        Array ``(n_paths, n_targets)`` of floats: 1.0 met, 0.0 missed (a NaN value
        too), NaN where the indicator or year is not simulated, or the target is another
        region's (:func:`target_columns`).
    """
    items, values, told = target_columns(projection, targets)
    return items, _met(items, values, told)


def _met(items: list[Target], values: np.ndarray, told: np.ndarray) -> np.ndarray:
    """Return :func:`met_matrix`'s array from :func:`target_columns`' values."""
    met = np.full(values.shape, np.nan)
    for j in np.flatnonzero(told):
        met[:, j] = items[j].met(values[:, j])
    return met


def _first_crossing(paths: np.ndarray, years: np.ndarray, target: Target) -> np.ndarray:
    """First simulated year each path meets the target (``inf`` if never)."""
    met = target.met(paths)
    first = np.argmax(met, axis=1)
    return np.where(met.any(axis=1), years[first].astype(float), np.inf)


def _crossing_columns(paths: np.ndarray, years: np.ndarray, t: Target) -> dict[str, object]:
    first = _first_crossing(paths, years, t)
    med = float(np.median(first))
    return {"first_year_median": med if np.isfinite(med) else np.nan,
            "p_crossed_by_year": float(np.mean(first <= t.year))}


def _progress_columns(col: np.ndarray, t: Target,
                      last: tuple[int, float] | None) -> dict[str, object]:
    if last is None or last[0] >= t.year or last[1] <= 0:
        return {}
    n = t.year - last[0]
    median = float(np.median(col))
    g_r = progress.required_growth(last[1], t.threshold, n)
    g_a = float(progress.cagr(last[1], median, n))
    path_growth = progress.cagr(last[1], col, n)
    sufficient = path_growth >= g_r if t.direction == "at_least" else path_growth <= g_r
    return {"last_year": last[0], "last_value": last[1], "required_growth": g_r,
            "anticipated_growth": g_a,
            "growth_ratio": g_a / g_r if g_r != 0 else np.nan,
            "p_growth_sufficient": float(np.mean(sufficient)),
            "years_behind": progress.years_behind(g_a, g_r, n, t.direction)}


def _joint_by_year(items: list[Target], met: np.ndarray,
                   ) -> dict[tuple[int, str], tuple[float, int]]:
    """Joint probability of a year's targets, per (year, level): floor and stretch.

    Each level takes one row per (indicator, direction, region) of the year: that
    level's tier where the indicator has it, else its only row (single, floor or
    stretch). Both levels so cover the same targets (the same ``n_joint``), and the
    stretch joint is at most the floor joint. A single or floor row reads the floor
    level, a stretch row the stretch level; without tiers both are the same joint event.
    """
    out = {}
    for year in sorted({t.year for t in items}):
        groups: dict[tuple[str, str, str | None], list[int]] = {}
        for j, t in enumerate(items):
            if t.year == year and not np.isnan(met[0, j]):
                groups.setdefault((t.indicator, t.direction, t.region), []).append(j)
        joint: dict[tuple[int, ...], tuple[float, int]] = {}  # without tiers: one event
        for level in ("floor", "stretch"):
            cols = tuple(j for js in groups.values()
                         for j in ([j for j in js if items[j].tier == level] or js))
            if cols and cols not in joint:
                joint[cols] = (float(np.all(met[:, cols] == 1.0, axis=1).mean()), len(cols))
            if cols:
                out[(year, level)] = joint[cols]
    return out


def _level(t: Target) -> str:
    """Return the joint level of a target's row (:func:`_joint_by_year`)."""
    return "stretch" if t.tier == "stretch" else "floor"


#: Start of the note of a target of another region than the projection's.
OTHER_REGION_NOTE = "target of another region"


def _outside(t: Target, years: np.ndarray, projection: Projection) -> dict[str, object]:
    """Columns of a target whose year is not simulated: its observation, if there is one.

    A target of a year the history observes exactly (``projection.observed``; the last
    observation for a projection that records nothing else) is a fact, not a
    probability: the note says the value and whether it meets the target; ``p_reach``
    stays NaN.
    """
    value = projection.observed.get(t.indicator, {}).get(t.year)
    seen = projection.last_observed.get(t.indicator)
    if value is None and not projection.observed and seen is not None and seen[0] == t.year:
        value = seen[1]  # a projection that records only its last observations
    if value is None:
        return {"note": f"year outside {years[0]}-{years[-1]}"}
    met = bool(t.met(np.array([value]))[0])
    return {"last_year": t.year, "last_value": value, "note": observed_note(value, met)}


def assess(projection: Projection, targets: pd.DataFrame | Iterable[Target], *,
           year_to_date: pd.DataFrame | str | Path | bool = True) -> pd.DataFrame:
    """Probability of reaching each target, with quantiles, crossing years and progress.

    Parameters
    ----------
    projection : Projection
        Simulated paths.
    targets : DataFrame or iterable of Target
        The targets; a DataFrame as returned by :func:`~huaian_forecast.load_targets`.
    year_to_date : DataFrame, str, Path or bool
        Year-to-date figures for the current year's targets (:func:`.with_nowcast`):
        ``True`` (default) the figures the projection was simulated with
        (``Projection.year_to_date``: the bundled 2024 figures unless ``simulate(ytd=...)``
        was given others; the bundled ones when none is recorded), a table or file of your
        own, or ``False`` for the simulation only. Figures other than the simulation's
        are used with a :class:`~huaian_forecast.DataWarning` (:func:`.check_same_ytd`):
        they set the nowcast, not the simulated first-year delivery.

    Returns
    -------
    pandas.DataFrame
        One row per target, columns :data:`ASSESS_COLUMNS`; ``attrs["provenance"]``
        records the projection's seed, paths, data hash, scenario and package versions
        and the targets' hash (:attr:`Projection.provenance
        <huaian_forecast.simulation.Projection.provenance>`, :func:`targets_hash`):

        - ``p_reach``: share of paths meeting the target in its year; ``p_reach_se`` its
          Monte Carlo standard error ``sqrt(p (1 - p) / n_paths)``; ``p_reach_lo`` /
          ``p_reach_hi`` the 95 % Wilson interval (:func:`wilson_interval`).
        - ``q10``, ``q50`` (= ``median``), ``q90``: quantiles of the value in the target year.
        - ``first_year_median``: median over paths of the first simulated year the
          threshold is met (NaN if most paths never meet it); ``p_crossed_by_year``:
          probability it is met in some simulated year up to the target year (at least
          ``p_reach``: a path can cross and fall back).
        - ``tier``: ``"single"``, or ``"floor"`` (确保) / ``"stretch"`` (力争) where a
          targets file gives two thresholds for one indicator and year: each tier is its
          own threshold on the same paths, so P(stretch) <= P(floor) for ``at_least``.
        - ``p_joint_year``: probability that all simulated targets of that year are met on
          the same path; ``n_joint``: how many targets that joint event covers. With
          tiers, a floor (and single) row reads the floor level, a stretch row the stretch
          level; each level takes one row per (indicator, direction, region): that
          level's tier where the indicator has it, else its only row (single, floor or
          stretch), so both levels cover the same targets and the stretch joint is at
          most the floor joint. NaN in a year with a nowcast row (see
          :func:`~huaian_forecast.assessment.with_nowcast`).
        - ``required_growth`` / ``anticipated_growth`` (fractions a year): compound growth
          from the last observation (``last_year``, ``last_value``, from
          ``projection.last_observed``) to the threshold and to the median;
          ``growth_ratio`` their ratio; ``p_growth_sufficient``: share of paths whose own
          growth rate is at least the required one (for ``at_least`` targets this is the
          same event as meeting the target, so it equals ``p_reach``); ``years_behind``
          as in :mod:`huaian_forecast.assessment.progress`; ``label`` from ``p_reach``
          (on track >= 0.7, within reach 0.3-0.7, needs acceleration < 0.3; see
          :func:`~huaian_forecast.assessment.progress_label`; "models disagree" needs the
          model range, added by :func:`huaian_forecast.analysis.with_model_spread`).

        - ``p_source``: ``"simulation"``, or ``"nowcast"`` for a target of the year of a
          year-to-date figure, whose ``p_reach`` comes from
          :func:`~huaian_forecast.assessment.nowcast` (``p_before_ytd``: the simulation's);
          ``p_models_min`` / ``p_models_max``: for a nowcast, the probability with each of
          its assumptions at an end of its range (the growth families' range is added by
          :func:`huaian_forecast.analysis.with_model_spread`); ``models_disagree`` and
          ``disagreement`` where that range spans both label cut-offs.

        Targets whose indicator or year is not simulated (and have no year-to-date figure)
        get NaN and a ``note``; a missed target is a row, never an exception.

    Raises
    ------
    ArgumentError
        With year-to-date figures, if the projection records other ones (its manifest's
        ``ytd_hash``): its first year's delivery and the nowcast would disagree.
    DataError
        For a year-to-date file that cannot be read (naming file, row and column).

    Examples
    --------
    >>> import numpy as np
    >>> proj = Projection(years=np.array([2024, 2025]), scenario="demo",
    ...                   arrays={"hte_count": np.array([[850., 950.], [900., 1050.]])},
    ...                   last_observed={"hte_count": (2023, 768.0)})
    >>> row = assess(proj, [Target(indicator="hte_count", year=2025, threshold=1000)]).iloc[0]
    >>> float(row.p_reach), round(float(row.required_growth), 3), row.label
    (0.5, 0.141, 'within reach')
    """
    items, values, told = target_columns(projection, targets)
    met = _met(items, values, told)
    joint = _joint_by_year(items, met)
    years = np.asarray(projection.years)
    region = projection.region
    rows = []
    for j, t in enumerate(items):
        row: dict[str, object] = {"indicator": t.indicator, "year": t.year,
                                  "threshold": t.threshold, "direction": t.direction,
                                  "tier": t.tier, "region": t.region or region}
        if not t.is_for(region):
            rows.append({**row, "note": f"{OTHER_REGION_NOTE}: {t.region} (this projection "
                                        f"simulates {region})"})
            continue
        if t.indicator not in projection.arrays:
            rows.append({**row, "note": "not modelled"})
            continue
        if not told[j]:  # a year the paths do not reach
            rows.append({**row, **_outside(t, years, projection)})
            continue
        paths, col = projection.arrays[t.indicator], values[:, j]
        p = float(met[:, j].mean())
        q10, q50, q90 = (float(x) for x in np.quantile(col, [0.1, 0.5, 0.9]))
        lo, hi = wilson_interval(p, col.size)
        row |= {"p_reach": p, "p_reach_se": float(np.sqrt(p * (1 - p) / col.size)),
                "p_reach_lo": lo, "p_reach_hi": hi,
                "q10": q10, "q50": q50, "median": q50, "q90": q90,
                "p_joint_year": joint[(t.year, _level(t))][0],
                "n_joint": joint[(t.year, _level(t))][1], "note": ""}
        row |= _crossing_columns(paths[:, years <= t.year], years[years <= t.year], t)
        row |= _progress_columns(col, t, projection.last_observed.get(t.indicator))
        rows.append(row)
    table = pd.DataFrame(rows, columns=list(ASSESS_COLUMNS))
    table["p_source"] = np.where(table["p_reach"].notna(), "simulation", "")
    table["models_disagree"] = False
    table["disagreement"] = ""
    if year_to_date is not False:
        if year_to_date is True and projection.year_to_date is not None:
            frame = projection.year_to_date  # the figures it was simulated with
        else:
            frame = year_to_date if isinstance(year_to_date, pd.DataFrame) else load_ytd(
                None if year_to_date is True else year_to_date)
        check_same_ytd(projection, frame)  # the figures its first year's delivery read
        table = with_nowcast(table, frame, region=region)  # of the region's own targets
    else:
        frame = None
        table = progress.label_table(table)
    return with_provenance(table, projection.provenance | {
        "targets_hash": targets_hash(items), "ytd_hash": _ytd_hash(projection, frame)})


def _ytd_hash(projection: Projection, nowcast_with: pd.DataFrame | None) -> str | None:
    """Return which year-to-date figures entered an assessment (simulation and nowcast).

    One hash where they are the same table, or only one of them read any (a trend
    projection reads none; ``year_to_date=False`` nowcasts none); both, named, where a
    what-if nowcasts with other figures than the simulation read (warned about by
    :func:`.check_same_ytd`).
    """
    recorded = projection.manifest.get("ytd_hash")
    recorded = recorded if isinstance(recorded, str) else None
    if nowcast_with is None:
        return recorded
    used = ytd_identity(nowcast_with, projection.region)
    if recorded is None or used == recorded:
        return used
    return f"simulation {recorded}; nowcast {used}"
