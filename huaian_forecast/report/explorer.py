"""A live lever explorer for Jupyter: sliders -> simulate -> p_reach table and fan chart.

:class:`ExplorerModel` does the work without any widget (testable, scriptable): it keeps one
:class:`~huaian_forecast.simulation.RunSpec` with a fixed seed and one
:class:`~huaian_forecast.simulation.SimulationMemo`, so every update re-uses the growth fits
and draws the *same* random numbers (common random numbers): a change in p_reach is the
effect of the lever moved, not Monte Carlo noise. Beside each probability stands its range
across models, as in the report: the growth families fitted to the same history (computed
once), each with the levers' effect in the scenario model added (the probability minus
the registry's status quo, simulated once with the same seed); the effect is the scenario
model's, so moving a lever never narrows the families' disagreement about the status quo.
:func:`lever_explorer` wraps it in ipywidgets (imported lazily; ``pip install
ipywidgets``).

A slider that was never moved leaves the scenario's own setting (also a year-by-year
path) untouched; a moved lever slider sets the lever to that constant value in every year;
a moved uncertainty slider *pins* the uncertainty at that value (it is no longer drawn).
"""

from __future__ import annotations

import html
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from huaian_forecast.assessment import ONE_MODEL, assess
from huaian_forecast.report import svg
from huaian_forecast.report._text import (
    KIND_LABELS,
    Lang,
    code_label,
    format_probability,
    format_range,
    short_name,
)
from huaian_forecast.report._tier_text import tier_suffix
from huaian_forecast.report._uncertainty import model_range
from huaian_forecast.simulation import Projection, RunSpec, SimulationMemo, simulate

__all__ = ["KEY_UNCERTAINTIES", "ExplorerModel", "ExplorerState", "lever_explorer",
           "milestone_summary", "timing_summary"]

#: Uncertainties offered as sliders by default (the ones the tornado ranks high).
KEY_UNCERTAINTIES: tuple[str, ...] = (
    "first_time_pass_rate", "recert_success", "gdp_real_growth",
    "hightech_relative_growth", "output_per_project", "key_lab_success")
_MILESTONES = (2025, 2030, 2035)


@dataclass(frozen=True, slots=True, eq=False)
class ExplorerState:
    """One evaluation: the projection, its milestone assessment and the time it took."""

    projection: Projection
    #: The milestone targets' planner assessment: ``p_reach`` with the range across
    #: models (``p_models_min`` / ``p_models_max``, label, ``range_basis``).
    table: pd.DataFrame
    seconds: float


