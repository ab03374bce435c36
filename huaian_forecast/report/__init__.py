"""Planner-grade outputs: charts, the Excel workbook, Markdown and HTML briefings, IAMC export.

matplotlib and XlsxWriter are imported only inside the functions that draw or write, so
``import huaian_forecast`` stays light, and the names below are re-exported lazily (PEP
562): a process that needs one module of the report (the chart process, the CLI checking
its output folder) imports that module alone. :func:`write_report` writes everything into
one folder, all-or-nothing: outputs are produced in a hidden staging folder and moved
into place only when every one of them succeeded.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover - type checkers see the explicit re-exports
    from huaian_forecast.report._atomic import OutputExistsError as OutputExistsError
    from huaian_forecast.report._atomic import check_writable as check_writable
    from huaian_forecast.report._notes_zh import disagreement_reason_zh as disagreement_reason_zh
    from huaian_forecast.report._notes_zh import disagreement_zh as disagreement_zh
    from huaian_forecast.report._notes_zh import note_label as note_label
    from huaian_forecast.report._target_facts import target_name as target_name
    from huaian_forecast.report._target_facts import target_text as target_text
    from huaian_forecast.report._target_facts import tier_of as tier_of
    from huaian_forecast.report._text import SCENARIO_DESCRIPTIONS_ZH as SCENARIO_DESCRIPTIONS_ZH
    from huaian_forecast.report._text import code_label as code_label
    from huaian_forecast.report._text import family_name as family_name
    from huaian_forecast.report._text import localise_columns as localise_columns
    from huaian_forecast.report._text import region_name as region_name
    from huaian_forecast.report._text import short_name as short_name
    from huaian_forecast.report._text import unit_label as unit_label
    from huaian_forecast.report._tier_text import tier_label as tier_label
    from huaian_forecast.report._tier_text import tier_suffix as tier_suffix
    from huaian_forecast.report._tier_text import without_single_tier as without_single_tier
    from huaian_forecast.report._uncertainty import mc_error as mc_error
    from huaian_forecast.report._ytd_dates import dated_figures as dated_figures
    from huaian_forecast.report.chart_process import ChartProcess as ChartProcess
    from huaian_forecast.report.charts import plot_fan as plot_fan
    from huaian_forecast.report.charts import plot_scenarios as plot_scenarios
    from huaian_forecast.report.excel import to_excel as to_excel
    from huaian_forecast.report.fonts import MissingCJKFontWarning as MissingCJKFontWarning
    from huaian_forecast.report.frontier_chart import plot_frontier as plot_frontier
    from huaian_forecast.report.frontier_chart import write_frontier_chart as write_frontier_chart
    from huaian_forecast.report.html import to_html as to_html
    from huaian_forecast.report.iamc import to_iamc as to_iamc
    from huaian_forecast.report.markdown import to_markdown as to_markdown
    from huaian_forecast.report.sobol_chart import plot_sobol as plot_sobol
    from huaian_forecast.report.tables import localise as localise_table
    from huaian_forecast.report.tornado_chart import plot_tornado as plot_tornado
    from huaian_forecast.report.writer import BRIEFING as BRIEFING
    from huaian_forecast.report.writer import FIXED_FILES as FIXED_FILES
    from huaian_forecast.report.writer import IAMC as IAMC
    from huaian_forecast.report.writer import SUMMARY as SUMMARY
    from huaian_forecast.report.writer import WORKBOOK as WORKBOOK
    from huaian_forecast.report.writer import planner_assessments as planner_assessments
    from huaian_forecast.report.writer import report_files as report_files
    from huaian_forecast.report.writer import write_report as write_report

#: Public name -> (module of this package, name there).
_HOME: dict[str, tuple[str, str]] = {
    "OutputExistsError": ("_atomic", "OutputExistsError"),
    "check_writable": ("_atomic", "check_writable"),
    "SCENARIO_DESCRIPTIONS_ZH": ("_text", "SCENARIO_DESCRIPTIONS_ZH"),
    "code_label": ("_text", "code_label"),
    "family_name": ("_text", "family_name"),
    "localise_columns": ("_text", "localise_columns"),
    "region_name": ("_text", "region_name"),
    "note_label": ("_notes_zh", "note_label"),
    "disagreement_reason_zh": ("_notes_zh", "disagreement_reason_zh"),
    "disagreement_zh": ("_notes_zh", "disagreement_zh"),
    "short_name": ("_text", "short_name"),
    "tier_label": ("_tier_text", "tier_label"),
    "dated_figures": ("_ytd_dates", "dated_figures"),
    "tier_suffix": ("_tier_text", "tier_suffix"),
    "without_single_tier": ("_tier_text", "without_single_tier"),
    "target_name": ("_target_facts", "target_name"),
    "target_text": ("_target_facts", "target_text"),
    "tier_of": ("_target_facts", "tier_of"),
    "unit_label": ("_text", "unit_label"),
    "mc_error": ("_uncertainty", "mc_error"),
    "ChartProcess": ("chart_process", "ChartProcess"),
    "plot_fan": ("charts", "plot_fan"),
    "plot_scenarios": ("charts", "plot_scenarios"),
    "plot_tornado": ("tornado_chart", "plot_tornado"),
    "to_excel": ("excel", "to_excel"),
    "MissingCJKFontWarning": ("fonts", "MissingCJKFontWarning"),
    "plot_frontier": ("frontier_chart", "plot_frontier"),
    "write_frontier_chart": ("frontier_chart", "write_frontier_chart"),
    "to_html": ("html", "to_html"),
    "to_iamc": ("iamc", "to_iamc"),
    "to_markdown": ("markdown", "to_markdown"),
    "plot_sobol": ("sobol_chart", "plot_sobol"),
    "BRIEFING": ("writer", "BRIEFING"),
    "FIXED_FILES": ("writer", "FIXED_FILES"),
    "IAMC": ("writer", "IAMC"),
    "SUMMARY": ("writer", "SUMMARY"),
    "WORKBOOK": ("writer", "WORKBOOK"),
    "planner_assessments": ("writer", "planner_assessments"),
    "report_files": ("writer", "report_files"),
    "write_report": ("writer", "write_report"),
    "localise_table": ("tables", "localise"),
}

__all__ = [
    "FIXED_FILES",
    "SCENARIO_DESCRIPTIONS_ZH",
    "ChartProcess",
    "MissingCJKFontWarning",
    "OutputExistsError",
    "check_writable",
    "code_label",
    "dated_figures",
    "disagreement_reason_zh",
    "disagreement_zh",
    "family_name",
    "localise_columns",
    "localise_table",
    "mc_error",
    "note_label",
    "planner_assessments",
    "plot_fan",
    "plot_frontier",
    "plot_scenarios",
    "plot_sobol",
    "plot_tornado",
    "region_name",
    "report_files",
    "short_name",
    "target_name",
    "target_text",
    "tier_label",
    "tier_of",
    "tier_suffix",
    "to_excel",
    "to_html",
    "to_iamc",
    "to_markdown",
    "unit_label",
    "without_single_tier",
    "write_frontier_chart",
    "write_report",
]


#: The modules of this package, reachable as attributes as when ``__init__`` imported them.
_MODULES = frozenset({"chart_files", "chart_process", "charts", "excel", "explorer", "fonts",
                      "frontier_chart", "html", "iamc", "markdown", "sobol_chart", "svg",
                      "tables", "tornado_chart", "writer"})


def __getattr__(name: str) -> Any:
    if name in _MODULES:
        return importlib.import_module(f"{__name__}.{name}")
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{home[0]}"), home[1])
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_HOME})
