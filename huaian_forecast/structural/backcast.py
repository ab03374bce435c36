"""Backcast: start the status-quo models from an earlier observed year, compare with later data.

Huai'an's public history is short, so only three checks are possible:

- ``rd_spend``: from 2021 (81.0亿, exact) to 2023 (published only as > 100亿);
- ``gdp``: from 2017 (3328.88亿, exact) to 2018 (3601) and 2020 (4025.37);
- ``hte_count``: from 2017 (286, derived) to 2022 (<= 673, upper bound) and 2023 (768),
  holding first-time applications at the 2017 pace implied by the cohort reconstruction.

The uncertainties are the registered ones (set for 2024-2035); the levers are at their
status-quo defaults. The high-tech share and key labs have no earlier Huai'an observation.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from huaian_forecast.scenarios import LEVERS, UNCERTAINTIES, Scenario
from huaian_forecast.structural._engine import sample_parameters
from huaian_forecast.structural.certification import (
    CertificationParams,
    CertificationShocks,
    project_certification,
    reconstruct_cohorts,
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
               n_years: int) -> np.ndarray:
    g, h = p["hte_cohort_growth"], p["hte_attrition"]
    initial = reconstruct_cohorts(np.full(g.size, stock0), g, h)
    # first-time certifications of the anchor year: its cohort minus the expected
    # re-certifications of the cohort certified three years earlier
    support, r = _lever("recertification_support"), p["recert_success"]
    r_eff = r + support * p["recert_support_uplift"] * (1.0 - r)
    first = initial[:, 0] * (1.0 - r_eff * (1.0 - h) ** 3 / (1.0 + g) ** 3)
    apps = np.maximum(first, 0.0) / p["first_time_pass_rate"]
    params = CertificationParams(pass_rate=p["first_time_pass_rate"], recert_rate=r,
                                 support_uplift=p["recert_support_uplift"], attrition=h,
                                 application_cap=1.0, initial=initial)
    paths = project_certification(
        params, applications=np.repeat(apps[:, None], n_years, axis=1),
        support=np.full(n_years, support), pipeline=np.full(n_years, np.inf),
        shocks=CertificationShocks.draw(rng, g.size, n_years))
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


def backcast(*, n_paths: int = 2000, seed: int | None = 2024) -> pd.DataFrame:
    """Run the status-quo models from earlier observed years and compare with later data.

    Parameters
    ----------
    n_paths : int
        Monte Carlo paths per check.
    seed : int or None
        Seed of the random generator.

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
    hte = _hte_paths(p, rng, 286.0, 6)
    rows = [
        _row("rd_spend", (2021, 81.0), 2023, 100.0, "lower_bound", rd["rd_spend"][:, 1],
             "status-quo levers (major projects 5亿/yr); GDP growth priors of 2024-2035"),
        _row("gdp", (2017, 3328.88), 2018, 3601.0, "exact", gdp[:, 0],
             "nominal growth priors of 2024-2035 (slower than the 2010s)"),
        _row("gdp", (2017, 3328.88), 2020, 4025.37, "exact", gdp[:, 2],
             "includes the 2020 pandemic year"),
        _row("hte_count", (2017, 286.0), 2022, 673.0, "upper_bound", hte[:, 4],
             "first-time applications held at the 2017 pace (derived per path)"),
        _row("hte_count", (2017, 286.0), 2023, 768.0, "exact", hte[:, 5],
             "first-time applications held at the 2017 pace (derived per path)"),
    ]
    return pd.DataFrame(rows, columns=list(BACKCAST_COLUMNS))
