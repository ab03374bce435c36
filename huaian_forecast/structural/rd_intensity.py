"""R&D spending and nominal GDP simulated jointly; intensity = spend / GDP per path.

Dynamics, year ``t`` (all rates fractions):

- nominal GDP growth ``g_t = real + deflator + sigma_g z_t``; ``GDP_t = GDP_{t-1} (1 + g_t)``;
- organic base ``B_t = B_{t-1} (1 + g_t + drift + b log(I_{t-1} / I_0) + sigma_r w_t)``:
  R&D budgets follow the economy (elasticity 1 to nominal GDP, so R&D and GDP shocks
  are correlated through ``z_t``) plus a drift that falls by the catch-up slope ``b <= 0``
  per unit of log intensity gained since the origin (see
  :func:`~huaian_forecast.structural.calibration.calibrate_rd`);
- major projects: ``P_t = P_{t-1} (1 + g_t) (1 - f) + M_t I_t`` with ``M_t`` 亿元 (at
  origin-year prices and size) arriving in year ``t``, ``I_t = GDP_t / GDP_0`` the nominal
  GDP index (money scales with the economy) and ``f`` the yearly fade of a project's
  added R&D relative to GDP;
- spend ``S_t = B_t + P_t + I_t (lambda (F_t - F_ref) + kappa * 100 (c_t - c_ref))``:
  fiscal rewards ``F_t`` (亿元 at origin-year size) with leverage ``lambda``, and R&D
  coverage ``c_t`` (share of above-scale firms doing R&D) with ``kappa`` 亿元 per
  percentage point, both relative to the status quo already contained in the anchor;
- intensity ``= 100 S_t / GDP_t`` percent, per path (never a ratio of medians).

Because every money term scales with ``I_t``, a slower economy does not raise the
intensity by dividing fixed yuan by a smaller GDP.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = ["RDParams", "RDShocks", "project_rd"]

_FLOOR = 1e-6  # spending cannot fall below zero


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class RDParams:
    """Per-path parameters, each an array ``(n_paths,)`` or a float (rates as fractions).

    Parameters
    ----------
    spend0, gdp0 : array
        R&D spending and nominal GDP in the anchor year (亿元).
    relative_growth : array
        Organic growth of R&D spending above nominal GDP growth (the drift).
    real_growth, deflator : array
        Real GDP growth and deflator change (their sum is nominal growth).
    gdp_volatility, rd_volatility : array
        Year-to-year standard deviations of GDP growth and of R&D growth beyond it.
    reward_leverage : array
        R&D induced per yuan of fiscal reward.
    per_coverage_point : array
        R&D (亿元) added per percentage point of R&D coverage.
    reward_ref, coverage_ref : float
        Status-quo rewards (亿元/yr) and coverage (fraction) contained in the anchor.
    project_fade : array or float
        Yearly fade ``f`` of the R&D added by major projects, relative to GDP.
    convergence : float
        Catch-up slope ``b`` (<= 0): change of the yearly drift per unit of log intensity.
    """

    spend0: np.ndarray | float
    gdp0: np.ndarray | float
    relative_growth: np.ndarray | float
    real_growth: np.ndarray | float
    deflator: np.ndarray | float
    gdp_volatility: np.ndarray | float
    rd_volatility: np.ndarray | float
    reward_leverage: np.ndarray | float
    per_coverage_point: np.ndarray | float
    reward_ref: float
    coverage_ref: float
    project_fade: np.ndarray | float = 0.0
    convergence: float = 0.0

    def __post_init__(self) -> None:
        if np.any(np.asarray(self.spend0) <= 0) or np.any(np.asarray(self.gdp0) <= 0):
            raise ValueError("spend0 and gdp0 must be positive")
        if self.convergence > 0:
            raise ValueError("convergence must be <= 0 (growth slows as intensity rises)")


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class RDShocks:
    """Independent standard normal shocks ``gdp`` and ``rd``, each ``(n_paths, n_years)``.

    ``lumps``: ``(n_paths, n_years)`` uniforms for the lumpy arrival of major-project R&D
    (used by the caller to draw the arrivals; None: none drawn).
    """

    gdp: np.ndarray
    rd: np.ndarray
    lumps: np.ndarray | None = None

    @classmethod
    def zeros(cls, n_paths: int, n_years: int) -> RDShocks:
        """No shocks: the deterministic path (arrival uniforms at the median)."""
        return cls(gdp=np.zeros((n_paths, n_years)), rd=np.zeros((n_paths, n_years)),
                   lumps=np.full((n_paths, n_years), 0.5))

    @classmethod
    def draw(cls, rng: np.random.Generator, n_paths: int, n_years: int) -> RDShocks:
        """Draw the shocks in a fixed order: gdp, rd, lumps (float32: half the cost)."""
        return cls(gdp=rng.standard_normal((n_paths, n_years), dtype=np.float32),
                   rd=rng.standard_normal((n_paths, n_years), dtype=np.float32),
                   lumps=rng.random((n_paths, n_years), dtype=np.float32))


_OBSERVED = ("rd_spend", "gdp", "rd_intensity")


def _impose(spend: np.ndarray, gdp: np.ndarray, obs: dict[str, np.ndarray],
            t: int) -> tuple[np.ndarray, np.ndarray]:
    """Set spend and GDP of year ``t`` to the observations (NaN: keep the simulated)."""
    o_spend, o_gdp, o_int = (obs[k][:, t] if k in obs else np.full(spend.shape, np.nan)
                             for k in _OBSERVED)
    gdp = np.where(np.isfinite(o_gdp), o_gdp, gdp)
    from_int = np.isfinite(o_int) & ~np.isfinite(o_spend)
    spend = np.where(np.isfinite(o_spend), o_spend,
                     np.where(from_int & np.isfinite(o_gdp), o_int * gdp / 100.0, spend))
    # intensity and spend observed without GDP: GDP follows from them
    gdp = np.where(np.isfinite(o_int) & np.isfinite(o_spend) & ~np.isfinite(o_gdp),
                   100.0 * spend / np.where(np.isfinite(o_int), o_int, 1.0), gdp)
    # intensity alone: spend follows from the simulated GDP
    spend = np.where(from_int & ~np.isfinite(o_gdp), o_int * gdp / 100.0, spend)
    return spend, gdp


def _per_path(x: np.ndarray, n_paths: int, n_years: int) -> np.ndarray:
    """``(n_years,)`` or ``(n_paths, n_years)`` -> ``(n_years, n_paths)``."""
    return np.broadcast_to(np.atleast_2d(np.asarray(x, dtype=float)), (n_paths, n_years)).T


def project_rd(params: RDParams, *, rewards: np.ndarray, major_projects: np.ndarray,
               coverage: np.ndarray, shocks: RDShocks,
               observed: dict[str, np.ndarray] | None = None) -> dict[str, np.ndarray]:
    """Project R&D spending, GDP and their ratio.

    Parameters
    ----------
    params : RDParams
        Per-path parameters.
    rewards : numpy.ndarray
        Fiscal R&D rewards per year (亿元), ``(n_years,)`` or ``(n_paths, n_years)``.
    major_projects : numpy.ndarray
        New R&D from major projects arriving per year (亿元 at origin-year prices and
        size), ``(n_years,)`` or ``(n_paths, n_years)``; may be negative (fewer than the
        status quo contained in a trend).
    coverage : numpy.ndarray
        Share of above-scale firms with R&D per year (fraction), ``(n_years,)`` or
        ``(n_paths, n_years)``.
    shocks : RDShocks
        Standard normal shocks.
    observed : dict of numpy.ndarray, optional
        ``rd_spend``, ``gdp`` (亿元) and ``rd_intensity`` (percent) observed per path and
        year, ``(n_paths, n_years)``, NaN where not observed (a key left out: never). An
        observed year is set to the observation (spend from intensity x GDP, or GDP from
        spend / intensity, when one of the three is missing) and the paths continue from
        it.

    Returns
    -------
    dict of numpy.ndarray
        ``rd_spend`` and ``gdp`` (亿元), ``rd_intensity`` (percent) and ``gdp_growth``
        (nominal, fraction), each ``(n_paths, n_years)``.
    """
    n_paths, n_years = shocks.gdp.shape
    nominal = np.asarray(params.real_growth) + np.asarray(params.deflator)
    g_gdp = nominal + np.asarray(params.gdp_volatility) * shocks.gdp.T
    g_rd = g_gdp + np.asarray(params.relative_growth) \
        + np.asarray(params.rd_volatility) * shocks.rd.T  # (n_years, n_paths)
    extra = (np.asarray(params.reward_leverage)
             * (_per_path(rewards, n_paths, n_years) - params.reward_ref)
             + np.asarray(params.per_coverage_point) * 100.0
             * (_per_path(coverage, n_paths, n_years) - params.coverage_ref))
    arrivals = _per_path(major_projects, n_paths, n_years)
    keep = 1.0 - np.asarray(params.project_fade, dtype=float)
    base = np.broadcast_to(np.asarray(params.spend0, dtype=float), (n_paths,)).copy()
    gdp0 = np.broadcast_to(np.asarray(params.gdp0, dtype=float), (n_paths,)).copy()
    gdp_t, stock = gdp0.copy(), np.zeros(n_paths)
    spend, gdp = np.empty((n_years, n_paths)), np.empty((n_years, n_paths))
    growth = g_gdp  # a fresh array; an imposed year overwrites its row after its use
    obs = observed or {}
    imposed = {t for t in range(n_years)  # years with an observation (else nothing to do)
               if any(np.isfinite(obs[k][:, t]).any() for k in _OBSERVED if k in obs)}
    log_i0 = np.log(base / gdp0)
    s_prev = base.copy()
    # in place, with the factors 1 + g of every year made at once: the same operations in
    # the same order as b (1 + g_rd + c), g (1 + g), s (1 + g) k + a i, b + s + e i
    rd_factor, gdp_factor = 1.0 + g_rd, 1.0 + g_gdp
    work = np.empty(n_paths)
    for t in range(n_years):
        np.divide(s_prev, gdp_t, out=work)
        np.log(work, out=work)
        work -= log_i0
        work *= params.convergence  # the catch-up
        work += rd_factor[t]
        base *= work
        new_gdp = np.multiply(gdp_t, gdp_factor[t], out=gdp[t])
        index = new_gdp / gdp0
        stock *= gdp_factor[t]
        stock *= keep
        stock += arrivals[t] * index
        s_t = np.add(base, stock, out=spend[t])
        s_t += extra[t] * index
        np.maximum(s_t, _FLOOR, out=s_t)
        if t in imposed:
            s_t, new_gdp = _impose(s_t, new_gdp, obs, t)
            base = s_t - stock - extra[t] * new_gdp / gdp0
            growth[t] = new_gdp / gdp_t - 1.0
            spend[t], gdp[t] = s_t, new_gdp
        gdp_t, s_prev = gdp[t], spend[t]
    return {"rd_spend": spend.T, "gdp": gdp.T, "rd_intensity": (100.0 * spend / gdp).T,
            "gdp_growth": growth.T}
