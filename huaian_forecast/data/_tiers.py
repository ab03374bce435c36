"""Target tiers: a floor the bureau commits to (确保) and a stretch goal (力争).

Chinese planning documents often give two numbers for one indicator and year:
"确保技术合同成交额180亿元，力争200亿元". A targets file says which is which in an
optional tier column (``tier`` / ``档次``, or a ``目标类型`` column holding tier words);
rows without a tier are a single target. Used by :mod:`huaian_forecast.data.targets`.
"""

from __future__ import annotations

import pandas as pd

from huaian_forecast.data._tabular import Grid
from huaian_forecast.data._validate import lookup_key
from huaian_forecast.data._values import shown
from huaian_forecast.exceptions import DataError

__all__ = ["TIER_HEADERS", "TIER_HINT", "TIER_WORDS", "check_tiers", "is_tier_word",
           "resolve_tier", "tier_column", "tiers_of"]

#: Accepted spellings of each tier (an empty cell is a single target).
TIER_WORDS: dict[str, tuple[str, ...]] = {
    "single": ("single", "plain", "单一", "单一目标", "-", "—"),
    "floor": ("floor", "确保", "底线", "保底", "确保目标", "底线目标", "minimum", "commitment"),
    "stretch": ("stretch", "力争", "冲刺", "争取", "力争目标", "冲刺目标", "aspirational"),
}
#: Headers of the tier column (a ``目标类型`` column of tier words is read as one too).
TIER_HEADERS: tuple[str, ...] = ("tier", "档次", "目标档次", "目标层级", "层级")
#: What a conflict error adds: two thresholds may be a floor and a stretch goal.
TIER_HINT = ("; if they are a floor and a stretch goal (确保 ... 力争 ...), add a tier "
             "column (tier / 档次) saying floor / 确保 or stretch / 力争 on each row")

_LOOKUP = {lookup_key(w): code
           for code, words in TIER_WORDS.items() for w in words}


def resolve_tier(text: str) -> str | None:
    """Return the tier code of a cell ("single" when empty); None if it is no tier word.

    Examples
    --------
    >>> resolve_tier("力争"), resolve_tier(""), resolve_tier("Floor"), resolve_tier("maybe")
    ('stretch', 'single', 'floor', None)
    """
    key = lookup_key(text)
    return "single" if key == "" else _LOOKUP.get(key)


def is_tier_word(text: str) -> bool:
    """Whether a non-empty cell names a floor or a stretch tier (not a horizon word)."""
    return resolve_tier(text) in ("floor", "stretch")


def tier_column(cols: dict[str, int], grid: Grid) -> dict[str, int]:
    """Read a horizon column (``目标类型``) holding tier words as the tier column.

    A planner's ``目标类型`` column says 确保 / 力争 as often as 阶段目标 / 年度目标:
    when every filled cell of the horizon column is a tier word, that column is the tiers
    (and the horizon is left to its default). Beside a tier column it must repeat that
    column's tier on every row it fills (then it is dropped as a repetition); a different
    word is refused, naming the row. A horizon column mixing tier words with other words
    is refused (a tier read as a horizon would be lost), naming the first such row.
    """
    if "horizon" not in cols:
        return cols
    index = cols["horizon"]
    filled = [(n, row) for n, row in zip(grid.row_numbers, grid.rows, strict=True)
              if row[index].strip()]
    tiers = [(n, row[index]) for n, row in filled if is_tier_word(row[index])]
    if not tiers:
        return cols
    if all(resolve_tier(row[index]) is not None for _, row in filled):
        out = dict(cols)
        if "tier" in cols:
            _check_repeats(filled, index, cols["tier"], grid)
            del out["horizon"]
        else:
            out["tier"] = out.pop("horizon")
        return out
    number, cell = tiers[0]
    where = (f"the tier column {shown(grid.header[cols['tier']])} holds the tiers: leave "
             f"{shown(grid.header[index])} to horizons (阶段目标 / 年度目标)" if "tier" in cols
             else "put the tiers in a column of their own (tier / 档次)")
    raise DataError(f"{grid.source}, row {number}, column {shown(grid.header[index])}: "
                    f"{shown(cell)} is a tier (floor 确保 / stretch 力争), not a horizon; "
                    f"{where}")


