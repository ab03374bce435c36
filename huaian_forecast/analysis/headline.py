"""The planner's assessment: p_reach with its model range, nowcasts and labels, in one call.

:func:`planner_assessment` is what ``huaian-forecast assess`` and the report show: the
scenario projection's :func:`~huaian_forecast.assess` table, joined with the growth
families' view of the same targets (:func:`.model_spread`: ``p_models_min`` /
``p_models_max`` and a ``models_disagree`` flag with a one-line reason) and with the
year-to-date nowcast for the targets of the current year (:func:`.with_nowcast`); the
label then follows ``p_reach`` and that range
(:func:`~huaian_forecast.assessment.progress_label`). A scenario that sets levers is paired
with the registry's status quo simulated with the same seed and paths
(:func:`status_quo_assessment`; the baseline's run where the caller has it): the growth
families extrapolate the status quo, so each gets the scenario's effect in the scenario
model added before the range is read, and a target the scenario hardly moves keeps the
disagreement of its status quo.

:func:`planner_assessments` does the same for several scenarios, computing what does not
depend on the scenario (the year-to-date figures, the growth families' range) once;
:func:`join_model_spread` is its second half, for a caller that starts work on the
assessments before the range is joined (the report's charts read ``p_reach`` alone).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import pandas as pd

from huaian_forecast.analysis.spread import (
    changes_levers,
    is_status_quo,
    model_spread,
    with_model_spread,
)
from huaian_forecast.assessment import Target, assess, check_same_ytd
from huaian_forecast.data import load_ytd
from huaian_forecast.simulation import Projection, SimulationMemo

__all__ = ["check_same_ytd", "join_model_spread", "planner_assessment",
           "planner_assessments", "status_quo_assessment", "year_to_date_table"]


def status_quo_assessment(projection: Projection, targets: pd.DataFrame | Iterable[Target],
                          history: pd.DataFrame, memo: SimulationMemo | None = None, *,
                          indicators: Iterable[str] | None = None) -> pd.DataFrame | None:
    """Assess the registry's status quo paired with a scenario's projection.

    The status quo (:func:`.status_quo_of`: every lever at its default, every uncertainty
    as registered) simulated with the projection's seed, paths, years, region, history and
    year-to-date figures (common random numbers), and widened like it where it was
    (``honest_width``): ``p_reach`` minus this table's is the scenario's effect in the
    scenario model. None for a scenario that sets no lever or a trend projection (no
    levers). The year-to-date nowcast is not joined (it is the same in every scenario).
    ``indicators``: simulate only these (those with a growth-family range to shift; the
    paths of each are the same whatever else is simulated); None: every target's.
    """
    from huaian_forecast.analysis.spread import status_quo_of
    from huaian_forecast.scenarios import Scenario
    from huaian_forecast.simulation import simulate

    manifest = projection.manifest
    if manifest.get("method") == "trend" or not changes_levers(projection):
        return None
    spec = manifest.get("scenario", {})
    scenario = status_quo_of(Scenario(name=str(spec.get("name", projection.scenario))))
    items = targets if isinstance(targets, pd.DataFrame) else list(targets)
    wanted = {str(k) for k in (items["indicator"] if isinstance(items, pd.DataFrame)
                               else (t.indicator for t in items))} & set(projection.arrays)
    if indicators is not None:
        wanted &= set(indicators)
        if not wanted:  # no range to shift
            return None
    paths = simulate(scenario, n_paths=projection.n_paths, seed=manifest["seed"],
                     start_year=manifest.get("start_year"), end_year=manifest["end_year"],
                     history=history, region=projection.region,
                     ytd=projection.year_to_date, memo=memo,
                     indicators=wanted or None)
    widened = manifest.get("honest_width")
    if widened:  # the same widening, or the widening would count as the scenario's effect
        from huaian_forecast.analysis.calibration import widen_projection

        paths = widen_projection(paths, {k: {int(h): float(f) for h, f in v.items()}
                                         for k, v in widened.items()})
    return assess(paths, items, year_to_date=False)


def planner_assessment(projection: Projection, targets: pd.DataFrame | Iterable[Target], *,
                       history: pd.DataFrame, spread: pd.DataFrame | None = None,
                       ytd: pd.DataFrame | str | Path | None = None, use_ytd: bool = True,
                       with_spread: bool = True, n_paths: int = 4_000, seed: int | None = 0,
                       region: str | None = None,
                       memo: SimulationMemo | None = None) -> pd.DataFrame:
    """Assess a projection the way a planner reads it (see module docstring).

    Parameters
    ----------
    projection : Projection
        The scenario's paths.
    targets : DataFrame or iterable of Target
        The targets.
    history : pandas.DataFrame
        The history the projection was simulated from (the growth families are fitted to
        it).
    spread : pandas.DataFrame, optional
        A :func:`.model_spread` table already computed for these targets (it does not
        depend on the scenario, so a report of several scenarios computes it once).
    ytd : DataFrame, str or Path, optional
        Year-to-date figures (default: the ones the projection was simulated with,
        ``Projection.year_to_date``, else the bundled 2024 ones). Others than the
        simulation's (``simulate(ytd=...)`` or ``RunSpec(ytd=...)``, which set its first
        year's delivery) are used with a warning: one source per run is the rule.
    use_ytd : bool
        Join the nowcast (default). False: the simulation's probabilities only, as
        ``assess(year_to_date=False)``; ``--no-ytd`` also simulates without figures
        (:func:`~huaian_forecast.data.empty_ytd`).
    with_spread : bool
        Join the model spread (default).
    n_paths, seed, region, memo
        Passed to :func:`.model_spread` (``region``: default the projection's).

    Returns
    -------
    pandas.DataFrame
        The :func:`~huaian_forecast.assess` columns plus ``p_trend``, ``families``,
        ``p_models_min``, ``p_models_max``, ``models_disagree``, ``disagreement``,
        ``p_before_ytd`` and ``p_source`` (``"simulation"`` or ``"nowcast"``). A plan
        scenario's table whose range carries its effect names the paired status-quo run
        in ``attrs["status_quo_run"]`` (``"status quo (paired with <plan>)"``).

    Raises
    ------
    DataError
        For a year-to-date file that cannot be read (naming file, row and column).

    Warns
    -----
    DataWarning
        If the projection's manifest records other year-to-date figures than these (its
        ``ytd_hash``): the nowcast reads these, its first-year delivery its own.
    """
    items = targets if isinstance(targets, pd.DataFrame) else list(targets)
    region = projection.region if region is None else region
    figures = year_to_date_table(ytd, use_ytd=use_ytd, projection=projection)
    if use_ytd:  # the simulation only (use_ytd false) is the simulation's, as in assess
        check_same_ytd(projection, figures, region=region)
    table = assess(projection, items, year_to_date=False if figures is None else figures)
    if with_spread:
        if spread is None:
            spread = model_spread(history, items, region=region, n_paths=n_paths, seed=seed,
                                  memo=memo)
        trend = projection.manifest.get("method") == "trend"
        paired = status_quo_assessment(projection, items, history, memo,
                                       indicators=_ranged(spread))
        table = _naming_the_paired_run(
            with_model_spread(table, spread, levers_changed=_moves_levers(projection),
                              status_quo=paired,
                              model="trend ensemble" if trend else "scenario model"),
            projection, _run_name(paired))
    return table


def planner_assessments(projections: Sequence[Projection], targets: pd.DataFrame, *,
                        history: pd.DataFrame, spread: pd.DataFrame | None = None,
                        with_spread: bool = True, memo: SimulationMemo | None = None,
                        ytd: pd.DataFrame | str | Path | None = None,
                        use_ytd: bool = True) -> dict[str, pd.DataFrame]:
    """:func:`planner_assessment` of each projection, keyed by scenario name.

    The year-to-date figures (``ytd``, default the bundled ones; none when ``use_ytd`` is
    false, as in :func:`planner_assessment`) are read once, before any assessment, and
    must be those the projections were simulated with; the growth families' range (which
    does not depend on the scenario) is computed once by :func:`join_model_spread`,
    unless ``spread`` is given or ``with_spread`` is false.
    """
    # read once for every scenario (None: each projection's own figures)
    figures = None if ytd is None else year_to_date_table(ytd, use_ytd=use_ytd)
    assessed = {p.scenario: planner_assessment(
        p, targets, history=history, ytd=figures,
        use_ytd=use_ytd and (ytd is None or figures is not None), with_spread=False)
        for p in projections}
    if not with_spread:
        return assessed
    return join_model_spread(assessed, projections, targets, history, spread=spread,
                             memo=memo)


def join_model_spread(assessments: Mapping[str, pd.DataFrame],
                      projections: Sequence[Projection], targets: pd.DataFrame,
                      history: pd.DataFrame, *, spread: pd.DataFrame | None = None,
                      memo: SimulationMemo | None = None) -> dict[str, pd.DataFrame]:
    """Join the growth families' range (:func:`.model_spread`) to each scenario's table.

    One table per projection that has one in ``assessments``, keyed by its scenario
    (tables of other scenarios are left out). The range is computed once for
    all scenarios (unless ``spread`` is given), from the first projection's seed and
    region and with at most 4,000 paths. A scenario that sets levers gets it with its
    effect added (:func:`status_quo_assessment`, :func:`.with_model_spread`; a baseline
    projection of the same run among ``projections`` is the paired run). Such a table's
    ``attrs["status_quo_run"]`` names the paired run, as its provenance: that baseline's
    scenario, or the status quo simulated for it (``"status quo (paired with <plan>)"``,
    same seed and paths, not among ``projections``).
    """
    if spread is None:
        first = projections[0]
        seed = first.manifest.get("seed")
        spread = model_spread(history, targets, n_paths=min(first.n_paths, 4_000),
                              seed=seed if isinstance(seed, int) else 0,
                              region=first.region, memo=memo)
    ranged = _ranged(spread)

    def status_quo(p: Projection) -> tuple[pd.DataFrame | None, str | None]:
        if not changes_levers(p):
            return None, None
        for q in projections:  # a status-quo run of the same inputs is the paired run
            if q.scenario in assessments and _same_run(p, q):
                return assessments[q.scenario], q.scenario
        table = status_quo_assessment(p, targets, history, memo, indicators=ranged)
        return table, _run_name(table)

    out = {}
    for p in projections:
        if p.scenario not in assessments:
            continue
        paired, name = status_quo(p)
        out[p.scenario] = _naming_the_paired_run(
            with_model_spread(assessments[p.scenario], spread,
                              levers_changed=_moves_levers(p), status_quo=paired), p, name)
    return out


def _run_name(table: pd.DataFrame | None) -> str | None:
    """Return the scenario a :func:`status_quo_assessment` table assessed (None: no table)."""
    names = [] if table is None else table.attrs.get("provenance", {}).get("scenarios", [])
    return str(names[0]) if names else None


def _naming_the_paired_run(table: pd.DataFrame, projection: Projection,
                           name: str | None) -> pd.DataFrame:
    """Record in ``attrs["status_quo_run"]`` the paired run a plan's range reads."""
    if name is not None and _moves_levers(projection):
        table.attrs = {**table.attrs, "status_quo_run": name}
    return table


