"""How much the answer depends on the model: P(reach) under every growth family.

Short series make model choice decide the answer (on one 11-point R&D-intensity series,
six reasonable methods gave P(>= 3 % in 2035) anywhere from 0 to 1). The scenario
projection is one answer; :func:`model_spread` puts beside it the trend ensemble and each
admissible growth family fitted to the same history, so a planner sees the spread instead
of one number.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from huaian_forecast.assessment import (
    OTHER_REGION_NOTE,
    STATUS_QUO_ONLY,
    WITH_LEVERS_EFFECT,
    Target,
    label_table,
    nowcast_rows,
    targets_from_frame,
    targets_hash,
)
from huaian_forecast.data import HOME_REGION, data_hash, result_provenance, with_provenance
from huaian_forecast.exceptions import FitError
from huaian_forecast.simulation import SimulationMemo

if TYPE_CHECKING:
    from huaian_forecast.scenarios import Scenario

__all__ = ["SPREAD_COLUMNS", "STATUS_QUO_ONLY", "WITH_LEVERS_EFFECT", "changes_levers",
           "is_status_quo", "model_spread", "status_quo_of", "with_model_spread"]



def is_status_quo(scenario: object) -> bool:
    """Return whether a scenario (or a projection's) is the registry's status quo.

    No lever moved (:func:`changes_levers`) and no uncertainty set: what
    :func:`status_quo_of` returns, so a run of it can be a plan's paired run.
    """
    from huaian_forecast.scenarios import Scenario

    uncertainties = (scenario.uncertainties if isinstance(scenario, Scenario) else
                     (getattr(scenario, "manifest", {}).get("scenario") or {}).get("uncertainties"))
    return not changes_levers(scenario) and not uncertainties


def status_quo_of(scenario: Scenario) -> Scenario:
    """Return the status quo a scenario is paired with: the registry's, nothing set.

    Every lever at its default and every uncertainty as registered (a scenario's own
    uncertainties, such as a reading of its plan or a slower economy, are part of what it
    says). The growth families extrapolate the history, this status quo; simulated with
    the same seed and paths (common random numbers), the scenario's difference from it is
    its whole effect in the scenario model.

    Examples
    --------
    >>> import huaian_forecast as hf
    >>> paired = status_quo_of(hf.load_scenario("plan_2024"))
    >>> changes_levers(paired), dict(paired.uncertainties)
    (False, {})
    """
    from huaian_forecast.scenarios import Scenario

    return Scenario(name=f"status quo (paired with {scenario.name})",
                    description="the registry's status quo: levers at their defaults, "
                                "uncertainties as registered")


def changes_levers(projection: object) -> bool:
    """Return whether a projection's scenario (or a Scenario) moves any lever.

    The manifest lists every lever's setting (a number or a year schedule); the
    registry's default is the status quo (:data:`~huaian_forecast.scenarios.LEVERS`).
    A :class:`~huaian_forecast.scenarios.Scenario` is read the same way, before any run.

    Examples
    --------
    >>> import huaian_forecast as hf
    >>> [changes_levers(hf.simulate(name, n_paths=20, seed=1, end_year=2025))
    ...  for name in ("baseline", "plan_2024")]
    [False, True]
    >>> changes_levers(hf.load_scenario("plan_2024"))
    True
    """
    from huaian_forecast.scenarios import LEVERS, Scenario

    scenario = (projection.to_dict() if isinstance(projection, Scenario)
                else getattr(projection, "manifest", {}).get("scenario", {}))
    levers = scenario.get("levers", {}) if isinstance(scenario, dict) else {}
    for key, setting in levers.items():
        values = setting.values() if isinstance(setting, dict) else (setting,)
        if key in LEVERS and any(float(v) != float(LEVERS[key].default) for v in values):
            return True
    return False


#: Columns of :func:`model_spread`.
SPREAD_COLUMNS: tuple[str, ...] = (
    "indicator", "year", "threshold", "direction", "p_trend", "p_family_min",
    "p_family_max", "family_min", "family_max", "families", "spread_note",
)


def model_spread(history: pd.DataFrame, targets: pd.DataFrame | Iterable[Target], *,
                 region: str = HOME_REGION, n_paths: int = 4_000,
                 seed: int | None = 0, memo: SimulationMemo | None = None) -> pd.DataFrame:
    """P(reach) of each target under the trend ensemble and each growth family.

    Parameters
    ----------
    history : pandas.DataFrame
        Observation table (as from :func:`~huaian_forecast.load_history`).
    targets : DataFrame or iterable of Target
        Targets to evaluate.
    region : str
        Region whose series are fitted (reference regions inform priors as configured
        in :func:`~huaian_forecast.fit_growth`).
    n_paths : int
        Paths drawn per family.
    seed : int or None
        Seed; every family of an indicator is drawn from the same seed.
    memo : SimulationMemo, optional
        Shares the growth fits with a simulation of the same history (the CLI's
        ``assess`` passes the memo of its ``simulate`` call); None: fitted here.

    Returns
    -------
    pandas.DataFrame
        One row per target, columns :data:`SPREAD_COLUMNS`: ``p_trend`` (ensemble),
        ``p_family_min`` / ``p_family_max`` with the families that give them, and
        ``families`` (``"linear=0.09; loglinear=0.59; ..."``). An indicator that cannot
        be fitted (e.g. one point and no reference series) gets NaN and ``spread_note``.
        ``attrs["provenance"]``: seed, paths, data hash, targets' hash and package
        versions (:func:`~huaian_forecast.data.result_provenance`; no scenario).

    Examples
    --------
    >>> import huaian_forecast as hf
    >>> from huaian_forecast.analysis import model_spread
    >>> t = hf.load_targets().query("indicator == 'hte_count' and year == 2030")
    >>> row = model_spread(hf.load_history(), t, n_paths=500).iloc[0]
    >>> bool(row["p_family_min"] <= row["p_trend"] <= row["p_family_max"])
    True
    """
    items = targets_from_frame(targets) if isinstance(targets, pd.DataFrame) else list(targets)
    rows: list[dict[str, object]] = []
    by_indicator: dict[str, list[tuple[int, Target]]] = {}
    for i, t in enumerate(items):
        if t.is_for(region):
            by_indicator.setdefault(t.indicator, []).append((i, t))
        else:  # another region's target: not a question this region's history answers
            rows.append({"indicator": t.indicator, "year": t.year, "threshold": t.threshold,
                         "direction": t.direction, "_order": i,
                         "spread_note": f"{OTHER_REGION_NOTE}: {t.region}"})
    digest = data_hash(history)
    memo = SimulationMemo() if memo is None else memo
    for indicator, pairs in by_indicator.items():
        got = _indicator_rows(history, indicator, [t for _, t in pairs], region, n_paths,
                              seed, digest, memo)
        rows.extend({**row, "_order": i} for (i, _), row in zip(pairs, got, strict=True))
    table = pd.DataFrame(rows, columns=[*SPREAD_COLUMNS, "_order"])
    out = (table.sort_values("_order", kind="stable").drop(columns="_order")
           .reset_index(drop=True))
    return with_provenance(out, result_provenance(
        seed=seed, n_paths=n_paths, data_hash=digest, targets_hash=targets_hash(items)))


def _indicator_rows(history: pd.DataFrame, indicator: str, group: list[Target], region: str,
                    n_paths: int, seed: int | None, digest: str,
                    memo: SimulationMemo) -> list[dict[str, object]]:
    base = [{"indicator": t.indicator, "year": t.year, "threshold": t.threshold,
             "direction": t.direction} for t in group]
    try:
        fit = memo.fit(history, indicator=indicator, region=region, digest=digest)
    except FitError as exc:
        return [{**b, "spread_note": f"no trend fit: {exc}"} for b in base]
    years = np.array(sorted({t.year for t in group}))
    draws = fit.draw_by_model(years, n_paths=n_paths, seed=seed)
    draws["ensemble"] = fit.draw(years, n_paths=n_paths, seed=seed)
    rows = []
    for b, t in zip(base, group, strict=True):
        col = int(years.searchsorted(t.year))
        probs = {name: float(t.met(paths[:, col]).mean()) for name, paths in draws.items()}
        ensemble = probs.pop("ensemble")
        low = min(probs, key=probs.__getitem__)
        high = max(probs, key=probs.__getitem__)
        rows.append({**b, "p_trend": ensemble, "p_family_min": probs[low],
                     "p_family_max": probs[high], "family_min": low, "family_max": high,
                     "families": "; ".join(f"{k}={v:.2f}" for k, v in probs.items()),
                     "spread_note": ""})
    return rows


#: Columns :func:`with_model_spread` joins from :func:`model_spread` (replaced when the
#: table has them already).
_JOINED = ("p_trend", "p_family_min", "p_family_max", "family_min", "family_max", "families")


def with_model_spread(table: pd.DataFrame, spread: pd.DataFrame, *,
                      levers_changed: bool = False,
                      status_quo: pd.DataFrame | None = None,
                      model: str = "scenario model") -> pd.DataFrame:
    """Join an :func:`~huaian_forecast.assess` table with :func:`model_spread` results.

    Adds ``p_trend`` and ``p_models_min`` / ``p_models_max``: the lowest and highest
    P(reach) among the assessed projection and every growth family; relabels every row
    from ``p_reach`` and that range (:func:`~huaian_forecast.assessment.progress_label`:
    ``"models disagree"`` when the range spans both cut-offs) and adds
    ``models_disagree`` (bool) with ``disagreement``, a one-line reason naming the
    models at both ends. The growth families at both ends stay as columns:
    ``p_family_min`` / ``p_family_max`` and the families giving them, ``family_min`` /
    ``family_max`` (NaN and None where no family range is joined: a nowcast, a row
    without a probability, a plan scenario's row, an indicator no family fits), beside
    ``families``, their display string. Rows keep their order. Joining a table that has
    them already gives the same table (its ``p_trend``, ``families`` and family ends are
    replaced).

    ``levers_changed`` (the scenario sets levers, :func:`changes_levers`): the growth
    families extrapolate the history, the status quo, so a plan scenario's distance from
    them is the plan's effect, not two models disagreeing about one question. With
    ``status_quo`` (the assessment of the registry's status quo simulated with the same
    seed and paths: common random numbers, :func:`status_quo_of`), each growth family's
    probability gets the scenario's effect in the scenario model added,
    ``p_reach - p_reach(status quo)`` (on the probability scale, clipped to [0, 1]: an
    approximation), and the range and label are read as for a status-quo scenario: a
    target the scenario hardly moves keeps its disagreement. ``range_basis`` then says
    :data:`WITH_LEVERS_EFFECT` and ``families`` starts "status quo: ". Without
    ``status_quo`` the range is not joined: a simulated row keeps its label from
    ``p_reach`` alone, ``p_models_min`` / ``p_models_max`` and ``p_trend`` are NaN and
    ``families`` says :data:`STATUS_QUO_ONLY` (a nowcast row keeps its own range).

    ``model`` names the assessed projection's model in ``disagreement`` ("trend
    ensemble" for a ``method="trend"`` projection).

    The result keeps ``table.attrs`` (the assessment's provenance), which the join
    would otherwise drop.
    """
    keys = ["indicator", "year", "threshold", "direction"]
    table = table.drop(columns=[*_JOINED, "range_basis"], errors="ignore")
    extra = spread.reindex(columns=[*keys, *_JOINED])
    shifted = levers_changed and status_quo is not None
    if levers_changed and not shifted:  # "status quo only" where a growth family exists
        extra = extra.assign(
            p_trend=np.nan, p_family_min=np.nan, p_family_max=np.nan,
            families=extra["families"].where(extra["p_family_min"].isna(), STATUS_QUO_ONLY))
    # a target listed twice (say once per region) has one range: the same paths; the
    # row with a range wins (another region's target has none, and no probability either)
    extra = extra.sort_values("p_trend", na_position="last", kind="stable")
    merged = table.merge(extra.drop_duplicates(keys), on=keys, how="left",
                         validate="many_to_one")
    nowcast = pd.Series(nowcast_rows(merged, known=False), index=merged.index)
    merged["range_basis"] = ""
    if shifted:  # each family's status quo plus the levers' effect in the scenario model
        assert status_quo is not None
        merged = _with_levers_effect(merged, status_quo, nowcast)
    candidates = merged[["p_reach", "p_family_min", "p_family_max"]]
    for col, how in (("p_models_min", "min"), ("p_models_max", "max")):
        # no range beside a plan scenario's simulation (unless shifted by its effect); a
        # nowcast keeps its own range
        spread_range = (pd.Series(np.nan, index=merged.index) if levers_changed and not shifted
                        else getattr(candidates, how)(axis=1, skipna=True))
        kept = merged[col] if col in merged else pd.Series(np.nan, index=merged.index)
        merged[col] = kept.where(nowcast, spread_range)
    if "families" in merged and pd.api.types.is_float_dtype(merged["families"]):
        # no growth family at all: an all-NaN float column cannot take the "" below
        merged["families"] = merged["families"].astype(object)
    merged.loc[nowcast, ["p_trend", "families"]] = [np.nan, ""]
    # no probability (an observed year, a year or indicator not simulated): no range either
    unsimulated = merged["p_reach"].isna() & ~nowcast
    merged.loc[unsimulated, ["p_trend", "p_models_min", "p_models_max"]] = np.nan
    merged.loc[unsimulated, "families"] = ""
    merged = label_table(merged)
    flags = merged["label"] == "models disagree"
    reasons = merged["disagreement"] if "disagreement" in merged else pd.Series(
        "", index=merged.index)
    merged["disagreement"] = [
        str(old) if now else (_reason(r, model) if flag else "")
        for now, flag, old, r in zip(nowcast, flags, reasons.fillna(""),
                                     merged.to_dict("records"), strict=True)]
    merged["models_disagree"] = flags
    # the growth families' ends only where their range is joined (not beside a nowcast,
    # an unsimulated row or a plan scenario's simulation)
    no_range = nowcast | unsimulated | merged["p_family_min"].isna()
    merged.loc[no_range, ["p_family_min", "p_family_max"]] = np.nan
    for col in ("family_min", "family_max"):
        merged[col] = merged[col].astype(object).where(~no_range, None)
    merged.attrs = copy.deepcopy(table.attrs)  # pandas drops attrs in merge
    return merged




def _with_levers_effect(merged: pd.DataFrame, status_quo: pd.DataFrame,
                        nowcast: pd.Series) -> pd.DataFrame:
    """Add each row's effect of the scenario (in the scenario model) to its growth families.

    The effect is ``p_reach - p_reach`` of the same target in ``status_quo`` (matched on
    indicator, year, threshold, direction and region where both tables have it); rows
    without one (a nowcast, no such target) get no family range. Each tier is shifted by
    its own effect, which can break the tiers' order; so afterwards a stretch goal's ends
    (``p_trend``, ``p_family_min``, ``p_family_max``) are lowered to its floor's where
    they exceed them (:func:`_in_tier_order`): the stretch is the harder goal for
    ``at_least`` and ``at_most`` alike, so its lower end is at most the floor's lower end
    and its upper end at most the floor's upper end.
    """
    keys = [k for k in ("indicator", "year", "threshold", "direction", "region", "tier")
            if k in merged and k in status_quo]
    base = status_quo[[*keys, "p_reach"]].drop_duplicates(keys).rename(
        columns={"p_reach": "_p_status_quo"})
    effect = (merged["p_reach"] - merged[keys].merge(base, on=keys, how="left")[
        "_p_status_quo"].to_numpy()).where(~nowcast)
    for col in ("p_trend", "p_family_min", "p_family_max"):
        merged[col] = (merged[col] + effect).clip(0.0, 1.0)  # NaN without an effect
    has = merged["p_family_min"].notna()
    merged.loc[has, "families"] = "status quo: " + merged.loc[has, "families"].astype(str)
    merged.loc[~has & ~nowcast & merged["families"].notna()
               & (merged["families"].astype(str) != ""), "families"] = STATUS_QUO_ONLY
    merged.loc[has, "range_basis"] = WITH_LEVERS_EFFECT
    return _in_tier_order(merged)


def _in_tier_order(merged: pd.DataFrame) -> pd.DataFrame:
    """Lower each stretch row's family ends to its floor's where they are above them.

    A floor and its stretch goal share indicator, year, direction and region (where the
    table has it). The stretch is the harder goal in either direction (its probability is
    at most the floor's on every path set), so its shifted ends must not exceed the floor's.
    """
    if "tier" not in merged:
        return merged
    keys = [k for k in ("indicator", "year", "direction", "region") if k in merged]
    ends = ["p_trend", "p_family_min", "p_family_max"]
    floors = merged.loc[merged["tier"] == "floor", keys + ends].drop_duplicates(keys)
    stretch = merged["tier"] == "stretch"
    if floors.empty or not stretch.any():
        return merged
    cap = merged.loc[stretch, keys].merge(floors, on=keys, how="left")
    for col in ends:
        own = merged.loc[stretch, col].to_numpy(dtype=float)
        limit = cap[col].to_numpy(dtype=float)
        merged.loc[stretch, col] = np.where(own > limit, limit, own)  # NaN limit: kept
    return merged


def _reason(row: dict[str, object], model: str) -> str:
    """One line: which models sit at each end of the range, and why that matters."""
    p = float(row["p_reach"])  # type: ignore[arg-type]
    lo, hi = float(row["p_family_min"]), float(row["p_family_max"])  # type: ignore[arg-type]
    which = ("growth families with the scenario's effect added"
             if row.get("range_basis") == WITH_LEVERS_EFFECT else "growth families")
    return (f"{model} {p:.2f}, {which} {lo:.2f} ({row['family_min']}) to "
            f"{hi:.2f} ({row['family_max']}): the short history cannot tell which "
            "growth shape holds; read the range, not one number")
