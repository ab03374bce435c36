"""The Excel workbook planners open: ``to_excel(path, projections, ...)``."""

from __future__ import annotations

import math
import os
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from huaian_forecast.exceptions import ArgumentError
from huaian_forecast.report import tables
from huaian_forecast.report._atomic import atomic_path
from huaian_forecast.report._sanitize import cell_text, safe_frame
from huaian_forecast.report._text import SHEETS, Lang
from huaian_forecast.report._ytd_dates import with_ytd_dates
from huaian_forecast.report.summary_sheet import summary_sheet
from huaian_forecast.simulation import Projection

__all__ = ["SHEET_ORDER", "to_excel", "workbook_tables"]

#: Internal sheet keys in workbook order (names by language in ``_text.SHEETS``).
SHEET_ORDER: tuple[str, ...] = ("summary", "milestones", "fan", "inputs", "history", "manifest")
_MAX_WIDTH = 60


def as_list(projections: Projection | Sequence[Projection]) -> list[Projection]:
    items = [projections] if isinstance(projections, Projection) else list(projections)
    if not items:
        raise ArgumentError("to_excel needs at least one Projection")
    names = [p.scenario for p in items]
    if len(set(names)) != len(names):
        raise ArgumentError(f"scenario names must be unique, got {names}")
    return items


def first_region(items: Sequence[Projection], assessments: Mapping[str, pd.DataFrame]) -> str:
    """Return the region simulated by the first assessment's scenario (the summary's rows).

    The first projection's region when no projection has that scenario's name.
    """
    first = next(iter(assessments), None)
    return next((p.region for p in items if p.scenario == first), items[0].region)


def workbook_tables(projections: Projection | Sequence[Projection], *,
                    targets: pd.DataFrame | None = None, history: pd.DataFrame | None = None,
                    lang: Lang = "zh", command: str = "",
                    assessments: Mapping[str, pd.DataFrame] | None = None
                    ) -> dict[str, pd.DataFrame]:
    """Return the workbook's sheets as ``{sheet name: localised DataFrame}``, in order.

    ``assessments`` (per scenario name, as :func:`~huaian_forecast.report.tables.assess_all`
    gives) are used as given; only a direct caller that passes none gets them computed
    here, and the bundled targets / history loaded where those are missing.
    """
    frames = _internal_tables(projections, targets=targets, history=history, lang=lang,
                              command=command, assessments=assessments)
    idx = 0 if lang == "zh" else 1
    return {SHEETS[k][idx]: tables.localise(frames[k], lang) for k in SHEET_ORDER}


def _internal_tables(projections: Projection | Sequence[Projection], *,
                     targets: pd.DataFrame | None, history: pd.DataFrame | None,
                     lang: Lang, command: str,
                     assessments: Mapping[str, pd.DataFrame] | None,
                     ) -> dict[str, pd.DataFrame]:
    """Return the sheets with internal column names, keyed as :data:`SHEET_ORDER`."""
    items = as_list(projections)
    if assessments is None or history is None:
        from huaian_forecast.data import load_history, load_targets

        history = load_history() if history is None else history
        if assessments is None:
            targets = load_targets() if targets is None else targets
            assessments = tables.assess_all(items, targets)
    assessments = with_ytd_dates(assessments, items)  # each nowcast row's figure's date
    return {
        "summary": summary_sheet(assessments, lang=lang,
                                 region=first_region(items, assessments)),
        "milestones": tables.milestone_table(assessments, lang=lang, targets=targets),
        "fan": tables.fan_table(items, lang=lang, assessments=assessments),
        "inputs": tables.inputs_table(items, lang=lang),
        "history": tables.history_table(history),
        "manifest": tables.manifest_table(items, command=command, targets=targets,
                                          assessments=assessments),
    }


#: Number formats by the published unit of the row's indicator.
_UNIT_FORMATS = {"percent": "0.00", "100m_cny": "#,##0.00", "firms": "#,##0", "labs": "#,##0",
                 "projects": "#,##0", "contracts": "#,##0"}
