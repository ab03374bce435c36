"""Monte Carlo simulation of the indicators: ``simulate() -> Projection``."""

from __future__ import annotations

import logging
from collections.abc import Collection
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, get_args

import numpy as np
import pandas as pd

from huaian_forecast.data import HOME_REGION, data_hash, load_history, package_versions
from huaian_forecast.exceptions import ArgumentError
from huaian_forecast.indicators import get_indicator, resolve_indicator
from huaian_forecast.scenarios import UNCERTAINTIES, Scenario, load_scenario
from huaian_forecast.simulation._blocks import BLOCK_PATHS, block_layout, project_blocks
from huaian_forecast.simulation._memory import check_fits
from huaian_forecast.simulation._threads import check_workers, resolve_workers, thread_pool
from huaian_forecast.simulation._trends import MODELLED_INDICATORS, extrapolated, trend_paths
from huaian_forecast.simulation.bounds import RATIO_CEILINGS, bound_by_gdp, count_ceilings
from huaian_forecast.simulation.memo import SimulationMemo
from huaian_forecast.simulation.projection import Projection
from huaian_forecast.simulation.settings import (
    DEFAULT_RUN,
    DEFAULT_START_YEAR,
    MAX_END_YEAR,
    RunSpec,
    check_ytd,
)
from huaian_forecast.structural import (
    STRUCTURAL_INDICATORS,
    Anchors,
    sub_models_for,
)

if TYPE_CHECKING:
    pass

__all__ = ["MODELLED_INDICATORS", "Method", "Projection", "simulate", "simulated_indicators"]

logger = logging.getLogger(__name__)


Method = Literal["structural", "trend"]

#: The structural models always run at least to this year, so that the draws (and hence
#: the paths of earlier years) do not depend on ``end_year``.
_HORIZON = 2035

_STRUCTURAL_NOTES: tuple[str, ...] = (
    "anchors: the origin-year levels (keys named *_2023 after the registry's year) come "
    "from the history's rows where it has them (manifest 'anchors' gives the row, the "
    "inference or 'assumption' for each); the origin is the region's last year with data",
    "above-scale industrial output is an ASSUMPTION (industrial_output_2023, scaled by GDP "
    "outside Huai'an); it sets the scale of project output relative to industry",
    "lever effects and most rates are assumptions: see hf.LEVERS / hf.UNCERTAINTIES "
    "(assumption=True rows give the reason)",
    "plans vs delivery: a scenario's levers are plans; a delivery share of each planned "
    "change over the status quo happens (delivery_* uncertainties), and plans the work "
    "report allows to read two ways carry both readings (plan_reapplication_share, "
    "major_project_plan_reading)",
    "money scales with the economy: major-project R&D, rewards and project output are in "
    "origin-year yuan grown with nominal GDP / industry; major-project R&D arrives in lumps, "
    "fewer in a slowdown, and fades",
)


def _uncertainty_spec(scen: Scenario, anchors: Anchors) -> dict[str, dict[str, Any]]:
    """Effective distribution of every uncertainty (overrides and history anchors applied)."""
    out = {}
    for key in UNCERTAINTIES:
        unc = scen.uncertainty(key)
        if key in anchors.uncertainties and key not in scen.uncertainties:
            unc = anchors.uncertainties[key]
        if key in anchors.first_year_delivery:
            first = anchors.first_year_delivery[key]
            out[f"{key} ({anchors.origin + 1})"] = {
                "distribution": first.distribution, "low": first.low,
                "default": first.default, "high": first.high, "sd": first.sd,
                "unit": first.unit, "assumption": first.assumption, "source": first.source}
        out[key] = {"distribution": unc.distribution, "low": unc.low,
                    "default": unc.default, "high": unc.high, "sd": unc.sd, "unit": unc.unit,
                    "assumption": unc.assumption, "source": unc.source}
    return out


def _anchor_sources(scen: Scenario, anchors: Anchors) -> dict[str, str]:
    """Where each anchor came from: the data row, a derivation, the registry or the scenario."""
    return {k: (f"scenario override ({scen.origin})" if k in scen.uncertainties else v)
            for k, v in anchors.sources.items()}