@dataclass(eq=False)
class ExplorerModel:
    """Simulate a scenario with overrides at a fixed seed (see the module docstring).

    Parameters
    ----------
    scenario : str, path or Scenario
        Starting scenario.
    n_paths, seed : int
        Monte Carlo paths and the one seed of every update.
    history, targets : DataFrame, optional
        Observation and targets tables (default: the bundled data); the 2025/2030/2035
        targets are kept as ``milestones``.
    """

    scenario: Any = "baseline"
    n_paths: int = 2_000
    seed: int = 2024
    history: pd.DataFrame | None = None
    targets: pd.DataFrame | None = None
    timings: list[float] = field(default_factory=list)

    def __post_init__(self) -> None:
        from huaian_forecast.data import data_hash, load_history, load_targets
        from huaian_forecast.scenarios import Scenario, load_scenario

        if not isinstance(self.scenario, Scenario):
            self.scenario = load_scenario(self.scenario)
        self.history = load_history() if self.history is None else self.history
        targets = load_targets() if self.targets is None else self.targets
        self.milestones = targets[targets["year"].isin(_MILESTONES)].reset_index(drop=True)
        # hashed once here, not once per slider move (the memo is keyed on the hash)
        self.run = RunSpec(n_paths=self.n_paths, seed=self.seed, history=self.history,
                           memo=SimulationMemo(), end_year=max(_MILESTONES),
                           data_digest=data_hash(self.history))
        self._range_inputs()
        self.start = self.evaluate()

    def _range_inputs(self) -> None:
        """Compute once what each update's range across models needs.

        The growth families' probabilities (:func:`~huaian_forecast.analysis.model_spread`,
        at most 4,000 paths) and the registry's status quo assessed with this seed and
        paths (:func:`~huaian_forecast.analysis.status_quo_of`): an update's effect is its
        ``p_reach`` minus the status quo's.
        """
        from huaian_forecast.analysis import is_status_quo, model_spread, status_quo_of

        assert self.history is not None  # set in __post_init__
        self.spread = model_spread(self.history, self.milestones,
                                   n_paths=min(self.n_paths, 4_000), seed=self.seed,
                                   memo=self.run.memo)
        if is_status_quo(self.scenario):  # simulated below as the start
            self.status_quo = None  # the start's own assessment (see evaluate)
            return
        status_quo = simulate(status_quo_of(self.scenario), run=self.run,
                              indicators=set(self.milestones["indicator"]))
        self.status_quo = assess(status_quo, self.milestones)

    def lever_value(self, key: str) -> float:
        """Return the scenario's setting of a lever as one number (the last year of a path)."""
        from huaian_forecast.scenarios import LEVERS

        value = self.scenario.levers.get(key, LEVERS[key].default)
        if isinstance(value, Mapping):
            return float(value[max(value)])
        return float(value)

    def evaluate(self, levers: Mapping[str, float] | None = None,
                 uncertainties: Mapping[str, float] | None = None) -> ExplorerState:
        """Simulate with the given lever values and pinned uncertainties; assess milestones."""
        tic = time.perf_counter()
        sc = self.scenario
        if levers:
            sc = sc.with_levers(**levers)
        if uncertainties:
            sc = sc.with_uncertainties(**uncertainties)
        from huaian_forecast.analysis import changes_levers, is_status_quo, with_model_spread

        wanted = set(self.milestones["indicator"])
        proj = simulate(sc, run=self.run, indicators=wanted)
        moved = changes_levers(sc)  # as the report: a scenario's levers shift the range
        assessed = assess(proj, self.milestones)
        if self.status_quo is None and is_status_quo(sc):
            self.status_quo = assessed
        table = with_model_spread(assessed, self.spread,
                                  levers_changed=moved,
                                  status_quo=self.status_quo if moved else None)
        seconds = time.perf_counter() - tic
        self.timings.append(seconds)
        return ExplorerState(projection=proj, table=table, seconds=seconds)

    def table_html(self, state: ExplorerState, lang: Lang = "zh") -> str:
        """p_reach per milestone target now, at the start, and the change (HTML table)."""
        now = state.table.dropna(subset=["p_reach"])
        start = self.start.table.set_index(["indicator", "year", "tier"])["p_reach"]
        head = (("指标", "年份", "目标", "达标概率", "各模型范围", "较初始（百分点）")
                if lang == "zh" else ("indicator", "year", "target", "p_reach",
                                      "range across models", "change (pct points)"))
        lo, hi, kinds = model_range(now)
        rows = []
        for r, r_lo, r_hi, kind in zip(now.itertuples(index=False), lo, hi, kinds,
                                       strict=True):
            delta = 100 * (float(r.p_reach) - float(start[(r.indicator, r.year, r.tier)]))
            colour = "#1b7a1b" if delta > 0.05 else "#b22222" if delta < -0.05 else "#444"
            span = (format_range(r_lo, r_hi, lang) if np.isfinite(r_lo) else
                    str(code_label(ONE_MODEL, lang)) if kind == ONE_MODEL else "—")
            rows.append(f"<tr><td>{html.escape(short_name(r.indicator, lang))}</td>"
                        f"<td>{r.year}</td><td>≥ {r.threshold:g}"
                        f"{html.escape(tier_suffix(r.tier, lang))}</td>"
                        f"<td><b>{format_probability(float(r.p_reach))}</b></td>"
                        f"<td>{html.escape(span)}</td>"
                        f'<td style="color:{colour}">{delta:+.1f}</td></tr>')
        return ("<table><thead><tr>" + "".join(f"<th>{h}</th>" for h in head)
                + "</tr></thead><tbody>" + "".join(rows) + "</tbody></table>")

    def fan_html(self, state: ExplorerState, indicator: str, lang: Lang = "zh") -> str:
        """SVG fan chart of ``indicator``: now (bands) and the starting median (dashed)."""
        from huaian_forecast.indicators import get_indicator

        now = state.projection
        label = "初始" if lang == "zh" else "start"
        series = [svg.fan_series(now.scenario, now.years, now.paths(indicator)),
                  svg.fan_series(label, self.start.projection.years,
                                 self.start.projection.paths(indicator))]
        assert self.history is not None  # set in __post_init__
        hist = self.history[(self.history["indicator"] == indicator)
                            & (self.history["region"] == now.region)].sort_values("year")
        tgt = state.table[state.table["indicator"] == indicator].copy()
        tgt["note"] = [f"({format_probability(float(p))})" for p in tgt["p_reach"]]
        kinds = {k: v[0 if lang == "zh" else 1] for k, v in KIND_LABELS.items()}
        return svg.fan_svg(indicator, series, history=hist[["year", "value", "kind"]],
                           targets=tgt[["year", "threshold", "note"]],
                           title=short_name(indicator, lang),
                           y_label=get_indicator(indicator).label(lang), kind_labels=kinds)


