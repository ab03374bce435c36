"""The report workbook's milestone sheet read back as a targets file.

A planner edits the thresholds in the workbook the report wrote (``report.xlsx``, sheet
``里程碑目标`` / ``milestones``) and feeds it back as ``--targets``. That sheet has one
row per scenario and target, the indicator twice (its code, ``指标代码`` / ``indicator``,
and its display name, ``指标`` / ``name``), a note column and the probabilities. Read as
a targets table: the code is the indicator, the display name and the note are not read,
and the rows of the later scenarios, identical targets, are merged (listed in
``attrs["skipped"]`` as duplicates, never dropped silently). The header words are the
ones :mod:`huaian_forecast.report.tables` writes (``report._text.COLUMNS``); a test
writes a workbook and reads it back.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from huaian_forecast.data._limits import Limits
from huaian_forecast.data._tabular import open_workbook
from huaian_forecast.data._validate import lookup_key

__all__ = ["MILESTONE_SHEETS", "is_milestone_layout", "milestone_ignored", "not_read",
           "report_sheets"]

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


def is_milestone_layout(header: list[str]) -> bool:
    """Whether a header is the milestone sheet's: a scenario and a probability column."""
    keys = {lookup_key(h) for h in header}
    return bool(_SCENARIO & keys and _PROBABILITY & keys)


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
