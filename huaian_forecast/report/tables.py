"""Tables for people: the content of the workbook and of the Markdown summary.

Every function returns a DataFrame with *internal* column names (see
:data:`~huaian_forecast.report._text.COLUMNS`); :func:`localise` renames them to Chinese or
English. Probabilities become percent here (tables for people), nowhere else.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pandas as pd

from huaian_forecast.assessment import (
    ONE_MODEL,
    STATUS_QUO_ONLY,
    assess,
    check_unique_targets,
    nowcast_rows,
    range_kinds,
    targets_hash,
)
from huaian_forecast.data import package_versions
from huaian_forecast.indicators import INDICATORS, UNITS
from huaian_forecast.report._notes_zh import note_label
from huaian_forecast.report._target_sources import target_sources
from huaian_forecast.report._text import (
    FAMILY_NAMES_ZH,
    SCENARIO_DESCRIPTIONS_ZH,
    Lang,
    code_label,
    column_names,
    family_name,
    short_name,
    text,
)
from huaian_forecast.report._text import unit_label as text_unit
from huaian_forecast.report._tier_text import without_single_tier
from huaian_forecast.report._ytd_dates import YTD_AS_OF, dates_phrase
from huaian_forecast.report.inputs_sheet import inputs_table
from huaian_forecast.simulation import Projection

__all__ = [
    "FAN_QUANTILES",
    "assess_all",
    "check_targets",
    "column_label",
    "fan_table",
    "history_table",
    "inputs_table",
    "localise",
    "manifest_table",
    "milestone_table",
    "scenario_descriptions",
    "targets_source",
    "unit_label",
    "ytd_line",
]

#: Quantiles of the fan table (the 50/80/95 % bands and the median).
FAN_QUANTILES: dict[str, float] = {
    "q025": 0.025, "q10": 0.10, "q25": 0.25, "median": 0.5, "q75": 0.75, "q90": 0.90,
    "q975": 0.975,
}


def unit_label(indicator: str, lang: Lang) -> str:
    """Display unit of an indicator in ``lang`` (empty if the indicator is unknown)."""
    ind = INDICATORS.get(indicator)
    if ind is None:
        return ""
    return UNITS[ind.unit][0 if lang == "zh" else 1]


def assess_all(projections: Sequence[Projection],
               targets: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """Run :func:`~huaian_forecast.assess` for every projection, keyed by scenario name.

    Targets that list one target twice are refused first (:func:`check_targets`).
    """
    check_targets(projections, targets)
    return {p.scenario: assess(p, targets) for p in projections}


def check_targets(projections: Sequence[Projection], targets: pd.DataFrame) -> None:
    """Refuse targets listing one target twice, in any projection's region.

    A report would show such a target twice (its charts and summary sheet fail on the
    repeated rows); :func:`~huaian_forecast.assessment.check_unique_targets` names the rows.
    """
    for region in dict.fromkeys(p.region for p in projections):
        check_unique_targets(targets, region=region)


def _is_count(indicator: object) -> bool:
    ind = INDICATORS.get(str(indicator))
    return ind is not None and ind.is_integer


def milestone_table(assessments: Mapping[str, pd.DataFrame], *, lang: Lang = "zh",
                    targets: pd.DataFrame | None = None) -> pd.DataFrame:
    """Long table: per scenario and target, p_reach (percent, with its s.e.), quantiles.

    The target columns (indicator code, year, threshold, direction, tier, region) load back
    as a targets file (:func:`~huaian_forecast.load_targets` recognises the sheet: its
    ``p_reach`` and ``scenario`` or ``threshold_assessed`` columns), so a planner can edit
    the thresholds and feed the sheet back as ``--targets``. The ``tier`` column is there
    only where a target has a tier (its absence loads as single targets). The last column,
    ``source``, is each target's source in ``targets`` (blank without them), so the sheet
    read back has the :func:`~huaian_forecast.assessment.targets_hash` of the targets
    assessed. The one before it, ``threshold_assessed``, repeats the threshold and is not
    read as one: a row whose threshold a planner edited no longer equals it, and loads with
    the workbook as its source (the source states the threshold assessed, not the edit);
    only the threshold is compared (not the year, direction or tier).

    With the model-spread columns (:func:`huaian_forecast.analysis.planner_assessment`)
    also the range of p_reach across models (percent), the label and ``model_range``, why
    a row has no range: one model only (no growth family fits the indicator: the range
    is left blank rather than shown as ``p``-``p``) or a scenario that sets levers
    compared with the status quo only.
    """
    frames = []
    for name, table in assessments.items():
        t = table.copy()
        t.insert(0, "scenario", name)
        t["p_reach_pct"] = (100 * t["p_reach"].astype(float)).round(1)
        t["p_reach_se_pct"] = (100 * t["p_reach_se"].astype(float)).round(2)
        for col in ("p_models_min", "p_models_max"):
            t[f"{col}_pct"] = (100 * t[col].astype(float)).round(1) if col in t else np.nan
        t["model_range"] = _range_words(t, lang)
        t.loc[t["model_range"] != "", ["p_models_min_pct", "p_models_max_pct"]] = np.nan
        if "label" not in t:
            t["label"] = ""
        frames.append(t)
    out = pd.concat(frames, ignore_index=True)
    out.insert(2, "name", [short_name(k, lang) for k in out["indicator"]])
    out.insert(3, "unit", [unit_label(k, lang) for k in out["indicator"]])
    for col in ("q10", "median", "q90"):  # counts as whole numbers, as a planner reads them
        out[col] = [float(np.round(v)) if _is_count(k) else v
                    for k, v in zip(out["indicator"], out[col].astype(float), strict=True)]
    if "tier" not in out:  # a hand-built assessment: single targets
        out["tier"] = "single"
    if "region" not in out:
        out["region"] = ""
    out["threshold_assessed"] = out["threshold"]  # an edit of the threshold shows
    out["source"] = target_sources(out, targets)
    keep = ["scenario", "indicator", "name", "unit", "year", "threshold", "direction", "tier",
            "region", "p_reach_pct", "p_reach_se_pct", "p_models_min_pct", "p_models_max_pct",
            "model_range", "label", "q10", "median", "q90", "note", "threshold_assessed",
            "source"]
    if YTD_AS_OF in out:  # a nowcast row's own figure's date (report._ytd_dates)
        keep.insert(keep.index("note"), YTD_AS_OF)
    return without_single_tier(out[keep])


def _range_words(table: pd.DataFrame, lang: Lang) -> list[str]:
    """Why a row of a planner assessment has no model range ("" where it has one).

    :func:`~huaian_forecast.assessment.range_kinds`, the rule every table and chart reads:
    one model only (no growth family fits the indicator) or a scenario that sets levers
    compared with the status quo only.
    """
    return [str(code_label(kind, lang)) if kind in (ONE_MODEL, STATUS_QUO_ONLY) else ""
            for kind in range_kinds(table)]


def fan_table(projections: Sequence[Projection], *, lang: Lang = "zh",
              assessments: Mapping[str, pd.DataFrame] | None = None) -> pd.DataFrame:
    """Quantiles of every simulated indicator per scenario and year (see FAN_QUANTILES).

    Counts are whole numbers (as a planner reads them). With ``assessments``, the
    ``note`` column says where a target's probability comes from the year-to-date
    figures (:func:`~huaian_forecast.assessment.nowcast_rows`) while these quantiles are
    the simulation without them.
    """
    frames = []
    for proj in projections:
        nowcast = _nowcast_keys((assessments or {}).get(proj.scenario))
        for key in proj.indicators:
            q = np.quantile(proj.paths(key), list(FAN_QUANTILES.values()), axis=0)
            frame = pd.DataFrame(q.T, columns=list(FAN_QUANTILES))
            if _is_count(key):
                frame = frame.round(0)
            frame.insert(0, "scenario", proj.scenario)
            frame.insert(1, "indicator", key)
            frame.insert(2, "name", short_name(key, lang))
            frame.insert(3, "unit", unit_label(key, lang))
            frame.insert(4, "year", proj.years)
            frame["note"] = [text("fan_ytd_sheet", lang) if (key, int(y)) in nowcast else ""
                             for y in proj.years]
            frames.append(frame)
    return pd.concat(frames, ignore_index=True)


def _nowcast_keys(assessment: pd.DataFrame | None) -> set[tuple[str, int]]:
    """Return the (indicator, year) pairs whose probability is a year-to-date nowcast."""
    if assessment is None:
        return set()
    rows = assessment[nowcast_rows(assessment)]
    return {(str(i), int(y)) for i, y in zip(rows["indicator"], rows["year"], strict=True)}


def history_table(history: pd.DataFrame) -> pd.DataFrame:
    """Return the observation table used, sorted by region, indicator and year."""
    return history.sort_values(["region", "indicator", "year"], kind="stable").reset_index(
        drop=True)


def manifest_table(projections: Sequence[Projection], *, command: str = "",
                   targets: pd.DataFrame | None = None,
                   assessments: Mapping[str, pd.DataFrame] | None = None) -> pd.DataFrame:
    """Provenance as ``field, value`` rows: seed, paths, data hash, versions, command, notes.

    Fields shared by all projections are listed once; per-scenario specs follow as
    ``scenario:<name>`` with the spec as JSON, and ``status_quo_run:<name>`` where a plan
    scenario's range in ``assessments`` reads a paired status-quo run (its
    ``attrs["status_quo_run"]``: the run's baseline, or a status quo simulated with the same
    seed and paths that the report does not show). ``targets_hash`` follows ``data_hash``:
    :func:`~huaian_forecast.assessment.targets_hash` of ``targets`` or, without them, as
    recorded in the ``assessments``' provenance (empty when neither is given).
    """
    first = projections[0].manifest
    rows: list[tuple[str, str]] = [
        ("created_utc", datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")),
        ("command", command),
        ("scenarios", ", ".join(p.scenario for p in projections)),
    ]
    for key in ("seed", "n_paths", "start_year", "end_year", "region", "data_hash",
                "data_source", "ytd_source", "ytd_hash", "ytd_as_of", "ytd_as_of_by_indicator",
                "model"):
        values = {_manifest_text(p.manifest.get(key, "")) for p in projections}
        rows.append((key, " | ".join(sorted(values))))
        if key == "data_hash":
            rows.append(("targets_hash", _targets_digest(targets, assessments)))
            rows.append(("targets_source", targets_source(targets) or "bundled"))
    versions = {**first.get("versions", {}),
                **package_versions(("matplotlib", "openpyxl", "xlsxwriter"))}
    rows.extend((f"version:{k}", str(v)) for k, v in versions.items())
    for proj in projections:
        spec = proj.manifest.get("scenario", {})
        rows.append((f"scenario:{proj.scenario}",
                     json.dumps(spec, ensure_ascii=False, default=str, sort_keys=True)))
        rows.extend((f"note:{proj.scenario}", str(n)) for n in proj.manifest.get("notes", []))
        paired = (assessments or {}).get(proj.scenario)
        if paired is not None and paired.attrs.get("status_quo_run"):
            rows.append((f"status_quo_run:{proj.scenario}", str(paired.attrs["status_quo_run"])))
    return pd.DataFrame(rows, columns=["field", "value"])


def _manifest_text(value: object) -> str:
    """Return a manifest value as one cell: a mapping as ``key value; key value``."""
    if isinstance(value, Mapping):
        return "; ".join(f"{k} {v}" for k, v in value.items())
    return str(value)


def targets_source(targets: pd.DataFrame | None) -> str | None:
    """Return the file a targets table was read from; None for the bundled one (or none).

    The bundled targets are the bureau's 2024 work report's (``data/targets.csv``); a
    table built in Python has no file and is named ``"python"``.
    """
    if targets is None:
        return None
    from huaian_forecast.data import data_file

    source = targets.attrs.get("source")
    if source is None:
        return "python"
    return None if Path(str(source)).resolve() == data_file("targets.csv").resolve() \
        else str(source)


def _targets_digest(targets: pd.DataFrame | None,
                    assessments: Mapping[str, pd.DataFrame] | None) -> str:
    """Hash of the targets assessed: of the table, else as the assessments recorded it."""
    if targets is not None:
        return targets_hash(targets)
    hashes = {str((t.attrs.get("provenance") or {}).get("targets_hash") or "")
              for t in (assessments or {}).values()}
    return " | ".join(sorted(h for h in hashes if h))


_YTD_LINE = {
    "file": ("年内进度数据：{name}（截至 {as_of}；指纹 {hash}）；当年目标的达标概率由其推算，"
             "模拟中首年计划的落实程度也取自它。",
             "Year-to-date figures: {name} (as of {as_of}; hash {hash}); the current year's "
             "targets are nowcast from them, and the simulation's first-year delivery of the "
             "plans is read from them."),
    "file_after": ("年内进度数据：{name}（截至 {as_of}；指纹 {hash}）；当年目标的达标概率由其推算"
                   "（模拟从 {first} 年开始，晚于其年份，首年计划的落实程度不取自它）。",
                   "Year-to-date figures: {name} (as of {as_of}; hash {hash}); the current "
                   "year's targets are nowcast from them (the simulation starts in {first}, "
                   "after their year: its first-year delivery does not read them)."),
    "none": ("未使用年内进度数据：达标概率均来自模拟，首年计划的落实程度取其先验分布。",
             "No year-to-date figures: every probability is the simulation's, and the "
             "first-year delivery of the plans keeps its prior."),
}


def ytd_line(projections: Sequence[Projection], lang: Lang = "zh") -> str | None:
    """Say which year-to-date figures the report used (file, as-of dates, hash), or none.

    Read from the first projection's manifest (``ytd_source``, ``ytd_as_of``,
    ``ytd_as_of_by_indicator``, ``ytd_hash``: what its first year's delivery was read
    from, the table the assessment nowcasts with, see
    :func:`huaian_forecast.analysis.check_same_ytd`). Figures of different days are
    dated each (:func:`~huaian_forecast.report._ytd_dates.dates_phrase`: "as of
    2024-05-31 to 2024-06-19: ..."), not by the latest alone. None where the manifest
    does not record them (the trend method, which uses none).
    """
    from pathlib import PurePath

    manifest = projections[0].manifest
    source = manifest.get("ytd_source")
    if source is None:
        return None
    i = 0 if lang == "zh" else 1
    if source == "none":
        return _YTD_LINE["none"][i]
    name = PurePath(str(source).replace("\\", "/")).name or str(source)
    as_of = str(manifest.get("ytd_as_of", ""))
    first = int(projections[0].years[0])
    # the first year's delivery reads the figures of that year only (a later origin: none)
    which = "file" if not as_of[:4].isdigit() or int(as_of[:4]) >= first else "file_after"
    return _YTD_LINE[which][i].format(name=name, as_of=dates_phrase(projections, as_of, lang),
                                      first=first,
                                      hash=str(manifest.get("ytd_hash", ""))[:12])


def scenario_descriptions(projections: Sequence[Projection],
                          lang: Lang = "zh") -> list[tuple[str, str]]:
    """Return ``(scenario, description)`` of each projection, in ``lang`` where known.

    The built-in scenarios (their own TOML file) are described in Chinese by
    :data:`~huaian_forecast.report._text.SCENARIO_DESCRIPTIONS_ZH`; any other keeps the
    description its file gives (``—`` when it has none).
    """
    out = []
    for proj in projections:
        spec = proj.manifest.get("scenario", {})
        spec = spec if isinstance(spec, Mapping) else {}
        text_ = str(spec.get("description", "") or "")
        origin = str(spec.get("origin", "") or "").replace("\\", "/")
        builtin = origin.endswith(f"scenarios/{proj.scenario}.toml") or not origin
        if lang == "zh" and builtin and proj.scenario in SCENARIO_DESCRIPTIONS_ZH:
            text_ = SCENARIO_DESCRIPTIONS_ZH[proj.scenario]
        out.append((proj.scenario, text_ or "—"))
    return out


def column_label(column: str, lang: Lang) -> str:
    """Display name of one internal column in ``lang``."""
    return column_names([column], lang)[column]


#: Columns whose values are codes (at_least, lower_bound, lever ...) shown translated.
_CODE_COLUMNS = ("direction", "tier", "type", "kind", "confidence", "label", "note", "horizon",
                 "p_source", "range_basis")


def localise(frame: pd.DataFrame, lang: Lang) -> pd.DataFrame:
    """Rename internal column names to their display names; in Chinese translate codes too.

    With ``lang="zh"`` the values of code columns (``at_least`` -> 不低于, ``lower_bound``
    -> 下限, ``lever`` -> 政策杠杆 ...), unit codes (``100m_cny`` -> 亿元, ``firms/yr`` ->
    家/年) and known region names (Huai'an -> 淮安市) are shown in Chinese; the history
    sheet stays loadable (:func:`~huaian_forecast.load_history` reads these words back).
    """
    if lang == "zh":
        from huaian_forecast.data import REGION_NAMES_ZH

        frame = frame.copy()
        for col in _CODE_COLUMNS:
            if col in frame:
                label = note_label if col == "note" else code_label
                frame[col] = [label(v, lang) for v in frame[col]]
        if "unit" in frame:
            frame["unit"] = [text_unit(v, lang) if isinstance(v, str) else v
                             for v in frame["unit"]]
        if "region" in frame:
            frame["region"] = [REGION_NAMES_ZH.get(v, v) for v in frame["region"]]
        _families_zh(frame)
        for col in frame.columns:  # True / False (models_disagree ...) as 是 / 否 (CODES)
            if frame[col].map(lambda v: isinstance(v, bool | np.bool_) or pd.isna(v)).all() \
                    and frame[col].notna().any():
                frame[col] = [code_label(str(bool(v)), lang) if pd.notna(v) else v
                              for v in frame[col]]
    return frame.rename(columns=column_names(list(frame.columns), lang))


def _families_zh(frame: pd.DataFrame) -> None:
    """Write the growth-family columns of ``frame`` in Chinese, in place.

    ``family_min`` / ``family_max`` (a family's key) and ``families`` ("status quo:
    linear=0.09; loglinear=0.28").
    """
    for col in ("family_min", "family_max"):
        if col in frame:
            frame[col] = [family_name(v, "zh") if isinstance(v, str) and v else v
                          for v in frame[col]]
    if "families" in frame:
        names = re.compile(r"\b(" + "|".join(FAMILY_NAMES_ZH) + r")=")
        frame["families"] = [
            names.sub(lambda m: f"{FAMILY_NAMES_ZH[m.group(1)]}=",
                      v.replace("status quo: ", "现状：")).replace("; ", "；")
            if isinstance(v, str) else v for v in frame["families"]]