def _slider(widgets: Any, key: str, item: Any, value: float, lang: Lang) -> Any:
    low, high = float(item.low), float(item.high)
    name = item.name_zh if lang == "zh" else item.name_en
    return widgets.FloatSlider(
        value=min(max(value, low), high), min=low, max=high, step=(high - low) / 100 or 1.0,
        description=name if len(name) <= 14 else name[:13] + "…", tooltip=f"{key}: {name}",
        continuous_update=False, readout_format=".3g",
        style={"description_width": "150px"}, layout=widgets.Layout(width="480px"))


def lever_explorer(scenario: Any = "baseline", *, levers: Sequence[str] | None = None,
                   uncertainties: Sequence[str] = KEY_UNCERTAINTIES,
                   indicator: str = "hte_count", n_paths: int = 2_000, seed: int = 2024,
                   lang: Lang = "zh", history: pd.DataFrame | None = None) -> Any:
    """Sliders for a scenario's levers and key uncertainties, with live p_reach and fan.

    Parameters
    ----------
    scenario : str, path or Scenario
        Starting scenario.
    levers : sequence of str, optional
        Lever sliders (default: every lever).
    uncertainties : sequence of str
        Uncertainty sliders (moving one pins it).
    indicator : str
        Indicator of the fan chart at start (a drop-down changes it).
    n_paths, seed : int
        Paths per update and the fixed seed (common random numbers).
    lang : {"zh", "en"}
        Label language.
    history : DataFrame, optional
        Observation table (default: the bundled data).

    Returns
    -------
    ipywidgets.VBox
        The explorer; ``.model`` is its :class:`ExplorerModel`, ``.sliders`` maps each key
        to its slider (set ``.value`` from code to drive it), ``.state`` the last result.
    """
    import ipywidgets as widgets

    from huaian_forecast.scenarios import LEVERS, UNCERTAINTIES

    model = ExplorerModel(scenario, n_paths=n_paths, seed=seed, history=history)
    lever_keys = list(LEVERS) if levers is None else list(levers)
    sliders = {k: _slider(widgets, k, LEVERS[k], model.lever_value(k), lang)
               for k in lever_keys}
    unc = {k: _slider(widgets, k, UNCERTAINTIES[k],
                      float(model.scenario.uncertainty(k).default), lang)
           for k in uncertainties}
    start = {k: s.value for k, s in {**sliders, **unc}.items()}
    keys = dict.fromkeys(model.milestones["indicator"])
    choice = widgets.Dropdown(options=[(short_name(k, lang), k) for k in keys],
                              value=indicator, description="图" if lang == "zh" else "chart")
    table, fan = widgets.HTML(), widgets.HTML()
    status = widgets.HTML()
    box = widgets.VBox()

    def update(_: object = None) -> None:
        moved = {k: s.value for k, s in sliders.items() if s.value != start[k]}
        pinned = {k: s.value for k, s in unc.items() if s.value != start[k]}
        state = model.evaluate(moved, pinned)
        box.state = state
        table.value = model.table_html(state, lang)
        fan.value = model.fan_html(state, choice.value, lang)
        status.value = (f"<small>{n_paths:,} paths, seed {seed}; update "
                        f"{1000 * state.seconds:.0f} ms; moved: {sorted(moved) or '-'}; "
                        f"pinned: {sorted(pinned) or '-'}</small>")

    for s in (*sliders.values(), *unc.values(), choice):
        s.observe(update, names="value")
    lever_box = widgets.VBox([widgets.HTML("<b>政策杠杆 / levers</b>"), *sliders.values()])
    unc_box = widgets.VBox([widgets.HTML("<b>不确定因素（拖动即固定）/ uncertainties "
                                         "(moving one pins it)</b>"), *unc.values()])
    box.children = [widgets.HBox([lever_box, unc_box]), status, table, choice, fan]
    box.model, box.sliders = model, {**sliders, **unc}
    update()
    return box


def milestone_summary(state: ExplorerState) -> pd.DataFrame:
    """Return ``indicator, year, threshold, tier, p_reach`` and the range across models.

    ``p_models_min`` / ``p_models_max`` of the modelled milestone targets (NaN: one model
    only, no growth family fits the indicator).
    """
    t = state.table.dropna(subset=["p_reach"])
    lo, hi, _ = model_range(t)
    return t[["indicator", "year", "threshold", "tier", "p_reach"]].assign(
        p_models_min=lo, p_models_max=hi).reset_index(drop=True)


def timing_summary(model: ExplorerModel) -> dict[str, float]:
    """Median and maximum update time in seconds over the model's updates so far."""
    arr = np.asarray(model.timings[1:] or model.timings, dtype=float)  # the first warms up
    return {"n": float(arr.size), "median_s": float(np.median(arr)),
            "max_s": float(arr.max())}
