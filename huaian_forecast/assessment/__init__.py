"""Stage 6, assessment: targets and the probability of reaching them.

:class:`Target` (indicator, year, threshold, direction, source) and :func:`assess`, which
reads a :class:`~huaian_forecast.simulation.Projection` and gives one row per target:
p_reach with its Monte Carlo error, quantiles, first-crossing year, required vs
anticipated growth and a progress label from p_reach (rules in :mod:`.progress`); the
current year's targets from year-to-date figures (:mod:`.pace`, :mod:`.nowcast`,
:func:`with_nowcast`; :func:`nowcast_rows` finds its rows); the targets whose year the
history observes, facts rather than probabilities (:func:`observed_rows`, :mod:`.observed`);
what the range beside a probability is, for every table and chart (:func:`range_kinds`,
:mod:`.ranges`). The
elapsed and seasonal shares they read (``elapsed_share``, ``seasonal_range``, ``SEASONAL_PRIORS``,
``as_date``) are defined once in :mod:`huaian_forecast.data.seasonal`, for the first
year's delivery of a plan too, and re-exported here.
"""

from __future__ import annotations

from huaian_forecast.assessment.nowcast import (
    DEFAULT_BASE_GROWTH,
    DEFAULT_GROWTH_SD,
    DEFAULT_PERSISTENCE,
    NowcastResult,
    nowcast,
)
from huaian_forecast.assessment.observed import (
    OBSERVED_NOTE,
    is_observed,
    observed_met,
    observed_note,
    observed_rows,
)
from huaian_forecast.assessment.pace import pace
from huaian_forecast.assessment.policy_target import check_unique_targets
from huaian_forecast.assessment.progress import (
    LABEL_CUTOFFS,
    STATUS_QUO_ONLY,
    ProgressLabel,
    cagr,
    label_table,
    progress_label,
    required_growth,
    years_behind,
)
from huaian_forecast.assessment.ranges import (
    ONE_MODEL,
    RANGE_ASSUMPTIONS,
    RANGE_MODELS,
    WITH_LEVERS_EFFECT,
    range_kind,
    range_kinds,
)
from huaian_forecast.assessment.targets import (
    ASSESS_COLUMNS,
    OTHER_REGION_NOTE,
    Target,
    assess,
    met_matrix,
    target_columns,
    targets_from_frame,
    targets_hash,
    wilson_interval,
)
from huaian_forecast.assessment.year_to_date import (
    NOWCAST,
    SAME_EVERY_SCENARIO,
    check_same_ytd,
    nowcast_record,
    nowcast_rows,
    same_every_scenario,
    stated_annual_target,
    with_nowcast,
    ytd_growth,
)
from huaian_forecast.data import (
    SEASONAL_PRIORS,
    PaceConvention,
    SeasonalPrior,
    as_date,
    elapsed_share,
    seasonal_range,
)

__all__ = [
    "ASSESS_COLUMNS",
    "DEFAULT_BASE_GROWTH",
    "DEFAULT_GROWTH_SD",
    "DEFAULT_PERSISTENCE",
    "LABEL_CUTOFFS",
    "NOWCAST",
    "OBSERVED_NOTE",
    "ONE_MODEL",
    "OTHER_REGION_NOTE",
    "RANGE_ASSUMPTIONS",
    "RANGE_MODELS",
    "SAME_EVERY_SCENARIO",
    "SEASONAL_PRIORS",
    "STATUS_QUO_ONLY",
    "WITH_LEVERS_EFFECT",
    "NowcastResult",
    "PaceConvention",
    "ProgressLabel",
    "SeasonalPrior",
    "Target",
    "as_date",
    "assess",
    "cagr",
    "check_same_ytd",
    "check_unique_targets",
    "elapsed_share",
    "is_observed",
    "label_table",
    "met_matrix",
    "nowcast",
    "nowcast_record",
    "nowcast_rows",
    "observed_met",
    "observed_note",
    "observed_rows",
    "pace",
    "progress_label",
    "range_kind",
    "range_kinds",
    "required_growth",
    "same_every_scenario",
    "seasonal_range",
    "stated_annual_target",
    "target_columns",
    "targets_from_frame",
    "targets_hash",
    "wilson_interval",
    "with_nowcast",
    "years_behind",
    "ytd_growth",
]
