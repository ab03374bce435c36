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

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field, fields
from typing import Any

import numpy as np

from huaian_forecast.scenarios import UNCERTAINTIES, Scenario, Uncertainty
from huaian_forecast.structural._inputs import (
    HTEInputs,
    LeverInputs,
    hte_inputs,
    ref,
    remembered,
)
from huaian_forecast.structural._noise import LazyNormals
from huaian_forecast.structural.anchors import OBSERVED_INDICATORS, REGISTRY_YEAR, Anchors
from huaian_forecast.structural.certification import (
    CertificationPaths,
    CertificationShocks,
    flow_multipliers,
    project_certification,
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
                      anchors: Mapping[str, Uncertainty] | None = None,
                      cache: dict[Any, Any] | None = None) -> dict[str, np.ndarray]:
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
    cache : dict, optional
        Belongs to ``u`` (:attr:`StructuralShocks.derived`): the values are kept by the
        distributions they come from, so the runs of a lever sweep (same shocks, same
        distributions) sample once; the arrays are then read-only.

    Returns
    -------
    dict of numpy.ndarray
    """
    anchors = anchors or {}
    units = tuple(anchors[key] if key in anchors and key not in scenario.uncertainties
                  else scenario.uncertainty(key) for key in UNCERTAINTIES)

    def make() -> dict[str, np.ndarray]:
        out = {key: unc.sample(row) for row, key, unc in zip(u, UNCERTAINTIES, units,
                                                             strict=True)}
        if cache is not None:  # shared between runs: nobody may change them
            for value in out.values():
                value.flags.writeable = False
        return out

    try:
        hash(units)
    except TypeError:  # an override holding a list (e.g. bounds read from TOML)
        cache = None
    return dict(remembered(cache, "parameters", units, make))


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
_REF_INDUSTRY = UNCERTAINTIES["industrial_output_2023"].default


def _rd(levers: LeverInputs, shocks: RDShocks, start: tuple[np.ndarray, np.ndarray],
        observed: dict[str, np.ndarray | None], anchors: Anchors,
        lump_cache: dict[Any, np.ndarray] | None = None) -> dict[str, np.ndarray]:
    p = levers.p
    # elsewhere than Huai'an the money levers scale with the region's R&D spend
    scale = np.ones_like(start[0]) if anchors.home else start[0] / _REF_SPEND
    # the status-quo inflow is part of the trend when the trend comes from the data (the
    # region's own or the catch-up calibration), and outside Huai'an (the registry's
    # organic rate is read from Jiangsu's total growth)
    in_trend = "rd" in anchors.status_quo.estimated or not anchors.home
    params = RDParams(
        spend0=start[0], gdp0=start[1],
        relative_growth=p["rd_relative_growth"], real_growth=p["gdp_real_growth"],
        deflator=p["gdp_deflator"], gdp_volatility=p["gdp_volatility"],
        rd_volatility=p["rd_volatility"],
        reward_leverage=p["rd_reward_leverage"] * scale,
        per_coverage_point=p["rd_per_coverage_point"] * scale,
        reward_ref=ref("rd_rewards"), coverage_ref=ref("rd_clearance_coverage"),
        project_fade=p["major_project_fade"],
        convergence=anchors.status_quo.rd_convergence)
    arrivals = (levers.major_arrivals(shocks.lumps, in_trend, lump_cache)
                * np.asarray(scale)[:, None])
    return project_rd(params, rewards=levers.delivered("rd_rewards"),
                      major_projects=arrivals,
                      coverage=levers.delivered("rd_clearance_coverage"),
                      shocks=shocks,
                      observed={k: v for k, v in observed.items() if v is not None})


def _hte(levers: LeverInputs, shocks: CertificationShocks, observed: np.ndarray | None,
         inputs: HTEInputs) -> CertificationPaths:
    p, scale = levers.p, inputs.scale
    pipeline = (inputs.flow(levers, "tech_sme_pipeline", ref("tech_sme_pipeline") * scale)
                + p["tech_project_to_pipeline"][:, None]
                * inputs.flow(levers, "tech_projects", ref("tech_projects") * scale))
    noise = flow_multipliers(shocks, p["hte_flow_volatility"])
    apps = inputs.flow(levers, "first_time_applications", inputs.sq_apps) * noise
    return project_certification(
        inputs.params, applications=apps,
        support=levers.delivered("recertification_support"),
        pipeline=pipeline, shocks=shocks, observed=observed)


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
    ``(len(OBSERVED_INDICATORS), n_paths, n_years)`` observation noise, drawn (the same
    numbers) only when read (:class:`~huaian_forecast.structural._noise.LazyNormals`).
    ``derived``: values computed from these shocks alone that runs sharing them re-use
    (the uncertainties' values by distribution, the Gamma lumps of major-project R&D by
    c.v.), kept only while the arrays are read-only (as the memo makes them); not a
    shock, never compared.
    """

    u: np.ndarray
    rd: RDShocks
    certification: CertificationShocks
    output: OutputShocks
    labs: LabShocks
    u_gdp: np.ndarray
    noise: LazyNormals
    derived: dict[Any, np.ndarray] = field(default_factory=dict, repr=False)

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

    @classmethod
    def concat(cls, parts: Sequence[StructuralShocks]) -> StructuralShocks:
        """Join the shocks of consecutive blocks of paths (each drawn on its own), in order.

        The sub-models' shocks have the paths first; ``u`` and ``noise`` second.
        """
        if len(parts) == 1:
            return parts[0]

        def join(items: Sequence[Any]) -> Any:
            first = items[0]
            return type(first)(**{
                f.name: np.concatenate([getattr(p, f.name) for p in items], axis=0)
                if isinstance(getattr(first, f.name), np.ndarray) else getattr(first, f.name)
                for f in fields(first)})

        return cls(u=np.concatenate([p.u for p in parts], axis=1),
                   rd=join([p.rd for p in parts]),
                   certification=join([p.certification for p in parts]),
                   output=join([p.output for p in parts]), labs=join([p.labs for p in parts]),
                   u_gdp=np.concatenate([p.u_gdp for p in parts]),
                   noise=LazyNormals.join([p.noise for p in parts], axis=1))


