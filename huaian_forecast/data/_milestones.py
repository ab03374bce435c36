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

import io
import logging
from pathlib import Path

from huaian_forecast.data._values import normalise_text

__all__ = ["MILESTONE_SHEETS", "milestone_ignored", "report_sheet"]

logger = logging.getLogger("huaian_forecast.data.loading")

#: The milestone sheet's name (zh, en) and the report workbook's first sheet's.
MILESTONE_SHEETS: tuple[str, ...] = ("里程碑目标", "milestones")
_SUMMARY_SHEETS = ("目标达成概率汇总", "summary")


def _key(text: str) -> str:
    return "".join(normalise_text(text).split()).casefold()


#: Headers that mark the layout: a scenario column and a probability column.
_SCENARIO = {_key(h) for h in ("情景", "scenario")}
_PROBABILITY = {_key(h) for h in ("达标概率（%）", "p_reach (%)")}
#: Columns of the layout not read as targets: the display name and the note.
_NOT_READ = {_key(h) for h in ("指标", "name", "备注", "note")}


def milestone_ignored(header: list[str]) -> set[int]:
    """Return the columns not read of a milestone-sheet header (empty for any other).

    Examples
    --------
    >>> milestone_ignored(["情景", "指标代码", "指标", "年份", "目标值", "达标概率（%）", "备注"])
    {2, 6}
    >>> milestone_ignored(["指标", "年份", "目标值", "备注"])
    set()
    """
    keys = [_key(h) for h in header]
    if not (_SCENARIO & set(keys) and _PROBABILITY & set(keys)):
        return set()
    return {i for i, k in enumerate(keys) if k in _NOT_READ}


def report_sheet(file: Path, data: bytes, sheet: str | int | None) -> str | int | None:
    """Return the sheet to read: the milestone sheet of a report workbook, if none chosen.

    A workbook whose first sheet is the report's summary (``目标达成概率汇总`` /
    ``summary``) and which has a milestone sheet is read from the milestone sheet;
    otherwise ``sheet`` as given (None: the first sheet).
    """
    if sheet is not None or file.suffix.lower() not in (".xlsx", ".xlsm"):
        return sheet
    from openpyxl import load_workbook

    try:
        wb = load_workbook(io.BytesIO(data), read_only=True)
    except Exception:  # not a workbook: the reader says why
        return sheet
    try:
        names = list(wb.sheetnames)
    finally:
        wb.close()
    found = [n for n in names if n in MILESTONE_SHEETS]
    if names and names[0] in _SUMMARY_SHEETS and found:
        logger.info("%s: a report workbook; reading its sheet %r", file, found[0])
        return found[0]
    return sheet
