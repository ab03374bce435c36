r"""Progress towards a target in planners' terms: labels from p_reach, required growth.

The growth comparison follows the SDG progress assessments of UN ESCAP (Asia and the Pacific SDG
Progress Report, "anticipated progress") and Eurostat (EU SDG monitoring report,
"quantified targets"): compare the compound annual growth rate the indicator is
*anticipated* to have with the rate *required* to reach the target, both measured from the
last observation.

Notes
-----
With last observation :math:`x_0` in year :math:`t_0`, threshold :math:`x^*` in target year
:math:`T` (:math:`n = T - t_0` years) and anticipated value :math:`\hat x_T` (the median
of the simulated paths),

.. math::

    g_r = (x^* / x_0)^{1/n} - 1, \qquad g_a = (\hat x_T / x_0)^{1/n} - 1,
    \qquad r = g_a / g_r .

**Labels follow the probability** (issue 13: a label read from the median alone called
p = 0.48 "on track"). With :math:`p` = ``p_reach`` and the cut-offs of
:data:`LABEL_CUTOFFS`:

* ``"on track"``: :math:`p \ge 0.7`;
* ``"within reach"``: :math:`0.3 \le p < 0.7`;
* ``"needs acceleration"``: :math:`p < 0.3`;
* ``"models disagree"``: whatever :math:`p` is, when the range of P(reach) across models
  and readings, :math:`[p_{min}, p_{max}]` (``p_models_min`` / ``p_models_max``), spans
  both cut-offs (:math:`p_{min} < 0.3` and :math:`p_{max} \ge 0.7`): one model says
  "on track", another "needs acceleration", and the data cannot tell which.

The growth rates below (required vs anticipated) stay in the table as *why*: they say how
much faster the indicator must grow, not whether it will.

*Years behind the target path* is how much later than the target year the anticipated
path reaches the threshold, extrapolating the anticipated growth rate:
:math:`n \, (\ln(1+g_r) / \ln(1+g_a) - 1)`; negative means ahead of schedule,
``inf`` means the anticipated path never gets there.

References
----------
UN ESCAP Statistics Division, *Tracking progress towards the SDGs: measuring the
otherwise ambiguous progress*, Working Paper SD/WP/05, May 2017.
Eurostat, *Sustainable development in the European Union: monitoring report on progress
towards the SDGs in an EU context*, introduction, assessment of quantified targets.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd

from huaian_forecast.exceptions import ArgumentError

__all__ = [
    "LABEL_CUTOFFS",
    "STATUS_QUO_ONLY",
    "ProgressLabel",
    "cagr",
    "label_table",
    "progress_label",
    "required_growth",
    "years_behind",
]

ProgressLabel = Literal["on track", "within reach", "needs acceleration",
                        "models disagree"]

#: The model range's note (``families``) on a row of a scenario that moves levers: the
#: growth families extrapolate the status quo, so their range is not joined there
#: (:func:`huaian_forecast.analysis.with_model_spread`).
STATUS_QUO_ONLY = "status quo only"

#: Probability of reaching the target at and above which each label applies.
LABEL_CUTOFFS: dict[str, float] = {"on track": 0.7, "within reach": 0.3}


def cagr(start: float | np.ndarray, end: float | np.ndarray,
         n_years: float) -> float | np.ndarray:
    """Compound annual growth rate from ``start`` to ``end`` over ``n_years`` years.

    Parameters
    ----------
    start, end : float or numpy.ndarray
        Positive values (broadcast against each other).
    n_years : float
        Number of years, positive.

    Returns
    -------
    float or numpy.ndarray
        ``(end / start) ** (1 / n_years) - 1`` as a fraction; NaN where a value is not
        positive.

    Raises
    ------
    ArgumentError
        If ``n_years`` is not positive.

    Examples
    --------
    >>> round(float(cagr(768, 1000, 2)), 4)
    0.1411
    """
    if not n_years > 0:
        raise ArgumentError(f"n_years must be positive, got {n_years}")
    start_arr = np.asarray(start, dtype=float)
    end_arr = np.asarray(end, dtype=float)
    ok = (start_arr > 0) & (end_arr > 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.where(ok, np.power(np.where(ok, end_arr / np.where(ok, start_arr, 1.0), 1.0),
                                    1.0 / n_years) - 1.0, np.nan)
    return float(out) if out.ndim == 0 else out


def required_growth(last_value: float, threshold: float, n_years: float) -> float:
    """Compound annual growth needed to go from ``last_value`` to ``threshold``.

    Parameters
    ----------
    last_value : float
        Last observed value (positive).
    threshold : float
        Target value (positive).
    n_years : float
        Years between the last observation and the target year.

    Returns
    -------
    float
        The rate as a fraction, e.g. 0.141 for 14.1 % a year.

    Examples
    --------
    The seed's high-tech enterprises: 768 in 2023, 1000 wanted in 2025.

    >>> round(required_growth(768, 1000, 2), 3)
    0.141
    """
    return float(cagr(last_value, threshold, n_years))


def progress_label(p_reach: float, *, p_models_min: float | None = None,
                   p_models_max: float | None = None) -> str:
    """Label a target from its probability of being reached (see module Notes).

    Parameters
    ----------
    p_reach : float
        Probability of reaching the target.
    p_models_min, p_models_max : float, optional
        Lowest and highest probability across models and readings; when they span both
        cut-offs the label is ``"models disagree"``.

    Returns
    -------
    str
        ``"on track"``, ``"within reach"``, ``"needs acceleration"`` or
        ``"models disagree"``; ``""`` when ``p_reach`` is NaN.

    Examples
    --------
    >>> progress_label(0.48)
    'within reach'
    >>> progress_label(0.07, p_models_min=0.03, p_models_max=0.92)
    'models disagree'
    """
    if p_reach is None or not np.isfinite(p_reach):
        return ""
    lo = p_reach if p_models_min is None or not np.isfinite(p_models_min) else p_models_min
    hi = p_reach if p_models_max is None or not np.isfinite(p_models_max) else p_models_max
    on_track, within = LABEL_CUTOFFS["on track"], LABEL_CUTOFFS["within reach"]
    if min(lo, p_reach) < within and max(hi, p_reach) >= on_track:
        return "models disagree"
    if p_reach >= on_track:
        return "on track"
    if p_reach >= within:
        return "within reach"
    return "needs acceleration"


def label_table(table: pd.DataFrame) -> pd.DataFrame:
    """Recompute the ``label`` column of an assessment from its probability columns.

    Parameters
    ----------
    table : pandas.DataFrame
        An :func:`~huaian_forecast.assess` table, optionally with ``p_models_min`` /
        ``p_models_max`` (added by :func:`huaian_forecast.analysis.with_model_spread`).

    Returns
    -------
    pandas.DataFrame
        A copy with ``label`` set by :func:`progress_label` (``""`` where ``p_reach`` is
        NaN).
    """
    out = table.copy()
    lo = out["p_models_min"] if "p_models_min" in out else pd.Series(np.nan, out.index)
    hi = out["p_models_max"] if "p_models_max" in out else pd.Series(np.nan, out.index)
    out["label"] = [progress_label(float(p), p_models_min=float(a), p_models_max=float(b))
                    for p, a, b in zip(out["p_reach"].astype(float), lo.astype(float),
                                       hi.astype(float), strict=True)]
    return out


def years_behind(anticipated: float, required: float, n_years: float,
                 direction: Literal["at_least", "at_most"] = "at_least") -> float:
    """Years after the target year at which the anticipated path reaches the threshold.

    Parameters
    ----------
    anticipated, required : float
        Anticipated and required compound annual growth rates (fractions).
    n_years : float
        Years from the last observation to the target year.
    direction : {"at_least", "at_most"}
        Direction of the target.

    Returns
    -------
    float
        ``n (ln(1+g_r)/ln(1+g_a) - 1)``: positive is behind, negative ahead, ``inf`` when
        the anticipated path moves away or stalls, NaN when the target was already met at
        the last observation or a rate is not finite.

    Examples
    --------
    Needing 14.1 % a year for two years but growing 7 % a year takes about 3.9 years:

    >>> round(years_behind(0.07, 0.141, 2), 2)
    1.9
    """
    if not (np.isfinite(anticipated) and np.isfinite(required)):
        return float("nan")
    sign = 1.0 if direction == "at_least" else -1.0
    log_r, log_a = np.log1p(required), np.log1p(anticipated)
    if sign * log_r <= 0:
        return float("nan")
    if sign * log_a <= 0:
        return float("inf")
    return float(n_years * (log_r / log_a - 1.0))