def _structural_notes(scen: Scenario, anchors: Anchors) -> list[str]:
    notes = list(_STRUCTURAL_NOTES)
    t = anchors.origin
    notes.append(f"origin {t} ({anchors.region}): the models start in {t + 1}")
    if anchors.gdp is None:
        notes.append(f"GDP {t} is DERIVED per path as rd_spend_2023 / rd_intensity_2023 "
                     f"(no GDP point for {t} in the history)")
    else:
        spend = ("rd_intensity_2023 x GDP" if anchors.spend_from_intensity
                 else "rd_spend_2023")
        notes.append(f"GDP {t} from the history ({anchors.gdp.source}); R&D spend {t} "
                     f"= {spend}")
    if "hte_cohort_growth" in anchors.uncertainties:
        notes.append(f"HTE cohorts {t - 2}-{t} split the {t} stock at the cohort growth "
                     f"ESTIMATED from the stock series ({anchors.sources['hte_cohort_growth']})")
    else:
        notes.append(f"HTE cohorts {t - 2}-{t} reconstructed to sum to the {t} valid stock, "
                     "assuming geometric cohort growth (hte_cohort_growth, an assumption)")
    labs = anchors.uncertainties.get("key_labs_2023", UNCERTAINTIES["key_labs_2023"])
    if (anchors.home and t == 2023 and labs.default == 6.0
            and "key_labs_2023" not in scen.uncertainties):  # the report's reading, not 11
        notes.append("key labs 2023 counted as 6, the report's provincial key labs "
                     "(建有省重点实验室6个): the 2 national and 3 provincial-ministerial labs it "
                     "says were newly introduced are not counted, as the 2025 target of 6 "
                     "implies; counted (11), the 2030 and 2035 targets become much likelier "
                     "(set key_labs_2023 in a scenario's [uncertainties] to see by how much)")
    if not anchors.home:
        notes.append(f"levers are in {HOME_REGION}'s units: for {anchors.region} a lever's "
                     "change from its status quo is scaled by the region's size (R&D "
                     "spend, status-quo applications, industrial output); GDP growth "
                     f"priors are {HOME_REGION}'s")
    notes.extend(f"{key} in {t + 1} from year-to-date figures: {unc.source}; {unc.reason}"
                 for key, unc in anchors.first_year_delivery.items())
    notes.extend(anchors.notes)
    overridden = sorted(set(anchors.uncertainties) & set(scen.uncertainties))
    if overridden:
        notes.append(f"the scenario overrides the history's anchors {', '.join(overridden)}")
    return notes


def simulated_indicators(method: Method = "structural") -> tuple[str, ...]:
    """Return the indicators :func:`simulate` can produce with ``method``.

    Examples
    --------
    >>> "hte_count" in simulated_indicators()
    True
    """
    if method == "trend":
        return MODELLED_INDICATORS
    return (*STRUCTURAL_INDICATORS, "tech_contracts")


def _wanted(indicators: Collection[str] | None, method: Method) -> frozenset[str]:
    """Return the indicators to simulate, checked against what ``method`` produces."""
    known = simulated_indicators(method)
    if indicators is None:
        return frozenset(known)
    keys = {get_indicator(k).key if resolve_indicator(k) else k for k in indicators}
    unknown = sorted(keys - set(known))
    if unknown:
        raise ArgumentError(f"method {method!r} cannot simulate {unknown}; it simulates "
                            f"{sorted(known)}")
    return frozenset(keys)


def _check_args(method: str, n_paths: int, chunk_size: int, workers: int | None) -> None:
    check_workers(workers)
    if method not in get_args(Method):
        raise ArgumentError(f"method must be one of {list(get_args(Method))}, got {method!r}")
    if n_paths < 1 or chunk_size < 1:
        raise ArgumentError(f"n_paths and chunk_size must be positive, got {n_paths}, "
                            f"{chunk_size}")


