"""Anchors of the structural models taken from the history table (the planner's own data).

Rules (region's rows only; ``exact`` and ``approx`` are *points*, ``lower_bound`` /
``upper_bound`` are *bounds*, ``derived`` rows are not used):

- **Origin**: the last year in which the region has a row (point or bound) of a series the
  requested models need (:func:`find_origin`); the models start the year after. For the
  bundled data and Huai'an that is 2023. The anchor keys keep the registry's names
  (``rd_spend_2023``, ...) whatever the origin: they are the origin-year levels.
- **Anchors at the origin** (``rd_spend_2023``, ``rd_intensity_2023``, ``hte_count_2023``,
  ``hightech_share_2023``, ``key_labs_2023``): an exact point fixes the anchor on every
  path; an approx point becomes a normal around it with the relative s.d. of
  :data:`~huaian_forecast.growth.OBSERVATION_NOISE` (by confidence), truncated at
  +-2 s.d. and at any bound of the same year. Without a point: for Huai'an at the
  registry's year (2023) bounds replace the matching end of the registry's assumed
  distribution and without any row the registry default is used, with a note; anywhere
  else the level is INFERRED from the nearest earlier points (a line in the log or logit,
  :func:`~huaian_forecast.structural._trend.infer_level`) as a normal with the line's
  prediction error, truncated at the origin's bounds, and the manifest says so. A series
  the models need with no usable row is a :class:`~huaian_forecast.exceptions.DataError`
  naming it.
- **GDP**: a point in the origin year is the GDP anchor (elsewhere than Huai'an 2023 an
  earlier GDP series is extrapolated when R&D spend has no point); R&D spend then comes
  from a spend point, else from intensity times GDP. Without GDP it is derived per path as
  spend / intensity.
- **Consistency**: when exact R&D spend, GDP and intensity are all given for one year and
  ``100 * spend / gdp`` differs from the intensity by more than 0.05 percentage points
  (rounding of a one-decimal figure), :class:`~huaian_forecast.exceptions.DataError` names
  the three rows; a disagreement involving approx values is only noted.
- **Trends** (the region's status quo): see :mod:`huaian_forecast.structural.status_quo`.
- **Later years**: points after the origin (only when the origin is given explicitly) are
  imposed on every path in their year; bounds after it are listed in the notes.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType

import numpy as np
import pandas as pd

from huaian_forecast.data import HOME_REGION
from huaian_forecast.exceptions import DataError
from huaian_forecast.scenarios import UNCERTAINTIES, Uncertainty
from huaian_forecast.structural._origin_levels import (
    ANCHOR_KEYS,
    REGISTRY_YEAR,
    check_open_limits,
    derived_rd_keys,
    gdp_at_origin,
    one_anchor,
)
from huaian_forecast.structural._rows import (
    OBSERVED_INDICATORS,
    check_consistency,
    later_points,
    point,
)
from huaian_forecast.structural.delivery import delivery_from_ytd
from huaian_forecast.structural.status_quo import StatusQuo, status_quo_from_history

__all__ = ["ANCHOR_KEYS", "HOME_REGION", "OBSERVED_INDICATORS", "REGISTRY_YEAR", "SERIES",
           "Anchors", "anchors_from_history", "find_origin"]

#: Sub-model -> the history series that anchor it.
SERIES: Mapping[str, tuple[str, ...]] = MappingProxyType({
    "rd": ("rd_spend", "rd_intensity", "gdp"), "hte": ("hte_count",),
    "output": ("hightech_share",), "labs": ("key_labs",),
})
_ROW_KINDS = ("exact", "approx", "lower_bound", "upper_bound")


@dataclass(frozen=True, slots=True, kw_only=True)
class Anchors:
    """Where the structural models start, as read from a history table.

    Parameters
    ----------
    origin : int
        The anchor year; the models start the year after.
    region : str
        Region whose rows were read.
    uncertainties : Mapping[str, Uncertainty]
        Anchor uncertainties replaced by data (keys of the registry); others keep theirs.
    gdp : Uncertainty or None
        Nominal GDP at the origin from the data (None: derived per path as spend /
        intensity).
    spend_from_intensity : bool
        With a GDP anchor: R&D spend = intensity x GDP (no spend point at the origin).
    status_quo : StatusQuo
        Which sub-models take their status-quo trend from the region's history.
    first_year_delivery : Mapping[str, Uncertainty]
        Delivery distributions of the first simulated year read from year-to-date
        figures (:func:`~huaian_forecast.structural.delivery.delivery_from_ytd`).
    later : Mapping[str, tuple[tuple[int, float, float], ...]]
        Per indicator of :data:`OBSERVED_INDICATORS` the points after the origin as
        ``(year, value, relative s.d.)``.
    sources : Mapping[str, str]
        Per anchor where it came from: the data row, or ``"assumption (registry ...)"``.
    carried_forward : tuple of str
        Anchors (keys of ``sources``, in their order) whose origin level is one earlier
        point carried forward with no growth: the history has no point in the origin
        year and a single one before it (a planner is told; more years would help).
    notes : tuple of str
        Statements for the manifest.
    """

    origin: int = REGISTRY_YEAR
    region: str = HOME_REGION
    uncertainties: Mapping[str, Uncertainty] = field(default_factory=dict)
    gdp: Uncertainty | None = None
    spend_from_intensity: bool = False
    status_quo: StatusQuo = field(default_factory=StatusQuo)
    first_year_delivery: Mapping[str, Uncertainty] = field(default_factory=dict)
    later: Mapping[str, tuple[tuple[int, float, float], ...]] = field(default_factory=dict)
    sources: Mapping[str, str] = field(default_factory=dict)
    carried_forward: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        bad = [k for k in self.carried_forward if k not in self.sources]
        if bad:
            raise ValueError(f"carried-forward anchors {bad} have no source")
        bad = [k for k in self.uncertainties if k not in UNCERTAINTIES]
        if bad:
            raise ValueError(f"unknown anchor uncertainties {bad}")
        bad = [k for k in self.later if k not in OBSERVED_INDICATORS]
        if bad:
            raise ValueError(f"later observations of {bad}; valid: {OBSERVED_INDICATORS}")

    def with_ytd(self, ytd: pd.DataFrame) -> Anchors:
        """Return these anchors with the first year's delivery read from year-to-date figures.

        :func:`~huaian_forecast.structural.delivery.delivery_from_ytd` of the year after
        the origin, in this region; unchanged when ``ytd`` has nothing for it.
        """
        first = delivery_from_ytd(ytd, self.origin + 1, self.region)
        return replace(self, first_year_delivery=first) if first else self

    def observed(self, years: np.ndarray, z: np.ndarray) -> dict[str, np.ndarray]:
        """Per-path observations ``(n_paths, len(years))`` (NaN where none) from noise ``z``.

        ``z`` is ``(len(OBSERVED_INDICATORS), n_paths, len(years))`` standard normals (drawn
        whether or not anything is observed); an approx value ``v`` with relative s.d. ``s``
        becomes ``v (1 + s clip(z, -2, 2))``.
        """
        years = np.asarray(years, dtype=int)
        out = {}
        for row, key in enumerate(OBSERVED_INDICATORS):
            arr = np.full(z.shape[1:], np.nan)
            for year, value, sd in self.later.get(key, ()):
                if years[0] <= year <= years[-1]:
                    col = year - years[0]
                    arr[:, col] = value * (1.0 + sd * np.clip(z[row, :, col], -2.0, 2.0))
            if key in ("hte_count", "key_labs"):
                arr = np.rint(arr)
            out[key] = arr
        return out

    @property
    def home(self) -> bool:
        """Whether the levers are in this region's units (the registry's region)."""
        return self.region == HOME_REGION


def _needed_series(sub_models: Collection[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(s for m in sub_models for s in SERIES[m]))


def find_origin(history: pd.DataFrame, region: str,
                sub_models: Collection[str] = tuple(SERIES)) -> int:
    """Return the last year with a row of ``region`` in a series the sub-models need.

    Huai'an without any such row starts from the registry's year (2023), every anchor
    then being the registry's assumption (with a note).

    Raises
    ------
    DataError
        When another region has no such row at all (the message names the series).

    Examples
    --------
    >>> import huaian_forecast as hf
    >>> find_origin(hf.load_history(), "Huai'an")
    2023
    """
    series = _needed_series(sub_models)
    rows = history[(history["region"] == region) & history["indicator"].isin(series)
                   & history["kind"].isin(_ROW_KINDS)]
    if rows.empty and region == HOME_REGION:  # the registry's anchors, each with a note
        return REGISTRY_YEAR
    if rows.empty:
        raise DataError(f"the history has no {region} rows of {', '.join(series)}: the "
                        f"structural models need them (regions with data: "
                        f"{', '.join(sorted(map(str, history['region'].unique())))})")
    return int(rows["year"].max())


def anchors_from_history(history: pd.DataFrame, region: str = HOME_REGION, *,
                         origin: int | None = None,
                         sub_models: Collection[str] | None = None) -> Anchors:
    """Read the structural models' anchors from a history table (see the module rules).

    Parameters
    ----------
    history : pandas.DataFrame
        Long observation table (:func:`huaian_forecast.load_history`).
    region : str
        Region whose rows are used.
    origin : int, optional
        Anchor year (default: :func:`find_origin`, the region's last year with data).
    sub_models : collection of str, optional
        Sub-models to anchor among ``rd``, ``hte``, ``output``, ``labs`` (default: all
        for Huai'an; elsewhere those whose series the region has).

    Returns
    -------
    Anchors

    Raises
    ------
    DataError
        For a series a requested sub-model needs that the region lacks, exact R&D spend,
        GDP and intensity of one year that disagree, or bounds that cannot hold an anchor.

    Examples
    --------
    >>> import huaian_forecast as hf
    >>> a = anchors_from_history(hf.load_history())
    >>> a.origin, a.uncertainties["hte_count_2023"].default, a.gdp is None
    (2023, 768.0, True)
    """
    rows = history[history["region"] == region]
    if sub_models is None:
        sub_models = tuple(m for m in SERIES if region == HOME_REGION
                           or rows["indicator"].isin(SERIES[m]).any())
    origin = find_origin(history, region, sub_models) if origin is None else origin
    all_rows, rows = rows, rows[rows["kind"].isin(_ROW_KINDS)]
    home_registry = region == HOME_REGION and origin == REGISTRY_YEAR
    uncs: dict[str, Uncertainty] = {}
    sources: dict[str, str] = {}
    carried: set[str] = set()
    notes = check_consistency(rows[rows["year"] <= origin])
    gdp = None
    if "rd" in sub_models:
        by = {k: rows[rows["indicator"] == k] for k in SERIES["rd"]}
        spend_point = point(by["rd_spend"][by["rd_spend"]["year"] == origin]) is not None
        has_int = bool(by["rd_intensity"]["kind"].isin(["exact", "approx"]).any())
        # GDP is inferred where it is needed: no spend point at the origin (spend then
        # comes from intensity x GDP), or no intensity series at all (intensity = spend / GDP)
        gdp, gdp_carried = gdp_at_origin(
            by["gdp"], origin, infer=not home_registry and (not spend_point or not has_int))
        if gdp_carried:
            carried.add("gdp_2023")
        now_int = by["rd_intensity"][by["rd_intensity"]["year"] == origin]
        from_intensity = gdp is not None and not spend_point and has_int and (
            point(now_int) is not None or not home_registry)
        sources["gdp_2023"] = gdp.source if gdp is not None else (
            "derived per path: rd_spend_2023 / rd_intensity_2023 (no GDP point at the origin)")
        derived = derived_rd_keys(gdp, from_intensity)
        sources.update(derived)
        for ind in ("rd_spend", "rd_intensity"):
            key = ANCHOR_KEYS[ind]
            if key not in derived:
                _set(uncs, sources, notes, carried, key,
                     one_anchor(ind, by[ind], origin, region))
    else:
        from_intensity = False
    for ind, model in (("hte_count", "hte"), ("hightech_share", "output"),
                       ("key_labs", "labs")):
        if model in sub_models:
            _set(uncs, sources, notes, carried, ANCHOR_KEYS[ind],
                 one_anchor(ind, rows[rows["indicator"] == ind], origin, region,
                            all_rows[(all_rows["indicator"] == ind)
                                     & (all_rows["kind"] == "derived")]))
    check_open_limits(uncs, region, origin)
    quo = status_quo_from_history(all_rows, origin, sub_models, home=region == HOME_REGION,
                                  history=history[history["year"] <= origin])
    uncs.update(quo.uncertainties)
    sources.update(quo.sources)
    later, later_notes = later_points(rows, origin)
    return Anchors(origin=origin, region=region, uncertainties=uncs, gdp=gdp,
                   spend_from_intensity=from_intensity, status_quo=quo, later=later,
                   sources=sources, carried_forward=tuple(k for k in sources if k in carried),
                   notes=(*notes, *quo.notes, *later_notes))


def _set(uncs: dict[str, Uncertainty], sources: dict[str, str], notes: list[str],
         carried: set[str], key: str,
         got: tuple[Uncertainty | None, str, str | None, bool]) -> None:
    unc, source, note, carried_forward = got
    if unc is not None:
        uncs[key] = unc
    sources[key] = source
    if note:
        notes.append(note)
    if carried_forward:
        carried.add(key)
