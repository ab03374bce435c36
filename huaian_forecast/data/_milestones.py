"""The report workbook's milestone sheet read back as a targets file.

A planner edits the thresholds in the workbook the report wrote (``report.xlsx``, sheet
``里程碑目标`` / ``milestones``) and feeds it back as ``--targets``. That sheet has one
row per scenario and target, the indicator twice (its code, ``指标代码`` / ``indicator``,
and its display name, ``指标`` / ``name``), a note column and the probabilities. Read as
a targets table: the code is the indicator, the display name and the note are not read,
and the rows of the later scenarios, identical targets, are merged (listed in
``attrs["skipped"]`` as duplicates, never dropped silently). The last column is each
target's source; the one before it (``评估时目标值`` / ``threshold assessed``) repeats
the threshold assessed, which that source states: a row whose threshold differs from its
own threshold assessed was edited, and its source becomes the file (:func:`warn_edited`
says so); the other rows keep theirs. Only the threshold is compared, and only on a
sheet recognised as the milestone sheet (a probability column, and a scenario column or
the threshold assessed): a blank threshold assessed, an edited year, direction or tier,
or a sheet without the probability column keeps the source as written. The header
words are the ones :mod:`huaian_forecast.report.tables` writes (``report._text.COLUMNS``);
a test writes a workbook and reads it back.
"""

from __future__ import annotations

import logging
import warnings
from pathlib import Path
from typing import Any

from huaian_forecast.data._limits import Limits
from huaian_forecast.data._tabular import open_workbook
from huaian_forecast.data._validate import lookup_key
from huaian_forecast.exceptions import DataWarning

__all__ = ["ASSESSED_HEADERS", "MILESTONE_SHEETS", "is_milestone_layout", "milestone_ignored",
           "not_read", "report_sheets", "warn_edited"]

logger = logging.getLogger("huaian_forecast.data.loading")

#: The milestone sheet's name (zh, en) and the report workbook's first sheet's.
MILESTONE_SHEETS: tuple[str, ...] = ("里程碑目标", "milestones")
_SUMMARY_SHEETS = ("目标达成概率汇总", "summary")
_ZIP = b"PK\x03\x04"  # an .xlsx is a zip

#: Headers that mark the layout: a scenario column and a probability column.
_SCENARIO = {lookup_key(h) for h in ("情景", "scenario")}
_PROBABILITY = {lookup_key(h) for h in ("达标概率（%）", "p_reach (%)")}
#: Columns of the layout not read as targets: the display name and the note.
_NOT_READ = {lookup_key(h) for h in ("指标", "name", "备注", "note")}
#: The layout's column of the threshold assessed (``report._text.COLUMNS``): not the
#: threshold, the one the row's source states; a row whose threshold differs was edited.
ASSESSED_HEADERS: tuple[str, ...] = ("评估时目标值", "threshold assessed", "threshold_assessed")
_ASSESSED = {lookup_key(h) for h in ASSESSED_HEADERS}


def is_milestone_layout(header: list[str]) -> bool:
    """Whether a header is the milestone sheet's (its probability column and more).

    The probability column, and the scenario column or the threshold assessed (the
    sheet with its scenario column deleted).

    Examples
    --------
    >>> is_milestone_layout(["指标代码", "年份", "目标值", "达标概率（%）", "评估时目标值"])
    True
    >>> is_milestone_layout(["indicator", "year", "threshold", "p_reach (%)"])
    False
    """
    keys = {lookup_key(h) for h in header}
    return bool((_SCENARIO | _ASSESSED) & keys and _PROBABILITY & keys)


def not_read(header: list[str]) -> set[int]:
    """Return the columns of a report sheet's header not read as targets (name, note)."""
    return {i for i, h in enumerate(header) if lookup_key(h) in _NOT_READ}


def milestone_ignored(header: list[str]) -> set[int]:
    """Return the columns not read of a milestone-sheet header (empty for any other).

    Examples
    --------
    >>> milestone_ignored(["情景", "指标代码", "指标", "年份", "目标值", "达标概率（%）", "备注"])
    {2, 6}
    >>> milestone_ignored(["指标", "年份", "目标值", "备注"])
    set()
    """
    return not_read(header) if is_milestone_layout(header) else set()


def report_sheets(file: Path, data: bytes, sheet: str | int | None, limits: Limits,
                  ) -> tuple[str | int | None, str | None, Any]:
    """Return the sheet to read, a report workbook's summary sheet and the open workbook.

    A workbook whose first sheet is the report's summary (``目标达成概率汇总`` /
    ``summary``) and which has a milestone sheet is read from the milestone sheet (the
    summary's name is returned too: its targets are checked against the milestone
    sheet's); otherwise ``sheet`` as given (None: the first sheet) and None. The
    workbook (``.xlsx`` named so, ``sheet`` not given) is checked against the limits and
    opened once (:func:`~huaian_forecast.data._tabular.open_workbook`), for the reader of
    both sheets; None for any other file (the reader opens it, or says why it cannot).
    """
    if sheet is not None or file.suffix.lower() not in (".xlsx", ".xlsm") \
            or not data.startswith(_ZIP):  # not a workbook: the reader says what it is
        return sheet, None, None
    book = open_workbook(data, file, limits)
    names = list(book.sheetnames)
    found = [n for n in names if n in MILESTONE_SHEETS]
    if names and names[0] in _SUMMARY_SHEETS and found:
        logger.info("%s: a report workbook; reading its sheet %r", file, found[0])
        return found[0], names[0], book
    return sheet, None, book


def warn_edited(edited: list[dict[str, object]], source: str) -> None:
    """Warn once per target whose threshold differs from the threshold assessed.

    ``edited``: one entry per row whose own threshold differs from its own threshold
    assessed (``row``, ``column``, ``assessed_column``, ``what``, ``assessed``,
    ``threshold``, ``was``: the source the cell gave), as the targets reader collects
    them; the rows of one target (one per scenario) are named together. A row that
    states its threshold as its threshold assessed is not named: it keeps its source.

    Warns
    -----
    DataWarning
        Naming the file and sheet, the rows, the target, both thresholds, the file now
        the rows' source and the source they no longer carry.
    """
    name = Path(source).name  # the source a blank cell reads as: the file (and sheet)
    groups: dict[tuple[object, ...], list[dict[str, object]]] = {}
    for entry in edited:
        groups.setdefault((entry["what"], entry["assessed"], entry["threshold"],
                           entry["was"]), []).append(entry)
    for (what, assessed, threshold, was), entries in groups.items():
        rows = [str(e["row"]) for e in entries]
        warnings.warn(
            f"{source}, row{'s' if len(rows) > 1 else ''} {', '.join(rows)}, column "
            f"{entries[0]['column']!r}: {what}: threshold edited from {assessed:g} to "
            f"{threshold:g}: its source is now the file, {name!r}, not {was!r} (which "
            f"states the threshold assessed); to cite a document that states "
            f"{threshold:g}, type it in the source cell and {threshold:g} in column "
            f"{entries[0]['assessed_column']!r}, on every scenario's row of the target",
            DataWarning, stacklevel=4)
