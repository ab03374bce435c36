"""A policy target (:class:`Target`) and a targets table as targets, with their hash."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal, get_args

import numpy as np
import pandas as pd

from huaian_forecast.data import region_or, resolve_tier, targets_row, whole_year
from huaian_forecast.exceptions import ArgumentError
from huaian_forecast.indicators import get_indicator

__all__ = ["Direction", "Target", "Tier", "check_unique_targets", "target_items",
           "targets_from_frame", "targets_hash"]

Direction = Literal["at_least", "at_most"]
#: A single target, the floor the bureau commits to (确保) or its stretch goal (力争).
Tier = Literal["single", "floor", "stretch"]
_TIERS: tuple[str, ...] = get_args(Tier)  # a single target, a floor (确保), a stretch (力争)


@dataclass(frozen=True, slots=True, kw_only=True)
class Target:
    """A policy target: ``indicator`` reaches ``threshold`` in ``year``.

    Parameters
    ----------
    indicator : str
        Indicator key (aliases are resolved).
    year : int
        Target year.
    threshold : float
        Threshold in the indicator's published unit.
    direction : {"at_least", "at_most"}
        Whether the value must be at least or at most the threshold (inclusive).
    source : str
        Where the target comes from.
    region : str, optional
        Whose target it is (a targets file's ``region`` column). None: the region of
        the projection it is assessed on. A target of another region than the
        projection's is not assessed against its paths (:data:`OTHER_REGION_NOTE`).
    tier : {"single", "floor", "stretch"}
        ``"single"`` (default): the one target of its indicator and year; ``"floor"``
        (确保) and ``"stretch"`` (力争): two thresholds of one indicator and year, each
        assessed on the same simulated paths (so P(stretch) <= P(floor) for ``at_least``).
    """

    indicator: str
    year: int
    threshold: float
    direction: Direction = "at_least"
    source: str = ""
    region: str | None = None
    tier: Tier = "single"

    def __post_init__(self) -> None:
        object.__setattr__(self, "indicator", get_indicator(self.indicator).key)
        if self.direction not in ("at_least", "at_most"):
            raise ValueError(f"direction must be 'at_least' or 'at_most', got {self.direction!r}")
        if self.tier not in _TIERS:
            raise ValueError(f"tier must be one of {', '.join(_TIERS)}, got {self.tier!r}")
        if not np.isfinite(self.threshold):
            raise ValueError(f"threshold must be finite, got {self.threshold}")

    def is_for(self, region: str) -> bool:
        """Whether the target is ``region``'s (a target without a region is anyone's)."""
        return self.region is None or self.region == region

    def met(self, values: np.ndarray) -> np.ndarray:
        """Boolean array: where ``values`` meet the target."""
        if self.direction == "at_least":
            return values >= self.threshold
        return values <= self.threshold


def targets_from_frame(frame: pd.DataFrame) -> list[Target]:
    """Convert a targets table (see :func:`~huaian_forecast.load_targets`) to targets.

    The ``tier`` and ``region`` cells are read as the loader reads them: a tier in any
    of the loader's words (``确保``, ``力争``, ``Floor``; blank or no column: single,
    :func:`~huaian_forecast.data.resolve_tier`), a blank direction or no column as
    ``"at_least"`` (the loader's default), a blank region or no column as none
    (:func:`~huaian_forecast.data.region_or`), the year as every reader of a hand-made
    table reads it (:func:`~huaian_forecast.data.whole_year`: a whole number, no boolean).

    Raises
    ------
    ArgumentError
        A table without an ``indicator``, ``year`` or ``threshold`` column; a row that is
        no target: an unknown indicator, direction or tier, a year that is
        no whole number (NaN, 2024.5, True), a threshold that is not a finite number; the
        message names the row by its index label, indicator and year where the year is
        one (:func:`~huaian_forecast.data.targets_row`: "targets row 3 (tech_contracts
        2024): threshold must be finite, got nan", "targets row 3 (tech_contracts): year
        must be a whole number, got nan").
    """
    missing = [c for c in ("indicator", "year", "threshold") if c not in frame.columns]
    if missing:
        raise ArgumentError(f"the targets table has no {', '.join(map(repr, missing))} "
                            f"column; its columns are {list(map(str, frame.columns))}")
    return [_row_target(label, row)
            for label, row in zip(frame.index, frame.itertuples(index=False), strict=True)]


def _row_target(label: object, r: Any) -> Target:
    """Return the target of one targets-table row, or refuse it naming the row."""
    direction: Any = _text(r, "direction").strip() or "at_least"  # Target checks it
    try:
        return Target(indicator=r.indicator, year=whole_year(r.year),
                      threshold=float(r.threshold), direction=direction,
                      source=str(getattr(r, "source", "")),
                      region=region_or(_text(r, "region"), "") or None,
                      tier=_tier_of(_text(r, "tier")))
    except (KeyError, ValueError, TypeError) as err:
        why = err.args[0] if err.args else err
        raise ArgumentError(f"{targets_row(label, r.indicator, r.year)}: {why}") from err


def _text(row: Any, column: str) -> str:
    """Return a targets-table row's cell as text ("": no such column, None or NaN)."""
    value = getattr(row, column, None)
    return "" if value is None or pd.isna(value) else str(value)


def _tier_of(text: str) -> Tier:
    """Return the tier code of a tier cell; a word that is no tier as given (refused)."""
    return resolve_tier(text) or text  # type: ignore[return-value]  # Target checks it


def targets_hash(targets: pd.DataFrame | Iterable[Target]) -> str:
    """SHA-256 of the targets as assessed (indicator, year, threshold, direction, ...).

    The fields hashed: indicator, year, threshold, direction, source, region and tier.

    The same targets give the same hash whether read from a file, a table or given as
    :class:`Target` objects, and in any order (the SHA-256 of their fields' JSON, rows
    sorted); other columns of a targets file do not enter. About 50 µs for the bundled
    targets (a table hash through pandas took 5 ms, and every assessment records it).
    The tier enters only where it is not ``"single"``: targets without tiers keep the
    hash they had before tiers existed.
    """
    import hashlib
    import json

    rows = sorted((t.indicator, int(t.year), repr(float(t.threshold)), t.direction, t.source,
                   t.region or "", *(() if t.tier == "single" else (t.tier,)))
                  for t in target_items(targets))
    canon = json.dumps(rows, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canon.encode("utf-8")).hexdigest()


def target_items(targets: pd.DataFrame | Iterable[Target]) -> list[Target]:
    """Return the targets of a targets table or an iterable of :class:`Target`, as a list."""
    return targets_from_frame(targets) if isinstance(targets, pd.DataFrame) else list(targets)


def check_unique_targets(targets: pd.DataFrame | Iterable[Target], *,
                         region: str | None = None) -> None:
    """Refuse targets that list one target twice (a report would show it twice).

    The same target is the same indicator, year, threshold, direction, tier and region;
    their sources may differ. A target without a region is the run's: with ``region``
    (the projection's) it is the same as one naming that region.
    :func:`~huaian_forecast.load_targets` merges a target stated by two sources into one
    row, joining the sources; a hand-made table or list may still have it twice, which
    :func:`~huaian_forecast.assess` assesses as two rows.

    Raises
    ------
    ArgumentError
        Naming the two rows (a table's index labels, or ``#1``, ``#2``... of a list).
    """
    items = target_items(targets)
    first: dict[tuple[object, ...], int] = {}
    for j, t in enumerate(items):
        i = first.setdefault((t.indicator, t.year, t.threshold, t.direction, t.tier,
                              t.region or region or ""), j)
        if i != j:
            a, b = ((targets.index[i], targets.index[j]) if isinstance(targets, pd.DataFrame)
                    else (f"#{i + 1}", f"#{j + 1}"))
            raise ArgumentError(
                f"targets rows {a} and {b} are the same target ({t.indicator} {t.year}, "
                f"{t.direction} {t.threshold:g}); give it once (load_targets merges a target "
                "stated by two sources into one row, joining the sources)")