def _check_repeats(filled: list[tuple[int, list[str]]], index: int, tier_index: int,
                   grid: Grid) -> None:
    """Refuse a 目标类型 cell naming another tier than the tier column on its row."""
    for number, row in filled:
        tier = resolve_tier(row[tier_index])
        if tier is not None and resolve_tier(row[index]) != tier:
            raise DataError(
                f"{grid.source}, row {number}, column {shown(grid.header[index])}: "
                f"{shown(row[index])} repeats the tier column "
                f"{shown(grid.header[tier_index])} with a different word "
                f"({shown(row[tier_index])}); give each row's tier once, in "
                f"{shown(grid.header[tier_index])}")


def check_tiers(table: pd.DataFrame, source: str, *, tier_header: str,
                direction_header: str) -> None:
    """Refuse tiers that contradict each other, naming rows and column.

    For one region, indicator and year with a tier: rows of different directions (a
    floor and its stretch goal share one), a single target beside a floor or a stretch
    (which one is meant?), and a floor beyond the stretch (above it for an ``at_least``
    target, below it for ``at_most``). ``table`` has the loader's helper column ``_row``
    (the file row); ``tier_header`` and ``direction_header`` are the file's headers of
    the tier and direction columns (one for the whole file), named in the errors. Rows
    without tiers may give one indicator and year both directions (a band).
    """
    keys = ["region", "indicator", "year"]
    for key, group in table.groupby(keys, sort=False):
        tiers = set(group["tier"])
        if tiers == {"single"}:
            continue
        region, indicator, year = key
        what = f"{region} {indicator} {year}"
        rows = ", ".join(str(r) for r in group["_row"])
        column = shown(tier_header)
        if len(set(group["direction"])) > 1:
            said = ", ".join(f"{t} {d}" for t, d in zip(group["tier"], group["direction"],
                                                         strict=True))
            raise DataError(
                f"{source}, rows {rows}, column {shown(direction_header)}: "
                f"the tiers of {what} differ in direction ({said}); a floor (确保) and its "
                "stretch goal (力争) share one direction")
        if len(tiers) < 2:
            continue
        if "single" in tiers:
            raise DataError(
                f"{source}, rows {rows}, column {column}: {what} has rows with and without "
                "a tier; give every row of it a tier (floor / 确保 or stretch / 力争)")
        _check_order(group, f"{source}, rows {rows}, column {column}", what)


def _check_order(group: pd.DataFrame, where: str, what: str) -> None:
    """Refuse a floor beyond its stretch goal (``group``: one target's two tiers)."""
    direction = str(group["direction"].iloc[0])
    floor = float(group.loc[group["tier"] == "floor", "threshold"].iloc[0])
    stretch = float(group.loc[group["tier"] == "stretch", "threshold"].iloc[0])
    beyond = floor > stretch if direction == "at_least" else floor < stretch
    if beyond:
        side = "above" if direction == "at_least" else "below"
        raise DataError(
            f"{where}: the floor (确保) {floor:g} is {side} the stretch goal (力争) "
            f"{stretch:g} for {what} ({direction}); a stretch goal asks for more than the "
            "floor: swap the tiers?")


def tiers_of(table: pd.DataFrame) -> pd.Series:
    """Return a table's ``tier`` column, or ``"single"`` on every row where it has none.

    Examples
    --------
    >>> tiers_of(pd.DataFrame({"year": [2025, 2030]})).tolist()
    ['single', 'single']
    """
    return table["tier"] if "tier" in table else pd.Series("single", index=table.index)
