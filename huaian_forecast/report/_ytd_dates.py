"""Each year-to-date figure's own date in the report, not the latest figure's for all.

The figures of one file are often of different days (the bundled 2024 ones: enterprise
R&D and technology projects by 31 May, contracts by 16 June, HTE applications by 19
June). The projection's manifest records each indicator's date
(``ytd_as_of_by_indicator``, :func:`~huaian_forecast.data.ytd_provenance`); the report
states the span of dates beside its run facts, each indicator's date in that line where
they differ (:func:`dates_phrase`), and each nowcast row's own date where the rows are
(:func:`with_ytd_dates`: a ``ytd_as_of`` column the briefing, ``summary.md`` and the
workbook read).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from huaian_forecast.assessment import NOWCAST, nowcast_rows
from huaian_forecast.report._text import Lang, code_label, short_name

__all__ = ["YTD_AS_OF", "dated_figures", "dated_nowcast", "dates_phrase", "row_as_of",
           "with_ytd_dates", "ytd_dates"]

#: Column :func:`with_ytd_dates` adds: the date of the figure a nowcast row reads.
YTD_AS_OF = "ytd_as_of"


def ytd_dates(projections: Sequence[Any]) -> dict[str, str]:
    """Return ``{indicator: as_of}`` of the first projection's year-to-date figures.

    Empty where the manifest records none (no figures, the trend method, or a projection
    made before the manifest recorded them).
    """
    dates = projections[0].manifest.get("ytd_as_of_by_indicator") if projections else None
    return {str(k): str(v) for k, v in dates.items()} if isinstance(dates, Mapping) else {}


def with_ytd_dates(assessments: Mapping[str, pd.DataFrame],
                   projections: Sequence[Any]) -> dict[str, pd.DataFrame]:
    """Return the assessments with :data:`YTD_AS_OF` on each nowcast row ("" elsewhere).

    A row's date is its indicator's in :func:`ytd_dates` (the figure the nowcast read:
    a report's assessments nowcast with the projections' figures, ``write_report``
    refuses others). Tables are returned as given where no figure has a date, and where
    they carry :data:`YTD_AS_OF` already (``write_report`` dates them once for the
    workbook and both briefings).
    """
    dates = ytd_dates(projections)
    if not dates:
        return dict(assessments)
    out = {}
    for name, table in assessments.items():
        if YTD_AS_OF in table:
            out[name] = table
            continue
        rows = nowcast_rows(table, known=False)
        out[name] = table.assign(**{YTD_AS_OF: [
            dates.get(str(key), "") if now else ""
            for key, now in zip(table["indicator"], rows, strict=True)]})
    return out


def row_as_of(row: Any) -> str:
    """Return the :data:`YTD_AS_OF` of a row (Series, namedtuple or mapping), "" if none."""
    value = row.get(YTD_AS_OF, "") if hasattr(row, "get") else getattr(row, YTD_AS_OF, "")
    return "" if value is None or pd.isna(value) else str(value)


def dated_nowcast(as_of: str, lang: Lang) -> str:
    """Return the nowcast's word with its figure's date: ``年内预估（截至 2024-05-31）``.

    Examples
    --------
    >>> dated_nowcast("2024-05-31", "en"), dated_nowcast("", "en")
    ('nowcast (as of 2024-05-31)', 'nowcast')
    """
    word = str(code_label(NOWCAST, lang))
    if not as_of:
        return word
    return f"{word}（截至 {as_of}）" if lang == "zh" else f"{word} (as of {as_of})"


def dated_figures(dates: Mapping[str, str], lang: Lang) -> str:
    """Return each figure with its day, earliest first: ``Enterprise R&D spending 2024-05-31, …``.

    ``dates``: indicator -> day (the manifest's ``ytd_as_of_by_indicator``).

    Examples
    --------
    >>> dated_figures({"tech_contracts": "2024-06-16", "enterprise_rd": "2024-05-31"}, "zh")
    '规上企业研发支出 2024-05-31、技术合同成交额 2024-06-16'
    """
    return ("、" if lang == "zh" else ", ").join(
        f"{short_name(key, lang)} {day}"
        for key, day in sorted(dates.items(), key=lambda kv: (kv[1], kv[0])))


def dates_phrase(projections: Sequence[Any], latest: str, lang: Lang) -> str:
    """Return the "as of" of the run facts: one date, or the span and each figure's date.

    ``latest``: the manifest's ``ytd_as_of`` (used alone where the figures share it or
    the manifest has no per-indicator dates).

    Examples
    --------
    >>> class P:
    ...     manifest = {"ytd_as_of_by_indicator": {"enterprise_rd": "2024-05-31",
    ...                                             "tech_contracts": "2024-06-16"}}
    >>> dates_phrase([P()], "2024-06-16", "en")  # doctest: +NORMALIZE_WHITESPACE
    '2024-05-31 to 2024-06-16: Enterprise R&D spending 2024-05-31,
     Tech contract turnover 2024-06-16'
    """
    dates = ytd_dates(projections)
    if len(set(dates.values())) < 2:
        return next(iter(dates.values()), latest)
    first, last = min(dates.values()), max(dates.values())
    each = dated_figures(dates, lang)
    return (f"{first} 至 {last}：{each}" if lang == "zh"
            else f"{first} to {last}: {each}")