def _moves_levers(projection: Projection) -> bool:
    """Whether a projection's paths carry its scenario's levers (its range then shifts).

    A trend projection's paths ignore the levers: its range is the status quo's, as is.
    """
    return changes_levers(projection) and projection.manifest.get("method") != "trend"


def _ranged(spread: pd.DataFrame) -> set[str]:
    """Return the indicators a growth family covers in ``spread`` (their range can shift)."""
    if "p_family_min" not in spread:
        return set(spread["indicator"].astype(str))
    return set(spread.loc[spread["p_family_min"].notna(), "indicator"].astype(str))


def _same_run(plan: Projection, other: Projection) -> bool:
    """Whether ``other`` is the status quo :func:`status_quo_assessment` would simulate.

    The registry's status quo (no lever moved, no uncertainty set) of the same run: seed,
    paths, years, region, method, data, year-to-date figures and widening.
    """
    keys = ("seed", "n_paths", "start_year", "end_year", "region", "method", "data_hash",
            "ytd_hash", "honest_width")
    a, b = plan.manifest, other.manifest
    return all(a.get(k) == b.get(k) for k in keys) and is_status_quo(other)


def year_to_date_table(ytd: pd.DataFrame | str | Path | None = None, *,
                       use_ytd: bool = True,
                       projection: Projection | None = None) -> pd.DataFrame | None:
    """Return the year-to-date table of a run, read once: None when ``use_ytd`` is false.

    ``ytd`` is a table (returned as is), a file (:func:`~huaian_forecast.load_ytd`) or None:
    the figures ``projection`` was simulated with (``Projection.year_to_date``) when it
    records them, else the bundled 2024 figures. A table without rows means none too.
    """
    if not use_ytd:
        return None
    if ytd is None and projection is not None and projection.year_to_date is not None:
        table = projection.year_to_date
    else:
        table = ytd if isinstance(ytd, pd.DataFrame) else load_ytd(ytd)
    return table if len(table) else None
