"""Stage 1, data: load and validate history, targets and year-to-date figures.

The observation table (one row per region x indicator x year) and the targets table are
read from the bundled reference data or a planner's own CSV / Excel file with English or
Chinese headers. Private modules: ``_tabular`` (reading a file into a grid of cells:
sheets, titles, notes), ``_encoding``, ``_limits`` and ``_workbook`` (size limits checked
before parsing, :class:`Limits`), ``_values`` (one cell: numbers, years, Chinese markers
such as 突破 / 左右), ``_validate`` (header mapping, row checks), ``_plausible`` (valid
and plausible ranges, GDP vs R&D spend) and ``_resources`` (where the bundled files are).
"""

from __future__ import annotations

from huaian_forecast.data._plausible import PLAUSIBLE
from huaian_forecast.data._regions import KNOWN_REGIONS, REGION_NAMES_ZH
from huaian_forecast.data._resources import data_dir, data_file, file_sha256
from huaian_forecast.data.loading import (
    HISTORY_COLUMNS,
    TARGET_COLUMNS,
    Limits,
    load_history,
    load_targets,
)
from huaian_forecast.data.provenance import data_hash, package_versions
from huaian_forecast.data.ytd import YTD_COLUMNS, load_ytd

__all__ = [
    "HISTORY_COLUMNS",
    "KNOWN_REGIONS",
    "PLAUSIBLE",
    "REGION_NAMES_ZH",
    "TARGET_COLUMNS",
    "YTD_COLUMNS",
    "Limits",
    "data_dir",
    "data_file",
    "data_hash",
    "file_sha256",
    "load_history",
    "load_targets",
    "load_ytd",
    "package_versions",
]
