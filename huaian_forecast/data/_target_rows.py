"""The rows of a targets table: each validated into a target record.

Read with the history's cell readers (:class:`~huaian_forecast.data._validate.RowReader`):
the indicator, year and threshold (with its unit: ``万元`` converted to 亿元, a fraction
given as ``fraction`` converted to percent), the direction in any of
:data:`DIRECTION_WORDS`, the tier (floor 确保 / stretch 力争, :mod:`huaian_forecast.data.
_tiers`, from a ``tier`` / ``档次`` column), the region (the home region where the file
names none). The display-name and note columns of the report's milestone sheet are not
read (:mod:`huaian_forecast.data._milestones`).
"""

from __future__ import annotations

import math
from pathlib import Path

from huaian_forecast.data._milestones import (
    ASSESSED_HEADERS,
    is_milestone_layout,
    milestone_ignored,
)
from huaian_forecast.data._plausible import check_percent_scale, check_range
from huaian_forecast.data._regions import HOME_REGION
from huaian_forecast.data._tabular import Grid
from huaian_forecast.data._tiers import TIER_HEADERS, resolve_tier, tier_column
from huaian_forecast.data._validate import (
    HEADER_ALIASES,
    RowReader,
    find_columns,
    lookup_key,
    resolve_unit,
)
from huaian_forecast.data._values import parse_value, shown

__all__ = ["DIRECTION_WORDS", "column_header", "target_columns", "target_records"]

#: Accepted directions: the codes, what the tool prints (不低于 / at least in the workbook,
#: ≥ in summaries and charts) and the usual signs and words.
DIRECTION_WORDS: dict[str, tuple[str, ...]] = {
    "at_least": ("at_least", "≥", ">=", "以上", "不低于", "at least"),
    "at_most": ("at_most", "≤", "<=", "以下", "不高于", "at most"),
}
_DIRECTIONS = {lookup_key(word): code for code, words in DIRECTION_WORDS.items()
               for word in words}


def target_columns(grid: Grid, *, ignore: set[int] | None = None) -> dict[str, int]:
    """Map a targets table's logical columns to their indices in ``grid``.

    ``ignore``: columns not read (default: a milestone sheet's display name and note). A
    ``目标类型`` column of tier words is the tier column
    (:func:`~huaian_forecast.data._tiers.tier_column`). A milestone sheet's threshold
    assessed (``评估时目标值``) is the logical column ``assessed``.
    """
    assessed = {"assessed": ASSESSED_HEADERS} if is_milestone_layout(grid.header) else {}
    cols = find_columns(grid, required=("indicator", "year", "threshold"), kind="target",
                        aliases={**HEADER_ALIASES, "tier": TIER_HEADERS, **assessed},
                        ignore=milestone_ignored(grid.header) if ignore is None else ignore)
    return tier_column(cols, grid)


def column_header(grid: Grid, cols: dict[str, int], name: str) -> str:
    """Return the file's header of logical column ``name`` (``name`` where it has none)."""
    return grid.header[cols[name]] if name in cols else name


def target_records(grid: Grid, cleaned: list[dict[str, object]] | None = None,
                   converted: list[int] | None = None, *,
                   ignore: set[int] | None = None,
                   cols: dict[str, int] | None = None,
                   edited: list[dict[str, object]] | None = None) -> list[dict[str, object]]:
    """Validate the rows of a targets table.

    Free-text cells cleaned are added to ``cleaned``, and the rows whose unit column says
    ``fraction`` (thresholds converted to percent) to ``converted``. A unit column is read
    as in the history: ``万元`` converted to 亿元, a unit that does not fit the indicator
    refused. ``cols``: the columns, as :func:`target_columns` found them (default: found
    here, not reading the columns ``ignore``). A milestone sheet's row whose threshold
    differs from its own threshold assessed is added to ``edited`` (for
    :func:`~huaian_forecast.data._milestones.warn_edited`) and has the file as its source
    (as a blank source cell); the other rows keep their sources, so a scenario's row that
    states the new value as its threshold assessed, with the source that states it, keeps
    that source (the loader then joins the sources of the target's rows, the file's name
    left out beside a document's).
    """
    cols = target_columns(grid, ignore=ignore) if cols is None else cols
    region_required = "region" in cols and any(r[cols["region"]] for r in grid.rows)
    converted = [] if converted is None else converted
    edited = [] if edited is None else edited
    return [_target_record(RowReader(grid, number, row, cols, cleaned), region_required,
                           converted, edited)
            for number, row in zip(grid.row_numbers, grid.rows, strict=True)]


def _target_record(cell: RowReader, region_required: bool, converted: list[int],
                   edited: list[dict[str, object]]) -> dict[str, object]:
    ind = cell.indicator()
    year = cell.year()
    unit = resolve_unit(cell.get("unit"), ind, cell.error)
    try:
        parsed = parse_value(cell.get("threshold"), ind.unit if unit is None else unit)
    except ValueError as exc:
        raise cell.error("threshold", f"{exc} (indicator {ind.key}, unit {ind.unit})") from None
    if unit == "fraction":
        converted.append(cell.number)
    else:  # first: a fraction written for percent gets the message that says so
        check_percent_scale(parsed.value, ind, lambda m: cell.error("threshold", m))
    check_range(parsed.value, ind, lambda m: cell.error("threshold", m))
    direction, tier = _direction_and_tier(cell)
    record: dict[str, object] = {
        "region": cell.region(HOME_REGION, region_required), "indicator": ind.key,
        "year": year, "threshold": parsed.value, "direction": direction, "tier": tier,
        "unit": ind.unit, "horizon": cell.get("horizon") or "milestone",
        "source": cell.get("source") or Path(cell.grid.source).name,
        "quote": cell.get("quote"), "_row": cell.number, "_col": cell.header("threshold")}
    assessed = _assessed(cell, ind.unit if unit is None else unit, ind.key)
    if assessed is not None and not math.isclose(assessed, parsed.value, rel_tol=1e-9):
        what = f"{record['region']} {ind.key} {year}" + ("" if tier == "single"
                                                         else f" ({tier})")
        edited.append({**record, "row": cell.number, "column": cell.header("threshold"),
                       "assessed_column": cell.header("assessed"), "what": what,
                       "assessed": assessed, "threshold": parsed.value,
                       "was": record["source"]})
        record["source"] = Path(cell.grid.source).name  # the source states ``assessed``
    return record


def _assessed(cell: RowReader, unit: str, key: str) -> float | None:
    """Return a milestone sheet row's threshold assessed (None: no column, blank cell)."""
    text = cell.get("assessed")
    if not text:
        return None
    try:
        return parse_value(text, unit).value
    except ValueError as exc:
        raise cell.error("assessed", f"{exc} (indicator {key}); the threshold assessed is "
                         "written by the report: leave it as it is") from None


def _direction_and_tier(cell: RowReader) -> tuple[str, str]:
    """Return the row's direction (default at_least) and tier (default single)."""
    direction = _DIRECTIONS.get(lookup_key(cell.get("direction")) or "at_least")
    if direction is None:
        expected = " or ".join(f"{code} ({', '.join(words[1:])})"
                               for code, words in DIRECTION_WORDS.items())
        raise cell.error("direction", f"{shown(cell.get('direction'))} is not a direction; "
                         f"expected {expected}")
    tier = resolve_tier(cell.get("tier"))
    if tier is None:
        raise cell.error("tier", f"{shown(cell.get('tier'))} is not a tier; expected floor "
                         "(确保, 底线), stretch (力争, 冲刺) or empty for a single target")
    return direction, tier