def _writeable(arr: np.ndarray | None) -> bool:
    return arr is not None and arr.flags.writeable


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
    # an indicator the history does not observe after the origin is None, not NaN arrays
    # that every model would scan year by year (the same paths either way)
    observed: dict[str, Any] = dict.fromkeys(OBSERVED_INDICATORS)
    if anchors.later:
        observed.update({k: v for k, v in anchors.observed(
            years, shocks.noise.values()).items() if k in anchors.later})
    # results derived from the shocks are kept only for shocks nobody can change (the
    # memo's, read-only): hand-made shocks may be edited between runs
    kept = None if shocks.u.flags.writeable else shocks.derived
    p = sample_parameters(scenario, shocks.u, anchors.uncertainties, kept)
    levers = LeverInputs.build(scenario, years, p, shocks.u, anchors)
    wanted = STRUCTURAL_INDICATORS if indicators is None else tuple(indicators)
    needs = frozenset().union(*(_NEEDS[k] for k in wanted))
    out: dict[str, np.ndarray] = {}
    rd = (_rd(levers, shocks.rd, _spend_gdp(p, anchors, shocks.u_gdp), observed, anchors,
              None if kept is None or _writeable(shocks.rd.lumps) else kept)
          if "rd" in needs else {})
    out.update({k: rd[k] for k in ("rd_intensity", "rd_spend", "gdp") if k in rd})
    if not needs & {"hte", "output"}:  # R&D or labs alone: no cohorts to build
        return _finish(out, wanted, needs, levers, shocks, observed, p)
    inputs = hte_inputs(p, anchors, years.size)
    new_hte = np.zeros((p["gdp_real_growth"].size, years.size))
    if "hte" in needs:
        hte = _hte(levers, shocks.certification, observed["hte_count"], inputs)
        # applications: first-time ones plus every expiring certificate (all assumed to
        # re-apply; the re-certification rate covers not re-applying and failing)
        out.update(hte_count=hte.stock, hte_applications=hte.applications + hte.expiring)
        new_hte = hte.first_time
    if "output" in needs:
        if "output" in anchors.status_quo.estimated:  # the planned change only
            new_hte = (p["first_time_pass_rate"][:, None] * inputs.scale[:, None]
                       * levers.change("first_time_applications"))
        out.update(_output(levers, shocks.output, new_hte, rd, observed["hightech_share"],
                           anchors))
    return _finish(out, wanted, needs, levers, shocks, observed, p)


def _finish(out: dict[str, np.ndarray], wanted: tuple[str, ...], needs: frozenset[str],
            levers: LeverInputs, shocks: StructuralShocks, observed: dict[str, Any],
            p: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Add the labs if needed; return the wanted indicators."""
    if "labs" in needs:
        out["key_labs"] = project_labs(
            LabParams(labs0=np.rint(p["key_labs_2023"]), success=p["key_lab_success"],
                      attrition=p["key_lab_attrition"]),
            attempts=levers.delivered("new_key_labs"), shocks=shocks.labs,
            observed=observed["key_labs"])
    return {k: out[k] for k in wanted}


def _output(levers: LeverInputs, shocks: OutputShocks, new_hte: np.ndarray,
            rd: dict[str, np.ndarray], observed: np.ndarray | None,
            anchors: Anchors) -> dict[str, np.ndarray]:
    p = levers.p
    share0 = p["hightech_share_2023"]
    total0 = p["industrial_output_2023"]
    if not anchors.home:  # industry in proportion to the region's GDP
        gdp0 = rd["gdp"][:, 0] / (1.0 + rd["gdp_growth"][:, 0])
        total0 = total0 * gdp0 / _REF_GDP
    scale = np.ones_like(total0) if anchors.home else total0 / _REF_INDUSTRY
    if "output" in anchors.status_quo.estimated:  # the trend holds the status quo
        projects = levers.change("hightech_projects")
    else:
        projects = levers.delivered("hightech_projects")
    arrival = levers.arrival_factor()
    projects = projects * arrival * scale[:, None]
    # the share's excess growth is new high-tech capacity coming on stream: in a slowdown
    # it arrives like the projects do (same factor, project_slowdown_sensitivity), so a
    # slower economy is not neutral for the share; a negative excess is left as it is
    excess = p["hightech_relative_growth"]
    excess = np.where(excess > 0, excess * arrival[:, 0], excess)
    output = project_output_share(
        OutputParams(hightech0=share0 * total0, other0=(1.0 - share0) * total0,
                     relative_growth=excess,
                     volatility=p["output_volatility"],
                     output_per_project=p["output_per_project"],
                     ramp_rate=p["project_ramp_rate"],
                     output_per_new_hte=p["output_per_new_hte"]),
        projects=projects, new_hte=new_hte,
        industry_growth=rd["gdp_growth"], shocks=shocks, observed=observed)
    return {"hightech_share": output["hightech_share"],
            "hightech_output": output["hightech_output"]}