#: Columns holding a value of the row's indicator (formatted by its unit).
_VALUE_COLUMNS = {"threshold", "threshold_assessed", "value", "q025", "q10", "q25", "median",
                  "q75", "q90", "q975"}
#: The header cells' look: bold, thin border, centred.
_HEADER_STYLE = {"bold": True, "border": 1, "align": "center", "valign": "top"}
#: Workbook options: a text cell is always text (never a formula, link or number).
#: ``in_memory``: the parts are assembled in memory, not in temporary files.
_WORKBOOK_OPTIONS = {"strings_to_formulas": False, "strings_to_urls": False,
                     "strings_to_numbers": False, "in_memory": True}


def _column_format(column: str, frame: pd.DataFrame) -> str | None:
    """Return the format of a column that does not depend on the row (None: by row)."""
    if column in ("year", "last_year"):
        return "0"
    if column == "p_reach_pct" or column in frame.attrs.get("pct_columns", ()):
        return "0.0"
    if column == "p_reach_se_pct":
        return "0.00"
    return None


def _number_formats(frame: pd.DataFrame) -> list[list[str | None]]:
    """Return each numeric cell's number format, column by column (None: General).

    Percent values with 2 decimals, counts with thousands separators, 亿元 with 2
    decimals, probabilities (in percent) with 1 decimal, years without separators.
    """
    from huaian_forecast.indicators import INDICATORS

    units = [INDICATORS[k].unit if k in INDICATORS else None
             for k in (frame["indicator"].astype(str) if "indicator" in frame
                       else [""] * len(frame))]
    by_row = [_UNIT_FORMATS.get(u) if u is not None else None for u in units]
    formats: list[list[str | None]] = []
    for column in frame.columns:
        fixed = _column_format(str(column), frame)
        if fixed is not None:
            formats.append([fixed] * len(frame))
        elif column in _VALUE_COLUMNS:
            formats.append(by_row)
        else:
            formats.append([None] * len(frame))
    return formats


def _autosize(sheet: Any, frame: pd.DataFrame) -> None:
    """Set readable column widths and freeze the header row."""
    for i, col in enumerate(frame.columns):
        values = [str(v) for v in frame[col].head(200)]
        width = max([len(str(col)) * 2, *(len(v) for v in values)]) + 2
        sheet.set_column(i, i, min(width, _MAX_WIDTH))
    sheet.freeze_panes(1, 0)


def _write_sheet(book: Any, name: str, frame: pd.DataFrame,
                 formats: list[list[str | None]], styles: dict[str | None, Any]) -> None:
    """Write one table: a header row, then its cells column by column (:func:`_write_cell`)."""
    sheet = book.add_worksheet(name)
    header = styles["header"]
    for j, column in enumerate(frame.columns):
        sheet.write_string(0, j, str(column), header)
    for j, (column, column_formats) in enumerate(zip(frame.columns, formats, strict=True)):
        for i, (value, fmt) in enumerate(zip(frame[column].tolist(), column_formats,
                                             strict=True), start=1):
            _write_cell(book, sheet, i, j, value, fmt, styles)
    _autosize(sheet, frame)


def _write_cell(book: Any, sheet: Any, row: int, col: int, value: object, fmt: str | None,
                styles: dict[str | None, Any]) -> None:
    """Write one value as text, number, boolean or nothing (a blank cell).

    Text is written as text (``write_string``: never a formula). Missing values and empty
    texts are blank and infinities the text ``inf`` / ``-inf``, as pandas' ``to_excel``
    writes them; other objects (dates) as their text, through the same seam.
    """
    if isinstance(value, str):
        if value:
            sheet.write_string(row, col, value)
    elif isinstance(value, bool | np.bool_):
        sheet.write_boolean(row, col, bool(value))
    elif isinstance(value, int | float | np.integer | np.floating):
        number = float(value)
        if math.isinf(number):
            sheet.write_string(row, col, "inf" if number > 0 else "-inf")
        elif not math.isnan(number):
            style = styles.get(fmt)
            if style is None and fmt is not None:
                style = styles[fmt] = book.add_format({"num_format": fmt})
            sheet.write_number(row, col, number, style)
    elif value is not None and value is not pd.NA and value is not pd.NaT:
        sheet.write_string(row, col, cell_text(str(value)))


