"""Load and validate a targets table: the bundled work-report targets or a planner's file.

Read like the observation table (:mod:`huaian_forecast.data.loading`: encodings, headers
in English or Chinese, size limits, control characters, rows never dropped silently); one
row per region x indicator x year x direction x tier (a floor, 确保, and a stretch goal,
力争, of one year are two rows: :mod:`huaian_forecast.data._tiers`).
"""

from __future__ import annotations

import hashlib
from operator import itemgetter
from pathlib import Path

import pandas as pd

from huaian_forecast.data._limits import Limits
from huaian_forecast.data._loaded import (
    first_alike,
    log_loaded,
    merge_identical,
    sheet_hint,
    warn_cleaned,
    warn_converted,
)
from huaian_forecast.data._milestones import is_milestone_layout, report_sheets, warn_edited
from huaian_forecast.data._regions import check_regions
from huaian_forecast.data._resources import data_file
from huaian_forecast.data._summary_check import check_summary
from huaian_forecast.data._tabular import Grid, Skipped, read_grid, read_input
from huaian_forecast.data._target_rows import column_header, target_columns, target_records
from huaian_forecast.data._tiers import TIER_HINT, TIER_WORDS, check_tiers, resolve_tier
from huaian_forecast.data._validate import check_duplicates, looks_like_header
from huaian_forecast.exceptions import DataError

__all__ = ["TARGET_COLUMNS", "TIER_WORDS", "load_targets", "resolve_tier"]

#: Columns of the targets table, in order.
TARGET_COLUMNS: tuple[str, ...] = (
    "region", "indicator", "year", "threshold", "direction", "tier", "unit", "horizon",
    "source", "quote",
)


def load_targets(path: str | Path | None = None, *, sheet: str | int | None = None,
                 limits: Limits | None = None) -> pd.DataFrame:
    """Load a targets table (the bundled seed targets when ``path`` is ``None``).

    Parameters
    ----------
    path : str or Path, optional
        A CSV or ``.xlsx`` file; ``None`` loads the bundled targets (from the bureau's
        2024-06-14 work report).
    sheet : str or int, optional
        Excel sheet name or index (default: the first sheet; of a workbook the report
        wrote, its milestone sheet ``里程碑目标`` / ``milestones``, which loads back as
        the targets the run assessed).
    limits : Limits, optional
        As :func:`load_history`.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`TARGET_COLUMNS`; ``direction`` is ``"at_least"`` or ``"at_most"``;
        ``tier`` is ``"single"`` (no tier column, or an empty cell), ``"floor"`` (确保,
        底线: the threshold the bureau commits to) or ``"stretch"`` (力争, 冲刺: the goal it
        strives for), read from an optional ``tier`` / ``档次`` column (or a ``目标类型``
        column holding these words). A floor and a stretch of one indicator and year are
        two targets; two rows of one tier with different thresholds are refused. A row
        stating an earlier row's target again from another source (equal but in
        ``source``, ``quote`` or ``horizon``) is merged into it, its ``source`` and
        ``quote`` joined to the first row's with ``"; "`` (each text once, in file
        order; a blank source, elsewhere the file's name, is left out where another row
        has one; a row without a quote adds none, so quotes need not pair with sources);
        ``attrs["skipped"]`` lists the merged rows, each with the row it joined, among
        the other rows not read, in file order.

    Raises
    ------
    DataError
        As :func:`load_history`, naming file, row and column.

    Warns
    -----
    DataWarning
        As :func:`load_history` (control characters removed from ``source`` or ``quote``,
        a fraction unit converted). On the report's milestone sheet (recognised by its
        probability column and its scenario or threshold assessed column), for the rows
        whose threshold differs from their own threshold assessed (``评估时目标值``),
        which was edited: those rows take the file as their source (as a blank cell),
        not the source that states the value assessed; the other rows keep theirs. Only
        the threshold is compared: a blank threshold assessed, an edited year, direction
        or tier, or a sheet without the threshold assessed or the probability column (an
        older report's, a table of one's own) keeps every source as written.

    Notes
    -----
    A ``source`` or ``quote`` cell beginning with one ``'`` before ``=``, ``+``, ``-`` or
    ``@`` (the report writer's formula escape) is read without it, in any file; each such
    cell is listed in ``attrs["cleaned"]`` (``"what"``: "leading ' removed (the writer's
    formula escape)") and logged, not warned about.

    Examples
    --------
    >>> targets = load_targets()
    >>> targets.query("year == 2030 and indicator == 'hte_count'")["threshold"].item()
    1500.0
    """
    file = data_file("targets.csv") if path is None else Path(path)
    limits = Limits.from_env() if limits is None else limits
    data = read_input(file, limits)  # the one read, as in load_history
    # a report workbook: its milestones; a workbook is checked and opened once, here
    sheet, summary, book = report_sheets(file, data, sheet, limits)
    with sheet_hint(file, data, sheet):
        grid = read_grid(file, data, sheet=sheet, is_header=looks_like_header, limits=limits,
                         book=book)
        table = _load_targets(file, data, grid)
        if summary is not None:  # the summary's thresholds are not read: the same?
            check_summary(read_grid(file, data, sheet=summary, is_header=looks_like_header,
                                    limits=limits, book=book), str(sheet), table)
    return table


