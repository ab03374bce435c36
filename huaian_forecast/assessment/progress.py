r"""Progress towards a target in planners' terms: required vs anticipated growth, labels.

The rule follows the SDG progress assessments of UN ESCAP (Asia and the Pacific SDG
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

The label is read from the ratio :math:`r` of anticipated to required growth, with the
cut-offs of Eurostat's assessment of quantified targets (:data:`LABEL_CUTOFFS`):

* ``"on track"``: :math:`r \ge 0.95` (Eurostat: "significant progress"; ESCAP:
  "maintain progress");
* ``"needs acceleration"``: :math:`0.6 \le r < 0.95` (Eurostat: "moderate progress");
* ``"off track"``: :math:`r < 0.6`, including moving away from the target (Eurostat:
  "insufficient progress" and "movement away"; ESCAP: "accelerate" / "reverse trend").

If the last observation already meets the target (:math:`g_r` has the wrong sign) the
label is ``"on track"`` when the median still meets it in the target year and
``"off track"`` otherwise. For ``at_most`` targets the same formulas hold (both rates are
negative, so :math:`r` is again positive when moving the right way).

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

from huaian_forecast.exceptions import ArgumentError

__all__ = [
    "LABEL_CUTOFFS",
    "ProgressLabel",
    "cagr",
    "progress_label",
    "required_growth",
    "years_behind",
]

ProgressLabel = Literal["on track", "needs acceleration", "off track"]

#: Ratio of anticipated to required growth at and above which each label applies
#: (Eurostat quantified-target cut-offs, 95 % and 60 %).
LABEL_CUTOFFS: dict[str, float] = {"on track": 0.95, "needs acceleration": 0.6}


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


def progress_label(anticipated: float, required: float, *, met_by_median: bool,
                   direction: Literal["at_least", "at_most"] = "at_least") -> str:
    """Label progress from anticipated and required growth (see module Notes).

    Parameters
    ----------
    anticipated, required : float
        Anticipated and required compound annual growth rates (fractions).
    met_by_median : bool
        Whether the median path meets the target in the target year.
    direction : {"at_least", "at_most"}
        Direction of the target.

    Returns
    -------
    str
        ``"on track"``, ``"needs acceleration"`` or ``"off track"``; ``""`` when a rate is
        not finite.

    Examples
    --------
    >>> progress_label(0.10, 0.141, met_by_median=False)
    'needs acceleration'
    """
    if not (np.isfinite(anticipated) and np.isfinite(required)):
        return ""
    sign = 1.0 if direction == "at_least" else -1.0
    if sign * required <= 0:  # already met at the last observation
        return "on track" if met_by_median else "off track"
    ratio = anticipated / required
    if ratio >= LABEL_CUTOFFS["on track"]:
        return "on track"
    if ratio >= LABEL_CUTOFFS["needs acceleration"]:
        return "needs acceleration"
    return "off track"


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
