"""Lever-driven structural models, vectorised over Monte Carlo paths.

Each model is a pure ``project_*(params, ..., shocks)`` function: parameters and lever
paths in, shocks drawn outside (so tests can feed hand-written shocks and scenarios share
draws), paths out.

- :mod:`~huaian_forecast.structural.rd_intensity`: R&D spending and GDP jointly;
- :mod:`~huaian_forecast.structural.certification`: high-tech enterprise cohorts;
- :mod:`~huaian_forecast.structural.output_share`: high-tech share of industrial output;
- :mod:`~huaian_forecast.structural.labs`: key laboratories;
- :mod:`~huaian_forecast.structural.delivery`: plans vs delivery (delivery shares);
- :mod:`~huaian_forecast.structural.calibration`: the dynamics estimated on real series;
- :func:`backcast`: the status-quo models started from earlier observed years;
- :func:`anchors_from_history`: the origin, anchors and status-quo trends of a region's
  history (:func:`find_origin`, :mod:`~huaian_forecast.structural.status_quo`).
"""

from __future__ import annotations

from huaian_forecast.structural._engine import (
    ANCHOR_YEAR,
    STRUCTURAL_INDICATORS,
    StructuralShocks,
    project_structural,
    sample_parameters,
    sub_models_for,
)
from huaian_forecast.structural.anchors import (
    HOME_REGION,
    Anchors,
    anchors_from_history,
    find_origin,
)
from huaian_forecast.structural.backcast import BACKCAST_COLUMNS, backcast
from huaian_forecast.structural.calibration import (
    HTECalibration,
    RDCalibration,
    calibrate_hte,
    calibrate_rd,
)
from huaian_forecast.structural.certification import (
    CertificationParams,
    CertificationPaths,
    CertificationShocks,
    project_certification,
    reconstruct_cohorts,
    required_first_time,
    status_quo_applications,
)
from huaian_forecast.structural.delivery import (
    DELIVERY_GROUPS,
    YTD_DELIVERY,
    delivery_from_ytd,
)
from huaian_forecast.structural.labs import LabParams, LabShocks, project_labs
from huaian_forecast.structural.output_share import (
    OutputParams,
    OutputShocks,
    project_output_share,
)
from huaian_forecast.structural.rd_intensity import RDParams, RDShocks, project_rd

__all__ = [
    "ANCHOR_YEAR",
    "BACKCAST_COLUMNS",
    "DELIVERY_GROUPS",
    "HOME_REGION",
    "STRUCTURAL_INDICATORS",
    "YTD_DELIVERY",
    "Anchors",
    "CertificationParams",
    "CertificationPaths",
    "CertificationShocks",
    "HTECalibration",
    "LabParams",
    "LabShocks",
    "OutputParams",
    "OutputShocks",
    "RDCalibration",
    "RDParams",
    "RDShocks",
    "StructuralShocks",
    "anchors_from_history",
    "backcast",
    "calibrate_hte",
    "calibrate_rd",
    "delivery_from_ytd",
    "find_origin",
    "project_certification",
    "project_labs",
    "project_output_share",
    "project_rd",
    "project_structural",
    "reconstruct_cohorts",
    "required_first_time",
    "sample_parameters",
    "status_quo_applications",
    "sub_models_for",
]
