"""What the sub-models receive from a scenario: delivered levers, status-quo flows, arrivals.

- A lever's setting is a *plan*; the delivered value is ``ref + delta (plan - ref)`` with
  ``ref`` the status quo (the registry default) and ``delta`` the delivery share of the
  lever's group (:mod:`~huaian_forecast.structural.delivery`).
- First-time applications read ``plan (1 - rho)`` with ``rho`` the reading
  ``plan_reapplication_share`` (0 unless a scenario states a reading).
- Certification flows follow the status quo ``sq x trend`` plus the delivered change,
  scaled to the region (:func:`hte_inputs`).
- Major-project R&D and high-tech projects arrive with a slowdown factor
  ``clip(1 - s (g* - g), 0.2, 1.5)`` (``g`` the path's real GDP growth in points, ``g*``
  the registry's central 5.5); major-project R&D in Gamma lumps with mean 1 and c.v.
  ``major_project_arrival_cv``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any, TypeVar

import numpy as np

from huaian_forecast.scenarios import LEVERS, UNCERTAINTIES, Scenario
from huaian_forecast.structural.anchors import Anchors
from huaian_forecast.structural.certification import (
    CertificationParams,
    reconstruct_cohorts,
    status_quo_applications,
)
from huaian_forecast.structural.delivery import DELIVERY_GROUPS, delivery_paths

__all__ = ["HTEInputs", "LeverInputs", "gamma_lumps", "hte_inputs", "ref", "remembered"]

_T = TypeVar("_T")

_CENTRAL_REAL_GROWTH = UNCERTAINTIES["gdp_real_growth"].default  # percent
_FACTOR_RANGE = (0.2, 1.5)


def ref(key: str) -> float:
    """Return the status-quo (registry default) value of a lever in model units."""
    return float(LEVERS[key].to_model(np.array(LEVERS[key].default)))


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class LeverInputs:
    """Lever paths of one scenario as delivered on each path.

    Parameters
    ----------
    scenario : Scenario
        The plans.
    years : numpy.ndarray
        Simulated years.
    p : dict of numpy.ndarray
        Sampled uncertainties (model units).
    delivery : dict of numpy.ndarray
        Per delivery key the share delivered, ``(n_paths, n_years)``.
    """

    scenario: Scenario
    years: np.ndarray
    p: dict[str, np.ndarray]
    delivery: dict[str, np.ndarray]

    @classmethod
    def build(cls, scenario: Scenario, years: np.ndarray, p: dict[str, np.ndarray],
              u: np.ndarray, anchors: Anchors) -> LeverInputs:
        """Sample the delivery shares (first year from the year-to-date figures)."""
        return cls(scenario=scenario, years=years, p=p,
                   delivery=delivery_paths(p, u, years.size, anchors.first_year_delivery))

    def planned(self, key: str) -> np.ndarray:
        """Return the plan in model units, ``(1, n_years)`` or per path for a read plan."""
        plan = LEVERS[key].to_model(self.scenario.lever_path(key, self.years))[None, :]
        if key == "first_time_applications":  # the reading of a plan's count
            plan = plan * (1.0 - self.p["plan_reapplication_share"][:, None])
        return plan

    def change(self, key: str) -> np.ndarray:
        """Delivered change over the status quo, ``(n_paths, n_years)``."""
        delta = self.delivery[DELIVERY_GROUPS[key]] if key in DELIVERY_GROUPS else 1.0
        return delta * (self.planned(key) - ref(key))

    def delivered(self, key: str) -> np.ndarray:
        """Delivered lever value, ``(n_paths, n_years)`` (never below zero)."""
        return np.maximum(ref(key) + self.change(key), 0.0)

    def arrival_factor(self) -> np.ndarray:
        """``(n_paths, 1)`` share of planned projects arriving given the path's growth."""
        below = _CENTRAL_REAL_GROWTH - 100.0 * self.p["gdp_real_growth"]
        factor = 1.0 - self.p["project_slowdown_sensitivity"] * below
        return np.clip(factor, *_FACTOR_RANGE)[:, None]

    def major_arrivals(self, lumps: np.ndarray | None, trend_holds_status_quo: bool,
                       cache: dict[Any, np.ndarray] | None = None) -> np.ndarray:
        """Major-project R&D arriving per year (亿元 at origin-year prices and size).

        ``trend_holds_status_quo``: only the change over the status quo arrives (the
        status-quo inflow is inside the region's R&D trend). ``cache``: where the Gamma
        lumps of these ``lumps`` are kept between runs (see :func:`gamma_lumps`).
        """
        # the planned change arrives as far as the projects group delivers and the plan's
        # reading makes it a yearly increment; the status-quo inflow is not at risk
        change = (self.change("major_project_rd")
                  * self.p["major_project_plan_reading"][:, None])
        plan = change if trend_holds_status_quo else ref("major_project_rd") + change
        cv = self.p["major_project_arrival_cv"][:, None]
        if lumps is None:
            lump = np.ones_like(plan * cv)
        else:
            lump = gamma_lumps(lumps, cv, plan != 0, cache)
        return plan * lump * self.arrival_factor()


#: Results a shock set keeps per kind (one per distinct input; a lever sweep has one).
_KEEP = 4


