"""Backcast: start the status-quo models from an earlier observed year, compare with later data.

Huai'an's public history is short, so only three checks are possible:

- ``rd_spend``: from 2021 (81.0亿, exact) to 2023 (published only as > 100亿);
- ``gdp``: from 2017 (3328.88亿, exact) to 2018 (3601) and 2020 (4025.37);
- ``hte_count``: from 2017 (286, derived) to 2022 (<= 673, upper bound) and 2023 (768):
  cohorts reconstructed and first-time flows grown as the status quo of the forward model
  does (damped, with year-to-year noise), at the pooled stock growth calibrated on the
  data up to 2017 only (:func:`~huaian_forecast.structural.calibration.calibrate_hte`:
  China 2012-2014, Suzhou 2011-2014), which also splits the 2017 stock into cohorts.

The other uncertainties are the registered ones (set for 2024-2035); the levers are at
their status-quo defaults. The high-tech share and key labs have no earlier Huai'an
observation.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from huaian_forecast.data import load_history
from huaian_forecast.scenarios import LEVERS, UNCERTAINTIES, Scenario
from huaian_forecast.structural._engine import sample_parameters
from huaian_forecast.structural.calibration import calibrate_hte
from huaian_forecast.structural.certification import (
    CertificationParams,
    CertificationShocks,
    flow_multipliers,
    project_certification,
    reconstruct_cohorts,
    status_quo_applications,
)
from huaian_forecast.structural.rd_intensity import RDParams, RDShocks, project_rd

__all__ = ["BACKCAST_COLUMNS", "backcast"]

#: Columns of the table returned by :func:`backcast`.
BACKCAST_COLUMNS: tuple[str, ...] = (
    "indicator", "from_year", "from_value", "to_year", "observed", "kind", "q10", "median",
    "q90", "p_above", "consistent", "note",
)


def _lever(key: str) -> float:
    return float(LEVERS[key].to_model(np.array(LEVERS[key].default)))


def _rd_params(p: dict[str, np.ndarray], spend0: float, gdp0: float) -> RDParams:
    return RDParams(spend0=spend0, gdp0=gdp0, relative_growth=p["rd_relative_growth"],
                    real_growth=p["gdp_real_growth"], deflator=p["gdp_deflator"],
                    gdp_volatility=p["gdp_volatility"], rd_volatility=p["rd_volatility"],
                    reward_leverage=p["rd_reward_leverage"],
                    per_coverage_point=p["rd_per_coverage_point"],
                    reward_ref=_lever("rd_rewards"),
                    coverage_ref=_lever("rd_clearance_coverage"))


def _rd_paths(p: dict[str, np.ndarray], rng: np.random.Generator, spend0: float,
              gdp0: float, n_years: int) -> dict[str, np.ndarray]:
    n_paths = p["gdp_real_growth"].size
    return project_rd(_rd_params(p, spend0, gdp0),
                      rewards=np.full(n_years, _lever("rd_rewards")),
                      major_projects=np.full(n_years, _lever("major_project_rd")),
                      coverage=np.full(n_years, _lever("rd_clearance_coverage")),
                      shocks=RDShocks.draw(rng, n_paths, n_years))


def _hte_paths(p: dict[str, np.ndarray], rng: np.random.Generator, stock0: float,
               n_years: int, growth: np.ndarray) -> np.ndarray:
    """Stock paths from ``stock0``: cohorts and flows at the per-path ``growth``."""
    h = p["hte_attrition"]
    initial = reconstruct_cohorts(np.full(growth.size, stock0), growth, h)
    support = _lever("recertification_support")
    params = CertificationParams(pass_rate=p["first_time_pass_rate"],
                                 recert_rate=p["recert_success"],
                                 support_uplift=p["recert_support_uplift"], attrition=h,
                                 application_cap=1.0, initial=initial)
    apps = status_quo_applications(params, growth, support)
    k = np.arange(1, n_years + 1)[None, :]
    trend = np.cumprod(1.0 + growth[:, None] * p["hte_flow_damping"][:, None] ** k, axis=1)
    shocks = CertificationShocks.draw(rng, growth.size, n_years)
    flows = apps[:, None] * trend * flow_multipliers(shocks, p["hte_flow_volatility"])
    paths = project_certification(params, applications=flows,
                                  support=np.full(n_years, support),
                                  pipeline=np.full(n_years, np.inf), shocks=shocks)
    return paths.stock


def _row(indicator: str, start: tuple[int, float], year: int, observed: float, kind: str,
         values: np.ndarray, note: str) -> dict[str, object]:
    q10, q50, q90 = np.quantile(values, [0.1, 0.5, 0.9])
    if kind == "lower_bound":
        consistent = bool(q90 > observed)
    elif kind == "upper_bound":
        consistent = bool(q10 < observed)
    else:
        consistent = bool(q10 <= observed <= q90)
    return {"indicator": indicator, "from_year": start[0], "from_value": start[1],
            "to_year": year, "observed": observed, "kind": kind, "q10": float(q10),
            "median": float(q50), "q90": float(q90),
            "p_above": float((values > observed).mean()), "consistent": consistent,
            "note": note}


def backcast(*, n_paths: int = 2000, seed: int | None = 2024,
             history: pd.DataFrame | None = None) -> pd.DataFrame:
    """Run the status-quo models from earlier observed years and compare with later data.

    Parameters
    ----------
    n_paths : int
        Monte Carlo paths per check.
    seed : int or None
        Seed of the random generator.
    history : pandas.DataFrame, optional
        Observation table for the HTE growth calibration (default: the bundled data);
        only its rows up to 2017 are used.

    Returns
    -------
    pandas.DataFrame
        One row per later observation, columns :data:`BACKCAST_COLUMNS`. ``consistent``
        means: inside the 80 % band (exact / derived), band reaching above a lower bound,
        or below an upper bound. ``p_above`` is the share of paths above ``observed``.

    Examples
    --------
    >>> table = backcast(n_paths=200, seed=1)
    >>> sorted(set(table["indicator"]))
    ['gdp', 'hte_count', 'rd_spend']
    """
    rng = np.random.default_rng(seed)
    p = sample_parameters(Scenario(name="baseline"), rng.random((len(UNCERTAINTIES), n_paths)))
    rd = _rd_paths(p, rng, 81.0, 1.0, 2)
    gdp = _rd_paths(p, rng, 1.0, 3328.88, 3)["gdp"]
    cal = calibrate_hte(load_history() if history is None else history, 2017)
    growth = np.maximum(cal.growth + cal.spread * rng.standard_normal(n_paths), 0.0)
    hte = _hte_paths(p, rng, 286.0, 6, growth)
    note = f"status-quo flows growing at the calibration up to 2017 ({cal.describe()})"
    rows = [
        _row("rd_spend", (2021, 81.0), 2023, 100.0, "lower_bound", rd["rd_spend"][:, 1],
             "status-quo levers (major projects 5亿/yr); GDP growth priors of 2024-2035"),
        _row("gdp", (2017, 3328.88), 2018, 3601.0, "exact", gdp[:, 0],
             "nominal growth priors of 2024-2035 (slower than the 2010s)"),
        _row("gdp", (2017, 3328.88), 2020, 4025.37, "exact", gdp[:, 2],
             "includes the 2020 pandemic year"),
        _row("hte_count", (2017, 286.0), 2022, 673.0, "upper_bound", hte[:, 4], note),
        _row("hte_count", (2017, 286.0), 2023, 768.0, "exact", hte[:, 5], note),
    ]
    return pd.DataFrame(rows, columns=list(BACKCAST_COLUMNS))
