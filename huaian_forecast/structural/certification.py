"""High-tech enterprise (高新技术企业) certificates as three-year cohorts.

A certificate is valid for three years; at expiry the firm must re-apply through the full
procedure (see ``shared/data/README.md``). The valid stock in year ``t`` is the sum of the
cohorts certified in ``t``, ``t-1`` and ``t-2`` that have not been disqualified.

Dynamics, year ``t`` (state ``a_0, a_1, a_2`` = valid firms of the cohorts aged 0, 1, 2):

- survivors ``s_k = Bin(a_k, 1 - h)`` (disqualification hazard ``h``);
- the cohort aged 2 expires: ``R_t = Bin(s_2, r_t)`` re-certify, with
  ``r_t = r + support_t * uplift * (1 - r)``;
- first-time certifications ``N_t = Bin(min(A_t, cap * pipeline_t), pass)``;
- new state ``a_0 = N_t + R_t``, ``a_1 = s_0``, ``a_2 = s_1``; stock ``= a_0 + a_1 + a_2``.

Counts use :func:`~huaian_forecast.structural._binomial.binomial_normal` so they are whole,
non-negative and monotone in the levers for fixed shocks.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from huaian_forecast.structural._binomial import binomial_normal, normal_counts

__all__ = [
    "CertificationParams",
    "CertificationPaths",
    "CertificationShocks",
    "flow_multipliers",
    "project_certification",
    "reconstruct_cohorts",
    "required_first_time",
    "status_quo_applications",
]


def _col(x: np.ndarray | float) -> np.ndarray:
    return np.asarray(x, dtype=float)


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class CertificationParams:
    """Per-path parameters (fractions), each an array ``(n_paths,)`` or a float.

    Parameters
    ----------
    pass_rate : array
        Share of first-time applications that are certified.
    recert_rate : array
        Share of expiring firms re-certified without support.
    support_uplift : array
        Share of re-certification failures avoided for a supported firm.
    attrition : array
        Yearly disqualification hazard of a valid certificate.
    application_cap : array
        Most first-time applications per year, as a share of the SME pipeline.
    initial : numpy.ndarray
        ``(n_paths, 3)`` valid firms of the cohorts aged 0, 1, 2 in the anchor year.
    """

    pass_rate: np.ndarray | float
    recert_rate: np.ndarray | float
    support_uplift: np.ndarray | float
    attrition: np.ndarray | float
    application_cap: np.ndarray | float
    initial: np.ndarray

    def __post_init__(self) -> None:
        if np.ndim(self.initial) != 2 or np.shape(self.initial)[1] != 3:
            raise ValueError(f"initial must be (n_paths, 3), got {np.shape(self.initial)}")
        if np.any(np.asarray(self.initial) < 0):
            raise ValueError("initial cohorts must be non-negative")
        for name in ("pass_rate", "recert_rate", "support_uplift", "attrition",
                     "application_cap"):
            v = _col(getattr(self, name))
            if np.any((v < 0) | (v > 1)):
                raise ValueError(f"{name} must be a fraction in [0, 1]")


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class CertificationShocks:
    """Standard normal shocks of the certification model.

    ``new`` and ``recert`` are ``(n_paths, n_years)``, ``survival`` ``(n_paths, n_years, 3)``;
    ``flow`` ``(n_paths, n_years)`` drives the year-to-year change of the application flow
    (used by the caller, see :func:`flow_multipliers`; None: no flow noise).
    """

    new: np.ndarray
    recert: np.ndarray
    survival: np.ndarray
    flow: np.ndarray | None = None

    @classmethod
    def zeros(cls, n_paths: int, n_years: int) -> CertificationShocks:
        """Shocks that give the expected counts (rounded): for hand-computed tests."""
        return cls(new=np.zeros((n_paths, n_years)), recert=np.zeros((n_paths, n_years)),
                   survival=np.zeros((n_paths, n_years, 3)),
                   flow=np.zeros((n_paths, n_years)))

    @classmethod
    def draw(cls, rng: np.random.Generator, n_paths: int, n_years: int) -> CertificationShocks:
        """Draw the shocks in a fixed order: new, recert, survival, flow (float32)."""
        return cls(new=rng.standard_normal((n_paths, n_years), dtype=np.float32),
                   recert=rng.standard_normal((n_paths, n_years), dtype=np.float32),
                   survival=rng.standard_normal((n_paths, n_years, 3), dtype=np.float32),
                   flow=rng.standard_normal((n_paths, n_years), dtype=np.float32))


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class CertificationPaths:
    """Simulated flows and stock, each ``(n_paths, n_years)`` whole numbers."""

    stock: np.ndarray
    first_time: np.ndarray
    recertified: np.ndarray
    expiring: np.ndarray
    applications: np.ndarray


def reconstruct_cohorts(stock: np.ndarray | float, growth: np.ndarray | float,
                        attrition: np.ndarray | float) -> np.ndarray:
    """Split a valid stock into three cohorts that grew geometrically.

    Parameters
    ----------
    stock : array or float
        Valid certificates in the anchor year (e.g. 768 in 2023).
    growth : array or float
        Yearly growth of the certified cohorts before the anchor year (fraction).
    attrition : array or float
        Yearly disqualification hazard (fraction).

    Returns
    -------
    numpy.ndarray
        ``(n_paths, 3)`` whole numbers (ages 0, 1, 2) summing exactly to ``stock``.

    Notes
    -----
    Cohort ``c_k = c_0 / (1 + g)^k`` certified ``k`` years ago has ``c_k (1 - h)^k`` valid
    firms left, so ``c_0 = S / sum_k w_k`` with ``w_k = ((1 - h) / (1 + g))^k``. Rounding
    is absorbed by the youngest cohort.

    Examples
    --------
    >>> reconstruct_cohorts(300.0, 0.0, 0.0).tolist()
    [[100.0, 100.0, 100.0]]
    """
    s, g, h = np.broadcast_arrays(np.atleast_1d(_col(stock)), np.atleast_1d(_col(growth)),
                                  np.atleast_1d(_col(attrition)))
    w = ((1.0 - h) / (1.0 + g))[:, None] ** np.arange(3)[None, :]
    valid = np.rint(s[:, None] * w / w.sum(axis=1, keepdims=True))
    valid[:, 0] += np.rint(s) - valid.sum(axis=1)
    return np.maximum(valid, 0.0)


def _by_path(x: np.ndarray | float) -> np.ndarray:
    """Return a per-path parameter as a column ``(n_paths, 1)`` (a scalar stays a scalar)."""
    x = _col(x)
    return x[:, None] if x.ndim == 1 else x


def _recert_rate(params: CertificationParams, support: np.ndarray | float) -> np.ndarray:
    r = _col(params.recert_rate)
    return r + _col(support) * _col(params.support_uplift) * (1.0 - r)


def _rescale(a: list[np.ndarray], observed: np.ndarray) -> list[np.ndarray]:
    """Scale the cohorts to sum to ``observed`` where it is finite (rounding to the youngest)."""
    hit = np.isfinite(observed)
    if not hit.any():
        return a
    total = a[0] + a[1] + a[2]
    target = np.where(hit, observed, total)
    factor = np.where(total > 0, target / np.where(total > 0, total, 1.0), 0.0)
    old = [np.rint(a[k] * factor) for k in (1, 2)]
    young = np.where(total > 0, target - old[0] - old[1], target)
    scaled = [np.maximum(young, 0.0), *old]
    return [np.where(hit, scaled[k], a[k]) for k in range(3)]


def project_certification(params: CertificationParams, *, applications: np.ndarray,
                          support: np.ndarray, pipeline: np.ndarray,
                          shocks: CertificationShocks,
                          observed: np.ndarray | None = None) -> CertificationPaths:
    """Project the cohorts year by year (vectorised over paths).

    Parameters
    ----------
    params : CertificationParams
        Per-path parameters and initial cohorts.
    applications : numpy.ndarray
        First-time applications per year, ``(n_years,)`` or ``(n_paths, n_years)``.
    support : numpy.ndarray
        Share of expiring firms given re-certification support (fraction), per year.
    pipeline : numpy.ndarray
        Registered technology-based SMEs per year, ``(n_years,)`` or ``(n_paths, n_years)``.
    shocks : CertificationShocks
        Standard normal shocks (:meth:`CertificationShocks.zeros` gives expected counts).
    observed : numpy.ndarray, optional
        Observed valid stock ``(n_paths, n_years)``, NaN where not observed: in an observed
        year the cohorts are scaled to sum to it (older cohorts rounded, the youngest takes
        the remainder) and the paths continue from them; the flows stay as simulated.

    Returns
    -------
    CertificationPaths
    """
    n_paths, n_years = shocks.new.shape
    shape = (n_paths, n_years)
    # the flows that do not depend on the cohorts, for all years at once (the same
    # element-wise arithmetic as year by year, so the same counts)
    eff = np.minimum(np.broadcast_to(_col(applications), shape),
                     _by_path(params.application_cap) * np.broadcast_to(_col(pipeline), shape))
    first = binomial_normal(eff, _by_path(params.pass_rate), shocks.new)
    r = _by_path(params.recert_rate)
    recert_p = np.clip(r + np.broadcast_to(_col(support), shape)
                       * _by_path(params.support_uplift) * (1.0 - r), 0.0, 1.0)
    recert_q = np.clip(1.0 - _col(params.recert_rate), 0.0, 1.0)
    h = _by_path(params.attrition)
    keep, h = np.clip(1.0 - h, 0.0, 1.0), np.clip(h, 0.0, 1.0)
    a = np.array(np.broadcast_to(params.initial, (n_paths, 3)), dtype=float)  # ages 0, 1, 2
    # counts stay whole numbers >= 0 from whole initial cohorts (no observation rescales
    # them to a given total), which spares the counts a floor and a max
    whole = observed is None and bool(np.all(a == np.floor(a)))
    stock, recertified, expiring = (np.empty(shape) for _ in range(3))
    for t in range(n_years):
        # survivors of each cohort, then the re-certified among the expiring
        s = normal_counts(a, keep, h, shocks.survival[:, t, :], whole=whole)
        recert = normal_counts(s[:, 2], recert_p[:, t], recert_q, shocks.recert[:, t],
                               whole=True)
        a[:, 0] = first[:, t] + recert
        a[:, 1:] = s[:, :2]
        if observed is not None:
            a = np.stack(_rescale([a[:, 0], a[:, 1], a[:, 2]], observed[:, t]), axis=1)
        stock[:, t] = a[:, 0] + a[:, 1] + a[:, 2]
        recertified[:, t], expiring[:, t] = recert, s[:, 2]
    return CertificationPaths(stock=stock, first_time=first, recertified=recertified,
                              expiring=expiring, applications=np.floor(eff))


def _expected_stock(initial: np.ndarray, first: float, n_years: int, attrition: np.ndarray,
                    recert: np.ndarray) -> np.ndarray:
    a0, a1, a2 = (initial[:, k].astype(float) for k in range(3))
    keep = 1.0 - attrition
    for _ in range(n_years):
        a0, a1, a2 = first + recert * keep * a2, keep * a0, keep * a1
    return a0 + a1 + a2


def required_first_time(params: CertificationParams, *, target: float, n_years: int,
                        support: float = 0.0) -> np.ndarray:
    """First-time certifications per year needed for the expected stock to reach ``target``.

    Parameters
    ----------
    params : CertificationParams
        Per-path parameters and initial cohorts (the anchor year).
    target : float
        Valid stock to reach.
    n_years : int
        Years after the anchor year (e.g. 2 for 2025 from 2023).
    support : float
        Share of expiring firms given re-certification support (fraction).

    Returns
    -------
    numpy.ndarray
        Per path, the constant yearly number of first-time certifications (>= 0). Divide
        by the pass rate for applications.

    Notes
    -----
    The expected stock is linear in a constant inflow ``N``: ``S_T = A + B N``, with ``A``
    and ``B`` from the expected recursion run with ``N = 0`` and ``N = 1``; the answer is
    ``max(0, (target - A) / B)``.

    Examples
    --------
    >>> p = CertificationParams(pass_rate=1.0, recert_rate=0.0, support_uplift=0.0,
    ...                         attrition=0.0, application_cap=1.0,
    ...                         initial=np.zeros((1, 3)))
    >>> required_first_time(p, target=300, n_years=3).tolist()
    [100.0]
    """
    if n_years < 1:
        raise ValueError(f"n_years must be at least 1, got {n_years}")
    h = _col(params.attrition)
    r = _recert_rate(params, support)
    base = _expected_stock(params.initial, 0.0, n_years, h, r)
    slope = _expected_stock(params.initial, 1.0, n_years, h, r) - base
    return np.maximum((target - base) / slope, 0.0)


def status_quo_applications(params: CertificationParams, growth: np.ndarray | float,
                            support: float) -> np.ndarray:
    """First-time applications of the anchor year implied by the reconstructed cohorts.

    Parameters
    ----------
    params : CertificationParams
        Per-path parameters; ``initial`` from :func:`reconstruct_cohorts`.
    growth : array or float
        Cohort growth used for the reconstruction (fraction).
    support : float
        Status-quo re-certification support (fraction).

    Returns
    -------
    numpy.ndarray
        Per path ``max(0, c_0 - R) / pass``: the youngest cohort minus the expected
        re-certifications of the cohort certified three years before,
        ``R = r_eff (1 - h)^3 c_0 / (1 + g)^3``, over the pass rate.

    Examples
    --------
    >>> p = CertificationParams(pass_rate=0.5, recert_rate=0.0, support_uplift=0.0,
    ...                         attrition=0.0, application_cap=1.0,
    ...                         initial=np.array([[100.0, 100.0, 100.0]]))
    >>> status_quo_applications(p, 0.0, 0.0).tolist()
    [200.0]
    """
    h, g = _col(params.attrition), _col(growth)
    r_eff = _recert_rate(params, support)
    first = params.initial[:, 0] * (1.0 - r_eff * (1.0 - h) ** 3 / (1.0 + g) ** 3)
    return np.maximum(first, 0.0) / np.maximum(_col(params.pass_rate), 1e-9)


def flow_multipliers(shocks: CertificationShocks, volatility: np.ndarray | float) -> np.ndarray:
    """Random-walk multipliers ``exp(sum_k sigma z_k - t sigma^2 / 2)`` of the flows.

    Parameters
    ----------
    shocks : CertificationShocks
        Its ``flow`` normals ``(n_paths, n_years)`` (None: all ones).
    volatility : array or float
        Per-path s.d. ``sigma`` of the yearly log change of the flow.

    Returns
    -------
    numpy.ndarray
        ``(n_paths, n_years)`` positive multipliers with mean 1; they do not depend on
        any lever, so applications stay monotone in the levers for fixed shocks.

    Examples
    --------
    >>> flow_multipliers(CertificationShocks.zeros(1, 2), 0.0).tolist()
    [[1.0, 1.0]]
    """
    n_paths, n_years = shocks.new.shape
    if shocks.flow is None:
        return np.ones((n_paths, n_years))
    sigma = np.asarray(volatility, dtype=float).reshape(-1, 1)
    steps = sigma * shocks.flow - 0.5 * sigma ** 2
    return np.exp(np.cumsum(steps, axis=1))