def _close(book: Any) -> None:
    """Write the workbook's file; a disk error stays an :class:`OSError`.

    XlsxWriter wraps the ``OSError`` of a full disk or a refused file in its own
    ``FileCreateError`` (not an ``OSError``); callers (the CLI) tell the machine's
    problems from ours by ``OSError``.
    """
    from xlsxwriter.exceptions import FileCreateError

    try:
        book.close()
    except FileCreateError as error:
        cause = error.args[0] if error.args else None
        raise (cause if isinstance(cause, OSError) else OSError(str(error))) from error


def to_excel(path: str | os.PathLike[str], projections: Projection | Sequence[Projection], *,
             targets: pd.DataFrame | None = None, history: pd.DataFrame | None = None,
             lang: Lang = "zh", command: str = "", force: bool = False,
             assessments: Mapping[str, pd.DataFrame] | None = None) -> Path:
    """Write the planners' workbook: summary, milestones, fan quantiles, inputs, history, manifest.

    Parameters
    ----------
    path : path-like
        Destination ``.xlsx`` file; its folder must exist.
    projections : Projection or sequence of Projection
        One projection per scenario (scenario names must be unique); the first is the
        reference of the fan chart tables' order.
    targets : DataFrame, optional
        Targets table (default: :func:`~huaian_forecast.load_targets`).
    history : DataFrame, optional
        Observation table used for the projections (default: the bundled data).
    lang : {"zh", "en"}
        Language of sheet and column names.
    command : str
        The command or call that produced the results, recorded in the manifest.
    force : bool, default False
        Overwrite an existing file.
    assessments : mapping of str to DataFrame, optional
        The projections' assessments keyed by scenario name, when the caller has them
        (:func:`write_report` does): nothing is assessed again.

    Returns
    -------
    pathlib.Path
        The path written.

    Raises
    ------
    OutputExistsError
        If ``path`` exists and ``force`` is false.

    Notes
    -----
    Sheets (English / Chinese names): ``summary`` / 目标达成概率汇总 (targets x scenarios,
    probability in percent and the change against ``baseline`` in percentage points),
    ``milestones`` / 里程碑目标, ``fan quantiles`` / 预测分位数 (2.5, 10, 25, 50, 75, 90,
    97.5 % per indicator and year), ``scenario inputs`` / 情景输入 (levers with sources),
    ``history used`` / 历史数据 and ``manifest`` / 运行记录 (seed, paths, data hash,
    package versions, command, notes). Every text cell and header is written through
    :func:`~huaian_forecast.report._sanitize.safe_frame`: control characters removed, and
    text starting with ``=``, ``+``, ``-``, ``@``, tab or CR prefixed with ``'`` (OWASP),
    so no cell is a formula. The file is written to a temporary file in the same
    folder and moved into place, so a failure leaves no half-written workbook.
    """
    if lang not in ("zh", "en"):
        raise ArgumentError(f"lang must be 'zh' or 'en', got {lang!r}")
    frames = _internal_tables(projections, targets=targets, history=history, lang=lang,
                              command=command, assessments=assessments)
    frames["summary"].attrs["pct_columns"] = [
        c for c in frames["summary"].columns
        if c not in ("indicator", "name", "unit", "year", "threshold", "direction", "note")
        and frames["summary"][c].dtype.kind == "f"]  # labels and ranges are text
    idx = 0 if lang == "zh" else 1
    import xlsxwriter

    with atomic_path(path, force=force) as tmp:
        # the file is written at close(); an error before it leaves nothing to remove
        book = xlsxwriter.Workbook(str(tmp), _WORKBOOK_OPTIONS)
        styles: dict[str | None, Any] = {"header": book.add_format(_HEADER_STYLE)}
        for key in SHEET_ORDER:
            # every text cell and header through the one seam: no formula, no control char
            name, frame = SHEETS[key][idx], safe_frame(tables.localise(frames[key], lang))
            _write_sheet(book, name, frame, _number_formats(frames[key]), styles)
        _close(book)
    return Path(path)
