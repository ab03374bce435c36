"""Stage 1, data: load and validate history, targets and year-to-date figures.

The observation table (one row per region x indicator x year) and the targets table are
read from the bundled reference data or a planner's own CSV / Excel file with English or
Chinese headers. Private modules: ``_tabular`` (reading a file into a grid of cells:
sheets, titles, notes), ``_encoding``, ``_limits`` and ``_workbook`` (size limits
checked before parsing, :class:`Limits`), ``_values`` (one cell: numbers, years, Chinese
markers such as 突破 / 左右), ``_validate`` (header mapping, row checks), ``_target_rows``
(a targets table's rows: threshold, direction, region), ``_target_year`` (a hand-made
targets table's year cell, and the one name of its row in messages), ``_milestones`` and
``_summary_check`` (a report workbook read back as targets: its milestone sheet, checked
against its summary sheet), ``_plausible``
(valid and plausible ranges, GDP vs R&D spend, year-on-year steps), ``_quotes`` (a value
against the numbers of its own quote), ``_loaded`` (what the history and targets loaders
do alike once rows are read: merging identical rows, the warnings and the log),
``_ytd_identity`` (which year-to-date figures a table holds: its hash and the
manifest's record), ``_resources`` (where the bundled files are) and
``_controls`` (the one table of control, invisible and reordering characters, which the
report and the command line use too), ``_formulas`` (the one rule for text a spreadsheet
reads as a formula: the report escapes it, the loaders drop that escape). Public
``seasonal``: the one meaning of a year-to-date figure's date, the share of the year
elapsed (by months) and the share of a year's flow in by then (an assumption per
indicator), read by the pace, the nowcast and the first year's delivery of a plan.

The loaders are imported on first use (PEP 562), so the command line and the report can
import the character table without pandas.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from huaian_forecast.data._controls import (
    CONTROL_CHARS,
    INVISIBLE_CHARS,
    ZERO_WIDTH_CHARS,
    control_pattern,
    is_control,
)
from huaian_forecast.data._formulas import FORMULA_STARTS, formula_like, unescape_formula

if TYPE_CHECKING:
    from huaian_forecast.data._plausible import PERCENT_FLOORS as PERCENT_FLOORS
    from huaian_forecast.data._plausible import PLAUSIBLE as PLAUSIBLE
    from huaian_forecast.data._regions import HOME_REGION as HOME_REGION
    from huaian_forecast.data._regions import KNOWN_REGIONS as KNOWN_REGIONS
    from huaian_forecast.data._regions import REGION_NAMES_ZH as REGION_NAMES_ZH
    from huaian_forecast.data._regions import region_or as region_or
    from huaian_forecast.data._resources import data_dir as data_dir
    from huaian_forecast.data._resources import data_file as data_file
    from huaian_forecast.data._resources import file_sha256 as file_sha256
    from huaian_forecast.data._target_year import targets_row as targets_row
    from huaian_forecast.data._target_year import whole_year as whole_year
    from huaian_forecast.data._tiers import tiers_of as tiers_of
    from huaian_forecast.data.loading import HISTORY_COLUMNS as HISTORY_COLUMNS
    from huaian_forecast.data.loading import Limits as Limits
    from huaian_forecast.data.loading import load_history as load_history
    from huaian_forecast.data.provenance import PROVENANCE_KEYS as PROVENANCE_KEYS
    from huaian_forecast.data.provenance import data_hash as data_hash
    from huaian_forecast.data.provenance import package_versions as package_versions
    from huaian_forecast.data.provenance import provenance_of as provenance_of
    from huaian_forecast.data.provenance import result_provenance as result_provenance
    from huaian_forecast.data.provenance import versions_text as versions_text
    from huaian_forecast.data.provenance import with_provenance as with_provenance
    from huaian_forecast.data.reference import with_reference_regions as with_reference_regions
    from huaian_forecast.data.seasonal import SEASONAL_PRIORS as SEASONAL_PRIORS
    from huaian_forecast.data.seasonal import PaceConvention as PaceConvention
    from huaian_forecast.data.seasonal import SeasonalPrior as SeasonalPrior
    from huaian_forecast.data.seasonal import as_date as as_date
    from huaian_forecast.data.seasonal import elapsed_share as elapsed_share
    from huaian_forecast.data.seasonal import seasonal_prior as seasonal_prior
    from huaian_forecast.data.seasonal import seasonal_range as seasonal_range
    from huaian_forecast.data.targets import TARGET_COLUMNS as TARGET_COLUMNS
    from huaian_forecast.data.targets import TIER_WORDS as TIER_WORDS
    from huaian_forecast.data.targets import load_targets as load_targets
    from huaian_forecast.data.targets import resolve_tier as resolve_tier
    from huaian_forecast.data.ytd import NO_YTD as NO_YTD
    from huaian_forecast.data.ytd import YTD_COLUMNS as YTD_COLUMNS
    from huaian_forecast.data.ytd import empty_ytd as empty_ytd
    from huaian_forecast.data.ytd import load_ytd as load_ytd
    from huaian_forecast.data.ytd import ytd_identity as ytd_identity
    from huaian_forecast.data.ytd import ytd_provenance as ytd_provenance
    from huaian_forecast.data.ytd import ytd_scale_problem as ytd_scale_problem

#: Where each public name that needs pandas is defined; imported on first use.
_HOME: dict[str, str] = {
    "PERCENT_FLOORS": "huaian_forecast.data._plausible",
    "PLAUSIBLE": "huaian_forecast.data._plausible",
    "HOME_REGION": "huaian_forecast.data._regions",
    "KNOWN_REGIONS": "huaian_forecast.data._regions",
    "REGION_NAMES_ZH": "huaian_forecast.data._regions",
    "region_or": "huaian_forecast.data._regions",
    "data_dir": "huaian_forecast.data._resources",
    "data_file": "huaian_forecast.data._resources",
    "file_sha256": "huaian_forecast.data._resources",
    "HISTORY_COLUMNS": "huaian_forecast.data.loading",
    "TARGET_COLUMNS": "huaian_forecast.data.targets",
    "Limits": "huaian_forecast.data.loading",
    "load_history": "huaian_forecast.data.loading",
    "load_targets": "huaian_forecast.data.targets",
    "TIER_WORDS": "huaian_forecast.data.targets",
    "resolve_tier": "huaian_forecast.data.targets",
    "tiers_of": "huaian_forecast.data._tiers",
    "targets_row": "huaian_forecast.data._target_year",
    "whole_year": "huaian_forecast.data._target_year",
    "data_hash": "huaian_forecast.data.provenance",
    "package_versions": "huaian_forecast.data.provenance",
    "PROVENANCE_KEYS": "huaian_forecast.data.provenance",
    "provenance_of": "huaian_forecast.data.provenance",
    "result_provenance": "huaian_forecast.data.provenance",
    "versions_text": "huaian_forecast.data.provenance",
    "with_provenance": "huaian_forecast.data.provenance",
    "with_reference_regions": "huaian_forecast.data.reference",
    "SEASONAL_PRIORS": "huaian_forecast.data.seasonal",
    "PaceConvention": "huaian_forecast.data.seasonal",
    "SeasonalPrior": "huaian_forecast.data.seasonal",
    "as_date": "huaian_forecast.data.seasonal",
    "elapsed_share": "huaian_forecast.data.seasonal",
    "seasonal_prior": "huaian_forecast.data.seasonal",
    "seasonal_range": "huaian_forecast.data.seasonal",
    "NO_YTD": "huaian_forecast.data.ytd",
    "YTD_COLUMNS": "huaian_forecast.data.ytd",
    "empty_ytd": "huaian_forecast.data.ytd",
    "load_ytd": "huaian_forecast.data.ytd",
    "ytd_identity": "huaian_forecast.data.ytd",
    "ytd_provenance": "huaian_forecast.data.ytd",
    "ytd_scale_problem": "huaian_forecast.data.ytd",
}

__all__ = [
    "CONTROL_CHARS",
    "FORMULA_STARTS",
    "HISTORY_COLUMNS",
    "HOME_REGION",
    "INVISIBLE_CHARS",
    "KNOWN_REGIONS",
    "NO_YTD",
    "PERCENT_FLOORS",
    "PLAUSIBLE",
    "PROVENANCE_KEYS",
    "REGION_NAMES_ZH",
    "SEASONAL_PRIORS",
    "TARGET_COLUMNS",
    "TIER_WORDS",
    "YTD_COLUMNS",
    "ZERO_WIDTH_CHARS",
    "Limits",
    "PaceConvention",
    "SeasonalPrior",
    "as_date",
    "control_pattern",
    "data_dir",
    "data_file",
    "data_hash",
    "elapsed_share",
    "empty_ytd",
    "file_sha256",
    "formula_like",
    "is_control",
    "load_history",
    "load_targets",
    "load_ytd",
    "package_versions",
    "provenance_of",
    "region_or",
    "resolve_tier",
    "result_provenance",
    "seasonal_prior",
    "seasonal_range",
    "targets_row",
    "tiers_of",
    "unescape_formula",
    "versions_text",
    "whole_year",
    "with_provenance",
    "with_reference_regions",
    "ytd_identity",
    "ytd_provenance",
    "ytd_scale_problem",
]


def __getattr__(name: str) -> Any:
    """Import a public name from its module on first use (PEP 562)."""
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value  # later look-ups skip this function
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