def remembered(cache: dict[Any, Any] | None, kind: str, key: Hashable,
               make: Callable[[], _T]) -> _T:
    """``make()``, kept in ``cache[kind]`` under ``key`` (the last :data:`_KEEP` per kind).

    ``cache`` belongs to one set of shocks (:attr:`StructuralShocks.derived`), so an entry
    is computed from those shocks and ``key`` alone. None: no cache.
    """
    if cache is None:
        return make()
    store = cache.setdefault(kind, {})
    try:
        return store[key]
    except KeyError:
        pass
    value = make()
    if len(store) >= _KEEP:
        store.pop(next(iter(store)), None)
    store[key] = value
    return value


def gamma_lumps(lumps: np.ndarray, cv: np.ndarray, planned: np.ndarray,
                cache: dict[Any, Any] | None = None) -> np.ndarray:
    """Gamma(mean 1, c.v. ``cv``) quantiles at the uniforms ``lumps`` where a plan arrives.

    Parameters
    ----------
    lumps : numpy.ndarray
        Uniforms ``(n_paths, n_years)``.
    cv : numpy.ndarray
        ``(n_paths, 1)`` coefficient of variation (0: no lumps, the factor is 1).
    planned : numpy.ndarray
        Boolean, broadcast with ``lumps``: where a plan arrives (elsewhere the factor is
        1, as a zero plan gives zero whatever its lump).
    cache : dict, optional
        Belongs to ``lumps`` (:func:`remembered`): lumps computed before are kept by
        ``cv``. The Gamma quantile is slow (~0.5 us a value, 40 % of a 1,000-path run),
        and the runs of a lever sweep share their shocks and ``cv``, so each value is
        computed once per sweep. The same numbers as without it.

    Returns
    -------
    numpy.ndarray
        Factors with mean 1, ``(n_paths, n_years)``.
    """
    from scipy.special import gammaincinv

    full = np.broadcast_shapes(planned.shape, cv.shape, np.shape(lumps))
    live = np.broadcast_to(planned & (cv > 0), full)
    if not live.any():
        return np.ones(full)
    known = None
    if cache is not None:
        key = (hashlib.blake2b(np.ascontiguousarray(cv, dtype=float).tobytes(),
                               digest_size=16).digest(), full)
        known = remembered(cache, "gamma_lumps", key, lambda: np.full(full, np.nan))
    todo = live if known is None else live & np.isnan(known)
    lump = np.ones(full) if known is None else known
    if todo.any():
        shape = np.broadcast_to(1.0 / np.maximum(cv, 1e-6) ** 2, full)[todo]
        u = np.broadcast_to(np.clip(np.asarray(lumps, dtype=float), 1e-9, 1.0 - 1e-9),
                            full)[todo]
        lump[todo] = gammaincinv(shape, u) / shape
    return lump if known is None else np.where(live, known, 1.0)


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class HTEInputs:
    """Cohort parameters, the status-quo flow per path, the region scale and the trend."""

    params: CertificationParams
    sq_apps: np.ndarray
    scale: np.ndarray
    trend: np.ndarray

    def flow(self, levers: LeverInputs, key: str, sq_level: np.ndarray | float) -> np.ndarray:
        """Status-quo level x trend, plus the delivered change (scaled), ``>= 0``.

        Extra first-time applications count at ``marginal_applicant_quality`` (they pass
        less often than the usual applicants): the count is in pass-rate equivalents.
        """
        level = np.asarray(sq_level, dtype=float).reshape(-1, 1)
        change = levers.change(key) * self.scale[:, None]
        if key == "first_time_applications":
            change = change * levers.p["marginal_applicant_quality"][:, None]
        return np.maximum(level * self.trend + change, 0.0)


def _flow_trend(p: dict[str, np.ndarray], n_years: int) -> np.ndarray:
    """``(n_paths, n_years)`` status-quo flow multipliers: damped growth compounded.

    Year ``k`` after the origin grows by ``g phi^k`` (``g``: ``hte_flow_growth``, the
    trend up to the origin; ``phi``: ``hte_flow_damping``).
    """
    k = np.arange(1, n_years + 1)[None, :]
    growth = p["hte_flow_growth"][:, None] * p["hte_flow_damping"][:, None] ** k
    return np.cumprod(1.0 + growth, axis=1)


def hte_inputs(p: dict[str, np.ndarray], anchors: Anchors, n_years: int) -> HTEInputs:
    """Cohorts at the origin and the status-quo application flow per path."""
    params = CertificationParams(
        pass_rate=p["first_time_pass_rate"], recert_rate=p["recert_success"],
        support_uplift=p["recert_support_uplift"], attrition=p["hte_attrition"],
        application_cap=p["application_share_cap"],
        initial=reconstruct_cohorts(np.rint(p["hte_count_2023"]), p["hte_cohort_growth"],
                                    p["hte_attrition"]))
    level = ref("first_time_applications")
    n_paths = p["first_time_pass_rate"].size
    if anchors.home:
        sq, scale = np.full(n_paths, level), np.ones(n_paths)
    else:  # the region's own pace, from its reconstructed cohorts
        sq = status_quo_applications(params, p["hte_cohort_growth"],
                                     ref("recertification_support"))
        scale = sq / level
    return HTEInputs(params=params, sq_apps=sq, scale=scale, trend=_flow_trend(p, n_years))
