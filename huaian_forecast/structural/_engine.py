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
from huaian_forecast.structural.anchors import OBSERVED_INDICATORS, REGISTRY_YEAR, Anchors
from huaian_forecast.structural.certification import (
    CertificationParams,
    CertificationPaths,
    CertificationShocks,
    flow_multipliers,
    project_certification,
    reconstruct_cohorts,
    status_quo_applications,
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
    "sub_models_for",
]

#: Year of the registry's (Huai'an) anchors; with other data the origin is the last year
#: of the history (:attr:`Anchors.origin`).
ANCHOR_YEAR = REGISTRY_YEAR
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


def _ref(key: str) -> float:
    """Return the status-quo (registry default) value of a lever in model units."""
    return float(LEVERS[key].to_model(np.array(LEVERS[key].default)))


def _spend_gdp(p: dict[str, np.ndarray], anchors: Anchors,
               u_gdp: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """R&D spend and GDP at the origin per path: GDP from the data when given, else derived."""
    if anchors.gdp is None:
        return p["rd_spend_2023"], p["rd_spend_2023"] / p["rd_intensity_2023"]
    gdp0 = anchors.gdp.sample(u_gdp)
    if anchors.spend_from_intensity:
        return p["rd_intensity_2023"] * gdp0, gdp0
    return p["rd_spend_2023"], gdp0


#: Huai'an's 2023 R&D spend and GDP in the registry (亿元): the unit of the money levers.
_REF_SPEND = UNCERTAINTIES["rd_spend_2023"].default
_REF_GDP = _REF_SPEND / (UNCERTAINTIES["rd_intensity_2023"].default / 100.0)


def _rd(p: dict[str, np.ndarray], scenario: Scenario, years: np.ndarray, shocks: RDShocks,
        start: tuple[np.ndarray, np.ndarray], observed: dict[str, np.ndarray],
        anchors: Anchors) -> dict[str, np.ndarray]:
    # elsewhere than Huai'an the money levers scale with the region's R&D spend
    scale = 1.0 if anchors.home else start[0] / _REF_SPEND
    major = _lever(scenario, "major_project_rd", years)[None, :]
    # the status-quo inflow is part of the trend when the trend comes from the data, and
    # outside Huai'an (the registry's organic rate is read from Jiangsu's total growth)
    if "rd" in anchors.status_quo.estimated or not anchors.home:
        major = major - _ref("major_project_rd")
    ref_rewards = _ref("rd_rewards")
    rewards = ref_rewards + (_lever(scenario, "rd_rewards", years) - ref_rewards)
    params = RDParams(
        spend0=start[0], gdp0=start[1],
        relative_growth=p["rd_relative_growth"], real_growth=p["gdp_real_growth"],
        deflator=p["gdp_deflator"], gdp_volatility=p["gdp_volatility"],
        rd_volatility=p["rd_volatility"],
        reward_leverage=p["rd_reward_leverage"] * scale,
        per_coverage_point=p["rd_per_coverage_point"] * scale,
        reward_ref=ref_rewards, coverage_ref=_ref("rd_clearance_coverage"))
    return project_rd(params, rewards=rewards,
                      major_projects=np.broadcast_to(major * np.atleast_1d(scale)[:, None],
                                                     (shocks.gdp.shape[0], years.size)).T,
                      coverage=_lever(scenario, "rd_clearance_coverage", years),
                      shocks=shocks, observed=observed)


def _flow_trend(p: dict[str, np.ndarray], n_years: int) -> np.ndarray:
    """``(n_paths, n_years)`` status-quo flow multipliers: damped growth compounded.

    Year ``k`` after the origin grows by ``g phi^k`` (``g``: ``hte_flow_growth``, the
    trend up to the origin; ``phi``: ``hte_flow_damping``).
    """
    k = np.arange(1, n_years + 1)[None, :]
    growth = p["hte_flow_growth"][:, None] * p["hte_flow_damping"][:, None] ** k
    return np.cumprod(1.0 + growth, axis=1)


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class _HTEInputs:
    """Cohort parameters, the status-quo flow per path and the lever scale."""

    params: CertificationParams
    sq_apps: np.ndarray
    scale: np.ndarray
    trend: np.ndarray


def _hte_inputs(p: dict[str, np.ndarray], anchors: Anchors, n_years: int) -> _HTEInputs:
    params = CertificationParams(
        pass_rate=p["first_time_pass_rate"], recert_rate=p["recert_success"],
        support_uplift=p["recert_support_uplift"], attrition=p["hte_attrition"],
        application_cap=p["application_share_cap"],
        initial=reconstruct_cohorts(np.rint(p["hte_count_2023"]), p["hte_cohort_growth"],
                                    p["hte_attrition"]))
    ref = _ref("first_time_applications")
    n_paths = p["first_time_pass_rate"].size
    if anchors.home:
        sq, scale = np.full(n_paths, ref), np.ones(n_paths)
    else:  # the region's own pace, from its reconstructed cohorts
        sq = status_quo_applications(params, p["hte_cohort_growth"],
                                     _ref("recertification_support"))
        scale = sq / ref
    return _HTEInputs(params=params, sq_apps=sq, scale=scale,
                      trend=_flow_trend(p, n_years))


def _planned(scenario: Scenario, key: str, years: np.ndarray, inputs: _HTEInputs,
             sq_level: np.ndarray | float) -> np.ndarray:
    """Status-quo level x trend, plus the scenario's change from the status quo (scaled)."""
    change = _lever(scenario, key, years)[None, :] - _ref(key)
    return (np.asarray(sq_level, dtype=float).reshape(-1, 1) * inputs.trend
            + change * inputs.scale[:, None])


def _hte(p: dict[str, np.ndarray], scenario: Scenario, years: np.ndarray,
         shocks: CertificationShocks, observed: np.ndarray,
         inputs: _HTEInputs) -> CertificationPaths:
    scale = inputs.scale
    pipeline = (_planned(scenario, "tech_sme_pipeline", years, inputs,
                         _ref("tech_sme_pipeline") * scale)
                + p["tech_project_to_pipeline"][:, None]
                * _planned(scenario, "tech_projects", years, inputs,
                           _ref("tech_projects") * scale))
    noise = flow_multipliers(shocks, p["hte_flow_volatility"])
    apps = np.maximum(_planned(scenario, "first_time_applications", years, inputs,
                               inputs.sq_apps), 0.0) * noise
    return project_certification(
        inputs.params, applications=apps,
        support=_lever(scenario, "recertification_support", years),
        pipeline=np.maximum(pipeline, 0.0), shocks=shocks, observed=observed)


#: Which sub-models each indicator needs (the output share uses GDP growth and new HTEs).
_NEEDS: dict[str, frozenset[str]] = {
    "rd_intensity": frozenset({"rd"}), "rd_spend": frozenset({"rd"}), "gdp": frozenset({"rd"}),
    "hte_count": frozenset({"hte"}), "hte_applications": frozenset({"hte"}),
    "hightech_share": frozenset({"rd", "hte", "output"}),
    "hightech_output": frozenset({"rd", "hte", "output"}),
    "key_labs": frozenset({"labs"}),
}


def sub_models_for(indicators: Collection[str]) -> tuple[str, ...]:
    """Return the sub-models (``rd``, ``hte``, ``output``, ``labs``) the indicators need, in order.

    Examples
    --------
    >>> sub_models_for(["hightech_share"])
    ('rd', 'hte', 'output')
    """
    needs = frozenset().union(*(_NEEDS[k] for k in indicators))
    return tuple(m for m in ("rd", "hte", "output", "labs") if m in needs)


@dataclass(frozen=True, slots=True, kw_only=True, eq=False)
class StructuralShocks:
    """Every random number of one structural run, drawn in the fixed order.

    ``u``: ``(len(UNCERTAINTIES), n_paths)`` uniforms for the uncertainties; the four
    models' shocks; ``u_gdp``: ``(n_paths,)`` uniforms for the GDP anchor; ``noise``:
    ``(len(OBSERVED_INDICATORS), n_paths, n_years)`` observation noise.
    """

    u: np.ndarray
    rd: RDShocks
    certification: CertificationShocks
    output: OutputShocks
    labs: LabShocks
    u_gdp: np.ndarray
    noise: np.ndarray

    @classmethod
    def draw(cls, rng: np.random.Generator, n_paths: int, n_years: int) -> StructuralShocks:
        """Draw everything from ``rng`` in the order of the module docstring."""
        return cls(u=rng.random((len(UNCERTAINTIES), n_paths)),
                   rd=RDShocks.draw(rng, n_paths, n_years),
                   certification=CertificationShocks.draw(rng, n_paths, n_years),
                   output=OutputShocks.draw(rng, n_paths, n_years),
                   labs=LabShocks.draw(rng, n_paths, n_years),
                   u_gdp=rng.random(n_paths),
                   noise=rng.standard_normal((len(OBSERVED_INDICATORS), n_paths, n_years),
                                             dtype=np.float32))


def project_structural(scenario: Scenario, *, years: np.ndarray, shocks: StructuralShocks,
                       anchors: Anchors | None = None,
                       indicators: Collection[str] | None = None) -> dict[str, np.ndarray]:
    """Simulate the structural indicators for ``years`` from given shocks (no randomness).

    Parameters
    ----------
    scenario : Scenario
        Lever settings and uncertainty overrides.
    years : numpy.ndarray
        Consecutive calendar years, the first being the year after ``anchors.origin``.
    shocks : StructuralShocks
        Every random number of the run (:meth:`StructuralShocks.draw`); never modified,
        so the same shocks can serve several scenarios (common random numbers).
    anchors : Anchors, optional
        Origin, region, anchors, status-quo trends and later observations read from the
        history (:func:`~huaian_forecast.structural.anchors.anchors_from_history`); None
        uses the registry's Huai'an 2023 anchors and imposes nothing.
    indicators : collection of str, optional
        Only these indicators (default: all of :data:`STRUCTURAL_INDICATORS`); the
        sub-models nobody needs are skipped. The shocks are the same whatever is asked
        for, so the paths of an indicator do not depend on which others were asked for.

    Returns
    -------
    dict of numpy.ndarray
        ``(n_paths, len(years))`` per requested key of :data:`STRUCTURAL_INDICATORS`, in
        the published units (percent for intensity and share).

    Notes
    -----
    Levers are in Huai'an's units; elsewhere a lever's change from its status-quo value
    is scaled by the region's size (R&D spend for the money levers, the status-quo
    first-time applications for the certification levers, industrial output for the
    projects). A sub-model whose status quo is the region's own trend
    (:attr:`~huaian_forecast.structural.status_quo.StatusQuo.estimated`) counts only
    the change.
    """
    years = np.asarray(years, dtype=int)
    anchors = anchors or Anchors()
    if years[0] != anchors.origin + 1:
        raise ValueError(f"structural paths start in {anchors.origin + 1} (the year after "
                         f"the origin), got {years[0]}")
    observed = anchors.observed(years, shocks.noise)
    p = sample_parameters(scenario, shocks.u, anchors.uncertainties)
    wanted = STRUCTURAL_INDICATORS if indicators is None else tuple(indicators)
    needs = frozenset().union(*(_NEEDS[k] for k in wanted))
    out: dict[str, np.ndarray] = {}
    rd = (_rd(p, scenario, years, shocks.rd, _spend_gdp(p, anchors, shocks.u_gdp),
              observed, anchors) if "rd" in needs else {})
    out.update({k: rd[k] for k in ("rd_intensity", "rd_spend", "gdp") if k in rd})
    inputs = _hte_inputs(p, anchors, years.size) if needs & {"hte", "output"} else None
    if "hte" in needs and inputs is not None:
        hte = _hte(p, scenario, years, shocks.certification, observed["hte_count"], inputs)
        # applications: first-time ones plus every expiring certificate (all assumed to
        # re-apply; the re-certification rate covers not re-applying and failing)
        out.update(hte_count=hte.stock, hte_applications=hte.applications + hte.expiring)
    if "output" in needs and inputs is not None:
        if "output" in anchors.status_quo.estimated:  # planned change only
            new_hte = (p["first_time_pass_rate"][:, None]
                       * (_planned(scenario, "first_time_applications", years, inputs,
                                   inputs.sq_apps) - inputs.sq_apps[:, None] * inputs.trend))
        else:
            new_hte = hte.first_time
        out.update(_output(p, scenario, years, shocks.output, new_hte, rd,
                           observed["hightech_share"], anchors))
    if "labs" in needs:
        out["key_labs"] = project_labs(
            LabParams(labs0=np.rint(p["key_labs_2023"]), success=p["key_lab_success"],
                      attrition=p["key_lab_attrition"]),
            attempts=_lever(scenario, "new_key_labs", years), shocks=shocks.labs,
            observed=observed["key_labs"])
    return {k: out[k] for k in wanted}


def _output(p: dict[str, np.ndarray], scenario: Scenario, years: np.ndarray,
            shocks: OutputShocks, new_hte: np.ndarray, rd: dict[str, np.ndarray],
            observed: np.ndarray, anchors: Anchors) -> dict[str, np.ndarray]:
    share0 = p["hightech_share_2023"]
    total0 = p["industrial_output_2023"]
    projects = _lever(scenario, "hightech_projects", years)[None, :]
    if not anchors.home:  # industry in proportion to the region's GDP
        gdp0 = rd["gdp"][:, 0] / (1.0 + rd["gdp_growth"][:, 0])
        total0 = total0 * gdp0 / _REF_GDP
        projects = projects * (total0 / UNCERTAINTIES["industrial_output_2023"].default
                               )[:, None]
    if "output" in anchors.status_quo.estimated:
        projects = projects - _ref("hightech_projects") * (
            1.0 if anchors.home else total0[:, None]
            / UNCERTAINTIES["industrial_output_2023"].default)
    output = project_output_share(
        OutputParams(hightech0=share0 * total0, other0=(1.0 - share0) * total0,
                     relative_growth=p["hightech_relative_growth"],
                     volatility=p["output_volatility"],
                     output_per_project=p["output_per_project"],
                     ramp_rate=p["project_ramp_rate"],
                     output_per_new_hte=p["output_per_new_hte"]),
        projects=projects, new_hte=new_hte,
        industry_growth=rd["gdp_growth"], shocks=shocks, observed=observed)
    return {"hightech_share": output["hightech_share"],
            "hightech_output": output["hightech_output"]}
