"""Run the four structural models for one scenario on one chunk of paths.

:meth:`StructuralShocks.draw` makes every random number; :func:`project_structural` turns
a scenario and those shocks into paths (no randomness).

Draw order (fixed, independent of lever values, so scenarios simulated with the same seed
share every draw): one uniform per uncertainty per path in registry order, then the R&D /
GDP shocks, the certification shocks, the output shocks, the lab shocks, one uniform per
path for the GDP anchor and the observation noise of every year of
:data:`~huaian_forecast.structural.anchors.OBSERVED_INDICATORS`. Everything is drawn
whatever the history holds, so the draws do not depend on which anchors came from data.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass

import numpy as np

from huaian_forecast.scenarios import LEVERS, UNCERTAINTIES, Scenario, Uncertainty
from huaian_forecast.structural._noise import LazyNormals
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

__all__ = [
    "ANCHOR_YEAR",
    "STRUCTURAL_INDICATORS",
    "StructuralShocks",
    "project_structural",
    "sample_parameters",
]

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


#: Which sub-models each indicator needs (the output share uses GDP growth and new HTEs).
_NEEDS: dict[str, frozenset[str]] = {
    "rd_intensity": frozenset({"rd"}), "rd_spend": frozenset({"rd"}), "gdp": frozenset({"rd"}),
    "hte_count": frozenset({"hte"}), "hte_applications": frozenset({"hte"}),
    "hightech_share": frozenset({"rd", "hte", "output"}),
    "hightech_output": frozenset({"rd", "hte", "output"}),
    "key_labs": frozenset({"labs"}),
}


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class StructuralShocks:
    """Every random number of one structural run, drawn in the fixed order.

    ``u``: ``(len(UNCERTAINTIES), n_paths)`` uniforms for the uncertainties; the four
    models' shocks; ``u_gdp``: ``(n_paths,)`` uniforms for the GDP anchor; ``noise``:
    ``(len(OBSERVED_INDICATORS), n_paths, n_years)`` observation noise, drawn (the same
    numbers) only when read (:class:`~huaian_forecast.structural._noise.LazyNormals`).
    """

    u: np.ndarray
    rd: RDShocks
    certification: CertificationShocks
    output: OutputShocks
    labs: LabShocks
    u_gdp: np.ndarray
    noise: LazyNormals

    @classmethod
    def draw(cls, rng: np.random.Generator, n_paths: int, n_years: int) -> StructuralShocks:
        """Draw everything from ``rng`` in the order of the module docstring."""
        return cls(u=rng.random((len(UNCERTAINTIES), n_paths)),
                   rd=RDShocks.draw(rng, n_paths, n_years),
                   certification=CertificationShocks.draw(rng, n_paths, n_years),
                   output=OutputShocks.draw(rng, n_paths, n_years),
                   labs=LabShocks.draw(rng, n_paths, n_years),
                   u_gdp=rng.random(n_paths),
                   # drawn last and only when read (years observed with an error)
                   noise=LazyNormals(rng, (len(OBSERVED_INDICATORS), n_paths, n_years),
                                     np.float32))


def _observation_noise(noise: LazyNormals, anchors: Anchors) -> np.ndarray:
    """Return the drawn noise if the history observes later years, else zeros (no memory)."""
    if anchors.later:
        return noise.values()
    return np.broadcast_to(np.float32(0.0), noise.shape)


def project_structural(scenario: Scenario, *, years: np.ndarray, shocks: StructuralShocks,
                       anchors: Anchors | None = None,
                       indicators: Collection[str] | None = None) -> dict[str, np.ndarray]:
    """Simulate the structural indicators for ``years`` from given shocks (no randomness).

    Parameters
    ----------
    scenario : Scenario
        Lever settings and uncertainty overrides.
    years : numpy.ndarray
        Consecutive calendar years, the first being ``ANCHOR_YEAR + 1``.
    shocks : StructuralShocks
        Every random number of the run (:meth:`StructuralShocks.draw`); never modified,
        so the same shocks can serve several scenarios (common random numbers).
    anchors : Anchors, optional
        Anchors and later observations read from the history
        (:func:`~huaian_forecast.structural.anchors.anchors_from_history`); None uses the
        registry's anchors and imposes nothing.
    indicators : collection of str, optional
        Only these indicators (default: all of :data:`STRUCTURAL_INDICATORS`); the
        sub-models nobody needs are skipped. The shocks are the same whatever is asked
        for, so the paths of an indicator do not depend on which others were asked for.

    Returns
    -------
    dict of numpy.ndarray
        ``(n_paths, len(years))`` per requested key of :data:`STRUCTURAL_INDICATORS`, in
        the published units (percent for intensity and share).
    """
    years = np.asarray(years, dtype=int)
    if years[0] != ANCHOR_YEAR + 1:
        raise ValueError(f"structural paths start in {ANCHOR_YEAR + 1}, got {years[0]}")
    u, u_gdp, noise = shocks.u, shocks.u_gdp, shocks.noise
    rd_shocks, cert_shocks = shocks.rd, shocks.certification
    out_shocks, lab_shocks = shocks.output, shocks.labs
    anchors = anchors or Anchors()
    observed = anchors.observed(years, _observation_noise(noise, anchors))
    p = sample_parameters(scenario, u, anchors.uncertainties)
    wanted = STRUCTURAL_INDICATORS if indicators is None else tuple(indicators)
    needs = frozenset().union(*(_NEEDS[k] for k in wanted))
    out: dict[str, np.ndarray] = {}
    rd = (_rd(p, scenario, years, rd_shocks, _spend_gdp(p, anchors, u_gdp), observed)
          if "rd" in needs else {})
    out.update({k: rd[k] for k in ("rd_intensity", "rd_spend", "gdp") if k in rd})
    if "hte" in needs:
        hte = _hte(p, scenario, years, cert_shocks, observed["hte_count"])
        # applications: first-time ones plus every expiring certificate (all assumed to
        # re-apply; the re-certification rate covers not re-applying and failing)
        out.update(hte_count=hte.stock, hte_applications=hte.applications + hte.expiring)
    if "output" in needs:
        out.update(_output(p, scenario, years, out_shocks, hte.first_time,
                           rd["gdp_growth"], observed["hightech_share"]))
    if "labs" in needs:
        out["key_labs"] = project_labs(
            LabParams(labs0=np.rint(p["key_labs_2023"]), success=p["key_lab_success"],
                      attrition=p["key_lab_attrition"]),
            attempts=_lever(scenario, "new_key_labs", years), shocks=lab_shocks,
            observed=observed["key_labs"])
    return {k: out[k] for k in wanted}


def _output(p: dict[str, np.ndarray], scenario: Scenario, years: np.ndarray,
            shocks: OutputShocks, new_hte: np.ndarray, industry_growth: np.ndarray,
            observed: np.ndarray) -> dict[str, np.ndarray]:
    share0 = p["hightech_share_2023"]
    total0 = p["industrial_output_2023"]
    output = project_output_share(
        OutputParams(hightech0=share0 * total0, other0=(1.0 - share0) * total0,
                     relative_growth=p["hightech_relative_growth"],
                     volatility=p["output_volatility"],
                     output_per_project=p["output_per_project"],
                     ramp_rate=p["project_ramp_rate"],
                     output_per_new_hte=p["output_per_new_hte"]),
        projects=_lever(scenario, "hightech_projects", years), new_hte=new_hte,
        industry_growth=industry_growth, shocks=shocks, observed=observed)
    return {"hightech_share": output["hightech_share"],
            "hightech_output": output["hightech_output"]}
