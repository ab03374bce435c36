"""Run the four structural models for one scenario on one chunk of paths.

Draw order (fixed, independent of lever values, so scenarios simulated with the same seed
share every draw): one uniform per uncertainty per path in registry order, then the R&D /
GDP shocks, the certification shocks, the output shocks, the lab shocks, one uniform per
path for the GDP anchor and the observation noise of every year of
:data:`~huaian_forecast.structural.anchors.OBSERVED_INDICATORS`. Everything is drawn
whatever the history holds, so the draws do not depend on which anchors came from data.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from huaian_forecast.scenarios import LEVERS, UNCERTAINTIES, Scenario, Uncertainty
from huaian_forecast.structural.anchors import OBSERVED_INDICATORS, Anchors
from huaian_forecast.structural.certification import (
    CertificationParams,
    CertificationPaths,
    CertificationShocks,
    project_certification,
    reconstruct_cohorts,
)
from huaian_forecast.structural.labs import LabParams, LabShocks, project_labs
from huaian_forecast.structural.output_share import (
    OutputParams,
    OutputShocks,
    project_output_share,
)
from huaian_forecast.structural.rd_intensity import RDParams, RDShocks, project_rd

__all__ = ["ANCHOR_YEAR", "STRUCTURAL_INDICATORS", "run_structural", "sample_parameters"]

#: Year of the registry's anchors; the models start from its (partly derived) levels and
#: impose later observations of the history in their years.
ANCHOR_YEAR = 2023
#: Indicators the structural models produce, in order.
STRUCTURAL_INDICATORS: tuple[str, ...] = (
    "rd_intensity", "rd_spend", "gdp", "hte_count", "hte_applications", "hightech_share",
    "hightech_output", "key_labs",
)


def sample_parameters(scenario: Scenario, u: np.ndarray,
                      anchors: Mapping[str, Uncertainty] | None = None
                      ) -> dict[str, np.ndarray]:
    """Per-path values (model units) of every uncertainty from uniforms ``u``.

    Parameters
    ----------
    scenario : Scenario
        Supplies overrides of the registered distributions.
    u : numpy.ndarray
        ``(len(UNCERTAINTIES), n_paths)`` uniforms, rows in registry order.
    anchors : Mapping[str, Uncertainty], optional
        Distributions read from the history (:attr:`Anchors.uncertainties`); a scenario
        override of the same key wins.

    Returns
    -------
    dict of numpy.ndarray
    """
    anchors = anchors or {}
    out = {}
    for row, key in zip(u, UNCERTAINTIES, strict=True):
        unc = scenario.uncertainty(key)
        if key in anchors and key not in scenario.uncertainties:
            unc = anchors[key]
        out[key] = unc.sample(row)
    return out


def _lever(scenario: Scenario, key: str, years: np.ndarray) -> np.ndarray:
    return LEVERS[key].to_model(scenario.lever_path(key, years))


def _spend_gdp(p: dict[str, np.ndarray], anchors: Anchors,
               u_gdp: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """R&D spend and GDP 2023 per path: GDP from the data when given, else derived."""
    if anchors.gdp is None:
        return p["rd_spend_2023"], p["rd_spend_2023"] / p["rd_intensity_2023"]
    gdp0 = anchors.gdp.sample(u_gdp)
    if anchors.spend_from_intensity:
        return p["rd_intensity_2023"] * gdp0, gdp0
    return p["rd_spend_2023"], gdp0


def _rd(p: dict[str, np.ndarray], scenario: Scenario, years: np.ndarray, shocks: RDShocks,
        start: tuple[np.ndarray, np.ndarray],
        observed: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    params = RDParams(
        spend0=start[0], gdp0=start[1],
        relative_growth=p["rd_relative_growth"], real_growth=p["gdp_real_growth"],
        deflator=p["gdp_deflator"], gdp_volatility=p["gdp_volatility"],
        rd_volatility=p["rd_volatility"],
        reward_leverage=p["rd_reward_leverage"], per_coverage_point=p["rd_per_coverage_point"],
        reward_ref=LEVERS["rd_rewards"].default,
        coverage_ref=float(LEVERS["rd_clearance_coverage"].to_model(
            np.array(LEVERS["rd_clearance_coverage"].default))))
    return project_rd(params, rewards=_lever(scenario, "rd_rewards", years),
                      major_projects=_lever(scenario, "major_project_rd", years),
                      coverage=_lever(scenario, "rd_clearance_coverage", years), shocks=shocks,
                      observed=observed)


def _hte(p: dict[str, np.ndarray], scenario: Scenario, years: np.ndarray,
         shocks: CertificationShocks, observed: np.ndarray) -> CertificationPaths:
    params = CertificationParams(
        pass_rate=p["first_time_pass_rate"], recert_rate=p["recert_success"],
        support_uplift=p["recert_support_uplift"], attrition=p["hte_attrition"],
        application_cap=p["application_share_cap"],
        initial=reconstruct_cohorts(np.rint(p["hte_count_2023"]), p["hte_cohort_growth"],
                                    p["hte_attrition"]))
    pipeline = (_lever(scenario, "tech_sme_pipeline", years)[None, :]
                + p["tech_project_to_pipeline"][:, None]
                * _lever(scenario, "tech_projects", years)[None, :])
    return project_certification(
        params, applications=_lever(scenario, "first_time_applications", years),
        support=_lever(scenario, "recertification_support", years), pipeline=pipeline,
        shocks=shocks, observed=observed)


def run_structural(scenario: Scenario, *, years: np.ndarray, n_paths: int,
                   rng: np.random.Generator,
                   anchors: Anchors | None = None) -> dict[str, np.ndarray]:
    """Simulate every structural indicator for ``years`` (starting at ``ANCHOR_YEAR + 1``).

    Parameters
    ----------
    scenario : Scenario
        Lever settings and uncertainty overrides.
    years : numpy.ndarray
        Consecutive calendar years, the first being ``ANCHOR_YEAR + 1``.
    n_paths : int
        Number of paths.
    rng : numpy.random.Generator
        Source of every draw (used in the fixed order of the module docstring).
    anchors : Anchors, optional
        Anchors and later observations read from the history
        (:func:`~huaian_forecast.structural.anchors.anchors_from_history`); None uses the
        registry's anchors and imposes nothing.

    Returns
    -------
    dict of numpy.ndarray
        ``(n_paths, len(years))`` per key of :data:`STRUCTURAL_INDICATORS`, in the
        published units (percent for intensity and share).
    """
    years = np.asarray(years, dtype=int)
    if years[0] != ANCHOR_YEAR + 1:
        raise ValueError(f"structural paths start in {ANCHOR_YEAR + 1}, got {years[0]}")
    n_years = years.size
    u = rng.random((len(UNCERTAINTIES), n_paths))
    rd_shocks = RDShocks.draw(rng, n_paths, n_years)
    cert_shocks = CertificationShocks.draw(rng, n_paths, n_years)
    out_shocks = OutputShocks.draw(rng, n_paths, n_years)
    lab_shocks = LabShocks.draw(rng, n_paths, n_years)
    u_gdp = rng.random(n_paths)
    noise = rng.standard_normal((len(OBSERVED_INDICATORS), n_paths, n_years),
                                dtype=np.float32)
    anchors = anchors or Anchors()
    observed = anchors.observed(years, noise)
    p = sample_parameters(scenario, u, anchors.uncertainties)
    rd = _rd(p, scenario, years, rd_shocks, _spend_gdp(p, anchors, u_gdp), observed)
    hte = _hte(p, scenario, years, cert_shocks, observed["hte_count"])
    share0 = p["hightech_share_2023"]
    total0 = p["industrial_output_2023"]
    output = project_output_share(
        OutputParams(hightech0=share0 * total0, other0=(1.0 - share0) * total0,
                     relative_growth=p["hightech_relative_growth"],
                     volatility=p["output_volatility"],
                     output_per_project=p["output_per_project"],
                     ramp_rate=p["project_ramp_rate"],
                     output_per_new_hte=p["output_per_new_hte"]),
        projects=_lever(scenario, "hightech_projects", years), new_hte=hte.first_time,
        industry_growth=rd["gdp_growth"], shocks=out_shocks,
        observed=observed["hightech_share"])
    labs = project_labs(LabParams(labs0=np.rint(p["key_labs_2023"]),
                                  success=p["key_lab_success"],
                                  attrition=p["key_lab_attrition"]),
                        attempts=_lever(scenario, "new_key_labs", years), shocks=lab_shocks,
                        observed=observed["key_labs"])
    return {"rd_intensity": rd["rd_intensity"], "rd_spend": rd["rd_spend"], "gdp": rd["gdp"],
            # applications: first-time ones plus every expiring certificate (all assumed
            # to re-apply; the re-certification rate covers not re-applying and failing)
            "hte_count": hte.stock, "hte_applications": hte.applications + hte.expiring,
            "hightech_share": output["hightech_share"],
            "hightech_output": output["hightech_output"], "key_labs": labs}