def _check_years(start_year: int, end_year: int, origin: int | None) -> None:
    if origin is not None and start_year <= origin:
        raise ArgumentError(f"the structural models start after {origin} (the origin: the "
                            f"region's last year with data); got start_year {start_year} "
                            "(use method='trend')")
    if end_year < start_year:
        raise ArgumentError(f"end_year ({end_year}) is before start_year ({start_year})")
    if end_year > MAX_END_YEAR:
        raise ArgumentError(f"end_year ({end_year}) is after {MAX_END_YEAR}, the last year a "
                            "projection may reach")


def simulate(scenario: Scenario | str | Path = "baseline", *,
             n_paths: int = DEFAULT_RUN.n_paths, seed: int | None = DEFAULT_RUN.seed,
             start_year: int | None = None, end_year: int = DEFAULT_RUN.end_year,
             history: pd.DataFrame | None = None, region: str = HOME_REGION,
             method: Method = "structural", chunk_size: int = BLOCK_PATHS,
             indicators: Collection[str] | None = None, run: RunSpec | None = None,
             memo: SimulationMemo | None = None,
             ytd: pd.DataFrame | None = None, workers: int | None = None) -> Projection:
    """Simulate the indicators of a scenario from ``start_year`` to ``end_year``.

    Parameters
    ----------
    scenario : Scenario, str or pathlib.Path
        A :class:`~huaian_forecast.scenarios.Scenario`, a built-in name (see
        :func:`~huaian_forecast.scenarios.list_scenarios`) or a TOML file path.
    n_paths : int
        Number of Monte Carlo paths.
    seed : int or None
        Seed of the random generator; recorded in the manifest (the drawn entropy when
        None). The paths are drawn in blocks of :data:`BLOCK_PATHS`, each from its own
        child seed sequence: path ``i`` depends on the seed and on its block (the last
        block's size depends on ``n_paths``), and on ``end_year`` when it is after 2035;
        never on ``chunk_size``, on how paths are split between processes, or on lever
        values: scenarios simulated with the same seed share the draws (common random
        numbers).
    start_year : int, optional
        First reported calendar year. Structural method: default (and earliest) the year
        after the origin, the last year in which ``history`` has data for ``region``
        (2023 for Huai'an and the bundled data); trend method: default 2024.
    end_year : int
        Last reported calendar year (inclusive). The structural models always run from
        the year after the origin to at least 2035 and report ``start_year`` ..
        ``end_year``, so a shorter horizon shows the same paths.
    history : pandas.DataFrame, optional
        Observation table (default: the bundled data), e.g. the planner's own file read by
        :func:`~huaian_forecast.load_history`, or the bundled data cut at a year for a
        backtest. The structural models take their origin-year anchors from it
        (``rd_spend``, ``rd_intensity``, ``gdp``, ``hte_count``, ``hightech_share``,
        ``key_labs``; exact values fixed, approx ones with their noise, bounds truncating;
        an anchor without a point in the origin year is inferred from the nearest earlier
        points with its uncertainty; the Huai'an registry only where the history has
        nothing) and the region's status-quo trends where it has enough points (see
        :mod:`huaian_forecast.structural.anchors` and
        :mod:`huaian_forecast.structural.status_quo`); the manifest's ``anchors``,
        ``origin`` and ``status_quo_from_data`` say where each came from, and
        ``carried_forward`` lists the anchors whose origin level is one earlier point
        carried forward with no growth. The trend fits use it all.
    region : str
        Region simulated: Huai'an, Jiangsu or any region whose history has the series the
        requested indicators need (a :class:`~huaian_forecast.DataError` names a missing
        one). Levers are in Huai'an's units: elsewhere a lever's change from the status
        quo is scaled by the region's size, and the status quo is the region's own trend.
    method : {"structural", "trend"}
        ``structural``: the lever-driven models of :mod:`huaian_forecast.structural`
        (``tech_contracts`` from the trend fit); ``trend``: growth fits only, levers
        ignored, to show model uncertainty side by side.
    chunk_size : int
        Paths simulated at once (rounded down to whole blocks of :data:`BLOCK_PATHS`, at
        least one); bounds the working memory for very large ``n_paths``. The numbers do
        not depend on it. The default, one block, keeps a chunk's arrays in cache.
    ytd : pandas.DataFrame, optional
        Year-to-date figures (:func:`~huaian_forecast.load_ytd`) of the first simulated
        year; they set that year's delivery of the plans they measure (see
        :mod:`huaian_forecast.structural.delivery`). Default: the bundled
        ``ytd_2024.csv`` for Huai'an, nothing elsewhere; an empty table
        (:func:`~huaian_forecast.data.empty_ytd`): none, the delivery keeps its prior.
        Assess the projection with the same table (the manifest's ``ytd_source``,
        ``ytd_hash`` and ``ytd_as_of`` say which it was; the trend method uses none).
    indicators : collection of str, optional
        Simulate only these (default: all). Sub-models nobody needs are skipped, which
        is what makes sweeps over one target fast; the draws are the same whatever is
        asked for, so an indicator's paths do not depend on this choice.
    run : RunSpec, optional
        Run settings as one object: when given, its ``n_paths``, ``seed`` and ``end_year``
        replace the keyword arguments, its ``history`` (with its ``data_digest``) replaces
        ``history`` when set, and its ``memo`` and ``ytd`` replace ``memo`` and ``ytd``
        when set.
    memo : SimulationMemo, optional
        Fits, anchors and draws shared with other runs of the same history (a sweep's, or
        the lever explorer's); the numbers are the same with or without it (default: a
        fresh one for this run).
    workers : int, optional
        Threads projecting blocks of paths at once (numpy releases the GIL in its
        arithmetic and draws). None (default): the cores available, at most 4, for runs
        of at least 4 blocks (from 49,153 paths), else one (a small run starts no thread);
        1: one after the other. The numbers never depend on it: every block draws from its
        own seed sequence and writes its own rows. The manifest records the threads used.

    Returns
    -------
    Projection
        Paths of ``rd_intensity``, ``rd_spend``, ``gdp``, ``hte_count``,
        ``hte_applications`` (first-time applications plus expiring certificates, all
        assumed to re-apply), ``hightech_share``, ``hightech_output``, ``key_labs``,
        ``tech_contracts`` (structural) or of :data:`MODELLED_INDICATORS` that can be
        fitted (trend).

    Raises
    ------
    ScenarioError
        For an unknown scenario or an invalid scenario file.
    ArgumentError
        For bad arguments, or a request whose arrays cannot fit in the memory available
        (checked before anything is allocated; the message says how many paths fit).
    DataError
        For a region lacking a series the requested indicators need.

    Examples
    --------
    >>> proj = simulate("plan_2024", n_paths=200, seed=1, end_year=2030)
    >>> proj.paths("hte_count").shape
    (200, 7)
    """
    digest, figures = None, None
    if run is not None:
        n_paths, seed, end_year = run.n_paths, run.seed, run.end_year
        if run.history is not None:
            history, digest = run.history, run.data_digest
        memo = run.memo if run.memo is not None else memo
        ytd = run.ytd if run.ytd is not None else ytd
    check_ytd(ytd)
    memo = SimulationMemo() if memo is None else memo
    scen = load_scenario(scenario)
    _check_args(method, n_paths, chunk_size, workers)
    history = load_history() if history is None else history
    root = np.random.SeedSequence(seed)
    struct_stream, trend_stream = root.spawn(2)
    notes: list[str] = []
    digest = data_hash(history) if digest is None else digest
    manifest_extra: dict[str, Any] = {}
    wanted = _wanted(indicators, method)
    keep = wanted
    if wanted & set(RATIO_CEILINGS):  # bounded as a ratio to GDP: GDP is needed
        wanted = wanted | {"gdp"}
    if method == "trend":
        start_year = DEFAULT_START_YEAR if start_year is None else start_year
        _check_years(start_year, end_year, None)
        years = np.arange(start_year, end_year + 1)
        check_fits(n_paths, years.size, len(wanted), chunk_size)  # before allocating
        threads = resolve_workers(workers, block_layout(n_paths)[0])
        with thread_pool(threads) as pool:
            values = trend_paths(tuple(k for k in MODELLED_INDICATORS if k in wanted), history,
                            region, years, n_paths, trend_stream, notes, digest, memo, pool)
        values = bound_by_gdp(values, keep, in_place=True)  # our own arrays
        notes.append("trend method: growth fits only; the scenario's levers are ignored")
    else:
        structural = tuple(k for k in STRUCTURAL_INDICATORS if k in wanted)
        subs = sub_models_for(structural) or None
        anchors = memo.anchors(history, region, digest, subs,
                               bundled_ytd=ytd is None and region == HOME_REGION)
        if ytd is not None:
            anchors = anchors.with_ytd(ytd)
        start_year = anchors.origin + 1 if start_year is None else start_year
        _check_years(start_year, end_year, anchors.origin)
        years = np.arange(start_year, end_year + 1)
        full = np.arange(anchors.origin + 1, max(end_year, _HORIZON, anchors.origin + 1) + 1)
        threads = resolve_workers(workers, *block_layout(n_paths, chunk_size))
        check_fits(n_paths, full.size, len(wanted),  # before allocating; chunks at once
                   threads * max(chunk_size, BLOCK_PATHS))
        with thread_pool(threads) as pool:
            values = project_blocks(scen, full, n_paths, struct_stream, anchors, chunk_size,
                                 structural, memo, pool)
            trend = trend_paths(tuple(k for k in ("tech_contracts",) if k in wanted), history,
                           region, full, n_paths, trend_stream, notes, digest, memo, pool)
            if trend and "gdp" in values:  # the structural ones were bounded chunk by chunk
                trend = bound_by_gdp({**trend, "gdp": values["gdp"]}, trend, in_place=True,
                                     pool=pool)  # our own arrays, in blocks of rows
        values.update(trend)
        values = {k: v[:, start_year - full[0]:end_year - full[0] + 1]
                  for k, v in values.items() if k in keep}
        notes.extend(_structural_notes(scen, anchors))
        # the run's table itself (the memo's bundled one is shared by its runs: not edited)
        figures = memo.bundled_ytd() if ytd is None and region == HOME_REGION else ytd
        manifest_extra = {"uncertainties": _uncertainty_spec(scen, anchors),
                          "anchors": _anchor_sources(scen, anchors),
                          "carried_forward": [k for k in anchors.carried_forward
                                              if k not in scen.uncertainties],
                          "origin": anchors.origin,
                          "status_quo_from_data": sorted(anchors.status_quo.estimated),
                          **memo.ytd_record(figures, region)}
    held = {k: (c, int((values[k] >= c).any(axis=1).sum()))
            for k, c in count_ceilings(values).items()}
    notes.extend(f"{k}: held at most {c:,.0f} on {n:,} paths (the indicator's valid range)"
                 for k, (c, n) in held.items() if n)
    notes.extend(f"{k}: bounded below {r.ceiling:.0%} of GDP per path ({r.reason})"
                 for k, r in RATIO_CEILINGS.items() if k in values)
    manifest = {
        "seed": seed if seed is not None else root.entropy, "n_paths": n_paths,
        "scenario": scen.to_dict(), "method": method, "chunk_size": chunk_size,
        "workers": threads,
        "start_year": start_year, "end_year": end_year, "region": region,
        "data_hash": digest, "data_source": history.attrs.get("source", ""),
        "versions": package_versions(),
        "model": ("structural (lever-driven cohort / ratio / share / count models)"
                  if method == "structural" else "trend (growth fits)"),
        "notes": notes, **manifest_extra,
        "extrapolated": extrapolated(
            [k for k in values if k in MODELLED_INDICATORS and (
                method == "trend" or k not in STRUCTURAL_INDICATORS)],
            history, region, digest, memo),
    }
    logger.debug("simulated scenario %r: %d paths, %d-%d, %s method, %d indicators",
                 scen.name, n_paths, start_year, end_year, method, len(values))
    return Projection(years=years, arrays=values, scenario=scen.name, manifest=manifest,
                      last_observed=memo.last_observed(history, region, digest),
                      observed=memo.observed_points(history, region, digest),
                      year_to_date=figures)