def _load_targets(file: Path, data: bytes, grid: Grid) -> pd.DataFrame:
    cleaned: list[dict[str, object]] = []
    converted: list[int] = []
    cols = target_columns(grid)
    edited: list[dict[str, object]] = []  # thresholds edited in a report's workbook
    records = target_records(grid, cleaned, converted, cols=cols, edited=edited)
    if not records:
        raise DataError(f"{grid.source}, row {grid.header_row}: no data rows below the "
                        "header; expected one row per target")
    table = pd.DataFrame.from_records(records,
                                      columns=[*TARGET_COLUMNS, "_row", "_col"])
    untiered = bool((table["tier"] == "single").all())  # then the message is as before
    milestones = is_milestone_layout(grid.header)  # one row per scenario: all edited?
    check_duplicates(table, grid.source, value="threshold",
                     keys=("region", "indicator", "year", "direction",
                           *(() if untiered else ("tier",))),
                     hint=TIER_HINT if untiered and not milestones else "",
                     advice="edit the threshold on every scenario's row" if milestones
                     else "keep one")
    check_tiers(table, grid.source, tier_header=column_header(grid, cols, "tier"),
                direction_header=column_header(grid, cols, "direction"))
    check_regions(table, grid.source)
    warn_converted(converted, grid.source)
    warn_edited(edited, grid.source)
    kept, duplicates = merge_identical(table, TARGET_COLUMNS)
    table, restated = _merge_restated(table.loc[kept.index],  # with its file rows
                                      Path(grid.source).name)
    table = table.drop(columns=["_row", "_col"]).reset_index(drop=True)
    table["year"] = table["year"].astype("int64")
    table["threshold"] = table["threshold"].astype("float64")
    table.attrs.update(source=str(file), sha256=hashlib.sha256(data).hexdigest(),
                       skipped=sorted([*grid.skipped, *duplicates, *restated],
                                      key=itemgetter("row")),
                       cleaned=cleaned)
    warn_cleaned(cleaned, grid.source)
    log_loaded(table, grid.source)
    return table


#: What makes two rows one target (the unit is the indicator's): rows equal in these and
#: different only in their text (horizon, source, quote) state one target twice.
_TARGET_KEY: tuple[str, ...] = ("region", "indicator", "year", "threshold", "direction",
                                "tier", "unit")


def _merge_restated(table: pd.DataFrame, file_name: str) -> tuple[pd.DataFrame, list[Skipped]]:
    """Merge a row stating an earlier row's target again (from another source) into it.

    One target stated by two documents is one target (two would be assessed, drawn and
    listed twice). The first row keeps its place and its horizon; its ``source`` and
    ``quote`` become the distinct non-empty texts of the rows (:func:`_join_texts`).
    Each merged row is returned as a ``skipped`` entry naming the row it joined (and a
    horizon of its own, not kept), as
    :func:`~huaian_forecast.data._loaded.merge_identical` does for identical rows.
    ``table`` still has its ``_row`` column (file rows); ``file_name`` is the source a
    row with a blank source cell was given (left out where another row has a source).
    """
    first_row = first_alike(table, _TARGET_KEY)
    dup = first_row != table["_row"]
    if not dup.any():
        return table, []
    table = table.copy()
    groups = table.groupby(first_row, sort=False)
    table["source"] = groups["source"].transform(_join_texts, fallback=file_name)
    table["quote"] = groups["quote"].transform(_join_texts)
    first_horizon = groups["horizon"].transform("first")
    merged: list[Skipped] = [
        {"row": int(r), "reason": f"same target as row {int(f)}: source and quote joined"
         + ("" if h == h0 else f"; its horizon {h!r} not kept (row {int(f)}'s {h0!r} is)"),
         "text": ""}
        for r, f, h, h0 in zip(table.loc[dup, "_row"], first_row[dup], table.loc[dup, "horizon"],
                               first_horizon[dup], strict=True)]
    return table.loc[~dup], merged


def _join_texts(cells: pd.Series, fallback: str = "") -> str:
    """Join the distinct non-empty texts of ``cells`` with "; ", in their (file) order.

    A cell joined before (a merged table saved and loaded again: ``"docA; docB"``) is
    split on "; " first, so a text it holds is not repeated. ``fallback`` (the file's
    name, the source of a row whose source cell is blank) is left out where another text
    is there. Sources and quotes are both joined in file order, but a row without a quote
    adds none: the n-th quote is not always the n-th source's.
    """
    texts = dict.fromkeys(part for c in cells if isinstance(c, str) and c
                          for part in c.split("; ") if part)
    if fallback in texts and len(texts) > 1:
        del texts[fallback]
    return "; ".join(texts)
